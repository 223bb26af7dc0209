package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

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
		if f.Commit != "" && f.Author != "" {
			fmt.Fprintf(bw, "    commit       %s by %s on %s\n", f.Commit, f.Author, f.Date)
		}
		switch f.Kind {
		case detector.KindSecret:
			writeSteps(bw, f, p, o)
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
	if o.Gate != nil {
		writeGate(bw, fs, c, o, paint)
	} else if c.Secrets > 0 {
		fmt.Fprintln(bw, paint(ansiDim, "  false positive? add `keyguard:allow` in a comment on the line, or run `keyguard ignore FINGERPRINT --reason \"…\"`."))
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

// writeSteps tells what to do about a secret, in the order it should be
// done: get the value out of the code, keep it somewhere safe, rotate it.
func writeSteps(w io.Writer, f detector.Finding, p detector.Provider, o Options) {
	env := f.EnvVar(p)
	fmt.Fprintf(w, "    next steps\n")
	if o.Gate != nil && slices.Contains(o.Gate.EnvFiles, f.Path) {
		// The value is where it belongs; the file is what must not be
		// committed (the gate's footer says how).
		fmt.Fprintf(w, "      1. keep this file out of git: unstage it and add it to .gitignore (see below)\n")
		fmt.Fprintf(w, "      2. share the variable names in a committed .env.example, the values through your secret store\n")
	} else {
		lang, line, ok := "", "", false
		if o.Gate != nil && o.Gate.Rewrite != nil {
			lang, line, ok = o.Gate.Rewrite(f, env)
		}
		if ok {
			fmt.Fprintf(w, "      1. read it from the environment instead (%s):\n", lang)
			fmt.Fprintf(w, "             %s\n", strings.TrimSpace(line))
		} else {
			fmt.Fprintf(w, "      1. read it from the environment variable %s instead of writing it in the file\n", env)
		}
		fmt.Fprintf(w, "      2. keep the value in .env (%s=…) or your secret store, and make sure .env is in .gitignore\n", env)
	}
	rotate := p.RotateURL
	if rotate == "" {
		rotate = "at " + p.Name
	}
	switch {
	case o.Gate != nil && o.Gate.Action == "commit":
		fmt.Fprintf(w, "      3. if this key was ever committed, pushed or shared before, it is compromised: rotate it %s\n", rotate)
	case f.Commit != "":
		fmt.Fprintf(w, "      3. it is in a commit: if that commit was ever pushed or shared, the key is compromised: rotate it %s\n", rotate)
	default:
		fmt.Fprintf(w, "      3. if this file was ever committed, pushed or shared, the key is compromised: rotate it %s\n", rotate)
	}
}

// writeGate ends a blocking report: what was stopped, and the ways on.
func writeGate(w io.Writer, fs []detector.Finding, c Counts, o Options, paint func(string, string) string) {
	g := o.Gate
	for _, name := range g.EnvFiles {
		fmt.Fprintf(w, "\n%s %s holds secrets and must not be committed:\n", paint(ansiBold+ansiRed, "✗"), name)
		fmt.Fprintf(w, "    git rm --cached %s            # unstage it, keep your copy\n", shellQuote(name))
		fmt.Fprintf(w, "    echo %s >> .gitignore\n", shellQuote("/"+name))
		fmt.Fprintf(w, "    commit a %s.example with placeholder values instead\n", name)
	}
	if c.Secrets == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", paint(ansiBold+ansiRed, "keyguard stopped this "+g.Action+"."))
	if g.Action == "push" {
		fmt.Fprintln(w, "  The secrets are in commits that have not been pushed yet: take them out of those commits first.")
		fmt.Fprintln(w, "  Fix the file, then `git commit --amend` (last commit) or `git rebase -i COMMIT~1` (an older one).")
	}
	fmt.Fprintln(w, "  Not a secret? Add a `keyguard:allow` comment on the line, or record it for everyone:")
	shown := 0
	for _, f := range fs {
		if f.Kind.Blocks() && shown < 3 {
			fmt.Fprintf(w, "      keyguard ignore %s --reason \"why it is safe\"\n", f.Fingerprint)
			shown++
		}
	}
	if g.Skip != "" {
		fmt.Fprintf(w, "  To skip this check once (not recommended): %s\n", g.Skip)
	}
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '_' || r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
