package review

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// leakOn scans one line and returns its only finding as a Leak.
func leakOn(t *testing.T, path, line string) Leak {
	t.Helper()
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	fs := s.Scan(detector.Fragment{Path: path, Line: 7, Data: []byte(line)})
	if len(fs) != 1 {
		t.Fatalf("%d findings on %q, want 1", len(fs), line)
	}
	return Leak{Finding: fs[0], LineText: line, InDiff: true}
}

func lookup(t *testing.T) Lookup {
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReview(t *testing.T) {
	g := synth.New(51)
	gh, stripe, pk := g.GitHubToken("ghp_"), g.Expand("sk_live_{{an:24}}"), g.Expand("pk_live_{{an:24}}")
	secrets := []string{gh, stripe}
	ghLeak := leakOn(t, "cmd/deploy.go", `	token := "`+gh+`"`)
	stripeLeak := leakOn(t, "billing/pay.py", `stripe.api_key = "`+stripe+`"`)
	pubLeak := leakOn(t, "web/app.js", `const key = "`+pk+`";`)
	lk := lookup(t)

	tests := []struct {
		name       string
		scan       Scan
		conclusion string
		title      string
		comments   int
	}{
		{"clean", Scan{Commits: 2, Files: 3}, "success", "No secrets found", 0},
		{"one secret", Scan{Leaks: []Leak{ghLeak}, Commits: 1, Files: 1}, "failure", "1 secret found: rotate it", 1},
		{"two secrets and a publishable key", Scan{Leaks: []Leak{stripeLeak, ghLeak, pubLeak}, Commits: 3, Files: 3}, "failure", "2 secrets found: rotate them", 3},
		{"ignored secret passes", Scan{Leaks: []Leak{withIgnore(ghLeak, "revoked test token")}}, "success", "No secrets found", 0},
		{"publishable alone passes", Scan{Leaks: []Leak{pubLeak}}, "success", "No secrets found", 1},
		{"removed again: green, but rotate it", Scan{Leaks: []Leak{notInDiff(ghLeak)}}, "success", "A secret was removed again, but it reached GitHub: rotate it", 0},
		{"partial", Scan{Partial: []string{"big.json: too large to fetch"}}, "success", "No secrets found in what could be scanned", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.scan.Conclusion(); got != tt.conclusion {
				t.Errorf("Conclusion() = %q, want %q", got, tt.conclusion)
			}
			out := tt.scan.Output(lk)
			if out.GetTitle() != tt.title {
				t.Errorf("title %q, want %q", out.GetTitle(), tt.title)
			}
			cs := tt.scan.Comments(lk, nil)
			if len(cs) != tt.comments {
				t.Errorf("%d comments, want %d", len(cs), tt.comments)
			}
			rendered := out.GetSummary()
			for _, a := range tt.scan.Annotations(lk) {
				rendered += a.GetMessage() + a.GetTitle()
			}
			for _, c := range cs {
				rendered += c.GetBody()
			}
			for _, s := range secrets {
				if strings.Contains(rendered, s) || strings.Contains(rendered, s[8:20]) {
					t.Fatalf("rendered output reveals a secret:\n%s", rendered)
				}
			}
			for _, l := range tt.scan.Leaks {
				if !strings.Contains(out.GetSummary(), l.Redacted) {
					t.Errorf("summary lacks %s", l.Redacted)
				}
			}
			if len(tt.scan.Partial) > 0 && !strings.Contains(out.GetSummary(), "partial") {
				t.Errorf("a partial scan must say so:\n%s", out.GetSummary())
			}
		})
	}
}

func TestCommentBody(t *testing.T) {
	g := synth.New(52)
	gh := g.GitHubToken("ghp_")
	l := leakOn(t, "cmd/deploy.go", `	deployToken := "`+gh+`"`)
	cs := Scan{Leaks: []Leak{l, l}}.Comments(lookup(t), nil)
	if len(cs) != 1 {
		t.Fatalf("%d comments for one fingerprint twice, want 1", len(cs))
	}
	c := cs[0]
	if c.GetPath() != "cmd/deploy.go" || c.GetLine() != 7 || c.GetSide() != "RIGHT" {
		t.Errorf("comment placed at %s:%d %s", c.GetPath(), c.GetLine(), c.GetSide())
	}
	body := c.GetBody()
	for _, want := range []string{
		"GitHub personal access token", "ghp_****", "rotate this key now", "https://github.com/settings/tokens",
		"```suggestion\n\tdeployToken := os.Getenv(\"DEPLOY_TOKEN\")\n```", "keyguard ignore " + l.Fingerprint, Marker(l.Fingerprint),
	} {
		if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
			t.Errorf("comment lacks %q:\n%s", want, body)
		}
	}
	if got := MarkedFingerprints([]string{"x", body}); !got[l.Fingerprint] || len(got) != 1 {
		t.Errorf("MarkedFingerprints = %v", got)
	}
	if cs := (Scan{Leaks: []Leak{l}}).Comments(lookup(t), map[string]bool{l.Fingerprint: true}); len(cs) != 0 {
		t.Errorf("commented again on a fingerprint already done")
	}
}

func TestHistoryComment(t *testing.T) {
	g := synth.New(53)
	gh := g.GitHubToken("ghp_")
	l := notInDiff(leakOn(t, "a.go", `var t = "`+gh+`"`))
	l.Commit = "0123456789abcdef"
	s := Scan{Leaks: []Leak{l}}
	c := s.HistoryComment(lookup(t), nil)
	for _, want := range []string{"rotate each one now", "a.go", "0123456", "ghp_****", "https://github.com/settings/tokens", Marker(l.Fingerprint)} {
		if !strings.Contains(c, want) {
			t.Errorf("comment lacks %q:\n%s", want, c)
		}
	}
	if strings.Contains(c, gh) {
		t.Error("comment reveals the secret")
	}
	if s.HistoryComment(lookup(t), MarkedFingerprints([]string{c})) != "" {
		t.Error("announced twice")
	}
	if (Scan{Leaks: []Leak{leakOn(t, "a.go", `var t = "`+gh+`"`)}}).HistoryComment(lookup(t), nil) != "" {
		t.Error("a leak still in the diff is not a history leak")
	}
}

func TestBatches(t *testing.T) {
	for _, n := range []int{0, 1, 50, 51, 120} {
		as := make([]*github.CheckRunAnnotation, n)
		var sizes []int
		for _, b := range Batches(as) {
			sizes = append(sizes, len(b))
		}
		want := map[int]string{0: "[]", 1: "[1]", 50: "[50]", 51: "[50 1]", 120: "[50 50 20]"}[n]
		if fmt.Sprint(sizes) != want {
			t.Errorf("Batches(%d) = %v, want %s", n, sizes, want)
		}
	}
}

func withIgnore(l Leak, reason string) Leak { l.Ignored = reason; return l }
func notInDiff(l Leak) Leak                 { l.InDiff = false; return l }
