package fakegithub

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a failure GitHub is known to answer with.
type Fault int

const (
	// FaultBadGateway answers 502, as GitHub's front end does when a
	// request times out behind it.
	FaultBadGateway Fault = iota + 1
	// FaultTooManyRequests answers 429 with Retry-After.
	FaultTooManyRequests
	// FaultSecondaryRateLimit answers 403 "You have exceeded a secondary
	// rate limit" with Retry-After; go-github reports an
	// *AbuseRateLimitError.
	FaultSecondaryRateLimit
	// FaultPrimaryRateLimit answers 403 with x-ratelimit-remaining 0 and
	// x-ratelimit-reset a few seconds ahead; go-github reports a
	// *RateLimitError.
	FaultPrimaryRateLimit
	// FaultCommentOutsideDiff answers 422 with the error GitHub gives a
	// review whose inline comment is not on a line of the diff.
	FaultCommentOutsideDiff
)

func (f Fault) String() string {
	switch f {
	case FaultBadGateway:
		return "502 bad gateway"
	case FaultTooManyRequests:
		return "429 too many requests"
	case FaultSecondaryRateLimit:
		return "403 secondary rate limit"
	case FaultPrimaryRateLimit:
		return "403 primary rate limit"
	case FaultCommentOutsideDiff:
		return "422 comment outside the diff"
	case 0:
		return "none"
	}
	return "fault " + strconv.Itoa(int(f))
}

// secondaryRateLimitDocs ends in "secondary-rate-limits", which is how
// go-github recognises a secondary rate limit.
const secondaryRateLimitDocs = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"

// reviewOutsideDiff is GitHub's message for a review comment on a line the
// diff does not show.
const reviewOutsideDiff = "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank"

type faultRule struct {
	method string
	route  string
	left   int
	fault  Fault
}

// Fail makes the next n requests matching method and route answer with
// fault instead of being served. method "" matches any; route is an
// OpenAPI path template ("/repos/{owner}/{repo}/pulls/{pull_number}/files"),
// an exact request path ("/repos/acme/web/pulls/1/files"), or "" for any.
// Rules are tried in the order they were added. The request still counts
// against the rate limit, as it would on GitHub.
func (s *Server) Fail(method, route string, n int, fault Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{method: strings.ToUpper(method), route: route, left: n, fault: fault})
}

// takeFault returns the fault this request should get, if any.
func (s *Server) takeFault(c *call) Fault {
	for _, f := range s.faults {
		if f.left <= 0 {
			continue
		}
		if f.method != "" && f.method != c.rt.method {
			continue
		}
		if f.route != "" && f.route != c.rt.path && f.route != c.path {
			continue
		}
		f.left--
		return f.fault
	}
	return 0
}

func (c *call) writeFault(f Fault) {
	wait := c.s.opts.RetryAfter
	switch f {
	case FaultBadGateway:
		c.error(http.StatusBadGateway, "Server Error")
	case FaultTooManyRequests:
		c.errorWith(http.StatusTooManyRequests, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", map[string]any{"documentation_url": secondaryRateLimitDocs})
		c.out.header.Set("Retry-After", strconv.Itoa(wait))
	case FaultSecondaryRateLimit:
		c.errorWith(http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE.", map[string]any{"documentation_url": secondaryRateLimitDocs})
		c.out.header.Set("Retry-After", strconv.Itoa(wait))
	case FaultPrimaryRateLimit:
		c.errorWith(http.StatusForbidden, "API rate limit exceeded for "+c.limited()+".", map[string]any{
			"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits",
		})
		b := c.bucket()
		h := c.out.header
		h.Set("X-RateLimit-Limit", strconv.Itoa(b.limit))
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", strconv.Itoa(b.limit))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Duration(wait)*time.Second).Unix(), 10))
		h.Set("X-RateLimit-Resource", "core")
	case FaultCommentOutsideDiff:
		c.errorWith(http.StatusUnprocessableEntity, "Unprocessable Entity", map[string]any{
			"errors":            []any{reviewOutsideDiff},
			"documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
		})
	}
}
