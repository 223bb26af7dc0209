package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/internal/fakegithub"
)

// BenchmarkPullRequest measures a whole pull-request scan through the
// real server against the fake GitHub: from the delivery to the completed
// check run, and how many API calls it took.
//
//	go test ./app/server -run '^$' -bench PullRequest -benchtime 5x
func BenchmarkPullRequest(b *testing.B) {
	for _, files := range []int{10, 300} {
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			a := startApp(b, nil)
			gh := a.gh
			base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
			calls := 0
			var took time.Duration
			for i := 0; i < b.N; i++ {
				branch := fmt.Sprintf("feature-%d", i)
				gh.SetBranch(repoName, branch, base)
				fs := map[string]string{}
				for f := 0; f < files; f++ {
					fs[fmt.Sprintf("src/pkg%d/file%d.go", f%20, f)] = fmt.Sprintf("package pkg\n\n// File %d of a change with nothing secret in it.\nfunc F%d() int { return %d }\n%s", f, f, f, strings.Repeat("// filler line\n", 20))
				}
				head := gh.AddCommit(repoName, fakegithub.Commit{Branch: branch, Files: fs})
				pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: branch})
				before := len(gh.Requests())
				start := time.Now()
				if code, body := a.deliver(b, "pull_request", prEvent("opened", pr.Number, head, base)); code != http.StatusAccepted {
					b.Fatalf("delivery answered %d %s", code, body)
				}
				a.waitCheck(b, head)
				took += time.Since(start)
				calls += len(gh.Requests()) - before
			}
			b.ReportMetric(float64(calls)/float64(b.N), "api-calls/op")
			b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/scan")
		})
	}
}
