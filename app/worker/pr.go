// Package worker does the App's jobs: it scans what a pull request adds
// and reports it on GitHub as a check run and a review. Each job is
// idempotent: run twice (a retry after a crash, a re-requested check) it
// updates the same check run and never comments twice on a fingerprint.
package worker

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/app/prscan"
	"github.com/keyguard-dev/keyguard/app/review"
	"github.com/keyguard-dev/keyguard/detector"
)

// GitHub's own caps on what its pull-request endpoints list.
const (
	maxPRCommits = 250
	maxPRFiles   = 3000
	perPage      = 100
)

// Clients gives the GitHub client of an installation (*ghapi.Clients).
type Clients interface {
	Installation(id int64) (*github.Client, error)
}

// Worker runs jobs against GitHub.
type Worker struct {
	Clients Clients
	// Ledger remembers every leak and what people said about it.
	Ledger *ledger.Store
	// RevokeURL is GitHub's credential revocation endpoint (see
	// RevokeURL), called without credentials through HTTP (nil:
	// http.DefaultClient). Empty turns revocation off.
	RevokeURL string
	HTTP      *http.Client
	// etags caches organisation-wide settings between jobs.
	etags etagCache
	// Now is the clock for check-run timestamps; tests fix it.
	Now func() time.Time
}

// PullRequest scans pull request number in owner/repo at head and reports
// the result. The check run is created (in_progress) before anything
// else, so a required check shows work under way at once.
func (w *Worker) PullRequest(ctx context.Context, installation int64, owner, repo string, number int, head string) error {
	log := zerolog.Ctx(ctx)
	gh, err := w.Clients.Installation(installation)
	if err != nil {
		return err
	}
	now := w.now()
	run, _, err := gh.Checks.CreateCheckRun(ctx, owner, repo, github.CreateCheckRunOptions{
		Name: review.CheckName, HeadSHA: head, Status: github.String("in_progress"),
		StartedAt: &github.Timestamp{Time: now},
		Output: &github.CheckRunOutput{
			Title: github.String("Scanning for secrets"), Summary: github.String("keyguard is scanning the lines this pull request adds."),
		},
	})
	if err != nil {
		return fmt.Errorf("create check run: %w", err)
	}
	res, set, err := w.scanPR(ctx, gh, owner, repo, number, head)
	if err == nil {
		err = w.ledgerPR(ctx, gh, owner, repo, number, &res, set)
	}
	if err != nil {
		// Say so on the check, then let the queue retry the job.
		w.finish(ctx, gh, owner, repo, run.GetID(), "failure", unfinished("this pull request"), nil, false)
		return err
	}
	s := set.scanner
	log.Info().Int("leaks", len(res.Leaks)).Int("blocking", len(res.Blocking())).Int("commits", res.Commits).
		Int("files", res.Files).Int("partial", len(res.Partial)).Msg("pull request scanned")

	if err := w.comment(ctx, gh, owner, repo, number, head, res, s); err != nil {
		res.Partial = append(res.Partial, "review comments could not be posted: "+err.Error())
	}
	if w.Ledger != nil {
		if err := w.Ledger.RecordCheckRun(ctx, owner+"/"+repo, run.GetID(), fingerprints(res.Blocking())); err != nil {
			return err
		}
	}
	return w.finish(ctx, gh, owner, repo, run.GetID(), res.Conclusion(), res.Output(s), res.Annotations(s), len(res.Blocking()) > 0)
}

// ledgerPR records the pull request's secrets in the ledger and lets
// what people said about them count: a leak marked rotated, ignored or
// a false positive no longer blocks, and its note says who decided and
// why. A known secret that turns up here updates its rotation issue.
func (w *Worker) ledgerPR(ctx context.Context, gh *github.Client, owner, repo string, number int, res *review.Scan, set settings) error {
	if w.Ledger == nil {
		return nil
	}
	repoName := owner + "/" + repo
	for i := range res.Leaks {
		l := &res.Leaks[i]
		if !l.Kind.Blocks() || l.Ignored != "" {
			continue
		}
		at := ledger.Sighting{Commit: l.Commit, Path: l.Path, Line: l.Line, PR: number}
		stored, newPlace, open, err := w.record(ctx, repoName, l, at)
		if err != nil {
			return err
		}
		if open && newPlace && stored.Issue > 0 && set.github.OpenIssues() {
			if _, err := w.rotationIssue(ctx, gh, owner, repo, l.Fingerprint, at, "", set.scanner); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// finish completes the check run: the first 50 annotations with the
// conclusion, the rest appended by further updates (GitHub's limit).
// With actions, a failing check offers the buttons that answer for its
// leaks (see Actions).
func (w *Worker) finish(ctx context.Context, gh *github.Client, owner, repo string, id int64, conclusion string, out *github.CheckRunOutput, anns []*github.CheckRunAnnotation, actions bool) error {
	return w.finishNamed(ctx, gh, review.CheckName, owner, repo, id, conclusion, out, anns, actions)
}

// finishNamed is finish for a check run of another name (an update
// that names none would rename it).
func (w *Worker) finishNamed(ctx context.Context, gh *github.Client, name, owner, repo string, id int64, conclusion string, out *github.CheckRunOutput, anns []*github.CheckRunAnnotation, actions bool) error {
	batches := review.Batches(anns)
	if len(batches) == 0 {
		batches = [][]*github.CheckRunAnnotation{nil}
	}
	for i, b := range batches {
		o := *out
		o.Annotations = b
		opt := github.UpdateCheckRunOptions{Name: name, Output: &o}
		if i == 0 {
			opt.Status = github.String("completed")
			opt.Conclusion = github.String(conclusion)
			opt.CompletedAt = &github.Timestamp{Time: w.now()}
			if actions && w.Ledger != nil {
				opt.Actions = Actions
			}
		}
		if _, _, err := gh.Checks.UpdateCheckRun(ctx, owner, repo, id, opt); err != nil {
			return fmt.Errorf("update check run: %w", err)
		}
	}
	return nil
}

// scanPR reads the pull request's commits, files and settings and scans.
func (w *Worker) scanPR(ctx context.Context, gh *github.Client, owner, repo string, number int, head string) (review.Scan, settings, error) {
	fail := func(err error) (review.Scan, settings, error) { return review.Scan{}, settings{}, err }
	pr, _, err := gh.PullRequests.Get(ctx, owner, repo, number)
	if err != nil {
		return fail(fmt.Errorf("get pull request: %w", err))
	}
	base := pr.GetBase().GetSHA()
	// A pull request from a fork is written by someone outside the
	// repository: its settings must not be able to silence keyguard
	// (an added .keyguardignore line), so they come from the base.
	// Nothing of the fork is ever run; its commits are only read.
	settingsRef := head
	if isFork(pr) {
		settingsRef = base
		zerolog.Ctx(ctx).Info().Msg("pull request from a fork: settings read from the base branch")
	}
	set, err := w.settings(ctx, gh, owner, repo, settingsRef)
	if err != nil {
		return fail(err)
	}
	in := prscan.Input{BaseSHA: base, HeadSHA: head, Parents: map[string]string{}, Ignore: set.ignore}
	var partial []string

	// Every commit, oldest first (GitHub lists them so), at most 250.
	for page := 1; page != 0; {
		cs, resp, err := gh.PullRequests.ListCommits(ctx, owner, repo, number, &github.ListOptions{PerPage: perPage, Page: page})
		if err != nil {
			return fail(fmt.Errorf("list commits: %w", err))
		}
		for _, c := range cs {
			in.Commits = append(in.Commits, prscan.Commit{SHA: c.GetSHA()})
			if ps := c.Parents; len(ps) > 0 {
				in.Parents[c.GetSHA()] = ps[0].GetSHA()
			}
		}
		page = resp.NextPage
	}
	if pr.GetCommits() > len(in.Commits) || len(in.Commits) >= maxPRCommits {
		partial = append(partial, fmt.Sprintf("GitHub lists at most %d commits of a pull request; this one has %d, so only the final diff covers the rest", maxPRCommits, pr.GetCommits()))
	}
	for i := range in.Commits {
		files, err := commitFiles(ctx, gh, owner, repo, in.Commits[i].SHA)
		if err != nil {
			return fail(err)
		}
		in.Commits[i].Files = files
	}
	in.Final, err = allPages(func(page int) ([]*github.CommitFile, *github.Response, error) {
		return gh.PullRequests.ListFiles(ctx, owner, repo, number, &github.ListOptions{PerPage: perPage, Page: page})
	})
	if err != nil {
		return fail(fmt.Errorf("list files: %w", err))
	}
	if pr.GetChangedFiles() > len(in.Final) {
		partial = append(partial, fmt.Sprintf("GitHub lists at most %d files of a pull request; %d of %d were scanned", maxPRFiles, len(in.Final), pr.GetChangedFiles()))
	}
	in.Blobs = func(ref, path string) ([]byte, bool, error) { return fileAt(ctx, gh, owner, repo, ref, path) }
	res, err := prscan.Scan(set.scanner, in)
	if err != nil {
		return fail(err)
	}
	res.Partial = append(partial, res.Partial...)
	return res, set, nil
}

// isFork reports whether a pull request's head lives in another
// repository than its base. A head without a repository is a fork that
// was deleted (GitHub then sends head.repo null; a branch of the base
// repository keeps it even when deleted): its commits are still served
// from the base, and they are still an outsider's.
func isFork(pr *github.PullRequest) bool {
	if pr.GetHead().GetRepo() == nil {
		return true
	}
	h, b := pr.GetHead().GetRepo(), pr.GetBase().GetRepo()
	if h.GetID() != 0 && b.GetID() != 0 {
		return h.GetID() != b.GetID()
	}
	return h.GetFullName() != "" && !strings.EqualFold(h.GetFullName(), b.GetFullName())
}

// Actions are the buttons a failing check run offers (GitHub allows
// three; identifiers and labels up to 20 characters, descriptions 40).
// Clicking one sends check_run requested_action, and the App records
// the answer for every leak the check reported.
var Actions = []*github.CheckRunAction{
	{Label: "Mark rotated", Identifier: "rotated", Description: "The keys were revoked and replaced"},
	{Label: "False positive", Identifier: "false-positive", Description: "These are not live secrets"},
	{Label: "Ignore", Identifier: "ignore", Description: "Accept these keys; stop blocking"},
}

// commitFiles lists a commit's files with their patches, page by page.
func commitFiles(ctx context.Context, gh *github.Client, owner, repo, sha string) ([]*github.CommitFile, error) {
	fs, err := allPages(func(page int) ([]*github.CommitFile, *github.Response, error) {
		c, resp, err := gh.Repositories.GetCommit(ctx, owner, repo, sha, &github.ListOptions{PerPage: perPage, Page: page})
		if err != nil {
			return nil, resp, err
		}
		return c.Files, resp, nil
	})
	if err != nil {
		return nil, fmt.Errorf("get commit %s: %w", sha, err)
	}
	return fs, nil
}

// allPages calls list for page 1, 2, … until GitHub's Link header names
// no next page.
func allPages[T any](list func(page int) ([]T, *github.Response, error)) ([]T, error) {
	var out []T
	for page := 1; page != 0; {
		items, resp, err := list(page)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		page = resp.NextPage
	}
	return out, nil
}

// fileAt returns path's content at ref; false when it does not exist.
// The contents API inlines files up to 1 MB; larger ones come from the
// blob API, raw.
func fileAt(ctx context.Context, gh *github.Client, owner, repo, ref, path string) ([]byte, bool, error) {
	fc, _, resp, err := gh.Repositories.GetContents(ctx, owner, repo, path, &github.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusNotFound {
			return nil, false, nil
		}
		return nil, false, err
	}
	if fc == nil {
		return nil, false, fmt.Errorf("%s is a directory", path)
	}
	if fc.GetEncoding() == "base64" && fc.Content != nil {
		s, err := fc.GetContent()
		return []byte(s), true, err
	}
	data, _, err := gh.Git.GetBlobRaw(ctx, owner, repo, fc.GetSHA())
	return data, err == nil, err
}

// comment posts one review with a comment on each new leaking line; lines
// already commented on (by fingerprint) are skipped. A review with a
// secret requests changes; publishable and test keys only comment.
func (w *Worker) comment(ctx context.Context, gh *github.Client, owner, repo string, number int, head string, res review.Scan, s *detector.Scanner) error {
	rcs, err := allPages(func(page int) ([]*github.PullRequestComment, *github.Response, error) {
		return gh.PullRequests.ListComments(ctx, owner, repo, number, &github.PullRequestListCommentsOptions{ListOptions: github.ListOptions{PerPage: perPage, Page: page}})
	})
	if err != nil {
		return fmt.Errorf("list review comments: %w", err)
	}
	var bodies []string
	for _, c := range rcs {
		bodies = append(bodies, c.GetBody())
	}
	// Secrets added and removed again within the pull request have no
	// line to sit on: one conversation comment asks for their rotation.
	ics, err := allPages(func(page int) ([]*github.IssueComment, *github.Response, error) {
		return gh.Issues.ListComments(ctx, owner, repo, number, &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: perPage, Page: page}})
	})
	if err != nil {
		return fmt.Errorf("list comments: %w", err)
	}
	var issueBodies []string
	for _, c := range ics {
		issueBodies = append(issueBodies, c.GetBody())
	}
	if body := res.HistoryComment(s, review.MarkedFingerprints(append(issueBodies, bodies...))); body != "" {
		if _, _, err := gh.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(body)}); err != nil {
			return fmt.Errorf("comment on the pull request: %w", err)
		}
	}
	comments := res.Comments(s, review.MarkedFingerprints(bodies))
	if len(comments) == 0 {
		return nil
	}
	event, body := "COMMENT", "keyguard found keys in this pull request that are public by design or test-mode; see the notes below."
	if len(res.Blocking()) > 0 {
		event, body = "REQUEST_CHANGES", "keyguard found secrets in this pull request. They have reached GitHub, so each must be rotated now, whatever happens to this branch; the comments below say how, and how to keep them out of the code."
	}
	req := &github.PullRequestReviewRequest{CommitID: github.String(head), Body: github.String(body), Event: github.String(event), Comments: comments}
	_, _, err = gh.PullRequests.CreateReview(ctx, owner, repo, number, req)
	var ge *github.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusUnprocessableEntity {
		// GitHub refuses the whole review when one line is outside the
		// diff; post the rest one by one so one bad line costs one
		// comment, not all of them.
		var failed []string
		for _, c := range comments {
			one := *req
			one.Comments = []*github.DraftReviewComment{c}
			if _, _, err := gh.PullRequests.CreateReview(ctx, owner, repo, number, &one); err != nil {
				failed = append(failed, fmt.Sprintf("%s:%d", c.GetPath(), c.GetLine()))
			}
		}
		if len(failed) > 0 {
			return fmt.Errorf("GitHub refused comments on %s", strings.Join(failed, ", "))
		}
		return nil
	}
	return err
}

// permanentError is a job failure that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err should not be retried.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
