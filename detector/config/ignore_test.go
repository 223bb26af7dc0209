package config

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
)

// fp returns a well-formed fingerprint built at run time.
func fp(i int) string { return fmt.Sprintf("%016x%016x", uint64(i)*0x9e3779b97f4a7c15, uint64(i)) }

func TestParseIgnore(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]string
	}{
		{"empty", "", map[string]string{}},
		{"comments and blank lines", "# header\n\n   \n  # indented comment\n", map[string]string{}},
		{"entries", fp(1) + " test fixture\n" + fp(2) + " revoked in May\n", map[string]string{fp(1): "test fixture", fp(2): "revoked in May"}},
		{"no final newline", fp(1) + " why", map[string]string{fp(1): "why"}},
		{"CRLF and surrounding blanks", "  " + fp(1) + "   spaced out  \r\n", map[string]string{fp(1): "spaced out"}},
		{"tab separator", fp(1) + "\tbecause", map[string]string{fp(1): "because"}},
		{"the later reason wins", fp(1) + " first\n" + fp(1) + " second\n", map[string]string{fp(1): "second"}},
		{"byte-order mark", "\uFEFF" + fp(1) + " why\n", map[string]string{fp(1): "why"}},
		{"hash inside a reason", fp(1) + " see #123\n", map[string]string{fp(1): "see #123"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ig, err := ParseIgnore(".keyguardignore", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if ig.Len() != len(tt.want) {
				t.Errorf("Len = %d, want %d", ig.Len(), len(tt.want))
			}
			for f, reason := range tt.want {
				if !ig.Has(f) || ig.Reason(f) != reason {
					t.Errorf("%s: Has %v, Reason %q; want %q", f, ig.Has(f), ig.Reason(f), reason)
				}
			}
		})
	}
}

func TestParseIgnoreErrors(t *testing.T) {
	secret := "pw-" + strings.Repeat("x", 20)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"not hex", "# c\n\n" + strings.Repeat("x", 32) + " why\n", ".keyguardignore:3: the line does not start with a keyguard fingerprint (32 lowercase hex digits)"},
		{"upper case", strings.ToUpper(fp(1)) + " why\n", ".keyguardignore:1: the line does not start"},
		{"too short", fp(1)[:31] + " why\n", ".keyguardignore:1: the line does not start"},
		{"no reason", fp(1) + "\n", ".keyguardignore:1: the fingerprint needs a reason after it, on the same line"},
		{"blank reason", fp(1) + " \t \n", ".keyguardignore:1: the fingerprint needs a reason"},
		{"two bad lines", "x\n" + fp(1) + "\ny\n", ".keyguardignore:1: the line does not start with a keyguard fingerprint (32 lowercase hex digits)\n" +
			".keyguardignore:2: the fingerprint needs a reason after it, on the same line\n" +
			".keyguardignore:3: the line does not start with a keyguard fingerprint (32 lowercase hex digits)"},
		{"a secret in place of a fingerprint", secret + " oops\n", ".keyguardignore:1: the line does not start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIgnore(".keyguardignore", []byte(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to start with %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the error quotes the line's first word: %v", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Line < 1 {
				t.Errorf("error %v holds no *Error", err)
			}
		})
	}
}

func TestIgnoreAdd(t *testing.T) {
	tests := []struct {
		name, fp, reason string
		want             error
	}{
		{"ok", fp(1), "a reason", nil},
		{"real fingerprint", detector.Fingerprint("generic-password", "hunter2"), "test", nil},
		{"empty reason", fp(1), "  ", ErrReason},
		{"two lines", fp(1), "one\ntwo", ErrReason},
		{"carriage return", fp(1), "one\rtwo", ErrReason},
		{"bad fingerprint", "abc", "why", ErrFingerprint},
		{"upper case", strings.ToUpper(fp(1)), "why", ErrFingerprint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ig Ignore
			if err := ig.Add(tt.fp, tt.reason); !errors.Is(err, tt.want) {
				t.Errorf("Add = %v, want %v", err, tt.want)
			}
			if got := ig.Has(tt.fp); got != (tt.want == nil) {
				t.Errorf("Has = %v after Add", got)
			}
		})
	}
}

// TestIgnoreCanonical: the bytes depend only on the entries, never on the
// order they were added in, so branches that ignore the same findings
// write the same file.
func TestIgnoreCanonical(t *testing.T) {
	entries := map[string]string{}
	for i := 1; i <= 20; i++ {
		entries[fp(i)] = fmt.Sprintf("reason %d", i)
	}
	var want []byte
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 10; round++ {
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		var ig Ignore
		for _, k := range keys {
			if err := ig.Add(k, "  "+entries[k]+" "); err != nil {
				t.Fatal(err)
			}
		}
		got := ig.Bytes()
		if want == nil {
			want = got
			continue
		}
		if string(got) != string(want) {
			t.Fatalf("round %d wrote different bytes:\n%s\nwant:\n%s", round, got, want)
		}
	}
	lines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	if !strings.HasPrefix(string(want), ignoreHeader) || len(lines) != strings.Count(ignoreHeader, "\n")+len(entries) {
		t.Errorf("unexpected layout:\n%s", want)
	}
	for i, l := range lines[strings.Count(ignoreHeader, "\n"):] {
		if i > 0 && l < lines[strings.Count(ignoreHeader, "\n")+i-1] {
			t.Errorf("entries are not sorted at %q", l)
		}
	}
	// Round trip: parse(Bytes) has the same entries and the same bytes.
	ig, err := ParseIgnore(".keyguardignore", want)
	if err != nil {
		t.Fatal(err)
	}
	if string(ig.Bytes()) != string(want) || ig.Len() != len(entries) {
		t.Errorf("round trip changed the file")
	}
	for k, v := range entries {
		if ig.Reason(k) != v {
			t.Errorf("%s: reason %q, want %q", k, ig.Reason(k), v)
		}
	}
}

func TestIgnoreNil(t *testing.T) {
	var ig *Ignore
	if ig.Has(fp(1)) || ig.Reason(fp(1)) != "" || ig.Len() != 0 || string(ig.Bytes()) != ignoreHeader {
		t.Error("a nil Ignore should be empty")
	}
}
