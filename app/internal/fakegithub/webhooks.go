package fakegithub

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// This file builds webhook deliveries the way GitHub would from the
// fake's state, so an end-to-end test sends the App realistic payloads,
// and makes the state they describe (the comment exists, the issue is
// closed, the branch has moved), so that the App can read it back. The
// payloads are compact JSON, as GitHub sends them; a test signs and posts
// them itself. Their URLs point at the fake's API.

// zeroSHA is the "before" of a created ref and the "after" of a deleted
// one.
var zeroSHA = strings.Repeat("0", 40)

// maxPushCommits is the most commits a push payload lists: "The array
// includes a maximum of 2048 commits. If necessary, you can use the
// Commits API to fetch additional commits."
const maxPushCommits = 2048

// payloadCall is a call for rendering a repository's objects outside a
// request (with s.mu held): URLs point at the fake's API, and the App
// installed on the repository is the one acting.
func (s *Server) payloadCall(r *repoState) *call {
	base := "https://api.github.com"
	if s.ts != nil {
		base = s.ts.URL
	}
	c := &call{s: s, repo: r, base: base, host: base, out: response{header: map[string][]string{}}}
	if inst := s.installs[r.Installation]; inst != nil {
		c.inst = inst
		c.app = s.apps[inst.AppID]
	}
	return c
}

// envelope returns the keys every repository event carries: repository,
// organization (the fake's accounts are organizations, as its
// installations say), sender and, for a repository an App is installed
// on, installation.
func (c *call) envelope(sender string) map[string]any {
	out := map[string]any{
		"repository":   c.repoJSON(c.repo),
		"organization": c.orgJSON(c.repo.Owner),
		"sender":       c.userJSON(sender),
	}
	if c.repo.Installation != 0 {
		out["installation"] = map[string]any{
			"id":      c.repo.Installation,
			"node_id": nodeID("IntegrationInstallation", c.repo.Installation),
		}
	}
	return out
}

// orgJSON renders an organization as webhooks carry it
// (organization-simple).
func (c *call) orgJSON(login string) map[string]any {
	id := c.s.userID(login)
	api := c.base + "/orgs/" + login
	return map[string]any{
		"login":              login,
		"id":                 id,
		"node_id":            nodeID("Organization", id),
		"url":                api,
		"repos_url":          api + "/repos",
		"events_url":         api + "/events",
		"hooks_url":          api + "/hooks",
		"issues_url":         api + "/issues",
		"members_url":        api + "/members{/member}",
		"public_members_url": api + "/public_members{/member}",
		"avatar_url":         fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id),
		"description":        nil,
	}
}

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("fakegithub: " + err.Error())
	}
	return b
}

// noreply is the address GitHub shows for a user who keeps theirs
// private.
func (s *Server) noreply(login string) string {
	return fmt.Sprintf("%d+%s@users.noreply.github.com", s.userID(login), login)
}

// PushPayload builds the push event GitHub delivers when pusher moves ref
// ("refs/heads/main", or a branch name) from before to after, and moves
// the branch there (deletes it when after is empty or all zeros; before
// empty or all zeros creates it). SHAs may be abbreviated. forced says
// the push was a force push; one that is not a fast-forward must say so,
// or PushPayload panics. pusher is a login ("octocat" when empty).
//
// commits lists, oldest first, the commits after brings that before did
// not have (for a new branch: those no other branch has), at most the
// 2048 newest, each with the files it added, removed and modified from
// its first parent (a rename is a removal and an addition). A commit is
// distinct unless it was already pushed to the repository: listed by an
// earlier push payload or behind its "before", or reachable from another
// branch. Commits placed with AddCommit or SetBranch alone count as not
// yet pushed, so a test can add commits, move a branch and then build the
// push that delivered them.
func (s *Server) PushPayload(repo, ref, before, after string, forced bool, pusher string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	if pusher == "" {
		pusher = "octocat"
	}
	if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/heads/" + ref
	}
	branch, isBranch := strings.CutPrefix(ref, "refs/heads/")
	created := before == "" || before == zeroSHA
	deleted := after == "" || after == zeroSHA
	if created && deleted {
		panic("fakegithub: a push needs a before or an after")
	}
	full := func(sha string) string {
		cm := r.resolve(sha)
		if cm == nil {
			panic("fakegithub: no commit " + sha + " in " + repo)
		}
		return cm.sha
	}
	if created {
		before = zeroSHA
	} else {
		before = full(before)
	}
	if deleted {
		after = zeroSHA
	} else {
		after = full(after)
	}
	if !created && !deleted && !forced && !r.ancestors(after)[before] {
		panic(fmt.Sprintf("fakegithub: %s...%s is not a fast-forward; pass forced=true", before[:7], after[:7]))
	}

	// What other refs already hold: commits reachable from another
	// branch were pushed before this push.
	onOther := map[string]bool{}
	for name, tip := range r.branches {
		if !isBranch || name != branch {
			for sha := range r.ancestors(tip) {
				onOther[sha] = true
			}
		}
	}
	var list []*commitState
	switch {
	case deleted:
	case created:
		for _, cm := range r.between("", after) {
			if !onOther[cm.sha] {
				list = append(list, cm)
			}
		}
	default:
		list = r.between(before, after)
	}
	distinct := func(sha string) bool { return !r.pushed[sha] && !onOther[sha] }

	c := s.payloadCall(r)
	commits := []any{}
	for _, cm := range list[max(len(list)-maxPushCommits, 0):] {
		commits = append(commits, c.pushCommitJSON(cm, distinct(cm.sha)))
	}
	var head any
	if !deleted {
		head = c.pushCommitJSON(r.commits[after], distinct(after))
	}

	html := "https://github.com/" + r.fullName()
	compare := html + "/compare/" + before[:12] + "..." + after[:12]
	if created {
		compare = html + "/compare/" + url.PathEscape(strings.TrimPrefix(strings.TrimPrefix(ref, "refs/heads/"), "refs/tags/"))
		if len(r.commits[after].parents) == 0 {
			compare = html + "/commit/" + after
		}
	}
	var baseRef any
	if created {
		// A new ref at another branch's tip names that branch.
		names := sortedKeys(r.branches)
		sort.SliceStable(names, func(i, j int) bool { return names[i] == r.DefaultBranch && names[j] != r.DefaultBranch })
		for _, name := range names {
			if r.branches[name] == after && (!isBranch || name != branch) {
				baseRef = "refs/heads/" + name
				break
			}
		}
	}

	out := c.envelope(pusher)
	out["repository"] = c.pushRepoJSON()
	out["ref"] = ref
	out["before"] = before
	out["after"] = after
	out["created"] = created
	out["deleted"] = deleted
	out["forced"] = forced
	out["base_ref"] = baseRef
	out["compare"] = compare
	out["commits"] = commits
	out["head_commit"] = head
	out["pusher"] = map[string]any{"name": pusher, "email": s.noreply(pusher)}

	// The push is done: its commits are on GitHub, and the branch is
	// where it says.
	if !created {
		for sha := range r.ancestors(before) {
			r.pushed[sha] = true
		}
	}
	if !deleted {
		for _, cm := range list {
			r.pushed[cm.sha] = true
		}
		r.pushed[after] = true
	}
	if isBranch {
		if deleted {
			delete(r.branches, branch)
		} else {
			r.branches[branch] = after
		}
	}
	return marshal(out)
}

// pushCommitJSON renders a commit as push payloads list it.
func (c *call) pushCommitJSON(cm *commitState, distinct bool) map[string]any {
	added, removed, modified := []string{}, []string{}, []string{}
	for _, ch := range c.repo.commitChanges(cm) {
		switch ch.status {
		case "added":
			added = append(added, ch.path)
		case "removed":
			removed = append(removed, ch.path)
		case "modified":
			modified = append(modified, ch.path)
		case "renamed":
			added = append(added, ch.path)
			removed = append(removed, ch.previous)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	person := map[string]any{"name": cm.author.Name, "email": cm.author.Email}
	if cm.author.Login != "" {
		person["username"] = cm.author.Login
	}
	return map[string]any{
		"id":        cm.sha,
		"tree_id":   treeSHA(cm),
		"distinct":  distinct,
		"message":   cm.message,
		"timestamp": timestamp(cm.time),
		"url":       "https://github.com/" + c.repo.fullName() + "/commit/" + cm.sha,
		"author":    person,
		"committer": person,
		"added":     added,
		"removed":   removed,
		"modified":  modified,
	}
}

// pushRepoJSON renders the repository as push payloads carry it: its
// times as Unix seconds, its owner with name and email, and the legacy
// stargazers and master_branch.
func (c *call) pushRepoJSON() map[string]any {
	r := c.repo
	out := c.repoJSON(r)
	out["created_at"] = r.created.Unix()
	out["pushed_at"] = time.Now().Unix()
	owner := out["owner"].(map[string]any)
	owner["name"] = r.Owner
	owner["email"] = nil
	out["stargazers"] = out["stargazers_count"]
	out["master_branch"] = r.DefaultBranch
	out["organization"] = r.Owner
	return out
}

// IssueCommentPayload builds the issue_comment "created" event for a
// comment on an issue or a pull request's conversation. With commentID 0
// it first adds the comment (login's, with body) so that the App can read
// it and react to it; otherwise the comment must exist, and login and
// body, when given, must be its own.
func (s *Server) IssueCommentPayload(repo string, number int, commentID int64, login, body string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	var ic *IssueComment
	if commentID == 0 {
		ic = s.addIssueComment(r, number, login, body)
	} else {
		for _, x := range r.issueComments {
			if x.ID == commentID {
				ic = x
			}
		}
		if ic == nil || ic.Issue != number {
			panic(fmt.Sprintf("fakegithub: no comment %d on %s#%d", commentID, repo, number))
		}
		if login != "" && login != ic.User || body != "" && body != ic.Body {
			panic(fmt.Sprintf("fakegithub: comment %d is %s's %q", commentID, ic.User, ic.Body))
		}
	}
	c := s.payloadCall(r)
	ref := issueRef{issue: r.issues[number], pull: r.pulls[number]}
	if ref.issue != nil {
		ref.pull = nil
	}
	out := c.envelope(ic.User)
	out["action"] = "created"
	out["issue"] = c.issueJSON(ref)
	out["comment"] = c.issueCommentJSON(ic)
	return marshal(out)
}

// ReviewCommentPayload builds the pull_request_review_comment "created"
// event for an inline comment of a pull request (one the App left, or
// one AddReviewComment added).
func (s *Server) ReviewCommentPayload(repo string, number int, commentID int64) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	rv, rc := r.findReviewComment(commentID)
	if rc == nil || rv.PullRequest != number {
		panic(fmt.Sprintf("fakegithub: no review comment %d on %s#%d", commentID, repo, number))
	}
	c := s.payloadCall(r)
	pr := r.pulls[number]
	out := c.envelope(rc.User)
	out["action"] = "created"
	out["comment"] = c.reviewCommentJSON(pr, *rc)
	out["pull_request"] = c.pullJSON(pr)
	return marshal(out)
}

// IssuesPayload builds the issues event of action ("opened", "closed",
// "reopened", "edited", ...) on an issue (not a pull request), sent by
// login. "closed" and "reopened" also close or reopen the issue; no
// action adds its own keys (label, assignee, changes).
func (s *Server) IssuesPayload(repo string, number int, action, login string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	is := r.issues[number]
	if is == nil {
		panic(fmt.Sprintf("fakegithub: no issue %d in %s (a pull request sends pull_request events)", number, repo))
	}
	if login == "" {
		login = is.User
	}
	switch action {
	case "closed":
		s.setIssueState(r, number, "closed", login)
	case "reopened":
		s.setIssueState(r, number, "open", login)
	}
	c := s.payloadCall(r)
	out := c.envelope(login)
	out["action"] = action
	out["issue"] = c.issueJSON(issueRef{issue: is})
	return marshal(out)
}

// MergeGroupPayload builds the merge_group "checks_requested" event GitHub
// sends when a merge queue wants checks on headSHA, the queue's
// temporary branch headRef ("gh-readonly-queue/main/pr-1-…", with or
// without "refs/heads/") built on baseSHA. It creates that branch, as
// GitHub does, so that the App can read it. The base branch is the one
// whose tip is baseSHA (the default branch first), else the default
// branch; the sender is the head commit's author, or octocat.
func (s *Server) MergeGroupPayload(repo, baseSHA, headSHA, headRef string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	base, head := r.resolve(baseSHA), r.resolve(headSHA)
	if base == nil || head == nil {
		panic(fmt.Sprintf("fakegithub: merge group %s...%s needs both commits in %s", baseSHA, headSHA, repo))
	}
	if !strings.HasPrefix(headRef, "refs/") {
		headRef = "refs/heads/" + headRef
	}
	baseRef := "refs/heads/" + r.DefaultBranch
	if r.branches[r.DefaultBranch] != base.sha {
		for _, name := range sortedKeys(r.branches) {
			if r.branches[name] == base.sha {
				baseRef = "refs/heads/" + name
				break
			}
		}
	}
	r.branches[strings.TrimPrefix(headRef, "refs/heads/")] = head.sha
	sender := head.author.Login
	if sender == "" {
		sender = "octocat"
	}
	person := map[string]any{"name": head.author.Name, "email": head.author.Email}
	c := s.payloadCall(r)
	out := c.envelope(sender)
	out["action"] = "checks_requested"
	out["merge_group"] = map[string]any{
		"head_sha": head.sha,
		"head_ref": headRef,
		"base_sha": base.sha,
		"base_ref": baseRef,
		"head_commit": map[string]any{
			"id":        head.sha,
			"tree_id":   treeSHA(head),
			"message":   head.message,
			"timestamp": timestamp(head.time),
			"author":    person,
			"committer": person,
		},
	}
	return marshal(out)
}
