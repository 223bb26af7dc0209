package fakegithub

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMakePatch(t *testing.T) {
	numbered := func(from, to int) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			fmt.Fprintf(&b, "\tline %d\n", i)
		}
		return b.String()
	}
	tests := []struct {
		name       string
		old, new   string
		want       string
		adds, dels int
	}{
		{
			name: "new file",
			new:  "a\nb\n",
			want: "@@ -0,0 +1,2 @@\n+a\n+b",
			adds: 2,
		},
		{
			name: "new file of one line has no count",
			new:  "a\n",
			want: "@@ -0,0 +1 @@\n+a",
			adds: 1,
		},
		{
			name: "deleted file",
			old:  "a\nb\nc\n",
			want: "@@ -1,3 +0,0 @@\n-a\n-b\n-c",
			dels: 3,
		},
		{
			name: "no newline at end of new file",
			new:  "a",
			want: "@@ -0,0 +1 @@\n+a\n\\ No newline at end of file",
			adds: 1,
		},
		{
			name: "final newline added",
			old:  "a\nb",
			new:  "a\nb\n",
			want: "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b",
			adds: 1, dels: 1,
		},
		{
			name: "three lines of context and the function above",
			old:  "func main() {\n" + numbered(1, 10) + "}\n",
			new:  "func main() {\n" + numbered(1, 6) + "\ttoken := \"x\"\n" + numbered(7, 10) + "}\n",
			want: "@@ -5,6 +5,7 @@ func main() {\n \tline 4\n \tline 5\n \tline 6\n+\ttoken := \"x\"\n \tline 7\n \tline 8\n \tline 9",
			adds: 1,
		},
		{
			name: "changes six lines apart share a hunk",
			old:  numbered(1, 20),
			new:  strings.Replace(strings.Replace(numbered(1, 20), "\tline 5\n", "\tfive\n", 1), "\tline 12\n", "\ttwelve\n", 1),
			want: "@@ -2,14 +2,14 @@\n \tline 2\n \tline 3\n \tline 4\n-\tline 5\n+\tfive\n \tline 6\n \tline 7\n \tline 8\n \tline 9\n \tline 10\n \tline 11\n-\tline 12\n+\ttwelve\n \tline 13\n \tline 14\n \tline 15",
			adds: 2, dels: 2,
		},
		{
			name: "changes seven lines apart get two hunks",
			new:  "package p\n" + strings.Replace(strings.Replace(numbered(1, 20), "\tline 5\n", "\tfive\n", 1), "\tline 13\n", "\tthirteen\n", 1),
			old:  "package p\n" + numbered(1, 20),
			want: "@@ -3,7 +3,7 @@ package p\n \tline 2\n \tline 3\n \tline 4\n-\tline 5\n+\tfive\n \tline 6\n \tline 7\n \tline 8\n@@ -11,7 +11,7 @@ package p\n \tline 10\n \tline 11\n \tline 12\n-\tline 13\n+\tthirteen\n \tline 14\n \tline 15\n \tline 16",
			adds: 2, dels: 2,
		},
		{
			name: "an insertion among equal lines goes as low as it can, as git puts it",
			old:  "x\n}\n}\n",
			new:  "x\n}\n}\n}\n",
			want: "@@ -1,3 +1,4 @@\n x\n }\n }\n+}",
			adds: 1,
		},
		{
			name: "identical",
			old:  "a\n",
			new:  "a\n",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := makePatch([]byte(tt.old), []byte(tt.new))
			if diff := cmp.Diff(tt.want, got.text); diff != "" {
				t.Errorf("patch (-want +got):\n%s", diff)
			}
			if got.additions != tt.adds || got.deletions != tt.dels {
				t.Errorf("counts = +%d -%d, want +%d -%d", got.additions, got.deletions, tt.adds, tt.dels)
			}
		})
	}
}

// TestMakePatchMatchesGit compares the fake's patches with git's on
// random edits of code-like files. Where a file repeats lines, several
// shortest diffs can exist and git's divide-and-conquer search may pick
// another one; on files of distinct lines (most real edits) the result
// is unique and must be git's, byte for byte.
func TestMakePatchMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	r := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	for i := 0; i < 60; i++ {
		var lines []string
		for j := 0; j < 1+r.IntN(60); j++ {
			lines = append(lines, fmt.Sprintf("stmt%d()\n", j))
		}
		old := strings.Join(lines, "")
		for k := 0; k < 1+r.IntN(6); k++ {
			at := r.IntN(len(lines) + 1)
			switch r.IntN(3) {
			case 0:
				lines = append(lines[:at], append([]string{fmt.Sprintf("added%d()\n", k)}, lines[at:]...)...)
			case 1:
				if at < len(lines) {
					lines = append(lines[:at], lines[at+1:]...)
				}
			case 2:
				if at < len(lines) {
					lines[at] = fmt.Sprintf("changed%d()\n", k)
				}
			}
		}
		new := strings.Join(lines, "")
		if r.IntN(5) == 0 {
			new = strings.TrimSuffix(new, "\n")
		}
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		os.WriteFile(a, []byte(old), 0o644)
		os.WriteFile(b, []byte(new), 0o644)
		out, _ := exec.Command("git", "diff", "--no-index", "--no-color", "-U3", a, b).Output()
		want := string(out)
		if at := strings.Index(want, "\n@@"); at >= 0 {
			want = strings.TrimSuffix(want[at+1:], "\n")
		} else {
			want = ""
		}
		if got := makePatch([]byte(old), []byte(new)).text; got != want {
			t.Fatalf("case %d: patch differs from git's (-git +fake):\n%s", i, cmp.Diff(want, got))
		}
	}
}

func TestPatchLines(t *testing.T) {
	text := "@@ -1,3 +1,3 @@ func f\n a\n-b\n+B\n c\n@@ -10,2 +10,3 @@\n j\n+k\n l"
	got := patchLines(text)
	want := []diffLine{
		{1, "LEFT", 1, 0}, {1, "RIGHT", 1, 0},
		{2, "LEFT", 2, 0},
		{3, "RIGHT", 2, 0},
		{4, "LEFT", 3, 0}, {4, "RIGHT", 3, 0},
		{6, "LEFT", 10, 1}, {6, "RIGHT", 10, 1},
		{7, "RIGHT", 11, 1},
		{8, "LEFT", 11, 1}, {8, "RIGHT", 12, 1},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(diffLine{})); diff != "" {
		t.Errorf("patchLines (-want +got):\n%s", diff)
	}
	if got := diffHunk(text, 7); got != "@@ -10,2 +10,3 @@\n j\n+k" {
		t.Errorf("diffHunk = %q", got)
	}
}

// apply applies a patch as makePatch writes it to old.
func apply(t *testing.T, old, text string) string {
	a := splitLines([]byte(old))
	var out strings.Builder
	i := 0 // next line of a to copy
	lines := strings.Split(text, "\n")
	if text == "" {
		lines = nil
	}
	last := "" // kind of the last line written
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "@@"):
			var start, count int
			spec := strings.Fields(l)[1][1:]
			if s, c, ok := strings.Cut(spec, ","); ok {
				fmt.Sscan(s, &start)
				fmt.Sscan(c, &count)
			} else {
				fmt.Sscan(spec, &start)
				count = 1
			}
			to := start - 1
			if count == 0 {
				to = start
			}
			for ; i < to; i++ {
				out.WriteString(a[i])
			}
		case l == "\\ No newline at end of file":
			if last == "+" {
				s := strings.TrimSuffix(out.String(), "\n")
				out.Reset()
				out.WriteString(s)
			}
		case strings.HasPrefix(l, " "):
			if strings.TrimSuffix(a[i], "\n") != l[1:] {
				t.Fatalf("context line %q does not match old line %q", l, a[i])
			}
			out.WriteString(a[i])
			i++
			last = " "
		case strings.HasPrefix(l, "-"):
			if strings.TrimSuffix(a[i], "\n") != l[1:] {
				t.Fatalf("deleted line %q does not match old line %q", l, a[i])
			}
			i++
			last = "-"
		case strings.HasPrefix(l, "+"):
			out.WriteString(l[1:] + "\n")
			last = "+"
		default:
			t.Fatalf("unexpected patch line %q", l)
		}
	}
	for ; i < len(a); i++ {
		out.WriteString(a[i])
	}
	return out.String()
}

// FuzzMakePatch checks that every patch, applied to the old file, gives
// the new one, with counts that match its lines.
func FuzzMakePatch(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd")
	f.Add("", "x")
	f.Add("x\n}\n}\n", "x\n}\n}\n}\n")
	f.Add("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\nX\n4\n5\n6\n7\n8\nY\n")
	f.Fuzz(func(t *testing.T, old, new string) {
		p := makePatch([]byte(old), []byte(new))
		if got := apply(t, old, p.text); got != new {
			t.Fatalf("patch %q applied to %q gives %q, want %q", p.text, old, got, new)
		}
		adds, dels := 0, 0
		for _, l := range strings.Split(p.text, "\n") {
			if strings.HasPrefix(l, "+") {
				adds++
			} else if strings.HasPrefix(l, "-") {
				dels++
			}
		}
		if adds != p.additions || dels != p.deletions {
			t.Fatalf("counts +%d -%d, lines +%d -%d", p.additions, p.deletions, adds, dels)
		}
	})
}
