package fakegithub

import (
	"net/http"
	"strconv"
	"time"
)

// reviewStates maps a review's event to the state it leaves.
var reviewStates = map[string]string{
	"APPROVE":         "APPROVED",
	"REQUEST_CHANGES": "CHANGES_REQUESTED",
	"COMMENT":         "COMMENTED",
	"":                "PENDING",
}

// POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews
//
// A review is all or nothing: one inline comment GitHub cannot place on
// the diff fails the whole request with 422.
func createReview(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	r := c.repo
	commitID, ok := c.str("commit_id")
	if !ok || commitID == "" {
		commitID = pr.HeadSHA
	}
	if r.commits[commitID] == nil {
		c.unprocessable("PullRequestReview", "commit_id", "invalid", "")
		return
	}
	event, _ := c.str("event")
	body, _ := c.str("body")
	rawComments, _ := c.body["comments"].([]any)
	fail := func(msg string) {
		c.errorWith(http.StatusUnprocessableEntity, "Unprocessable Entity", map[string]any{
			"errors":            []any{msg},
			"documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
		})
	}
	// "body: Required when using REQUEST_CHANGES or COMMENT for the event
	// parameter." GitHub takes a COMMENT review with inline comments and
	// no body.
	if body == "" && (event == "REQUEST_CHANGES" || (event == "COMMENT" && len(rawComments) == 0)) {
		fail("Body can't be blank")
		return
	}
	user := c.actor()
	if event == "" {
		for _, rv := range r.reviews {
			if rv.PullRequest == pr.Number && rv.User == user && rv.State == "PENDING" {
				fail("User can only have one pending review per pull request")
				return
			}
		}
	}

	// The diff the comments are placed on: the pull request's files at
	// commit_id.
	patches := map[string]string{}
	mb := r.mergeBase(pr.BaseSHA, commitID)
	for _, ch := range r.rangeChanges(mb, commitID) {
		if p, ok := c.s.patchFor(r, ch); ok {
			patches[ch.path] = p.text
		} else {
			patches[ch.path] = ""
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	review := &Review{
		ID:          c.s.newID(),
		PullRequest: pr.Number,
		User:        user,
		State:       reviewStates[event],
		Body:        body,
		CommitID:    commitID,
	}
	if review.State != "PENDING" {
		review.SubmittedAt = now
	}
	for _, raw := range rawComments {
		m, _ := raw.(map[string]any)
		rc, msg := placeComment(m, patches)
		if msg != "" {
			fail(msg)
			return
		}
		rc.ID = c.s.newID()
		rc.ReviewID = review.ID
		rc.CommitID = commitID
		rc.User = user
		rc.CreatedAt = now
		rc.Body, _ = m["body"].(string)
		review.Comments = append(review.Comments, rc)
	}
	r.reviews = append(r.reviews, review)
	c.json(http.StatusOK, c.reviewJSON(pr, review))
}

// placeComment finds where an inline comment goes in the diff, by line
// and side (start_line and start_side for a range) or by position, and
// returns GitHub's complaint if it cannot.
func placeComment(m map[string]any, patches map[string]string) (ReviewComment, string) {
	var rc ReviewComment
	rc.Path, _ = m["path"].(string)
	text, ok := patches[rc.Path]
	if !ok {
		return rc, "Path could not be resolved"
	}
	lines := patchLines(text)
	num := func(key string) (int, bool) {
		f, ok := m[key].(float64)
		return int(f), ok
	}
	if pos, ok := num("position"); ok {
		for _, dl := range lines {
			if dl.position == pos {
				rc.Position = pos
				rc.Side = dl.side
				rc.Line = dl.line
				if dl.side == "LEFT" {
					// A context line is listed for both sides; the
					// comment belongs to the new file's line.
					continue
				}
				break
			}
		}
		if rc.Position == 0 {
			return rc, reviewOutsideDiff
		}
		rc.DiffHunk = diffHunk(text, rc.Position)
		return rc, ""
	}
	line, ok := num("line")
	if !ok {
		return rc, reviewOutsideDiff
	}
	side, _ := m["side"].(string)
	if side == "" {
		side = "RIGHT"
	}
	find := func(side string, line int) (diffLine, bool) {
		for _, dl := range lines {
			if dl.side == side && dl.line == line {
				return dl, true
			}
		}
		return diffLine{}, false
	}
	at, ok := find(side, line)
	if !ok {
		return rc, reviewOutsideDiff
	}
	rc.Line, rc.Side, rc.Position = line, side, at.position
	if start, ok := num("start_line"); ok {
		startSide, _ := m["start_side"].(string)
		if startSide == "" {
			startSide = side
		}
		from, ok := find(startSide, start)
		if !ok {
			return rc, "Pull request review thread start line must be part of the diff"
		}
		if from.hunk != at.hunk {
			return rc, "Pull request review thread start line must be part of the same hunk as the line."
		}
		if from.position > at.position {
			return rc, "Pull request review thread start line must precede the end line."
		}
		rc.StartLine, rc.StartSide = start, startSide
	}
	rc.DiffHunk = diffHunk(text, rc.Position)
	return rc, ""
}

// GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews
func listReviews(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	var mine []*Review
	for _, rv := range c.repo.reviews {
		if rv.PullRequest == pr.Number {
			mine = append(mine, rv)
		}
	}
	lo, hi := c.paginate(len(mine), 30, 100, 0)
	out := []any{}
	for _, rv := range mine[lo:hi] {
		out = append(out, c.reviewJSON(pr, rv))
	}
	c.json(http.StatusOK, out)
}

// GET /repos/{owner}/{repo}/pulls/{pull_number}/comments
func listReviewComments(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	var all []ReviewComment
	for _, rv := range c.repo.reviews {
		if rv.PullRequest == pr.Number {
			all = append(all, rv.Comments...)
		}
	}
	lo, hi := c.paginate(len(all), 30, 100, 0)
	out := []any{}
	for _, rc := range all[lo:hi] {
		out = append(out, c.reviewCommentJSON(pr, rc))
	}
	c.json(http.StatusOK, out)
}

func (c *call) reviewJSON(pr *pullState, rv *Review) map[string]any {
	full := c.repo.fullName()
	api := c.base + "/repos/" + full
	n := strconv.Itoa(pr.Number)
	html := "https://github.com/" + full + "/pull/" + n + "#pullrequestreview-" + strconv.FormatInt(rv.ID, 10)
	out := c.tmpl("pull-request-review", "pull-request-review")
	out["id"] = rv.ID
	out["node_id"] = nodeID("PullRequestReview", rv.ID)
	out["user"] = c.userJSON(rv.User)
	out["body"] = rv.Body
	out["state"] = rv.State
	out["html_url"] = html
	out["pull_request_url"] = api + "/pulls/" + n
	out["_links"] = map[string]any{
		"html":         map[string]any{"href": html},
		"pull_request": map[string]any{"href": api + "/pulls/" + n},
	}
	out["commit_id"] = rv.CommitID
	out["author_association"] = "NONE"
	if rv.SubmittedAt.IsZero() {
		delete(out, "submitted_at")
	} else {
		out["submitted_at"] = timestamp(rv.SubmittedAt)
	}
	return out
}

func (c *call) reviewCommentJSON(pr *pullState, rc ReviewComment) map[string]any {
	full := c.repo.fullName()
	api := c.base + "/repos/" + full
	n := strconv.Itoa(pr.Number)
	id := strconv.FormatInt(rc.ID, 10)
	html := "https://github.com/" + full + "/pull/" + n + "#discussion_r" + id
	out := c.tmpl("pull-request-review-comment-items", "pull-request-review-comment")
	out["url"] = api + "/pulls/comments/" + id
	out["id"] = rc.ID
	out["node_id"] = nodeID("PullRequestReviewComment", rc.ID)
	out["pull_request_review_id"] = rc.ReviewID
	out["diff_hunk"] = rc.DiffHunk
	out["path"] = rc.Path
	out["position"] = rc.Position
	out["original_position"] = rc.Position
	out["commit_id"] = rc.CommitID
	out["original_commit_id"] = rc.CommitID
	out["user"] = c.userJSON(rc.User)
	out["body"] = rc.Body
	out["created_at"] = timestamp(rc.CreatedAt)
	out["updated_at"] = timestamp(rc.CreatedAt)
	out["html_url"] = html
	out["pull_request_url"] = api + "/pulls/" + n
	out["author_association"] = "NONE"
	out["_links"] = map[string]any{
		"self":         map[string]any{"href": api + "/pulls/comments/" + id},
		"html":         map[string]any{"href": html},
		"pull_request": map[string]any{"href": api + "/pulls/" + n},
	}
	out["line"] = rc.Line
	out["original_line"] = rc.Line
	out["side"] = rc.Side
	out["subject_type"] = "line"
	if rc.StartLine != 0 {
		out["start_line"] = rc.StartLine
		out["original_start_line"] = rc.StartLine
		out["start_side"] = rc.StartSide
	} else {
		out["start_line"] = nil
		out["original_start_line"] = nil
		out["start_side"] = nil
	}
	if rc.InReplyTo != 0 {
		out["in_reply_to_id"] = rc.InReplyTo
	} else {
		delete(out, "in_reply_to_id")
	}
	out["reactions"] = reactionRollup(api+"/pulls/comments/"+id+"/reactions", rc.Reactions)
	return out
}

// Reviews returns a pull request's reviews, oldest first, with their
// inline comments.
func (s *Server) Reviews(repo string, number int) []Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Review
	for _, rv := range s.repo(repo).reviews {
		if rv.PullRequest == number {
			cp := *rv
			cp.Comments = copyComments(rv.Comments)
			out = append(out, cp)
		}
	}
	return out
}

func copyComments(list []ReviewComment) []ReviewComment {
	out := append([]ReviewComment(nil), list...)
	for i := range out {
		out[i].Reactions = append([]Reaction(nil), out[i].Reactions...)
	}
	return out
}
