package fakegithub

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// POST /repos/{owner}/{repo}/issues/{issue_number}/comments
func createIssueComment(c *call) {
	n := int(c.intParam("issue_number"))
	if _, ok := c.findIssue(n); !ok {
		c.notFound()
		return
	}
	body, _ := c.str("body")
	now := time.Now().UTC().Truncate(time.Second)
	ic := &IssueComment{ID: c.s.newID(), Issue: n, User: c.actor(), Body: body, CreatedAt: now, UpdatedAt: now}
	c.repo.issueComments = append(c.repo.issueComments, ic)
	c.json(http.StatusCreated, c.issueCommentJSON(ic))
}

// GET /repos/{owner}/{repo}/issues/{issue_number}/comments
func listIssueComments(c *call) {
	n := int(c.intParam("issue_number"))
	if _, ok := c.findIssue(n); !ok {
		c.notFound()
		return
	}
	var since time.Time
	if v := c.query.Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	var list []*IssueComment
	for _, ic := range c.repo.issueComments {
		if ic.Issue == n && !ic.UpdatedAt.Before(since) {
			list = append(list, ic)
		}
	}
	lo, hi := c.paginate(len(list), 30, 100, 0)
	out := []any{}
	for _, ic := range list[lo:hi] {
		out = append(out, c.issueCommentJSON(ic))
	}
	c.json(http.StatusOK, out)
}

// issueComment finds the {comment_id} comment of this repository.
func (c *call) issueComment() *IssueComment {
	id := c.intParam("comment_id")
	for _, ic := range c.repo.issueComments {
		if ic.ID == id {
			return ic
		}
	}
	c.notFound()
	return nil
}

// GET /repos/{owner}/{repo}/issues/comments/{comment_id}
func getIssueComment(c *call) {
	if ic := c.issueComment(); ic != nil {
		c.json(http.StatusOK, c.issueCommentJSON(ic))
	}
}

// PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}
func updateIssueComment(c *call) {
	ic := c.issueComment()
	if ic == nil {
		return
	}
	ic.Body, _ = c.str("body")
	ic.UpdatedAt = time.Now().UTC().Truncate(time.Second)
	c.json(http.StatusOK, c.issueCommentJSON(ic))
}

func (c *call) issueCommentJSON(ic *IssueComment) map[string]any {
	full := c.repo.fullName()
	api := c.base + "/repos/" + full
	kind := "issues"
	if c.repo.pulls[ic.Issue] != nil {
		kind = "pull"
	}
	id := strconv.FormatInt(ic.ID, 10)
	out := c.tmpl("issue-comment", "issue-comment")
	out["id"] = ic.ID
	out["node_id"] = nodeID("IssueComment", ic.ID)
	out["url"] = api + "/issues/comments/" + id
	out["html_url"] = "https://github.com/" + full + "/" + kind + "/" + strconv.Itoa(ic.Issue) + "#issuecomment-" + id
	out["issue_url"] = api + "/issues/" + strconv.Itoa(ic.Issue)
	out["body"] = ic.Body
	out["user"] = c.userJSON(ic.User)
	out["created_at"] = timestamp(ic.CreatedAt)
	out["updated_at"] = timestamp(ic.UpdatedAt)
	out["author_association"] = "NONE"
	if strings.HasSuffix(ic.User, "[bot]") && c.app != nil {
		out["performed_via_github_app"] = c.appJSON(c.app)
	} else {
		delete(out, "performed_via_github_app")
	}
	out["reactions"] = reactionRollup(api+"/issues/comments/"+id+"/reactions", ic.Reactions)
	return out
}

// reactionContents are the reactions GitHub offers.
var reactionContents = []string{"+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"}

// POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions
func createReaction(c *call) {
	if ic := c.issueComment(); ic != nil {
		c.react(&ic.Reactions)
	}
}

// GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions
func listReactions(c *call) {
	if ic := c.issueComment(); ic != nil {
		c.listReactionsOf(ic.Reactions)
	}
}

// react adds the request's reaction to a comment's. A reaction the user
// already left is answered 200 with that reaction, a new one 201, as
// GitHub documents ("Response when the reaction type has already been
// added to this ...").
func (c *call) react(list *[]Reaction) {
	content, _ := c.str("content")
	user := c.actor()
	for _, rx := range *list {
		if rx.User == user && rx.Content == content {
			c.json(http.StatusOK, c.reactionJSON(rx))
			return
		}
	}
	rx := Reaction{ID: c.s.newID(), User: user, Content: content, CreatedAt: time.Now().UTC().Truncate(time.Second)}
	*list = append(*list, rx)
	c.json(http.StatusCreated, c.reactionJSON(rx))
}

// listReactionsOf lists a comment's reactions, of one content if the
// request asks, oldest first.
func (c *call) listReactionsOf(all []Reaction) {
	var list []Reaction
	for _, rx := range all {
		if ct := c.query.Get("content"); ct == "" || ct == rx.Content {
			list = append(list, rx)
		}
	}
	lo, hi := c.paginate(len(list), 30, 100, 0)
	out := []any{}
	for _, rx := range list[lo:hi] {
		out = append(out, c.reactionJSON(rx))
	}
	c.json(http.StatusOK, out)
}

func (c *call) reactionJSON(rx Reaction) map[string]any {
	out := c.tmpl("reaction", "reaction")
	out["id"] = rx.ID
	out["node_id"] = nodeID("Reaction", rx.ID)
	out["user"] = c.userJSON(rx.User)
	out["content"] = rx.Content
	out["created_at"] = timestamp(rx.CreatedAt)
	return out
}

// reactionRollup is the "reactions" summary GitHub puts in a comment.
func reactionRollup(url string, list []Reaction) map[string]any {
	counts := map[string]any{"url": url, "total_count": len(list)}
	for _, k := range reactionContents {
		counts[k] = 0
	}
	for _, rx := range list {
		counts[rx.Content] = counts[rx.Content].(int) + 1
	}
	return counts
}

// POST /repos/{owner}/{repo}/commits/{commit_sha}/comments
func createCommitComment(c *call) {
	cm := c.repo.resolve(c.params["commit_sha"])
	if cm == nil {
		c.unprocessable("CommitComment", "commit_id", "invalid", "")
		return
	}
	cc := &CommitComment{ID: c.s.newID(), SHA: cm.sha, User: c.actor()}
	cc.Body, _ = c.str("body")
	cc.Path, _ = c.str("path")
	cc.Position, _ = c.num(c.body, "position")
	cc.Line, _ = c.num(c.body, "line")
	c.repo.commitComments = append(c.repo.commitComments, cc)
	c.json(http.StatusCreated, c.commitCommentJSON(cc))
}

// GET /repos/{owner}/{repo}/commits/{commit_sha}/comments
func listCommitComments(c *call) {
	cm := c.repo.resolve(c.params["commit_sha"])
	if cm == nil {
		c.unprocessable("CommitComment", "commit_id", "invalid", "")
		return
	}
	var list []*CommitComment
	for _, cc := range c.repo.commitComments {
		if cc.SHA == cm.sha {
			list = append(list, cc)
		}
	}
	lo, hi := c.paginate(len(list), 30, 100, 0)
	out := []any{}
	for _, cc := range list[lo:hi] {
		out = append(out, c.commitCommentJSON(cc))
	}
	c.json(http.StatusOK, out)
}

func (c *call) commitCommentJSON(cc *CommitComment) map[string]any {
	full := c.repo.fullName()
	id := strconv.FormatInt(cc.ID, 10)
	out := c.tmpl("commit-comment", "commit-comment")
	out["id"] = cc.ID
	out["node_id"] = nodeID("CommitComment", cc.ID)
	out["url"] = c.base + "/repos/" + full + "/comments/" + id
	out["html_url"] = "https://github.com/" + full + "/commit/" + cc.SHA + "#commitcomment-" + id
	out["body"] = cc.Body
	out["path"] = nil
	out["position"] = nil
	out["line"] = nil
	if cc.Path != "" {
		out["path"] = cc.Path
	}
	if cc.Position != 0 {
		out["position"] = cc.Position
	}
	if cc.Line != 0 {
		out["line"] = cc.Line
	}
	out["commit_id"] = cc.SHA
	out["user"] = c.userJSON(cc.User)
	now := timestamp(time.Now())
	out["created_at"] = now
	out["updated_at"] = now
	out["author_association"] = "NONE"
	return out
}

// IssueComments returns the comments on an issue or pull request's
// conversation, oldest first.
func (s *Server) IssueComments(repo string, number int) []IssueComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []IssueComment
	for _, ic := range s.repo(repo).issueComments {
		if ic.Issue == number {
			cp := *ic
			cp.Reactions = append([]Reaction(nil), ic.Reactions...)
			out = append(out, cp)
		}
	}
	return out
}

// CommitComments returns the comments on a commit, or with sha "" on
// every commit of the repository, oldest first.
func (s *Server) CommitComments(repo, sha string) []CommitComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CommitComment
	for _, cc := range s.repo(repo).commitComments {
		if sha == "" || cc.SHA == sha {
			out = append(out, *cc)
		}
	}
	return out
}

// AddIssueComment comments on an issue or a pull request's conversation
// as login, as if someone had, and returns the comment's ID.
func (s *Server) AddIssueComment(repo string, number int, login, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addIssueComment(s.repo(repo), number, login, body).ID
}

func (s *Server) addIssueComment(r *repoState, number int, login, body string) *IssueComment {
	if r.issues[number] == nil && r.pulls[number] == nil {
		panic(fmt.Sprintf("fakegithub: no issue or pull request %d in %s", number, r.fullName()))
	}
	if login == "" {
		login = "octocat"
	}
	s.userID(login)
	now := time.Now().UTC().Truncate(time.Second)
	ic := &IssueComment{ID: s.newID(), Issue: number, User: login, Body: body, CreatedAt: now, UpdatedAt: now}
	r.issueComments = append(r.issueComments, ic)
	return ic
}
