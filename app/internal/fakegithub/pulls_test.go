package fakegithub_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// listAllFiles pages through a pull request's files as an App would.
func listAllFiles(t *testing.T, gh *github.Client, number, perPage int) ([]*github.CommitFile, int) {
	t.Helper()
	var all []*github.CommitFile
	opt := &github.ListOptions{PerPage: perPage}
	pages := 0
	for {
		files, resp, err := gh.PullRequests.ListFiles(ctx(), owner, repo, number, opt)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, files...)
		if resp.NextPage == 0 {
			return all, pages
		}
		opt.Page = resp.NextPage
	}
}

func TestPullFilesPagination(t *testing.T) {
	tests := []struct {
		name      string
		files     int
		perPage   int
		wantFiles int
		wantPages int
	}{
		{"ten files, one page", 10, 100, 10, 1},
		{"250 files in three pages of 100", 250, 100, 250, 3},
		{"300 files at GitHub's default 30 a page", 300, 0, 300, 10},
		{"per_page above 100 is cut to 100", 150, 500, 150, 2},
		{"GitHub lists 3000 files at most", 3001, 100, 3000, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fakegithub.Options{})
			pr := f.pullWithFiles(t, tt.files, 2)
			files, pages := listAllFiles(t, f.gh, pr.Number, tt.perPage)
			if len(files) != tt.wantFiles || pages != tt.wantPages {
				t.Errorf("%d files in %d pages, want %d in %d", len(files), pages, tt.wantFiles, tt.wantPages)
			}
			if got := f.srv.Count("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"); got != tt.wantPages {
				t.Errorf("the fake counted %d calls, want %d", got, tt.wantPages)
			}
			if f.srv.Count("POST", "/app/installations/{installation_id}/access_tokens") != 1 {
				t.Errorf("want one token request")
			}
			f.srv.Check(t)
		})
	}
}

func TestPullFilesLinkHeader(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 250, 1)
	for _, tt := range []struct {
		page int
		want string
	}{
		{1, `<BASE/repos/acme/web/pulls/1/files?page=2&per_page=100>; rel="next", <BASE/repos/acme/web/pulls/1/files?page=3&per_page=100>; rel="last"`},
		{2, `<BASE/repos/acme/web/pulls/1/files?page=1&per_page=100>; rel="prev", <BASE/repos/acme/web/pulls/1/files?page=3&per_page=100>; rel="next", <BASE/repos/acme/web/pulls/1/files?page=3&per_page=100>; rel="last", <BASE/repos/acme/web/pulls/1/files?page=1&per_page=100>; rel="first"`},
		{3, `<BASE/repos/acme/web/pulls/1/files?page=2&per_page=100>; rel="prev", <BASE/repos/acme/web/pulls/1/files?page=1&per_page=100>; rel="first"`},
	} {
		_, resp, err := f.gh.PullRequests.ListFiles(ctx(), owner, repo, pr.Number, &github.ListOptions{PerPage: 100, Page: tt.page})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(tt.want, "BASE", f.base)
		if got := resp.Header.Get("Link"); got != want {
			t.Errorf("page %d: Link\n got %s\nwant %s", tt.page, got, want)
		}
	}
}

// TestPullRequestContents checks what an App reads of a pull request:
// the files with their patches (modified, added, removed, renamed,
// binary, too large), the commits, the pull request itself.
func TestPullRequestContents(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	base := s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{
		"app/config.py": "import os\n\nDEBUG = False\n",
		"old.txt":       "gone\n",
		"logo.png":      "\x89PNG\x00\x01",
		"big.sql":       "select 1;\n",
		"move/me.txt":   "same\n",
	}})
	s.AddCommit(repoFul, fakegithub.Commit{Branch: "leak", Parents: []string{base}, Message: "Add settings",
		Author: fakegithub.Person{Name: "Dev", Email: "dev@example.com", Login: "dev"},
		Files:  map[string]string{"app/config.py": "import os\n\nDEBUG = False\nAPI_KEY = os.environ[\"API_KEY\"]\n"},
	})
	s.AddCommit(repoFul, fakegithub.Commit{Branch: "leak", Message: "More",
		Files:     map[string]string{"new.go": "package main\n", "logo.png": "\x89PNG\x00\x02", "big.sql": "select 2;\n"},
		Delete:    []string{"old.txt"},
		Rename:    map[string]string{"moved/me.txt": "move/me.txt"},
		OmitPatch: []string{"big.sql"},
	})
	// A commit on main after the branch point is not part of the pull
	// request's diff.
	s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"main-only.txt": "x\n"}})
	pr := s.AddPullRequest(repoFul, fakegithub.PullRequest{Head: "leak", Title: "Settings", Author: "dev"})

	type file struct {
		Name, Status, Previous, Patch string
		HasPatch                      bool
		Additions, Deletions          int
	}
	files, _, err := f.gh.PullRequests.ListFiles(ctx(), owner, repo, pr.Number, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []file
	for _, cf := range files {
		got = append(got, file{cf.GetFilename(), cf.GetStatus(), cf.GetPreviousFilename(), cf.GetPatch(), cf.Patch != nil, cf.GetAdditions(), cf.GetDeletions()})
	}
	want := []file{
		{Name: "app/config.py", Status: "modified", Patch: "@@ -1,3 +1,4 @@\n import os\n \n DEBUG = False\n+API_KEY = os.environ[\"API_KEY\"]", HasPatch: true, Additions: 1},
		{Name: "big.sql", Status: "modified", Additions: 1, Deletions: 1},
		{Name: "logo.png", Status: "modified"},
		{Name: "moved/me.txt", Status: "renamed", Previous: "move/me.txt"},
		{Name: "new.go", Status: "added", Patch: "@@ -0,0 +1 @@\n+package main", HasPatch: true, Additions: 1},
		{Name: "old.txt", Status: "removed", Patch: "@@ -1 +0,0 @@\n-gone", HasPatch: true, Deletions: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}

	got1, _, err := f.gh.PullRequests.Get(ctx(), owner, repo, pr.Number)
	if err != nil {
		t.Fatal(err)
	}
	if got1.GetHead().GetSHA() != pr.HeadSHA || got1.GetBase().GetRef() != "main" || got1.GetChangedFiles() != 6 ||
		got1.GetCommits() != 2 || got1.GetUser().GetLogin() != "dev" || got1.GetState() != "open" {
		t.Errorf("pull request = head %s base %s, %d files, %d commits, by %s, %s",
			got1.GetHead().GetSHA(), got1.GetBase().GetRef(), got1.GetChangedFiles(), got1.GetCommits(), got1.GetUser().GetLogin(), got1.GetState())
	}
	commits, _, err := f.gh.PullRequests.ListCommits(ctx(), owner, repo, pr.Number, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(commits) != 2 || commits[0].GetCommit().GetMessage() != "Add settings" || commits[1].GetSHA() != pr.HeadSHA ||
		commits[0].GetAuthor().GetLogin() != "dev" || commits[1].Parents[0].GetSHA() != commits[0].GetSHA() {
		t.Errorf("commits are not the two of the branch, oldest first")
	}
	f.srv.Check(t)
}

func TestPullCommitsCap(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	base := f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"a": "0\n"}})
	f.srv.SetBranch(repoFul, "long", base)
	for i := 1; i <= 260; i++ {
		f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "long", Files: map[string]string{"a": fmt.Sprintf("%d\n", i)}})
	}
	pr := f.srv.AddPullRequest(repoFul, fakegithub.PullRequest{Head: "long"})
	var all []*github.RepositoryCommit
	opt := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := f.gh.PullRequests.ListCommits(ctx(), owner, repo, pr.Number, opt)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if len(all) != 250 {
		t.Errorf("%d commits listed, want GitHub's cap of 250", len(all))
	}
	f.srv.Check(t)
}

// TestCommitAndCompare covers a push: the pushed commit with its files,
// its files in pages of 300, and the comparison of before and after.
func TestCommitAndCompare(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	before := s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"a.txt": "a\n"}})
	files := map[string]string{}
	for i := 0; i < 301; i++ {
		files[fmt.Sprintf("f%03d.txt", i)] = "x\n"
	}
	after := s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: files, Message: "Many files"})

	c, resp, err := f.gh.Repositories.GetCommit(ctx(), owner, repo, after, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) != 300 || resp.NextPage != 2 || c.GetStats().GetAdditions() != 300 || c.Parents[0].GetSHA() != before {
		t.Errorf("first page: %d files, next page %d, %d additions", len(c.Files), resp.NextPage, c.GetStats().GetAdditions())
	}
	c2, _, err := f.gh.Repositories.GetCommit(ctx(), owner, repo, after, &github.ListOptions{Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(c2.Files) != 1 || c2.Files[0].GetFilename() != "f300.txt" || c2.GetSHA() != after {
		t.Errorf("second page: %d files", len(c2.Files))
	}
	if _, _, err := f.gh.Repositories.GetCommit(ctx(), owner, repo, "main", nil); err != nil {
		t.Errorf("commit by branch name: %v", err)
	}
	_, resp, err = f.gh.Repositories.GetCommit(ctx(), owner, repo, strings.Repeat("0", 40), nil)
	if err == nil || resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown commit: %v, want 422", err)
	}

	cmp, _, err := f.gh.Repositories.CompareCommits(ctx(), owner, repo, before, after, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.GetStatus() != "ahead" || cmp.GetAheadBy() != 1 || len(cmp.Commits) != 1 || len(cmp.Files) != 300 ||
		cmp.GetMergeBaseCommit().GetSHA() != before {
		t.Errorf("compare: %s ahead %d, %d commits, %d files", cmp.GetStatus(), cmp.GetAheadBy(), len(cmp.Commits), len(cmp.Files))
	}
	back, _, err := f.gh.Repositories.CompareCommits(ctx(), owner, repo, after, before, nil)
	if err != nil || back.GetStatus() != "behind" || back.GetBehindBy() != 1 {
		t.Errorf("reverse compare: %s, %v", back.GetStatus(), err)
	}
	f.srv.Check(t)
}

// TestContents reads repository settings at a ref as an App does, with a
// conditional request answered 304 and not counted against the limit.
func TestContents(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	toml := "[allow]\npaths = ['^testdata/']\n"
	sha := f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{
		".keyguard.toml": toml, "docs/a.md": "a\n", "docs/b/c.md": "c\n",
	}})
	fc, _, resp, err := f.gh.Repositories.GetContents(ctx(), owner, repo, ".keyguard.toml", &github.RepositoryContentGetOptions{Ref: sha})
	if err != nil {
		t.Fatal(err)
	}
	content, err := fc.GetContent()
	if err != nil || content != toml {
		t.Errorf("content = %q, %v", content, err)
	}
	etag := resp.Header.Get("ETag")
	remaining := resp.Rate.Remaining
	if etag == "" {
		t.Fatal("no ETag")
	}

	again := f.raw(t, "GET", "/repos/acme/web/contents/.keyguard.toml?ref="+sha, "", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("conditional request: %d, want 304", again.StatusCode)
	}
	if got := again.Header.Get("X-RateLimit-Remaining"); got != fmt.Sprint(remaining) {
		t.Errorf("a 304 spent the rate limit: remaining %s, was %d", got, remaining)
	}

	_, dir, _, err := f.gh.Repositories.GetContents(ctx(), owner, repo, "docs", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range dir {
		names = append(names, e.GetType()+":"+e.GetPath())
	}
	if diff := cmp.Diff([]string{"file:docs/a.md", "dir:docs/b"}, names); diff != "" {
		t.Errorf("directory (-want +got):\n%s", diff)
	}
	_, _, resp, err = f.gh.Repositories.GetContents(ctx(), owner, repo, ".keyguardignore", nil)
	if err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing file: %v, want 404", err)
	}

	blob, _, err := f.gh.Git.GetBlob(ctx(), owner, repo, fc.GetSHA())
	if err != nil {
		t.Fatal(err)
	}
	if blob.GetEncoding() != "base64" || blob.GetSize() != len(toml) {
		t.Errorf("blob: %s, %d bytes", blob.GetEncoding(), blob.GetSize())
	}
	raw, _, err := f.gh.Git.GetBlobRaw(ctx(), owner, repo, fc.GetSHA())
	if err != nil || string(raw) != toml {
		t.Errorf("raw blob = %q, %v", raw, err)
	}
	// DownloadContents follows download_url, which points at the fake.
	rc, _, err := f.gh.Repositories.DownloadContents(ctx(), owner, repo, "docs/a.md", &github.RepositoryContentGetOptions{Ref: "main"})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); string(b) != "a\n" {
		t.Errorf("downloaded %q", b)
	}
	f.srv.Check(t)
}
