// Package webhookstest helps test code that receives GitHub webhooks: an
// in-memory Enqueuer that de-duplicates as a real store must, and signed
// requests as GitHub sends them.
package webhookstest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/keyguard-dev/keyguard/webhooks"
)

// Queue is an in-memory webhooks.Enqueuer. It keeps the first job for each
// delivery GUID and each Key, as the app's store must, and reports later
// ones as duplicates. The zero value is ready to use; it is safe for
// concurrent use.
type Queue struct {
	mu         sync.Mutex
	jobs       []webhooks.Job
	deliveries map[string]bool
	keys       map[string]bool
}

// Enqueue stores j unless its delivery or key is already held.
func (q *Queue) Enqueue(ctx context.Context, j webhooks.Job) (duplicate bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deliveries[j.Delivery] || q.keys[j.Key] {
		return true, nil
	}
	if q.deliveries == nil {
		q.deliveries, q.keys = map[string]bool{}, map[string]bool{}
	}
	q.deliveries[j.Delivery], q.keys[j.Key] = true, true
	q.jobs = append(q.jobs, j)
	return false, nil
}

// Jobs returns the jobs stored so far, in order.
func (q *Queue) Jobs() []webhooks.Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]webhooks.Job(nil), q.jobs...)
}

// Sign returns the X-Hub-Signature-256 value GitHub would send for body.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// NewRequest returns a POST /webhook request carrying body as GitHub sends
// a JSON delivery: event and delivery headers, signed with secret.
func NewRequest(secret []byte, event, delivery string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("User-Agent", "GitHub-Hookshot/keyguard-test")
	r.Header.Set(webhooks.EventHeader, event)
	r.Header.Set(webhooks.DeliveryHeader, delivery)
	r.Header.Set(webhooks.SignatureHeader, Sign(secret, body))
	return r
}
