// Package app is the keyguard GitHub App server. Its parts:
//
//   - config: settings from the environment, every problem at once;
//   - queue: the durable job queue (SQLite by default, Postgres to share);
//   - server: routes (/webhook, /healthz, /readyz), logging, job dispatch;
//   - worker: a pull request's scan, reported as a check run and a review;
//   - prscan and review: what a pull request adds, and what GitHub shows;
//   - ghapi: per-installation GitHub clients that obey the rate limits;
//   - cmd/keyguard-app: the binary; deploy: the App manifest.
package app
