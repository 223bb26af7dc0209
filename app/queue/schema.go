package queue

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are the App's own tables, next to River's: this package's
// and the leak ledger's (package ledger), which shares the database. Entry i is
// version i+1; a version is never edited once released, only followed by a
// new one. The SQL is the same on SQLite and Postgres: plain types, times as
// Unix seconds, and the placeholders $1, $2… that both accept.
var migrations = [][]string{
	{
		// Every delivery enqueued within DeliveryWindow.
		`CREATE TABLE keyguard_delivery (
			delivery      TEXT PRIMARY KEY,
			received_unix BIGINT NOT NULL
		)`,
		`CREATE INDEX keyguard_delivery_received ON keyguard_delivery (received_unix)`,
		// Installations of the App, and the repositories each one covers.
		`CREATE TABLE keyguard_installation (
			id           BIGINT PRIMARY KEY,
			account      TEXT NOT NULL,
			updated_unix BIGINT NOT NULL
		)`,
		`CREATE TABLE keyguard_installation_repository (
			installation_id BIGINT NOT NULL,
			repository_id   BIGINT NOT NULL,
			full_name       TEXT NOT NULL,
			PRIMARY KEY (installation_id, repository_id)
		)`,
	},
	{
		// The leak ledger (package ledger): every secret the App has seen
		// in a repository, keyed by fingerprint, and what people said
		// about it. repository is "owner/name" in lower case.
		`CREATE TABLE keyguard_leak (
			repository      TEXT NOT NULL,
			fingerprint     TEXT NOT NULL,
			rule_id         TEXT NOT NULL,
			provider        TEXT NOT NULL,
			kind            TEXT NOT NULL,
			redacted        TEXT NOT NULL,
			first_commit    TEXT NOT NULL,
			first_path      TEXT NOT NULL,
			first_line      INTEGER NOT NULL,
			first_author    TEXT NOT NULL,
			first_seen_unix BIGINT NOT NULL,
			state           TEXT NOT NULL,
			state_by        TEXT NOT NULL,
			state_reason    TEXT NOT NULL,
			state_unix      BIGINT NOT NULL,
			issue_number    INTEGER NOT NULL,
			issue_claim_unix BIGINT NOT NULL,
			revoked_unix    BIGINT NOT NULL,
			PRIMARY KEY (repository, fingerprint)
		)`,
		`CREATE INDEX keyguard_leak_issue ON keyguard_leak (repository, issue_number)`,
		// Each place a leak was seen: a commit and line, and the pull
		// request it came in through (0 for a push).
		`CREATE TABLE keyguard_leak_sighting (
			repository  TEXT NOT NULL,
			fingerprint TEXT NOT NULL,
			commit_sha  TEXT NOT NULL,
			path        TEXT NOT NULL,
			line        INTEGER NOT NULL,
			pr          INTEGER NOT NULL,
			seen_unix   BIGINT NOT NULL,
			PRIMARY KEY (repository, fingerprint, commit_sha, path, line, pr)
		)`,
		`CREATE INDEX keyguard_leak_sighting_pr ON keyguard_leak_sighting (repository, pr)`,
		// Commits push scanning has scanned, so a force push or a new
		// branch does not scan (and announce) them twice.
		`CREATE TABLE keyguard_scanned_commit (
			repository   TEXT NOT NULL,
			sha          TEXT NOT NULL,
			scanned_unix BIGINT NOT NULL,
			PRIMARY KEY (repository, sha)
		)`,
		// Which leaks a check run reported, for its requested actions.
		`CREATE TABLE keyguard_check_leak (
			repository   TEXT NOT NULL,
			check_run_id BIGINT NOT NULL,
			fingerprint  TEXT NOT NULL,
			PRIMARY KEY (repository, check_run_id, fingerprint)
		)`,
	},
}

// migrate brings this package's tables up to date, one transaction per
// version. On Postgres the caller holds an advisory lock, so two instances
// starting together take turns.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS keyguard_migration (
		version      INTEGER PRIMARY KEY,
		applied_unix BIGINT NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM keyguard_migration`).Scan(&have); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("migrations: database is at version %d, this program knows %d: it is older than the database", have, len(migrations))
	}
	for v := have + 1; v <= len(migrations); v++ {
		if err := migrateTo(ctx, db, v); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
	}
	return nil
}

func migrateTo(ctx context.Context, db *sql.DB, version int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after commit
	// Another process may have got here first (two instances on one SQLite
	// file; SQLite's write transactions begin IMMEDIATE, so this read sees
	// the last committed version).
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM keyguard_migration WHERE version = $1`, version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	for _, stmt := range migrations[version-1] {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO keyguard_migration (version, applied_unix) VALUES ($1, $2)`,
		version, time.Now().Unix()); err != nil {
		return err
	}
	return tx.Commit()
}
