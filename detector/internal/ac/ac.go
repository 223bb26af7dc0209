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
func New(keywords []string) (*Matcher, error) {
	type node struct {
		next map[byte]int
		fail int
		out  []int32
	}
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

	// Trie.
	nodes := []node{{next: map[byte]int{}}}
	for i, k := range keywords {
		s := 0
		for j := 0; j < len(k); j++ {
			c := m.class[k[j]]
			n, ok := nodes[s].next[c]
			if !ok {
				n = len(nodes)
				nodes = append(nodes, node{next: map[byte]int{}})
				nodes[s].next[c] = n
			}
			s = n
		}
		nodes[s].out = append(nodes[s].out, int32(i))
	}

	// Failure links in breadth-first order, and the full DFA transitions.
	dfa := make([][]int, len(nodes))
	for i := range dfa {
		dfa[i] = make([]int, nclass)
	}
	var queue []int
	for c := 0; c < nclass; c++ {
		if n, ok := nodes[0].next[byte(c)]; ok {
			dfa[0][c] = n
			nodes[n].fail = 0
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		f := nodes[s].fail
		nodes[s].out = append(nodes[s].out, nodes[f].out...)
		for c := 0; c < nclass; c++ {
			if n, ok := nodes[s].next[byte(c)]; ok {
				dfa[s][c] = n
				nodes[n].fail = dfa[f][c]
				queue = append(queue, n)
			} else {
				dfa[s][c] = dfa[f][c]
			}
		}
	}

	// Renumber: start state first, states without output next, states with
	// output last.
	order := make([]int, 0, len(nodes))
	for i := range nodes {
		order = append(order, i)
	}
	sort.SliceStable(order, func(a, b int) bool {
		oa, ob := len(nodes[order[a]].out) > 0, len(nodes[order[b]].out) > 0
		return !oa && ob
	})
	newID := make([]uint32, len(nodes))
	for pos, old := range order {
		newID[old] = uint32(pos * nclass)
	}
	m.stride = uint32(nclass)
	m.trans = make([]uint32, len(nodes)*nclass)
	m.out = make(map[uint32][]int32)
	m.firstOut = uint32(len(nodes) * nclass)
	for pos, old := range order {
		base := pos * nclass
		for c := 0; c < nclass; c++ {
			m.trans[base+c] = newID[dfa[old][c]]
		}
		if len(nodes[old].out) > 0 {
			if uint32(base) < m.firstOut {
				m.firstOut = uint32(base)
			}
			o := append([]int32(nil), nodes[old].out...)
			sort.Slice(o, func(a, b int) bool { return o[a] < o[b] })
			m.out[uint32(base)] = o
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
