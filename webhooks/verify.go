package webhooks

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Header names GitHub sends with each delivery. Go canonicalises header
// names, so these match however a proxy spells them.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the raw
	// body under the webhook secret.
	SignatureHeader = "X-Hub-Signature-256"
	// SHA1SignatureHeader is the legacy HMAC-SHA1 signature. It is never
	// accepted; it only lets the handler say why a request was refused.
	SHA1SignatureHeader = "X-Hub-Signature"
	// EventHeader names the event: "pull_request", "push", "ping", ...
	EventHeader = "X-GitHub-Event"
	// DeliveryHeader is the delivery's GUID. A redelivery keeps it.
	DeliveryHeader = "X-GitHub-Delivery"
)

// signaturePrefix is the only algorithm accepted. GitHub writes it in lower
// case; anything else is malformed, so there is one spelling to compare.
const signaturePrefix = "sha256="

var (
	// ErrNoSecret means no webhook secret was configured (or only
	// whitespace). Signature checks never pass without one.
	ErrNoSecret = errors.New("webhooks: no webhook secret configured")
	// ErrNoSignature means the request has no X-Hub-Signature-256 header.
	ErrNoSignature = errors.New("webhooks: missing " + SignatureHeader + " header")
	// ErrSHA1Signature means the request is signed with HMAC-SHA1 only
	// (X-Hub-Signature), which is not accepted.
	ErrSHA1Signature = errors.New("webhooks: only an " + SHA1SignatureHeader + " (HMAC-SHA1) header; " + SignatureHeader + " is required")
	// ErrMalformedSignature means the header is not "sha256=" followed by
	// 64 hexadecimal digits.
	ErrMalformedSignature = errors.New("webhooks: malformed " + SignatureHeader + " header")
	// ErrSignatureMismatch means the signature is well formed but is not the
	// body's HMAC under the configured secret.
	ErrSignatureMismatch = errors.New("webhooks: " + SignatureHeader + " does not match the body")
)

// Secret is a webhook secret. It prints, formats and marshals as
// "[redacted]", so a configuration logged by mistake does not leak it.
type Secret []byte

const redacted = "[redacted]"

// String returns "[redacted]".
func (Secret) String() string { return redacted }

// GoString returns "[redacted]", for %#v.
func (Secret) GoString() string { return redacted }

// Format writes "[redacted]" whatever the verb (%x and %d included).
func (Secret) Format(f fmt.State, _ rune) { io.WriteString(f, redacted) }

// MarshalJSON writes the string "[redacted]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText writes "[redacted]".
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// usable reports whether the secret can sign anything: an empty secret, or
// one of only whitespace (an unset variable, a blank line from a secrets
// file), cannot.
func (s Secret) usable() bool { return len(bytes.TrimSpace(s)) > 0 }

// Verify checks that signature, the value of an X-Hub-Signature-256 header,
// is "sha256=" followed by the hex HMAC-SHA256 of body under secret. It
// compares in constant time and fails closed: without a secret it returns
// ErrNoSecret, whatever the signature. Errors name what was wrong with the
// header, never the expected value.
//
// GitHub docs: https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries
func Verify(secret Secret, signature string, body []byte) error {
	if !secret.usable() {
		return ErrNoSecret
	}
	if signature == "" {
		return ErrNoSignature
	}
	digits, ok := strings.CutPrefix(signature, signaturePrefix)
	if !ok {
		return fmt.Errorf("%w: it must start with %q", ErrMalformedSignature, signaturePrefix)
	}
	if len(digits) != hex.EncodedLen(sha256.Size) {
		return fmt.Errorf("%w: want %d hexadecimal digits after %q, got %d characters",
			ErrMalformedSignature, hex.EncodedLen(sha256.Size), signaturePrefix, len(digits))
	}
	var got [sha256.Size]byte
	if _, err := hex.Decode(got[:], []byte(digits)); err != nil {
		return fmt.Errorf("%w: the digest is not hexadecimal", ErrMalformedSignature)
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	if !hmac.Equal(got[:], mac.Sum(nil)) {
		return ErrSignatureMismatch
	}
	return nil
}
