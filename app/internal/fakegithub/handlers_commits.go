package fakegithub

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
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
// Without page or per_page GitHub returns the last 250 commits; with them
// it pages the commits and shows files on the first page only. Files stop
// at 300 either way.
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
	if mb != "" {
		out["merge_base_commit"] = c.commitJSON(r.commits[mb], "commit-items", nil)
	} else {
		out["merge_base_commit"] = c.commitJSON(base, "commit-items", nil)
	}
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
