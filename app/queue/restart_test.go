package queue_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/app/queue"
)

// helperURL, when set, makes TestKilledWorkerHelper the worker process that
// TestKilledWorker starts and kills.
const helperURL = "KEYGUARD_QUEUE_TEST_HELPER_URL"

// TestKilledWorker kills a worker process (SIGKILL, no chance to clean up)
// in the middle of a job, then starts a new instance on the same database:
// the job must run again there.
func TestKilledWorker(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		url := db.newURL(t)
		q := open(t, url, fast())
		want := queue.Job{Kind: "push", Delivery: "d1", Key: "push:o/r:aaa", InstallationID: 9}
		enqueue(t, q, want)
		if err := q.Close(context.Background()); err != nil {
			t.Fatal(err)
		}

		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWorkerHelper$")
		cmd.Env = append(os.Environ(), helperURL+"="+url)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		running := make(chan string, 1)
		go func() {
			s := bufio.NewScanner(out)
			for s.Scan() {
				if key, ok := strings.CutPrefix(s.Text(), "running "); ok {
					running <- key
					return
				}
			}
			close(running)
		}()
		select {
		case key, ok := <-running:
			if !ok || key != want.Key {
				t.Fatalf("helper process: running %q (ok %v), want %q", key, ok, want.Key)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("helper process did not start the job within 30 s")
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait() // killed: an error, as it should be

		opts := fast()
		opts.JobTimeout = time.Second
		opts.RescueAfter = 2 * time.Second
		q = open(t, url, opts)
		if s, err := q.Stats(context.Background()); err != nil || s.Running != 1 {
			t.Fatalf("after the kill: %+v, %v; want the job still marked running", s, err)
		}
		start := time.Now()
		var r recorder
		work(t, q, r.handle)
		calls := r.waitCalls(t, 1)
		if len(calls) != 1 {
			t.Fatalf("handler ran %d times after the restart, want once", len(calls))
		}
		if got := calls[0].job; got.Key != want.Key || got.Attempt != 2 {
			t.Errorf("after the restart: key %q attempt %d, want %q attempt 2", got.Key, got.Attempt, want.Key)
		}
		t.Logf("rescued %s after the restart", time.Since(start).Round(100*time.Millisecond))
	})
}

// TestKilledWorkerHelper is the process TestKilledWorker kills: it takes the
// job, says so, and never finishes it.
func TestKilledWorkerHelper(t *testing.T) {
	url := os.Getenv(helperURL)
	if url == "" {
		t.Skip("the worker process of TestKilledWorker")
	}
	q, err := queue.Open(context.Background(), url, fast())
	if err != nil {
		t.Fatal(err)
	}
	err = q.Work(context.Background(), func(_ context.Context, job queue.Job) error {
		os.Stdout.WriteString("running " + job.Key + "\n")
		time.Sleep(time.Hour) // until killed; ignores its context on purpose
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Hour)
}

// TestCloseInterrupts: a handler still running when Close gives up waiting
// is cancelled, and its job runs again at the next start without waiting
// for a retry delay.
func TestCloseInterrupts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		url := db.newURL(t)
		opts := fast()
		opts.RetryBase, opts.RetryMax = time.Hour, time.Hour // a failed attempt would wait an hour
		q, err := queue.Open(context.Background(), url, opts)
		if err != nil {
			t.Fatal(err)
		}
		enqueue(t, q, queue.Job{Kind: "push", Key: "push:o/r:aaa"})
		started := make(chan struct{})
		work(t, q, func(ctx context.Context, _ queue.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		<-started
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := q.Close(ctx); err != nil {
			t.Fatalf("Close: %v", err)
		}

		q = open(t, url, opts)
		var r recorder
		work(t, q, r.handle)
		calls := r.waitCalls(t, 1)
		if len(calls) != 1 {
			t.Fatalf("handler ran %d times after the restart, want once", len(calls))
		}
		if got := calls[0].job.Attempt; got != 1 {
			t.Errorf("after the restart: attempt %d, want 1 (an interruption is not a failed attempt)", got)
		}
	})
}
