package detector

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Kind says what a finding means for the person who committed it.
type Kind string

const (
	// KindSecret is a credential that grants access; it blocks commits.
	KindSecret Kind = "secret"
	// KindPublishable is public by design (a browser key, a publishable
	// payment key): reported at low severity, never blocking.
	KindPublishable Kind = "publishable"
	// KindTest is a provider's test-mode key: it cannot move real money or
	// data, but still belongs in the environment rather than in code.
	KindTest Kind = "test"
)

// Blocks reports whether findings of this kind fail a scan.
func (k Kind) Blocks() bool { return k == KindSecret }

// Severity orders findings for people and for SARIF levels.
type Severity string

const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Rule describes one credential format. Rules are data: the built-in table
// is a slice of literals (rules_*.go), and callers may add their own.
type Rule struct {
	// ID is public API (ignore files, fingerprints, SARIF): kebab-case,
	// "<provider>-<credential>", never renamed or reused.
	ID       string
	Provider string // key into the provider table
	Title    string // human name of the credential, e.g. "personal access token"
	Kind     Kind
	Severity Severity

	// Keywords gate the rule: its pattern only runs near one of them
	// (ASCII case-insensitive). A rule without keywords never runs.
	Keywords []string
	// Pattern is an RE2 expression. Its first capture group is the secret;
	// without groups, the whole match is.
	Pattern string
	// Window is how many bytes around a keyword hit the pattern sees; zero
	// means the hit's own line (clipped to 1 KiB each side).
	Window int

	// MinEntropy rejects matches whose Shannon entropy (bits per byte) is
	// lower, for formats that are not self-identifying.
	MinEntropy float64
	// Check validates a candidate (a checksum, a structure); false rejects.
	Check func(secret []byte) bool
	// Fallback marks a format-agnostic rule (generic assignments, Bearer
	// and Basic headers, config-file passwords, JWTs): when a provider
	// rule reports the same value, the provider rule's finding is kept,
	// because it can name the provider and its rotation page.
	Fallback bool

	// Examples are values the provider publishes in its documentation;
	// they are never reported.
	Examples []string

	// Match and NoMatch are sample texts, as templates expanded by package
	// synth at test time so that no realistic secret is committed: each
	// Match must yield exactly one finding of this rule, each NoMatch none.
	Match   []string
	NoMatch []string

	find finder // custom matcher in place of Pattern (generic detectors)
}

// A finder reports candidate secrets in data[lo:hi] as absolute offsets;
// hit is the keyword occurrence that woke the rule.
type finder interface {
	find(c *findCtx, lo, hi, hitStart, hitEnd int, emit func(start, end int))
}

// findCtx is what a finder may know about the fragment being scanned.
type findCtx struct {
	data []byte
	path string

	// String literals of a source file, lexed on demand (strlit.go).
	lexed, lexable bool
	syn            lexSyntax
	strs           []span
	lexPos         int // strs holds every literal before lexPos
}

// regexFinder runs a rule's pattern. It compiles on first use: a scan of
// an empty directory, or of files that wake few rules, never pays for the
// rest of the table (start-up is part of every pre-commit hook's cost).
type regexFinder struct {
	lazy *lazyRegexp
}

type lazyRegexp struct {
	once    sync.Once
	pattern string
	re      *regexp.Regexp
	group   bool
}

func (l *lazyRegexp) get() (*regexp.Regexp, bool) {
	l.once.Do(func() {
		// Validate (run by the rule-table test and for custom rules)
		// guarantees the pattern compiles.
		l.re = regexp.MustCompile(l.pattern)
		l.group = l.re.NumSubexp() == 1
	})
	return l.re, l.group
}

func (f regexFinder) find(c *findCtx, lo, hi, _, _ int, emit func(start, end int)) {
	re, group := f.lazy.get()
	for _, m := range re.FindAllSubmatchIndex(c.data[lo:hi], -1) {
		s, e := m[0], m[1]
		if group {
			s, e = m[2], m[3]
		}
		if s >= 0 && e > s {
			emit(lo+s, lo+e)
		}
	}
}

// Validate checks a rule completely, its pattern included. New checks
// only what is cheap; call Validate on rules from outside the built-in
// table (the built-in table is validated by its tests).
func (r Rule) Validate() error {
	if err := r.compile(); err != nil {
		return err
	}
	if r.Pattern == "" {
		return nil
	}
	re, err := regexp.Compile(r.Pattern)
	if err != nil {
		return fmt.Errorf("detector: rule %s: %w", r.ID, err)
	}
	if re.NumSubexp() > 1 {
		// More groups make "which one is the secret" ambiguous; use (?:…).
		return fmt.Errorf("detector: rule %s: pattern has %d capture groups, want at most one", r.ID, re.NumSubexp())
	}
	return nil
}

// compile checks a rule's fields and prepares its matcher.
func (r *Rule) compile() error {
	if r.ID == "" {
		return fmt.Errorf("detector: rule without ID")
	}
	if !validID(r.ID) {
		return fmt.Errorf("detector: rule %s: ID must be lowercase kebab-case", r.ID)
	}
	switch r.Kind {
	case KindSecret, KindPublishable, KindTest:
	default:
		return fmt.Errorf("detector: rule %s: unknown kind %q", r.ID, r.Kind)
	}
	switch r.Severity {
	case SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow:
	default:
		return fmt.Errorf("detector: rule %s: unknown severity %q", r.ID, r.Severity)
	}
	if len(r.Keywords) == 0 {
		return fmt.Errorf("detector: rule %s: no keywords", r.ID)
	}
	for _, k := range r.Keywords {
		if k == "" {
			return fmt.Errorf("detector: rule %s: empty keyword", r.ID)
		}
	}
	if r.find != nil {
		return nil
	}
	if r.Pattern == "" {
		return fmt.Errorf("detector: rule %s: no pattern", r.ID)
	}
	r.find = regexFinder{lazy: &lazyRegexp{pattern: r.Pattern}}
	return nil
}

// ValidRuleID reports whether id has the syntax of a rule ID: lowercase
// kebab-case, as custom rules in .keyguard.toml must use too.
func ValidRuleID(id string) bool { return id != "" && validID(id) }

func validID(id string) bool {
	if strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") || strings.Contains(id, "--") {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
