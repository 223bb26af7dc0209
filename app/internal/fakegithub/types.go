package fakegithub

import (
	"crypto/rsa"
	"time"
)

// Options tune a Server. The zero value is GitHub's behaviour.
type Options struct {
	// RateLimit is the number of requests an hour each installation (and
	// each App, for its JWT requests) may make: 5000 when zero, GitHub's
	// floor for an installation.
	RateLimit int
	// RetryAfter is the number of seconds the injected rate-limit faults
	// ask the client to wait (Retry-After, x-ratelimit-reset): 1 when zero.
	RetryAfter int
	// TokenTTL is the lifetime of installation tokens: one hour when zero.
	// ghinstallation renews a token a minute before it expires, so a TTL
	// under a minute makes it ask for a new one on every request.
	TokenTTL time.Duration
	// SkipResponseValidation turns off the check of every response
	// against GitHub's schemas.
	SkipResponseValidation bool
}

// App is a registered GitHub App.
type App struct {
	ID        int64
	Slug      string // "keyguard"; the bot's login is Slug+"[bot]"
	Name      string
	ClientID  string // optional: GitHub accepts it as the JWT issuer too
	Owner     string // the account that owns the App
	PublicKey *rsa.PublicKey
}

// Installation is an App installed on an account.
type Installation struct {
	ID      int64
	AppID   int64
	Account string // the user or organization login
	// Permissions granted, such as {"checks": "write", "contents":
	// "read"}. Nil grants every permission the fake knows of.
	Permissions map[string]string
}

// Repo is a repository. Owner/Name is its full name.
type Repo struct {
	ID            int64 // assigned when zero
	Owner, Name   string
	Installation  int64  // the installation that can see it
	DefaultBranch string // "main" when empty
	Private       bool
}

// Person is a commit's author or committer, and the GitHub user behind it
// when Login is set.
type Person struct {
	Name, Email, Login string
}

// Commit describes a new commit by its changes from its first parent.
type Commit struct {
	// Parents are the parent commit SHAs. When empty, the commit's parent
	// is the tip of Branch if it exists, else it is a root commit.
	Parents []string
	// Branch, if set, moves to the new commit.
	Branch  string
	Message string
	Author  Person
	Time    time.Time // when zero, one second after the latest commit
	// Files sets file contents: path to the whole new content.
	Files map[string]string
	// Delete removes files.
	Delete []string
	// Rename moves files: new path to old path. The content is the old
	// one unless Files sets the new path too.
	Rename map[string]string
	// Binary marks paths whose content git would treat as binary: GitHub
	// lists them without a patch. Content with a NUL byte is binary anyway.
	Binary []string
	// OmitPatch marks paths whose diff is too large for GitHub to include:
	// listed, with counts, but without a patch.
	OmitPatch []string
}

// PullRequest is a pull request between two branches of one repository.
type PullRequest struct {
	Number int // assigned when zero
	Title  string
	Body   string
	Author string // login; "octocat" when empty
	Base   string // base branch; the repository's default when empty
	Head   string // head branch
	// BaseSHA and HeadSHA default to the branch tips when the pull request
	// is added.
	BaseSHA, HeadSHA string
	State            string // "open" (default) or "closed"
	Draft            bool
}

// CheckRun is a check run as the App left it.
type CheckRun struct {
	ID          int64
	Repo        string
	Name        string
	HeadSHA     string
	Status      string
	Conclusion  string
	ExternalID  string
	DetailsURL  string
	StartedAt   time.Time
	CompletedAt time.Time
	Title       string
	Summary     string
	Text        string
	Annotations []Annotation
	// Actions are the identifiers of the buttons it offers
	// (requested actions), in order.
	Actions []string
	// Updates counts the PATCH requests that changed it.
	Updates int
}

// Annotation is one check run annotation.
type Annotation struct {
	Path        string
	StartLine   int
	EndLine     int
	StartColumn int
	EndColumn   int
	Level       string
	Message     string
	Title       string
	RawDetails  string
}

// Review is a pull request review with its inline comments.
type Review struct {
	ID          int64
	PullRequest int
	User        string
	State       string // APPROVED, CHANGES_REQUESTED, COMMENTED or PENDING
	Body        string
	CommitID    string
	SubmittedAt time.Time
	Comments    []ReviewComment
}

// ReviewComment is an inline comment on a pull request's diff.
type ReviewComment struct {
	ID        int64
	ReviewID  int64
	Path      string
	Line      int
	Side      string
	StartLine int
	StartSide string
	Position  int
	Body      string
	CommitID  string
	DiffHunk  string
	User      string
	CreatedAt time.Time
	// InReplyTo is the ID of the comment that starts the thread this one
	// replies to, or 0.
	InReplyTo int64
	Reactions []Reaction
}

// IssueComment is a comment on an issue or a pull request's conversation.
type IssueComment struct {
	ID        int64
	Issue     int
	User      string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
	Reactions []Reaction
}

// Reaction is an emoji reaction.
type Reaction struct {
	ID        int64
	User      string
	Content   string // "+1", "-1", "laugh", "confused", "heart", "hooray", "rocket" or "eyes"
	CreatedAt time.Time
}

// CommitComment is a comment on a commit.
type CommitComment struct {
	ID       int64
	SHA      string
	Path     string
	Position int
	Line     int
	Body     string
	User     string
}

// Issue is an issue (not a pull request) as the App left it.
type Issue struct {
	Number    int
	Title     string
	Body      string
	State     string
	Labels    []string
	Assignees []string
	User      string
	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  time.Time
	ClosedBy  string // the login that closed it, when known
}

// Request is one request the fake answered.
type Request struct {
	Method string
	Path   string // without an "/api/v3" prefix
	Query  string
	// Route is the OpenAPI path template it matched, such as
	// "/repos/{owner}/{repo}/pulls/{pull_number}/files"; empty if none.
	Route        string
	Status       int
	Installation int64 // the installation whose token was used, if any
	Fault        Fault // the injected fault that answered it, if any
}

// Invalid is a request that broke GitHub's description, or a response of
// the fake's that did. Its Status is what the fake answered, or 0 for a
// query parameter of the wrong type, which GitHub ignores and so the fake
// served anyway.
type Invalid struct {
	Request
	Response bool // the fake's response was at fault, not the request
	Reason   string
}
