package hook

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Git hooks keyguard writes. Each script carries hookMarker so that keyguard
// knows it as its own: it updates it in place and uninstall removes it, and
// never touches any other file.
const (
	hookPreCommit = "pre-commit"
	hookPrePush   = "pre-push"
	hookMarker    = "# keyguard-hook: "
	// chainedSuffix names the place a hook that was there before keyguard
	// is moved to; keyguard's script runs it first and uninstall puts it back.
	chainedSuffix = ".keyguard-chained"
	// hookPathSetFile, in the keyguard-owned global hooks directory, records
	// that keyguard set core.hooksPath, so that uninstall unsets only what
	// it set.
	hookPathSetFile = ".keyguard-set-core-hookspath"
)

// hookExecutable finds the running binary; tests point it at a keyguard
// they built.
var hookExecutable = os.Executable

func runInstall(ctx context.Context, args []string, env Env) int {
	flags := flag.NewFlagSet("keyguard install", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	prePush := flags.Bool("pre-push", false, "also install the pre-push hook, which scans the commits a push would send")
	global := flags.Bool("global", false, "install for every repository, through git's global core.hooksPath")
	flags.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: keyguard install [--pre-push] [--global]\n\nInstalls the git pre-commit hook that runs keyguard scan --staged.\n\nFlags:")
		flags.PrintDefaults()
	}
	if code, ok := parseHookFlags(flags, args, env); !ok {
		return code
	}
	names := []string{hookPreCommit}
	if *prePush {
		names = append(names, hookPrePush)
	}
	if err := install(ctx, env, names, *global); err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	return ExitClean
}

func runUninstall(ctx context.Context, args []string, env Env) int {
	flags := flag.NewFlagSet("keyguard uninstall", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	global := flags.Bool("global", false, "remove the hooks installed with keyguard install --global")
	flags.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: keyguard uninstall [--global]\n\nRemoves keyguard's git hooks and puts back the hooks they chained.\n\nFlags:")
		flags.PrintDefaults()
	}
	if code, ok := parseHookFlags(flags, args, env); !ok {
		return code
	}
	if err := uninstall(ctx, env, *global); err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	return ExitClean
}

func parseHookFlags(flags *flag.FlagSet, args []string, env Env) (int, bool) {
	if err := flags.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return ExitClean, false
		}
		return ExitError, false
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "keyguard: unexpected arguments %q\n", flags.Args())
		return ExitError, false
	}
	return 0, true
}

// hookTarget is where hooks go and how their scripts are written.
type hookTarget struct {
	dir    string
	global bool // the global hooks directory: also run each repository's own hook
	// setHooksPath: core.hooksPath is unset and install sets it to dir.
	setHooksPath bool
	// shared: the repository's hooks directory comes from a global or
	// system core.hooksPath, so it serves every repository.
	shared string // the config scope that set it
}

// hookTargetFor is the hooks directory of this repository, or the global
// one.
func hookTargetFor(ctx context.Context, env Env, global bool) (hookTarget, error) {
	if global {
		return globalHookTarget(ctx, env)
	}
	return repoHookTarget(ctx)
}

func install(ctx context.Context, env Env, names []string, global bool) error {
	t, err := hookTargetFor(ctx, env, global)
	if err != nil {
		return err
	}
	kg := keyguardCommand(env)

	// Look at every hook before changing any, so that a refusal leaves
	// nothing half done.
	states := make([]hookState, len(names))
	for i, name := range names {
		if states[i], err = inspectHook(filepath.Join(t.dir, name)); err != nil {
			return err
		}
		if states[i].foreign && states[i].chained {
			return fmt.Errorf("%s is not keyguard's, and %s already holds a hook keyguard chained earlier: move one of them away and run keyguard install again",
				states[i].path, states[i].path+chainedSuffix)
		}
	}
	if t.shared != "" {
		for _, st := range states {
			if !st.ours {
				return fmt.Errorf("core.hooksPath is set in your %s git config to %s: git runs the hooks there for every repository and ignores this repository's own.\n"+
					"Run 'keyguard install --global' to install there, or give this repository its own hooks first: git config core.hooksPath .git/hooks", t.shared, t.dir)
			}
		}
		fmt.Fprintf(env.Stderr, "keyguard: already installed for every repository, in %s (core.hooksPath, %s config)\n", t.dir, t.shared)
		return nil
	}

	if err := os.MkdirAll(t.dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the hooks directory: %w", err)
	}
	changed := false
	for i, name := range names {
		st := states[i]
		script := hookScript(name, kg, t.global)
		switch {
		case st.ours && bytes.Equal(st.content, []byte(script)):
			fmt.Fprintf(env.Stderr, "keyguard: the %s hook is already installed: %s\n", name, st.path)
			continue
		case st.foreign:
			// The hook moves aside, byte for byte and with its mode, and
			// keyguard's script runs it first.
			if err := os.Rename(st.path, st.path+chainedSuffix); err != nil {
				return fmt.Errorf("cannot move the existing %s hook aside: %w", name, err)
			}
		}
		if err := writeHook(st.path, script); err != nil {
			if st.foreign {
				os.Rename(st.path+chainedSuffix, st.path)
			}
			return err
		}
		changed = true
		switch {
		case st.ours:
			fmt.Fprintf(env.Stderr, "keyguard: updated the %s hook: %s\n", name, st.path)
		case st.foreign:
			fmt.Fprintf(env.Stderr, "keyguard: installed the %s hook: %s\n"+
				"keyguard: the %s hook that was there is chained: it now runs first, from %s, and keyguard uninstall puts it back\n",
				name, st.path, name, st.path+chainedSuffix)
		default:
			fmt.Fprintf(env.Stderr, "keyguard: installed the %s hook: %s\n", name, st.path)
		}
	}
	if t.setHooksPath {
		// The record first: core.hooksPath set without it would never be
		// unset by uninstall.
		mark := filepath.Join(t.dir, hookPathSetFile)
		if err := os.WriteFile(mark, []byte(t.dir+"\n"), 0o644); err != nil {
			return err
		}
		if _, err := runGitConfig(ctx, "--global", "core.hooksPath", t.dir); err != nil {
			os.Remove(mark)
			return err
		}
		fmt.Fprintf(env.Stderr, "keyguard: set core.hooksPath in your global git config to %s.\n"+
			"keyguard: git now runs the hooks there instead of each repository's .git/hooks; keyguard's hook runs those too.\n", t.dir)
	}
	if t.global && changed {
		fmt.Fprintln(env.Stderr, "keyguard: a repository that sets its own core.hooksPath (husky, for one) does not run global hooks: run keyguard install in it.")
	}
	return nil
}

func uninstall(ctx context.Context, env Env, global bool) error {
	t, err := hookTargetFor(ctx, env, global)
	if err != nil {
		return err
	}
	if t.shared != "" {
		fmt.Fprintf(env.Stderr, "keyguard: this repository uses the hooks in %s (core.hooksPath, %s config), shared by every repository: keyguard uninstall --global removes keyguard's from there\n", t.dir, t.shared)
		return nil
	}
	dirs := []string{t.dir}
	own := ""
	if global {
		// core.hooksPath may have been pointed away from the directory
		// keyguard made since: clean that one too.
		if own, err = ownGlobalHooksDir(env); err != nil {
			return err
		}
		if _, err := os.Stat(own); err == nil && own != t.dir {
			dirs = append(dirs, own)
		}
	}
	removed := 0
	for _, dir := range dirs {
		n, err := removeHooks(env, dir)
		if err != nil {
			return err
		}
		removed += n
	}
	if removed == 0 {
		fmt.Fprintf(env.Stderr, "keyguard: no keyguard hook is installed in %s: nothing to do\n", t.dir)
	}
	if global {
		return unsetHooksPath(ctx, env, own)
	}
	return nil
}

// removeHooks removes keyguard's hooks from dir, puts back the hooks they
// chained, and returns how many files it changed.
func removeHooks(env Env, dir string) (int, error) {
	removed := 0
	for _, name := range []string{hookPreCommit, hookPrePush} {
		st, err := inspectHook(filepath.Join(dir, name))
		switch {
		case err != nil || st.foreign:
			// A symbolic link or someone else's hook is not keyguard's to
			// remove.
			fmt.Fprintf(env.Stderr, "keyguard: the %s hook in %s is not keyguard's: left as it is\n", name, dir)
			continue
		case st.ours:
			if err := os.Remove(st.path); err != nil {
				return removed, err
			}
			removed++
			fmt.Fprintf(env.Stderr, "keyguard: removed the %s hook: %s\n", name, st.path)
		}
		if st.chained {
			if err := os.Rename(st.path+chainedSuffix, st.path); err != nil {
				return removed, fmt.Errorf("cannot put back the chained %s hook: %w", name, err)
			}
			removed++
			fmt.Fprintf(env.Stderr, "keyguard: put back the %s hook keyguard had chained: %s\n", name, st.path)
		}
	}
	return removed, nil
}

// unsetHooksPath undoes what install --global did to the git config when
// it found core.hooksPath unset: it unsets it only if keyguard set it, it
// still points at keyguard's directory, and nobody put other hooks there
// since.
func unsetHooksPath(ctx context.Context, env Env, own string) error {
	mark := filepath.Join(own, hookPathSetFile)
	if _, err := os.Stat(mark); err != nil {
		return nil // keyguard did not set it
	}
	entries, err := os.ReadDir(own)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != hookPathSetFile {
			fmt.Fprintf(env.Stderr, "keyguard: %s holds other hooks (%s): core.hooksPath is left as it is\n", own, e.Name())
			return nil
		}
	}
	cur, set, err := globalHooksPath(ctx)
	if err != nil {
		return err
	}
	if set && cur == own {
		if _, err := runGitConfig(ctx, "--global", "--unset", "core.hooksPath"); err != nil {
			return err
		}
		fmt.Fprintln(env.Stderr, "keyguard: unset core.hooksPath in your global git config: each repository's own hooks run again")
	}
	if err := os.Remove(mark); err != nil {
		return err
	}
	return os.Remove(own)
}

// hookState is what is at a hook's path now.
type hookState struct {
	path    string
	content []byte
	ours    bool // a regular file keyguard wrote
	foreign bool // a regular file someone else wrote
	chained bool // path+chainedSuffix exists
}

// inspectHook refuses a symbolic link or anything but a regular file:
// replacing it could clobber a file elsewhere (a hook shared by several
// repositories, say), so that is left to the person who set it up.
func inspectHook(path string) (hookState, error) {
	st := hookState{path: path}
	if _, err := os.Lstat(path + chainedSuffix); err == nil {
		st.chained = true
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return st, nil
	case err != nil:
		return st, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		return st, fmt.Errorf("%s is a symbolic link (to %s): keyguard will not replace it; "+
			"remove the link and run keyguard install again, or add 'keyguard scan --staged' to the hook yourself", path, target)
	case !fi.Mode().IsRegular():
		return st, fmt.Errorf("%s is not a regular file: keyguard will not replace it", path)
	}
	if st.content, err = os.ReadFile(path); err != nil {
		return st, err
	}
	st.ours = bytes.Contains(st.content, []byte("\n"+hookMarker))
	st.foreign = !st.ours
	return st, nil
}

// writeHook replaces path with an executable script in one rename, so that
// a commit running at the same time sees the old hook or the new one.
func writeHook(path, script string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".keyguard-*")
	if err != nil {
		return fmt.Errorf("cannot write the hook: %w", err)
	}
	_, err = f.WriteString(script)
	if err == nil {
		err = f.Chmod(0o755)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot write the hook: %w", err)
	}
	return nil
}

// repoHookTarget is the current repository's hooks directory as git sees
// it: --git-path follows core.hooksPath and linked worktrees (which share
// their main repository's hooks).
func repoHookTarget(ctx context.Context) (hookTarget, error) {
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "--git-path", "hooks").Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return hookTarget{}, errors.New("git is not installed (or not on PATH)")
		}
		return hookTarget{}, errors.New("not inside a git repository: run keyguard install in one, or keyguard install --global for all of them")
	}
	dir, err := filepath.Abs(strings.TrimRight(string(out), "\n"))
	if err != nil {
		return hookTarget{}, err
	}
	t := hookTarget{dir: dir}
	// --show-scope needs git 2.26; older ones fail and the path counts as
	// the repository's own.
	if out, err := exec.CommandContext(ctx, "git", "config", "--show-scope", "--get", "core.hooksPath").Output(); err == nil {
		if scope, _, _ := strings.Cut(string(out), "\t"); scope == "global" || scope == "system" {
			t.shared = scope
		}
	}
	return t, nil
}

// globalHookTarget is the directory named by the global core.hooksPath or,
// when it is unset, a keyguard-owned one that install points it at.
func globalHookTarget(ctx context.Context, env Env) (hookTarget, error) {
	cur, set, err := globalHooksPath(ctx)
	if err != nil {
		return hookTarget{}, err
	}
	if set {
		if !filepath.IsAbs(cur) {
			// Git reads a relative hooks path from each repository's top
			// directory: there is no one place to install into.
			return hookTarget{}, fmt.Errorf("your global core.hooksPath is %q, a relative path that names a directory in each repository: keyguard install --global needs an absolute one", cur)
		}
		return hookTarget{dir: cur, global: true}, nil
	}
	dir, err := ownGlobalHooksDir(env)
	if err != nil {
		return hookTarget{}, err
	}
	return hookTarget{dir: dir, global: true, setHooksPath: true}, nil
}

// ownGlobalHooksDir is the keyguard-owned directory install --global
// points core.hooksPath at when it is unset: $XDG_CONFIG_HOME/keyguard/hooks,
// by default ~/.config/keyguard/hooks.
func ownGlobalHooksDir(env Env) (string, error) {
	cfg := env.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(cfg) {
		home := env.Getenv("HOME")
		if home == "" {
			var err error
			if home, err = os.UserHomeDir(); err != nil {
				return "", err
			}
		}
		cfg = filepath.Join(home, ".config")
	}
	return filepath.Join(cfg, "keyguard", "hooks"), nil
}

// globalHooksPath reads core.hooksPath from the global git config, with
// ~ expanded.
func globalHooksPath(ctx context.Context) (string, bool, error) {
	out, err := runGitConfig(ctx, "--global", "--type=path", "--get", "core.hooksPath")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		return "", false, nil // unset
	}
	if err != nil {
		return "", false, err
	}
	return filepath.Clean(out), true, nil
}

func runGitConfig(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"config"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return "", errors.New("git is not installed (or not on PATH)")
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() != 1 {
		return "", fmt.Errorf("git config %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimRight(string(out), "\n"), err
}

// keyguardCommand is what the hook runs: the absolute path of this binary,
// because git clients started from a desktop often have a PATH without
// ~/go/bin or ~/.local/bin. Under go run (or go test) the binary lives in
// a go-build temporary directory that is deleted on exit, so the hook runs
// keyguard from PATH instead.
func keyguardCommand(env Env) string {
	exe, err := hookExecutable()
	if err == nil && !inGoBuildDir(exe) {
		if abs, err := filepath.Abs(exe); err == nil {
			return abs
		}
	}
	if _, err := exec.LookPath("keyguard"); err != nil {
		fmt.Fprintln(env.Stderr, "keyguard: warning: this keyguard is a temporary build (go run), so the hook runs keyguard from PATH, and there is none yet: go install ./hook/cmd/keyguard")
	}
	return "keyguard"
}

// inGoBuildDir reports whether exe is in a directory the go command made
// for one build ($GOTMPDIR/go-build123/b001/exe/keyguard).
func inGoBuildDir(exe string) bool {
	for _, part := range strings.Split(filepath.ToSlash(exe), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

// shellQuote quotes s for sh: any byte but the single quote stands for
// itself inside single quotes.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// hookScript is the hook keyguard installs: the same bytes for the same
// (hook, binary, global), so that install can tell "already installed"
// from "update". It runs, in order, the hook keyguard chained (a formatter
// may still change what is staged, and keyguard should scan the end
// result), the repository's own hook (global only), then keyguard; the
// first failure stops the commit or push.
func hookScript(name, keyguard string, global bool) string {
	scan := "scan --staged"
	if name == hookPrePush {
		scan = "scan --pre-push"
	}
	// pre-commit hooks read nothing on stdin; pre-push reads the refs being
	// pushed, which each hook in turn must see.
	feed := ""
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	w("#!/bin/sh",
		hookMarker+name+" (format 1)",
		"# Installed by 'keyguard install'; 'keyguard uninstall' removes it and puts",
		"# back the hook it chained, if any. keyguard rewrites this file: edit the",
		"# chained hook instead.",
		"",
		`hooks=$(dirname -- "$0")`)
	if name == hookPrePush {
		feed = "feed | "
		w("# git writes the refs being pushed on stdin: keep them so that every hook",
			"# below reads them.",
			"input=$(cat)",
			`feed() { [ -z "$input" ] || printf '%s\n' "$input"; }`)
	}
	w("",
		"# The hook that was here before keyguard.",
		fmt.Sprintf(`if [ -x "$hooks/%s%s" ]; then`, name, chainedSuffix),
		fmt.Sprintf(`	%s"$hooks/%s%s" "$@" || exit $?`, feed, name, chainedSuffix),
		"fi")
	if global {
		w("",
			"# A global core.hooksPath makes git skip each repository's own hooks",
			"# directory, yet people expect those hooks to keep running: run this",
			"# repository's hook as git would have. Worktrees share the hooks of the",
			"# common directory. KEYGUARD_HOOK tells a keyguard hook there that this",
			"# one does the scan.",
			`if [ -z "${KEYGUARD_HOOK:-}" ]; then`,
			fmt.Sprintf(`	repo_hook="$(git rev-parse --git-common-dir 2>/dev/null)/hooks/%s"`, name),
			`	if [ -x "$repo_hook" ]; then`,
			fmt.Sprintf(`		%sKEYGUARD_HOOK=1 "$repo_hook" "$@" || exit $?`, feed),
			"	fi",
			"fi")
	}
	w("",
		`if [ -n "${KEYGUARD_HOOK:-}" ]; then`,
		"	exit 0 # the keyguard hook that ran this one scans",
		"fi")
	if keyguard == "keyguard" {
		w("", "keyguard=keyguard")
	} else {
		w("",
			"# The keyguard that installed this hook, by absolute path: git clients",
			"# started from a desktop often lack ~/go/bin or ~/.local/bin on PATH.",
			"# keyguard from PATH if that file has gone.",
			"keyguard="+shellQuote(keyguard),
			`[ -x "$keyguard" ] || keyguard=keyguard`)
	}
	w(`if ! command -v "$keyguard" >/dev/null 2>&1; then`,
		fmt.Sprintf(`	echo "keyguard: cannot find the keyguard command, so the %s check cannot run." >&2`, name),
		`	echo "keyguard: install it again, or skip the check once with --no-verify." >&2`,
		"	exit 1",
		"fi")
	if feed == "" {
		w(`exec "$keyguard" ` + scan)
	} else {
		w(feed + `"$keyguard" ` + scan)
	}
	return b.String()
}
