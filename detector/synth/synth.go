// Package synth builds realistic-looking test secrets at run time, so that
// no test, sample or fixture in this repository holds one literally: the
// tree scans clean with keyguard and with every other scanner, while the
// tests still exercise real formats, checksums included.
//
// Samples are templates in which {{kind:arg}} placeholders are replaced by
// seeded random text:
//
//	{{an:N}}    N random letters and digits     {{hex:N}}  lowercase hex
//	{{lan:N}}   lowercase letters and digits    {{HEX:N}}  uppercase hex
//	{{uan:N}}   uppercase letters and digits    {{dig:N}}  digits
//	{{low:N}}   lowercase letters               {{up:N}}   uppercase letters
//	{{b64:N}}   base64 alphabet                 {{b64u:N}} base64url alphabet
//	{{uuid}}    a random UUID, lowercase        {{UUID}}   uppercase
//	{{b32:N}}   base32 (A-Z, 2-7)                {{bech32:N}} bech32 alphabet, lowercase
//	{{BECH32:N}} bech32 alphabet, uppercase      {{alnumdash:N}} letters, digits, '-' and '_'
//	{{crc:N}}   N base62 characters and their 6-character CRC-32 (GitHub, npm)
//	{{badcrc:N}} the same with a wrong checksum
//	{{jwt}}     a signed-looking JSON Web Token
//	{{pem:LABEL}} a PEM block "-----BEGIN LABEL-----" with a random body
//	{{b64of:TEXT}} TEXT in standard base64 (for Basic auth, service JSON)
//	{{open}} {{close}} literal "{{" and "}}", for samples of template syntax
//
// Placeholders never look like secrets themselves (braces are outside
// every token alphabet), so the templates can live in the rule table.
package synth

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"github.com/keyguard-dev/keyguard/detector/internal/checksum"
)

const (
	alnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowAl   = "abcdefghijklmnopqrstuvwxyz0123456789"
	upAl    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexLow  = "0123456789abcdef"
	hexUp   = "0123456789ABCDEF"
	digits  = "0123456789"
	lower   = "abcdefghijklmnopqrstuvwxyz"
	upper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b64     = alnum + "+/"
	b64url  = alnum + "-_"
	base32  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	bech32  = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	maxSize = 1 << 16
)

var placeholder = regexp.MustCompile(`\{\{([a-zA-Z0-9]+)(?::([^}]*))?\}\}`)

// Gen expands templates with a deterministic random source.
type Gen struct {
	r *rand.Rand
}

// New returns a generator seeded with seed: the same seed yields the same
// secrets, so a failing test can be replayed.
func New(seed uint64) *Gen {
	return &Gen{r: rand.New(rand.NewPCG(seed, 0x6b657967756172))}
}

// Expand replaces every placeholder in tmpl. It panics on an unknown
// placeholder: templates are written by developers, and a typo must fail
// the test that uses it.
func (g *Gen) Expand(tmpl string) string {
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		sub := placeholder.FindStringSubmatch(m)
		out, err := g.one(sub[1], sub[2])
		if err != nil {
			panic(fmt.Sprintf("synth: %s: %v", m, err))
		}
		return out
	})
}

// HasPlaceholder reports whether s is a template rather than plain text.
func HasPlaceholder(s string) bool { return placeholder.MatchString(s) }

func (g *Gen) one(kind, arg string) (string, error) {
	n := 0
	switch kind {
	case "uuid", "UUID", "jwt", "pem", "b64of", "open", "close":
	default:
		var err error
		n, err = strconv.Atoi(arg)
		if err != nil || n <= 0 || n > maxSize {
			return "", fmt.Errorf("want a length, got %q", arg)
		}
	}
	switch kind {
	case "an":
		return g.Random(alnum, n), nil
	case "lan":
		return g.Random(lowAl, n), nil
	case "uan":
		return g.Random(upAl, n), nil
	case "hex":
		return g.Random(hexLow, n), nil
	case "HEX":
		return g.Random(hexUp, n), nil
	case "dig":
		return g.Random(digits, n), nil
	case "low":
		return g.Random(lower, n), nil
	case "up":
		return g.Random(upper, n), nil
	case "b64":
		return g.Random(b64, n), nil
	case "b64u":
		return g.Random(b64url, n), nil
	case "open":
		return "{{", nil // a literal "{{", for samples of template syntax
	case "close":
		return "}}", nil
	case "b32":
		return g.Random(base32, n), nil
	case "bech32":
		return g.Random(bech32, n), nil
	case "BECH32":
		return strings.ToUpper(g.Random(bech32, n)), nil
	case "alnumdash":
		return g.Random(b64url, n), nil
	case "uuid":
		return g.UUID(), nil
	case "UUID":
		return strings.ToUpper(g.UUID()), nil
	case "crc":
		body := g.Random(alnum, n)
		return body + checksum.CRC32Base62([]byte(body)), nil
	case "badcrc":
		body := g.Random(alnum, n)
		good := checksum.CRC32Base62([]byte(body))
		bad := []byte(good)
		bad[5] = alnum[(strings.IndexByte(alnum, bad[5])+1)%len(alnum)]
		return body + string(bad), nil
	case "jwt":
		return g.JWT(), nil
	case "pem":
		if arg == "" {
			return "", fmt.Errorf("pem needs a label")
		}
		return g.PEM(arg), nil
	case "b64of":
		return base64.StdEncoding.EncodeToString([]byte(g.Expand(strings.ReplaceAll(strings.ReplaceAll(arg, "((", "{{"), "))", "}}")))), nil
	}
	return "", fmt.Errorf("unknown placeholder kind %q", kind)
}

// Random returns n characters drawn from alphabet. It re-draws the rare
// outputs that a placeholder filter would rightly reject (a run of six
// equal characters), so tests never flake on them.
func (g *Gen) Random(alphabet string, n int) string {
	b := make([]byte, n)
	for {
		for i := range b {
			b[i] = alphabet[g.r.IntN(len(alphabet))]
		}
		if !hasRun(b, 5) {
			return string(b)
		}
	}
}

func hasRun(b []byte, n int) bool {
	run := 1
	for i := 1; i < len(b); i++ {
		if b[i] == b[i-1] {
			if run++; run >= n {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

// UUID returns a random version-4 UUID.
func (g *Gen) UUID() string {
	h := g.Random(hexLow, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// GitHubToken returns a checksum-valid GitHub token with the given prefix
// ("ghp_", "gho_", …).
func (g *Gen) GitHubToken(prefix string) string {
	return g.Expand(prefix + "{{crc:30}}")
}

// JWT returns a token with a real JSON header and claims and a random
// signature.
func (g *Gen) JWT() string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%s","iat":%d,"role":"service"}`, g.Random(digits, 9), 1700000000+g.r.IntN(1e7))))
	return header + "." + claims + "." + g.Random(b64url, 43)
}

// PEM returns a PEM block with label and a random base64 body of the size
// of a 2048-bit RSA key.
func (g *Gen) PEM(label string) string {
	var sb strings.Builder
	sb.WriteString("-----BEGIN " + label + "-----\n")
	// 1596 characters: a multiple of four, so the body decodes.
	body := "MII" + g.Random(b64, 1593)
	for len(body) > 64 {
		sb.WriteString(body[:64] + "\n")
		body = body[64:]
	}
	sb.WriteString(body + "\n-----END " + label + "-----")
	return sb.String()
}
