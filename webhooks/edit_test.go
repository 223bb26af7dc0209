package webhooks

// This file is in package webhooks, and what it declares is exported, so
// that the tests of both packages, webhooks and webhooks_test, can use it
// (as export_test.go files do).

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EditJSON returns payload with the value at each dotted path of set
// ("comment.body") replaced, or removed when the value is nil; use
// json.RawMessage("null") for a JSON null. It decodes and re-encodes the
// whole payload, so the keys come out sorted; numbers stay as written.
func EditJSON(t testing.TB, payload []byte, set map[string]any) []byte {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	var p map[string]any
	if err := d.Decode(&p); err != nil {
		t.Fatalf("EditJSON: %v", err)
	}
	for path, v := range set {
		keys := strings.Split(path, ".")
		m := p
		for _, k := range keys[:len(keys)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				t.Fatalf("EditJSON: %s: no object at %s", path, k)
			}
			m = next
		}
		if last := keys[len(keys)-1]; v == nil {
			delete(m, last)
		} else {
			m[last] = v
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep "<!-- keyguard:" readable in failures
	if err := enc.Encode(p); err != nil {
		t.Fatalf("EditJSON: %v", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Variant is an example payload edited into a delivery that becomes a job,
// which none of the published comment and issues examples does.
type Variant struct {
	Name, Event string
	Payload     []byte
}

// PRLinks is issue.pull_request as GitHub sends it for a comment on pull
// request 1 of Codertocat/Hello-World: its presence is what says "pull
// request".
var PRLinks = map[string]any{
	"url":       "https://api.github.com/repos/Codertocat/Hello-World/pulls/1",
	"html_url":  "https://github.com/Codertocat/Hello-World/pull/1",
	"diff_url":  "https://github.com/Codertocat/Hello-World/pull/1.diff",
	"patch_url": "https://github.com/Codertocat/Hello-World/pull/1.patch",
	"merged_at": nil,
}

// RotationBody is a rotation issue's body, marker included.
const RotationBody = "A secret leaked in abc1234: rotate it, then close this issue.\n\n<!-- keyguard:fingerprint=f00d -->"

// Variants returns the examples edited into jobs: comment commands on a
// pull request, on an issue and in a review thread, and a rotation issue
// closed and reopened.
func Variants(t testing.TB) []Variant {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	comment, review, issue := read("issue_comment.created"), read("pull_request_review_comment.created"), read("issues.reopened")
	return []Variant{
		{"issue_comment on a pull request", "issue_comment", EditJSON(t, comment, map[string]any{
			"comment.body": "/keyguard rotated", "issue.pull_request": PRLinks,
		})},
		{"issue_comment on an issue", "issue_comment", EditJSON(t, comment, map[string]any{
			"comment.body": "Test data.\r\n/keyguard false-positive fixture\r\n", "issue.body": RotationBody,
		})},
		{"pull_request_review_comment reply", "pull_request_review_comment", EditJSON(t, review, map[string]any{
			"comment.body": "/keyguard ignore revoked already", "comment.in_reply_to_id": 284312629,
		})},
		{"issues closed", "issues", EditJSON(t, issue, map[string]any{
			"action": "closed", "issue.body": RotationBody, "issue.state": "closed",
		})},
		{"issues reopened", "issues", EditJSON(t, issue, map[string]any{"issue.body": RotationBody})},
	}
}
