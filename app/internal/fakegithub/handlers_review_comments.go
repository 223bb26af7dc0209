package fakegithub

import (
	"net/http"
	"sort"
	"time"
)

// findReviewComment finds an inline comment of a repository by ID, with
// the review that holds it.
func (r *repoState) findReviewComment(id int64) (*Review, *ReviewComment) {
	for _, rv := range r.reviews {
		for i := range rv.Comments {
			if rv.Comments[i].ID == id {
				return rv, &rv.Comments[i]
			}
		}
	}
	return nil, nil
}

// reviewComment finds the {comment_id} review comment of this repository
// and its pull request, answering 404 if there is none.
func (c *call) reviewComment() (*pullState, *ReviewComment) {
	rv, rc := c.repo.findReviewComment(c.intParam("comment_id"))
	if rc == nil {
		c.notFound()
		return nil, nil
	}
	return c.repo.pulls[rv.PullRequest], rc
}

// GET /repos/{owner}/{repo}/pulls/comments/{comment_id}
func getReviewComment(c *call) {
	if pr, rc := c.reviewComment(); rc != nil {
		c.json(http.StatusOK, c.reviewCommentJSON(pr, *rc))
	}
}

// POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies
//
// A reply joins the comment's thread: it takes the thread's place in the
// diff (path, line, position, commit) and is held, as on GitHub, by a
// review of its own in the COMMENTED state. A comment of another pull
// request, or none, is 404. Replying to a reply answers the thread: the
// reply's in_reply_to_id names the comment that started it.
func createReviewCommentReply(c *call) {
	pr := c.pull()
	if pr == nil {
		return
	}
	rv, parent := c.repo.findReviewComment(c.intParam("comment_id"))
	if parent == nil || rv.PullRequest != pr.Number {
		c.notFound()
		return
	}
	body, _ := c.str("body")
	rc := c.s.addReply(c.repo, pr, *parent, c.actor(), body)
	c.json(http.StatusCreated, c.reviewCommentJSON(pr, rc))
}

// addReply adds a reply to parent's thread by user, in a review of its
// own, and returns it (with s.mu held).
func (s *Server) addReply(r *repoState, pr *pullState, parent ReviewComment, user, body string) ReviewComment {
	now := time.Now().UTC().Truncate(time.Second)
	root := parent.ID
	if parent.InReplyTo != 0 {
		root = parent.InReplyTo
	}
	rc := parent
	rc.ID = 0
	rc.InReplyTo = root
	rc.Body = body
	rc.User = user
	rc.CreatedAt = now
	rc.Reactions = nil
	review := &Review{ID: s.newID(), PullRequest: pr.Number, User: user, State: "COMMENTED", CommitID: parent.CommitID, SubmittedAt: now}
	rc.ID = s.newID()
	rc.ReviewID = review.ID
	review.Comments = []ReviewComment{rc}
	r.reviews = append(r.reviews, review)
	s.userID(user)
	return rc
}

// POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions
func createReviewCommentReaction(c *call) {
	if _, rc := c.reviewComment(); rc != nil {
		c.react(&rc.Reactions)
	}
}

// GET /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions
func listReviewCommentReactions(c *call) {
	if _, rc := c.reviewComment(); rc != nil {
		c.listReactionsOf(rc.Reactions)
	}
}

// ReviewComments returns a pull request's inline comments, replies
// included, oldest first.
func (s *Server) ReviewComments(repo string, number int) []ReviewComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ReviewComment
	for _, rv := range s.repo(repo).reviews {
		if rv.PullRequest == number {
			out = append(out, copyComments(rv.Comments)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Reactions returns the reactions on a comment of a repository: an issue
// or pull request conversation comment, or an inline review comment (their
// IDs never collide in the fake). Nil if there is no such comment.
func (s *Server) Reactions(repo string, commentID int64) []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	for _, ic := range r.issueComments {
		if ic.ID == commentID {
			return append([]Reaction{}, ic.Reactions...)
		}
	}
	if _, rc := r.findReviewComment(commentID); rc != nil {
		return append([]Reaction{}, rc.Reactions...)
	}
	return nil
}

// AddReviewComment adds an inline comment to an open pull request's diff
// at its head, as if someone had left it, and returns its ID. With
// InReplyTo set it is a reply in that comment's thread and takes the
// thread's place; otherwise Path and Line (on Side, "RIGHT" when empty;
// or Position) must be on the diff, or AddReviewComment panics. User
// defaults to "octocat".
func (s *Server) AddReviewComment(repo string, number int, rc ReviewComment) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	pr := r.pulls[number]
	if pr == nil {
		panic("fakegithub: no pull request " + itoa(number) + " in " + repo)
	}
	if rc.User == "" {
		rc.User = "octocat"
	}
	if rc.InReplyTo != 0 {
		rv, parent := r.findReviewComment(rc.InReplyTo)
		if parent == nil || rv.PullRequest != number {
			panic("fakegithub: no review comment " + itoa64(rc.InReplyTo) + " on pull request " + itoa(number))
		}
		return s.addReply(r, pr, *parent, rc.User, rc.Body).ID
	}
	patches := map[string]string{}
	for _, ch := range r.rangeChanges(r.mergeBase(pr.BaseSHA, pr.HeadSHA), pr.HeadSHA) {
		p, _ := s.patchFor(r, ch)
		patches[ch.path] = p.text
	}
	m := map[string]any{"path": rc.Path}
	switch {
	case rc.Position != 0:
		m["position"] = float64(rc.Position)
	default:
		m["line"] = float64(rc.Line)
		if rc.Side != "" {
			m["side"] = rc.Side
		}
		if rc.StartLine != 0 {
			m["start_line"] = float64(rc.StartLine)
			if rc.StartSide != "" {
				m["start_side"] = rc.StartSide
			}
		}
	}
	placed, msg := placeComment(m, patches)
	if msg != "" {
		panic("fakegithub: review comment on " + rc.Path + ": " + msg)
	}
	now := time.Now().UTC().Truncate(time.Second)
	placed.Body, placed.User, placed.CommitID, placed.CreatedAt = rc.Body, rc.User, pr.HeadSHA, now
	review := &Review{ID: s.newID(), PullRequest: number, User: rc.User, State: "COMMENTED", CommitID: pr.HeadSHA, SubmittedAt: now}
	placed.ID = s.newID()
	placed.ReviewID = review.ID
	review.Comments = []ReviewComment{placed}
	r.reviews = append(r.reviews, review)
	s.userID(rc.User)
	return placed.ID
}
