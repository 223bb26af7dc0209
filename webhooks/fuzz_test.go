package webhooks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

// FuzzVerify checks that signature checking never panics, never accepts a
// signature that is not the body's HMAC under the secret, and never shows
// the expected value in an error.
func FuzzVerify(f *testing.F) {
	secret := newSecret(f)
	body := []byte(`{"zen":"Keep it logically awesome."}`)
	good := webhookstest.Sign(secret, body)
	f.Add(secret, good, body)
	f.Add(secret, good, []byte{})
	f.Add(secret, "sha1="+strings.Repeat("0", 40), body)
	f.Add(secret, strings.ToUpper(good), body)
	f.Add([]byte{}, good, body)
	f.Add([]byte(" "), webhookstest.Sign([]byte(" "), body), body)
	f.Add(secret, "sha256="+strings.Repeat("g", 64), body)
	f.Fuzz(func(t *testing.T, secret []byte, sig string, body []byte) {
		err := webhooks.Verify(secret, sig, body)
		want := "sha256=" + expectedDigits(secret, body)
		usable := len(bytes.TrimSpace(secret)) > 0
		if err == nil {
			if !usable {
				t.Fatalf("accepted with an unusable secret %q", secret)
			}
			if !strings.HasPrefix(sig, "sha256=") || !strings.EqualFold(sig, want) {
				t.Fatalf("accepted signature %q, want %q", sig, want)
			}
		} else if strings.Contains(err.Error(), want[len("sha256="):]) {
			t.Fatalf("error %q shows the expected digest", err)
		}
		if !usable {
			return
		}
		if err := webhooks.Verify(secret, want, body); err != nil {
			t.Fatalf("refused the right signature: %v", err)
		}
		if webhooks.Verify(secret, want, append(bytes.Clone(body), 'x')) == nil {
			t.Fatal("accepted the signature of a shorter body")
		}
		// A secret one byte longer (not a zero byte, which HMAC's key
		// padding would make equivalent) signs differently.
		if webhooks.Verify(secret, webhookstest.Sign(append(bytes.Clone(secret), 'x'), body), body) == nil {
			t.Fatal("accepted a signature made with another secret")
		}
	})
}

// FuzzHandle sends arbitrary requests, most of them validly signed so the
// payload parsing is reached: the handler never panics, never answers 5xx
// (its queue never fails here), accepts only validly signed POSTs, and
// every job it queues is complete.
func FuzzHandle(f *testing.F) {
	secret := newSecret(f)
	const (
		unsigned = iota
		signed
		sha1Only
		given // the sig argument as the header
	)
	for _, name := range examples(f) {
		f.Add("POST", "application/json", eventOf(name), delivery, example(f, name), uint8(signed), "")
	}
	// The comment and issues examples only reach the skips; these reach
	// their jobs.
	for _, v := range webhooks.Variants(f) {
		f.Add("POST", "application/json", v.Event, delivery, v.Payload, uint8(signed), "")
	}
	pr := example(f, "pull_request.opened")
	f.Add("POST", "application/x-www-form-urlencoded", "pull_request", delivery, []byte(url.Values{"payload": {string(pr)}}.Encode()), uint8(signed), "")
	f.Add("POST", "application/json", "pull_request", delivery, pr, uint8(unsigned), "")
	f.Add("POST", "application/json", "pull_request", delivery, pr, uint8(sha1Only), "")
	f.Add("POST", "application/json", "pull_request", delivery, pr, uint8(given), "sha256=00")
	f.Add("GET", "text/plain", "", "", []byte{}, uint8(signed), "")
	f.Add("POST", "application/json", "pull_request", delivery, []byte(`{"action":"opened","number":1,"pull_request":{"head":{"sha":"`+strings.Repeat("a", 40)+`"}},"repository":{"full_name":"o/r"},"installation":{"id":1}}`), uint8(signed), "")

	f.Fuzz(func(t *testing.T, method, contentType, event, deliveryID string, body []byte, mode uint8, sig string) {
		var res webhooks.Result
		h, err := webhooks.NewHandler(webhooks.Config{
			Secret: secret, Queue: &webhookstest.Queue{},
			Report: func(_ *http.Request, r webhooks.Result) { res = r },
		})
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
		r.Method = method
		r.Header.Set("Content-Type", contentType)
		r.Header.Set(webhooks.EventHeader, event)
		r.Header.Set(webhooks.DeliveryHeader, deliveryID)
		switch mode % 4 {
		case signed:
			r.Header.Set(webhooks.SignatureHeader, webhookstest.Sign(secret, body))
		case sha1Only:
			r.Header.Set(webhooks.SHA1SignatureHeader, "sha1="+strings.Repeat("0", 40))
		case given:
			r.Header.Set(webhooks.SignatureHeader, sig)
		}
		w := serve(h, r)

		if w.Code >= 500 {
			t.Fatalf("status %d %q", w.Code, w.Body)
		}
		if res.Status != w.Code {
			t.Fatalf("reported status %d, answered %d", res.Status, w.Code)
		}
		if w.Code < 300 {
			validSig := webhooks.Verify(secret, r.Header.Get(webhooks.SignatureHeader), body) == nil
			if method != http.MethodPost || !validSig {
				t.Fatalf("answered %d to method %q with a signature valid: %v", w.Code, method, validSig)
			}
		}
		if strings.Contains(w.Body.String(), string(secret)) {
			t.Fatal("answer shows the secret")
		}
		if j := res.Job; j != nil {
			if j.Key == "" || j.InstallationID <= 0 || j.Delivery != deliveryID || j.Event != event || !json.Valid(j.Payload) {
				t.Fatalf("incomplete job %+v", j)
			}
			switch j.Event {
			case "installation", "installation_repositories":
			case "issue_comment", "pull_request_review_comment":
				if j.Repo == "" || j.Issue <= 0 || j.CommentID <= 0 || j.Sender == "" {
					t.Fatalf("comment job without repository, issue, comment or sender: %+v", j)
				}
			case "issues":
				if j.Repo == "" || j.Issue <= 0 || j.Sender == "" {
					t.Fatalf("issues job without repository, issue or sender: %+v", j)
				}
			default:
				if j.Repo == "" || j.HeadSHA == "" {
					t.Fatalf("job without repository or head: %+v", j)
				}
			}
			if strings.IndexFunc(j.Key+j.Sender, unicode.IsControl) >= 0 {
				t.Fatalf("control character in key or sender: %+v", j)
			}
		}
	})
}
