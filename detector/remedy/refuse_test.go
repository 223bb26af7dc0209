package remedy

import (
	"testing"
)

// refusal is a line Rewrite must not rewrite, and why. start and end
// override the secret's span when set (end 0 means unset).
type refusal struct {
	name, path, line, secret, env, why string
	start, end                         int
}

var refusals = []refusal{
	// Arguments that make no sense.
	{name: "negative start", path: "a.go", line: `k := "SECRETVALUE"`, start: -1, end: 5, why: "start < 0"},
	{name: "end past the line", path: "a.go", line: `k := "SECRETVALUE"`, start: 6, end: 99, why: "end > len(line)"},
	{name: "empty span", path: "a.go", line: `k := "SECRETVALUE"`, start: 6, end: 6, why: "start == end"},
	{name: "reversed span", path: "a.go", line: `k := "SECRETVALUE"`, start: 9, end: 6, why: "start > end"},
	{name: "start inside a rune", path: "a.go", line: `k := "éSECRETVALUE"`, start: 7, end: 19, why: "start splits é"},
	{name: "end inside a rune", path: "a.go", line: `k := "SECRETVALUEé"`, start: 6, end: 18, why: "end splits é"},
	{name: "lower-case variable", path: "a.go", line: `k := "SECRETVALUE"`, env: "api_key", why: "not [A-Z_][A-Z0-9_]*"},
	{name: "variable starts with a digit", path: "a.go", line: `k := "SECRETVALUE"`, env: "1KEY", why: "not an identifier"},
	{name: "variable with a dash", path: "a.go", line: `k := "SECRETVALUE"`, env: "API-KEY", why: "not an identifier"},
	{name: "variable of punctuation", path: "a.go", line: `k := "SECRETVALUE"`, env: "-", why: "no name"},
	{name: "variable with a quote", path: "a.go", line: `k := "SECRETVALUE"`, env: `A")+os.Getenv("B`, why: "would inject code"},

	// Files without an environment lookup, or where one is wrong.
	{name: "unknown extension", path: "notes.txt", line: `key: SECRETVALUE`, why: "no language"},
	{name: "no extension, not an export", path: "bin/run", line: `KEY=SECRETVALUE`, why: "shell only when the line is an export"},
	{name: "dotenv", path: ".env", line: `API_KEY=SECRETVALUE`, why: "a .env file is where the secret belongs"},
	{name: "dotenv variant", path: "deploy/.env.production", line: `API_KEY=SECRETVALUE`, why: "a .env file"},
	{name: "json", path: "config.json", line: `  "apiKey": "SECRETVALUE",`, why: "JSON expands nothing"},
	{name: "plain yaml", path: "k8s/secret.yaml", line: `  token: SECRETVALUE`, why: "Kubernetes YAML expands nothing"},
	{name: "dockerfile ENV", path: "Dockerfile", line: `ENV API_KEY=SECRETVALUE`, why: "ARG and ENV stay in the image history"},
	{name: "dockerfile variant", path: "build/api.Dockerfile", line: `ARG API_KEY=SECRETVALUE`, why: "ARG stays in the image history"},
	{name: "tfvars", path: "prod.tfvars", line: `db_password = "SECRETVALUE"`, why: "a .tfvars file cannot reference a variable"},
	{name: "xml", path: "web.config", line: `<add key="ApiKey" value="SECRETVALUE" />`, why: "no clean XML form"},
	{name: "actions secret named GITHUB_", path: ".github/workflows/ci.yml", line: `  token: SECRETVALUE`, env: "GITHUB_PAT",
		why: "GitHub refuses secret names starting with GITHUB_"},

	// The secret is not where a lookup can stand.
	{name: "go comment", path: "a.go", line: `	// old key: SECRETVALUE`, why: "a comment is not code"},
	{name: "go block comment", path: "a.go", line: `	x := 1 /* SECRETVALUE */`, why: "a comment is not code"},
	{name: "go bare identifier", path: "a.go", line: `	key := SECRETVALUE`, why: "code has no bare values"},
	{name: "go unterminated literal", path: "a.go", line: `	key := "SECRETVALUE`, why: "the literal does not close on this line"},
	{name: "go raw string that opens here", path: "a.go", line: "\tkey := `SECRETVALUE", why: "raw string spans lines"},
	{name: "python comment", path: "a.py", line: `# API_KEY = "SECRETVALUE"`, why: "a comment is not code"},
	{name: "python unknown prefix", path: "a.py", line: `key = xr"SECRETVALUE"`, why: "not a string prefix"},
	{name: "js tagged template", path: "a.js", line: "const q = sql`SECRETVALUE`;", why: "the tag would be left dangling"},
	{name: "c wide string", path: "a.c", line: `wchar_t *k = L"SECRETVALUE";`, why: "unknown prefix"},
	{name: "secret straddles a literal", path: "a.go", line: `	key := "SECRET" + VALUE`, secret: `SECRET" + VALUE`, why: "half code, half literal"},
	{name: "same secret twice", path: "a.go", line: `	a, b := "SECRETVALUE", "SECRETVALUE"`, why: "the second would remain"},
	{name: "secret also in a comment", path: "a.go", line: `	k := "SECRETVALUE" // was SECRETVALUE`, why: "the comment would remain"},
	{name: "shell comment", path: "a.sh", line: `# export KEY=SECRETVALUE`, why: "a comment is not code"},
	{name: "shell word mixing quotes", path: "a.sh", line: `KEY=SECRETVALUE"x"`, why: "a word half quoted"},
	{name: "yaml mapping key", path: "compose.yml", line: `  SECRETVALUE: true`, why: "a key, not a value"},
	{name: "yaml comment", path: "compose.yml", line: `  # token: SECRETVALUE`, why: "a comment"},
	{name: "properties comment", path: "a.properties", line: `  ! key=SECRETVALUE`, why: "a comment"},
	{name: "properties secret in the key", path: "a.properties", line: `SECRETVALUE=1`, why: "a key, not a value"},
	{name: "properties continuation", path: "a.properties", line: `key=SECRETVALUE\`, why: "the value goes on"},
	{name: "maven comment", path: "pom.xml", line: `<!-- <password>SECRETVALUE</password> -->`, why: "a comment"},
	{name: "maven attribute", path: "pom.xml", line: `<server password="SECRETVALUE"/>`, why: "no element text"},

	// Constants that cannot hold a lookup.
	{name: "csharp const", path: "a.cs", line: `    private const string Key = "SECRETVALUE";`, why: "a C# const cannot call a method"},
	{name: "rust const", path: "a.rs", line: `pub const KEY: &str = "SECRETVALUE";`, why: "a Rust const cannot call env::var"},
	{name: "rust static", path: "a.rs", line: `static KEY: &'static str = "SECRETVALUE";`, why: "a Rust static cannot either"},
	{name: "php class constant", path: "a.php", line: `    const KEY = 'SECRETVALUE';`, why: "class constants are constant expressions"},
	{name: "cpp constexpr", path: "a.cpp", line: `constexpr auto key = "SECRETVALUE";`, why: "getenv is not constexpr"},
	{name: "dart const constructor", path: "a.dart", line: `final c = const Config('SECRETVALUE');`, why: "const after = is part of the value"},
	{name: "terraform variable default", path: "variables.tf", line: `  default = "SECRETVALUE"`, why: "a variable cannot default to a variable"},
}

func TestRewriteRefuses(t *testing.T) {
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			start, end := c.start, c.end
			if end == 0 {
				start, end = rewriteCase{name: c.name, line: c.line, secret: c.secret}.span()
			}
			env := c.env
			if env == "" {
				env = "API_KEY"
			}
			if got, ok := Rewrite(c.path, c.line, start, end, env); ok || got != "" {
				t.Errorf("Rewrite(%q, %q, %d, %d, %q) = %q, %v; want \"\", false (%s)", c.path, c.line, start, end, env, got, ok, c.why)
			}
		})
	}
}
