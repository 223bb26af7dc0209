package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // database/sql driver "sqlite", pure Go
)

// engine is what the Queue needs from River. River's client is generic in
// the driver's transaction type (*sql.Tx for SQLite, pgx.Tx for Postgres);
// riverEngine instantiates it once per database so the rest of the package
// has one code path.
type engine interface {
	// insert records delivery (unless empty) and inserts the job, in one
	// transaction; it reports a duplicate delivery or unique key.
	insert(ctx context.Context, delivery string, receivedUnix int64, args jobArgs, opts *river.InsertOpts) (duplicate bool, err error)
	start(ctx context.Context) error
	stop(ctx context.Context) error
	stopAndCancel(ctx context.Context) error
	close() error
}

type riverEngine[TTx any] struct {
	client   *river.Client[TTx]
	begin    func(context.Context) (TTx, error)
	commit   func(context.Context, TTx) error
	rollback func(context.Context, TTx) error
	exec     func(context.Context, TTx, string, ...any) (rowsAffected int64, err error)
	closeDB  func()
}

func (e *riverEngine[TTx]) insert(ctx context.Context, delivery string, receivedUnix int64, args jobArgs, opts *river.InsertOpts) (bool, error) {
	tx, err := e.begin(ctx)
	if err != nil {
		return false, err
	}
	defer e.rollback(context.WithoutCancel(ctx), tx) //nolint:errcheck // a no-op after commit
	if delivery != "" {
		n, err := e.exec(ctx, tx, insertDelivery, delivery, receivedUnix)
		if err != nil {
			return false, err
		}
		if n == 0 {
			return true, nil
		}
	}
	res, err := e.client.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return false, err
	}
	// A duplicate Key still commits the delivery row: that delivery has been
	// answered, and must stay a duplicate if GitHub sends it again.
	if err := e.commit(ctx, tx); err != nil {
		return false, err
	}
	return res.UniqueSkippedAsDuplicate, nil
}

func (e *riverEngine[TTx]) start(ctx context.Context) error { return e.client.Start(ctx) }
func (e *riverEngine[TTx]) stop(ctx context.Context) error  { return e.client.Stop(ctx) }
func (e *riverEngine[TTx]) stopAndCancel(ctx context.Context) error {
	return e.client.StopAndCancel(ctx)
}
func (e *riverEngine[TTx]) close() error { e.closeDB(); return nil }

// newRiver runs River's migrations and builds its client.
func newRiver[TTx any](ctx context.Context, q *Queue, driver riverdriver.Driver[TTx], pollOnly bool) (*river.Client[TTx], error) {
	migrator, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: q.opts.Logger})
	if err != nil {
		return nil, err
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("river migrations: %w", err)
	}
	return river.NewClient(driver, q.riverConfig(pollOnly))
}

// sqliteDSN turns on the write-ahead log (readers never wait for the
// writer, and a commit is one fsync), waits for a lock held by another
// process instead of failing at once, and begins write transactions with
// BEGIN IMMEDIATE so two processes never deadlock upgrading a read lock.
// synchronous stays FULL: a job that Enqueue reported stored survives a
// power cut, not only a crash.
func sqliteDSN(path string) string {
	return path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate"
}

func (q *Queue) openSQLite(ctx context.Context, path string) error {
	if err := createPrivate(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return fmt.Errorf("queue: sqlite %s: %w", path, err)
	}
	// SQLite runs one writer at a time and answers SQLITE_BUSY to a second
	// one; River's goroutines would trip over each other. One connection
	// serialises them (River's own advice for this driver).
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	client, err := newRiver(ctx, q, riversqlite.New(db), true)
	if err == nil {
		err = migrate(ctx, db)
	}
	if err != nil {
		db.Close()
		return fmt.Errorf("queue: sqlite %s: %w", path, err)
	}
	q.db = db
	q.engine = &riverEngine[*sql.Tx]{
		client:   client,
		begin:    func(ctx context.Context) (*sql.Tx, error) { return db.BeginTx(ctx, nil) },
		commit:   func(_ context.Context, tx *sql.Tx) error { return tx.Commit() },
		rollback: func(_ context.Context, tx *sql.Tx) error { return tx.Rollback() },
		exec: func(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
			res, err := tx.ExecContext(ctx, query, args...)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		},
		closeDB: func() {}, // q.db is the only handle
	}
	return nil
}

// migrationLockKey is the Postgres advisory lock that keeps two instances
// starting at once from migrating the same database together.
const migrationLockKey = 0x6b67_7175 // "kgqu"

func (q *Queue) openPostgres(ctx context.Context, url string) error {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		// pgxpool.New only parses (it connects on first use), and a parse
		// error quotes the URL: keep it, and any password, out of logs.
		return errors.New("queue: postgres: the database URL does not parse")
	}
	fail := func(err error) error {
		pool.Close()
		return fmt.Errorf("queue: postgres: %w", err)
	}
	lock, err := pool.Acquire(ctx)
	if err != nil {
		return fail(err)
	}
	if _, err := lock.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
		lock.Release()
		return fail(err)
	}
	unlock := func() error {
		_, err := lock.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockKey)
		lock.Release()
		return err
	}
	// Our tables go through database/sql on the same pool, so the SQL
	// is the same text as on SQLite.
	db := stdlib.OpenDBFromPool(pool)
	driver := riverpgxv5.New(pool)
	client, err := newRiver(ctx, q, driver, false)
	if err == nil {
		err = migrate(ctx, db)
	}
	if uerr := unlock(); err == nil && uerr != nil {
		err = uerr
	}
	if err != nil {
		db.Close()
		return fail(err)
	}
	q.db = db
	q.engine = &riverEngine[pgx.Tx]{
		client:   client,
		begin:    func(ctx context.Context) (pgx.Tx, error) { return pool.Begin(ctx) },
		commit:   func(ctx context.Context, tx pgx.Tx) error { return tx.Commit(ctx) },
		rollback: func(ctx context.Context, tx pgx.Tx) error { return tx.Rollback(ctx) },
		exec: func(ctx context.Context, tx pgx.Tx, query string, args ...any) (int64, error) {
			tag, err := tx.Exec(ctx, query, args...)
			return tag.RowsAffected(), err
		},
		closeDB: pool.Close,
	}
	return nil
}
