package fakegithub

import (
	"net/http"
	"strconv"
)

// pull finds the {pull_number} pull request, answering 404 if there is none.
func (c *call) pull() *pullState {
	pr := c.repo.pulls[int(c.intParam("pull_number"))]
	if pr == nil {
		c.notFound()
	}
	return pr
}

// pullChanges lists a pull request's files: its head against the merge
// base of base and head.
func (c *call) pullChanges(pr *pullState) []fileChange {
	mb := c.repo.mergeBase(pr.BaseSHA, pr.HeadSHA)
	return c.repo.rangeChanges(mb, pr.HeadSHA)
}

// GET /repos/{owner}/{repo}/pulls/{pull_number}
func getPull(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	c.json(http.StatusOK, c.pullJSON(pr))
}

func (c *call) pullJSON(pr *pullState) map[string]any {
	r := c.repo
	full := r.fullName()
	api := c.base + "/repos/" + full
	n := strconv.Itoa(pr.Number)
	out := c.tmpl("pull-request", "pull-request")
	out["url"] = api + "/pulls/" + n
	out["id"] = pr.id
	out["node_id"] = nodeID("PullRequest", pr.id)
	out["html_url"] = "https://github.com/" + full + "/pull/" + n
	out["diff_url"] = "https://github.com/" + full + "/pull/" + n + ".diff"
	out["patch_url"] = "https://github.com/" + full + "/pull/" + n + ".patch"
	out["issue_url"] = api + "/issues/" + n
	out["commits_url"] = api + "/pulls/" + n + "/commits"
	out["review_comments_url"] = api + "/pulls/" + n + "/comments"
	out["review_comment_url"] = api + "/pulls/comments{/number}"
	out["comments_url"] = api + "/issues/" + n + "/comments"
	out["statuses_url"] = api + "/statuses/" + pr.HeadSHA
	out["number"] = pr.Number
	out["state"] = pr.State
	out["locked"] = false
	out["title"] = pr.Title
	out["body"] = pr.Body
	out["user"] = c.userJSON(pr.Author)
	out["labels"] = []any{}
	out["milestone"] = nil
	out["active_lock_reason"] = nil
	out["created_at"] = timestamp(pr.created)
	out["updated_at"] = timestamp(pr.updated)
	out["closed_at"] = nil
	if pr.State == "closed" {
		out["closed_at"] = timestamp(pr.updated)
	}
	out["merged_at"] = nil
	out["merged"] = false
	out["merged_by"] = nil
	out["merge_commit_sha"] = nil
	out["mergeable"] = true
	out["rebaseable"] = true
	out["mergeable_state"] = "clean"
	out["assignee"] = nil
	out["assignees"] = []any{}
	out["requested_reviewers"] = []any{}
	out["requested_teams"] = []any{}
	out["draft"] = pr.Draft
	out["auto_merge"] = nil
	out["author_association"] = "CONTRIBUTOR"
	out["maintainer_can_modify"] = false
	out["head"] = c.branchJSON(pr.Head, pr.HeadSHA)
	out["base"] = c.branchJSON(pr.Base, pr.BaseSHA)
	links := map[string]any{}
	for k, href := range map[string]string{
		"self": api + "/pulls/" + n, "html": "https://github.com/" + full + "/pull/" + n,
		"issue": api + "/issues/" + n, "comments": api + "/issues/" + n + "/comments",
		"review_comments": api + "/pulls/" + n + "/comments", "review_comment": api + "/pulls/comments{/number}",
		"commits": api + "/pulls/" + n + "/commits", "statuses": api + "/statuses/" + pr.HeadSHA,
	} {
		links[k] = map[string]any{"href": href}
	}
	out["_links"] = links

	comments, reviewComments := 0, 0
	for _, ic := range r.issueComments {
		if ic.Issue == pr.Number {
			comments++
		}
	}
	for _, rv := range r.reviews {
		if rv.PullRequest == pr.Number {
			reviewComments += len(rv.Comments)
		}
	}
	out["comments"] = comments
	out["review_comments"] = reviewComments
	changes := c.pullChanges(pr)
	adds, dels := 0, 0
	for _, ch := range changes {
		p, _ := c.s.patchFor(r, ch)
		adds += p.additions
		dels += p.deletions
	}
	out["commits"] = len(r.between(r.mergeBase(pr.BaseSHA, pr.HeadSHA), pr.HeadSHA))
	out["additions"] = adds
	out["deletions"] = dels
	out["changed_files"] = len(changes)
	return out
}

// branchJSON renders a pull request's head or base.
func (c *call) branchJSON(ref, sha string) map[string]any {
	return map[string]any{
		"label": c.repo.Owner + ":" + ref,
		"ref":   ref,
		"sha":   sha,
		"user":  c.userJSON(c.repo.Owner),
		"repo":  c.repoJSON(c.repo),
	}
}

// GET /repos/{owner}/{repo}/pulls/{pull_number}/files
//
// GitHub lists at most 3000 files of a pull request, 30 a page by
// default and at most 100.
func listPullFiles(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	changes := c.pullChanges(pr)
	lo, hi := c.paginate(len(changes), 30, 100, 3000)
	out := []any{}
	for _, ch := range changes[lo:hi] {
		out = append(out, c.diffEntryJSON(ch, pr.HeadSHA))
	}
	c.json(http.StatusOK, out)
}

// GET /repos/{owner}/{repo}/pulls/{pull_number}/commits
//
// GitHub lists at most 250 commits of a pull request.
func listPullCommits(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	commits := c.repo.between(c.repo.mergeBase(pr.BaseSHA, pr.HeadSHA), pr.HeadSHA)
	lo, hi := c.paginate(len(commits), 30, 100, 250)
	out := []any{}
	for _, cm := range commits[lo:hi] {
		out = append(out, c.commitJSON(cm, "commit-items", nil))
	}
	c.json(http.StatusOK, out)
}

// diffEntryJSON renders one changed file as GitHub lists it.
func (c *call) diffEntryJSON(ch fileChange, commit string) map[string]any {
	full := c.repo.fullName()
	out := c.tmpl("diff-entry-items", "diff-entry")
	p, ok := c.s.patchFor(c.repo, ch)
	out["sha"] = ch.blob
	out["filename"] = ch.path
	out["status"] = ch.status
	out["additions"] = p.additions
	out["deletions"] = p.deletions
	out["changes"] = p.additions + p.deletions
	out["blob_url"] = "https://github.com/" + full + "/blob/" + commit + "/" + escapePath(ch.path)
	out["raw_url"] = "https://github.com/" + full + "/raw/" + commit + "/" + escapePath(ch.path)
	out["contents_url"] = c.base + "/repos/" + full + "/contents/" + escapePath(ch.path) + "?ref=" + commit
	if ok && !ch.omitPatch {
		out["patch"] = p.text
	} else {
		delete(out, "patch")
	}
	if ch.status == "renamed" {
		out["previous_filename"] = ch.previous
	} else {
		delete(out, "previous_filename")
	}
	return out
}
