package detector_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// Another test file may define -update too; share it rather than panic on
// a redefined flag.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func dtUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// dtLines joins lines, each ending in "\n".
func dtLines(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// dtFile is a FileDiff in a form that is easy to write in a table.
type dtFile struct {
	Old, New string
	Commit   string
	Flags    string   // the set flags, space-separated, in field order
	Added    []string // "LINE:TEXT"
	Hunks    int      // -1: do not check
}

func (f dtFile) String() string {
	return fmt.Sprintf("{old:%q new:%q commit:%q flags:%q added:%q hunks:%d}", f.Old, f.New, f.Commit, f.Flags, f.Added, f.Hunks)
}

func dtFilesString(files []detector.FileDiff) string {
	var b strings.Builder
	for _, f := range files {
		b.WriteString(dtSummary(f).String() + "\n")
	}
	return b.String()
}

func dtFragsString(frs []detector.Fragment) string {
	var b strings.Builder
	for _, f := range frs {
		fmt.Fprintf(&b, "{%q %q %d %q}\n", f.Path, f.Commit, f.Line, f.Data)
	}
	return b.String()
}

func dtSummary(f detector.FileDiff) dtFile {
	var flags []string
	for _, fl := range []struct {
		on   bool
		name string
	}{{f.New, "new"}, {f.Deleted, "deleted"}, {f.Renamed, "renamed"}, {f.Copied, "copied"},
		{f.Binary, "binary"}, {f.IsSubmodule, "submodule"}, {f.Combined, "combined"}} {
		if fl.on {
			flags = append(flags, fl.name)
		}
	}
	s := dtFile{Old: f.OldPath, New: f.NewPath, Commit: f.Commit, Flags: strings.Join(flags, " "), Hunks: len(f.Hunks)}
	for _, h := range f.Hunks {
		for _, a := range h.Added {
			s.Added = append(s.Added, fmt.Sprintf("%d:%s", a.Line, a.Text))
		}
	}
	return s
}

func dtCompare(t *testing.T, got []detector.FileDiff, want []dtFile) {
	t.Helper()
	if len(got) != len(want) {
		for _, f := range got {
			t.Logf("got %v", dtSummary(f))
		}
		t.Fatalf("got %d files, want %d", len(got), len(want))
	}
	for i, f := range got {
		g := dtSummary(f)
		w := want[i]
		if w.Hunks < 0 {
			g.Hunks = -1
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("file %d:\n got %v\nwant %v", i, g, w)
		}
	}
}

type dtCase struct {
	name    string
	in      string
	want    []dtFile
	wantErr string // substring; "" for none
}

var dtDiffCases = []dtCase{
	{name: "empty", in: ""},
	{name: "only noise", in: "hello\n\nworld\n-- \n2.39.5\n"},
	{
		name: "modify",
		in: dtLines(
			"diff --git a/f.txt b/f.txt",
			"index 1111111..2222222 100644",
			"--- a/f.txt",
			"+++ b/f.txt",
			"@@ -1,4 +1,5 @@",
			" one",
			"-two",
			"+TWO",
			"+two and a half",
			" three",
			" four",
		),
		want: []dtFile{{Old: "f.txt", New: "f.txt", Added: []string{"2:TWO", "3:two and a half"}, Hunks: 1}},
	},
	{
		name: "two hunks with section headings",
		in: dtLines(
			"diff --git a/main.go b/main.go",
			"--- a/main.go",
			"+++ b/main.go",
			"@@ -1,3 +1,3 @@ func main() {",
			" a",
			"-b",
			"+B",
			" c",
			"@@ -10,3 +10,4 @@ @@ -1 +1 @@ looks like a header",
			" x",
			"+y",
			"-old",
			"+new",
			" z",
		),
		want: []dtFile{{Old: "main.go", New: "main.go", Added: []string{"2:B", "11:y", "12:new"}, Hunks: 2}},
	},
	{
		name: "hunk headers without counts",
		in: dtLines(
			"diff --git a/f b/f",
			"--- a/f",
			"+++ b/f",
			"@@ -1 +1 @@",
			"-old",
			"+new",
			"@@ -5 +5,2 @@",
			" ctx",
			"+added",
			"@@ -9,2 +10 @@",
			"-gone",
			" kept",
		),
		want: []dtFile{{Old: "f", New: "f", Added: []string{"1:new", "6:added"}, Hunks: 3}},
	},
	{
		name: "new file",
		in: dtLines(
			"diff --git a/n.txt b/n.txt",
			"new file mode 100644",
			"index 0000000..3333333",
			"--- /dev/null",
			"+++ b/n.txt",
			"@@ -0,0 +1,2 @@",
			"+hello",
			"+world",
		),
		want: []dtFile{{New: "n.txt", Flags: "new", Added: []string{"1:hello", "2:world"}, Hunks: 1}},
	},
	{
		name: "empty new file",
		in: dtLines(
			"diff --git a/empty b/empty",
			"new file mode 100644",
			"index 0000000..e69de29",
			"diff --git a/next b/next",
			"deleted file mode 100644",
			"index e69de29..0000000",
		),
		want: []dtFile{{New: "empty", Flags: "new"}, {Old: "next", Flags: "deleted"}},
	},
	{
		name: "deleted file",
		in: dtLines(
			"diff --git a/d.txt b/d.txt",
			"deleted file mode 100644",
			"index 4444444..0000000",
			"--- a/d.txt",
			"+++ /dev/null",
			"@@ -1,2 +0,0 @@",
			"-x",
			"-y",
		),
		want: []dtFile{{Old: "d.txt", Flags: "deleted", Hunks: 1}},
	},
	{
		name: "rename with edits and spaces",
		in: dtLines(
			"diff --git a/old name.txt b/new name.txt",
			"similarity index 80%",
			"rename from old name.txt",
			"rename to new name.txt",
			"index 1111111..2222222 100644",
			"--- a/old name.txt\t",
			"+++ b/new name.txt\t",
			"@@ -1,3 +1,3 @@",
			" keep",
			"-change",
			"+changed",
			" keep too",
		),
		want: []dtFile{{Old: "old name.txt", New: "new name.txt", Flags: "renamed", Added: []string{"2:changed"}, Hunks: 1}},
	},
	{
		name: "pure rename and copy",
		in: dtLines(
			"diff --git a/a.txt b/b.txt",
			"similarity index 100%",
			"rename from a.txt",
			"rename to b.txt",
			"diff --git a/src.txt b/dst.txt",
			"similarity index 90%",
			"copy from src.txt",
			"copy to dst.txt",
			"index 1111111..2222222 100644",
			"--- a/src.txt",
			"+++ b/dst.txt",
			"@@ -1 +1,2 @@",
			" same",
			"+extra",
		),
		want: []dtFile{
			{Old: "a.txt", New: "b.txt", Flags: "renamed"},
			{Old: "src.txt", New: "dst.txt", Flags: "copied", Added: []string{"2:extra"}, Hunks: 1},
		},
	},
	{
		name: "mode change only",
		in: dtLines(
			"diff --git a/run.sh b/run.sh",
			"old mode 100644",
			"new mode 100755",
			"diff --git a/x b/x",
			"--- a/x",
			"+++ b/x",
			"@@ -1 +1 @@",
			"-a",
			"+b",
		),
		want: []dtFile{{Old: "run.sh", New: "run.sh"}, {Old: "x", New: "x", Added: []string{"1:b"}, Hunks: 1}},
	},
	{
		name: "quoted paths",
		in: dtLines(
			`diff --git "a/dir with space/f\303\251.txt" "b/dir with space/f\303\251.txt"`,
			"index 572eb43..34da5f3 100644",
			`--- "a/dir with space/f\303\251.txt"`+"\t",
			`+++ "b/dir with space/f\303\251.txt"`+"\t",
			"@@ -1 +1,2 @@",
			" caf\xc3\xa9",
			"+more",
			`diff --git a/plain.txt "b/t\ta\"b\\c\a.txt"`,
			"similarity index 100%",
			"rename from plain.txt",
			`rename to "t\ta\"b\\c\a.txt"`,
			`diff --git "a/\"q\".txt" b/q.txt`,
			"similarity index 100%",
			`rename from "\"q\".txt"`,
			"rename to q.txt",
		),
		want: []dtFile{
			{Old: "dir with space/fé.txt", New: "dir with space/fé.txt", Added: []string{"2:more"}, Hunks: 1},
			{Old: "plain.txt", New: "t\ta\"b\\c\a.txt", Flags: "renamed"},
			{Old: `"q".txt`, New: "q.txt", Flags: "renamed"},
		},
	},
	{
		name: "unquoted paths with spaces and no ---/+++",
		in: dtLines(
			"diff --git a/my dir/b c.bin b/my dir/b c.bin",
			"index 1111111..2222222 100644",
			"Binary files a/my dir/b c.bin and b/my dir/b c.bin differ",
			"diff --git a/a b/c b/a b/c",
			"old mode 100644",
			"new mode 100755",
			"diff --git a/x b/y b/x b/y",
			"old mode 100644",
			"new mode 100755",
		),
		want: []dtFile{
			{Old: "my dir/b c.bin", New: "my dir/b c.bin", Flags: "binary"},
			{Old: "a b/c", New: "a b/c"},
			{Old: "x b/y", New: "x b/y"},
		},
	},
	{
		name: "mnemonic prefixes",
		in: dtLines(
			"diff --git c/f.txt i/f.txt",
			"--- c/f.txt",
			"+++ i/f.txt",
			"@@ -1 +1 @@",
			"-a",
			"+b",
		),
		want: []dtFile{{Old: "f.txt", New: "f.txt", Added: []string{"1:b"}, Hunks: 1}},
	},
	{
		name: "GIT binary patch is skipped",
		in: dtLines(
			"diff --git a/bin.dat b/bin.dat",
			"index 9020ec2333f7284b564170ad4b6a01a7bd14e071..dc4aae154f2d22a84f86043a07ccaf05fe456ab1 100644",
			"GIT binary patch",
			"literal 8",
			"NcmZQzWMWPN0ssU40gnIx",
			"",
			"literal 8",
			"NcmZQzWMWPP0ssT_0gC_t",
			"",
			"diff --git a/after.txt b/after.txt",
			"--- a/after.txt",
			"+++ b/after.txt",
			"@@ -1 +1 @@",
			"-a",
			"+b",
		),
		want: []dtFile{
			{Old: "bin.dat", New: "bin.dat", Flags: "binary"},
			{Old: "after.txt", New: "after.txt", Added: []string{"1:b"}, Hunks: 1},
		},
	},
	{
		name: "submodules",
		in: dtLines(
			"diff --git a/sub b/sub",
			"new file mode 160000",
			"index 0000000..d2ef5e3",
			"--- /dev/null",
			"+++ b/sub",
			"@@ -0,0 +1 @@",
			"+Subproject commit d2ef5e3fd0a012ac624a11a8879ceaeab6ef0094",
			"diff --git a/sub b/sub",
			"index d2ef5e3..c39a50a 160000",
			"--- a/sub",
			"+++ b/sub",
			"@@ -1 +1 @@",
			"-Subproject commit d2ef5e3fd0a012ac624a11a8879ceaeab6ef0094",
			"+Subproject commit c39a50a0bd8ad4be0644dea32225d0b39fa5e447-dirty",
			"diff --git a/lib b/lib",
			"deleted file mode 160000",
			"index c39a50a..0000000",
			"--- a/lib",
			"+++ /dev/null",
			"@@ -1 +0,0 @@",
			"-Subproject commit c39a50a0bd8ad4be0644dea32225d0b39fa5e447",
			"diff --git a/nomode b/nomode",
			"--- a/nomode",
			"+++ b/nomode",
			"@@ -1 +1 @@",
			"-Subproject commit d2ef5e3fd0a012ac624a11a8879ceaeab6ef0094",
			"+Subproject commit c39a50a0bd8ad4be0644dea32225d0b39fa5e447",
			"diff --git a/notes.txt b/notes.txt",
			"--- a/notes.txt",
			"+++ b/notes.txt",
			"@@ -1 +1,2 @@",
			" Subproject commit d2ef5e3fd0a012ac624a11a8879ceaeab6ef0094",
			"+a text file that mentions a gitlink",
		),
		want: []dtFile{
			{New: "sub", Flags: "new submodule"},
			{Old: "sub", New: "sub", Flags: "submodule"},
			{Old: "lib", Flags: "deleted submodule"},
			{Old: "nomode", New: "nomode", Flags: "submodule"},
			{Old: "notes.txt", New: "notes.txt", Added: []string{"2:a text file that mentions a gitlink"}, Hunks: 1},
		},
	},
	{
		name: "no newline at end of file",
		in: dtLines(
			"diff --git a/f b/f",
			"--- a/f",
			"+++ b/f",
			"@@ -1,2 +1,3 @@",
			" a",
			"-b",
			`\ No newline at end of file`,
			"+b",
			"+c",
			`\ No newline at end of file`,
			"diff --git a/g b/g",
			"--- a/g",
			"+++ b/g",
			"@@ -1 +1 @@",
			"-x",
			`\ No newline at end of file`,
			"+y",
		),
		want: []dtFile{
			{Old: "f", New: "f", Added: []string{"2:b", "3:c"}, Hunks: 1},
			{Old: "g", New: "g", Added: []string{"1:y"}, Hunks: 1},
		},
	},
	{
		name: "CRLF diff",
		in: strings.ReplaceAll(dtLines(
			"diff --git a/w.txt b/w.txt",
			"index 1111111..2222222 100644",
			"--- a/w.txt",
			"+++ b/w.txt",
			"@@ -1 +1,2 @@",
			" a",
			"+b",
			"",
			"diff --git a/v w.txt b/v w.txt",
			"new file mode 100644",
			"--- /dev/null",
			"+++ b/v w.txt\t",
			"@@ -0,0 +1 @@",
			"+c",
			`\ No newline at end of file`,
		), "\n", "\r\n"),
		want: []dtFile{
			{Old: "w.txt", New: "w.txt", Added: []string{"2:b"}, Hunks: 1},
			{New: "v w.txt", Flags: "new", Added: []string{"1:c"}, Hunks: 1},
		},
	},
	{
		name: "CRLF content",
		in:   "diff --git a/c.txt b/c.txt\n--- a/c.txt\n+++ b/c.txt\n@@ -1,3 +1,5 @@\n alpha\r\n-beta\r\n+beta2\r\n+\r\n+two\r\r\n beta\r",
		want: []dtFile{{Old: "c.txt", New: "c.txt", Added: []string{"2:beta2", "3:", "4:two\r"}, Hunks: 1}},
	},
	{
		name: "content that looks like headers",
		in: dtLines(
			"diff --git a/x b/x",
			"--- a/x",
			"+++ b/x",
			"@@ -1,4 +1,8 @@",
			" diff --git a/y b/y",
			"-@@ -1 +1 @@",
			"+diff --git a/z b/z",
			"+@@ -1 +1 @@",
			"+--- a/foo",
			"++++ b/foo",
			"+commit 0123456789abcdef0123456789abcdef01234567",
			" --- a/w",
			"-+++ b/w",
			"+index 1..2",
			"diff --git a/next b/next",
			"--- a/next",
			"+++ b/next",
			"@@ -1 +1 @@",
			"--- a/gone",
			"++++ b/here",
		),
		want: []dtFile{
			{Old: "x", New: "x", Added: []string{"2:diff --git a/z b/z", "3:@@ -1 +1 @@", "4:--- a/foo", "5:+++ b/foo",
				"6:commit 0123456789abcdef0123456789abcdef01234567", "8:index 1..2"}, Hunks: 1},
			{Old: "next", New: "next", Added: []string{"1:+++ b/here"}, Hunks: 1},
		},
	},
	{
		name: "blank context line stripped of its space",
		in: dtLines(
			"diff --git a/f b/f",
			"--- a/f",
			"+++ b/f",
			"@@ -1,3 +1,4 @@",
			" a",
			"",
			"+b",
			" c",
			"",
			"diff --git a/g b/g",
		),
		want: []dtFile{{Old: "f", New: "f", Added: []string{"3:b"}, Hunks: 1}, {Old: "g", New: "g"}},
	},
	{
		name: "invalid UTF-8 is kept",
		in:   "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+\xff\xfe text \x80\x00\n",
		want: []dtFile{{Old: "f", New: "f", Added: []string{"1:\xff\xfe text \x80\x00"}, Hunks: 1}},
	},
	{
		name: "combined diff of a merge",
		in: dtLines(
			"commit 1dbad537f83ece21c99fc734f38fe1770d304ecb",
			"Merge: d9b837d 9756c3d",
			"Author: A U Thor <author@example.com>",
			"Date:   Mon Nov 23 20:45:13 2026 +0000",
			"",
			"    merged",
			"",
			"diff --cc m.txt",
			"index ac07b4b,ba8bdd4..f60cfa5",
			"--- a/m.txt",
			"+++ b/m.txt",
			"@@@ -1,6 -1,7 +1,8 @@@",
			"  a",
			"- B main",
			" -B side",
			"++B resolved",
			"++evil line",
			"  c",
			"+ side add",
			"  d",
			"  e",
			"  f",
			"diff --combined \"sp ace\\303\\251.txt\"",
			"index ac07b4b,ba8bdd4..f60cfa5",
			"--- a/sp acé.txt",
			"+++ b/sp acé.txt",
			"@@@ -3,3 -3,2 +3,4 @@@ heading",
			" +from second",
			"+ from first",
			"++both new",
			"- gone from first",
			"  same",
		),
		want: []dtFile{
			{Old: "m.txt", New: "m.txt", Commit: "1dbad537f83ece21c99fc734f38fe1770d304ecb", Flags: "combined",
				Added: []string{"2:B resolved", "3:evil line"}, Hunks: 1},
			{Old: "sp acé.txt", New: "sp acé.txt", Commit: "1dbad537f83ece21c99fc734f38fe1770d304ecb", Flags: "combined",
				Added: []string{"5:both new"}, Hunks: 1},
		},
	},
	{
		name: "octopus combined diff",
		in: dtLines(
			"diff --cc o.txt",
			"@@@@ -1,1 -1,1 -1,2 +1,3 @@@@",
			"   base",
			"+++all three new",
			"++ only two",
		),
		want: []dtFile{{Old: "o.txt", New: "o.txt", Flags: "combined", Added: []string{"2:all three new"}, Hunks: 1}},
	},
	{
		name: "git log -p",
		in: dtLines(
			"commit 1111111111111111111111111111111111111111 (HEAD -> main, tag: v1)",
			"Author: A U Thor <author@example.com>",
			"Date:   Mon Jan 1 00:00:00 2024 +0000",
			"",
			"    second: a message that quotes a diff",
			"    ",
			"    --- a/foo",
			"    +++ b/foo",
			"    @@ -1 +1 @@",
			"    +not added",
			"    diff --git a/foo b/foo",
			"    commit 2222222222222222222222222222222222222222",
			"",
			"diff --git a/f b/f",
			"index 3333333..4444444 100644",
			"--- a/f",
			"+++ b/f",
			"@@ -1 +1,2 @@",
			" x",
			"+y",
			"",
			"commit 2222222222222222222222222222222222222222",
			"Author: A U Thor <author@example.com>",
			"Date:   Mon Jan 1 00:00:00 2024 +0000",
			"",
			"    first",
			"",
			"diff --git a/f b/f",
			"new file mode 100644",
			"index 0000000..3333333",
			"--- /dev/null",
			"+++ b/f",
			"@@ -0,0 +1 @@",
			"+x",
			"diff --git a/e b/e",
			"new file mode 100644",
			"index 0000000..e69de29",
			"",
			"commit abcdef1 (from 1234567)",
			"Merge: 1234567 7654321",
			"",
			"    per-parent diff of a merge",
			"",
			"diff --git a/m b/m",
			"--- a/m",
			"+++ b/m",
			"@@ -1 +1 @@",
			"-p",
			"+q",
		),
		want: []dtFile{
			{Old: "f", New: "f", Commit: "1111111111111111111111111111111111111111", Added: []string{"2:y"}, Hunks: 1},
			{New: "f", Commit: "2222222222222222222222222222222222222222", Flags: "new", Added: []string{"1:x"}, Hunks: 1},
			{New: "e", Commit: "2222222222222222222222222222222222222222", Flags: "new"},
			{Old: "m", New: "m", Commit: "abcdef1", Added: []string{"1:q"}, Hunks: 1},
		},
	},
	{
		name: "format-patch with stat and signature",
		in: dtLines(
			"From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001",
			"From: A U Thor <author@example.com>",
			"Subject: [PATCH] thing",
			"",
			"---",
			" f | 2 +-",
			" 1 file changed, 1 insertion(+), 1 deletion(-)",
			"",
			"diff --git a/f b/f",
			"index 1111111..2222222 100644",
			"--- a/f",
			"+++ b/f",
			"@@ -1 +1 @@",
			"-a",
			"+b",
			"-- ",
			"2.39.5",
			"",
		),
		want: []dtFile{{Old: "f", New: "f", Added: []string{"1:b"}, Hunks: 1}},
	},
	{
		name: "plain unified diff",
		in: dtLines(
			"Only in new: y.txt",
			"diff -ru old/x.txt new/x.txt",
			"--- old/x.txt\t2024-01-01 00:00:00.000000000 +0000",
			"+++ new/x.txt\t2024-01-02 00:00:00.000000000 +0000",
			"@@ -1 +1 @@",
			"-a",
			"+b",
			"--- old/z.txt\t2024-01-01 00:00:00.000000000 +0000",
			"+++ new/z.txt\t2024-01-02 00:00:00.000000000 +0000",
			"@@ -1 +1,2 @@",
			" a",
			"+c",
			"--- /dev/null",
			"+++ new/n.txt",
			"@@ -0,0 +1 @@",
			"+n",
		),
		want: []dtFile{
			{Old: "x.txt", New: "x.txt", Added: []string{"1:b"}, Hunks: 1},
			{Old: "z.txt", New: "z.txt", Added: []string{"2:c"}, Hunks: 1},
			{New: "n.txt", Flags: "new", Added: []string{"1:n"}, Hunks: 1},
		},
	},
	{
		name:    "malformed hunk header",
		in:      dtLines("diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -x +1 @@", "+a"),
		want:    []dtFile{{Old: "f", New: "f"}},
		wantErr: "detector: diff: line 4: malformed hunk header",
	},
	{
		name:    "hunk header without its closing @@",
		in:      dtLines("diff --git a/f b/f", "@@ -1 +1", "-a", "+b"),
		want:    []dtFile{{Old: "f", New: "f"}},
		wantErr: "line 2: malformed hunk header",
	},
	{
		name:    "hunk header with mismatched @",
		in:      dtLines("diff --git a/f b/f", "@@@ -1 -1 +1 @@", "--a", "++b"),
		want:    []dtFile{{Old: "f", New: "f"}},
		wantErr: "line 2: malformed hunk header",
	},
	{
		name:    "new range at line 0 with lines",
		in:      dtLines("diff --git a/f b/f", "@@ -1 +0,1 @@", "-a", "+b"),
		want:    []dtFile{{Old: "f", New: "f"}},
		wantErr: "line 2: malformed hunk header: line 0",
	},
	{
		name:    "line number overflow",
		in:      dtLines("diff --git a/f b/f", "@@ -1 +99999999999999999999 @@", "+b"),
		want:    []dtFile{{Old: "f", New: "f"}},
		wantErr: "line 2: malformed hunk header",
	},
	{
		name:    "range overflow",
		in:      dtLines("diff --git a/f b/f", "@@ -1 +9223372036854775807,2 @@", "+b"),
		want:    []dtFile{{Old: "f", New: "f"}},
		wantErr: "line 2: malformed hunk header: line number out of range",
	},
	{
		name:    "hunk runs past EOF",
		in:      dtLines("diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -1,3 +1,4 @@", " a", "+b"),
		want:    []dtFile{{Old: "f", New: "f", Added: []string{"2:b"}, Hunks: 1}},
		wantErr: "line 6: unexpected end of input in the hunk at line 4 (2 old and 2 new lines missing)",
	},
	{
		name: "hunk ends early",
		in: dtLines(
			"diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -1,3 +1,3 @@", "+a",
			"diff --git a/g b/g", "--- a/g", "+++ b/g", "@@ -1 +1 @@", "+b",
		),
		want:    []dtFile{{Old: "f", New: "f", Added: []string{"1:a"}, Hunks: 1}},
		wantErr: "line 6: the hunk at line 4 ends early (3 old and 2 new lines missing)",
	},
	{
		name:    "more lines than counted",
		in:      dtLines("diff --git a/f b/f", "@@ -1 +1,2 @@", "-a", "-b", "+c"),
		want:    []dtFile{{Old: "f", New: "f", Hunks: 1}},
		wantErr: "line 4: the hunk at line 2 has more lines than its header counts",
	},
	{
		name:    "hunk outside a file",
		in:      dtLines("@@ -1 +1 @@", "-a", "+b"),
		wantErr: "line 1: hunk header outside a file",
	},
	{
		name: "files before the error are kept",
		in: dtLines(
			"diff --git a/ok b/ok", "--- a/ok", "+++ b/ok", "@@ -1 +1 @@", "-a", "+b",
			"diff --git a/bad b/bad", "--- a/bad", "+++ b/bad", "@@ -1 +1 @", "+c",
		),
		want: []dtFile{
			{Old: "ok", New: "ok", Added: []string{"1:b"}, Hunks: 1},
			{Old: "bad", New: "bad"},
		},
		wantErr: "line 10: malformed hunk header",
	},
}

func TestParseDiff(t *testing.T) {
	for _, tc := range dtDiffCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := detector.ParseDiff(strings.NewReader(tc.in))
			dtCheckErr(t, err, tc.wantErr)
			dtCompare(t, got, tc.want)
			dtCheckInvariants(t, got)
			// Reading one byte at a time changes nothing.
			got2, err2 := detector.ParseDiff(iotest.OneByteReader(strings.NewReader(tc.in)))
			if !reflect.DeepEqual(got, got2) || fmt.Sprint(err) != fmt.Sprint(err2) {
				t.Errorf("one byte at a time: got %s, %v; want %s, %v", dtFilesString(got2), err2, dtFilesString(got), err)
			}
		})
	}
}

func dtCheckErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	if !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "detector: diff: line ") {
		t.Errorf("error %q, want one containing %q", err, want)
	}
	var de *detector.DiffError
	if !errors.As(err, &de) || de.Line < 1 {
		t.Errorf("error %v is not a *DiffError with a line", err)
	}
}

var dtPatchCases = []dtCase{
	{name: "empty patch", in: "", want: []dtFile{{}}},
	{
		name: "github patch without trailing newline",
		in:   "@@ -1,3 +1,4 @@ heading\n a\n+b\n c\n d",
		want: []dtFile{{Added: []string{"2:b"}, Hunks: 1}},
	},
	{
		name: "several hunks",
		in:   "@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -20,0 +21,2 @@ func x() {\n+c\n+d\n@@ -30 +31 @@\n-e\n+E",
		want: []dtFile{{Added: []string{"1:A", "21:c", "22:d", "31:E"}, Hunks: 3}},
	},
	{
		name: "no newline markers",
		in:   "@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n\\ No newline at end of file",
		want: []dtFile{{Added: []string{"1:a", "2:b"}, Hunks: 1}},
	},
	{
		name: "CRLF patch",
		in:   "@@ -1 +1,2 @@\r\n a\r\n+b\r\n",
		want: []dtFile{{Added: []string{"2:b"}, Hunks: 1}},
	},
	{
		name: "submodule patch",
		in:   "@@ -1 +1 @@\n-Subproject commit d2ef5e3fd0a012ac624a11a8879ceaeab6ef0094\n+Subproject commit c39a50a0bd8ad4be0644dea32225d0b39fa5e447",
		want: []dtFile{{Flags: "submodule"}},
	},
	{
		name: "new submodule patch",
		in:   "@@ -0,0 +1 @@\n+Subproject commit c39a50a0bd8ad4be0644dea32225d0b39fa5e447\n",
		want: []dtFile{{Flags: "submodule"}},
	},
	{
		name: "content that looks like headers",
		in:   "@@ -1 +1,4 @@\n ctx\n+diff --git a/x b/x\n+--- a/x\n++++ b/x\n",
		want: []dtFile{{Added: []string{"2:diff --git a/x b/x", "3:--- a/x", "4:+++ b/x"}, Hunks: 1}},
	},
	{
		name: "single-file git diff",
		in:   dtLines("diff --git a/f b/f", "index 1..2 100644", "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b"),
		want: []dtFile{{Old: "f", New: "f", Added: []string{"1:b"}, Hunks: 1}},
	},
	{
		name: "plain header",
		in:   dtLines("--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b"),
		want: []dtFile{{Old: "f", New: "f", Added: []string{"1:b"}, Hunks: 1}},
	},
	{
		name:    "two files",
		in:      dtLines("@@ -1 +1 @@", "-a", "+b", "diff --git a/g b/g", "@@ -1 +1 @@", "-c", "+d"),
		want:    []dtFile{{Added: []string{"1:b"}, Hunks: 1}},
		wantErr: "line 4: a patch holds one file",
	},
	{
		name:    "truncated",
		in:      "@@ -1 +1 @@\n-a\n+b\n@@ -10,3 +10,3 @@\n x\n+y",
		want:    []dtFile{{Added: []string{"1:b", "11:y"}, Hunks: 2}},
		wantErr: "line 6: unexpected end of input in the hunk at line 4",
	},
	{
		name:    "malformed",
		in:      "@@ -1 +1 @@\n-a\n+b\n@@ -1,a +1 @@\n",
		want:    []dtFile{{Added: []string{"1:b"}, Hunks: 1}},
		wantErr: "line 4: malformed hunk header: bad line count",
	},
}

func TestParsePatch(t *testing.T) {
	for _, tc := range dtPatchCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := detector.ParsePatch([]byte(tc.in))
			dtCheckErr(t, err, tc.wantErr)
			dtCompare(t, []detector.FileDiff{got}, tc.want)
			dtCheckInvariants(t, []detector.FileDiff{got})
		})
	}
}

func TestDiffFragments(t *testing.T) {
	in := dtLines(
		"commit 0123456789abcdef0123456789abcdef01234567",
		"",
		"diff --git a/f.txt b/f.txt",
		"--- a/f.txt",
		"+++ b/f.txt",
		"@@ -1,5 +1,7 @@",
		" ctx",
		"+BEGIN EXAMPLE BLOCK",
		"+middle line",
		"-removed between added lines",
		"+END EXAMPLE BLOCK",
		" ctx",
		"+alone",
		" ctx",
		"-gone",
		"@@ -9 +12,2 @@",
		" ctx",
		"+x",
		"diff --git a/bin b/bin",
		"Binary files a/bin and b/bin differ",
		"diff --git a/sub b/sub",
		"index 1111111..2222222 160000",
		"--- a/sub",
		"+++ b/sub",
		"@@ -1 +1 @@",
		"-Subproject commit d2ef5e3fd0a012ac624a11a8879ceaeab6ef0094",
		"+Subproject commit c39a50a0bd8ad4be0644dea32225d0b39fa5e447",
	)
	files, err := detector.ParseDiff(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("got %d files, want 3", len(files))
	}
	const commit = "0123456789abcdef0123456789abcdef01234567"
	want := []detector.Fragment{
		{Path: "f.txt", Commit: commit, Line: 2, Data: []byte("BEGIN EXAMPLE BLOCK\nmiddle line\nEND EXAMPLE BLOCK")},
		{Path: "f.txt", Commit: commit, Line: 6, Data: []byte("alone")},
		{Path: "f.txt", Commit: commit, Line: 13, Data: []byte("x")},
	}
	if got := files[0].Fragments(); !reflect.DeepEqual(got, want) {
		t.Errorf("fragments:\n got %s\nwant %s", dtFragsString(got), dtFragsString(want))
	}
	for _, f := range files[1:] {
		if got := f.Fragments(); got != nil {
			t.Errorf("%s: fragments %s, want none", f.Path(), dtFragsString(got))
		}
	}
	// A deleted file's path is its old one.
	if p := (detector.FileDiff{OldPath: "gone", Deleted: true}).Path(); p != "gone" {
		t.Errorf("deleted file path %q", p)
	}
}

// TestDiffScanEndToEnd runs fragments from diffs through the scanner: a
// secret on an added line is found on its new-file line, a multi-line one
// added in one piece is found whole, a removed one is not found.
func TestDiffScanEndToEnd(t *testing.T) {
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	g := synth.New(42)
	t.Run("one line", func(t *testing.T) {
		if _, ok := s.Rule("github-pat"); !ok {
			t.Skip("no github-pat rule")
		}
		added, removed := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
		patch := "@@ -10,3 +10,4 @@ func f() {\n ctx\n-const old = \"" + removed + "\"\n+// a comment\n+const token = \"" + added + "\"\n ctx\n"
		f, err := detector.ParsePatch([]byte(patch))
		if err != nil {
			t.Fatal(err)
		}
		f.NewPath = "src/app.go"
		var got []detector.Finding
		for _, fr := range f.Fragments() {
			got = append(got, s.Scan(fr)...)
		}
		if len(got) != 1 || got[0].RuleID != "github-pat" || got[0].Line != 12 || got[0].Path != "src/app.go" || got[0].Column != 16 {
			t.Fatalf("findings %+v, want one github-pat at src/app.go:12:16", got)
		}
	})
	t.Run("multi-line", func(t *testing.T) {
		r, ok := s.Rule("gcp-service-account-key")
		if !ok || len(r.Match) == 0 {
			t.Skip("no gcp-service-account-key rule")
		}
		key := strings.TrimSuffix(g.Expand(r.Match[0]), "\n")
		// The old file has three lines; the new one adds the key after
		// them, as a diff with those lines as context.
		var file, diff strings.Builder
		diff.WriteString("diff --git a/sa.json b/sa.json\n--- a/sa.json\n+++ b/sa.json\n")
		keyLines := strings.Split(key, "\n")
		fmt.Fprintf(&diff, "@@ -1,3 +1,%d @@\n", 3+len(keyLines))
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&file, "// note %d\n", i)
			fmt.Fprintf(&diff, " // note %d\n", i)
		}
		for _, l := range keyLines {
			file.WriteString(l + "\n")
			diff.WriteString("+" + l + "\r\n") // CRLF on the key's lines
		}
		want := s.Scan(detector.Fragment{Path: "sa.json", Data: []byte(file.String())})
		if len(want) == 0 {
			t.Fatal("the whole file has no finding")
		}
		files, err := detector.ParseDiff(strings.NewReader(diff.String()))
		if err != nil {
			t.Fatal(err)
		}
		var got []detector.Finding
		for _, fr := range files[0].Fragments() {
			got = append(got, s.Scan(fr)...)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d findings, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i].RuleID != want[i].RuleID || got[i].Line != want[i].Line || got[i].EndLine != want[i].EndLine ||
				got[i].Column != want[i].Column || got[i].Fingerprint != want[i].Fingerprint {
				t.Errorf("finding %d: %s %d-%d:%d, want %s %d-%d:%d", i, got[i].RuleID, got[i].Line, got[i].EndLine, got[i].Column,
					want[i].RuleID, want[i].Line, want[i].EndLine, want[i].Column)
			}
		}
	})
}

// TestDiffReaderNext reads files one at a time.
func TestDiffReaderNext(t *testing.T) {
	in := dtLines("diff --git a/a b/a", "--- a/a", "+++ b/a", "@@ -0,0 +1 @@", "+1",
		"diff --git a/b b/b", "--- a/b", "+++ b/b", "@@ -0,0 +1 @@", "+2")
	d := detector.NewDiffReader(strings.NewReader(in))
	for _, want := range []string{"a", "b"} {
		f, err := d.Next()
		if err != nil || f == nil || f.NewPath != want {
			t.Fatalf("Next = %+v, %v; want %s", f, err, want)
		}
	}
	for range 3 {
		if f, err := d.Next(); f != nil || err != io.EOF {
			t.Fatalf("Next at end = %+v, %v; want nil, io.EOF", f, err)
		}
	}

	// After an error, the error stays.
	d = detector.NewDiffReader(strings.NewReader("diff --git a/a b/a\n@@ -1 +1 @@\n+x\n+y\n"))
	f, err := d.Next()
	if f == nil || len(f.Hunks) != 1 || err == nil {
		t.Fatalf("Next = %+v, %v; want the partial file and an error", f, err)
	}
	if f2, err2 := d.Next(); f2 != nil || err2 != err {
		t.Fatalf("Next after error = %+v, %v; want nil, %v", f2, err2, err)
	}
}

func TestDiffReadError(t *testing.T) {
	boom := errors.New("boom")
	in := dtLines("diff --git a/a b/a", "--- a/a", "+++ b/a", "@@ -0,0 +1 @@", "+1", "diff --git a/b b/b", "--- a/b", "+++ b/b", "@@ -0,0 +1,2 @@", "+2")
	r := io.MultiReader(strings.NewReader(in), iotest.ErrReader(boom))
	files, err := detector.ParseDiff(r)
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want one wrapping %v", err, boom)
	}
	if !strings.HasPrefix(err.Error(), "detector: diff: line 10: read: boom") {
		t.Errorf("error %q", err)
	}
	dtCompare(t, files, []dtFile{
		{Old: "a", New: "a", Added: []string{"1:1"}, Hunks: 1},
		{Old: "b", New: "b", Added: []string{"1:2"}, Hunks: 1},
	})
}

// TestDiffLongLines reads lines of megabytes, and lines whose ending falls
// on the edges of the reader's 64 KiB buffer.
func TestDiffLongLines(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	path := strings.Repeat("d/", 40000) + "f.txt"
	var in strings.Builder
	fmt.Fprintf(&in, "diff --git a/%s b/%s\n--- a/%[1]s\n+++ b/%[1]s\n", path, path)
	in.WriteString("@@ -1,3 +1,4 @@ " + big + "\n")
	in.WriteString(" " + big + big + "\n")       // context: skipped
	in.WriteString("-" + big + big + big + "\n") // removed: skipped
	in.WriteString("+" + big + big + big + "\r\n")
	in.WriteString("+@@ -1 +1 @@" + big + "\n")
	in.WriteString(" @@ -1 +1 @@" + big + "\n")
	var want []string
	want = append(want, "2:"+big+big+big, "3:@@ -1 +1 @@"+big)
	// Lines that end around the 64 KiB edge, with LF and CRLF, added
	// after one another: each must come out whole without its ending.
	const edge = 64 << 10
	var lines []string
	for n := edge - 4; n <= edge+4; n++ {
		for _, eol := range []string{"\n", "\r\n"} {
			text := strings.Repeat("x", n-1-len(eol)) // "+" and the ending make n
			lines = append(lines, "+"+text+eol)
		}
	}
	fmt.Fprintf(&in, "@@ -10,0 +11,%d @@\n", len(lines))
	for i, l := range lines {
		in.WriteString(l)
		want = append(want, fmt.Sprintf("%d:%s", 11+i, strings.TrimRight(l[1:], "\r\n")))
	}
	for _, r := range []struct {
		name string
		r    func(string) io.Reader
	}{
		{"whole", func(s string) io.Reader { return strings.NewReader(s) }},
		{"half reads", func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) }},
	} {
		t.Run(r.name, func(t *testing.T) {
			files, err := detector.ParseDiff(r.r(in.String()))
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].NewPath != path {
				t.Fatalf("got %d files (path ok: %v), want 1", len(files), len(files) > 0 && files[0].NewPath == path)
			}
			got := dtSummary(files[0]).Added
			if len(got) != len(want) {
				t.Fatalf("got %d added lines, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("added line %d: got %d bytes %.20q…, want %d bytes %.20q…", i, len(got[i]), got[i], len(want[i]), want[i])
				}
			}
			dtCheckInvariants(t, files)
		})
	}
}

// dtCheckInvariants checks what every parse must satisfy: added lines
// numbered from 1, increasing within a hunk and inside its range, without
// newlines; fragments that hold exactly the added lines, in order, on
// consecutive lines.
func dtCheckInvariants(t testing.TB, files []detector.FileDiff) {
	t.Helper()
	for fi, f := range files {
		var added []detector.AddedLine
		for hi, h := range f.Hunks {
			prev := 0
			for _, a := range h.Added {
				if a.Line < 1 || a.Line <= prev || a.Line < h.NewStart || a.Line >= h.NewStart+h.NewLines {
					t.Fatalf("file %d hunk %d (+%d,%d): added line number %d after %d", fi, hi, h.NewStart, h.NewLines, a.Line, prev)
				}
				if bytes.IndexByte(a.Text, '\n') >= 0 {
					t.Fatalf("file %d hunk %d line %d: text holds a newline: %q", fi, hi, a.Line, a.Text)
				}
				prev = a.Line
			}
			added = append(added, h.Added...)
		}
		if (f.Binary || f.IsSubmodule) && len(added) > 0 {
			t.Fatalf("file %d: binary or submodule with added lines", fi)
		}
		frags := f.Fragments()
		i := 0
		for _, fr := range frags {
			if fr.Path != f.Path() || fr.Commit != f.Commit {
				t.Fatalf("file %d: fragment path/commit %q/%q, want %q/%q", fi, fr.Path, fr.Commit, f.Path(), f.Commit)
			}
			for k, l := range bytes.Split(fr.Data, []byte{'\n'}) {
				if i >= len(added) {
					t.Fatalf("file %d: fragments hold more lines than were added", fi)
				}
				if added[i].Line != fr.Line+k || !bytes.Equal(added[i].Text, l) {
					t.Fatalf("file %d: fragment line %d %q, want added line %d %q", fi, fr.Line+k, l, added[i].Line, added[i].Text)
				}
				i++
			}
		}
		if i != len(added) {
			t.Fatalf("file %d: fragments hold %d lines, %d were added", fi, i, len(added))
		}
	}
}

// Golden files: testdata/diff/NAME.diff is read with ParseDiff,
// NAME.patch with ParsePatch; NAME.golden holds the result. Run with
// -update to rewrite them.

type dtGolden struct {
	Files []dtGoldenFile `json:"files"`
	Error string         `json:"error,omitempty"`
}

type dtGoldenFile struct {
	OldPath string         `json:"old_path,omitempty"`
	NewPath string         `json:"new_path,omitempty"`
	Commit  string         `json:"commit,omitempty"`
	Flags   string         `json:"flags,omitempty"`
	Hunks   []dtGoldenHunk `json:"hunks,omitempty"`
}

type dtGoldenHunk struct {
	NewStart int            `json:"new_start"`
	NewLines int            `json:"new_lines"`
	Added    []dtGoldenLine `json:"added,omitempty"`
}

// dtGoldenLine holds text as a string when it is UTF-8, else as base64.
type dtGoldenLine struct {
	Line   int    `json:"line"`
	Text   string `json:"text,omitempty"`
	Base64 []byte `json:"base64,omitempty"`
}

func dtToGolden(files []detector.FileDiff, err error) dtGolden {
	g := dtGolden{Files: []dtGoldenFile{}}
	if err != nil {
		g.Error = err.Error()
	}
	for _, f := range files {
		gf := dtGoldenFile{OldPath: f.OldPath, NewPath: f.NewPath, Commit: f.Commit, Flags: dtSummary(f).Flags}
		for _, h := range f.Hunks {
			gh := dtGoldenHunk{NewStart: h.NewStart, NewLines: h.NewLines}
			for _, a := range h.Added {
				gl := dtGoldenLine{Line: a.Line}
				if utf8.Valid(a.Text) {
					gl.Text = string(a.Text)
				} else {
					gl.Base64 = a.Text
				}
				gh.Added = append(gh.Added, gl)
			}
			gf.Hunks = append(gf.Hunks, gh)
		}
		g.Files = append(g.Files, gf)
	}
	return g
}

func dtFixtures(t testing.TB) []string {
	t.Helper()
	var names []string
	for _, pat := range []string{"*.diff", "*.patch"} {
		m, err := filepath.Glob(filepath.Join("testdata", "diff", pat))
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m...)
	}
	return names
}

func dtParseFixture(name string, data []byte) ([]detector.FileDiff, error) {
	if strings.HasSuffix(name, ".patch") {
		f, err := detector.ParsePatch(data)
		return []detector.FileDiff{f}, err
	}
	return detector.ParseDiff(bytes.NewReader(data))
}

// dtWriteGitFixtures regenerates the fixtures made by real git and GNU
// diff (with -update).
func dtWriteGitFixtures(t *testing.T) {
	r := dtBuildRepo(t)
	dir := filepath.Join("testdata", "diff")
	for name, args := range map[string][]string{
		"git-log.diff":         {"log", "-p", "--cc", "-M", "--binary", "--stat", "--decorate=full"},
		"git-log-m.diff":       {"log", "-p", "-m", "-M"},
		"git-diff-cached.diff": {"diff", "--cached", "-M"},
	} {
		if err := os.WriteFile(filepath.Join(dir, name), r.git(args...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := exec.LookPath("diff"); err != nil {
		t.Log("no diff: plain.diff not regenerated")
		return
	}
	tmp := t.TempDir()
	stamp := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, content := range map[string]string{
		"old/x.txt":         "a\nb\nc\n",
		"new/x.txt":         "a\nB\nc\nd\n",
		"old/gone.txt":      "bye\n",
		"new/sub dir/n.txt": "new\nfile\n",
		"old/same.txt":      "same\n",
		"new/same.txt":      "same\n",
	} {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("diff", "-ruN", "old", "new")
	cmd.Dir, cmd.Env = tmp, append(os.Environ(), "TZ=UTC", "LC_ALL=C")
	out, err := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("diff: exit %d: %v", code, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plain.diff"), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiffGolden(t *testing.T) {
	if dtUpdate() {
		dtWriteGitFixtures(t)
	}
	names := dtFixtures(t)
	if len(names) == 0 {
		t.Fatal("no fixtures in testdata/diff")
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files, err := dtParseFixture(name, data)
			dtCheckInvariants(t, files)
			got, jerr := json.MarshalIndent(dtToGolden(files, err), "", "\t")
			if jerr != nil {
				t.Fatal(jerr)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(strings.TrimSuffix(name, ".diff"), ".patch") + ".golden"
			if dtUpdate() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the parse (run with -update to rewrite it):\n%s", golden, got)
			}
		})
	}
}

// Real git: build a repository with every kind of change, then check that
// each added line git reports is the line at that number in the new file,
// and that there are as many added lines as git --numstat counts.

type dtRepo struct {
	t       *testing.T
	dir     string
	env     []string
	commits map[string]string // message -> ID
}

func dtNewRepo(t *testing.T) *dtRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	home := t.TempDir()
	r := &dtRepo{t: t, dir: dir, commits: map[string]string{}, env: append(os.Environ(),
		"HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(home, "gitconfig"),
		"GIT_AUTHOR_NAME=A U Thor", "GIT_AUTHOR_EMAIL=author@example.com", "GIT_AUTHOR_DATE=2024-01-01T00:00:00Z",
		"GIT_COMMITTER_NAME=C O Mitter", "GIT_COMMITTER_EMAIL=committer@example.com", "GIT_COMMITTER_DATE=2024-01-01T00:00:00Z",
		"LC_ALL=C", "TZ=UTC", "GIT_PAGER=cat", "PAGER=cat",
	)}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *dtRepo) git(args ...string) []byte {
	r.t.Helper()
	base := []string{"-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "commit.gpgsign=false",
		"-c", "color.ui=false", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "-c", "core.fileMode=true"}
	cmd := exec.Command("git", append(base, args...)...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// gitOK runs git and ignores a failure (a merge with conflicts).
func (r *dtRepo) gitOK(args ...string) {
	cmd := exec.Command("git", append([]string{"-c", "core.autocrlf=false", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir, cmd.Env = r.dir, r.env
	_ = cmd.Run()
}

func (r *dtRepo) write(name, content string, mode os.FileMode) {
	r.t.Helper()
	p := filepath.Join(r.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		r.t.Fatal(err)
	}
}

func (r *dtRepo) head() string { return strings.TrimSpace(string(r.git("rev-parse", "HEAD"))) }

func (r *dtRepo) commit(msg string) {
	r.t.Helper()
	r.git("commit", "-q", "-m", msg)
	r.commits[strings.SplitN(msg, "\n", 2)[0]] = r.head()
}

// dtBuildRepo makes the history the real-git tests read, and leaves
// staged changes for git diff --cached.
func dtBuildRepo(t *testing.T) *dtRepo {
	r := dtNewRepo(t)
	var plain []string
	for i := 1; i <= 12; i++ {
		plain = append(plain, fmt.Sprintf("plain line %d", i))
	}
	spaced := "dir with space/f\u00e9 \u00fcml.txt"
	quoted := "q\"uote\ttab\\.txt"
	r.write("plain.txt", dtLines(plain...), 0o644)
	r.write("crlf.txt", "alpha\r\nbeta\r\ngamma\r\n", 0o644)
	r.write("nonl.txt", "first\nsecond", 0o644)
	r.write("bin.dat", "\x00\x01\x02\x03binary\x00", 0o644)
	r.write(spaced, "caf\u00e9\nna\u00efve\n", 0o644)
	r.write(quoted, "quoted\n", 0o644)
	r.write("script.sh", "echo hi\n", 0o644)
	r.write("gone.txt", "going\naway\n", 0o644)
	r.write("m.txt", dtLines("a", "b", "c", "d", "e", "f", "g", "h"), 0o644)
	// An unpopulated submodule's empty directory, so that git add -A
	// keeps the gitlink.
	if err := os.Mkdir(filepath.Join(r.dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.git("add", "-A")
	r.commit("initial\n\n--- a/foo\n+++ b/foo\n@@ -1 +1 @@\n+not a line\ndiff --git a/x b/x\ncommit 0123456789abcdef0123456789abcdef01234567")

	// Second commit: every kind of change.
	r.git("mv", "plain.txt", "renamed.txt")
	plain[2] = "plain line 3, edited"
	plain = append(plain, "plain line 13")
	r.write("renamed.txt", dtLines(plain...), 0o644)
	r.write("crlf.txt", "alpha\r\nbeta\r\nbeta2\r\nGAMMA\r\n", 0o644)
	r.write("nonl.txt", "first\nsecond\nthird", 0o644)
	r.write("bin.dat", "\x00\x01\x02\x03binary, changed\x00", 0o644)
	r.write(spaced, "caf\u00e9\nna\u00efve\nr\u00e9sum\u00e9\n", 0o644)
	r.write(quoted, "quoted\nmore quoted\n", 0o644)
	r.write("script.sh", "echo hi\n", 0o755)
	r.write("diff --git a/x b/x", "@@ -1 +1 @@\n--- a/y\n+++ b/y\n", 0o644)
	if err := os.Remove(filepath.Join(r.dir, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	r.git("add", "-A")
	r.git("update-index", "--add", "--cacheinfo", "160000,"+r.head()+",sub")
	r.commit("edits")

	// A merge with a conflict resolved by new lines (an "evil" merge).
	r.git("checkout", "-q", "-b", "side")
	r.write("m.txt", dtLines("a", "B side", "c", "side add", "d", "e", "f", "g", "h"), 0o644)
	r.git("add", "m.txt")
	r.commit("side")
	r.git("checkout", "-q", "main")
	r.write("m.txt", dtLines("a", "B main", "c", "d", "e", "f", "G main", "h"), 0o644)
	r.git("add", "m.txt")
	r.commit("main")
	r.gitOK("merge", "-q", "-m", "merge", "side")
	r.write("m.txt", dtLines("a", "B resolved", "evil line", "c", "side add", "d", "e", "f", "G main", "h"), 0o644)
	r.git("add", "m.txt")
	r.commit("merge side")

	// Staged, not committed.
	plain = append(plain[:5], append([]string{"staged line"}, plain[5:]...)...)
	r.write("renamed.txt", dtLines(plain...), 0o644)
	r.write("staged new.txt", "one\ntwo\n", 0o644)
	r.write("crlf.txt", "alpha\r\nstaged\r\nbeta\r\nbeta2\r\nGAMMA\r\n", 0o644)
	r.write("bin.dat", "\x00\x01\x02\x03binary, staged\x00", 0o644)
	r.git("add", "-A")
	r.git("update-index", "--cacheinfo", "160000,"+r.head()+",sub")
	return r
}

// dtNumstat returns, for a commit (or the index for ""), the added lines
// git counts per new path; -1 for a binary file.
func (r *dtRepo) numstat(commit string) map[string]int {
	var out []byte
	if commit == "" {
		out = r.git("diff", "--cached", "-M", "--numstat", "-z")
	} else {
		out = r.git("show", "-M", "--numstat", "-z", "--format=", commit)
	}
	m := map[string]int{}
	fields := strings.Split(string(out), "\x00")
	for i := 0; i < len(fields); i++ {
		f := strings.TrimLeft(fields[i], "\n")
		if f == "" {
			continue
		}
		parts := strings.SplitN(f, "\t", 3)
		if len(parts) != 3 {
			r.t.Fatalf("numstat field %q", f)
		}
		path := parts[2]
		if path == "" { // a rename: old and new paths follow
			path = fields[i+2]
			i += 2
		}
		n := -1
		if parts[0] != "-" {
			n, _ = strconv.Atoi(parts[0])
		}
		m[path] = n
	}
	return m
}

// verify checks files parsed from git output against the repository.
// check names files that must be seen; merges are checked line by line
// but not counted (numstat counts them differently).
func (r *dtRepo) verify(files []detector.FileDiff, merges map[string]bool) {
	t := r.t
	t.Helper()
	dtCheckInvariants(t, files)
	blobs := map[string][]string{}
	content := func(commit, path string) []string {
		key := commit + ":" + path
		if l, ok := blobs[key]; ok {
			return l
		}
		lines := strings.Split(string(r.git("show", key)), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSuffix(l, "\r")
		}
		blobs[key] = lines
		return lines
	}
	seen := map[string]map[string]int{}
	for _, f := range files {
		if f.Binary || f.IsSubmodule || f.Deleted {
			if len(f.Hunks) > 0 && !f.Deleted {
				t.Errorf("%s@%s: binary or submodule with hunks", f.Path(), f.Commit)
			}
		} else {
			lines := content(f.Commit, f.NewPath)
			for _, h := range f.Hunks {
				for _, a := range h.Added {
					if a.Line > len(lines) || lines[a.Line-1] != string(a.Text) {
						got := "(past the end)"
						if a.Line <= len(lines) {
							got = strconv.Quote(lines[a.Line-1])
						}
						t.Errorf("%s@%.7s line %d: diff adds %q, file has %s", f.NewPath, f.Commit, a.Line, a.Text, got)
					}
				}
			}
		}
		if merges[f.Commit] {
			continue
		}
		if seen[f.Commit] == nil {
			seen[f.Commit] = map[string]int{}
		}
		n := 0
		for _, h := range f.Hunks {
			n += len(h.Added)
		}
		switch {
		case f.Binary:
			n = -1
		case f.IsSubmodule:
			n = -2
		}
		seen[f.Commit][f.Path()] = n
	}
	for commit, got := range seen {
		want := r.numstat(commit)
		if len(got) != len(want) {
			t.Errorf("commit %.7s: parsed %d files %v, git counts %d %v", commit, len(got), got, len(want), want)
		}
		for path, n := range want {
			g, ok := got[path]
			switch {
			case !ok:
				t.Errorf("commit %.7s: %q not parsed", commit, path)
			case g == -2: // submodule: git counts the Subproject line
			case g != n:
				t.Errorf("commit %.7s: %q: %d added lines parsed, git counts %d", commit, path, g, n)
			}
		}
	}
}

func dtFind(files []detector.FileDiff, commit, path string) *detector.FileDiff {
	for i := range files {
		if files[i].Path() == path && (commit == "*" || files[i].Commit == commit) {
			return &files[i]
		}
	}
	return nil
}

func TestDiffRealGit(t *testing.T) {
	r := dtBuildRepo(t)
	merges := map[string]bool{}
	for _, c := range strings.Fields(string(r.git("rev-list", "--merges", "HEAD"))) {
		merges[c] = true
	}
	if len(merges) != 1 {
		t.Fatalf("%d merges, want 1", len(merges))
	}
	revs := strings.Fields(string(r.git("rev-list", "--no-merges", "HEAD")))
	parse := func(t *testing.T, out []byte) []detector.FileDiff {
		t.Helper()
		files, err := detector.ParseDiff(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return files
	}
	spaced := "dir with space/f\u00e9 \u00fcml.txt"
	quoted := "q\"uote\ttab\\.txt"

	logVariants := []struct {
		name string
		args []string
	}{
		{"log -p --cc", []string{"log", "-p", "--cc", "-M"}},
		{"log -p --binary --stat", []string{"log", "-p", "--cc", "-M", "--binary", "--stat", "--decorate=full"}},
		{"log -p quotePath=false", []string{"-c", "core.quotePath=false", "log", "-p", "--cc", "-M"}},
		{"log -p -c", []string{"log", "-p", "-c", "-M"}},
		{"log -p -m", []string{"log", "-p", "-m", "-M"}},
	}
	for _, v := range logVariants {
		t.Run(v.name, func(t *testing.T) {
			files := parse(t, r.git(v.args...))
			r.verify(files, merges)
			// -m repeats a merge's files per parent, under the merge commit.
			if v.name != "log -p -m" {
				got := map[string]bool{}
				for _, f := range files {
					got[f.Commit] = true
				}
				for _, c := range revs {
					if !got[c] {
						t.Errorf("no files for commit %.7s", c)
					}
				}
			}
			edits := r.commits["edits"]
			checks := []struct {
				path, flags string
				added       []string
			}{
				{"renamed.txt", "renamed", []string{"3:plain line 3, edited", "13:plain line 13"}},
				{"crlf.txt", "", []string{"3:beta2", "4:GAMMA"}},
				{"nonl.txt", "", []string{"2:second", "3:third"}},
				{"bin.dat", "binary", nil},
				{spaced, "", []string{"3:r\u00e9sum\u00e9"}},
				{quoted, "", []string{"2:more quoted"}},
				{"script.sh", "", nil},
				{"gone.txt", "deleted", nil},
				{"sub", "new submodule", nil},
				{"diff --git a/x b/x", "new", []string{"1:@@ -1 +1 @@", "2:--- a/y", "3:+++ b/y"}},
			}
			for _, c := range checks {
				f := dtFind(files, edits, c.path)
				if f == nil {
					t.Errorf("%s: not found in the second commit", c.path)
					continue
				}
				s := dtSummary(*f)
				if s.Flags != c.flags || !reflect.DeepEqual(s.Added, c.added) {
					t.Errorf("%s: got flags %q added %q, want %q %q", c.path, s.Flags, s.Added, c.flags, c.added)
				}
			}
			if f := dtFind(files, edits, "renamed.txt"); f != nil && f.OldPath != "plain.txt" {
				t.Errorf("rename from %q, want plain.txt", f.OldPath)
			}
			if v.name != "log -p -m" {
				f := dtFind(files, r.commits["merge side"], "m.txt")
				if f == nil {
					t.Fatal("no m.txt in the merge")
				}
				if s := dtSummary(*f); s.Flags != "combined" || !reflect.DeepEqual(s.Added, []string{"2:B resolved", "3:evil line"}) {
					t.Errorf("merge: got %v", s)
				}
			}
		})
	}

	t.Run("show --cc", func(t *testing.T) {
		files := parse(t, r.git("show", "--cc", "HEAD"))
		r.verify(files, merges)
		if len(files) != 1 || files[0].Path() != "m.txt" || files[0].Commit != r.commits["merge side"] {
			t.Fatalf("got %s, want m.txt in the merge", dtFilesString(files))
		}
	})

	t.Run("diff --cached", func(t *testing.T) {
		for _, args := range [][]string{
			{"diff", "--cached", "-M"},
			{"diff", "--cached", "-M", "--binary"},
			{"-c", "core.quotePath=false", "diff", "--cached", "-M"},
		} {
			files := parse(t, r.git(args...))
			// The index's files: git show :path.
			r.verify(files, nil)
			want := map[string]dtFile{
				"renamed.txt":    {Old: "renamed.txt", New: "renamed.txt", Added: []string{"6:staged line"}, Hunks: -1},
				"staged new.txt": {New: "staged new.txt", Flags: "new", Added: []string{"1:one", "2:two"}, Hunks: -1},
				"crlf.txt":       {Old: "crlf.txt", New: "crlf.txt", Added: []string{"2:staged"}, Hunks: -1},
				"bin.dat":        {Old: "bin.dat", New: "bin.dat", Flags: "binary", Hunks: -1},
				"sub":            {Old: "sub", New: "sub", Flags: "submodule", Hunks: -1},
			}
			if len(files) != len(want) {
				t.Fatalf("%v: got %d files, want %d", args, len(files), len(want))
			}
			for _, f := range files {
				dtCompare(t, []detector.FileDiff{f}, []dtFile{want[f.Path()]})
			}
		}
	})
}

// Fuzzing: any input parses without panic into results that keep the
// invariants, the same whatever the reads' sizes.

func dtSeeds(f *testing.F) {
	for _, tc := range dtDiffCases {
		f.Add([]byte(tc.in))
	}
	for _, tc := range dtPatchCases {
		f.Add([]byte(tc.in))
	}
	for _, name := range dtFixtures(f) {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	// Found while fuzzing, and edge cases worth keeping.
	for _, s := range []string{
		"diff --git \"",
		"diff --git a/ \"b/\\",
		"diff --git \"a\" \"",
		"diff --cc \n@@@ -1 +1 @@@\n",
		"diff --cc x\n@@@ -0,0 -0,0 +1 @@@\n\n",
		"diff --git a b\n@@ -1,0 +1,0 @@\n@@ -0,0 +0,0 @@\n",
		"--- \n+++ \n@@ -1 +1 @@\n+\n",
		"commit 0000\n@@ -1 +1 @@\n",
		"diff --git a/x b/x\nGIT binary patch\n@@ -1 +1 @@\ndiff --git a/y b/y\n@@ -1 +1 @@\n \n",
		"diff --git a/x b/x\n@@ -1 +1 @@\n\\\n-\n\\\n+\r",
	} {
		f.Add([]byte(s))
	}
}

func FuzzParseDiff(f *testing.F) {
	dtSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := detector.ParseDiff(bytes.NewReader(data))
		if err != nil {
			var de *detector.DiffError
			if !errors.As(err, &de) || de.Line < 1 || !strings.HasPrefix(err.Error(), "detector: diff: line ") {
				t.Fatalf("error %v is not a *DiffError with a line", err)
			}
		}
		dtCheckInvariants(t, files)
		files2, err2 := detector.ParseDiff(iotest.OneByteReader(bytes.NewReader(data)))
		if !reflect.DeepEqual(files, files2) || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("one byte at a time: got %s, %v; want %s, %v", dtFilesString(files2), err2, dtFilesString(files), err)
		}
		// CRLF line endings change nothing.
		if bytes.IndexByte(data, '\r') < 0 {
			crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			files3, err3 := detector.ParseDiff(bytes.NewReader(crlf))
			if dtFilesString(files) != dtFilesString(files3) || fmt.Sprint(err) != fmt.Sprint(err3) {
				t.Fatalf("with CRLF: got %s, %v; want %s, %v", dtFilesString(files3), err3, dtFilesString(files), err)
			}
		}
	})
}

func FuzzParsePatch(f *testing.F) {
	dtSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := detector.ParsePatch(data)
		if err != nil {
			var de *detector.DiffError
			if !errors.As(err, &de) || de.Line < 1 {
				t.Fatalf("error %v is not a *DiffError with a line", err)
			}
		}
		dtCheckInvariants(t, []detector.FileDiff{file})
	})
}

// FuzzDiffModel builds well-formed diffs from the fuzzer's bytes (hunks of
// context, added and removed lines whose text looks like diff syntax,
// several files and commits, CRLF or not, git, plain or bare headers)
// and checks that the parse gives back exactly the added lines and their
// numbers.
func FuzzDiffModel(f *testing.F) {
	f.Add([]byte("\x01\x02\x00\x11\x21\x31\x41\x03\x05\x01\x01"), uint8(0))
	f.Add([]byte("\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"), uint8(1))
	f.Add([]byte("\x03\x00\x01\x02\x03\x09\x01\x05\x06\x07\x08\x01\x01\x01\x01"), uint8(7))
	f.Add([]byte("hello world, some text\x00\xff\x80"), uint8(10))
	f.Fuzz(func(t *testing.T, data []byte, style uint8) {
		palette := []string{
			"", " ", "diff --git a/x b/x", "@@ -1 +1 @@", "@@@ -1 -1 +1 @@@", "--- a/x", "+++ b/x", "--- /dev/null",
			"commit 0123456789abcdef0123456789abcdef01234567", "\\ No newline at end of file", "Binary files a/x and b/x differ",
			"GIT binary patch", "    indented", "\ttab", "a\rb", "index 1111111..2222222 160000", "rename from x",
			"new file mode 100644", "-", "+", "--", "++", "caf\xc3\xa9", "\xff\xfe",
		}
		pos := 0
		next := func() byte {
			if pos >= len(data) {
				return 0
			}
			pos++
			return data[pos-1]
		}
		text := func() string {
			b := next()
			if int(b) < len(palette)*4 {
				return palette[int(b)%len(palette)]
			}
			// Raw bytes, without newlines or a final '\r'.
			n := int(b % 16)
			var s []byte
			for range n {
				c := next()
				if c == '\n' {
					c = 'n'
				}
				s = append(s, c)
			}
			return strings.TrimRight(string(s), "\r")
		}
		eol := "\n"
		if style&1 != 0 {
			eol = "\r\n"
		}
		header := int(style>>1) % 4 // 0 git, 1 git without ---/+++, 2 plain, 3 bare patch
		nfiles := 1
		if header != 3 {
			nfiles = 1 + int(next()%3)
		}
		var in strings.Builder
		line := func(s string) { in.WriteString(s + eol) }
		var want []dtFile
		commit := ""
		for fi := 0; fi < nfiles; fi++ {
			if header != 3 && next()%4 == 0 {
				commit = fmt.Sprintf("%040x", pos)
				line("commit " + commit + " (HEAD -> main)")
				line("Author: A U Thor <author@example.com>")
				line("")
				line("    " + text())
				line("    " + text())
				line("")
			}
			name := fmt.Sprintf("f%d.txt", fi)
			switch header {
			case 0:
				line("diff --git a/" + name + " b/" + name)
				line("index 1111111..2222222 100644")
				line("--- a/" + name)
				line("+++ b/" + name)
			case 1:
				line("diff --git a/" + name + " b/" + name)
			case 2:
				line("--- a/" + name + "\t2024-01-01")
				line("+++ b/" + name + "\t2024-01-01")
			}
			wf := dtFile{Commit: commit}
			if header != 3 {
				wf.Old, wf.New = name, name
			}
			oldLine, newLine := 1, 1
			nhunks := 1 + int(next()%3)
			for h := 0; h < nhunks; h++ {
				gap := int(next() % 8)
				oldLine += gap
				newLine += gap
				type hl struct {
					op   byte
					text string
				}
				var lines []hl
				oc, nc := 0, 0
				for n := 1 + int(next()%8); n > 0; n-- {
					op := " -+"[next()%3]
					lt := text()
					lines = append(lines, hl{op, lt})
					if op != '+' {
						oc++
					}
					if op != '-' {
						nc++
					}
				}
				rng := func(start, count int) string {
					if count == 0 {
						start--
					}
					if count == 1 && next()%2 == 0 {
						return strconv.Itoa(start)
					}
					return fmt.Sprintf("%d,%d", start, count)
				}
				line(fmt.Sprintf("@@ -%s +%s @@ %s", rng(oldLine, oc), rng(newLine, nc), strings.TrimRight(text(), "\r")))
				for _, l := range lines {
					line(string(l.op) + l.text)
					switch l.op {
					case ' ':
						oldLine++
						newLine++
					case '-':
						oldLine++
					case '+':
						wf.Added = append(wf.Added, fmt.Sprintf("%d:%s", newLine, l.text))
						newLine++
					}
				}
				if next()%5 == 0 {
					line(`\ No newline at end of file`)
				}
				wf.Hunks++
			}
			want = append(want, wf)
		}
		var got []detector.FileDiff
		var err error
		if header == 3 {
			var fd detector.FileDiff
			fd, err = detector.ParsePatch([]byte(in.String()))
			got = []detector.FileDiff{fd}
		} else {
			got, err = detector.ParseDiff(strings.NewReader(in.String()))
		}
		if err != nil {
			t.Fatalf("%v\ninput:\n%q", err, in.String())
		}
		if len(got) != len(want) {
			t.Fatalf("got %d files, want %d\ninput:\n%q\ngot:\n%s", len(got), len(want), in.String(), dtFilesString(got))
		}
		for i := range got {
			g := dtSummary(got[i])
			g.Flags = ""
			if header == 2 {
				// No "new" or "deleted": plain headers only say so with
				// /dev/null.
				g.Flags = ""
			}
			if g.String() != want[i].String() {
				t.Fatalf("file %d:\n got %v\nwant %v\ninput:\n%q", i, g, want[i], in.String())
			}
		}
		dtCheckInvariants(t, got)
	})
}
