package detector

import (
	"bytes"
	"path"
	"sort"
	"strings"
)

// Source files hold other formats inside their string literals: a NATS or
// YAML configuration in a Go raw string, "CONNECT {user = u, password =
// p}" in a test, a .env file in a Python triple-quoted string. There an
// unquoted "password: x" is configuration text, not code, and is judged
// as such. strSpans finds the literals with a small lexer per language
// family: enough to tell code from string, never a parser.

// lexSyntax is what the lexer must know of a language's tokens.
type lexSyntax struct {
	lineComment  string // "//" or "#"
	blockComment bool   // /* … */
	single       bool   // '…' is a string (not a char or a lifetime)
	backtick     bool   // `…` spans lines (Go raw strings, JS templates)
	backtickEsc  bool   // backslash escapes inside `…` (JS, not Go)
	triple       bool   // """…""" (and '''…''' where single is set)
}

var (
	lexGo     = lexSyntax{lineComment: "//", blockComment: true, backtick: true}
	lexJS     = lexSyntax{lineComment: "//", blockComment: true, single: true, backtick: true, backtickEsc: true}
	lexPython = lexSyntax{lineComment: "#", single: true, triple: true}
	lexCLike  = lexSyntax{lineComment: "//", blockComment: true, single: true, triple: true}
)

var lexByExt = map[string]lexSyntax{
	".go": lexGo,
	".js": lexJS, ".jsx": lexJS, ".ts": lexJS, ".tsx": lexJS, ".mjs": lexJS, ".cjs": lexJS,
	".py":   lexPython,
	".java": lexCLike, ".kt": lexCLike, ".kts": lexCLike, ".scala": lexCLike, ".groovy": lexCLike,
	".cs": lexCLike, ".swift": lexCLike, ".dart": lexCLike,
}

// stringLiteral returns the string literal of the fragment's source file
// that data[at] lies in. The literals are found once per fragment, on the
// first question.
func (c *findCtx) stringLiteral(at int) (span, bool) {
	if !c.lexed {
		c.lexed = true
		c.syn, c.lexable = lexByExt[strings.ToLower(path.Ext(c.path))]
	}
	if !c.lexable {
		return span{}, false
	}
	// Lex only as far as asked: hits come in file order, and most files
	// ask about one spot near their start, if at all.
	if c.lexPos <= at {
		c.strs, c.lexPos = strSpans(c.data, c.syn, c.strs, c.lexPos, at)
	}
	i := sort.Search(len(c.strs), func(i int) bool { return c.strs[i].hi > at })
	if i < len(c.strs) && c.strs[i].lo <= at {
		return c.strs[i], true
	}
	return span{}, false
}

// configInString reports whether the name at data[ns:] and its unquoted
// value ending at ve are an entry of configuration held in a string
// literal: the name starts the literal or a line of it, or follows '{',
// '[' or ',' (NATS and HCL blocks, flow YAML), and the value ends the
// entry. Prose ("unexpected PWD: want %s"), query strings ("?key=v&…")
// and call arguments in a message do not read as entries.
func (c *findCtx) configInString(ns, ve int) bool {
	lit, ok := c.stringLiteral(ns)
	if !ok || ve > lit.hi {
		return false
	}
	data := c.data
	p := ns
	for p > lit.lo && (data[p-1] == ' ' || data[p-1] == '\t') {
		p--
	}
	// After a "\n" escape; the name may have taken in its 'n'.
	lineStart := p > lit.lo+1 && data[p-2] == '\\' && data[p-1] == 'n' || p > lit.lo && data[p-1] == '\\' && data[p] == 'n'
	if p > lit.lo && !lineStart && data[p-1] != '\n' && data[p-1] != '{' && data[p-1] != '[' && data[p-1] != ',' {
		return false
	}
	if ve < lit.hi && !bytes.ContainsAny(data[ve:ve+1], " \t\r\n}],;") || bytes.IndexByte(data[ns:ve], '&') >= 0 {
		return false
	}
	if ve == lit.hi {
		// "KEY=abc:" + rest: the literal holds only the start of the
		// value; the rest is an expression.
		if q := skipSpace(data, min(ve+1, len(data)), len(data)); q < len(data) && data[q] == '+' {
			return false
		}
	}
	if ns >= lit.lo+2 && data[ns-1] == '{' && data[ns-2] == '$' && ve < lit.hi && data[ve] == '}' {
		return true // @Value("${app.secret.key:default}"): a placeholder's default
	}
	// One entry alone is configuration when written name=value, as a
	// properties line or a command-line flag is ("--client-secret=x",
	// "spring.datasource.password=x"); "Password = 123456" or "PWD: x"
	// alone is a message. Several entries, or several lines, are
	// configuration whatever their spacing.
	in := data[lit.lo:lit.hi]
	if bytes.IndexByte(in, '\n') >= 0 || bytes.Contains(in, []byte(`\n`)) {
		return true
	}
	if bytes.ContainsAny(data[lit.lo:ns], ":=") || bytes.ContainsAny(data[ve:lit.hi], ":=") {
		return true
	}
	e := ns
	for e < ve && isNameByte(data[e]) {
		e++
	}
	return e < ve && data[e] == '=' && e+1 < ve && data[e+1] != ' '
}

// strSpans appends to out the contents of the string literals in src from
// i, in order, until it has passed until; it returns where it stopped,
// outside any literal or comment. An unterminated one-line string ends at
// its line's end, so that one stray quote cannot turn the rest of a file
// into a string.
func strSpans(src []byte, syn lexSyntax, out []span, i, until int) ([]span, int) {
	n := len(src)
	for i < n && i <= until {
		c := src[i]
		if !lexStart[c] {
			i++
			for i < n && !lexStart[src[i]] {
				i++
			}
			continue
		}
		switch {
		case syn.lineComment != "" && c == syn.lineComment[0] && bytes.HasPrefix(src[i:], []byte(syn.lineComment)):
			for i < n && src[i] != '\n' {
				i++
			}
		case syn.blockComment && c == '/' && i+1 < n && src[i+1] == '*':
			end := indexFrom(src, i+2, "*/")
			if end < 0 {
				return out, n
			}
			i = end + 2
		case syn.triple && (c == '"' || c == '\'' && syn.single) && i+2 < n && src[i+1] == c && src[i+2] == c:
			q := string(src[i : i+3])
			end := indexFrom(src, i+3, q)
			if end < 0 {
				return append(out, span{i + 3, n}), n
			}
			out = append(out, span{i + 3, end})
			i = end + 3
		case c == '"' || c == '\'' && syn.single:
			i = oneLineString(src, i, &out)
		case c == '`' && syn.backtick:
			j := i + 1
			for j < n && src[j] != '`' {
				if syn.backtickEsc && src[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, span{i + 1, min(j, n)})
			i = j + 1
		default:
			i++
		}
	}
	return out, i
}

// lexStart marks the bytes that may open a comment or a literal.
var lexStart = [256]bool{'"': true, '\'': true, '`': true, '/': true, '#': true}

// oneLineString records the literal opened by the quote at src[i] and
// returns where scanning resumes.
func oneLineString(src []byte, i int, out *[]span) int {
	q := src[i]
	j := i + 1
	for j < len(src) && src[j] != q && src[j] != '\n' {
		if src[j] == '\\' {
			j++
		}
		j++
	}
	j = min(j, len(src))
	*out = append(*out, span{i + 1, j})
	return j + 1
}

func indexFrom(src []byte, from int, s string) int {
	if from > len(src) {
		return -1
	}
	if k := bytes.Index(src[from:], []byte(s)); k >= 0 {
		return from + k
	}
	return -1
}
