package fakegithub_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// history is a repository with a merge:
//
//	main:    a - b ------- m - e
//	              \       /
//	feature:       c --- d
//
// c and d are older than the merge but newer than b; e is on main after
// the merge.
type history struct {
	f    *fixture
	sha  map[string]string // label to SHA
	name map[string]string // SHA to label
}

func newHistory(t *testing.T) *history {
	t.Helper()
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	h := &history{f: f, sha: map[string]string{}, name: map[string]string{}}
	add := func(label string, c fakegithub.Commit) {
		sha := s.AddCommit(repoFul, c)
		h.sha[label], h.name[sha] = sha, label
	}
	dev := fakegithub.Person{Name: "Dev", Email: "dev@example.com", Login: "dev"}
	add("a", fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "# web\n"}})
	add("b", fakegithub.Commit{Branch: "main", Files: map[string]string{"src/app.go": "package app\n"}})
	add("c", fakegithub.Commit{Branch: "feature", Parents: []string{h.sha["b"]}, Author: dev, Files: map[string]string{"src/config.go": "package app\n"}})
	add("d", fakegithub.Commit{Branch: "feature", Author: dev, Files: map[string]string{"docs/a.md": "a\n"}})
	add("m", fakegithub.Commit{Branch: "main", Parents: []string{h.sha["b"], h.sha["d"]}, Message: "Merge feature",
		Files: map[string]string{"src/config.go": "package app\n", "docs/a.md": "a\n"}})
	add("e", fakegithub.Commit{Branch: "main", Files: map[string]string{"src/app.go": "package app\n\nvar x = 1\n"}})
	return h
}

func (h *history) labels(shas []string) []string {
	var out []string
	for _, sha := range shas {
		if l, ok := h.name[sha]; ok {
			out = append(out, l)
		} else {
			out = append(out, sha[:7])
		}
	}
	return out
}

func commitSHAs[T interface{ GetSHA() string }](list []T) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.GetSHA())
	}
	return out
}

func TestListCommits(t *testing.T) {
	h := newHistory(t)
	gh := h.f.gh
	before := time.Date(2024, 1, 2, 3, 4, 8, 0, time.UTC) // c's time
	tests := []struct {
		name string
		opts *github.CommitsListOptions
		want []string
	}{
		{"the default branch, newest first, through both parents", nil, []string{"e", "m", "d", "c", "b", "a"}},
		{"a branch", &github.CommitsListOptions{SHA: "feature"}, []string{"d", "c", "b", "a"}},
		{"a SHA", &github.CommitsListOptions{SHA: "SHA:c"}, []string{"c", "b", "a"}},
		{"an abbreviated SHA", &github.CommitsListOptions{SHA: "SHORT:m"}, []string{"m", "d", "c", "b", "a"}},
		{"by path: the merge took feature's version", &github.CommitsListOptions{Path: "src/config.go"}, []string{"c"}},
		{"by directory", &github.CommitsListOptions{Path: "src"}, []string{"e", "c", "b"}},
		{"by author login", &github.CommitsListOptions{Author: "dev"}, []string{"d", "c"}},
		{"by author email", &github.CommitsListOptions{Author: "mona@example.com"}, []string{"e", "m", "b", "a"}},
		{"since", &github.CommitsListOptions{Since: before}, []string{"e", "m", "d", "c"}},
		{"until", &github.CommitsListOptions{Until: before}, []string{"c", "b", "a"}},
		{"one page", &github.CommitsListOptions{ListOptions: github.ListOptions{PerPage: 2, Page: 2}}, []string{"d", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts != nil {
				if l, ok := strings.CutPrefix(tt.opts.SHA, "SHA:"); ok {
					tt.opts.SHA = h.sha[l]
				}
				if l, ok := strings.CutPrefix(tt.opts.SHA, "SHORT:"); ok {
					tt.opts.SHA = h.sha[l][:10]
				}
			}
			list, _, err := gh.Repositories.ListCommits(ctx(), owner, repo, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, h.labels(commitSHAs(list))); diff != "" {
				t.Errorf("commits (-want +got):\n%s", diff)
			}
		})
	}

	// Walking a push larger than one page, as the App does.
	var all []string
	opt := &github.CommitsListOptions{ListOptions: github.ListOptions{PerPage: 4}}
	for pages := 0; ; pages++ {
		list, resp, err := gh.Repositories.ListCommits(ctx(), owner, repo, opt)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, commitSHAs(list)...)
		if pages == 0 && !strings.Contains(resp.Header.Get("Link"), `page=2&per_page=4>; rel="last"`) {
			t.Errorf("first page Link: %s", resp.Header.Get("Link"))
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if diff := cmp.Diff([]string{"e", "m", "d", "c", "b", "a"}, h.labels(all)); diff != "" {
		t.Errorf("paged (-want +got):\n%s", diff)
	}
	c, _, err := gh.Repositories.GetCommit(ctx(), owner, repo, h.sha["m"], nil)
	if err != nil || len(c.Parents) != 2 {
		t.Errorf("merge commit: %v", err)
	}

	_, resp, err := gh.Repositories.ListCommits(ctx(), owner, repo, &github.CommitsListOptions{SHA: "no-such-branch"})
	if err == nil || resp.StatusCode != http.StatusNotFound || !strings.Contains(err.Error(), "No commit found for SHA: no-such-branch") {
		t.Errorf("unknown sha: %v", err)
	}
	h.f.srv.AddRepo(fakegithub.Repo{Owner: owner, Name: "empty", Installation: instID})
	_, resp, err = gh.Repositories.ListCommits(ctx(), owner, "empty", nil)
	if err == nil || resp.StatusCode != http.StatusConflict {
		t.Errorf("empty repository: %v, want 409", err)
	}
	h.f.srv.Check(t)
}

// TestListCommitsDateOrder: a commit dated before its parent (clock skew)
// still comes after it, as in git log --date-order.
func TestListCommitsDateOrder(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	a := f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Time: t0, Files: map[string]string{"a": "1\n"}})
	b := f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Time: t0.Add(-time.Hour), Files: map[string]string{"a": "2\n"}})
	list, _, err := f.gh.Repositories.ListCommits(ctx(), owner, repo, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{b, a}, commitSHAs(list)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompareForPushes(t *testing.T) {
	h := newHistory(t)
	s := h.f.srv
	// A diverged branch: off b, one commit.
	h.sha["x"] = s.AddCommit(repoFul, fakegithub.Commit{Branch: "side", Parents: []string{h.sha["b"]}, Files: map[string]string{"x": "x\n"}})
	h.name[h.sha["x"]] = "x"
	tests := []struct {
		base, head    string
		status        string
		ahead, behind int
		mergeBase     string
		commits       []string
		files         []string
	}{
		{"b", "e", "ahead", 4, 0, "b", []string{"c", "d", "m", "e"}, []string{"docs/a.md", "src/app.go", "src/config.go"}},
		{"d", "m", "ahead", 1, 0, "d", []string{"m"}, []string{}},
		{"e", "b", "behind", 0, 4, "b", []string{}, []string{}},
		{"x", "e", "diverged", 4, 1, "b", []string{"c", "d", "m", "e"}, []string{"docs/a.md", "src/app.go", "src/config.go"}},
		{"e", "e", "identical", 0, 0, "e", []string{}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.base+"..."+tt.head, func(t *testing.T) {
			c, _, err := h.f.gh.Repositories.CompareCommits(ctx(), owner, repo, h.sha[tt.base], h.sha[tt.head], nil)
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, f := range c.Files {
				files = append(files, f.GetFilename())
			}
			if files == nil {
				files = []string{}
			}
			commits := h.labels(commitSHAs(c.Commits))
			if commits == nil {
				commits = []string{}
			}
			got := []any{c.GetStatus(), c.GetAheadBy(), c.GetBehindBy(), c.GetTotalCommits(), h.name[c.GetMergeBaseCommit().GetSHA()], commits, files}
			want := []any{tt.status, tt.ahead, tt.behind, tt.ahead, tt.mergeBase, tt.commits, tt.files}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("status, ahead, behind, total, merge base, commits, files (-want +got):\n%s", diff)
			}
		})
	}
	// Branch names work as well as SHAs.
	c, _, err := h.f.gh.Repositories.CompareCommits(ctx(), owner, repo, "side", "main", nil)
	if err != nil || c.GetStatus() != "diverged" {
		t.Errorf("side...main: %v", err)
	}
	// Unrelated histories.
	lone := s.AddCommit(repoFul, fakegithub.Commit{Branch: "orphan", Files: map[string]string{"z": "z\n"}})
	_, resp, err := h.f.gh.Repositories.CompareCommits(ctx(), owner, repo, h.sha["a"], lone, nil)
	if err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unrelated histories: %v, want 404", err)
	}
	s.Check(t)
}

// TestCompareLargePush: without page parameters a comparison lists its
// last 250 commits; with them, all of them in pages, and the files (at
// most 300) on the first page only.
func TestCompareLargePush(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	base := s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"a": "0\n"}})
	var shas []string
	for i := 1; i <= 320; i++ {
		shas = append(shas, s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{fmt.Sprintf("f%03d", i): "x\n"}}))
	}
	head := shas[len(shas)-1]
	c, resp, err := f.gh.Repositories.CompareCommits(ctx(), owner, repo, base, head, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.GetTotalCommits() != 320 || c.GetAheadBy() != 320 || len(c.Commits) != 250 || len(c.Files) != 300 ||
		c.Commits[0].GetSHA() != shas[70] || c.Commits[249].GetSHA() != head || resp.Header.Get("Link") != "" {
		t.Errorf("unpaged: total %d, %d commits from #%d, %d files, Link %q",
			c.GetTotalCommits(), len(c.Commits), indexOf(shas, c.Commits[0].GetSHA()), len(c.Files), resp.Header.Get("Link"))
	}

	var all []string
	opt := &github.ListOptions{PerPage: 100}
	for page := 1; ; page++ {
		c, resp, err := f.gh.Repositories.CompareCommits(ctx(), owner, repo, base, head, opt)
		if err != nil {
			t.Fatal(err)
		}
		if (page == 1) != (len(c.Files) == 300) || c.GetTotalCommits() != 320 {
			t.Errorf("page %d: %d files, total %d", page, len(c.Files), c.GetTotalCommits())
		}
		all = append(all, commitSHAs(c.Commits)...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if diff := cmp.Diff(shas, all); diff != "" {
		t.Errorf("paged commits, oldest first (-want +got):\n%s", diff)
	}
	if n := s.Count("GET", "/repos/{owner}/{repo}/compare/{basehead}"); n != 5 {
		t.Errorf("%d compare calls, want 1 unpaged and 4 pages", n)
	}
	s.Check(t)
}

func indexOf(list []string, x string) int {
	for i, y := range list {
		if y == x {
			return i
		}
	}
	return -1
}

func TestBranches(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	sha := s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"a": "a\n"}})
	for _, b := range []string{"feature/login", "release-1", "fix"} {
		s.SetBranch(repoFul, b, sha)
	}
	var names []string
	opt := &github.BranchListOptions{ListOptions: github.ListOptions{PerPage: 3}}
	pages := 0
	for {
		list, resp, err := f.gh.Repositories.ListBranches(ctx(), owner, repo, opt)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, b := range list {
			names = append(names, b.GetName())
			if b.GetCommit().GetSHA() != sha || b.GetProtected() {
				t.Errorf("%s: %s protected=%v", b.GetName(), b.GetCommit().GetSHA(), b.GetProtected())
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if diff := cmp.Diff([]string{"feature/login", "fix", "main", "release-1"}, names); diff != "" || pages != 2 {
		t.Errorf("%d pages; branches (-want +got):\n%s", pages, diff)
	}
	if list, _, _ := f.gh.Repositories.ListBranches(ctx(), owner, repo, &github.BranchListOptions{Protected: github.Bool(true)}); len(list) != 0 {
		t.Errorf("protected branches: %d, want none (the fake models no protection)", len(list))
	}

	tests := []struct {
		branch string
		status int
	}{
		{"main", 200},
		{"feature/login", 200}, // go-github escapes the slash
		{"nope", 404},
	}
	for _, tt := range tests {
		t.Run(tt.branch, func(t *testing.T) {
			b, resp, err := f.gh.Repositories.GetBranch(ctx(), owner, repo, tt.branch, 0)
			if resp == nil || resp.StatusCode != tt.status {
				t.Fatalf("%v, want %d", err, tt.status)
			}
			if tt.status == 200 && (b.GetName() != tt.branch || b.GetCommit().GetSHA() != sha || b.GetCommit().GetCommit().GetMessage() == "") {
				t.Errorf("branch %+v", b)
			}
		})
	}
	// Unescaped, as curl would send it.
	if resp := f.raw(t, "GET", "/repos/acme/web/branches/feature/login", ""); resp.StatusCode != 200 {
		t.Errorf("unescaped slash: %d", resp.StatusCode)
	}
	s.Check(t)
}

// TestNewRoutesNeedTheirPermissions: a token without the permission an
// endpoint needs gets GitHub's 403.
func TestNewRoutesNeedTheirPermissions(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	s.AddInstallation(fakegithub.Installation{ID: 8, AppID: appID, Account: "other", Permissions: map[string]string{"metadata": "read", "issues": "write"}})
	s.AddRepo(fakegithub.Repo{Owner: "other", Name: "web", Installation: 8})
	s.AddCommit("other/web", fakegithub.Commit{Branch: "main", Files: map[string]string{"a": "a\n"}})
	s.AddPullRequest("other/web", fakegithub.PullRequest{Base: "main", Head: "main"})
	tok, _, err := f.app.Apps.CreateInstallationToken(ctx(), 8, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/repos/other/web/commits", "/repos/other/web/branches", "/repos/other/web/branches/main",
		"/repos/other/web/pulls/comments/1", "/repos/other/web/pulls/comments/1/reactions",
	} {
		req, _ := http.NewRequest("GET", f.base+path, nil)
		req.Header.Set("Authorization", "token "+tok.GetToken())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", path, resp.StatusCode)
		}
	}
}
