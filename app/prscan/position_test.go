package prscan

import (
	"strings"
	"testing"
)

func TestPosition(t *testing.T) {
	patch := strings.Join([]string{
		"@@ -1,3 +1,4 @@",             // header: position 0
		" package main",               // 1: line 1
		"-var a = 1",                  // 2
		"+var a = 2",                  // 3: line 2
		"+var b = 3",                  // 4: line 3
		" ",                           // 5: line 4 (blank context line)
		"@@ -10,2 +11,3 @@",           // 6: a later header counts
		" func f() {",                 // 7: line 11
		"+\tkey := x",                 // 8: line 12
		" }",                          // 9: line 13
		`\ No newline at end of file`, // 10
	}, "\n")
	tests := []struct {
		line, pos int
		ok        bool
	}{
		{1, 1, true},
		{2, 3, true},
		{3, 4, true},
		{4, 5, true},
		{11, 7, true},
		{12, 8, true},
		{13, 9, true},
		{5, 0, false},  // between hunks: not in the diff
		{14, 0, false}, // past the end
	}
	for _, tt := range tests {
		pos, ok := Position(patch, tt.line)
		if pos != tt.pos || ok != tt.ok {
			t.Errorf("line %d: position %d %v, want %d %v", tt.line, pos, ok, tt.pos, tt.ok)
		}
	}
	for _, bad := range []string{"", "no hunk", "@@ garbage @@\n+x", "@@ -1 +x,1 @@\n+x"} {
		if _, ok := Position(bad, 1); ok {
			t.Errorf("Position(%q) found a line", bad)
		}
	}
	// A one-line hunk header without a count.
	if pos, ok := Position("@@ -0,0 +1 @@\n+only", 1); !ok || pos != 1 {
		t.Errorf("short header: %d %v", pos, ok)
	}
}

// FuzzPosition: any patch, any line: no panic, and a found position
// points at a line of the patch that is not removed.
func FuzzPosition(f *testing.F) {
	f.Add("@@ -1,3 +1,4 @@\n package main\n-var a\n+var b\n", 2)
	f.Add("@@ -0,0 +1 @@\n+x", 1)
	f.Fuzz(func(t *testing.T, patch string, line int) {
		pos, ok := Position(patch, line)
		if !ok {
			return
		}
		lines := strings.Split(patch, "\n")
		first := -1
		for i, l := range lines {
			if strings.HasPrefix(l, "@@") {
				first = i
				break
			}
		}
		if first < 0 || first+pos >= len(lines) {
			t.Fatalf("position %d outside the patch", pos)
		}
		if l := lines[first+pos]; strings.HasPrefix(l, "-") || strings.HasPrefix(l, "@@") || l == "" {
			t.Fatalf("position %d is on %q", pos, l)
		}
	})
}
