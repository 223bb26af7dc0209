package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrNotFound is returned for an installation the store does not know.
var ErrNotFound = errors.New("queue: installation not found")

// Installation is an installation of the App on a user or organization
// account, and the repositories it was granted.
type Installation struct {
	ID           int64
	Account      string       // login of the user or organization
	Repositories []Repository // sorted by FullName
	UpdatedAt    time.Time    // last change, to the second
}

// Repository is a repository an installation covers. ID is GitHub's and
// never changes; FullName ("owner/name") changes when the repository is
// renamed or transferred.
type Repository struct {
	ID       int64
	FullName string
}

// RecordInstallation stores an installation and the repositories it covers
// now, replacing what was recorded before (installation "created", and
// "new_permissions_accepted" and the like, carry the whole list).
func (q *Queue) RecordInstallation(ctx context.Context, id int64, account string, repos []Repository) error {
	return q.inTx(ctx, "record installation", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO keyguard_installation (id, account, updated_unix) VALUES ($1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET account = excluded.account, updated_unix = excluded.updated_unix`,
			id, account, time.Now().Unix()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM keyguard_installation_repository WHERE installation_id = $1`, id); err != nil {
			return err
		}
		return upsertRepositories(ctx, tx, id, repos)
	})
}

// ForgetInstallation deletes an installation and its repositories
// (installation "deleted"). Forgetting an unknown installation is not an
// error, so a retried job does no harm.
func (q *Queue) ForgetInstallation(ctx context.Context, id int64) error {
	return q.inTx(ctx, "forget installation", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM keyguard_installation_repository WHERE installation_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM keyguard_installation WHERE id = $1`, id)
		return err
	})
}

// AddRepositories adds repositories to an installation, or renames them
// (installation_repositories "added"). It returns ErrNotFound if the
// installation was never recorded: handled as a job, that is retried, so an
// "added" processed before its "created" waits for it.
func (q *Queue) AddRepositories(ctx context.Context, id int64, repos []Repository) error {
	return q.inTx(ctx, "add repositories", func(tx *sql.Tx) error {
		if err := touch(ctx, tx, id); err != nil {
			return err
		}
		return upsertRepositories(ctx, tx, id, repos)
	})
}

// RemoveRepositories removes repositories, by ID, from an installation
// (installation_repositories "removed"). Like AddRepositories, it returns
// ErrNotFound for an installation never recorded.
func (q *Queue) RemoveRepositories(ctx context.Context, id int64, repos []Repository) error {
	return q.inTx(ctx, "remove repositories", func(tx *sql.Tx) error {
		if err := touch(ctx, tx, id); err != nil {
			return err
		}
		for _, r := range repos {
			if _, err := tx.ExecContext(ctx, `DELETE FROM keyguard_installation_repository
				WHERE installation_id = $1 AND repository_id = $2`, id, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// Installation returns what is recorded about an installation, or
// ErrNotFound.
func (q *Queue) Installation(ctx context.Context, id int64) (Installation, error) {
	var inst Installation
	err := q.inTx(ctx, "installation", func(tx *sql.Tx) error {
		var updated int64
		err := tx.QueryRowContext(ctx, `SELECT account, updated_unix FROM keyguard_installation WHERE id = $1`, id).
			Scan(&inst.Account, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		inst.ID, inst.UpdatedAt = id, time.Unix(updated, 0)
		rows, err := tx.QueryContext(ctx, `SELECT repository_id, full_name FROM keyguard_installation_repository
			WHERE installation_id = $1`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		inst.Repositories = []Repository{}
		for rows.Next() {
			var r Repository
			if err := rows.Scan(&r.ID, &r.FullName); err != nil {
				return err
			}
			inst.Repositories = append(inst.Repositories, r)
		}
		return rows.Err()
	})
	if err != nil {
		return Installation{}, err
	}
	// Sorted here rather than by ORDER BY: SQLite and Postgres collate
	// text differently.
	slices.SortFunc(inst.Repositories, cmpRepos)
	return inst, nil
}

func cmpRepos(a, b Repository) int {
	if c := strings.Compare(a.FullName, b.FullName); c != 0 {
		return c
	}
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// touch marks an installation changed, or returns ErrNotFound.
func touch(ctx context.Context, tx *sql.Tx, id int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE keyguard_installation SET updated_unix = $1 WHERE id = $2`, time.Now().Unix(), id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

func upsertRepositories(ctx context.Context, tx *sql.Tx, id int64, repos []Repository) error {
	for _, r := range repos {
		if _, err := tx.ExecContext(ctx, `INSERT INTO keyguard_installation_repository (installation_id, repository_id, full_name)
			VALUES ($1, $2, $3)
			ON CONFLICT (installation_id, repository_id) DO UPDATE SET full_name = excluded.full_name`,
			id, r.ID, r.FullName); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs f in a transaction and names the operation in its error. One
// transaction also keeps SQLite's single connection for the whole of f.
func (q *Queue) inTx(ctx context.Context, op string, f func(*sql.Tx) error) error {
	if q.isClosed() {
		return ErrClosed
	}
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("queue: %s: %w", op, err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after commit
	if err := f(tx); err != nil {
		if errors.Is(err, ErrNotFound) {
			return err
		}
		return fmt.Errorf("queue: %s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("queue: %s: %w", op, err)
	}
	return nil
}
