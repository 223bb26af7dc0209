// Package corpus generates keyguard's labelled accuracy corpus at run time.
//
// Generate(seed, size) returns size files that look like the files of a real
// repository (Python, JavaScript/TypeScript, Go, Java, Kotlin, C#, Ruby, PHP,
// YAML, JSON, TOML, .env, .properties, XML, shell, HCL, Dockerfile, Markdown,
// INI, go.sum and minified bundles). Each file mixes three kinds of text:
//
//   - provider positives: a value of every provider rule, obtained by
//     expanding the rule's own Match samples with package synth and keeping
//     the value the default scanner reports for that rule, then re-embedded
//     in new contexts (at least three file types per rule);
//   - generic positives: passwords chosen by people, random keys, URLs and
//     connection strings with credentials, Basic and Bearer headers, each
//     written the way the language or format writes it;
//   - hard negatives: placeholders, environment and secret-manager lookups,
//     hashes, identifiers, public keys, UI strings and the like, which a
//     scanner must not report;
//
// and, for most lines, ordinary code and configuration.
//
// Nothing secret-looking is stored in this package: every value is drawn
// from a seeded generator when Generate runs, so the same seed yields the
// same corpus and the repository still scans clean.
package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// Label classes.
const (
	// ClassProvider marks a credential in a provider's own format.
	ClassProvider = "provider"
	// ClassGeneric marks a credential recognised by its context only: a
	// password, a random key under a secret-like name, a URL's userinfo,
	// an Authorization header.
	ClassGeneric = "generic"
)

// Label is one secret planted in a file: the scanner should report a
// finding whose span overlaps [Start, End).
type Label struct {
	Line       int // 1-based line of Start
	Start, End int // byte offsets in File.Content
	// RuleID is the rule expected to report the secret: a provider rule's
	// ID, or one of the generic rules (generic-password, generic-secret,
	// generic-url-credentials, http-basic-auth, http-bearer-token, …).
	RuleID string
	Class  string // ClassProvider or ClassGeneric
}

// Negative is a planted hard negative: text designed to look like a secret
// to a careless scanner. Every finding that overlaps no Label is a false
// positive; Negatives only say which kind of trap it fell into.
type Negative struct {
	Line       int
	Start, End int
	Kind       string // e.g. "placeholder", "env-lookup", "hash", "uuid-id"
}

// File is one generated file.
type File struct {
	Path      string
	Type      string // file type, e.g. "python", "yaml/k8s", "env"
	Content   []byte
	Labels    []Label
	Negatives []Negative

	raw []string // per label: the value as generated, before escaping (tests)
}

// Generate returns size files (at least one of every type) generated from
// seed. The same seed and size always yield the same files.
func Generate(seed uint64, size int) []File {
	files, _ := generate(seed, size)
	return files
}

// Skipped lists the provider rules for which no Match sample yields a
// finding of the rule itself, so that the corpus of this seed holds no
// positive for them.
func Skipped(seed uint64) []string {
	_, skipped := newGen(seed, 1).providerPlacements()
	return skipped
}

// FileTypes lists every file type Generate produces.
func FileTypes() []string {
	out := make([]string, len(fileTypes))
	for i, t := range fileTypes {
		out[i] = t.name
	}
	return out
}

// ProviderRules lists the rules the corpus plants provider positives for:
// every rule of kind secret, test or publishable that is not a fallback.
// Rules whose values are passwords in URLs (postgresql-url-password,
// jdbc-url-password, …) are planted as generic positives.
func ProviderRules() []detector.Rule {
	var out []detector.Rule
	for _, r := range detector.Rules() {
		if r.Fallback {
			continue
		}
		switch r.Kind {
		case detector.KindSecret, detector.KindTest, detector.KindPublishable:
			out = append(out, r)
		}
	}
	return out
}

// ClassOf is the class of findings of a rule that overlap no label: rules
// that guess from context (fallbacks, passwords in URLs) are generic.
func ClassOf(ruleID string) string {
	if urlPasswordRules[ruleID] {
		return ClassGeneric
	}
	if fb, ok := fallbackRules()[ruleID]; ok && !fb {
		return ClassProvider
	}
	return ClassGeneric
}

var fallbackRules = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, r := range detector.Rules() {
		m[r.ID] = r.Fallback
	}
	return m
})

// urlPasswordRules are provider-less rules: the value is a password a
// person chose, found by the URL's scheme.
var urlPasswordRules = map[string]bool{
	"postgresql-url-password": true, "mysql-url-password": true, "mongodb-url-password": true,
	"redis-url-password": true, "rabbitmq-url-password": true, "jdbc-url-password": true,
}

// stats is what the tests check about a generation.
type stats struct {
	skipped   []string
	negatives int
}

// ---------------------------------------------------------------------------
// Text with labelled parts.

// piece is a run of text, possibly a planted secret or hard negative.
type piece struct {
	text  string
	raw   string // a planted secret as generated, before any escaping
	rule  string // non-empty: a positive expected from this rule
	class string
	neg   string // non-empty: a hard negative of this kind
}

// frag is text made of pieces.
type frag []piece

// cat concatenates strings and frags.
func cat(parts ...any) frag {
	var out frag
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			if v != "" {
				out = append(out, piece{text: v})
			}
		case frag:
			out = append(out, v...)
		case piece:
			out = append(out, v)
		default:
			panic(fmt.Sprintf("corpus: cat: unexpected %T", p))
		}
	}
	return out
}

// pos is a planted secret.
func pos(v, rule, class string) frag { return frag{{text: v, raw: v, rule: rule, class: class}} }

// posEsc is a planted secret written escaped for its context.
func posEsc(v string, esc func(string) string, rule, class string) frag {
	return frag{{text: esc(v), raw: v, rule: rule, class: class}}
}

// neg is a planted hard negative.
func neg(v, kind string) frag { return frag{{text: v, neg: kind}} }

// lines joins frags with newlines.
func lines(fs ...frag) frag {
	var out frag
	for i, f := range fs {
		if i > 0 {
			out = append(out, piece{text: "\n"})
		}
		out = append(out, f...)
	}
	return out
}

// join joins frags with sep.
func join(fs []frag, sep string) frag {
	var out frag
	for i, f := range fs {
		if i > 0 {
			out = append(out, piece{text: sep})
		}
		out = append(out, f...)
	}
	return out
}

// mapText rewrites the text of every piece, keeping labels: escaping a
// value keeps its label on the escaped text.
func (f frag) mapText(fn func(string) string) frag {
	out := make(frag, len(f))
	for i, p := range f {
		p.text = fn(p.text)
		out[i] = p
	}
	return out
}

// mapValue rewrites text and generated values alike: a change of the
// value itself, not of how it is written.
func (f frag) mapValue(fn func(string) string) frag {
	out := make(frag, len(f))
	for i, p := range f {
		p.text = fn(p.text)
		p.raw = fn(p.raw)
		out[i] = p
	}
	return out
}

// String is the frag's text.
func (f frag) String() string {
	var sb strings.Builder
	for _, p := range f {
		sb.WriteString(p.text)
	}
	return sb.String()
}

func (f frag) hasLabel() bool {
	for _, p := range f {
		if p.rule != "" {
			return true
		}
	}
	return false
}

// indent prefixes every line after the first with ind (the first line is
// placed by the caller).
func (f frag) indentRest(ind string) frag {
	return f.mapText(func(s string) string { return strings.ReplaceAll(s, "\n", "\n"+ind) })
}

// indentAll prefixes every line with ind.
func (f frag) indentAll(ind string) frag { return cat(ind, f.indentRest(ind)) }

// build renders a frag into a File.
func build(path, typ string, f frag) File {
	var buf bytes.Buffer
	file := File{Path: path, Type: typ}
	line := 1
	for _, p := range f {
		start := buf.Len()
		buf.WriteString(p.text)
		end := buf.Len()
		if p.rule != "" && end > start {
			file.Labels = append(file.Labels, Label{Line: line, Start: start, End: end, RuleID: p.rule, Class: p.class})
			file.raw = append(file.raw, p.raw)
		}
		if p.neg != "" && end > start {
			file.Negatives = append(file.Negatives, Negative{Line: line, Start: start, End: end, Kind: p.neg})
		}
		line += strings.Count(p.text, "\n")
	}
	file.Content = buf.Bytes()
	if len(file.Content) > 0 && file.Content[len(file.Content)-1] != '\n' {
		file.Content = append(file.Content, '\n')
	}
	return file
}

// ---------------------------------------------------------------------------
// Generation.

// gen carries the random sources of one generation.
type gen struct {
	r        *rand.Rand
	g        *synth.Gen
	scanner  *detector.Scanner
	examples []example // documented example keys from the rule table
	n        int       // file counter, for unique paths
}

func (c *gen) intn(n int) int { return c.r.IntN(n) }

// between returns a number in [lo, hi].
func (c *gen) between(lo, hi int) int { return lo + c.r.IntN(hi-lo+1) }

func (c *gen) chance(p float64) bool { return c.r.Float64() < p }

func pick[T any](c *gen, xs ...T) T { return xs[c.r.IntN(len(xs))] }

func shuffle[T any](c *gen, xs []T) {
	c.r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

// example is a documented example key and the rule it belongs to.
type example struct {
	rule  detector.Rule
	value string
}

// fileType is one kind of generated file.
type fileType struct {
	name   string
	weight int
	// write returns the file's path and text. provs are the provider
	// placements assigned to this file; the writer must embed them all.
	write func(c *gen, provs []provEntry) (string, frag)
	// multiline reports whether the type can hold multi-line values
	// (PEM blocks) naturally.
	multiline bool
	// carriesSecrets: provider values may be placed in this type (not in
	// lock files and bundles).
	carriesSecrets bool
}

func generate(seed uint64, size int) ([]File, stats) {
	if size < len(fileTypes) {
		size = len(fileTypes)
	}
	c := newGen(seed, 0)
	// Provider values are sampled with a generator of their own: the
	// detector decides which samples yield a value, and a change to a rule
	// must not reshuffle the rest of the corpus.
	pc := newGen(seed, 1)

	// File types: every type once, then by weight.
	types := make([]int, 0, size)
	for i := range fileTypes {
		types = append(types, i)
	}
	total := 0
	for _, t := range fileTypes {
		total += t.weight
	}
	for len(types) < size {
		x := c.intn(total)
		for i, t := range fileTypes {
			if x < t.weight {
				types = append(types, i)
				break
			}
			x -= t.weight
		}
	}
	shuffle(c, types)
	byType := map[int][]int{}
	for fi, ti := range types {
		byType[ti] = append(byType[ti], fi)
	}

	// Provider placements: three file types per rule.
	provs, skipped := pc.providerPlacements()
	assigned := make([][]provEntry, size)
	for _, p := range provs {
		cands := byType[p.fileType]
		fi := cands[c.intn(len(cands))]
		assigned[fi] = append(assigned[fi], p.entry)
	}

	files := make([]File, size)
	st := stats{skipped: skipped}
	for fi, ti := range types {
		t := fileTypes[ti]
		c.n = fi
		path, f := t.write(c, assigned[fi])
		files[fi] = build(path, t.name, f)
		st.negatives += len(files[fi].Negatives)
	}
	return files, st
}

func newGen(seed, stream uint64) *gen {
	s, err := detector.Default()
	if err != nil {
		panic(err)
	}
	c := &gen{
		r:       rand.New(rand.NewPCG(seed, 0x636f72707573+stream)),
		g:       synth.New(seed ^ 0x9e3779b97f4a7c15 ^ stream<<32),
		scanner: s,
	}
	for _, r := range detector.Rules() {
		for _, x := range r.Examples {
			c.examples = append(c.examples, example{rule: r, value: x})
		}
	}
	return c
}

// typeIndex returns the index of the named file type.
func typeIndex(name string) int {
	for i, t := range fileTypes {
		if t.name == name {
			return i
		}
	}
	panic("corpus: unknown file type " + name)
}

// dir is a per-file project directory, so that paths are unique.
func (c *gen) dir() string {
	return fmt.Sprintf("%s-%04d", pick(c, "svc", "app", "api", "web", "tools", "infra", "platform", "worker", "billing", "auth", "shop", "data"), c.n)
}
