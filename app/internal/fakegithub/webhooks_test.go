package fakegithub_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// examplesDir holds real deliveries from @octokit/webhooks-examples.
const examplesDir = "../../../webhooks/testdata"

// optionalKeys are top-level keys GitHub sends only sometimes:
// organization for a repository an organization owns (the fake's
// accounts are), installation for an App's delivery (the fake's always
// are one).
var optionalKeys = map[string]bool{"organization": true, "installation": true}

// sameKeys compares a payload's top-level keys with those of GitHub's
// example delivery, when the repository has one (EVENT.ACTION.json).
func sameKeys(t *testing.T, payload []byte, example string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(examplesDir, example))
	if os.IsNotExist(err) {
		t.Logf("no example %s to compare keys with", example)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	keys := func(b []byte) []string {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var out []string
		for k := range m {
			if !optionalKeys[k] {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	if diff := cmp.Diff(keys(raw), keys(payload)); diff != "" {
		t.Errorf("top-level keys against %s (-GitHub's +the fake's):\n%s", example, diff)
	}
}

// parse decodes a payload as the App would.
func parse[T any](t *testing.T, event string, payload []byte) T {
	t.Helper()
	ev, err := github.ParseWebHook(event, payload)
	if err != nil {
		t.Fatalf("ParseWebHook(%s): %v", event, err)
	}
	out, ok := ev.(T)
	if !ok {
		t.Fatalf("ParseWebHook(%s) = %T", event, ev)
	}
	return out
}

type pushCommit struct {
	Label                    string
	Distinct                 bool
	Added, Removed, Modified []string
}

// TestPushPayloads delivers a branch's life: created, pushed to, merged
// (fast-forward and merge commit), force-pushed, branched from and
// deleted, checking what GitHub reports of each push and that the fake's
// branches follow.
func TestPushPayloads(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	sha := map[string]string{}
	label := func(x string) string {
		for l, v := range sha {
			if v == x {
				return l
			}
		}
		return x
	}
	add := func(l string, c fakegithub.Commit) { sha[l] = s.AddCommit(repoFul, c) }
	dev := fakegithub.Person{Name: "Dev", Email: "dev@example.com", Login: "dev"}
	zero := strings.Repeat("0", 40)
	html := "https://github.com/" + repoFul

	steps := []struct {
		name          string
		setup         func()
		ref           string
		before, after string // labels; "" for none
		forced        bool
		created       bool
		deleted       bool
		baseRef       string
		compare       string // with BEFORE12 and AFTER12 for the SHAs' first 12 characters
		commits       []pushCommit
		head          string
		headDistinct  bool
		branch, tip   string // the branch afterwards and its tip's label ("" if deleted)
	}{
		{
			name: "the repository's first push",
			setup: func() {
				add("a", fakegithub.Commit{Files: map[string]string{"README.md": "# web\n", "old.txt": "x\n"}})
			},
			ref: "refs/heads/main", after: "a", created: true,
			compare: html + "/commit/AFTER",
			commits: []pushCommit{{"a", true, []string{"README.md", "old.txt"}, []string{}, []string{}}},
			head:    "a", headDistinct: true, branch: "main", tip: "a",
		},
		{
			name: "a new branch with two commits",
			setup: func() {
				add("c1", fakegithub.Commit{Parents: []string{sha["a"]}, Author: dev, Files: map[string]string{"src/config.go": "package app\n"}})
				add("c2", fakegithub.Commit{Parents: []string{sha["c1"]}, Author: dev, Rename: map[string]string{"new.txt": "old.txt"}, Files: map[string]string{"README.md": "# web!\n"}})
			},
			ref: "feature", after: "c2", created: true,
			compare: html + "/compare/feature",
			commits: []pushCommit{
				{"c1", true, []string{"src/config.go"}, []string{}, []string{}},
				{"c2", true, []string{"new.txt"}, []string{"old.txt"}, []string{"README.md"}},
			},
			head: "c2", headDistinct: true, branch: "feature", tip: "c2",
		},
		{
			name: "a fast-forward merge: nothing new",
			ref:  "main", before: "a", after: "c2",
			compare: html + "/compare/BEFORE12...AFTER12",
			commits: []pushCommit{
				{"c1", false, []string{"src/config.go"}, []string{}, []string{}},
				{"c2", false, []string{"new.txt"}, []string{"old.txt"}, []string{"README.md"}},
			},
			head: "c2", headDistinct: false, branch: "main", tip: "c2",
		},
		{
			name: "a merge commit: the branch's commit was on GitHub already",
			setup: func() {
				add("c3", fakegithub.Commit{Branch: "feature", Author: dev, Files: map[string]string{"docs/a.md": "a\n"}})
				add("e1", fakegithub.Commit{Parents: []string{sha["c2"]}, Files: map[string]string{"src/app.go": "package app\n"}})
				add("m", fakegithub.Commit{Parents: []string{sha["e1"], sha["c3"]}, Message: "Merge feature", Files: map[string]string{"docs/a.md": "a\n"}})
			},
			ref: "main", before: "c2", after: "m",
			compare: html + "/compare/BEFORE12...AFTER12",
			commits: []pushCommit{
				{"c3", false, []string{"docs/a.md"}, []string{}, []string{}},
				{"e1", true, []string{"src/app.go"}, []string{}, []string{}},
				{"m", true, []string{"docs/a.md"}, []string{}, []string{}},
			},
			head: "m", headDistinct: true, branch: "main", tip: "m",
		},
		{
			name: "a force push",
			setup: func() {
				add("r1", fakegithub.Commit{Parents: []string{sha["a"]}, Author: dev, Files: map[string]string{"src/config.go": "package app2\n"}})
			},
			ref: "feature", before: "c3", after: "r1", forced: true,
			compare: html + "/compare/BEFORE12...AFTER12",
			commits: []pushCommit{{"r1", true, []string{"src/config.go"}, []string{}, []string{}}},
			head:    "r1", headDistinct: true, branch: "feature", tip: "r1",
		},
		{
			name: "a branch at main's tip",
			ref:  "release", after: "m", created: true, baseRef: "refs/heads/main",
			compare: html + "/compare/release",
			commits: []pushCommit{},
			head:    "m", headDistinct: false, branch: "release", tip: "m",
		},
		{
			name: "a deleted branch",
			ref:  "release", before: "m", deleted: true,
			compare: html + "/compare/BEFORE12...000000000000",
			commits: []pushCommit{},
			branch:  "release",
		},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.setup != nil {
				st.setup()
			}
			payload := s.PushPayload(repoFul, st.ref, sha[st.before], sha[st.after], st.forced, "dev")
			sameKeys(t, payload, map[bool]string{false: "push.json", true: "push.deleted.json"}[st.deleted])
			ev := parse[*github.PushEvent](t, "push", payload)

			before, after := zero, zero
			if st.before != "" {
				before = sha[st.before]
			}
			if st.after != "" {
				after = sha[st.after]
			}
			compare := strings.NewReplacer("BEFORE12", before[:12], "AFTER12", after[:12], "AFTER", after).Replace(st.compare)
			ref := st.ref
			if !strings.HasPrefix(ref, "refs/") {
				ref = "refs/heads/" + ref
			}
			got := []any{ev.GetRef(), ev.GetBefore(), ev.GetAfter(), ev.GetCreated(), ev.GetDeleted(), ev.GetForced(), ev.GetBaseRef(), ev.GetCompare()}
			want := []any{ref, before, after, st.created, st.deleted, st.forced, st.baseRef, compare}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ref, before, after, created, deleted, forced, base_ref, compare (-want +got):\n%s", diff)
			}
			commits := []pushCommit{}
			for _, c := range ev.Commits {
				commits = append(commits, pushCommit{label(c.GetID()), c.GetDistinct(), orEmpty(c.Added), orEmpty(c.Removed), orEmpty(c.Modified)})
				if c.GetTreeID() == "" || c.GetMessage() == "" || c.GetTimestamp().IsZero() || c.GetAuthor().GetEmail() == "" || c.GetCommitter().GetName() == "" {
					t.Errorf("commit %s lacks fields: %+v", label(c.GetID()), c)
				}
			}
			if diff := cmp.Diff(st.commits, commits); diff != "" {
				t.Errorf("commits (-want +got):\n%s", diff)
			}
			if st.head == "" {
				if ev.HeadCommit != nil {
					t.Errorf("head_commit %s, want null", ev.HeadCommit.GetID())
				}
			} else if ev.HeadCommit.GetID() != sha[st.head] || ev.HeadCommit.GetDistinct() != st.headDistinct {
				t.Errorf("head_commit %s distinct=%v, want %s %v", label(ev.HeadCommit.GetID()), ev.HeadCommit.GetDistinct(), st.head, st.headDistinct)
			}
			r := ev.GetRepo()
			if r.GetFullName() != repoFul || r.GetDefaultBranch() != "main" || r.GetOwner().GetLogin() != owner || r.GetID() == 0 ||
				r.GetPrivate() || r.GetCreatedAt().IsZero() || r.GetPushedAt().IsZero() || r.GetMasterBranch() != "main" {
				t.Errorf("repository %+v", r)
			}
			if ev.GetPusher().GetName() != "dev" || !strings.HasSuffix(ev.GetPusher().GetEmail(), "+dev@users.noreply.github.com") ||
				ev.GetSender().GetLogin() != "dev" || ev.GetInstallation().GetID() != instID || ev.GetOrganization().GetLogin() != owner {
				t.Errorf("pusher %+v, sender %s, installation %d", ev.GetPusher(), ev.GetSender().GetLogin(), ev.GetInstallation().GetID())
			}
			if tip := s.Branch(repoFul, st.branch); tip != sha[st.tip] {
				t.Errorf("branch %s at %s, want %s", st.branch, label(tip), st.tip)
			}
		})
	}

	// The App walks the push with the commits API.
	list, _, err := f.gh.Repositories.ListCommits(ctx(), owner, repo, &github.CommitsListOptions{SHA: "main"})
	if err != nil {
		t.Fatal(err)
	}
	var walked []string
	for _, c := range list {
		walked = append(walked, label(c.GetSHA()))
	}
	if diff := cmp.Diff([]string{"m", "e1", "c3", "c2", "c1", "a"}, walked); diff != "" {
		t.Errorf("main's history (-want +got):\n%s", diff)
	}

	defer func() {
		if recover() == nil {
			t.Error("a push that is not a fast-forward, unforced, built a payload")
		}
	}()
	s.PushPayload(repoFul, "feature", sha["r1"], sha["c3"], false, "dev")
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// TestPushPayloadCap: a push payload lists the 2048 newest commits; the
// App finds the rest with the commits API.
func TestPushPayloadCap(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	base := s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"n": "0\n"}})
	s.PushPayload(repoFul, "main", "", base, false, "dev")
	var shas []string
	for i := 1; i <= 2050; i++ {
		shas = append(shas, s.AddCommit(repoFul, fakegithub.Commit{Branch: "main", Files: map[string]string{"n": fmt.Sprintf("%d\n", i)}}))
	}
	ev := parse[*github.PushEvent](t, "push", s.PushPayload(repoFul, "main", base, shas[2049], false, "dev"))
	if len(ev.Commits) != 2048 || ev.Commits[0].GetID() != shas[2] || ev.Commits[2047].GetID() != shas[2049] || !ev.Commits[0].GetDistinct() {
		t.Errorf("%d commits, from #%d", len(ev.Commits), indexOf(shas, ev.Commits[0].GetID()))
	}
	c, _, err := f.gh.Repositories.CompareCommits(ctx(), owner, repo, base, shas[2049], &github.ListOptions{PerPage: 100})
	if err != nil || c.GetTotalCommits() != 2050 {
		t.Errorf("compare: %d commits, %v", c.GetTotalCommits(), err)
	}
}

// TestCommandPayloads builds the deliveries of comment commands, issue
// changes and merge queues, decodes them as the App would, and checks
// the state they describe is there for the App to read.
func TestCommandPayloads(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	s := f.srv
	pr := leakPull(t, f)
	issue := s.AddIssue(repoFul, fakegithub.Issue{Title: "Rotate a leaked token", Labels: []string{"keyguard"}})
	if _, _, err := f.gh.PullRequests.CreateReview(ctx(), owner, repo, pr.Number, &github.PullRequestReviewRequest{
		Event:    github.String("COMMENT"),
		Comments: []*github.DraftReviewComment{{Path: github.String("main.go"), Line: github.Int(12), Body: github.String("A token.")}},
	}); err != nil {
		t.Fatal(err)
	}
	bot := s.ReviewComments(repoFul, pr.Number)[0]
	reply := s.AddReviewComment(repoFul, pr.Number, fakegithub.ReviewComment{InReplyTo: bot.ID, User: "dev", Body: "@keyguard allow"})
	queueRef := "gh-readonly-queue/main/pr-1-" + pr.BaseSHA

	tests := []struct {
		name, event, example string
		payload              func() []byte
		check                func(t *testing.T, payload []byte)
	}{
		{
			name: "a command on a pull request", event: "issue_comment", example: "issue_comment.created.json",
			payload: func() []byte { return s.IssueCommentPayload(repoFul, pr.Number, 0, "dev", "@keyguard rescan") },
			check: func(t *testing.T, payload []byte) {
				ev := parse[*github.IssueCommentEvent](t, "issue_comment", payload)
				stored := s.IssueComments(repoFul, pr.Number)
				if ev.GetAction() != "created" || ev.GetIssue().GetNumber() != pr.Number || !ev.GetIssue().IsPullRequest() ||
					len(stored) != 1 || ev.GetComment().GetID() != stored[0].ID || ev.GetComment().GetBody() != "@keyguard rescan" ||
					ev.GetComment().GetUser().GetLogin() != "dev" || ev.GetSender().GetLogin() != "dev" || ev.GetInstallation().GetID() != instID ||
					ev.GetRepo().GetFullName() != repoFul {
					t.Errorf("event %+v", ev)
				}
				// The App reads the comment and reacts to it.
				if c, _, err := f.gh.Issues.GetComment(ctx(), owner, repo, ev.GetComment().GetID()); err != nil || c.GetBody() != "@keyguard rescan" {
					t.Errorf("reading the comment: %v", err)
				}
				if _, resp, err := f.gh.Reactions.CreateIssueCommentReaction(ctx(), owner, repo, ev.GetComment().GetID(), "+1"); err != nil || resp.StatusCode != 201 {
					t.Errorf("reacting: %v", err)
				}
				if rs := s.Reactions(repoFul, ev.GetComment().GetID()); len(rs) != 1 || rs[0].User != "keyguard[bot]" {
					t.Errorf("Reactions = %+v", rs)
				}
			},
		},
		{
			name: "an existing comment on an issue", event: "issue_comment", example: "issue_comment.created.json",
			payload: func() []byte {
				id := s.AddIssueComment(repoFul, issue, "dev", "@keyguard revoke")
				return s.IssueCommentPayload(repoFul, issue, id, "", "")
			},
			check: func(t *testing.T, payload []byte) {
				ev := parse[*github.IssueCommentEvent](t, "issue_comment", payload)
				if ev.GetIssue().IsPullRequest() || ev.GetIssue().GetNumber() != issue || ev.GetComment().GetBody() != "@keyguard revoke" ||
					ev.GetIssue().GetComments() != 1 {
					t.Errorf("event %+v", ev)
				}
			},
		},
		{
			name: "a command in a review thread", event: "pull_request_review_comment", example: "pull_request_review_comment.created.json",
			payload: func() []byte { return s.ReviewCommentPayload(repoFul, pr.Number, reply) },
			check: func(t *testing.T, payload []byte) {
				ev := parse[*github.PullRequestReviewCommentEvent](t, "pull_request_review_comment", payload)
				if ev.GetAction() != "created" || ev.GetComment().GetID() != reply || ev.GetComment().GetInReplyTo() != bot.ID ||
					ev.GetComment().GetPath() != "main.go" || ev.GetPullRequest().GetNumber() != pr.Number ||
					ev.GetPullRequest().GetHead().GetSHA() != pr.HeadSHA || ev.GetSender().GetLogin() != "dev" || ev.GetInstallation().GetID() != instID {
					t.Errorf("event %+v", ev)
				}
				if _, err := replyToReviewComment(f.gh, pr.Number, ev.GetComment().GetID(), "Allowed."); err != nil {
					t.Errorf("answering in the thread: %v", err)
				}
			},
		},
		{
			name: "an issue closed by a user", event: "issues", example: "issues.closed.json",
			payload: func() []byte { return s.IssuesPayload(repoFul, issue, "closed", "dev") },
			check: func(t *testing.T, payload []byte) {
				ev := parse[*github.IssuesEvent](t, "issues", payload)
				if ev.GetAction() != "closed" || ev.GetIssue().GetState() != "closed" || ev.GetIssue().GetClosedBy().GetLogin() != "dev" ||
					ev.GetIssue().ClosedAt == nil || ev.GetSender().GetLogin() != "dev" || len(ev.GetIssue().Labels) != 1 {
					t.Errorf("event %+v", ev)
				}
				if is := s.Issues(repoFul); is[0].State != "closed" || is[0].ClosedBy != "dev" {
					t.Errorf("state %+v", is[0])
				}
				if got, _, _ := f.gh.Issues.Get(ctx(), owner, repo, issue); got.GetState() != "closed" {
					t.Errorf("the App reads it %s", got.GetState())
				}
			},
		},
		{
			name: "an issue reopened", event: "issues", example: "issues.reopened.json",
			payload: func() []byte { return s.IssuesPayload(repoFul, issue, "reopened", "dev") },
			check: func(t *testing.T, payload []byte) {
				ev := parse[*github.IssuesEvent](t, "issues", payload)
				if ev.GetAction() != "reopened" || ev.GetIssue().GetState() != "open" || ev.GetIssue().ClosedAt != nil {
					t.Errorf("event %+v", ev)
				}
			},
		},
		{
			name: "a merge queue", event: "merge_group", example: "merge_group.checks_requested.json",
			payload: func() []byte { return s.MergeGroupPayload(repoFul, pr.BaseSHA, pr.HeadSHA, queueRef) },
			check: func(t *testing.T, payload []byte) {
				ev := parse[*github.MergeGroupEvent](t, "merge_group", payload)
				mg := ev.GetMergeGroup()
				if ev.GetAction() != "checks_requested" || mg.GetHeadSHA() != pr.HeadSHA || mg.GetBaseSHA() != pr.BaseSHA ||
					mg.GetHeadRef() != "refs/heads/"+queueRef || mg.GetBaseRef() != "refs/heads/main" || mg.GetHeadCommit().GetMessage() == "" ||
					ev.GetInstallation().GetID() != instID || ev.GetRepo().GetFullName() != repoFul {
					t.Errorf("event %+v", ev)
				}
				if s.Branch(repoFul, queueRef) != pr.HeadSHA {
					t.Errorf("the queue's branch is not there")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := tt.payload()
			sameKeys(t, payload, tt.example)
			tt.check(t, payload)
		})
	}

	defer func() {
		if recover() == nil {
			t.Error("a payload for a comment with another author was built")
		}
	}()
	s.IssueCommentPayload(repoFul, pr.Number, s.IssueComments(repoFul, pr.Number)[0].ID, "mallory", "")
}
