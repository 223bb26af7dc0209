package webhooks_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

// Commits named in the example payloads.
const (
	helloHead = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
	helloBase = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
	helloTag  = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
)

// TestExamples sends every example payload, signed, and checks the job it
// becomes (or that it becomes none).
func TestExamples(t *testing.T) {
	tests := map[string]struct {
		status  int
		job     *webhooks.Job // nil: acknowledged, not queued
		partial bool          // go-github refuses part of the payload
	}{
		"ping":                {status: 200},
		"star.created":        {status: 202},
		"pull_request.closed": {status: 202},
		"push.deleted":        {status: 202},
		// No command, no marker: these examples show the skips;
		// TestCommentJobs edits them into jobs.
		"issue_comment.created":               {status: 202},
		"pull_request_review_comment.created": {status: 202},
		"issues.reopened":                     {status: 202},
		"pull_request.opened": {status: 202, job: &webhooks.Job{
			Event: "pull_request", Action: "opened", InstallationID: 1, Repo: "Codertocat/Hello-World",
			HeadSHA: helloHead, BaseSHA: helloBase, PR: 2, Sender: "Codertocat",
			Key: "pr:Codertocat/Hello-World:2:" + helloHead,
		}},
		"pull_request.synchronize": {status: 202, job: &webhooks.Job{
			Event: "pull_request", Action: "synchronize", InstallationID: 1, Repo: "Codertocat/Hello-World",
			HeadSHA: helloHead, BaseSHA: helloBase, PR: 2, Sender: "Codertocat",
			Key: "pr:Codertocat/Hello-World:2:" + helloHead,
		}},
		"push": {status: 202, job: &webhooks.Job{
			Event: "push", InstallationID: 1, Repo: "Codertocat/Hello-World",
			HeadSHA: helloTag, // before is all zeros: the push created the branch
			Sender:  "Codertocat",
			Key:     "push:Codertocat/Hello-World:" + helloTag,
		}},
		"check_suite.requested": {status: 202, job: &webhooks.Job{
			Event: "check_suite", Action: "requested", InstallationID: 957387, Repo: "Codertocat/Hello-World",
			HeadSHA: helloBase, BaseSHA: helloTag, Sender: "Codertocat",
			Key: "check_suite:Codertocat/Hello-World:" + helloBase,
		}},
		"check_suite.rerequested": {status: 202, job: &webhooks.Job{
			Event: "check_suite", Action: "rerequested", InstallationID: 957387, Repo: "Codertocat/Hello-World",
			HeadSHA: helloHead, BaseSHA: helloTag, PR: 2, Sender: "octocoders-linter[bot]",
			Key: "check_suite:Codertocat/Hello-World:" + helloHead + ":rerequested:" + delivery,
		}},
		// GitHub's example writes app.created_at as "2018-04-25 20:42:10",
		// neither RFC 3339 nor a Unix integer: go-github refuses it, the
		// handler reads the job's fields alone.
		"check_run.rerequested": {status: 202, partial: true, job: &webhooks.Job{
			Event: "check_run", Action: "rerequested", InstallationID: 1, Repo: "github/hello-world",
			HeadSHA: "d6fde92930d4715a2b49857d24b940956b26d2d3", CheckRunID: 4, Sender: "octocat",
			Key: "check_run:github/hello-world:4:rerequested:" + delivery,
		}},
		"check_run.requested_action": {status: 202, job: &webhooks.Job{
			Event: "check_run", Action: "requested_action", InstallationID: 690857, Repo: "electron/electron",
			HeadSHA: "5bd5f196a46b8222fb7484f05faba41a73cf34bd", CheckRunID: 1494503112, PR: 26764, Sender: "codebytere",
			Key: "check_run:electron/electron:1494503112:requested_action:" + delivery,
		}},
		"merge_group.checks_requested": {status: 202, job: &webhooks.Job{
			Event: "merge_group", Action: "checks_requested", InstallationID: 1, Repo: "octo-org/octo-repo",
			HeadSHA: "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d", BaseSHA: "380387fbc80638b734a49e1be1c4dfec1c01b33c", Sender: "Codertocat",
			Key: "merge_group:octo-org/octo-repo:2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d",
		}},
		"installation.created": {status: 202, job: &webhooks.Job{
			Event: "installation", Action: "created", InstallationID: 957387, Sender: "Codertocat",
			Key: "installation:957387:created:" + delivery,
		}},
		"installation.deleted": {status: 202, job: &webhooks.Job{
			Event: "installation", Action: "deleted", InstallationID: 2, Sender: "octocat",
			Key: "installation:2:deleted:" + delivery,
		}},
		"installation_repositories.added": {status: 202, job: &webhooks.Job{
			Event: "installation_repositories", Action: "added", InstallationID: 957387, Sender: "Codertocat",
			Key: "installation_repositories:957387:added:" + delivery,
		}},
		"installation_repositories.removed": {status: 202, job: &webhooks.Job{
			Event: "installation_repositories", Action: "removed", InstallationID: 2, Sender: "octocat",
			Key: "installation_repositories:2:removed:" + delivery,
		}},
	}
	for _, name := range examples(t) {
		if _, ok := tests[name]; !ok {
			t.Errorf("testdata/%s.json has no expected result here", name)
		}
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			body := example(t, name)
			q := &webhookstest.Queue{}
			secret := newSecret(t)
			var res webhooks.Result
			h, err := webhooks.NewHandler(webhooks.Config{Secret: secret, Queue: q, Report: func(_ *http.Request, r webhooks.Result) { res = r }})
			if err != nil {
				t.Fatal(err)
			}
			w := serve(h, webhookstest.NewRequest(secret, eventOf(name), delivery, body))
			if w.Code != tt.status {
				t.Fatalf("status %d %q, want %d", w.Code, w.Body, tt.status)
			}
			if (res.Partial != nil) != tt.partial {
				t.Errorf("Result.Partial = %v, want partial %v", res.Partial, tt.partial)
			}
			got, want, ok := queuedJob(t, q, tt.job, delivery, body)
			if !ok {
				return
			}
			checkJob(t, got, want, tt.partial)
			if !strings.Contains(w.Body.String(), "queued "+want.Key) {
				t.Errorf("answer %q does not name the job", w.Body)
			}
		})
	}
}

// queuedJob checks that q holds the one job that want describes, or
// nothing when want is nil (then ok is false). It returns the queued job
// and want completed with the delivery and payload it must carry.
func queuedJob(t *testing.T, q *webhookstest.Queue, want *webhooks.Job, delivery string, body []byte) (got, full webhooks.Job, ok bool) {
	t.Helper()
	jobs := q.Jobs()
	if want == nil {
		if len(jobs) != 0 {
			t.Fatalf("queued %+v, want nothing", jobs)
		}
		return got, full, false
	}
	if len(jobs) != 1 {
		t.Fatalf("queued %d jobs, want 1", len(jobs))
	}
	full = *want
	full.Delivery, full.Payload = delivery, body
	return jobs[0], full, true
}

// checkJob compares a job, checks it survives a JSON round trip (the app
// persists it), and that its payload parses back into the event type
// unless go-github refuses part of it.
func checkJob(t *testing.T, got, want webhooks.Job, partial bool) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(webhooks.Job{}, "Payload")); diff != "" {
		t.Errorf("job mismatch (-want +got):\n%s", diff)
	}
	if !bytes.Equal(got.Payload, want.Payload) {
		t.Errorf("job payload is not the delivery's body")
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("marshal job: %v", err)
	}
	var back webhooks.Job
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal job: %v", err)
	}
	if diff := cmp.Diff(got, back, cmpopts.IgnoreFields(webhooks.Job{}, "Payload")); diff != "" || !json.Valid(back.Payload) {
		t.Errorf("job changed through JSON (-before +after):\n%s", diff)
	}
	if _, err := got.Parse(); (err != nil) != partial {
		t.Errorf("job.Parse error %v, want an error: %v", err, partial)
	}
}

// withAction returns payload with its top-level action (the first
// "action" key, as GitHub orders them) replaced.
func withAction(t *testing.T, payload []byte, from, to string) []byte {
	t.Helper()
	old := fmt.Sprintf(`"action":%q`, from)
	if !bytes.HasPrefix(payload, []byte("{"+old)) {
		t.Fatalf("payload does not start with %s", old)
	}
	return bytes.Replace(payload, []byte(old), fmt.Appendf(nil, `"action":%q`, to), 1)
}

// TestActions checks which actions of a handled event are queued, on real
// payloads with the action changed.
func TestActions(t *testing.T) {
	tests := []struct {
		example, action string
		queued          bool
	}{
		{"pull_request.opened", "reopened", true},
		{"pull_request.opened", "ready_for_review", true},
		{"pull_request.opened", "edited", false},
		{"pull_request.opened", "labeled", false},
		{"pull_request.opened", "converted_to_draft", false},
		{"check_run.rerequested", "created", false}, // the App's own check runs: queueing them would loop
		{"check_run.rerequested", "completed", false},
		{"check_suite.requested", "completed", false},
		{"installation.created", "suspend", true},
		{"installation.created", "unsuspend", true},
		{"installation.created", "new_permissions_accepted", true},
		{"merge_group.checks_requested", "destroyed", false},
	}
	for _, tt := range tests {
		t.Run(tt.example+"/"+tt.action, func(t *testing.T) {
			orig := example(t, tt.example)
			from := strings.TrimPrefix(tt.example, eventOf(tt.example)+".")
			body := withAction(t, orig, from, tt.action)
			q := &webhookstest.Queue{}
			h, secret := newHandler(t, q)
			w := serve(h, webhookstest.NewRequest(secret, eventOf(tt.example), delivery, body))
			if w.Code != http.StatusAccepted {
				t.Fatalf("status %d %q, want 202", w.Code, w.Body)
			}
			jobs := q.Jobs()
			if got := len(jobs) == 1; got != tt.queued {
				t.Fatalf("queued %v (%q), want %v", got, w.Body, tt.queued)
			}
			if tt.queued && jobs[0].Action != tt.action {
				t.Errorf("job action %q, want %q", jobs[0].Action, tt.action)
			}
		})
	}
}

// TestDeduplication checks that the handler answers 202 for duplicates as
// for new jobs, and that a job's Key merges the deliveries that ask for the
// same work and only those.
func TestDeduplication(t *testing.T) {
	type delivery struct {
		id, example, event string
		edit               func([]byte) []byte
	}
	newHead := strings.Repeat("b", 40)
	set := func(kv map[string]any) func([]byte) []byte {
		return func(b []byte) []byte { return webhooks.EditJSON(t, b, kv) }
	}
	command := set(map[string]any{"comment.body": "/keyguard rotated"})
	closeIssue := set(map[string]any{"action": "closed", "issue.body": webhooks.RotationBody})
	reopenIssue := set(map[string]any{"issue.body": webhooks.RotationBody})
	tests := []struct {
		name       string
		deliveries []delivery
		wantJobs   int
	}{
		{name: "same delivery twice", deliveries: []delivery{
			{id: "d1", example: "pull_request.opened"},
			{id: "d1", example: "pull_request.opened"},
		}, wantJobs: 1},
		{name: "opened then synchronize, same head", deliveries: []delivery{
			{id: "d1", example: "pull_request.opened"},
			{id: "d2", example: "pull_request.synchronize"},
		}, wantJobs: 1},
		{name: "synchronize to a new head", deliveries: []delivery{
			{id: "d1", example: "pull_request.opened"},
			{id: "d2", example: "pull_request.synchronize", edit: func(b []byte) []byte {
				return bytes.ReplaceAll(b, []byte(`"sha":"`+helloHead+`"`), []byte(`"sha":"`+newHead+`"`))
			}},
		}, wantJobs: 2},
		{name: "same push twice", deliveries: []delivery{
			{id: "d1", example: "push"},
			{id: "d2", example: "push"},
		}, wantJobs: 1},
		{name: "check suite requested twice", deliveries: []delivery{
			{id: "d1", example: "check_suite.requested"},
			{id: "d2", example: "check_suite.requested"},
		}, wantJobs: 1},
		{name: "each re-request counts", deliveries: []delivery{
			{id: "d1", example: "check_suite.rerequested"},
			{id: "d2", example: "check_suite.rerequested"},
			{id: "d2", example: "check_suite.rerequested"}, // redelivered
			{id: "d3", example: "check_run.rerequested"},
			{id: "d4", example: "check_run.rerequested"},
		}, wantJobs: 4},
		{name: "install, uninstall, install", deliveries: []delivery{
			{id: "d1", example: "installation.created"},
			{id: "d2", example: "installation.deleted", edit: func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"id":2,`), []byte(`"id":957387,`), 1)
			}},
			{id: "d3", example: "installation.created"},
		}, wantJobs: 3},
		{name: "a comment's command runs once", deliveries: []delivery{
			{id: "d1", example: "issue_comment.created", edit: command},
			{id: "d1", example: "issue_comment.created", edit: command}, // redelivered
			{id: "d2", example: "issue_comment.created", edit: command}, // the same comment under another GUID
			{id: "d3", example: "issue_comment.created", edit: set(map[string]any{"comment.body": "/keyguard rotated", "comment.id": 492700401})},
		}, wantJobs: 2},
		{name: "a review comment's command runs once", deliveries: []delivery{
			{id: "d1", example: "pull_request_review_comment.created", edit: command},
			{id: "d1", example: "pull_request_review_comment.created", edit: command},
			{id: "d2", example: "pull_request_review_comment.created", edit: command},
			{id: "d3", example: "issue_comment.created", edit: command}, // another kind of comment
		}, wantJobs: 2},
		{name: "close, reopen, close a rotation issue", deliveries: []delivery{
			{id: "d1", example: "issues.reopened", edit: closeIssue},
			{id: "d2", example: "issues.reopened", edit: reopenIssue},
			{id: "d2", example: "issues.reopened", edit: reopenIssue}, // redelivered
			{id: "d3", example: "issues.reopened", edit: closeIssue},
		}, wantJobs: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &webhookstest.Queue{}
			h, secret := newHandler(t, q)
			for i, d := range tt.deliveries {
				body := example(t, d.example)
				if d.edit != nil {
					body = d.edit(body)
				}
				before := len(q.Jobs())
				w := serve(h, webhookstest.NewRequest(secret, eventOf(d.example), d.id, body))
				if w.Code != http.StatusAccepted {
					t.Fatalf("delivery %d: status %d %q", i, w.Code, w.Body)
				}
				dup := len(q.Jobs()) == before
				if got := strings.HasPrefix(w.Body.String(), "duplicate: "); got != dup {
					t.Errorf("delivery %d: answer %q, duplicate %v", i, w.Body, dup)
				}
			}
			if got := len(q.Jobs()); got != tt.wantJobs {
				t.Errorf("%d jobs, want %d: %v", got, tt.wantJobs, keys(q.Jobs()))
			}
		})
	}
}

func keys(jobs []webhooks.Job) []string {
	var k []string
	for _, j := range jobs {
		k = append(k, j.Key)
	}
	return k
}

// TestTimestamps checks both shapes of timestamp GitHub sends: push events
// carry repository.created_at and pushed_at as Unix integers, other events
// RFC 3339 strings. go-github's Timestamp takes both.
func TestTimestamps(t *testing.T) {
	push := example(t, "push")
	job := queueOne(t, "push", push)
	ev, err := job.Parse()
	if err != nil {
		t.Fatal(err)
	}
	pe := ev.(*github.PushEvent)

	pr := queueOne(t, "pull_request", example(t, "pull_request.opened"))
	ev, err = pr.Parse()
	if err != nil {
		t.Fatal(err)
	}
	pre := ev.(*github.PullRequestEvent)

	tests := []struct {
		name string
		raw  string
		got  *github.Timestamp
		want time.Time
	}{
		{"push repository.created_at (integer)", rawField(t, push, "created_at"), pe.GetRepo().CreatedAt, time.Unix(1557933565, 0)},
		{"push repository.pushed_at (integer)", rawField(t, push, "pushed_at"), pe.GetRepo().PushedAt, time.Unix(1557933657, 0)},
		{"push repository.updated_at (string)", rawField(t, push, "updated_at"), pe.GetRepo().UpdatedAt, time.Date(2019, 5, 15, 15, 20, 41, 0, time.UTC)},
		{"pull_request repository.created_at (string)", `"2019-05-15T15:19:25Z"`, pre.GetRepo().CreatedAt, time.Date(2019, 5, 15, 15, 19, 25, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isInt := !strings.HasPrefix(tt.raw, `"`)
			if strings.Contains(tt.name, "integer") != isInt {
				t.Fatalf("the example holds %s: not the shape this case is about", tt.raw)
			}
			if tt.got == nil || !tt.got.Time.Equal(tt.want) {
				t.Errorf("parsed %v, want %v", tt.got, tt.want)
			}
		})
	}
}

// rawField returns repository.FIELD of a payload as written.
func rawField(t *testing.T, payload []byte, field string) string {
	t.Helper()
	var p struct {
		Repository map[string]json.RawMessage `json:"repository"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		t.Fatal(err)
	}
	return string(p.Repository[field])
}

// queueOne sends one signed delivery and returns the job it queued.
func queueOne(t *testing.T, event string, body []byte) webhooks.Job {
	t.Helper()
	q := &webhookstest.Queue{}
	h, secret := newHandler(t, q)
	if w := serve(h, webhookstest.NewRequest(secret, event, delivery, body)); w.Code != http.StatusAccepted || len(q.Jobs()) != 1 {
		t.Fatalf("status %d %q, %d jobs", w.Code, w.Body, len(q.Jobs()))
	}
	return q.Jobs()[0]
}
