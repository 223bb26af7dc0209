package detector

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
)

// urlFinder reports the password in scheme://user:password@host. The
// password is the secret: the user name and host are not, and keeping them
// out of the match keeps the fingerprint stable when a host is renamed.
type urlFinder struct {
	// schemes this rule owns; empty means any scheme.
	schemes []string
}

func (u urlFinder) find(c *findCtx, lo, hi, hitStart, hitEnd int, emit func(start, end int)) {
	data := c.data
	// The keyword is "://" or "scheme://"; the scheme ends at the "://".
	sep := hitEnd - 3
	ss := sep
	for ss > lo && isSchemeByte(data[ss-1]) {
		ss--
	}
	if ss == sep {
		return
	}
	scheme := strings.ToLower(string(data[ss:sep]))
	if len(u.schemes) > 0 && !hasScheme(u.schemes, scheme) {
		return
	}
	// userinfo runs to the last '@' before the authority ends.
	p, at, colon := hitEnd, -1, -1
	for ; p < hi && p-hitEnd < 512; p++ {
		b := data[p]
		if b == '/' || b == '?' || b == '#' || b <= ' ' || b == '"' || b == '\'' || b == '`' || b == '<' || b == '>' || b == '\\' {
			break
		}
		if b == '@' {
			at = p
		}
		if b == ':' && colon < 0 {
			colon = p
		}
	}
	if at < 0 || colon < 0 || colon > at || at+1 >= hi {
		return
	}
	user, pass := data[hitEnd:colon], data[colon+1:at]
	host := data[at+1 : p]
	// A host filled in by code ("nats://ivan:pw@%s:%d", "…@{host}",
	// "…@${HOST}") still has a literal password in front of it; a host
	// in angle brackets is documentation's blank to fill.
	if len(pass) < 3 || len(host) == 0 || !(isAlnum(host[0]) || bytesHasAny(host[:1], "[%{$")) {
		return
	}
	if bytesHasAny(host, "<") || strings.HasPrefix(strings.ToLower(string(host)), "example.") {
		return
	}
	// Judge the password as written and as it decodes: "p%40ssword" is
	// the documentation's "p@ssword".
	decoded := pass
	if d, err := url.PathUnescape(string(pass)); err == nil {
		decoded = []byte(d)
	}
	if isPlaceholder(pass) || isPlaceholder(decoded) || isReference(pass) || bytesHasAny(user, "<{$%") {
		return
	}
	// "guest:guest@" (RabbitMQ's documented local default), "admin:admin@":
	// a password equal to the user name is a product default, public in
	// its manual, not a secret someone chose.
	if strings.EqualFold(string(user), string(pass)) {
		return
	}
	// "user:pass@", "username:password@": both words are placeholders.
	if placeholderWords[strings.ToLower(string(user))] && placeholderWords[strings.ToLower(string(pass))] {
		return
	}
	// "myuser:mypass@", "cacheuser:cachepass@", "baduser:badpass@": a
	// made-up pair that documentation and tests build from one stem.
	if pairedPlaceholder(user, pass) {
		return
	}
	emit(colon+1, at)
}

// pairedPlaceholder reports a user name and password of the shape
// STEMuser:STEMpass (STEMusr, STEMpassword, STEMpw): invented together.
func pairedPlaceholder(user, pass []byte) bool {
	u, p := strings.ToLower(string(user)), strings.ToLower(string(pass))
	for _, us := range []string{"user", "usr", "username", "acct", "account", "name"} {
		stem, ok := strings.CutSuffix(u, us)
		if !ok {
			continue
		}
		for _, ps := range []string{"pass", "password", "passwd", "pw", "pwd", "secret"} {
			if p == stem+ps {
				return true
			}
		}
	}
	return false
}

func isSchemeByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '+' || b == '.' || b == '-'
}

func isAlnum(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

func hasScheme(list []string, s string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

func bytesHasAny(b []byte, chars string) bool { return strings.ContainsAny(string(b), chars) }

// basicAuthValid accepts a Basic credential only if it decodes to
// "user:password" with a printable, non-placeholder password: base64 that
// decodes to anything else is not a credential.
func basicAuthValid(secret []byte) bool {
	dec, err := base64.StdEncoding.DecodeString(string(secret))
	if err != nil {
		dec, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(string(secret), "="))
		if err != nil {
			return false
		}
	}
	// `echo "u:p" | base64` encodes the newline too.
	dec = bytes.TrimRight(dec, "\r\n")
	i := strings.IndexByte(string(dec), ':')
	if i < 0 || i == len(dec)-1 {
		return false
	}
	for _, b := range dec {
		if b < 0x20 || b > 0x7e {
			return false
		}
	}
	// A password may have spaces ("open sesame"); isPlaceholder reads a
	// space as prose, so it judges the words run together.
	pass := bytes.ReplaceAll(dec[i+1:], []byte(" "), nil)
	return len(pass) >= 3 && !isPlaceholder(pass) && !looksFake(pass)
}

// bearerValid rejects placeholders and words after "Bearer".
func bearerValid(secret []byte) bool {
	// An unsigned JWT ("alg": "none") is no credential; the JWT rule
	// judges the others.
	if isJWT(secret) && bytes.HasPrefix(secret, []byte("eyJhbGciOiJub25l")) {
		return false
	}
	return !isPlaceholder(secret) && !isReference(secret) && !wordy(secret) && !identifierLike(secret) &&
		!(containsKindWord(secret) && entropy(secret) < 4.0) &&
		charClasses(secret) >= 2 && entropy(secret) >= 3.0
}
