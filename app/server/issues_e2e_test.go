package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// leakyPush pushes a base commit and then one that leaks token in
// deploy.sh, and returns the leaking commit, its failing push check and
// its rotation issue.
func leakyPush(t *testing.T, a *app, token string) (string, fakegithub.CheckRun, fakegithub.Issue) {
	t.Helper()
	gh := a.gh
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: map[string]string{"README.md": "shop\n"}})
	a.pushed(t, "main", "", base)
	c1 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "deploy", Files: map[string]string{"deploy.sh": "#!/bin/sh\nexport GITHUB_TOKEN=" + token + "\n"}})
	a.pushed(t, "main", base, c1)
	cr := a.pushCheck(t, c1)
	if cr.Conclusion != "failure" {
		t.Fatalf("the leaking push's check concluded %q", cr.Conclusion)
	}
	issues := gh.Issues(repoName)
	if len(issues) != 1 || issues[0].State != "open" {
		t.Fatalf("issues %+v, want one open rotation issue", issues)
	}
	return c1, cr, issues[0]
}

// issuesEvent is GitHub's issues event for the rotation issue, with the
// state_reason a person chose when closing it (the fake's payloads say
// "completed" for every closed issue).
func issuesEvent(t *testing.T, gh *fakegithub.Server, number int, action, login, stateReason string) []byte {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(gh.IssuesPayload(repoName, number, action, login), &p); err != nil {
		t.Fatal(err)
	}
	if stateReason != "" {
		p["issue"].(map[string]any)["state_reason"] = stateReason
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRotationIssueClosedAndReopened: what people do to a rotation issue
// is what they say about the secret. Closed as completed, it is rotated
// (and a push of it passes); reopened, it is open again (and the next
// push blocks and updates the issue); closed as not planned, it is
// ignored.
func TestRotationIssueClosedAndReopened(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testRotationIssue(t, "") })
	t.Run("postgres", func(t *testing.T) { testRotationIssue(t, postgresURL(t)) })
}

func testRotationIssue(t *testing.T, databaseURL string) {
	g := synth.New(301)
	token := g.GitHubToken("ghp_")
	a, lg := startWithLedger(t, databaseURL, nil, nil)
	gh := a.gh
	c1, _, is := leakyPush(t, a, token)
	fp := markedFingerprint(t, is.Body)

	// event delivers one issues event and checks what it did: the
	// ledger's state, the issue's, and the one comment it added (none
	// when want is "").
	event := func(action, login, stateReason string, st ledger.State, by, reason, issueState, comment string) {
		t.Helper()
		before := len(gh.IssueComments(repoName, is.Number))
		a.deliverJob(t, "issues", issuesEvent(t, gh, is.Number, action, login, stateReason))
		if l := leak(t, lg, fp); l.State != st || l.StateBy != by || l.StateReason != reason {
			t.Errorf("%s %s: ledger %s by %q because %q, want %s by %q because %q", action, stateReason, l.State, l.StateBy, l.StateReason, st, by, reason)
		}
		if got := gh.Issues(repoName)[0].State; got != issueState {
			t.Errorf("%s %s: the issue is %s, want %s", action, stateReason, got, issueState)
		}
		cs := gh.IssueComments(repoName, is.Number)
		switch {
		case comment == "" && len(cs) != before:
			t.Errorf("%s %s: %d new comments, want none", action, stateReason, len(cs)-before)
		case comment != "" && (len(cs) != before+1 || cs[before].User != botLogin || !strings.Contains(cs[before].Body, comment)):
			t.Errorf("%s %s: comments %+v, want one new with %q", action, stateReason, cs[before:], comment)
		}
	}

	// Closed as completed by a writer: rotated.
	event("closed", "carol", "", ledger.Rotated, "carol", "closed the rotation issue", "closed",
		"Recorded, @carol: closing this issue marks the secret rotated")
	// The same secret pushed again passes and is not announced.
	c2 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "ci", Files: map[string]string{"ci.env": "GITHUB_TOKEN=" + token + "\n"}})
	a.pushed(t, "main", c1, c2)
	if cr := a.pushCheck(t, c2); cr.Conclusion != "success" || !strings.Contains(cr.Summary, "marked rotated by @carol: closed the rotation issue") {
		t.Errorf("a rotated secret pushed again: %s\n%s", cr.Conclusion, cr.Summary)
	}
	if n := len(gh.CommitComments(repoName, c2)); n != 0 {
		t.Errorf("%d commit comments on a rotated secret", n)
	}
	if n := len(gh.IssueComments(repoName, is.Number)); n != 1 {
		t.Errorf("%d issue comments after the rotated secret's push, want 1", n)
	}

	// Reopened: open again, and the next push blocks and updates it.
	event("reopened", "carol", "", ledger.Open, "", "", "open", "Reopened by @carol")
	c3 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "ci again", Files: map[string]string{"ci2.env": "GITHUB_TOKEN=" + token + "\n"}})
	a.pushed(t, "main", c2, c3)
	if cr := a.pushCheck(t, c3); cr.Conclusion != "failure" {
		t.Errorf("the reopened secret pushed again: %s, want failure", cr.Conclusion)
	}
	if n := len(gh.CommitComments(repoName, c3)); n != 1 {
		t.Errorf("%d commit comments on the reopened secret's new place, want 1", n)
	}
	issues := gh.Issues(repoName)
	if len(issues) != 1 || !strings.Contains(issues[0].Body, c3) || !strings.Contains(issues[0].Body, "ci2.env") {
		t.Errorf("%d issues; the issue does not list the new place:\n%s", len(issues), issues[0].Body)
	}
	cs := gh.IssueComments(repoName, is.Number)
	if len(cs) != 3 || !strings.Contains(cs[2].Body, "found this secret again, in `ci2.env` line 1") {
		t.Errorf("issue comments %+v, want a third saying where it was found again", cs)
	}

	// Closed as not planned: ignored.
	event("closed", "carol", "not_planned", ledger.Ignored, "carol", "closed the rotation issue as not planned", "closed",
		"closed as not planned, so the secret is marked ignored")
	// Closed as a duplicate: that says nothing about the key, which
	// stays open (reopened first, so that it can be closed again).
	event("reopened", "carol", "", ledger.Open, "", "", "open", "Reopened by @carol")
	event("closed", "carol", "duplicate", ledger.Open, "", "", "closed", "still treats this secret as leaked")

	if strings.Contains(a.everywhere(), token) || strings.Contains(a.logs.String(), token) {
		t.Error("the token reached GitHub's text or the logs")
	}
	gh.Check(t)
}

// checkRunAction is the check_run event GitHub sends when someone
// clicks one of a check run's buttons.
func checkRunAction(cr fakegithub.CheckRun, identifier, login string) *github.CheckRunEvent {
	return &github.CheckRunEvent{
		Action:          github.String("requested_action"),
		RequestedAction: &github.RequestedAction{Identifier: identifier},
		CheckRun: &github.CheckRun{
			ID: github.Int64(cr.ID), HeadSHA: github.String(cr.HeadSHA), Name: github.String(cr.Name),
			Status: github.String(cr.Status), Conclusion: github.String(cr.Conclusion),
		},
		Repo: &github.Repository{
			ID: github.Int64(1), Name: github.String("shop"), FullName: github.String(repoName),
			Owner: &github.User{Login: github.String("acme")},
		},
		Installation: &github.Installation{ID: github.Int64(installation)},
		Sender:       &github.User{Login: github.String(login), Type: github.String("User")},
	}
}

// TestCheckRunButtons: a writer's click on a failing push check's
// button answers for its leaks (the check passes, the rotation issue
// closes); anyone else's changes nothing.
func TestCheckRunButtons(t *testing.T) {
	tests := []struct {
		name, login, permission, identifier string
		// fault, when set, makes GitHub refuse the check run's update
		// once (a 422, not retried by the transport): the queue's retry
		// must still finish.
		fault          bool
		wantState      ledger.State
		wantConclusion string
		wantIssue      string
	}{
		{name: "writer, rotated", login: "carol", permission: "write", identifier: "rotated", wantState: ledger.Rotated, wantConclusion: "success", wantIssue: "closed"},
		{name: "maintainer, ignore", login: "mia", permission: "maintain", identifier: "ignore", wantState: ledger.Ignored, wantConclusion: "success", wantIssue: "closed"},
		{name: "admin, false positive", login: "ada", permission: "admin", identifier: "false-positive", wantState: ledger.FalsePositive, wantConclusion: "success", wantIssue: "closed"},
		{name: "reader", login: "bob", permission: "read", identifier: "rotated", wantState: ledger.Open, wantConclusion: "failure", wantIssue: "open"},
		{name: "triage", login: "tia", permission: "triage", identifier: "rotated", wantState: ledger.Open, wantConclusion: "failure", wantIssue: "open"},
		{name: "stranger", login: "eve", identifier: "rotated", wantState: ledger.Open, wantConclusion: "failure", wantIssue: "open"},
		{name: "unknown button", login: "carol", permission: "write", identifier: "merge-anyway", wantState: ledger.Open, wantConclusion: "failure", wantIssue: "open"},
		{name: "writer, the update fails once", login: "carol", permission: "write", identifier: "rotated", fault: true, wantState: ledger.Rotated, wantConclusion: "success", wantIssue: "closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := synth.New(302)
			token := g.GitHubToken("ghp_")
			a, lg := startWithLedger(t, "", nil, nil)
			gh := a.gh
			if tt.permission != "" {
				gh.SetPermission(repoName, tt.login, tt.permission)
			}
			_, cr, is := leakyPush(t, a, token)
			fp := markedFingerprint(t, is.Body)
			if tt.fault {
				gh.Fail("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", 1, fakegithub.FaultCommentOutsideDiff)
			}
			calls := len(gh.Requests())
			if code, body := a.deliver(t, "check_run", checkRunAction(cr, tt.identifier, tt.login)); code != http.StatusAccepted || !strings.HasPrefix(body, "queued") {
				t.Fatalf("delivery answered %d %s", code, body)
			}
			jobs := 1
			if tt.fault {
				jobs = 2 // the failed attempt and the retry
			}
			a.waitJobs(t, "check_run", jobs)

			l := leak(t, lg, fp)
			wantBy, wantReason := "", ""
			if tt.wantState != ledger.Open {
				wantBy, wantReason = tt.login, "from the check run"
			}
			if l.State != tt.wantState || l.StateBy != wantBy || l.StateReason != wantReason {
				t.Errorf("ledger: %s by %q because %q, want %s by %q because %q", l.State, l.StateBy, l.StateReason, tt.wantState, wantBy, wantReason)
			}
			now := a.checkByID(t, cr.ID)
			if now.Status != "completed" || now.Conclusion != tt.wantConclusion {
				t.Errorf("the check is %s/%s, want completed/%s", now.Status, now.Conclusion, tt.wantConclusion)
			}
			if n := len(a.checksNamed("keyguard (push)", cr.HeadSHA)); n != 1 {
				t.Errorf("%d push checks on the head, want the same one", n)
			}
			if got := gh.Issues(repoName)[0].State; got != tt.wantIssue {
				t.Errorf("the rotation issue is %s, want %s", got, tt.wantIssue)
			}
			if tt.wantState == ledger.Open {
				if now.Updates != cr.Updates || now.Summary != cr.Summary {
					t.Errorf("the check was updated by a click that changes nothing")
				}
				for _, r := range gh.Requests()[calls:] {
					if r.Method != http.MethodGet && r.Method != "" {
						t.Errorf("a click that changes nothing made %s %s", r.Method, r.Path)
					}
				}
				gh.Check(t)
				return
			}
			what := map[ledger.State]string{ledger.Rotated: "rotated", ledger.Ignored: "ignored", ledger.FalsePositive: "a false positive"}[tt.wantState]
			// (The reply names the provider by its ID, "github".)
			if now.Title != "Answered: no open secrets" || !strings.Contains(now.Summary, "Recorded, @"+tt.login+": the GitHub secret `ghp_") || !strings.Contains(now.Summary, "is marked "+what) {
				t.Errorf("the answered check says %q:\n%s", now.Title, now.Summary)
			}

			// GitHub tells the App that it closed the issue itself: no
			// second acknowledgement, nothing changes.
			comments := len(gh.IssueComments(repoName, is.Number))
			a.deliverJob(t, "issues", gh.IssuesPayload(repoName, is.Number, "closed", botLogin))
			if n := len(gh.IssueComments(repoName, is.Number)); n != comments {
				t.Errorf("the App's own closing was acknowledged (%d new comments)", n-comments)
			}
			if l := leak(t, lg, fp); l.State != tt.wantState || l.StateBy != tt.login {
				t.Errorf("after the App's own closing: %s by %q", l.State, l.StateBy)
			}
			if strings.Contains(a.everywhere(), token) || strings.Contains(a.logs.String(), token) {
				t.Error("the token reached GitHub's text or the logs")
			}
			gh.Check(t)
		})
	}
}
