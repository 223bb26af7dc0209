package fakegithub_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// TestPushLeakFlow is what an App does when a push leaks a secret: a
// comment on the commit, an issue asking for rotation found again and
// updated on the next push, then closed.
func TestPushLeakFlow(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 1, 1) // takes number 1: issues and pull requests share numbers
	sha := f.srv.Branch(repoFul, "feature")

	cc, resp, err := f.gh.Repositories.CreateComment(ctx(), owner, repo, sha, &github.RepositoryComment{
		Body: github.String("A secret reached GitHub: rotate it."), Path: github.String("src/file0000.txt"), Position: github.Int(1),
	})
	if err != nil || resp.StatusCode != http.StatusCreated || cc.GetCommitID() != sha || cc.GetUser().GetLogin() != "keyguard[bot]" {
		t.Fatalf("commit comment: %v %+v", err, cc)
	}
	ccs, _, err := f.gh.Repositories.ListCommitComments(ctx(), owner, repo, sha, nil)
	if err != nil || len(ccs) != 1 || len(f.srv.CommitComments(repoFul, sha)) != 1 {
		t.Errorf("ListCommitComments: %d, %v", len(ccs), err)
	}

	issue, _, err := f.gh.Issues.Create(ctx(), owner, repo, &github.IssueRequest{
		Title: github.String("Rotate a leaked GitHub token"), Body: github.String("..."), Labels: &[]string{"keyguard", "security"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if issue.GetNumber() != pr.Number+1 || issue.GetState() != "open" || len(issue.Labels) != 2 || issue.GetUser().GetType() != "Bot" {
		t.Errorf("created issue #%d %s, %d labels, by a %s", issue.GetNumber(), issue.GetState(), len(issue.Labels), issue.GetUser().GetType())
	}
	found, _, err := f.gh.Issues.ListByRepo(ctx(), owner, repo, &github.IssueListByRepoOptions{Labels: []string{"keyguard"}, State: "open"})
	if err != nil || len(found) != 1 || found[0].GetNumber() != issue.GetNumber() {
		t.Errorf("finding the issue by label: %d found, %v", len(found), err)
	}
	all, _, err := f.gh.Issues.ListByRepo(ctx(), owner, repo, nil)
	if err != nil || len(all) != 2 || !all[1].IsPullRequest() {
		t.Errorf("GitHub lists pull requests among issues: %d listed, %v", len(all), err)
	}
	updated, _, err := f.gh.Issues.Edit(ctx(), owner, repo, issue.GetNumber(), &github.IssueRequest{Body: github.String("two commits now")})
	if err != nil || updated.GetBody() != "two commits now" {
		t.Errorf("edit: %v", err)
	}
	closed, _, err := f.gh.Issues.Edit(ctx(), owner, repo, issue.GetNumber(), &github.IssueRequest{State: github.String("closed")})
	if err != nil || closed.GetState() != "closed" || closed.ClosedAt == nil {
		t.Errorf("close: %v", err)
	}
	got, _, err := f.gh.Issues.Get(ctx(), owner, repo, issue.GetNumber())
	if err != nil || got.GetState() != "closed" {
		t.Errorf("get: %v", err)
	}
	if is := f.srv.Issues(repoFul); len(is) != 1 || is[0].State != "closed" || is[0].Body != "two commits now" {
		t.Errorf("state: %+v", is)
	}
	_, resp, err = f.gh.Issues.Get(ctx(), owner, repo, 99)
	if err == nil || resp.StatusCode != 404 {
		t.Errorf("missing issue: %v", err)
	}
	f.srv.Check(t)
}

func TestIssueCommentsAndReactions(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	pr := f.pullWithFiles(t, 1, 1)

	c, resp, err := f.gh.Issues.CreateComment(ctx(), owner, repo, pr.Number, &github.IssueComment{Body: github.String("keyguard: 1 secret")})
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("comment on the pull request: %v", err)
	}
	c2, _, err := f.gh.Issues.EditComment(ctx(), owner, repo, c.GetID(), &github.IssueComment{Body: github.String("keyguard: 0 secrets")})
	if err != nil || c2.GetBody() != "keyguard: 0 secrets" {
		t.Errorf("edit: %v", err)
	}
	list, _, err := f.gh.Issues.ListComments(ctx(), owner, repo, pr.Number, nil)
	if err != nil || len(list) != 1 || list[0].GetBody() != "keyguard: 0 secrets" {
		t.Errorf("list: %d, %v", len(list), err)
	}

	r, resp, err := f.gh.Reactions.CreateIssueCommentReaction(ctx(), owner, repo, c.GetID(), "eyes")
	if err != nil || resp.StatusCode != http.StatusCreated || r.GetContent() != "eyes" {
		t.Errorf("first reaction: %d %v", resp.StatusCode, err)
	}
	r2, resp, err := f.gh.Reactions.CreateIssueCommentReaction(ctx(), owner, repo, c.GetID(), "eyes")
	if err != nil || resp.StatusCode != http.StatusOK || r2.GetID() != r.GetID() {
		t.Errorf("same reaction again: %d %v (GitHub answers 200 with the existing one)", resp.StatusCode, err)
	}
	rs, _, err := f.gh.Reactions.ListIssueCommentReactions(ctx(), owner, repo, c.GetID(), nil)
	if err != nil || len(rs) != 1 {
		t.Errorf("reactions: %d, %v", len(rs), err)
	}
	_, resp, err = f.gh.Reactions.CreateIssueCommentReaction(ctx(), owner, repo, c.GetID(), "thumbsup")
	if err == nil || resp.StatusCode != 422 {
		t.Errorf("unknown reaction: %v, want 422", err)
	}
	if got := f.srv.IssueComments(repoFul, pr.Number); len(got) != 1 || len(got[0].Reactions) != 1 {
		t.Errorf("state: %+v", got)
	}
	if len(f.srv.Invalid()) != 1 {
		t.Errorf("want the unknown reaction recorded as invalid: %+v", f.srv.Invalid())
	}
}

func TestCollaboratorPermission(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	f.srv.SetPermission(repoFul, "maintainer", "maintain")
	f.srv.SetPermission(repoFul, "owner", "admin")
	f.srv.SetPermission(repoFul, "writer", "write")
	f.srv.SetPermission(repoFul, "triager", "triage")
	f.srv.SetPermission(repoFul, "reader", "read")
	f.srv.SetPermission(repoFul, "outsider", "none")
	f.pullWithFiles(t, 1, 1) // makes "octocat" a known user
	f.srv.AddRepo(fakegithub.Repo{Owner: owner, Name: "secret", Installation: instID, Private: true})
	tests := []struct {
		repo, login, permission, role string
		status                        int
	}{
		{repo, "owner", "admin", "admin", 200},
		{repo, "maintainer", "write", "maintain", 200},
		{repo, "writer", "write", "write", 200},
		{repo, "triager", "read", "triage", 200},
		{repo, "reader", "read", "read", 200},
		{repo, "outsider", "none", "none", 200},
		{repo, "octocat", "read", "read", 200},     // a public repository: anyone reads
		{"secret", "octocat", "none", "none", 200}, // a private one: no access
		{repo, "nobody-at-all", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.repo+"/"+tt.login, func(t *testing.T) {
			p, resp, err := f.gh.Repositories.GetPermissionLevel(ctx(), owner, tt.repo, tt.login)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d (%v), want %d", resp.StatusCode, err, tt.status)
			}
			if tt.status != 200 {
				return
			}
			// go-github v62 reads role_name only from the user.
			var raw struct {
				RoleName string `json:"role_name"`
			}
			json.NewDecoder(f.raw(t, "GET", "/repos/acme/"+tt.repo+"/collaborators/"+tt.login+"/permission", "").Body).Decode(&raw)
			if p.GetPermission() != tt.permission || p.GetUser().GetRoleName() != tt.role || raw.RoleName != tt.role {
				t.Errorf("permission %q role %q (user's %q), want %q %q", p.GetPermission(), raw.RoleName, p.GetUser().GetRoleName(), tt.permission, tt.role)
			}
		})
	}
	f.srv.Check(t)
}
