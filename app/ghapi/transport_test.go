package ghapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted answers each request with the next response in its list and
// records the bodies it received.
type scripted struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter)
	bodies  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	s.bodies = append(s.bodies, string(b))
	if len(s.answers) == 0 {
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `{"ok":true}`)
		return
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	a(w)
}

func status(code int, headers map[string]string, body string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

func TestRetryTransport(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name     string
		answers  []func(http.ResponseWriter)
		wantCode int
		wantErr  error
		requests int
		sleeps   func(t *testing.T, ds []time.Duration)
	}{
		{
			name:     "5xx retried with growing backoff",
			answers:  []func(http.ResponseWriter){status(502, nil, "bad gateway"), status(503, nil, "")},
			wantCode: 200, requests: 3,
			sleeps: func(t *testing.T, ds []time.Duration) {
				if len(ds) != 2 || ds[0] < 500*time.Millisecond || ds[0] > time.Second || ds[1] < time.Second || ds[1] > 2*time.Second {
					t.Errorf("sleeps %v, want ~1s then ~2s", ds)
				}
			},
		},
		{
			name:     "429 waits Retry-After",
			answers:  []func(http.ResponseWriter){status(429, map[string]string{"Retry-After": "3"}, "")},
			wantCode: 200, requests: 2,
			sleeps: func(t *testing.T, ds []time.Duration) {
				if fmt.Sprint(ds) != "[3s]" {
					t.Errorf("sleeps %v, want [3s]", ds)
				}
			},
		},
		{
			name: "403 with the primary limit spent waits for the reset",
			answers: []func(http.ResponseWriter){status(403, map[string]string{
				"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(now.Add(30*time.Second).Unix(), 10),
			}, `{"message":"API rate limit exceeded"}`)},
			wantCode: 200, requests: 2,
			sleeps: func(t *testing.T, ds []time.Duration) {
				if fmt.Sprint(ds) != "[31s]" {
					t.Errorf("sleeps %v, want [31s]", ds)
				}
			},
		},
		{
			name:     "secondary limit without Retry-After waits a minute",
			answers:  []func(http.ResponseWriter){status(403, nil, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`)},
			wantCode: 200, requests: 2,
			sleeps: func(t *testing.T, ds []time.Duration) {
				if fmt.Sprint(ds) != "[1m0s]" {
					t.Errorf("sleeps %v, want [1m0s]", ds)
				}
			},
		},
		{
			name:     "a plain 403 is an answer, not a limit",
			answers:  []func(http.ResponseWriter){status(403, nil, `{"message":"Resource not accessible by integration"}`)},
			wantCode: 403, requests: 1,
		},
		{
			name:     "422 is never retried",
			answers:  []func(http.ResponseWriter){status(422, nil, `{"message":"Validation Failed"}`)},
			wantCode: 422, requests: 1,
		},
		{
			name: "a reset an hour away fails fast for the queue to retry",
			answers: []func(http.ResponseWriter){status(403, map[string]string{
				"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(now.Add(time.Hour).Unix(), 10),
			}, "")},
			wantErr: ErrRateLimited, requests: 1,
		},
		{
			name:     "retries run out: the last answer is returned",
			answers:  []func(http.ResponseWriter){status(502, nil, ""), status(502, nil, ""), status(502, nil, ""), status(502, nil, ""), status(502, nil, "")},
			wantCode: 502, requests: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &scripted{answers: tt.answers}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			var sleeps []time.Duration
			tr := &RetryTransport{
				Sleep: func(_ context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil },
				Now:   func() time.Time { return now },
			}
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/repos/o/r/check-runs", strings.NewReader(`{"name":"keyguard"}`))
			resp, err := (&http.Client{Transport: tr}).Do(req)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.wantCode {
					t.Errorf("status %d, want %d", resp.StatusCode, tt.wantCode)
				}
				if resp.StatusCode == 403 && !strings.Contains(string(body), "Resource not accessible") {
					t.Errorf("the 403's body was lost: %q", body)
				}
			}
			if len(srv.bodies) != tt.requests {
				t.Errorf("%d requests, want %d", len(srv.bodies), tt.requests)
			}
			for i, b := range srv.bodies {
				if b != `{"name":"keyguard"}` {
					t.Errorf("request %d body %q: not replayed", i, b)
				}
			}
			if tt.sleeps != nil {
				tt.sleeps(t, sleeps)
			}
		})
	}
}

func TestRetryTransportCancelled(t *testing.T) {
	ts := httptest.NewServer(&scripted{answers: []func(http.ResponseWriter){status(429, map[string]string{"Retry-After": "30"}, "")}})
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	tr := &RetryTransport{Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return sleepCtx(ctx, d) }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL, nil)
	if _, err := (&http.Client{Transport: tr}).Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestPacer(t *testing.T) {
	now := time.Unix(0, 0)
	var sleeps []time.Duration
	p := NewPacer(3)
	p.Now = func() time.Time { return now }
	p.Sleep = func(_ context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil }
	wait := func() {
		if err := p.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// Three go at once; the fourth waits for the first to leave the
	// minute, the fifth for the second.
	wait()
	now = now.Add(10 * time.Second)
	wait()
	wait()
	wait()
	wait()
	if fmt.Sprint(sleeps) != "[0s 0s 0s 50s 1m0s]" {
		t.Errorf("sleeps %v, want [0s 0s 0s 50s 1m0s]", sleeps)
	}
	// After a quiet spell there is no debt to pay.
	now = now.Add(time.Hour)
	sleeps = nil
	wait()
	if fmt.Sprint(sleeps) != "[0s]" {
		t.Errorf("after an hour: %v", sleeps)
	}
}

// TestPacerNeverExceedsLimit checks the rule itself: in any rolling
// minute, at most 80 requests.
func TestPacerNeverExceedsLimit(t *testing.T) {
	now := time.Unix(0, 0)
	var times []time.Time
	p := NewPacer(ContentPerMinute)
	p.Now = func() time.Time { return now }
	p.Sleep = func(_ context.Context, d time.Duration) error { now = now.Add(d); return nil }
	for i := 0; i < 500; i++ {
		p.Wait(context.Background())
		times = append(times, now)
		now = now.Add(time.Duration(i%7) * 100 * time.Millisecond)
	}
	for i := range times {
		n := 0
		for j := i; j < len(times) && times[j].Sub(times[i]) < time.Minute; j++ {
			n++
		}
		if n > ContentPerMinute {
			t.Fatalf("%d requests in the minute from request %d", n, i)
		}
	}
}

func TestPacedOnlyContentRequests(t *testing.T) {
	ts := httptest.NewServer(&scripted{})
	defer ts.Close()
	waits := 0
	p := NewPacer(ContentPerMinute)
	p.Sleep = func(context.Context, time.Duration) error { waits++; return nil }
	cl := &http.Client{Transport: &RetryTransport{Content: p}}
	for _, m := range []string{"GET", "GET", "POST", "PATCH", "HEAD"} {
		req, _ := http.NewRequest(m, ts.URL, nil)
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if waits != 2 {
		t.Errorf("%d paced requests, want 2 (POST, PATCH)", waits)
	}
}
