// Package server wires the App together: the HTTP routes (webhook, health,
// readiness), the logging of each delivery, and the dispatch of queued
// jobs to the worker. It holds no logic of its own that a test could not
// reach through those routes and Dispatch.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/keyguard-dev/keyguard/app/queue"
	"github.com/keyguard-dev/keyguard/app/review"
	"github.com/keyguard-dev/keyguard/app/worker"
	"github.com/keyguard-dev/keyguard/webhooks"
)

// Store is what the server needs of the durable queue: persisting a job
// before GitHub's delivery is answered, and saying whether it is up.
type Store interface {
	Enqueue(ctx context.Context, j webhooks.Job) (duplicate bool, err error)
	Ping(ctx context.Context) error
}

// Routes returns the App's HTTP handler:
//
//	POST /webhook   GitHub's deliveries (verified, queued, answered 202)
//	GET  /healthz   the process is up (Fly's health check)
//	GET  /readyz    the queue's database answers
func Routes(secret []byte, store Store, log zerolog.Logger) (http.Handler, error) {
	wh, err := webhooks.NewHandler(webhooks.Config{
		Secret: webhooks.Secret(secret),
		Queue:  webhooks.EnqueuerFunc(store.Enqueue),
		Report: func(r *http.Request, res webhooks.Result) { logDelivery(log, r, res) },
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/webhook", wh)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := store.Ping(ctx); err != nil {
			log.Warn().Err(err).Msg("not ready: the queue's database does not answer")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "the queue's database does not answer")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux, nil
}

// logDelivery writes one line per delivery. Only identifiers go in:
// delivery, event, action, installation, repository, status. Never a
// header value other than those, never the body.
func logDelivery(log zerolog.Logger, r *http.Request, res webhooks.Result) {
	ev := log.Info()
	switch {
	case res.Status >= 500:
		ev = log.Error().Err(res.Err)
	case res.Status >= 400:
		ev = log.Warn().Str("refused", errText(res.Err))
	}
	ev = ev.Str("delivery", res.Delivery).Str("event", res.Event).Str("action", res.Action).Int("status", res.Status)
	if j := res.Job; j != nil {
		ev = ev.Int64("installation", j.InstallationID).Str("repository", j.Repo).Str("key", j.Key).Bool("duplicate", res.Duplicate)
	}
	if res.Partial != nil {
		ev = ev.Str("partial", res.Partial.Error())
	}
	ev.Str("remote", r.RemoteAddr).Msg("webhook")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Worker does the jobs (*worker.Worker).
type Worker interface {
	PullRequest(ctx context.Context, installation int64, owner, repo string, number int, head string) error
	Push(ctx context.Context, installation int64, p worker.Push) error
	MergeGroup(ctx context.Context, installation int64, owner, repo, base, head string) error
	Answer(ctx context.Context, installation int64, c worker.Comment) error
	Issue(ctx context.Context, installation int64, e worker.IssueEvent) error
	Action(ctx context.Context, installation int64, a worker.CheckAction) error
}

// Installations records and forgets App installations (*queue.Queue).
type Installations interface {
	RecordInstallation(ctx context.Context, id int64, account string, repos []queue.Repository) error
	AddRepositories(ctx context.Context, id int64, repos []queue.Repository) error
	RemoveRepositories(ctx context.Context, id int64, repos []queue.Repository) error
	ForgetInstallation(ctx context.Context, id int64) error
}

// Dispatcher runs a queued job: it decodes the job and calls the worker,
// with a logger for the job in ctx.
type Dispatcher struct {
	Worker        Worker
	Installations Installations
	Log           zerolog.Logger
	// Forget drops cached clients of an uninstalled installation.
	Forget func(id int64)
}

// ErrUnknownJob marks a job the dispatcher cannot decode; retrying will
// not help.
var ErrUnknownJob = errors.New("server: unknown job")

// Dispatch runs one job, given as the JSON of a webhooks.Job.
func (d *Dispatcher) Dispatch(ctx context.Context, payload []byte) error {
	var j webhooks.Job
	if err := json.Unmarshal(payload, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownJob, err)
	}
	log := d.Log.With().Str("delivery", j.Delivery).Str("event", j.Event).Str("action", j.Action).
		Int64("installation", j.InstallationID).Str("repository", j.Repo).Str("key", j.Key).Logger()
	ctx = log.WithContext(ctx)
	start := time.Now()
	err := d.run(ctx, j)
	ev := log.Info()
	if err != nil {
		ev = log.Warn().Err(err)
	}
	ev.Dur("took", time.Since(start)).Msg("job")
	return err
}

func (d *Dispatcher) run(ctx context.Context, j webhooks.Job) error {
	owner, repo, _ := strings.Cut(j.Repo, "/")
	switch j.Event {
	case "check_suite":
		if j.Action == "rerequested" && j.PR == 0 {
			return d.rerunPush(ctx, j, owner, repo)
		}
		if j.Action == "requested" {
			// GitHub asks for a check suite on every push; for a pull
			// request's head the pull_request event has queued the
			// same scan, and a second one would post a second check
			// run. Push scanning handles branches without one.
			return nil
		}
		fallthrough
	case "check_run":
		if j.Action == "requested_action" {
			return d.checkAction(ctx, j, owner, repo)
		}
		if j.PR == 0 {
			return d.rerunPush(ctx, j, owner, repo)
		}
		fallthrough
	case "pull_request":
		if j.PR == 0 {
			// A check suite for a branch without a pull request: there
			// is no diff to review. (Push scanning reports on pushes.)
			return nil
		}
		if j.HeadSHA == "" || owner == "" || repo == "" {
			return fmt.Errorf("%w: %s without a repository or head", ErrUnknownJob, j.Event)
		}
		return d.Worker.PullRequest(ctx, j.InstallationID, owner, repo, j.PR, j.HeadSHA)
	case "installation", "installation_repositories":
		return d.installation(ctx, j)
	case "push":
		return d.push(ctx, j, owner, repo)
	case "merge_group":
		return d.Worker.MergeGroup(ctx, j.InstallationID, owner, repo, j.BaseSHA, j.HeadSHA)
	case "issue_comment", "pull_request_review_comment":
		return d.comment(ctx, j, owner, repo)
	case "issues":
		var p struct {
			Issue struct {
				StateReason string `json:"state_reason"`
			} `json:"issue"`
		}
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return fmt.Errorf("%w: %v", ErrUnknownJob, err)
		}
		return d.Worker.Issue(ctx, j.InstallationID, worker.IssueEvent{
			Owner: owner, Repo: repo, Number: j.Issue, Action: j.Action, StateReason: p.Issue.StateReason, Sender: j.Sender,
		})
	}
	return nil
}

// push reads what the push job's payload adds to the Job: the ref, the
// default branch, and the commits GitHub says were pushed before.
func (d *Dispatcher) push(ctx context.Context, j webhooks.Job, owner, repo string) error {
	var p struct {
		Ref        string `json:"ref"`
		Forced     bool   `json:"forced"`
		Repository struct {
			DefaultBranch string `json:"default_branch"`
		} `json:"repository"`
		Commits []struct {
			ID       string `json:"id"`
			Distinct bool   `json:"distinct"`
		} `json:"commits"`
	}
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownJob, err)
	}
	seen := map[string]bool{}
	var listed []string
	for _, c := range p.Commits {
		id := strings.ToLower(c.ID)
		listed = append(listed, id)
		if !c.Distinct {
			seen[id] = true
		}
	}
	return d.Worker.Push(ctx, j.InstallationID, worker.Push{
		Owner: owner, Repo: repo, Ref: p.Ref, Before: j.BaseSHA, After: j.HeadSHA, Forced: p.Forced,
		DefaultBranch: p.Repository.DefaultBranch, Pusher: j.Sender, Seen: seen,
		Listed: listed, Complete: len(listed) < worker.MaxPayloadCommits,
	})
}

// rerunPush answers "Re-run" on a push's check run, or on the check
// suite of a commit without a pull request: the branch is scanned again
// against the default branch.
func (d *Dispatcher) rerunPush(ctx context.Context, j webhooks.Job, owner, repo string) error {
	var p struct {
		CheckRun struct {
			Name       string `json:"name"`
			CheckSuite struct {
				HeadBranch string `json:"head_branch"`
			} `json:"check_suite"`
		} `json:"check_run"`
		CheckSuite struct {
			HeadBranch string `json:"head_branch"`
		} `json:"check_suite"`
		Repository struct {
			DefaultBranch string `json:"default_branch"`
		} `json:"repository"`
	}
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownJob, err)
	}
	branch := p.CheckRun.CheckSuite.HeadBranch
	if j.Event == "check_suite" {
		// A whole suite re-run on a commit without a pull request: its
		// keyguard check can only be the push's.
		branch, p.CheckRun.Name = p.CheckSuite.HeadBranch, review.PushCheckName
	}
	if p.CheckRun.Name != review.PushCheckName || branch == "" {
		return nil // a pull request's check without its pull request: nothing to review
	}
	return d.Worker.Push(ctx, j.InstallationID, worker.Push{
		Owner: owner, Repo: repo, Ref: "refs/heads/" + branch, After: j.HeadSHA,
		DefaultBranch: p.Repository.DefaultBranch, Pusher: j.Sender, Rescan: true,
	})
}

// comment passes a comment command on, with its body from the payload.
func (d *Dispatcher) comment(ctx context.Context, j webhooks.Job, owner, repo string) error {
	var p struct {
		Comment struct {
			Body string `json:"body"`
		} `json:"comment"`
	}
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownJob, err)
	}
	return d.Worker.Answer(ctx, j.InstallationID, worker.Comment{
		Owner: owner, Repo: repo, Issue: j.Issue, PR: j.PR, ID: j.CommentID,
		Review: j.Event == "pull_request_review_comment", ReplyTo: j.ReplyTo, Sender: j.Sender, Body: p.Comment.Body,
	})
}

// checkAction passes a check run's button on.
func (d *Dispatcher) checkAction(ctx context.Context, j webhooks.Job, owner, repo string) error {
	var p struct {
		RequestedAction struct {
			Identifier string `json:"identifier"`
		} `json:"requested_action"`
	}
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownJob, err)
	}
	return d.Worker.Action(ctx, j.InstallationID, worker.CheckAction{
		Owner: owner, Repo: repo, CheckRunID: j.CheckRunID, Identifier: p.RequestedAction.Identifier,
		Sender: j.Sender, HeadSHA: j.HeadSHA, PR: j.PR,
	})
}

// installation records what an installation covers, and forgets it when
// the App is uninstalled or suspended.
func (d *Dispatcher) installation(ctx context.Context, j webhooks.Job) error {
	if d.Installations == nil {
		return nil
	}
	type repo struct {
		ID       int64  `json:"id"`
		FullName string `json:"full_name"`
	}
	var p struct {
		Installation struct {
			Account struct {
				Login string `json:"login"`
			} `json:"account"`
		} `json:"installation"`
		Repositories        []repo `json:"repositories"`
		RepositoriesAdded   []repo `json:"repositories_added"`
		RepositoriesRemoved []repo `json:"repositories_removed"`
	}
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return fmt.Errorf("%w: %v", ErrUnknownJob, err)
	}
	conv := func(rs []repo) []queue.Repository {
		out := make([]queue.Repository, len(rs))
		for i, r := range rs {
			out[i] = queue.Repository{ID: r.ID, FullName: r.FullName}
		}
		return out
	}
	id := j.InstallationID
	switch {
	case j.Event == "installation" && (j.Action == "deleted" || j.Action == "suspend"):
		if d.Forget != nil {
			d.Forget(id)
		}
		return d.Installations.ForgetInstallation(ctx, id)
	case j.Event == "installation":
		return d.Installations.RecordInstallation(ctx, id, p.Installation.Account.Login, conv(p.Repositories))
	case j.Action == "added":
		return d.Installations.AddRepositories(ctx, id, conv(p.RepositoriesAdded))
	case j.Action == "removed":
		return d.Installations.RemoveRepositories(ctx, id, conv(p.RepositoriesRemoved))
	}
	return nil
}
