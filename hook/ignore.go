package hook

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ignorer applies .gitignore files met during a walk (and the root's
// .git/info/exclude), with git's semantics: go-git's matcher implements
// them, so keyguard does not carry its own glob dialect. Patterns from a
// directory apply only below it; that is the pattern's domain.
type ignorer struct {
	root     string
	patterns []gitignore.Pattern
}

func newIgnorer(root string) *ignorer {
	ig := &ignorer{root: root}
	ig.load(filepath.Join(root, ".git", "info", "exclude"), nil)
	return ig
}

// enter loads dir/.gitignore; the walk calls it before descending.
func (ig *ignorer) enter(dir string) {
	ig.load(filepath.Join(dir, ".gitignore"), ig.parts(dir))
}

func (ig *ignorer) load(file string, domain []string) {
	f, err := os.Open(file)
	if err != nil {
		return // no ignore file here: nothing to apply
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, domain))
	}
}

func (ig *ignorer) parts(p string) []string {
	rel, err := filepath.Rel(ig.root, p)
	if err != nil || rel == "." {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

func (ig *ignorer) ignored(p string, isDir bool) bool {
	if len(ig.patterns) == 0 {
		return false
	}
	return gitignore.NewMatcher(ig.patterns).Match(ig.parts(p), isDir)
}
