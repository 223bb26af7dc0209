package fakegithub_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

const filesRoute = "/repos/{owner}/{repo}/pulls/{pull_number}/files"

// TestFaults shows each injected fault as go-github reports it to an App.
func TestFaults(t *testing.T) {
	tests := []struct {
		fault fakegithub.Fault
		check func(t *testing.T, resp *github.Response, err error)
	}{
		{fakegithub.FaultBadGateway, func(t *testing.T, resp *github.Response, err error) {
			var er *github.ErrorResponse
			if !errors.As(err, &er) || resp.StatusCode != http.StatusBadGateway {
				t.Errorf("got %T %v", err, err)
			}
		}},
		{fakegithub.FaultTooManyRequests, func(t *testing.T, resp *github.Response, err error) {
			// go-github v62 has no type for 429: the App reads Retry-After.
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
				t.Errorf("got %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		}},
		{fakegithub.FaultSecondaryRateLimit, func(t *testing.T, resp *github.Response, err error) {
			var ae *github.AbuseRateLimitError
			if !errors.As(err, &ae) || ae.GetRetryAfter() != time.Second || !strings.Contains(ae.Message, "secondary rate limit") {
				t.Errorf("got %T %v", err, err)
			}
		}},
		{fakegithub.FaultPrimaryRateLimit, func(t *testing.T, resp *github.Response, err error) {
			var re *github.RateLimitError
			if !errors.As(err, &re) || re.Rate.Remaining != 0 || time.Until(re.Rate.Reset.Time) > 2*time.Second {
				t.Errorf("got %T %v", err, err)
			}
		}},
		{fakegithub.FaultCommentOutsideDiff, func(t *testing.T, resp *github.Response, err error) {
			var er *github.ErrorResponse
			if !errors.As(err, &er) || resp.StatusCode != 422 || len(er.Errors) != 1 ||
				!strings.Contains(er.Errors[0].Message, "must be part of the diff") {
				t.Errorf("got %T %v", err, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			f := newFixture(t, fakegithub.Options{})
			pr := f.pullWithFiles(t, 3, 1)
			f.srv.Fail("GET", filesRoute, 1, tt.fault)
			_, resp, err := f.gh.PullRequests.ListFiles(ctx(), owner, repo, pr.Number, nil)
			if err == nil {
				t.Fatal("no error")
			}
			tt.check(t, resp, err)
			// The fault was one-shot: a client that has not seen it (go-github
			// holds back requests while it believes a limit applies) gets
			// the files.
			files, _, err := f.freshClient(t).PullRequests.ListFiles(ctx(), owner, repo, pr.Number, nil)
			if err != nil || len(files) != 3 {
				t.Errorf("after the fault: %d files, %v", len(files), err)
			}
			reqs := f.srv.Requests()
			if reqs[len(reqs)-2].Fault != tt.fault {
				t.Errorf("the request log does not name the fault: %+v", reqs[len(reqs)-2])
			}
			f.srv.Check(t)
		})
	}
}

func TestFaultMatching(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 1, 1)
	f.srv.Fail("", "/repos/acme/web/pulls/1", 2, fakegithub.FaultBadGateway)
	for i, want := range []int{502, 502, 200} {
		_, resp, _ := f.gh.PullRequests.Get(ctx(), owner, repo, pr.Number)
		if resp.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i, resp.StatusCode, want)
		}
	}
	if _, _, err := f.gh.PullRequests.ListFiles(ctx(), owner, repo, pr.Number, nil); err != nil {
		t.Errorf("another path was hit: %v", err)
	}
}

// TestRateLimit checks the x-ratelimit headers count down per
// installation and that a spent budget is refused as GitHub refuses it.
func TestRateLimit(t *testing.T) {
	f := newFixture(t, fakegithub.Options{RateLimit: 4})
	pr := f.pullWithFiles(t, 1, 1)
	var last *github.Response
	for i := 0; i < 4; i++ {
		_, resp, err := f.gh.PullRequests.Get(ctx(), owner, repo, pr.Number)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if resp.Rate.Limit != 4 || resp.Rate.Remaining != 3-i || resp.Header.Get("X-RateLimit-Used") != strconv.Itoa(i+1) {
			t.Errorf("request %d: limit %d remaining %d used %s", i, resp.Rate.Limit, resp.Rate.Remaining, resp.Header.Get("X-RateLimit-Used"))
		}
		last = resp
	}
	if time.Until(last.Rate.Reset.Time) < 59*time.Minute {
		t.Errorf("reset in %v, want about an hour", time.Until(last.Rate.Reset.Time))
	}
	// go-github now refuses on its own; a raw request sees GitHub's 403.
	_, _, err := f.gh.PullRequests.Get(ctx(), owner, repo, pr.Number)
	var re *github.RateLimitError
	if !errors.As(err, &re) {
		t.Errorf("go-github: %v", err)
	}
	resp := f.raw(t, "GET", "/repos/acme/web/pulls/1", "")
	var body struct{ Message string }
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != 403 || resp.Header.Get("X-RateLimit-Remaining") != "0" || !strings.HasPrefix(body.Message, "API rate limit exceeded for installation ID 7") {
		t.Errorf("spent budget: %d remaining %s %q", resp.StatusCode, resp.Header.Get("X-RateLimit-Remaining"), body.Message)
	}
}

// TestInvalidRequests sends what breaks GitHub's description: each gets
// GitHub's answer and is recorded in Invalid, so an App's test fails.
func TestInvalidRequests(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"body is not JSON", "POST", "/repos/acme/web/issues", `{"title":`, 400},
		{"required field missing", "POST", "/repos/acme/web/issues", `{"body":"no title"}`, 422},
		{"field of the wrong type", "POST", "/repos/acme/web/pulls/1/reviews", `{"comments":[{"path":"a","line":"twelve","body":"x"}]}`, 422},
		{"enum value unknown", "PATCH", "/repos/acme/web/issues/1", `{"state":"done"}`, 422},
		// GitHub ignores a query parameter it cannot read; the fake serves
		// the request as GitHub would and still records it.
		{"query parameter of the wrong type", "GET", "/repos/acme/web/pulls/1/files?per_page=many", "", 200},
		{"path parameter of the wrong type", "GET", "/repos/acme/web/pulls/one", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, fakegithub.Options{})
			f.pullWithFiles(t, 1, 1)
			resp := f.raw(t, tt.method, tt.path, tt.body)
			var body map[string]any
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status || (tt.status >= 400 && (body["message"] == nil || body["documentation_url"] == nil)) {
				t.Errorf("got %d %v, want %d with GitHub's error shape", resp.StatusCode, body, tt.status)
			}
			inv := f.srv.Invalid()
			if len(inv) != 1 || inv[0].Response {
				t.Fatalf("Invalid() = %+v", inv)
			}
			t.Logf("%d %v; recorded: %s", resp.StatusCode, body["message"], inv[0].Reason)
		})
	}
}

func TestUnexpectedEndpoint(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	for _, tt := range []struct{ method, path string }{
		{"GET", "/repos/acme/web/tags"},
		{"DELETE", "/repos/acme/web/issues/1"},
		{"GET", "/graphql"},
	} {
		resp := f.raw(t, tt.method, tt.path, "")
		var body struct {
			Message          string
			DocumentationURL string `json:"documentation_url"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		if resp.StatusCode != 404 || body.Message != "Not Found" || body.DocumentationURL == "" {
			t.Errorf("%s %s: %d %+v", tt.method, tt.path, resp.StatusCode, body)
		}
	}
	un := f.srv.Unexpected()
	if len(un) != 3 || un[0].Path != "/repos/acme/web/tags" || un[1].Method != "DELETE" {
		t.Errorf("Unexpected() = %+v", un)
	}
	rec := &recorder{}
	f.srv.Check(rec)
	if len(rec.errs) != 3 {
		t.Errorf("Check reported %d errors, want 3", len(rec.errs))
	}
}

type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, format)
}
