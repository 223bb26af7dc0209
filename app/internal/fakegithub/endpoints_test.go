package fakegithub_test

import (
	"bufio"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// TestEveryEndpoint calls every operation the fake serves through
// go-github, with api.github.com-style URLs (no "/api/v3" prefix; the
// other tests use the Enterprise style), and checks that each answered
// with a success that fits GitHub's schemas: the fake validates every
// response it sends, so Check fails on one that does not.
func TestEveryEndpoint(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	f.connect(t, false)
	gh, app := f.gh, f.app
	pr := leakPull(t, f)
	f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{".keyguard.toml": "[rules]\n"}})
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	var err error
	_, _, err = app.Apps.Get(ctx(), "")
	must("app", err)
	_, _, err = app.Apps.GetInstallation(ctx(), instID)
	must("installation", err)
	_, _, err = app.Apps.FindRepositoryInstallation(ctx(), owner, repo)
	must("repository installation", err)
	_, _, err = gh.Repositories.Get(ctx(), owner, repo)
	must("repository", err)
	_, _, err = gh.Repositories.GetPermissionLevel(ctx(), owner, repo, "octocat")
	must("permission", err)

	_, _, err = gh.PullRequests.Get(ctx(), owner, repo, pr.Number)
	must("pull", err)
	_, _, err = gh.PullRequests.ListFiles(ctx(), owner, repo, pr.Number, nil)
	must("files", err)
	_, _, err = gh.PullRequests.ListCommits(ctx(), owner, repo, pr.Number, nil)
	must("commits", err)
	_, _, err = gh.PullRequests.CreateReview(ctx(), owner, repo, pr.Number, &github.PullRequestReviewRequest{
		Event: github.String("COMMENT"), Body: github.String("b"),
		Comments: []*github.DraftReviewComment{{Path: github.String("main.go"), Line: github.Int(12), Body: github.String("c")}},
	})
	must("review", err)
	_, _, err = gh.PullRequests.ListReviews(ctx(), owner, repo, pr.Number, nil)
	must("reviews", err)
	rcs, _, err := gh.PullRequests.ListComments(ctx(), owner, repo, pr.Number, nil)
	must("review comments", err)
	_, _, err = gh.PullRequests.GetComment(ctx(), owner, repo, rcs[0].GetID())
	must("review comment", err)
	_, err = replyToReviewComment(gh, pr.Number, rcs[0].GetID(), "thanks")
	must("reply", err)
	_, _, err = gh.Reactions.CreatePullRequestCommentReaction(ctx(), owner, repo, rcs[0].GetID(), "eyes")
	must("review comment reaction", err)
	_, _, err = gh.Reactions.ListPullRequestCommentReactions(ctx(), owner, repo, rcs[0].GetID(), nil)
	must("review comment reactions", err)

	_, _, err = gh.Repositories.GetCommit(ctx(), owner, repo, pr.HeadSHA, nil)
	must("commit", err)
	_, _, err = gh.Repositories.ListCommits(ctx(), owner, repo, nil)
	must("commits", err)
	_, _, err = gh.Repositories.ListBranches(ctx(), owner, repo, nil)
	must("branches", err)
	_, _, err = gh.Repositories.GetBranch(ctx(), owner, repo, "main", 0)
	must("branch", err)
	_, _, err = gh.Repositories.CreateComment(ctx(), owner, repo, pr.HeadSHA, &github.RepositoryComment{Body: github.String("x")})
	must("commit comment", err)
	_, _, err = gh.Repositories.ListCommitComments(ctx(), owner, repo, pr.HeadSHA, nil)
	must("commit comments", err)
	_, _, err = gh.Repositories.CompareCommits(ctx(), owner, repo, pr.BaseSHA, pr.HeadSHA, nil)
	must("compare", err)
	fc, _, _, err := gh.Repositories.GetContents(ctx(), owner, repo, ".keyguard.toml", nil)
	must("contents", err)
	_, _, err = gh.Git.GetBlob(ctx(), owner, repo, fc.GetSHA())
	must("blob", err)

	run, _, err := gh.Checks.CreateCheckRun(ctx(), owner, repo, github.CreateCheckRunOptions{Name: "keyguard", HeadSHA: pr.HeadSHA})
	must("create check run", err)
	_, _, err = gh.Checks.UpdateCheckRun(ctx(), owner, repo, run.GetID(), github.UpdateCheckRunOptions{
		Name: "keyguard", Conclusion: github.String("failure"),
		Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: annotations(0, 2)},
	})
	must("update check run", err)
	_, _, err = gh.Checks.GetCheckRun(ctx(), owner, repo, run.GetID())
	must("check run", err)
	_, _, err = gh.Checks.ListCheckRunAnnotations(ctx(), owner, repo, run.GetID(), nil)
	must("annotations", err)
	_, _, err = gh.Checks.ListCheckRunsForRef(ctx(), owner, repo, pr.HeadSHA, nil)
	must("check runs for ref", err)

	issue, _, err := gh.Issues.Create(ctx(), owner, repo, &github.IssueRequest{Title: github.String("Rotate")})
	must("create issue", err)
	_, _, err = gh.Issues.Edit(ctx(), owner, repo, issue.GetNumber(), &github.IssueRequest{State: github.String("closed")})
	must("edit issue", err)
	_, _, err = gh.Issues.Get(ctx(), owner, repo, issue.GetNumber())
	must("issue", err)
	_, _, err = gh.Issues.ListByRepo(ctx(), owner, repo, &github.IssueListByRepoOptions{State: "all"})
	must("issues", err)
	c, _, err := gh.Issues.CreateComment(ctx(), owner, repo, pr.Number, &github.IssueComment{Body: github.String("x")})
	must("comment", err)
	_, _, err = gh.Issues.EditComment(ctx(), owner, repo, c.GetID(), &github.IssueComment{Body: github.String("y")})
	must("edit comment", err)
	_, _, err = gh.Issues.GetComment(ctx(), owner, repo, c.GetID())
	must("get comment", err)
	_, _, err = gh.Issues.ListComments(ctx(), owner, repo, pr.Number, nil)
	must("comments", err)
	_, _, err = gh.Reactions.CreateIssueCommentReaction(ctx(), owner, repo, c.GetID(), "+1")
	must("reaction", err)
	_, _, err = gh.Reactions.ListIssueCommentReactions(ctx(), owner, repo, c.GetID(), nil)
	must("reactions", err)

	_, err = revoke(github.NewClient(nil), f.srv.URL()+"/", "ghp_"+strings.Repeat("x", 36))
	must("revoke", err)

	f.srv.Check(t)

	// Every listed operation answered at least once with a success.
	file, err := os.Open("testdata/operations.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var want []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	seen := map[string]bool{}
	for _, r := range f.srv.Requests() {
		if r.Status < 300 && r.Route != "" {
			seen[r.Method+" "+r.Route] = true
		}
		if strings.HasPrefix(r.Path, "/api/v3") {
			t.Errorf("request log keeps the prefix: %s", r.Path)
		}
	}
	var got []string
	for k := range seen {
		got = append(got, k)
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("operations served with a success (-want +got):\n%s", diff)
	}
}

// TestAPICallsForPulls reports how many calls reading a pull request's
// files takes, the figure the App's issue asks for: one token, the pull
// request, and its files at 100 a page.
func TestAPICallsForPulls(t *testing.T) {
	for _, n := range []int{10, 300} {
		f := newFixture(t, fakegithub.Options{})
		pr := f.pullWithFiles(t, n, 3)
		if _, _, err := f.gh.PullRequests.Get(ctx(), owner, repo, pr.Number); err != nil {
			t.Fatal(err)
		}
		listAllFiles(t, f.gh, pr.Number, 100)
		reqs := f.srv.Requests()
		t.Logf("%d files: %d GitHub API calls (%d for files)", n, len(reqs), f.srv.Count(http.MethodGet, filesRoute))
		if want := 2 + (n+99)/100; len(reqs) != want {
			t.Errorf("%d files: %d calls, want %d", n, len(reqs), want)
		}
		f.srv.Check(t)
	}
}

// TestConcurrentClients has several workers of an App post and read at
// once, as the App's job queue will (run it with -race).
func TestConcurrentClients(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 40, 2)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, _, err := f.gh.Issues.CreateComment(ctx(), owner, repo, pr.Number, &github.IssueComment{Body: github.String("x")}); err != nil {
					errs <- err
				}
				if _, _, err := f.gh.PullRequests.ListFiles(ctx(), owner, repo, pr.Number, &github.ListOptions{PerPage: 100}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	comments := f.srv.IssueComments(repoFul, pr.Number)
	ids := map[int64]bool{}
	for _, c := range comments {
		ids[c.ID] = true
	}
	if len(comments) != workers*each || len(ids) != workers*each {
		t.Errorf("%d comments, %d distinct IDs; want %d", len(comments), len(ids), workers*each)
	}
	_, resp, err := f.gh.PullRequests.Get(ctx(), owner, repo, pr.Number)
	if err != nil {
		t.Fatal(err)
	}
	// One token request (JWT budget) and every other call on the
	// installation's budget.
	if used := 5000 - resp.Rate.Remaining; used != workers*each*2+1 {
		t.Errorf("rate limit used %d, want %d", used, workers*each*2+1)
	}
	f.srv.Check(t)
}
