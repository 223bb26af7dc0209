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
	// Summary figures for the text report.
	Files    int
	Bytes    int64
	Duration time.Duration
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
