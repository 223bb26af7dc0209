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
	disable          listFlag
	allowPaths       listFlag
	allowValues      listFlag
}

func runScan(ctx context.Context, args []string, env Env) int {
	var sf scanFlags
	fs := flag.NewFlagSet("keyguard scan", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&sf.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&sf.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.BoolVar(&sf.reveal, "reveal", false, "print secrets in full (never use in CI logs)")
	fs.BoolVar(&sf.respectGitignore, "respect-gitignore", false, "skip files that .gitignore would skip")
	fs.BoolVar(&sf.noColor, "no-color", false, "no colour in text output (also: NO_COLOR=1)")
	fs.IntVar(&sf.jobs, "jobs", 0, "files scanned at once (default: one per core)")
	fs.Var(&sf.disable, "disable", "turn off rule `ID` (repeatable)")
	fs.Var(&sf.allowPaths, "allow-path", "skip paths matching `REGEX` (repeatable)")
	fs.Var(&sf.allowValues, "allow-value", "ignore secrets matching `REGEX` (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: keyguard scan [flags] [PATH...]\n\nScans files and directories (default: the current directory) for secrets.\n\nFlags:")
		fs.PrintDefaults()
	}
	// Flags may come before or after paths: keyguard scan . --format json.
	var paths []string
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
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	render, err := renderer(sf.format)
	if err != nil {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
		return ExitError
	}
	cfg := detector.Config{Disabled: sf.disable}
	for _, list := range []struct {
		src  []string
		dst  *[]*regexp.Regexp
		what string
	}{{sf.allowPaths, &cfg.AllowPaths, "--allow-path"}, {sf.allowValues, &cfg.AllowValues, "--allow-value"}} {
		for _, expr := range list.src {
			re, err := regexp.Compile(expr)
			if err != nil {
				fmt.Fprintf(env.Stderr, "keyguard: %s %q is not a valid regular expression: %v\n", list.what, expr, err)
				return ExitError
			}
			*list.dst = append(*list.dst, re)
		}
	}
	// Custom settings are checked before any file is read, so that a bad
	// flag fails fast; the default scanner is built lazily.
	if len(cfg.Disabled) > 0 {
		if _, err := newScanner(cfg); err != nil {
			fmt.Fprintln(env.Stderr, "keyguard:", err)
			return ExitError
		}
	}
	scanner := sync.OnceValues(func() (*detector.Scanner, error) { return newScanner(cfg) })

	start := time.Now()
	findings, st, errs := scanPaths(ctx, scanner, paths, walkOptions{respectGitignore: sf.respectGitignore, workers: sf.jobs})
	for _, err := range errs {
		fmt.Fprintln(env.Stderr, "keyguard:", err)
	}

	out := env.Stdout
	color := env.IsTerminal && !sf.noColor && env.Getenv("NO_COLOR") == ""
	if sf.output != "" {
		f, err := os.Create(sf.output)
		if err != nil {
			fmt.Fprintf(env.Stderr, "keyguard: cannot write the report: %v\n", err)
			return ExitError
		}
		defer f.Close()
		out, color = f, false
	}
	var lookup report.Lookup
	if len(findings) > 0 {
		lookup, _ = scanner()
	}
	opts := report.Options{
		Reveal: sf.reveal, Color: color, Lookup: lookup, Version: Version,
		Files: st.files, Bytes: st.bytes, Duration: time.Since(start),
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
	if cfg.Disabled == nil && cfg.AllowPaths == nil && cfg.AllowValues == nil {
		return detector.Default()
	}
	return detector.New(cfg)
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
