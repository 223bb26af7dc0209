package hook

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/hook/report"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

type scanFlags struct {
	format           string
	output           string
	reveal           bool
	respectGitignore bool
	noColor          bool
	jobs             int
	config           string
	disable          listFlag
	allowPaths       listFlag
	allowValues      listFlag
}

// scanMode says which text a scan reads.
type scanMode int

const (
	modePaths   scanMode = iota // files and directories
	modeStaged                  // the lines the staged diff adds (pre-commit)
	modePrePush                 // the commits a push would send (pre-push)
	modeHistory                 // every commit's added lines
)

// scanCmd is one `keyguard scan` invocation: its flags and what every mode
// shares (settings, the lazily built scanner, rendering).
type scanCmd struct {
	flags   scanFlags
	env     Env
	mode    scanMode
	args    []string // paths, or revision ranges for --git
	cfg     detector.Config
	scanner func() (*detector.Scanner, error)
	// settings are the repository's .keyguard.toml and .keyguardignore.
	settings *settings
	// gate is set by the modes that guard a git operation (commit, push):
	// their report says what was blocked and how to proceed.
	gate *gateInfo
}

func runScan(ctx context.Context, args []string, env Env) int {
	c := &scanCmd{env: env}
	sf := &c.flags
	var staged, prePush, history bool
	fs := flag.NewFlagSet("keyguard scan", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.BoolVar(&staged, "staged", false, "scan the lines the staged diff adds (the pre-commit hook)")
	fs.BoolVar(&prePush, "pre-push", false, "scan the commits being pushed; reads git's pre-push input")
	fs.BoolVar(&history, "git", false, "scan git history: every commit's added lines (all branches, or the given `REVISION-RANGE`s)")
	fs.StringVar(&sf.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&sf.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.BoolVar(&sf.reveal, "reveal", false, "print secrets in full (never use in CI logs)")
	fs.BoolVar(&sf.respectGitignore, "respect-gitignore", false, "skip files that .gitignore would skip")
	fs.BoolVar(&sf.noColor, "no-color", false, "no colour in text output (also: NO_COLOR=1)")
	fs.StringVar(&sf.config, "config", "", "read settings from `FILE` (default: .keyguard.toml at the repository root)")
	fs.IntVar(&sf.jobs, "jobs", 0, "files scanned at once (default: one per core)")
	fs.Var(&sf.disable, "disable", "turn off rule `ID` (repeatable)")
	fs.Var(&sf.allowPaths, "allow-path", "skip paths matching `REGEX` (repeatable)")
	fs.Var(&sf.allowValues, "allow-value", "ignore secrets matching `REGEX` (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, `Usage:
  keyguard scan [flags] [PATH...]            files and directories (default: .)
  keyguard scan --staged [flags]             the lines a commit would add
  keyguard scan --pre-push [flags]           the commits a push would send
  keyguard scan --git [flags] [RANGE...]     history (default: all branches)

Flags:`)
		fs.PrintDefaults()
	}
	// Flags may come before or after paths: keyguard scan . --format json.
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return ExitClean
			}
			return ExitError
		}
		if fs.NArg() == 0 {
			break
		}
		c.args = append(c.args, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch n := btoi(staged) + btoi(prePush) + btoi(history); {
	case n > 1:
		fmt.Fprintln(env.Stderr, "keyguard: --staged, --pre-push and --git cannot be combined")
		return ExitError
	case staged:
		c.mode = modeStaged
	case prePush:
		c.mode = modePrePush
	case history:
		c.mode = modeHistory
	}
	if c.mode == modePrePush && len(c.args) <= 2 {
		// git passes the remote's name and URL; the refs come on stdin.
		c.args = nil
	}
	if (c.mode == modeStaged || c.mode == modePrePush) && len(c.args) > 0 {
		fmt.Fprintf(env.Stderr, "keyguard: unexpected arguments %q\n", c.args)
		return ExitError
	}
	if _, err := renderer(sf.format); err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	c.cfg = detector.Config{Disabled: sf.disable}
	for _, list := range []struct {
		src  []string
		dst  *[]*regexp.Regexp
		what string
	}{{sf.allowPaths, &c.cfg.AllowPaths, "--allow-path"}, {sf.allowValues, &c.cfg.AllowValues, "--allow-value"}} {
		for _, expr := range list.src {
			re, err := regexp.Compile(expr)
			if err != nil {
				fmt.Fprintf(env.Stderr, "keyguard: %s %q is not a valid regular expression: %v\n", list.what, expr, err)
				return ExitError
			}
			*list.dst = append(*list.dst, re)
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	if c.settings, err = loadSettings(findRoot(cwd), sf.config, &c.cfg); err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	// Custom settings are checked before any file is read, so that a bad
	// flag fails fast; the default scanner is built lazily.
	cfg := c.cfg
	c.scanner = sync.OnceValues(func() (*detector.Scanner, error) { return newScanner(cfg) })
	if !isDefault(cfg) {
		// Built now, once, and kept: a bad setting fails before any file
		// is read, and the scan reuses the same scanner.
		if _, err := c.scanner(); err != nil {
			fmt.Fprintln(env.Stderr, "keyguard:", err)
			return ExitError
		}
	}

	switch c.mode {
	case modePaths:
		return c.runPaths(ctx)
	case modeStaged:
		return c.runStaged(ctx)
	case modeHistory:
		return c.runHistory(ctx)
	case modePrePush:
		return c.runPrePush(ctx)
	}
	fmt.Fprintln(env.Stderr, "keyguard: this scan mode is not available yet")
	return ExitError
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runPaths scans files and directories.
func (c *scanCmd) runPaths(ctx context.Context) int {
	paths := c.args
	if len(paths) == 0 {
		paths = []string{"."}
	}
	start := time.Now()
	findings, st, errs := scanPaths(ctx, c.scanner, paths, walkOptions{respectGitignore: c.flags.respectGitignore, workers: c.flags.jobs})
	return c.finish(findings, st, errs, start)
}

// finish prints errors and the report and decides the exit status.
func (c *scanCmd) finish(findings []detector.Finding, st stats, errs []error, start time.Time) int {
	env := c.env
	for _, err := range errs {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
	}
	findings = c.settings.filter(findings)
	render, _ := renderer(c.flags.format)
	out := env.Stdout
	color := env.IsTerminal && !c.flags.noColor && env.Getenv("NO_COLOR") == ""
	if c.flags.output != "" {
		f, err := os.Create(c.flags.output)
		if err != nil {
			fmt.Fprintf(env.Stderr, "keyguard: cannot write the report: %v\n", err)
			return ExitError
		}
		defer f.Close()
		out, color = f, false
	}
	var lookup report.Lookup
	if len(findings) > 0 {
		lookup, _ = c.scanner()
	}
	opts := report.Options{
		Reveal: c.flags.reveal, Color: color, Lookup: lookup, Version: Version,
		Files: st.files, Bytes: st.bytes, Duration: time.Since(start),
		Gate: c.gate.report(),
	}
	if err := render(out, findings, opts); err != nil {
		fmt.Fprintf(env.Stderr, "keyguard: cannot write the report: %v\n", err)
		return ExitError
	}
	switch {
	case len(errs) > 0:
		// An incomplete scan must not pass as a clean one.
		return ExitError
	case report.Count(findings).Secrets > 0:
		return ExitFindings
	}
	return ExitClean
}

func renderer(format string) (func(io.Writer, []detector.Finding, report.Options) error, error) {
	switch format {
	case "text":
		return report.Text, nil
	case "json":
		return report.JSON, nil
	case "sarif":
		return report.SARIF, nil
	}
	return nil, fmt.Errorf("unknown --format %q: want text, json or sarif", format)
}

func newScanner(cfg detector.Config) (*detector.Scanner, error) {
	if isDefault(cfg) {
		return detector.Default()
	}
	return detector.New(cfg)
}

// isDefault reports whether cfg asks for nothing but the built-in rules,
// which are compiled once per process.
func isDefault(cfg detector.Config) bool {
	return len(cfg.Disabled) == 0 && cfg.Rules == nil && len(cfg.AllowPaths) == 0 &&
		len(cfg.AllowValues) == 0 && len(cfg.Providers) == 0
}

func runRules(env Env) int {
	s, err := detector.Default()
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tPROVIDER\tKIND\tSEVERITY\tTITLE")
	for _, r := range s.ActiveRules() {
		p, _ := s.Provider(r.Provider)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, p.Name, r.Kind, r.Severity, r.Title)
	}
	tw.Flush()
	return ExitClean
}
