package remedy

import (
	"regexp"
	"strings"
)

var (
	dq       = quote{ch: '"'}
	sq       = quote{ch: '\''}
	cComment = []string{"//"}
)

var (
	goSyntax = &syntax{quotes: []quote{dq, {ch: '`', esc: escNone}}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/"}
	jsSyntax = &syntax{quotes: []quote{dq, sq, {ch: '`'}},
		comments: cComment, blockOpen: "/*", blockClose: "*/"}
	pythonSyntax = &syntax{quotes: []quote{{ch: '"', triple: true}, {ch: '\'', triple: true}},
		comments: []string{"#"}, prefixChars: "rRbBuUfFtT", prefix: pythonPrefix}
	rubySyntax = &syntax{quotes: []quote{dq, sq}, comments: []string{"#"}}
	// Java's """ opens a text block, which never closes on its own line.
	javaSyntax = &syntax{quotes: []quote{{ch: '"', triple: true}}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/"}
	kotlinSyntax = &syntax{quotes: []quote{{ch: '"', triple: true, tripleEsc: escNone}}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/"}
	// Any identifier before a quote is a Scala interpolator (s"…", raw"…").
	scalaSyntax = &syntax{quotes: []quote{{ch: '"', triple: true, tripleEsc: escNone}}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/",
		prefixChars: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", prefix: scalaPrefix}
	groovySyntax = &syntax{quotes: []quote{{ch: '"', triple: true}, {ch: '\'', triple: true}},
		comments: cComment, blockOpen: "/*", blockClose: "*/"}
	csharpSyntax = &syntax{quotes: []quote{{ch: '"', triple: true, tripleEsc: escNone}}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/", prefixChars: "@$", prefix: csharpPrefix}
	cSyntax = &syntax{quotes: []quote{dq}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/"}
	phpSyntax = &syntax{quotes: []quote{dq, sq},
		comments: []string{"//", "#"}, blockOpen: "/*", blockClose: "*/"}
	rustSyntax = &syntax{quotes: []quote{dq}, charLit: true,
		comments: cComment, blockOpen: "/*", blockClose: "*/", prefixChars: "bcr#", prefix: rustPrefix}
	swiftSyntax = &syntax{quotes: []quote{{ch: '"', triple: true}},
		comments: cComment, blockOpen: "/*", blockClose: "*/", prefixChars: "#", prefix: swiftPrefix}
	dartSyntax = &syntax{quotes: []quote{{ch: '"', triple: true}, {ch: '\'', triple: true}},
		comments: cComment, blockOpen: "/*", blockClose: "*/", prefixChars: "r", prefix: dartPrefix}
	elixirSyntax = &syntax{quotes: []quote{{ch: '"', triple: true}, {ch: '\'', triple: true}},
		comments: []string{"#"}}
	// Single quotes in shell take everything literally; $'…' takes
	// backslash escapes.
	shellSyntax = &syntax{quotes: []quote{dq, {ch: '\'', esc: escNone}}, comments: []string{"#"}, hashWord: true,
		prefixChars: "$", prefix: shellPrefix, wordStops: ";|&()<>"}
	powershellSyntax = &syntax{quotes: []quote{{ch: '"', esc: escBacktick}, {ch: '\'', esc: escDouble}},
		comments: []string{"#"}, hashWord: true, blockOpen: "<#", blockClose: "#>", wordStops: ";|(){}"}
	yamlSyntax = &syntax{quotes: []quote{dq, {ch: '\'', esc: escDouble}}, comments: []string{"#"},
		wordStart: true, wordTrim: ",]}", mapKeys: true}
	hclSyntax = &syntax{quotes: []quote{dq}, comments: []string{"#", "//"}, blockOpen: "/*", blockClose: "*/"}
	// Quotes are ordinary characters in a .properties value.
	propertiesSyntax = &syntax{leading: "#!"}
	xmlSyntax        = &syntax{blockOpen: "<!--", blockClose: "-->"}
)

func pythonPrefix(run string, _ byte) (prefix, bool) {
	switch r := strings.ToLower(run); r {
	case "r", "u", "f", "t", "b", "rb", "br", "fr", "rf", "tr", "rt":
		return prefix{bytes: strings.Contains(r, "b")}, true
	}
	return prefix{}, false
}

var rustRaw = regexp.MustCompile(`^[bc]?r(#*)$`)

func rustPrefix(run string, _ byte) (prefix, bool) {
	if m := rustRaw.FindStringSubmatch(run); m != nil {
		return prefix{esc: escNone, setEsc: true, hashes: len(m[1]), bytes: run[0] == 'b'}, true
	}
	if run == "b" || run == "c" {
		return prefix{bytes: run == "b"}, true
	}
	return prefix{}, false
}

func swiftPrefix(run string, _ byte) (prefix, bool) {
	return prefix{esc: escNone, setEsc: true, hashes: len(run)}, true
}

func csharpPrefix(run string, _ byte) (prefix, bool) {
	switch strings.Count(run, "@") {
	case 0:
		return prefix{}, true
	case 1:
		return prefix{esc: escDouble, setEsc: true}, true
	}
	return prefix{}, false
}

func scalaPrefix(run string, _ byte) (prefix, bool) {
	c := run[0]
	return prefix{}, 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func dartPrefix(string, byte) (prefix, bool) {
	return prefix{esc: escNone, setEsc: true}, true
}

func shellPrefix(_ string, q byte) (prefix, bool) {
	if q == '\'' {
		return prefix{esc: escBackslash, setEsc: true}, true
	}
	return prefix{}, true
}
