package worker

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/keyguard-dev/keyguard/app/ledger"
)

func TestParseCommand(t *testing.T) {
	fp := strings.Repeat("ab", 16)
	tests := []struct {
		body   string
		ok     bool
		state  ledger.State
		reason string
		fps    int
		err    string
	}{
		{body: "looks fine to me", ok: false},
		{body: "/keyguarded it", ok: false},
		{body: "/keyguard rotated", ok: true, state: ledger.Rotated},
		{body: "Thanks!\n  /KeyGuard Rotated  \nbye", ok: true, state: ledger.Rotated},
		{body: "/keyguard rotated " + fp, ok: true, state: ledger.Rotated, fps: 1},
		{body: "/keyguard ignore test fixture, never deployed", ok: true, state: ledger.Ignored, reason: "test fixture, never deployed"},
		{body: "/keyguard false-positive " + fp + " " + fp + " a hash", ok: true, state: ledger.FalsePositive, reason: "a hash", fps: 2},
		{body: "/keyguard fp sample data", ok: true, state: ledger.FalsePositive, reason: "sample data"},
		{body: "/keyguard ignore", ok: true, err: "say why"},
		{body: "/keyguard", ok: true, err: "say what happened"},
		{body: "/keyguard delete everything", ok: true, err: `not "delete"`},
	}
	for _, tt := range tests {
		c, ok, err := ParseCommand(tt.body)
		if ok != tt.ok {
			t.Errorf("%q: ok=%v", tt.body, ok)
			continue
		}
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.body, err, tt.err)
			}
			continue
		}
		if err != nil || c.State != tt.state || c.Reason != tt.reason || len(c.Fingerprints) != tt.fps {
			t.Errorf("%q: %+v, %v", tt.body, c, err)
		}
	}
	long, _, _ := ParseCommand("/keyguard ignore " + strings.Repeat("é", 400))
	if len(long.Reason) > maxReason+len("…") || !utf8.ValidString(long.Reason) {
		t.Errorf("a long reason is kept whole or cut inside a character: %d bytes", len(long.Reason))
	}
}

// FuzzParseCommand: any comment parses without panicking, and what it
// yields is a valid state with a bounded, valid reason.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/keyguard rotated", "/keyguard ignore why", "x\n/keyguard fp " + strings.Repeat("0", 32) + " y", "/keyguard\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		c, ok, err := ParseCommand(body)
		if !ok || err != nil {
			return
		}
		if !c.State.Valid() || c.State == ledger.Open {
			t.Fatalf("state %q", c.State)
		}
		if len(c.Reason) > maxReason+len("…") {
			t.Fatalf("reason of %d bytes", len(c.Reason))
		}
		if c.State != ledger.Rotated && c.Reason == "" {
			t.Fatal("ignore without a reason")
		}
	})
}
