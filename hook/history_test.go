package hook

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

// histFinding is what a history finding is checked by.
type histFinding struct {
	file, commit string
	line         int
}

func historyJSON(t *testing.T, dir string, args ...string) (int, []histFinding, []jsonFinding, string) {
	t.Helper()
	code, fs, errs := scanJSON(t, dir, append([]string{"--git"}, args...)...)
	var got []histFinding
	for _, f := range fs {
		got = append(got, histFinding{f.File, f.Commit, f.Line})
	}
	return code, got, fs, errs
}

func TestHistoryScan(t *testing.T) {
	g := synth.New(31)
	tok1, tok2, tok3 := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	dir := gitRepo(t)

	write(t, dir, "README.md", "hello\n")
	c1 := commitAll(t, dir, "root")
	write(t, dir, "app/config.py", "DEBUG = True\nGH = \""+tok1+"\"\n")
	c2 := commitAll(t, dir, "add a key")
	// The key stays, its line changes, the file moves: none of this adds it again.
	write(t, dir, "app/config.py", "DEBUG = False\nGH = \""+tok1+"\"  # fixme\n")
	commitAll(t, dir, "edit the line")
	git(t, dir, "mv", "app/config.py", "app/settings.py")
	commitAll(t, dir, "move")
	// Removed again: still reported, at the commit that added it.
	write(t, dir, "app/settings.py", "DEBUG = False\n")
	commitAll(t, dir, "remove the key")
	git(t, dir, "commit", "-q", "--allow-empty", "-m", "empty")

	// A side branch adds a second key; the same key added again on main
	// later is reported once, at its first commit.
	git(t, dir, "checkout", "-q", "-b", "side")
	write(t, dir, "side.js", "const t = '"+tok2+"';\n")
	c3 := commitAll(t, dir, "side key")
	git(t, dir, "checkout", "-q", "main")
	write(t, dir, "copy.js", "// again\nconst t = '"+tok2+"';\n")
	commitAll(t, dir, "same key on main")

	// A merge whose resolution adds a key of its own.
	write(t, dir, "m.txt", "base\n")
	commitAll(t, dir, "base for merge")
	git(t, dir, "checkout", "-q", "-b", "other")
	write(t, dir, "m.txt", "other\n")
	commitAll(t, dir, "other side")
	git(t, dir, "checkout", "-q", "main")
	write(t, dir, "m.txt", "main\n")
	mainSide := commitAll(t, dir, "main side")
	mergeOut := gitMay(dir, "merge", "-q", "--no-edit", "other")
	if !strings.Contains(mergeOut, "CONFLICT") {
		t.Fatalf("expected a conflict, got %s", mergeOut)
	}
	write(t, dir, "m.txt", "resolved\ntoken: "+tok3+"\n")
	git(t, dir, "add", "m.txt")
	git(t, dir, "commit", "-q", "--no-edit")
	merge := git(t, dir, "rev-parse", "HEAD")

	// Binary content, a symlink and a submodule pointer are never read as text.
	write(t, dir, "bin.dat2", "\x00\x00"+tok1+"\n")
	if err := os.Symlink("app/"+tok1, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	commitAll(t, dir, "binary and link")

	code, got, raw, errs := historyJSON(t, dir)
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, errs)
	}
	want := []histFinding{{"app/config.py", c2, 2}, {"side.js", c3, 1}, {"m.txt", merge, 2}}
	if fmt.Sprint(sortHist(got)) != fmt.Sprint(sortHist(want)) {
		t.Errorf("findings\n got %v\nwant %v", got, want)
	}
	for _, f := range raw {
		if !strings.HasPrefix(f.Author, "Keyguard Test <test@example.com>") || f.Date == "" {
			t.Errorf("finding %s:%d lacks author/date: %+v", f.File, f.Line, f)
		}
	}

	// A range reports only what its commits added.
	code, got, _, errs = historyJSON(t, dir, mainSide+".."+merge)
	if code != ExitFindings || fmt.Sprint(got) != fmt.Sprint([]histFinding{{"m.txt", merge, 2}}) {
		t.Errorf("range: exit %d, findings %v (stderr %s)", code, got, errs)
	}
	code, got, _, _ = historyJSON(t, dir, c1)
	if code != ExitClean || len(got) != 0 {
		t.Errorf("root only: exit %d, findings %v", code, got)
	}
}

func TestHistoryRejectsOptions(t *testing.T) {
	dir := gitRepo(t)
	commitAll(t, dir, "empty")
	code, _, errs := run(t, dir, "scan", "--git", "--", "--output=/tmp/x")
	if code != ExitError || !strings.Contains(errs, "not a revision range") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	code, _, errs = run(t, dir, "scan", "--git", "no-such-branch")
	if code != ExitError || !strings.Contains(errs, "git") {
		t.Errorf("unknown revision: exit %d, stderr %q", code, errs)
	}
}

func TestHistoryNonASCIIAndCRLF(t *testing.T) {
	g := synth.New(32)
	tok := g.GitHubToken("ghp_")
	dir := gitRepo(t)
	write(t, dir, "données/clé.ps1", "$a = 1\r\n$t = \""+tok+"\"\r\n")
	c := commitAll(t, dir, "crlf")
	_, got, _, errs := historyJSON(t, dir)
	if fmt.Sprint(got) != fmt.Sprint([]histFinding{{"données/clé.ps1", c, 2}}) {
		t.Errorf("findings %v (stderr %s)", got, errs)
	}
}

func sortHist(hs []histFinding) []string {
	var out []string
	for _, h := range hs {
		out = append(out, fmt.Sprint(h))
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
