package worker

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/google/go-github/v62/github"
	"github.com/rs/zerolog"

	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/app/prscan"
	"github.com/keyguard-dev/keyguard/app/review"
	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/config"
)

// Push is a push to a branch, as its webhook describes it.
type Push struct {
	Owner, Repo string
	Ref         string // refs/heads/NAME
	// Before is the branch's previous head; "" for a new branch.
	Before, After string
	// Forced is a force push; only logged: the scanned-commit filter is
	// what keeps its commits from being announced twice.
	Forced        bool
	DefaultBranch string
	// Pusher is the login of whoever pushed.
	Pusher string
	// Seen are commits GitHub's payload marks as not distinct: already
	// pushed to the repository before, so not this push's to announce.
	Seen map[string]bool
	// Rescan is a re-run asked for on GitHub: the branch's commits that
	// the default branch lacks are scanned again, scanned before or not.
	Rescan bool
	// Listed are the commits the payload lists, oldest first, and
	// Complete says it lists them all (GitHub stops at 2048). For a new
	// branch GitHub lists exactly the commits no other branch has.
	Listed   []string
	Complete bool
}

// MaxPayloadCommits is how many commits a push payload lists at most.
const MaxPayloadCommits = 2048

// compareCap is how many commits one compare call lists unpaginated;
// past it the push is walked page by page.
const compareCap = 250

// fetchers is how many commits are read from GitHub at once.
const fetchers = 4

// Push scans the lines the commits of a push add, once per commit: a new
// branch contributes only commits that are not on the default branch, a
// force push only commits not scanned before. Each secret is recorded in
// the ledger; a new one gets a comment on the commit's line and a
// rotation issue, a known one that shows up in a new place updates its
// issue. A check run on the pushed head says what was found.
func (w *Worker) Push(ctx context.Context, installation int64, p Push) error {
	log := zerolog.Ctx(ctx)
	if !strings.HasPrefix(p.Ref, "refs/heads/") {
		log.Info().Str("ref", p.Ref).Msg("push to a tag or other ref: nothing to scan")
		return nil
	}
	if w.Ledger == nil {
		return permanent(errors.New("push scanning needs the ledger"))
	}
	gh, err := w.Clients.Installation(installation)
	if err != nil {
		return err
	}
	repoName := p.Owner + "/" + p.Repo
	shas, how, err := w.pushedCommits(ctx, gh, p)
	if err != nil {
		return err
	}
	scanned, err := w.Ledger.Scanned(ctx, repoName, shas)
	if err != nil {
		return err
	}
	var todo []string
	for _, sha := range shas {
		if p.Rescan || !scanned[sha] && !p.Seen[sha] {
			todo = append(todo, sha)
		}
	}
	ev := log.Info().Bool("forced", p.Forced).Str("listed_by", how).Int("commits", len(shas)).Int("new", len(todo))
	if len(shas) > compareCap {
		// Never silent: one compare call lists 250 commits and 300
		// files; this push was listed page by page and is read commit
		// by commit, all of it.
		ev = ev.Bool("large", true).Str("note", "more commits than one compare call lists: walked page by page, every commit read")
	}
	ev.Msg("push")
	if len(todo) == 0 {
		return nil
	}
	now := w.now()
	run, _, err := gh.Checks.CreateCheckRun(ctx, p.Owner, p.Repo, github.CreateCheckRunOptions{
		Name: review.PushCheckName, HeadSHA: p.After, Status: github.String("in_progress"),
		StartedAt: &github.Timestamp{Time: now},
		Output: &github.CheckRunOutput{
			Title: github.String("Scanning for secrets"), Summary: github.String("keyguard is scanning the lines this push adds."),
		},
	})
	if err != nil {
		return fmt.Errorf("create check run: %w", err)
	}
	set, err := w.settings(ctx, gh, p.Owner, p.Repo, p.After)
	if err != nil {
		w.finishNamed(ctx, gh, review.PushCheckName, p.Owner, p.Repo, run.GetID(), "failure", unfinished("this push"), nil, false)
		return err
	}
	commits, err := fetchCommits(ctx, gh, p.Owner, p.Repo, todo)
	if err != nil {
		w.finishNamed(ctx, gh, review.PushCheckName, p.Owner, p.Repo, run.GetID(), "failure", unfinished("this push"), nil, false)
		return err
	}
	in := prscan.Input{HeadSHA: p.After, Parents: map[string]string{}, Ignore: set.ignore}
	authors := map[string]string{}
	patches := map[string]map[string]string{} // commit → path → patch
	merges := 0
	for _, c := range commits {
		sha := c.GetSHA()
		authors[sha] = authorOf(c)
		if len(c.Parents) > 1 {
			// A merge brings in commits that are scanned themselves;
			// its own diff against the first parent would report
			// their lines a second time, at the merge.
			merges++
			continue
		}
		if len(c.Parents) == 1 {
			in.Parents[sha] = c.Parents[0].GetSHA()
		}
		in.Commits = append(in.Commits, prscan.Commit{SHA: sha, Files: c.Files})
		patches[sha] = map[string]string{}
		for _, f := range c.Files {
			patches[sha][f.GetFilename()] = f.GetPatch()
		}
	}
	in.Blobs = func(ref, path string) ([]byte, bool, error) { return fileAt(ctx, gh, p.Owner, p.Repo, ref, path) }
	res, err := prscan.Scan(set.scanner, in)
	if err != nil {
		w.finishNamed(ctx, gh, review.PushCheckName, p.Owner, p.Repo, run.GetID(), "failure", unfinished("this push"), nil, false)
		return err
	}
	res.Commits = len(commits)
	for i := range res.Leaks {
		res.Leaks[i].Author = authors[res.Leaks[i].Commit]
	}
	if err := w.announcePush(ctx, gh, p, set, &res, patches); err != nil {
		w.finishNamed(ctx, gh, review.PushCheckName, p.Owner, p.Repo, run.GetID(), "failure", unfinished("this push"), nil, false)
		return err
	}
	log.Info().Int("leaks", len(res.Leaks)).Int("blocking", len(res.Blocking())).Int("merges_skipped", merges).
		Int("partial", len(res.Partial)).Msg("push scanned")
	if err := w.Ledger.RecordCheckRun(ctx, repoName, run.GetID(), fingerprints(res.Blocking())); err != nil {
		return err
	}
	out := res.Output(set.scanner)
	anns := headOnly(res, p.After, res.Annotations(set.scanner))
	if err := w.finishNamed(ctx, gh, review.PushCheckName, p.Owner, p.Repo, run.GetID(), res.Conclusion(), out, anns, len(res.Blocking()) > 0); err != nil {
		return err
	}
	// Only now: a job that dies before this point scans the push again.
	return w.Ledger.MarkScanned(ctx, repoName, todo)
}

// headOnly keeps the annotations of leaks in the head commit: a check
// run's annotations sit on the head's files, and a line number from an
// earlier commit may point elsewhere there.
func headOnly(res review.Scan, head string, anns []*github.CheckRunAnnotation) []*github.CheckRunAnnotation {
	inHead := map[string]bool{}
	for _, l := range res.Leaks {
		if l.Commit == head {
			inHead[fmt.Sprintf("%s:%d", l.Path, l.Line)] = true
		}
	}
	var out []*github.CheckRunAnnotation
	for _, a := range anns {
		if inHead[fmt.Sprintf("%s:%d", a.GetPath(), a.GetStartLine())] {
			out = append(out, a)
		}
	}
	return out
}

func fingerprints(ls []review.Leak) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Fingerprint
	}
	return out
}

func unfinished(what string) *github.CheckRunOutput {
	return &github.CheckRunOutput{
		Title:   github.String("The scan could not finish"),
		Summary: github.String("keyguard could not read " + what + " from GitHub; it will try again."),
	}
}

// authorOf names a commit's author: the GitHub login when GitHub knows
// it, else the name in the commit.
func authorOf(c *github.RepositoryCommit) string {
	if l := c.GetAuthor().GetLogin(); l != "" {
		return "@" + l
	}
	return c.GetCommit().GetAuthor().GetName()
}

// pushedCommits lists the commits a push brings to its branch, oldest
// first, and says how it listed them (for the log).
func (w *Worker) pushedCommits(ctx context.Context, gh *github.Client, p Push) ([]string, string, error) {
	branch := strings.TrimPrefix(p.Ref, "refs/heads/")
	base := p.Before
	if base == "" && p.Complete && !p.Rescan {
		// A new branch: GitHub's list is exactly what no other branch
		// of the repository has (none, for a branch made at an
		// existing commit).
		return p.Listed, "payload", nil
	}
	if base == "" {
		if branch == p.DefaultBranch || p.DefaultBranch == "" {
			// The repository's first push: everything is new.
			shas, err := walkCommits(ctx, gh, p.Owner, p.Repo, p.After)
			return shas, "walk", err
		}
		base = p.DefaultBranch
	}
	shas, err := compareCommits(ctx, gh, p.Owner, p.Repo, base, p.After)
	if err != nil && p.Before != "" && isStatus(err, http.StatusNotFound) && branch != p.DefaultBranch && p.DefaultBranch != "" {
		// After a force push the old head may be gone: compare with
		// the default branch instead (the ledger drops what was seen).
		shas, err = compareCommits(ctx, gh, p.Owner, p.Repo, p.DefaultBranch, p.After)
		return shas, "compare-default", err
	}
	return shas, "compare", err
}

// compareCommits lists the commits in head and not in base, oldest
// first, page by page: one compare call lists at most 250.
func compareCommits(ctx context.Context, gh *github.Client, owner, repo, base, head string) ([]string, error) {
	var out []string
	for page := 1; page != 0; {
		cmp, resp, err := gh.Repositories.CompareCommits(ctx, owner, repo, base, head, &github.ListOptions{PerPage: perPage, Page: page})
		if err != nil {
			return nil, fmt.Errorf("compare %s...%s: %w", short(base), short(head), err)
		}
		for _, c := range cmp.Commits {
			out = append(out, c.GetSHA())
		}
		page = resp.NextPage
	}
	return out, nil
}

// walkCommits lists every commit reachable from head, oldest first.
func walkCommits(ctx context.Context, gh *github.Client, owner, repo, head string) ([]string, error) {
	cs, err := allPages(func(page int) ([]*github.RepositoryCommit, *github.Response, error) {
		return gh.Repositories.ListCommits(ctx, owner, repo, &github.CommitsListOptions{SHA: head, ListOptions: github.ListOptions{PerPage: perPage, Page: page}})
	})
	if err != nil {
		return nil, fmt.Errorf("list commits of %s: %w", short(head), err)
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[len(cs)-1-i] = c.GetSHA()
	}
	return out, nil
}

// fetchCommits reads each commit with all its files, a few at once, and
// returns them in the order asked.
func fetchCommits(ctx context.Context, gh *github.Client, owner, repo string, shas []string) ([]*github.RepositoryCommit, error) {
	out := make([]*github.RepositoryCommit, len(shas))
	errs := make([]error, len(shas))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(fetchers, len(shas)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = getCommit(ctx, gh, owner, repo, shas[i])
			}
		}()
	}
	for i := range shas {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// getCommit reads one commit and all pages of its files.
func getCommit(ctx context.Context, gh *github.Client, owner, repo, sha string) (*github.RepositoryCommit, error) {
	var first *github.RepositoryCommit
	files, err := allPages(func(page int) ([]*github.CommitFile, *github.Response, error) {
		c, resp, err := gh.Repositories.GetCommit(ctx, owner, repo, sha, &github.ListOptions{PerPage: perPage, Page: page})
		if err != nil {
			return nil, resp, err
		}
		if first == nil {
			first = c
		}
		return c.Files, resp, nil
	})
	if err != nil {
		return nil, fmt.Errorf("get commit %s: %w", short(sha), err)
	}
	first.Files = files
	return first, nil
}

// announcePush records each leak in the ledger and says what is new:
// ledger states turn leaks people answered for into notes, a new place
// of an open secret gets a commit comment, and its rotation issue is
// opened or updated.
func (w *Worker) announcePush(ctx context.Context, gh *github.Client, p Push, set settings, res *review.Scan, patches map[string]map[string]string) error {
	repoName := p.Owner + "/" + p.Repo
	for i := range res.Leaks {
		l := &res.Leaks[i]
		if !l.Kind.Blocks() || l.Ignored != "" {
			continue
		}
		// Every leak of a push is in the branch: it blocks until
		// rotated or answered for, whether or not a later commit took
		// it out again.
		l.InDiff = true
		at := ledger.Sighting{Commit: l.Commit, Path: l.Path, Line: l.Line}
		stored, newPlace, open, err := w.record(ctx, repoName, l, at)
		if err != nil {
			return err
		}
		if !open {
			continue
		}
		if !newPlace {
			continue // a retried job: said before
		}
		prov := provider(set.scanner, l.Provider)
		if set.github.Revoke() && stored.Revoked.IsZero() {
			w.revoke(ctx, repoName, *l)
		}
		issueURL := ""
		if set.github.OpenIssues() {
			u, err := w.rotationIssue(ctx, gh, p.Owner, p.Repo, l.Fingerprint, at, p.Pusher, set.scanner)
			if err != nil {
				return err
			}
			issueURL = u
		}
		if set.github.CommentOnCommits() {
			if err := commitComment(ctx, gh, p.Owner, p.Repo, *l, prov, issueURL, patches[l.Commit][l.Path]); err != nil {
				return err
			}
		}
	}
	return nil
}

// record enters a leak seen at a place in the ledger. A leak someone has
// answered for (rotated, ignored, a false positive) becomes a note that
// no longer blocks; open says it still does.
func (w *Worker) record(ctx context.Context, repo string, l *review.Leak, at ledger.Sighting) (stored ledger.Leak, newPlace, open bool, err error) {
	stored, newPlace, err = w.Ledger.Record(ctx, ledgerLeak(repo, *l), at)
	if err != nil {
		return stored, false, false, err
	}
	if !stored.State.Blocks() {
		l.Ignored = stateNote(stored)
		return stored, newPlace, false, nil
	}
	return stored, newPlace, true, nil
}

// ledgerLeak is what the ledger keeps of a finding: never the secret.
func ledgerLeak(repo string, l review.Leak) ledger.Leak {
	return ledger.Leak{
		Repo: repo, Fingerprint: l.Fingerprint, RuleID: l.RuleID, Provider: l.Provider, Kind: string(l.Kind),
		Redacted: l.Redacted, FirstAuthor: l.Author,
	}
}

// stateNote says why a leak no longer blocks, for the check's summary.
func stateNote(l ledger.Leak) string {
	what := map[ledger.State]string{ledger.Rotated: "rotated", ledger.Ignored: "ignored", ledger.FalsePositive: "a false positive"}[l.State]
	s := "marked " + what
	if l.StateBy != "" {
		s += " by @" + l.StateBy
	}
	if l.StateReason != "" {
		s += ": " + l.StateReason
	}
	return s
}

// commitComment comments on the leaking line of a pushed commit, once:
// a retried job finds its marker and stops. Where the line is not in
// GitHub's patch (a large file), the comment goes on the commit.
func commitComment(ctx context.Context, gh *github.Client, owner, repo string, l review.Leak, p detector.Provider, issueURL, patch string) error {
	existing, err := allPages(func(page int) ([]*github.RepositoryComment, *github.Response, error) {
		return gh.Repositories.ListCommitComments(ctx, owner, repo, l.Commit, &github.ListOptions{PerPage: perPage, Page: page})
	})
	if err != nil {
		return fmt.Errorf("list commit comments: %w", err)
	}
	var bodies []string
	for _, c := range existing {
		bodies = append(bodies, c.GetBody())
	}
	if review.MarkedFingerprints(bodies)[l.Fingerprint] {
		return nil
	}
	c := &github.RepositoryComment{Body: github.String(review.CommitComment(l, p, issueURL))}
	if pos, ok := prscan.Position(patch, l.Line); ok {
		c.Path, c.Position = github.String(l.Path), github.Int(pos)
	}
	_, _, err = gh.Repositories.CreateComment(ctx, owner, repo, l.Commit, c)
	if isStatus(err, http.StatusForbidden) && !isRateLimit(err) {
		// An installation granted contents: read only cannot comment
		// on commits; the rotation issue still says everything.
		zerolog.Ctx(ctx).Warn().Msg("commit comments need contents: write; skipped")
		return nil
	}
	if err != nil {
		return fmt.Errorf("comment on commit %s: %w", short(l.Commit), err)
	}
	return nil
}

// rotationIssue opens the secret's rotation issue, or updates it when it
// exists: one issue per fingerprint, ever. It returns the issue's URL.
func (w *Worker) rotationIssue(ctx context.Context, gh *github.Client, owner, repo, fp string, at ledger.Sighting, pusher string, lk review.Lookup) (string, error) {
	repoName := owner + "/" + repo
	claimed, number, stale, err := w.Ledger.Claim(ctx, repoName, fp)
	if err != nil {
		return "", err
	}
	if !claimed && number == 0 {
		// Another job is opening it right now; it will list this
		// place too, as the ledger holds it.
		return "", nil
	}
	if claimed && stale {
		// A job that claimed it before died: it may have opened the
		// issue without recording it.
		if n, err := findIssue(ctx, gh, owner, repo, fp); err != nil {
			return "", err
		} else if n > 0 {
			number = n
			claimed = false
			if err := w.Ledger.SetIssue(ctx, repoName, fp, n); err != nil {
				return "", err
			}
		}
	}
	body, title, err := w.issueText(ctx, owner, repo, fp, pusher, lk)
	if err != nil {
		return "", err
	}
	if claimed {
		is, _, err := gh.Issues.Create(ctx, owner, repo, &github.IssueRequest{
			Title: github.String(title), Body: github.String(body), Labels: &[]string{review.Label},
		})
		if err != nil {
			return "", fmt.Errorf("open the rotation issue: %w", err)
		}
		if err := w.Ledger.SetIssue(ctx, repoName, fp, is.GetNumber()); err != nil {
			return "", err
		}
		return is.GetHTMLURL(), nil
	}
	is, _, err := gh.Issues.Edit(ctx, owner, repo, number, &github.IssueRequest{Body: github.String(body)})
	if err != nil {
		return "", fmt.Errorf("update rotation issue #%d: %w", number, err)
	}
	if _, _, err := gh.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(review.SeenAgain(repoName, at))}); err != nil {
		return "", fmt.Errorf("comment on rotation issue #%d: %w", number, err)
	}
	return is.GetHTMLURL(), nil
}

// issueText renders the rotation issue from the ledger.
func (w *Worker) issueText(ctx context.Context, owner, repo, fp, pusher string, lk review.Lookup) (body, title string, err error) {
	repoName := owner + "/" + repo
	l, err := w.Ledger.Get(ctx, repoName, fp)
	if err != nil {
		return "", "", err
	}
	sightings, err := w.Ledger.Sightings(ctx, repoName, fp)
	if err != nil {
		return "", "", err
	}
	p := provider(lk, l.Provider)
	env := p.EnvVar
	if env == "" {
		env = "SECRET"
	}
	is := review.Issue{Repo: repoName, Leak: l, Provider: p, Sightings: sightings, Pusher: pusher, Revoked: !l.Revoked.IsZero(), EnvVar: env}
	return review.IssueBody(is), review.IssueTitle(l, p), nil
}

// findIssue looks for a rotation issue of fp among the App's labelled
// issues.
func findIssue(ctx context.Context, gh *github.Client, owner, repo, fp string) (int, error) {
	issues, err := allPages(func(page int) ([]*github.Issue, *github.Response, error) {
		return gh.Issues.ListByRepo(ctx, owner, repo, &github.IssueListByRepoOptions{
			State: "all", Labels: []string{review.Label}, ListOptions: github.ListOptions{PerPage: perPage, Page: page},
		})
	})
	if err != nil {
		return 0, fmt.Errorf("list rotation issues: %w", err)
	}
	for _, is := range issues {
		if review.MarkedFingerprints([]string{is.GetBody()})[fp] {
			return is.GetNumber(), nil
		}
	}
	return 0, nil
}

func provider(lk review.Lookup, id string) detector.Provider {
	if p, ok := lk.Provider(id); ok {
		return p
	}
	return detector.Provider{ID: id, Name: id}
}

// isRateLimit tells a rate limit's 403 from a permission's.
func isRateLimit(err error) bool {
	var rl *github.RateLimitError
	var ab *github.AbuseRateLimitError
	return errors.As(err, &rl) || errors.As(err, &ab)
}

func isStatus(err error, code int) bool {
	var ge *github.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == code
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// settings is a repository's configuration as the App uses it.
type settings struct {
	scanner *detector.Scanner
	ignore  map[string]string
	github  config.GitHub
}
