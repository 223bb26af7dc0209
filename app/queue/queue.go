package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the zero fields of Options.
const (
	DefaultFile           = "keyguard.db"
	DefaultWorkers        = 4
	DefaultMaxAttempts    = 12               // about 1.7 hours of retries with the delays below
	DefaultRetryBase      = 5 * time.Second  // first retry; doubles each time
	DefaultRetryMax       = 30 * time.Minute // longest wait between two attempts
	DefaultJobTimeout     = 5 * time.Minute
	DefaultKeyWindow      = 24 * time.Hour
	DefaultDeliveryWindow = 7 * 24 * time.Hour
	DefaultPollInterval   = time.Second
)

// ErrClosed is returned by a Queue after Close.
var ErrClosed = errors.New("queue: closed")

// Options tune a Queue. The zero value is ready for production.
type Options struct {
	// DataDir holds the SQLite file when the database URL is empty
	// (DefaultFile in it). Empty means the working directory.
	DataDir string

	// Workers is how many jobs this instance handles at once.
	Workers int

	// MaxAttempts is how many times a job runs before it is given up.
	MaxAttempts int

	// RetryBase is the wait before the first retry; each further retry
	// waits twice as long as the one before, up to RetryMax.
	RetryBase, RetryMax time.Duration

	// JobTimeout cancels a handler's context after this long.
	JobTimeout time.Duration

	// RescueAfter is how long a job may stay running before it is thought
	// lost (its worker died) and run again. It must be longer than
	// JobTimeout; the default is JobTimeout plus one minute.
	RescueAfter time.Duration

	// KeyWindow is how long a completed job keeps blocking new jobs with the
	// same Kind and Key. Completed jobs are deleted after it.
	KeyWindow time.Duration

	// DeliveryWindow is how long a Delivery is remembered.
	DeliveryWindow time.Duration

	// PollInterval is how often idle workers look for jobs that are due.
	// On Postgres a new job is also announced at once (LISTEN/NOTIFY); on
	// SQLite polling is the only way, so a job waits up to PollInterval.
	PollInterval time.Duration

	// Logger receives River's own log lines. Nil discards them.
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if o.Workers == 0 {
		o.Workers = DefaultWorkers
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	set(&o.RetryBase, DefaultRetryBase)
	set(&o.RetryMax, DefaultRetryMax)
	set(&o.JobTimeout, DefaultJobTimeout)
	set(&o.RescueAfter, o.JobTimeout+time.Minute)
	set(&o.KeyWindow, DefaultKeyWindow)
	set(&o.DeliveryWindow, DefaultDeliveryWindow)
	set(&o.PollInterval, DefaultPollInterval)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.Workers < 0, o.MaxAttempts < 0, o.RetryBase < 0, o.RetryMax < o.RetryBase,
		o.JobTimeout < 0, o.KeyWindow < 0, o.DeliveryWindow < 0, o.PollInterval < 0:
		return o, errors.New("queue: negative option, or RetryMax below RetryBase")
	case o.RescueAfter <= o.JobTimeout:
		return o, fmt.Errorf("queue: RescueAfter (%s) must be longer than JobTimeout (%s)", o.RescueAfter, o.JobTimeout)
	}
	return o, nil
}

// Queue is a durable job queue and installation store. Its methods are safe
// for concurrent use.
type Queue struct {
	db      *sql.DB // this package's own tables, on either database
	engine  engine  // River, typed for the database's driver
	dialect dialect
	opts    Options

	handler  atomic.Pointer[Handler]
	workCtx  context.Context // Work's; set before the workers start
	working  atomic.Bool
	stopping atomic.Bool // Close has begun: handler failures are interruptions
	closeMu  sync.Mutex
	closed   bool
}

type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// Open connects to the database named by databaseURL, brings its tables up to
// date (River's migrations and this package's own), and returns a Queue that
// can enqueue at once and works jobs after Work.
//
// databaseURL is one of
//
//	""                          SQLite, DefaultFile in opts.DataDir
//	sqlite:///abs/path.db       SQLite at an absolute path
//	sqlite://rel/path.db        SQLite relative to the working directory
//	path/to/file.db             SQLite, a plain path
//	postgres://…, postgresql://… Postgres (pgx's URL syntax)
//
// A missing SQLite file is created, readable by its owner only.
func Open(ctx context.Context, databaseURL string, opts Options) (*Queue, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	kind, target, err := parseURL(databaseURL, opts.DataDir)
	if err != nil {
		return nil, err
	}
	q := &Queue{opts: opts, dialect: kind}
	switch kind {
	case postgresDialect:
		err = q.openPostgres(ctx, target)
	default:
		err = q.openSQLite(ctx, target)
	}
	if err != nil {
		return nil, err
	}
	return q, nil
}

// parseURL says which database a URL names, and the file path or Postgres
// URL to open.
func parseURL(databaseURL, dataDir string) (dialect, string, error) {
	u := strings.TrimSpace(databaseURL)
	switch {
	case u == "":
		return sqliteDialect, filepath.Join(dataDir, DefaultFile), nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return postgresDialect, u, nil
	case strings.HasPrefix(u, "sqlite://"):
		u = strings.TrimPrefix(u, "sqlite://")
	case strings.Contains(u, "://"):
		scheme, _, _ := strings.Cut(u, "://")
		return 0, "", fmt.Errorf("queue: database URL scheme %q: want sqlite:// or postgres://", scheme)
	case strings.Contains(u, "dbname=") || strings.Contains(u, "host="):
		// A libpq keyword string would otherwise become a strange file name.
		return 0, "", errors.New("queue: database URL looks like a Postgres keyword string: write it as postgres://…")
	}
	if u == "" || strings.ContainsAny(u, "?#") {
		return 0, "", errors.New("queue: SQLite path must be non-empty and have no ? or #")
	}
	return sqliteDialect, u, nil
}

// createPrivate creates the SQLite file with mode 0600 if it does not exist,
// so the jobs' payloads (private repository names among them) are not left
// world-readable. SQLite gives its -wal and -shm files the same mode.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	return f.Close()
}

// Close stops the workers and closes the database. Running handlers get until
// ctx is done to finish; then their contexts are cancelled, and what they were
// doing runs again after the next start (without spending an attempt).
func (q *Queue) Close(ctx context.Context) error {
	q.closeMu.Lock()
	defer q.closeMu.Unlock()
	if q.closed {
		return nil
	}
	q.closed = true
	var errs []error
	if q.working.Load() {
		if err := q.engine.stop(ctx); err != nil {
			q.stopping.Store(true)
			hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			errs = append(errs, q.engine.stopAndCancel(hard))
			cancel()
		}
	}
	errs = append(errs, q.db.Close(), q.engine.close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("queue: close: %w", err)
	}
	return nil
}

func (q *Queue) isClosed() bool {
	q.closeMu.Lock()
	defer q.closeMu.Unlock()
	return q.closed
}

// DB is the queue's database, for the App's other tables (the leak
// ledger), whose schema the queue's migrations create. On SQLite it has
// one connection: hold a transaction briefly, and never two at once.
func (q *Queue) DB() *sql.DB { return q.db }
