package hook

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/keyguard-dev/keyguard/detector"
)

// A history scan reads each distinct file version (blob) once, not each
// commit's diff: `git log -p` spends most of its time computing diffs that
// are then thrown away, and a blob that many branches share is diffed on
// each of them. Instead keyguard asks git for the cheap tree-level changes
// (git log --raw: which blob each commit put at which path), streams the
// new blobs through one `git cat-file --batch`, scans them in parallel, and
// attributes each secret to a commit by comparing the findings of a blob
// with those of the blobs it replaced: a secret a commit's new blob holds
// and none of its parents' blobs held was added by that commit. Scanning
// whole blobs also gives the engine each line's full context, which a
// diff's added lines lack.

// histCommit is one commit of the scanned history.
type histCommit struct {
	id, author, date string
}

// histChange is one path a commit changed: the blob it put there and the
// blobs the path held in each parent (none for an added path).
type histChange struct {
	commit int // index into historyScan.commits
	path   string
	olds   []string
	blob   string
}

// blobKey names a scan result: a blob under one class of paths (see
// detector.PathClass), so a file version that moves around is scanned
// once.
type blobKey struct {
	blob  string
	class int
}

// historyScan is one run over a range of history.
type historyScan struct {
	dir     string
	scanner *detector.Scanner
	workers int

	// Filled by the log reader only.
	commits []histCommit
	changes []histChange
	// want receives each key the first time a change needs it.
	want   chan blobReq
	wanted map[blobKey]bool

	mu      sync.Mutex
	results map[blobKey][]detector.Finding // only keys that hold findings
	st      stats
	errs    []error
}

// blobReq asks for one blob to be scanned under path (its class's
// representative).
type blobReq struct {
	key  blobKey
	path string
}

var debugTiming = os.Getenv("KEYGUARD_DEBUG_TIMING") != ""

const zeroID = "0000000000000000000000000000000000000000"

// scanHistory scans the commits that `git log <revs>` lists and returns
// each secret once, at the first commit that added it. git log's output
// streams into git cat-file while it is still being written, so reading
// history, reading blobs and scanning them overlap.
func scanHistory(ctx context.Context, dir string, s *detector.Scanner, revs []string, workers int) ([]detector.Finding, stats, []error) {
	t0 := time.Now()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	h := &historyScan{
		dir: dir, scanner: s, workers: workers,
		want: make(chan blobReq, 1024), wanted: map[blobKey]bool{},
		results: map[blobKey][]detector.Finding{},
	}
	args := []string{
		"log", "--raw", "--no-abbrev", "-c", "--root", "--no-renames", "-z",
		"--no-color", "--no-ext-diff", "--no-textconv",
		"--format=%x01%H%x02%an <%ae>%x02%aI",
	}
	args = append(append(args, revs...), "--")
	var logErr error
	go func() {
		defer close(h.want)
		logErr = gitStream(ctx, dir, nil, h.readLog, args...)
	}()
	// Phase one: every blob the range put somewhere.
	h.scanBlobs(ctx, h.want)
	tP1 := time.Now()
	if logErr != nil {
		return nil, stats{}, []error{logErr}
	}
	// Phase two: where a new blob holds secrets, the blobs it replaced
	// decide which of them are new. Most were scanned in phase one; those
	// from before the range were not.
	more := make(chan blobReq, 64)
	n := 0
	go func() {
		defer close(more)
		for _, c := range h.changes {
			if len(h.results[c.key()]) == 0 {
				continue
			}
			for _, o := range c.olds {
				k := blobKey{o, detector.PathClass(c.path)}
				if o != zeroID && !h.wanted[k] {
					h.wanted[k] = true
					n++
					more <- blobReq{k, c.path}
				}
			}
		}
	}()
	h.scanBlobs(ctx, more)
	if debugTiming {
		fmt.Fprintf(os.Stderr, "keyguard: log+phase1 %v (%d commits, %d changes, %d blobs, %d bytes), phase2 %v (%d blobs)\n",
			tP1.Sub(t0), len(h.commits), len(h.changes), h.st.files, h.st.bytes, time.Since(tP1), n)
	}
	if err := ctx.Err(); err != nil {
		h.errs = append(h.errs, err)
	}
	return h.attribute(), h.st, h.errs
}

func (c histChange) key() blobKey { return blobKey{c.blob, detector.PathClass(c.path)} }

// readLog parses git log --raw -z output: a commit header (\x01 id \x02
// author \x02 date) then, per changed path, a ":modes… ids… status"
// record and the path. Merge commits use the combined form ("::"), one
// mode and id per parent, and list only paths that differ from every
// parent: content the merge itself introduced.
func (h *historyScan) readLog(r io.Reader) error {
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
			if err := h.addChange(meta, string(tok)); err != nil {
				return err
			}
			meta = nil
		case tok[0] == 1:
			f := strings.Split(string(tok[1:]), "\x02")
			if len(f) != 3 {
				return fmt.Errorf("git log: unexpected commit header %q", tok)
			}
			h.commits = append(h.commits, histCommit{id: f[0], author: f[1], date: f[2]})
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

// addChange records one raw record. Paths git quotes are not quoted with
// -z. Deletions, submodules (their "blob" is a commit of another
// repository) and symbolic links (their content is a path) hold no text
// to scan; neither do files that are binary by name.
func (h *historyScan) addChange(meta []byte, p string) error {
	if len(h.commits) == 0 {
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
	if skipExts[strings.ToLower(path.Ext(p))] || h.scanner.PathAllowed(p) {
		return nil
	}
	c := histChange{
		commit: len(h.commits) - 1,
		path:   p,
		olds:   append([]string(nil), ids[:colons]...),
		blob:   blob,
	}
	h.changes = append(h.changes, c)
	if k := c.key(); !h.wanted[k] {
		h.wanted[k] = true
		h.want <- blobReq{k, p}
	}
	return nil
}

// blobJob is one blob's content, to be scanned under each class it was
// asked for.
type blobJob struct {
	blob  string
	reqs  []blobReq
	data  []byte
	owned *[]byte // returned to bufPool after the scan
}

// bufPool recycles blob buffers: a history holds thousands of blobs and
// allocating each anew keeps the garbage collector busy.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// scanBlobs scans the blobs asked for on reqs, read through one `git
// cat-file --batch` that is fed while reqs is still being filled, on
// h.workers goroutines. A blob larger than a chunk is scanned as it
// streams, so memory stays bounded whatever the history holds.
func (h *historyScan) scanBlobs(ctx context.Context, reqs <-chan blobReq) {
	// pending maps a blob asked for to the requests waiting for it, in
	// the order git will answer them.
	var (
		pmu     sync.Mutex
		pending = map[string][]blobReq{}
	)
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 16<<10)
		for r := range reqs {
			pmu.Lock()
			waiting, asked := pending[r.key.blob]
			pending[r.key.blob] = append(waiting, r)
			pmu.Unlock()
			if asked {
				continue // one read serves every class
			}
			// Written in buffer-sized batches: flushing each id would
			// make git answer (and flush) one blob at a time.
			bw.WriteString(r.key.blob)
			bw.WriteByte('\n')
		}
		pw.CloseWithError(bw.Flush())
	}()
	jobs := make(chan blobJob, 2*h.workers)
	var wg sync.WaitGroup
	for i := 0; i < h.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for j := range jobs {
				for _, r := range j.reqs {
					var res fileResult
					buf, res = scanStream(h.scanner, r.path, bytes.NewReader(j.data), int64(len(j.data)), buf)
					h.record(r.key, res)
				}
				if j.owned != nil {
					*j.owned = j.data[:0]
					bufPool.Put(j.owned)
				}
			}
		}()
	}
	err := gitStream(ctx, h.dir, pr, func(r io.Reader) error {
		br := bufio.NewReaderSize(r, 1<<16)
		var big []byte
		for {
			hdr, err := br.ReadString('\n')
			if err == io.EOF && hdr == "" {
				return nil
			}
			if err != nil {
				return fmt.Errorf("git cat-file: %w", err)
			}
			f := strings.Fields(hdr)
			if len(f) == 0 {
				return fmt.Errorf("git cat-file: unexpected header %q", hdr)
			}
			pmu.Lock()
			rs := pending[f[0]]
			delete(pending, f[0])
			pmu.Unlock()
			if len(f) == 2 && f[1] == "missing" {
				p := "?"
				if len(rs) > 0 {
					p = rs[0].path
				}
				h.fail(fmt.Errorf("cannot read %s (blob %s): missing from the repository", p, f[0]))
				continue
			}
			if len(f) != 3 {
				return fmt.Errorf("git cat-file: unexpected header %q", hdr)
			}
			size, err := strconv.ParseInt(f[2], 10, 64)
			if err != nil || size < 0 {
				return fmt.Errorf("git cat-file: unexpected header %q", hdr)
			}
			if f[1] != "blob" || len(rs) == 0 {
				if _, err := br.Discard(int(size) + 1); err != nil {
					return fmt.Errorf("git cat-file: %w", err)
				}
				continue
			}
			if size > chunkSize {
				// Too big to hold: scan it here, as it streams, once,
				// under its first class; reading it again for another
				// class would cost more than the rare difference.
				lr := io.LimitReader(br, size)
				var res fileResult
				big, res = scanStream(h.scanner, rs[0].path, lr, size, big)
				if _, err := io.Copy(io.Discard, lr); err != nil {
					return fmt.Errorf("git cat-file: %w", err)
				}
				for _, r := range rs {
					h.record(r.key, res)
				}
				br.Discard(1)
				continue
			}
			bp := bufPool.Get().(*[]byte)
			data := *bp
			if int64(cap(data)) < size+1 {
				data = make([]byte, size+1)
			}
			data = data[:size+1]
			if _, err := io.ReadFull(br, data); err != nil {
				return fmt.Errorf("git cat-file: %w", err)
			}
			select {
			case jobs <- blobJob{blob: f[0], reqs: rs, data: data[:size], owned: bp}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}, "cat-file", "--batch")
	close(jobs)
	wg.Wait()
	if err != nil {
		h.fail(err)
	}
}

func (h *historyScan) record(k blobKey, r fileResult) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.err != nil {
		h.errs = append(h.errs, r.err)
		return
	}
	h.st.files++
	h.st.bytes += r.bytes
	if len(r.findings) > 0 {
		h.results[k] = r.findings
	}
}

func (h *historyScan) fail(err error) {
	h.mu.Lock()
	h.errs = append(h.errs, err)
	h.mu.Unlock()
}

// attribute keeps, for each secret (fingerprint), the oldest change whose
// blob holds it and whose parents' blobs at that path do not. git log
// lists newest first, so the walk goes backwards.
func (h *historyScan) attribute() []detector.Finding {
	type placed struct {
		f     detector.Finding
		order int
	}
	first := map[string]placed{}
	for i := len(h.changes) - 1; i >= 0; i-- {
		c := h.changes[i]
		fs := h.results[c.key()]
		if len(fs) == 0 {
			continue
		}
		class := detector.PathClass(c.path)
		var before map[string]bool
		for _, o := range c.olds {
			for _, f := range h.results[blobKey{o, class}] {
				if before == nil {
					before = map[string]bool{}
				}
				before[f.Fingerprint] = true
			}
		}
		for _, f := range fs {
			if before[f.Fingerprint] {
				continue
			}
			if _, seen := first[f.Fingerprint]; seen {
				continue
			}
			cm := h.commits[c.commit]
			f.Path, f.Commit, f.Author, f.Date = c.path, cm.id, cm.author, cm.date
			first[f.Fingerprint] = placed{f, len(h.changes) - i}
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
