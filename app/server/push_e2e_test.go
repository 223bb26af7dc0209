package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// waitJobs waits until n jobs of event have finished (the dispatcher
// logs one "job" line each, after the work).
func (a *app) waitJobs(t testing.TB, event string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if a.jobs(event) >= n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%d %s jobs finished, want %d; logs:\n%s", a.jobs(event), event, n, a.logs)
}

func (a *app) jobs(event string) int {
	n := 0
	for _, line := range strings.Split(a.logs.String(), "\n") {
		var l struct{ Message, Event string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Message == "job" && l.Event == event {
			n++
		}
	}
	return n
}

// checkNamed returns the completed check runs called name on head.
func (a *app) checksNamed(name, head string) []fakegithub.CheckRun {
	var out []fakegithub.CheckRun
	for _, cr := range a.gh.CheckRuns(repoName) {
		if cr.Name == name && cr.HeadSHA == head && cr.Status == "completed" {
			out = append(out, cr)
		}
	}
	return out
}

// everything GitHub shows: no text the App wrote may hold the secret.
func (a *app) published() string {
	var b strings.Builder
	for _, cr := range a.gh.CheckRuns(repoName) {
		b.WriteString(cr.Title + cr.Summary)
	}
	for _, is := range a.gh.Issues(repoName) {
		b.WriteString(is.Title + is.Body)
		for _, c := range a.gh.IssueComments(repoName, is.Number) {
			b.WriteString(c.Body)
		}
	}
	return b.String()
}

// TestPushEndToEnd follows one leaked token through pushes, as the issue
// lists: a leaking push yields exactly one commit comment and one
// rotation issue; a re-delivered webhook changes nothing; the same
// secret pushed again updates the issue; a force push back to commits
// already scanned scans nothing; a reader's command is refused and a
// writer's honoured; a rotated secret is not announced again.
func TestPushEndToEnd(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testPush(t, "") })
	t.Run("postgres", func(t *testing.T) { testPush(t, postgresURL(t)) })
}

func testPush(t *testing.T, databaseURL string) {
	g := synth.New(91)
	token := g.GitHubToken("ghp_")
	a := startApp(t, map[string]string{"KEYGUARD_DATABASE_URL": databaseURL})
	gh := a.gh
	jobs := 0
	push := func(ref, before, after string, forced bool) (delivery string, payload []byte) {
		t.Helper()
		payload = gh.PushPayload(repoName, ref, before, after, forced, "alice")
		delivery = strings.Repeat("d", 8) + after[:12]
		if code, body := a.redeliver(t, "push", delivery, json.RawMessage(payload)); code != http.StatusAccepted {
			t.Fatalf("push delivery: %d %s", code, body)
		}
		jobs++
		a.waitJobs(t, "push", jobs)
		return delivery, payload
	}

	// The first push of a repository walks its history.
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: map[string]string{"README.md": "shop\n"}})
	push("main", "", base, false)
	if cr := a.checksNamed("keyguard (push)", base); len(cr) != 1 || cr[0].Conclusion != "success" {
		t.Fatalf("first push: check runs %+v; all %+v base %s", cr, a.gh.CheckRuns(repoName), base)
	}

	// A leak.
	c1 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "deploy", Files: map[string]string{
		"README.md": "shop\n", "deploy.sh": "#!/bin/sh\nexport GITHUB_TOKEN=" + token + "\n",
	}})
	delivery, payload := push("main", base, c1, false)
	cr := a.checksNamed("keyguard (push)", c1)
	if len(cr) != 1 || cr[0].Conclusion != "failure" || strings.Join(cr[0].Actions, " ") != "rotated false-positive ignore" {
		t.Fatalf("leaking push: check runs %+v", cr)
	}
	comments := gh.CommitComments(repoName, c1)
	if len(comments) != 1 || comments[0].Path != "deploy.sh" || comments[0].Position != 2 {
		t.Fatalf("commit comments %+v", comments)
	}
	issues := gh.Issues(repoName)
	if len(issues) != 1 {
		t.Fatalf("%d issues, want 1", len(issues))
	}
	is := issues[0]
	for _, want := range []string{"GitHub", "deploy.sh", c1, "@alice", "rotate it now", "/keyguard rotated", "- [ ] Revoke or rotate"} {
		if !strings.Contains(is.Title+is.Body, want) {
			t.Errorf("the rotation issue lacks %q:\n%s\n%s", want, is.Title, is.Body)
		}
	}
	if len(is.Labels) != 1 || is.Labels[0] != "keyguard" {
		t.Errorf("issue labels %v", is.Labels)
	}

	// GitHub's "Redeliver": the same delivery changes nothing.
	calls := len(gh.Requests())
	if code, body := a.redeliver(t, "push", delivery, json.RawMessage(payload)); code != http.StatusAccepted || !strings.Contains(body, "duplicate") {
		t.Fatalf("redelivery: %d %s", code, body)
	}
	time.Sleep(500 * time.Millisecond)
	if n := len(gh.Requests()); n != calls {
		t.Errorf("a redelivered push made %d GitHub calls", n-calls)
	}

	// The same secret on a new branch: the issue is updated, not doubled.
	gh.SetBranch(repoName, "feature", c1)
	c2 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "config", Files: map[string]string{
		"config/app.env": "GITHUB_TOKEN=" + token + "\n",
	}})
	push("feature", "", c2, false)
	if issues := gh.Issues(repoName); len(issues) != 1 || !strings.Contains(issues[0].Body, c2) || !strings.Contains(issues[0].Body, c1) {
		t.Fatalf("after a second push: %d issues; body:\n%s", len(issues), issues[0].Body)
	}
	if cs := gh.IssueComments(repoName, is.Number); len(cs) != 1 || !strings.Contains(cs[0].Body, "found this secret again") {
		t.Errorf("issue comments %+v", cs)
	}
	if len(gh.CommitComments(repoName, c2)) != 1 {
		t.Errorf("no commit comment on the second leak")
	}

	// A force push rewrites feature; a second one goes back onto the
	// first version and adds a commit. Of the commits it brings, only
	// the new one is scanned: the leak in c2 is not announced twice.
	c2b := gh.AddCommit(repoName, fakegithub.Commit{Parents: []string{c1}, Message: "config, redone", Files: map[string]string{"config/app.env": "GITHUB_TOKEN=${GITHUB_TOKEN}\n"}})
	push("feature", c2, c2b, true)
	if cr := a.checksNamed("keyguard (push)", c2b); len(cr) != 1 || cr[0].Conclusion != "success" {
		t.Fatalf("rewritten branch: %+v", cr)
	}
	c2c := gh.AddCommit(repoName, fakegithub.Commit{Parents: []string{c2}, Message: "docs", Files: map[string]string{"config/app.env": "GITHUB_TOKEN=" + token + "\n", "NOTES.md": "notes\n"}})
	push("feature", c2b, c2c, true)
	if cr := a.checksNamed("keyguard (push)", c2c); len(cr) != 1 || cr[0].Conclusion != "success" || !strings.Contains(cr[0].Summary, "1 commit") {
		t.Errorf("force push onto scanned commits: %+v", cr)
	}
	if len(gh.CommitComments(repoName, c2)) != 1 || len(gh.IssueComments(repoName, is.Number)) != 1 {
		t.Errorf("a force push onto scanned commits announced them again")
	}
	if n := strings.Count(a.logs.String(), `"listed_by":"compare","commits":2,"new":1`); n != 1 {
		t.Errorf("the force push was not scanned as 1 new commit of 2 (%d log lines)", n)
	}

	// Commands on the rotation issue: a reader is refused, a writer heard.
	gh.SetPermission(repoName, "bob", "read")
	gh.SetPermission(repoName, "carol", "write")
	comment := func(login, body string) {
		t.Helper()
		id := gh.AddIssueComment(repoName, is.Number, login, body)
		if code, b := a.deliver(t, "issue_comment", json.RawMessage(gh.IssueCommentPayload(repoName, is.Number, id, login, body))); code != http.StatusAccepted {
			t.Fatalf("comment delivery: %d %s", code, b)
		}
	}
	comment("bob", "/keyguard rotated")
	a.waitJobs(t, "issue_comment", 1)
	last := func() string {
		cs := gh.IssueComments(repoName, is.Number)
		return cs[len(cs)-1].Body
	}
	if !strings.Contains(last(), "only people with write access") {
		t.Errorf("the reader was not refused: %q", last())
	}
	if st := gh.Issues(repoName)[0].State; st != "open" {
		t.Errorf("a reader's command closed the issue")
	}
	comment("carol", "/keyguard rotated")
	a.waitJobs(t, "issue_comment", 2)
	if !strings.Contains(last(), "Recorded, @carol") {
		t.Errorf("the writer's command was not acknowledged: %q", last())
	}
	if got := gh.Issues(repoName)[0]; got.State != "closed" {
		t.Errorf("the rotation issue is %s after /keyguard rotated", got.State)
	}
	cs := gh.IssueComments(repoName, is.Number)
	if rs := cs[len(cs)-2].Reactions; len(rs) != 1 || rs[0].Content != "+1" {
		t.Errorf("reactions on the command: %+v", rs)
	}

	// A rotated secret pushed again: not announced, not blocking.
	c3 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Parents: []string{c1}, Message: "again", Files: map[string]string{"ci.yml": "token: " + token + "\n"}})
	push("main", c1, c3, false)
	if cr := a.checksNamed("keyguard (push)", c3); len(cr) != 1 || cr[0].Conclusion != "success" || !strings.Contains(cr[0].Summary, "marked rotated by @carol") {
		t.Errorf("rotated secret pushed again: %+v", cr)
	}
	if len(gh.CommitComments(repoName, c3)) != 0 || len(gh.Issues(repoName)) != 1 {
		t.Errorf("a rotated secret was announced again")
	}

	if strings.Contains(a.published(), token) || strings.Contains(a.logs.String(), token) {
		t.Error("the token reached GitHub's text or the logs")
	}
	gh.Check(t)
}

// TestLargePushAndRerun: a push longer than one compare call (250
// commits) is scanned whole, a leak in its oldest commit included, and
// the log says how it was listed; "Re-run" on its check scans it again
// and reports the same verdict without announcing anything twice.
func TestLargePushAndRerun(t *testing.T) {
	token := synth.New(93).GitHubToken("ghp_")
	a := startApp(t, nil)
	gh := a.gh
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	gh.PushPayload(repoName, "main", "", base, false, "alice")
	gh.SetBranch(repoName, "bulk", base)
	gh.PushPayload(repoName, "bulk", "", base, false, "alice") // the branch exists on GitHub
	var head string
	for i := range 260 {
		fs := map[string]string{fmt.Sprintf("gen/f%03d.txt", i): fmt.Sprintf("line %d\n", i)}
		if i == 0 {
			fs["old.env"] = "GITHUB_TOKEN=" + token + "\n"
		}
		head = gh.AddCommit(repoName, fakegithub.Commit{Branch: "bulk", Files: fs})
	}
	if code, body := a.deliver(t, "push", json.RawMessage(gh.PushPayload(repoName, "bulk", base, head, false, "alice"))); code != http.StatusAccepted {
		t.Fatalf("delivery: %d %s", code, body)
	}
	a.waitJobs(t, "push", 1)
	cr := a.checksNamed("keyguard (push)", head)
	if len(cr) != 1 || cr[0].Conclusion != "failure" || !strings.Contains(cr[0].Summary, "260 commits") {
		t.Fatalf("large push check: %+v", cr)
	}
	if !strings.Contains(a.logs.String(), `"listed_by":"compare","commits":260,"new":260,"large":true`) {
		t.Errorf("the log does not say the push was walked:\n%s", a.logs)
	}
	if n := len(gh.Issues(repoName)); n != 1 {
		t.Fatalf("%d issues", n)
	}

	ev := &github.CheckRunEvent{
		Action: github.String("rerequested"),
		CheckRun: &github.CheckRun{
			ID: github.Int64(cr[0].ID), Name: github.String("keyguard (push)"), HeadSHA: github.String(head),
			CheckSuite: &github.CheckSuite{HeadBranch: github.String("bulk")},
		},
		Repo: &github.Repository{
			ID: github.Int64(1), Name: github.String("shop"), FullName: github.String(repoName),
			Owner: &github.User{Login: github.String("acme")}, DefaultBranch: github.String("main"),
		},
		Sender:       &github.User{Login: github.String("alice")},
		Installation: &github.Installation{ID: github.Int64(installation)},
	}
	if code, body := a.deliver(t, "check_run", ev); code != http.StatusAccepted {
		t.Fatalf("re-run delivery: %d %s", code, body)
	}
	a.waitJobs(t, "check_run", 1)
	if cr := a.checksNamed("keyguard (push)", head); len(cr) != 2 || cr[1].Conclusion != "failure" {
		t.Errorf("after re-run: %+v", cr)
	}
	// "Re-run all checks" on the commit: a check suite re-requested.
	suite := &github.CheckSuiteEvent{
		Action:       github.String("rerequested"),
		CheckSuite:   &github.CheckSuite{ID: github.Int64(5), HeadSHA: github.String(head), HeadBranch: github.String("bulk")},
		Repo:         ev.Repo,
		Sender:       ev.Sender,
		Installation: ev.Installation,
	}
	if code, body := a.deliver(t, "check_suite", suite); code != http.StatusAccepted {
		t.Fatalf("suite re-run delivery: %d %s", code, body)
	}
	a.waitJobs(t, "check_suite", 1)
	if cr := a.checksNamed("keyguard (push)", head); len(cr) != 3 || cr[2].Conclusion != "failure" {
		t.Errorf("after the suite re-run: %d checks", len(cr))
	}
	if len(gh.Issues(repoName)) != 1 || len(gh.CommitComments(repoName, "")) != 1 || len(gh.IssueComments(repoName, 1)) != 0 {
		t.Errorf("the re-runs announced the leak again")
	}
	gh.Check(t)
}

// TestNewBranchScansOnlyItsOwnCommits: a branch made from another
// feature branch brings only the commits no other branch has, and a
// branch made at an existing commit brings none.
func TestNewBranchScansOnlyItsOwnCommits(t *testing.T) {
	token := synth.New(95).GitHubToken("ghp_")
	a := startApp(t, nil)
	gh := a.gh
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	gh.PushPayload(repoName, "main", "", base, false, "alice")
	gh.SetBranch(repoName, "one", base)
	f1 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "one", Files: map[string]string{"a.env": "GITHUB_TOKEN=" + token + "\n"}})
	deliver := func(ref, before, after string, jobs int) {
		t.Helper()
		if code, body := a.deliver(t, "push", json.RawMessage(gh.PushPayload(repoName, ref, before, after, false, "alice"))); code != http.StatusAccepted {
			t.Fatalf("delivery: %d %s", code, body)
		}
		a.waitJobs(t, "push", jobs)
	}
	deliver("one", "", f1, 1)
	gh.SetBranch(repoName, "two", f1)
	f2 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "two", Files: map[string]string{"b.txt": "b\n"}})
	deliver("two", "", f2, 2)
	if cr := a.checksNamed("keyguard (push)", f2); len(cr) != 1 || cr[0].Conclusion != "success" || !strings.Contains(cr[0].Summary, "1 commit") {
		t.Errorf("branch from a branch: %+v", cr)
	}
	// Branch three at f2: the same work as the push of f2, so the queue
	// drops it by its key; and were it run, GitHub lists no commit.
	checks := len(gh.CheckRuns(repoName))
	gh.SetBranch(repoName, "three", f2)
	payload := gh.PushPayload(repoName, "three", "", f2, false, "alice")
	var p struct{ Commits []any }
	json.Unmarshal(payload, &p)
	if len(p.Commits) != 0 {
		t.Errorf("GitHub would list %d commits for a branch made at an existing commit", len(p.Commits))
	}
	if code, body := a.deliver(t, "push", json.RawMessage(payload)); code != http.StatusAccepted {
		t.Fatalf("delivery: %d %s", code, body)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(gh.CheckRuns(repoName)); n != checks {
		t.Errorf("a branch made at an existing commit made %d check runs", n-checks)
	}
	if len(gh.Issues(repoName)) != 1 || len(gh.CommitComments(repoName, "")) != 1 {
		t.Errorf("the leak on branch one was announced again")
	}
	if !strings.Contains(a.logs.String(), `"listed_by":"payload","commits":1,"new":1`) {
		t.Errorf("branch two was not listed from the payload")
	}
}
