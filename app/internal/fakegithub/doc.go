// Package fakegithub is a local stand-in for GitHub's REST API, for tests
// of keyguard's GitHub App: the App runs against it on a loopback port
// and talks to it with the same go-github and ghinstallation clients it
// uses against api.github.com.
//
// The fake follows GitHub's published REST description (the
// @octokit/openapi npm package, cut down to the operations served here in
// testdata/openapi-subset.json). Every request is validated against it
// with kin-openapi; one that breaks it gets the 400 or 422 GitHub would
// send and is recorded in Server.Invalid. Responses are GitHub's own
// examples from the description with the fake's state written over them,
// and are checked against the description's schemas as they go out.
// A request for anything the fake does not model gets GitHub's 404 and is
// recorded in Server.Unexpected, so a test notices the App calling
// something nobody checked.
//
// A test builds the world the App sees:
//
//	srv := fakegithub.New(fakegithub.Options{})
//	defer srv.Close()
//	srv.AddApp(fakegithub.App{ID: 1, Slug: "keyguard", PublicKey: &key.PublicKey})
//	srv.AddInstallation(fakegithub.Installation{ID: 7, AppID: 1, Account: "acme"})
//	srv.AddRepo(fakegithub.Repo{Owner: "acme", Name: "web", Installation: 7})
//	base := srv.AddCommit("acme/web", fakegithub.Commit{Branch: "main", Files: before})
//	srv.AddCommit("acme/web", fakegithub.Commit{Branch: "leak", Parents: []string{base}, Files: after})
//	pr := srv.AddPullRequest("acme/web", fakegithub.PullRequest{Base: "main", Head: "leak"})
//
// and points the App at srv.URL() (go-github's WithEnterpriseURLs adds the
// "/api/v3/" prefix of GitHub Enterprise Server; the fake answers with and
// without it; ghinstallation's BaseURL must be the same API URL). The
// fake computes each file's patch as git writes it; Commit.Binary and
// Commit.OmitPatch make it leave the patch out, as GitHub does for binary
// and very large files.
//
// The App authenticates as GitHub requires: an RS256 JWT signed with the
// App's key buys an installation token (POST
// /app/installations/{id}/access_tokens), and that token, scoped to the
// installation's repositories and permissions, is needed on every
// repository endpoint. Responses carry x-ratelimit headers counting down
// per installation (GitHub's budget is the installation's, shared by all
// its tokens). Server.Fail injects GitHub's failures (502, 429,
// secondary and primary rate limits, a review comment outside the diff).
//
// A test delivers what happens on GitHub with payloads built from the
// fake's state, as GitHub would build them: PushPayload (commits, their
// files, distinct, created, deleted, forced, compare), IssueCommentPayload,
// ReviewCommentPayload, IssuesPayload and MergeGroupPayload. Each also
// makes the state it reports (the comment exists, the issue is closed, the
// branch has moved), so the App can read it back; AddIssueComment,
// AddReviewComment and CloseIssue make it without a payload.
//
// Afterwards the test reads what the App did (CheckRuns, Reviews,
// ReviewComments, IssueComments, Reactions, Issues, CommitComments, and
// the credentials it reported to POST /credentials/revoke, Revoked), how
// many calls it took (Requests, Count), and whether anything went wrong
// (Check).
package fakegithub
