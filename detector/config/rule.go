package config

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// newProvider is a provider that custom rules introduce; several rules
// may name it, and those that describe it must agree.
type newProvider struct {
	p     detector.Provider
	lines map[string]int // key -> line where it was first given
}

// customRules builds the [[rule]] tables into f and returns the IDs of
// those that were valid enough to be named by rules.disable.
func (b *builder) customRules(tables []*table, f *File) map[string]bool {
	ids := map[string]bool{}
	idLine := map[string]int{}
	providers := map[string]*newProvider{}
	var order []string
	for _, t := range tables {
		before := len(b.errs)
		r, ok := b.rule(t, idLine, providers, &order)
		if ok {
			ids[r.ID] = true
		}
		if len(b.errs) > before {
			continue
		}
		if err := r.Validate(); err != nil {
			b.errorf(t.line, "%s", strings.TrimPrefix(err.Error(), "detector: "))
			continue
		}
		b.samples(t, r)
		f.Rules = append(f.Rules, r)
	}
	for _, id := range order {
		f.Providers = append(f.Providers, providers[id].p)
	}
	return ids
}

// rule reads one [[rule]] table; ok reports whether its ID is valid.
func (b *builder) rule(t *table, idLine map[string]int, providers map[string]*newProvider, order *[]string) (r detector.Rule, ok bool) {
	r = detector.Rule{Kind: detector.KindSecret, Severity: detector.SeverityHigh}
	builtinRules, builtinProviders := builtins()

	id, line, present := b.str(t, "id")
	switch {
	case !present:
		if _, given := t.keys["id"]; !given {
			b.errorf(t.line, "[[rule]] has no id")
		}
	case !detector.ValidRuleID(id):
		b.errorf(line, "id: %q is not a rule ID (lowercase letters, digits and single dashes, like \"acme-api-key\")", id)
	case builtinRules[id]:
		b.errorf(line, "id: %q is a built-in rule; pick another ID, or disable the built-in rule", id)
	case idLine[id] != 0:
		b.errorf(line, "id: %q is already the ID of the rule on line %d", id, idLine[id])
	default:
		idLine[id] = line
		r.ID, ok = id, true
	}
	name := "rule " + r.ID
	if r.ID == "" {
		name = "[[rule]]"
	}

	r.Title = b.required(t, "title", name)
	r.Provider = b.required(t, "provider", name)
	if r.Provider != "" {
		b.provider(t, r, builtinProviders[r.Provider], providers, order)
	}

	if s, line, present := b.str(t, "kind"); present {
		switch k := detector.Kind(s); k {
		case detector.KindSecret, detector.KindPublishable, detector.KindTest:
			r.Kind = k
		default:
			b.errorf(line, "kind: %q is not secret, publishable or test", s)
		}
	}
	if s, line, present := b.str(t, "severity"); present {
		switch v := detector.Severity(s); v {
		case detector.SeverityCritical, detector.SeverityHigh, detector.SeverityMedium, detector.SeverityLow:
			r.Severity = v
		default:
			b.errorf(line, "severity: %q is not critical, high, medium or low", s)
		}
	}

	kws := b.strings(t, "keywords")
	for _, v := range kws {
		if v.text == "" {
			b.errorf(v.line, "keywords: a keyword cannot be empty")
			continue
		}
		r.Keywords = append(r.Keywords, v.text)
	}
	if len(kws) == 0 {
		if v, given := t.keys["keywords"]; !given {
			b.errorf(t.line, "%s has no keywords: the rule runs only near one of them", name)
		} else if v.kind == unstable.Array {
			b.errorf(v.line, "keywords: at least one keyword is needed: the rule runs only near one of them")
		}
	}

	if expr := b.required(t, "regex", name); expr != "" {
		re, err := regexp.Compile(expr)
		switch {
		case err != nil:
			b.errorf(t.keyPos["regex"], "regex: %v", err)
		case re.NumSubexp() > 1:
			b.errorf(t.keyPos["regex"], "regex: %d capture groups; the secret is the one group, make the others (?:…)", re.NumSubexp())
		default:
			r.Pattern = expr
		}
	}

	if v, given := t.keys["entropy"]; given {
		e, err := number(v)
		switch {
		case err != nil:
			b.errorf(v.line, "entropy: %v", err)
		case e < 0 || e > 8:
			b.errorf(v.line, "entropy: %s is not between 0 and 8 bits per byte", v.text)
		default:
			r.MinEntropy = e
		}
	}

	for _, v := range b.strings(t, "examples") {
		r.Examples = append(r.Examples, v.text)
	}
	return r, ok
}

// required returns a string key that must be present and non-empty.
func (b *builder) required(t *table, key, rule string) string {
	s, line, present := b.str(t, key)
	switch {
	case present && s == "":
		b.errorf(line, "%s cannot be empty", key)
	case !present:
		if _, given := t.keys[key]; !given {
			b.errorf(t.line, "%s has no %s", rule, key)
		}
	}
	return s
}

// provider checks a rule's provider and records a new one.
func (b *builder) provider(t *table, r detector.Rule, builtin bool, providers map[string]*newProvider, order *[]string) {
	id := r.Provider
	line := t.keyPos["provider"]
	if !detector.ValidRuleID(id) {
		b.errorf(line, "provider: %q is not a provider ID (lowercase letters, digits and single dashes)", id)
		return
	}
	described := map[string]string{}
	for _, key := range []string{"provider_name", "env_var", "rotate_url"} {
		s, line, present := b.str(t, key)
		if !present {
			continue
		}
		switch {
		case builtin:
			b.errorf(line, "%s: provider %q is built in; provider_name, env_var and rotate_url describe new providers only", key, id)
			continue
		case s == "":
			b.errorf(line, "%s cannot be empty", key)
			continue
		case key == "env_var" && !envVar.MatchString(s):
			b.errorf(line, "env_var: %q is not an environment variable name (UPPER_SNAKE_CASE)", s)
			continue
		case key == "rotate_url" && !httpsURL(s):
			b.errorf(line, "rotate_url: %q is not an https URL", s)
			continue
		}
		described[key] = s
	}
	if builtin {
		return
	}
	np := providers[id]
	if np == nil {
		np = &newProvider{
			p:     detector.Provider{ID: id, Name: id, EnvVar: strings.ToUpper(strings.ReplaceAll(r.ID, "-", "_"))},
			lines: map[string]int{},
		}
		providers[id] = np
		*order = append(*order, id)
	}
	for _, key := range []string{"provider_name", "env_var", "rotate_url"} {
		s, ok := described[key]
		if !ok {
			continue
		}
		field := &np.p.Name
		switch key {
		case "env_var":
			field = &np.p.EnvVar
		case "rotate_url":
			field = &np.p.RotateURL
		}
		if first, seen := np.lines[key]; seen {
			if *field != s {
				b.errorf(t.keyPos[key], "%s: provider %q already has %s %q (line %d)", key, id, key, *field, first)
			}
			continue
		}
		np.lines[key] = t.keyPos[key]
		*field = s
	}
}

var envVar = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)

func httpsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

// number reads an integer or float value.
func number(v value) (float64, error) {
	text := strings.ReplaceAll(v.text, "_", "")
	switch v.kind {
	case unstable.Integer:
		n, err := strconv.ParseInt(text, 0, 64)
		if err != nil {
			return 0, fmt.Errorf("%s is not a number", v.text)
		}
		return float64(n), nil
	case unstable.Float:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%s is not a finite number", v.text)
		}
		return f, nil
	}
	return 0, fmt.Errorf("must be a number, not %s", kindName(v.kind))
}

// maxSample bounds a sample's expanded length, so that a short template
// cannot ask for megabytes ({{an:65536}} a thousand times).
const maxSample = 16 << 10

// samples checks a rule against its match and no_match samples. Samples
// are synth templates, expanded with a fixed seed: the same file always
// yields the same samples.
func (b *builder) samples(t *table, r detector.Rule) {
	match, noMatch := b.strings(t, "match"), b.strings(t, "no_match")
	if len(match)+len(noMatch) == 0 {
		return
	}
	s, err := detector.New(detector.Config{Rules: []detector.Rule{r}})
	if err != nil {
		b.errorf(t.line, "%s", strings.TrimPrefix(err.Error(), "detector: "))
		return
	}
	gen := synth.New(1)
	check := func(v value, key string, want bool) {
		if n := sampleSize(v.text, 0); n > maxSample {
			b.errorf(v.line, "%s: the sample is longer than %d KiB", key, maxSample>>10)
			return
		}
		text, err := expand(gen, v.text)
		if err != nil {
			b.errorf(v.line, "%s: %v", key, err)
			return
		}
		// The sample is never quoted: it may hold a real key.
		found := len(s.Scan(detector.Fragment{Path: "sample", Data: []byte(text)})) > 0
		switch {
		case want && !found:
			b.errorf(v.line, "match: rule %s does not find this sample", r.ID)
		case !want && found:
			b.errorf(v.line, "no_match: rule %s finds this sample", r.ID)
		}
	}
	for _, v := range match {
		check(v, "match", true)
	}
	for _, v := range noMatch {
		check(v, "no_match", false)
	}
}

// placeholder is synth's template syntax.
var placeholder = regexp.MustCompile(`\{\{([a-zA-Z0-9]+)(?::([^}]*))?\}\}`)

// sampleSize bounds the length of a template's expansion.
func sampleSize(tmpl string, depth int) int {
	n := len(tmpl)
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		switch m[1] {
		case "b64of":
			if depth > 2 {
				return maxSample + 1
			}
			inner := strings.NewReplacer("((", "{{", "))", "}}").Replace(m[2])
			n += 2 * sampleSize(inner, depth+1)
		case "pem", "jwt", "uuid", "UUID", "open", "close":
			// A PEM block is about 1.7 KB; the others are shorter.
			n += 2048 + 2*len(m[2])
		default:
			// Lengths synth rejects make Expand fail instead.
			if k, err := strconv.Atoi(m[2]); err == nil && k > 0 {
				n += k + 6 // crc adds a 6-character checksum
			}
		}
		if n > maxSample {
			return n
		}
	}
	return n
}

// expand expands a template; synth panics on a bad placeholder (its
// templates are normally written by developers), which here is an error
// in the file.
func expand(gen *synth.Gen, tmpl string) (out string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s", strings.TrimPrefix(fmt.Sprint(p), "synth: "))
		}
	}()
	return gen.Expand(tmpl), nil
}
