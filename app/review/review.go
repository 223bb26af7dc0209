// Package review turns the findings of a pull-request scan into what
// GitHub shows: the check run's conclusion, summary and annotations, and
// one review comment per leaking line with a suggested fix and a request
// to rotate the key. It renders only; talking to GitHub is the caller's
// job.
//
// Nothing rendered here holds a secret: values appear redacted, and the
// suggested line is remedy's rewrite, which holds no part of the secret.
package review

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/remedy"
)

// CheckName is the check run's name: what a branch protection rule
// requires.
const CheckName = "keyguard"

// MaxAnnotations is how many annotations GitHub accepts per check-run
// request; more are sent in further updates, which GitHub appends.
const MaxAnnotations = 50

// Leak is one finding in a pull request.
type Leak struct {
	detector.Finding
	// LineText is the added line the finding is on, used to suggest the
	// fixed line; it is never rendered itself.
	LineText string
	// InDiff says the line is in the pull request's final diff, so a
	// review comment can sit on it; a secret added by one commit and
	// removed by a later one is reported in the summary only.
	InDiff bool
	// Ignored is the reason the repository gave for accepting this
	// fingerprint (.keyguardignore), or "".
	Ignored string
}

// Scan is the outcome of scanning one pull request.
type Scan struct {
	Leaks []Leak
	// Commits and Files say what was scanned.
	Commits, Files int
	// Partial lists what could not be scanned and why ("a.bin: too
	// large"), so the check never claims more than it saw.
	Partial []string
}

// Lookup finds a finding's provider record (*detector.Scanner is one).
type Lookup interface {
	Provider(id string) (detector.Provider, bool)
}

// Blocking returns the leaks that fail the check: secrets, not ignored,
// that the pull request would still merge. A secret a later commit took
// out again does not block (the check turns green once it is gone), but
// it has reached GitHub all the same: see HistoryOnly.
func (s Scan) Blocking() []Leak {
	var out []Leak
	for _, l := range s.Leaks {
		if l.Kind.Blocks() && l.Ignored == "" && l.InDiff {
			out = append(out, l)
		}
	}
	return out
}

// HistoryOnly returns the secrets that an earlier commit of the pull
// request added and a later one removed: nothing to fix in the diff, but
// each must still be rotated.
func (s Scan) HistoryOnly() []Leak {
	var out []Leak
	for _, l := range s.Leaks {
		if l.Kind.Blocks() && l.Ignored == "" && !l.InDiff {
			out = append(out, l)
		}
	}
	return out
}

// Conclusion is "failure" when a secret leaks and "success" otherwise.
// Never "neutral": a required check passes on neutral, and a leak must
// not.
func (s Scan) Conclusion() string {
	if len(s.Blocking()) > 0 {
		return "failure"
	}
	return "success"
}

// Output renders the check run's title and summary.
func (s Scan) Output(lk Lookup) *github.CheckRunOutput {
	blocking, history := s.Blocking(), s.HistoryOnly()
	var title string
	switch n := len(blocking); {
	case n == 1:
		title = "1 secret found: rotate it"
	case n > 1:
		title = fmt.Sprintf("%d secrets found: rotate them", n)
	case len(history) == 1:
		title = "A secret was removed again, but it reached GitHub: rotate it"
	case len(history) > 1:
		title = fmt.Sprintf("%d secrets were removed again, but they reached GitHub: rotate them", len(history))
	case len(s.Partial) > 0:
		title = "No secrets found in what could be scanned"
	default:
		title = "No secrets found"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "keyguard scanned the lines added by %s in %s.\n\n", plural(s.Commits, "commit"), plural(s.Files, "file"))
	if len(blocking)+len(history) > 0 {
		b.WriteString("These keys reached GitHub and must be treated as compromised: **rotate each one now**, then read it from the environment. Removing the line, the commit or the branch does not make a pushed key safe.\n\n")
	}
	if len(history) > 0 && len(blocking) == 0 {
		b.WriteString("The final diff no longer holds them, so this check passes; the rotation request stands.\n\n")
	}
	if len(s.Leaks) > 0 {
		b.WriteString("| File | Line | Provider | Kind | Value | Commit | Rotate |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, l := range sorted(s.Leaks) {
			p := provider(lk, l.Provider)
			kind := string(l.Kind)
			if l.Ignored != "" {
				kind += " (ignored: " + l.Ignored + ")"
			}
			rotate := ""
			if l.Kind.Blocks() && p.RotateURL != "" {
				rotate = "[rotate](" + p.RotateURL + ")"
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s | `%s` | %s | %s |\n",
				cell(l.Path), l.Line, cell(p.Name), cell(kind), strings.ReplaceAll(l.Redacted, "`", "'"), short(l.Commit), rotate)
		}
		b.WriteString("\n")
	}
	if len(s.Partial) > 0 {
		b.WriteString("**Not everything could be scanned**, so this result is partial:\n\n")
		for _, p := range s.Partial {
			fmt.Fprintf(&b, "- %s\n", p)
		}
		b.WriteString("\n")
	}
	if len(blocking) > 0 {
		b.WriteString("Not a secret? Add `keyguard:allow` in a comment on the line, or run `keyguard ignore FINGERPRINT --reason \"…\"` and commit `.keyguardignore`.\n")
	}
	return &github.CheckRunOutput{Title: github.String(title), Summary: github.String(b.String())}
}

// Annotations returns one annotation per leak, in file order.
func (s Scan) Annotations(lk Lookup) []*github.CheckRunAnnotation {
	var out []*github.CheckRunAnnotation
	for _, l := range sorted(s.Leaks) {
		p := provider(lk, l.Provider)
		level, msg := "failure", fmt.Sprintf("%s %s (%s) reached GitHub: rotate it now", p.Name, l.Title, l.Redacted)
		switch {
		case l.Ignored != "":
			level, msg = "notice", fmt.Sprintf("%s %s (%s), ignored: %s", p.Name, l.Title, l.Redacted, l.Ignored)
		case l.Kind == detector.KindTest:
			level, msg = "warning", fmt.Sprintf("%s test-mode key (%s): move it to the environment", p.Name, l.Redacted)
		case l.Kind == detector.KindPublishable:
			level, msg = "notice", fmt.Sprintf("%s publishable key (%s): public by design, restrict it to your domains or apps", p.Name, l.Redacted)
		case !l.InDiff:
			level, msg = "warning", fmt.Sprintf("%s %s (%s) was added in commit %s and removed later, but it reached GitHub: rotate it now", p.Name, l.Title, l.Redacted, short(l.Commit))
		}
		if (level == "failure" || !l.InDiff && l.Kind.Blocks()) && p.RotateURL != "" {
			msg += ": " + p.RotateURL
		}
		end := max(l.EndLine, l.Line)
		out = append(out, &github.CheckRunAnnotation{
			Path: github.String(l.Path), StartLine: github.Int(l.Line), EndLine: github.Int(end),
			AnnotationLevel: github.String(level), Message: github.String(msg),
			Title: github.String("keyguard: " + l.RuleID),
		})
	}
	return out
}

// Batches splits annotations into requests of at most MaxAnnotations.
func Batches(as []*github.CheckRunAnnotation) [][]*github.CheckRunAnnotation {
	var out [][]*github.CheckRunAnnotation
	for len(as) > MaxAnnotations {
		out = append(out, as[:MaxAnnotations])
		as = as[MaxAnnotations:]
	}
	if len(as) > 0 {
		out = append(out, as)
	}
	return out
}

// Comments returns the review comments to post: one per fingerprint,
// on the first place it leaks inside the diff, skipping fingerprints in
// done (already commented on in this pull request) and ignored leaks.
func (s Scan) Comments(lk Lookup, done map[string]bool) []*github.DraftReviewComment {
	seen := map[string]bool{}
	var out []*github.DraftReviewComment
	for _, l := range sorted(s.Leaks) {
		if !l.InDiff || l.Ignored != "" || done[l.Fingerprint] || seen[l.Fingerprint] {
			continue
		}
		seen[l.Fingerprint] = true
		out = append(out, &github.DraftReviewComment{
			Path: github.String(l.Path), Line: github.Int(l.Line), Side: github.String("RIGHT"),
			Body: github.String(CommentBody(l, provider(lk, l.Provider))),
		})
	}
	return out
}

// HistoryComment is the pull-request comment about secrets that earlier
// commits added and later ones removed, which no line of the diff can
// carry; fingerprints in done were announced before. It returns "" when
// there is nothing new to say.
func (s Scan) HistoryComment(lk Lookup, done map[string]bool) string {
	var b strings.Builder
	n := 0
	for _, l := range sorted(s.HistoryOnly()) {
		if done[l.Fingerprint] {
			continue
		}
		if n == 0 {
			b.WriteString("**keyguard: secrets were added to this pull request and removed again.** They reached GitHub with the commits that added them, so removing them did not make them safe: **please rotate each one now.**\n\n")
			b.WriteString("| File | Commit | Provider | Value | Rotate |\n| --- | --- | --- | --- | --- |\n")
		}
		n++
		p := provider(lk, l.Provider)
		rotate := ""
		if p.RotateURL != "" {
			rotate = "[rotate](" + p.RotateURL + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | `%s` | %s |\n", cell(l.Path), short(l.Commit), cell(p.Name), strings.ReplaceAll(l.Redacted, "`", "'"), rotate)
	}
	if n == 0 {
		return ""
	}
	b.WriteString("\nThey stay in this branch's history; if it is merged with a merge commit, in the default branch's too.\n")
	for _, l := range sorted(s.HistoryOnly()) {
		if !done[l.Fingerprint] {
			b.WriteString(Marker(l.Fingerprint) + "\n")
		}
	}
	return b.String()
}

// Marker tags a comment with the fingerprint it is about, so a later
// run knows not to comment on it again. It is an HTML comment: GitHub
// does not render it.
func Marker(fingerprint string) string { return "<!-- keyguard:fingerprint=" + fingerprint + " -->" }

// MarkedFingerprints returns the fingerprints that earlier comments'
// markers name.
func MarkedFingerprints(bodies []string) map[string]bool {
	out := map[string]bool{}
	const pre = "<!-- keyguard:fingerprint="
	for _, b := range bodies {
		for {
			i := strings.Index(b, pre)
			if i < 0 {
				break
			}
			b = b[i+len(pre):]
			if j := strings.Index(b, " -->"); j > 0 {
				out[b[:j]] = true
			}
		}
	}
	return out
}

// CommentBody is the review comment on a leaking line: what leaked, why
// it matters, the fix as a suggestion, and the request to rotate.
func CommentBody(l Leak, p detector.Provider) string {
	var b strings.Builder
	env := l.EnvVar(p)
	switch l.Kind {
	case detector.KindPublishable:
		fmt.Fprintf(&b, "**keyguard:** this is a %s publishable key (`%s`). It is public by design, so nothing needs rotating; make sure it is restricted to your domains or apps.\n", p.Name, l.Redacted)
	case detector.KindTest:
		fmt.Fprintf(&b, "**keyguard:** a %s test-mode key (`%s`). It cannot reach live data, but it still belongs in the environment (`%s`), not in the code.\n", p.Name, l.Redacted, env)
		writeSuggestion(&b, l, env)
	default:
		fmt.Fprintf(&b, "**keyguard found a %s %s here** (`%s`).\n\n", p.Name, l.Title, l.Redacted)
		fmt.Fprintf(&b, "Anyone who can read this repository, and anyone who cloned or forked it, can use this key: reach your %s account, read its data and run up its bill.\n\n", p.Name)
		b.WriteString("**Please rotate this key now.** It has already reached GitHub, so deleting this line, this commit or the branch does not make it safe again.")
		if p.RotateURL != "" {
			fmt.Fprintf(&b, " Revoke it and create a new one here: %s", p.RotateURL)
		}
		b.WriteString("\n\n")
		fmt.Fprintf(&b, "Then read the new key from the environment (`%s`) and keep its value in your deployment's secret store:\n", env)
		writeSuggestion(&b, l, env)
		fmt.Fprintf(&b, "\n<sub>Not a secret? Add `keyguard:allow` in a comment on the line, or run `keyguard ignore %s --reason \"…\"` and commit `.keyguardignore`.</sub>\n", l.Fingerprint)
	}
	b.WriteString(Marker(l.Fingerprint))
	b.WriteString("\n")
	return b.String()
}

// writeSuggestion adds a suggestion block replacing the line with one
// that reads env, when remedy knows how in the file's language.
func writeSuggestion(b *strings.Builder, l Leak, env string) {
	secret := l.Reveal()
	i := strings.Index(l.LineText, secret)
	if secret == "" || i < 0 || strings.Contains(l.LineText[i+len(secret):], secret) {
		return
	}
	line, ok := remedy.Rewrite(l.Path, l.LineText, i, i+len(secret), env)
	if !ok || strings.Contains(line, "```") {
		return
	}
	b.WriteString("\n```suggestion\n" + line + "\n```\n")
}

func provider(lk Lookup, id string) detector.Provider {
	if lk != nil {
		if p, ok := lk.Provider(id); ok {
			return p
		}
	}
	return detector.Provider{ID: id, Name: id}
}

func sorted(ls []Leak) []Leak {
	out := append([]Leak(nil), ls...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

func short(commit string) string {
	if len(commit) > 7 {
		return commit[:7]
	}
	return commit
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
