package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/app/queue"
	"github.com/keyguard-dev/keyguard/app/review"
	"github.com/keyguard-dev/keyguard/detector"
)

// Helpers shared by the end-to-end tests of commands, rotation issues,
// check run buttons, merge groups, forks and settings.

// startWithLedger starts the App on databaseURL ("" for the embedded
// SQLite file), talking to the fake through a githubProxy, and opens the
// same database beside it, so a test can read what the ledger recorded.
// The test only reads it. edit, when not nil, rewrites the fake's JSON
// responses (see githubProxy).
func startWithLedger(t *testing.T, databaseURL string, env map[string]string, edit func(path string, v any) bool) (*app, *ledger.Store) {
	t.Helper()
	proxy := &githubProxy{edit: edit}
	ps := httptest.NewServer(proxy)
	t.Cleanup(ps.Close)
	vars := map[string]string{"KEYGUARD_GITHUB_API_URL": ps.URL}
	for k, v := range env {
		vars[k] = v
	}
	driver, dsn := "pgx", databaseURL
	if databaseURL == "" {
		dir := t.TempDir()
		vars["KEYGUARD_DATA_DIR"] = dir
		driver, dsn = "sqlite", filepath.Join(dir, queue.DefaultFile)+"?_pragma=busy_timeout(10000)"
	} else {
		vars["KEYGUARD_DATABASE_URL"] = databaseURL
	}
	a := startApp(t, vars)
	target, err := url.Parse(a.gh.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy.target.Store(target)
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return a, ledger.New(db)
}

// githubProxy stands between the App and the fake GitHub.
//
// It serves one thing the fake lacks: a reply in a review thread made
// with POST /repos/{owner}/{repo}/pulls/{pull_number}/comments and
// in_reply_to, as go-github's CreateCommentInReplyTo (which the App uses)
// sends it. GitHub documents that as a reply in the thread ("When
// specified, all parameters other than body in the request body are
// ignored"); the fake models only the dedicated endpoint, POST
// .../pulls/{pull_number}/comments/{comment_id}/replies, so the proxy
// sends it there.
//
// And it lets a test show the App what the fake cannot build: edit gets
// each JSON response of a GET and may change it (a pull request from a
// fork, say), returning whether it did.
type githubProxy struct {
	target atomic.Pointer[url.URL]
	edit   func(path string, v any) bool
}

var createReviewComment = regexp.MustCompile(`^(/api/v3)?/repos/[^/]+/[^/]+/pulls/[0-9]+/comments$`)

func (p *githubProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := p.target.Load()
	if target == nil {
		http.Error(w, "the fake GitHub is not up yet", http.StatusServiceUnavailable)
		return
	}
	if r.Method == http.MethodPost && createReviewComment.MatchString(r.URL.Path) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var c struct {
			Body      string `json:"body"`
			InReplyTo int64  `json:"in_reply_to"`
		}
		if json.Unmarshal(body, &c) == nil && c.InReplyTo != 0 {
			r.URL.Path += "/" + strconv.FormatInt(c.InReplyTo, 10) + "/replies"
			r.URL.RawPath = ""
			body, _ = json.Marshal(map[string]string{"body": c.Body})
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host // the fake's URLs keep pointing here
		},
		ModifyResponse: func(resp *http.Response) error {
			if p.edit == nil || resp.Request.Method != http.MethodGet || resp.StatusCode != http.StatusOK {
				return nil
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			var v any
			if json.Unmarshal(data, &v) == nil && p.edit(strings.TrimPrefix(resp.Request.URL.Path, "/api/v3"), v) {
				if data, err = json.Marshal(v); err != nil {
					return err
				}
				resp.Header.Del("ETag")
			}
			resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(data)), int64(len(data))
			resp.Header.Set("Content-Length", strconv.Itoa(len(data)))
			return nil
		},
	}
	rp.ServeHTTP(w, r)
}

// leak reads one leak from the ledger.
func leak(t *testing.T, lg *ledger.Store, fp string) ledger.Leak {
	t.Helper()
	l, err := lg.Get(context.Background(), repoName, fp)
	if err != nil {
		t.Fatalf("ledger: %v", err)
	}
	return l
}

// fingerprintOf is the fingerprint keyguard gives the one secret in
// content: what .keyguardignore lists and the App's markers carry.
func fingerprintOf(t *testing.T, path, content string) string {
	t.Helper()
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	fs := s.Scan(detector.Fragment{Path: path, Data: []byte(content)})
	if len(fs) != 1 {
		t.Fatalf("%d findings in the test's %s, want 1", len(fs), path)
	}
	return fs[0].Fingerprint
}

// markedFingerprint is the one fingerprint marker in body.
func markedFingerprint(t *testing.T, body string) string {
	t.Helper()
	m := review.MarkedFingerprints([]string{body})
	if len(m) != 1 {
		t.Fatalf("%d fingerprint markers, want 1:\n%s", len(m), body)
	}
	for fp := range m {
		return fp
	}
	return ""
}

// pushed delivers the push that moved branch from before ("" for a new
// branch) to after, as pusher, and waits for its job.
func (a *app) pushed(t *testing.T, branch, before, after string) {
	t.Helper()
	n := a.jobs("push")
	payload := a.gh.PushPayload(repoName, branch, before, after, false, "alice")
	if code, body := a.deliver(t, "push", json.RawMessage(payload)); code != http.StatusAccepted {
		t.Fatalf("push delivery: %d %s", code, body)
	}
	a.waitJobs(t, "push", n+1)
}

// deliverJob delivers one event and waits for the job it queues.
func (a *app) deliverJob(t *testing.T, event string, payload []byte) {
	t.Helper()
	n := a.jobs(event)
	code, body := a.deliver(t, event, json.RawMessage(payload))
	if code != http.StatusAccepted || !strings.HasPrefix(body, "queued") {
		t.Fatalf("%s delivery: %d %s", event, code, body)
	}
	a.waitJobs(t, event, n+1)
}

// quiet asserts that the App makes no call to GitHub for a while: what
// a delivery it ignored, or a job that changes nothing, must not do.
func (a *app) quiet(t *testing.T, since int) {
	t.Helper()
	time.Sleep(300 * time.Millisecond)
	if n := len(a.gh.Requests()); n != since {
		var calls []string
		for _, r := range a.gh.Requests()[since:] {
			calls = append(calls, r.Method+" "+r.Path)
		}
		t.Errorf("%d GitHub calls, want none: %v", n-since, calls)
	}
}

// pushCheck is the one completed push check run on head.
func (a *app) pushCheck(t *testing.T, head string) fakegithub.CheckRun {
	t.Helper()
	crs := a.checksNamed(review.PushCheckName, head)
	if len(crs) != 1 {
		t.Fatalf("%d completed push check runs on %s, want 1: %+v", len(crs), head[:7], a.gh.CheckRuns(repoName))
	}
	return crs[0]
}

// checkByID is a check run as it is now.
func (a *app) checkByID(t *testing.T, id int64) fakegithub.CheckRun {
	t.Helper()
	for _, cr := range a.gh.CheckRuns(repoName) {
		if cr.ID == id {
			return cr
		}
	}
	t.Fatalf("no check run %d", id)
	return fakegithub.CheckRun{}
}

// everywhere is every text the App published, commit comments and
// review comments included, for the "never the secret" checks.
func (a *app) everywhere(prs ...int) string {
	var b strings.Builder
	b.WriteString(a.published())
	for _, cr := range a.gh.CheckRuns(repoName) {
		b.WriteString(cr.Text)
		for _, an := range cr.Annotations {
			b.WriteString(an.Message + an.Title + an.RawDetails)
		}
	}
	seen := map[string]bool{}
	for _, cr := range a.gh.CheckRuns(repoName) {
		if !seen[cr.HeadSHA] {
			seen[cr.HeadSHA] = true
			for _, c := range a.gh.CommitComments(repoName, cr.HeadSHA) {
				b.WriteString(c.Body)
			}
		}
	}
	for _, pr := range prs {
		for _, c := range a.gh.ReviewComments(repoName, pr) {
			b.WriteString(c.Body)
		}
		for _, r := range a.gh.Reviews(repoName, pr) {
			b.WriteString(r.Body)
		}
		for _, c := range a.gh.IssueComments(repoName, pr) {
			b.WriteString(c.Body)
		}
	}
	return b.String()
}

func jsonRaw(b []byte) json.RawMessage { return json.RawMessage(b) }
