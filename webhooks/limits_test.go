package webhooks_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

// paddedPush returns a reader of the push example followed by JSON
// whitespace, size bytes in all (still valid JSON), and its signature,
// computed by streaming so the test holds no second copy.
func paddedPush(t *testing.T, secret []byte, size int64) (func() io.Reader, string) {
	t.Helper()
	push := bytes.TrimSpace(example(t, "push"))
	body := func() io.Reader {
		return io.MultiReader(bytes.NewReader(push), io.LimitReader(spaces{}, size-int64(len(push))))
	}
	mac := hmac.New(sha256.New, secret)
	if n, err := io.Copy(mac, body()); err != nil || n != size {
		t.Fatalf("padded body: %d bytes, %v", n, err)
	}
	return body, "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// spaces reads as an endless run of ' '.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// unread fails the test if the handler reads a body it should have refused
// from its headers alone.
type unread struct{ t *testing.T }

func (u unread) Read([]byte) (int, error) {
	u.t.Error("body read")
	return 0, io.EOF
}

func TestBodyLimit(t *testing.T) {
	tests := []struct {
		name          string
		size          int64
		contentLength bool // announce the length; otherwise stream it chunked
		status        int
	}{
		{name: "at the limit, announced", size: webhooks.MaxBody, contentLength: true, status: 202},
		{name: "at the limit, streamed", size: webhooks.MaxBody, status: 202},
		{name: "one byte over, streamed", size: webhooks.MaxBody + 1, status: 413},
		{name: "far over, streamed", size: 3 * webhooks.MaxBody, status: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &webhookstest.Queue{}
			h, secret := newHandler(t, q)
			body, sig := paddedPush(t, secret, tt.size)
			r := webhookstest.NewRequest(secret, "push", delivery, nil)
			r.Body = io.NopCloser(body())
			r.ContentLength = -1
			if tt.contentLength {
				r.ContentLength = tt.size
			}
			r.Header.Set(webhooks.SignatureHeader, sig)
			w := serve(h, r)
			if w.Code != tt.status {
				t.Fatalf("status %d %q, want %d", w.Code, w.Body, tt.status)
			}
			if tt.status == 413 && !strings.Contains(w.Body.String(), "body larger than 26214400 bytes") {
				t.Errorf("413 says %q", w.Body)
			}
			if wantJobs := map[bool]int{true: 1}[tt.status == 202]; len(q.Jobs()) != wantJobs {
				t.Errorf("%d jobs, want %d", len(q.Jobs()), wantJobs)
			}
		})
	}

	t.Run("one byte over, announced: refused unread", func(t *testing.T) {
		h, secret := newHandler(t, &webhookstest.Queue{})
		r := webhookstest.NewRequest(secret, "push", delivery, nil)
		r.Body = io.NopCloser(unread{t})
		r.ContentLength = webhooks.MaxBody + 1
		if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", w.Code)
		}
	})
	t.Run("unsigned: refused unread", func(t *testing.T) {
		h, secret := newHandler(t, &webhookstest.Queue{})
		r := webhookstest.NewRequest(secret, "push", delivery, nil)
		r.Header.Del(webhooks.SignatureHeader)
		r.Body = io.NopCloser(unread{t})
		if w := serve(h, r); w.Code != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", w.Code)
		}
	})
	t.Run("configured limit", func(t *testing.T) {
		secret := newSecret(t)
		h, err := webhooks.NewHandler(webhooks.Config{Secret: secret, Queue: &webhookstest.Queue{}, MaxBody: 1024})
		if err != nil {
			t.Fatal(err)
		}
		body := example(t, "push") // 7 KB
		if w := serve(h, webhookstest.NewRequest(secret, "push", delivery, body)); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", w.Code)
		}
	})
}
