package detector

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/keyguard-dev/keyguard/detector/internal/ac"
)

// Fragment is a piece of text and where it came from. Gates build
// fragments; the engine never reads files or runs git.
type Fragment struct {
	Path   string
	Commit string
	// Line is the line number of Data's first byte (1 when zero), Column
	// the column of Data's first byte in code points (1 when zero): a
	// gate that splits a huge file passes where each piece starts.
	Line   int
	Column int
	Data   []byte
}

// Config adjusts a Scanner. The zero value scans with every built-in rule.
type Config struct {
	// Rules replaces the built-in table when non-nil; use append(Rules(), …)
	// to add custom rules.
	Rules []Rule
	// Disabled lists rule IDs that never report.
	Disabled []string
	// AllowPaths are matched against Fragment.Path; matching fragments are
	// not scanned at all.
	AllowPaths []*regexp.Regexp
	// AllowValues are matched against each candidate secret; a match drops
	// the candidate.
	AllowValues []*regexp.Regexp
	// Providers adds provider records (or replaces built-in ones with the
	// same ID), for custom rules that name a provider of their own.
	Providers []Provider
}

// Scanner finds credentials in fragments. It is immutable after New and
// safe for concurrent use.
type Scanner struct {
	rules    []Rule
	keywords *ac.Matcher
	kwRules  [][]int32 // keyword index -> rules woken by it
	cfg      Config
	provider map[string]*Provider
	scratch  sync.Pool
	// examples holds every rule's documented example values: an example
	// key is public, whichever rule meets it (a generic rule often does).
	examples map[string]bool
}

// New compiles a scanner. Every rule is validated; an invalid rule is an
// error naming it, never silently skipped.
func New(cfg Config) (*Scanner, error) {
	src := cfg.Rules
	if src == nil {
		src = Rules()
	}
	disabled := map[string]bool{}
	for _, id := range cfg.Disabled {
		disabled[id] = true
	}
	s := &Scanner{cfg: cfg, provider: map[string]*Provider{}, examples: map[string]bool{}}
	for _, p := range append(Providers(), cfg.Providers...) {
		p := p
		s.provider[p.ID] = &p
	}
	seen := map[string]bool{}
	kwIndex := map[string]int{}
	var kws []string
	for _, r := range src {
		if err := r.compile(); err != nil {
			return nil, err
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("detector: rule %s: duplicate ID", r.ID)
		}
		seen[r.ID] = true
		if disabled[r.ID] {
			continue
		}
		for _, ex := range r.Examples {
			s.examples[ex] = true
		}
		ri := int32(len(s.rules))
		s.rules = append(s.rules, r)
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			i, ok := kwIndex[k]
			if !ok {
				i = len(kws)
				kwIndex[k] = i
				kws = append(kws, k)
				s.kwRules = append(s.kwRules, nil)
			}
			if l := s.kwRules[i]; len(l) == 0 || l[len(l)-1] != ri {
				s.kwRules[i] = append(l, ri)
			}
		}
	}
	if len(kws) > 0 {
		m, err := ac.New(kws)
		if err != nil {
			return nil, fmt.Errorf("detector: %w", err)
		}
		s.keywords = m
	}
	s.scratch.New = func() any { return &scratch{last: make([]span, len(s.rules))} }
	return s, nil
}

var defaultScanner = sync.OnceValues(func() (*Scanner, error) { return New(Config{}) })

// Default returns the scanner with every built-in rule, compiled once.
func Default() (*Scanner, error) { return defaultScanner() }

// Rule returns the rule with the given ID.
func (s *Scanner) Rule(id string) (Rule, bool) {
	for _, r := range s.rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// ActiveRules returns the rules the scanner runs.
func (s *Scanner) ActiveRules() []Rule { return append([]Rule(nil), s.rules...) }

// Provider returns the provider record a rule points at.
func (s *Scanner) Provider(id string) (Provider, bool) {
	p, ok := s.provider[id]
	if !ok {
		return Provider{}, false
	}
	return *p, true
}

// PathAllowed reports whether the caller's path allowlist excludes path.
func (s *Scanner) PathAllowed(path string) bool {
	for _, re := range s.cfg.AllowPaths {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// PathClass groups the paths the rules treat alike: the same Data under
// two paths of one class (and not excluded by PathAllowed) gives the same
// findings but for their Path. A history scan that meets one file version
// under many paths (moves, copies) scans it once per class.
func PathClass(path string) int {
	c := 0
	if skipGenericPath(path) {
		c |= 1
	}
	if isCode(path) {
		c |= 2
	}
	return c
}

type span struct{ lo, hi int }

type candidate struct {
	rule       int32
	start, end int
}

type scratch struct {
	last  []span // per rule: the last region its pattern ran over
	cands []candidate
	seen  map[candidate]bool // de-duplicates cands once there are many
}

// add records a candidate once: several keywords on one line wake the
// same rule, and regions overlap.
func (sc *scratch) add(c candidate) {
	if len(sc.cands) < 16 {
		for _, d := range sc.cands {
			if d == c {
				return
			}
		}
		sc.cands = append(sc.cands, c)
		return
	}
	if sc.seen == nil {
		sc.seen = make(map[candidate]bool)
	}
	if len(sc.seen) == 0 {
		for _, d := range sc.cands {
			sc.seen[d] = true
		}
	}
	if !sc.seen[c] {
		sc.seen[c] = true
		sc.cands = append(sc.cands, c)
	}
}

// lineReach bounds how far a line-window rule looks from its keyword, so a
// megabyte of minified code on one line costs no more than a short line.
const lineReach = 1024

// overlap is how far a region may reach back into one its rule already
// searched: enough for the longest token format, so a token cut by the
// previous region's edge is still seen whole.
const overlap = 512

// Scan returns the findings in f, sorted by position. The same secret
// found by a provider rule and a generic one is reported once, by the
// provider rule.
func (s *Scanner) Scan(f Fragment) []Finding {
	if s.keywords == nil || len(f.Data) == 0 || s.PathAllowed(f.Path) {
		return nil
	}
	data := f.Data
	sc := s.scratch.Get().(*scratch)
	defer s.scratch.Put(sc)
	for i := range sc.last {
		sc.last[i] = span{-1, -1}
	}
	sc.cands = sc.cands[:0]
	clear(sc.seen)

	ctx := &findCtx{data: data, path: f.Path}
	s.keywords.Scan(data, func(kw, end int) {
		start := end - s.keywords.Len(kw)
		for _, ri := range s.kwRules[kw] {
			r := &s.rules[ri]
			_, isRegex := r.find.(regexFinder)
			last := &sc.last[ri]
			// A pattern finds every match in its region, so a hit well
			// inside the stretch its rule last searched needs nothing:
			// any match through it was found then. This check comes
			// first because it is O(1), and crowded hits are common.
			if isRegex && start >= last.lo && end <= last.hi-overlap {
				continue
			}
			lo, hi := s.region(r, data, start, end)
			if isRegex {
				if lo >= last.lo && hi <= last.hi {
					continue
				}
				if lo < last.hi {
					// Hits crowd together (a long line, a run of one
					// character that a keyword matches at every byte):
					// resume where the last search stopped, never past
					// this hit, and search well ahead so that the work
					// stays linear.
					lo = max(lo, min(start, last.hi-overlap))
					hi = max(hi, s.ahead(r, data, last.hi))
				}
				*last = span{lo, hi}
			}
			r.find.find(ctx, lo, hi, start, end, func(cs, ce int) {
				if s.accept(r, data, cs, ce) {
					sc.add(candidate{ri, cs, ce})
				}
			})
		}
	})
	if len(sc.cands) == 0 {
		return nil
	}
	return s.findings(f, s.resolve(sc.cands))
}

// region is the part of data a rule's pattern sees for one keyword hit.
func (s *Scanner) region(r *Rule, data []byte, start, end int) (int, int) {
	if r.Window > 0 {
		return max(0, start-r.Window), min(len(data), end+r.Window)
	}
	lo := max(0, start-lineReach)
	if i := bytes.LastIndexByte(data[lo:start], '\n'); i >= 0 {
		lo += i + 1
	}
	hi := min(len(data), end+lineReach)
	if i := bytes.IndexByte(data[end:hi], '\n'); i >= 0 {
		hi = end + i
	}
	return lo, hi
}

// ahead is where a crowded rule's next search ends: four reaches past
// from, and for line-window rules no further than the line's end.
func (s *Scanner) ahead(r *Rule, data []byte, from int) int {
	if r.Window > 0 {
		return min(len(data), from+4*r.Window)
	}
	hi := min(len(data), from+4*lineReach)
	if i := bytes.IndexByte(data[from:hi], '\n'); i >= 0 {
		hi = from + i
	}
	return hi
}

// accept applies the rule's own checks and the shared filters to one
// candidate.
func (s *Scanner) accept(r *Rule, data []byte, start, end int) bool {
	secret := data[start:end]
	if r.MinEntropy > 0 && entropy(secret) < r.MinEntropy {
		return false
	}
	if r.Check != nil && !r.Check(secret) {
		return false
	}
	if s.examples[string(secret)] {
		return false
	}
	if looksFake(secret) {
		return false
	}
	for _, re := range s.cfg.AllowValues {
		if re.Match(secret) {
			return false
		}
	}
	return !allowedInline(data, start)
}

// resolve drops duplicates: where two candidates overlap, a provider rule
// beats a fallback, a pattern beats a name-based guess, then the longer
// match wins, then the rule listed first.
func (s *Scanner) resolve(cands []candidate) []candidate {
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].start != cands[j].start {
			return cands[i].start < cands[j].start
		}
		return cands[i].end > cands[j].end
	})
	better := func(a, b candidate) bool {
		ra, rb := &s.rules[a.rule], &s.rules[b.rule]
		if ga, gb := ra.generic(), rb.generic(); ga != gb {
			return gb
		}
		// Between fallbacks, a pattern for a specific shape (a mysql -p
		// argument, a .netrc line) beats a guess from a variable's name.
		pa, pb := ra.shaped(), rb.shaped()
		if pa != pb {
			return pa
		}
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return la > lb
		}
		return a.rule < b.rule
	}
	out := cands[:0:0]
	for _, c := range cands {
		if n := len(out); n > 0 && c.start < out[n-1].end {
			if better(c, out[n-1]) {
				out[n-1] = c
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

func (s *Scanner) findings(f Fragment, cands []candidate) []Finding {
	data := f.Data
	line := max(f.Line, 1)
	col0 := max(f.Column, 1)
	pos, lineStart := 0, 0
	out := make([]Finding, 0, len(cands))
	for _, c := range cands {
		n := bytes.Count(data[pos:c.start], []byte{'\n'})
		if n > 0 {
			lineStart = pos + bytes.LastIndexByte(data[pos:c.start], '\n') + 1
		}
		line += n
		pos = c.start
		col := utf8.RuneCount(data[lineStart:c.start]) + 1
		if lineStart == 0 {
			col += col0 - 1
		}
		r := &s.rules[c.rule]
		secret := string(data[c.start:c.end])
		out = append(out, Finding{
			RuleID:      r.ID,
			Provider:    r.Provider,
			Title:       r.Title,
			Kind:        r.Kind,
			Severity:    r.Severity,
			Path:        f.Path,
			Commit:      f.Commit,
			Line:        line,
			Column:      col,
			EndLine:     line + bytes.Count(data[c.start:c.end], []byte{'\n'}),
			Variable:    assignedName(data, c.start),
			Redacted:    Redact(secret, r.visiblePrefix(secret)),
			Fingerprint: Fingerprint(r.ID, secret),
			Start:       c.start,
			End:         c.end,
			secret:      &secret,
		})
	}
	return out
}

// generic reports whether the rule gives way to provider rules.
func (r *Rule) generic() bool { return r.Fallback }

// shaped reports whether the rule recognizes a value by its own shape (a
// pattern, a decoded structure) rather than guessing from the name it is
// assigned to.
func (r *Rule) shaped() bool {
	switch r.find.(type) {
	case regexFinder, derKeyFinder, pemB64Finder:
		return true
	}
	return false
}

// visiblePrefix is the part of a secret that only names its format (the
// keyword it starts with, such as "ghp_" or "sk_live_").
func (r *Rule) visiblePrefix(secret string) string {
	best := ""
	for _, k := range r.Keywords {
		if len(k) > len(best) && len(k) < len(secret) && strings.EqualFold(secret[:len(k)], k) {
			best = secret[:len(k)]
		}
	}
	return best
}
