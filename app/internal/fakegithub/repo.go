package fakegithub

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"
)

// repoState is a repository and everything in it.
type repoState struct {
	Repo
	created        time.Time
	commits        map[string]*commitState
	branches       map[string]string // name to SHA
	blobs          map[string][]byte // git blob SHA to content
	pulls          map[int]*pullState
	issues         map[int]*Issue
	nextNumber     int
	issueComments  []*IssueComment
	reviews        []*Review
	commitComments []*CommitComment
	permissions    map[string]string // login to "admin", "write", "read", "none"
	// pushed holds the commits a push payload has delivered (or that were
	// behind one's "before"): see PushPayload.
	pushed map[string]bool
}

func (r *repoState) fullName() string { return r.Owner + "/" + r.Name }

// commitState is a commit with its whole tree.
type commitState struct {
	sha       string
	parents   []string
	message   string
	author    Person
	time      time.Time
	tree      map[string]*treeFile
	renames   map[string]string // new path to old, as the commit declared
	generated int               // insertion order
}

// treeFile is one file of a tree.
type treeFile struct {
	blob      string // git blob SHA, key into repoState.blobs
	binary    bool
	omitPatch bool
}

// pullState is a pull request.
type pullState struct {
	PullRequest
	id      int64
	created time.Time
	updated time.Time
}

// fileChange is one entry of a diff between two trees.
type fileChange struct {
	path, previous string
	status         string // added, removed, modified, renamed
	blob           string // the new blob (the old one for a removal)
	oldBlob        string
	binary         bool
	omitPatch      bool
}

// AddRepo adds a repository that an installation can see.
func (s *Server) AddRepo(r Repo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.DefaultBranch == "" {
		r.DefaultBranch = "main"
	}
	if r.ID == 0 {
		r.ID = s.newID() + 100000
	}
	s.userID(r.Owner)
	s.repos[strings.ToLower(r.Owner+"/"+r.Name)] = &repoState{
		Repo:        r,
		created:     s.lastCommitTime,
		commits:     map[string]*commitState{},
		branches:    map[string]string{},
		blobs:       map[string][]byte{},
		pulls:       map[int]*pullState{},
		issues:      map[int]*Issue{},
		nextNumber:  1,
		permissions: map[string]string{},
		pushed:      map[string]bool{},
	}
}

// repo returns a repository by full name, panicking on a name never added:
// that is a mistake in the test.
func (s *Server) repo(full string) *repoState {
	r := s.repos[strings.ToLower(full)]
	if r == nil {
		panic("fakegithub: no repository " + full + "; AddRepo it first")
	}
	return r
}

// SetPermission gives a user a permission on a repository ("admin",
// "maintain", "write", "triage", "read" or "none"), as the collaborator
// permission endpoint reports it.
func (s *Server) SetPermission(repo, login, permission string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repo(repo).permissions[login] = permission
	s.userID(login)
}

// SetBranch points a branch at a commit.
func (s *Server) SetBranch(repo, branch, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	if r.commits[sha] == nil {
		panic("fakegithub: no commit " + sha + " in " + repo)
	}
	r.branches[branch] = sha
}

// Branch returns the SHA a branch points at, or "".
func (s *Server) Branch(repo, branch string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.repo(repo).branches[branch]
}

// AddCommit adds a commit and returns its SHA. Its tree is its first
// parent's with the changes applied.
func (s *Server) AddCommit(repo string, c Commit) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	parents := c.Parents
	if len(parents) == 0 && c.Branch != "" && r.branches[c.Branch] != "" {
		parents = []string{r.branches[c.Branch]}
	}
	tree := map[string]*treeFile{}
	for _, p := range parents {
		if r.commits[p] == nil {
			panic("fakegithub: no parent commit " + p + " in " + repo)
		}
	}
	if len(parents) > 0 {
		for path, f := range r.commits[parents[0]].tree {
			cp := *f
			tree[path] = &cp
		}
	}
	for _, path := range c.Delete {
		if tree[path] == nil {
			panic("fakegithub: commit deletes " + path + ", which its parent lacks")
		}
		delete(tree, path)
	}
	for _, newPath := range sortedKeys(c.Rename) {
		old := c.Rename[newPath]
		f := tree[old]
		if f == nil {
			panic("fakegithub: commit renames " + old + ", which its parent lacks")
		}
		delete(tree, old)
		tree[newPath] = f
	}
	binary := setOf(c.Binary)
	omit := setOf(c.OmitPatch)
	for _, path := range sortedKeys(c.Files) {
		content := []byte(c.Files[path])
		sha := blobSHA(content)
		r.blobs[sha] = content
		tree[path] = &treeFile{blob: sha, binary: binary[path] || isBinary(content), omitPatch: omit[path]}
	}
	for path := range binary {
		if f := tree[path]; f != nil {
			f.binary = true
		}
	}
	for path := range omit {
		if f := tree[path]; f != nil {
			f.omitPatch = true
		}
	}

	when := c.Time
	if when.IsZero() {
		when = s.lastCommitTime.Add(time.Second)
	}
	if when.After(s.lastCommitTime) {
		s.lastCommitTime = when
	}
	author := c.Author
	if author.Name == "" {
		author = Person{Name: "Mona Lisa", Email: "mona@example.com", Login: "octocat"}
	}
	if author.Login != "" {
		s.userID(author.Login)
	}
	msg := c.Message
	if msg == "" {
		msg = "Change " + strings.Join(sortedKeys(c.Files), ", ")
	}
	// A SHA-1 over everything that makes the commit, as git's is; not
	// git's exact bytes (the fake keeps no tree objects).
	h := sha1.New()
	fmt.Fprintf(h, "%s\n%v\n%s\n%s <%s> %d\n", repo, parents, msg, author.Name, author.Email, when.Unix())
	for _, path := range sortedKeys(tree) {
		fmt.Fprintf(h, "%s %s\n", tree[path].blob, path)
	}
	fmt.Fprintf(h, "%d", len(r.commits))
	sha := hex.EncodeToString(h.Sum(nil))
	r.commits[sha] = &commitState{
		sha:       sha,
		parents:   parents,
		message:   msg,
		author:    author,
		time:      when.UTC(),
		tree:      tree,
		renames:   maps.Clone(c.Rename),
		generated: len(r.commits),
	}
	if c.Branch != "" {
		r.branches[c.Branch] = sha
	}
	return sha
}

// AddPullRequest opens a pull request and returns it with its number and
// SHAs filled in.
func (s *Server) AddPullRequest(repo string, pr PullRequest) PullRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	if pr.Base == "" {
		pr.Base = r.DefaultBranch
	}
	if pr.BaseSHA == "" {
		pr.BaseSHA = r.branches[pr.Base]
	}
	if pr.HeadSHA == "" {
		pr.HeadSHA = r.branches[pr.Head]
	}
	if r.commits[pr.BaseSHA] == nil || r.commits[pr.HeadSHA] == nil {
		panic(fmt.Sprintf("fakegithub: pull request %s...%s needs both commits in %s", pr.Base, pr.Head, repo))
	}
	if pr.Number == 0 {
		pr.Number = r.nextNumber
	}
	if _, taken := r.pulls[pr.Number]; taken || r.issues[pr.Number] != nil {
		panic(fmt.Sprintf("fakegithub: number %d is taken in %s", pr.Number, repo))
	}
	if pr.Number >= r.nextNumber {
		r.nextNumber = pr.Number + 1
	}
	if pr.Author == "" {
		pr.Author = "octocat"
	}
	if pr.Title == "" {
		pr.Title = "Update " + pr.Head
	}
	if pr.State == "" {
		pr.State = "open"
	}
	s.userID(pr.Author)
	now := s.lastCommitTime.Add(time.Second)
	r.pulls[pr.Number] = &pullState{PullRequest: pr, id: s.newID(), created: now, updated: now}
	return pr
}

// UpdatePullRequest moves an open pull request's head to a new commit
// (a push to its branch), as a synchronize event reports it.
func (s *Server) UpdatePullRequest(repo string, number int, headSHA string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	pr := r.pulls[number]
	if pr == nil || r.commits[headSHA] == nil {
		panic(fmt.Sprintf("fakegithub: no pull request %d or commit %s in %s", number, headSHA, repo))
	}
	pr.HeadSHA = headSHA
	r.branches[pr.Head] = headSHA
	pr.updated = s.lastCommitTime.Add(time.Second)
}

func setOf(list []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range list {
		m[x] = true
	}
	return m
}

// blobSHA is git's object name for a blob.
func blobSHA(content []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

// resolve turns a ref (branch, full or abbreviated SHA, "HEAD") into a
// commit.
func (r *repoState) resolve(ref string) *commitState {
	ref = strings.TrimPrefix(ref, "refs/heads/")
	if ref == "HEAD" {
		ref = r.DefaultBranch
	}
	if sha, ok := r.branches[ref]; ok {
		return r.commits[sha]
	}
	if c := r.commits[ref]; c != nil {
		return c
	}
	if len(ref) >= 7 {
		var found *commitState
		for sha, c := range r.commits {
			if strings.HasPrefix(sha, ref) {
				if found != nil {
					return nil // ambiguous
				}
				found = c
			}
		}
		return found
	}
	return nil
}

// ancestors returns every commit reachable from sha, itself included.
func (r *repoState) ancestors(sha string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{sha}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] || r.commits[x] == nil {
			continue
		}
		seen[x] = true
		stack = append(stack, r.commits[x].parents...)
	}
	return seen
}

// mergeBase returns the best common ancestor of a and b, as git
// merge-base does: a common ancestor that is no ancestor of another one
// (the newest, should there be several), or "".
func (r *repoState) mergeBase(a, b string) string {
	inA, inB := r.ancestors(a), r.ancestors(b)
	var common []*commitState
	for sha := range inA {
		if inB[sha] {
			common = append(common, r.commits[sha])
		}
	}
	// Children come after their parents in insertion order, so walking
	// it backwards meets each best ancestor before the ones it hides.
	sort.Slice(common, func(i, j int) bool { return common[i].generated > common[j].generated })
	hidden := map[string]bool{}
	var best *commitState
	for _, cm := range common {
		if hidden[cm.sha] {
			continue
		}
		if best == nil || cm.time.After(best.time) {
			best = cm
		}
		stack := append([]string(nil), cm.parents...)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if hidden[x] {
				continue
			}
			hidden[x] = true
			stack = append(stack, r.commits[x].parents...)
		}
	}
	if best == nil {
		return ""
	}
	return best.sha
}

// between returns the commits reachable from head but not from base,
// oldest first, as GitHub lists a comparison's or a pull request's.
func (r *repoState) between(base, head string) []*commitState {
	exclude := r.ancestors(base)
	var out []*commitState
	for sha := range r.ancestors(head) {
		if !exclude[sha] {
			out = append(out, r.commits[sha])
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].time.Equal(out[j].time) {
			return out[i].time.Before(out[j].time)
		}
		return out[i].generated < out[j].generated
	})
	return out
}

// diffTrees lists the changes from tree a to tree b, sorted by path.
// Renames are found as git finds exact ones (same content under a new
// path) and from the renames the commits in between declared.
func diffTrees(a, b map[string]*treeFile, declared map[string]string) []fileChange {
	var removed, added []string
	var out []fileChange
	for path, fb := range b {
		fa := a[path]
		switch {
		case fa == nil:
			added = append(added, path)
		case fa.blob != fb.blob:
			out = append(out, fileChange{path: path, status: "modified", blob: fb.blob, oldBlob: fa.blob, binary: fb.binary || fa.binary, omitPatch: fb.omitPatch})
		}
	}
	for path := range a {
		if b[path] == nil {
			removed = append(removed, path)
		}
	}
	sort.Strings(removed)
	sort.Strings(added)
	gone := map[string]bool{}
	for _, path := range removed {
		gone[path] = true
	}
	for _, path := range added {
		fb := b[path]
		from := ""
		if old, ok := declared[path]; ok && gone[old] {
			from = old
		} else {
			for _, old := range removed {
				if gone[old] && a[old].blob == fb.blob {
					from = old
					break
				}
			}
		}
		if from != "" {
			gone[from] = false
			out = append(out, fileChange{path: path, previous: from, status: "renamed", blob: fb.blob, oldBlob: a[from].blob, binary: fb.binary, omitPatch: fb.omitPatch})
			continue
		}
		out = append(out, fileChange{path: path, status: "added", blob: fb.blob, binary: fb.binary, omitPatch: fb.omitPatch})
	}
	for _, path := range removed {
		if gone[path] {
			fa := a[path]
			out = append(out, fileChange{path: path, status: "removed", blob: fa.blob, oldBlob: fa.blob, binary: fa.binary, omitPatch: fa.omitPatch})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// commitChanges lists a commit's changes from its first parent.
func (r *repoState) commitChanges(c *commitState) []fileChange {
	var parent map[string]*treeFile
	if len(c.parents) > 0 {
		parent = r.commits[c.parents[0]].tree
	}
	return diffTrees(parent, c.tree, c.renames)
}

// rangeChanges lists the changes from the merge base of base and head to
// head: a pull request's files, a three-dot comparison's.
func (r *repoState) rangeChanges(mergeBase, head string) []fileChange {
	declared := map[string]string{}
	for _, c := range r.between(mergeBase, head) {
		for n, o := range c.renames {
			declared[n] = o
		}
	}
	var base map[string]*treeFile
	if mergeBase != "" {
		base = r.commits[mergeBase].tree
	}
	return diffTrees(base, r.commits[head].tree, declared)
}

// patchFor computes (and caches) the patch of a change; ok is false when
// GitHub would leave the patch out. The counts are there for a file too
// large to show, not for a binary one.
func (s *Server) patchFor(r *repoState, ch fileChange) (patch, bool) {
	if ch.binary {
		return patch{}, false
	}
	var oldBlob, newBlob string
	switch ch.status {
	case "added":
		newBlob = ch.blob
	case "removed":
		oldBlob = ch.oldBlob
	default:
		oldBlob, newBlob = ch.oldBlob, ch.blob
	}
	if oldBlob == newBlob {
		return patch{}, false // a pure rename has no hunks
	}
	if ch.omitPatch {
		// GitHub leaves these out because they are huge; a line diff
		// of a 50 MB file is needless work when only the counts show.
		return countOnly(r.blobs[oldBlob], r.blobs[newBlob]), false
	}
	key := [2]string{oldBlob, newBlob}
	p, ok := s.patches[key]
	if !ok {
		p = makePatch(r.blobs[oldBlob], r.blobs[newBlob])
		s.patches[key] = p
	}
	return p, true
}
