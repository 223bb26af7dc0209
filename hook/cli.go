package hook

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Version is the keyguard release; set at build time with
// -ldflags "-X github.com/keyguard-dev/keyguard/hook.Version=…".
var Version = "0.1.0-dev"

// Exit statuses, shared by every subcommand.
const (
	ExitClean    = 0 // nothing that blocks was found
	ExitFindings = 1 // at least one secret was found
	ExitError    = 2 // the command could not do its job
)

// Env is what a command may touch of the outside world, so tests run the
// real command with their own streams and directory.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// IsTerminal reports whether Stdout is a terminal (colour).
	IsTerminal bool
	Getenv     func(string) string
}

// Main is what cmd/keyguard runs.
func Main(ctx context.Context, args []string) int {
	env := Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if fi, err := os.Stdout.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		env.IsTerminal = true
	}
	return Run(ctx, args, env)
}

const usage = `keyguard finds API keys, tokens, passwords and private keys before they leak.

Usage:
  keyguard scan [flags] [PATH...]   scan files and directories (default: .)
  keyguard install [--pre-push] [--global]
                                    install the git hook that blocks commits with secrets
  keyguard uninstall [--global]     remove keyguard's git hooks
  keyguard ignore FINGERPRINT... --reason TEXT
                                    accept findings: add them to .keyguardignore
  keyguard baseline [--config FILE] accept every current finding (adopting keyguard)
  keyguard rules                    list the detection rules
  keyguard version                  print the version

Run 'keyguard scan -h' for the scan flags.
Exit status: 0 clean, 1 secrets found, 2 error.
`

// Run executes one keyguard command line and returns its exit status.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitError
	}
	switch args[0] {
	case "scan":
		return runScan(ctx, args[1:], env)
	case "install":
		return runInstall(ctx, args[1:], env)
	case "uninstall":
		return runUninstall(ctx, args[1:], env)
	case "ignore":
		return runIgnore(args[1:], env)
	case "baseline":
		return runBaseline(ctx, args[1:], env)
	case "rules":
		return runRules(env)
	case "version", "--version", "-v":
		fmt.Fprintln(env.Stdout, "keyguard", Version)
		return ExitClean
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitClean
	}
	fmt.Fprintf(env.Stderr, "keyguard: unknown command %q\n\n%s", args[0], usage)
	return ExitError
}
