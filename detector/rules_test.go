package detector_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// The floor for coverage of the rule table.
const (
	minRules     = 150
	minProviders = 100
)

func defaultScanner(t testing.TB) *detector.Scanner {
	t.Helper()
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var ruleID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)

func TestRuleTable(t *testing.T) {
	providers := map[string]detector.Provider{}
	for _, p := range detector.Providers() {
		if _, dup := providers[p.ID]; dup {
			t.Errorf("provider %s: duplicate", p.ID)
		}
		if p.Name == "" || !strings.HasPrefix(p.RotateURL, "https://") || p.EnvVar == "" {
			t.Errorf("provider %s: needs a name, an https rotation URL and an env var", p.ID)
		}
		if strings.ToUpper(p.EnvVar) != p.EnvVar || strings.ContainsAny(p.EnvVar, " -") {
			t.Errorf("provider %s: env var %q is not an UPPER_SNAKE name", p.ID, p.EnvVar)
		}
		providers[p.ID] = p
	}
	used := map[string]bool{}
	seen := map[string]bool{}
	for _, r := range detector.Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s: duplicate ID", r.ID)
		}
		seen[r.ID] = true
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		if !ruleID.MatchString(r.ID) {
			t.Errorf("rule %s: ID is not <provider>-<credential> kebab-case", r.ID)
		}
		if _, ok := providers[r.Provider]; !ok {
			t.Errorf("rule %s: provider %q is not in the provider table", r.ID, r.Provider)
		}
		used[r.Provider] = true
		if r.Title == "" {
			t.Errorf("rule %s: no title", r.ID)
		}
		if len(r.Match) == 0 || len(r.NoMatch) == 0 {
			t.Errorf("rule %s: needs match and no-match samples", r.ID)
		}
		for _, m := range r.Match {
			if !synth.HasPlaceholder(m) {
				// A literal match sample would be a realistic secret in
				// the repository.
				t.Errorf("rule %s: match sample %q has no {{placeholder}}", r.ID, m)
			}
		}
	}
	if n := len(seen); n < minRules {
		t.Errorf("%d rules, want at least %d", n, minRules)
	}
	if n := len(used); n < minProviders {
		t.Errorf("rules cover %d providers, want at least %d", n, minProviders)
	}
	for id := range providers {
		if !used[id] {
			t.Errorf("provider %s: no rule uses it", id)
		}
	}
}

// TestRuleSamples walks every rule's samples through the full scanner,
// keyword prefilter included, with several seeds.
func TestRuleSamples(t *testing.T) {
	s := defaultScanner(t)
	for _, r := range detector.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			for seed := uint64(1); seed <= 5; seed++ {
				g := synth.New(seed)
				for i, tmpl := range r.Match {
					text := g.Expand(tmpl)
					got := s.Scan(detector.Fragment{Path: "sample.txt", Data: []byte(text)})
					if n := count(got, r.ID); n != 1 {
						t.Errorf("seed %d match[%d] %q: got %s, want one %s finding", seed, i, tmpl, ids(got), r.ID)
					}
				}
				for i, tmpl := range r.NoMatch {
					text := g.Expand(tmpl)
					for _, f := range s.Scan(detector.Fragment{Path: "sample.txt", Data: []byte(text)}) {
						if f.RuleID == r.ID {
							t.Errorf("seed %d no-match[%d] %q: found %s", seed, i, tmpl, ids([]detector.Finding{f}))
						}
					}
				}
			}
		})
	}
}

func ids(fs []detector.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%d:%d", f.RuleID, f.Line, f.Column))
	}
	return "[" + strings.Join(out, " ") + "]"
}

func count(fs []detector.Finding, id string) int {
	n := 0
	for _, f := range fs {
		if f.RuleID == id {
			n++
		}
	}
	return n
}

// TestFallbackRules: generic-named rules must give way to provider rules.
func TestFallbackRules(t *testing.T) {
	for _, r := range detector.Rules() {
		if strings.HasPrefix(r.ID, "generic-") && !r.Fallback {
			t.Errorf("rule %s: generic rules must set Fallback", r.ID)
		}
	}
}

// TestProvidersWinOverHeaders: a provider token sent in a header is
// reported by its provider rule, not as a Bearer token.
func TestProvidersWinOverHeaders(t *testing.T) {
	s := defaultScanner(t)
	tok := synth.New(11).GitHubToken("ghp_")
	for _, line := range []string{
		"Authorization: Bearer " + tok,
		"curl -H 'Authorization: Bearer " + tok + "'",
		"machine api.github.com login me password " + tok,
	} {
		got := s.Scan(detector.Fragment{Path: "x", Data: []byte(line)})
		if len(got) != 1 || got[0].RuleID != "github-pat" {
			t.Errorf("%.40q: got %s, want github-pat", line, ids(got))
		}
	}
}
