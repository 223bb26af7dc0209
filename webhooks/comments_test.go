package webhooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

// IDs in the comment examples.
const (
	issueCommentID  = 492700400
	reviewCommentID = 284312630
)

// TestCommentJobs checks the comment commands and rotation issues: which
// deliveries become jobs, with which fields, and why the others do not. The
// published examples hold no command, no comment on a pull request and no
// rotation issue, so each case edits one (webhooks.EditJSON).
func TestCommentJobs(t *testing.T) {
	const hello = "Codertocat/Hello-World"
	tests := []struct {
		name     string
		example  string
		set      map[string]any // edits to the example
		status   int
		job      *webhooks.Job // nil: not queued
		contains string        // in the answer
	}{
		{name: "issue_comment on a pull request", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "issue.pull_request": webhooks.PRLinks},
			status: 202, job: &webhooks.Job{
				Event: "issue_comment", Action: "created", InstallationID: 1, Repo: hello,
				Issue: 1, PR: 1, CommentID: issueCommentID, Sender: "Codertocat",
				Key: "comment:Codertocat/Hello-World:492700400",
			}},
		{name: "issue_comment on a rotation issue", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "Test data.\r\n/keyguard false-positive fixture\r\n", "issue.body": webhooks.RotationBody},
			status: 202, job: &webhooks.Job{
				Event: "issue_comment", Action: "created", InstallationID: 1, Repo: hello,
				Issue: 1, CommentID: issueCommentID, Sender: "Codertocat",
				Key: "comment:Codertocat/Hello-World:492700400",
			}},
		{name: "issue_comment in upper case, indented", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "  /KEYGUARD ignore revoked already"},
			status: 202, job: &webhooks.Job{
				Event: "issue_comment", Action: "created", InstallationID: 1, Repo: hello,
				Issue: 1, CommentID: issueCommentID, Sender: "Codertocat",
				Key: "comment:Codertocat/Hello-World:492700400",
			}},
		{name: "review comment replying to a finding", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard false-positive test key", "comment.in_reply_to_id": 284312629},
			status: 202, job: &webhooks.Job{
				Event: "pull_request_review_comment", Action: "created", InstallationID: 1, Repo: hello,
				HeadSHA: helloHead, PR: 2, Issue: 2, CommentID: reviewCommentID, ReplyTo: 284312629, Sender: "Codertocat",
				Key: "review_comment:Codertocat/Hello-World:284312630",
			}},
		{name: "review comment starting a thread", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated"},
			status: 202, job: &webhooks.Job{
				Event: "pull_request_review_comment", Action: "created", InstallationID: 1, Repo: hello,
				HeadSHA: helloHead, PR: 2, Issue: 2, CommentID: reviewCommentID, Sender: "Codertocat",
				Key: "review_comment:Codertocat/Hello-World:284312630",
			}},
		{name: "review comment without a head", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "pull_request.head.sha": nil},
			status: 202, job: &webhooks.Job{
				Event: "pull_request_review_comment", Action: "created", InstallationID: 1, Repo: hello,
				PR: 2, Issue: 2, CommentID: reviewCommentID, Sender: "Codertocat",
				Key: "review_comment:Codertocat/Hello-World:284312630",
			}},
		{name: "rotation issue closed", example: "issues.reopened",
			set:    map[string]any{"action": "closed", "issue.body": webhooks.RotationBody, "issue.state": "closed"},
			status: 202, job: &webhooks.Job{
				Event: "issues", Action: "closed", InstallationID: 1, Repo: hello, Issue: 1, Sender: "Codertocat",
				Key: "issues:Codertocat/Hello-World:1:closed:" + delivery,
			}},
		{name: "rotation issue reopened", example: "issues.reopened",
			set:    map[string]any{"issue.body": webhooks.RotationBody},
			status: 202, job: &webhooks.Job{
				Event: "issues", Action: "reopened", InstallationID: 1, Repo: hello, Issue: 1, Sender: "Codertocat",
				Key: "issues:Codertocat/Hello-World:1:reopened:" + delivery,
			}},
		{name: "rotation issue closed by the App", example: "issues.reopened",
			set:    map[string]any{"action": "closed", "issue.body": webhooks.RotationBody, "sender.login": "keyguard[bot]", "sender.type": "Bot"},
			status: 202, job: &webhooks.Job{
				Event: "issues", Action: "closed", InstallationID: 1, Repo: hello, Issue: 1, Sender: "keyguard[bot]",
				Key: "issues:Codertocat/Hello-World:1:closed:" + delivery,
			}},

		// Skipped.
		{name: "issue_comment without a command", example: "issue_comment.created",
			status: 202, contains: "ignored: comment has no /keyguard command"},
		{name: "review comment without a command", example: "pull_request_review_comment.created",
			status: 202, contains: "ignored: comment has no /keyguard command"},
		{name: "quoted command", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "> /keyguard rotated\r\n\r\nDid you?"},
			status: 202, contains: "no /keyguard command"},
		{name: "command mid-line", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "I will say /keyguard rotated once done"},
			status: 202, contains: "no /keyguard command"},
		{name: "no comment body", example: "issue_comment.created",
			set:    map[string]any{"comment.body": json.RawMessage("null")},
			status: 202, contains: "no /keyguard command"},
		{name: "issue_comment by a bot", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "Reply `/keyguard rotated` once rotated.\n/keyguard rotated", "sender.login": "keyguard[bot]", "sender.type": "Bot"},
			status: 202, contains: "ignored: comment by a bot"},
		{name: "review comment by a bot", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard ignore", "sender.type": "Bot"},
			status: 202, contains: "ignored: comment by a bot"},
		{name: "App login, type not Bot", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "sender.login": "keyguard[bot]"},
			status: 202, contains: "ignored: comment by a bot"},
		{name: "issue_comment edited", example: "issue_comment.created",
			set:    map[string]any{"action": "edited", "comment.body": "/keyguard rotated"},
			status: 202, contains: `ignored: issue_comment action "edited" is not handled`},
		{name: "issue_comment deleted", example: "issue_comment.created",
			set:    map[string]any{"action": "deleted", "comment.body": "/keyguard rotated"},
			status: 202, contains: `ignored: issue_comment action "deleted" is not handled`},
		{name: "review comment edited", example: "pull_request_review_comment.created",
			set:    map[string]any{"action": "edited", "comment.body": "/keyguard rotated"},
			status: 202, contains: `ignored: pull_request_review_comment action "edited" is not handled`},
		{name: "review comment deleted", example: "pull_request_review_comment.created",
			set:    map[string]any{"action": "deleted", "comment.body": "/keyguard rotated"},
			status: 202, contains: `ignored: pull_request_review_comment action "deleted" is not handled`},
		{name: "issue without the marker reopened", example: "issues.reopened",
			status: 202, contains: "ignored: issue is not a keyguard rotation issue"},
		{name: "issue without the marker closed", example: "issues.reopened",
			set:    map[string]any{"action": "closed", "issue.body": "keyguard: a plain issue that names the App"},
			status: 202, contains: "ignored: issue is not a keyguard rotation issue"},
		{name: "rotation issue opened", example: "issues.reopened",
			set:    map[string]any{"action": "opened", "issue.body": webhooks.RotationBody},
			status: 202, contains: `ignored: issues action "opened" is not handled`},
		{name: "rotation issue edited", example: "issues.reopened",
			set:    map[string]any{"action": "edited", "issue.body": webhooks.RotationBody},
			status: 202, contains: `ignored: issues action "edited" is not handled`},
		{name: "no command, bad sender: skipped before checks", example: "issue_comment.created",
			set:    map[string]any{"sender.login": "x\ny"},
			status: 202, contains: "ignored: comment has no /keyguard command"},

		// Refused: GitHub would not send these.
		{name: "sender login with a newline", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "sender.login": "Codertocat\nforged: yes"},
			status: 400, contains: "issue_comment payload: sender.login is not a GitHub login"},
		{name: "review comment, sender login with a colon", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "sender.login": "a:b"},
			status: 400, contains: "sender.login is not a GitHub login"},
		{name: "rotation issue, sender login with an escape", example: "issues.reopened",
			set:    map[string]any{"issue.body": webhooks.RotationBody, "sender.login": "Codertocat\x1b[2J"},
			status: 400, contains: "sender.login is not a GitHub login"},
		{name: "no sender", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "sender": nil},
			status: 400, contains: "no sender.login"},
		{name: "rotation issue, no sender", example: "issues.reopened",
			set:    map[string]any{"issue.body": webhooks.RotationBody, "sender": nil},
			status: 400, contains: "no sender.login"},
		{name: "no comment id", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "comment.id": nil},
			status: 400, contains: "no comment.id"},
		{name: "no issue number", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "issue.number": nil},
			status: 400, contains: "no issue.number"},
		{name: "review comment, no pull request number", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "pull_request.number": nil},
			status: 400, contains: "no pull_request.number"},
		{name: "review comment, head not a SHA", example: "pull_request_review_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "pull_request.head.sha": "main"},
			status: 400, contains: "pull_request.head.sha is not a commit SHA"},
		{name: "no installation", example: "issue_comment.created",
			set:    map[string]any{"comment.body": "/keyguard rotated", "installation": nil},
			status: 400, contains: "no installation.id"},
		{name: "repository not owner/name", example: "issues.reopened",
			set:    map[string]any{"issue.body": webhooks.RotationBody, "repository.full_name": "Codertocat/Hello World"},
			status: 400, contains: "repository.full_name is not owner/name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := example(t, tt.example)
			if tt.set != nil {
				body = webhooks.EditJSON(t, body, tt.set)
			}
			secret := newSecret(t)
			q := &webhookstest.Queue{}
			var res webhooks.Result
			h, err := webhooks.NewHandler(webhooks.Config{Secret: secret, Queue: q, Report: func(_ *http.Request, r webhooks.Result) { res = r }})
			if err != nil {
				t.Fatal(err)
			}
			w := serve(h, webhookstest.NewRequest(secret, eventOf(tt.example), delivery, body))
			got := w.Body.String()
			if w.Code != tt.status || !strings.Contains(got, tt.contains) {
				t.Fatalf("answer %d %q, want %d containing %q", w.Code, got, tt.status, tt.contains)
			}
			if login, _ := tt.set["sender.login"].(string); login != "" && (strings.Contains(got, login) || res.Err != nil && strings.Contains(res.Err.Error(), login)) {
				t.Errorf("answer %q or error %v shows the sender's login", got, res.Err)
			}
			if got, want, ok := queuedJob(t, q, tt.job, delivery, body); ok {
				checkJob(t, got, want, false)
			}
		})
	}
}
