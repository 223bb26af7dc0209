package config

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ignoreHeader opens every .keyguardignore keyguard writes. It is fixed
// (no date, no version) so that the file's bytes depend only on its
// entries.
const ignoreHeader = `# keyguard ignore file: findings with these fingerprints are not reported.
# One per line: the fingerprint, then why. Add entries with
# "keyguard ignore FINGERPRINT --reason TEXT", or all current findings with "keyguard baseline".
`

// ErrFingerprint and ErrReason are what Add rejects.
var (
	ErrFingerprint = errors.New("not a keyguard fingerprint (32 lowercase hex digits)")
	ErrReason      = errors.New("a reason is needed, on one line")
)

// Ignore is a parsed .keyguardignore: fingerprints of accepted findings,
// each with the reason people gave.
type Ignore struct {
	reasons map[string]string
}

// ParseIgnore reads a .keyguardignore file; name is what errors call it.
// A fingerprint listed twice keeps its last reason.
func ParseIgnore(name string, data []byte) (*Ignore, error) {
	if len(data) > maxIgnoreSize {
		return nil, &Error{File: name, Line: 1, Msg: fmt.Sprintf("the file is larger than %d MiB", maxIgnoreSize>>20)}
	}
	ig := &Ignore{}
	var errs errorList
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte-order mark some editors add
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		text := strings.TrimSpace(string(line))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fp, reason := text, ""
		if i := strings.IndexAny(text, " \t"); i >= 0 {
			fp, reason = text[:i], text[i+1:]
		}
		// The bad word is never quoted: it may be the secret itself,
		// pasted in place of its fingerprint.
		switch err := ig.Add(fp, reason); {
		case errors.Is(err, ErrFingerprint):
			errs.add(name, n, "the line does not start with a keyguard fingerprint (32 lowercase hex digits)")
		case err != nil:
			errs.add(name, n, "the fingerprint needs a reason after it, on the same line")
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return ig, nil
}

// maxIgnoreSize bounds an ignore file: a million entries.
const maxIgnoreSize = 64 << 20

// Add records fp with reason; an entry already there takes the new
// reason. Surrounding white space is dropped from the reason.
func (ig *Ignore) Add(fp, reason string) error {
	if !IsFingerprint(fp) {
		return ErrFingerprint
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || strings.ContainsAny(reason, "\r\n") {
		return ErrReason
	}
	if ig.reasons == nil {
		ig.reasons = map[string]string{}
	}
	ig.reasons[fp] = reason
	return nil
}

// IsFingerprint reports whether s has the form of detector.Fingerprint's
// result: 32 lowercase hex digits.
func IsFingerprint(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Has reports whether fp is ignored. A nil Ignore ignores nothing.
func (ig *Ignore) Has(fp string) bool {
	if ig == nil {
		return false
	}
	_, ok := ig.reasons[fp]
	return ok
}

// Reason returns why fp is ignored, or "".
func (ig *Ignore) Reason(fp string) string {
	if ig == nil {
		return ""
	}
	return ig.reasons[fp]
}

// Len returns the number of entries.
func (ig *Ignore) Len() int {
	if ig == nil {
		return 0
	}
	return len(ig.reasons)
}

// Fingerprints returns the ignored fingerprints, sorted.
func (ig *Ignore) Fingerprints() []string {
	fps := make([]string, 0, ig.Len())
	if ig != nil {
		for fp := range ig.reasons {
			fps = append(fps, fp)
		}
	}
	sort.Strings(fps)
	return fps
}

// Bytes returns the file in canonical form: the fixed header, then one
// line per entry, sorted by fingerprint. Comments of a parsed file are
// not kept; the header explains the file.
func (ig *Ignore) Bytes() []byte {
	fps := ig.Fingerprints()
	var b bytes.Buffer
	b.WriteString(ignoreHeader)
	for _, fp := range fps {
		b.WriteString(fp)
		b.WriteByte(' ')
		b.WriteString(ig.reasons[fp])
		b.WriteByte('\n')
	}
	return b.Bytes()
}
