package fakegithub

import (
	"bytes"
	"fmt"
	"strings"
)

// contextLines is how many unchanged lines git (and so GitHub) shows
// around each change.
const contextLines = 3

// patch is a file's diff as GitHub's REST API gives it in a diff entry's
// "patch" field: git's unified hunks without the "diff --git", "---" and
// "+++" header lines, and without a final newline.
type patch struct {
	text      string
	additions int
	deletions int
}

// isBinary reports whether git would treat b as binary: a NUL byte in
// its first 8000 bytes (buffer_is_binary in git's xdiff-interface.c).
func isBinary(b []byte) bool {
	if len(b) > 8000 {
		b = b[:8000]
	}
	return bytes.IndexByte(b, 0) >= 0
}

// splitLines cuts b into lines that keep their "\n"; a last line without
// one is kept as is, so "a" and "a\n" differ, as they do for git.
func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, string(b))
			break
		}
		lines = append(lines, string(b[:i+1]))
		b = b[i+1:]
	}
	return lines
}

// edit is one step of an edit script: keep a line of both files, delete a
// line of the old one, or insert a line of the new one.
type edit struct {
	kind byte // ' ', '-' or '+'
	a, b int  // indexes into the old and new lines before this step
}

// diffLines returns a shortest edit script from a to b (Myers' O(ND)
// algorithm, which is git's default), after trimming the common prefix
// and suffix.
func diffLines(a, b []string) []edit {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	// Mark changed lines, with a sentinel at each end as xdiff has.
	achg := make([]bool, len(a)+2)
	bchg := make([]bool, len(b)+2)
	for _, e := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		switch e.kind {
		case '-':
			achg[e.a+pre+1] = true
		case '+':
			bchg[e.b+pre+1] = true
		}
	}
	compact(a, achg, bchg)
	compact(b, bchg, achg)
	var script []edit
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && achg[i+1]:
			script = append(script, edit{'-', i, j})
			i++
		case j < len(b) && bchg[j+1]:
			script = append(script, edit{'+', i, j})
			j++
		default:
			script = append(script, edit{' ', i, j})
			i++
			j++
		}
	}
	return script
}

// compact slides each run of changed lines in one file as far down as
// equal lines allow, merging runs that meet, and then back up to line up
// with a change in the other file if it passed one: git's
// xdl_change_compact without the indent heuristic. Myers finds a
// shortest script; this picks the one among equals that git prints.
// chg and other are indexed from 1, with false sentinels at both ends.
func compact(lines []string, chg, other []bool) {
	n := len(lines)
	type group struct{ start, end int } // [start, end) in 0-based lines
	at := func(c []bool, i int) bool { return c[i+1] }
	set := func(c []bool, i int, v bool) { c[i+1] = v }
	first := func(c []bool) group {
		g := group{}
		for at(c, g.end) {
			g.end++
		}
		return g
	}
	next := func(c []bool, limit int, g *group) bool {
		if g.end == limit {
			return false
		}
		g.start = g.end + 1
		g.end = g.start
		for at(c, g.end) {
			g.end++
		}
		return true
	}
	prev := func(c []bool, g *group) bool {
		if g.start == 0 {
			return false
		}
		g.end = g.start - 1
		g.start = g.end
		for at(c, g.start-1) {
			g.start--
		}
		return true
	}
	slideDown := func(g *group) bool {
		if g.end < n && lines[g.start] == lines[g.end] {
			set(chg, g.start, false)
			g.start++
			set(chg, g.end, true)
			g.end++
			for at(chg, g.end) {
				g.end++
			}
			return true
		}
		return false
	}
	slideUp := func(g *group) bool {
		if g.start > 0 && lines[g.start-1] == lines[g.end-1] {
			g.start--
			set(chg, g.start, true)
			g.end--
			set(chg, g.end, false)
			for at(chg, g.start-1) {
				g.start--
			}
			return true
		}
		return false
	}
	m := len(other) - 2
	g, o := first(chg), first(other)
	for {
		if g.end != g.start {
			var earliestEnd, endMatchingOther int
			for {
				size := g.end - g.start
				endMatchingOther = -1
				for slideUp(&g) {
					prev(other, &o)
				}
				earliestEnd = g.end
				if o.end > o.start {
					endMatchingOther = g.end
				}
				for slideDown(&g) {
					next(other, m, &o)
					if o.end > o.start {
						endMatchingOther = g.end
					}
				}
				if size == g.end-g.start {
					break
				}
			}
			if g.end != earliestEnd && endMatchingOther != -1 {
				for o.end == o.start {
					slideUp(&g)
					prev(other, &o)
				}
			}
		}
		if !next(chg, n, &g) {
			break
		}
		next(other, m, &o)
	}
}

func myers(a, b []string) []edit {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	// Intern lines so the inner loop compares ints.
	ids := map[string]int{}
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	ai, bi := intern(a), intern(b)

	max := n + m
	offset := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	var d int
search:
	for d = 0; d <= max; d++ {
		trace = append(trace, append([]int(nil), v[offset-d-1:offset+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && ai[x] == bi[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				break search
			}
		}
	}

	// Walk the trace back from (n, m) to (0, 0).
	var rev []edit
	x, y := n, m
	for ; d > 0; d-- {
		prev := trace[d] // v as it was before step d, for k in [-d-1, d+1]
		at := func(k int) int { return prev[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, edit{' ', x, y})
		}
		if x == px {
			y--
			rev = append(rev, edit{'+', x, y})
		} else {
			x--
			rev = append(rev, edit{'-', x, y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, edit{' ', x, y})
	}
	script := make([]edit, len(rev))
	for i, e := range rev {
		script[len(rev)-1-i] = e
	}
	return script
}

// makePatch renders the unified hunks from old to new with three lines
// of context, hunk headers written as git writes them: a count of one is
// left out ("@@ -3 +3,2 @@"), an empty range names the line before it
// ("-0,0" for a new file), and the header ends with the nearest line
// above the hunk that starts with a letter, "_" or "$" (git's default
// funcname rule, cut to 80 bytes).
// countOnly estimates a patch's counts without computing it: lines of new
// that old lacks, and the other way round, as multisets.
func countOnly(old, new []byte) patch {
	seen := map[string]int{}
	for _, l := range strings.SplitAfter(string(old), "\n") {
		if l != "" {
			seen[l]++
		}
	}
	var p patch
	for _, l := range strings.SplitAfter(string(new), "\n") {
		if l == "" {
			continue
		}
		if seen[l] > 0 {
			seen[l]--
		} else {
			p.additions++
		}
	}
	for _, n := range seen {
		p.deletions += n
	}
	return p
}

func makePatch(old, new []byte) patch {
	a, b := splitLines(old), splitLines(new)
	script := diffLines(a, b)
	var p patch
	var out strings.Builder
	// Find runs of changes closer than 2*contextLines+1 kept lines: each
	// run is one hunk.
	i := 0
	for i < len(script) {
		for i < len(script) && script[i].kind == ' ' {
			i++
		}
		if i == len(script) {
			break
		}
		first, last := i, i
		for j := i; j < len(script); j++ {
			if script[j].kind != ' ' {
				if j-last-1 > 2*contextLines {
					break
				}
				last = j
			}
		}
		start := max(first-contextLines, 0)
		end := min(last+contextLines+1, len(script))
		hunk := script[start:end]
		aStart, bStart := hunk[0].a, hunk[0].b
		aCount, bCount := 0, 0
		for _, e := range hunk {
			switch e.kind {
			case ' ':
				aCount++
				bCount++
			case '-':
				aCount++
			case '+':
				bCount++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@", hunkRange(aStart, aCount), hunkRange(bStart, bCount))
		if fn := funcname(a, aStart); fn != "" {
			out.WriteString(" " + fn)
		}
		out.WriteByte('\n')
		for _, e := range hunk {
			var line string
			switch e.kind {
			case ' ', '-':
				line = a[e.a]
			case '+':
				line = b[e.b]
			}
			if e.kind == '+' {
				p.additions++
			} else if e.kind == '-' {
				p.deletions++
			}
			out.WriteByte(e.kind)
			if strings.HasSuffix(line, "\n") {
				out.WriteString(line)
			} else {
				out.WriteString(line + "\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	p.text = strings.TrimSuffix(out.String(), "\n")
	return p
}

func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	default:
		return fmt.Sprintf("%d,%d", start+1, count)
	}
}

func funcname(lines []string, before int) string {
	for i := before - 1; i >= 0; i-- {
		l := strings.TrimSuffix(lines[i], "\n")
		if l == "" {
			continue
		}
		c := l[0]
		if c == '_' || c == '$' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
			if len(l) > 80 {
				l = l[:80]
			}
			return strings.TrimRight(l, " \t\r\f\v")
		}
	}
	return ""
}

// diffLine is one line of a patch as a reviewer can comment on it.
type diffLine struct {
	position int    // 1 for the line after the first "@@" header
	side     string // "LEFT" (old file) or "RIGHT" (new file)
	line     int    // line number in that side's file
	hunk     int    // which hunk (0-based)
}

// patchLines lists the lines of a patch that a review comment can be
// attached to: context lines on both sides, deletions on the LEFT,
// additions on the RIGHT. Positions count every line after the first
// hunk header, later headers included, as GitHub documents.
func patchLines(text string) []diffLine {
	var out []diffLine
	pos, hunk := -1, -1
	var aLine, bLine int
	for _, l := range strings.Split(text, "\n") {
		pos++
		if strings.HasPrefix(l, "@@") {
			hunk++
			var a, b int
			// "@@ -a[,n] +b[,m] @@"
			fields := strings.Fields(l)
			if len(fields) >= 3 {
				fmt.Sscanf(strings.Split(fields[1], ",")[0], "-%d", &a)
				fmt.Sscanf(strings.Split(fields[2], ",")[0], "+%d", &b)
			}
			aLine, bLine = a, b
			continue
		}
		if hunk < 0 || l == "" && pos == 0 {
			continue
		}
		switch {
		case strings.HasPrefix(l, "+"):
			out = append(out, diffLine{pos, "RIGHT", bLine, hunk})
			bLine++
		case strings.HasPrefix(l, "-"):
			out = append(out, diffLine{pos, "LEFT", aLine, hunk})
			aLine++
		case strings.HasPrefix(l, " "):
			out = append(out, diffLine{pos, "LEFT", aLine, hunk}, diffLine{pos, "RIGHT", bLine, hunk})
			aLine++
			bLine++
		}
	}
	return out
}

// diffHunk is what GitHub shows with a review comment: its hunk's header
// and lines up to the commented one.
func diffHunk(text string, position int) string {
	lines := strings.Split(text, "\n")
	if position >= len(lines) {
		position = len(lines) - 1
	}
	start := position
	for start > 0 && !strings.HasPrefix(lines[start], "@@") {
		start--
	}
	return strings.Join(lines[start:position+1], "\n")
}
