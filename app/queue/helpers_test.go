package queue_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/app/internal/testdb"
	"github.com/keyguard-dev/keyguard/app/queue"
)

// testDB is one database the suite runs against.
type testDB struct {
	name   string
	newURL func(t testing.TB) string
}

var (
	sqliteDB   = testDB{testdb.SQLite.Name, testdb.SQLite.URL}
	postgresDB = testDB{testdb.Postgres.Name, testdb.Postgres.URL}
)

// forEachDB runs test against SQLite and Postgres, side by side.
func forEachDB(t *testing.T, test func(t *testing.T, db testDB)) {
	for _, db := range []testDB{sqliteDB, postgresDB} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			test(t, db)
		})
	}
}

// fast are options for tests: quick polls and retries. KEYGUARD_TEST_LOG=1
// shows River's log.
func fast() queue.Options {
	o := queue.Options{
		Workers:      2,
		PollInterval: 20 * time.Millisecond,
		RetryBase:    50 * time.Millisecond,
		RetryMax:     time.Second,
		JobTimeout:   10 * time.Second,
	}
	if os.Getenv("KEYGUARD_TEST_LOG") != "" {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return o
}

// open opens a queue that is closed when the test ends.
func open(t testing.TB, url string, opts queue.Options) *queue.Queue {
	t.Helper()
	q, err := queue.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := q.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return q
}

func enqueue(t testing.TB, q *queue.Queue, job queue.Job) (duplicate bool) {
	t.Helper()
	dup, err := q.Enqueue(context.Background(), job)
	if err != nil {
		t.Fatalf("Enqueue %+v: %v", job, err)
	}
	return dup
}

// recorder is a handler that remembers every call; fail, if set, decides
// each call's result.
type recorder struct {
	mu    sync.Mutex
	calls []call
	fail  func(queue.Job) error
}

type call struct {
	job queue.Job
	at  time.Time
}

func (r *recorder) handle(_ context.Context, job queue.Job) error {
	r.mu.Lock()
	r.calls = append(r.calls, call{job, time.Now()})
	r.mu.Unlock()
	if r.fail != nil {
		return r.fail(job)
	}
	return nil
}

func (r *recorder) snapshot() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

// waitCalls waits until the recorder has seen n calls, then a little longer
// to catch any extra one, and returns them all. A minute is long enough for
// a job rescued from a killed instance (see TestKilledWorker).
func (r *recorder) waitCalls(t testing.TB, n int) []call {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for len(r.snapshot()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("after a minute, %d handler calls, want %d", len(r.snapshot()), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return r.snapshot()
}

func work(t testing.TB, q *queue.Queue, h queue.Handler) {
	t.Helper()
	if err := q.Work(context.Background(), h); err != nil {
		t.Fatalf("Work: %v", err)
	}
}

// waitIdle waits until no job is waiting or running.
func waitIdle(t testing.TB, q *queue.Queue) queue.Stats {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, err := q.Stats(context.Background())
		if err != nil {
			t.Fatalf("Stats: %v", err)
		}
		if s.Waiting == 0 && s.Running == 0 {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, still %+v", s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
