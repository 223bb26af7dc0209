package queue_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/app/queue"
)

// TestEachJobOnce: many jobs, several workers, each job handled exactly
// once. On Postgres the workers belong to two Queue instances, each with its
// own connection pool and River client, as two App machines sharing one
// database would; only the database keeps them apart. On SQLite (one
// instance by design) two workers of one Queue compete.
func TestEachJobOnce(t *testing.T) {
	const jobs = 200
	forEachDB(t, func(t *testing.T, db testDB) {
		url := db.newURL(t)
		opts := fast()
		instances := []*queue.Queue{open(t, url, opts)}
		if db.name == "postgres" {
			instances = append(instances, open(t, url, opts))
		}
		for i := range jobs {
			enqueue(t, instances[0], queue.Job{
				Kind:     "push",
				Delivery: fmt.Sprintf("d%d", i),
				Key:      fmt.Sprintf("push:o/r:%d", i),
			})
		}

		var mu sync.Mutex
		runs := map[string]int{}                  // key → times handled
		byInstance := make([]int, len(instances)) // jobs handled by each instance
		inFlight, peak := 0, 0                    // handlers running at once
		done := make(chan struct{})
		for n, q := range instances {
			work(t, q, func(_ context.Context, job queue.Job) error {
				mu.Lock()
				inFlight++
				peak = max(peak, inFlight)
				mu.Unlock()
				time.Sleep(2 * time.Millisecond) // long enough for the others to take jobs too
				mu.Lock()
				defer mu.Unlock()
				inFlight--
				runs[job.Key]++
				byInstance[n]++
				if len(runs) == jobs && runs[job.Key] == 1 {
					close(done)
				}
				return nil
			})
		}
		select {
		case <-done:
		case <-time.After(time.Minute):
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("after a minute, %d of %d jobs handled", len(runs), jobs)
		}
		waitIdle(t, instances[0])
		time.Sleep(200 * time.Millisecond)

		mu.Lock()
		defer mu.Unlock()
		for i := range jobs {
			if key := fmt.Sprintf("push:o/r:%d", i); runs[key] != 1 {
				t.Errorf("%s handled %d times, want once", key, runs[key])
			}
		}
		t.Logf("jobs handled by each instance: %v; at most %d at once", byInstance, peak)
		if peak < 2 {
			t.Errorf("at most %d handler ran at once: the workers never competed", peak)
		}
		for n, c := range byInstance {
			if c == 0 {
				t.Errorf("instance %d handled no job: the test shows nothing about sharing", n)
			}
		}
	})
}
