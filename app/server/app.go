package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/rs/zerolog"

	"github.com/keyguard-dev/keyguard/app/config"
	"github.com/keyguard-dev/keyguard/app/ghapi"
	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/app/queue"
	"github.com/keyguard-dev/keyguard/app/worker"
	"github.com/keyguard-dev/keyguard/webhooks"
)

// Run is the whole App: read the settings, open the queue, serve, and work
// jobs until ctx ends. It returns the process's exit status: 2 when the
// settings are wrong (every problem listed), 1 when it cannot run.
// listening, if set, is told the address once the server listens (tests
// run it on port 0).
func Run(ctx context.Context, getenv func(string) string, stderr io.Writer, listening func(addr string)) int {
	log := zerolog.New(stderr).With().Timestamp().Str("service", "keyguard-app").Logger()
	cfg, err := config.Load(getenv, nil)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, "keyguard-app: the settings are not usable:")
			for _, p := range ce.Problems {
				fmt.Fprintln(stderr, "  -", p)
			}
			return 2
		}
		fmt.Fprintln(stderr, "keyguard-app:", err)
		return 2
	}
	log.Info().Str("config", cfg.String()).Msg("starting")

	// The embedded SQLite queue has no notifications: workers poll it.
	// A fifth of a second keeps a check's start prompt and costs an idle
	// local query five times a second.
	opts := queue.Options{DataDir: cfg.DataDir, PollInterval: 200 * time.Millisecond}
	if v := getenv("KEYGUARD_JOB_TIMEOUT"); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			opts.JobTimeout = d
		}
	}
	q, err := queue.Open(ctx, cfg.DatabaseURL, opts)
	if err != nil {
		log.Error().Err(err).Msg("cannot open the job queue")
		return 1
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		q.Close(cctx)
	}()

	clients := ghapi.NewClients(cfg.AppID, cfg.PrivateKeyPEM, cfg.GitHubAPIURL, nil)
	d := &Dispatcher{
		Worker: &worker.Worker{
			Clients:   clients,
			Ledger:    ledger.New(q.DB()),
			RevokeURL: worker.RevokeURL(cfg.GitHubAPIURL),
		},
		Installations: q,
		Log:           log,
		Forget:        clients.Forget,
	}
	if err := q.Work(ctx, func(ctx context.Context, j queue.Job) error {
		return jobError(d.Dispatch(ctx, j.Payload))
	}); err != nil {
		log.Error().Err(err).Msg("cannot start the workers")
		return 1
	}
	routes, err := Routes(cfg.WebhookSecret, queueStore{q}, log)
	if err != nil {
		log.Error().Err(err).Msg("cannot set up the routes")
		return 1
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("", strconv.Itoa(cfg.Port)))
	if err != nil {
		log.Error().Err(err).Msg("cannot listen")
		return 1
	}
	srv := &http.Server{
		Handler:           routes,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Info().Str("addr", ln.Addr().String()).Msg("listening")
	if listening != nil {
		listening(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		log.Error().Err(err).Msg("server stopped")
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	log.Info().Msg("stopped")
	return 0
}

// jobError tells the queue which failures to retry and how.
func jobError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrUnknownJob), worker.IsPermanent(err):
		return queue.Permanent(err)
	case errors.Is(err, ghapi.ErrRateLimited):
		return queue.RetryAfter(5*time.Minute, err)
	}
	return err
}

// queueStore adapts the queue to the webhook handler: a delivery's job is
// stored whole, as JSON, for the dispatcher.
type queueStore struct{ q *queue.Queue }

func (s queueStore) Enqueue(ctx context.Context, j webhooks.Job) (bool, error) {
	payload, err := json.Marshal(j)
	if err != nil {
		return false, err
	}
	return s.q.Enqueue(ctx, queue.Job{Kind: j.Event, Delivery: j.Delivery, Key: j.Key, InstallationID: j.InstallationID, Payload: payload})
}

func (s queueStore) Ping(ctx context.Context) error {
	_, err := s.q.Stats(ctx)
	return err
}
