package fakegithub

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// maxBody caps request bodies as GitHub does (about 25 MB).
const maxBody = 25 << 20

// docsURL is the documentation_url GitHub puts in most errors.
const docsURL = "https://docs.github.com/rest"

// Server is a fake GitHub REST API. It is safe for concurrent use.
type Server struct {
	opts Options
	spec *apiSpec
	ts   *httptest.Server

	mu             sync.Mutex
	nextID         int64
	requestSeq     int64
	apps           map[int64]*App
	installs       map[int64]*Installation
	tokens         map[string]*token
	buckets        map[string]*bucket
	repos          map[string]*repoState // by lower-case full name
	users          map[string]int64      // login to user ID
	checkRuns      map[int64]*CheckRun
	patches        map[[2]string]patch // by old and new blob SHA
	lastCommitTime time.Time
	requests       []Request
	unexpected     []Request
	invalid        []Invalid
	faults         []*faultRule
	revoked        []string // credentials sent to POST /credentials/revoke
	revokeRequests int
}

// New starts a fake GitHub on a loopback port. Close it when done.
func New(opts Options) *Server {
	s := NewUnstarted(opts)
	s.Start()
	return s
}

// NewUnstarted returns a fake GitHub that is not listening yet: use it as
// an http.Handler, or call Start.
func NewUnstarted(opts Options) *Server {
	sp, err := loadSpec()
	if err != nil {
		panic(err)
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 5000
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = 1
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = time.Hour
	}
	return &Server{
		opts:           opts,
		spec:           sp,
		nextID:         1000,
		apps:           map[int64]*App{},
		installs:       map[int64]*Installation{},
		tokens:         map[string]*token{},
		buckets:        map[string]*bucket{},
		repos:          map[string]*repoState{},
		users:          map[string]int64{},
		checkRuns:      map[int64]*CheckRun{},
		patches:        map[[2]string]patch{},
		lastCommitTime: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

// Start listens on a loopback port.
func (s *Server) Start() {
	s.ts = httptest.NewServer(s)
}

// URL is the server's base URL, such as "http://127.0.0.1:41234". Give it
// to go-github as a base URL, or to WithEnterpriseURLs, which adds
// "/api/v3/"; the fake serves both.
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Client returns an HTTP client for the server (no authentication).
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Requests lists every request answered, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Unexpected lists requests for endpoints the fake does not model. Each
// got GitHub's 404; a test should treat any of them as a failure.
func (s *Server) Unexpected() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.unexpected...)
}

// Invalid lists requests that broke GitHub's REST description (each got
// the 400, 404 or 422 GitHub would send) and responses of the fake's that
// did (a bug in the fake).
func (s *Server) Invalid() []Invalid {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Invalid(nil), s.invalid...)
}

// Count returns how many requests matched method (any when "") and route,
// an OpenAPI path template such as "/repos/{owner}/{repo}/pulls/{pull_number}/files"
// (any when "").
func (s *Server) Count(method, route string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || strings.EqualFold(method, r.Method)) && (route == "" || route == r.Route) {
			n++
		}
	}
	return n
}

// TB is the part of testing.TB that Check needs.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// Check reports, as test errors, every unexpected endpoint called and
// every request or response that broke GitHub's description.
func (s *Server) Check(t TB) {
	t.Helper()
	for _, r := range s.Unexpected() {
		t.Errorf("fakegithub: unexpected %s %s (not an endpoint the fake models)", r.Method, r.Path)
	}
	for _, inv := range s.Invalid() {
		what := "request"
		if inv.Response {
			what = "response"
		}
		t.Errorf("fakegithub: invalid %s for %s %s (%d): %s", what, inv.Method, inv.Path, inv.Status, inv.Reason)
	}
}

// response is what a handler answers, buffered so the server can add
// headers, answer 304 and check it against the description.
type response struct {
	status int
	header http.Header
	body   []byte
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	prefix := ""
	if path == "/api/v3" || strings.HasPrefix(path, "/api/v3/") {
		prefix = "/api/v3"
		path = strings.TrimPrefix(path, prefix)
	}
	unescaped, err := url.PathUnescape(path)
	if err != nil {
		unescaped = path
	}
	rec := Request{Method: r.Method, Path: unescaped, Query: r.URL.RawQuery}
	c := &call{
		s:     s,
		r:     r,
		query: r.URL.Query(),
		host:  "http://" + r.Host,
		base:  "http://" + r.Host + prefix,
		path:  path,
		out:   response{header: http.Header{}},
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		c.error(http.StatusBadRequest, "Problems reading the request body")
		s.finish(w, c, &rec)
		return
	}
	c.raw = raw

	if prefix == "" && r.Method == http.MethodGet && strings.HasPrefix(path, "/raw/") {
		rec.Route = "/raw/{owner}/{repo}/{ref}/{path}"
		s.serveRaw(c)
		s.finish(w, c, &rec)
		return
	}
	rt, params := match(r.Method, path)
	if rt == nil {
		c.error(http.StatusNotFound, "Not Found")
		s.mu.Lock()
		s.unexpected = append(s.unexpected, rec)
		s.mu.Unlock()
		s.finish(w, c, &rec)
		return
	}
	c.rt, c.params = rt, params
	rec.Route = rt.path

	s.mu.Lock()
	ok := s.authenticate(c)
	if ok {
		ok = s.spend(c)
	}
	s.mu.Unlock()
	if ok {
		ok = s.validateRequest(c, &rec)
	}
	if ok {
		s.mu.Lock()
		c.fault = s.takeFault(c)
		if c.fault != 0 {
			c.writeFault(c.fault)
		} else {
			rt.handle(c)
		}
		s.mu.Unlock()
	}
	if c.inst != nil {
		rec.Installation = c.inst.ID
	}
	rec.Fault = c.fault
	s.finish(w, c, &rec)
}

// finish adds the headers every GitHub response has, answers 304 to a
// matching If-None-Match, checks the response against the description
// and sends it.
func (s *Server) finish(w http.ResponseWriter, c *call, rec *Request) {
	out := &c.out
	if out.status == 0 {
		out.status = http.StatusOK
	}
	h := out.header
	if out.body != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	s.mu.Lock()
	s.requestSeq++
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("FAKE:%X", s.requestSeq))
	s.mu.Unlock()

	if c.r.Method == http.MethodGet && out.status == http.StatusOK && c.fault == 0 {
		sum := sha256.Sum256(out.body)
		etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
		if inm := c.r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
			// GitHub does not count a 304 against the rate limit.
			out.status = http.StatusNotModified
			out.body = nil
			h.Del("Content-Type")
			s.mu.Lock()
			if b := c.bucket(); c.charged && b.used > 0 {
				b.used--
			}
			s.mu.Unlock()
		}
	}
	if c.fault != FaultPrimaryRateLimit {
		s.mu.Lock()
		c.bucket().setHeaders(h)
		s.mu.Unlock()
	}

	if c.rt != nil && c.fault == 0 && !s.opts.SkipResponseValidation {
		if reason := s.validateResponse(c); reason != "" {
			s.mu.Lock()
			s.invalid = append(s.invalid, Invalid{Request: withStatus(*rec, out.status), Response: true, Reason: reason})
			s.mu.Unlock()
		}
	}

	rec.Status = out.status
	s.mu.Lock()
	s.requests = append(s.requests, *rec)
	s.mu.Unlock()

	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(out.status)
	if out.body != nil {
		w.Write(out.body)
	}
}

func withStatus(r Request, status int) Request {
	r.Status = status
	return r
}

func etagMatch(header, etag string) bool {
	weak := func(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "W/") }
	for _, t := range strings.Split(header, ",") {
		if t = strings.TrimSpace(t); t == "*" || weak(t) == weak(etag) {
			return true
		}
	}
	return false
}

// newID hands out IDs for comments, reviews, check runs and the rest.
func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
