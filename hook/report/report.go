// Package report renders findings for people (text) and for machines (JSON,
// SARIF 2.1.0). Every renderer shows the redacted form of a secret; the raw
// value appears only when the caller sets Reveal, which a person asks for
// explicitly (keyguard scan --reveal).
package report

import (
	"time"

	"github.com/keyguard-dev/keyguard/detector"
)

// Options carries what renderers need besides the findings.
type Options struct {
	Reveal bool // print raw secrets: only on explicit request
	Color  bool // ANSI colour in text output (a terminal, NO_COLOR unset)
	// Lookup gives each finding's rule and provider records.
	Lookup  Lookup
	Version string
	// Gate is set when the scan guards a git operation; the text report
	// then says what was blocked and how to go on.
	Gate *Gate
	// Summary figures for the text report.
	Files    int
	Bytes    int64
	Duration time.Duration
}

// Gate describes the git operation a scan guards.
type Gate struct {
	Action string // "commit" or "push"
	// Rewrite shows a finding's line rewritten to read the secret from
	// the environment, and the language it is written in; ok is false
	// when there is no such rewrite.
	Rewrite func(f detector.Finding, envVar string) (lang, line string, ok bool)
	// EnvFiles are dotenv files being committed with secrets in them.
	EnvFiles []string
	// Skip is how to bypass the gate once (git commit --no-verify).
	Skip string
}

// Lookup finds rule and provider records by ID; *detector.Scanner is one.
type Lookup interface {
	Rule(id string) (detector.Rule, bool)
	Provider(id string) (detector.Provider, bool)
}

// Counts tallies findings by kind.
type Counts struct{ Secrets, Publishable, Test int }

// Count returns how many findings of each kind there are.
func Count(fs []detector.Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Kind {
		case detector.KindSecret:
			c.Secrets++
		case detector.KindPublishable:
			c.Publishable++
		case detector.KindTest:
			c.Test++
		}
	}
	return c
}

func provider(o Options, id string) detector.Provider {
	if o.Lookup != nil {
		if p, ok := o.Lookup.Provider(id); ok {
			return p
		}
	}
	return detector.Provider{ID: id, Name: id}
}
