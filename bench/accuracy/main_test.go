package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/bench/accuracy/corpus"
	"github.com/keyguard-dev/keyguard/detector"
)

// toyScanner reports "zq_" plus eight letters as github-pat (a provider
// rule) and the letters after "zz:" as generic-password (a fallback), so
// that the scoring can be checked by hand on a tiny corpus.
func toyScanner(t *testing.T) *detector.Scanner {
	t.Helper()
	s, err := detector.New(detector.Config{Rules: []detector.Rule{
		{ID: "github-pat", Provider: "github", Title: "toy", Kind: detector.KindSecret, Severity: detector.SeverityHigh,
			Keywords: []string{"zq_"}, Pattern: `\bzq_[a-z]{8}\b`},
		{ID: "generic-password", Provider: "generic", Title: "toy", Kind: detector.KindSecret, Severity: detector.SeverityHigh,
			Fallback: true, Keywords: []string{"zz:"}, Pattern: `zz:([a-z]{6,})`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// file builds a corpus file whose labels are given by marking the
// labelled text as [[rule|class|text]].
func file(path, typ, marked string) corpus.File {
	f := corpus.File{Path: path, Type: typ}
	var buf bytes.Buffer
	for {
		i := strings.Index(marked, "[[")
		if i < 0 {
			buf.WriteString(marked)
			break
		}
		buf.WriteString(marked[:i])
		j := strings.Index(marked, "]]")
		parts := strings.SplitN(marked[i+2:j], "|", 3)
		start := buf.Len()
		buf.WriteString(parts[2])
		f.Labels = append(f.Labels, corpus.Label{
			Line: 1 + bytes.Count(buf.Bytes()[:start], []byte{'\n'}), Start: start, End: buf.Len(),
			RuleID: parts[0], Class: parts[1],
		})
		marked = marked[j+2:]
	}
	f.Content = buf.Bytes()
	return f
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreTinyCorpus(t *testing.T) {
	files := []corpus.File{
		file("a/settings.env", "env", "token = [[github-pat|provider|zq_kbmtrwpn]]\nother = zq_qrstuvwx\nnothing here\n"),
		file("b/config.yaml", "yaml/config", "first zz:[[generic-password|generic|kittens]]\n"+
			"api [[generic-secret|generic|zq_mnopqrst]]\n"+
			"missed: [[generic-password|generic|kittycat]]\n"),
	}
	rep := score(toyScanner(t), files)

	check := func(name string, got Metrics, labels, found, missed, findings, matched, fp int, p, r float64) {
		t.Helper()
		want := Metrics{Labels: labels, Found: found, Missed: missed, Findings: findings, Matched: matched, FalsePos: fp}
		g := got
		g.Precision, g.Recall, g.F1 = 0, 0, 0
		if g != want {
			t.Errorf("%s: got %+v, want %+v", name, g, want)
		}
		if !near(got.Precision, p) || !near(got.Recall, r) || !near(got.F1, f1(p, r)) {
			t.Errorf("%s: P=%v R=%v F1=%v, want P=%v R=%v", name, got.Precision, got.Recall, got.F1, p, r)
		}
	}
	check("overall", rep.Overall, 4, 3, 1, 4, 3, 1, 0.75, 0.75)
	check("provider", rep.Provider, 1, 1, 0, 2, 1, 1, 0.5, 1)
	check("generic", rep.Generic, 3, 2, 1, 2, 2, 0, 1, 2.0/3)

	rules := map[string]RuleStat{}
	for _, st := range rep.Rules {
		rules[st.Rule] = st
	}
	for _, want := range []RuleStat{
		{Rule: "github-pat", Class: "provider", Labels: 1, TP: 1, FP: 1, FN: 0, Other: 0, Assist: 1},
		{Rule: "generic-password", Class: "generic", Labels: 2, TP: 1, FP: 0, FN: 1, Other: 0},
		{Rule: "generic-secret", Class: "generic", Labels: 1, TP: 0, FP: 0, FN: 1, Other: 1},
	} {
		got := rules[want.Rule]
		got.P, got.R, got.F1 = 0, 0, 0
		if got != want {
			t.Errorf("rule %s: got %+v, want %+v", want.Rule, got, want)
		}
	}
	if len(rep.Rules) != 3 || rep.Rules[0].Rule != "generic-secret" {
		t.Errorf("rules not sorted worst first: %+v", rep.Rules)
	}
	if st := rules["github-pat"]; !near(st.P, 0.5) || !near(st.R, 1) {
		t.Errorf("github-pat: P=%v R=%v, want 0.5 and 1", st.P, st.R)
	}

	// One false positive, one false negative, both redacted.
	ex := rep.examples(10)
	if len(ex) != 2 {
		t.Fatalf("examples: got %d, want 2: %+v", len(ex), ex)
	}
	fp, fn := ex[0], ex[1]
	if fp.Kind != "FP" || fp.Rule != "github-pat" || fp.Line != 2 || fp.FileType != "env" || fp.Text != "other = zq_q…" {
		t.Errorf("false positive example: %+v", fp)
	}
	if fn.Kind != "FN" || fn.Rule != "generic-password" || fn.Line != 3 || fn.Text != "missed: kitt…" {
		t.Errorf("false negative example: %+v", fn)
	}
	if rep.ByType["env"] != 1 || rep.ByType["yaml/config"] != 1 {
		t.Errorf("errors by type: %v", rep.ByType)
	}
	if msg := rep.checkTargets(); !strings.Contains(msg, "provider precision") || !strings.Contains(msg, "generic recall") || strings.Contains(msg, "provider recall") {
		t.Errorf("checkTargets: %q", msg)
	}
}

func TestRedactLine(t *testing.T) {
	f := file("x.env", "env", "A=[[generic-secret|generic|abcdefghij]] B=[[generic-password|generic|xy]]\nnext")
	got := redactLine(f, nil, 3)
	if want := "A=abcd… B=xy…"; got != want {
		t.Errorf("redactLine: got %q, want %q", got, want)
	}
	// A secret that began on an earlier line shows none of itself.
	f = file("k.yaml", "yaml/config", "key: |\n  [[private-key-rsa|provider|-----BEGIN\n  MIIEabcdef\n  -----END]]\nafter: 1")
	if got := redactLine(f, nil, strings.Index(string(f.Content), "MIIE")); got != "…" {
		t.Errorf("redactLine inside a block: got %q", got)
	}
}

func TestExamplesBalance(t *testing.T) {
	r := &Report{}
	for i := 0; i < 5; i++ {
		r.fps = append(r.fps, Error{Kind: "FP", Rule: "a"}, Error{Kind: "FP", Rule: "b"})
	}
	r.fns = []Error{{Kind: "FN", Rule: "c"}}
	ex := r.examples(6)
	var fp, fn, a, b int
	for _, e := range ex {
		switch {
		case e.Kind == "FN":
			fn++
		case e.Rule == "a":
			fp++
			a++
		default:
			fp++
			b++
		}
	}
	if fn != 1 || fp != 5 || a < 2 || b < 2 {
		t.Errorf("examples: %d FP (%d a, %d b), %d FN", fp, a, b, fn)
	}
}

// TestScoreGenerated runs the real scanner on a small generated corpus and
// checks that the counts add up. It asserts no accuracy target: tuning the
// detector is its owner's business, and the command checks the targets.
func TestScoreGenerated(t *testing.T) {
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	files := corpus.Generate(2, 60)
	rep := score(s, files)
	o, p, g := rep.Overall, rep.Provider, rep.Generic
	if o.Labels == 0 || o.Findings == 0 {
		t.Fatalf("empty report: %+v", o)
	}
	if o.Found+o.Missed != o.Labels || o.Matched+o.FalsePos != o.Findings {
		t.Errorf("overall counts do not add up: %+v", o)
	}
	if p.Labels+g.Labels != o.Labels || p.Found+g.Found != o.Found || p.Findings+g.Findings != o.Findings || p.FalsePos+g.FalsePos != o.FalsePos {
		t.Errorf("classes do not add up to overall: %+v + %+v != %+v", p, g, o)
	}
	var labels, fp int
	for _, st := range rep.Rules {
		labels += st.Labels
		fp += st.FP
		if st.TP+st.FN != st.Labels || st.Other > st.FN {
			t.Errorf("rule %s: %+v", st.Rule, st)
		}
	}
	if labels != o.Labels || fp != o.FalsePos {
		t.Errorf("rules: %d labels, %d FP; overall %d, %d", labels, fp, o.Labels, o.FalsePos)
	}
	for _, m := range []Metrics{o, p, g} {
		for _, v := range []float64{m.Precision, m.Recall, m.F1} {
			if v < 0 || v > 1 {
				t.Errorf("rate out of range: %+v", m)
			}
		}
	}
	for _, e := range rep.examples(1000) {
		if e.Text == "" || e.Path == "" || e.FileType == "" {
			t.Errorf("incomplete example %+v", e)
		}
	}
	// Redacted example lines never show a labelled secret whole.
	for _, f := range files {
		for _, l := range f.Labels {
			if l.End-l.Start < 12 {
				continue
			}
			secret := string(f.Content[l.Start:l.End])
			for _, e := range rep.examples(1000) {
				if strings.Contains(e.Text, secret) {
					t.Errorf("example shows a secret: %s", e.Text)
				}
			}
		}
	}
}
