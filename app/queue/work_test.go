package queue_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyguard-dev/keyguard/app/queue"
)

func TestHandlerRunsOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		q := open(t, db.newURL(t), fast())
		want := queue.Job{
			Kind:           "pull_request",
			Delivery:       "d-1",
			Key:            "pr:octo/app:7:0123abc",
			InstallationID: 42,
			Payload:        json.RawMessage(`{"action":"opened","number":7}`),
		}
		if enqueue(t, q, want) {
			t.Fatal("first job reported a duplicate")
		}
		var r recorder
		work(t, q, r.handle)
		calls := r.waitCalls(t, 1)
		if len(calls) != 1 {
			t.Fatalf("handler ran %d times, want once", len(calls))
		}
		got := calls[0].job
		if got.ID == 0 || got.Attempt != 1 {
			t.Errorf("ID %d, Attempt %d: want an ID and attempt 1", got.ID, got.Attempt)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(queue.Job{}, "ID", "Attempt"), jsonEqual); diff != "" {
			t.Errorf("handler got (-want +got):\n%s", diff)
		}
	})
}

// jsonEqual compares payloads as JSON values: Postgres's jsonb does not
// keep the bytes (spaces, key order).
var jsonEqual = cmp.Comparer(func(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && cmp.Equal(x, y)
})

// TestFailures: how each kind of handler error is retried.
func TestFailures(t *testing.T) {
	errTransient := errors.New("github: 502")
	tests := []struct {
		name    string
		fail    func(call int) error // the handler's answer on each call
		want    int                  // calls made
		minGaps []time.Duration      // least time between call i and i+1
	}{
		{
			name: "retried with doubling delays until it succeeds at the last attempt",
			fail: func(call int) error {
				if call < 4 {
					return errTransient
				}
				return nil
			},
			want: 4,
			// RetryBase 50ms, doubling, minus 10 % jitter.
			minGaps: []time.Duration{45 * time.Millisecond, 90 * time.Millisecond, 180 * time.Millisecond},
		},
		{
			name: "given up after MaxAttempts",
			fail: func(int) error { return errTransient },
			want: 4,
		},
		{
			name: "permanent error not retried",
			fail: func(int) error { return queue.Permanent(errTransient) },
			want: 1,
		},
		{
			name: "wrapped permanent error not retried",
			fail: func(int) error { return errors.Join(errors.New("scan"), queue.Permanent(errTransient)) },
			want: 1,
		},
		{
			name: "retry after a rate limit waits as long as asked",
			fail: func(call int) error {
				if call == 1 {
					return queue.RetryAfter(400*time.Millisecond, errTransient)
				}
				return nil
			},
			want:    2,
			minGaps: []time.Duration{400 * time.Millisecond},
		},
	}
	forEachDB(t, func(t *testing.T, db testDB) {
		opts := fast()
		opts.MaxAttempts = 4
		q := open(t, db.newURL(t), opts)
		recorders := map[string]*recorder{}
		for _, tt := range tests {
			r := &recorder{}
			r.fail = func(queue.Job) error { return tt.fail(len(r.snapshot())) }
			recorders[tt.name] = r
		}
		work(t, q, func(ctx context.Context, job queue.Job) error {
			return recorders[job.Key].handle(ctx, job)
		})
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				enqueue(t, q, queue.Job{Kind: "push", Key: tt.name})
				calls := recorders[tt.name].waitCalls(t, tt.want)
				if len(calls) != tt.want {
					t.Fatalf("%d calls, want %d", len(calls), tt.want)
				}
				for i, gap := range tt.minGaps {
					if got := calls[i+1].at.Sub(calls[i].at); got < gap {
						t.Errorf("call %d came %s after call %d, want at least %s", i+2, got, i+1, gap)
					}
				}
			})
		}
	})
}
