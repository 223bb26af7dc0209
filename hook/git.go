package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// gitBase are options given to every git command keyguard runs, so that
// the user's configuration cannot change the output keyguard parses:
// quoted paths stay in git's C quoting (which the diff parser decodes),
// and no pager, colour, external diff or text conversion is involved.
var gitBase = []string{
	"-c", "core.quotePath=true",
	"-c", "color.ui=false",
	"-c", "diff.noprefix=false",
	"-c", "diff.mnemonicPrefix=false",
	"-c", "diff.external=",
	"--no-pager",
}

// gitError is a git command that failed, with what it said.
type gitError struct {
	args   []string
	stderr string
	err    error
}

func (e *gitError) Error() string {
	msg := strings.TrimSpace(e.stderr)
	if msg == "" {
		msg = e.err.Error()
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), msg)
}

func (e *gitError) Unwrap() error { return e.err }

// gitCmd prepares a git command in dir with keyguard's fixed options.
func gitCmd(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append(append([]string(nil), gitBase...), args...)...)
	cmd.Dir = dir
	// A hook runs inside git, which exports GIT_DIR, GIT_INDEX_FILE and
	// friends; they are kept so that a commit made with a temporary index
	// (git commit -a, git commit FILE) is scanned as git will commit it.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	return cmd
}

// gitOutput runs git and returns its standard output.
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := gitCmd(ctx, dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, wrapGit(args, stderr.String(), err)
	}
	return out, nil
}

// gitStream runs git and hands its standard output to read as it comes;
// a command that fails, or a read that fails, is an error.
func gitStream(ctx context.Context, dir string, stdin io.Reader, read func(io.Reader) error, args ...string) error {
	return gitStreamBig(ctx, dir, stdin, read, false, args...)
}

// gitStreamBig is gitStream for commands that write a lot (history): big
// asks for a large pipe buffer, which costs a short command more than it
// saves.
func gitStreamBig(ctx context.Context, dir string, stdin io.Reader, read func(io.Reader) error, big bool, args ...string) error {
	cmd := gitCmd(ctx, dir, args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if f, ok := out.(*os.File); ok && big {
		growPipe(f)
	}
	if err := cmd.Start(); err != nil {
		return wrapGit(args, "", err)
	}
	rerr := read(out)
	if rerr != nil {
		// Unblock git if the reader gave up early.
		io.Copy(io.Discard, out)
	}
	werr := cmd.Wait()
	if werr != nil {
		return wrapGit(args, stderr.String(), werr)
	}
	return rerr
}

func wrapGit(args []string, stderr string, err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("git is not installed or not on PATH")
	}
	return &gitError{args: args, stderr: stderr, err: err}
}

// gitTopLevel returns the root of the work tree that holds dir.
func gitTopLevel(ctx context.Context, dir string) (string, error) {
	out, err := gitOutput(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("not inside a git work tree: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
