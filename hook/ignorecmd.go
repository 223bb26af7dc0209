package hook

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/config"
)

// runIgnore is `keyguard ignore FINGERPRINT... --reason TEXT`: it accepts
// findings by adding their fingerprints to the repository's
// .keyguardignore.
func runIgnore(args []string, env Env) int {
	var reason string
	fs := flag.NewFlagSet("keyguard ignore", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&reason, "reason", "", "why the findings are safe to accept (required; kept in the file)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, `Usage:
  keyguard ignore FINGERPRINT... --reason TEXT

Adds the fingerprints (shown with each finding in keyguard's reports) to
.keyguardignore at the repository root; commit that file. Findings with
those fingerprints are no longer reported, wherever the secret moves.

Flags:`)
		fs.PrintDefaults()
	}
	fps, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	switch {
	case len(fps) == 0:
		fmt.Fprintln(env.Stderr, "keyguard ignore: no fingerprint given")
		fs.Usage()
		return ExitError
	case reason == "":
		fmt.Fprintln(env.Stderr, `keyguard ignore: --reason is required: say why the finding is safe (--reason "test fixture")`)
		return ExitError
	}
	// Every argument is checked before anything is written. A bad one is
	// named by its position, never quoted: people paste the secret itself
	// by mistake.
	for i, fp := range fps {
		if !config.IsFingerprint(fp) {
			fmt.Fprintf(env.Stderr, "keyguard ignore: argument %d is not a keyguard fingerprint (32 lowercase hex digits, as in the reports); nothing was written\n", i+1)
			return ExitError
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	root := findRoot(cwd)
	ig, err := readIgnore(root)
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	added, updated := 0, 0
	for _, fp := range fps {
		had := ig.Has(fp)
		if err := ig.Add(fp, reason); err != nil {
			if errors.Is(err, config.ErrReason) {
				err = errors.New("--reason must be one line of text")
			}
			fmt.Fprintln(env.Stderr, "keyguard ignore:", err)
			return ExitError
		}
		if had {
			updated++
		} else {
			added++
		}
	}
	path, err := writeIgnore(root, ig)
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	fmt.Fprintf(env.Stderr, "keyguard: %s: %s added", display(cwd, path), plural(added, "fingerprint"))
	if updated > 0 {
		fmt.Fprintf(env.Stderr, ", %d already there (reason replaced)", updated)
	}
	fmt.Fprintln(env.Stderr, "; commit the file so that every gate honours it")
	return ExitClean
}

// runBaseline is `keyguard baseline`: it accepts every finding in the
// repository as it stands, so that a team adopting keyguard is only told
// about new secrets. Entries already in .keyguardignore keep their reasons.
func runBaseline(ctx context.Context, args []string, env Env) int {
	var configPath string
	fs := flag.NewFlagSet("keyguard baseline", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&configPath, "config", "", "read settings from `FILE` (default: .keyguard.toml at the repository root)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, `Usage:
  keyguard baseline [--config FILE]

Scans the repository (skipping what .gitignore skips) and adds every
finding's fingerprint to .keyguardignore, with the reason "baseline
(RULE)". Later scans report only secrets added since. The secrets are
still there: rotate them when you can.

Flags:`)
		fs.PrintDefaults()
	}
	rest, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(env.Stderr, "keyguard baseline: unexpected arguments %q: it always scans the whole repository\n", rest)
		return ExitError
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	root := findRoot(cwd)
	var cfg detector.Config
	st, err := loadSettings(root, configPath, &cfg)
	if err == nil && !isDefault(cfg) {
		_, err = newScanner(cfg) // a bad setting fails before the walk
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	// The scan starts at the absolute root, so the scanner would see
	// absolute paths; the config's path allowlist is relative to the root,
	// so it is applied here instead. Fingerprints do not depend on paths:
	// later scans from anywhere compute the same ones.
	allowPaths := cfg.AllowPaths
	cfg.AllowPaths = nil
	scanner := sync.OnceValues(func() (*detector.Scanner, error) { return newScanner(cfg) })
	findings, _, errs := scanPaths(ctx, scanner, []string{root}, walkOptions{respectGitignore: true})
	if len(errs) > 0 {
		for _, err := range errs {
			fmt.Fprintln(env.Stderr, "keyguard:", err)
		}
		// An incomplete baseline would pass off unread files as accepted.
		fmt.Fprintln(env.Stderr, "keyguard baseline: the scan was incomplete; nothing was written")
		return ExitError
	}
	ig := st.ignore
	added, known := 0, 0
	seen := map[string]bool{} // a secret found in several places counts once
	for _, f := range findings {
		if seen[f.Fingerprint] || pathAllowed(allowPaths, root, f.Path) {
			continue
		}
		seen[f.Fingerprint] = true
		if ig.Has(f.Fingerprint) {
			known++
			continue
		}
		if err := ig.Add(f.Fingerprint, "baseline ("+f.RuleID+")"); err != nil {
			fmt.Fprintln(env.Stderr, "keyguard:", err) // not reached: both are well-formed
			return ExitError
		}
		added++
	}
	path := filepath.Join(root, ignoreName)
	if added > 0 {
		if path, err = writeIgnore(root, ig); err != nil {
			fmt.Fprintln(env.Stderr, "keyguard:", err)
			return ExitError
		}
	}
	fmt.Fprintf(env.Stderr, "keyguard baseline: %s: %s added", display(cwd, path), plural(added, "finding"))
	if known > 0 {
		fmt.Fprintf(env.Stderr, ", %d already there", known)
	}
	if added > 0 {
		fmt.Fprint(env.Stderr, "; commit the file, and rotate the secrets when you can")
	}
	fmt.Fprintln(env.Stderr)
	return ExitClean
}

// parseInterspersed parses flags that may come before or after the
// arguments (keyguard ignore FP --reason x). ok is false when the command
// should stop with code.
func parseInterspersed(fs *flag.FlagSet, args []string) (rest []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, ExitClean, false
			}
			return nil, ExitError, false
		}
		if fs.NArg() == 0 {
			return rest, 0, true
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// pathAllowed matches a path allowlist against path relative to root,
// with slashes, as .keyguard.toml documents.
func pathAllowed(res []*regexp.Regexp, root, path string) bool {
	if len(res) == 0 {
		return false
	}
	if rel, err := filepath.Rel(root, path); err == nil {
		path = rel
	}
	path = filepath.ToSlash(path)
	for _, re := range res {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// writeIgnore replaces root's .keyguardignore atomically: a reader (a
// concurrent hook) sees the old file or the new one, never half of one.
func writeIgnore(root string, ig *config.Ignore) (string, error) {
	path := filepath.Join(root, ignoreName)
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(root, ignoreName+".*.tmp")
	if err != nil {
		return path, fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	_, err = tmp.Write(ig.Bytes())
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return path, fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	return path, nil
}

// display shows path relative to the working directory when it is below
// it, else as it is.
func display(cwd, path string) string {
	if rel, err := filepath.Rel(cwd, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
