package detector

import (
	"bytes"
	"encoding/base64"
)

// Private keys written without PEM armor. Two shapes are common in code
// and configuration: the bare base64 of a DER key (Java and PHP payment
// SDKs want "MIIEvQIBADAN…" with no BEGIN line), and the base64 of a whole
// PEM file (Kubernetes Secret data, keys squeezed into one environment
// variable). Both are verified structurally, so they need no context word.

// derKeyFinder reports a base64 run that decodes to exactly one DER
// private-key structure. Its keywords are the base64 spellings of key
// headers (RSA PKCS #1, PKCS #8 for RSA, EC and Ed25519, SEC 1 EC), each
// a few characters into the run.
type derKeyFinder struct{}

// derLead is how far into a run a keyword may start: the longest lead is
// PKCS #8 EC's, "MIGHAgEAMBMG" before "ByqGSM49AgEG".
const derLead = 12

func (derKeyFinder) find(c *findCtx, lo, hi, hitStart, _ int, emit func(start, end int)) {
	data := c.data
	s, e := b64Run(data, max(lo, hitStart-derLead), hi, hitStart)
	if hitStart-s > derLead || s < len(data) && data[s] != 'M' {
		return
	}
	// A run between armor lines is a PEM body: the PEM rules judge it.
	if s > 0 && data[s-1] == '-' || e < len(data) && data[e] == '-' {
		return
	}
	if derPrivateKey(data[s:e]) {
		emit(s, e)
	}
}

// b64Run is the run of standard base64 characters around data[at],
// within lo..hi, with up to two '=' of padding. A letter right after a
// backslash is an escape ("\nMIIE…"), not part of the run.
func b64Run(data []byte, lo, hi, at int) (int, int) {
	s := at
	for s > lo && isB64Byte(data[s-1]) && !(s-2 >= 0 && data[s-2] == '\\') {
		s--
	}
	e := at
	for e < hi && isB64Byte(data[e]) {
		e++
	}
	for pad := 0; pad < 2 && e < hi && data[e] == '='; pad++ {
		e++
	}
	return s, e
}

// isB64Byte: the standard base64 alphabet without padding.
func isB64Byte(b byte) bool { return isAlnum(b) || b == '+' || b == '/' }

// derPrivateKey reports whether b64 decodes to one DER SEQUENCE whose
// length field accounts for every byte, starting with a small version
// INTEGER (0 or 1) and then what a private key has next: an INTEGER
// (PKCS #1 RSA, DSA), an AlgorithmIdentifier SEQUENCE (PKCS #8), or an
// OCTET STRING (SEC 1). The exact length is what makes a random base64
// string that happens to start with "MII" fail.
func derPrivateKey(b64 []byte) bool {
	der, ok := pkDecode(b64)
	if !ok || len(der) < 40 || der[0] != 0x30 {
		return false
	}
	n, hdr := 0, 2
	switch l := der[1]; {
	case l < 0x80:
		n = int(l)
	case l == 0x81:
		n, hdr = int(der[2]), 3
	case l == 0x82:
		n, hdr = int(der[2])<<8|int(der[3]), 4
	default:
		return false
	}
	if hdr+n != len(der) {
		return false
	}
	v := der[hdr:]
	return v[0] == 0x02 && v[1] == 0x01 && v[2] <= 1 && (v[3] == 0x02 || v[3] == 0x30 || v[3] == 0x04)
}

// pemB64Finder reports the base64 of a PEM private key file. Its keyword
// is the encoding of "-----BEGIN", which only lines up this way when the
// armor starts the encoded text.
type pemB64Finder struct{}

// pemB64Min is the shortest encoded key worth a finding: an Ed25519 key,
// the smallest PEM private key, is 119 bytes, 159 base64 characters
// without padding.
const pemB64Min = 159

// pemB64Keyword is base64("-----BEGIN") cut to the characters that do not
// depend on what follows.
var pemB64Keyword = base64.StdEncoding.EncodeToString([]byte("-----BEGIN"))[:12]

func (pemB64Finder) find(c *findCtx, lo, hi, hitStart, _ int, emit func(start, end int)) {
	data := c.data
	s, e := b64Run(data, max(lo, hitStart-1), hi, hitStart)
	if s != hitStart || e-s < pemB64Min {
		return
	}
	head := make([]byte, 96)
	n, _ := base64.StdEncoding.Decode(head, data[s:s+min(128, (e-s)&^3)])
	if pemB64Key(head[:n], data[s:e]) {
		emit(s, e)
	}
}

// pemB64Key judges a decoded head and, when the whole run decodes to a
// complete PEM block, that block too.
func pemB64Key(head, run []byte) bool {
	label, ok := pemB64Label(head)
	if !ok {
		return false
	}
	full, ok := pkDecode(run)
	end := []byte(pkEnd(label))
	i := bytes.Index(full, end)
	if !ok || i < 0 {
		// Cut short or corrupted after a well-formed start: still a key's
		// worth of data under a private-key header, so it is reported.
		return true
	}
	block := full[:i+len(end)]
	switch label {
	case "PGP PRIVATE KEY BLOCK":
		return pkPGP(block)
	case "OPENSSH PRIVATE KEY":
		return pkOpenSSH(block)
	}
	p, ok := pkParse(block)
	return ok && (p.der[0] == 0x30 || pkEncryptedHeader(p))
}

// pemB64Label reads "-----BEGIN <label>-----" and a line break at the
// start of head, and requires what comes next to look like key data (a
// base64 line, or an armor header such as Proc-Type), not "..." or
// "<your key>".
func pemB64Label(head []byte) (string, bool) {
	const begin = "-----BEGIN "
	if !bytes.HasPrefix(head, []byte(begin)) {
		return "", false
	}
	rest := head[len(begin):]
	i := bytes.Index(rest, []byte("-----"))
	if i < 0 {
		return "", false
	}
	label := string(rest[:i])
	if !bytes.Contains(rest[:i], []byte("PRIVATE KEY")) {
		return "", false
	}
	rest = bytes.TrimPrefix(rest[i+5:], []byte("\r"))
	if len(rest) == 0 || rest[0] != '\n' {
		return "", false
	}
	rest = bytes.TrimLeft(rest[1:], "\r\n") // PGP armor: a blank line, then data
	k := 0
	for k < len(rest) && isB64Byte(rest[k]) {
		k++
	}
	if k >= 8 || k == len(rest) && k > 0 || k > 0 && k < len(rest) && rest[k] == ':' {
		return label, true
	}
	return "", false
}
