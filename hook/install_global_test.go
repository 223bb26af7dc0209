package hook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstallGlobal: install --global guards every repository through
// git's global core.hooksPath, keeps each repository's own hook running,
// and uninstall --global leaves the git config as it found it.
func TestInstallGlobal(t *testing.T) {
	tests := []struct {
		name string
		// existing: the user set a global core.hooksPath before keyguard,
		// with a pre-commit hook in it.
		existing bool
	}{
		{"core.hooksPath unset", false},
		{"core.hooksPath already set", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateGit(t)
			useBuiltKeyguard(t)
			xdg := filepath.Join(t.TempDir(), "xdg config")
			t.Setenv("XDG_CONFIG_HOME", xdg)
			home := os.Getenv("HOME")
			logDir := t.TempDir()

			hooks := filepath.Join(xdg, "keyguard", "hooks")
			var globalHook string
			if tt.existing {
				hooks = filepath.Join(home, "my hooks")
				os.MkdirAll(hooks, 0o755)
				globalHook = recorderHook(filepath.Join(logDir, "global"), 0)
				os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte(globalHook), 0o755)
				// Stored with ~, as people write it.
				git(t, home, "config", "--global", "core.hooksPath", "~/my hooks")
			}

			out := mustKeyguard(t, t.TempDir(), "install", "--global")
			hookFile(t, filepath.Join(hooks, "pre-commit"))
			if got, _ := globalConfig(t, "core.hooksPath"); tt.existing && got != "~/my hooks" || !tt.existing && got != hooks {
				t.Errorf("global core.hooksPath = %q after install\n%s", got, out)
			}
			if out := mustKeyguard(t, t.TempDir(), "install", "--global"); !strings.Contains(out, "already installed") {
				t.Errorf("second install --global:\n%s", out)
			}

			// Any repository is now guarded, and its own hook still runs.
			repo := filepath.Join(t.TempDir(), "repo")
			git(t, home, "init", "-q", "-b", "main", repo)
			git(t, repo, "config", "user.name", "Keyguard Test")
			git(t, repo, "config", "user.email", "test@example.com")
			os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), []byte(recorderHook(filepath.Join(logDir, "local"), 0)), 0o755)
			checkCommits(t, repo, uint64(500+i))
			for _, name := range []string{"local", "global"} {
				if _, err := os.Stat(filepath.Join(logDir, name)); (err == nil) != (name == "local" || tt.existing) {
					t.Errorf("%s hook ran=%v", name, err == nil)
				}
			}
			// The repository's own hook can fail the commit too.
			os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), []byte(recorderHook(filepath.Join(logDir, "local"), 1)), 0o755)
			if out, ok := stageAndCommit(t, repo, "more.txt", "fine\n"); ok {
				t.Errorf("a failing repository hook did not block the commit:\n%s", out)
			}
			os.Remove(filepath.Join(repo, ".git", "hooks", "pre-commit"))

			// keyguard install in a repository whose hooks are the global
			// ones says so instead of writing there.
			if out := mustKeyguard(t, repo, "install"); !strings.Contains(out, "already installed for every repository") {
				t.Errorf("keyguard install under a global core.hooksPath:\n%s", out)
			}

			out = mustKeyguard(t, t.TempDir(), "uninstall", "--global")
			got, set := globalConfig(t, "core.hooksPath")
			switch {
			case tt.existing:
				if got != "~/my hooks" {
					t.Errorf("uninstall changed the user's core.hooksPath to %q\n%s", got, out)
				}
				if data, _ := os.ReadFile(filepath.Join(hooks, "pre-commit")); string(data) != globalHook {
					t.Errorf("the global hook was not restored:\n%s", data)
				}
			default:
				if set {
					t.Errorf("core.hooksPath still set to %q\n%s", got, out)
				}
				if _, err := os.Stat(hooks); err == nil {
					t.Errorf("%s is still there", hooks)
				}
			}
			if out := mustKeyguard(t, t.TempDir(), "uninstall", "--global"); !strings.Contains(out, "nothing to do") {
				t.Errorf("second uninstall --global:\n%s", out)
			}
		})
	}
}

// globalConfig reads a key from the test's global git config.
func globalConfig(t *testing.T, key string) (string, bool) {
	t.Helper()
	out, err := exec.Command("git", "config", "--global", "--get", key).Output()
	return strings.TrimSpace(string(out)), err == nil
}
