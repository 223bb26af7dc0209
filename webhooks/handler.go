package webhooks

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"time"
)

const (
	// MaxBody is the default cap on a delivery's body: GitHub caps payloads
	// at 25 MB. Read as MiB, the larger reading, so no real delivery is
	// refused.
	MaxBody = 25 << 20
	// DefaultEnqueueTimeout bounds one Enqueue call. GitHub gives up on a
	// delivery after 10 seconds; answering 503 before that lets it record
	// the failure and the delivery be redelivered.
	DefaultEnqueueTimeout = 5 * time.Second
)

// Limits on the identifying headers: GitHub's delivery IDs are GUIDs and its
// event names short snake_case words. Anything longer or stranger is not
// GitHub, and would end up in keys and logs.
const (
	maxDeliveryLen = 128
	maxEventLen    = 64
)

// Config configures a Handler. Secret and Queue are required.
type Config struct {
	// Secret is the App's webhook secret. NewHandler refuses an empty one
	// (or one of only whitespace): there is no unsigned mode.
	Secret Secret
	// Queue persists each job before the handler answers.
	Queue Enqueuer
	// MaxBody caps the request body in bytes; zero means MaxBody.
	MaxBody int64
	// EnqueueTimeout bounds each Enqueue call; zero means
	// DefaultEnqueueTimeout.
	EnqueueTimeout time.Duration
	// Report, if set, is called once per request, after the answer is
	// written, with what happened: this is where the app logs. It runs on
	// the request's goroutine and should not block.
	Report func(*http.Request, Result)
}

// Result is how the handler answered one request, for Config.Report.
type Result struct {
	// Status is the HTTP status code sent.
	Status int
	// Message is the response body sent (without the final newline).
	Message string
	// Delivery, Event and Action are set once the signature has been
	// verified and the headers are well formed; before that they are not
	// trusted, and left empty.
	Delivery, Event, Action string
	// Job is the job handed to the queue (nil if none was).
	Job *Job
	// Duplicate is true when the queue already held the delivery or the
	// job's Key.
	Duplicate bool
	// Err says why the request was refused or could not be queued; nil
	// for 2xx answers. It wraps the Enqueuer's error on 503 (which the
	// response body does not show). It never holds the secret.
	Err error
	// Partial is set when go-github's types refused part of a payload that
	// is valid JSON (a timestamp in a shape they do not know, say) and the
	// job was built from the fields it needs alone. The job is right, but
	// Job.Parse will return this error; worth a warning in the logs.
	Partial error
}

// Handler receives GitHub's webhook deliveries; mount it at POST /webhook.
// Build it with NewHandler; it is safe for concurrent use.
//
// Answers: 200 for ping; 202 for a job queued, a duplicate, or a delivery
// that asks for no work; 400 for a malformed request or payload; 401 for a
// missing or unusable signature; 403 for a wrong one; 405 for a method
// other than POST; 413 for a body over the cap; 415 for a content type
// other than JSON or a form; 503 when the queue fails.
type Handler struct {
	secret  Secret
	queue   Enqueuer
	maxBody int64
	timeout time.Duration
	report  func(*http.Request, Result)
}

// NewHandler checks the configuration and returns a Handler. Without a
// secret it returns ErrNoSecret: a server that cannot verify deliveries
// must refuse to start.
func NewHandler(c Config) (*Handler, error) {
	if !c.Secret.usable() {
		return nil, ErrNoSecret
	}
	if c.Queue == nil {
		return nil, errors.New("webhooks: no queue configured")
	}
	if c.MaxBody < 0 || c.EnqueueTimeout < 0 {
		return nil, errors.New("webhooks: negative MaxBody or EnqueueTimeout")
	}
	h := &Handler{
		secret:  bytes.Clone(c.Secret),
		queue:   c.Queue,
		maxBody: cmp.Or(c.MaxBody, MaxBody),
		timeout: cmp.Or(c.EnqueueTimeout, DefaultEnqueueTimeout),
		report:  c.Report,
	}
	return h, nil
}

// ServeHTTP answers one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	res := h.serve(w, r)
	if res.Status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(res.Status)
	fmt.Fprintln(w, res.Message)
	if h.report != nil {
		h.report(r, res)
	}
}

// refuse builds a Result for a request that is not processed further.
func refuse(status int, err error) Result {
	return Result{Status: status, Message: err.Error(), Err: err}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) Result {
	if r.Method != http.MethodPost {
		return refuse(http.StatusMethodNotAllowed, fmt.Errorf("webhooks: method %s not allowed; deliveries are POST", r.Method))
	}
	form, err := formEncoded(r.Header.Get("Content-Type"))
	if err != nil {
		return refuse(http.StatusUnsupportedMediaType, err)
	}
	if r.ContentLength > h.maxBody {
		return refuse(http.StatusRequestEntityTooLarge, h.tooLarge())
	}
	// Refuse an unsigned request before reading its body.
	sig := r.Header.Get(SignatureHeader)
	if sig == "" {
		if r.Header.Get(SHA1SignatureHeader) != "" {
			return refuse(http.StatusUnauthorized, ErrSHA1Signature)
		}
		return refuse(http.StatusUnauthorized, ErrNoSignature)
	}
	body, err := h.readBody(w, r)
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return refuse(http.StatusRequestEntityTooLarge, h.tooLarge())
		}
		return refuse(http.StatusBadRequest, fmt.Errorf("webhooks: reading the body: %w", err))
	}
	if err := Verify(h.secret, sig, body); err != nil {
		if errors.Is(err, ErrSignatureMismatch) {
			return refuse(http.StatusForbidden, err)
		}
		return refuse(http.StatusUnauthorized, err)
	}

	// The request is GitHub's from here on.
	event, delivery := r.Header.Get(EventHeader), r.Header.Get(DeliveryHeader)
	if err := checkHeader(EventHeader, event, maxEventLen, isEventByte); err != nil {
		return refuse(http.StatusBadRequest, err)
	}
	if err := checkHeader(DeliveryHeader, delivery, maxDeliveryLen, isDeliveryByte); err != nil {
		return refuse(http.StatusBadRequest, err)
	}
	res := Result{Delivery: delivery, Event: event}
	payload := body
	if form {
		// GitHub signs the form body; the JSON is its payload field.
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return res.fail(http.StatusBadRequest, errors.New("webhooks: malformed form-encoded body"))
		}
		if !vals.Has("payload") {
			return res.fail(http.StatusBadRequest, errors.New("webhooks: form-encoded body without a payload field"))
		}
		payload = []byte(vals.Get("payload"))
	}
	if event == "ping" {
		if !json.Valid(payload) {
			return res.fail(http.StatusBadRequest, fmt.Errorf("webhooks: %w", errMalformedJSON))
		}
		res.Status, res.Message = http.StatusOK, "pong"
		return res
	}

	job, skip, partial, err := newJob(event, delivery, payload)
	res.Partial = partial
	if err != nil {
		return res.fail(http.StatusBadRequest, fmt.Errorf("webhooks: %w", err))
	}
	if job == nil {
		res.Status, res.Message = http.StatusAccepted, "ignored: "+skip
		return res
	}
	res.Action, res.Job = job.Action, job

	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	dup, err := h.queue.Enqueue(ctx, *job)
	if err != nil {
		res.Status, res.Message = http.StatusServiceUnavailable, "could not queue the delivery; redeliver it later"
		res.Err = fmt.Errorf("webhooks: enqueue %s: %w", job.Key, err)
		return res
	}
	res.Status, res.Duplicate = http.StatusAccepted, dup
	if dup {
		res.Message = "duplicate: already queued " + job.Key
	} else {
		res.Message = "queued " + job.Key
	}
	return res
}

func (res Result) fail(status int, err error) Result {
	res.Status, res.Message, res.Err = status, err.Error(), err
	return res
}

func (h *Handler) tooLarge() error {
	return fmt.Errorf("webhooks: body larger than %d bytes", h.maxBody)
}

// readBody reads the whole body, at most h.maxBody bytes, in one
// allocation when the length is announced.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, h.maxBody)
	defer rd.Close()
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(rd)
	return buf.Bytes(), err
}

// formEncoded checks the content type: JSON (false) or a form whose payload
// field holds the JSON (true), as a webhook set to
// application/x-www-form-urlencoded sends.
func formEncoded(contentType string) (bool, error) {
	if contentType == "" {
		return false, errors.New("webhooks: no Content-Type; want application/json or application/x-www-form-urlencoded")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	switch {
	case err != nil:
		return false, errors.New("webhooks: malformed Content-Type")
	case mt == "application/json":
		return false, nil
	case mt == "application/x-www-form-urlencoded":
		return true, nil
	}
	return false, fmt.Errorf("webhooks: unsupported Content-Type %q; want application/json or application/x-www-form-urlencoded", mt)
}

func checkHeader(name, v string, maxLen int, ok func(byte) bool) error {
	if v == "" {
		return fmt.Errorf("webhooks: missing %s header", name)
	}
	if len(v) > maxLen {
		return fmt.Errorf("webhooks: %s header longer than %d bytes", name, maxLen)
	}
	for i := 0; i < len(v); i++ {
		if !ok(v[i]) {
			return fmt.Errorf("webhooks: malformed %s header", name)
		}
	}
	return nil
}

// isEventByte accepts the characters of GitHub's event names (snake_case).
func isEventByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' }

// isDeliveryByte accepts letters, digits, '-', '_' and '.': GUIDs and any
// plain identifier, nothing that could split a key or a log line.
func isDeliveryByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
}
