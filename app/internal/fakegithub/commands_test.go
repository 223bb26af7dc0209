package fakegithub_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// TestReviewCommentThread is a command in a review thread: the App leaves
// an inline comment, a developer replies in its thread, and the App reads
// the reply, reacts to it and answers in the same thread.
func TestReviewCommentThread(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	pr := leakPull(t, f)
	other := f.pullWithFiles(t, 1, 1)

	rv, _, err := f.gh.PullRequests.CreateReview(ctx(), owner, repo, pr.Number, &github.PullRequestReviewRequest{
		Event:    github.String("COMMENT"),
		Comments: []*github.DraftReviewComment{{Path: github.String("main.go"), Line: github.Int(12), Body: github.String("A token.")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	bot := s.Reviews(repoFul, pr.Number)[0].Comments[0]
	reply := s.AddReviewComment(repoFul, pr.Number, fakegithub.ReviewComment{InReplyTo: bot.ID, User: "dev", Body: "@keyguard allow"})

	got, _, err := f.gh.PullRequests.GetComment(ctx(), owner, repo, reply)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetInReplyTo() != bot.ID || got.GetPath() != "main.go" || got.GetLine() != 12 || got.GetBody() != "@keyguard allow" ||
		got.GetUser().GetLogin() != "dev" || got.GetPullRequestReviewID() == rv.GetID() || got.GetCommitID() != pr.HeadSHA {
		t.Errorf("reply = in reply to %d, %s:%d %q by %s, review %d", got.GetInReplyTo(), got.GetPath(), got.GetLine(), got.GetBody(), got.GetUser().GetLogin(), got.GetPullRequestReviewID())
	}

	tests := []struct {
		name      string
		number    int
		commentID int64
		status    int
	}{
		{"reply to the bot's comment", pr.Number, bot.ID, http.StatusCreated},
		{"reply to a reply joins the thread", pr.Number, reply, http.StatusCreated},
		{"unknown comment", pr.Number, 999999, http.StatusNotFound},
		{"comment of another pull request", other.Number, bot.ID, http.StatusNotFound},
		{"unknown pull request", 77, bot.ID, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := replyToReviewComment(f.gh, tt.number, tt.commentID, "Allowed.")
			status := http.StatusCreated
			if er, ok := err.(*github.ErrorResponse); ok {
				status = er.Response.StatusCode
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Fatalf("status %d (%v), want %d", status, err, tt.status)
			}
			if status == http.StatusCreated && (c.GetInReplyTo() != bot.ID || c.GetUser().GetLogin() != "keyguard[bot]" || c.GetLine() != 12) {
				t.Errorf("reply in reply to %d by %s on line %d", c.GetInReplyTo(), c.GetUser().GetLogin(), c.GetLine())
			}
		})
	}

	for i, want := range []int{http.StatusCreated, http.StatusOK} {
		r, resp, err := f.gh.Reactions.CreatePullRequestCommentReaction(ctx(), owner, repo, reply, "eyes")
		if err != nil || resp.StatusCode != want || r.GetContent() != "eyes" {
			t.Errorf("reaction %d: %d %v, want %d", i+1, resp.StatusCode, err, want)
		}
	}
	if _, _, err := f.gh.Reactions.CreatePullRequestCommentReaction(ctx(), owner, repo, reply, "rocket"); err != nil {
		t.Error(err)
	}
	rs, _, err := f.gh.Reactions.ListPullRequestCommentReactions(ctx(), owner, repo, reply, &github.ListOptions{})
	if err != nil || len(rs) != 2 {
		t.Errorf("reactions: %d, %v", len(rs), err)
	}
	_, resp, err := f.gh.Reactions.CreatePullRequestCommentReaction(ctx(), owner, repo, 999999, "eyes")
	if err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("reaction on no comment: %v, want 404", err)
	}
	if got, _, _ := f.gh.PullRequests.GetComment(ctx(), owner, repo, reply); got.GetReactions().GetTotalCount() != 2 || got.GetReactions().GetEyes() != 1 {
		t.Errorf("reaction rollup: %+v", got.GetReactions())
	}

	var thread []string
	for _, c := range s.ReviewComments(repoFul, pr.Number) {
		thread = append(thread, fmt.Sprintf("%s:%v", c.User, c.InReplyTo == bot.ID || c.ID == bot.ID))
	}
	if diff := cmp.Diff([]string{"keyguard[bot]:true", "dev:true", "keyguard[bot]:true", "keyguard[bot]:true"}, thread); diff != "" {
		t.Errorf("thread (-want +got):\n%s", diff)
	}
	var contents []string
	for _, r := range s.Reactions(repoFul, reply) {
		contents = append(contents, r.User+":"+r.Content)
	}
	if diff := cmp.Diff([]string{"keyguard[bot]:eyes", "keyguard[bot]:rocket"}, contents); diff != "" {
		t.Errorf("Reactions (-want +got):\n%s", diff)
	}
	list, _, err := f.gh.PullRequests.ListComments(ctx(), owner, repo, pr.Number, nil)
	if err != nil || len(list) != 4 {
		t.Errorf("ListComments: %d, %v", len(list), err)
	}
	s.Check(t)
}

// TestAddReviewComment places a developer's inline comment on the diff as
// a review would, and refuses a line outside it.
func TestAddReviewComment(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := leakPull(t, f)
	id := f.srv.AddReviewComment(repoFul, pr.Number, fakegithub.ReviewComment{Path: "main.go", Line: 12, User: "dev", Body: "@keyguard scan"})
	c, _, err := f.gh.PullRequests.GetComment(ctx(), owner, repo, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.GetPosition() != 4 || c.GetSide() != "RIGHT" || !strings.HasPrefix(c.GetDiffHunk(), "@@ -9,6 +9,7 @@") || c.InReplyTo != nil {
		t.Errorf("placed at position %d on %s, hunk %q", c.GetPosition(), c.GetSide(), c.GetDiffHunk())
	}
	defer func() {
		if recover() == nil {
			t.Error("a comment outside the diff was added")
		}
	}()
	f.srv.AddReviewComment(repoFul, pr.Number, fakegithub.ReviewComment{Path: "main.go", Line: 1, Body: "x"})
}

func TestGetIssueComment(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 1, 1)
	id := f.srv.AddIssueComment(repoFul, pr.Number, "dev", "@keyguard rescan")
	tests := []struct {
		id     int64
		status int
	}{
		{id, 200},
		{id + 1000, 404},
	}
	for _, tt := range tests {
		c, resp, err := f.gh.Issues.GetComment(ctx(), owner, repo, tt.id)
		if resp.StatusCode != tt.status {
			t.Errorf("comment %d: %d (%v), want %d", tt.id, resp.StatusCode, err, tt.status)
		}
		if tt.status == 200 && (c.GetBody() != "@keyguard rescan" || c.GetUser().GetLogin() != "dev" || !strings.HasSuffix(c.GetIssueURL(), "/issues/1")) {
			t.Errorf("comment = %q by %s on %s", c.GetBody(), c.GetUser().GetLogin(), c.GetIssueURL())
		}
	}
	f.srv.Check(t)
}

// TestRevokeCredentials reports leaked credentials to GitHub as its
// documentation says: no authentication, a list, 202 whatever it holds.
func TestRevokeCredentials(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	// Built at run time: nothing credential-shaped is committed.
	pat := "ghp_" + strings.Repeat("A1b2", 9)
	fine := "github_pat_" + strings.Repeat("Z9", 41)
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf("ghp_%036d", i)
	}
	tests := []struct {
		name        string
		client      *github.Client
		credentials []string
		status      int
	}{
		{"anonymous", github.NewClient(nil), []string{pat, fine}, http.StatusAccepted},
		{"with an installation token", f.gh, []string{pat}, http.StatusForbidden},
		{"an empty list", github.NewClient(nil), []string{}, http.StatusUnprocessableEntity},
		{"more than 1000", github.NewClient(nil), many, http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := f.srv.URL() + "/"
			if tt.client == f.gh {
				base = f.base + "/"
			}
			resp, err := revoke(tt.client, base, tt.credentials...)
			if resp == nil || resp.StatusCode != tt.status {
				t.Fatalf("%v, want %d", err, tt.status)
			}
		})
	}
	if diff := cmp.Diff([]string{pat, fine}, f.srv.Revoked()); diff != "" || f.srv.RevokeRequests() != 1 {
		t.Errorf("%d requests; revoked (-want +got):\n%s", f.srv.RevokeRequests(), diff)
	}
	// Nothing the fake records outside Revoked holds a credential.
	for _, r := range f.srv.Requests() {
		if strings.Contains(fmt.Sprintf("%+v", r), "ghp_") {
			t.Errorf("request log holds a credential: %+v", r)
		}
	}
	for _, inv := range f.srv.Invalid() {
		if strings.Contains(inv.Reason, "ghp_") {
			t.Errorf("invalid-request log holds a credential: %s", inv.Reason)
		}
	}
	if n := len(f.srv.Invalid()); n != 2 {
		t.Errorf("%d invalid requests recorded, want the empty and the long list", n)
	}
}

// TestRevokeRateLimit: the endpoint takes 60 requests an hour, GitHub's
// limit for an anonymous client.
func TestRevokeRateLimit(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	var last *github.Response
	var err error
	for i := 0; i < 61; i++ {
		last, err = revoke(github.NewClient(nil), f.srv.URL()+"/", fmt.Sprintf("ghp_%036d", i))
	}
	if err == nil || last.StatusCode != http.StatusForbidden || last.Rate.Limit != 60 || !strings.Contains(err.Error(), "API rate limit exceeded for 127.0.0.1") {
		t.Errorf("61st request: %v (limit %d)", err, last.Rate.Limit)
	}
	if n := len(f.srv.Revoked()); n != 60 {
		t.Errorf("%d revoked, want 60", n)
	}
}

// TestContentsETagOnBranch: a conditional request for a file at a branch
// gets 304 until the branch moves to a commit that changes the file.
// GitHub's ETag names the representation, so a move that leaves the file
// as it was still answers 304.
func TestContentsETagOnBranch(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{".keyguard.toml": "[allow]\n", "a": "1\n"}})
	get := func(etag string) (int, string) {
		t.Helper()
		var h []string
		if etag != "" {
			h = []string{"If-None-Match", etag}
		}
		resp := f.raw(t, "GET", "/repos/acme/web/contents/.keyguard.toml?ref=main", "", h...)
		return resp.StatusCode, resp.Header.Get("ETag")
	}
	_, etag := get("")
	steps := []struct {
		name   string
		files  map[string]string
		status int
	}{
		{"unchanged branch", nil, http.StatusNotModified},
		{"branch moved, file unchanged", map[string]string{"a": "2\n"}, http.StatusNotModified},
		{"branch moved, file changed", map[string]string{".keyguard.toml": "[allow]\npaths = []\n"}, http.StatusOK},
	}
	for _, st := range steps {
		if st.files != nil {
			s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: st.files})
		}
		status, newTag := get(etag)
		if status != st.status {
			t.Errorf("%s: %d, want %d", st.name, status, st.status)
		}
		if status == http.StatusOK && (newTag == etag || newTag == "") {
			t.Errorf("%s: the ETag did not change", st.name)
		}
		if status == http.StatusOK {
			etag = newTag
		}
	}
	if status, _ := get(etag); status != http.StatusNotModified {
		t.Errorf("the new ETag: %d, want 304", status)
	}
	s.Check(t)
}
