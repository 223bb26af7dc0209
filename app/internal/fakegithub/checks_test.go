package fakegithub_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

func annotations(from, n int) []*github.CheckRunAnnotation {
	var out []*github.CheckRunAnnotation
	for i := from; i < from+n; i++ {
		out = append(out, &github.CheckRunAnnotation{
			Path:            github.String(fmt.Sprintf("src/file%d.go", i)),
			StartLine:       github.Int(i + 1),
			EndLine:         github.Int(i + 1),
			AnnotationLevel: github.String("failure"),
			Message:         github.String(fmt.Sprintf("secret %d", i)),
			Title:           github.String("GitHub token"),
		})
	}
	return out
}

// TestCheckRunAnnotations reports 120 findings as GitHub requires: a
// check run created, then updated in batches of at most 50 annotations,
// which GitHub appends; a batch of 51 is refused.
func TestCheckRunAnnotations(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 1, 1)

	run, resp, err := f.gh.Checks.CreateCheckRun(ctx(), owner, repo, github.CreateCheckRunOptions{
		Name:    "keyguard",
		HeadSHA: pr.HeadSHA,
		Status:  github.String("in_progress"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated || run.GetStatus() != "in_progress" || run.GetApp().GetID() != appID ||
		len(run.PullRequests) != 1 || run.PullRequests[0].GetNumber() != pr.Number {
		t.Errorf("created: %d %s app %d prs %d", resp.StatusCode, run.GetStatus(), run.GetApp().GetID(), len(run.PullRequests))
	}

	batches := [][2]int{{0, 50}, {50, 50}, {100, 20}}
	for i, b := range batches {
		opts := github.UpdateCheckRunOptions{
			Name: "keyguard",
			Output: &github.CheckRunOutput{
				Title:       github.String("120 secrets"),
				Summary:     github.String("keyguard found 120 secrets"),
				Annotations: annotations(b[0], b[1]),
			},
		}
		if i == len(batches)-1 {
			opts.Conclusion = github.String("failure")
		}
		run, _, err = f.gh.Checks.UpdateCheckRun(ctx(), owner, repo, run.GetID(), opts)
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
	}
	if run.GetStatus() != "completed" || run.GetConclusion() != "failure" || run.GetOutput().GetAnnotationsCount() != 120 || run.CompletedAt == nil {
		t.Errorf("after the batches: %s %s, %d annotations", run.GetStatus(), run.GetConclusion(), run.GetOutput().GetAnnotationsCount())
	}

	_, resp, err = f.gh.Checks.UpdateCheckRun(ctx(), owner, repo, run.GetID(), github.UpdateCheckRunOptions{
		Name:   "keyguard",
		Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: annotations(200, 51)},
	})
	if err == nil || resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(err.Error(), "No more than 50 items are allowed; 51 were supplied.") {
		t.Errorf("51 annotations: %v, want 422", err)
	}
	inv := f.srv.Invalid()
	if len(inv) != 1 || inv[0].Route != "/repos/{owner}/{repo}/check-runs/{check_run_id}" || inv[0].Status != 422 {
		t.Errorf("Invalid() = %+v, want the 51-annotation request", inv)
	}

	var listed []*github.CheckRunAnnotation
	opt := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := f.gh.Checks.ListCheckRunAnnotations(ctx(), owner, repo, run.GetID(), opt)
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, page...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if len(listed) != 120 || listed[119].GetMessage() != "secret 119" {
		t.Errorf("listed %d annotations", len(listed))
	}

	runs := f.srv.CheckRuns(repoFul)
	if len(runs) != 1 || len(runs[0].Annotations) != 120 || runs[0].Updates != 3 || runs[0].Summary != "keyguard found 120 secrets" {
		t.Errorf("state: %+v", runs)
	}
	got, _, err := f.gh.Checks.GetCheckRun(ctx(), owner, repo, run.GetID())
	if err != nil || got.GetConclusion() != "failure" {
		t.Errorf("GetCheckRun: %v %v", got.GetConclusion(), err)
	}
	list, _, err := f.gh.Checks.ListCheckRunsForRef(ctx(), owner, repo, pr.HeadSHA, &github.ListCheckRunsOptions{CheckName: github.String("keyguard")})
	if err != nil || list.GetTotal() != 1 || list.CheckRuns[0].GetID() != run.GetID() {
		t.Errorf("ListCheckRunsForRef: %v", err)
	}
	// Only the invalid request above was invalid.
	if n := len(f.srv.Invalid()); n != 1 || len(f.srv.Unexpected()) != 0 {
		t.Errorf("%d invalid, %v unexpected", n, f.srv.Unexpected())
	}
}

func TestCheckRunRules(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 1, 1)
	tests := []struct {
		name    string
		body    string
		status  int
		invalid bool // breaks the description, not just GitHub's rules
	}{
		{"completed without a conclusion", `{"name":"k","head_sha":"HEAD","status":"completed"}`, 422, false},
		{"unknown commit", `{"name":"k","head_sha":"` + strings.Repeat("1", 40) + `"}`, 422, false},
		{"columns across lines", `{"name":"k","head_sha":"HEAD","output":{"title":"t","summary":"s","annotations":[{"path":"a","start_line":1,"end_line":2,"start_column":1,"end_column":3,"annotation_level":"notice","message":"m"}]}}`, 422, false},
		{"no name", `{"head_sha":"HEAD"}`, 422, true},
		{"unknown level", `{"name":"k","head_sha":"HEAD","output":{"title":"t","summary":"s","annotations":[{"path":"a","start_line":1,"end_line":1,"annotation_level":"error","message":"m"}]}}`, 422, true},
		{"output without summary", `{"name":"k","head_sha":"HEAD","output":{"title":"t"}}`, 422, true},
		{"conclusion sets completed", `{"name":"k","head_sha":"HEAD","conclusion":"success"}`, 201, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.srv.Invalid())
			resp := f.raw(t, "POST", "/repos/acme/web/check-runs", strings.ReplaceAll(tt.body, "HEAD", pr.HeadSHA))
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := len(f.srv.Invalid()) > before; got != tt.invalid {
				t.Errorf("recorded invalid: %v, want %v", got, tt.invalid)
			}
		})
	}
}
