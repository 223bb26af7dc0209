package fakegithub

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
)

// TestRoutesMatchOperations keeps the route table, testdata/operations.txt
// (what regen.sh cuts GitHub's description down to) and the committed
// description in step.
func TestRoutesMatchOperations(t *testing.T) {
	f, err := os.Open("testdata/operations.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var listed []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	var served []string
	for _, rt := range routes {
		served = append(served, rt.method+" "+rt.path)
	}
	sort.Strings(listed)
	sort.Strings(served)
	if diff := cmp.Diff(listed, served); diff != "" {
		t.Errorf("operations.txt (-) and the route table (+) differ:\n%s", diff)
	}
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	var described []string
	for key := range sp.routes {
		described = append(described, key)
	}
	sort.Strings(described)
	if diff := cmp.Diff(described, served); diff != "" {
		t.Errorf("openapi-subset.json (-) and the route table (+) differ; run testdata/regen.sh:\n%s", diff)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		method, path string
		route        string
		params       map[string]string
	}{
		{"GET", "/repos/a/b/commits/abc123", "/repos/{owner}/{repo}/commits/{ref}", map[string]string{"owner": "a", "repo": "b", "ref": "abc123"}},
		{"GET", "/repos/a/b/commits/feature/x", "/repos/{owner}/{repo}/commits/{ref}", map[string]string{"owner": "a", "repo": "b", "ref": "feature/x"}},
		{"GET", "/repos/a/b/commits/abc/comments", "/repos/{owner}/{repo}/commits/{commit_sha}/comments", map[string]string{"owner": "a", "repo": "b", "commit_sha": "abc"}},
		{"GET", "/repos/a/b/commits/feature/x/check-runs", "/repos/{owner}/{repo}/commits/{ref}/check-runs", map[string]string{"owner": "a", "repo": "b", "ref": "feature/x"}},
		{"GET", "/repos/a/b/contents/dir/.keyguard.toml", "/repos/{owner}/{repo}/contents/{path}", map[string]string{"owner": "a", "repo": "b", "path": "dir/.keyguard.toml"}},
		{"GET", "/repos/a/b/contents/a%20b.txt", "/repos/{owner}/{repo}/contents/{path}", map[string]string{"owner": "a", "repo": "b", "path": "a b.txt"}},
		{"GET", "/repos/a/b/contents/", "/repos/{owner}/{repo}/contents/{path}", map[string]string{"owner": "a", "repo": "b", "path": ""}},
		{"GET", "/repos/a/b/compare/main...feature/y", "/repos/{owner}/{repo}/compare/{basehead}", map[string]string{"owner": "a", "repo": "b", "basehead": "main...feature/y"}},
		{"PATCH", "/repos/a/b/issues/comments/5", "/repos/{owner}/{repo}/issues/comments/{comment_id}", map[string]string{"owner": "a", "repo": "b", "comment_id": "5"}},
		{"GET", "/repos/a/b/issues/5", "/repos/{owner}/{repo}/issues/{issue_number}", map[string]string{"owner": "a", "repo": "b", "issue_number": "5"}},
		{"DELETE", "/repos/a/b/issues/5", "", nil},
		{"GET", "/repos/a/b/commits", "/repos/{owner}/{repo}/commits", map[string]string{"owner": "a", "repo": "b"}},
		{"GET", "/repos/a/b/branches", "/repos/{owner}/{repo}/branches", map[string]string{"owner": "a", "repo": "b"}},
		{"GET", "/repos/a/b/branches/feature/x", "/repos/{owner}/{repo}/branches/{branch}", map[string]string{"owner": "a", "repo": "b", "branch": "feature/x"}},
		{"GET", "/repos/a/b/branches/feature%2Fx", "/repos/{owner}/{repo}/branches/{branch}", map[string]string{"owner": "a", "repo": "b", "branch": "feature/x"}},
		{"GET", "/repos/a/b/pulls/comments/5", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", map[string]string{"owner": "a", "repo": "b", "comment_id": "5"}},
		{"GET", "/repos/a/b/pulls/5/comments", "/repos/{owner}/{repo}/pulls/{pull_number}/comments", map[string]string{"owner": "a", "repo": "b", "pull_number": "5"}},
		{"POST", "/repos/a/b/pulls/5/comments/6/replies", "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies", map[string]string{"owner": "a", "repo": "b", "pull_number": "5", "comment_id": "6"}},
		{"POST", "/credentials/revoke", "/credentials/revoke", map[string]string{}},
		{"GET", "/repos/a/b/tags", "", nil},
		{"GET", "/repos/a/b/git/trees/abc", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rt, params := match(tt.method, tt.path)
			got := ""
			if rt != nil {
				got = rt.path
			}
			if got != tt.route {
				t.Fatalf("route = %q, want %q", got, tt.route)
			}
			if diff := cmp.Diff(tt.params, params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSpecLoads loads the description and logs how long it took (it must
// stay well under the 200 ms budget; see BenchmarkLoadSpec).
func TestSpecLoads(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GitHub's description (%d bytes, %d operations) loaded in %v", len(subsetJSON), len(sp.routes), sp.loadTime)
}

func BenchmarkLoadSpec(b *testing.B) {
	for b.Loop() {
		if _, err := openapi3.NewLoader().LoadFromData(subsetJSON); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTemplatesFitSchemas checks that every example the fake builds on,
// once completed, fits GitHub's schema.
func TestTemplatesFitSchemas(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	pairs := [][2]string{
		{"pull-request", "pull-request"}, {"diff-entry-items", "diff-entry"}, {"commit", "commit"},
		{"commit-items", "commit"}, {"commit-comparison", "commit-comparison"}, {"check-run", "check-run"},
		{"check-annotation-items", "check-annotation"}, {"pull-request-review", "pull-request-review"},
		{"pull-request-review-comment-items", "pull-request-review-comment"}, {"issue", "issue"},
		{"issue-comment", "issue-comment"}, {"reaction", "reaction"}, {"commit-comment", "commit-comment"},
		{"blob", "blob"}, {"content-file-response-if-content-is-a-file", "content-file"},
		{"installation-token", "installation-token"}, {"integration", "integration"}, {"installation", "installation"},
		{"full-repository-default-response", "full-repository"},
	}
	start := time.Now()
	for _, p := range pairs {
		v := sp.template(p[0], p[1])
		if err := sp.schema(p[1]).VisitJSON(v, openapi3.EnableFormatValidation()); err != nil {
			t.Errorf("template %s does not fit schema %s: %v", p[0], p[1], err)
		}
	}
	t.Logf("%d templates in %v", len(pairs), time.Since(start))
}

// TestResponseValidation checks that the fake notices a response of its
// own that breaks GitHub's schema.
func TestResponseValidation(t *testing.T) {
	s := NewUnstarted(Options{})
	rt, params := match("GET", "/repos/acme/web/check-runs/5")
	req := httptest.NewRequest("GET", "/repos/acme/web/check-runs/5", nil)
	tests := []struct {
		name, body, want string
	}{
		{"status outside the enum", `{"status":"done"}`, `response body at "/status"`},
		{"not an object", `[]`, "response body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &call{s: s, r: req, rt: rt, params: params, out: response{status: 200, header: http.Header{"Content-Type": {"application/json"}}}}
			tmpl := s.spec.template("check-run", "check-run")
			var patch map[string]any
			if json.Unmarshal([]byte(tt.body), &patch) == nil {
				for k, v := range patch {
					tmpl[k] = v
				}
				c.out.body, _ = json.Marshal(tmpl)
			} else {
				c.out.body = []byte(tt.body)
			}
			if got := s.validateResponse(c); !strings.Contains(got, tt.want) {
				t.Errorf("validateResponse = %q, want it to mention %q", got, tt.want)
			}
		})
	}
	c := &call{s: s, r: req, rt: rt, params: params, out: response{status: 200, header: http.Header{"Content-Type": {"application/json"}}}}
	c.out.body, _ = json.Marshal(s.spec.template("check-run", "check-run"))
	if got := s.validateResponse(c); got != "" {
		t.Errorf("the check-run template itself: %s", got)
	}
}
