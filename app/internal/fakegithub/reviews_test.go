package fakegithub_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// leakPull opens a pull request that adds a line 11 to a 20-line file.
func leakPull(t *testing.T, f *fixture) fakegithub.PullRequest {
	t.Helper()
	var lines []string
	for i := 1; i <= 20; i++ {
		lines = append(lines, "\tx := "+strings.Repeat("y", i))
	}
	old := "package main\n\nfunc main() {\n" + strings.Join(lines, "\n") + "\n}\n"
	new := strings.Replace(old, lines[7]+"\n", lines[7]+"\n\ttoken := load()\n", 1)
	base := f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"main.go": old}})
	f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "leak", Parents: []string{base}, Files: map[string]string{"main.go": new}})
	return f.srv.AddPullRequest(repoFul, fakegithub.PullRequest{Head: "leak"})
}

func TestReviewComments(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := leakPull(t, f)
	// main.go's patch: "@@ -9,6 +9,7 @@ func main() {", the new line 12
	// ("\ttoken := load()") at position 4 among new lines 9-15.
	comment := func(line int, side string) *github.DraftReviewComment {
		c := &github.DraftReviewComment{Path: github.String("main.go"), Line: github.Int(line), Body: github.String("leak")}
		if side != "" {
			c.Side = github.String(side)
		}
		return c
	}
	tests := []struct {
		name     string
		comments []*github.DraftReviewComment
		status   int
		errText  string
	}{
		{"the added line", []*github.DraftReviewComment{comment(12, "RIGHT")}, 200, ""},
		{"a context line, side defaults to RIGHT", []*github.DraftReviewComment{comment(14, "")}, 200, ""},
		{"one line inside and one outside the diff", []*github.DraftReviewComment{comment(12, "RIGHT"), comment(2, "RIGHT")}, 422, "Pull request review thread line must be part of the diff"},
		{"past the hunk", []*github.DraftReviewComment{comment(16, "RIGHT")}, 422, "must be part of the diff"},
		{"a context line on the old side", []*github.DraftReviewComment{comment(12, "LEFT")}, 200, ""},
		{"a file the pull request does not touch", []*github.DraftReviewComment{{Path: github.String("other.go"), Line: github.Int(1), Body: github.String("x")}}, 422, "Path could not be resolved"},
		{"by position", []*github.DraftReviewComment{{Path: github.String("main.go"), Position: github.Int(4), Body: github.String("x")}}, 200, ""},
		{"a range inside one hunk", []*github.DraftReviewComment{{Path: github.String("main.go"), StartLine: github.Int(11), Line: github.Int(12), Body: github.String("x")}}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.srv.Reviews(repoFul, pr.Number))
			_, resp, err := f.gh.PullRequests.CreateReview(ctx(), owner, repo, pr.Number, &github.PullRequestReviewRequest{
				CommitID: github.String(pr.HeadSHA),
				Event:    github.String("COMMENT"),
				Body:     github.String("keyguard found a secret"),
				Comments: tt.comments,
			})
			if resp == nil || resp.StatusCode != tt.status {
				t.Fatalf("status %v, err %v; want %d", resp, err, tt.status)
			}
			if tt.errText != "" && (err == nil || !strings.Contains(err.Error(), tt.errText)) {
				t.Errorf("error %v, want it to say %q", err, tt.errText)
			}
			added := len(f.srv.Reviews(repoFul, pr.Number)) - before
			if want := map[bool]int{true: 1, false: 0}[tt.status == 200]; added != want {
				t.Errorf("%d reviews stored, want %d (a review is all or nothing)", added, want)
			}
		})
	}

	reviews := f.srv.Reviews(repoFul, pr.Number)
	first := reviews[0]
	if first.State != "COMMENTED" || first.User != "keyguard[bot]" || len(first.Comments) != 1 {
		t.Fatalf("first review: %+v", first)
	}
	c := first.Comments[0]
	if c.Line != 12 || c.Side != "RIGHT" || c.Position != 4 || !strings.HasSuffix(c.DiffHunk, "+\ttoken := load()") ||
		!strings.HasPrefix(c.DiffHunk, "@@ -9,6 +9,7 @@ func main() {") {
		t.Errorf("comment placed at line %d %s position %d, hunk %q", c.Line, c.Side, c.Position, c.DiffHunk)
	}

	listed, _, err := f.gh.PullRequests.ListComments(ctx(), owner, repo, pr.Number, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 5 || listed[0].GetLine() != 12 || listed[0].GetUser().GetLogin() != "keyguard[bot]" || listed[0].GetPullRequestReviewID() != first.ID {
		t.Errorf("listed %d review comments", len(listed))
	}
	rs, _, err := f.gh.PullRequests.ListReviews(ctx(), owner, repo, pr.Number, nil)
	if err != nil || len(rs) != len(reviews) || rs[0].GetState() != "COMMENTED" {
		t.Errorf("ListReviews: %d, %v", len(rs), err)
	}
	f.srv.Check(t)
}

func TestReviewRules(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := leakPull(t, f)
	create := func(event, body string) int {
		r := &github.PullRequestReviewRequest{}
		if event != "" {
			r.Event = github.String(event)
		}
		if body != "" {
			r.Body = github.String(body)
		}
		_, resp, _ := f.gh.PullRequests.CreateReview(ctx(), owner, repo, pr.Number, r)
		return resp.StatusCode
	}
	if got := create("REQUEST_CHANGES", ""); got != 422 {
		t.Errorf("REQUEST_CHANGES without a body: %d, want 422", got)
	}
	if got := create("", "draft"); got != 200 {
		t.Errorf("pending review: %d", got)
	}
	if got := create("", "another draft"); got != 422 {
		t.Errorf("second pending review: %d, want 422", got)
	}
	if got := create("APPROVE", ""); got != 200 {
		t.Errorf("approval: %d", got)
	}
	if rs := f.srv.Reviews(repoFul, pr.Number); len(rs) != 2 || rs[0].State != "PENDING" || rs[1].State != "APPROVED" {
		t.Errorf("reviews: %+v", rs)
	}
	resp := f.raw(t, "POST", "/repos/acme/web/pulls/1/reviews", `{"event":"SHIP_IT"}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || len(f.srv.Invalid()) != 1 {
		t.Errorf("unknown event: %d, %d invalid", resp.StatusCode, len(f.srv.Invalid()))
	}
}
