package prscan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string // "line:text;…"
	}{
		{"new file", "", "a\nb\n", "1:a;2:b"},
		{"append", "a\n", "a\nb\n", "2:b"},
		{"edit in the middle", "a\nb\nc\n", "a\nB\nc\n", "2:B"},
		{"no final newline", "a\n", "a\nb", "2:b"},
		{"CRLF", "a\r\n", "a\r\nb\r\n", "2:b"},
		{"deletion only", "a\nb\n", "a\n", ""},
		{"binary", "", "x\x00y", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range Diff([]byte(tt.old), []byte(tt.new)).Hunks {
				for _, a := range h.Added {
					got = append(got, fmt.Sprintf("%d:%s", a.Line, a.Text))
				}
			}
			if g := strings.Join(got, ";"); g != tt.want {
				t.Errorf("added %q, want %q", g, tt.want)
			}
		})
	}
}

func FuzzDiff(f *testing.F) {
	f.Add([]byte("a\nb\n"), []byte("a\nc\nb"))
	f.Fuzz(func(t *testing.T, old, new []byte) {
		lines := strings.Split(string(new), "\n")
		for _, h := range Diff(old, new).Hunks {
			for _, a := range h.Added {
				if a.Line < 1 || a.Line > len(lines) || strings.TrimSuffix(lines[a.Line-1], "\r") != string(a.Text) {
					t.Fatalf("added line %d %q is not line %d of new", a.Line, a.Text, a.Line)
				}
			}
		}
	})
}

func patchAdding(start int, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@@ -0,0 +%d,%d @@\n", start, len(lines))
	for _, l := range lines {
		b.WriteString("+" + l + "\n")
	}
	return b.String()
}

func TestScan(t *testing.T) {
	g := synth.New(61)
	gone, kept, big, fresh := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	file := func(name, status, patch string) *github.CommitFile {
		return &github.CommitFile{Filename: github.String(name), Status: github.String(status), Patch: github.String(patch), Changes: github.Int(1)}
	}
	bigFile := &github.CommitFile{Filename: github.String("data/big.env"), Status: github.String("modified"), Changes: github.Int(2)}
	// A new file whose patch GitHub left out: scanned whole, as it is.
	newFile := &github.CommitFile{Filename: github.String("new.env"), Status: github.String("added"), Changes: github.Int(3)}
	blobs := map[string]string{
		"c3:new.env":        "A=1\n\nGITHUB_TOKEN=" + fresh + "\nB=2",
		"head:new.env":      "A=1\n\nGITHUB_TOKEN=" + fresh + "\nB=2",
		"c3:data/big.env":   "A=1\nGITHUB_TOKEN=" + big + "\n",
		"c2:data/big.env":   "A=1\n",
		"head:data/big.env": "A=1\nGITHUB_TOKEN=" + big + "\n",
		"base:data/big.env": "A=1\n",
	}
	in := Input{
		Commits: []Commit{
			{SHA: "c1", Files: []*github.CommitFile{file("a.go", "added", patchAdding(1, "package a", `var t = "`+gone+`"`))}},
			{SHA: "c2", Files: []*github.CommitFile{file("a.go", "modified", "@@ -2 +2 @@\n-var t = \"x\"\n+var t = os.Getenv(\"T\")\n"),
				file("b.py", "added", patchAdding(1, "x = 1", `GH = "`+kept+`"`))}},
			{SHA: "c3", Files: []*github.CommitFile{bigFile, file("old.txt", "removed", ""), newFile}},
		},
		Final: []*github.CommitFile{
			file("a.go", "added", patchAdding(1, "package a", `var t = os.Getenv("T")`)),
			file("b.py", "added", patchAdding(1, "x = 1", `GH = "`+kept+`"`)),
			bigFile,
			newFile,
		},
		Parents: map[string]string{"c1": "base", "c2": "c1", "c3": "c2"},
		BaseSHA: "base", HeadSHA: "head",
		Blobs: func(ref, path string) ([]byte, bool, error) {
			b, ok := blobs[ref+":"+path]
			return []byte(b), ok, nil
		},
		Ignore: map[string]string{},
	}
	res, err := Scan(s, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Leaks {
		got = append(got, fmt.Sprintf("%s:%d@%s inDiff=%v", l.Path, l.Line, l.Commit, l.InDiff))
	}
	want := []string{"a.go:2@c1 inDiff=false", "b.py:2@c2 inDiff=true", "data/big.env:2@c3 inDiff=true", "new.env:3@c3 inDiff=true"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("leaks\n got %v\nwant %v\npartial %v", got, want, res.Partial)
	}
	if res.Conclusion() != "failure" || res.Commits != 3 || res.Files != 5 || len(res.Partial) != 0 {
		t.Errorf("conclusion %s, %d commits, %d files, partial %v", res.Conclusion(), res.Commits, res.Files, res.Partial)
	}
	for _, l := range res.Leaks {
		if l.InDiff && !strings.Contains(l.LineText, l.Reveal()) {
			t.Errorf("%s:%d: the line text is not the leaking line", l.Path, l.Line)
		}
	}

	// Ignored fingerprints stay listed but stop failing the check.
	for _, l := range res.Leaks {
		in.Ignore[l.Fingerprint] = "test fixture"
	}
	res, _ = Scan(s, in)
	if res.Conclusion() != "success" || res.Leaks[0].Ignored != "test fixture" {
		t.Errorf("with every fingerprint ignored: %s, %+v", res.Conclusion(), res.Leaks[0].Ignored)
	}

	// A patch that cannot be parsed makes the scan partial, never silent.
	in.Final = append(in.Final, file("broken.txt", "modified", "@@ -1,2 +1,3 @@\n+only one line\n"))
	res, _ = Scan(s, in)
	if len(res.Partial) != 1 || !strings.Contains(res.Partial[0], "broken.txt") {
		t.Errorf("partial = %v", res.Partial)
	}
}
