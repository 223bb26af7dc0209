package detector

// Provider is what people need to act on a leaked credential. Hook and App
// render remediation from this table only.
type Provider struct {
	ID   string // kebab-case key used by rules
	Name string // display name
	// EnvVar is the environment variable people conventionally read the
	// credential from (OPENAI_API_KEY); remediation suggests it.
	EnvVar string
	// RotateURL is where the owner revokes or rotates the credential.
	RotateURL string
	// DocsURL documents the credential's format or handling.
	DocsURL string
}

// Providers returns the built-in provider table.
func Providers() []Provider {
	out := make([]Provider, 0, 160)
	for _, family := range providerFamilies {
		out = append(out, family...)
	}
	return out
}

// providerFamilies is the provider table, split by family in the same files
// as their rules so that a family can be read in one place.
var providerFamilies [][]Provider

// ruleFamilies is the rule table, split the same way.
var ruleFamilies [][]Rule

// register is called from each rules_<family>.go file's init: the table is
// still data, merely kept beside the rules it serves.
func register(providers []Provider, rules []Rule) bool {
	providerFamilies = append(providerFamilies, providers)
	ruleFamilies = append(ruleFamilies, rules)
	return true
}

// Rules returns a copy of the built-in rule table.
func Rules() []Rule {
	out := make([]Rule, 0, 200)
	for _, family := range ruleFamilies {
		out = append(out, family...)
	}
	return out
}
