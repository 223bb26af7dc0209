package worker

import (
	"testing"

	"github.com/google/go-github/v62/github"
)

func TestIsFork(t *testing.T) {
	repo := func(id int64, name string) *github.Repository {
		r := &github.Repository{}
		if id != 0 {
			r.ID = github.Int64(id)
		}
		if name != "" {
			r.FullName = github.String(name)
		}
		return r
	}
	pr := func(head, base *github.Repository) *github.PullRequest {
		return &github.PullRequest{Head: &github.PullRequestBranch{Repo: head}, Base: &github.PullRequestBranch{Repo: base}}
	}
	tests := []struct {
		name string
		pr   *github.PullRequest
		want bool
	}{
		{"same repository", pr(repo(1, "acme/shop"), repo(1, "acme/shop")), false},
		{"fork by id", pr(repo(2, "mallory/shop"), repo(1, "acme/shop")), true},
		{"renamed repository, same id", pr(repo(1, "acme/old-shop"), repo(1, "acme/shop")), false},
		{"names only, same", pr(repo(0, "acme/shop"), repo(0, "Acme/Shop")), false},
		{"names only, fork", pr(repo(0, "mallory/shop"), repo(0, "acme/shop")), true},
		// GitHub sends head.repo null once a fork is deleted; its
		// commits can still be scanned, and are still an outsider's.
		{"deleted fork", pr(nil, repo(1, "acme/shop")), true},
		{"no head at all", &github.PullRequest{Base: &github.PullRequestBranch{Repo: repo(1, "acme/shop")}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isFork(tt.pr); got != tt.want {
				t.Errorf("isFork = %v, want %v", got, tt.want)
			}
		})
	}
}
