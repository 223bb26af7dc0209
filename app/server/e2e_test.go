package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/app/internal/testdb"
	"github.com/keyguard-dev/keyguard/detector/synth"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

// app is the real keyguard-app running against a fake GitHub.
type app struct {
	url    string
	secret []byte
	logs   *syncBuffer
	gh     *fakegithub.Server
	stop   func()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const (
	appID        = 4242
	installation = 77
	repoName     = "acme/shop"
)

// startApp registers an App with the fake GitHub and runs the server with
// that App's settings, as an operator would deploy it.
func startApp(t testing.TB, env map[string]string) *app {
	t.Helper()
	gh, vars := newWorld(t)
	a := &app{secret: []byte(vars["KEYGUARD_WEBHOOK_SECRET"]), logs: &syncBuffer{}, gh: gh}
	for k, v := range env {
		vars[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, func(k string) string { return vars[k] }, a.logs, func(s string) { addr <- s })
	}()
	select {
	case s := <-addr:
		a.url = "http://" + strings.Replace(s, "[::]", "127.0.0.1", 1)
	case code := <-done:
		t.Fatalf("the server exited with %d:\n%s", code, a.logs)
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not start:\n%s", a.logs)
	}
	a.stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Errorf("the server did not stop")
		}
	}
	t.Cleanup(a.stop)
	// Never a secret in the logs: the webhook secret, the key, a token.
	t.Cleanup(func() {
		logs := a.logs.String()
		for _, s := range append([]string{string(a.secret), "PRIVATE KEY"}, gh.IssuedTokens()...) {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("a secret reached the logs: %q", s[:min(len(s), 12)])
			}
		}
	})
	return a
}

// newWorld starts a fake GitHub with the App registered and installed on
// acme/shop, and returns the settings an operator would give the App.
func newWorld(t testing.TB) (*fakegithub.Server, map[string]string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	gh := fakegithub.New(fakegithub.Options{})
	t.Cleanup(gh.Close)
	gh.AddApp(fakegithub.App{ID: appID, Slug: "keyguard", Name: "keyguard", PublicKey: &key.PublicKey})
	gh.AddInstallation(fakegithub.Installation{ID: installation, AppID: appID, Account: "acme"})
	gh.AddRepo(fakegithub.Repo{Owner: "acme", Name: "shop", Installation: installation})
	secret := make([]byte, 24)
	rand.Read(secret)
	return gh, map[string]string{
		"KEYGUARD_APP_ID":         fmt.Sprint(appID),
		"KEYGUARD_PRIVATE_KEY":    string(keyPEM),
		"KEYGUARD_WEBHOOK_SECRET": hex.EncodeToString(secret),
		"KEYGUARD_GITHUB_API_URL": gh.URL(),
		"KEYGUARD_DATA_DIR":       t.TempDir(),
		"KEYGUARD_DATABASE_URL":   "",
		"PORT":                    "0",
		"KEYGUARD_JOB_TIMEOUT":    "30s",
	}
}

// deliver signs and posts one webhook delivery, as GitHub does.
func (a *app) deliver(t testing.TB, event string, payload any) (int, string) {
	t.Helper()
	delivery := make([]byte, 16)
	rand.Read(delivery)
	return a.redeliver(t, event, hex.EncodeToString(delivery), payload)
}

// redeliver posts a delivery with a given GUID: GitHub's "Redeliver"
// button sends the same one again.
func (a *app) redeliver(t testing.TB, event, delivery string, payload any) (int, string) {
	t.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, a.url+"/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", delivery)
	req.Header.Set("X-Hub-Signature-256", webhookstest.Sign(a.secret, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

func prEvent(action string, number int, head, base string) *github.PullRequestEvent {
	return &github.PullRequestEvent{
		Action: github.String(action),
		Number: github.Int(number),
		PullRequest: &github.PullRequest{
			Number: github.Int(number),
			Head:   &github.PullRequestBranch{SHA: github.String(head), Ref: github.String("feature")},
			Base:   &github.PullRequestBranch{SHA: github.String(base), Ref: github.String("main")},
		},
		Repo: &github.Repository{
			ID: github.Int64(1), Name: github.String("shop"), FullName: github.String(repoName),
			Owner: &github.User{Login: github.String("acme")},
		},
		Installation: &github.Installation{ID: github.Int64(installation)},
	}
}

// waitCheck waits until the check run on head is completed.
func (a *app) waitCheck(t testing.TB, head string) fakegithub.CheckRun {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, cr := range a.gh.CheckRuns(repoName) {
			if cr.HeadSHA == head && cr.Status == "completed" {
				return cr
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no completed check run on %s; logs:\n%s", head, a.logs)
	return fakegithub.CheckRun{}
}

// TestPullRequestEndToEnd runs on the embedded SQLite queue and, as CI
// does, on a real Postgres server.
func TestPullRequestEndToEnd(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testPullRequest(t, "") })
	t.Run("postgres", func(t *testing.T) { testPullRequest(t, postgresURL(t)) })
}

// postgresURL is a fresh schema on CI's Postgres server.
func postgresURL(t *testing.T) string { return testdb.Postgres.URL(t) }

func testPullRequest(t *testing.T, databaseURL string) {
	g := synth.New(71)
	removed, stripe := g.GitHubToken("ghp_"), g.Expand("sk_live_{{an:24}}")
	a := startApp(t, map[string]string{"KEYGUARD_DATABASE_URL": databaseURL})
	gh := a.gh

	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: map[string]string{"README.md": "shop\n", "pay.go": "package pay\n"}})
	gh.SetBranch(repoName, "feature", base)
	gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "add a token", Files: map[string]string{"deploy.sh": "export GITHUB_TOKEN=" + removed + "\n"}})
	gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "oops", Delete: []string{"deploy.sh"}})
	head := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "billing", Files: map[string]string{
		"pay.go": "package pay\n\nvar stripeKey = \"" + stripe + "\"\n",
	}})
	pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: "feature", Title: "billing"})

	code, body := a.deliver(t, "pull_request", prEvent("opened", pr.Number, head, base))
	if code != http.StatusAccepted {
		t.Fatalf("delivery answered %d %s", code, body)
	}
	cr := a.waitCheck(t, head)
	if cr.Name != "keyguard" || cr.Conclusion != "failure" {
		t.Errorf("check run %s concluded %q, want keyguard/failure", cr.Name, cr.Conclusion)
	}
	// The same work delivered again is not done twice.
	if code, body := a.deliver(t, "pull_request", prEvent("synchronize", pr.Number, head, base)); code != http.StatusAccepted || !strings.Contains(body, "duplicate") {
		t.Errorf("second delivery for the same head: %d %s", code, body)
	}

	reviews := gh.Reviews(repoName, pr.Number)
	if len(reviews) != 1 || reviews[0].State != "CHANGES_REQUESTED" || len(reviews[0].Comments) != 1 {
		t.Fatalf("reviews %+v, want one requesting changes with one comment", reviews)
	}
	c := reviews[0].Comments[0]
	if c.Path != "pay.go" || c.Line != 3 || c.Side != "RIGHT" {
		t.Errorf("comment at %s:%d %s, want pay.go:3 RIGHT", c.Path, c.Line, c.Side)
	}
	for _, want := range []string{"rotate this key now", "https://dashboard.stripe.com/apikeys", "```suggestion\nvar stripeKey = os.Getenv(\"STRIPE_KEY\")\n```"} {
		if !strings.Contains(strings.ToLower(c.Body), strings.ToLower(want)) {
			t.Errorf("review comment lacks %q:\n%s", want, c.Body)
		}
	}
	// The token added and removed again is asked to be rotated in the
	// conversation, since no line of the diff holds it.
	ics := gh.IssueComments(repoName, pr.Number)
	if len(ics) != 1 || !strings.Contains(ics[0].Body, "deploy.sh") || !strings.Contains(ics[0].Body, "rotate") {
		t.Errorf("conversation comments %+v, want one about deploy.sh", ics)
	}
	var rendered strings.Builder
	for _, r := range reviews {
		rendered.WriteString(r.Body)
		for _, c := range r.Comments {
			rendered.WriteString(c.Body)
		}
	}
	for _, c := range ics {
		rendered.WriteString(c.Body)
	}
	for _, s := range []string{removed, stripe} {
		if strings.Contains(rendered.String(), s) {
			t.Errorf("GitHub was shown a secret")
		}
		if strings.Contains(a.logs.String(), s) {
			t.Errorf("a secret found in the pull request reached the logs")
		}
	}

	// A push that removes the key: the check turns green, nothing is
	// commented twice, the rotation request stands.
	head2 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "env", Files: map[string]string{
		"pay.go": "package pay\n\nimport \"os\"\n\nvar stripeKey = os.Getenv(\"STRIPE_KEY\")\n",
	}})
	gh.UpdatePullRequest(repoName, pr.Number, head2)
	if code, body := a.deliver(t, "pull_request", prEvent("synchronize", pr.Number, head2, base)); code != http.StatusAccepted {
		t.Fatalf("delivery answered %d %s", code, body)
	}
	cr2 := a.waitCheck(t, head2)
	if cr2.Conclusion != "success" {
		t.Errorf("after the fix the check concluded %q, want success", cr2.Conclusion)
	}
	if n := len(gh.Reviews(repoName, pr.Number)); n != 1 {
		t.Errorf("%d reviews after the fix, want still 1", n)
	}
	if n := len(gh.IssueComments(repoName, pr.Number)); n != 1 {
		t.Errorf("%d conversation comments after the fix, want still 1", n)
	}
	gh.Check(t)
}

func TestRefusesToStartWithoutSettings(t *testing.T) {
	var logs syncBuffer
	code := Run(context.Background(), func(string) string { return "" }, &logs, nil)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{"KEYGUARD_APP_ID", "KEYGUARD_PRIVATE_KEY", "KEYGUARD_WEBHOOK_SECRET"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, logs.String())
		}
	}
}

// TestPullRequestThroughFaults runs a scan while GitHub fails the way it
// does: a 502 on creating the check run, a secondary rate limit and a 429
// on reads, a primary limit spent, and a review refused for a line outside
// the diff. The scan still completes, once.
func TestPullRequestThroughFaults(t *testing.T) {
	g := synth.New(72)
	tok := g.GitHubToken("ghp_")
	a := startApp(t, nil)
	gh := a.gh
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	gh.SetBranch(repoName, "feature", base)
	head := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Files: map[string]string{"ci.sh": "export GITHUB_TOKEN=" + tok + "\n"}})
	pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: "feature"})

	gh.Fail("POST", "/repos/{owner}/{repo}/check-runs", 1, fakegithub.FaultBadGateway)
	gh.Fail("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", 1, fakegithub.FaultSecondaryRateLimit)
	gh.Fail("GET", "/repos/{owner}/{repo}/commits/{ref}", 1, fakegithub.FaultTooManyRequests)
	gh.Fail("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits", 1, fakegithub.FaultPrimaryRateLimit)
	gh.Fail("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", 1, fakegithub.FaultCommentOutsideDiff)

	if code, body := a.deliver(t, "pull_request", prEvent("opened", pr.Number, head, base)); code != http.StatusAccepted {
		t.Fatalf("delivery answered %d %s", code, body)
	}
	cr := a.waitCheck(t, head)
	if cr.Conclusion != "failure" {
		t.Errorf("check concluded %q, want failure", cr.Conclusion)
	}
	if n := len(gh.CheckRuns(repoName)); n != 1 {
		t.Errorf("%d check runs, want 1 (a 502 must not leave a second one)", n)
	}
	var comments int
	for _, r := range gh.Reviews(repoName, pr.Number) {
		comments += len(r.Comments)
	}
	if comments != 1 {
		t.Errorf("%d review comments, want 1 after GitHub refused the first review", comments)
	}
	faults := 0
	for _, r := range gh.Requests() {
		if r.Fault != 0 {
			faults++
		}
	}
	if faults != 5 {
		t.Errorf("%d faults served, want 5", faults)
	}
	gh.Check(t)
}

// TestRerunAndInstallation: a re-run asked for from the Checks tab scans
// again, and installation events are recorded.
func TestRerunAndInstallation(t *testing.T) {
	a := startApp(t, nil)
	gh := a.gh
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	gh.SetBranch(repoName, "feature", base)
	head := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Files: map[string]string{"main.go": "package main\n"}})
	pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: "feature"})
	if code, body := a.deliver(t, "pull_request", prEvent("opened", pr.Number, head, base)); code != http.StatusAccepted {
		t.Fatalf("delivery answered %d %s", code, body)
	}
	first := a.waitCheck(t, head)
	if first.Conclusion != "success" {
		t.Errorf("a clean pull request concluded %q", first.Conclusion)
	}
	ev := prEvent("opened", pr.Number, head, base)
	rerun := &github.CheckRunEvent{
		Action: github.String("rerequested"),
		CheckRun: &github.CheckRun{
			ID: github.Int64(first.ID), HeadSHA: github.String(head), Name: github.String("keyguard"),
			PullRequests: []*github.PullRequest{ev.PullRequest},
		},
		Repo: ev.Repo, Installation: ev.Installation,
	}
	if code, body := a.deliver(t, "check_run", rerun); code != http.StatusAccepted || strings.Contains(body, "duplicate") {
		t.Fatalf("re-run answered %d %s", code, body)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(gh.CheckRuns(repoName)) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	runs := gh.CheckRuns(repoName)
	if len(runs) != 2 || runs[1].HeadSHA != head {
		t.Fatalf("check runs %+v, want a second one on the head", runs)
	}

	// The check suite GitHub requests for the same push must not start a
	// second scan of the pull request's head.
	suite := &github.CheckSuiteEvent{
		Action: github.String("requested"),
		CheckSuite: &github.CheckSuite{
			ID: github.Int64(9), HeadSHA: github.String(head), HeadBranch: github.String("feature"),
			PullRequests: []*github.PullRequest{ev.PullRequest},
		},
		Repo: ev.Repo, Installation: ev.Installation,
	}
	if code, body := a.deliver(t, "check_suite", suite); code != http.StatusAccepted {
		t.Fatalf("check suite answered %d %s", code, body)
	}

	inst := &github.InstallationEvent{
		Action:       github.String("created"),
		Installation: &github.Installation{ID: github.Int64(installation), Account: &github.User{Login: github.String("acme")}},
		Repositories: []*github.Repository{{ID: github.Int64(1), FullName: github.String(repoName), Name: github.String("shop")}},
	}
	if code, body := a.deliver(t, "installation", inst); code != http.StatusAccepted {
		t.Fatalf("installation answered %d %s", code, body)
	}
	added := &github.InstallationRepositoriesEvent{
		Action:              github.String("added"),
		Installation:        inst.Installation,
		RepositorySelection: github.String("selected"),
		RepositoriesAdded:   []*github.Repository{{ID: github.Int64(2), FullName: github.String("acme/api"), Name: github.String("api")}},
	}
	if code, body := a.deliver(t, "installation_repositories", added); code != http.StatusAccepted {
		t.Fatalf("installation_repositories answered %d %s", code, body)
	}
	// Wait for the jobs to have run cleanly, then look at what they did.
	// An "added" run before its installation's "created" fails and is
	// retried until the installation is recorded (the queue runs jobs
	// side by side), so the clean run is looked for, not the first.
	jobLine := func(event string) string {
		for _, line := range strings.Split(a.logs.String(), "\n") {
			if strings.Contains(line, `"event":"`+event+`"`) && strings.Contains(line, `"message":"job"`) && strings.Contains(line, `"level":"info"`) {
				return line
			}
		}
		return ""
	}
	deadline = time.Now().Add(20 * time.Second)
	for (jobLine("installation") == "" || jobLine("check_suite") == "" || jobLine("installation_repositories") == "") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	for _, ev := range []string{"installation", "installation_repositories", "check_suite"} {
		if line := jobLine(ev); line == "" || !strings.Contains(line, `"level":"info"`) {
			t.Errorf("%s job did not run cleanly: %q", ev, line)
		}
	}
	if n := len(gh.CheckRuns(repoName)); n != 2 {
		t.Errorf("%d check runs, want 2: a requested check suite scanned the head again", n)
	}
	gh.Check(t)
}
