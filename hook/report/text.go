package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/keyguard-dev/keyguard/detector"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
)

// Text writes the human report: each finding with where it is, what it is,
// and what to do; then a one-line summary.
func Text(w io.Writer, fs []detector.Finding, o Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, f := range fs {
		p := provider(o, f.Provider)
		label := paint(ansiBold+ansiRed, "secret")
		switch f.Kind {
		case detector.KindPublishable:
			label = paint(ansiYellow, "publishable")
		case detector.KindTest:
			label = paint(ansiYellow, "test key")
		}
		where := f.Path
		if f.Commit != "" {
			where = f.Commit[:min(12, len(f.Commit))] + ":" + where
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s %s %s (%s)\n", where, f.Line, f.Column, label, p.Name, f.Title, f.Severity)
		value := f.Redacted
		if o.Reveal {
			value = f.Reveal()
		}
		fmt.Fprintf(bw, "    value        %s\n", value)
		fmt.Fprintf(bw, "    rule         %s   fingerprint %s\n", f.RuleID, f.Fingerprint)
		switch f.Kind {
		case detector.KindSecret:
			fmt.Fprintf(bw, "    fix          read it from the environment (%s) and keep the value out of the repository\n", f.EnvVar(p))
			fmt.Fprintf(bw, "    rotate       if this file was ever committed, pushed or shared, the key is compromised: %s\n", p.RotateURL)
		case detector.KindTest:
			fmt.Fprintf(bw, "    note         a test-mode key cannot reach live data, but belongs in the environment too (%s)\n", f.EnvVar(p))
		case detector.KindPublishable:
			fmt.Fprintf(bw, "    note         public by design; make sure it is restricted to your domains or apps\n")
		}
		fmt.Fprintln(bw)
	}
	c := Count(fs)
	summary := fmt.Sprintf("%d secret(s), %d publishable key(s), %d test key(s) in %d file(s), %s, %s",
		c.Secrets, c.Publishable, c.Test, o.Files, humanBytes(o.Bytes), o.Duration.Round(1e5))
	switch {
	case c.Secrets > 0:
		summary = paint(ansiBold+ansiRed, "✗ ") + summary
	default:
		summary = paint(ansiGreen, "✓ ") + summary
	}
	fmt.Fprintln(bw, summary)
	if c.Secrets > 0 {
		fmt.Fprintln(bw, paint(ansiDim, "  false positive? add `keyguard:allow` in a comment on the line."))
	}
	return bw.Flush()
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
