package detector

import (
	"slices"
	"strings"
	"testing"
)

func TestStringLiteral(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		mark      string // a word whose first byte is asked about
		want      string // the literal it lies in; "" for none
	}{
		{"a.go", "x := `\nusers: [{user: a, password: xxxx}]\n`", "xxxx", "\nusers: [{user: a, password: xxxx}]\n"},
		{"a.go", "x := \"a\\\"b xxxx\"", "xxxx", "a\\\"b xxxx"},
		// Quotes in comments open nothing.
		{"a.go", "// don't\nx := xxxx", "xxxx", ""},
		{"a.go", "/* \"open */ x := xxxx", "xxxx", ""},
		{"a.py", "# it's\nx = xxxx", "xxxx", ""},
		// A Go rune is not a string, a stray quote ends at its line.
		{"a.go", "c := '\"'\nx := xxxx", "xxxx", ""},
		{"a.js", "const s = 'it\nx = xxxx", "xxxx", ""},
		{"a.js", "const s = `a ${b} \\` xxxx`", "xxxx", "a ${b} \\` xxxx"},
		{"a.py", "s = \"\"\"\nPASS=xxxx\n\"\"\"", "xxxx", "\nPASS=xxxx\n"},
		{"a.py", "s = '''x\n'y' xxxx'''", "xxxx", "x\n'y' xxxx"},
		{"A.java", "String s = \"\"\"\n  pass: xxxx\n  \"\"\";", "xxxx", "\n  pass: xxxx\n  "},
		// No lexer for this language: nothing is a literal.
		{"a.rb", "s = 'xxxx'", "xxxx", ""},
	} {
		c := &findCtx{data: []byte(tc.src), path: tc.path}
		at := strings.Index(tc.src, tc.mark)
		lit, ok := c.stringLiteral(at)
		got := ""
		if ok {
			got = tc.src[lit.lo:lit.hi]
		}
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s %q: literal %q (%v), want %q", tc.path, tc.src, got, ok, tc.want)
		}
	}
}

// FuzzStrSpans: any input gives ordered, disjoint spans inside it.
func FuzzStrSpans(f *testing.F) {
	f.Add("x := `a` + \"b\\\"\" // c\n/* d */ 'e'")
	f.Add("s = '''a''' + \"\"\"b")
	f.Add("`${`")
	f.Fuzz(func(t *testing.T, src string) {
		for _, syn := range []lexSyntax{lexGo, lexJS, lexPython, lexCLike} {
			prev := 0
			spans, _ := strSpans([]byte(src), syn, nil, 0, len(src))
			// Lexing in steps gives the same literals as lexing at once.
			var step []span
			for pos, at := 0, 0; pos < len(src); at += 7 {
				if pos <= at {
					step, pos = strSpans([]byte(src), syn, step, pos, at)
				}
			}
			if len(src) > 0 && !slices.Equal(spans, step) {
				t.Fatalf("stepwise %v, at once %v", step, spans)
			}
			for _, sp := range spans {
				if sp.lo < prev || sp.hi < sp.lo || sp.hi > len(src) {
					t.Fatalf("bad span %v after %d in %d bytes", sp, prev, len(src))
				}
				prev = sp.hi
			}
		}
	})
}
