package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/detector/synth"
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

// BenchmarkPullRequestLargeDiff scans a pull request adding a 50 MB text
// file, whose patch GitHub leaves out (the App fetches the blob and diffs
// it), and reports the peak Go heap while it runs.
//
//	go test ./app/server -run '^$' -bench LargeDiff -benchtime 1x
func BenchmarkPullRequestLargeDiff(b *testing.B) {
	a := startApp(b, nil)
	gh := a.gh
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	var big strings.Builder
	for big.Len() < 50<<20 {
		fmt.Fprintf(&big, "2026-11-23T10:00:%02d INFO request served path=/api/items/%d status=200\n", big.Len()%60, big.Len())
	}
	var peak uint64
	var took time.Duration
	for i := 0; i < b.N; i++ {
		branch := fmt.Sprintf("logs-%d", i)
		gh.SetBranch(repoName, branch, base)
		head := gh.AddCommit(repoName, fakegithub.Commit{Branch: branch, Files: map[string]string{"logs/app.log": big.String()}, OmitPatch: []string{"logs/app.log"}})
		pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: branch})
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		stop, done := make(chan struct{}), make(chan uint64)
		go func() {
			var m runtime.MemStats
			max := uint64(0)
			for {
				select {
				case <-stop:
					done <- max
					return
				case <-time.After(5 * time.Millisecond):
					runtime.ReadMemStats(&m)
					max = maxU(max, m.HeapInuse)
				}
			}
		}()
		start := time.Now()
		if code, body := a.deliver(b, "pull_request", prEvent("opened", pr.Number, head, base)); code != http.StatusAccepted {
			b.Fatalf("delivery answered %d %s", code, body)
		}
		cr := a.waitCheck(b, head)
		took += time.Since(start)
		close(stop)
		if m := <-done; m > before.HeapInuse && m-before.HeapInuse > peak {
			peak = m - before.HeapInuse
		}
		if cr.Conclusion != "success" {
			b.Fatalf("check concluded %s", cr.Conclusion)
		}
	}
	// The heap includes the fake GitHub's own copy of the file and its
	// base64 form: the same process serves both sides.
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/scan")
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// BenchmarkPush measures a push of 1, 100 and 1,000 new commits through
// the real server against the fake GitHub, from the delivery to the
// completed push check: the time, and the GitHub API calls it took.
// Each commit adds one small file; the last one leaks a token, so the
// figures include the commit comment and the rotation issue.
//
//	go test ./app/server -run '^$' -bench Push -benchtime 3x
func BenchmarkPush(b *testing.B) {
	for _, commits := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("commits=%d", commits), func(b *testing.B) {
			a := startApp(b, nil)
			gh := a.gh
			base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
			gh.PushPayload(repoName, "main", "", base, false, "alice") // main is known to GitHub
			calls, jobs := 0, 0
			var took time.Duration
			for i := 0; i < b.N; i++ {
				branch := fmt.Sprintf("topic-%d", i)
				gh.SetBranch(repoName, branch, base)
				var head string
				for c := 0; c < commits; c++ {
					fs := map[string]string{fmt.Sprintf("src/%s/f%d.go", branch, c): fmt.Sprintf("package src\n\nconst N%d = %d\n", c, c)}
					if c == commits-1 {
						fs["deploy.sh"] = "export GITHUB_TOKEN=" + benchToken(i) + "\n"
					}
					head = gh.AddCommit(repoName, fakegithub.Commit{Branch: branch, Files: fs})
				}
				payload := gh.PushPayload(repoName, branch, "", head, false, "alice")
				before := len(gh.Requests())
				start := time.Now()
				if code, body := a.deliver(b, "push", json.RawMessage(payload)); code != http.StatusAccepted {
					b.Fatalf("delivery answered %d %s", code, body)
				}
				jobs++
				a.waitJobs(b, "push", jobs)
				took += time.Since(start)
				calls += len(gh.Requests()) - before
				if cr := a.checksNamed("keyguard (push)", head); len(cr) != 1 || cr[0].Conclusion != "failure" {
					b.Fatalf("push check %+v", cr)
				}
			}
			b.ReportMetric(float64(calls)/float64(b.N), "api-calls/op")
			b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/push")
		})
	}
}

// benchToken is a fresh checksum-valid token per push, so each push
// leaks a new secret and opens its own issue.
func benchToken(i int) string { return synth.New(uint64(1000 + i)).GitHubToken("ghp_") }

// BenchmarkPullRequestLargeDiffProcess is BenchmarkPullRequestLargeDiff
// with the App in a process of its own (the built keyguard-app), so its
// memory is measured apart from the fake GitHub's: the peak resident set
// (VmHWM, Linux) of the App while it scans a pull request adding a 50 MB
// file whose patch GitHub omits.
//
//	go test ./app/server -run '^$' -bench LargeDiffProcess -benchtime 1x
func BenchmarkPullRequestLargeDiffProcess(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc")
	}
	bin := filepath.Join(b.TempDir(), "keyguard-app")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/keyguard-app").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	gh, vars := newWorld(b)
	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	var big strings.Builder
	for big.Len() < 50<<20 {
		fmt.Fprintf(&big, "2026-11-23T10:00:%02d INFO request served path=/api/items/%d status=200\n", big.Len()%60, big.Len())
	}
	var peak, idle float64
	var took time.Duration
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin)
		for k, v := range vars {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		logs := &syncBuffer{}
		addr := make(chan string, 1)
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				logs.Write(append(sc.Bytes(), '\n'))
				var l struct{ Message, Addr string }
				if json.Unmarshal(sc.Bytes(), &l) == nil && l.Message == "listening" {
					addr <- l.Addr
				}
			}
		}()
		var a *app
		select {
		case s := <-addr:
			_, port, _ := net.SplitHostPort(s)
			a = &app{url: "http://127.0.0.1:" + port, secret: []byte(vars["KEYGUARD_WEBHOOK_SECRET"]), logs: logs, gh: gh}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			b.Fatalf("keyguard-app did not start:\n%s", logs)
		}
		idle = max(idle, procKB(b, cmd.Process.Pid, "VmRSS")/1024)
		branch := fmt.Sprintf("logs-%d", i)
		gh.SetBranch(repoName, branch, base)
		head := gh.AddCommit(repoName, fakegithub.Commit{Branch: branch, Files: map[string]string{"logs/app.log": big.String()}, OmitPatch: []string{"logs/app.log"}})
		pr := gh.AddPullRequest(repoName, fakegithub.PullRequest{Base: "main", Head: branch})
		start := time.Now()
		if code, body := a.deliver(b, "pull_request", prEvent("opened", pr.Number, head, base)); code != http.StatusAccepted {
			b.Fatalf("delivery answered %d %s", code, body)
		}
		if cr := a.waitCheck(b, head); cr.Conclusion != "success" {
			b.Fatalf("check concluded %s", cr.Conclusion)
		}
		took += time.Since(start)
		peak = max(peak, procKB(b, cmd.Process.Pid, "VmHWM")/1024)
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}
	b.ReportMetric(peak, "app-peak-RSS-MB")
	b.ReportMetric(idle, "app-idle-RSS-MB")
	b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/scan")
}

// procKB reads a "Name: N kB" line of /proc/PID/status.
func procKB(b *testing.B, pid int, name string) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb
		}
	}
	b.Fatalf("no %s in /proc/%d/status", name, pid)
	return 0
}
