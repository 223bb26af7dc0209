package detector

import "bytes"

// contextToken finds a token that starts with a fixed, case-sensitive
// prefix at the keyword hit, and counts only where a word naming its
// provider comes shortly before it on the same line. It does the work of a
// pattern such as (?i:facebook|graph)[^\n]{0,100}?\b(EAA[A-Za-z0-9]{90,400})\b
// without one: that pattern has no literal to anchor on, so a regular
// expression engine tries it at every byte of the line, and its keyword
// ("EAA") is common in minified code and base64.
type contextToken struct {
	prefix   string
	min, max int             // length of the body after the prefix
	body     func(byte) bool // the body's alphabet
	// boundary reports bytes that may not touch the token on either side.
	boundary func(byte) bool
	context  []string // lowercase words, one of which must come before
	reach    int      // how far before the token the word may start
}

func (t contextToken) find(c *findCtx, lo, hi, hitStart, hitEnd int, emit func(start, end int)) {
	data := c.data
	s := hitStart
	if !bytes.HasPrefix(data[s:hi], []byte(t.prefix)) || s > lo && t.boundary(data[s-1]) {
		return
	}
	e := s + len(t.prefix)
	for e < hi && e-s-len(t.prefix) <= t.max && t.body(data[e]) {
		e++
	}
	if n := e - s - len(t.prefix); n < t.min || n > t.max || e < hi && t.boundary(data[e]) {
		return
	}
	from := max(lo, s-t.reach)
	if i := bytes.LastIndexByte(data[from:s], '\n'); i >= 0 {
		from += i + 1
	}
	before := bytes.ToLower(data[from:s])
	for _, w := range t.context {
		if bytes.Contains(before, []byte(w)) {
			emit(s, e)
			return
		}
	}
}

// isWordByte is what \b treats as a word character.
func isWordByte(b byte) bool { return isAlnum(b) || b == '_' }

// isB64URLByte: the base64url alphabet, [A-Za-z0-9_-].
func isB64URLByte(b byte) bool { return isWordByte(b) || b == '-' }
