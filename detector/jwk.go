package detector

import "bytes"

// jwkFinder reports the private half of a JSON Web Key (RFC 7517/7518):
// the "d" member of an RSA, EC or OKP key, or the "k" of a symmetric
// ("oct") key. The keyword is "kty", which every JWK carries; the members
// may come before it (sorted JSON) or after it, in JSON or in a JS, Python
// or YAML object literal. A public JWK has no "d" and is not reported.
type jwkFinder struct{}

// jwkReach bounds the object around a "kty": a 4096-bit RSA key with its
// CRT members is about 3.5 KB of JSON.
const jwkReach = 4096

func (jwkFinder) find(c *findCtx, lo, hi, hitStart, hitEnd int, emit func(start, end int)) {
	data := c.data
	// "kty" must be a member name: quoted or bare, then a colon.
	p := hitEnd
	if p < hi && isQuote(data[p]) {
		p++
	}
	if p = skipSpace(data, p, hi); p >= hi || data[p] != ':' {
		return
	}
	kty, ok := memberString(data, p+1, hi)
	if !ok {
		return
	}
	var want string
	switch string(kty) {
	case "RSA", "EC", "OKP":
		want = "d"
	case "oct":
		want = "k"
	default:
		return
	}
	open, end := enclosingObject(data, lo, hi, hitStart)
	if open < 0 {
		return
	}
	if vs, ve, ok := memberValue(data, open, end, want); ok && jwkKeyMaterial(data[vs:ve]) {
		emit(vs, ve)
	}
}

// memberString reads the quoted value after a member's colon at data[p:].
func memberString(data []byte, p, hi int) ([]byte, bool) {
	p = skipSpace(data, p, hi)
	if p >= hi || !isQuote(data[p]) {
		return nil, false
	}
	vs, ve, ok := quotedAt(data, p, hi)
	return data[vs:ve], ok
}

// enclosingObject finds the braces around data[at], within lo..hi and
// without crossing into a sibling object.
func enclosingObject(data []byte, lo, hi, at int) (open, end int) {
	depth := 0
	open = -1
	for i := at - 1; i >= lo; i-- {
		switch data[i] {
		case '}':
			depth++
		case '{':
			if depth == 0 {
				open = i
			} else {
				depth--
			}
		}
		if open >= 0 {
			break
		}
	}
	if open < 0 {
		return -1, -1
	}
	depth = 0
	for i := at; i < hi; i++ {
		switch data[i] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return open, i
			}
			depth--
		}
	}
	return -1, -1
}

// memberValue finds the string value of the member called name directly
// inside data[open:end]: "d": "…", 'd': '…' or d: '…'.
func memberValue(data []byte, open, end int, name string) (vs, ve int, ok bool) {
	depth := 0
	for i := open + 1; i < end; i++ {
		b := data[i]
		switch {
		case b == '{' || b == '[':
			depth++
			continue
		case b == '}' || b == ']':
			depth--
			continue
		case depth != 0 || !bytes.HasPrefix(data[i:end], []byte(name)):
			continue
		}
		// The name must stand alone: after a quote, a brace, a comma or
		// white space, and before its closing quote or the colon.
		if prev := data[i-1]; !(isQuote(prev) || prev == '{' || prev == ',' || prev == ' ' || prev == '\t' || prev == '\n') {
			continue
		}
		p := i + len(name)
		if p < end && isQuote(data[p]) {
			p++
		}
		if p = skipSpace(data, p, end); p >= end || data[p] != ':' {
			continue
		}
		p = skipSpace(data, p+1, end)
		if p >= end || !isQuote(data[p]) {
			return 0, 0, false
		}
		return quotedAt(data, p, end)
	}
	return 0, 0, false
}

// jwkKeyMaterial accepts base64url of at least 16 bytes (a 128-bit
// symmetric key is 22 characters) that is not a placeholder.
func jwkKeyMaterial(v []byte) bool {
	if len(v) < 22 || isPlaceholder(v) || looksFake(v) {
		return false
	}
	for _, b := range v {
		if !(isIdentStart(b) || '0' <= b && b <= '9' || b == '-') {
			return false
		}
	}
	return charClasses(v) >= 3
}
