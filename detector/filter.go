package detector

import (
	"bytes"
	"math"
)

// entropy is the Shannon entropy of b in bits per byte: about 5.9 for a
// long random alphanumeric string, 4 for random hex, under 3.5 for words.
func entropy(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// fakeMarkers are substrings of values that people write in documentation,
// tutorials and templates instead of a real key. Random key bodies contain
// them with negligible probability (a given 5-letter word appears in a
// 40-character random alphanumeric string about once in 10^7).
var fakeMarkers = [][]byte{
	[]byte("example"), []byte("sample"), []byte("placeholder"), []byte("dummy"),
	[]byte("redacted"), []byte("changeme"), []byte("change_me"), []byte("your_"),
	[]byte("your-"), []byte("yourkey"), []byte("yoursecret"), []byte("yourtoken"),
	[]byte("insert"), []byte("replace"), []byte("xxxxx"), []byte("*****"),
	[]byte("....."), []byte("${"), []byte("{{"), []byte("<"),
	[]byte("12345678"), []byte("abcdefgh"), []byte("fakekey"), []byte("fake_"),
	[]byte("notreal"), []byte("not_real"), []byte("not-a-real"), []byte("foobar"),
	// Also Google's fixed password for every service-account .p12 file.
	[]byte("not-a-secret"), []byte("not_a_secret"), []byte("notasecret"),
	[]byte("thisisa"), []byte("faketoken"), []byte("fakesecret"), []byte("fakepass"),
}

// looksFake reports values that are placeholders rather than keys.
func looksFake(secret []byte) bool {
	var low [256]byte
	b := secret
	if len(b) > len(low) {
		b = b[:len(low)]
	}
	l := low[:len(b)]
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	for _, m := range fakeMarkers {
		if bytes.Contains(l, m) {
			return true
		}
	}
	// A run of six identical characters: "AAAAAA", "000000". In a random
	// 40-character base62 body the chance is about 1 in 10^7. Long encoded
	// blobs (private keys, session tokens) legitimately hold runs of "A"
	// where their binary form has zero bytes, so they are exempt.
	if len(secret) > len(low) {
		return false
	}
	run := 1
	for i := 1; i < len(l); i++ {
		// Indentation inside a multi-line value (a PEM block in YAML) is
		// layout, not part of a placeholder.
		if l[i] == ' ' || l[i] == '\t' || l[i] == '\n' || l[i] == '\r' {
			run = 1
			continue
		}
		if l[i] == l[i-1] {
			run++
			if run >= 6 {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

// allowMarkers are inline comments that suppress findings on their line:
// keyguard's own and those of the scanners teams migrate from.
var allowMarkers = [][]byte{
	[]byte("keyguard:allow"),
	[]byte("gitleaks:allow"),
	[]byte("trufflehog:ignore"),
	[]byte("pragma: allowlist secret"),
}

// allowedInline reports whether the line holding data[pos] carries an allow
// marker.
func allowedInline(data []byte, pos int) bool {
	lo := max(0, pos-4096)
	if i := bytes.LastIndexByte(data[lo:pos], '\n'); i >= 0 {
		lo += i + 1
	}
	hi := min(len(data), pos+4096)
	if i := bytes.IndexByte(data[pos:hi], '\n'); i >= 0 {
		hi = pos + i
	}
	line := data[lo:hi]
	for _, m := range allowMarkers {
		if bytes.Contains(line, m) {
			return true
		}
	}
	return false
}
