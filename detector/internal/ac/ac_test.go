package ac

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

type hit struct{ kw, end int }

// naive is the obviously correct reference the automaton is checked against.
func naive(keywords []string, data []byte) []hit {
	low := asciiLower(data)
	var hits []hit
	for k, kw := range keywords {
		kw := asciiLower([]byte(kw))
		for i := 0; i+len(kw) <= len(low); i++ {
			if bytes.Equal(low[i:i+len(kw)], kw) {
				hits = append(hits, hit{k, i + len(kw)})
			}
		}
	}
	sortHits(hits)
	return hits
}

func asciiLower(b []byte) []byte {
	out := bytes.Clone(b)
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return out
}

func sortHits(h []hit) {
	sort.Slice(h, func(a, b int) bool {
		if h[a].end != h[b].end {
			return h[a].end < h[b].end
		}
		return h[a].kw < h[b].kw
	})
}

func collect(m *Matcher, data []byte) []hit {
	var got []hit
	m.Scan(data, func(k, end int) { got = append(got, hit{k, end}) })
	sortHits(got)
	return got
}

func equal(a, b []hit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestScan(t *testing.T) {
	tests := []struct {
		name     string
		keywords []string
		data     string
	}{
		{"overlapping suffixes", []string{"he", "she", "his", "hers"}, "ushers ahishers"},
		{"case folding", []string{"AKIA", "ghp_"}, "akia AKIA Akia GHP_ ghp_"},
		{"keyword inside keyword", []string{"secret", "client_secret", "cret"}, "CLIENT_SECRET=1 secret"},
		{"repeated bytes", []string{"aa", "aaa"}, "aaaaaa"},
		{"punctuation", []string{"://", "-----begin", "sk-"}, "https://x -----BEGIN sk-sk-"},
		{"no hits", []string{"xyz"}, "abc"},
		{"empty data", []string{"x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(tt.keywords)
			if err != nil {
				t.Fatal(err)
			}
			want := naive(tt.keywords, []byte(tt.data))
			if got := collect(m, []byte(tt.data)); !equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestEmptyKeyword(t *testing.T) {
	if _, err := New([]string{"a", ""}); err == nil {
		t.Fatal("New accepted an empty keyword")
	}
}

func TestRandomAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := "abAB_-:"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	for round := 0; round < 300; round++ {
		kws := make([]string, 1+r.IntN(8))
		for i := range kws {
			kws[i] = word(1 + r.IntN(4))
		}
		data := []byte(word(r.IntN(200)))
		m, err := New(kws)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := collect(m, data), naive(kws, data); !equal(got, want) {
			t.Fatalf("keywords %q data %q: got %v want %v", kws, data, got, want)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add("he,she,his", []byte("ushers"))
	f.Add("akia,://", []byte("AKIA https://"))
	f.Fuzz(func(t *testing.T, kwList string, data []byte) {
		var kws []string
		for _, k := range strings.Split(kwList, ",") {
			if k != "" && len(k) < 16 {
				kws = append(kws, k)
			}
		}
		if len(kws) == 0 || len(data) > 4096 {
			return
		}
		m, err := New(kws)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := collect(m, data), naive(kws, data); !equal(got, want) {
			t.Fatalf("got %v want %v", got, want)
		}
	})
}

// BenchmarkScanGoSource runs the automaton over the Go toolchain's sources
// installed on the machine, with a keyword set shaped like keyguard's.
func BenchmarkScanGoSource(b *testing.B) {
	data := goSource(b, 64<<20)
	kws := strings.Fields(`akia asia ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glpat- sk-ant- sk-proj- sk_live_
		rk_live_ whsec_ xoxb- xoxp- xapp- hooks.slack.com aiza key- shpat_ npm_ pypi- hf_ gsk_ r8_ pplx-
		xai- dop_v1_ hrku- -----begin eyj password passwd pwd secret token api_key apikey auth bearer
		basic :// private_key client_secret access_key sq0atp- sq0csp- rzp_live_ lin_api_ ntn_ figd_
		glsa_ glc_ sntrys_ ops_ pul- atlasv1 hvs. dp.st. dckr_pat_ ya29. gocspx- xoxe pk_live_ sk_test_`)
	m, err := New(kws)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		m.Scan(data, func(int, int) { n++ })
	}
}

func goSource(b *testing.B, max int) []byte {
	var data []byte
	root := runtime.GOROOT() + "/src"
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && len(data) < max {
			if f, err := os.ReadFile(p); err == nil {
				data = append(data, f...)
			}
		}
		return nil
	})
	if len(data) == 0 {
		b.Skip("no Go sources at", root)
	}
	return data
}
