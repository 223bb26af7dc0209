package webhooks

import (
	"context"
	"encoding/json"

	"github.com/google/go-github/v62/github"
)

// Job is the work one accepted delivery asks for, as the app persists it.
// It is plain data: it marshals to JSON (see the tags) and back without
// loss. Fields that do not apply to the event are zero.
type Job struct {
	// Delivery is the X-GitHub-Delivery GUID. A redelivery of the same
	// delivery carries the same GUID, so a store that has seen it drops the
	// job.
	Delivery string `json:"delivery"`
	// Event is the X-GitHub-Event name: "pull_request", "push",
	// "check_suite", "check_run", "merge_group", "installation",
	// "installation_repositories", "issue_comment",
	// "pull_request_review_comment" or "issues".
	Event string `json:"event"`
	// Action is the payload's action ("opened", "rerequested", ...); empty
	// for push, which has none.
	Action string `json:"action,omitempty"`
	// InstallationID is the App installation the work runs as; every job
	// has one.
	InstallationID int64 `json:"installation_id"`
	// Repo is the repository as "owner/name": for a pull request, the base
	// repository the pull request was opened in (not a fork). Empty for
	// installation events, which may name many repositories (see Payload).
	Repo string `json:"repo,omitempty"`
	// HeadSHA is the commit to scan: the pull request's head, the push's
	// "after", the check suite's or check run's head, the merge group's
	// head. Lower-case hexadecimal.
	HeadSHA string `json:"head_sha,omitempty"`
	// BaseSHA is what HeadSHA is compared against, when the event says: the
	// pull request's base, the push's "before", the check suite's "before",
	// the merge group's base. Empty when there is none (a push that creates
	// a branch sends all zeros, which becomes empty here).
	BaseSHA string `json:"base_sha,omitempty"`
	// PR is the pull request number: for pull_request events, for
	// check_suite and check_run events associated with exactly one pull
	// request, for pull_request_review_comment events, and for
	// issue_comment events on a pull request.
	PR int `json:"pr,omitempty"`
	// Issue is the issue number the comment or issues event is about. A
	// pull request is an issue with the same number, so a comment on a
	// pull request has Issue and PR both set; a comment on a plain issue
	// (a rotation issue, say) has Issue alone.
	Issue int `json:"issue,omitempty"`
	// CheckRunID is the check run a check_run event is about.
	CheckRunID int64 `json:"check_run_id,omitempty"`
	// CommentID is the comment that holds a command: an issue comment for
	// issue_comment events, a review comment for
	// pull_request_review_comment events.
	CommentID int64 `json:"comment_id,omitempty"`
	// ReplyTo is the review comment a pull_request_review_comment answers
	// (comment.in_reply_to_id), such as one of the App's own findings;
	// zero when the comment starts a thread.
	ReplyTo int64 `json:"reply_to,omitempty"`
	// Sender is the login of the account whose action sent the delivery
	// (the payload's sender): the pusher, whoever asked for a check run's
	// action, the commenter, whoever closed an issue. An App's account is
	// "name[bot]". Always set for comment and issues events, whose work
	// depends on who acted; empty for other events only if GitHub sent no
	// sender.
	Sender string `json:"sender,omitempty"`
	// Key is the work's identity: two jobs with the same Key ask for the
	// same work, and the store keeps the first. Forms:
	//
	//	pr:OWNER/NAME:NUMBER:HEADSHA          pull_request (opened, synchronize, ... of one head: one scan)
	//	push:OWNER/NAME:AFTER                 push (the same commit pushed to two refs: one scan)
	//	check_suite:OWNER/NAME:HEADSHA        check_suite requested
	//	merge_group:OWNER/NAME:HEADSHA        merge_group checks_requested
	//	comment:OWNER/NAME:COMMENTID          issue_comment created (a comment is one command)
	//	review_comment:OWNER/NAME:COMMENTID   pull_request_review_comment created
	//
	// Requests for fresh work end in the delivery GUID, so each one counts
	// (and a redelivery of it does not):
	//
	//	check_suite:OWNER/NAME:HEADSHA:rerequested:DELIVERY
	//	check_run:OWNER/NAME:CHECKRUNID:ACTION:DELIVERY
	//	installation:ID:ACTION:DELIVERY
	//	installation_repositories:ID:ACTION:DELIVERY
	//	issues:OWNER/NAME:NUMBER:ACTION:DELIVERY
	Key string `json:"key"`
	// Payload is the delivery's JSON body as GitHub sent it (for a
	// form-encoded delivery, the payload field), for whatever the fields
	// above leave out: a push's commits, a check run's requested action,
	// an installation's repositories, a comment's command. Parse decodes
	// it.
	Payload json.RawMessage `json:"payload"`
}

// Parse decodes the job's payload into its go-github event type
// (*github.PullRequestEvent, *github.PushEvent, ...). It can fail on a job
// the handler accepted: the handler falls back to reading only the fields
// a Job holds when go-github's types refuse another part of the payload
// (see Result.Partial). The Job's own fields are right either way.
func (j Job) Parse() (any, error) {
	return github.ParseWebHook(j.Event, j.Payload)
}

// Enqueuer persists jobs. The handler calls Enqueue before it answers, so
// a job that Enqueue accepted survives a crash right after, and a failure
// is reported to GitHub, which then shows the delivery as failed and can
// redeliver it.
//
// De-duplication is the Enqueuer's: a job whose Delivery or whose Key it
// already holds is dropped, and Enqueue reports duplicate. Enqueue must be
// quick (the handler bounds it with Config.EnqueueTimeout) and must honour
// ctx. It must be safe for concurrent use.
type Enqueuer interface {
	Enqueue(ctx context.Context, j Job) (duplicate bool, err error)
}

// EnqueuerFunc adapts a function to Enqueuer.
type EnqueuerFunc func(ctx context.Context, j Job) (duplicate bool, err error)

// Enqueue calls f(ctx, j).
func (f EnqueuerFunc) Enqueue(ctx context.Context, j Job) (bool, error) { return f(ctx, j) }
