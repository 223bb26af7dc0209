package fakegithub

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

// token is an installation access token.
type token struct {
	value   string
	inst    *Installation
	expires time.Time
	repos   map[string]bool   // lower-case full names; nil: all of the installation's
	perms   map[string]string // nil: all of the installation's
}

// bucket is one rate-limit budget: an installation's, or an App's for
// its JWT requests.
type bucket struct {
	limit, used int
	reset       time.Time
}

func (b *bucket) setHeaders(h http.Header) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(b.limit-b.used, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(b.reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(b.used))
	h.Set("X-RateLimit-Resource", "core")
}

// AddApp registers a GitHub App; its JWTs must be signed by the private
// key matching PublicKey.
func (s *Server) AddApp(app App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if app.Slug == "" {
		app.Slug = "keyguard"
	}
	if app.Name == "" {
		app.Name = app.Slug
	}
	if app.Owner == "" {
		app.Owner = "keyguard-dev"
	}
	s.apps[app.ID] = &app
}

// AddInstallation installs an App on an account.
func (s *Server) AddInstallation(inst Installation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.installs[inst.ID] = &inst
}

// ExpireTokens ends every installation token now, as if an hour had
// passed: the next request with one gets 401 "Bad credentials".
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expires = time.Now().Add(-time.Second)
	}
}

// Tokens returns how many installation tokens were issued.
func (s *Server) Tokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokens)
}

// IssuedTokens returns the installation tokens issued so far, so a test
// can check that none of them reached a log, a comment or an error.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedKeys(s.tokens)
}

// authenticate checks the request's credential for its route and finds
// the repository it names. It answers the failure itself.
func (s *Server) authenticate(c *call) bool {
	auth := c.r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(auth, " ")
	scheme = strings.ToLower(scheme)
	cred = strings.TrimSpace(cred)

	if c.rt.auth == authNone {
		// "Any authenticated requests will return a 403." (POST
		// /credentials/revoke: it takes 60 unauthenticated requests an
		// hour, counted against the anonymous budget.)
		if auth != "" {
			c.error(http.StatusForbidden, "This endpoint does not accept authenticated requests.")
			return false
		}
		return true
	}

	if c.rt.auth == authJWT {
		if scheme != "bearer" || strings.Count(cred, ".") != 2 {
			c.error(http.StatusUnauthorized, "A JSON web token could not be decoded")
			return false
		}
		app, msg := s.verifyJWT(cred, time.Now())
		if app == nil {
			c.error(http.StatusUnauthorized, msg)
			return false
		}
		c.app = app
		if strings.HasPrefix(c.rt.path, "/repos/") {
			return s.findRepo(c, true)
		}
		return true
	}

	if auth == "" {
		c.error(http.StatusUnauthorized, "Requires authentication")
		return false
	}
	if scheme != "token" && scheme != "bearer" {
		c.error(http.StatusUnauthorized, "Bad credentials")
		return false
	}
	tok := s.tokens[cred]
	if tok == nil || time.Now().After(tok.expires) {
		c.error(http.StatusUnauthorized, "Bad credentials")
		return false
	}
	c.tok, c.inst = tok, tok.inst
	c.app = s.apps[tok.inst.AppID]
	if !s.findRepo(c, false) {
		return false
	}
	if !permits(tok.perms, c.rt.perm) {
		c.error(http.StatusForbidden, "Resource not accessible by integration")
		return false
	}
	return true
}

// findRepo resolves {owner}/{repo}. A repository the credential cannot
// see is "Not Found", as on GitHub.
func (s *Server) findRepo(c *call, anyInstallationOfApp bool) bool {
	full := strings.ToLower(c.params["owner"] + "/" + c.params["repo"])
	repo := s.repos[full]
	visible := repo != nil
	if visible && anyInstallationOfApp {
		inst := s.installs[repo.Installation]
		visible = inst != nil && inst.AppID == c.app.ID
	} else if visible {
		visible = repo.Installation == c.inst.ID && (c.tok.repos == nil || c.tok.repos[full])
	}
	if !visible {
		c.notFound()
		return false
	}
	c.repo = repo
	return true
}

// permits reports whether perms grant need, written "name:level" with
// alternatives separated by "|". Nil perms grant everything.
func permits(perms map[string]string, need string) bool {
	if perms == nil || need == "" {
		return true
	}
	for _, alt := range strings.Split(need, "|") {
		name, level, _ := strings.Cut(alt, ":")
		have := perms[name]
		if have == "write" || have == "admin" || (have == "read" && level == "read") {
			return true
		}
		if name == "metadata" && level == "read" {
			return true // every installation can read metadata
		}
	}
	return false
}

// spend counts the request against its rate-limit budget, refusing it
// when the budget is gone as GitHub does.
func (s *Server) spend(c *call) bool {
	b := c.bucket()
	now := time.Now()
	if now.After(b.reset) {
		b.used = 0
		b.reset = now.Add(time.Hour).Truncate(time.Second)
	}
	if b.used >= b.limit {
		c.errorWith(http.StatusForbidden, "API rate limit exceeded for "+c.limited()+".", map[string]any{
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits",
		})
		return false
	}
	b.used++
	c.charged = true
	return true
}

// anonymousRateLimit is GitHub's hourly limit without credentials: the
// budget of POST /credentials/revoke, and of the 401s, whose headers
// carry it as GitHub's do.
const anonymousRateLimit = 60

// bucket returns the budget the request draws on (with s.mu held).
func (c *call) bucket() *bucket {
	key, limit := "anonymous", anonymousRateLimit
	switch {
	case c.inst != nil:
		key, limit = "installation:"+strconv.FormatInt(c.inst.ID, 10), c.s.opts.RateLimit
	case c.app != nil:
		key, limit = "app:"+strconv.FormatInt(c.app.ID, 10), c.s.opts.RateLimit
	}
	b := c.s.buckets[key]
	if b == nil {
		b = &bucket{limit: limit, reset: time.Now().Add(time.Hour).Truncate(time.Second)}
		c.s.buckets[key] = b
	}
	return b
}

// verifyJWT checks an App JWT as GitHub does and returns its App, or nil
// and GitHub's message. GitHub wants RS256, "iss" the App's ID (a number
// or a string) or its client ID, "iat" not in the future, and "exp" in
// the future but no more than ten minutes ahead
// (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app).
// GitHub's own example sets iat a minute back and exp ten minutes ahead,
// so the span from iat to exp may reach eleven minutes.
func (s *Server) verifyJWT(tok string, now time.Time) (*App, string) {
	const undecodable = "A JSON web token could not be decoded"
	parts := strings.Split(tok, ".")
	var header struct {
		Alg string `json:"alg"`
	}
	var claims map[string]any
	if decodeSegment(parts[0], &header) != nil || decodeSegment(parts[1], &claims) != nil || header.Alg != "RS256" {
		return nil, undecodable
	}
	var app *App
	switch iss := claims["iss"].(type) {
	case float64:
		app = s.apps[int64(iss)]
	case string:
		if id, err := strconv.ParseInt(iss, 10, 64); err == nil {
			app = s.apps[id]
		} else {
			for _, a := range s.apps {
				if a.ClientID != "" && a.ClientID == iss {
					app = a
				}
			}
		}
	default:
		return nil, "'Issuer' claim ('iss') must be an Integer"
	}
	if app == nil || app.PublicKey == nil {
		return nil, undecodable
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, undecodable
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(app.PublicKey, crypto.SHA256, digest[:], sig) != nil {
		return nil, undecodable
	}
	iat, ok := integer(claims["iat"])
	if !ok || iat > now.Unix() {
		return nil, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
	}
	exp, ok := integer(claims["exp"])
	if !ok || exp <= now.Unix() {
		return nil, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
	}
	if exp > now.Add(10*time.Minute).Unix() {
		return nil, "'Expiration time' claim ('exp') is too far in the future"
	}
	return app, ""
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// integer accepts a JSON number without a fractional part: GitHub rejects
// fractional timestamps.
func integer(v any) (int64, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) {
		return 0, false
	}
	return int64(f), true
}

// newTokenValue returns a fresh installation token in GitHub's format
// ("ghs_", 30 random characters, their CRC-32), built at run time.
func newTokenValue() string {
	var seed [8]byte
	rand.Read(seed[:])
	return synth.New(binary.LittleEndian.Uint64(seed[:])).GitHubToken("ghs_")
}

// limited names whose rate limit a request spends, as GitHub's message
// does: the installation's, the App's, or for an anonymous client its
// address.
func (c *call) limited() string {
	switch {
	case c.inst != nil:
		return "installation ID " + strconv.FormatInt(c.inst.ID, 10)
	case c.app != nil:
		return "app ID " + strconv.FormatInt(c.app.ID, 10)
	}
	return remoteIP(c.r)
}

// remoteIP is the client's address without its port.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
