// Package ghapi is how the App talks to GitHub: one authenticated client
// per installation (ghinstallation over go-github), behind a transport
// that honours GitHub's rate limits and retries what is worth retrying.
//
// GitHub's rules, from its REST documentation ("Rate limits for the REST
// API", "Best practices for using the REST API"):
//   - a 429, or a 403 carrying Retry-After, is a secondary rate limit:
//     wait that many seconds;
//   - a 403 or 429 with x-ratelimit-remaining: 0 means the primary limit
//     is spent until x-ratelimit-reset (Unix seconds);
//   - a secondary limit without Retry-After: wait at least a minute;
//   - content-creating requests (comments, reviews, check runs) should not
//     exceed 80 a minute;
//   - 5xx answers are transient: retry with backoff.
package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for RetryTransport.
const (
	DefaultMaxRetries = 4
	// DefaultMaxWait is the longest a request waits for a limit to
	// reset; past it the request fails and the job queue retries later,
	// rather than holding a worker for an hour.
	DefaultMaxWait = 2 * time.Minute
	// ContentPerMinute is GitHub's advice for content-creating requests.
	ContentPerMinute = 80
)

// ErrRateLimited reports a limit that resets later than the transport
// is willing to wait.
var ErrRateLimited = errors.New("ghapi: GitHub rate limit reached")

// RetryTransport retries transient failures and waits out rate limits.
type RetryTransport struct {
	Base       http.RoundTripper
	MaxRetries int
	MaxWait    time.Duration
	// Sleep waits for d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	// Content, when set, paces content-creating requests (every method
	// but GET and HEAD).
	Content *Pacer
}

// RoundTrip sends req, retrying as GitHub's rules allow. The request body
// is replayed through req.GetBody (set by http.NewRequest for in-memory
// bodies, which is what go-github sends).
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base, sleep, now := t.Base, t.Sleep, t.Now
	if base == nil {
		base = http.DefaultTransport
	}
	if sleep == nil {
		sleep = sleepCtx
	}
	if now == nil {
		now = time.Now
	}
	maxRetries, maxWait := t.MaxRetries, t.MaxWait
	if maxRetries == 0 {
		maxRetries = DefaultMaxRetries
	}
	if maxWait == 0 {
		maxWait = DefaultMaxWait
	}
	ctx := req.Context()
	if t.Content != nil && req.Method != http.MethodGet && req.Method != http.MethodHead {
		if err := t.Content.Wait(ctx); err != nil {
			return nil, err
		}
	}
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, fmt.Errorf("ghapi: cannot retry %s %s: body cannot be replayed", req.Method, req.URL.Path)
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		resp, err := base.RoundTrip(r)
		wait, retry := t.decide(ctx, resp, err, attempt, now())
		if !retry || attempt >= maxRetries {
			return resp, err
		}
		if wait > maxWait {
			if resp != nil {
				drain(resp)
			}
			return nil, fmt.Errorf("%w: resets in %s", ErrRateLimited, wait.Round(time.Second))
		}
		if resp != nil {
			drain(resp)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// decide says whether and when to retry.
func (t *RetryTransport) decide(ctx context.Context, resp *http.Response, err error, attempt int, now time.Time) (time.Duration, bool) {
	if err != nil {
		if ctx.Err() != nil {
			return 0, false // the caller gave up
		}
		// A connection reset or refused: transient.
		return backoff(attempt), true
	}
	h := resp.Header
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden:
		if ra := h.Get("Retry-After"); ra != "" {
			if s, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && s >= 0 {
				return time.Duration(s) * time.Second, true
			}
		}
		if h.Get("X-Ratelimit-Remaining") == "0" {
			if reset, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
				return max(time.Unix(reset, 0).Sub(now), 0) + time.Second, true
			}
		}
		if resp.StatusCode == http.StatusTooManyRequests || secondaryLimit(resp) {
			// No hint: GitHub asks for at least a minute.
			return time.Minute, true
		}
		return 0, false // a plain 403: permissions, not limits
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return backoff(attempt), true
	}
	return 0, false
}

// secondaryLimit reads a 403's body for GitHub's secondary-limit message,
// leaving the body readable.
func secondaryLimit(resp *http.Response) bool {
	if resp.Body == nil {
		return false
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return false
	}
	s := strings.ToLower(string(data))
	return strings.Contains(s, "secondary rate limit") || strings.Contains(s, "abuse")
}

// backoff is 1 s, 2 s, 4 s … with jitter, so that workers hit by the
// same outage do not come back in step.
func backoff(attempt int) time.Duration {
	d := time.Second << min(attempt, 6)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Pacer keeps requests under a count per minute over any rolling
// minute, as GitHub's advice for content-creating requests reads: a scan's
// few writes go at once, and a burst past the limit waits for the oldest
// request in the window to age out.
type Pacer struct {
	Limit  int
	Window time.Duration
	Sleep  func(ctx context.Context, d time.Duration) error
	Now    func() time.Time

	mu   sync.Mutex
	sent []time.Time // times of the last Limit requests, oldest first
}

// NewPacer allows perMinute requests in any minute.
func NewPacer(perMinute int) *Pacer {
	return &Pacer{Limit: perMinute, Window: time.Minute}
}

// Wait blocks until the next request may go, and counts it.
func (p *Pacer) Wait(ctx context.Context) error {
	now, sleep := time.Now, sleepCtx
	if p.Now != nil {
		now = p.Now
	}
	if p.Sleep != nil {
		sleep = p.Sleep
	}
	p.mu.Lock()
	t := now()
	at := t
	if len(p.sent) >= p.Limit {
		// The request goes when the oldest of the last Limit leaves
		// the window.
		if free := p.sent[len(p.sent)-p.Limit].Add(p.Window); free.After(at) {
			at = free
		}
	}
	p.sent = append(p.sent, at)
	if len(p.sent) > p.Limit {
		p.sent = append(p.sent[:0], p.sent[len(p.sent)-p.Limit:]...)
	}
	p.mu.Unlock()
	return sleep(ctx, at.Sub(t))
}
