package remedy

import (
	"strings"
	"testing"
)

// fuzzPaths gives the fuzzer one file of every language (and a file with
// no extension, and an unknown one): a random path would almost never
// name a language.
var fuzzPaths = func() []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, c := range rewrites {
		add(c.path)
	}
	for _, c := range refusals {
		add(c.path)
	}
	return out
}()

func pathIndex(p string) uint8 {
	for i, q := range fuzzPaths {
		if q == p {
			return uint8(i)
		}
	}
	panic("no fuzz path " + p)
}

// FuzzRewrite checks what must hold for any input: no panic; when ok, the
// secret's span lies inside the text replaced, the text around it is kept
// (but for a swapped const keyword before the literal), and no four bytes
// of the secret remain.
func FuzzRewrite(f *testing.F) {
	for _, c := range rewrites {
		start, end := c.span()
		f.Add(pathIndex(c.path), c.line, start, end, c.env)
	}
	for _, c := range refusals {
		start, end := c.start, c.end
		if end == 0 {
			start, end = rewriteCase{name: c.name, line: c.line, secret: c.secret}.span()
		}
		f.Add(pathIndex(c.path), c.line, start, end, c.env)
	}
	f.Fuzz(func(t *testing.T, p uint8, line string, start, end int, env string) {
		path := fuzzPaths[int(p)%len(fuzzPaths)]
		check(t, path, line, start, end, env)
		if env != "API_KEY" {
			// Most fuzzed names are invalid; try a valid one too so that
			// the fuzzer explores the scanner, not only the validation.
			check(t, path, line, start, end, "API_KEY")
		}
	})
}

func check(t *testing.T, path, line string, start, end int, env string) {
	out, ok := Rewrite(path, line, start, end, env)
	e, planned := plan(path, line, start, end, env)
	if ok != planned {
		t.Fatalf("Rewrite ok=%v, plan ok=%v", ok, planned)
	}
	if !ok {
		if out != "" {
			t.Fatalf("Rewrite = %q, false; want an empty line when not ok", out)
		}
		return
	}
	secret := line[start:end]
	if strings.Contains(out, secret) {
		t.Fatalf("Rewrite(%q, %q, %d, %d, %q) = %q holds the secret %q", path, line, start, end, env, out, secret)
	}
	assertNoLeak(t, out, secret)
	if e.lo > start || e.hi < end {
		t.Fatalf("replaced line[%d:%d], which does not cover the secret at [%d:%d] of %q", e.lo, e.hi, start, end, line)
	}
	if !strings.HasSuffix(out, line[e.hi:]) {
		t.Fatalf("Rewrite(%q) = %q changed the text after the literal %q", line, out, line[e.hi:])
	}
	keep := e.lo
	if e.kwAt >= 0 {
		// Only a declaration keyword before the literal may change:
		// const to var, final, or nothing.
		if e.kwAt+e.kwLen > e.lo || strings.TrimSpace(line[e.kwAt:e.kwAt+e.kwLen]) != "const" {
			t.Fatalf("swapped %q at %d, want a const keyword before the literal at %d", line[e.kwAt:e.kwAt+e.kwLen], e.kwAt, e.lo)
		}
		keep = e.kwAt
		if !strings.Contains(out, line[e.kwAt+e.kwLen:e.lo]) {
			t.Fatalf("Rewrite(%q) = %q changed the text between keyword and literal", line, out)
		}
	}
	if !strings.HasPrefix(out, line[:keep]) {
		t.Fatalf("Rewrite(%q) = %q changed the text before the literal %q", line, out, line[:keep])
	}
}
