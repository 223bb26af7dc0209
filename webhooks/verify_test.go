package webhooks_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

func TestVerify(t *testing.T) {
	secret := newSecret(t)
	body := []byte(`{"zen":"Design for failure."}`)
	good := webhookstest.Sign(secret, body)
	digits := strings.TrimPrefix(good, "sha256=")
	sha1MAC := hmac.New(sha1.New, secret)
	sha1MAC.Write(body)

	tests := []struct {
		name   string
		secret []byte
		sig    string
		body   []byte
		want   error // nil, or the sentinel Verify must wrap
	}{
		{name: "valid", secret: secret, sig: good, body: body},
		{name: "valid, upper-case hex", secret: secret, sig: "sha256=" + strings.ToUpper(digits), body: body},
		{name: "empty body signed", secret: secret, sig: webhookstest.Sign(secret, nil), body: nil},
		{name: "wrong secret", secret: secret, sig: webhookstest.Sign(newSecret(t), body), body: body, want: webhooks.ErrSignatureMismatch},
		{name: "body altered after signing", secret: secret, sig: good, body: append([]byte{' '}, body...), want: webhooks.ErrSignatureMismatch},
		{name: "body truncated after signing", secret: secret, sig: good, body: body[:len(body)-1], want: webhooks.ErrSignatureMismatch},
		{name: "empty body, signature of another", secret: secret, sig: good, body: nil, want: webhooks.ErrSignatureMismatch},
		{name: "one digit changed", secret: secret, sig: good[:len(good)-1] + flipHex(good[len(good)-1]), body: body, want: webhooks.ErrSignatureMismatch},
		{name: "missing", secret: secret, sig: "", body: body, want: webhooks.ErrNoSignature},
		{name: "no prefix", secret: secret, sig: digits, body: body, want: webhooks.ErrMalformedSignature},
		{name: "sha1 prefix", secret: secret, sig: "sha1=" + hex.EncodeToString(sha1MAC.Sum(nil)), body: body, want: webhooks.ErrMalformedSignature},
		{name: "sha512 prefix", secret: secret, sig: "sha512=" + digits, body: body, want: webhooks.ErrMalformedSignature},
		{name: "upper-case prefix", secret: secret, sig: "SHA256=" + digits, body: body, want: webhooks.ErrMalformedSignature},
		{name: "space after prefix", secret: secret, sig: "sha256= " + digits, body: body, want: webhooks.ErrMalformedSignature},
		{name: "bad hex", secret: secret, sig: "sha256=" + strings.Repeat("zz", 32), body: body, want: webhooks.ErrMalformedSignature},
		{name: "too short", secret: secret, sig: good[:len(good)-2], body: body, want: webhooks.ErrMalformedSignature},
		{name: "too long", secret: secret, sig: good + "00", body: body, want: webhooks.ErrMalformedSignature},
		{name: "odd length", secret: secret, sig: good + "0", body: body, want: webhooks.ErrMalformedSignature},
		{name: "prefix only", secret: secret, sig: "sha256=", body: body, want: webhooks.ErrMalformedSignature},
		{name: "no secret", secret: nil, sig: good, body: body, want: webhooks.ErrNoSecret},
		{name: "whitespace secret", secret: []byte(" \n"), sig: webhookstest.Sign([]byte(" \n"), body), body: body, want: webhooks.ErrNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := webhooks.Verify(tt.secret, tt.sig, tt.body)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Verify = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			// The error names what is wrong, never the expected value.
			if want := expectedDigits(tt.secret, tt.body); strings.Contains(err.Error(), want) {
				t.Errorf("error %q shows the expected signature", err)
			}
			if len(tt.secret) > 0 && strings.Contains(err.Error(), string(tt.secret)) {
				t.Errorf("error %q shows the secret", err)
			}
		})
	}
}

func expectedDigits(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func flipHex(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

// TestSecretRedacted checks that a configuration printed or marshalled by
// mistake does not show the secret.
func TestSecretRedacted(t *testing.T) {
	raw := newSecret(t)
	c := webhooks.Config{Secret: raw}
	js, err := json.Marshal(struct{ S webhooks.Secret }{c.Secret})
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v":   fmt.Sprintf("%v", c),
		"%+v":  fmt.Sprintf("%+v", c),
		"%#v":  fmt.Sprintf("%#v", c),
		"%s":   fmt.Sprintf("%s", c.Secret),
		"%x":   fmt.Sprintf("%x", c.Secret),
		"%q":   fmt.Sprintf("%q", c.Secret),
		"%d":   fmt.Sprintf("%d", c.Secret),
		"json": string(js),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(out, string(raw)) || strings.Contains(out, hex.EncodeToString(raw)) || !strings.Contains(out, "[redacted]") {
				t.Errorf("printed as %q", out)
			}
		})
	}
}
