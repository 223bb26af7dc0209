package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/keyguard-dev/keyguard/detector"
)

// chunkSize bounds how much of a file is held in memory at once; chunkOverlap
// is re-read at the start of the next chunk so that a secret cut by a
// chunk's edge is still seen whole. The overlap exceeds every rule's
// window (the largest, for PEM blocks, is 12 KiB).
const (
	chunkSize    = 8 << 20
	chunkOverlap = 64 << 10
)

// binarySniff is how much of a file is checked for NUL bytes, as git does
// to decide that a file is binary.
const binarySniff = 8000

// skipExts are files that are binary by name; reading them would cost time
// and find nothing (their text, if any, is compressed).
var skipExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".ico": true, ".bmp": true,
	".tiff": true, ".psd": true, ".mp3": true, ".mp4": true, ".mov": true, ".avi": true, ".webm": true,
	".wav": true, ".flac": true, ".ogg": true, ".zip": true, ".gz": true, ".tgz": true, ".bz2": true,
	".xz": true, ".zst": true, ".7z": true, ".rar": true, ".jar": true, ".war": true, ".whl": true,
	".pdf": true, ".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true, ".so": true,
	".dylib": true, ".dll": true, ".exe": true, ".o": true, ".a": true, ".class": true, ".pyc": true,
	".wasm": true, ".bin": true, ".dat": true, ".db": true, ".sqlite": true, ".iso": true, ".dmg": true,
}

// skipDirs hold version-control metadata, not content.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// fileResult is what scanning one file produced.
type fileResult struct {
	findings []detector.Finding
	bytes    int64
	err      error
}

// walkOptions control which files a directory scan reads.
type walkOptions struct {
	respectGitignore bool
	workers          int
}

// stats summarise a scan for the human report.
type stats struct {
	files int
	bytes int64
}

// scanPaths scans files and directories in parallel and returns the
// findings sorted by path and position, and every error met on the way
// (a file that cannot be read does not stop the scan).
func scanPaths(ctx context.Context, scanner func() (*detector.Scanner, error), roots []string, opt walkOptions) ([]detector.Finding, stats, []error) {
	workers := opt.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	paths := make(chan string, 256)
	var (
		mu       sync.Mutex
		findings []detector.Finding
		errs     []error
		st       stats
	)
	addErr := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for p := range paths {
				// The scanner is built on the first file, so a scan with
				// nothing to read costs nothing but the walk.
				s, err := scanner()
				if err != nil {
					addErr(err)
					continue
				}
				var r fileResult
				buf, r = scanFile(s, p, buf)
				mu.Lock()
				findings = append(findings, r.findings...)
				if r.err != nil {
					errs = append(errs, r.err)
				} else {
					st.files++
					st.bytes += r.bytes
				}
				mu.Unlock()
			}
		}()
	}
	for _, root := range roots {
		if ctx.Err() != nil {
			break
		}
		walk(ctx, root, opt, paths, addErr)
	}
	close(paths)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	sort.Slice(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return findings, st, errs
}

// walk sends every regular file under root. Symbolic links are never
// followed: a link to a file inside the tree is scanned as that file, and
// a link out of the tree must not make the scan read the rest of the disk.
func walk(ctx context.Context, root string, opt walkOptions, out chan<- string, addErr func(error)) {
	info, err := os.Stat(root)
	if err != nil {
		addErr(fmt.Errorf("cannot scan %s: %w", root, unwrapPathError(err)))
		return
	}
	if !info.IsDir() {
		if info.Mode().IsRegular() {
			out <- root
		}
		return
	}
	var ign *ignorer
	if opt.respectGitignore {
		ign = newIgnorer(root)
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return filepath.SkipAll
		}
		if err != nil {
			addErr(fmt.Errorf("cannot read %s: %w", p, unwrapPathError(err)))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			if ign != nil {
				if p != root && ign.ignored(p, true) {
					return filepath.SkipDir
				}
				ign.enter(p)
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // symlinks, sockets, devices
		}
		if skipExts[strings.ToLower(filepath.Ext(d.Name()))] {
			return nil
		}
		if ign != nil && ign.ignored(p, false) {
			return nil
		}
		out <- p
		return nil
	})
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// scanFile reads one file in bounded chunks and scans each. buf is reused
// across files by the calling worker.
func scanFile(s *detector.Scanner, path string, buf []byte) ([]byte, fileResult) {
	var res fileResult
	f, err := os.Open(path)
	if err != nil {
		res.err = fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
		return buf, res
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		res.err = fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
		return buf, res
	}
	return scanStream(s, path, f, info.Size(), buf)
}

// scanStream scans size bytes from r, a file or blob called path, in
// bounded chunks that overlap so that a secret on a chunk's edge is found
// once. Binary content (a NUL in the first bytes, as git judges) is
// skipped. buf is reused across calls by the calling worker.
func scanStream(s *detector.Scanner, path string, r io.Reader, size int64, buf []byte) ([]byte, fileResult) {
	var res fileResult
	if size == 0 {
		return buf, res
	}
	want := int(min(size, chunkSize+chunkOverlap))
	if cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	line, col := 1, 1
	carry := 0 // bytes of overlap kept from the previous chunk
	buf = buf[:0]
	first := true
	var total int64
	for {
		n, err := io.ReadFull(r, buf[carry:want])
		data := buf[:carry+n]
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			res.err = fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
			return buf, res
		}
		total += int64(n)
		// The size was taken before reading; a file that grows meanwhile
		// is scanned as it was.
		last := err != nil || total >= size
		if first {
			if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 {
				return buf, res // binary
			}
			first = false
		}
		res.bytes += int64(n)
		fs := s.Scan(detector.Fragment{Path: path, Line: line, Column: col, Data: data})
		// Findings that start in the overlap are found again, whole, by
		// the next chunk.
		keep := len(data)
		if !last {
			keep = len(data) - chunkOverlap
		}
		for _, f := range fs {
			if f.Start < keep {
				res.findings = append(res.findings, f)
			}
		}
		if last {
			return buf, res
		}
		// Advance the position to the start of the overlap.
		kept := data[:keep]
		if nl := bytes.Count(kept, []byte{'\n'}); nl > 0 {
			line += nl
			col = utf8.RuneCount(kept[bytes.LastIndexByte(kept, '\n')+1:]) + 1
		} else {
			col += utf8.RuneCount(kept)
		}
		carry = copy(buf[:want], data[keep:])
	}
}
