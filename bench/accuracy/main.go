// Command accuracy measures keyguard's precision and recall on a labelled
// corpus generated at run time (package corpus): files of thirty-odd
// types that mix provider secrets, generic secrets (passwords, random keys,
// credentials in URLs and headers) and hard negatives (placeholders,
// lookups, hashes, identifiers, public keys …) among ordinary lines.
//
// Usage:
//
//	go run ./bench/accuracy [--seed N] [--size N] [--json] [--check] [--show-errors N]
//
//	--seed N         corpus seed (default 1); the same seed gives the same corpus
//	--size N         number of files (default 1000; at least one of every type)
//	--json           print the report as JSON instead of tables
//	--check          exit 1 unless provider precision and recall are both at
//	                 least 0.99 and generic precision and recall at least 0.90
//	--show-errors N  print up to N example errors, half false positives and
//	                 half false negatives (one side takes what the other
//	                 leaves), spread over rules; secrets in the printed lines
//	                 are cut to their first 4 characters and "…"
//
// Every file is scanned with detector.Default(). Scoring:
//
//   - A finding matches a label when its [Start, End) overlaps the label's
//     span. Any rule counts for the overall and per-class figures, and
//     publishable and test findings count like secrets.
//   - Recall is labels matched by at least one finding over all labels;
//     precision is findings that match a label over all findings. A
//     finding that matches no label is a false positive, whether or not it
//     fell on a planted hard negative (the report says which kinds of
//     negative attracted them).
//   - Classes: a label's class is the corpus's (provider: a provider's own
//     format; generic: a value recognised by its context only). A false
//     positive takes the class of the rule that reported it (fallback rules
//     and passwords-in-URL rules are generic).
//   - Per rule: TP counts labels expecting the rule that a finding of that
//     same rule matched; FN counts the others, and "other" says how many of
//     those another rule caught (they still count as found overall). FP
//     counts findings of the rule that match no label. P = TP/(TP+FP),
//     R = TP/(TP+FN). Rules are listed worst F1 first.
//   - A file on which the scanner panics counts as scanned with no
//     findings; the report lists it, and --check fails.
//
// The corpus, and so the figures, depend only on the seed, the size and the
// detector: no secret is stored in the repository.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/keyguard-dev/keyguard/bench/accuracy/corpus"
	"github.com/keyguard-dev/keyguard/detector"
)

// Targets checked by --check.
const (
	providerTarget = 0.99
	genericTarget  = 0.90
)

func main() {
	seed := flag.Uint64("seed", 1, "corpus seed")
	size := flag.Int("size", 1000, "number of files")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	check := flag.Bool("check", false, "exit 1 unless the accuracy targets are met")
	showErrors := flag.Int("show-errors", 0, "print up to `N` example errors")
	flag.Parse()

	s, err := detector.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "accuracy:", err)
		os.Exit(2)
	}
	t0 := time.Now()
	files := corpus.Generate(*seed, *size)
	genTime := time.Since(t0)
	t1 := time.Now()
	rep := score(s, files)
	rep.Seed, rep.Size = *seed, *size
	rep.Skipped = corpus.Skipped(*seed)
	scanTime := time.Since(t1)

	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		rep.Examples = rep.examples(*showErrors)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(os.Stderr, "accuracy:", err)
			os.Exit(2)
		}
	} else {
		rep.print(os.Stdout, *showErrors)
		fmt.Printf("\ngenerated in %v, scanned and scored in %v\n", genTime.Round(time.Millisecond), scanTime.Round(time.Millisecond))
	}
	if *check {
		if msg := rep.checkTargets(); msg != "" {
			fmt.Fprintln(os.Stderr, "accuracy: below target:", msg)
			os.Exit(1)
		}
	}
}

// Metrics are the counts and rates of one class (or overall).
type Metrics struct {
	Labels    int     `json:"labels"`
	Found     int     `json:"found"`  // labels matched by some finding
	Missed    int     `json:"missed"` // labels matched by none
	Findings  int     `json:"findings"`
	Matched   int     `json:"matched_findings"` // findings that match a label
	FalsePos  int     `json:"false_positives"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (m *Metrics) finish() {
	m.Precision = ratio(m.Matched, m.Matched+m.FalsePos)
	m.Recall = ratio(m.Found, m.Found+m.Missed)
	m.F1 = f1(m.Precision, m.Recall)
}

// ratio is a/b, and 1 when there is nothing to count (no findings: no
// false positive was made).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// RuleStat is one rule's row.
type RuleStat struct {
	Rule   string  `json:"rule"`
	Class  string  `json:"class"`
	Labels int     `json:"labels"`
	TP     int     `json:"tp"`
	FP     int     `json:"fp"`
	FN     int     `json:"fn"`
	Other  int     `json:"fn_caught_by_other_rule"`
	Assist int     `json:"findings_on_other_rules_labels"`
	P      float64 `json:"precision"`
	R      float64 `json:"recall"`
	F1     float64 `json:"f1"`
}

// Error is one false positive or false negative.
type Error struct {
	Kind     string `json:"kind"` // "FP" or "FN"
	Rule     string `json:"rule"` // the finding's rule (FP) or the label's (FN)
	Class    string `json:"class"`
	FileType string `json:"file_type"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Text     string `json:"text"`               // the line, secrets redacted
	Negative string `json:"negative,omitempty"` // the planted negative an FP fell on
}

// Report is the command's result.
type Report struct {
	Seed      uint64         `json:"seed"`
	Size      int            `json:"size"`
	Files     int            `json:"files"`
	Negatives int            `json:"planted_negatives"`
	Overall   Metrics        `json:"overall"`
	Provider  Metrics        `json:"provider"`
	Generic   Metrics        `json:"generic"`
	Rules     []RuleStat     `json:"rules"`
	ByType    map[string]int `json:"errors_by_file_type"`
	FPByNeg   map[string]int `json:"false_positives_by_negative_kind"`
	Skipped   []string       `json:"skipped_rules"`
	Panics    []string       `json:"scanner_panics,omitempty"`
	Examples  []Error        `json:"examples,omitempty"`

	fps, fns []Error
}

func (r *Report) class(c string) *Metrics {
	if c == corpus.ClassProvider {
		return &r.Provider
	}
	return &r.Generic
}

// score scans every file and compares findings with labels.
func score(s *detector.Scanner, files []corpus.File) *Report {
	rep := &Report{Files: len(files), ByType: map[string]int{}, FPByNeg: map[string]int{}}
	rules := map[string]*RuleStat{}
	rule := func(id string) *RuleStat {
		st, ok := rules[id]
		if !ok {
			st = &RuleStat{Rule: id, Class: corpus.ClassOf(id)}
			rules[id] = st
		}
		return st
	}
	for _, f := range files {
		rep.Negatives += len(f.Negatives)
		findings, err := scan(s, f)
		if err != nil {
			// A crash of the scanner is a finding of the benchmark: the
			// file counts as scanned with no findings, and is listed.
			rep.Panics = append(rep.Panics, fmt.Sprintf("%s [%s]: %v", f.Path, f.Type, err))
		}
		caught := make([]bool, len(f.Labels))
		caughtBySelf := make([]bool, len(f.Labels))
		for _, fd := range findings {
			matched := false
			var mclass string
			for i, l := range f.Labels {
				if fd.Start < l.End && l.Start < fd.End {
					matched = true
					caught[i] = true
					if mclass == "" {
						mclass = l.Class
					}
					if fd.RuleID == l.RuleID {
						caughtBySelf[i] = true
					} else {
						rule(fd.RuleID).Assist++
					}
				}
			}
			rep.Overall.Findings++
			if matched {
				rep.Overall.Matched++
				m := rep.class(mclass)
				m.Findings++
				m.Matched++
				continue
			}
			cls := corpus.ClassOf(fd.RuleID)
			rep.Overall.FalsePos++
			m := rep.class(cls)
			m.Findings++
			m.FalsePos++
			rule(fd.RuleID).FP++
			neg := ""
			for _, n := range f.Negatives {
				if fd.Start < n.End && n.Start < fd.End {
					neg = n.Kind
					break
				}
			}
			if neg == "" {
				neg = "(unplanted)"
			}
			rep.FPByNeg[neg]++
			rep.ByType[f.Type]++
			rep.fps = append(rep.fps, Error{Kind: "FP", Rule: fd.RuleID, Class: cls, FileType: f.Type, Path: f.Path, Line: fd.Line,
				Text: redactLine(f, findings, fd.Start), Negative: neg})
		}
		for i, l := range f.Labels {
			rep.Overall.Labels++
			m := rep.class(l.Class)
			m.Labels++
			st := rule(l.RuleID)
			st.Labels++
			if caughtBySelf[i] {
				st.TP++
			} else {
				st.FN++
				if caught[i] {
					st.Other++
				}
			}
			if caught[i] {
				rep.Overall.Found++
				m.Found++
				continue
			}
			rep.Overall.Missed++
			m.Missed++
			rep.ByType[f.Type]++
			rep.fns = append(rep.fns, Error{Kind: "FN", Rule: l.RuleID, Class: l.Class, FileType: f.Type, Path: f.Path, Line: l.Line,
				Text: redactLine(f, findings, l.Start)})
		}
	}
	rep.Overall.finish()
	rep.Provider.finish()
	rep.Generic.finish()
	for _, st := range rules {
		st.P = ratio(st.TP, st.TP+st.FP)
		st.R = ratio(st.TP, st.TP+st.FN)
		st.F1 = f1(st.P, st.R)
		rep.Rules = append(rep.Rules, *st)
	}
	sort.Slice(rep.Rules, func(i, j int) bool {
		a, b := rep.Rules[i], rep.Rules[j]
		if a.F1 != b.F1 {
			return a.F1 < b.F1
		}
		if ea, eb := a.FP+a.FN, b.FP+b.FN; ea != eb {
			return ea > eb
		}
		return a.Rule < b.Rule
	})
	return rep
}

// scan runs the scanner on one file, turning a panic into an error.
func scan(s *detector.Scanner, f corpus.File) (fs []detector.Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			fs, err = nil, fmt.Errorf("scanner panicked: %v", r)
		}
	}()
	return s.Scan(detector.Fragment{Path: f.Path, Data: f.Content}), nil
}

// redactLine returns the line of f holding byte pos, with every labelled
// secret and every finding on it cut to its first four characters.
func redactLine(f corpus.File, findings []detector.Finding, pos int) string {
	data := f.Content
	lo := pos
	for lo > 0 && data[lo-1] != '\n' {
		lo--
	}
	hi := pos
	for hi < len(data) && data[hi] != '\n' {
		hi++
	}
	type span struct{ s, e int }
	var spans []span
	for _, l := range f.Labels {
		spans = append(spans, span{l.Start, l.End})
	}
	for _, fd := range findings {
		spans = append(spans, span{fd.Start, fd.End})
	}
	// Merge overlapping spans so that a secret is cut once.
	sort.Slice(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
	var merged []span
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.s < merged[n-1].e {
			merged[n-1].e = max(merged[n-1].e, sp.e)
			continue
		}
		merged = append(merged, sp)
	}
	var sb strings.Builder
	at := lo
	for _, sp := range merged {
		if sp.e <= lo || sp.s >= hi {
			continue
		}
		s, e := max(sp.s, lo), min(sp.e, hi)
		sb.Write(data[at:s])
		keep := s + 4
		if sp.s < lo {
			keep = s // the secret began on an earlier line: show none of it
		}
		keep = min(keep, e)
		sb.Write(data[s:keep])
		sb.WriteString("…")
		at = e
	}
	if at < hi {
		sb.Write(data[at:hi])
	}
	return clip(strings.TrimRight(sb.String(), "\r"), 200)
}

// clip shortens s to about n characters, keeping valid UTF-8.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + " [...]"
}

// examples picks up to n errors, half false positives and half false
// negatives, taking turns between rules so that one noisy rule does not
// fill the list.
func (r *Report) examples(n int) []Error {
	if n <= 0 {
		return nil
	}
	fpWant := n / 2
	fnWant := n - fpWant
	if len(r.fps) < fpWant {
		fnWant += fpWant - len(r.fps)
	}
	if len(r.fns) < fnWant {
		fpWant += fnWant - len(r.fns)
	}
	out := spread(r.fps, fpWant)
	return append(out, spread(r.fns, fnWant)...)
}

func spread(errs []Error, n int) []Error {
	by := map[string][]Error{}
	var keys []string
	for _, e := range errs {
		if _, ok := by[e.Rule]; !ok {
			keys = append(keys, e.Rule)
		}
		by[e.Rule] = append(by[e.Rule], e)
	}
	sort.Strings(keys)
	var out []Error
	for i := 0; len(out) < n; i++ {
		added := false
		for _, k := range keys {
			if i < len(by[k]) && len(out) < n {
				out = append(out, by[k][i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// checkTargets returns what misses the targets, or "".
func (r *Report) checkTargets() string {
	var miss []string
	if len(r.Panics) > 0 {
		miss = append(miss, fmt.Sprintf("the scanner panicked on %d file(s)", len(r.Panics)))
	}
	for _, c := range []struct {
		name   string
		m      Metrics
		target float64
	}{{"provider", r.Provider, providerTarget}, {"generic", r.Generic, genericTarget}} {
		if c.m.Precision < c.target {
			miss = append(miss, fmt.Sprintf("%s precision %.4f < %.2f", c.name, c.m.Precision, c.target))
		}
		if c.m.Recall < c.target {
			miss = append(miss, fmt.Sprintf("%s recall %.4f < %.2f", c.name, c.m.Recall, c.target))
		}
	}
	return strings.Join(miss, "; ")
}

func (r *Report) print(w io.Writer, showErrors int) {
	fmt.Fprintf(w, "keyguard accuracy: seed %d, %d files, %d labels (%d provider, %d generic), %d planted hard negatives\n\n",
		r.Seed, r.Files, r.Overall.Labels, r.Provider.Labels, r.Generic.Labels, r.Negatives)
	fmt.Fprintf(w, "%-9s %7s %7s %7s %9s %7s %9s %7s %7s\n", "class", "labels", "found", "missed", "findings", "FP", "precision", "recall", "F1")
	for _, c := range []struct {
		name string
		m    Metrics
	}{{"overall", r.Overall}, {"provider", r.Provider}, {"generic", r.Generic}} {
		fmt.Fprintf(w, "%-9s %7d %7d %7d %9d %7d %9.4f %7.4f %7.4f\n", c.name, c.m.Labels, c.m.Found, c.m.Missed, c.m.Findings, c.m.FalsePos, c.m.Precision, c.m.Recall, c.m.F1)
	}
	if msg := r.checkTargets(); msg != "" {
		fmt.Fprintf(w, "\ntargets (provider P,R >= %.2f; generic P,R >= %.2f): MISSED: %s\n", providerTarget, genericTarget, msg)
	} else {
		fmt.Fprintf(w, "\ntargets (provider P,R >= %.2f; generic P,R >= %.2f): met\n", providerTarget, genericTarget)
	}

	fmt.Fprintf(w, "\nper rule, worst first (TP/FN: labels expecting the rule; other: FN caught by another rule; FP: findings on no label)\n")
	fmt.Fprintf(w, "%-40s %-8s %6s %5s %5s %5s %5s %7s %7s %7s\n", "rule", "class", "labels", "TP", "FP", "FN", "other", "P", "R", "F1")
	for _, st := range r.Rules {
		fmt.Fprintf(w, "%-40s %-8s %6d %5d %5d %5d %5d %7.3f %7.3f %7.3f\n", st.Rule, st.Class, st.Labels, st.TP, st.FP, st.FN, st.Other, st.P, st.R, st.F1)
	}

	if len(r.FPByNeg) > 0 {
		fmt.Fprintf(w, "\nfalse positives by planted negative kind\n")
		for _, k := range sortedKeys(r.FPByNeg) {
			fmt.Fprintf(w, "  %-26s %5d\n", k, r.FPByNeg[k])
		}
	}
	if len(r.ByType) > 0 {
		fmt.Fprintf(w, "\nerrors (FP+FN) by file type\n")
		for _, k := range sortedKeys(r.ByType) {
			fmt.Fprintf(w, "  %-26s %5d\n", k, r.ByType[k])
		}
	}
	if len(r.Panics) > 0 {
		fmt.Fprintf(w, "\nscanner panics (%d file(s) counted as scanned with no findings)\n", len(r.Panics))
		for _, p := range r.Panics {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	skipped := "none"
	if len(r.Skipped) > 0 {
		skipped = strings.Join(r.Skipped, ", ")
	}
	fmt.Fprintf(w, "\nprovider rules without a corpus value (no Match sample yields a finding of the rule): %s\n", skipped)
	if ex := r.examples(showErrors); len(ex) > 0 {
		fmt.Fprintf(w, "\nexample errors (secrets cut to 4 characters)\n")
		for _, e := range ex {
			what := e.Rule + " (" + e.Class + ")"
			if e.Negative != "" {
				what += " on " + e.Negative
			}
			fmt.Fprintf(w, "%s %s [%s] %s:%d\n    %s\n", e.Kind, what, e.FileType, e.Path, e.Line, strings.TrimSpace(e.Text))
		}
	}
}

// sortedKeys orders a count map by count, then name.
func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
