package detector

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
)

// FileDiff is one file's changes in a unified diff: where the file is and
// the lines the diff adds to it.
type FileDiff struct {
	// OldPath and NewPath are the file's paths before and after, without
	// git's "a/" and "b/" prefixes; OldPath is "" for a new file and
	// NewPath "" for a deleted one. Both are "" for a bare patch.
	OldPath, NewPath string
	// Commit is the commit the change belongs to, from the last
	// "commit <sha>" line before it (git log -p, git show); "" otherwise.
	Commit string

	New, Deleted    bool
	Renamed, Copied bool
	// Binary files have no hunks: "Binary files … differ" or a
	// "GIT binary patch", whose data is skipped.
	Binary bool
	// IsSubmodule marks a gitlink (mode 160000, or a patch made only of
	// "Subproject commit" lines). Its hunks are dropped: the lines are
	// commit IDs, not file content.
	IsSubmodule bool
	// Combined marks a merge's combined diff (diff --cc, @@@ hunks). Its
	// Added lines are those new relative to every parent ("++", as from a
	// conflict resolution); a line taken from one parent was added by a
	// commit on that side.
	Combined bool

	Hunks []Hunk
}

// Hunk is one @@ section of a file's diff.
type Hunk struct {
	// NewStart and NewLines are the hunk's range in the new file.
	NewStart, NewLines int
	// Added are the hunk's added lines, in order.
	Added []AddedLine
}

// AddedLine is one line a diff adds.
type AddedLine struct {
	// Line is the line's number in the new file (from 1).
	Line int
	// Text is the line without its '+' and without its line ending
	// ("\n" or "\r\n"). Invalid UTF-8 is kept as it is.
	Text []byte
}

// Path is the file's path after the change, or before it for a deleted
// file.
func (f FileDiff) Path() string {
	if f.NewPath != "" {
		return f.NewPath
	}
	return f.OldPath
}

// Fragments returns the file's added lines as scanner fragments: each run
// of added lines on consecutive lines of the new file becomes one
// fragment (the lines joined by '\n', Line the first one's number), so a
// multi-line secret added in one piece is still seen whole. Binary files
// and submodules have none. A fragment of one line shares its Data with
// the line's Text.
func (f FileDiff) Fragments() []Fragment {
	if f.Binary || f.IsSubmodule {
		return nil
	}
	path := f.Path()
	var out []Fragment
	for _, h := range f.Hunks {
		for i := 0; i < len(h.Added); {
			j, n := i+1, len(h.Added[i].Text)
			for j < len(h.Added) && h.Added[j].Line == h.Added[j-1].Line+1 {
				n += 1 + len(h.Added[j].Text)
				j++
			}
			data := h.Added[i].Text
			if j > i+1 {
				data = make([]byte, 0, n)
				for k := i; k < j; k++ {
					if k > i {
						data = append(data, '\n')
					}
					data = append(data, h.Added[k].Text...)
				}
			}
			out = append(out, Fragment{Path: path, Commit: f.Commit, Line: h.Added[i].Line, Data: data})
			i = j
		}
	}
	return out
}

// DiffError is a malformed diff: what is wrong and on which line of the
// input (from 1).
type DiffError struct {
	Line int
	Msg  string
	Err  error // the reader's error, for a failed read
}

func (e *DiffError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("detector: diff: line %d: %s: %v", e.Line, e.Msg, e.Err)
	}
	return fmt.Sprintf("detector: diff: line %d: %s", e.Line, e.Msg)
}

func (e *DiffError) Unwrap() error { return e.Err }

// ParseDiff reads a whole git diff: git diff, git diff --cached, git show,
// git log -p (also with --cc or -m), or a plain diff -u. See DiffReader
// for what it understands. On a malformed diff it returns the files
// parsed so far, the last one complete up to the error, with a
// *DiffError.
func ParseDiff(r io.Reader) ([]FileDiff, error) {
	d := NewDiffReader(r)
	var files []FileDiff
	for {
		f, err := d.Next()
		if f != nil {
			files = append(files, *f)
		}
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return files, err
		}
	}
}

// ParsePatch reads one file's hunks without any file header, as in the
// "patch" field of GitHub's pull-request files API; set the paths from
// the API. A single-file git diff with its header is accepted too; a
// second file is an error. On a malformed patch it returns the hunks
// parsed so far with a *DiffError.
func ParsePatch(patch []byte) (FileDiff, error) {
	d := NewDiffReader(bytes.NewReader(patch))
	d.patch = true
	d.cur = &FileDiff{}
	d.st = stBody
	f, err := d.Next()
	if err == io.EOF {
		err = nil
	}
	if f == nil {
		return FileDiff{}, err
	}
	return *f, err
}

type diffState uint8

const (
	stTop    diffState = iota // outside any file: commit headers, messages
	stHeader                  // after "diff --git": the extended header
	stBody                    // in a file, between hunks
	stHunk                    // in a hunk, until its counts are used up
	stBinary                  // in a GIT binary patch
)

// maxParents bounds the parents of a combined hunk (@@@ has two).
const maxParents = 1024

// DiffReader reads a unified diff one file at a time, so a long git log -p
// needs memory only for one file's added lines.
//
// It understands git's extended headers (quoted paths, renames, copies,
// modes, /dev/null, binary files and GIT binary patches, submodules),
// hunks with and without counts, "\ No newline at end of file", CRLF line
// endings, combined diffs of merges (@@@, one column per parent), and the
// commit headers and indented messages of git log -p. Hunk counts are
// authoritative: a hunk ends when its lines are used up, so content that
// looks like a header is content. Outside hunks, lines it does not know
// are skipped, but a hunk outside any file is an error.
//
// What it expects of git: commits named by "commit <sha>" lines (git
// log's default, medium, full and fuller formats, not --oneline); paths
// with one prefix component, as git's "a/" and "b/" or the mnemonic
// "c/", "i/", "w/" (not --no-prefix); no color, external diff driver or
// textconv (--no-color --no-ext-diff --no-textconv).
type DiffReader struct {
	lr     lineReader
	patch  bool // one file without headers (ParsePatch)
	st     diffState
	commit string
	cur    *FileDiff
	header bool // cur has a header of its own
	done   []*FileDiff
	err    error // sticky; io.EOF at the end

	// submodule detection by content
	subOnly  bool
	subLines int

	// the hunk being read
	hunkAt    int // line of its header
	newStart  int
	newLines  int
	newLeft   int
	oldLeft   []int // one per parent
	next      int   // new-file number of the next result line
	buf       []byte
	lines     []addedAt
	colsSpace []byte
}

type addedAt struct{ line, start int }

// NewDiffReader returns a reader of the diff in r.
func NewDiffReader(r io.Reader) *DiffReader {
	return &DiffReader{lr: lineReader{br: bufio.NewReaderSize(r, 64<<10)}, subOnly: true}
}

// Next returns the next file. At the end it returns nil, io.EOF. On a
// malformed diff it returns the file it was reading, complete up to the
// error (or nil if it was between files), with a *DiffError; every later
// call returns the same error.
func (d *DiffReader) Next() (*FileDiff, error) {
	for len(d.done) == 0 && d.err == nil {
		if d.lr.next() {
			d.line()
		} else {
			d.eof()
		}
	}
	if len(d.done) == 0 {
		return nil, d.err
	}
	f := d.done[0]
	d.done[0] = nil
	d.done = d.done[1:]
	if d.err == io.EOF || len(d.done) > 0 {
		return f, nil
	}
	return f, d.err
}

func (d *DiffReader) fail(line int, format string, args ...any) {
	d.failErr(&DiffError{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (d *DiffReader) failErr(err error) {
	if d.err != nil {
		return
	}
	if d.st == stHunk {
		d.closeHunk()
	}
	d.finish()
	d.err = err
}

func (d *DiffReader) eof() {
	if d.lr.err != nil {
		d.failErr(&DiffError{Line: d.lr.n, Msg: "read", Err: d.lr.err})
		return
	}
	if d.st == stHunk {
		old := 0
		for _, n := range d.oldLeft {
			old += n
		}
		d.fail(d.lr.n, "unexpected end of input in the hunk at line %d (%d old and %d new lines missing)", d.hunkAt, old, d.newLeft)
		return
	}
	d.finish()
	d.err = io.EOF
}

// finish hands the current file over.
func (d *DiffReader) finish() {
	f := d.cur
	if f == nil {
		return
	}
	d.cur = nil
	if f.New {
		f.OldPath = ""
	}
	if f.Deleted {
		f.NewPath = ""
	}
	if d.subLines > 0 && d.subOnly {
		f.IsSubmodule = true
	}
	if f.IsSubmodule {
		f.Hunks = nil
	}
	d.done = append(d.done, f)
}

// startFile ends the current file at a file header. In a patch, a header
// may only introduce the one file.
func (d *DiffReader) startFile() bool {
	if d.patch {
		if d.header || len(d.cur.Hunks) > 0 || d.cur.Binary {
			d.fail(d.lr.n, "a patch holds one file; use ParseDiff for more")
			return false
		}
		d.header = true
		return true
	}
	d.finish()
	d.cur = &FileDiff{Commit: d.commit}
	d.header = true
	d.subOnly, d.subLines = true, 0
	return true
}

func (d *DiffReader) line() {
	if d.st == stHunk {
		d.hunkLine()
		return
	}
	l := d.lr.head
	switch {
	case hasPrefix(l, "diff --git "):
		if d.startFile() {
			d.st = stHeader
			v := d.lr.appendTo(nil, 0)[len("diff --git "):]
			if a, b, ok := gitHeaderPaths(v); ok {
				d.cur.OldPath, d.cur.NewPath = stripPrefix(a), stripPrefix(b)
			}
		}
	case hasPrefix(l, "diff --cc "), hasPrefix(l, "diff --combined "):
		if d.startFile() {
			d.st = stHeader
			v := d.lr.appendTo(nil, 0)
			v = v[bytes.IndexByte(v[len("diff "):], ' ')+len("diff ")+1:]
			p := cPath(v)
			d.cur.OldPath, d.cur.NewPath, d.cur.Combined = p, p, true
		}
	case commitLine(l) != "":
		sha := commitLine(l)
		if d.patch {
			if d.header || len(d.cur.Hunks) > 0 {
				d.fail(d.lr.n, "a patch holds one file; use ParseDiff for more")
				return
			}
			d.commit, d.cur.Commit = sha, sha
			return
		}
		d.finish()
		d.commit = sha
		d.st = stTop
	case d.st == stBinary:
		// base85 data: never holds a space, so never a header
	case hasPrefix(l, "@@"):
		if d.cur == nil {
			d.fail(d.lr.n, "hunk header outside a file (a bare patch needs ParsePatch)")
			return
		}
		d.startHunk()
	case d.st == stHeader:
		d.headerLine()
	case hasPrefix(l, "--- "):
		// A plain unified diff's header: "--- old" directly followed by
		// "+++ new".
		v := d.lr.appendTo(nil, 0)[len("--- "):]
		if !bytes.HasPrefix(d.lr.peek(4), []byte("+++ ")) {
			return
		}
		if d.startFile() {
			d.st = stHeader
			d.setPath(v, false)
		}
	}
}

var headerKeys = []string{
	"--- ", "+++ ", "new file mode ", "deleted file mode ", "old mode ", "new mode ", "mode ", "index ",
	"rename from ", "rename old ", "rename to ", "rename new ", "copy from ", "copy to ",
	"Binary files ", "GIT binary patch",
}

// headerLine reads one line of git's extended header; it skips lines it
// does not know ("similarity index 90%").
func (d *DiffReader) headerLine() {
	key := ""
	for _, k := range headerKeys {
		if hasPrefix(d.lr.head, k) {
			key = k
			break
		}
	}
	if key == "" {
		return
	}
	f := d.cur
	v := d.lr.appendTo(nil, 0)[len(key):]
	switch key {
	case "--- ":
		d.setPath(v, false)
	case "+++ ":
		d.setPath(v, true)
		d.st = stBody
	case "new file mode ":
		f.New = true
		d.mode(v)
	case "deleted file mode ":
		f.Deleted = true
		d.mode(v)
	case "old mode ", "new mode ", "mode ":
		d.mode(v)
	case "index ":
		if i := bytes.LastIndexByte(v, ' '); i >= 0 {
			d.mode(v[i+1:])
		}
	case "rename from ", "rename old ":
		f.Renamed, f.OldPath = true, cPath(v)
	case "rename to ", "rename new ":
		f.Renamed, f.NewPath = true, cPath(v)
	case "copy from ":
		f.Copied, f.OldPath = true, cPath(v)
	case "copy to ":
		f.Copied, f.NewPath = true, cPath(v)
	case "Binary files ":
		if bytes.HasSuffix(v, []byte(" differ")) {
			f.Binary = true
			d.st = stBinary
		}
	case "GIT binary patch":
		f.Binary = true
		d.st = stBinary
	}
}

// mode marks a gitlink from a header's mode list ("160000",
// "100644,160000..160000").
func (d *DiffReader) mode(v []byte) {
	for _, m := range bytes.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '.' || r == ' ' }) {
		if string(m) == "160000" {
			d.cur.IsSubmodule = true
		}
	}
}

// setPath sets a path from a "---" or "+++" line.
func (d *DiffReader) setPath(v []byte, isNew bool) {
	var p string
	if len(v) > 0 && v[0] == '"' {
		s, _, ok := unquoteC(v)
		if !ok {
			return
		}
		p = s
	} else {
		// git ends a name holding a space with a tab; diff -u puts a
		// timestamp after one.
		if i := bytes.IndexByte(v, '\t'); i >= 0 {
			v = v[:i]
		}
		p = string(v)
	}
	f := d.cur
	switch {
	case p == "/dev/null" && isNew:
		f.Deleted, f.NewPath = true, ""
	case p == "/dev/null":
		f.New, f.OldPath = true, ""
	case isNew:
		f.NewPath = stripPrefix(p)
	default:
		f.OldPath = stripPrefix(p)
	}
}

// startHunk reads a hunk header: "@@ -a,b +c,d @@ heading", counts
// optional, or "@@@ -a,b -c,d +e,f @@@" with one old range per parent.
func (d *DiffReader) startHunk() {
	at := d.lr.n
	l := d.lr.head
	bad := func(why string) { d.fail(at, "malformed hunk header: %s", why) }
	n := 0
	for n < len(l) && l[n] == '@' {
		n++
	}
	if n < 2 {
		bad("want @@")
		return
	}
	if n-1 > maxParents {
		bad("too many parents")
		return
	}
	p := l[n:]
	d.oldLeft = d.oldLeft[:0]
	for i := 0; i < n-1; i++ {
		if !hasPrefix(p, " -") {
			bad("want an old range \"-start,count\"")
			return
		}
		_, count, rest, why := parseRange(p[2:])
		if why != "" {
			bad(why)
			return
		}
		d.oldLeft = append(d.oldLeft, count)
		p = rest
	}
	if !hasPrefix(p, " +") {
		bad("want a new range \"+start,count\"")
		return
	}
	start, count, rest, why := parseRange(p[2:])
	if why != "" {
		bad(why)
		return
	}
	if len(rest) < n+1 || rest[0] != ' ' || string(rest[1:n+1]) != string(l[:n]) {
		bad("want " + string(l[:n]) + " after the ranges")
		return
	}
	if n > 2 {
		d.cur.Combined = true
	}
	d.hunkAt, d.newStart, d.newLines, d.newLeft, d.next = at, start, count, count, start
	d.st = stHunk
	if d.hunkDone() {
		d.closeHunk()
	}
}

// parseRange reads "start[,count]"; count is 1 when absent.
func parseRange(p []byte) (start, count int, rest []byte, why string) {
	start, p, ok := parseNum(p)
	if !ok {
		return 0, 0, nil, "bad line number"
	}
	count = 1
	if len(p) > 0 && p[0] == ',' {
		if count, p, ok = parseNum(p[1:]); !ok {
			return 0, 0, nil, "bad line count"
		}
	}
	if count > 0 && start == 0 {
		return 0, 0, nil, "line 0 with a nonzero count"
	}
	if start > math.MaxInt-count {
		return 0, 0, nil, "line number out of range"
	}
	return start, count, p, ""
}

func parseNum(p []byte) (int, []byte, bool) {
	n, i := 0, 0
	for ; i < len(p) && '0' <= p[i] && p[i] <= '9'; i++ {
		d := int(p[i] - '0')
		if n > (math.MaxInt-d)/10 {
			return 0, nil, false
		}
		n = n*10 + d
	}
	return n, p[i:], i > 0
}

func (d *DiffReader) hunkDone() bool {
	if d.newLeft > 0 {
		return false
	}
	for _, n := range d.oldLeft {
		if n > 0 {
			return false
		}
	}
	return true
}

// hunkLine reads one line of a hunk. Each of its first len(oldLeft)
// bytes is a column for one parent: ' ' the line is in that parent and
// the result, '-' only in that parent, '+' only in the result. A line
// with a '-' is not in the result; one with only '+' is new to every
// parent. A line cut shorter than its columns (trailing blanks stripped)
// has ' ' for the missing ones.
func (d *DiffReader) hunkLine() {
	l := d.lr.head
	if len(l) > 0 && l[0] == '\\' {
		return // "\ No newline at end of file"
	}
	np := len(d.oldLeft)
	sub := d.subOnly && !d.lr.long && len(l) >= np && isSubprojectLine(l[np:])
	cols := l[:min(np, len(l))]
	removed, added := false, true
	for _, c := range cols {
		switch c {
		case '-':
			removed, added = true, false
		case ' ':
			added = false
		case '+':
		default:
			d.endsEarly()
			return
		}
	}
	if len(cols) < np {
		added = false
		cols = append(append(d.colsSpace[:0], cols...), bytes.Repeat([]byte{' '}, np-len(cols))...)
		d.colsSpace = cols
	}
	if removed {
		for i, c := range cols {
			if c == '-' {
				if d.oldLeft[i] == 0 {
					d.tooMany()
					return
				}
				d.oldLeft[i]--
			}
		}
	} else {
		if d.newLeft == 0 {
			d.tooMany()
			return
		}
		for i, c := range cols {
			if c == ' ' {
				if d.oldLeft[i] == 0 {
					d.tooMany()
					return
				}
				d.oldLeft[i]--
			}
		}
		d.newLeft--
		if added {
			start := len(d.buf)
			d.buf = d.lr.appendTo(d.buf, np)
			d.lines = append(d.lines, addedAt{d.next, start})
		}
		d.next++
	}
	if sub {
		d.subLines++
	} else {
		d.subOnly = false
	}
	if d.hunkDone() {
		d.closeHunk()
	}
}

func (d *DiffReader) endsEarly() {
	old := 0
	for _, n := range d.oldLeft {
		old += n
	}
	d.fail(d.lr.n, "the hunk at line %d ends early (%d old and %d new lines missing)", d.hunkAt, old, d.newLeft)
}

func (d *DiffReader) tooMany() {
	d.fail(d.lr.n, "the hunk at line %d has more lines than its header counts", d.hunkAt)
}

// closeHunk stores the hunk being read, its added text in one exact-size
// allocation.
func (d *DiffReader) closeHunk() {
	h := Hunk{NewStart: d.newStart, NewLines: d.newLines}
	if len(d.lines) > 0 {
		data := bytes.Clone(d.buf)
		h.Added = make([]AddedLine, len(d.lines))
		for i, a := range d.lines {
			end := len(data)
			if i+1 < len(d.lines) {
				end = d.lines[i+1].start
			}
			h.Added[i] = AddedLine{Line: a.line, Text: data[a.start:end:end]}
		}
	}
	d.cur.Hunks = append(d.cur.Hunks, h)
	d.buf, d.lines = d.buf[:0], d.lines[:0]
	d.st = stBody
}

func hasPrefix(l []byte, p string) bool {
	return len(l) >= len(p) && string(l[:len(p)]) == p
}

// commitLine returns the ID of a "commit <sha>[ (refs)]" line.
func commitLine(l []byte) string {
	if !hasPrefix(l, "commit ") {
		return ""
	}
	sha := l[len("commit "):]
	if i := bytes.IndexByte(sha, ' '); i >= 0 {
		sha = sha[:i]
	}
	if len(sha) < 4 || len(sha) > 64 || !isHex(sha) {
		return ""
	}
	return string(sha)
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// isSubprojectLine reports whether a content line is a gitlink's
// "Subproject commit <sha>[-dirty]".
func isSubprojectLine(l []byte) bool {
	if !hasPrefix(l, "Subproject commit ") {
		return false
	}
	sha := bytes.TrimSuffix(l[len("Subproject commit "):], []byte("-dirty"))
	return len(sha) >= 40 && len(sha) <= 64 && isHex(sha)
}

// stripPrefix drops a path's first component ("a/", "b/").
func stripPrefix(p string) string {
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// cPath reads a path that git may have quoted.
func cPath(v []byte) string {
	if len(v) > 0 && v[0] == '"' {
		if s, rest, ok := unquoteC(v); ok && len(rest) == 0 {
			return s
		}
	}
	return string(v)
}

// unquoteC reads a C-style quoted string as git writes paths ("\t", "\"",
// "\303\251"), returning it and what follows the closing quote.
func unquoteC(s []byte) (string, []byte, bool) {
	if len(s) == 0 || s[0] != '"' {
		return "", nil, false
	}
	var out []byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return string(out), s[i+1:], true
		case '\\':
			i++
			if i >= len(s) {
				return "", nil, false
			}
			switch e := s[i]; e {
			case 'a':
				out = append(out, '\a')
			case 'b':
				out = append(out, '\b')
			case 't':
				out = append(out, '\t')
			case 'n':
				out = append(out, '\n')
			case 'v':
				out = append(out, '\v')
			case 'f':
				out = append(out, '\f')
			case 'r':
				out = append(out, '\r')
			case '"', '\\':
				out = append(out, e)
			case '0', '1', '2', '3':
				if i+2 >= len(s) || !isOctal(s[i+1]) || !isOctal(s[i+2]) {
					return "", nil, false
				}
				out = append(out, (e-'0')<<6|(s[i+1]-'0')<<3|(s[i+2]-'0'))
				i += 2
			default:
				return "", nil, false
			}
		default:
			out = append(out, c)
		}
	}
	return "", nil, false
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

// gitHeaderPaths splits the names of a "diff --git <a> <b>" line, either
// of which may be quoted. Two unquoted names are split where they name
// the same path after their prefix (git writes the same name twice unless
// the file was renamed or copied, and then the rename lines name it), or
// at the only space.
func gitHeaderPaths(s []byte) (string, string, bool) {
	if len(s) > 0 && s[0] == '"' {
		a, rest, ok := unquoteC(s)
		if !ok || len(rest) < 2 || rest[0] != ' ' {
			return "", "", false
		}
		rest = rest[1:]
		if rest[0] == '"' {
			b, tail, ok := unquoteC(rest)
			return a, b, ok && len(tail) == 0
		}
		return a, string(rest), true
	}
	if bytes.HasSuffix(s, []byte(`"`)) {
		for i := 0; ; {
			j := bytes.Index(s[i:], []byte(` "`))
			if j < 0 {
				break
			}
			i += j
			if b, tail, ok := unquoteC(s[i+1:]); ok && len(tail) == 0 && i > 0 {
				return string(s[:i]), b, true
			}
			i += 2
		}
	}
	// Moving the split right, the left name grows and the right one never
	// does, so at most one split gives names of equal length.
	p1 := bytes.IndexByte(s, '/')
	if p1 >= 0 {
		slash := -1 // the first '/' right of i
		for i := len(s) - 1; i > p1; i-- {
			switch s[i] {
			case '/':
				slash = i
			case ' ':
				if slash >= 0 && i-p1-1 == len(s)-slash-1 && bytes.Equal(s[p1+1:i], s[slash+1:]) {
					return string(s[:i]), string(s[i+1:]), true
				}
			}
		}
	}
	if bytes.Count(s, []byte{' '}) == 1 {
		i := bytes.IndexByte(s, ' ')
		return string(s[:i]), string(s[i+1:]), i > 0 && i < len(s)-1
	}
	return "", "", false
}

// lineReader reads lines of any length. head is the start of the current
// line: all of it without its line ending, or, when long is set, the
// first buffer's worth of a longer line, whose rest appendTo reads or
// next skips. Only added lines and headers are ever read whole.
type lineReader struct {
	br   *bufio.Reader
	n    int // number of the current line
	head []byte
	long bool
	err  error
}

func (lr *lineReader) next() bool {
	if lr.long {
		lr.skip()
	}
	if lr.err != nil {
		return false
	}
	line, err := lr.br.ReadSlice('\n')
	if len(line) == 0 {
		if err != io.EOF {
			lr.err = err
		}
		return false
	}
	lr.n++
	lr.long = err == bufio.ErrBufferFull
	if !lr.long {
		if err != nil && err != io.EOF {
			lr.err = err
		}
		line = trimEOL(line)
	}
	lr.head = line
	return true
}

// appendTo appends the current line, from byte off, to dst and consumes
// it.
func (lr *lineReader) appendTo(dst []byte, off int) []byte {
	start := len(dst)
	if off < len(lr.head) {
		dst = append(dst, lr.head[off:]...)
	}
	if !lr.long {
		return dst
	}
	for lr.long {
		chunk, err := lr.br.ReadSlice('\n')
		dst = append(dst, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		lr.long = false
		if err != nil && err != io.EOF {
			lr.err = err
		}
	}
	return dst[:start+len(trimEOL(dst[start:]))]
}

func (lr *lineReader) skip() {
	for lr.long {
		_, err := lr.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			continue
		}
		lr.long = false
		if err != nil && err != io.EOF {
			lr.err = err
		}
	}
}

// peek returns up to n bytes of the next line; call it only once the
// current line is consumed.
func (lr *lineReader) peek(n int) []byte {
	b, _ := lr.br.Peek(n)
	return b
}

func trimEOL(l []byte) []byte {
	l = bytes.TrimSuffix(l, []byte{'\n'})
	return bytes.TrimSuffix(l, []byte{'\r'})
}
