package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// botLogin is the App's account on the fake: what its comments, replies
// and reactions are signed with.
const botLogin = "keyguard[bot]"

// leakyPR is a pull request whose scan failed, with the App's review.
type leakyPR struct {
	a    *app
	lg   *ledger.Store
	pr   fakegithub.PullRequest
	head string
	// comments are the App's inline comments, by the fingerprint each
	// is about.
	comments map[string]fakegithub.ReviewComment
}

// openLeakyPR opens a pull request whose head adds files, lets the App
// scan it, and checks that the scan failed with one inline comment per
// leaking file and nothing else.
func openLeakyPR(t *testing.T, files map[string]string) leakyPR {
	t.Helper()
	a, lg := startWithLedger(t, "", nil, nil)
	gh := a.gh
	gh.SetPermission(repoName, "carol", "write")
	gh.SetPermission(repoName, "bob", "read")
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: map[string]string{"README.md": "shop\n"}})
	gh.SetBranch(repoName, "feature", base)
	head := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "configure", Files: files})
	pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: "feature", Author: "dave"})
	if code, body := a.deliver(t, "pull_request", prEvent("opened", pr.Number, head, base)); code != http.StatusAccepted {
		t.Fatalf("delivery answered %d %s", code, body)
	}
	if cr := a.waitCheck(t, head); cr.Conclusion != "failure" {
		t.Fatalf("the leaking pull request's check concluded %q, want failure", cr.Conclusion)
	}
	p := leakyPR{a: a, lg: lg, pr: pr, head: head, comments: map[string]fakegithub.ReviewComment{}}
	for _, c := range gh.ReviewComments(repoName, pr.Number) {
		if c.User != botLogin {
			t.Fatalf("review comment by %s before anyone answered", c.User)
		}
		p.comments[markedFingerprint(t, c.Body)] = c
	}
	if len(p.comments) != len(files) {
		t.Fatalf("%d inline comments, want %d", len(p.comments), len(files))
	}
	for fp := range p.comments {
		if l := leak(t, lg, fp); l.State != ledger.Open {
			t.Fatalf("a new leak is %s in the ledger", l.State)
		}
	}
	return p
}

// only is the fingerprint and the App's comment of a pull request with
// one leak.
func (p leakyPR) only(t *testing.T) (string, fakegithub.ReviewComment) {
	t.Helper()
	if len(p.comments) != 1 {
		t.Fatalf("%d leaks, want 1", len(p.comments))
	}
	for fp, c := range p.comments {
		return fp, c
	}
	return "", fakegithub.ReviewComment{}
}

// checks are the completed keyguard check runs on the pull request's
// head, oldest first.
func (p leakyPR) checks() []fakegithub.CheckRun { return p.a.checksNamed("keyguard", p.head) }

// TestReviewThreadCommand: a writer who answers the App's inline comment
// with "/keyguard false-positive REASON" is heard in that thread (a +1
// and a reply), the ledger records who said what, and the pull request's
// check runs again and passes, naming the reason.
func TestReviewThreadCommand(t *testing.T) {
	g := synth.New(201)
	stripe := g.Expand("sk_live_{{an:24}}")
	p := openLeakyPR(t, map[string]string{"pay.go": "package pay\n\nvar stripeKey = \"" + stripe + "\"\n"})
	a, gh := p.a, p.a.gh
	fp, appComment := p.only(t)

	id := gh.AddReviewComment(repoName, p.pr.Number, fakegithub.ReviewComment{InReplyTo: appComment.ID, User: "carol", Body: "/keyguard false-positive sample data"})
	a.deliverJob(t, "pull_request_review_comment", gh.ReviewCommentPayload(repoName, p.pr.Number, id))

	if rs := gh.Reactions(repoName, id); len(rs) != 1 || rs[0].Content != "+1" || rs[0].User != botLogin {
		t.Errorf("reactions on the command: %+v, want the App's +1", rs)
	}
	thread := gh.ReviewComments(repoName, p.pr.Number)
	if len(thread) != 3 {
		t.Fatalf("%d review comments, want the App's, the command and one reply: %+v", len(thread), thread)
	}
	reply := thread[2]
	if reply.User != botLogin || reply.InReplyTo != appComment.ID {
		t.Errorf("reply by %s in reply to %d, want %s in the thread of %d", reply.User, reply.InReplyTo, botLogin, appComment.ID)
	}
	for _, want := range []string{"Recorded, @carol", "is marked a false positive", "(sample data)"} {
		if !strings.Contains(reply.Body, want) {
			t.Errorf("the reply lacks %q:\n%s", want, reply.Body)
		}
	}
	if l := leak(t, p.lg, fp); l.State != ledger.FalsePositive || l.StateBy != "carol" || l.StateReason != "sample data" {
		t.Errorf("ledger: %s by %q because %q, want false-positive by carol because sample data", l.State, l.StateBy, l.StateReason)
	}
	crs := p.checks()
	if len(crs) != 2 || crs[0].Conclusion != "failure" || crs[1].Conclusion != "success" {
		t.Fatalf("check runs %+v, want the failure and then a success", crs)
	}
	if want := "marked a false positive by @carol: sample data"; !strings.Contains(crs[1].Summary, want) {
		t.Errorf("the re-run's summary lacks %q:\n%s", want, crs[1].Summary)
	}
	// The re-run neither reviews nor comments again.
	if n := len(gh.Reviews(repoName, p.pr.Number)); n != 3 {
		t.Errorf("%d reviews, want 3 (the App's, the command's, the reply's)", n)
	}
	if n := len(gh.IssueComments(repoName, p.pr.Number)); n != 0 {
		t.Errorf("%d conversation comments, want 0", n)
	}

	// GitHub also tells the App about its own reply: a bot's comment is
	// never acted on, whatever it says.
	calls := len(gh.Requests())
	code, body := a.deliver(t, "pull_request_review_comment", jsonRaw(gh.ReviewCommentPayload(repoName, p.pr.Number, reply.ID)))
	if code != http.StatusAccepted || !strings.HasPrefix(body, "ignored: comment by a bot") {
		t.Errorf("the App's own reply: %d %s", code, body)
	}
	a.quiet(t, calls)
	if strings.Contains(a.everywhere(p.pr.Number), stripe) || strings.Contains(a.logs.String(), stripe) {
		t.Error("the key reached GitHub's text or the logs")
	}
	gh.Check(t)
}

// TestConversationCommandCoversAllLeaks: "/keyguard ignore REASON" in the
// pull request's conversation answers for every open leak of the pull
// request at once.
func TestConversationCommandCoversAllLeaks(t *testing.T) {
	g := synth.New(202)
	stripe, token := g.Expand("sk_live_{{an:24}}"), g.GitHubToken("ghp_")
	p := openLeakyPR(t, map[string]string{
		"pay.go": "package pay\n\nvar stripeKey = \"" + stripe + "\"\n",
		"ci.sh":  "#!/bin/sh\nexport GITHUB_TOKEN=" + token + "\n",
	})
	a, gh := p.a, p.a.gh

	id := gh.AddIssueComment(repoName, p.pr.Number, "carol", "Both are fixtures.\n/keyguard ignore test fixture")
	a.deliverJob(t, "issue_comment", gh.IssueCommentPayload(repoName, p.pr.Number, id, "", ""))

	if rs := gh.Reactions(repoName, id); len(rs) != 1 || rs[0].Content != "+1" || rs[0].User != botLogin {
		t.Errorf("reactions on the command: %+v, want the App's +1", rs)
	}
	cs := gh.IssueComments(repoName, p.pr.Number)
	if len(cs) != 2 || cs[1].User != botLogin {
		t.Fatalf("conversation %+v, want the command and the App's reply", cs)
	}
	for _, want := range []string{"Recorded, @carol: 2 secrets are marked ignored (test fixture)", "them again"} {
		if !strings.Contains(cs[1].Body, want) {
			t.Errorf("the reply lacks %q:\n%s", want, cs[1].Body)
		}
	}
	for fp := range p.comments {
		if l := leak(t, p.lg, fp); l.State != ledger.Ignored || l.StateBy != "carol" || l.StateReason != "test fixture" {
			t.Errorf("ledger: %s by %q because %q, want ignored by carol because test fixture", l.State, l.StateBy, l.StateReason)
		}
	}
	crs := p.checks()
	if len(crs) != 2 || crs[1].Conclusion != "success" {
		t.Fatalf("check runs %+v, want a second one, a success", crs)
	}
	if n := strings.Count(crs[1].Summary, "marked ignored by @carol: test fixture"); n != 2 {
		t.Errorf("the re-run's summary names the answer %d times, want 2:\n%s", n, crs[1].Summary)
	}
	if len(crs[1].Annotations) != 2 || crs[1].Annotations[0].Level != "notice" || crs[1].Annotations[1].Level != "notice" {
		t.Errorf("annotations %+v, want two notices", crs[1].Annotations)
	}

	// The same command again (another comment): nothing changes, so
	// nothing new is said (a +1 only), but the check runs again, as a
	// retry of the first command's job would need.
	calls := len(gh.Requests())
	id2 := gh.AddIssueComment(repoName, p.pr.Number, "carol", "/keyguard ignore test fixture")
	a.deliverJob(t, "issue_comment", gh.IssueCommentPayload(repoName, p.pr.Number, id2, "", ""))
	if rs := gh.Reactions(repoName, id2); len(rs) != 1 || rs[0].Content != "+1" {
		t.Errorf("reactions on the repeated command: %+v, want +1", rs)
	}
	if n := len(gh.IssueComments(repoName, p.pr.Number)); n != 3 {
		t.Errorf("%d conversation comments, want 3: a repeated answer gets no second reply", n)
	}
	if crs := p.checks(); len(crs) != 3 || crs[2].Conclusion != "success" {
		t.Errorf("check runs %+v after a repeated answer, want a third, a success", crs)
	}
	for _, r := range gh.Requests()[calls:] {
		if r.Route == "/repos/{owner}/{repo}/issues/{issue_number}/comments" && r.Method == http.MethodPost {
			t.Errorf("a repeated answer made %s %s", r.Method, r.Path)
		}
	}
	for fp := range p.comments {
		if l := leak(t, p.lg, fp); l.State != ledger.Ignored || l.StateReason != "test fixture" {
			t.Errorf("ledger after a repeated answer: %s because %q", l.State, l.StateReason)
		}
	}
	if s := a.everywhere(p.pr.Number); strings.Contains(s, stripe) || strings.Contains(s, token) {
		t.Error("a key reached GitHub's text")
	}
	gh.Check(t)
}

// TestCommandsThatChangeNothing: a command that is malformed, or from
// someone without write access, or from a bot, leaves the ledger, the
// check and the review as they were. People get a reply saying why;
// bots are not even queued.
func TestCommandsThatChangeNothing(t *testing.T) {
	tests := []struct {
		name   string
		login  string
		body   string
		thread bool // in the App's review thread, else the conversation
		// ignored is the webhook's answer prefix for a delivery it drops;
		// empty when a job runs.
		ignored      string
		wantReaction string
		wantReply    string
	}{
		{name: "writer without a reason", login: "carol", body: "/keyguard ignore",
			wantReaction: "confused", wantReply: "@carol, keyguard did not understand: say why: `/keyguard ignore <reason>`"},
		{name: "writer without a reason, in the thread", login: "carol", body: "/keyguard false-positive", thread: true,
			wantReaction: "confused", wantReply: "say why: `/keyguard false-positive <reason>`"},
		{name: "unknown verb", login: "carol", body: "/keyguard approve it is fine",
			wantReaction: "confused", wantReply: "keyguard knows `rotated`, `ignore <reason>` and `false-positive <reason>`, not \"approve\""},
		{name: "reader", login: "bob", body: "/keyguard false-positive not live", thread: true,
			wantReaction: "confused", wantReply: "@bob, thank you, but only people with write access"},
		{name: "stranger", login: "eve", body: "/keyguard rotated",
			wantReaction: "confused", wantReply: "@eve, thank you, but only people with write access"},
		{name: "bot", login: "helper[bot]", body: "/keyguard ignore the bot says so",
			ignored: "ignored: comment by a bot"},
		{name: "bot in the thread", login: "helper[bot]", body: "/keyguard rotated", thread: true,
			ignored: "ignored: comment by a bot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := synth.New(203)
			stripe := g.Expand("sk_live_{{an:24}}")
			p := openLeakyPR(t, map[string]string{"pay.go": "package pay\n\nvar stripeKey = \"" + stripe + "\"\n"})
			a, gh := p.a, p.a.gh
			fp, appComment := p.only(t)

			var id int64
			var event string
			var payload []byte
			if tt.thread {
				id = gh.AddReviewComment(repoName, p.pr.Number, fakegithub.ReviewComment{InReplyTo: appComment.ID, User: tt.login, Body: tt.body})
				event, payload = "pull_request_review_comment", gh.ReviewCommentPayload(repoName, p.pr.Number, id)
			} else {
				id = gh.AddIssueComment(repoName, p.pr.Number, tt.login, tt.body)
				event, payload = "issue_comment", gh.IssueCommentPayload(repoName, p.pr.Number, id, "", "")
			}
			calls := len(gh.Requests())
			if tt.ignored != "" {
				code, body := a.deliver(t, event, jsonRaw(payload))
				if code != http.StatusAccepted || !strings.HasPrefix(body, tt.ignored) {
					t.Fatalf("delivery answered %d %s, want 202 %s", code, body, tt.ignored)
				}
				a.quiet(t, calls)
				if n := a.jobs(event); n != 0 {
					t.Errorf("%d %s jobs ran", n, event)
				}
			} else {
				a.deliverJob(t, event, payload)
			}

			var reactions []string
			for _, r := range gh.Reactions(repoName, id) {
				reactions = append(reactions, r.User+" "+r.Content)
			}
			var replies []string
			for _, c := range gh.ReviewComments(repoName, p.pr.Number) {
				if c.User == botLogin && c.ID != appComment.ID {
					replies = append(replies, c.Body)
				}
			}
			for _, c := range gh.IssueComments(repoName, p.pr.Number) {
				if c.User == botLogin {
					replies = append(replies, c.Body)
				}
			}
			switch {
			case tt.wantReaction == "":
				if len(reactions) != 0 || len(replies) != 0 {
					t.Errorf("reactions %v and replies %q, want none", reactions, replies)
				}
			default:
				if len(reactions) != 1 || reactions[0] != botLogin+" "+tt.wantReaction {
					t.Errorf("reactions %v, want the App's %s", reactions, tt.wantReaction)
				}
				if len(replies) != 1 || !strings.Contains(replies[0], tt.wantReply) {
					t.Errorf("replies %q, want one with %q", replies, tt.wantReply)
				}
			}
			if tt.thread {
				// The reply stays in the thread it answers.
				for _, c := range gh.ReviewComments(repoName, p.pr.Number) {
					if c.ID != appComment.ID && c.InReplyTo != appComment.ID {
						t.Errorf("review comment %d is outside the thread", c.ID)
					}
				}
				if n := len(gh.IssueComments(repoName, p.pr.Number)); n != 0 {
					t.Errorf("%d conversation comments for a command in a thread", n)
				}
			}
			if l := leak(t, p.lg, fp); l.State != ledger.Open || l.StateBy != "" || l.StateReason != "" {
				t.Errorf("ledger: %s by %q because %q, want open", l.State, l.StateBy, l.StateReason)
			}
			if crs := p.checks(); len(crs) != 1 || crs[0].Conclusion != "failure" {
				t.Errorf("check runs %+v, want still the one failure", crs)
			}
			for _, r := range gh.Requests()[calls:] {
				if r.Route == "/repos/{owner}/{repo}/check-runs" || r.Route == "/repos/{owner}/{repo}/issues/{issue_number}" {
					t.Errorf("a command that changes nothing made %s %s", r.Method, r.Path)
				}
			}
			gh.Check(t)
		})
	}
}

// TestAnswerFinishesAfterAFailedAttempt: once a command is recorded in
// the ledger, a failure in what follows (the reply, the re-run of the
// check) fails the job, and the queue's retry must finish the work: the
// check must not stay failing for secrets already answered for. GitHub
// refuses one call with a 422, which the App's transport does not retry,
// so the job itself fails and runs again (the queue waits about 5 s).
func TestAnswerFinishesAfterAFailedAttempt(t *testing.T) {
	tests := []struct {
		name          string
		method, route string
		wantReplies   int // "Recorded" replies: one, unless posting it was what failed
	}{
		{"the reply fails", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", 0},
		{"the re-run fails", "GET", "/repos/{owner}/{repo}/pulls/{pull_number}", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := synth.New(204)
			stripe, token := g.Expand("sk_live_{{an:24}}"), g.GitHubToken("ghp_")
			p := openLeakyPR(t, map[string]string{
				"pay.go": "package pay\n\nvar stripeKey = \"" + stripe + "\"\n",
				"ci.sh":  "#!/bin/sh\nexport GITHUB_TOKEN=" + token + "\n",
			})
			a, gh := p.a, p.a.gh
			gh.Fail(tt.method, tt.route, 1, fakegithub.FaultCommentOutsideDiff)
			id := gh.AddIssueComment(repoName, p.pr.Number, "carol", "/keyguard ignore test fixture")
			code, body := a.deliver(t, "issue_comment", jsonRaw(gh.IssueCommentPayload(repoName, p.pr.Number, id, "", "")))
			if code != http.StatusAccepted {
				t.Fatalf("delivery answered %d %s", code, body)
			}
			a.waitJobs(t, "issue_comment", 2) // the failed attempt and the retry

			if n := strings.Count(a.logs.String(), `"message":"job"`); n < 2 || !strings.Contains(a.logs.String(), `"level":"warn"`) {
				t.Errorf("the first attempt did not fail (%d job lines)", n)
			}
			for fp := range p.comments {
				if l := leak(t, p.lg, fp); l.State != ledger.Ignored {
					t.Errorf("ledger: %s, want ignored", l.State)
				}
			}
			crs := gh.CheckRuns(repoName)
			last := crs[len(crs)-1]
			if last.HeadSHA != p.head || last.Status != "completed" || last.Conclusion != "success" {
				t.Errorf("the latest of %d check runs is %s/%s on %s, want a success on the head", len(crs), last.Status, last.Conclusion, last.HeadSHA[:7])
			}
			if rs := gh.Reactions(repoName, id); len(rs) != 1 || rs[0].Content != "+1" {
				t.Errorf("reactions %+v, want one +1", rs)
			}
			replies := 0
			for _, c := range gh.IssueComments(repoName, p.pr.Number) {
				if c.User == botLogin {
					if !strings.Contains(c.Body, "Recorded, @carol: 2 secrets are marked ignored") {
						t.Errorf("unexpected reply %q", c.Body)
					}
					replies++
				}
			}
			if replies != tt.wantReplies {
				t.Errorf("%d replies, want %d", replies, tt.wantReplies)
			}
			gh.Check(t)
		})
	}
}
