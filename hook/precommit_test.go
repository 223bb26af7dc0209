package hook

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

// TestPreCommitFramework proves .pre-commit-hooks.yaml with the real
// pre-commit: it builds keyguard from this module with the golang language
// (go install ./...) and runs it on a repository's commits and pushes. CI
// installs Debian's pre-commit and sets CI; elsewhere the test is skipped
// when pre-commit is missing.
func TestPreCommitFramework(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install pre-commit (apt-get install pre-commit) to test .pre-commit-hooks.yaml")
		}
		t.Skip("pre-commit not installed")
	}
	if testing.Short() {
		t.Skip("builds keyguard with pre-commit; not in -short mode")
	}
	repo := gitRepo(t)
	// go install finds the module cache through GOMODCACHE, which
	// pre-commit leaves alone (it sets GOPATH), so no download is needed.
	keepGoCaches(t)
	t.Setenv("PRE_COMMIT_HOME", t.TempDir())
	t.Setenv("PRE_COMMIT_COLOR", "never")
	src := moduleSnapshot(t)
	g := synth.New(800)

	t.Run("try-repo blocks a staged secret", func(t *testing.T) {
		tok := g.GitHubToken("ghp_")
		write(t, repo, "settings.py", "GITHUB = \""+tok+"\"\n")
		git(t, repo, "add", "settings.py")
		out, ok := preCommit(t, repo, "try-repo", src, "keyguard")
		if ok || !strings.Contains(out, "- exit code: 1") {
			t.Fatalf("want the hook to fail with exit status 1 (secrets found):\n%s", out)
		}
		if !strings.Contains(out, tok[:4]+"****"+tok[len(tok)-4:]) || strings.Contains(out, tok) {
			t.Errorf("want the finding redacted, and only redacted:\n%s", out)
		}
		git(t, repo, "rm", "-q", "--cached", "settings.py")
		os.Remove(filepath.Join(repo, "settings.py"))
	})

	t.Run("try-repo passes a clean change", func(t *testing.T) {
		write(t, repo, "README.md", "# hello\n\nThe token comes from GITHUB_TOKEN.\n")
		git(t, repo, "add", "README.md")
		if out, ok := preCommit(t, repo, "try-repo", src, "keyguard"); !ok || !strings.Contains(out, "Passed") {
			t.Fatalf("a clean change did not pass:\n%s", out)
		}
	})

	// Installed as people do: a config naming both hooks, and the
	// framework's own git hooks.
	remote := filepath.Join(t.TempDir(), "remote.git")
	git(t, repo, "init", "-q", "--bare", remote)
	git(t, repo, "remote", "add", "origin", remote)
	write(t, repo, ".pre-commit-config.yaml", "repos:\n- repo: "+src+"\n  rev: "+git(t, src, "rev-parse", "HEAD")+
		"\n  hooks:\n  - id: keyguard\n  - id: keyguard-push\n")
	commitAll(t, repo, "base")
	git(t, repo, "push", "-q", "--no-verify", "origin", "main")
	if out, ok := preCommit(t, repo, "install", "--hook-type", "pre-commit", "--hook-type", "pre-push"); !ok {
		t.Fatalf("pre-commit install:\n%s", out)
	}

	t.Run("installed: commits", func(t *testing.T) {
		checkCommits(t, repo, 801)
	})

	t.Run("installed: a push of a secret added then deleted is blocked", func(t *testing.T) {
		// The framework's file list for this push is empty (the end
		// states do not differ), which is why the hook always runs.
		git(t, repo, "push", "-q", "--no-verify", "origin", "main")
		tok := g.GitHubToken("ghp_")
		write(t, repo, "tmp.env", "GITHUB_TOKEN="+tok+"\n")
		commitAll(t, repo, "oops")
		git(t, repo, "rm", "-q", "tmp.env")
		git(t, repo, "commit", "-q", "--no-verify", "-m", "remove it")
		out, ok := tryGit(t, repo, "push", "origin", "main")
		if ok || !strings.Contains(out, "- exit code: 1") || strings.Contains(out, tok) {
			t.Errorf("push: succeeded=%v, want refused (exit status 1, secrets found) without showing the secret:\n%s", ok, out)
		}
		git(t, repo, "reset", "-q", "--hard", "origin/main")
	})

	t.Run("installed: a clean push goes through", func(t *testing.T) {
		write(t, repo, "notes.txt", "nothing secret\n")
		commitAll(t, repo, "notes")
		if out, ok := tryGit(t, repo, "push", "origin", "main"); !ok {
			t.Errorf("a clean push was refused:\n%s", out)
		}
	})

	t.Run("installed: the first push of a new history is scanned", func(t *testing.T) {
		// With the root commit in the push, the framework names only the
		// branch and the remote (no PRE_COMMIT_FROM_REF/TO_REF).
		fresh := gitRepo(t)
		remote := filepath.Join(t.TempDir(), "fresh.git")
		git(t, fresh, "init", "-q", "--bare", remote)
		git(t, fresh, "remote", "add", "origin", remote)
		write(t, fresh, ".pre-commit-config.yaml", "repos:\n- repo: "+src+"\n  rev: "+git(t, src, "rev-parse", "HEAD")+
			"\n  hooks:\n  - id: keyguard-push\n")
		tok := g.GitHubToken("ghp_")
		write(t, fresh, "deploy.sh", "export GITHUB_TOKEN="+tok+"\n")
		commitAll(t, fresh, "root commit with a key")
		if out, ok := preCommit(t, fresh, "install", "--hook-type", "pre-push"); !ok {
			t.Fatalf("pre-commit install:\n%s", out)
		}
		out, ok := tryGit(t, fresh, "push", "origin", "main")
		if ok || strings.Contains(out, tok) {
			t.Errorf("first push: succeeded=%v, want refused without showing the secret:\n%s", ok, out)
		}
	})
}

// preCommit runs pre-commit in dir and returns its output and whether it
// succeeded.
func preCommit(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("pre-commit", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return string(out), err == nil
}

// moduleSnapshot commits this module's files, as they are in the work tree,
// to a new repository and returns its path. pre-commit reads a hook
// repository at a commit: try-repo on the checkout itself would take HEAD
// plus tracked changes and miss new files.
func moduleSnapshot(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "keyguard")
	for _, name := range moduleFiles(t) {
		from, to := filepath.Join(moduleRoot, name), filepath.Join(dst, name)
		fi, err := os.Lstat(from)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the work tree, or not a plain file
		}
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dst, "init", "-q", "-b", "main")
	git(t, dst, "add", "-A")
	git(t, dst, "-c", "user.name=Keyguard Test", "-c", "user.email=test@example.com", "commit", "-q", "--no-verify", "-m", "snapshot")
	return dst
}

// moduleFiles lists the module's files that git would commit (tracked, or
// new and not ignored); outside git, every file but .git.
func moduleFiles(t *testing.T) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir, cmd.Env = moduleRoot, origEnv
	if out, err := cmd.Output(); err == nil {
		return strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	}
	var names []string
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(moduleRoot, path)
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}
