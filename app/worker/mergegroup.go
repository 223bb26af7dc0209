package worker

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/prscan"
	"github.com/keyguard-dev/keyguard/app/review"
)

// MergeGroup reports the keyguard check on a merge queue's temporary
// commit. The queue waits for required checks on that commit, so the
// check is always completed, success or failure, never left pending:
// the group's combined diff against its base is scanned (each pull
// request in it had its own commits scanned already), and a secret
// still open in the ledger fails it.
func (w *Worker) MergeGroup(ctx context.Context, installation int64, owner, repo, base, head string) error {
	gh, err := w.Clients.Installation(installation)
	if err != nil {
		return err
	}
	run, _, err := gh.Checks.CreateCheckRun(ctx, owner, repo, github.CreateCheckRunOptions{
		Name: review.CheckName, HeadSHA: head, Status: github.String("in_progress"),
		StartedAt: &github.Timestamp{Time: w.now()},
	})
	if err != nil {
		return fmt.Errorf("create check run: %w", err)
	}
	res, set, err := w.scanGroup(ctx, gh, owner, repo, base, head)
	if err != nil {
		w.finish(ctx, gh, owner, repo, run.GetID(), "failure", unfinished("this merge group"), nil, false)
		return err
	}
	return w.finish(ctx, gh, owner, repo, run.GetID(), res.Conclusion(), res.Output(set.scanner), res.Annotations(set.scanner), false)
}

func (w *Worker) scanGroup(ctx context.Context, gh *github.Client, owner, repo, base, head string) (review.Scan, settings, error) {
	set, err := w.settings(ctx, gh, owner, repo, base)
	if err != nil {
		return review.Scan{}, settings{}, err
	}
	cmp, _, err := gh.Repositories.CompareCommits(ctx, owner, repo, base, head, &github.ListOptions{PerPage: 1})
	if err != nil {
		return review.Scan{}, settings{}, fmt.Errorf("compare %s...%s: %w", short(base), short(head), err)
	}
	in := prscan.Input{BaseSHA: base, HeadSHA: head, Final: cmp.Files, Ignore: set.ignore,
		Blobs: func(ref, path string) ([]byte, bool, error) { return fileAt(ctx, gh, owner, repo, ref, path) }}
	res, err := prscan.Scan(set.scanner, in)
	if err != nil {
		return review.Scan{}, settings{}, err
	}
	res.Commits = cmp.GetTotalCommits()
	if len(cmp.Files) >= 300 {
		res.Partial = append(res.Partial, "GitHub lists at most 300 files of a comparison; the pull requests' own checks scanned the rest")
	}
	if w.Ledger != nil {
		known, err := w.Ledger.Lookup(ctx, owner+"/"+repo, fingerprints(res.Leaks))
		if err != nil {
			return review.Scan{}, settings{}, err
		}
		for i := range res.Leaks {
			if l, ok := known[res.Leaks[i].Fingerprint]; ok && !l.State.Blocks() && res.Leaks[i].Ignored == "" {
				res.Leaks[i].Ignored = stateNote(l)
			}
		}
	}
	return res, set, nil
}
