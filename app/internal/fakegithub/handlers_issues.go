package fakegithub

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// issueRef is an issue or a pull request, which share numbers on GitHub.
type issueRef struct {
	issue *Issue
	pull  *pullState
}

func (c *call) findIssue(n int) (issueRef, bool) {
	if is := c.repo.issues[n]; is != nil {
		return issueRef{issue: is}, true
	}
	if pr := c.repo.pulls[n]; pr != nil {
		return issueRef{pull: pr}, true
	}
	return issueRef{}, false
}

// labelNames reads labels given as names or as {"name": …} objects.
func labelNames(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			if n, ok := x["name"].(string); ok {
				out = append(out, n)
			}
		}
	}
	return out
}

func stringList(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// titleOf reads a title, which GitHub takes as a string or a number.
func titleOf(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	}
	return "", false
}

// POST /repos/{owner}/{repo}/issues
func createIssue(c *call) {
	r := c.repo
	title, _ := titleOf(c.body["title"])
	body, _ := c.str("body")
	now := time.Now().UTC().Truncate(time.Second)
	is := &Issue{
		Number:    r.nextNumber,
		Title:     title,
		Body:      body,
		State:     "open",
		Labels:    labelNames(c.body["labels"]),
		Assignees: stringList(c.body["assignees"]),
		User:      c.actor(),
		CreatedAt: now,
		UpdatedAt: now,
	}
	if a, ok := c.str("assignee"); ok && a != "" && len(is.Assignees) == 0 {
		is.Assignees = []string{a}
	}
	r.nextNumber++
	r.issues[is.Number] = is
	c.json(http.StatusCreated, c.issueJSON(issueRef{issue: is}))
}

// PATCH /repos/{owner}/{repo}/issues/{issue_number}
func updateIssue(c *call) {
	ref, ok := c.findIssue(int(c.intParam("issue_number")))
	if !ok {
		c.notFound()
		return
	}
	now := time.Now().UTC().Truncate(time.Second)
	title, hasTitle := titleOf(c.body["title"])
	body, hasBody := c.str("body")
	state, hasState := c.str("state")
	if ref.pull != nil {
		pr := ref.pull
		if hasTitle {
			pr.Title = title
		}
		if hasBody {
			pr.Body = body
		}
		if hasState {
			pr.State = state
		}
		pr.updated = now
	} else {
		is := ref.issue
		if hasTitle {
			is.Title = title
		}
		if hasBody {
			is.Body = body
		}
		if hasState && state != is.State {
			is.State = state
			is.ClosedAt, is.ClosedBy = time.Time{}, ""
			if state == "closed" {
				is.ClosedAt, is.ClosedBy = now, c.actor()
			}
		}
		if _, ok := c.body["labels"]; ok {
			is.Labels = labelNames(c.body["labels"])
		}
		if _, ok := c.body["assignees"]; ok {
			is.Assignees = stringList(c.body["assignees"])
		}
		is.UpdatedAt = now
	}
	c.json(http.StatusOK, c.issueJSON(ref))
}

// GET /repos/{owner}/{repo}/issues/{issue_number}
func getIssue(c *call) {
	ref, ok := c.findIssue(int(c.intParam("issue_number")))
	if !ok {
		c.notFound()
		return
	}
	c.json(http.StatusOK, c.issueJSON(ref))
}

// GET /repos/{owner}/{repo}/issues
//
// Pull requests are listed too, as GitHub lists them.
func listIssues(c *call) {
	r := c.repo
	state := c.query.Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := c.query.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	creator := c.query.Get("creator")
	var refs []issueRef
	for _, is := range r.issues {
		refs = append(refs, issueRef{issue: is})
	}
	for _, pr := range r.pulls {
		refs = append(refs, issueRef{pull: pr})
	}
	var match []issueRef
	for _, ref := range refs {
		st, user, labels := c.issueFacts(ref)
		if state != "all" && st != state {
			continue
		}
		if creator != "" && user != creator {
			continue
		}
		if !hasAll(labels, want) {
			continue
		}
		match = append(match, ref)
	}
	// Newest first, GitHub's default (sort=created, direction=desc).
	asc := c.query.Get("direction") == "asc"
	sort.Slice(match, func(i, j int) bool {
		a, b := issueNumber(match[i]), issueNumber(match[j])
		if asc {
			return a < b
		}
		return a > b
	})
	lo, hi := c.paginate(len(match), 30, 100, 0)
	out := []any{}
	for _, ref := range match[lo:hi] {
		out = append(out, c.issueJSON(ref))
	}
	c.json(http.StatusOK, out)
}

func issueNumber(ref issueRef) int {
	if ref.pull != nil {
		return ref.pull.Number
	}
	return ref.issue.Number
}

func (c *call) issueFacts(ref issueRef) (state, user string, labels []string) {
	if ref.pull != nil {
		return ref.pull.State, ref.pull.Author, nil
	}
	return ref.issue.State, ref.issue.User, ref.issue.Labels
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.EqualFold(strings.TrimSpace(w), h) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (c *call) issueJSON(ref issueRef) map[string]any {
	full := c.repo.fullName()
	api := c.base + "/repos/" + full
	out := c.tmpl("issue", "issue")
	var (
		id                      int64
		number                  int
		title, body, user, st   string
		labels, assignees       []string
		created, updated, close time.Time
	)
	kind := "issues"
	if pr := ref.pull; pr != nil {
		id, number, title, body, user, st = pr.id, pr.Number, pr.Title, pr.Body, pr.Author, pr.State
		created, updated = pr.created, pr.updated
		if st == "closed" {
			close = pr.updated
		}
		kind = "pull"
	} else {
		is := ref.issue
		id = int64(is.Number) + c.repo.ID*1000
		number, title, body, user, st = is.Number, is.Title, is.Body, is.User, is.State
		labels, assignees = is.Labels, is.Assignees
		created, updated, close = is.CreatedAt, is.UpdatedAt, is.ClosedAt
	}
	n := strconv.Itoa(number)
	out["id"] = id
	out["node_id"] = nodeID("Issue", id)
	out["url"] = api + "/issues/" + n
	out["repository_url"] = api
	out["labels_url"] = api + "/issues/" + n + "/labels{/name}"
	out["comments_url"] = api + "/issues/" + n + "/comments"
	out["events_url"] = api + "/issues/" + n + "/events"
	out["html_url"] = "https://github.com/" + full + "/" + kind + "/" + n
	out["number"] = number
	out["state"] = st
	out["state_reason"] = nil
	if st == "closed" {
		out["state_reason"] = "completed"
	}
	out["title"] = title
	out["body"] = body
	out["user"] = c.userJSON(user)
	ls := []any{}
	for _, l := range labels {
		lid := int64(len(l)) + c.repo.ID*100
		ls = append(ls, map[string]any{
			"id": lid, "node_id": nodeID("Label", lid), "url": api + "/labels/" + l,
			"name": l, "description": nil, "color": "d73a4a", "default": false,
		})
	}
	out["labels"] = ls
	as := []any{}
	for _, a := range assignees {
		as = append(as, c.userJSON(a))
	}
	out["assignees"] = as
	out["assignee"] = nil
	if len(as) > 0 {
		out["assignee"] = as[0]
	}
	out["milestone"] = nil
	out["locked"] = false
	out["active_lock_reason"] = nil
	comments := 0
	for _, ic := range c.repo.issueComments {
		if ic.Issue == number {
			comments++
		}
	}
	out["comments"] = comments
	out["created_at"] = timestamp(created)
	out["updated_at"] = timestamp(updated)
	out["closed_at"] = nullTime(close)
	out["closed_by"] = nil
	if ref.issue != nil && ref.issue.ClosedBy != "" && st == "closed" {
		out["closed_by"] = c.userJSON(ref.issue.ClosedBy)
	}
	out["author_association"] = "NONE"
	if ref.pull != nil {
		out["pull_request"] = map[string]any{
			"url":       api + "/pulls/" + n,
			"html_url":  "https://github.com/" + full + "/pull/" + n,
			"diff_url":  "https://github.com/" + full + "/pull/" + n + ".diff",
			"patch_url": "https://github.com/" + full + "/pull/" + n + ".patch",
			"merged_at": nil,
		}
	} else {
		delete(out, "pull_request")
	}
	for _, k := range []string{"performed_via_github_app", "pinned_comment", "sub_issues_summary", "issue_dependencies_summary", "type", "parent_issue_url", "issue_field_values"} {
		delete(out, k)
	}
	return out
}

// Issues returns a repository's issues (not pull requests) by number.
func (s *Server) Issues(repo string) []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	var out []Issue
	for _, is := range r.issues {
		cp := *is
		cp.Labels = append([]string(nil), is.Labels...)
		cp.Assignees = append([]string(nil), is.Assignees...)
		out = append(out, cp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// AddIssue opens an issue, as if someone had, and returns its number.
func (s *Server) AddIssue(repo string, is Issue) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	is.Number = r.nextNumber
	r.nextNumber++
	if is.State == "" {
		is.State = "open"
	}
	if is.User == "" {
		is.User = "octocat"
	}
	s.userID(is.User)
	if is.CreatedAt.IsZero() {
		is.CreatedAt = time.Now().UTC().Truncate(time.Second)
		is.UpdatedAt = is.CreatedAt
	}
	r.issues[is.Number] = &is
	return is.Number
}

// CloseIssue closes an open issue as login, as if they had.
func (s *Server) CloseIssue(repo string, number int, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setIssueState(s.repo(repo), number, "closed", login)
}

func (s *Server) setIssueState(r *repoState, number int, state, login string) *Issue {
	is := r.issues[number]
	if is == nil {
		panic(fmt.Sprintf("fakegithub: no issue %d in %s", number, r.fullName()))
	}
	if login == "" {
		login = "octocat"
	}
	s.userID(login)
	if is.State != state {
		now := time.Now().UTC().Truncate(time.Second)
		is.State, is.UpdatedAt = state, now
		is.ClosedAt, is.ClosedBy = time.Time{}, ""
		if state == "closed" {
			is.ClosedAt, is.ClosedBy = now, login
		}
	}
	return is
}
