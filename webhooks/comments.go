package webhooks

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
)

// The App answers secrets it found in two ways that come back here. It
// opens a rotation issue per leaked secret, whose body carries
// rotationMarker; closing that issue means the secret was rotated, and
// reopening it that it was not. And people answer with comment commands
// (/keyguard rotated, /keyguard ignore REASON, /keyguard false-positive
// REASON) on a pull request, on a rotation issue, or in reply to one of the
// App's review comments. Which command, and whether the commenter may give
// it, is the app's to decide: these builders only drop the deliveries that
// cannot hold one.

const (
	// commandPrefix starts a comment command, in any case.
	commandPrefix = "/keyguard"
	// rotationMarker opens the HTML comment the App writes into a rotation
	// issue's body: <!-- keyguard:fingerprint=... -->.
	rotationMarker = "<!-- keyguard:"
)

func issueCommentJob(j *Job, e *github.IssueCommentEvent) (skip string, err error) {
	if skip = commentSkip(e.GetComment().GetBody(), e.GetSender()); skip != "" {
		return skip, nil
	}
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return "", err
	}
	issue := e.GetIssue()
	if j.Issue = issue.GetNumber(); j.Issue <= 0 {
		return "", errors.New("no issue.number")
	}
	// A pull request is an issue too; issue.pull_request says which.
	if issue.IsPullRequest() {
		j.PR = j.Issue
	}
	if j.CommentID = e.GetComment().GetID(); j.CommentID <= 0 {
		return "", errors.New("no comment.id")
	}
	if e.GetSender().GetLogin() == "" {
		return "", errors.New("no sender.login")
	}
	j.Key = fmt.Sprintf("comment:%s:%d", j.Repo, j.CommentID)
	return "", nil
}

func reviewCommentJob(j *Job, e *github.PullRequestReviewCommentEvent) (skip string, err error) {
	c := e.GetComment()
	if skip = commentSkip(c.GetBody(), e.GetSender()); skip != "" {
		return skip, nil
	}
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return "", err
	}
	pr := e.GetPullRequest()
	if j.PR = pr.GetNumber(); j.PR <= 0 {
		return "", errors.New("no pull_request.number")
	}
	j.Issue = j.PR
	if j.CommentID = c.GetID(); j.CommentID <= 0 {
		return "", errors.New("no comment.id")
	}
	j.ReplyTo = max(c.GetInReplyTo(), 0)
	if j.HeadSHA, err = optionalSHA("pull_request.head.sha", pr.GetHead().GetSHA()); err != nil {
		return "", err
	}
	if e.GetSender().GetLogin() == "" {
		return "", errors.New("no sender.login")
	}
	j.Key = fmt.Sprintf("review_comment:%s:%d", j.Repo, j.CommentID)
	return "", nil
}

func issuesJob(j *Job, e *github.IssuesEvent) (skip string, err error) {
	issue := e.GetIssue()
	if !strings.Contains(issue.GetBody(), rotationMarker) {
		return "issue is not a keyguard rotation issue (no " + rotationMarker + " marker in its body)", nil
	}
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return "", err
	}
	if j.Issue = issue.GetNumber(); j.Issue <= 0 {
		return "", errors.New("no issue.number")
	}
	if e.GetSender().GetLogin() == "" {
		return "", errors.New("no sender.login")
	}
	// Each close and reopen counts, in order; a redelivery does not.
	j.Key = fmt.Sprintf("issues:%s:%d:%s:%s", j.Repo, j.Issue, j.Action, j.Delivery)
	return "", nil
}

// commentSkip says why a comment asks for no work, or returns "". A bot's
// comments are dropped whatever they say: the App's own comments quote
// commands (in help text, in replies), and running those would loop. GitHub
// marks bots with sender.type "Bot"; an App's login also ends in "[bot]",
// which no person's login can.
func commentSkip(body string, sender *github.User) string {
	if strings.EqualFold(sender.GetType(), "Bot") || strings.HasSuffix(sender.GetLogin(), "[bot]") {
		return "comment by a bot: bots do not give commands"
	}
	if !hasCommand(body) {
		return "comment has no " + commandPrefix + " command"
	}
	return ""
}

// hasCommand reports whether a line of body, spaces trimmed, starts with
// commandPrefix in any case. A quoted command ("> /keyguard rotated") is
// not one: quoting is how people answer a comment that mentions it.
func hasCommand(body string) bool {
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if len(line) >= len(commandPrefix) && strings.EqualFold(line[:len(commandPrefix)], commandPrefix) {
			return true
		}
	}
	return false
}
