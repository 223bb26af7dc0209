package corpus

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// testSize is large enough for every provider rule to get its three
// placements in files of their own type, and small enough to be quick.
const testSize = 1000

var generated = func() func() ([]File, stats) {
	var files []File
	var st stats
	return func() ([]File, stats) {
		if files == nil {
			files, st = generate(1, testSize)
		}
		return files, st
	}
}()

// unescape undoes the escapes the corpus writes values with (C-like and
// single-quoted strings, XML, Kotlin's "\$", C#'s doubled quotes, HCL's
// "$${", the shell's escaped single quote) and the indentation of YAML
// blocks and heredocs.
func unescape(s string) string {
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				sb.WriteByte('\n')
			case 't':
				sb.WriteByte('\t')
			case 'r':
				sb.WriteByte('\r')
			default:
				sb.WriteByte(s[i])
			}
			continue
		}
		sb.WriteByte(s[i])
	}
	s = sb.String()
	s = strings.NewReplacer(`'\''`, "'", `""`, `"`, "$${", "${", "%%{", "%{").Replace(s)
	return dropIndent(s)
}

var indentRE = regexp.MustCompile(`\n[ \t]+`)

func dropIndent(s string) string { return indentRE.ReplaceAllString(s, "\n") }

func TestLabelsPointAtValues(t *testing.T) {
	files, _ := generated()
	n := 0
	for _, f := range files {
		if len(f.raw) != len(f.Labels) {
			t.Fatalf("%s: %d raw values for %d labels", f.Path, len(f.raw), len(f.Labels))
		}
		prevEnd := -1
		for i, l := range f.Labels {
			n++
			if l.Start < 0 || l.End > len(f.Content) || l.Start >= l.End {
				t.Errorf("%s: label %d span [%d,%d) outside the content", f.Path, i, l.Start, l.End)
				continue
			}
			if l.Start < prevEnd {
				t.Errorf("%s: label %d overlaps the previous one", f.Path, i)
			}
			prevEnd = l.End
			if want := 1 + bytes.Count(f.Content[:l.Start], []byte{'\n'}); l.Line != want {
				t.Errorf("%s: label %d on line %d, want %d", f.Path, i, l.Line, want)
			}
			if l.RuleID == "" || (l.Class != ClassProvider && l.Class != ClassGeneric) {
				t.Errorf("%s: label %d: rule %q class %q", f.Path, i, l.RuleID, l.Class)
			}
			text := string(f.Content[l.Start:l.End])
			if strings.TrimSpace(text) != text || strings.Trim(text, `"'`+"`") != text {
				t.Errorf("%s:%d: label %s %q has surrounding space or quotes", f.Path, l.Line, l.RuleID, text)
			}
			raw := f.raw[i]
			// A multi-line value is re-indented where the file nests it.
			if text != raw && unescape(text) != dropIndent(raw) && dropIndent(text) != dropIndent(raw) {
				t.Errorf("%s:%d: label %s text %q is not the generated value %q", f.Path, l.Line, l.RuleID, text, raw)
			}
		}
		for _, ng := range f.Negatives {
			for _, l := range f.Labels {
				if ng.Start < l.End && l.Start < ng.End {
					t.Errorf("%s:%d: negative %s overlaps label %s", f.Path, ng.Line, ng.Kind, l.RuleID)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no labels")
	}
}

func TestDeterministic(t *testing.T) {
	a := Generate(7, 80)
	b := Generate(7, 80)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two corpora")
	}
	c := Generate(8, 80)
	if reflect.DeepEqual(a, c) {
		t.Fatal("two seeds gave the same corpus")
	}
	if len(a) != 80 {
		t.Fatalf("%d files, want 80", len(a))
	}
}

func TestEveryFileType(t *testing.T) {
	types := FileTypes()
	// Even a corpus as small as the list of types holds each of them.
	small := Generate(3, len(types))
	seen := map[string]bool{}
	paths := map[string]bool{}
	for _, f := range small {
		seen[f.Type] = true
	}
	for _, typ := range types {
		if !seen[typ] {
			t.Errorf("file type %s missing from a corpus of %d files", typ, len(types))
		}
	}
	files, _ := generated()
	for _, f := range files {
		if paths[f.Path] {
			t.Errorf("duplicate path %s", f.Path)
		}
		paths[f.Path] = true
		if len(bytes.TrimSpace(f.Content)) == 0 {
			t.Errorf("%s: empty file", f.Path)
		}
	}
}

func TestProviderCoverage(t *testing.T) {
	files, st := generated()
	skipped := map[string]bool{}
	for _, id := range st.skipped {
		skipped[id] = true
	}
	types := map[string]map[string]bool{}
	for _, f := range files {
		for _, l := range f.Labels {
			if types[l.RuleID] == nil {
				types[l.RuleID] = map[string]bool{}
			}
			types[l.RuleID][f.Type] = true
		}
	}
	rules := ProviderRules()
	if len(rules) < 300 {
		t.Fatalf("only %d provider rules", len(rules))
	}
	for _, r := range rules {
		if skipped[r.ID] {
			continue
		}
		n := len(types[r.ID])
		switch {
		case n == 0:
			t.Errorf("rule %s: no positive in the corpus and not listed as skipped", r.ID)
		case n < 3 && !urlPasswordRules[r.ID]:
			t.Errorf("rule %s: positives in %d file types, want at least 3", r.ID, n)
		}
	}
	if got := Skipped(1); !reflect.DeepEqual(got, st.skipped) {
		t.Errorf("Skipped(1) = %v, generation skipped %v", got, st.skipped)
	}
	if len(st.skipped) > len(rules)/20 {
		t.Errorf("%d rules skipped: %v", len(st.skipped), st.skipped)
	}
}

func TestGenericCoverage(t *testing.T) {
	files, _ := generated()
	count := map[string]int{}
	var provider, generic int
	for _, f := range files {
		for _, l := range f.Labels {
			if l.Class == ClassGeneric {
				generic++
				count[l.RuleID]++
			} else {
				provider++
			}
		}
	}
	for _, id := range []string{"generic-password", "generic-secret", "generic-url-credentials", "http-basic-auth", "http-bearer-token",
		"postgresql-url-password", "mysql-url-password", "mongodb-url-password", "redis-url-password", "rabbitmq-url-password", "jdbc-url-password"} {
		if count[id] < 5 {
			t.Errorf("only %d generic positives for %s", count[id], id)
		}
	}
	// The benchmark weighs generic secrets most.
	if generic < provider {
		t.Errorf("%d generic positives for %d provider positives", generic, provider)
	}
}

func TestHardNegatives(t *testing.T) {
	files, st := generated()
	labels := 0
	kinds := map[string]int{}
	for _, f := range files {
		labels += len(f.Labels)
		for _, n := range f.Negatives {
			kinds[n.Kind]++
		}
	}
	if 2*st.negatives < 3*labels {
		t.Errorf("%d hard negatives for %d labels, want at least 1.5 times as many", st.negatives, labels)
	}
	for _, k := range []string{"placeholder", "env-lookup", "secret-ref", "hash", "uuid-id", "policy", "token-word", "pagination",
		"ui-string", "i18n", "color", "asset", "password-hash", "public-key", "data-uri", "example-key", "setting-name", "cache-key",
		"path", "client-id", "digest", "git-sha", "integrity", "go-sum", "minified", "regex", "comparison", "call", "test-log",
		"react-key", "prose", "certificate"} {
		if kinds[k] == 0 {
			t.Errorf("no hard negative of kind %s", k)
		}
	}
}

// Most lines are neither positive nor negative.
func TestMostLinesNeutral(t *testing.T) {
	files, _ := generated()
	var total, marked int
	for _, f := range files {
		lines := map[int]bool{}
		for _, l := range f.Labels {
			lines[l.Line] = true
		}
		for _, n := range f.Negatives {
			lines[n.Line] = true
		}
		total += bytes.Count(f.Content, []byte{'\n'})
		marked += len(lines)
	}
	if marked*2 > total {
		t.Errorf("%d of %d lines hold a positive or a negative", marked, total)
	}
}

// The corpus never contains the repository's own placeholders: every
// template was expanded.
func TestNoTemplatesLeft(t *testing.T) {
	files, _ := generated()
	for _, f := range files {
		if bytes.Contains(f.Content, []byte("{{an:")) || bytes.Contains(f.Content, []byte("((an:")) {
			t.Errorf("%s: unexpanded template", f.Path)
		}
	}
}
