package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"sync"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/keyguard-dev/keyguard/detector"
)

// MaxSize bounds a settings file. Real ones are a few kilobytes; the App
// reads them from repositories it does not control.
const MaxSize = 1 << 20

// File is a parsed .keyguard.toml.
type File struct {
	// Disable lists rule IDs that never report.
	Disable []string
	// Rules are the custom rules, validated and checked against their
	// samples.
	Rules []detector.Rule
	// Providers are the providers custom rules introduced.
	Providers []detector.Provider
	// AllowPaths skip files by their slash-separated path from the
	// repository root; AllowValues drop candidate secrets.
	AllowPaths  []*regexp.Regexp
	AllowValues []*regexp.Regexp
	// GitHub is how the GitHub App behaves in the repository; the
	// keyguard command ignores it.
	GitHub GitHub
}

// GitHub is the [github] table: what the GitHub App does when a push
// leaks a secret. Pointers are nil when the file does not say, so that
// an organisation-wide file can supply the value (see Merge).
type GitHub struct {
	// Issues: open a rotation issue per leaked secret (default true).
	Issues *bool
	// CommitComments: comment on the leaking line of a pushed commit
	// (default true).
	CommitComments *bool
	// RevokeGitHubTokens: revoke leaked GitHub tokens through GitHub's
	// credential revocation API (default false).
	RevokeGitHubTokens *bool
}

// OpenIssues reports whether the App opens rotation issues.
func (g GitHub) OpenIssues() bool { return g.Issues == nil || *g.Issues }

// CommentOnCommits reports whether the App comments on pushed commits.
func (g GitHub) CommentOnCommits() bool { return g.CommitComments == nil || *g.CommitComments }

// Revoke reports whether the App revokes leaked GitHub tokens.
func (g GitHub) Revoke() bool { return g.RevokeGitHubTokens != nil && *g.RevokeGitHubTokens }

// Under returns g with the settings it leaves unset taken from org (an
// organisation-wide default).
func (g GitHub) Under(org GitHub) GitHub {
	pick := func(a, b *bool) *bool {
		if a != nil {
			return a
		}
		return b
	}
	return GitHub{
		Issues:             pick(g.Issues, org.Issues),
		CommitComments:     pick(g.CommitComments, org.CommitComments),
		RevokeGitHubTokens: pick(g.RevokeGitHubTokens, org.RevokeGitHubTokens),
	}
}

// Error is one problem in a settings file.
type Error struct {
	File string // the name given to Parse or ParseIgnore
	Line int    // 1-based
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// maxErrors is how many problems one error reports: enough to fix a file
// in one go, not a page of consequences of the first mistake.
const maxErrors = 10

type errorList []*Error

func (l *errorList) add(file string, line int, msg string) {
	*l = append(*l, &Error{File: file, Line: line, Msg: msg})
}

// err returns the problems in line order as one error (errors.Join of
// *Error values), or nil.
func (l errorList) err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool { return l[i].Line < l[j].Line })
	errs := make([]error, 0, min(len(l), maxErrors))
	for _, e := range l[:min(len(l), maxErrors)] {
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// Parse reads a .keyguard.toml file; name is what errors call it. An
// invalid file is an error listing each problem with its line, as
// "name:LINE: what is wrong" (each one a *Error, joined).
func Parse(name string, data []byte) (*File, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: name, Line: 1, Msg: fmt.Sprintf("the file is larger than %d KiB", MaxSize>>10)}
	}
	doc, errs := decode(name, data)
	if doc == nil {
		return nil, errs.err()
	}
	b := &builder{name: name, errs: errs}
	f := b.build(doc)
	if err := b.errs.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// Apply merges the file's settings into dst. Custom rules are added to
// dst's rule table (the built-in one when dst has none).
func (f *File) Apply(dst *detector.Config) {
	if len(f.Rules) > 0 {
		base := dst.Rules
		if base == nil {
			base = detector.Rules()
		}
		dst.Rules = append(slices.Clip(base), f.Rules...)
	}
	dst.Disabled = append(dst.Disabled, f.Disable...)
	dst.AllowPaths = append(dst.AllowPaths, f.AllowPaths...)
	dst.AllowValues = append(dst.AllowValues, f.AllowValues...)
	dst.Providers = append(dst.Providers, f.Providers...)
}

// builtins are the built-in rule and provider IDs.
var builtins = sync.OnceValues(func() (rules, providers map[string]bool) {
	rules, providers = map[string]bool{}, map[string]bool{}
	for _, r := range detector.Rules() {
		rules[r.ID] = true
	}
	for _, p := range detector.Providers() {
		providers[p.ID] = true
	}
	return rules, providers
})

type builder struct {
	name string
	errs errorList
}

func (b *builder) errorf(line int, format string, args ...any) {
	b.errs.add(b.name, line, fmt.Sprintf(format, args...))
}

func (b *builder) build(doc *document) *File {
	f := &File{}
	ids := b.customRules(doc.custom, f)
	if t := doc.rules; t != nil {
		builtinRules, _ := builtins()
		for _, v := range b.strings(t, "disable") {
			if !builtinRules[v.text] && !ids[v.text] {
				b.errorf(v.line, "rules.disable: no rule is called %q%s", v.text, suggestRule(v.text, ids))
				continue
			}
			f.Disable = append(f.Disable, v.text)
		}
	}
	if t := doc.allow; t != nil {
		f.AllowPaths = b.regexps(t, "paths")
		f.AllowValues = b.regexps(t, "values")
	}
	if t := doc.github; t != nil {
		f.GitHub.Issues = b.boolean(t, "issues")
		f.GitHub.CommitComments = b.boolean(t, "commit_comments")
		f.GitHub.RevokeGitHubTokens = b.boolean(t, "revoke_github_tokens")
	}
	return f
}

// label names a key in messages: rules.disable, allow.paths; a custom
// rule's keys go by their own names, the line says which rule.
func label(t *table, key string) string {
	if t.name == "rule" {
		return key
	}
	return t.name + "." + key
}

// str returns a string key's value and line; ok is false when the key is
// absent or not a string (an error then says so).
func (b *builder) str(t *table, key string) (s string, line int, ok bool) {
	v, present := t.keys[key]
	if !present {
		return "", t.line, false
	}
	if v.kind != unstable.String {
		b.errorf(v.line, "%s must be a string, not %s", label(t, key), kindName(v.kind))
		return "", v.line, false
	}
	return v.text, v.line, true
}

// boolean returns a boolean key's value, nil when absent or not a
// boolean (an error then says so).
func (b *builder) boolean(t *table, key string) *bool {
	v, present := t.keys[key]
	if !present {
		return nil
	}
	if v.kind != unstable.Bool {
		b.errorf(v.line, "%s must be true or false, not %s", label(t, key), kindName(v.kind))
		return nil
	}
	x := v.text == "true"
	return &x
}

// strings returns the elements of an array of strings.
func (b *builder) strings(t *table, key string) []value {
	v, present := t.keys[key]
	if !present {
		return nil
	}
	if v.kind != unstable.Array {
		b.errorf(v.line, "%s must be an array of strings, not %s", label(t, key), kindName(v.kind))
		return nil
	}
	out := make([]value, 0, len(v.elems))
	for _, e := range v.elems {
		if e.kind != unstable.String {
			b.errorf(e.line, "%s must be an array of strings, not of %s", label(t, key), kindName(e.kind))
			continue
		}
		out = append(out, e)
	}
	return out
}

func (b *builder) regexps(t *table, key string) []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, v := range b.strings(t, key) {
		re, err := regexp.Compile(v.text)
		if err != nil {
			b.errorf(v.line, "%s: %v", label(t, key), err)
			continue
		}
		out = append(out, re)
	}
	return out
}

// suggestRule suggests a rule ID close to id.
func suggestRule(id string, custom map[string]bool) string {
	builtinRules, _ := builtins()
	all := make([]string, 0, len(builtinRules)+len(custom))
	for k := range builtinRules {
		all = append(all, k)
	}
	for k := range custom {
		all = append(all, k)
	}
	sort.Strings(all)
	return suggest(id, all...)
}
