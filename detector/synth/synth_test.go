package synth

import (
	"regexp"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/internal/checksum"
)

func TestExpand(t *testing.T) {
	tests := []struct {
		tmpl string
		want string // regexp the expansion must match in full
	}{
		{"k={{an:10}}", `k=[A-Za-z0-9]{10}`},
		{"{{hex:8}}-{{HEX:4}}", `[0-9a-f]{8}-[0-9A-F]{4}`},
		{"{{dig:5}}{{low:3}}{{up:2}}", `[0-9]{5}[a-z]{3}[A-Z]{2}`},
		{"{{b64:12}}|{{b64u:12}}|{{b32:8}}", `[A-Za-z0-9+/]{12}\|[A-Za-z0-9_-]{12}\|[A-Z2-7]{8}`},
		{"{{uuid}} {{UUID}}", `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12} [0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-A[0-9A-F]{3}-[0-9A-F]{12}`},
		{"{{jwt}}", `eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}`},
		{"{{b64of:user:pass}}", `dXNlcjpwYXNz`},
		{"{{bech32:6}}{{BECH32:6}}", `[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{6}[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{6}`},
		{"no placeholders", `no placeholders`},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			got := New(1).Expand(tt.tmpl)
			if !regexp.MustCompile(`^` + tt.want + `$`).MatchString(got) {
				t.Errorf("Expand(%q) = %q, want /%s/", tt.tmpl, got, tt.want)
			}
		})
	}
}

func TestChecksums(t *testing.T) {
	g := New(7)
	for i := 0; i < 100; i++ {
		good := g.GitHubToken("ghp_")
		if !checksum.ValidCRC32Base62([]byte(good[4:])) {
			t.Fatalf("GitHubToken %d has an invalid checksum", i)
		}
		bad := g.Expand("{{badcrc:30}}")
		if checksum.ValidCRC32Base62([]byte(bad)) {
			t.Fatalf("badcrc %d has a valid checksum", i)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := New(42).Expand("{{an:40}}"), New(42).Expand("{{an:40}}")
	if a != b {
		t.Error("same seed gave different output")
	}
}

func TestPEM(t *testing.T) {
	p := New(3).Expand("{{pem:RSA PRIVATE KEY}}")
	if !strings.HasPrefix(p, "-----BEGIN RSA PRIVATE KEY-----\nMII") || !strings.HasSuffix(p, "-----END RSA PRIVATE KEY-----") {
		t.Errorf("unexpected PEM: %.80q", p)
	}
}

func TestUnknownPlaceholderPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on an unknown placeholder")
		}
	}()
	New(1).Expand("{{nope:3}}")
}
