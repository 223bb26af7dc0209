package webhooks_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

func TestNewHandler(t *testing.T) {
	q := &webhookstest.Queue{}
	tests := []struct {
		name    string
		config  webhooks.Config
		wantErr error // nil: a handler; errAny: some error
	}{
		{name: "secret and queue", config: webhooks.Config{Secret: newSecret(t), Queue: q}},
		{name: "no secret", config: webhooks.Config{Queue: q}, wantErr: webhooks.ErrNoSecret},
		{name: "empty secret", config: webhooks.Config{Secret: []byte{}, Queue: q}, wantErr: webhooks.ErrNoSecret},
		{name: "whitespace secret", config: webhooks.Config{Secret: []byte(" \t\n"), Queue: q}, wantErr: webhooks.ErrNoSecret},
		{name: "no queue", config: webhooks.Config{Secret: newSecret(t)}, wantErr: errAny},
		{name: "negative max body", config: webhooks.Config{Secret: newSecret(t), Queue: q, MaxBody: -1}, wantErr: errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := webhooks.NewHandler(tt.config)
			switch {
			case tt.wantErr == nil && (err != nil || h == nil):
				t.Fatalf("NewHandler = %v, %v; want a handler", h, err)
			case tt.wantErr == errAny && err == nil, tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Fatalf("NewHandler error = %v, want %v", err, tt.wantErr)
			case tt.wantErr != nil && h != nil:
				t.Fatalf("NewHandler returned a handler with error %v", err)
			}
		})
	}
}

var errAny = errors.New("any error")

// TestHandlerRequests walks what can be wrong with a request, in the order
// the handler checks it.
func TestHandlerRequests(t *testing.T) {
	pr := example(t, "pull_request.opened")
	form := []byte(url.Values{"payload": {string(pr)}}.Encode())

	// Each case changes a valid signed pull_request delivery.
	tests := []struct {
		name     string
		event    string // default pull_request
		body     []byte // default pr
		edit     func(r *http.Request, secret []byte)
		status   int
		contains string // in the response body
		jobs     int    // jobs queued
	}{
		{name: "valid", status: 202, contains: "queued pr:Codertocat/Hello-World:2:", jobs: 1},

		{name: "GET", edit: method("GET"), status: 405, contains: "method GET not allowed"},
		{name: "PUT", edit: method("PUT"), status: 405, contains: "method PUT not allowed"},

		{name: "no content type", edit: header("Content-Type", ""), status: 415, contains: "no Content-Type"},
		{name: "text/plain", edit: header("Content-Type", "text/plain"), status: 415, contains: `unsupported Content-Type "text/plain"`},
		{name: "multipart", edit: header("Content-Type", "multipart/form-data; boundary=x"), status: 415, contains: "unsupported Content-Type"},
		{name: "malformed content type", edit: header("Content-Type", "application/json; charset"), status: 415, contains: "malformed Content-Type"},
		{name: "json with charset", edit: header("Content-Type", "application/json; charset=utf-8"), status: 202, jobs: 1},
		{name: "json upper case", edit: header("Content-Type", "Application/JSON"), status: 202, jobs: 1},

		{name: "form-encoded", body: form, edit: header("Content-Type", "application/x-www-form-urlencoded"), status: 202, contains: "queued pr:", jobs: 1},
		{name: "form-encoded without payload", body: []byte("data=%7B%7D"), edit: header("Content-Type", "application/x-www-form-urlencoded"), status: 400, contains: "without a payload field"},
		{name: "form-encoded, JSON signed instead of the form", body: form, edit: func(r *http.Request, secret []byte) {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set(webhooks.SignatureHeader, webhookstest.Sign(secret, pr))
		}, status: 403, contains: "does not match"},
		{name: "form-encoded, malformed form", body: []byte("payload=%zz"), edit: header("Content-Type", "application/x-www-form-urlencoded"), status: 400, contains: "malformed form-encoded body"},
		{name: "form-encoded, malformed JSON", body: []byte("payload=%7B"), edit: header("Content-Type", "application/x-www-form-urlencoded"), status: 400, contains: "malformed JSON"},

		{name: "no signature", edit: header(webhooks.SignatureHeader, ""), status: 401, contains: "missing X-Hub-Signature-256"},
		{name: "SHA-1 signature only", edit: func(r *http.Request, secret []byte) {
			r.Header.Set(webhooks.SHA1SignatureHeader, "sha1="+strings.Repeat("0", 40))
			r.Header.Del(webhooks.SignatureHeader)
		}, status: 401, contains: "X-Hub-Signature-256 is required"},
		{name: "malformed signature", edit: header(webhooks.SignatureHeader, "sha256=xyz"), status: 401, contains: "malformed X-Hub-Signature-256"},
		{name: "wrong secret", edit: func(r *http.Request, _ []byte) {
			r.Header.Set(webhooks.SignatureHeader, webhookstest.Sign(newSecret(t), pr))
		}, status: 403, contains: "does not match the body"},

		{name: "no event header", edit: header(webhooks.EventHeader, ""), status: 400, contains: "missing X-GitHub-Event"},
		{name: "no delivery header", edit: header(webhooks.DeliveryHeader, ""), status: 400, contains: "missing X-GitHub-Delivery"},
		{name: "delivery with a colon", edit: header(webhooks.DeliveryHeader, "a:b"), status: 400, contains: "malformed X-GitHub-Delivery"},
		{name: "delivery too long", edit: header(webhooks.DeliveryHeader, strings.Repeat("a", 129)), status: 400, contains: "X-GitHub-Delivery header longer"},
		{name: "event in upper case", edit: header(webhooks.EventHeader, "Pull_Request"), status: 400, contains: "malformed X-GitHub-Event"},

		{name: "malformed JSON", body: []byte(`{"action":"opened",`), status: 400, contains: "malformed JSON"},
		{name: "malformed JSON, unhandled event", event: "star", body: []byte(`{"action":`), status: 400, contains: "malformed JSON"},
		{name: "JSON array", body: []byte(`[1,2]`), status: 400, contains: "does not match the event"},
		{name: "wrong field type", body: []byte(`{"action":"opened","number":"two"}`), status: 400, contains: "does not match the event"},
		{name: "empty body", body: []byte{}, status: 400, contains: "malformed JSON"},
		{name: "no installation", body: []byte(`{"action":"opened","number":1,"pull_request":{"head":{"sha":"` + strings.Repeat("a", 40) + `"}},"repository":{"full_name":"o/r"}}`),
			status: 400, contains: "no installation.id"},
		{name: "no head SHA", body: []byte(`{"action":"opened","number":1,"pull_request":{},"repository":{"full_name":"o/r"},"installation":{"id":1}}`),
			status: 400, contains: "no pull_request.head.sha"},
		{name: "head SHA not hex", body: []byte(`{"action":"opened","number":1,"pull_request":{"head":{"sha":"` + strings.Repeat("g", 40) + `"}},"repository":{"full_name":"o/r"},"installation":{"id":1}}`),
			status: 400, contains: "pull_request.head.sha is not a commit SHA"},
		{name: "sender login with a newline", body: webhooks.EditJSON(t, pr, map[string]any{"sender.login": "Codertocat\nforged"}),
			status: 400, contains: "pull_request payload: sender.login is not a GitHub login"},
		{name: "no sender", body: webhooks.EditJSON(t, pr, map[string]any{"sender": nil}), status: 202, jobs: 1},
		{name: "repository not owner/name", body: []byte(`{"action":"opened","number":1,"pull_request":{"head":{"sha":"` + strings.Repeat("a", 40) + `"}},"repository":{"full_name":"o/r:x"},"installation":{"id":1}}`),
			status: 400, contains: "repository.full_name is not owner/name"},

		{name: "ping", event: "ping", body: example(t, "ping"), status: 200, contains: "pong"},
		{name: "ping, form-encoded", event: "ping", body: []byte(url.Values{"payload": {string(example(t, "ping"))}}.Encode()),
			edit: header("Content-Type", "application/x-www-form-urlencoded"), status: 200, contains: "pong"},
		{name: "ping, malformed JSON", event: "ping", body: []byte(`{"zen":`), status: 400, contains: "malformed JSON"},
		{name: "unhandled event", event: "star", body: example(t, "star.created"), status: 202, contains: "ignored: event star is not handled"},
		{name: "unknown event", event: "brand_new_event", body: []byte(`{}`), status: 202, contains: "ignored"},
		{name: "unhandled action", body: example(t, "pull_request.closed"), status: 202, contains: `ignored: pull_request action "closed"`},
		{name: "push deleting a tag", event: "push", body: example(t, "push.deleted"), status: 202, contains: "ignored: push deletes a ref"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &webhookstest.Queue{}
			h, secret := newHandler(t, q)
			event, body := tt.event, tt.body
			if event == "" {
				event = "pull_request"
			}
			if body == nil {
				body = pr
			}
			r := webhookstest.NewRequest(secret, event, delivery, body)
			if tt.edit != nil {
				tt.edit(r, secret)
			}
			w := serve(h, r)
			got := w.Body.String()
			if w.Code != tt.status || !strings.Contains(got, tt.contains) {
				t.Errorf("answer %d %q, want %d containing %q", w.Code, got, tt.status, tt.contains)
			}
			if n := len(q.Jobs()); n != tt.jobs {
				t.Errorf("%d jobs queued, want %d", n, tt.jobs)
			}
			if tt.status == 405 && w.Header().Get("Allow") != "POST" {
				t.Errorf("405 without Allow: POST")
			}
			if strings.Contains(got, string(secret)) || strings.Contains(got, expectedDigits(secret, body)) {
				t.Errorf("answer %q shows the secret or the expected signature", got)
			}
		})
	}
}

func method(m string) func(*http.Request, []byte) {
	return func(r *http.Request, _ []byte) { r.Method = m }
}

func header(name, value string) func(*http.Request, []byte) {
	return func(r *http.Request, _ []byte) {
		if value == "" {
			r.Header.Del(name)
		} else {
			r.Header.Set(name, value)
		}
	}
}

// TestEnqueueFailure checks that a job the store could not take is
// answered 503, so GitHub marks the delivery failed, and that the store's
// error goes to Report, not to the response.
func TestEnqueueFailure(t *testing.T) {
	storeErr := errors.New("database is locked")
	tests := []struct {
		name    string
		queue   webhooks.EnqueuerFunc
		timeout time.Duration
		wantErr error
	}{
		{name: "error", queue: func(context.Context, webhooks.Job) (bool, error) { return false, storeErr }, wantErr: storeErr},
		{name: "timeout", timeout: 20 * time.Millisecond, wantErr: context.DeadlineExceeded, queue: func(ctx context.Context, _ webhooks.Job) (bool, error) {
			<-ctx.Done()
			return false, ctx.Err()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret := newSecret(t)
			var res webhooks.Result
			h, err := webhooks.NewHandler(webhooks.Config{
				Secret: secret, Queue: tt.queue, EnqueueTimeout: tt.timeout,
				Report: func(_ *http.Request, r webhooks.Result) { res = r },
			})
			if err != nil {
				t.Fatal(err)
			}
			w := serve(h, webhookstest.NewRequest(secret, "pull_request", delivery, example(t, "pull_request.opened")))
			if w.Code != http.StatusServiceUnavailable {
				t.Errorf("status %d, want 503", w.Code)
			}
			if strings.Contains(w.Body.String(), tt.wantErr.Error()) {
				t.Errorf("answer %q shows the store's error", w.Body.String())
			}
			if !errors.Is(res.Err, tt.wantErr) || res.Job == nil || res.Status != 503 {
				t.Errorf("reported %+v, want status 503, the job and error %v", res, tt.wantErr)
			}
		})
	}
}

// TestReport checks what the app gets to log: the delivery once it is
// verified, nothing from a request that is not.
func TestReport(t *testing.T) {
	secret := newSecret(t)
	var got []webhooks.Result
	h, err := webhooks.NewHandler(webhooks.Config{
		Secret: secret, Queue: &webhookstest.Queue{},
		Report: func(_ *http.Request, r webhooks.Result) { got = append(got, r) },
	})
	if err != nil {
		t.Fatal(err)
	}
	body := example(t, "pull_request.opened")
	forged := webhookstest.NewRequest(newSecret(t), "pull_request", "forged", body)
	serve(h, forged)
	serve(h, webhookstest.NewRequest(secret, "pull_request", delivery, body))
	serve(h, webhookstest.NewRequest(secret, "pull_request", delivery, body))

	if len(got) != 3 {
		t.Fatalf("%d reports, want 3", len(got))
	}
	if r := got[0]; r.Status != 403 || r.Delivery != "" || r.Event != "" || !errors.Is(r.Err, webhooks.ErrSignatureMismatch) {
		t.Errorf("forged request reported as %+v", r)
	}
	if r := got[1]; r.Status != 202 || r.Delivery != delivery || r.Event != "pull_request" || r.Action != "opened" || r.Job == nil || r.Duplicate || r.Err != nil {
		t.Errorf("first delivery reported as %+v", r)
	}
	if r := got[2]; r.Status != 202 || !r.Duplicate || r.Job == nil {
		t.Errorf("redelivery reported as %+v", r)
	}
}
