package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// forkNote is what the App logs when it reads a pull request's settings
// from its base.
const forkNote = "pull request from a fork: settings read from the base branch"

var pullPath = regexp.MustCompile(`^/repos/acme/shop/pulls/[0-9]+$`)

// asFork makes the fake's pull requests come from mallory/shop, a fork
// (or, with deleted, from a fork since deleted: GitHub then sends
// head.repo null). The fake models pull requests between branches of
// one repository only; the head's commits stay in acme/shop, as GitHub
// serves a fork's pull request commits from the base repository too.
func asFork(deleted bool) func(path string, v any) bool {
	return func(path string, v any) bool {
		if !pullPath.MatchString(path) {
			return false
		}
		pr := v.(map[string]any)
		head := pr["head"].(map[string]any)
		if deleted {
			head["repo"] = nil
			head["label"] = "unknown:" + head["ref"].(string)
			return true
		}
		var fork map[string]any
		data, _ := json.Marshal(pr["base"].(map[string]any)["repo"])
		json.Unmarshal(data, &fork)
		fork["id"] = 990001
		fork["node_id"] = "R_fork"
		fork["full_name"] = "mallory/shop"
		fork["fork"] = true
		fork["html_url"] = "https://github.com/mallory/shop"
		owner := fork["owner"].(map[string]any)
		owner["login"], owner["id"] = "mallory", 990002
		head["repo"] = fork
		head["label"] = "mallory:" + head["ref"].(string)
		return true
	}
}

// TestForkSettingsComeFromBase: a pull request from a fork is written
// by someone outside the repository, so the settings that could silence
// keyguard (.keyguardignore, .keyguard.toml) are read from its base, not
// from its head. The same files in a branch of the repository itself
// count, as they do on the base.
func TestForkSettingsComeFromBase(t *testing.T) {
	g := synth.New(501)
	stripe := g.Expand("sk_live_{{an:24}}")
	pay := "package pay\n\nvar stripeKey = \"" + stripe + "\"\n"
	fp := fingerprintOf(t, "pay.go", pay)
	ignore := map[string]string{".keyguardignore": fp + " sample key of the docs\n"}
	allow := map[string]string{".keyguard.toml": "[allow]\npaths = ['^pay\\.go$']\n"}
	tests := []struct {
		name       string
		fork       bool
		deleted    bool              // the fork is gone: head.repo is null
		onBase     map[string]string // settings committed to the base branch
		inHead     map[string]string // settings the pull request adds
		conclusion string
	}{
		{name: "fork adds .keyguardignore", fork: true, inHead: ignore, conclusion: "failure"},
		{name: "fork adds .keyguard.toml", fork: true, inHead: allow, conclusion: "failure"},
		{name: "deleted fork adds .keyguardignore", fork: true, deleted: true, inHead: ignore, conclusion: "failure"},
		{name: "fork, .keyguardignore on the base", fork: true, onBase: ignore, conclusion: "success"},
		{name: "fork, .keyguard.toml on the base", fork: true, onBase: allow, conclusion: "success"},
		{name: "branch adds .keyguardignore", inHead: ignore, conclusion: "success"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var edit func(string, any) bool
			if tt.fork {
				edit = asFork(tt.deleted)
			}
			a, _ := startWithLedger(t, "", nil, edit)
			gh := a.gh
			baseFiles := map[string]string{"README.md": "shop\n", "pay.go": "package pay\n"}
			for k, v := range tt.onBase {
				baseFiles[k] = v
			}
			base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: baseFiles})
			gh.SetBranch(repoName, "feature", base)
			headFiles := map[string]string{"pay.go": pay}
			for k, v := range tt.inHead {
				headFiles[k] = v
			}
			head := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "billing", Files: headFiles})
			pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: "feature", Author: "mallory"})
			ev := prEvent("opened", pr.Number, head, base)
			if tt.fork && !tt.deleted {
				ev.PullRequest.Head.Repo = &github.Repository{ID: github.Int64(990001), FullName: github.String("mallory/shop"), Fork: github.Bool(true)}
			}
			if code, body := a.deliver(t, "pull_request", ev); code != http.StatusAccepted {
				t.Fatalf("delivery answered %d %s", code, body)
			}
			cr := a.waitCheck(t, head)
			if cr.Conclusion != tt.conclusion {
				t.Errorf("the check concluded %q, want %q:\n%s", cr.Conclusion, tt.conclusion, cr.Summary)
			}
			if got := strings.Contains(a.logs.String(), forkNote); got != tt.fork {
				t.Errorf("logged %q: %v, want %v", forkNote, got, tt.fork)
			}
			comments := len(gh.ReviewComments(repoName, pr.Number))
			if tt.conclusion == "failure" {
				if comments != 1 {
					t.Errorf("%d review comments on the leak, want 1", comments)
				}
			} else {
				if comments != 0 {
					t.Errorf("%d review comments on an ignored leak, want 0", comments)
				}
				if tt.onBase["pay.go"] == "" && tt.onBase[".keyguard.toml"] == "" && !strings.Contains(cr.Summary, "(ignored: sample key of the docs)") {
					t.Errorf("the summary does not give the ignore file's reason:\n%s", cr.Summary)
				}
			}
			if strings.Contains(a.everywhere(pr.Number), stripe) || strings.Contains(a.logs.String(), stripe) {
				t.Error("the key reached GitHub's text or the logs")
			}
			gh.Check(t)
		})
	}
}
