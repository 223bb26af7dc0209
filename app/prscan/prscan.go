// Package prscan finds the secrets a pull request adds. A key added by one
// commit and removed by the next has still reached GitHub, so every commit
// of the pull request is scanned, not only its final diff; each secret is
// reported once, at its place in the final diff when it is still there
// (where a review comment can sit on it), or else at the commit that added
// it. Only added lines are scanned, from GitHub's patches; where GitHub
// omits a patch (large files), the caller fetches both versions and Diff
// computes the added lines.
package prscan

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/keyguard-dev/keyguard/app/review"
	"github.com/keyguard-dev/keyguard/detector"
)

// Commit is one commit of the pull request and the files it changed, as
// GET /repos/{owner}/{repo}/commits/{ref} returns them.
type Commit struct {
	SHA   string
	Files []*github.CommitFile
}

// Input is what a pull-request scan reads.
type Input struct {
	// Commits in the order they were made.
	Commits []Commit
	// Final are the pull request's files (GET …/pulls/{n}/files): the
	// diff a review comment can sit on.
	Final []*github.CommitFile
	// Blobs fetches a file version when GitHub left its patch out:
	// content at ref (a commit SHA) of path, and whether it exists.
	Blobs func(ref, path string) ([]byte, bool, error)
	// Parents maps a commit to its first parent, for Blobs.
	Parents map[string]string
	// BaseSHA is the pull request's base, the parent of the final diff.
	BaseSHA, HeadSHA string
	// Ignore is the repository's .keyguardignore (fingerprint → reason).
	Ignore map[string]string
}

// Scan scans the pull request with s.
func Scan(s *detector.Scanner, in Input) (review.Scan, error) {
	out := review.Scan{Commits: len(in.Commits)}
	files := map[string]bool{}
	found := map[string]review.Leak{}
	var fps []string // first-seen order, for a stable report
	add := func(fd *detector.FileDiff, whole []byte, inDiff bool) {
		// The text of a finding's line, looked up only for findings: a
		// map of every added line would copy a 50 MB file once more.
		lineText := func(n int) string {
			if whole != nil {
				return string(nthLine(whole, n))
			}
			for _, h := range fd.Hunks {
				for _, a := range h.Added {
					if a.Line == n {
						return string(a.Text)
					}
				}
			}
			return ""
		}
		frags := fd.Fragments()
		if whole != nil {
			// A new file is all added: scan its bytes as they are,
			// without a line table and a joined copy of them.
			frags = []detector.Fragment{{Path: fd.Path(), Commit: fd.Commit, Line: 1, Data: whole}}
		}
		for _, fr := range frags {
			for _, f := range s.Scan(fr) {
				prev, seen := found[f.Fingerprint]
				// The final diff's place wins: a comment can sit there.
				if seen && (prev.InDiff || !inDiff) {
					continue
				}
				l := review.Leak{Finding: f, LineText: lineText(f.Line), InDiff: inDiff}
				if seen {
					l.Commit = prev.Commit // still the commit that added it first
				} else {
					fps = append(fps, f.Fingerprint)
				}
				found[f.Fingerprint] = l
			}
		}
	}
	for _, c := range in.Commits {
		for _, cf := range c.Files {
			files[cf.GetFilename()] = true
			fd, whole, err := fileDiff(cf, c.SHA, in.Parents[c.SHA], in.Blobs)
			if err != nil {
				out.Partial = append(out.Partial, fmt.Sprintf("%s in %s: %v", cf.GetFilename(), short(c.SHA), err))
				continue
			}
			if fd != nil {
				add(fd, whole, false)
			}
		}
	}
	for _, cf := range in.Final {
		files[cf.GetFilename()] = true
		fd, whole, err := fileDiff(cf, in.HeadSHA, in.BaseSHA, in.Blobs)
		if err != nil {
			out.Partial = append(out.Partial, fmt.Sprintf("%s: %v", cf.GetFilename(), err))
			continue
		}
		if fd != nil {
			fd.Commit = ""
			add(fd, whole, true)
		}
	}
	out.Files = len(files)
	for _, fp := range fps {
		l := found[fp]
		if l.Commit == "" {
			l.Commit = in.HeadSHA // seen only in the final diff
		}
		if reason, ok := in.Ignore[l.Fingerprint]; ok {
			if reason == "" {
				reason = "in .keyguardignore"
			}
			l.Ignored = reason
		}
		out.Leaks = append(out.Leaks, l)
	}
	return out, nil
}

// fileDiff returns the lines a commit file adds: from GitHub's patch, or,
// when GitHub left it out (large files), from both versions of the file.
// Removed files, binary files and submodules add nothing to scan.
//
// whole is set instead of hunks for a file that is new in full (no
// previous version, text, no CR): every byte of it is added.
func fileDiff(cf *github.CommitFile, ref, parent string, blobs func(ref, path string) ([]byte, bool, error)) (fd *detector.FileDiff, whole []byte, err error) {
	if cf.GetStatus() == "removed" {
		return nil, nil, nil
	}
	path := cf.GetFilename()
	if patch := cf.GetPatch(); patch != "" {
		fd, err := detector.ParsePatch([]byte(patch))
		if err != nil {
			return nil, nil, fmt.Errorf("malformed patch: %w", err)
		}
		fd.NewPath, fd.Commit = path, ref
		return &fd, nil, nil
	}
	if cf.GetChanges() == 0 && cf.GetStatus() != "added" {
		return nil, nil, nil // a rename or mode change without edits
	}
	if blobs == nil {
		return nil, nil, fmt.Errorf("GitHub sent no patch and no fetcher was given")
	}
	newData, ok, err := blobs(ref, path)
	if err != nil || !ok {
		return nil, nil, fmt.Errorf("cannot fetch the file: %v", err)
	}
	var oldData []byte
	if cf.GetStatus() != "added" && parent != "" {
		oldPath := path
		if prev := cf.GetPreviousFilename(); prev != "" {
			oldPath = prev
		}
		if oldData, _, err = blobs(parent, oldPath); err != nil {
			return nil, nil, fmt.Errorf("cannot fetch the previous version: %w", err)
		}
	}
	if len(oldData) == 0 && !isBinary(newData) && bytes.IndexByte(newData, '\r') < 0 {
		return &detector.FileDiff{NewPath: path, Commit: ref, New: true}, newData, nil
	}
	d := Diff(oldData, newData)
	d.NewPath, d.Commit = path, ref
	return &d, nil, nil
}

// Diff computes the lines new adds to old with a line-mode diff
// (go-diff's Myers implementation over line hashes), numbered as in new.
// Binary content (a NUL byte, as git judges) adds nothing.
func Diff(old, new []byte) detector.FileDiff {
	var fd detector.FileDiff
	if isBinary(old) || isBinary(new) {
		fd.Binary = true
		return fd
	}
	if len(old) == 0 {
		// A new file: every line is added, no diff needed (and a diff of
		// a 50 MB file would hold several copies of it).
		fd.Hunks = []detector.Hunk{{NewStart: 1}}
		h := &fd.Hunks[0]
		for line, rest := 1, new; len(rest) > 0; line++ {
			l := rest
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				l, rest = rest[:i], rest[i+1:]
			} else {
				rest = nil
			}
			h.Added = append(h.Added, detector.AddedLine{Line: line, Text: bytes.TrimSuffix(l, []byte{'\r'})})
			h.NewLines++
		}
		return fd
	}
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(string(old), string(new))
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	line := 1
	var h *detector.Hunk
	for _, d := range diffs {
		text := d.Text
		n := strings.Count(text, "\n")
		if !strings.HasSuffix(text, "\n") && text != "" {
			n++ // the file's last line, without a newline
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			line += n
			h = nil
		case diffmatchpatch.DiffInsert:
			if h == nil {
				fd.Hunks = append(fd.Hunks, detector.Hunk{NewStart: line})
				h = &fd.Hunks[len(fd.Hunks)-1]
			}
			for _, l := range strings.SplitAfter(text, "\n") {
				if l == "" {
					continue
				}
				l = strings.TrimSuffix(strings.TrimSuffix(l, "\n"), "\r")
				h.Added = append(h.Added, detector.AddedLine{Line: line, Text: []byte(l)})
				h.NewLines++
				line++
			}
		}
	}
	return fd
}

func isBinary(b []byte) bool {
	n := min(len(b), 8000)
	return strings.IndexByte(string(b[:n]), 0) >= 0
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// nthLine returns line n (from 1) of data, without its newline.
func nthLine(data []byte, n int) []byte {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return nil
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return data
}
