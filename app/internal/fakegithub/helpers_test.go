package fakegithub_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

const (
	appID   = 31337
	instID  = 7
	owner   = "acme"
	repo    = "web"
	repoFul = owner + "/" + repo
)

var (
	keyOnce sync.Once
	appKey  *rsa.PrivateKey
)

// testKey is the App's RSA key, made once per test run: no key is ever
// committed.
func testKey(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		appKey = k
	})
	return appKey
}

// fixture is a fake GitHub with one App installed on one repository, and
// the clients an App would use against it.
type fixture struct {
	srv  *fakegithub.Server
	key  *rsa.PrivateKey
	itr  *ghinstallation.Transport
	atr  *ghinstallation.AppsTransport
	gh   *github.Client // as the installation
	app  *github.Client // as the App (JWT)
	base string         // the API base URL the clients use
}

func newFixture(t *testing.T, opts fakegithub.Options) *fixture {
	t.Helper()
	srv := fakegithub.New(opts)
	t.Cleanup(srv.Close)
	key := testKey(t)
	srv.AddApp(fakegithub.App{ID: appID, Slug: "keyguard", Name: "keyguard", PublicKey: &key.PublicKey})
	srv.AddInstallation(fakegithub.Installation{ID: instID, AppID: appID, Account: owner})
	srv.AddRepo(fakegithub.Repo{Owner: owner, Name: repo, Installation: instID})
	f := &fixture{srv: srv, key: key}
	f.connect(t, true)
	return f
}

// connect builds the clients, with GitHub Enterprise Server URLs
// ("/api/v3/") or plain ones.
func (f *fixture) connect(t *testing.T, enterprise bool) {
	t.Helper()
	f.atr = ghinstallation.NewAppsTransportFromPrivateKey(http.DefaultTransport, appID, f.key)
	f.itr = ghinstallation.NewFromAppsTransport(f.atr, instID)
	var err error
	if enterprise {
		f.base = f.srv.URL() + "/api/v3"
		f.atr.BaseURL = f.base
		f.itr.BaseURL = f.base
		f.gh, err = github.NewClient(&http.Client{Transport: f.itr}).WithEnterpriseURLs(f.srv.URL(), f.srv.URL())
		if err != nil {
			t.Fatal(err)
		}
		f.app, err = github.NewClient(&http.Client{Transport: f.atr}).WithEnterpriseURLs(f.srv.URL(), f.srv.URL())
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	f.base = f.srv.URL()
	f.atr.BaseURL = f.base
	f.itr.BaseURL = f.base
	f.gh = github.NewClient(&http.Client{Transport: f.itr})
	f.app = github.NewClient(&http.Client{Transport: f.atr})
	for _, c := range []*github.Client{f.gh, f.app} {
		u, _ := c.BaseURL.Parse(f.srv.URL() + "/")
		c.BaseURL = u
	}
}

// freshClient is a new installation client: go-github remembers rate
// limits it has seen and refuses requests until they reset.
func (f *fixture) freshClient(t *testing.T) *github.Client {
	t.Helper()
	c, err := github.NewClient(&http.Client{Transport: f.itr}).WithEnterpriseURLs(f.srv.URL(), f.srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// token returns the installation token the clients use.
func (f *fixture) token(t *testing.T) string {
	t.Helper()
	tok, err := f.itr.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// raw sends a request with the installation token, bypassing go-github.
func (f *fixture) raw(t *testing.T, method, path, body string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, f.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+f.token(t))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// pullWithFiles opens a pull request that adds n files of lines lines
// each on top of a base holding base.
func (f *fixture) pullWithFiles(t *testing.T, n, lines int) fakegithub.PullRequest {
	t.Helper()
	base := f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "# web\n"}})
	files := map[string]string{}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for j := 1; j <= lines; j++ {
			fmt.Fprintf(&b, "line %d of file %d\n", j, i)
		}
		files[fmt.Sprintf("src/file%04d.txt", i)] = b.String()
	}
	f.srv.AddCommit(repoFul, fakegithub.Commit{Branch: "feature", Parents: []string{base}, Files: files})
	return f.srv.AddPullRequest(repoFul, fakegithub.PullRequest{Head: "feature", Title: "Add files"})
}

func ctx() context.Context { return context.Background() }

// replyToReviewComment posts a reply in a review comment's thread: go-github
// v62 has no method for POST
// /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies.
func replyToReviewComment(gh *github.Client, number int, commentID int64, body string) (*github.PullRequestComment, error) {
	u := fmt.Sprintf("repos/%s/%s/pulls/%d/comments/%d/replies", owner, repo, number, commentID)
	req, err := gh.NewRequest("POST", u, map[string]string{"body": body})
	if err != nil {
		return nil, err
	}
	c := new(github.PullRequestComment)
	_, err = gh.Do(ctx(), req, c)
	return c, err
}

// revoke sends credentials to POST /credentials/revoke with gh, whose
// base URL it sets to base (go-github v62 has no method for it).
func revoke(gh *github.Client, base string, credentials ...string) (*github.Response, error) {
	u, err := gh.BaseURL.Parse(base)
	if err != nil {
		return nil, err
	}
	gh.BaseURL = u
	req, err := gh.NewRequest("POST", "credentials/revoke", map[string][]string{"credentials": credentials})
	if err != nil {
		return nil, err
	}
	resp, err := gh.Do(ctx(), req, nil)
	var accepted *github.AcceptedError
	if errors.As(err, &accepted) {
		err = nil // go-github reports GitHub's 202 as an error
	}
	return resp, err
}
