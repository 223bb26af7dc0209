package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

const orgFilePath = "/repos/acme/.github/contents/.keyguard.toml"

// addOrgRepo adds acme/.github with a .keyguard.toml holding toml ("" for
// none), on the App's installation unless installed is false.
func addOrgRepo(gh *fakegithub.Server, toml string, installed bool) {
	inst := int64(installation)
	if !installed {
		inst = 0
	}
	gh.AddRepo(fakegithub.Repo{Owner: "acme", Name: ".github", Installation: inst})
	files := map[string]string{"README.md": "acme's community files\n"}
	if toml != "" {
		files[".keyguard.toml"] = toml
	}
	gh.AddCommit("acme/.github", fakegithub.Commit{Branch: "main", Message: "defaults", Files: files})
}

// orgReads are the answers to the App's reads of the organisation's
// file, in order.
func orgReads(gh *fakegithub.Server) []int {
	var out []int
	for _, r := range gh.Requests() {
		if r.Method == http.MethodGet && r.Path == orgFilePath {
			out = append(out, r.Status)
		}
	}
	return out
}

// TestOrganisationSettings: a repository without a .keyguard.toml takes
// its organisation's (acme/.github/.keyguard.toml); one with its own
// takes the [github] keys it leaves unset from the organisation. The
// organisation's file is read once per job, conditionally after the
// first time, so an unchanged file costs a 304.
func TestOrganisationSettings(t *testing.T) {
	tests := []struct {
		name          string
		org           string // acme/.github's .keyguard.toml; "" for none
		orgHidden     bool   // acme/.github is not on the installation
		own           string // acme/shop's .keyguard.toml; "" for none
		issues        int
		commitComment int
		reads         []int // the answers to the two jobs' reads of the organisation's file
	}{
		{name: "the organisation's file", org: "[github]\nissues = false\n",
			issues: 0, commitComment: 1, reads: []int{200, 304}},
		{name: "the repository's own file wins", org: "[github]\nissues = false\n", own: "[github]\nissues = true\n",
			issues: 1, commitComment: 1, reads: []int{200, 304}},
		{name: "a key the own file leaves unset", org: "[github]\nissues = false\ncommit_comments = false\n", own: "[github]\nissues = true\n",
			issues: 1, commitComment: 0, reads: []int{200, 304}},
		{name: "an own file without [github]", org: "[github]\nissues = false\n", own: "[allow]\nvalues = ['^dummy-']\n",
			issues: 0, commitComment: 1, reads: []int{200, 304}},
		{name: "no organisation file",
			issues: 1, commitComment: 1, reads: []int{404, 404}},
		{name: "the organisation's repository is not installed", org: "[github]\nissues = false\n", orgHidden: true,
			issues: 1, commitComment: 1, reads: []int{404, 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := synth.New(601)
			token := g.GitHubToken("ghp_")
			a, _ := startWithLedger(t, "", nil, nil)
			gh := a.gh
			addOrgRepo(gh, tt.org, !tt.orgHidden)
			files := map[string]string{"README.md": "shop\n"}
			if tt.own != "" {
				files[".keyguard.toml"] = tt.own
			}
			base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: files})
			a.pushed(t, "main", "", base)
			c1 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "deploy", Files: map[string]string{"deploy.sh": "export GITHUB_TOKEN=" + token + "\n"}})
			a.pushed(t, "main", base, c1)

			if cr := a.pushCheck(t, c1); cr.Conclusion != "failure" {
				t.Errorf("the leaking push's check concluded %q, want failure whatever the settings", cr.Conclusion)
			}
			if n := len(gh.Issues(repoName)); n != tt.issues {
				t.Errorf("%d rotation issues, want %d", n, tt.issues)
			}
			if n := len(gh.CommitComments(repoName, c1)); n != tt.commitComment {
				t.Errorf("%d commit comments, want %d", n, tt.commitComment)
			}
			got := orgReads(gh)
			if len(got) != len(tt.reads) {
				t.Fatalf("the organisation's file was read %d times (%v), want %v", len(got), got, tt.reads)
			}
			for i := range got {
				if got[i] != tt.reads[i] {
					t.Errorf("read %d of the organisation's file answered %d, want %d", i+1, got[i], tt.reads[i])
				}
			}
			gh.Check(t)
		})
	}
}

// TestOrganisationSettingsChange: a changed organisation file is read
// anew (its ETag no longer matches) and counts from the next job on.
func TestOrganisationSettingsChange(t *testing.T) {
	g := synth.New(602)
	token1, token2 := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	a, _ := startWithLedger(t, "", nil, nil)
	gh := a.gh
	addOrgRepo(gh, "[github]\nissues = false\n", true)
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: map[string]string{"README.md": "shop\n"}})
	a.pushed(t, "main", "", base)
	c1 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"a.sh": "export GITHUB_TOKEN=" + token1 + "\n"}})
	a.pushed(t, "main", base, c1)
	if n := len(gh.Issues(repoName)); n != 0 {
		t.Fatalf("%d issues with issues = false", n)
	}
	gh.AddCommit("acme/.github", fakegithub.Commit{Branch: "main", Message: "issues again", Files: map[string]string{".keyguard.toml": "[github]\nissues = true\n"}})
	c2 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"b.sh": "export GITHUB_TOKEN=" + token2 + "\n"}})
	a.pushed(t, "main", c1, c2)
	if is := gh.Issues(repoName); len(is) != 1 || !strings.Contains(is[0].Body, "b.sh") {
		t.Errorf("issues %+v, want one for the second token", is)
	}
	if got := orgReads(gh); len(got) != 3 || got[0] != 200 || got[1] != 304 || got[2] != 200 {
		t.Errorf("reads of the organisation's file answered %v, want [200 304 200]", got)
	}
	gh.Check(t)
}

// TestRevocation: with revoke_github_tokens on, a leaked GitHub token is
// sent to POST /credentials/revoke, without the App's credentials, once;
// the ledger records it and the rotation issue says so. Off (the
// default), or for a key GitHub cannot revoke, nothing is sent. The
// token never reaches a log or anything the App wrote.
func TestRevocation(t *testing.T) {
	const on = "[github]\nrevoke_github_tokens = true\n"
	tests := []struct {
		name      string
		own, org  string
		stripe    bool             // leak a Stripe key, not a GitHub token
		fault     fakegithub.Fault // what GitHub answers the revocation, once
		wantSent  int              // revocation requests made
		wantTaken bool             // GitHub took the token, the ledger and the issue say so
	}{
		{name: "on", own: on, wantSent: 1, wantTaken: true},
		{name: "on for the organisation", org: on, wantSent: 1, wantTaken: true},
		{name: "off by default", wantSent: 0},
		{name: "turned off by the repository", org: on, own: "[github]\nrevoke_github_tokens = false\n", wantSent: 0},
		{name: "on, a Stripe key", own: on, stripe: true, wantSent: 0},
		// A revocation GitHub did not take is tried again where the
		// token turns up next.
		{name: "on, GitHub answers 502 once", own: on, fault: fakegithub.FaultBadGateway, wantSent: 2, wantTaken: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := synth.New(701)
			secret, line := g.GitHubToken("ghp_"), "export GITHUB_TOKEN="
			if tt.stripe {
				secret, line = g.Expand("sk_live_{{an:24}}"), "export STRIPE_KEY="
			}
			a, lg := startWithLedger(t, "", nil, nil)
			gh := a.gh
			if tt.org != "" {
				addOrgRepo(gh, tt.org, true)
			}
			files := map[string]string{"README.md": "shop\n"}
			if tt.own != "" {
				files[".keyguard.toml"] = tt.own
			}
			if tt.fault != 0 {
				gh.Fail("POST", "/credentials/revoke", 1, tt.fault)
			}
			base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: files})
			a.pushed(t, "main", "", base)
			c1 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "deploy", Files: map[string]string{"deploy.sh": line + secret + "\n"}})
			a.pushed(t, "main", base, c1)
			if is := gh.Issues(repoName); len(is) != 1 {
				t.Fatalf("%d rotation issues, want 1", len(is))
			} else if says, want := strings.Contains(is[0].Body, "revoked this token"), tt.wantTaken && tt.fault == 0; says != want {
				t.Errorf("after the first push the issue says the token was revoked: %v, want %v", says, want)
			}
			// The same secret in a new place: not sent again once taken.
			c2 := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "ci", Files: map[string]string{"ci.sh": line + secret + "\n"}})
			a.pushed(t, "main", c1, c2)

			var sent []fakegithub.Request
			for _, r := range gh.Requests() {
				if r.Path == "/credentials/revoke" {
					sent = append(sent, r)
				}
			}
			if len(sent) != tt.wantSent {
				t.Fatalf("%d revocation requests, want %d", len(sent), tt.wantSent)
			}
			for _, r := range sent {
				// The fake answers 403 to a request with credentials.
				if r.Method != http.MethodPost || r.Installation != 0 || (r.Status != http.StatusAccepted && r.Fault == 0) {
					t.Errorf("revocation request %+v, want an anonymous POST answered 202", r)
				}
			}
			wantRevoked := []string(nil)
			if tt.wantTaken {
				wantRevoked = []string{secret}
			}
			if got := gh.Revoked(); len(got) != len(wantRevoked) || len(got) == 1 && got[0] != secret {
				t.Errorf("GitHub was sent %d credentials, want %d (the leaked token)", len(got), len(wantRevoked))
			}
			if n := gh.RevokeRequests(); n != len(wantRevoked) {
				t.Errorf("GitHub accepted %d revocations, want %d", n, len(wantRevoked))
			}
			issues := gh.Issues(repoName)
			if len(issues) != 1 {
				t.Fatalf("%d rotation issues, want 1", len(issues))
			}
			l := leak(t, lg, markedFingerprint(t, issues[0].Body))
			if !l.Revoked.IsZero() != tt.wantTaken {
				t.Errorf("the ledger records the revocation: %v, want %v", !l.Revoked.IsZero(), tt.wantTaken)
			}
			if says := strings.Contains(issues[0].Body, "keyguard has **revoked this token**"); says != tt.wantTaken {
				t.Errorf("the issue says the token was revoked: %v, want %v:\n%s", says, tt.wantTaken, issues[0].Body)
			}
			if logged := strings.Contains(a.logs.String(), "revoked a leaked GitHub token"); logged != tt.wantTaken {
				t.Errorf("logged the revocation: %v, want %v", logged, tt.wantTaken)
			}
			if tt.fault != 0 && !strings.Contains(a.logs.String(), "GitHub did not accept the revocation") {
				t.Errorf("the refused revocation was not logged")
			}
			if strings.Contains(a.logs.String(), secret) || strings.Contains(a.everywhere(), secret) {
				t.Error("the secret reached the logs or GitHub's text")
			}
			gh.Check(t)
		})
	}
}
