package remedy

import (
	"strings"
	"unicode/utf8"
)

// syntax is what the scanner needs to know of a language to find string
// literals and comments on one line. It does not parse: a line inside a
// multi-line string or comment is read as code, and anything it cannot
// place makes Rewrite give up rather than guess.
type syntax struct {
	quotes []quote
	// charLit: ' opens a one-character literal ('x', '\n'). Where it is
	// not one (a Rust lifetime, a Scala symbol) it is ordinary code.
	charLit bool
	// comments open a comment that runs to the end of the line.
	comments []string
	// block comment delimiters ("/*", "*/").
	blockOpen, blockClose string
	// leading characters comment out the line when they come first
	// (.properties "#" and "!").
	leading string
	// wordStart: quotes and # count only at the start of a word, as in
	// YAML ("it's" is text, "a#b" is not a comment) and shell (# only).
	wordStart bool
	// hashWord: # opens a comment only at the start of a word.
	hashWord bool
	// prefixChars may stand right before a quote as part of the literal
	// (Python's rb, Rust's r#, C#'s @$); prefix judges the run.
	prefixChars string
	prefix      func(run string, q byte) (prefix, bool)
	// wordStops end an unquoted word besides white space (shell's ;|&).
	wordStops string
	// wordTrim is dropped from the end of an unquoted word (YAML flow
	// collections: [a, b]).
	wordTrim string
	// mapKeys: a word ending in ':' is a mapping key, not a value.
	mapKeys bool
}

// escape is how a quote character is written inside its literal.
type escape int

const (
	escBackslash escape = iota // \"
	escDouble                  // "" (YAML '…', C# @"…")
	escBacktick                // `" and "" (PowerShell)
	escNone                    // impossible: the next quote ends it (shell '…', raw strings)
)

// quote is one kind of string literal.
type quote struct {
	ch  byte
	esc escape
	// triple: three of ch open a literal that ends at the next three.
	triple    bool
	tripleEsc escape
}

// prefix is what a literal's prefix changes.
type prefix struct {
	esc    escape
	setEsc bool // esc replaces the quote's own escape
	hashes int  // raw string fences: r#"…"# (Rust), #"…"# (Swift)
	bytes  bool // a bytes literal (Python b"…")
}

type tokKind int

const (
	tokLiteral tokKind = iota
	tokComment
	// tokOpaque is text Rewrite must not touch: a character literal, an
	// unterminated literal, or one glued to an identifier it cannot
	// read (a JavaScript tag, a C++ raw string).
	tokOpaque
)

type token struct {
	lo, hi int
	kind   tokKind
	bytes  bool
}

// tokens returns the literals and comments of line that start before stop,
// in order.
func (s *syntax) tokens(line string, stop int) []token {
	var out []token
	if s.leading != "" {
		t := strings.TrimLeft(line, " \t")
		if t != "" && strings.IndexByte(s.leading, t[0]) >= 0 {
			return append(out, token{lo: len(line) - len(t), hi: len(line), kind: tokComment})
		}
	}
	for i := 0; i < len(line) && i < stop; {
		if s.blockOpen != "" && strings.HasPrefix(line[i:], s.blockOpen) {
			hi := len(line)
			if j := strings.Index(line[i+len(s.blockOpen):], s.blockClose); j >= 0 {
				hi = i + len(s.blockOpen) + j + len(s.blockClose)
			}
			out = append(out, token{lo: i, hi: hi, kind: tokComment})
			i = hi
			continue
		}
		if s.commentAt(line, i) {
			return append(out, token{lo: i, hi: len(line), kind: tokComment})
		}
		c := line[i]
		if s.charLit && c == '\'' {
			if n := charLen(line[i:]); n > 0 {
				out = append(out, token{lo: i, hi: i + n, kind: tokOpaque})
				i += n
				continue
			}
		}
		if q, ok := s.quoteFor(c); ok && (!s.wordStart || atWordStart(line, i)) {
			t := s.literal(line, i, q)
			out = append(out, t)
			i = t.hi
			continue
		}
		i++
	}
	return out
}

func (s *syntax) commentAt(line string, i int) bool {
	for _, c := range s.comments {
		if !strings.HasPrefix(line[i:], c) {
			continue
		}
		if c == "#" && (s.hashWord || s.wordStart) && i > 0 && !isSpace(line[i-1]) {
			continue
		}
		return true
	}
	return false
}

func (s *syntax) quoteFor(c byte) (quote, bool) {
	for _, q := range s.quotes {
		if q.ch == c {
			return q, true
		}
	}
	return quote{}, false
}

// literal scans the literal whose quote is at line[i].
func (s *syntax) literal(line string, i int, q quote) token {
	t := token{lo: i, kind: tokLiteral}
	fence, esc, body := string(q.ch), q.esc, i+1
	if triple := strings.Repeat(fence, 3); q.triple && strings.HasPrefix(line[i:], triple) {
		fence, esc, body = triple, q.tripleEsc, i+3
	}
	j := i
	for j > 0 && strings.IndexByte(s.prefixChars, line[j-1]) >= 0 {
		j--
	}
	switch p, ok := s.judge(line[j:i], q.ch); {
	case ok && (j == 0 || !isIdent(line[j-1])):
		t.lo, t.bytes = j, p.bytes
		fence += strings.Repeat("#", p.hashes)
		if p.setEsc {
			esc = p.esc
		}
	case i > 0 && isIdent(line[i-1]):
		t.kind = tokOpaque
	}
	t.hi = closeAt(line, body, fence, esc)
	if t.hi < 0 {
		t.hi, t.kind = len(line), tokOpaque
	}
	return t
}

func (s *syntax) judge(run string, q byte) (prefix, bool) {
	if run == "" || s.prefix == nil {
		return prefix{}, false
	}
	return s.prefix(run, q)
}

// closeAt returns the index just past the literal's closing fence, looking
// from j, or -1 when the literal does not close on this line.
func closeAt(line string, j int, fence string, esc escape) int {
	q := fence[0]
	for j < len(line) {
		c := line[j]
		switch {
		case esc == escBackslash && c == '\\', esc == escBacktick && c == '`':
			j += 2
			continue
		case (esc == escDouble || esc == escBacktick) && len(fence) == 1 && c == q && j+1 < len(line) && line[j+1] == q:
			j += 2
			continue
		case strings.HasPrefix(line[j:], fence):
			return j + len(fence)
		}
		j++
	}
	return -1
}

// charLen is the length of the character literal at the start of s, or 0
// when the quote does not open one ('a in a Rust lifetime).
func charLen(s string) int {
	if len(s) < 3 {
		return 0
	}
	if s[1] == '\\' {
		// '\n', '\'', '\u{1F600}', '\x41': short, so look a little way.
		for k := 3; k < len(s) && k < 14; k++ {
			if s[k] == '\'' {
				return k + 1
			}
		}
		return 0
	}
	_, n := utf8.DecodeRuneInString(s[1:])
	if 1+n < len(s) && s[1+n] == '\'' {
		return n + 2
	}
	return 0
}

func atWordStart(line string, i int) bool {
	return i == 0 || strings.IndexByte(" \t=:[{,(", line[i-1]) >= 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isIdent(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c >= 0x80
}
