package hook

import (
	"context"
	"io"
	"path"
	"strings"
	"time"

	"github.com/keyguard-dev/keyguard/detector"
)

// stagedDiffArgs ask git for the staged changes in the one form the diff
// parser reads: no context lines (only added lines are scanned), renames
// detected (a moved file is not re-scanned whole, only its edits),
// deletions left out, submodules as bare pointer lines.
var stagedDiffArgs = []string{
	"diff", "--cached", "--no-color", "--no-ext-diff", "--no-textconv",
	"--src-prefix=a/", "--dst-prefix=b/", "--unified=0", "--find-renames",
	"--submodule=short", "--diff-filter=d",
}

// addedLines remembers the text of the lines a diff adds, by file and
// line, so that advice can show a leaking line rewritten.
type addedLines map[string]map[int][]byte

func (a addedLines) keep(f *detector.FileDiff, line int) {
	for _, h := range f.Hunks {
		for _, l := range h.Added {
			if l.Line == line {
				m := a[f.Path()]
				if m == nil {
					m = map[int][]byte{}
					a[f.Path()] = m
				}
				m[line] = l.Text
				return
			}
		}
	}
}

// runStaged scans the lines the staged diff adds: what `git commit` is
// about to record. It runs in the pre-commit hook, so it does the least
// work possible: one git process, streamed, and the rules compiled while
// git works.
func (c *scanCmd) runStaged(ctx context.Context) int {
	start := time.Now()
	// Compile the rules while git computes the diff: the two together
	// are most of the hook's time, and the machine has cores to spare.
	go c.scanner()
	var (
		findings []detector.Finding
		st       stats
		lines    = addedLines{}
		envFiles = map[string]bool{}
	)
	err := gitStream(ctx, "", nil, func(r io.Reader) error {
		d := detector.NewDiffReader(r)
		for {
			f, err := d.Next()
			if f != nil {
				fs, n, serr := c.scanFileDiff(f)
				if serr != nil {
					return serr
				}
				if n > 0 {
					st.files++
					st.bytes += n
				}
				for _, fd := range fs {
					lines.keep(f, fd.Line)
					if fd.Kind.Blocks() && isEnvFile(fd.Path) {
						envFiles[fd.Path] = true
					}
				}
				findings = append(findings, fs...)
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}, stagedDiffArgs...)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	c.gate = &gateInfo{name: "commit", lines: lines, envFiles: envFiles}
	return c.finish(findings, st, errs, start)
}

// scanFileDiff scans one file's added lines and returns the findings and
// how many bytes were scanned.
func (c *scanCmd) scanFileDiff(f *detector.FileDiff) ([]detector.Finding, int64, error) {
	frags := f.Fragments()
	if len(frags) == 0 {
		return nil, 0, nil
	}
	s, err := c.scanner()
	if err != nil {
		return nil, 0, err
	}
	var out []detector.Finding
	var n int64
	for _, fr := range frags {
		n += int64(len(fr.Data))
		out = append(out, s.Scan(fr)...)
	}
	return out, n, nil
}

// isEnvFile reports whether name is a dotenv file that holds real values
// (.env, .env.local, production.env), as opposed to the templates teams
// commit on purpose (.env.example, .env.sample, .env.template, .env.dist).
func isEnvFile(name string) bool {
	base := strings.ToLower(path.Base(name))
	switch {
	case base == ".env":
		return true
	case strings.HasPrefix(base, ".env."):
		switch strings.TrimPrefix(base, ".env.") {
		case "example", "sample", "template", "dist", "defaults", "schema", "tmpl", "tpl":
			return false
		}
		return true
	case strings.HasSuffix(base, ".env"):
		stem := strings.TrimSuffix(base, ".env")
		return stem != "example" && stem != "sample" && stem != "template"
	}
	return false
}
