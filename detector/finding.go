package detector

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
)

// Finding is one credential found in a fragment. It never exposes the raw
// secret through its fields, its String method or encoding/json: the
// secret is held behind an unexported pointer and only Reveal returns it.
type Finding struct {
	RuleID   string   `json:"rule_id"`
	Provider string   `json:"provider"`
	Title    string   `json:"title"`
	Kind     Kind     `json:"kind"`
	Severity Severity `json:"severity"`

	Path   string `json:"file"`
	Commit string `json:"commit,omitempty"`
	// Author ("Name <email>") and Date (RFC 3339) of the commit, set by
	// gates that scan history.
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
	Line   int    `json:"line"`   // 1-based
	Column int    `json:"column"` // 1-based, in Unicode code points
	// EndLine is the last line the secret spans (private keys span many).
	EndLine int `json:"end_line"`

	// Variable is the name the secret was assigned to, when the line
	// says (DB_PASSWORD=…, apiKey: "…"); remediation prefers it to the
	// provider's conventional name.
	Variable string `json:"variable,omitempty"`

	Redacted    string `json:"redacted"`
	Fingerprint string `json:"fingerprint"`

	// Start and End are byte offsets of the secret in the fragment's Data.
	Start int `json:"-"`
	End   int `json:"-"`

	secret *string
}

// Reveal returns the raw secret. Only call it when a person explicitly
// asked to see it (keyguard scan --reveal).
func (f Finding) Reveal() string {
	if f.secret == nil {
		return ""
	}
	return *f.secret
}

// String renders a finding without its secret.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s (%s) %s", f.Path, f.Line, f.Column, f.RuleID, f.Kind, f.Redacted)
}

// GoString keeps %#v from printing the secret pointer's target.
func (f Finding) GoString() string { return "detector.Finding{" + f.String() + "}" }

// Fingerprints are public (ignore files are committed), so a fingerprint
// of a guessable secret must be slow to test guesses against: 1024 rounds
// of PBKDF2-SHA256 (about a quarter of a millisecond) for values that a
// dictionary could reach. A value with 128 bits or more of estimated
// strength cannot be guessed, and one round suffices; that keeps a scan of
// a file full of tokens fast. The choice depends only on the secret, so
// every gate computes the same fingerprint.
const (
	weakIterations   = 1024
	strongIterations = 1
	strongBits       = 128
)

// Fingerprint identifies a secret found by a rule without revealing it. It
// depends on the rule and the secret only, not on the path, line or commit,
// so it survives moves, rebases and squashes, and every gate (hook, CLI,
// App) computes the same value.
func Fingerprint(ruleID, secret string) string {
	iter := weakIterations
	if strengthBits(secret) >= strongBits {
		iter = strongIterations
	}
	key, err := pbkdf2.Key(sha256.New, secret, []byte("keyguard/fingerprint/v1\x00"+ruleID), iter, 16)
	if err != nil {
		// Only reachable with invalid parameters, which are constants here.
		panic("detector: fingerprint: " + err.Error())
	}
	return hex.EncodeToString(key)
}

// Redact renders a secret so that a person can recognise which key it is
// without learning it: the public prefix that names the format is kept,
// and for long random keys the last four characters, as providers' own
// dashboards show them. Short values (passwords) show nothing but the
// prefix, and the length is never revealed.
func Redact(secret, prefix string) string {
	if !strings.HasPrefix(secret, prefix) || len(prefix) >= len(secret) {
		prefix = ""
	}
	body := secret[len(prefix):]
	const stars = "****"
	if len(body) >= 24 {
		return prefix + stars + body[len(body)-4:]
	}
	return prefix + stars
}

// strengthBits estimates the bits a brute-force guesser would face: the
// length times log2 of the alphabet the character classes present imply.
func strengthBits(s string) float64 {
	var lower, upper, digit, other bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case '0' <= c && c <= '9':
			digit = true
		default:
			other = true
		}
	}
	alphabet := 0
	for _, c := range []struct {
		present bool
		size    int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {other, 33}} {
		if c.present {
			alphabet += c.size
		}
	}
	if alphabet < 2 {
		return 0
	}
	return float64(len(s)) * math.Log2(float64(alphabet))
}

// EnvVar is the environment variable a fix should read the secret from:
// the name the code already gives it, in UPPER_SNAKE form, or else the
// provider's conventional one. A name that says nothing about the service
// (TOKEN, API_KEY) loses to the provider's name when there is one:
// GITHUB_TOKEN tells the next reader what to put there.
func (f Finding) EnvVar(p Provider) string {
	if f.Variable != "" && (p.EnvVar == "" || !vagueNames[f.Variable]) {
		return f.Variable
	}
	if p.EnvVar == "" {
		return "SECRET"
	}
	return p.EnvVar
}

// vagueNames are variable names that do not say which service a key is for.
var vagueNames = map[string]bool{
	"TOKEN": true, "KEY": true, "SECRET": true, "API_KEY": true, "APIKEY": true, "API_TOKEN": true,
	"ACCESS_TOKEN": true, "AUTH_TOKEN": true, "SECRET_KEY": true, "PRIVATE_KEY": true, "CREDENTIALS": true,
	"AUTH": true, "API_SECRET": true, "CLIENT_SECRET": true, "ACCESS_KEY": true, "BEARER_TOKEN": true,
}
