package queue_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/keyguard-dev/keyguard/app/queue"
)

// TestDuplicates enqueues each case's jobs in order, before any worker runs,
// and checks which ones Enqueue calls duplicates; then that the workers get
// exactly the others.
func TestDuplicates(t *testing.T) {
	type try struct {
		job  queue.Job
		want bool // duplicate
	}
	job := func(kind, delivery, key string) queue.Job {
		return queue.Job{Kind: kind, Delivery: delivery, Key: key}
	}
	tests := []struct {
		name  string
		tries []try
	}{
		{"same delivery, other work", []try{
			{job("pull_request", "d1", "pr:o/r:1:aaa"), false},
			{job("pull_request", "d1", "pr:o/r:1:bbb"), true},
		}},
		{"GitHub redelivers", []try{
			{job("push", "d1", "push:o/r:aaa"), false},
			{job("push", "d1", "push:o/r:aaa"), true},
			{job("push", "d1", "push:o/r:aaa"), true},
		}},
		{"same work, pending, other delivery", []try{
			{job("pull_request", "d1", "pr:o/r:1:aaa"), false},
			{job("pull_request", "d2", "pr:o/r:1:aaa"), true},
		}},
		{"new head SHA is new work", []try{
			{job("pull_request", "d1", "pr:o/r:1:aaa"), false},
			{job("pull_request", "d2", "pr:o/r:1:bbb"), false},
		}},
		{"same key, other kind", []try{
			{job("check_suite", "d1", "o/r:aaa"), false},
			{job("push", "d2", "o/r:aaa"), false},
		}},
		{"a re-run's key holds its delivery", []try{
			{job("check_run", "d1", "check_run:o/r:5:rerequested:d1"), false},
			{job("check_run", "d2", "check_run:o/r:5:rerequested:d2"), false},
			{job("check_run", "d2", "check_run:o/r:5:rerequested:d2"), true},
		}},
		{"a duplicate key still records the delivery", []try{
			{job("push", "d1", "push:o/r:aaa"), false},
			{job("push", "d2", "push:o/r:aaa"), true},
			{job("push", "d2", "push:o/r:bbb"), true},
		}},
		{"no key: only the delivery counts", []try{
			{job("installation", "d1", ""), false},
			{job("installation", "d2", ""), false},
			{job("installation", "d2", ""), true},
		}},
		{"no delivery: only the key counts", []try{
			{job("push", "", "push:o/r:aaa"), false},
			{job("push", "", "push:o/r:aaa"), true},
			{job("push", "", "push:o/r:bbb"), false},
		}},
		{"neither: never a duplicate", []try{
			{job("push", "", ""), false},
			{job("push", "", ""), false},
		}},
	}
	forEachDB(t, func(t *testing.T, db testDB) {
		q := open(t, db.newURL(t), fast())
		stored := 0
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// Each case gets its own deliveries and keys.
				prefix := fmt.Sprintf("case%d-", i)
				for j, try := range tt.tries {
					if try.job.Delivery != "" {
						try.job.Delivery = prefix + try.job.Delivery
					}
					if try.job.Key != "" {
						try.job.Key = prefix + try.job.Key
					}
					if got := enqueue(t, q, try.job); got != try.want {
						t.Errorf("job %d %+v: duplicate %v, want %v", j+1, try.job, got, try.want)
					}
					if !try.want {
						stored++
					}
				}
			})
		}
		var r recorder
		work(t, q, r.handle)
		if calls := r.waitCalls(t, stored); len(calls) != stored {
			t.Errorf("handler ran %d times, want %d (the jobs that were not duplicates)", len(calls), stored)
		}
	})
}

// TestKeyAfterTheJob: a completed job keeps blocking its key (KeyWindow);
// a job that failed for good does not, so the next delivery tries again.
func TestKeyAfterTheJob(t *testing.T) {
	tests := []struct {
		name   string
		result error
		want   bool // the second job is a duplicate
	}{
		{"completed", nil, true},
		{"failed permanently", queue.Permanent(errors.New("gone")), false},
		{"out of attempts", errors.New("github: 502"), false},
	}
	forEachDB(t, func(t *testing.T, db testDB) {
		opts := fast()
		opts.MaxAttempts = 1
		q := open(t, db.newURL(t), opts)
		results := map[string]error{}
		for _, tt := range tests {
			results["push:"+tt.name] = tt.result
		}
		var r recorder
		r.fail = func(job queue.Job) error { return results[job.Key] }
		work(t, q, r.handle)
		for i, tt := range tests {
			enqueue(t, q, queue.Job{Kind: "push", Delivery: fmt.Sprintf("first-%d", i), Key: "push:" + tt.name})
		}
		r.waitCalls(t, len(tests))
		// The job's state is written just after the handler returns.
		waitIdle(t, q)
		for i, tt := range tests {
			got := enqueue(t, q, queue.Job{Kind: "push", Delivery: fmt.Sprintf("second-%d", i), Key: "push:" + tt.name})
			if got != tt.want {
				t.Errorf("%s: second job duplicate %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

// TestEnqueueRejects: jobs that cannot be stored.
func TestEnqueueRejects(t *testing.T) {
	q := open(t, sqliteDB.newURL(t), fast())
	for _, tt := range []struct {
		name string
		job  queue.Job
	}{
		{"no kind", queue.Job{Delivery: "d1"}},
		{"payload not JSON", queue.Job{Kind: "push", Payload: []byte("{not json")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := q.Enqueue(context.Background(), tt.job); !errors.Is(err, queue.ErrInvalidJob) {
				t.Errorf("Enqueue: %v, want ErrInvalidJob", err)
			}
		})
	}
	// A delivery refused is not remembered.
	if enqueue(t, q, queue.Job{Kind: "push", Delivery: "d1"}) {
		t.Error("a valid job after an invalid one with the same delivery was called a duplicate")
	}
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Enqueue(context.Background(), queue.Job{Kind: "push"}); !errors.Is(err, queue.ErrClosed) {
		t.Errorf("Enqueue after Close: %v, want ErrClosed", err)
	}
}
