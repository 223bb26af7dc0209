package hook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// installSh runs the repository's install.sh in dir, with stdin not a
// terminal, and returns its combined output and whether it succeeded.
func installSh(t *testing.T, dir string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command("sh", append([]string{filepath.Join(moduleRoot, "install.sh")}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return string(out), err == nil
}

func mustInstallSh(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, ok := installSh(t, dir, args...)
	if !ok {
		t.Fatalf("install.sh %s failed:\n%s", strings.Join(args, " "), out)
	}
	return out
}

// TestInstallScript runs install.sh as a newcomer would, in a throwaway
// home: build, build again, install the hook in a repository, uninstall.
func TestInstallScript(t *testing.T) {
	repo := gitRepo(t) // also a fresh HOME and global git config
	keepGoCaches(t)
	prefix := filepath.Join(t.TempDir(), "bin dir")
	bin := filepath.Join(prefix, "keyguard")
	elsewhere := t.TempDir()

	out := mustInstallSh(t, elsewhere, "--prefix", prefix)
	for _, want := range []string{"installed keyguard", "is not on your PATH", "keyguard install --global"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run does not say %q:\n%s", want, out)
		}
	}
	version, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(version), "keyguard ") {
		t.Fatalf("keyguard version: %v %q", err, version)
	}

	// Running it again rebuilds in place; --hook installs the hook in the
	// repository it runs in, calling this binary.
	mustInstallSh(t, repo, "--prefix", prefix, "--hook")
	hook := hookFile(t, filepath.Join(repo, ".git", "hooks", "pre-commit"))
	if !strings.Contains(hook, "keyguard="+shellQuote(bin)+"\n") {
		t.Errorf("the hook does not call %s:\n%s", bin, hook)
	}
	if out := mustInstallSh(t, repo, "--prefix", prefix, "--hook"); !strings.Contains(out, "already installed") {
		t.Errorf("re-run with --hook:\n%s", out)
	}
	checkCommits(t, repo, 700)

	mustInstallSh(t, elsewhere, "--prefix", prefix, "--global")
	if dir, _ := globalConfig(t, "core.hooksPath"); dir == "" {
		t.Errorf("--global set no core.hooksPath")
	}

	out = mustInstallSh(t, repo, "--prefix", prefix, "--uninstall")
	for _, gone := range []string{bin, filepath.Join(repo, ".git", "hooks", "pre-commit")} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s is still there after --uninstall:\n%s", gone, out)
		}
	}
	if dir, set := globalConfig(t, "core.hooksPath"); set {
		t.Errorf("core.hooksPath is still %q after --uninstall:\n%s", dir, out)
	}
	if out := mustInstallSh(t, repo, "--prefix", prefix, "--uninstall"); !strings.Contains(out, "nothing to remove") {
		t.Errorf("second --uninstall:\n%s", out)
	}
}

func TestInstallScriptErrors(t *testing.T) {
	isolateGit(t)
	keepGoCaches(t)
	file := filepath.Join(t.TempDir(), "a file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct {
		name string
		args []string
		path string // PATH, when set
		want string
	}{
		{"unknown option", []string{"--frobnicate"}, "", "unknown option --frobnicate"},
		{"two hook choices", []string{"--hook", "--global"}, "", "choose one of"},
		{"prefix that cannot be created", []string{"--prefix", filepath.Join(file, "bin")}, "", "cannot create"},
		{"no Go", []string{"--prefix", t.TempDir()}, "/usr/bin:/bin", "Go is not installed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path != "" {
				if goBin, err := exec.LookPath("go"); err == nil && (filepath.Dir(goBin) == "/usr/bin" || filepath.Dir(goBin) == "/bin") {
					t.Skip("go is installed in /usr/bin")
				}
				t.Setenv("PATH", tt.path)
			}
			out, ok := installSh(t, t.TempDir(), tt.args...)
			if ok || !strings.Contains(out, tt.want) {
				t.Errorf("succeeded=%v, output:\n%s\nwant a failure saying %q", ok, out, tt.want)
			}
		})
	}
	out, ok := installSh(t, t.TempDir(), "--help")
	if !ok || !strings.Contains(out, "Usage: sh install.sh") {
		t.Errorf("--help: %v\n%s", ok, out)
	}
}

// TestInstallScriptShellcheck lints install.sh when shellcheck is there
// (CI does not install it: the script is small and sh -n always runs).
func TestInstallScriptShellcheck(t *testing.T) {
	script := filepath.Join(moduleRoot, "install.sh")
	if out, err := exec.Command("sh", "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("sh -n install.sh: %v\n%s", err, out)
	}
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Skip("shellcheck not installed")
	}
	if out, err := exec.Command("shellcheck", script).CombinedOutput(); err != nil {
		t.Errorf("shellcheck install.sh: %v\n%s", err, out)
	}
}
