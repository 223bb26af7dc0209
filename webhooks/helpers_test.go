package webhooks_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/webhooks"
)

// newSecret returns a webhook secret made at run time, so none is written
// in the repository.
func newSecret(t testing.TB) []byte {
	t.Helper()
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return []byte(hex.EncodeToString(b))
}

// newHandler returns a handler over q (a fresh Queue if nil), its secret
// and the queue.
func newHandler(t testing.TB, q webhooks.Enqueuer) (*webhooks.Handler, []byte) {
	t.Helper()
	secret := newSecret(t)
	h, err := webhooks.NewHandler(webhooks.Config{Secret: secret, Queue: q})
	if err != nil {
		t.Fatal(err)
	}
	return h, secret
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// example reads testdata/NAME.json, a payload from @octokit/webhooks-examples.
func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// examples lists the testdata payloads by name ("push", "pull_request.opened").
func examples(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example payloads: %v", err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	return names
}

// eventOf returns the X-GitHub-Event for an example name.
func eventOf(name string) string {
	event, _, _ := strings.Cut(name, ".")
	return event
}

const delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
