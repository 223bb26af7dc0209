package hook

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
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

	// The human report names commits and never shows a secret.
	code, out, _ := run(t, dir, "scan", "--git")
	if code != ExitFindings || !strings.Contains(out, c2) || !strings.Contains(out, "Keyguard Test <test@example.com>") {
		t.Errorf("text report: exit %d\n%s", code, out)
	}
	for _, tok := range []string{tok1, tok2, tok3} {
		if strings.Contains(out, tok) || strings.Contains(out, tok[4:16]) {
			t.Errorf("text report reveals a secret:\n%s", out)
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

func TestHistoryMissingBlob(t *testing.T) {
	g := synth.New(33)
	tok := g.GitHubToken("ghp_")
	dir := gitRepo(t)
	write(t, dir, "lost.txt", "this content will go missing\n")
	commitAll(t, dir, "one")
	write(t, dir, "leak.py", "GH = \""+tok+"\"\n")
	c := commitAll(t, dir, "two")
	// Remove one blob's loose object, as a damaged or partial clone would.
	id := git(t, dir, "rev-parse", "HEAD~1:lost.txt")
	if err := os.Remove(filepath.Join(dir, ".git", "objects", id[:2], id[2:])); err != nil {
		t.Fatal(err)
	}
	code, got, _, errs := historyJSON(t, dir)
	if code != ExitError || !strings.Contains(errs, "lost.txt") || !strings.Contains(errs, "missing") {
		t.Errorf("exit %d, stderr %q: want 2 and the missing file named", code, errs)
	}
	// Everything else is still scanned and reported.
	if fmt.Sprint(got) != fmt.Sprint([]histFinding{{"leak.py", c, 1}}) {
		t.Errorf("findings %v", got)
	}
}

func FuzzHistoryLog(f *testing.F) {
	f.Add([]byte("\x01" + strings.Repeat("a", 40) + "\x02A <a@b>\x022024-01-01T00:00:00Z\x021700000000\x00\x00:000000 100644 " +
		zeroID + " " + strings.Repeat("b", 40) + " A\x00path/x.go\x00"))
	f.Add([]byte("\x01c\x02a\x02d\x021\x00::100644 100644 100644 " + strings.Repeat("1", 40) + " " + strings.Repeat("2", 40) + " " + strings.Repeat("3", 40) + " MM\x00m.txt\x00"))
	f.Add([]byte(":100644"))
	s, err := detector.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var l histLog
		if err := l.read(bytes.NewReader(data), s); err != nil {
			return
		}
		for _, c := range l.commits {
			for _, ch := range c.changes {
				if ch.blob == zeroID || slices.Contains(ch.olds, zeroID) {
					t.Fatalf("a deleted side taken for content: %+v", ch)
				}
			}
		}
	})
}

func FuzzReadPushUpdates(f *testing.F) {
	f.Add("refs/heads/main " + strings.Repeat("a", 40) + " refs/heads/main " + zeroID + "\n")
	f.Add("(delete) " + zeroID + " refs/heads/x " + strings.Repeat("f", 64) + "\n\n")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, in string) {
		us, err := readPushUpdates(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, u := range us {
			if !isObjectID(u.localID) || !isObjectID(u.remoteID) {
				t.Fatalf("accepted %+v", u)
			}
		}
	})
}

// TestEditSpans checks which lines of a new version count as added.
func TestEditSpans(t *testing.T) {
	seed := maphash.MakeSeed()
	lines := func(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }
	tests := []struct {
		name string
		new  []byte
		olds [][]byte
		want []int // added line numbers
	}{
		{"append", lines("a", "b", "c"), [][]byte{lines("a", "b")}, []int{3}},
		{"prepend", lines("x", "a", "b"), [][]byte{lines("a", "b")}, []int{1}},
		{"middle edit", lines("a", "B", "c"), [][]byte{lines("a", "b", "c")}, []int{2}},
		{"edits at both ends, moved line not added", lines("z", "c", "b", "a", "y"), [][]byte{lines("a", "b", "c")}, []int{1, 5}},
		{"line changed in place", lines("key = 1 # note"), [][]byte{lines("key = 1")}, []int{1}},
		{"deletion only", lines("a", "c"), [][]byte{lines("a", "b", "c")}, nil},
		{"no final newline", []byte("a\nb"), [][]byte{[]byte("a\n")}, []int{2}},
		{"merge: only lines in no parent", lines("a", "x", "y", "z"), [][]byte{lines("a", "x"), lines("a", "y")}, []int{4}},
		{"merge: taken from one parent", lines("a", "x"), [][]byte{lines("a"), lines("a", "x")}, nil},
		{"CRLF of the same line", []byte("a\r\nb\r\n"), [][]byte{[]byte("a\nb\n")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			for _, sp := range editSpans(seed, tt.new, tt.olds) {
				for i, a := range sp.added {
					if a {
						got = append(got, sp.line+i)
					}
				}
				// The span's text must be whole lines of new.
				if sp.start > 0 && tt.new[sp.start-1] != '\n' {
					t.Errorf("span starts mid-line at %d", sp.start)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("added lines %v, want %v", got, tt.want)
			}
		})
	}
}
