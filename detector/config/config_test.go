package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (-want +got):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff is a small line-by-line diff for test failures.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "-%s\n+%s\n", wl, gl)
		}
	}
	return b.String()
}

// dump renders a File for golden files.
func dump(f *File) string {
	var b strings.Builder
	fmt.Fprintf(&b, "disable: %q\n", f.Disable)
	for _, l := range []struct {
		name string
		res  []*regexp.Regexp
	}{{"allow.paths", f.AllowPaths}, {"allow.values", f.AllowValues}} {
		var s []string
		for _, re := range l.res {
			s = append(s, re.String())
		}
		fmt.Fprintf(&b, "%s: %q\n", l.name, s)
	}
	for _, r := range f.Rules {
		fmt.Fprintf(&b, "rule %s: title=%q provider=%s kind=%s severity=%s keywords=%q regex=%q entropy=%g examples=%d\n",
			r.ID, r.Title, r.Provider, r.Kind, r.Severity, r.Keywords, r.Pattern, r.MinEntropy, len(r.Examples))
	}
	for _, p := range f.Providers {
		fmt.Fprintf(&b, "provider %s: name=%q env_var=%s rotate_url=%q\n", p.ID, p.Name, p.EnvVar, p.RotateURL)
	}
	if g := f.GitHub; g != (GitHub{}) {
		show := func(v *bool) string {
			if v == nil {
				return "unset"
			}
			return fmt.Sprint(*v)
		}
		fmt.Fprintf(&b, "github: issues=%s commit_comments=%s revoke_github_tokens=%s\n",
			show(g.Issues), show(g.CommitComments), show(g.RevokeGitHubTokens))
	}
	return b.String()
}

func fixtures(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", dir, "*.toml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures in testdata/%s: %v", dir, err)
	}
	return names
}

// TestParseValid: each testdata/valid/NAME.toml parses to NAME.golden.
func TestParseValid(t *testing.T) {
	for _, path := range fixtures(t, "valid") {
		name := strings.TrimSuffix(filepath.Base(path), ".toml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(".keyguard.toml", data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			golden(t, filepath.Join("valid", name+".golden"), dump(f))
			// Every accepted file builds a scanner.
			var cfg detector.Config
			f.Apply(&cfg)
			if _, err := detector.New(cfg); err != nil {
				t.Errorf("detector.New: %v", err)
			}
		})
	}
}

// TestParseInvalid: each testdata/invalid/NAME.toml fails with the
// errors in NAME.err, every one naming its line.
func TestParseInvalid(t *testing.T) {
	line := regexp.MustCompile(`^\.keyguard\.toml:[1-9][0-9]*: \S`)
	for _, path := range fixtures(t, "invalid") {
		name := strings.TrimSuffix(filepath.Base(path), ".toml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(".keyguard.toml", data)
			if err == nil {
				t.Fatalf("Parse accepted the file: %s", dump(f))
			}
			for _, l := range strings.Split(err.Error(), "\n") {
				if !line.MatchString(l) {
					t.Errorf("error line %q does not name the file and line", l)
				}
			}
			var e *Error
			if !errors.As(err, &e) || e.File != ".keyguard.toml" || e.Line < 1 {
				t.Errorf("error %v does not hold a *Error", err)
			}
			golden(t, filepath.Join("invalid", name+".err"), err.Error()+"\n")
		})
	}
}

func TestParseErrors(t *testing.T) {
	rule := func(extra string) string {
		return "[[rule]]\nid = \"acme-api-key\"\ntitle = \"Acme API key\"\nprovider = \"acme\"\n" +
			"keywords = [\"acme_\"]\nregex = 'acme_[a-z0-9]{32}'\n" + extra
	}
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"size", "# " + strings.Repeat("x", MaxSize), "kg.toml:1: the file is larger than 1024 KiB"},
		{"invalid UTF-8", "[rules]\ndisable = [\"\xff\"]\n", "kg.toml:2: "},
		{"typo in a top-level key", "rulez = {}\n", `kg.toml:1: unknown key "rulez" (did you mean "rules"?)`},
		{"dotted key into a rule", "rule.id = \"x\"\n", "kg.toml:1: custom rules are [[rule]] tables"},
		{"array of non-tables", "rule = [1]\n", "kg.toml:1: custom rules are [[rule]] tables"},
		{"nested table", "[rules.extra]\nx = 1\n", "kg.toml:1: unknown table [rules.extra]"},
		{"sub-table of a rule", rule("[rule.extra]\nx = 1\n"), `kg.toml:7: unknown table [rule.extra]`},
		{"dotted key in a rule", rule("regexp.extra = 1\n"), `kg.toml:7: unknown key "regexp.extra" in [[rule]]`},
		{"inline table element types", "allow = { paths = [[\"a\"]] }\n", "kg.toml:1: allow.paths must be an array of strings, not of an array"},
		{"date", "[rules]\ndisable = 1979-05-27\n", "kg.toml:2: rules.disable must be an array of strings, not a date or time"},
		{"integer entropy in hex", rule("entropy = 0x10\n"), "kg.toml:7: entropy: 0x10 is not between 0 and 8 bits per byte"},
		{"negative entropy", rule("entropy = -1.5\n"), "kg.toml:7: entropy: -1.5 is not between 0 and 8 bits per byte"},
		{"infinite entropy", rule("entropy = inf\n"), "kg.toml:7: entropy: inf is not a finite number"},
		{"rotate_url with credentials", rule("rotate_url = \"https://u:p@acme.example/\"\n"), `kg.toml:7: rotate_url: "https://u:p@acme.example/" is not an https URL`},
		{"empty provider_name", rule("provider_name = \"\"\n"), "kg.toml:7: provider_name cannot be empty"},
		{"bad provider ID", strings.Replace(rule(""), `"acme"`, `"acme corp"`, 1), `kg.toml:4: provider: "acme corp" is not a provider ID`},
		{"bad placeholder", rule("match = [\"{{an:0}}\"]\n"), `kg.toml:7: match: {{an:0}}: want a length, got "0"`},
		{"huge sample", rule("match = [\"{{b64of:((an:9000))}}\"]\n"), "kg.toml:7: match: the sample is longer than 16 KiB"},
		{"github setting of the wrong type", "[github]\nissues = \"yes\"\n", "kg.toml:2: github.issues must be true or false, not a string"},
		{"github typo", "[github]\nissue = false\n", `kg.toml:2: unknown key "issue" in [github] (did you mean "issues"?)`},
		{"github table typo", "[gihub]\n", `kg.toml:1: unknown table [gihub] (did you mean "github"?)`},
		{"sample on its own line", rule("match = [\n  \"acme_{{lan:32}}\",\n  \"nothing\",\n]\n"), "kg.toml:9: match: rule acme-api-key does not find this sample"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("kg.toml", []byte(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Parse error:\n%v\nwant it to start with:\n%s", err, tt.want)
			}
		})
	}
}

// TestErrorsNeverQuoteSamples: a sample may be a real key, so failing
// samples are named by their line only.
func TestErrorsNeverQuoteSamples(t *testing.T) {
	tok := synth.New(1).Expand("acme_{{lan:31}}")
	in := "[[rule]]\nid = \"acme-api-key\"\ntitle = \"t\"\nprovider = \"acme\"\nkeywords = [\"acme_\"]\n" +
		"regex = 'acme_[a-z0-9]{32}'\nmatch = [\"" + tok + "\"]\nno_match = [\"" + tok + "x\"]\n"
	_, err := Parse(".keyguard.toml", []byte(in))
	if err == nil || strings.Contains(err.Error(), tok) {
		t.Errorf("error %q: want an error that does not quote the sample", err)
	}
}

func TestApply(t *testing.T) {
	in := `[rules]
disable = ["generic-jwt"]
[allow]
paths = ['^vendor/']
values = ['^wdg_zz']
[[rule]]
id = "widget-token"
title = "Widget token"
provider = "widget"
keywords = ["wdg_"]
regex = '\bwdg_[a-z0-9]{24}\b'
`
	f, err := Parse(".keyguard.toml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	cfg := detector.Config{Disabled: []string{"generic-password"}}
	f.Apply(&cfg)
	if got := fmt.Sprint(cfg.Disabled); got != "[generic-password generic-jwt]" {
		t.Errorf("Disabled = %s", got)
	}
	if len(cfg.Rules) != len(detector.Rules())+1 || cfg.Rules[len(cfg.Rules)-1].ID != "widget-token" {
		t.Errorf("custom rule not appended to the built-in table (%d rules)", len(cfg.Rules))
	}
	if len(cfg.AllowPaths) != 1 || len(cfg.AllowValues) != 1 || len(cfg.Providers) != 1 {
		t.Errorf("allowlists or providers not merged: %+v", cfg)
	}
	s, err := detector.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	g := synth.New(3)
	tests := []struct {
		name string
		frag detector.Fragment
		want string
	}{
		{"custom rule", detector.Fragment{Path: "a.txt", Data: []byte("t = " + g.Expand("wdg_{{lan:24}}"))}, "widget-token"},
		{"allowed path", detector.Fragment{Path: "vendor/a.txt", Data: []byte("t = " + g.Expand("wdg_{{lan:24}}"))}, ""},
		{"allowed value", detector.Fragment{Path: "a.txt", Data: []byte("t = " + g.Expand("wdg_zz{{lan:22}}"))}, ""},
		{"disabled rule", detector.Fragment{Path: "a.txt", Data: []byte("t = " + g.JWT())}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range s.Scan(tt.frag) {
				got = append(got, f.RuleID)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("rules %q, want %q", got, tt.want)
			}
		})
	}
	p, _ := s.Provider("widget")
	if p.Name != "widget" || p.EnvVar != "WIDGET_TOKEN" {
		t.Errorf("provider defaults = %+v", p)
	}
}

// TestGitHubUnder: a repository's [github] wins key by key over the
// organisation's, and what neither says takes the default.
func TestGitHubUnder(t *testing.T) {
	parse := func(src string) GitHub {
		t.Helper()
		f, err := Parse("kg.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return f.GitHub
	}
	org := parse("[github]\nissues = false\nrevoke_github_tokens = true\n")
	tests := []struct {
		name                     string
		repo                     GitHub
		org                      GitHub
		issues, comments, revoke bool
	}{
		{"defaults", GitHub{}, GitHub{}, true, true, false},
		{"organisation only", GitHub{}, org, false, true, true},
		{"repository wins", parse("github = { issues = true, commit_comments = false }\n"), org, true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.repo.Under(tt.org)
			if g.OpenIssues() != tt.issues || g.CommentOnCommits() != tt.comments || g.Revoke() != tt.revoke {
				t.Errorf("issues=%v comments=%v revoke=%v", g.OpenIssues(), g.CommentOnCommits(), g.Revoke())
			}
		})
	}
}
