package hook

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keyguard-dev/keyguard/detector"
)

// A history scan never runs `git log -p`: git spends most of that
// command's time computing diffs, line by line, for every commit. Instead
// keyguard asks git only for the tree-level changes (git log --raw: which
// blob each commit put at which path, cheap), reads each blob once through
// one `git cat-file --batch`, and finds the lines a change adds itself:
// every line of a blob is hashed once, and a line of the new blob whose
// hash none of the replaced blobs holds is an added line. Only added lines
// (with two lines of context on each side, for rules that look at the
// line before) are scanned, on every core. A merge's change lists one
// replaced blob per parent, so it is charged only with lines that are in
// no parent: the lines its conflict resolution wrote.

// histCommit is one commit of the scanned history.
type histCommit struct {
	id, author, date string
	time             int64 // committer time, orders "first"
	// changes are the commit's raw records, until they are registered.
	changes []histChange
}

// histChange is one path a commit changed: the blob it put there and the
// blobs the path held in each parent (none for an added path).
type histChange struct {
	commit int // index into historyScan.commits
	path   string
	olds   []string
	blob   string
}

// blobState is what the scan keeps of a blob between its reading and the
// last change that needs it.
type blobState struct {
	// ready is closed once data and opaque are set.
	ready chan struct{}
	// data is the blob's content, kept (in buf, from bufPool) while some
	// change still lists the blob as replaced.
	data []byte
	buf  *[]byte
	// opaque is set when the blob's lines are unknown (binary, missing,
	// too large to hold).
	opaque bool
	// uses counts the changes that replace this blob and have not been
	// scanned yet, plus one held by the worker reading the blob; whoever
	// brings it to zero returns data to bufPool.
	uses atomic.Int32
	// changes are the changes that put this blob somewhere.
	changes []int
	// part is the partition (cat-file process) that reads the blob, idx
	// its place in that partition's order.
	part, idx int
}

// historyScan is one run over a range of history.
type historyScan struct {
	dir     string
	scanner *detector.Scanner
	workers int
	seed    maphash.Seed

	commits []histCommit
	changes []histChange
	blobs   map[string]*blobState
	// order lists, per partition, the blobs in the order its cat-file is
	// asked for them.
	order [][]string

	mu       sync.Mutex
	found    [][]detector.Finding // by change
	st       stats
	errs     []error
	scanned  atomic.Int64 // bytes handed to the engine
	fallback int          // changes scanned whole: a replaced blob was unknown
}

var debugTiming = os.Getenv("KEYGUARD_DEBUG_TIMING") != ""

const zeroID = "0000000000000000000000000000000000000000"

// contextLines are scanned around each run of added lines: some rules read
// the line before a value (a Kubernetes env entry's name, a YAML key).
const contextLines = 2

// scanHistory scans the commits that `git log <revs>` lists and returns
// each secret once, at the first commit that added it.
func scanHistory(ctx context.Context, dir string, s *detector.Scanner, revs []string, workers int) ([]detector.Finding, stats, []error) {
	t0 := time.Now()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	h := &historyScan{dir: dir, scanner: s, workers: workers, seed: maphash.MakeSeed(), blobs: map[string]*blobState{}}
	// One cat-file per core, each reading the versions of its own share
	// of the paths: git decompresses on one thread per process, and a
	// change's blobs (all at one path) stay in one partition.
	h.order = make([][]string, max(1, min(workers, 4)))
	// Two logs run side by side: plain commits, and merges with their
	// combined raw diff (-c: only paths that differ from every parent,
	// which is what a merge itself wrote). Neither asks git to sort
	// topologically: that would hold the output back, and committer time
	// orders parents before children well enough (a blob asked for out of
	// order only costs a wider scan, see scanBlob).
	base := []string{
		"log", "--raw", "--no-abbrev", "--root", "--no-renames", "-z",
		"--no-color", "--no-ext-diff", "--no-textconv",
		"--format=%x01%H%x02%an <%ae>%x02%aI%x02%ct",
	}
	var logs [2]histLog
	var errs [2]error
	var wg sync.WaitGroup
	for i, kind := range [][]string{{"--no-merges"}, {"--merges", "-c"}} {
		args := append(append(append(append([]string(nil), base...), kind...), revs...), "--")
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = gitStream(ctx, dir, nil, func(r io.Reader) error { return logs[i].read(r, s) }, args...)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, stats{}, []error{err}
		}
	}
	// git lists newest first; reversed, then ordered by committer time
	// (stable, so commits of one second keep git's parent-first order).
	slices.Reverse(logs[0].commits)
	slices.Reverse(logs[1].commits)
	commits := mergeByTime(logs[0].commits, logs[1].commits)
	for _, c := range commits {
		h.addCommit(c)
	}
	tLog := time.Now()
	h.found = make([][]detector.Finding, len(h.changes))
	h.readBlobs(ctx)
	if debugTiming {
		fmt.Fprintf(os.Stderr, "keyguard: log %v (%d commits, %d changes), blobs %v (%d blobs, %d bytes read, %d scanned, %d changes scanned whole)\n",
			tLog.Sub(t0), len(h.commits), len(h.changes), time.Since(tLog), h.st.files, h.st.bytes, h.scanned.Load(), h.fallback)
	}
	if err := ctx.Err(); err != nil {
		h.errs = append(h.errs, err)
	}
	return h.attribute(), h.st, h.errs
}

// histLog is one git log's commits, newest first as git lists them.
type histLog struct {
	commits []histCommit
}

// read parses git log --raw -z output: a commit header (\x01 id \x02
// author \x02 date \x02 time) then, per changed path, a ":modes… ids…
// status" record and the path. Merge commits use the combined form
// ("::"), one mode and id per parent.
func (l *histLog) read(r io.Reader, s *detector.Scanner) error {
	br := bufio.NewReaderSize(r, 1<<16)
	var meta []byte
	for {
		tok, err := br.ReadSlice(0)
		if err == bufio.ErrBufferFull {
			// A path longer than the buffer: read it whole.
			rest, err2 := br.ReadBytes(0)
			tok, err = append(append([]byte(nil), tok...), rest...), err2
		}
		if len(tok) > 0 && tok[len(tok)-1] == 0 {
			tok = tok[:len(tok)-1]
		}
		tok = bytes.TrimLeft(tok, "\n")
		switch {
		case len(tok) == 0:
		case meta != nil:
			if err := l.addChange(meta, string(tok), s); err != nil {
				return err
			}
			meta = nil
		case tok[0] == 1:
			f := strings.Split(string(tok[1:]), "\x02")
			if len(f) != 4 {
				return fmt.Errorf("git log: unexpected commit header %q", tok)
			}
			when, _ := strconv.ParseInt(f[3], 10, 64)
			l.commits = append(l.commits, histCommit{id: f[0], author: f[1], date: f[2], time: when})
		case tok[0] == ':':
			meta = append(meta[:0:0], tok...)
		default:
			return fmt.Errorf("git log: unexpected output %q", tok[:min(len(tok), 80)])
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// addChange parses one raw record. Paths are not quoted with -z.
// Deletions, submodules (their "blob" is a commit of another repository)
// and symbolic links (their content is a path) hold no text to scan;
// neither do files that are binary by name.
func (l *histLog) addChange(meta []byte, p string, s *detector.Scanner) error {
	if len(l.commits) == 0 {
		return fmt.Errorf("git log: change before any commit")
	}
	colons := 0
	for colons < len(meta) && meta[colons] == ':' {
		colons++
	}
	f := strings.Fields(string(meta[colons:]))
	// colons parents: colons+1 modes, colons+1 ids, one status field.
	if len(f) != 2*(colons+1)+1 {
		return fmt.Errorf("git log: unexpected raw record %q", meta)
	}
	modes, ids := f[:colons+1], f[colons+1:2*(colons+1)]
	newMode, blob := modes[colons], ids[colons]
	if blob == zeroID || !strings.HasPrefix(newMode, "100") {
		return nil
	}
	if skipExts[strings.ToLower(path.Ext(p))] || s.PathAllowed(p) {
		return nil
	}
	c := histChange{path: p, blob: blob}
	for i, o := range ids[:colons] {
		// A parent where the path was not a regular file contributes no
		// lines.
		if o != zeroID && strings.HasPrefix(modes[i], "100") {
			c.olds = append(c.olds, o)
		}
	}
	cm := &l.commits[len(l.commits)-1]
	cm.changes = append(cm.changes, c)
	return nil
}

// mergeByTime merges two lists ordered oldest first into one.
func mergeByTime(a, b []histCommit) []histCommit {
	out := make([]histCommit, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0].time < a[0].time {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// addCommit registers a commit and its changes; each blob is queued the
// first time it is named, the replaced ones before the new one.
func (h *historyScan) addCommit(cm histCommit) {
	changes := cm.changes
	cm.changes = nil
	h.commits = append(h.commits, cm)
	for _, c := range changes {
		c.commit = len(h.commits) - 1
		part := int(maphash.String(h.seed, c.path) % uint64(len(h.order)))
		for _, o := range c.olds {
			h.want(o, part).uses.Add(1)
		}
		st := h.want(c.blob, part)
		st.changes = append(st.changes, len(h.changes))
		h.changes = append(h.changes, c)
	}
}

// want returns a blob's state, queueing it to be read by partition part
// the first time.
func (h *historyScan) want(blob string, part int) *blobState {
	st := h.blobs[blob]
	if st == nil {
		st = &blobState{ready: make(chan struct{}), part: part, idx: len(h.order[part])}
		h.blobs[blob] = st
		h.order[part] = append(h.order[part], blob)
	}
	return st
}

// blobJob is one blob read from git, to be hashed and scanned.
type blobJob struct {
	st   *blobState
	data []byte
	buf  *[]byte // data's backing array, back to bufPool once scanned
}

// bufPool recycles blob buffers: a history holds many thousands of blobs,
// and a fresh allocation for each kept the garbage collector busy.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// lineSpan is a run of lines to scan: [start, end) bytes of data, the
// 1-based line number at start, and which of its lines were added (nil:
// all of them).
type lineSpan struct {
	start, end, line int
	added            []bool
}

// readBlobs streams every queued blob through one `git cat-file --batch`
// (fed from a goroutine, so neither side waits on the other) and hands
// them to the workers, which hash their lines and scan what each change
// added. A change needs the lines of the blobs it replaces; git answers
// in the order asked, parents' blobs first, so those are always already
// taken by a worker, and waiting for them cannot deadlock.
func (h *historyScan) readBlobs(ctx context.Context) {
	var wg sync.WaitGroup
	for part, order := range h.order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			workers := max(1, h.workers/len(h.order))
			if part < h.workers%len(h.order) {
				workers++
			}
			h.readPart(ctx, order, workers)
		}()
	}
	wg.Wait()
}

// readPart reads one partition's blobs through its own cat-file.
func (h *historyScan) readPart(ctx context.Context, order []string, workers int) {
	if len(order) == 0 {
		return
	}
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 64<<10)
		for _, b := range order {
			bw.WriteString(b)
			bw.WriteByte('\n')
		}
		pw.CloseWithError(bw.Flush())
	}()
	jobs := make(chan blobJob, 4*workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				h.scanBlob(j)
			}
		}()
	}
	done := 0 // blobs whose ready channel is closed or handed to a worker
	err := gitStreamBig(ctx, h.dir, pr, func(r io.Reader) error {
		br := bufio.NewReaderSize(r, 1<<20)
		var big []byte
		for range order {
			hdr, err := br.ReadString('\n')
			if err != nil {
				return fmt.Errorf("git cat-file: %w", err)
			}
			f := strings.Fields(hdr)
			if len(f) == 0 {
				return fmt.Errorf("git cat-file: unexpected header %q", hdr)
			}
			st := h.blobs[f[0]]
			if st == nil {
				return fmt.Errorf("git cat-file: unexpected object %q", f[0])
			}
			done++
			if len(f) == 2 && f[1] == "missing" {
				if len(st.changes) > 0 {
					h.fail(fmt.Errorf("cannot read %s (blob %s) from commit %s: missing from the repository",
						h.changes[st.changes[0]].path, f[0], h.commits[h.changes[st.changes[0]].commit].id))
				}
				st.opaque = true
				close(st.ready)
				continue
			}
			if len(f) != 3 {
				return fmt.Errorf("git cat-file: unexpected header %q", hdr)
			}
			size, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil || size < 0 {
				return fmt.Errorf("git cat-file: unexpected header %q", hdr)
			}
			if f[1] != "blob" || size > chunkSize {
				// Too big to hold: scanned whole as it streams, for
				// its first change; its lines stay unknown, so changes
				// replacing it are scanned whole too.
				st.opaque = true
				close(st.ready)
				lr := io.LimitReader(br, size)
				if f[1] == "blob" && len(st.changes) > 0 {
					c := st.changes[0]
					var res fileResult
					big, res = scanStream(h.scanner, h.changes[c].path, lr, size, big)
					h.scanned.Add(res.bytes)
					h.record(c, res.findings, res.bytes, res.err)
				}
				if _, err := io.Copy(io.Discard, lr); err != nil {
					return fmt.Errorf("git cat-file: %w", err)
				}
				br.Discard(1)
				continue
			}
			buf := bufPool.Get().(*[]byte)
			data := *buf
			if int64(cap(data)) < size+1 {
				data = make([]byte, size+1)
			}
			data = data[:size+1]
			if _, err := io.ReadFull(br, data); err != nil {
				return fmt.Errorf("git cat-file: %w", err)
			}
			select {
			case jobs <- blobJob{st: st, data: data[:size], buf: buf}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}, true, "cat-file", "--batch", "--buffer")
	// git answers in the order asked: if it stopped early, the blobs
	// after the last answer were never read. Release whoever waits.
	for _, b := range order[done:] {
		st := h.blobs[b]
		st.opaque = true
		close(st.ready)
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		h.fail(err)
	}
}

// scanBlob keeps a blob for the changes that replace it and scans the
// lines each change that wrote it added.
func (h *historyScan) scanBlob(j blobJob) {
	st, data := j.st, j.data
	st.uses.Add(1) // the reader's own hold, dropped at the end
	if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 {
		st.opaque = true
		*j.buf = data[:0]
		bufPool.Put(j.buf)
	} else {
		st.data, st.buf = data, j.buf
	}
	close(st.ready)
	h.record(-1, nil, int64(len(data)), nil)
	if !st.opaque {
		for _, ci := range st.changes {
			h.scanChange(ci, st)
		}
	}
	h.release(st)
}

// release drops one hold on a blob that is ready; the last returns its
// buffer. Holders are the worker that read it and each change replacing
// it that has not been scanned yet, so nobody reads data afterwards.
func (h *historyScan) release(st *blobState) {
	if st.uses.Add(-1) == 0 {
		if buf := st.buf; buf != nil {
			st.data, st.buf = nil, nil
			*buf = (*buf)[:0]
			bufPool.Put(buf)
		}
	}
}

// olds returns the blobs change c replaced, as far as they can be used: a
// blob not (yet) readable makes whole true, and the change is scanned
// whole.
func (h *historyScan) olds(c histChange, st *blobState) (olds []*blobState, whole bool) {
	for _, o := range c.olds {
		ost := h.blobs[o]
		select {
		case <-ost.ready:
		default:
			if ost.part != st.part || ost.idx > st.idx {
				// Not read yet, and waiting could deadlock: read by
				// another cat-file, or asked for after this blob (a
				// revert, a branch that went back to an old version).
				// The fingerprint de-duplication keeps the report
				// right.
				whole = true
				continue
			}
			// Asked for before this blob from the same cat-file: a
			// worker has it, and publishes it before it waits for
			// anything itself.
			<-ost.ready
		}
		if ost.opaque {
			whole = true
			continue
		}
		olds = append(olds, ost)
	}
	return olds, whole
}

// scanChange scans the lines change ci added to blob st.
func (h *historyScan) scanChange(ci int, st *blobState) {
	c := h.changes[ci]
	olds, whole := h.olds(c, st)
	defer func() {
		used := olds
		for _, o := range c.olds {
			ost := h.blobs[o]
			if i := slices.Index(used, ost); i >= 0 {
				used = slices.Delete(slices.Clone(used), i, i+1)
				h.release(ost)
			} else {
				// Never looked at: its fields may not be set yet, so
				// only the count is touched; its reader still holds
				// one and frees it.
				ost.uses.Add(-1)
			}
		}
	}()
	data := st.data
	switch {
	case whole || len(c.olds) == 0:
		// Every line is new: one fragment, no line bookkeeping.
		if whole {
			h.mu.Lock()
			h.fallback++
			h.mu.Unlock()
		}
		h.scanSpans(ci, data, []lineSpan{{start: 0, end: len(data), line: 1}})
	default:
		// An edit, or a merge: lines that are in none of the parents.
		parents := make([][]byte, len(olds))
		for i, o := range olds {
			parents[i] = o.data
		}
		h.scanSpans(ci, data, editSpans(h.seed, data, parents))
	}
}

// editSpans returns what to scan of new, a version of each of olds: the
// bytes new shares at its start and end with a parent hold nothing that
// parent lacks, so they are skipped without hashing (most commits touch a
// few lines of a file); in the middle, a line counts as added when no
// parent's middle holds it.
func editSpans(seed maphash.Seed, new []byte, olds [][]byte) []lineSpan {
	p, newEnd := 0, len(new)
	type middle struct{ from, to int }
	mids := make([]middle, len(olds))
	for i, old := range olds {
		pi := commonPrefix(new, old)
		pi = bytes.LastIndexByte(new[:pi], '\n') + 1 // back to a line start
		sfx := commonSuffix(new[pi:], old[pi:])
		p = max(p, pi)
		newEnd = min(newEnd, lineEnd(new, len(new)-sfx))
		mids[i] = middle{pi, lineEnd(old, len(old)-sfx)}
	}
	if p >= newEnd {
		return nil // nothing new (only deletions, or all taken from a parent)
	}
	sets := make([]*lineSet, len(olds))
	for i, old := range olds {
		_, hs := hashLines(seed, old[mids[i].from:mids[i].to], nil, nil)
		set := newLineSet(hs)
		sets[i] = &set
	}
	// The region scanned: the middle and contextLines around it.
	lo := p
	for i := 0; i < contextLines && lo > 0; i++ {
		lo = bytes.LastIndexByte(new[:lo-1], '\n') + 1
	}
	hi := newEnd
	for i := 0; i < contextLines && hi < len(new); i++ {
		hi = lineEnd(new, hi+1)
	}
	starts, hashes := hashLines(seed, new[lo:hi], nil, nil)
	added := make([]bool, len(hashes))
	for i, hv := range hashes {
		at := lo + starts[i]
		added[i] = at >= p && at < newEnd && !inAny(sets, hv)
	}
	spans := makeSpans(new[lo:hi], starts, added, bytes.Count(new[:lo], []byte{'\n'}))
	for i := range spans {
		spans[i].start += lo
		spans[i].end += lo
	}
	return spans
}

// lineEnd returns the end of the line holding offset i (just past its
// newline), or i itself when it is already at a line start.
func lineEnd(data []byte, i int) int {
	if i <= 0 || i >= len(data) || data[i-1] == '\n' {
		return min(max(i, 0), len(data))
	}
	if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(data)
}

// commonPrefix returns how many leading bytes a and b share, comparing
// in blocks so that the common case (long identical stretches) runs at
// memory speed.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+256 <= n && bytes.Equal(a[i:i+256], b[i:i+256]) {
		i += 256
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns how many trailing bytes a and b share.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+256 <= n && bytes.Equal(a[len(a)-i-256:len(a)-i], b[len(b)-i-256:len(b)-i]) {
		i += 256
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// hashLines returns where each line of data starts and its hash (a
// trailing CR ignored, so a file converted to CRLF adds no lines).
func hashLines(seed maphash.Seed, data []byte, starts []int, hashes []uint64) ([]int, []uint64) {
	if n := bytes.Count(data, []byte{'\n'}) + 1; cap(hashes) < n {
		starts, hashes = make([]int, 0, n), make([]uint64, 0, n)
	}
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '\n')
		end := i + j
		if j < 0 {
			end = len(data)
		}
		line := data[i:end]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		starts = append(starts, i)
		hashes = append(hashes, maphash.Bytes(seed, line))
		i = end + 1
	}
	return starts, hashes
}

// lineSet is a set of line hashes: open addressing with linear probing,
// built once per blob and probed for every line of the blobs that replace
// it, which a sorted slice with binary search made the scan's hot spot.
type lineSet struct {
	slots []uint64
	mask  uint64
}

func newLineSet(hashes []uint64) lineSet {
	n := 8
	for n < 2*len(hashes) {
		n <<= 1
	}
	s := lineSet{slots: make([]uint64, n), mask: uint64(n - 1)}
	for _, v := range hashes {
		v |= 1 // 0 marks an empty slot
		for i := v & s.mask; ; i = (i + 1) & s.mask {
			if s.slots[i] == 0 {
				s.slots[i] = v
				break
			}
			if s.slots[i] == v {
				break
			}
		}
	}
	return s
}

func (s *lineSet) has(v uint64) bool {
	if len(s.slots) == 0 {
		return false
	}
	v |= 1
	for i := v & s.mask; ; i = (i + 1) & s.mask {
		switch s.slots[i] {
		case v:
			return true
		case 0:
			return false
		}
	}
}

func inAny(sets []*lineSet, v uint64) bool {
	for _, s := range sets {
		if s.has(v) {
			return true
		}
	}
	return false
}

// makeSpans returns the runs of lines to scan: every line within
// contextLines of an added line; lineBase is the number of lines before
// data.
func makeSpans(data []byte, starts []int, added []bool, lineBase int) []lineSpan {
	n := len(starts)
	var spans []lineSpan
	lo, hi := -1, -1 // the run being built, lines [lo, hi)
	flush := func() {
		if lo < 0 {
			return
		}
		end := len(data)
		if hi < n {
			end = starts[hi] - 1 // without the newline
		}
		spans = append(spans, lineSpan{start: starts[lo], end: end, line: lineBase + lo + 1, added: added[lo:hi]})
		lo, hi = -1, -1
	}
	for i := 0; i < n; i++ {
		if !added[i] {
			continue
		}
		from, to := max(0, i-contextLines), min(n, i+contextLines+1)
		if lo >= 0 && from > hi {
			flush()
		}
		if lo < 0 {
			lo = from
		}
		hi = to
	}
	flush()
	return spans
}

// scanSpans scans a change's spans and keeps findings that start on an
// added line.
func (h *historyScan) scanSpans(change int, data []byte, spans []lineSpan) {
	c := h.changes[change]
	var out []detector.Finding
	var n int64
	for _, sp := range spans {
		n += int64(sp.end - sp.start)
		for _, f := range h.scanner.Scan(detector.Fragment{Path: c.path, Line: sp.line, Data: data[sp.start:sp.end]}) {
			if i := f.Line - sp.line; sp.added == nil || i >= 0 && i < len(sp.added) && sp.added[i] {
				out = append(out, f)
			}
		}
	}
	h.scanned.Add(n)
	h.record(change, out, -1, nil)
}

// record stores a change's findings; change -1 only counts a blob read.
func (h *historyScan) record(change int, fs []detector.Finding, read int64, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		h.errs = append(h.errs, err)
		return
	}
	if read >= 0 {
		h.st.files++
		h.st.bytes += read
	}
	if change >= 0 && len(fs) > 0 {
		h.found[change] = append(h.found[change], fs...)
	}
}

func (h *historyScan) fail(err error) {
	h.mu.Lock()
	h.errs = append(h.errs, err)
	h.mu.Unlock()
}

// attribute keeps each secret (fingerprint) once, at the change of the
// earliest commit that added it; between commits of the same second, the
// one git lists first (parents before children).
func (h *historyScan) attribute() []detector.Finding {
	type placed struct {
		f           detector.Finding
		time        int64
		order, line int
	}
	first := map[string]placed{}
	for i, fs := range h.found {
		c := h.changes[i]
		cm := h.commits[c.commit]
		for _, f := range fs {
			p, seen := first[f.Fingerprint]
			if seen && (p.time < cm.time || p.time == cm.time && p.order <= i) {
				continue
			}
			f.Commit, f.Author, f.Date = cm.id, cm.author, cm.date
			first[f.Fingerprint] = placed{f, cm.time, i, f.Line}
		}
	}
	out := make([]placed, 0, len(first))
	for _, p := range first {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.order != b.order {
			return a.order < b.order
		}
		if a.f.Line != b.f.Line {
			return a.f.Line < b.f.Line
		}
		return a.f.Column < b.f.Column
	})
	fs := make([]detector.Finding, len(out))
	for i, p := range out {
		fs[i] = p.f
	}
	return fs
}

// runHistory scans history: every commit's added lines, all branches and
// tags by default, or the revision ranges given.
func (c *scanCmd) runHistory(ctx context.Context) int {
	start := time.Now()
	revs := []string{"--all"}
	if len(c.args) > 0 {
		revs = []string{"--end-of-options"}
		for _, a := range c.args {
			if strings.HasPrefix(a, "-") {
				// git would take it for an option (--output=FILE…).
				fmt.Fprintf(c.env.Stderr, "keyguard: %q is not a revision range\n", a)
				return ExitError
			}
			revs = append(revs, a)
		}
	}
	s, err := c.scanner()
	if err != nil {
		return c.finish(nil, stats{}, []error{err}, start)
	}
	findings, st, errs := scanHistory(ctx, "", s, revs, c.flags.jobs)
	return c.finish(findings, st, errs, start)
}
