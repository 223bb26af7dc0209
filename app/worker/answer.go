package worker

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/app/review"
	"github.com/keyguard-dev/keyguard/detector"
)

// Comment is a comment that holds a /keyguard command.
type Comment struct {
	Owner, Repo string
	// Issue is the issue or pull request the comment is on; PR is the
	// same number when it is a pull request.
	Issue, PR int
	ID        int64
	// Review says the comment is an inline review comment; ReplyTo is
	// the comment it answers in its thread.
	Review  bool
	ReplyTo int64
	Sender  string
	Body    string
}

// Answer carries out a comment command: it checks through the API that
// the sender may write to the repository, records the answer for each
// leak the comment is about, acknowledges it (a reaction and a reply),
// and runs the pull request's check again so the answer counts at once.
func (w *Worker) Answer(ctx context.Context, installation int64, c Comment) error {
	log := zerolog.Ctx(ctx)
	cmd, ok, perr := ParseCommand(c.Body)
	if !ok {
		return nil
	}
	if w.Ledger == nil {
		return permanent(errors.New("comment commands need the ledger"))
	}
	gh, err := w.Clients.Installation(installation)
	if err != nil {
		return err
	}
	allowed, err := canWrite(ctx, gh, c.Owner, c.Repo, c.Sender)
	if err != nil {
		return err
	}
	if !allowed {
		log.Info().Str("sender", c.Sender).Msg("command refused: no write access")
		return w.reply(ctx, gh, c, "confused", fmt.Sprintf("@%s, thank you, but only people with write access to this repository can answer for a leaked secret. Please ask a maintainer to confirm.", c.Sender))
	}
	if perr != nil {
		return w.reply(ctx, gh, c, "confused", fmt.Sprintf("@%s, keyguard did not understand: %v.", c.Sender, perr))
	}
	fps, err := w.targets(ctx, gh, c, cmd)
	if err != nil {
		return err
	}
	if len(fps) == 0 {
		return w.reply(ctx, gh, c, "confused", fmt.Sprintf("@%s, keyguard tracks no open secret here, so there was nothing to record.", c.Sender))
	}
	repoName := c.Owner + "/" + c.Repo
	changed, answered, err := w.setStates(ctx, repoName, fps, cmd.State, c.Sender, cmd.Reason)
	if err != nil {
		return err
	}
	log.Info().Str("sender", c.Sender).Str("state", string(cmd.State)).Int("leaks", len(changed)).Msg("command recorded")
	if len(answered) == 0 {
		return nil
	}
	// The answer is in the ledger; what makes it count on GitHub is done
	// even when nothing changed: this may be the queue's retry of a job
	// that recorded the answer and then failed, and only the retry is
	// left to close the issues and run the check again.
	if err := w.closeIssues(ctx, gh, c.Owner, c.Repo, answered, c.Sender); err != nil {
		return err
	}
	if len(changed) > 0 {
		err = w.reply(ctx, gh, c, "+1", recorded(c.Sender, cmd, changed))
	} else {
		// Said before (a retry, or the same answer again): seen, but
		// nothing new to say.
		err = w.react(ctx, gh, c, "+1")
	}
	if err != nil {
		return err
	}
	return w.recheck(ctx, installation, gh, c.Owner, c.Repo, c.PR)
}

// setStates records st for each of fps (those the ledger holds) and
// returns the leaks whose state changed, and all the leaks now in st.
func (w *Worker) setStates(ctx context.Context, repoName string, fps []string, st ledger.State, by, reason string) (changed, answered []ledger.Leak, err error) {
	for _, fp := range fps {
		ch, err := w.Ledger.SetState(ctx, repoName, fp, st, by, reason)
		if errors.Is(err, ledger.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		l, err := w.Ledger.Get(ctx, repoName, fp)
		if err != nil {
			return nil, nil, err
		}
		answered = append(answered, l)
		if ch {
			changed = append(changed, l)
		}
	}
	return changed, answered, nil
}

// recorded is the reply that acknowledges a command.
func recorded(who string, cmd Command, ls []ledger.Leak) string {
	what := map[ledger.State]string{ledger.Rotated: "rotated", ledger.Ignored: "ignored", ledger.FalsePositive: "a false positive"}[cmd.State]
	var b strings.Builder
	fmt.Fprintf(&b, "Recorded, @%s: ", who)
	if len(ls) == 1 {
		fmt.Fprintf(&b, "the %s secret `%s` is marked %s", providerName(ls[0].Provider), tick(ls[0].Redacted), what)
	} else {
		fmt.Fprintf(&b, "%d secrets are marked %s", len(ls), what)
	}
	if cmd.Reason != "" {
		fmt.Fprintf(&b, " (%s)", cmd.Reason)
	}
	b.WriteString(". keyguard will not block on or announce ")
	if len(ls) == 1 {
		b.WriteString("it again.\n")
	} else {
		b.WriteString("them again.\n")
	}
	if cmd.State == ledger.Rotated {
		b.WriteString("\nThank you for rotating. If anything still uses the old key, it has stopped working: update it there too.\n")
	}
	return b.String()
}

func tick(s string) string { return strings.ReplaceAll(s, "`", "'") }

// targets finds the leaks a command is about: those it names, the one
// of the rotation issue it is on, the one of the review comment it
// replies to, or every open leak of the pull request.
func (w *Worker) targets(ctx context.Context, gh *github.Client, c Comment, cmd Command) ([]string, error) {
	repoName := c.Owner + "/" + c.Repo
	if len(cmd.Fingerprints) > 0 {
		return cmd.Fingerprints, nil
	}
	if c.Review && c.ReplyTo != 0 {
		parent, _, err := gh.PullRequests.GetComment(ctx, c.Owner, c.Repo, c.ReplyTo)
		if err != nil {
			return nil, fmt.Errorf("read the review comment answered: %w", err)
		}
		var out []string
		for fp := range review.MarkedFingerprints([]string{parent.GetBody()}) {
			out = append(out, fp)
		}
		return out, nil
	}
	if c.PR == 0 {
		l, err := w.Ledger.ByIssue(ctx, repoName, c.Issue)
		if errors.Is(err, ledger.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []string{l.Fingerprint}, nil
	}
	ls, err := w.Ledger.InPullRequest(ctx, repoName, c.PR)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range ls {
		// The open ones, and those this same answer settled already:
		// a retry of the job must find what the failed attempt set.
		if l.State.Blocks() || l.State == cmd.State && l.StateBy == c.Sender && l.StateReason == cmd.Reason {
			out = append(out, l.Fingerprint)
		}
	}
	return out, nil
}

// canWrite asks GitHub whether login may push to the repository (admin,
// maintain or write; GitHub reports maintain as "write").
func canWrite(ctx context.Context, gh *github.Client, owner, repo, login string) (bool, error) {
	if login == "" {
		return false, nil
	}
	p, resp, err := gh.Repositories.GetPermissionLevel(ctx, owner, repo, login)
	if err != nil {
		if resp != nil && resp.StatusCode == 404 {
			return false, nil // not a collaborator, or no such user
		}
		return false, fmt.Errorf("check %s's permission: %w", login, err)
	}
	switch p.GetPermission() {
	case "admin", "write", "maintain":
		return true, nil
	}
	return false, nil
}

// reply acknowledges a comment: a reaction on it, and an answer where
// it was made (in the review thread, or on the issue or pull request).
func (w *Worker) reply(ctx context.Context, gh *github.Client, c Comment, reaction, text string) error {
	if err := w.react(ctx, gh, c, reaction); err != nil {
		return err
	}
	if c.Review {
		if _, _, err := gh.PullRequests.CreateCommentInReplyTo(ctx, c.Owner, c.Repo, c.PR, text, c.ID); err != nil {
			return fmt.Errorf("reply to the review comment: %w", err)
		}
		return nil
	}
	if _, _, err := gh.Issues.CreateComment(ctx, c.Owner, c.Repo, c.Issue, &github.IssueComment{Body: github.String(text)}); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	return nil
}

// react puts a reaction on the comment (GitHub keeps one of each kind
// per user, so reacting again changes nothing).
func (w *Worker) react(ctx context.Context, gh *github.Client, c Comment, reaction string) error {
	if c.Review {
		if _, _, err := gh.Reactions.CreatePullRequestCommentReaction(ctx, c.Owner, c.Repo, c.ID, reaction); err != nil {
			return fmt.Errorf("react to the review comment: %w", err)
		}
		return nil
	}
	if _, _, err := gh.Reactions.CreateIssueCommentReaction(ctx, c.Owner, c.Repo, c.ID, reaction); err != nil {
		return fmt.Errorf("react to the comment: %w", err)
	}
	return nil
}

// closeIssues closes the rotation issues of leaks that were answered
// for: completed when rotated, not planned otherwise.
func (w *Worker) closeIssues(ctx context.Context, gh *github.Client, owner, repo string, ls []ledger.Leak, who string) error {
	for _, l := range ls {
		if l.Issue == 0 {
			continue
		}
		reason := "completed"
		if l.State != ledger.Rotated {
			reason = "not_planned"
		}
		if _, _, err := gh.Issues.Edit(ctx, owner, repo, l.Issue, &github.IssueRequest{
			State: github.String("closed"), StateReason: github.String(reason),
		}); err != nil {
			return fmt.Errorf("close rotation issue #%d: %w", l.Issue, err)
		}
	}
	return nil
}

// recheck runs a pull request's check again after an answer, so a leak
// marked rotated stops failing it now rather than at the next push.
func (w *Worker) recheck(ctx context.Context, installation int64, gh *github.Client, owner, repo string, pr int) error {
	if pr == 0 {
		return nil
	}
	p, _, err := gh.PullRequests.Get(ctx, owner, repo, pr)
	if err != nil {
		return fmt.Errorf("get pull request: %w", err)
	}
	if p.GetState() != "open" {
		return nil
	}
	return w.PullRequest(ctx, installation, owner, repo, pr, p.GetHead().GetSHA())
}

// IssueEvent is a rotation issue closed or reopened by someone.
type IssueEvent struct {
	Owner, Repo string
	Number      int
	Action      string // "closed" or "reopened"
	// StateReason is GitHub's: "completed", "not_planned" or "duplicate"
	// on close.
	StateReason string
	Sender      string
}

// Issue records what closing or reopening a rotation issue means:
// closed as completed is rotated, closed as not planned is ignored,
// reopened is open again; closed as a duplicate changes nothing. It says
// so on the issue, once.
func (w *Worker) Issue(ctx context.Context, installation int64, e IssueEvent) error {
	if w.Ledger == nil {
		return permanent(errors.New("rotation issues need the ledger"))
	}
	repoName := e.Owner + "/" + e.Repo
	l, err := w.Ledger.ByIssue(ctx, repoName, e.Number)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil // not one of ours (or from before the ledger)
	}
	if err != nil {
		return err
	}
	st, reason, text := ledger.Rotated, "closed the rotation issue", fmt.Sprintf("Recorded, @%s: closing this issue marks the secret rotated. keyguard will not block on it again. Reopen the issue if it was not rotated.", e.Sender)
	switch {
	case e.Action == "reopened":
		st, reason, text = ledger.Open, "", fmt.Sprintf("Reopened by @%s: keyguard treats this secret as leaked again and blocks pull requests that hold it.", e.Sender)
	case e.StateReason == "not_planned":
		st, reason, text = ledger.Ignored, "closed the rotation issue as not planned", fmt.Sprintf("Recorded, @%s: closed as not planned, so the secret is marked ignored. Reopen the issue to track it again.", e.Sender)
	case e.StateReason == "duplicate":
		// A duplicate of another issue says nothing about the key: it
		// stays as it is, and an open one keeps blocking. The issue
		// says so, so that nobody takes the closing for an answer.
		if !l.State.Blocks() {
			return nil
		}
		return w.issueComment(ctx, installation, e, fmt.Sprintf("Closed as a duplicate by @%s. That does not say the key was rotated, so keyguard still treats this secret as leaked and blocks pull requests that hold it. Close this issue as completed once the key is rotated (or comment `/keyguard rotated`), or as not planned to accept it.", e.Sender))
	}
	if !l.State.Blocks() && st != ledger.Open {
		return nil // already answered for (the App closes issues itself after a command)
	}
	changed, err := w.Ledger.SetState(ctx, repoName, l.Fingerprint, st, e.Sender, reason)
	if err != nil || !changed {
		return err
	}
	return w.issueComment(ctx, installation, e, text)
}

// issueComment says text on the rotation issue of e.
func (w *Worker) issueComment(ctx context.Context, installation int64, e IssueEvent, text string) error {
	gh, err := w.Clients.Installation(installation)
	if err != nil {
		return err
	}
	_, _, err = gh.Issues.CreateComment(ctx, e.Owner, e.Repo, e.Number, &github.IssueComment{Body: github.String(text)})
	if err != nil {
		return fmt.Errorf("comment on rotation issue #%d: %w", e.Number, err)
	}
	return nil
}

// CheckAction is a button of a failing check run clicked.
type CheckAction struct {
	Owner, Repo string
	CheckRunID  int64
	Identifier  string // one of Actions
	Sender      string
	HeadSHA     string
	PR          int
}

// Action records a check run button's answer for every leak the check
// reported, as the matching comment command would, and runs the check
// again. Someone without write access changes nothing.
func (w *Worker) Action(ctx context.Context, installation int64, a CheckAction) error {
	log := zerolog.Ctx(ctx)
	if w.Ledger == nil {
		return permanent(errors.New("check run actions need the ledger"))
	}
	st := map[string]ledger.State{"rotated": ledger.Rotated, "false-positive": ledger.FalsePositive, "ignore": ledger.Ignored}[a.Identifier]
	if st == "" {
		log.Warn().Str("identifier", clip(a.Identifier, 20)).Msg("unknown check run action")
		return nil
	}
	gh, err := w.Clients.Installation(installation)
	if err != nil {
		return err
	}
	if ok, err := canWrite(ctx, gh, a.Owner, a.Repo, a.Sender); err != nil || !ok {
		if err == nil {
			log.Info().Str("sender", a.Sender).Msg("check run action refused: no write access")
		}
		return err
	}
	repoName := a.Owner + "/" + a.Repo
	fps, err := w.Ledger.CheckRunLeaks(ctx, repoName, a.CheckRunID)
	if err != nil {
		return err
	}
	changed, answered, err := w.setStates(ctx, repoName, fps, st, a.Sender, "from the check run")
	if err != nil {
		return err
	}
	log.Info().Str("sender", a.Sender).Str("state", string(st)).Int("leaks", len(changed)).Msg("check run action recorded")
	if len(answered) == 0 {
		return nil
	}
	// As for a command: finished even when nothing changed, which is
	// what a retry of a job that failed after recording it sees.
	if err := w.closeIssues(ctx, gh, a.Owner, a.Repo, answered, a.Sender); err != nil {
		return err
	}
	if a.PR > 0 {
		return w.recheck(ctx, installation, gh, a.Owner, a.Repo, a.PR)
	}
	// A push's check: say what changed on it.
	summary := recorded(a.Sender, Command{State: st}, answered)
	_, _, err = gh.Checks.UpdateCheckRun(ctx, a.Owner, a.Repo, a.CheckRunID, github.UpdateCheckRunOptions{
		Name: review.PushCheckName, Status: github.String("completed"), Conclusion: github.String("success"),
		CompletedAt: &github.Timestamp{Time: w.now()},
		Output:      &github.CheckRunOutput{Title: github.String("Answered: no open secrets"), Summary: github.String(summary)},
	})
	if err != nil {
		return fmt.Errorf("update check run: %w", err)
	}
	return nil
}

// providerName is a built-in provider's display name ("GitHub"), or
// the ID itself for a custom one.
func providerName(id string) string {
	for _, p := range detector.Providers() {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}
