package remedy

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// envName is what Rewrite accepts as a variable name: portable shell
// names in the upper case that Finding.EnvVar produces.
var envName = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)

// githubReserved: GitHub refuses secret names that start with GITHUB_.
// https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#naming-your-secrets
const githubReserved = "GITHUB_"

// Rewrite returns line with the secret at line[start:end] replaced by a
// lookup of the environment variable envVar in the language of the file at
// path. start and end are byte offsets into line (a detector.Finding's
// Start and End less the offset of its line in the fragment; its Column
// counts code points, not bytes). ok is false when no safe rewrite exists, and the
// caller then gives only generic advice: the language is unknown or has no
// environment lookup, the offsets do not delimit text on rune boundaries,
// envVar is not an upper-case identifier, or the secret is somewhere a
// lookup cannot stand (a comment, a constant, a character literal).
//
// A secret inside a string literal takes the whole literal with it, quotes
// and prefix included, even when the literal held more than the secret:
// the variable then holds the whole value (the connection string, the
// header), so no fragment of a credential stays behind. An unquoted value
// (YAML, .properties, shell) is replaced as a word. In shell, PowerShell
// and YAML an assignment's name stays, quoted or not: KEY=…, --token=…,
// "KEY=…".
//
// The rewritten line never holds four consecutive bytes of the secret;
// when it would (the same secret twice on the line), ok is false.
func Rewrite(path, line string, start, end int, envVar string) (rewritten string, ok bool) {
	e, ok := plan(path, line, start, end, envVar)
	if !ok {
		return "", false
	}
	return e.apply(line), true
}

// edit is a rewrite before it is applied, so that tests can check where
// it touched the line.
type edit struct {
	lo, hi int // line[lo:hi] becomes repl
	repl   string
	// kwAt, when not -1, is where line[kwAt:kwAt+kwLen] becomes kwTo
	// (Go's const becomes var); it lies before lo.
	kwAt, kwLen int
	kwTo        string
}

func (e edit) apply(line string) string {
	head := line[:e.lo]
	if e.kwAt >= 0 {
		head = head[:e.kwAt] + e.kwTo + head[e.kwAt+e.kwLen:]
	}
	return head + e.repl + line[e.hi:]
}

func plan(path, line string, start, end int, envVar string) (edit, bool) {
	e := edit{kwAt: -1}
	if start < 0 || end > len(line) || start >= end || !envName.MatchString(envVar) {
		return e, false
	}
	if !utf8.RuneStart(line[start]) || end < len(line) && !utf8.RuneStart(line[end]) {
		return e, false
	}
	l := lookup(path, line)
	if l == nil || l.form == "" {
		return e, false
	}
	if l.name == "GitHub Actions" && strings.HasPrefix(envVar, githubReserved) {
		return e, false
	}
	name := envVar
	if l.lower {
		name = strings.ToLower(name)
	}
	e.repl = fmt.Sprintf(l.form, name)

	toks := l.syn.tokens(line, end)
	t, inToken, ok := holder(toks, start, end)
	switch {
	case !ok:
		return e, false
	case inToken && t.kind != tokLiteral:
		return e, false
	case inToken:
		e.lo, e.hi = t.lo, t.hi
		if t.bytes {
			e.repl += l.bytesSuffix
		}
		if name := l.assigns(line, t, start); name != "" {
			e.repl = `"` + name + e.repl + `"`
		} else if l.quoted {
			e.repl = `"` + e.repl + `"`
		}
	default:
		if e.lo, e.hi, ok = l.bareSpan(line, start, end); !ok {
			return e, false
		}
		if l.quoteBare {
			e.repl = `"` + e.repl + `"`
		}
	}
	if !l.keyword(line, e.lo, toks, &e) {
		return e, false
	}
	if leaks(e.apply(line), line[start:end]) {
		return e, false
	}
	return e, true
}

// holder finds the token that holds line[start:end]. inToken is false for
// a bare secret; ok is false when the secret straddles a token's edge.
func holder(toks []token, start, end int) (t token, inToken, ok bool) {
	for _, t := range toks {
		switch {
		case t.hi <= start:
			continue
		case t.lo >= end:
			return token{}, false, true
		case t.lo <= start && end <= t.hi:
			return t, true, true
		default:
			return token{}, false, false
		}
	}
	return token{}, false, true
}

// bareSpan delimits the unquoted value that holds line[start:end].
func (l *language) bareSpan(line string, start, end int) (lo, hi int, ok bool) {
	switch l.bare {
	case bareWord:
		return l.syn.word(line, start, end)
	case bareValue:
		return propertyValue(line, start, end)
	case bareText:
		return elementText(line, start, end)
	}
	return 0, 0, false
}

// assigns returns the assignment that opens the quoted literal t, when
// the secret follows it, in the languages whose values are words: shell's
// -e "KEY=…", Compose's - "KEY=…". The rewrite keeps the name, as it does
// for an unquoted KEY=…, and the lookup goes inside double quotes, which
// shell, PowerShell and YAML all expand.
func (l *language) assigns(line string, t token, start int) string {
	if l.bare != bareWord || t.hi-t.lo < 2 || (line[t.lo] != '"' && line[t.lo] != '\'') {
		return ""
	}
	body := line[t.lo+1 : t.hi-1]
	if m := assignment.FindStringIndex(body); m != nil && t.lo+1+m[1] <= start {
		return body[:m[1]]
	}
	return ""
}

// assignment is the part of a word that names what it sets: KEY= in
// KEY=value, --token= in --token=value.
var assignment = regexp.MustCompile(`^-{0,2}[A-Za-z_][A-Za-z0-9_.-]*=`)

// word delimits the white-space separated word holding the secret.
func (s *syntax) word(line string, start, end int) (lo, hi int, ok bool) {
	stop := func(c byte) bool { return isSpace(c) || strings.IndexByte(s.wordStops, c) >= 0 }
	for i := start; i < end; i++ {
		if stop(line[i]) {
			return 0, 0, false
		}
	}
	lo, hi = start, end
	for lo > 0 && !stop(line[lo-1]) {
		lo--
	}
	for hi < len(line) && !stop(line[hi]) {
		hi++
	}
	for hi > end && strings.IndexByte(s.wordTrim, line[hi-1]) >= 0 {
		hi--
	}
	w := line[lo:hi]
	// A word that mixes quoted and unquoted text, or a mapping key, is
	// not a value that a lookup can replace.
	for _, q := range s.quotes {
		if strings.IndexByte(w, q.ch) >= 0 {
			return 0, 0, false
		}
	}
	if s.mapKeys && strings.HasSuffix(w, ":") {
		return 0, 0, false
	}
	if m := assignment.FindStringIndex(w); m != nil && lo+m[1] <= start {
		lo += m[1]
	}
	return lo, hi, true
}

// propertyValue delimits the value of a .properties line: after the key
// and its separator (=, : or white space), to the end of the line.
func propertyValue(line string, start, end int) (lo, hi int, ok bool) {
	i := 0
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	for i < len(line) {
		c := line[i]
		if c == '\\' {
			i += 2
			continue
		}
		if c == '=' || c == ':' || isSpace(c) {
			break
		}
		i++
	}
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	if i < len(line) && (line[i] == '=' || line[i] == ':') {
		i++
	}
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	lo, hi = i, len(line)
	for hi > lo && isSpace(line[hi-1]) {
		hi--
	}
	// An odd run of backslashes at the end continues the value on the
	// next line, which a one-line rewrite would orphan.
	n := 0
	for k := hi - 1; k >= lo && line[k] == '\\'; k-- {
		n++
	}
	if lo > start || hi < end || n%2 == 1 {
		return 0, 0, false
	}
	return lo, hi, true
}

// elementText delimits the text between a start tag and an end tag.
func elementText(line string, start, end int) (lo, hi int, ok bool) {
	if strings.ContainsAny(line[start:end], "<>") {
		return 0, 0, false
	}
	lo = strings.LastIndexByte(line[:start], '>') + 1
	j := strings.IndexByte(line[end:], '<')
	if lo == 0 || j < 0 {
		return 0, 0, false
	}
	hi = end + j
	for lo < start && isSpace(line[lo]) {
		lo++
	}
	for hi > end && isSpace(line[hi-1]) {
		hi--
	}
	return lo, hi, true
}

// keyword looks in the code before the literal (outside other literals and
// comments) for a declaration keyword that demands a constant. It records
// a swap in e, or reports false when there is none to make. A keyword after
// the first '=' is part of the value (Dart's const Foo(…)) and is not
// swappable either.
func (l *language) keyword(line string, lo int, toks []token, e *edit) bool {
	if len(l.keywords) == 0 {
		return true
	}
	code := []byte(line[:lo])
	for _, t := range toks {
		for i := t.lo; i < t.hi && i < lo; i++ {
			code[i] = ' '
		}
	}
	eq := strings.IndexByte(string(code), '=')
	for _, kw := range l.keywords {
		at := wordIndex(string(code), kw.word)
		if at < 0 {
			continue
		}
		if !kw.ok || eq >= 0 && at > eq || e.kwAt >= 0 {
			return false
		}
		e.kwAt, e.kwLen, e.kwTo = at, len(kw.word), kw.to
		if kw.to == "" {
			for at+e.kwLen < lo && isSpace(line[at+e.kwLen]) {
				e.kwLen++
			}
		}
	}
	return true
}

// wordIndex finds word in s where it is a whole word.
func wordIndex(s, word string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], word)
		if i < 0 {
			return -1
		}
		i += off
		j := i + len(word)
		if (i == 0 || !isIdent(s[i-1])) && (j == len(s) || !isIdent(s[j])) {
			return i
		}
		off = i + 1
	}
}

// leaks reports whether out holds the secret or any four consecutive bytes
// of it. This holds by construction, since the secret lies inside the text
// replaced; the check catches the same secret elsewhere on the line, and
// any mistake in the scanner.
func leaks(out, secret string) bool {
	const window = 4
	if len(secret) < window {
		return strings.Contains(out, secret)
	}
	for i := 0; i+window <= len(secret); i++ {
		if strings.Contains(out, secret[i:i+window]) {
			return true
		}
	}
	return false
}
