package fakegithub

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// treeSHA names a commit's tree (not git's exact bytes; stable).
func treeSHA(cm *commitState) string {
	h := sha1.New()
	for _, p := range sortedKeys(cm.tree) {
		fmt.Fprintf(h, "%s %s\n", cm.tree[p].blob, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// commitJSON renders a commit; with files (even empty) it includes stats
// and the files, as the single-commit endpoint does.
func (c *call) commitJSON(cm *commitState, example string, files []any) map[string]any {
	full := c.repo.fullName()
	api := c.base + "/repos/" + full
	out := c.tmpl(example, "commit")
	out["sha"] = cm.sha
	out["node_id"] = base64.StdEncoding.EncodeToString([]byte("C_" + cm.sha))
	out["url"] = api + "/commits/" + cm.sha
	out["html_url"] = "https://github.com/" + full + "/commit/" + cm.sha
	out["comments_url"] = api + "/commits/" + cm.sha + "/comments"
	person := map[string]any{"name": cm.author.Name, "email": cm.author.Email, "date": timestamp(cm.time)}
	inner, _ := out["commit"].(map[string]any)
	if inner == nil {
		inner = map[string]any{}
	}
	inner["url"] = api + "/git/commits/" + cm.sha
	inner["author"] = person
	inner["committer"] = person
	inner["message"] = cm.message
	tree := treeSHA(cm)
	inner["tree"] = map[string]any{"sha": tree, "url": api + "/git/trees/" + tree}
	comments := 0
	for _, cc := range c.repo.commitComments {
		if cc.SHA == cm.sha {
			comments++
		}
	}
	inner["comment_count"] = comments
	inner["verification"] = map[string]any{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil, "verified_at": nil}
	out["commit"] = inner
	if cm.author.Login != "" {
		out["author"] = c.userJSON(cm.author.Login)
		out["committer"] = c.userJSON(cm.author.Login)
	} else {
		out["author"] = nil
		out["committer"] = nil
	}
	parents := []any{}
	for _, p := range cm.parents {
		parents = append(parents, map[string]any{
			"sha": p, "url": api + "/commits/" + p, "html_url": "https://github.com/" + full + "/commit/" + p,
		})
	}
	out["parents"] = parents
	if files == nil {
		delete(out, "files")
		delete(out, "stats")
		return out
	}
	adds, dels := 0, 0
	for _, f := range files {
		m := f.(map[string]any)
		adds += m["additions"].(int)
		dels += m["deletions"].(int)
	}
	out["stats"] = map[string]any{"additions": adds, "deletions": dels, "total": adds + dels}
	out["files"] = files
	return out
}

// GET /repos/{owner}/{repo}/commits/{ref}
//
// More than 300 files come in pages of 300, up to 3000 files.
func getCommit(c *call) {
	ref := c.params["ref"]
	cm := c.repo.resolve(ref)
	if cm == nil {
		c.errorWith(http.StatusUnprocessableEntity, "No commit found for SHA: "+ref, nil)
		return
	}
	changes := c.repo.commitChanges(cm)
	lo, hi := c.paginate(len(changes), 300, 300, 3000)
	files := []any{}
	for _, ch := range changes[lo:hi] {
		files = append(files, c.diffEntryJSON(ch, cm.sha))
	}
	c.json(http.StatusOK, c.commitJSON(cm, "commit", files))
}

// GET /repos/{owner}/{repo}/compare/{basehead}
//
// A three-dot comparison, as GitHub's: head's commits since the merge
// base (ahead_by, total_commits), base's since it (behind_by), status
// ahead, behind, diverged or identical, and the files changed from the
// merge base to head. Commits are listed oldest first. Without page or
// per_page GitHub returns the last 250 commits ("the last commit in the
// list is the most recent of the entire comparison"); with them it pages
// all of them, 30 a page by default and at most 100, and shows files on
// the first page only. Files stop at 300 either way. Histories with no
// common ancestor are 404.
func compare(c *call) {
	bh := c.params["basehead"]
	baseRef, headRef, ok := strings.Cut(bh, "...")
	if !ok {
		baseRef, headRef, ok = strings.Cut(bh, "..")
	}
	if !ok {
		c.notFound()
		return
	}
	base, head := c.repo.resolve(baseRef), c.repo.resolve(headRef)
	if base == nil || head == nil {
		c.notFound()
		return
	}
	r := c.repo
	mb := r.mergeBase(base.sha, head.sha)
	if mb == "" {
		// Unrelated histories have nothing to compare.
		c.error(http.StatusNotFound, "No common ancestor between "+baseRef+" and "+headRef+".")
		return
	}
	ahead := r.between(base.sha, head.sha)
	behind := r.between(head.sha, base.sha)
	status := "diverged"
	switch {
	case len(ahead) == 0 && len(behind) == 0:
		status = "identical"
	case len(behind) == 0:
		status = "ahead"
	case len(ahead) == 0:
		status = "behind"
	}
	full := r.fullName()
	out := c.tmpl("commit-comparison", "commit-comparison")
	out["url"] = c.base + "/repos/" + full + "/compare/" + bh
	out["html_url"] = "https://github.com/" + full + "/compare/" + bh
	out["permalink_url"] = "https://github.com/" + full + "/compare/" + base.sha[:7] + "..." + head.sha[:7]
	out["diff_url"] = "https://github.com/" + full + "/compare/" + bh + ".diff"
	out["patch_url"] = "https://github.com/" + full + "/compare/" + bh + ".patch"
	out["base_commit"] = c.commitJSON(base, "commit-items", nil)
	out["merge_base_commit"] = c.commitJSON(r.commits[mb], "commit-items", nil)
	out["status"] = status
	out["ahead_by"] = len(ahead)
	out["behind_by"] = len(behind)
	out["total_commits"] = len(ahead)

	paged := c.query.Has("page") || c.query.Has("per_page")
	var shown []*commitState
	firstPage := true
	if paged {
		lo, hi := c.paginate(len(ahead), 30, 100, 0)
		shown = ahead[lo:hi]
		firstPage = lo == 0
	} else {
		shown = ahead[max(len(ahead)-250, 0):]
	}
	commits := []any{}
	for _, cm := range shown {
		commits = append(commits, c.commitJSON(cm, "commit-items", nil))
	}
	out["commits"] = commits
	if firstPage {
		changes := r.rangeChanges(mb, head.sha)
		if len(changes) > 300 {
			changes = changes[:300]
		}
		files := []any{}
		for _, ch := range changes {
			files = append(files, c.diffEntryJSON(ch, head.sha))
		}
		out["files"] = files
	} else {
		delete(out, "files")
	}
	c.json(http.StatusOK, out)
}

// GET /repos/{owner}/{repo}/commits
//
// Commits reachable from sha (a branch or a commit; the default branch
// when absent), newest first as git log lists them: by commit date, but
// never a parent before all of its children (git log --date-order), and
// following every parent of a merge. path, author, since and until filter
// as GitHub documents; 30 a page by default, at most 100.
func listCommits(c *call) {
	r := c.repo
	if len(r.commits) == 0 {
		c.error(http.StatusConflict, "Git Repository is empty.")
		return
	}
	ref := c.query.Get("sha")
	if ref == "" {
		ref = r.DefaultBranch
	}
	start := r.resolve(ref)
	if start == nil {
		c.error(http.StatusNotFound, "No commit found for SHA: "+ref)
		return
	}
	var since, until time.Time
	if v := c.query.Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	if v := c.query.Get("until"); v != "" {
		until, _ = time.Parse(time.RFC3339, v)
	}
	path := strings.Trim(c.query.Get("path"), "/")
	author := c.query.Get("author")
	var list []*commitState
	for _, cm := range r.log(start.sha) {
		if !since.IsZero() && cm.time.Before(since) || !until.IsZero() && cm.time.After(until) {
			continue
		}
		if author != "" && !strings.EqualFold(author, cm.author.Login) && !strings.EqualFold(author, cm.author.Email) {
			continue
		}
		if path != "" && !r.touches(cm, path) {
			continue
		}
		list = append(list, cm)
	}
	lo, hi := c.paginate(len(list), 30, 100, 0)
	out := []any{}
	for _, cm := range list[lo:hi] {
		out = append(out, c.commitJSON(cm, "commit-items", nil))
	}
	c.json(http.StatusOK, out)
}

// log lists the commits reachable from sha, newest first, no commit
// before all of its children (those reachable from sha): git log
// --date-order. Ties in time go to the commit added later.
func (r *repoState) log(sha string) []*commitState {
	reach := r.ancestors(sha)
	children := map[string]int{} // unlisted children of each commit
	for x := range reach {
		for _, p := range r.commits[x].parents {
			children[p]++
		}
	}
	newer := func(a, b *commitState) bool {
		if !a.time.Equal(b.time) {
			return a.time.After(b.time)
		}
		return a.generated > b.generated
	}
	ready := []*commitState{r.commits[sha]}
	var out []*commitState
	for len(ready) > 0 {
		best := 0
		for i := range ready {
			if newer(ready[i], ready[best]) {
				best = i
			}
		}
		cm := ready[best]
		ready = append(ready[:best], ready[best+1:]...)
		out = append(out, cm)
		for _, p := range cm.parents {
			if children[p]--; children[p] == 0 {
				ready = append(ready, r.commits[p])
			}
		}
	}
	return out
}

// touches reports whether a commit changed path (a file, or anything
// under a directory): its content there differs from every parent's, as
// git log decides which commits a path's history shows (a merge that took
// one side's version unchanged is left out).
func (r *repoState) touches(cm *commitState, path string) bool {
	under := func(tree map[string]*treeFile) string {
		var b strings.Builder
		for _, p := range sortedKeys(tree) {
			if p == path || strings.HasPrefix(p, path+"/") {
				b.WriteString(p + " " + tree[p].blob + "\n")
			}
		}
		return b.String()
	}
	mine := under(cm.tree)
	if len(cm.parents) == 0 {
		return mine != ""
	}
	for _, p := range cm.parents {
		if under(r.commits[p].tree) == mine {
			return false
		}
	}
	return true
}
