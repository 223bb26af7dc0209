// Command gitgates times keyguard's git gates the way users meet them: a
// pre-commit scan of a typical staged change, a large staged change, a
// pre-push of 100 new commits, and (given a repository) a full history
// scan, each beside the peer scanners when their binaries are given.
//
//	go run ./bench/gitgates [-keyguard BIN] [-gitleaks BIN] [-betterleaks BIN] [-history REPO] [-runs N]
//
// The staged and pre-push repositories are built in a temporary directory
// from Go's own source tree (real code, no secrets), so the figures are
// reproducible on any machine with Go. Times are wall-clock medians,
// git's own work included: that is what a person waits for.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

func main() {
	keep := flag.Bool("keep", false, "keep the repositories built (their path is printed)")
	keyguard := flag.String("keyguard", "", "keyguard binary (default: built from this checkout)")
	gitleaks := flag.String("gitleaks", "", "gitleaks binary to compare with")
	betterleaks := flag.String("betterleaks", "", "Betterleaks binary to compare with")
	history := flag.String("history", "", "a git repository to time history scans on (e.g. a clone of cli/cli)")
	runs := flag.Int("runs", 21, "runs per measurement (the median is reported)")
	flag.Parse()
	if err := run(*keyguard, *gitleaks, *betterleaks, *history, *runs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "gitgates:", err)
		os.Exit(1)
	}
}

func run(keyguard, gitleaks, betterleaks, history string, runs int, keep bool) error {
	tmp, err := os.MkdirTemp("", "keyguard-gitgates-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("repositories in", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	if keyguard == "" {
		keyguard = filepath.Join(tmp, "keyguard")
		if out, err := exec.Command("go", "build", "-o", keyguard, "./hook/cmd/keyguard").CombinedOutput(); err != nil {
			return fmt.Errorf("building keyguard: %v\n%s", err, out)
		}
	}
	src := filepath.Join(runtime.GOROOT(), "src")
	// Peers get a report file of their own: some replace the report path
	// with a new file, which must never be /dev/null.
	report := filepath.Join(tmp, "report.json")
	fmt.Printf("%-44s %12s\n", "measurement", "median")

	for _, tc := range []struct {
		name         string
		files, lines int
	}{{"staged: 5 files, 200 added lines", 5, 40}, {"staged: 5 files, 5000 added lines", 5, 1000}} {
		repo := filepath.Join(tmp, fmt.Sprintf("staged-%d", tc.lines))
		if err := stagedRepo(repo, src, tc.files, tc.lines); err != nil {
			return err
		}
		time1(tc.name+" / git diff --cached", runs, repo, nil, "git", "diff", "--cached", "--quiet")
		time1(tc.name+" / keyguard", runs, repo, nil, keyguard, "scan", "--staged")
		if gitleaks != "" {
			time1(tc.name+" / gitleaks", runs, repo, nil, gitleaks, "git", "--pre-commit", "--staged", "--no-banner", "-r", report)
		}
		if betterleaks != "" {
			time1(tc.name+" / Betterleaks", runs, repo, nil, betterleaks, "git", "--pre-commit", "--staged", "--no-banner", "-r", report)
		}
	}

	repo := filepath.Join(tmp, "push")
	input, err := pushRepo(repo, src, 100)
	if err != nil {
		return err
	}
	time1("pre-push: 100 new commits / keyguard", runs, repo, []byte(input), keyguard, "scan", "--pre-push", "origin", "x")

	if history != "" {
		n := max(3, runs/4)
		count, _ := output(history, "git", "rev-list", "--count", "--all")
		fmt.Printf("history: %s, %s commits\n", history, strings.TrimSpace(count))
		time1("history / git log -p --all", n, history, nil, "git", "log", "-p", "--all")
		time1("history / keyguard scan --git", n, history, nil, keyguard, "scan", "--git", "--format", "json")
		if gitleaks != "" {
			time1("history / gitleaks git", n, history, nil, gitleaks, "git", ".", "--no-banner", "-r", report)
		}
		if betterleaks != "" {
			time1("history / Betterleaks git", n, history, nil, betterleaks, "git", ".", "--no-banner", "-r", report)
		}
	}
	return nil
}

// time1 runs a command runs times (after one warm-up) and prints the
// median and the spread. Exit statuses are ignored: scanners exit 1 on
// findings.
func time1(name string, runs int, dir string, stdin []byte, prog string, args ...string) {
	var ds []time.Duration
	for i := 0; i <= runs; i++ {
		cmd := exec.Command(prog, args...)
		cmd.Dir = dir
		if stdin != nil {
			cmd.Stdin = bytes.NewReader(stdin)
		}
		start := time.Now()
		cmd.Run()
		if i > 0 {
			ds = append(ds, time.Since(start))
		}
	}
	slices.Sort(ds)
	fmt.Printf("%-44s %10.1f ms   (min %.1f, max %.1f)\n", name, ms(ds[len(ds)/2]), ms(ds[0]), ms(ds[len(ds)-1]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// stagedRepo commits a copy of some Go source files, then stages edits
// that add lines to a few of them.
func stagedRepo(dir, src string, files, lines int) error {
	picked, err := copySources(dir, src, 400)
	if err != nil {
		return err
	}
	if err := gitInit(dir); err != nil {
		return err
	}
	donor, err := os.ReadFile(filepath.Join(dir, picked[len(picked)-1]))
	if err != nil {
		return err
	}
	donorLines := strings.Split(string(donor), "\n")
	for i := 0; i < files; i++ {
		p := filepath.Join(dir, picked[i*7%len(picked)])
		old, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var add strings.Builder
		for j := 0; j < lines; j++ {
			add.WriteString(donorLines[(i*lines+j)%len(donorLines)])
			add.WriteByte('\n')
		}
		// Added in the middle, as edits usually are.
		mid := bytes.IndexByte(old[len(old)/2:], '\n') + len(old)/2 + 1
		edited := append(append(append([]byte(nil), old[:mid]...), add.String()...), old[mid:]...)
		if err := os.WriteFile(p, edited, 0o644); err != nil {
			return err
		}
	}
	_, err = output(dir, "git", "add", "-A")
	return err
}

// pushRepo builds a repository whose main branch is 100 commits ahead of
// its remote, and returns the pre-push input for pushing it.
func pushRepo(dir, src string, commits int) (string, error) {
	picked, err := copySources(dir, src, 200)
	if err != nil {
		return "", err
	}
	if err := gitInit(dir); err != nil {
		return "", err
	}
	remote := dir + ".git"
	if _, err := output("", "git", "init", "-q", "--bare", remote); err != nil {
		return "", err
	}
	if _, err := output(dir, "git", "remote", "add", "origin", remote); err != nil {
		return "", err
	}
	if _, err := output(dir, "git", "push", "-q", "origin", "HEAD:refs/heads/main"); err != nil {
		return "", err
	}
	base, _ := output(dir, "git", "rev-parse", "HEAD")
	for i := 0; i < commits; i++ {
		p := filepath.Join(dir, picked[i%len(picked)])
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(f, "\n// change %d: a comment line and\nvar change%d = %d\n", i, i, i)
		f.Close()
		if _, err := output(dir, "git", "commit", "-q", "-am", fmt.Sprintf("change %d", i)); err != nil {
			return "", err
		}
	}
	head, _ := output(dir, "git", "rev-parse", "HEAD")
	return fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", strings.TrimSpace(head), strings.TrimSpace(base)), nil
}

// copySources copies up to n .go files (tests included) from src.
func copySources(dir, src string, n int) ([]string, error) {
	var picked []string
	err := filepath.WalkDir(filepath.Join(src, "net"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(picked) >= n {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		picked = append(picked, rel)
		return os.WriteFile(dst, data, 0o644)
	})
	if len(picked) == 0 && err == nil {
		err = fmt.Errorf("no Go sources under %s", src)
	}
	return picked, err
}

func gitInit(dir string) error {
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"config", "user.name", "Bench"},
		{"config", "user.email", "bench@example.com"},
		{"config", "commit.gpgsign", "false"},
		{"add", "-A"},
		{"commit", "-q", "-m", "base"},
	} {
		if _, err := output(dir, "git", args...); err != nil {
			return err
		}
	}
	return nil
}

func output(dir, prog string, args ...string) (string, error) {
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}
