package prscan

import (
	"strconv"
	"strings"
)

// Position returns where line (numbered as in the new file) sits in a
// file's patch, counted as GitHub counts commit-comment positions: the
// line after the first "@@" header is 1, and every later line, hunk
// headers included, adds one. ok is false when the patch does not add or
// keep that line (a commit comment cannot sit there).
func Position(patch string, line int) (pos int, ok bool) {
	newLine, inHunk := 0, false
	for _, l := range strings.Split(patch, "\n") {
		if strings.HasPrefix(l, "@@") {
			start, good := hunkNewStart(l)
			if !good {
				return 0, false
			}
			newLine = start
			if inHunk {
				pos++ // a later header counts as a line
			}
			inHunk = true
			continue
		}
		if !inHunk {
			continue
		}
		pos++
		switch {
		case strings.HasPrefix(l, "-"), strings.HasPrefix(l, `\`):
			// Removed lines and "\ No newline at end of file" take a
			// position but no new-file line.
		case strings.HasPrefix(l, "+"), strings.HasPrefix(l, " "), l == "":
			if newLine == line && l != "" {
				return pos, true
			}
			if l != "" {
				newLine++
			}
		}
	}
	return 0, false
}

// hunkNewStart reads the new file's first line from "@@ -a,b +c,d @@".
func hunkNewStart(h string) (int, bool) {
	i := strings.Index(h, " +")
	if i < 0 {
		return 0, false
	}
	rest := h[i+2:]
	end := strings.IndexAny(rest, ", ")
	if end < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
