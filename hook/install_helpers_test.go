package hook

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

// Helpers for the install tests, which put hooks into real repositories
// and commit with real git, running a keyguard binary built once per test
// binary.

var (
	// moduleRoot is the repository's top directory; origEnv the environment
	// the tests started with, before t.Setenv pointed HOME at temporary
	// directories (go build needs the real one for its caches).
	moduleRoot string
	origEnv    []string

	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

// TestMain records where the module is and removes the keyguard binary
// built for the hook tests.
func TestMain(m *testing.M) {
	if wd, err := os.Getwd(); err == nil {
		moduleRoot = filepath.Dir(wd)
	}
	origEnv = os.Environ()
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// builtKeyguard builds the keyguard command once and returns its path.
func builtKeyguard(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		if builtDir, builtErr = os.MkdirTemp("", "keyguard-bin-"); builtErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(builtDir, "keyguard"), "./hook/cmd/keyguard")
		cmd.Dir, cmd.Env = moduleRoot, origEnv
		if out, err := cmd.CombinedOutput(); err != nil {
			builtErr = fmt.Errorf("go build ./hook/cmd/keyguard: %v\n%s", err, out)
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return filepath.Join(builtDir, "keyguard")
}

// keepGoCaches points the go command at the caches and settings of the
// user who runs the tests, which it finds through HOME, so that a test
// that moved HOME still builds from warm caches without the network.
func keepGoCaches(t *testing.T) {
	t.Helper()
	cmd := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOENV")
	cmd.Env = origEnv
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for i, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"} {
		if i < len(vals) && vals[i] != "" {
			t.Setenv(k, vals[i])
		}
	}
}

// useBuiltKeyguard makes keyguard install write hooks that run the built
// binary, and puts it first on PATH as a user's installation would be.
func useBuiltKeyguard(t *testing.T) string {
	t.Helper()
	bin := builtKeyguard(t)
	orig := hookExecutable
	hookExecutable = func() (string, error) { return bin, nil }
	t.Cleanup(func() { hookExecutable = orig })
	t.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	return bin
}

// runKeyguard runs a keyguard command line in dir, in process, with the
// process environment (HOME, XDG_CONFIG_HOME).
func runKeyguard(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	t.Chdir(dir)
	code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Getenv: os.Getenv})
	return code, out.String() + errb.String()
}

// mustKeyguard is runKeyguard that fails the test unless the command exits 0.
func mustKeyguard(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out := runKeyguard(t, dir, args...)
	if code != ExitClean {
		t.Fatalf("keyguard %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// tryGit runs git in dir, hooks and all, and returns its combined output
// and whether it succeeded.
func tryGit(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
	}
	return string(out), err == nil
}

// stageAndCommit writes one file, stages it and commits with the hooks.
func stageAndCommit(t *testing.T, dir, name, content string) (string, bool) {
	t.Helper()
	write(t, dir, name, content)
	git(t, dir, "add", "--", name)
	return tryGit(t, dir, "commit", "-q", "-m", "add "+name)
}

// checkCommits proves the hook works: a clean change commits, a secret is
// blocked with a redacted report that never shows it.
func checkCommits(t *testing.T, dir string, seed uint64) {
	t.Helper()
	if out, ok := stageAndCommit(t, dir, "clean.txt", "nothing to see\n"); !ok {
		t.Fatalf("a clean commit was refused:\n%s", out)
	}
	tok := synth.New(seed).GitHubToken("ghp_")
	before := git(t, dir, "rev-parse", "HEAD")
	out, ok := stageAndCommit(t, dir, "config.py", "TOKEN = \""+tok+"\"\n")
	if ok || git(t, dir, "rev-parse", "HEAD") != before {
		t.Fatalf("a commit with a secret went through:\n%s", out)
	}
	if !strings.Contains(out, tok[:4]+"****"+tok[len(tok)-4:]) || strings.Contains(out, tok) {
		t.Errorf("the report should show the secret redacted, and only redacted:\n%s", out)
	}
	git(t, dir, "reset", "-q", "--", "config.py")
	os.Remove(filepath.Join(dir, "config.py"))
}

// hookFile reads an installed hook and checks it is keyguard's and
// executable.
func hookFile(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no hook: %v", err)
	}
	if fi.Mode().Perm()&0o111 != 0o111 {
		t.Errorf("%s is not executable: %v", path, fi.Mode())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n"+hookMarker) {
		t.Errorf("%s has no keyguard marker:\n%s", path, data)
	}
	return string(data)
}

// recorderHook is a hook script that appends its name and arguments to
// log, saves its stdin next to it, and exits with status.
func recorderHook(log string, status int) string {
	return "#!/bin/sh\n" +
		"echo \"$(basename \"$0\") $*\" >> " + shellQuote(log) + "\n" +
		"cat > " + shellQuote(log+".stdin") + "\n" +
		fmt.Sprintf("exit %d\n", status)
}
