package corpus

import (
	"regexp"
	"strings"

	"github.com/keyguard-dev/keyguard/detector"
)

// provEntry is a provider secret ready to be embedded: an entry whose value
// holds the secret (labelled with the rule), sometimes inside a carrier
// such as a URL or a connection string.
type provEntry struct {
	rule  string
	e     entry
	value string // the labelled secret itself
	// standalone: the carrier alone is reported by the rule, so it may go
	// where no name says what it is (an Authorization header, a CLI flag).
	standalone bool
	// special names a value that only makes sense inside its own
	// document ("gcp-sa", "pub-credentials") or header ("cookie").
	special string
	// extra holds further labelled secrets of a special document.
	extra frag
}

// tokenish reports whether the carrier is one word: it fits in a header,
// a CLI flag or a function argument.
func (p provEntry) tokenish() bool {
	s := p.e.v.f.String()
	return p.special == "" && !strings.ContainsAny(s, " \t\n\"'`\\")
}

type provPlacement struct {
	fileType int
	entry    provEntry
}

// envAssign matches a sample of the form NAME=value (a .env line).
var envAssign = regexp.MustCompile(`(?s)^(?:export\s+)?([A-Z][A-Z0-9_]*[A-Z0-9])=(.*)$`)

// specials are rules whose value needs its own document.
var specials = map[string]string{
	"gcp-service-account-key": "gcp-sa",
	"pub-dev-credentials":     "pub-credentials",
	"gitlab-session-cookie":   "cookie",
}

// specialTypes are the file types each special document is written into.
var specialTypes = map[string][]string{
	"gcp-sa":          {"json/config", "yaml/k8s", "env", "python", "hcl", "markdown", "shell"},
	"pub-credentials": {"json/config", "shell", "markdown", "yaml/actions"},
	"cookie":          {"shell", "markdown", "python", "javascript", "go"},
}

// providerPlacements samples a value for every provider rule and assigns
// three placements per rule to distinct file types. It returns the rules
// for which no sample yields a finding.
func (c *gen) providerPlacements() ([]provPlacement, []string) {
	var out []provPlacement
	var skipped []string
	for _, r := range ProviderRules() {
		if urlPasswordRules[r.ID] {
			continue // planted as generic positives (passwords in URLs)
		}
		first, ok := c.sampleProvider(r)
		if !ok {
			skipped = append(skipped, r.ID)
			continue
		}
		types := c.typesFor(first)
		n := min(3, len(types))
		for i := 0; i < n; i++ {
			p := first
			if i > 0 {
				if q, ok := c.sampleProvider(r); ok {
					p = q
				}
			}
			out = append(out, provPlacement{fileType: types[i], entry: p})
		}
	}
	return out, skipped
}

// typesFor returns candidate file types for a provider value, shuffled.
func (c *gen) typesFor(p provEntry) []int {
	var out []int
	if p.special != "" {
		for _, name := range specialTypes[p.special] {
			out = append(out, typeIndex(name))
		}
		shuffle(c, out)
		return out
	}
	ml := p.e.v.multiline()
	for i, t := range fileTypes {
		if !t.carriesSecrets {
			continue
		}
		if ml && !t.multiline {
			continue
		}
		out = append(out, i)
	}
	shuffle(c, out)
	return out
}

// sampleProvider expands the rule's Match samples until one yields a
// finding of the rule, and returns the reported value ready to embed.
// Samples of the form NAME=value are preferred: they give the variable
// name people use, and the whole value when the rule reports only part
// of it (a SAS URL's signature, a DSN's key).
func (c *gen) sampleProvider(r detector.Rule) (provEntry, bool) {
	order := make([]int, len(r.Match))
	for i := range order {
		order[i] = i
	}
	shuffle(c, order)
	envName := ""
	for _, i := range order {
		if m := envAssign.FindStringSubmatch(r.Match[i]); m != nil && envName == "" {
			envName = m[1]
		}
	}
	// Env-shaped samples first, then the others.
	sortStable(order, func(i int) bool { return envAssign.MatchString(r.Match[i]) })
	for attempt := 0; attempt < 6; attempt++ {
		for _, i := range order {
			text := c.g.Expand(r.Match[i])
			f, ok := c.findRule(r.ID, text)
			if !ok {
				continue
			}
			value := text[f.Start:f.End]
			pe := provEntry{rule: r.ID, value: value, special: specials[r.ID]}
			name := envName
			carrier := pos(value, r.ID, ClassProvider)
			if m := envAssign.FindStringSubmatchIndex(text); m != nil {
				name = text[m[2]:m[3]]
				vs, ve := m[4], m[5]
				if raw := text[vs:ve]; len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[len(raw)-1] == raw[0] {
					vs++
					ve--
				}
				if f.Start >= vs && f.End <= ve {
					carrier = c.labelAll(text, vs, ve)
				}
			}
			if name == "" {
				name = c.providerEnv(r)
			}
			// A key block copied from a one-line .env value holds "\n"
			// escapes: in a new file it is the key itself, with newlines.
			if cs := carrier.String(); strings.Contains(cs, "-----BEGIN") && strings.Contains(cs, `\n`) && !strings.Contains(cs, "\n") && pe.special == "" {
				carrier = carrier.mapValue(func(s string) string {
					return strings.ReplaceAll(strings.ReplaceAll(s, `\\n`, "\n"), `\n`, "\n")
				})
			}
			pe.e = entry{words: c.provWords(r), env: name, v: lit(carrier)}
			if pe.special != "" {
				c.buildSpecial(&pe)
			}
			if g, ok := c.findRule(r.ID, carrier.String()); ok && g.Start >= 0 {
				pe.standalone = true
			}
			return pe, true
		}
	}
	return provEntry{}, false
}

func sortStable(xs []int, first func(int) bool) {
	var a, b []int
	for _, x := range xs {
		if first(x) {
			a = append(a, x)
		} else {
			b = append(b, x)
		}
	}
	copy(xs, append(a, b...))
}

// labelAll returns text[vs:ve] with every finding inside it labelled: a
// carrier (a connection string, a token pair) may hold more than one.
func (c *gen) labelAll(text string, vs, ve int) frag {
	var out frag
	at := vs
	for _, f := range c.scanner.Scan(detector.Fragment{Path: "sample.txt", Data: []byte(text)}) {
		if f.Start < at || f.End > ve {
			continue
		}
		out = append(out, cat(text[at:f.Start], pos(text[f.Start:f.End], f.RuleID, ClassOf(f.RuleID)))...)
		at = f.End
	}
	return append(out, cat(text[at:ve])...)
}

// findRule scans text alone and returns the rule's finding.
func (c *gen) findRule(id, text string) (detector.Finding, bool) {
	for _, f := range c.scanner.Scan(detector.Fragment{Path: "sample.txt", Data: []byte(text)}) {
		if f.RuleID == id {
			return f, true
		}
	}
	return detector.Finding{}, false
}

func (c *gen) providerEnv(r detector.Rule) string {
	for _, p := range detector.Providers() {
		if p.ID == r.Provider {
			return p.EnvVar
		}
	}
	return upper(words(r.Provider)) + "_TOKEN"
}

var titleStop = map[string]bool{"a": true, "an": true, "the": true, "in": true, "of": true, "legacy": true, "for": true, "format": true}

var parenthetical = regexp.MustCompile(`\([^)]*\)`)

// provWords names a provider secret in code: the provider's words and the
// credential's title ("datadog api key", "slack bot token").
func (c *gen) provWords(r detector.Rule) []string {
	if r.Provider == "private-key" {
		switch r.ID {
		case "private-key-pgp":
			return words(pick(c, "gpg private key", "signing key", "release signing key"))
		case "private-key-openssh", "private-key-putty":
			return words(pick(c, "ssh private key", "deploy key", "ssh key"))
		}
		return words(pick(c, "tls private key", "jwt signing key", "private key", "server key", "saml signing key"))
	}
	t := parenthetical.ReplaceAllString(r.Title, "")
	var tw []string
	for _, w := range words(t) {
		if !titleStop[w] && !strings.ContainsAny(w, "#+") {
			tw = append(tw, w)
		}
	}
	pw := words(r.Provider)
	all := true
	for _, w := range pw {
		if !contains(tw, w) {
			all = false
		}
	}
	if all {
		return tw
	}
	out := append([]string(nil), pw...)
	for _, w := range tw {
		if !contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// buildSpecial makes the document a special value lives in.
func (c *gen) buildSpecial(pe *provEntry) {
	switch pe.special {
	case "gcp-sa":
		proj := pick(c, "build", "etl", "analytics", "prod-api", "data") + "-" + c.rnd(digits, 6)
		sa := pick(c, "deployer", "ci", "etl-runner", "backup")
		doc := lines(
			cat("{"),
			cat(`  "type": "service_account",`),
			cat(`  "project_id": "`, proj, `",`),
			cat(`  "private_key_id": "`, neg(c.rnd(hexLow, 40), "key-id"), `",`),
			cat(`  "private_key": "`, pos(pe.value, pe.rule, ClassProvider), `",`),
			cat(`  "client_email": "`, sa, "@", proj, `.iam.gserviceaccount.com",`),
			cat(`  "client_id": "`, c.rnd(digits, 21), `",`),
			cat(`  "auth_uri": "https://accounts.google.com/o/oauth2/auth",`),
			cat(`  "token_uri": "https://oauth2.googleapis.com/token",`),
			cat(`  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",`),
			cat(`  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/`, sa, "%40", proj, `.iam.gserviceaccount.com",`),
			cat(`  "universe_domain": "googleapis.com"`),
			cat("}"),
		)
		pe.e = entry{words: words("google service account json"), env: "GOOGLE_CREDENTIALS", v: lit(doc)}
	case "pub-credentials":
		access := ""
		if r, ok := ruleByID("google-oauth-access-token"); ok {
			if p, ok := c.sampleValue(r); ok {
				access = p
			}
		}
		var at frag
		if access != "" {
			at = cat(`"accessToken":"`, pos(access, "google-oauth-access-token", ClassProvider), `",`)
		}
		doc := cat("{", at, `"refreshToken":"`, pos(pe.value, pe.rule, ClassProvider),
			`","idToken":null,"tokenEndpoint":"https://accounts.google.com/o/oauth2/token","scopes":["openid","https://www.googleapis.com/auth/userinfo.email"],"expiration":`,
			"17"+c.rnd(digits, 11), "}")
		pe.e = entry{words: words("pub credentials"), env: "PUB_CREDENTIALS", v: lit(doc)}
	case "cookie":
		pe.e = entry{words: words("gitlab session"), env: "GITLAB_SESSION", v: lit(pos(pe.value, pe.rule, ClassProvider))}
	}
}

func ruleByID(id string) (detector.Rule, bool) {
	for _, r := range detector.Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return detector.Rule{}, false
}

// sampleValue returns a bare value of rule r.
func (c *gen) sampleValue(r detector.Rule) (string, bool) {
	for attempt := 0; attempt < 4; attempt++ {
		for _, m := range r.Match {
			text := c.g.Expand(m)
			if f, ok := c.findRule(r.ID, text); ok {
				return text[f.Start:f.End], true
			}
		}
	}
	return "", false
}
