// Package ledger remembers every secret the App has seen in a repository,
// by fingerprint: where it was first seen, every place it appeared since,
// the rotation issue that tracks it, and what people said about it (open,
// rotated, ignored, false positive). The state is what the App acts on: an
// open leak keeps a check failing and is announced; one marked rotated or
// ignored stops blocking and is not announced again.
//
// The ledger lives in the queue's database (SQLite or Postgres; the queue
// creates its tables), so it needs no server of its own and several App
// instances share it.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// State is what is known of a leaked secret.
type State string

// The states of a leak. Every leak starts open.
const (
	Open          State = "open"
	Rotated       State = "rotated"
	Ignored       State = "ignored"
	FalsePositive State = "false-positive"
)

// Valid reports whether s is one of the states.
func (s State) Valid() bool {
	switch s {
	case Open, Rotated, Ignored, FalsePositive:
		return true
	}
	return false
}

// Blocks reports whether a leak in this state still fails checks and is
// announced.
func (s State) Blocks() bool { return s == Open }

// ErrNotFound is returned for a fingerprint or issue the ledger does not
// hold.
var ErrNotFound = errors.New("ledger: not found")

// Leak is one secret in one repository.
type Leak struct {
	Repo        string // "owner/name", lower case
	Fingerprint string
	RuleID      string
	Provider    string
	Kind        string
	Redacted    string

	// Where and when it was first seen.
	FirstCommit, FirstPath string
	FirstLine              int
	FirstAuthor            string
	FirstSeen              time.Time

	State       State
	StateBy     string // login of who set the state; "" while open
	StateReason string
	StateAt     time.Time

	// Issue is the rotation issue's number, 0 when there is none.
	Issue int
	// Revoked is when the App revoked the secret at its provider.
	Revoked time.Time
}

// Sighting is one place a leak appeared.
type Sighting struct {
	Commit string
	Path   string
	Line   int
	PR     int // the pull request it came through; 0 for a push
	Seen   time.Time
}

// Store is the ledger. Its methods are safe for concurrent use.
type Store struct {
	db *sql.DB
	// Now is the clock; tests fix it.
	Now func() time.Time
}

// New returns the ledger kept in db, whose tables the queue's migrations
// have created.
func New(db *sql.DB) *Store { return &Store{db: db} }

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// RepoKey is how the ledger names a repository: GitHub's names are case
// insensitive.
func RepoKey(fullName string) string { return strings.ToLower(fullName) }

// Record notes that a leak was seen at sighting. The first sighting
// creates the leak (open); later ones only add the place. It returns the
// leak as stored and whether this place is new, so a caller announces a
// known secret in a new place once, and a re-delivered event not at all.
func (s *Store) Record(ctx context.Context, l Leak, at Sighting) (stored Leak, newPlace bool, err error) {
	repo := RepoKey(l.Repo)
	now := s.now().Unix()
	err = s.inTx(ctx, "record", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO keyguard_leak
			(repository, fingerprint, rule_id, provider, kind, redacted, first_commit, first_path, first_line, first_author,
			 first_seen_unix, state, state_by, state_reason, state_unix, issue_number, issue_claim_unix, revoked_unix)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '', '', 0, 0, 0, 0)
			ON CONFLICT (repository, fingerprint) DO NOTHING`,
			repo, l.Fingerprint, l.RuleID, l.Provider, l.Kind, l.Redacted, at.Commit, at.Path, at.Line, l.FirstAuthor,
			now, string(Open)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO keyguard_leak_sighting
			(repository, fingerprint, commit_sha, path, line, pr, seen_unix) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT DO NOTHING`, repo, l.Fingerprint, at.Commit, at.Path, at.Line, at.PR, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		newPlace = n > 0
		stored, err = get(ctx, tx, repo, l.Fingerprint)
		return err
	})
	return stored, newPlace, err
}

const leakColumns = `repository, fingerprint, rule_id, provider, kind, redacted, first_commit, first_path, first_line,
	first_author, first_seen_unix, state, state_by, state_reason, state_unix, issue_number, revoked_unix`

type scanner interface{ Scan(dest ...any) error }

func scanLeak(r scanner) (Leak, error) {
	var l Leak
	var state string
	var first, stateAt, revoked int64
	err := r.Scan(&l.Repo, &l.Fingerprint, &l.RuleID, &l.Provider, &l.Kind, &l.Redacted, &l.FirstCommit, &l.FirstPath,
		&l.FirstLine, &l.FirstAuthor, &first, &state, &l.StateBy, &l.StateReason, &stateAt, &l.Issue, &revoked)
	if err != nil {
		return Leak{}, err
	}
	l.State = State(state)
	l.FirstSeen = time.Unix(first, 0)
	if stateAt > 0 {
		l.StateAt = time.Unix(stateAt, 0)
	}
	if revoked > 0 {
		l.Revoked = time.Unix(revoked, 0)
	}
	return l, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func get(ctx context.Context, q querier, repo, fp string) (Leak, error) {
	l, err := scanLeak(q.QueryRowContext(ctx, `SELECT `+leakColumns+` FROM keyguard_leak WHERE repository = $1 AND fingerprint = $2`, repo, fp))
	if errors.Is(err, sql.ErrNoRows) {
		return Leak{}, ErrNotFound
	}
	return l, err
}

// Get returns the leak fingerprint fp in repo.
func (s *Store) Get(ctx context.Context, repo, fp string) (Leak, error) {
	l, err := get(ctx, s.db, RepoKey(repo), fp)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Leak{}, fmt.Errorf("ledger: get: %w", err)
	}
	return l, err
}

// Lookup returns the leaks of repo among fps that the ledger holds.
func (s *Store) Lookup(ctx context.Context, repo string, fps []string) (map[string]Leak, error) {
	out := map[string]Leak{}
	for _, fp := range fps {
		l, err := s.Get(ctx, repo, fp)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[fp] = l
	}
	return out, nil
}

// ByIssue returns the leak whose rotation issue is number.
func (s *Store) ByIssue(ctx context.Context, repo string, number int) (Leak, error) {
	l, err := scanLeak(s.db.QueryRowContext(ctx, `SELECT `+leakColumns+` FROM keyguard_leak WHERE repository = $1 AND issue_number = $2`,
		RepoKey(repo), number))
	if errors.Is(err, sql.ErrNoRows) {
		return Leak{}, ErrNotFound
	}
	if err != nil {
		return Leak{}, fmt.Errorf("ledger: by issue: %w", err)
	}
	return l, nil
}

// InPullRequest returns the leaks seen in pull request pr of repo, in
// the order they were first seen.
func (s *Store) InPullRequest(ctx context.Context, repo string, pr int) ([]Leak, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("l.", leakColumns)+` FROM keyguard_leak l
		WHERE l.repository = $1 AND EXISTS (SELECT 1 FROM keyguard_leak_sighting s
			WHERE s.repository = l.repository AND s.fingerprint = l.fingerprint AND s.pr = $2)
		ORDER BY l.first_seen_unix, l.fingerprint`, RepoKey(repo), pr)
	if err != nil {
		return nil, fmt.Errorf("ledger: in pull request: %w", err)
	}
	defer rows.Close()
	var out []Leak
	for rows.Next() {
		l, err := scanLeak(rows)
		if err != nil {
			return nil, fmt.Errorf("ledger: in pull request: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func prefixed(p, cols string) string {
	fields := strings.Split(cols, ",")
	for i, f := range fields {
		fields[i] = p + strings.TrimSpace(f)
	}
	return strings.Join(fields, ", ")
}

// Sightings returns every place leak fp was seen in repo, oldest first.
func (s *Store) Sightings(ctx context.Context, repo, fp string) ([]Sighting, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT commit_sha, path, line, pr, seen_unix FROM keyguard_leak_sighting
		WHERE repository = $1 AND fingerprint = $2 ORDER BY seen_unix, commit_sha, path, line, pr`, RepoKey(repo), fp)
	if err != nil {
		return nil, fmt.Errorf("ledger: sightings: %w", err)
	}
	defer rows.Close()
	var out []Sighting
	for rows.Next() {
		var st Sighting
		var seen int64
		if err := rows.Scan(&st.Commit, &st.Path, &st.Line, &st.PR, &seen); err != nil {
			return nil, fmt.Errorf("ledger: sightings: %w", err)
		}
		st.Seen = time.Unix(seen, 0)
		out = append(out, st)
	}
	return out, rows.Err()
}

// SetState records what someone said about leak fp: who (a login) and
// why. It reports whether the state changed; saying the same thing twice
// (a re-delivered command) changes nothing.
func (s *Store) SetState(ctx context.Context, repo, fp string, st State, by, reason string) (changed bool, err error) {
	if !st.Valid() {
		return false, fmt.Errorf("ledger: state %q is not one of open, rotated, ignored, false-positive", st)
	}
	err = s.inTx(ctx, "set state", func(tx *sql.Tx) error {
		l, err := get(ctx, tx, RepoKey(repo), fp)
		if err != nil {
			return err
		}
		if l.State == st && l.StateReason == reason {
			return nil
		}
		if st == Open {
			by, reason = "", ""
		}
		changed = true
		_, err = tx.ExecContext(ctx, `UPDATE keyguard_leak SET state = $1, state_by = $2, state_reason = $3, state_unix = $4
			WHERE repository = $5 AND fingerprint = $6`, string(st), by, reason, s.now().Unix(), RepoKey(repo), fp)
		return err
	})
	return changed, err
}

// Claim reserves the right to open leak fp's rotation issue, so two
// jobs that see the same secret at once do not both open one. It returns
// the issue's number when there already is one. stale reports that an
// earlier claim was never completed (its job died, perhaps after GitHub
// created the issue): the caller should look for that issue before
// creating another. A claim older than claimTTL is taken over.
func (s *Store) Claim(ctx context.Context, repo, fp string) (claimed bool, existing int, stale bool, err error) {
	const claimTTL = 10 * time.Minute
	now := s.now()
	err = s.inTx(ctx, "claim issue", func(tx *sql.Tx) error {
		var number int
		var claim int64
		err := tx.QueryRowContext(ctx, `SELECT issue_number, issue_claim_unix FROM keyguard_leak WHERE repository = $1 AND fingerprint = $2`,
			RepoKey(repo), fp).Scan(&number, &claim)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if number > 0 {
			existing = number
			return nil
		}
		if claim > 0 && now.Sub(time.Unix(claim, 0)) < claimTTL {
			return nil
		}
		// Compare and swap: on Postgres two transactions may both have
		// read the old claim; only one of the updates still matches it.
		res, err := tx.ExecContext(ctx, `UPDATE keyguard_leak SET issue_claim_unix = $1
			WHERE repository = $2 AND fingerprint = $3 AND issue_number = 0 AND issue_claim_unix = $4`,
			now.Unix(), RepoKey(repo), fp, claim)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed, stale = n == 1, n == 1 && claim > 0
		return err
	})
	return claimed, existing, stale, err
}

// SetIssue records leak fp's rotation issue and releases the claim.
func (s *Store) SetIssue(ctx context.Context, repo, fp string, number int) error {
	return s.inTx(ctx, "set issue", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE keyguard_leak SET issue_number = $1, issue_claim_unix = 0 WHERE repository = $2 AND fingerprint = $3`,
			number, RepoKey(repo), fp)
		return err
	})
}

// MarkRevoked records that the App revoked leak fp at its provider.
func (s *Store) MarkRevoked(ctx context.Context, repo, fp string) error {
	return s.inTx(ctx, "mark revoked", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE keyguard_leak SET revoked_unix = $1 WHERE repository = $2 AND fingerprint = $3`,
			s.now().Unix(), RepoKey(repo), fp)
		return err
	})
}

// Scanned returns which of shas push scanning has scanned in repo.
func (s *Store) Scanned(ctx context.Context, repo string, shas []string) (map[string]bool, error) {
	out := map[string]bool{}
	// In slices, so a push of thousands of commits stays within both
	// databases' limits on parameters.
	const chunk = 500
	for len(shas) > 0 {
		part := shas[:min(chunk, len(shas))]
		shas = shas[len(part):]
		args := []any{RepoKey(repo)}
		ph := make([]string, len(part))
		for i, sha := range part {
			args = append(args, sha)
			ph[i] = fmt.Sprintf("$%d", i+2)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT sha FROM keyguard_scanned_commit WHERE repository = $1 AND sha IN (`+strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("ledger: scanned: %w", err)
		}
		for rows.Next() {
			var sha string
			if err := rows.Scan(&sha); err != nil {
				rows.Close()
				return nil, fmt.Errorf("ledger: scanned: %w", err)
			}
			out[sha] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("ledger: scanned: %w", err)
		}
	}
	return out, nil
}

// MarkScanned records that push scanning has scanned shas in repo.
func (s *Store) MarkScanned(ctx context.Context, repo string, shas []string) error {
	now := s.now().Unix()
	return s.inTx(ctx, "mark scanned", func(tx *sql.Tx) error {
		for _, sha := range shas {
			if _, err := tx.ExecContext(ctx, `INSERT INTO keyguard_scanned_commit (repository, sha, scanned_unix) VALUES ($1, $2, $3)
				ON CONFLICT (repository, sha) DO NOTHING`, RepoKey(repo), sha, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecordCheckRun notes which leaks check run id reported, for the
// actions its buttons request later.
func (s *Store) RecordCheckRun(ctx context.Context, repo string, id int64, fps []string) error {
	return s.inTx(ctx, "record check run", func(tx *sql.Tx) error {
		for _, fp := range fps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO keyguard_check_leak (repository, check_run_id, fingerprint) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, RepoKey(repo), id, fp); err != nil {
				return err
			}
		}
		return nil
	})
}

// CheckRunLeaks returns the fingerprints check run id reported.
func (s *Store) CheckRunLeaks(ctx context.Context, repo string, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT fingerprint FROM keyguard_check_leak WHERE repository = $1 AND check_run_id = $2 ORDER BY fingerprint`,
		RepoKey(repo), id)
	if err != nil {
		return nil, fmt.Errorf("ledger: check run leaks: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var fp string
		if err := rows.Scan(&fp); err != nil {
			return nil, fmt.Errorf("ledger: check run leaks: %w", err)
		}
		out = append(out, fp)
	}
	return out, rows.Err()
}

// inTx runs f in a transaction and names the operation in its error.
func (s *Store) inTx(ctx context.Context, op string, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("ledger: %s: %w", op, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after commit
	if err := f(tx); err != nil {
		if errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("ledger: %s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("ledger: %s: %w", op, err)
	}
	return nil
}
