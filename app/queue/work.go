package queue

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Handler does one job. A nil error completes it; an error is retried (see
// Permanent and RetryAfter). The error's text is stored with the job: never
// put a secret in it. ctx is cancelled after Options.JobTimeout and on Close.
type Handler func(ctx context.Context, job Job) error

// Work starts Options.Workers workers that pass jobs to handler, and returns
// once they run. They stop on Close, or at once (cancelling running handlers)
// when ctx is done. Work may be called once per Queue.
func (q *Queue) Work(ctx context.Context, handler Handler) error {
	if handler == nil {
		return errors.New("queue: Work needs a handler")
	}
	if q.isClosed() {
		return ErrClosed
	}
	if !q.handler.CompareAndSwap(nil, &handler) {
		return errors.New("queue: Work called twice")
	}
	q.workCtx = ctx
	if err := q.engine.start(ctx); err != nil {
		return fmt.Errorf("queue: start workers: %w", err)
	}
	q.working.Store(true)
	return nil
}

// Permanent marks err as not worth retrying (a repository that is gone, a
// payload that cannot be parsed): the job fails at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// RetryAfter asks for the job to run again no sooner than d from now, without
// spending one of its attempts: for GitHub's rate limits (Retry-After,
// x-ratelimit-reset). err is for the caller's logs; it is not stored.
func RetryAfter(d time.Duration, err error) error {
	return &retryAfterError{d: max(d, 0), err: err}
}

type retryAfterError struct {
	d   time.Duration
	err error
}

func (e *retryAfterError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("retry after %s", e.d)
	}
	return fmt.Sprintf("retry after %s: %v", e.d, e.err)
}
func (e *retryAfterError) Unwrap() error { return e.err }

// worker hands River's jobs to the Handler given to Work.
type worker struct {
	river.WorkerDefaults[jobArgs]
	q *Queue
}

func (w *worker) Work(ctx context.Context, j *river.Job[jobArgs]) error {
	h := w.q.handler.Load()
	if h == nil { // cannot happen: River starts only in Work
		return errors.New("queue: no handler")
	}
	err := (*h)(ctx, Job{
		Kind:           j.Args.JobKind,
		Delivery:       j.Args.Delivery,
		Key:            j.Args.Key,
		InstallationID: j.Args.InstallationID,
		Payload:        j.Args.Payload,
		ID:             j.ID,
		Attempt:        j.Attempt,
	})
	if err == nil {
		return nil
	}
	var permanent *permanentError
	var later *retryAfterError
	switch {
	case errors.As(err, &later):
		return river.JobSnooze(later.d)
	case errors.As(err, &permanent):
		return river.JobCancel(err)
	case ctx.Err() != nil && w.q.shuttingDown():
		// Cut short by Close (or by the end of Work's context), not a
		// failure of the job: run it again first thing, same attempt.
		return river.JobSnooze(0)
	}
	return err
}

func (q *Queue) shuttingDown() bool {
	return q.stopping.Load() || (q.workCtx != nil && q.workCtx.Err() != nil)
}

// backoff is River's retry policy: RetryBase doubled for each attempt
// already made, capped at RetryMax, with ±10 % jitter so that jobs failing
// together (a GitHub outage) do not come back together.
type backoff struct{ base, max time.Duration }

func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b.delay(job.Attempt))
}

func (b backoff) delay(attempt int) time.Duration {
	d := b.base
	for i := 1; i < attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	if tenth := int64(d / 10); tenth > 0 {
		d += time.Duration(rand.Int64N(2*tenth+1) - tenth)
	}
	return d
}

// pruneArgs is the periodic job that forgets old deliveries. River runs
// periodic jobs on the elected leader only, so one instance does it.
type pruneArgs struct{}

func (pruneArgs) Kind() string { return "keyguard_prune_deliveries" }

type pruner struct {
	river.WorkerDefaults[pruneArgs]
	q *Queue
}

func (p *pruner) Work(ctx context.Context, _ *river.Job[pruneArgs]) error {
	cutoff := time.Now().Add(-p.q.opts.DeliveryWindow).Unix()
	_, err := p.q.db.ExecContext(ctx, `DELETE FROM keyguard_delivery WHERE received_unix < $1`, cutoff)
	return err
}

// riverConfig is River's client configuration from the Options.
func (q *Queue) riverConfig(pollOnly bool) *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &worker{q: q})
	river.AddWorker(workers, &pruner{q: q})
	return &river.Config{
		Logger:                      q.opts.Logger,
		Workers:                     workers,
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: q.opts.Workers}},
		MaxAttempts:                 q.opts.MaxAttempts,
		RetryPolicy:                 backoff{q.opts.RetryBase, q.opts.RetryMax},
		JobTimeout:                  q.opts.JobTimeout,
		RescueStuckJobsAfter:        q.opts.RescueAfter,
		CompletedJobRetentionPeriod: q.opts.KeyWindow,
		FetchPollInterval:           q.opts.PollInterval,
		FetchCooldown:               min(q.opts.PollInterval, 100*time.Millisecond),
		PollOnly:                    pollOnly,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(
			river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return pruneArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true},
		)},
	}
}
