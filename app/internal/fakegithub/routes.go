package fakegithub

import (
	"net/url"
	"sort"
	"strings"
)

// authKind is the credential an endpoint takes.
type authKind int

const (
	// authToken: an installation token, scoped to the repository.
	authToken authKind = iota
	// authJWT: the App's own JWT.
	authJWT
	// authNone: no credential at all; GitHub refuses an authenticated
	// request (POST /credentials/revoke).
	authNone
)

// route is one operation the fake serves: an OpenAPI path template, the
// credential it needs, the installation permission it needs
// ("pull_requests:write"), and its handler.
type route struct {
	method string
	path   string
	auth   authKind
	perm   string
	handle func(*call)

	segs   []string
	greedy int // index of a parameter that may span several segments, or -1
}

// greedyParams are the path parameters GitHub lets contain "/": file
// paths, "base...head" with branch names, and refs.
var greedyParams = map[string]bool{"{path}": true, "{basehead}": true, "{ref}": true, "{branch}": true}

// routes is every operation the fake serves; testdata/operations.txt lists
// the same ones for the script that cuts GitHub's description down, and a
// test keeps the two in step.
var routes = []*route{
	{method: "GET", path: "/app", auth: authJWT, handle: getApp},
	{method: "GET", path: "/app/installations/{installation_id}", auth: authJWT, handle: getInstallation},
	{method: "POST", path: "/app/installations/{installation_id}/access_tokens", auth: authJWT, handle: createToken},
	{method: "GET", path: "/repos/{owner}/{repo}/installation", auth: authJWT, handle: getRepoInstallation},

	{method: "GET", path: "/repos/{owner}/{repo}", perm: "metadata:read", handle: getRepo},
	{method: "GET", path: "/repos/{owner}/{repo}/collaborators/{username}/permission", perm: "metadata:read", handle: getPermission},
	{method: "GET", path: "/repos/{owner}/{repo}/branches", perm: "contents:read", handle: listBranches},
	{method: "GET", path: "/repos/{owner}/{repo}/branches/{branch}", perm: "contents:read", handle: getBranch},

	{method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}", perm: "pull_requests:read", handle: getPull},
	{method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/files", perm: "pull_requests:read", handle: listPullFiles},
	{method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/commits", perm: "pull_requests:read", handle: listPullCommits},
	{method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", perm: "pull_requests:read", handle: listReviews},
	{method: "POST", path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", perm: "pull_requests:write", handle: createReview},
	{method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}/comments", perm: "pull_requests:read", handle: listReviewComments},
	{method: "POST", path: "/repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies", perm: "pull_requests:write", handle: createReviewCommentReply},
	{method: "GET", path: "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm: "pull_requests:read", handle: getReviewComment},
	{method: "GET", path: "/repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions", perm: "pull_requests:read", handle: listReviewCommentReactions},
	{method: "POST", path: "/repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions", perm: "pull_requests:write", handle: createReviewCommentReaction},

	{method: "GET", path: "/repos/{owner}/{repo}/commits", perm: "contents:read", handle: listCommits},
	{method: "GET", path: "/repos/{owner}/{repo}/commits/{ref}", perm: "contents:read", handle: getCommit},
	{method: "GET", path: "/repos/{owner}/{repo}/commits/{commit_sha}/comments", perm: "contents:read", handle: listCommitComments},
	{method: "POST", path: "/repos/{owner}/{repo}/commits/{commit_sha}/comments", perm: "contents:write", handle: createCommitComment},
	{method: "GET", path: "/repos/{owner}/{repo}/commits/{ref}/check-runs", perm: "checks:read", handle: listCheckRunsForRef},
	{method: "GET", path: "/repos/{owner}/{repo}/compare/{basehead}", perm: "contents:read", handle: compare},
	{method: "GET", path: "/repos/{owner}/{repo}/contents/{path}", perm: "contents:read", handle: getContents},
	{method: "GET", path: "/repos/{owner}/{repo}/git/blobs/{file_sha}", perm: "contents:read", handle: getBlob},

	{method: "POST", path: "/repos/{owner}/{repo}/check-runs", perm: "checks:write", handle: createCheckRun},
	{method: "GET", path: "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm: "checks:read", handle: getCheckRun},
	{method: "PATCH", path: "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm: "checks:write", handle: updateCheckRun},
	{method: "GET", path: "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", perm: "checks:read", handle: listAnnotations},

	{method: "GET", path: "/repos/{owner}/{repo}/issues", perm: "issues:read", handle: listIssues},
	{method: "POST", path: "/repos/{owner}/{repo}/issues", perm: "issues:write", handle: createIssue},
	{method: "GET", path: "/repos/{owner}/{repo}/issues/{issue_number}", perm: "issues:read", handle: getIssue},
	{method: "PATCH", path: "/repos/{owner}/{repo}/issues/{issue_number}", perm: "issues:write", handle: updateIssue},
	{method: "GET", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments", perm: "issues:read|pull_requests:read", handle: listIssueComments},
	{method: "POST", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments", perm: "issues:write|pull_requests:write", handle: createIssueComment},
	{method: "GET", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm: "issues:read|pull_requests:read", handle: getIssueComment},
	{method: "PATCH", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm: "issues:write|pull_requests:write", handle: updateIssueComment},
	{method: "GET", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", perm: "issues:read|pull_requests:read", handle: listReactions},
	{method: "POST", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", perm: "issues:write|pull_requests:write", handle: createReaction},

	{method: "POST", path: "/credentials/revoke", auth: authNone, handle: revokeCredentials},
}

// greedyRoutes are the routes with a multi-segment parameter, those with
// more fixed segments first, so "/commits/{ref}/check-runs" is tried
// before "/commits/{ref}".
var greedyRoutes []*route

func init() {
	for _, rt := range routes {
		rt.segs = strings.Split(strings.TrimPrefix(rt.path, "/"), "/")
		rt.greedy = -1
		for i, s := range rt.segs {
			if greedyParams[s] {
				rt.greedy = i
			}
		}
		if rt.greedy >= 0 {
			greedyRoutes = append(greedyRoutes, rt)
		}
	}
	sort.SliceStable(greedyRoutes, func(i, j int) bool { return len(greedyRoutes[i].segs) > len(greedyRoutes[j].segs) })
}

// match finds the route for a request path (escaped, without the
// "/api/v3" prefix) and its path parameters. Routes whose parameters are
// single segments win over those with a parameter that may span several,
// so "/commits/{sha}/comments" is not read as a ref named "sha/comments".
// A known path with another method is no match: GitHub answers 404.
func match(method, path string) (*route, map[string]string) {
	trimmed := strings.TrimPrefix(path, "/")
	trailingSlash := strings.HasSuffix(trimmed, "/")
	trimmed = strings.TrimSuffix(trimmed, "/")
	segs := strings.Split(trimmed, "/")
	for _, rt := range routes {
		if rt.method == method && rt.greedy < 0 {
			if params, ok := rt.match(segs, trailingSlash); ok {
				return rt, params
			}
		}
	}
	for _, rt := range greedyRoutes {
		if rt.method == method {
			if params, ok := rt.match(segs, trailingSlash); ok {
				return rt, params
			}
		}
	}
	return nil, nil
}

func (rt *route) match(segs []string, trailingSlash bool) (map[string]string, bool) {
	params := map[string]string{}
	bind := func(pat string, raw []string) bool {
		if strings.HasPrefix(pat, "{") {
			v, err := url.PathUnescape(strings.Join(raw, "/"))
			if err != nil || (v == "" && pat != "{path}") {
				return false
			}
			params[strings.Trim(pat, "{}")] = v
			return true
		}
		return len(raw) == 1 && raw[0] == pat
	}
	if rt.greedy < 0 {
		if len(segs) != len(rt.segs) {
			return nil, false
		}
		for i, pat := range rt.segs {
			if !bind(pat, segs[i:i+1]) {
				return nil, false
			}
		}
		return params, true
	}
	// A greedy parameter takes what the fixed segments on either side of
	// it leave; only {path} may be empty (the repository root).
	before, after := rt.segs[:rt.greedy], rt.segs[rt.greedy+1:]
	if rt.segs[rt.greedy] == "{path}" && len(segs) == len(before) && trailingSlash {
		segs = append(segs, "")
	}
	if len(segs) < len(before)+len(after)+1 {
		if !(rt.segs[rt.greedy] == "{path}" && len(segs) == len(before)+len(after)) {
			return nil, false
		}
	}
	for i, pat := range before {
		if !bind(pat, segs[i:i+1]) {
			return nil, false
		}
	}
	tail := segs[len(segs)-len(after):]
	for i, pat := range after {
		if !bind(pat, tail[i:i+1]) {
			return nil, false
		}
	}
	if !bind(rt.segs[rt.greedy], segs[len(before):len(segs)-len(after)]) {
		return nil, false
	}
	return params, true
}
