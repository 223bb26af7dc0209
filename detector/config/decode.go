package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Why two passes over the document: go-toml's decoder enforces TOML's
// rules (syntax, keys defined twice, tables redefined) and reports where
// they are broken; its parser then hands over every key and value with its
// byte range, so that each later check (a regular expression that does not
// compile, a sample the rule misses) can name its own line, array elements
// included. Decoding into Go structs instead would lose those positions.

// value is one TOML value and the line it starts on.
type value struct {
	line  int
	kind  unstable.Kind
	text  string  // a string's decoded text, or a scalar's raw text
	elems []value // an array's elements (not their own elements)
}

// table is a table of the schema ([rules], [allow] or one [[rule]]) with
// its keys in document order.
type table struct {
	name   string // "rules", "allow" or "rule"
	line   int    // its header, or the first key that defined it
	keys   map[string]value
	keyPos map[string]int // line of each key
}

func newTable(name string, line int) *table {
	return &table{name: name, line: line, keys: map[string]value{}, keyPos: map[string]int{}}
}

// document is a .keyguard.toml file as written, checked against the schema
// but not yet interpreted.
type document struct {
	rules, allow, github *table
	custom               []*table
}

// schema lists each table's keys.
var schema = map[string][]string{
	"rules":  {"disable"},
	"allow":  {"paths", "values"},
	"github": {"issues", "commit_comments", "revoke_github_tokens"},
	"rule": {
		"id", "title", "provider", "provider_name", "env_var", "rotate_url", "kind", "severity",
		"keywords", "regex", "entropy", "examples", "match", "no_match",
	},
}

type decoder struct {
	name string
	p    unstable.Parser
	nl   []int // offsets of the document's newlines
	doc  document
	cur  *table // the table the current header opened; nil at the top
	errs errorList
}

// decode checks data as TOML, then against the schema.
func decode(name string, data []byte) (*document, errorList) {
	d := &decoder{name: name}
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		line := 1
		msg := err.Error()
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ = de.Position()
			msg = de.Error()
		}
		d.errorf(line, "%s", strings.TrimPrefix(msg, "toml: "))
		return nil, d.errs
	}
	for i, c := range data {
		if c == '\n' {
			d.nl = append(d.nl, i)
		}
	}
	d.p.Reset(data)
	for d.p.NextExpression() {
		d.expression(d.p.Expression())
	}
	if err := d.p.Error(); err != nil {
		// The decoder accepted the document, so the parser should too.
		d.errorf(1, "%s", err)
	}
	return &d.doc, d.errs
}

func (d *decoder) errorf(line int, format string, args ...any) {
	d.errs.add(d.name, line, fmt.Sprintf(format, args...))
}

// line returns the line a node starts on, or def when the node has no
// range of its own (arrays, table headers).
func (d *decoder) line(n *unstable.Node, def int) int {
	if n.Raw.Length == 0 {
		if n.Kind == unstable.Array && n.Child() != nil {
			return d.line(n.Child(), def)
		}
		return def
	}
	return sort.SearchInts(d.nl, int(n.Raw.Offset)) + 1
}

// key returns a key's parts and the line of its first part.
func (d *decoder) key(it unstable.Iterator) ([]string, int) {
	var parts []string
	line := 0
	for it.Next() {
		n := it.Node()
		if line == 0 {
			line = d.line(n, 1)
		}
		parts = append(parts, string(n.Data))
	}
	return parts, line
}

func (d *decoder) expression(n *unstable.Node) {
	switch n.Kind {
	case unstable.Table, unstable.ArrayTable:
		key, line := d.key(n.Key())
		d.header(key, line, n.Kind == unstable.ArrayTable)
	case unstable.KeyValue:
		key, line := d.key(n.Key())
		if d.cur == nil {
			d.topKey(key, line, n.Value())
		} else {
			d.tableKey(d.cur, key, line, n.Value())
		}
	}
}

// header opens [rules], [allow] or a new [[rule]].
func (d *decoder) header(key []string, line int, array bool) {
	d.cur = nil
	name := strings.Join(key, ".")
	switch {
	case array && name == "rule":
		d.cur = newTable("rule", line)
		d.doc.custom = append(d.doc.custom, d.cur)
	case !array && (name == "rules" || name == "allow" || name == "github"):
		d.cur = d.section(name, line)
	case !array && name == "rule":
		d.errorf(line, "custom rules are [[rule]] tables, with double brackets")
	case array:
		d.errorf(line, "unknown table [[%s]]%s", name, suggest(name, "rules", "allow", "github", "rule"))
	default:
		d.errorf(line, "unknown table [%s]%s", name, suggest(name, "rules", "allow", "github", "rule"))
	}
	if d.cur == nil {
		// Keys under an unknown table are not checked: the table's own
		// error says what is wrong.
		d.cur = newTable("", line)
	}
}

// section returns [rules], [allow] or [github], created on first use.
func (d *decoder) section(name string, line int) *table {
	p := &d.doc.rules
	switch name {
	case "allow":
		p = &d.doc.allow
	case "github":
		p = &d.doc.github
	}
	if *p == nil {
		*p = newTable(name, line)
	}
	return *p
}

// topKey handles a key outside any table header: rules.disable = […],
// allow = {…}, rule = [{…}, …].
func (d *decoder) topKey(key []string, line int, v *unstable.Node) {
	switch key[0] {
	case "rules", "allow", "github":
		t := d.section(key[0], line)
		if len(key) > 1 {
			d.tableKey(t, key[1:], line, v)
			return
		}
		if v.Kind != unstable.InlineTable {
			d.errorf(line, "%s must be a table", key[0])
			return
		}
		d.inline(t, v, line)
	case "rule":
		if len(key) > 1 || v.Kind != unstable.Array {
			d.errorf(line, "custom rules are [[rule]] tables, with double brackets")
			return
		}
		for it := v.Children(); it.Next(); {
			e := it.Node()
			if e.Kind != unstable.InlineTable {
				d.errorf(d.line(e, line), "custom rules are [[rule]] tables, with double brackets")
				continue
			}
			t := newTable("rule", d.line(e, line))
			d.doc.custom = append(d.doc.custom, t)
			d.inline(t, e, line)
		}
	default:
		name := strings.Join(key, ".")
		d.errorf(line, "unknown key %q%s", name, suggest(key[0], "rules", "allow", "github", "rule"))
	}
}

// inline reads the keys of an inline table into t.
func (d *decoder) inline(t *table, v *unstable.Node, line int) {
	for it := v.Children(); it.Next(); {
		kv := it.Node()
		key, kline := d.key(kv.Key())
		if kline == 0 {
			kline = line
		}
		d.tableKey(t, key, kline, kv.Value())
	}
}

// tableKey records one key of a schema table.
func (d *decoder) tableKey(t *table, key []string, line int, v *unstable.Node) {
	if t.name == "" {
		return
	}
	name := strings.Join(key, ".")
	where := "[" + t.name + "]"
	if t.name == "rule" {
		where = "[[rule]]"
	}
	if len(key) > 1 || !known(t.name, name) {
		d.errorf(line, "unknown key %q in %s%s", name, where, suggest(name, schema[t.name]...))
		return
	}
	t.keys[name] = d.value(v, line)
	t.keyPos[name] = line
}

func known(table, key string) bool {
	for _, k := range schema[table] {
		if k == key {
			return true
		}
	}
	return false
}

// value copies a node (the parser reuses its storage) with its line; an
// array's elements are copied one level deep, which is all the schema has.
func (d *decoder) value(n *unstable.Node, keyLine int) value {
	v := value{line: d.line(n, keyLine), kind: n.Kind}
	switch n.Kind {
	case unstable.Array:
		for it := n.Children(); it.Next(); {
			e := it.Node()
			ev := value{line: d.line(e, v.line), kind: e.Kind}
			if e.Kind == unstable.String {
				ev.text = string(e.Data)
			}
			v.elems = append(v.elems, ev)
		}
	case unstable.InlineTable:
	case unstable.Bool:
		v.text = string(n.Data) // "true" or "false"
	default:
		v.text = string(n.Data)
	}
	return v
}

// kindName names a TOML type for error messages.
func kindName(k unstable.Kind) string {
	switch k {
	case unstable.String:
		return "a string"
	case unstable.Integer:
		return "an integer"
	case unstable.Float:
		return "a float"
	case unstable.Bool:
		return "a boolean"
	case unstable.Array:
		return "an array"
	case unstable.InlineTable:
		return "a table"
	}
	return "a date or time"
}

// suggest returns ` (did you mean "x"?)` when one of the choices is a
// likely typo of s, else "".
func suggest(s string, choices ...string) string {
	best, bestD := "", 3
	for _, c := range choices {
		if d := distance(s, c); d < bestD && d < len(c) {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, with a swap of
// two adjacent letters counted once (disabel, disable).
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
