package webhooks

// This file is in package webhooks, and what it declares is exported, so
// that the tests of both packages, webhooks and webhooks_test, can use it
// (as export_test.go files do).

import (
	"bytes"
	"encoding/json"
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
