package detector

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"hash"
	"strconv"
	"strings"
)

// Private keys, key files and JSON Web Tokens.

var _ = register(keysProviders, keysRules)

var keysProviders = []Provider{
	{
		ID: "private-key", Name: "Private key", EnvVar: "PRIVATE_KEY",
		// Generating a replacement and retiring the old public key is the
		// same procedure everywhere; GitHub's guide is the most followed.
		RotateURL: "https://docs.github.com/en/authentication/connecting-to-github-with-ssh/generating-a-new-ssh-key-and-adding-it-to-the-ssh-agent",
		DocsURL:   "https://www.rfc-editor.org/rfc/rfc7468",
	},
	{
		ID: "age", Name: "age encryption", EnvVar: "SOPS_AGE_KEY",
		RotateURL: "https://github.com/FiloSottile/age#readme",
		DocsURL:   "https://age-encryption.org/v1",
	},
	{
		ID: "otp", Name: "one-time password seed (TOTP/HOTP)", EnvVar: "TOTP_SECRET",
		// A seed cannot be revoked, only replaced: disable the second
		// factor for the account and enrol a new authenticator.
		RotateURL: "https://cheatsheetseries.owasp.org/cheatsheets/Multifactor_Authentication_Cheat_Sheet.html#resetting-mfa",
		DocsURL:   "https://www.rfc-editor.org/rfc/rfc6238",
	},
	{
		ID: "jwt", Name: "JSON Web Token", EnvVar: "JWT_TOKEN",
		RotateURL: "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-explicit-revocation-by-the-user",
		DocsURL:   "https://www.rfc-editor.org/rfc/rfc7519",
	},
}

// pkWindow is how far a PEM rule looks from its BEGIN line: enough for a
// 16384-bit RSA key. (PEM rules take whole BEGIN lines as keywords:
// precise for the prefilter, and a redacted finding keeps its keyword
// prefix, so it still says which kind of key it is.)
const pkWindow = 14 * 1024

// pkBody is what may sit between BEGIN and END lines: base64, whitespace
// (indented YAML), literal "\n" escapes (keys inside JSON or code strings)
// the "Name: value" headers of legacy encrypted PEM, and the quotes of a
// key spelled as string pieces joined in code ("…\n" + "…\n"). Anything
// else, such as the "..." of documentation, ends the match.
const pkBody = `[A-Za-z0-9+/=\s\\:,'"-]+?`

func pkPEM(label string) string {
	return pkBegin(label) + pkBody + pkEnd(label)
}

// pkBegin and pkEnd are a PEM block's armor lines. The rule table builds
// them instead of spelling "-----BEGIN ... PRIVATE KEY-----" out: other
// secret scanners report such a line when a block seems to follow it, and
// this file must scan clean with them too.
func pkBegin(label string) string { return "-----BEGIN " + label + "-----" }
func pkEnd(label string) string   { return "-----END " + label + "-----" }

// Base64 DER prefixes that start a key body: an Ed25519 PKCS #8
// PrivateKeyInfo, and a PBES2 EncryptedPrivateKeyInfo.
const (
	pkLeadEd25519 = "MC4CAQAwBQYDK2VwBCIEI"
	pkLeadPBES2   = "MIIFHDBOBgkqhkiG9w0BBQ0w"
)

// pkAlgNone is the base64url JOSE header {"alg":"none","typ":"JWT"}.
const pkAlgNone = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"

// pkParsed is a PEM-like block split into its parts.
type pkParsed struct {
	label   string
	headers []string
	der     []byte
}

// pkParse decodes a PEM block found in text: BEGIN and END labels must
// agree, literal "\n" escapes count as line breaks, headers come first,
// and the body must be at least 64 base64 characters that decode.
func pkParse(block []byte) (pkParsed, bool) {
	var p pkParsed
	const begin, end = "-----BEGIN ", "-----END "
	if !bytes.HasPrefix(block, []byte(begin)) {
		return p, false
	}
	rest := block[len(begin):]
	i := bytes.Index(rest, []byte("-----"))
	if i < 0 {
		return p, false
	}
	p.label = string(rest[:i])
	rest = rest[i+5:]
	j := bytes.LastIndex(rest, []byte(end))
	if j < 0 || string(bytes.TrimSuffix(rest[j+len(end):], []byte("-----"))) != p.label {
		return p, false
	}
	lines, ok := pkLines(rest[:j])
	if !ok {
		return p, false
	}
	// A short word after the BEGIN line's dashes ("-----BEGIN RSA PRIVATE
	// KEY----- fake") is a label someone added, not key data: the key
	// below it is as usable as ever once the word is deleted.
	if len(lines) > 1 && len(lines[0]) > 0 && len(lines[0]) < 16 && isLetters(lines[0]) {
		lines = lines[1:]
	}
	var b64 []byte
	for _, l := range lines {
		if len(l) == 0 {
			continue
		}
		if bytes.IndexByte(l, ':') >= 0 {
			if len(b64) > 0 {
				return p, false // a header after the body
			}
			p.headers = append(p.headers, string(l))
			continue
		}
		b64 = append(b64, l...)
	}
	der, ok := pkDecode(b64)
	if !ok {
		return p, false
	}
	p.der = der
	return p, true
}

// pkLines splits a block body into trimmed lines, treating "\n", "\r"
// and "\t" escapes (with any number of backslashes) as whitespace.
func pkLines(body []byte) ([][]byte, bool) {
	var norm []byte
	for k := 0; k < len(body); k++ {
		c := body[k]
		if c != '\\' {
			norm = append(norm, c)
			continue
		}
		for k < len(body) && body[k] == '\\' {
			k++
		}
		if k >= len(body) || (body[k] != 'n' && body[k] != 'r' && body[k] != 't') {
			return nil, false
		}
		norm = append(norm, '\n')
	}
	var out [][]byte
	for _, l := range bytes.Split(norm, []byte{'\n'}) {
		out = append(out, unquotePiece(bytes.TrimSpace(l)))
	}
	return out, true
}

// unquotePiece strips the code around one line of a key written as
// joined string pieces: '…\n' + '…\n' (JS, Java, Kotlin), "…\n" "…\n"
// (Python, C). What is left of a line is the closing quote and the '+'
// of one piece and the opening quote of the next, with the '+' at either
// end of the line.
func unquotePiece(l []byte) []byte {
	if len(l) > 1 && l[0] == '+' && (l[1] == ' ' || isQuote(l[1])) {
		l = bytes.TrimSpace(l[1:])
	}
	if len(l) > 0 && (l[0] == '\'' || l[0] == '"') {
		l = bytes.TrimSpace(l[1:])
	}
	for _, end := range []string{`' +`, `" +`, `'+`, `"+`, `'`, `"`} {
		if bytes.HasSuffix(l, []byte(end)) {
			l = bytes.TrimSpace(l[:len(l)-len(end)])
			break
		}
	}
	if len(l) == 1 && l[0] == '+' {
		return nil
	}
	return l
}

// isLetters reports whether b is ASCII letters only.
func isLetters(b []byte) bool {
	for _, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// pkDecode decodes at least 64 characters of standard base64, padded or
// not, with '=' only at the end.
func pkDecode(b64 []byte) ([]byte, bool) {
	if len(b64) < 64 {
		return nil, false
	}
	trimmed := bytes.TrimRight(b64, "=")
	if len(b64)-len(trimmed) > 2 || bytes.IndexByte(trimmed, '=') >= 0 {
		return nil, false
	}
	for _, c := range trimmed {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	der, err := base64.RawStdEncoding.DecodeString(string(trimmed))
	return der, err == nil
}

func pkEncryptedHeader(p pkParsed) bool {
	for _, h := range p.headers {
		if strings.HasPrefix(h, "Proc-Type:") && strings.Contains(h, "ENCRYPTED") {
			return true
		}
	}
	return false
}

// pkPlainDER accepts an unencrypted key whose body is a DER SEQUENCE.
func pkPlainDER(secret []byte) bool {
	p, ok := pkParse(secret)
	return ok && !pkEncryptedHeader(p) && len(p.headers) == 0 && p.der[0] == 0x30
}

// pkEncryptedPKCS8 accepts an EncryptedPrivateKeyInfo (a DER SEQUENCE).
func pkEncryptedPKCS8(secret []byte) bool {
	p, ok := pkParse(secret)
	return ok && len(p.headers) == 0 && p.der[0] == 0x30
}

// pkEncryptedLegacy accepts an OpenSSL-encrypted traditional PEM key.
func pkEncryptedLegacy(secret []byte) bool {
	p, ok := pkParse(secret)
	return ok && pkEncryptedHeader(p)
}

// pkOpenSSH accepts an OpenSSH key, whose body starts with its magic.
func pkOpenSSH(secret []byte) bool {
	p, ok := pkParse(secret)
	return ok && len(p.headers) == 0 && bytes.HasPrefix(p.der, []byte("openssh-key-v1\x00"))
}

// pkPGP accepts an armored OpenPGP private key: optional headers, a blank
// line, base64 data, an optional "=XXXX" CRC-24 line. The data must start
// with an OpenPGP packet tag (high bit set).
func pkPGP(secret []byte) bool {
	const begin = "-----BEGIN " + "PGP PRIVATE KEY BLOCK-----"
	const end = "-----END " + "PGP PRIVATE KEY BLOCK-----"
	if !bytes.HasPrefix(secret, []byte(begin)) || !bytes.HasSuffix(secret, []byte(end)) {
		return false
	}
	lines, ok := pkLines(secret[len(begin) : len(secret)-len(end)])
	if !ok {
		return false
	}
	var b64 []byte
	for _, l := range lines {
		switch {
		case len(l) == 0:
		case len(l) == 5 && l[0] == '=':
			// CRC-24 armor checksum.
		case bytes.IndexByte(l, ':') >= 0:
			if len(b64) > 0 {
				return false
			}
		default:
			b64 = append(b64, l...)
		}
	}
	data, ok := pkDecode(b64)
	return ok && data[0]&0x80 != 0
}

// pkPuTTY accepts a PuTTY key file whose Private-Lines count matches the
// base64 lines before its MAC and whose private blob decodes.
func pkPuTTY(secret []byte) bool {
	lines := strings.Split(strings.ReplaceAll(string(secret), "\r\n", "\n"), "\n")
	for i, l := range lines {
		v, ok := strings.CutPrefix(l, "Private-Lines: ")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || i+n+1 >= len(lines) {
			return false
		}
		mac := lines[i+n+1]
		if !strings.HasPrefix(mac, "Private-MAC: ") && !strings.HasPrefix(mac, "Private-Hash: ") {
			return false
		}
		blob := strings.Join(lines[i+1:i+n+1], "")
		if len(blob) < 40 {
			return false
		}
		_, err = base64.StdEncoding.DecodeString(blob)
		return err == nil
	}
	return false
}

// pkJWTDocSecrets are the HMAC keys of the examples on jwt.io and in
// the JWT libraries' READMEs, whose tokens fill documentation and
// tutorials. A token that verifies with one of them is a demonstration
// (and forgeable by anyone), not a credential worth blocking a commit for.
var pkJWTDocSecrets = []string{
	"your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret",
	"a-string-secret-at-least-256-bits-long", "secret",
}

// pkJWT accepts a JWS whose header is a JSON object naming a real "alg"
// (not "none", which carries no signature worth stealing) and whose claims
// are a JSON object.
func pkJWT(secret []byte) bool {
	parts := bytes.Split(secret, []byte{'.'})
	if len(parts) != 3 {
		return false
	}
	dec := func(seg []byte) []byte {
		b, err := base64.RawURLEncoding.DecodeString(string(bytes.TrimRight(seg, "=")))
		if err != nil {
			return nil
		}
		return b
	}
	var header map[string]any
	if err := json.Unmarshal(dec(parts[0]), &header); err != nil {
		return false
	}
	alg, _ := header["alg"].(string)
	if alg == "" || strings.EqualFold(alg, "none") {
		return false
	}
	var claims map[string]any
	if err := json.Unmarshal(dec(parts[1]), &claims); err != nil {
		return false
	}
	if h := pkHMAC[alg]; h != nil {
		signed := secret[:len(parts[0])+1+len(parts[1])]
		sig := dec(parts[2])
		for _, k := range pkJWTDocSecrets {
			m := hmac.New(h, []byte(k))
			m.Write(signed)
			if hmac.Equal(m.Sum(nil), sig) {
				return false
			}
		}
	}
	return true
}

var pkHMAC = map[string]func() hash.Hash{"HS256": sha256.New, "HS384": sha512.New384, "HS512": sha512.New}

// pkSample builds a PEM block template with a decodable random body: a
// first line starting with lead, lines full lines, and a 40-character last
// line, joined by sep (a newline, or a literal "\n" for JSON strings).
func pkSample(label, lead string, lines int, sep string) string {
	var sb strings.Builder
	sb.WriteString("-----BEGIN " + label + "-----" + sep)
	sb.WriteString(lead + "{{b64:" + strconv.Itoa(64-len(lead)) + "}}" + sep)
	for range lines {
		sb.WriteString("{{b64:64}}" + sep)
	}
	sb.WriteString("{{b64:40}}" + sep + "-----END " + label + "-----")
	return sb.String()
}

// pkB64Head is the base64 of a PEM block's first line and the lead of its
// body; the two must come to a multiple of three bytes, so that random
// base64 can follow.
func pkB64Head(label, lead string) string {
	head := pkBegin(label) + "\n" + lead
	if len(head)%3 != 0 {
		panic("pkB64Head: " + label + " head is not a multiple of 3 bytes")
	}
	return base64.StdEncoding.EncodeToString([]byte(head))
}

// pkNoMatch are documentation-style blocks no PEM rule may report.
func pkNoMatch(label string) []string {
	return []string{
		"-----BEGIN " + label + "-----\n...\n-----END " + label + "-----",
		"-----BEGIN " + label + "-----\n<your key here>\n-----END " + label + "-----",
		"-----BEGIN " + label + "-----\nMII{{b64:40}}\n-----END " + label + "-----",
		`const header = "-----BEGIN ` + label + `-----"`,
		// Not base64: 1 mod 4 characters.
		"-----BEGIN " + label + "-----\nMII{{b64:61}}\n{{b64:64}}\n{{b64:41}}\n-----END " + label + "-----",
	}
}

var keysRules = []Rule{
	// https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2 (PKCS#1, PEM per RFC 7468)
	{
		ID: "private-key-rsa", Provider: "private-key", Title: "RSA private key (PKCS#1 PEM)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{pkBegin("RSA PRIVATE KEY")},
		Pattern:  pkPEM(`RSA PRIVATE KEY`),
		Window:   pkWindow,
		Check:    pkPlainDER,
		Match: []string{
			pkSample("RSA PRIVATE KEY", "MII", 24, "\n"),
			`{"private_key": "` + pkSample("RSA PRIVATE KEY", "MII", 24, `\n`) + `\n"}`,
			"ssh_key: |\n  " + strings.ReplaceAll(pkSample("RSA PRIVATE KEY", "MII", 16, "\n"), "\n", "\n  ") + "\nnext: true",
			// Spelled as joined string pieces in code.
			"key =\n  '" + pkSample("RSA PRIVATE KEY", "MII", 16, "\\n' +\n  '") + "\\n';",
			"KEY = (\n    \"" + pkSample("RSA PRIVATE KEY", "MII", 16, "\\n\"\n    \"") + "\\n\"\n)",
		},
		NoMatch: append(pkNoMatch("RSA PRIVATE KEY"),
			// Legacy-encrypted keys belong to private-key-pem-encrypted.
			pkBegin("RSA PRIVATE KEY")+"\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{{HEX:32}}\n\n{{b64:64}}\n{{b64:64}}\n{{b64:40}}\n"+pkEnd("RSA PRIVATE KEY"),
		),
	},
	// https://www.rfc-editor.org/rfc/rfc5915 (SEC 1 EC private key)
	{
		ID: "private-key-ec", Provider: "private-key", Title: "EC private key (SEC 1 PEM)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{pkBegin("EC PRIVATE KEY")},
		Pattern:  pkPEM(`EC PRIVATE KEY`),
		Window:   pkWindow,
		Check:    pkPlainDER,
		Match: []string{
			pkBegin("EC PRIVATE KEY") + "\nMHcCAQEEI{{b64:55}}\n{{b64:64}}\n{{b64:36}}\n" + pkEnd("EC PRIVATE KEY"),
			"-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + pkSample("EC PRIVATE KEY", "MIHcAgEBBEI", 2, "\n"),
			`key = "` + pkSample("EC PRIVATE KEY", "MHcCAQEEI", 1, `\n`) + `"`,
		},
		NoMatch: pkNoMatch("EC PRIVATE KEY"),
	},
	// https://www.rfc-editor.org/rfc/rfc7468 (DSA keys use the OpenSSL "traditional" format)
	{
		ID: "private-key-dsa", Provider: "private-key", Title: "DSA private key (PEM)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{pkBegin("DSA PRIVATE KEY")},
		Pattern:  pkPEM(`DSA PRIVATE KEY`),
		Window:   pkWindow,
		Check:    pkPlainDER,
		Match: []string{
			pkSample("DSA PRIVATE KEY", "MIIBuwIBAAKBgQ", 9, "\n"),
			"\t\t" + strings.ReplaceAll(pkSample("DSA PRIVATE KEY", "MIIBuwIBAAKBgQ", 9, "\r\n"), "\r\n", "\r\n\t\t"),
		},
		NoMatch: pkNoMatch("DSA PRIVATE KEY"),
	},
	// https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key
	{
		ID: "private-key-openssh", Provider: "private-key", Title: "OpenSSH private key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{pkBegin("OPENSSH PRIVATE KEY")},
		Pattern:  pkPEM(`OPENSSH PRIVATE KEY`),
		Window:   pkWindow,
		Check:    pkOpenSSH,
		Match: []string{
			pkBegin("OPENSSH PRIVATE KEY") + "\nb3BlbnNzaC1rZXktdjEAAAAA{{b64:46}}\n" + strings.Repeat("{{b64:70}}\n", 9) + "{{b64:24}}\n" + pkEnd("OPENSSH PRIVATE KEY") + "\n",
			`SSH_PRIVATE_KEY="` + pkBegin("OPENSSH PRIVATE KEY") + `\nb3BlbnNzaC1rZXktdjEAAAAA{{b64:46}}\n{{b64:70}}\n{{b64:70}}\n{{b64:70}}\n{{b64:24}}\n` + pkEnd("OPENSSH PRIVATE KEY") + `"`,
		},
		NoMatch: append(pkNoMatch("OPENSSH PRIVATE KEY"),
			// Decodes, but lacks the openssh-key-v1 magic.
			pkSample("OPENSSH PRIVATE KEY", "MII", 4, "\n"),
		),
	},
	// https://www.rfc-editor.org/rfc/rfc5208#section-5 (PKCS#8 PrivateKeyInfo, RFC 7468 section 10)
	{
		ID: "private-key-pkcs8", Provider: "private-key", Title: "private key (PKCS#8 PEM)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{pkBegin("PRIVATE KEY")},
		Pattern:  pkPEM(`PRIVATE KEY`),
		Window:   pkWindow,
		Check:    pkPlainDER,
		Match: []string{
			pkSample("PRIVATE KEY", "MIIE", 24, "\n"),
			`{"name": "release-signer", "private_key": "` + pkSample("PRIVATE KEY", "MIIE", 24, `\n`) + `\n", "algorithm": "RS256"}`,
			`const key = "` + pkSample("PRIVATE KEY", pkLeadEd25519, 0, `\\n`) + `";`,
			// Java pieces with the '+' leading each line.
			`KEY = "` + pkBegin("PRIVATE KEY") + `\n"` + "\n" + `  + "MIIE{{b64:60}}\n"` + strings.Repeat("\n"+`  + "{{b64:64}}\n"`, 20) + "\n" + `  + "` + pkEnd("PRIVATE KEY") + `";`,
			// A word added after the BEGIN line does not make the key fake.
			strings.Replace(pkSample("PRIVATE KEY", "MIIE", 24, "\n"), "-----\n", "----- fake\n", 1),
		},
		NoMatch: pkNoMatch("PRIVATE KEY"),
	},
	// https://www.rfc-editor.org/rfc/rfc5958#section-3 (EncryptedPrivateKeyInfo, RFC 7468 section 11)
	{
		ID: "private-key-pkcs8-encrypted", Provider: "private-key", Title: "encrypted private key (PKCS#8 PEM)",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{pkBegin("ENCRYPTED PRIVATE KEY")},
		Pattern:  pkPEM(`ENCRYPTED PRIVATE KEY`),
		Window:   pkWindow,
		Check:    pkEncryptedPKCS8,
		Match: []string{
			pkSample("ENCRYPTED PRIVATE KEY", pkLeadPBES2, 25, "\n"),
			`"key": "` + pkSample("ENCRYPTED PRIVATE KEY", pkLeadPBES2, 25, `\n`) + `"`,
		},
		NoMatch: pkNoMatch("ENCRYPTED PRIVATE KEY"),
	},
	// https://www.openssl.org/docs/man3.0/man3/PEM_read_bio_PrivateKey.html#PEM-ENCRYPTION-FORMAT
	{
		ID: "private-key-pem-encrypted", Provider: "private-key", Title: "encrypted private key (legacy OpenSSL PEM)",
		Kind: KindSecret, Severity: SeverityMedium,
		// The BEGIN lines are keywords too so that findings show them
		// (a keyword that starts the secret is kept in the redaction).
		Keywords: []string{"4,ENCRYPTED", pkBegin("RSA PRIVATE KEY"), pkBegin("EC PRIVATE KEY"), pkBegin("DSA PRIVATE KEY")},
		Pattern: `-----BEGIN (?:RSA|EC|DSA) PRIVATE KEY-----(?:\s|\\[rn])*Proc-Type:[ \t]*4,[ \t]*ENCRYPTED` +
			pkBody + `-----END (?:RSA|EC|DSA) PRIVATE KEY-----`,
		Window: pkWindow,
		Check:  pkEncryptedLegacy,
		Match: []string{
			pkBegin("RSA PRIVATE KEY") + "\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{{HEX:32}}\n\n" + strings.Repeat("{{b64:64}}\n", 25) + "{{b64:40}}\n" + pkEnd("RSA PRIVATE KEY"),
			`"` + pkBegin("EC PRIVATE KEY") + `\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{{HEX:32}}\n\n{{b64:64}}\n{{b64:64}}\n{{b64:48}}\n` + pkEnd("EC PRIVATE KEY") + `\n"`,
		},
		NoMatch: []string{
			pkBegin("RSA PRIVATE KEY") + "\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,<iv>\n\n...\n" + pkEnd("RSA PRIVATE KEY"),
			// The END label must match the BEGIN label.
			pkBegin("RSA PRIVATE KEY") + "\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{{HEX:32}}\n\n{{b64:64}}\n{{b64:64}}\n" + pkEnd("EC PRIVATE KEY"),
		},
	},
	// https://www.rfc-editor.org/rfc/rfc9580#section-6 (ASCII armor)
	{
		ID: "private-key-pgp", Provider: "private-key", Title: "PGP private key block",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{pkBegin("PGP PRIVATE KEY BLOCK")},
		Pattern: pkBegin("PGP PRIVATE KEY BLOCK") + `(?:\r?\n|\\r|\\n)+` +
			`(?:[ \t]*[A-Za-z][A-Za-z0-9-]*:[^\r\n\\]*(?:\r?\n|\\r|\\n)+)*` +
			`[A-Za-z0-9+/=\s\\]+?` + pkEnd("PGP PRIVATE KEY BLOCK"),
		Window: pkWindow,
		Check:  pkPGP,
		Match: []string{
			pkBegin("PGP PRIVATE KEY BLOCK") + "\nComment: https://keys.openpgp.org\n\nlQ{{b64:62}}\n" + strings.Repeat("{{b64:64}}\n", 20) + "{{b64:40}}\n={{b64:4}}\n" + pkEnd("PGP PRIVATE KEY BLOCK"),
			`GPG_PRIVATE_KEY="` + pkBegin("PGP PRIVATE KEY BLOCK") + `\n\nxcLY{{b64:60}}\n{{b64:64}}\n{{b64:64}}\n{{b64:40}}\n` + pkEnd("PGP PRIVATE KEY BLOCK") + `"`,
			// An indented heredoc, armor headers included.
			"  KEY = <<-EOS\n    " + pkBegin("PGP PRIVATE KEY BLOCK") + "\n    Version: GnuPG v1.4.12 (GNU/Linux)\n\n    lQHY{{b64:60}}\n" + strings.Repeat("    {{b64:64}}\n", 12) + "    {{b64:40}}\n    ={{b64:4}}\n    " + pkEnd("PGP PRIVATE KEY BLOCK") + "\n  EOS",
		},
		NoMatch: []string{
			pkBegin("PGP PRIVATE KEY BLOCK") + "\n\n...\n" + pkEnd("PGP PRIVATE KEY BLOCK"),
			pkBegin("PGP PRIVATE KEY BLOCK") + "\nVersion: GnuPG v2\n\n<paste your key>\n" + pkEnd("PGP PRIVATE KEY BLOCK"),
			// Public keys are not secret.
			"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQ{{b64:62}}\n{{b64:64}}\n{{b64:40}}\n-----END PGP PUBLIC KEY BLOCK-----",
		},
	},
	// https://the.earth.li/~sgtatham/putty/0.80/htmldoc/AppendixC.html
	{
		ID: "private-key-putty", Provider: "private-key", Title: "PuTTY private key (.ppk)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"PuTTY-User-Key-File-"},
		Pattern: `PuTTY-User-Key-File-[123]: [A-Za-z0-9@._-]+\r?\n` +
			`(?:[A-Za-z0-9-]+: [^\r\n]*\r?\n|[A-Za-z0-9+/=]+\r?\n)*?` +
			`Private-Lines: [0-9]{1,4}\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+Private-(?:MAC|Hash): [0-9a-fA-F]+`,
		Window: pkWindow,
		Check:  pkPuTTY,
		Match: []string{
			"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240101\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI{{b64:39}}\n{{b64:4}}\nPrivate-Lines: 1\nAAAAI{{b64:43}}\nPrivate-MAC: {{hex:64}}\n",
			"PuTTY-User-Key-File-2: ssh-rsa\r\nEncryption: none\r\nComment: rsa-key-20200101\r\nPublic-Lines: 6\r\nAAAAB3NzaC1yc2EAAAABJQAAAQEA{{b64:36}}\r\n" + strings.Repeat("{{b64:64}}\r\n", 4) + "{{b64:24}}\r\nPrivate-Lines: 14\r\n" + strings.Repeat("{{b64:64}}\r\n", 13) + "{{b64:24}}\r\nPrivate-MAC: {{hex:40}}\r\n",
		},
		NoMatch: []string{
			"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: example\nPublic-Lines: 2\n...\nPrivate-Lines: 1\n...\nPrivate-MAC: ...",
			// The declared line count disagrees with the body.
			"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: key\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAI{{b64:43}}\nPrivate-Lines: 2\nAAAAI{{b64:43}}\nPrivate-MAC: {{hex:64}}\n",
			`puttygen key.ppk -O private-openssh -o id_rsa  # reads "PuTTY-User-Key-File-3: ssh-rsa" files`,
		},
	},
	// https://age-encryption.org/v1 (X25519 identity encoding)
	// The bech32 checksum is not verified: synth cannot produce it.
	{
		ID: "age-secret-key", Provider: "age", Title: "age identity (secret key)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"AGE-SECRET-KEY-1"},
		Pattern:  `\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b`,
		Match: []string{
			"# created: 2024-05-01T10:00:00Z\n# public key: age1{{bech32:58}}\nAGE-SECRET-KEY-1{{BECH32:58}}\n",
			`SOPS_AGE_KEY=AGE-SECRET-KEY-1{{BECH32:58}}`,
		},
		NoMatch: []string{
			`SOPS_AGE_KEY=AGE-SECRET-KEY-1{{BECH32:50}}`,
			`SOPS_AGE_KEY=AGE-SECRET-KEY-1{{BECH32:59}}`,
			`identities start with AGE-SECRET-KEY-1`,
		},
	},
	// https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2 (PKCS #1),
	// RFC 5208 (PKCS #8), RFC 5915 (SEC 1), RFC 8410 (Ed25519): the DER,
	// base64-encoded with no armor around it.
	{
		ID: "private-key-der-base64", Provider: "private-key", Title: "private key (base64 DER, no PEM armor)",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{
			"IBADANBgkqhkiG9w0BAQEFAAS", // PKCS #8 RSA
			"ByqGSM49AgEG",              // PKCS #8 EC
			"wBQYDK2VwBCIEI",            // PKCS #8 Ed25519
			"IBAAK", "IBAAJ",            // PKCS #1 RSA, DSA
			"MHcCAQEEI", "MIGkAgEBBD", "MIHcAgEBBE", // SEC 1 P-256, P-384, P-521
		},
		Window: pkWindow,
		find:   derKeyFinder{},
		Match: []string{
			`private String privateKey = "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC{{b64:1592}}";`,
			`'rsa_private_key' => 'MIIEpAIBAAKCAQEA{{b64:1574}}==',`,
			`signing_key: MHcCAQEEI{{b64:153}}==`,
			`ED25519_KEY=MC4CAQAwBQYDK2VwBCIEI{{b64:43}}`,
			`{"key": "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg{{b64:136}}"}`,
		},
		NoMatch: []string{
			// The length field disagrees with the data.
			`privateKey = "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC{{b64:1500}}"`,
			// One line of a PEM body.
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA{{b64:48}}\n{{b64:64}}\n-----END RSA PRIVATE KEY-----",
			// Public keys and certificates are not secret.
			`publicKey = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA{{b64:348}}IDAQAB"`,
			`cert = "MIIDdzCCAl+gAwIBAgIE{{b64:1100}}"`,
		},
	},
	// RFC 7468 armor, then base64 again: Kubernetes Secret data and keys
	// packed into one environment variable.
	{
		ID: "private-key-pem-base64", Provider: "private-key", Title: "private key (base64-encoded PEM)",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{pemB64Keyword},
		Window:   pkWindow,
		find:     pemB64Finder{},
		Match: []string{
			"apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: " + pkB64Head("CERTIFICATE", "MIIDdzCCAl+gAwIBAgIE") + "{{b64:1500}}\n  tls.key: " + pkB64Head("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA") + "{{b64:1500}}\n",
			`GITHUB_APP_PRIVATE_KEY="` + pkB64Head("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQ") + `{{b64:1600}}"`,
		},
		NoMatch: []string{
			"  tls.crt: " + pkB64Head("CERTIFICATE", "MIIDdzCCAl+gAwIBAgIE") + "{{b64:1500}}",
			`KEY=` + pkB64Head("PRIVATE KEY", "...\n\n") + `{{b64:200}}`,
			`KEY=` + pkB64Head("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQ"),
		},
	},
	// https://github.com/google/google-authenticator/wiki/Key-Uri-Format
	// The seed of a second factor: whoever holds it generates the codes.
	{
		ID: "otp-seed", Provider: "otp", Title: "TOTP/HOTP seed",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"otpauth://", "totp", "hotp", "authenticator."},
		// An otpauth:// URI's secret parameter, or a base32 literal given
		// to a TOTP or HOTP constructor (ROTP, pyotp, OtpNet) or to
		// otplib's authenticator.
		Pattern: `(?:otpauth://[th]otp/[^\s"'?]*\?(?:[^\s"'#]*&)?secret=|(?:(?i:\b[th]otp)(?:\.new|::new)?|\bauthenticator\.(?:generate|check|verify))\s*\(?\s*["'])([A-Za-z2-7]{16,128})=*(?:["'&\s]|$)`,
		// 16 random base32 characters fall below 3.0 bits often enough;
		// 2.5 still rejects runs such as "AAAA…" and "ABAB…".
		MinEntropy: 2.5,
		// The seeds of RFC 4226/6238's test vectors and of the
		// authenticator libraries' READMEs.
		Examples: []string{"JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "base32secret3232"},
		Match: []string{
			`expect(uri.to_s).to eq 'otpauth://totp/ACME%20Co:alice%40example.com?secret={{b32:32}}&issuer=ACME%20Co'`,
			`otp = ROTP::TOTP.new('{{b32:16}}', issuer: 'Acme')`,
			`totp = pyotp.TOTP("{{b32:32}}")`,
			`let(:totp) { ROTP::HOTP.new '{{b32:16}}' }`,
			`const code = otplib.authenticator.generate('{{b32:32}}')`,
			`TOTP_URI=otpauth://totp/Acme:ops%40example.com?secret={{b32:32}}&issuer=Acme&period=30`,
		},
		NoMatch: []string{
			`totp = pyotp.TOTP("JBSWY3DPEHPK3PXP")`,
			`otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example`,
			`totp = pyotp.TOTP(os.environ["TOTP_SECRET"])`,
			`otp = ROTP::TOTP.new('AAAAAAAAAAAAAAAA')`,
			`totp = pyotp.TOTP(pyotp.random_base32())`,
		},
	},
	// https://www.rfc-editor.org/rfc/rfc7517#section-4 and RFC 7518 section 6
	{
		ID: "jwk-private-key", Provider: "private-key", Title: "JSON Web Key (private)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"kty"},
		Window:   jwkReach,
		find:     jwkFinder{},
		Match: []string{
			`{"kty":"RSA","n":"{{b64u:342}}","e":"AQAB","d":"{{b64u:342}}"}`,
			`{"crv":"P-256","d":"{{b64u:43}}","kty":"EC","x":"{{b64u:43}}","y":"{{b64u:43}}"}`,
			"const key = {\n  kty: 'OKP',\n  crv: 'Ed25519',\n  x: '{{b64u:43}}',\n  d: '{{b64u:43}}',\n};",
			"const oct = {\n  k: '{{b64u:43}}',\n  kty: 'oct',\n};",
			`{"keys":[{"kty":"oct","kid":"{{uuid}}","use":"enc","alg":"A128GCM","k":"{{b64u:22}}"}]}`,
		},
		NoMatch: []string{
			// Public keys, and a private one whose "d" is elsewhere.
			`{"kty":"RSA","n":"{{b64u:342}}","e":"AQAB"}`,
			`{"kty":"EC","crv":"P-256","x":"{{b64u:43}}","y":"{{b64u:43}}"}`,
			`{"kty":"EC","crv":"P-256","x":"{{b64u:43}}","nested":{"d":"{{b64u:43}}"}}`,
			`{"kty":"oct","k":"<your-key>"}`,
			`"kty": "RSA" identifies the key type`,
		},
	},
	// https://www.rfc-editor.org/rfc/rfc7519#section-3 (JWS compact serialization, RFC 7515 section 7.1)
	// A JWT is a format, not a provider: the "generic-" ID makes every
	// provider rule that recognizes its own JWTs (by prefix or context)
	// win where both match.
	{
		ID: "generic-jwt", Provider: "jwt", Title: "JSON Web Token",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityMedium,
		Keywords: []string{"eyJ"},
		Pattern:  `\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_.-]|\.(?:[^A-Za-z0-9_-]|$)|$)`,
		Check:    pkJWT,
		Match: []string{
			`jwt.decode("{{jwt}}", options={"verify_signature": False})`,
			`https://app.acme.io/sso/callback#{{jwt}}`,
			`Set-Cookie: session={{jwt}}; Path=/; HttpOnly`,
		},
		NoMatch: []string{
			// alg "none": unsigned.
			`token = "` + pkAlgNone + `.eyJzdWIiOiJ1c2VyIn0.{{b64u:43}}"`,
			// Header and claims that are not JSON.
			`token = "eyJ{{b64u:30}}.eyJ{{b64u:40}}.{{b64u:43}}"`,
			`token = "` + pkAlgNone + `.eyJzdWIiOiJ1c2VyIn0."`,
			`header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"`,
		},
	},
}
