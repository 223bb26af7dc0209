package hook

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

func TestInstallRepositoryLayouts(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the directory to run keyguard install in and the
		// hooks directory git will use.
		setup func(t *testing.T, repo string) (cwd, hooks string)
	}{
		{"plain repository", func(t *testing.T, repo string) (string, string) {
			return repo, filepath.Join(repo, ".git", "hooks")
		}},
		{"relative core.hooksPath, from a subdirectory", func(t *testing.T, repo string) (string, string) {
			git(t, repo, "config", "core.hooksPath", ".githooks")
			sub := filepath.Join(repo, "src", "pkg")
			os.MkdirAll(sub, 0o755)
			return sub, filepath.Join(repo, ".githooks")
		}},
		{"absolute core.hooksPath", func(t *testing.T, repo string) (string, string) {
			hooks := filepath.Join(t.TempDir(), "shared hooks")
			git(t, repo, "config", "core.hooksPath", hooks)
			return repo, hooks
		}},
		{"linked worktree", func(t *testing.T, repo string) (string, string) {
			commitAll(t, repo, "base")
			wt := filepath.Join(t.TempDir(), "wt")
			git(t, repo, "worktree", "add", "-q", "-b", "feature", wt)
			return wt, filepath.Join(repo, ".git", "hooks")
		}},
		{"non-ASCII path with spaces and quotes", func(t *testing.T, repo string) (string, string) {
			dir := filepath.Join(t.TempDir(), "dépôt ключ 鍵 it's \"here\"")
			git(t, repo, "init", "-q", "-b", "main", dir)
			git(t, dir, "config", "user.name", "Keyguard Test")
			git(t, dir, "config", "user.email", "test@example.com")
			return dir, filepath.Join(dir, ".git", "hooks")
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := gitRepo(t)
			bin := useBuiltKeyguard(t)
			cwd, hooks := tt.setup(t, repo)
			out := mustKeyguard(t, cwd, "install")
			path := filepath.Join(hooks, "pre-commit")
			if !strings.Contains(out, "installed the pre-commit hook: "+path) {
				t.Errorf("install said:\n%s\nwant it to name %s", out, path)
			}
			if script := hookFile(t, path); !strings.Contains(script, "keyguard="+shellQuote(bin)+"\n") {
				t.Errorf("the hook does not run %s by absolute path:\n%s", bin, script)
			}
			checkCommits(t, cwd, uint64(100+i))
		})
	}
}

func TestInstallIdempotent(t *testing.T) {
	repo := gitRepo(t)
	useBuiltKeyguard(t)
	path := filepath.Join(repo, ".git", "hooks", "pre-commit")
	mustKeyguard(t, repo, "install")
	first := hookFile(t, path)

	out := mustKeyguard(t, repo, "install")
	if !strings.Contains(out, "already installed") || hookFile(t, path) != first {
		t.Errorf("a second install changed something or did not say so:\n%s", out)
	}
	if _, err := os.Stat(path + chainedSuffix); err == nil {
		t.Errorf("a second install chained keyguard's own hook")
	}

	// An older keyguard's script is updated in place, not chained.
	old := strings.Replace(first, "(format 1)", "(format 0)", 1)
	os.WriteFile(path, []byte(old), 0o755)
	out = mustKeyguard(t, repo, "install")
	if !strings.Contains(out, "updated the pre-commit hook") || hookFile(t, path) != first {
		t.Errorf("an older keyguard hook was not updated:\n%s", out)
	}
	if _, err := os.Stat(path + chainedSuffix); err == nil {
		t.Errorf("an older keyguard hook was chained instead of updated")
	}
	checkCommits(t, repo, 200)
}

func TestInstallChainsExistingHook(t *testing.T) {
	tests := []struct {
		name     string
		status   int // the existing hook's exit status
		mode     os.FileMode
		wantRun  bool // git ran it before keyguard
		commitOK bool // a clean commit goes through
	}{
		{"passing hook", 0, 0o755, true, true},
		{"failing hook blocks the commit", 1, 0o755, true, false},
		// git does not run a hook that is not executable; neither does
		// keyguard's script.
		{"hook that is not executable", 1, 0o644, false, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := gitRepo(t)
			useBuiltKeyguard(t)
			log := filepath.Join(t.TempDir(), "ran")
			path := filepath.Join(repo, ".git", "hooks", "pre-commit")
			original := recorderHook(log, tt.status)
			if err := os.WriteFile(path, []byte(original), tt.mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, tt.mode) // whatever the umask

			out := mustKeyguard(t, repo, "install")
			if !strings.Contains(out, "chained") {
				t.Errorf("install did not say it chained the existing hook:\n%s", out)
			}
			hookFile(t, path)
			if out := mustKeyguard(t, repo, "install"); !strings.Contains(out, "already installed") {
				t.Errorf("re-install over a chained hook:\n%s", out)
			}

			out, ok := stageAndCommit(t, repo, "clean.txt", "fine\n")
			if ok != tt.commitOK {
				t.Errorf("clean commit succeeded=%v, want %v:\n%s", ok, tt.commitOK, out)
			}
			_, err := os.Stat(log)
			if ran := err == nil; ran != tt.wantRun {
				t.Errorf("existing hook ran=%v, want %v", ran, tt.wantRun)
			}
			if tt.commitOK {
				// The chained hook passing does not let a secret through.
				tok := synth.New(uint64(300 + i)).GitHubToken("ghp_")
				if out, ok := stageAndCommit(t, repo, "leak.py", "T = '"+tok+"'\n"); ok {
					t.Errorf("a secret was committed:\n%s", out)
				}
			}

			out = mustKeyguard(t, repo, "uninstall")
			if !strings.Contains(out, "put back") {
				t.Errorf("uninstall did not say it restored the hook:\n%s", out)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != original {
				t.Fatalf("the original hook was not restored byte for byte: %v\n%s", err, got)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != tt.mode {
				t.Errorf("restored hook mode %v, want %v", fi.Mode().Perm(), tt.mode)
			}
			if _, err := os.Stat(path + chainedSuffix); err == nil {
				t.Errorf("the chained copy is still there")
			}
		})
	}
}

func TestInstallPrePush(t *testing.T) {
	repo := gitRepo(t)
	useBuiltKeyguard(t)
	remote := filepath.Join(t.TempDir(), "remote.git")
	git(t, repo, "init", "-q", "--bare", remote)
	git(t, repo, "remote", "add", "origin", remote)
	log := filepath.Join(t.TempDir(), "ran")
	hooks := filepath.Join(repo, ".git", "hooks")
	os.WriteFile(filepath.Join(hooks, "pre-push"), []byte(recorderHook(log, 0)), 0o755)

	mustKeyguard(t, repo, "install", "--pre-push")
	hookFile(t, filepath.Join(hooks, "pre-commit"))
	hookFile(t, filepath.Join(hooks, "pre-push"))

	sha := commitAll(t, repo, "clean")
	if out, ok := tryGit(t, repo, "push", "-q", "origin", "main"); !ok {
		t.Fatalf("a clean push was refused:\n%s", out)
	}
	// The chained hook saw what git gives a pre-push hook: its arguments
	// and, on stdin, the refs being pushed.
	args, _ := os.ReadFile(log)
	stdin, _ := os.ReadFile(log + ".stdin")
	if want := "pre-push.keyguard-chained origin " + remote + "\n"; string(args) != want {
		t.Errorf("chained hook arguments %q, want %q", args, want)
	}
	if want := "refs/heads/main " + sha + " refs/heads/main " + strings.Repeat("0", 40) + "\n"; string(stdin) != want {
		t.Errorf("chained hook stdin %q, want %q", stdin, want)
	}

	// A secret committed with --no-verify is stopped at the push.
	tok := synth.New(400).GitHubToken("ghp_")
	write(t, repo, "leak.py", "T = '"+tok+"'\n")
	commitAll(t, repo, "leak")
	out, ok := tryGit(t, repo, "push", "-q", "origin", "main")
	if ok || strings.Contains(out, tok) {
		t.Errorf("push with a secret: succeeded=%v, want refused with the secret redacted:\n%s", ok, out)
	}
	if got := git(t, remote, "rev-parse", "main"); got != sha {
		t.Errorf("the remote moved to %s", got)
	}

	mustKeyguard(t, repo, "uninstall")
	for _, name := range []string{"pre-commit", "pre-push.keyguard-chained"} {
		if _, err := os.Stat(filepath.Join(hooks, name)); err == nil {
			t.Errorf("%s is still there after uninstall", name)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(hooks, "pre-push")); string(got) != recorderHook(log, 0) {
		t.Errorf("pre-push hook not restored:\n%s", got)
	}
}

// TestPrePushHookInput: every hook in the chain reads the refs git gives
// a pre-push hook, whole, with git's arguments; keyguard reads them too.
// A stand-in keyguard records what it got.
func TestPrePushHookInput(t *testing.T) {
	for _, global := range []bool{false, true} {
		t.Run(fmt.Sprintf("global=%v", global), func(t *testing.T) {
			repo := gitRepo(t)
			logs := t.TempDir()
			stub := filepath.Join(logs, "keyguard")
			os.WriteFile(stub, []byte("#!/bin/sh\necho \"$*\" > "+shellQuote(stub+".args")+"\ncat > "+shellQuote(stub+".stdin")+"\n"), 0o755)
			orig := hookExecutable
			hookExecutable = func() (string, error) { return stub, nil }
			t.Cleanup(func() { hookExecutable = orig })

			remote := filepath.Join(t.TempDir(), "remote.git")
			git(t, repo, "init", "-q", "--bare", remote)
			git(t, repo, "remote", "add", "origin", remote)
			// The repository's own hook: chained by a repository install,
			// run by the global hook otherwise.
			local := filepath.Join(logs, "local")
			os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-push"), []byte(recorderHook(local, 0)), 0o755)
			args := []string{"install", "--pre-push"}
			if global {
				args = append(args, "--global")
			}
			mustKeyguard(t, repo, args...)

			main := commitAll(t, repo, "one")
			git(t, repo, "branch", "feature")
			if out, ok := tryGit(t, repo, "push", "-q", "origin", "main", "feature"); !ok {
				t.Fatalf("push refused:\n%s", out)
			}
			zero := strings.Repeat("0", 40)
			want := "refs/heads/main " + main + " refs/heads/main " + zero + "\n" +
				"refs/heads/feature " + main + " refs/heads/feature " + zero + "\n"
			for _, f := range []string{local + ".stdin", stub + ".stdin"} {
				if got, _ := os.ReadFile(f); string(got) != want {
					t.Errorf("%s read %q, want %q", filepath.Base(f), got, want)
				}
			}
			name := "pre-push"
			if !global {
				name += chainedSuffix
			}
			if got, _ := os.ReadFile(local); string(got) != name+" origin "+remote+"\n" {
				t.Errorf("the repository's hook got arguments %q", got)
			}
			if got, _ := os.ReadFile(stub + ".args"); string(got) != "scan --pre-push\n" {
				t.Errorf("keyguard got arguments %q", got)
			}
		})
	}
}

func TestInstallRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, hooks string)
		want  string
	}{
		{"symbolic link", func(t *testing.T, hooks string) {
			target := filepath.Join(t.TempDir(), "shared-hook")
			os.WriteFile(target, []byte("#!/bin/sh\n"), 0o755)
			os.Symlink(target, filepath.Join(hooks, "pre-commit"))
		}, "is a symbolic link"},
		{"directory", func(t *testing.T, hooks string) {
			os.Mkdir(filepath.Join(hooks, "pre-commit"), 0o755)
		}, "is not a regular file"},
		{"foreign hook and a chained one", func(t *testing.T, hooks string) {
			os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte("#!/bin/sh\n"), 0o755)
			os.WriteFile(filepath.Join(hooks, "pre-commit"+chainedSuffix), []byte("#!/bin/sh\n"), 0o755)
		}, "already holds a hook keyguard chained"},
		{"a refusal for pre-push leaves pre-commit alone", func(t *testing.T, hooks string) {
			os.Symlink("elsewhere", filepath.Join(hooks, "pre-push"))
		}, "pre-push is a symbolic link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := gitRepo(t)
			useBuiltKeyguard(t)
			hooks := filepath.Join(repo, ".git", "hooks")
			tt.setup(t, hooks)
			before := listDir(t, hooks)
			code, out := runKeyguard(t, repo, "install", "--pre-push")
			if code != ExitError || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, output %q; want 2 and %q", code, out, tt.want)
			}
			if after := listDir(t, hooks); after != before {
				t.Errorf("a refused install changed the hooks directory:\n%s\nwas:\n%s", after, before)
			}
		})
	}
	t.Run("outside a repository", func(t *testing.T) {
		isolateGit(t)
		code, out := runKeyguard(t, t.TempDir(), "install")
		if code != ExitError || !strings.Contains(out, "not inside a git repository") {
			t.Errorf("exit %d, output %q", code, out)
		}
	})
}

// listDir describes a directory's entries: name, type and size.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		info, _ := e.Info()
		b.WriteString(e.Name() + " " + info.Mode().String() + "\n")
	}
	return b.String()
}

func TestUninstallNothingInstalled(t *testing.T) {
	repo := gitRepo(t)
	code, out := runKeyguard(t, repo, "uninstall")
	if code != ExitClean || !strings.Contains(out, "nothing to do") {
		t.Errorf("exit %d, output %q; want 0 and a friendly note", code, out)
	}
	os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), []byte("#!/bin/sh\n"), 0o755)
	code, out = runKeyguard(t, repo, "uninstall")
	if code != ExitClean || !strings.Contains(out, "not keyguard's: left as it is") {
		t.Errorf("exit %d, output %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(repo, ".git", "hooks", "pre-commit")); err != nil {
		t.Errorf("uninstall removed someone else's hook")
	}
}

// TestHookFallsBackToPath: a hook whose keyguard binary is gone runs the
// one on PATH; with none at all it fails closed, saying why.
func TestHookFallsBackToPath(t *testing.T) {
	repo := gitRepo(t)
	bin := useBuiltKeyguard(t)
	gone := filepath.Join(t.TempDir(), "keyguard")
	data, _ := os.ReadFile(bin)
	os.WriteFile(gone, data, 0o755)
	hookExecutable = func() (string, error) { return gone, nil }
	mustKeyguard(t, repo, "install")
	os.Remove(gone)
	checkCommits(t, repo, 600)

	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", filepath.Dir(gitPath)+string(os.PathListSeparator)+"/bin")
	if _, err := exec.LookPath("keyguard"); err == nil {
		t.Skip("a keyguard is installed next to git")
	}
	out, ok := stageAndCommit(t, repo, "x.txt", "fine\n")
	if ok || !strings.Contains(out, "cannot find the keyguard command") {
		t.Errorf("commit without any keyguard: succeeded=%v\n%s", ok, out)
	}
}

func TestKeyguardCommand(t *testing.T) {
	tests := []struct {
		exe  string
		want string
	}{
		{"/home/me/go/bin/keyguard", "/home/me/go/bin/keyguard"},
		{"/usr/local/bin/keyguard", "/usr/local/bin/keyguard"},
		// go run builds into a directory it deletes on exit.
		{"/tmp/go-build3021468427/b001/exe/keyguard", "keyguard"},
		{"/home/me/.cache/gotmp/go-build99/b001/exe/keyguard", "keyguard"},
		{"/tmp/go-build123/b001/hook.test", "keyguard"},
	}
	for _, tt := range tests {
		t.Run(tt.exe, func(t *testing.T) {
			orig := hookExecutable
			defer func() { hookExecutable = orig }()
			hookExecutable = func() (string, error) { return tt.exe, nil }
			if got := keyguardCommand(Env{Stderr: &bytes.Buffer{}}); got != tt.want {
				t.Errorf("keyguardCommand() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHookScriptSyntax checks every flavour of the script with sh -n and,
// when it is installed, shellcheck.
func TestHookScriptSyntax(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, name := range []string{hookPreCommit, hookPrePush} {
		for _, global := range []bool{false, true} {
			for i, kg := range []string{"keyguard", "/opt/it's here/keyguard"} {
				script := hookScript(name, kg, global)
				f := filepath.Join(dir, fmt.Sprintf("%s-global=%v-%d", name, global, i))
				os.WriteFile(f, []byte(script), 0o755)
				files = append(files, f)
				if out, err := exec.Command("sh", "-n", f).CombinedOutput(); err != nil {
					t.Errorf("sh -n %s: %v\n%s\n%s", f, err, out, script)
				}
			}
		}
	}
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Skip("shellcheck not installed")
	}
	if out, err := exec.Command("shellcheck", append([]string{"-s", "sh"}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}
