// Package queue is the App's durable store: the jobs that webhook deliveries
// turn into, and the installations the App knows about.
//
// A job is written to the database before Enqueue returns, so the webhook
// handler can answer GitHub only once the work is safe (GitHub waits 10 s and
// never redelivers by itself). Workers then run it with retries and
// exponential backoff. The queue is River (github.com/riverqueue/river), on
// one of two databases chosen by the URL given to Open:
//
//   - SQLite, the default: one file (keyguard.db in Options.DataDir), pure Go
//     (modernc.org/sqlite), for a single instance with a volume.
//   - Postgres (postgres:// or postgresql://), for several instances sharing
//     the work. River claims each job with FOR UPDATE SKIP LOCKED, so two
//     instances never run the same attempt of a job.
//
// # De-duplication
//
// Enqueue reports a duplicate, and stores nothing, when
//
//   - the job's Delivery (GitHub's X-GitHub-Delivery) was enqueued before,
//     within Options.DeliveryWindow (7 days by default; GitHub only
//     redelivers on request, and keeps deliveries for 3 days); or
//   - an earlier job of the same Kind and Key is waiting, scheduled for a
//     retry, running, or completed within Options.KeyWindow (24 hours by
//     default). A job that failed for good (attempts exhausted, or a
//     Permanent error) does not block its Key: the next delivery for the same
//     work tries again.
//
// The Key is the work's identity, chosen by the caller: for a pull request
// scan, repository, head SHA and check; so a pull_request and a check_suite
// event for the same commit scan it once. A scan the user asks for again
// (check_run rerequested) must be done again: give it a Key that includes
// its delivery. An empty Delivery or Key turns that check off.
//
// # Failures
//
// A handler's error is retried after a delay that doubles from
// Options.RetryBase up to Options.RetryMax (with ±10 % jitter), until
// Options.MaxAttempts attempts have run. Permanent marks an error not worth
// retrying; RetryAfter asks for a later try that does not use up an attempt
// (GitHub's rate limits). Error texts are stored in the database (River
// keeps each attempt's error), so they must never contain a secret.
//
// A job whose worker died (kill -9, a lost machine) stays "running" until
// Options.RescueAfter has passed since its attempt began; then River's
// rescuer, which runs on one elected instance, schedules it again. After a
// crash this takes up to RescueAfter plus about 15 s for the dead instance's
// leadership to expire. A graceful Close does not wait for that: a handler
// cut short by Close runs again as soon as a worker is free, without
// spending an attempt.
//
// Handlers must therefore be idempotent: a job runs at least once, and more
// than once only when a worker died or overran RescueAfter.
//
// The queue does not log unless Options.Logger is set.
package queue
