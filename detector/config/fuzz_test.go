package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
)

// errLine is the form of every error line.
var errLine = regexp.MustCompile(`^f:([1-9][0-9]*): \S`)

func checkErrorLines(t *testing.T, err error) {
	t.Helper()
	for _, l := range strings.Split(err.Error(), "\n") {
		if !errLine.MatchString(l) {
			t.Fatalf("error line %q does not name the file and line", l)
		}
	}
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.toml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("rule = [{id = 'a', title = 't', provider = 'p', keywords = ['k'], regex = 'k', match = ['k']}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("f", data)
		if err != nil {
			checkErrorLines(t, err)
			return
		}
		// Whatever is accepted builds a scanner, and parsing is
		// deterministic.
		for _, r := range file.Rules {
			if err := r.Validate(); err != nil {
				t.Fatalf("accepted an invalid rule: %v", err)
			}
		}
		var cfg detector.Config
		file.Apply(&cfg)
		if _, err := detector.New(cfg); err != nil {
			t.Fatalf("accepted settings that build no scanner: %v", err)
		}
		again, err := Parse("f", data)
		if err != nil || dump(again) != dump(file) {
			t.Fatalf("a second parse differs: %v", err)
		}
	})
}

func FuzzParseIgnore(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("# c\n" + fp(1) + " why\n" + fp(2) + "\tother reason\r\n"))
	f.Add([]byte(fp(1) + "\n"))
	f.Add([]byte("xyz why\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ig, err := ParseIgnore("f", data)
		if err != nil {
			checkErrorLines(t, err)
			return
		}
		canon := ig.Bytes()
		again, err := ParseIgnore("f", canon)
		if err != nil {
			t.Fatalf("the canonical form does not parse: %v\n%q", err, canon)
		}
		if string(again.Bytes()) != string(canon) || again.Len() != ig.Len() {
			t.Fatalf("round trip changed the file:\n%q\n%q", canon, again.Bytes())
		}
		for fp, reason := range ig.reasons {
			if again.Reason(fp) != reason {
				t.Fatalf("reason of %s: %q became %q", fp, reason, again.Reason(fp))
			}
		}
	})
}
