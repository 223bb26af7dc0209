// Package ac is an ASCII case-insensitive Aho-Corasick automaton compiled to
// a flat, premultiplied DFA table.
//
// It exists because the keyword pass is the scanner's hot loop: every byte
// of every file goes through it. The general-purpose Go libraries measured
// here (petar-dambovaliev/aho-corasick, the fastest) make an interface call
// per byte and run at about 210 MB/s per core with keyguard's keywords; this
// table walk is one load and one compare per byte.
package ac

import (
	"fmt"
	"sort"
)

// Matcher finds every occurrence, overlapping ones included, of a fixed set
// of keywords. It is immutable and safe for concurrent use.
type Matcher struct {
	class  [256]uint8 // byte -> equivalence class, case folded
	stride uint32     // number of classes; state ids are premultiplied by it
	trans  []uint32   // trans[state+class] = next state (premultiplied)
	// States that end at least one keyword are numbered last, so a single
	// compare against firstOut tells the loop that there is output.
	firstOut uint32
	out      map[uint32][]int32 // premultiplied state -> keyword indexes ending there
	lens     []int
}

// New compiles keywords. Keywords are matched ASCII case-insensitively;
// an empty keyword is an error because it would match everywhere.
//
// Every hook run pays for this, so the construction works on flat slices
// (maps per trie node made it cost several milliseconds).
func New(keywords []string) (*Matcher, error) {
	fold := func(b byte) byte {
		if 'A' <= b && b <= 'Z' {
			return b + 'a' - 'A'
		}
		return b
	}
	m := &Matcher{lens: make([]int, len(keywords))}

	// Byte classes: one per distinct folded byte used by some keyword,
	// class 0 for everything else.
	var used [256]bool
	for i, k := range keywords {
		if k == "" {
			return nil, fmt.Errorf("ac: keyword %d is empty", i)
		}
		m.lens[i] = len(k)
		for j := 0; j < len(k); j++ {
			used[fold(k[j])] = true
		}
	}
	nclass := 1
	for b := 0; b < 256; b++ {
		if used[b] {
			if nclass > 255 {
				return nil, fmt.Errorf("ac: keywords use too many distinct bytes")
			}
			m.class[b] = uint8(nclass)
			nclass++
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.class[b] = m.class[b+'a'-'A']
	}

	// Trie: next[s*nclass+c] is the child of s on class c, 0 for none
	// (the root is never a child).
	total := 1
	for _, k := range keywords {
		total += len(k)
	}
	next := make([]int32, nclass, total*nclass) // at most one node per keyword byte
	outs := make([][]int32, 1, total)
	for i, k := range keywords {
		s := 0
		for j := 0; j < len(k); j++ {
			c := int(m.class[k[j]])
			n := int(next[s*nclass+c])
			if n == 0 {
				n = len(outs)
				outs = append(outs, nil)
				next = next[:len(next)+nclass]
				next[s*nclass+c] = int32(n)
			}
			s = n
		}
		outs[s] = append(outs[s], int32(i))
	}
	nodes := len(outs)

	// Failure links in breadth-first order turn the trie into the full
	// DFA in place: a missing child becomes the failure state's move.
	dfa := next
	fail := make([]int32, nodes)
	queue := make([]int32, 0, nodes)
	for c := 0; c < nclass; c++ {
		if n := dfa[c]; n != 0 {
			queue = append(queue, n)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := int(queue[qi])
		f := int(fail[s])
		if len(outs[f]) > 0 {
			outs[s] = append(outs[s], outs[f]...)
		}
		row, frow := dfa[s*nclass:(s+1)*nclass], dfa[f*nclass:(f+1)*nclass]
		for c := 0; c < nclass; c++ {
			if n := row[c]; n != 0 {
				fail[n] = frow[c]
				queue = append(queue, n)
			} else {
				row[c] = frow[c]
			}
		}
	}

	// Renumber: start state first, states without output next, states with
	// output last.
	newID := make([]uint32, nodes)
	pos := 0
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < nodes; i++ {
			if (len(outs[i]) > 0) == (pass == 1) {
				newID[i] = uint32(pos * nclass)
				pos++
			}
		}
	}
	m.stride = uint32(nclass)
	m.trans = make([]uint32, nodes*nclass)
	m.out = make(map[uint32][]int32)
	m.firstOut = uint32(nodes * nclass)
	for old := 0; old < nodes; old++ {
		base := newID[old]
		row := dfa[old*nclass : (old+1)*nclass]
		for c := 0; c < nclass; c++ {
			m.trans[int(base)+c] = newID[row[c]]
		}
		if len(outs[old]) > 0 {
			if base < m.firstOut {
				m.firstOut = base
			}
			o := append([]int32(nil), outs[old]...)
			sort.Slice(o, func(a, b int) bool { return o[a] < o[b] })
			m.out[base] = o
		}
	}
	return m, nil
}

// Len reports the length of keyword i.
func (m *Matcher) Len(i int) int { return m.lens[i] }

// Scan calls hit for every keyword occurrence in data, in order of end
// position, with the keyword's index and the offset just past its end.
func (m *Matcher) Scan(data []byte, hit func(keyword, end int)) {
	trans, class, first := m.trans, &m.class, m.firstOut
	s := uint32(0)
	for i := 0; i < len(data); i++ {
		s = trans[s+uint32(class[data[i]])]
		if s >= first {
			for _, k := range m.out[s] {
				hit(int(k), i+1)
			}
		}
	}
}
