// Package webhooks receives GitHub's webhook deliveries for the keyguard
// App and turns each one into a Job for the app to persist and run.
//
// A Handler, mounted at POST /webhook, does only what must happen before
// GitHub gets its answer, and nothing that could take long:
//
//  1. Refuse what is not a delivery: a method other than POST (405), a
//     content type other than application/json or
//     application/x-www-form-urlencoded (415), a body over 25 MB (413,
//     read through http.MaxBytesReader, so a liar's Content-Length does
//     not matter).
//  2. Verify X-Hub-Signature-256, the HMAC-SHA256 of the raw body, in
//     constant time (Verify). It fails closed: no signature, an
//     HMAC-SHA1-only X-Hub-Signature, a malformed one (401) or a wrong one
//     (403) is refused, and NewHandler refuses to build a handler without
//     a secret. go-github's ValidatePayload is not used: it lets unsigned
//     requests through when no secret is set, falls back to SHA-1 and
//     reads bodies without a bound.
//  3. Answer ping (200), parse the events keyguard acts on with go-github's
//     ParseWebHook, and describe the work as a Job (events.go lists which
//     events and actions; everything else is acknowledged with 202 and
//     dropped). Scans come from pull_request, push, check_suite,
//     check_run, merge_group; installation and installation_repositories
//     keep the App's installations; issue_comment and
//     pull_request_review_comment carry comment commands ("/keyguard
//     rotated"), and issues closed or reopened answer the App's rotation
//     issues (comments.go). A comment without a command or by a bot, and
//     an issue that is not a rotation issue, are dropped here.
//  4. Hand the Job to an Enqueuer, which persists it and de-duplicates by
//     delivery GUID and by Job.Key, before answering 202; if it fails,
//     answer 503 so that GitHub marks the delivery failed and it can be
//     redelivered.
//
// No GitHub API call happens here: a signed 24 KB pull_request delivery
// costs about a quarter of a millisecond of CPU, most of it go-github's
// JSON decoding, plus the Enqueuer's time (BenchmarkHandler,
// BenchmarkAckLatency).
//
// The package does not log. Config.Report receives each request's Result
// (status, delivery, job, error) for the app to log; errors name what was
// wrong with a request, never the secret or the expected signature, and
// the Secret type prints as "[redacted]".
//
// Package webhookstest has an in-memory Enqueuer and a request signer for
// tests.
package webhooks
