package corpus

import (
	"strings"
)

// A name is a list of lowercase words, formatted per language.

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

func snake(w []string) string  { return strings.Join(w, "_") }
func upper(w []string) string  { return strings.ToUpper(strings.Join(w, "_")) }
func kebab(w []string) string  { return strings.Join(w, "-") }
func dotted(w []string) string { return strings.Join(w, ".") }

func camel(w []string) string {
	if len(w) == 0 {
		return ""
	}
	return w[0] + pascal(w[1:])
}

func pascal(w []string) string {
	var sb strings.Builder
	for _, x := range w {
		sb.WriteString(title(x))
	}
	return sb.String()
}

// goName is Go's style: initialisms in capitals ("apiKey", "dbURL").
func goName(w []string, exported bool) string {
	init := map[string]bool{"api": true, "url": true, "id": true, "db": true, "jwt": true, "http": true, "dsn": true, "aws": true, "sql": true}
	var sb strings.Builder
	for i, x := range w {
		switch {
		case i == 0 && !exported:
			sb.WriteString(x)
		case init[x]:
			sb.WriteString(strings.ToUpper(x))
		default:
			sb.WriteString(title(x))
		}
	}
	return sb.String()
}

// entry is an assignment of a value to a name, rendered by each language
// in its own syntax.
type entry struct {
	words []string // the name as lowercase words
	env   string   // the UPPER_SNAKE form when it is not upper(words)
	v     val
}

// val is the right-hand side of an entry.
type val struct {
	f    frag // the literal's text (unescaped), or an expression
	expr bool // f is an expression of the target language: written as is
	bare bool // a number or boolean: never quoted
}

func (e entry) envName() string {
	if e.env != "" {
		return e.env
	}
	return upper(e.words)
}

func lit(f frag) val   { return val{f: f} }
func expr(f frag) val  { return val{f: f, expr: true} }
func bareV(f frag) val { return val{f: f, bare: true} }

func (v val) multiline() bool { return strings.Contains(v.f.String(), "\n") }

// Escapers.

// escC escapes for C-like double-quoted strings (Go, Java, JS, C#, Python,
// JSON, TOML, HCL).
func escC(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

func escSingle(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s)
}

func escXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// dq is a C-like double-quoted literal.
func dq(f frag) frag { return cat(`"`, f.mapText(escC), `"`) }

// sq is a single-quoted literal with backslash escapes (Python, JS, PHP).
func sq(f frag) frag { return cat(`'`, f.mapText(escSingle), `'`) }

// shq quotes for POSIX shells: bare when safe, else single quotes.
func shq(f frag) frag {
	s := f.String()
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+,=%", r))
	}) < 0 {
		return f
	}
	if strings.ContainsAny(s, `$"`+"`\\") || strings.Contains(s, "\n") {
		return cat("'", f.mapText(func(s string) string { return strings.ReplaceAll(s, "'", `'\''`) }), "'")
	}
	return cat(`"`, f, `"`)
}

// yq renders a YAML scalar: plain when that reads back the same string,
// else quoted; a multi-line value needs a block (see yamlBlock).
func yq(f frag) frag {
	s := f.String()
	if yamlPlainSafe(s) {
		return f
	}
	if !strings.Contains(s, "'") && strings.Contains(s, `\`) {
		return cat("'", f, "'")
	}
	return dq(f)
}

func yamlPlainSafe(s string) bool {
	if s == "" || strings.ContainsAny(s, "\n\"'`{}[],&*#?|<>=!%@\\") {
		return false
	}
	if strings.Contains(s, ": ") || strings.HasSuffix(s, ":") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		return false
	}
	// numbers would be read back as numbers
	allNum := true
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.') {
			allNum = false
		}
	}
	return !allNum
}

// envq quotes a .env value: bare when safe, else double quotes.
func envq(f frag) frag {
	s := f.String()
	if strings.Contains(s, "\n") {
		if strings.Contains(s, `"`) {
			return cat("'", f, "'")
		}
		return cat(`"`, f, `"`)
	}
	if strings.ContainsAny(s, " #'\"$`\\") {
		if strings.ContainsAny(s, `$"\`+"`") && !strings.Contains(s, "'") {
			return cat("'", f, "'")
		}
		return dq(f)
	}
	return f
}

// propq escapes a .properties value.
func propq(f frag) frag {
	return f.mapText(func(s string) string {
		s = strings.ReplaceAll(s, `\`, `\\`)
		return strings.ReplaceAll(s, "\n", `\n`)
	})
}
