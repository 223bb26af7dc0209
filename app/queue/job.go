package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job is one piece of work: what a webhook delivery asks the App to do.
type Job struct {
	// Kind says what to do, e.g. "pull_request", "push", "check_run",
	// "installation". Required.
	Kind string

	// Delivery is GitHub's X-GitHub-Delivery; a second job with the same
	// Delivery is a duplicate. Empty turns the check off.
	Delivery string

	// Key is the work's identity (repository, head SHA, check); a second
	// job of the same Kind and Key is a duplicate while the first is
	// pending, running or recently completed. Empty turns the check off.
	Key string

	InstallationID int64

	// Payload is JSON (GitHub's event body, or anything smaller the caller
	// prefers). Empty means null.
	Payload json.RawMessage

	// ID and Attempt are set on the jobs a Handler receives (Attempt counts
	// from 1) and ignored by Enqueue.
	ID      int64
	Attempt int
}

// jobArgs is the Job as River stores it, in river_job.args. Kind and Key
// (JobKind) are the fields River's unique index hashes, with River's kind.
type jobArgs struct {
	JobKind        string          `json:"kind" river:"unique"`
	Key            string          `json:"key" river:"unique"`
	Delivery       string          `json:"delivery,omitempty"`
	InstallationID int64           `json:"installation_id,omitempty"`
	Payload        json.RawMessage `json:"payload"`
}

// riverKind is River's name for every job of this package; Job.Kind travels
// in the arguments, so the queue stays generic.
const riverKind = "keyguard"

func (jobArgs) Kind() string { return riverKind }

// keyStates are the states in which a job blocks another of the same Kind
// and Key. River requires available, pending, running and scheduled; retryable
// means it will run again; completed lasts KeyWindow (River deletes completed
// jobs after it). Discarded and cancelled jobs failed: they do not block.
var keyStates = []rivertype.JobState{
	rivertype.JobStateAvailable,
	rivertype.JobStateCompleted,
	rivertype.JobStatePending,
	rivertype.JobStateRetryable,
	rivertype.JobStateRunning,
	rivertype.JobStateScheduled,
}

// ErrInvalidJob is returned by Enqueue for a job without a Kind or with a
// Payload that is not JSON.
var ErrInvalidJob = errors.New("queue: invalid job")

// insertDelivery claims a delivery: it affects no row when the delivery was
// seen before.
const insertDelivery = `INSERT INTO keyguard_delivery (delivery, received_unix) VALUES ($1, $2)
	ON CONFLICT (delivery) DO NOTHING`

// Enqueue stores job durably, or reports it a duplicate (see the package
// documentation) and stores nothing but its Delivery. When Enqueue returns
// nil, the job is committed to the database: answer GitHub then.
func (q *Queue) Enqueue(ctx context.Context, job Job) (duplicate bool, err error) {
	if job.Kind == "" {
		return false, fmt.Errorf("%w: no Kind", ErrInvalidJob)
	}
	payload := job.Payload
	if len(payload) == 0 {
		payload = json.RawMessage("null")
	} else if !json.Valid(payload) {
		return false, fmt.Errorf("%w: %s payload is not JSON", ErrInvalidJob, job.Kind)
	}
	if q.isClosed() {
		return false, ErrClosed
	}
	args := jobArgs{
		JobKind:        job.Kind,
		Key:            job.Key,
		Delivery:       job.Delivery,
		InstallationID: job.InstallationID,
		Payload:        payload,
	}
	opts := &river.InsertOpts{MaxAttempts: q.opts.MaxAttempts}
	if job.Key != "" {
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: keyStates}
	}
	duplicate, err = q.engine.insert(ctx, job.Delivery, time.Now().Unix(), args, opts)
	if err != nil {
		return false, fmt.Errorf("queue: enqueue %s: %w", job.Kind, err)
	}
	return duplicate, nil
}

// Stats counts the jobs in the database by what became of them.
type Stats struct {
	Waiting   int // not yet run, or waiting for a retry
	Running   int
	Completed int // within KeyWindow
	Failed    int // attempts exhausted or Permanent (kept a while by River)
}

// Stats counts the jobs of all instances sharing the database: for health
// checks and metrics.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	if q.isClosed() {
		return Stats{}, ErrClosed
	}
	rows, err := q.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM river_job WHERE kind = $1 GROUP BY state`, riverKind)
	if err != nil {
		return Stats{}, fmt.Errorf("queue: stats: %w", err)
	}
	defer rows.Close()
	var s Stats
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return Stats{}, fmt.Errorf("queue: stats: %w", err)
		}
		switch rivertype.JobState(state) {
		case rivertype.JobStateRunning:
			s.Running += n
		case rivertype.JobStateCompleted:
			s.Completed += n
		case rivertype.JobStateDiscarded, rivertype.JobStateCancelled:
			s.Failed += n
		default:
			s.Waiting += n
		}
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("queue: stats: %w", err)
	}
	return s, nil
}
