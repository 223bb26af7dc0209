package remedy

import (
	"fmt"
	"strings"
	"testing"
)

// fake is the secret in most cases: obviously not a credential, so the
// repository scans clean, and sharing no four letters with the code
// around it.
const fake = "SECRETVALUE"

// rewriteCase is one line to rewrite. The secret is the first occurrence
// of secret in line (fake when empty).
type rewriteCase struct {
	name, path, line, secret, env, want string
}

func (c rewriteCase) span() (start, end int) {
	s := c.secret
	if s == "" {
		s = fake
	}
	start = strings.Index(c.line, s)
	if start < 0 {
		panic("test case " + c.name + ": secret not in line")
	}
	return start, start + len(s)
}

var rewrites = []rewriteCase{
	// Go
	{name: "go/quoted", path: "cmd/pay/main.go", env: "STRIPE_API_KEY",
		line: "\tstripeKey := \"SECRETVALUE\"", want: "\tstripeKey := os.Getenv(\"STRIPE_API_KEY\")"},
	{name: "go/raw string", path: "main.go", env: "API_KEY",
		line: "\tkey := `SECRETVALUE`", want: "\tkey := os.Getenv(\"API_KEY\")"},
	{name: "go/struct field, comma and comment kept", path: "config.go", env: "API_KEY",
		line: "\t\tAPIKey: \"SECRETVALUE\", // production", want: "\t\tAPIKey: os.Getenv(\"API_KEY\"), // production"},
	{name: "go/escaped quotes in an earlier literal", path: "x.go", env: "API_KEY",
		line: `	msg, key := "5\" screen", "SECRETVALUE"`, want: `	msg, key := "5\" screen", os.Getenv("API_KEY")`},
	{name: "go/raw string with quotes before", path: "x.go", env: "API_KEY",
		line: "\tre, key := `\"[a-z]+\"`, \"SECRETVALUE\"", want: "\tre, key := `\"[a-z]+\"`, os.Getenv(\"API_KEY\")"},
	{name: "go/rune literal of a quote before", path: "x.go", env: "API_KEY",
		line: `	q, key := '"', "SECRETVALUE"`, want: `	q, key := '"', os.Getenv("API_KEY")`},
	{name: "go/partial URL takes the whole literal", path: "db.go", env: "DATABASE_URL", secret: "xxxxxxxx",
		line: `	dsn := "postgres://app:xxxxxxxx@db:5432/app?sslmode=disable"`, want: `	dsn := os.Getenv("DATABASE_URL")`},
	{name: "go/const becomes var", path: "keys.go", env: "API_KEY",
		line: `const apiKey = "SECRETVALUE" // TODO rotate`, want: `var apiKey = os.Getenv("API_KEY") // TODO rotate`},
	{name: "go/block comment before", path: "x.go", env: "API_KEY",
		line: `	/* "old" */ key := "SECRETVALUE"`, want: `	/* "old" */ key := os.Getenv("API_KEY")`},
	{name: "go/multibyte text around", path: "x.go", env: "API_KEY",
		line: `	greet, key := "héllo wörld", "SECRETVALUE" // ключ`, want: `	greet, key := "héllo wörld", os.Getenv("API_KEY") // ключ`},
	{name: "go/secret span includes its quotes", path: "x.go", env: "API_KEY", secret: `"SECRETVALUE"`,
		line: `	key := "SECRETVALUE"`, want: `	key := os.Getenv("API_KEY")`},

	// JavaScript and TypeScript
	{name: "js/single quotes and semicolon", path: "src/pay.js", env: "STRIPE_API_KEY",
		line: "const stripe = require('stripe')('SECRETVALUE');", want: "const stripe = require('stripe')(process.env.STRIPE_API_KEY);"},
	{name: "js/template literal, partial", path: "api.mjs", env: "API_TOKEN",
		line: "  headers: { Authorization: `Bearer SECRETVALUE` },", want: "  headers: { Authorization: process.env.API_TOKEN },"},
	{name: "js/escaped quote before", path: "a.cjs", env: "API_KEY",
		line: `const a = 'it\'s', b = 'SECRETVALUE';`, want: `const a = 'it\'s', b = process.env.API_KEY;`},
	{name: "js/jsx attribute", path: "App.jsx", env: "MAPS_KEY",
		line: `  <Map apiKey={"SECRETVALUE"} />`, want: `  <Map apiKey={process.env.MAPS_KEY} />`},
	{name: "ts/typed field", path: "src/client.ts", env: "API_TOKEN",
		line: `  private readonly token: string = "SECRETVALUE";`, want: `  private readonly token: string = process.env.API_TOKEN;`},
	{name: "tsx", path: "Page.tsx", env: "API_KEY",
		line: `const key = "SECRETVALUE"; // see docs`, want: `const key = process.env.API_KEY; // see docs`},
	{name: "vue", path: "src/App.vue", env: "API_KEY",
		line: `      apiKey: 'SECRETVALUE',`, want: `      apiKey: process.env.API_KEY,`},
	{name: "svelte", path: "src/routes/+page.svelte", env: "API_KEY",
		line: `  const key = "SECRETVALUE";`, want: `  const key = process.env.API_KEY;`},

	// Python
	{name: "python/double quotes", path: "settings.py", env: "API_KEY",
		line: `API_KEY = "SECRETVALUE"`, want: `API_KEY = os.environ["API_KEY"]`},
	{name: "python/raw string and comment", path: "app.py", env: "API_KEY",
		line: `key = r'SECRETVALUE'  # from the dashboard`, want: `key = os.environ["API_KEY"]  # from the dashboard`},
	{name: "python/f-string, partial", path: "client.py", env: "API_TOKEN",
		line: `headers = {"Authorization": f"Bearer SECRETVALUE"}`, want: `headers = {"Authorization": os.environ["API_TOKEN"]}`},
	{name: "python/bytes literal stays bytes", path: "sign.py", env: "SIGNING_KEY",
		line: `key = b"SECRETVALUE"`, want: `key = os.environ["SIGNING_KEY"].encode()`},
	{name: "python/upper-case Rb prefix", path: "sign.py", env: "SIGNING_KEY",
		line: `key = Rb"SECRETVALUE"`, want: `key = os.environ["SIGNING_KEY"].encode()`},
	{name: "python/triple quotes", path: "x.py", env: "API_KEY",
		line: `KEY = """SECRETVALUE"""`, want: `KEY = os.environ["API_KEY"]`},
	{name: "python/escaped quotes before", path: "x.py", env: "API_KEY",
		line: `msg, key = "5\" screen", 'SECRETVALUE'`, want: `msg, key = "5\" screen", os.environ["API_KEY"]`},
	{name: "python/keyword argument", path: "x.py", env: "OPENAI_API_KEY",
		line: `    client = OpenAI(api_key="SECRETVALUE", timeout=30)`, want: `    client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], timeout=30)`},

	// Ruby
	{name: "ruby", path: "config/initializers/stripe.rb", env: "STRIPE_API_KEY",
		line: `Stripe.api_key = "SECRETVALUE"`, want: `Stripe.api_key = ENV.fetch("STRIPE_API_KEY")`},
	{name: "ruby/Rakefile", path: "Rakefile", env: "API_KEY",
		line: `  token = 'SECRETVALUE' # deploy`, want: `  token = ENV.fetch("API_KEY") # deploy`},
	{name: "ruby/Gemfile source URL, partial", path: "Gemfile", env: "GEM_SOURCE_URL", secret: "xxxxxxxx",
		line: `source "https://deploy:xxxxxxxx@gems.example.com/private"`, want: `source ENV.fetch("GEM_SOURCE_URL")`},

	// JVM
	{name: "java", path: "src/main/java/App.java", env: "API_KEY",
		line: `    private static final String KEY = "SECRETVALUE";`, want: `    private static final String KEY = System.getenv("API_KEY");`},
	{name: "java/char literal of a quote before", path: "A.java", env: "API_KEY",
		line: `char q = '"'; String k = "SECRETVALUE";`, want: `char q = '"'; String k = System.getenv("API_KEY");`},
	{name: "kotlin/const val becomes val", path: "Keys.kt", env: "API_KEY",
		line: `    private const val API_KEY = "SECRETVALUE"`, want: `    private val API_KEY = System.getenv("API_KEY")`},
	{name: "kotlin/raw string", path: "build.gradle.kts", env: "MAVEN_PASSWORD",
		line: `        password = """SECRETVALUE"""`, want: `        password = System.getenv("MAVEN_PASSWORD")`},
	{name: "scala", path: "App.scala", env: "API_KEY",
		line: `  val key = "SECRETVALUE"`, want: `  val key = sys.env("API_KEY")`},
	{name: "scala/interpolator, partial", path: "build.sbt", env: "API_TOKEN",
		line: `  val auth = s"Bearer SECRETVALUE"`, want: `  val auth = sys.env("API_TOKEN")`},
	{name: "groovy/gradle", path: "build.gradle", env: "MAVEN_PASSWORD",
		line: `            password 'SECRETVALUE'`, want: `            password System.getenv("MAVEN_PASSWORD")`},

	// C family
	{name: "csharp", path: "Program.cs", env: "API_KEY",
		line: `var key = "SECRETVALUE";`, want: `var key = Environment.GetEnvironmentVariable("API_KEY");`},
	{name: "csharp/verbatim string", path: "Program.cs", env: "API_KEY",
		line: `var path = @"C:\tmp\"; var key = @"SECRETVALUE";`, want: `var path = @"C:\tmp\"; var key = Environment.GetEnvironmentVariable("API_KEY");`},
	{name: "csharp/interpolated, partial", path: "Client.cs", env: "API_TOKEN",
		line: `client.DefaultRequestHeaders.Add("Authorization", $"Bearer SECRETVALUE");`,
		want: `client.DefaultRequestHeaders.Add("Authorization", Environment.GetEnvironmentVariable("API_TOKEN"));`},
	{name: "c", path: "src/net.c", env: "API_KEY",
		line: `    const char *key = "SECRETVALUE"; /* prod */`, want: `    const char *key = getenv("API_KEY"); /* prod */`},
	{name: "cpp", path: "src/net.cpp", env: "API_KEY",
		line: `    auto key = std::string("SECRETVALUE");`, want: `    auto key = std::string(std::getenv("API_KEY"));`},
	{name: "php", path: "config.php", env: "STRIPE_API_KEY",
		line: `$key = 'SECRETVALUE'; # live`, want: `$key = getenv('STRIPE_API_KEY'); # live`},
	{name: "php/define", path: "wp-config.php", env: "DB_PASSWORD",
		line: `define( 'DB_PASSWORD', 'SECRETVALUE' );`, want: `define( 'DB_PASSWORD', getenv('DB_PASSWORD') );`},

	// Rust, Swift, Dart, Elixir
	{name: "rust", path: "src/main.rs", env: "API_KEY",
		line: `    let key = "SECRETVALUE";`, want: `    let key = std::env::var("API_KEY").expect("API_KEY not set");`},
	{name: "rust/raw string with hashes", path: "src/main.rs", env: "API_KEY",
		line: `    let key = r#"SECRETVALUE"#;`, want: `    let key = std::env::var("API_KEY").expect("API_KEY not set");`},
	{name: "rust/lifetimes are not char literals", path: "src/lib.rs", env: "API_KEY",
		line: `fn key<'a>(_x: &'a str) -> String { String::from("SECRETVALUE") }`,
		want: `fn key<'a>(_x: &'a str) -> String { String::from(std::env::var("API_KEY").expect("API_KEY not set")) }`},
	{name: "swift", path: "Sources/App/Keys.swift", env: "API_KEY",
		line: `let apiKey = "SECRETVALUE"`, want: `let apiKey = ProcessInfo.processInfo.environment["API_KEY"]`},
	{name: "swift/raw string", path: "Keys.swift", env: "API_KEY",
		line: `let apiKey = #"SECRETVALUE"#`, want: `let apiKey = ProcessInfo.processInfo.environment["API_KEY"]`},
	{name: "dart/const becomes final", path: "lib/keys.dart", env: "API_KEY",
		line: `const apiKey = 'SECRETVALUE';`, want: `final apiKey = Platform.environment['API_KEY'];`},
	{name: "dart/raw string", path: "lib/keys.dart", env: "API_KEY",
		line: `final apiKey = r'SECRETVALUE';`, want: `final apiKey = Platform.environment['API_KEY'];`},
	{name: "elixir", path: "config/prod.exs", env: "STRIPE_API_KEY",
		line: `config :stripity_stripe, api_key: "SECRETVALUE"`, want: `config :stripity_stripe, api_key: System.get_env("STRIPE_API_KEY")`},

	// Shell and PowerShell
	{name: "shell/quoted export", path: "scripts/deploy.sh", env: "STRIPE_API_KEY",
		line: `export STRIPE_KEY="SECRETVALUE"`, want: `export STRIPE_KEY="$STRIPE_API_KEY"`},
	{name: "shell/bare assignment keeps its name", path: "run.bash", env: "API_TOKEN",
		line: `  TOKEN=SECRETVALUE ./run`, want: `  TOKEN="$API_TOKEN" ./run`},
	{name: "shell/flag with =", path: "ci.sh", env: "NPM_TOKEN",
		line: `npm publish --token=SECRETVALUE; echo done`, want: `npm publish --token="$NPM_TOKEN"; echo done`},
	{name: "shell/header, partial", path: "ci.sh", env: "API_TOKEN",
		// Split so that other scanners' curl rules do not flag this file.
		line: `curl -H "Authorization: Bear` + `er SECRETVALUE" https://api.example.com`, want: `curl -H "$API_TOKEN" https://api.example.com`},
	{name: "shell/single quotes take no escapes", path: "x.zsh", env: "API_KEY",
		line: `echo 'a\' ; KEY='SECRETVALUE'`, want: `echo 'a\' ; KEY="$API_KEY"`},
	{name: "shell/quoted assignment keeps its name", path: "run.sh", env: "API_TOKEN",
		line: `docker run -e 'TOKEN=SECRETVALUE' app`, want: `docker run -e "TOKEN=$API_TOKEN" app`},
	{name: "shell/.bashrc", path: "dotfiles/.bashrc", env: "API_KEY",
		line: `export API_KEY=SECRETVALUE # work`, want: `export API_KEY="$API_KEY" # work`},
	{name: "shell/no extension, export line", path: "bin/setup", env: "API_KEY",
		line: `export API_KEY=SECRETVALUE`, want: `export API_KEY="$API_KEY"`},
	{name: "powershell", path: "deploy.ps1", env: "STRIPE_API_KEY",
		line: `$env:STRIPE_KEY = "SECRETVALUE"`, want: `$env:STRIPE_KEY = $env:STRIPE_API_KEY`},
	{name: "powershell/bare argument", path: "deploy.ps1", env: "API_TOKEN",
		line: `Connect-Service -Token SECRETVALUE -Force`, want: `Connect-Service -Token $env:API_TOKEN -Force`},
	{name: "powershell/quoted assignment keeps its name", path: "run.ps1", env: "API_TOKEN",
		line: `docker run -e "TOKEN=SECRETVALUE" app`, want: `docker run -e "TOKEN=$env:API_TOKEN" app`},
	{name: "powershell/backtick escapes before", path: "x.psm1", env: "API_KEY",
		line: "$a = \"say `\"hi`\"\"; $k = 'SECRETVALUE'", want: "$a = \"say `\"hi`\"\"; $k = $env:API_KEY"},

	// YAML dialects
	{name: "actions/bare", path: ".github/workflows/deploy.yml", env: "DEPLOY_TOKEN",
		line: `          token: SECRETVALUE`, want: `          token: ${{ secrets.DEPLOY_TOKEN }}`},
	{name: "actions/quoted", path: ".github/workflows/ci.yaml", env: "NPM_TOKEN",
		line: `  NODE_AUTH_TOKEN: "SECRETVALUE"  # npm`, want: `  NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}"  # npm`},
	{name: "actions/run line, partial literal", path: ".github/workflows/ci.yml", env: "API_TOKEN",
		line: `        run: curl -H "Authorization: Bear` + `er SECRETVALUE" https://api.example.com`,
		want: `        run: curl -H "${{ secrets.API_TOKEN }}" https://api.example.com`},
	{name: "compose/list form keeps the name", path: "docker-compose.yml", env: "STRIPE_API_KEY",
		line: `      - STRIPE_KEY=SECRETVALUE`, want: `      - STRIPE_KEY=${STRIPE_API_KEY}`},
	{name: "compose/map form, quoted", path: "compose.yaml", env: "POSTGRES_PASSWORD",
		line: `      POSTGRES_PASSWORD: "SECRETVALUE"`, want: `      POSTGRES_PASSWORD: "${POSTGRES_PASSWORD}"`},
	{name: "compose/URL word, partial, comment kept", path: "docker-compose.prod.yml", env: "DATABASE_URL", secret: "xxxxxxxx",
		line: `      DATABASE_URL: postgres://app:xxxxxxxx@db/app  # local`, want: `      DATABASE_URL: ${DATABASE_URL}  # local`},
	{name: "compose/single quotes with '' escape", path: "compose.yml", env: "API_TOKEN",
		line: `      TOKEN: 'it''s SECRETVALUE'`, want: `      TOKEN: "${API_TOKEN}"`},
	{name: "compose/quoted list form keeps the name", path: "compose.yml", env: "API_TOKEN",
		line: `      - "TOKEN=SECRETVALUE"`, want: `      - "TOKEN=${API_TOKEN}"`},
	{name: "compose/flow sequence", path: "compose.yml", env: "API_TOKEN",
		line: `    command: [--verbose, SECRETVALUE]`, want: `    command: [--verbose, ${API_TOKEN}]`},
	{name: "compose/apostrophe inside a plain scalar", path: "compose.yml", env: "API_TOKEN",
		line: `    note: don't SECRETVALUE`, want: `    note: don't ${API_TOKEN}`},
	{name: "spring/application.yml", path: "src/main/resources/application.yml", env: "DB_PASSWORD",
		line: `    password: SECRETVALUE`, want: `    password: ${DB_PASSWORD}`},
	{name: "spring/profile yaml", path: "src/main/resources/application-prod.yaml", env: "DB_PASSWORD",
		line: `    password: 'SECRETVALUE'`, want: `    password: "${DB_PASSWORD}"`},
	{name: "properties", path: "src/main/resources/application.properties", env: "DB_PASSWORD",
		line: `spring.datasource.password=SECRETVALUE`, want: `spring.datasource.password=${DB_PASSWORD}`},
	{name: "properties/whole value, partial", path: "db.properties", env: "DATABASE_URL", secret: "xxxxxxxx",
		line: `db.url = jdbc:postgresql://db/app?user=app&password=xxxxxxxx  `, want: `db.url = ${DATABASE_URL}  `},
	{name: "properties/colon separator", path: "x.properties", env: "API_KEY",
		line: `api.key: SECRETVALUE`, want: `api.key: ${API_KEY}`},

	// Terraform, Maven
	{name: "terraform/variable name in lower case", path: "main.tf", env: "DB_PASSWORD",
		line: `  password = "SECRETVALUE" # rotated yearly`, want: `  password = var.db_password # rotated yearly`},
	{name: "maven/element text", path: "pom.xml", env: "MAVEN_PASSWORD",
		line: `      <password>SECRETVALUE</password>`, want: `      <password>${env.MAVEN_PASSWORD}</password>`},
}

func TestRewrite(t *testing.T) {
	for _, c := range rewrites {
		t.Run(c.name, func(t *testing.T) {
			start, end := c.span()
			got, ok := Rewrite(c.path, c.line, start, end, c.env)
			if !ok {
				t.Fatalf("Rewrite(%q, %q, %d, %d, %q) = not ok, want %q", c.path, c.line, start, end, c.env, c.want)
			}
			if d := diff(c.want, got); d != "" {
				t.Errorf("Rewrite(%q) mismatch (-want +got):\n%s", c.line, d)
			}
			assertNoLeak(t, got, c.line[start:end])
		})
	}
}

// assertNoLeak holds the package's promise independently of its code: the
// rewritten line holds no four consecutive bytes of the secret (nor a
// shorter secret whole).
func assertNoLeak(t *testing.T, out, secret string) {
	t.Helper()
	if len(secret) < 4 {
		if strings.Contains(out, secret) {
			t.Errorf("rewritten line %q holds the secret %q", out, secret)
		}
		return
	}
	for i := 0; i+4 <= len(secret); i++ {
		if strings.Contains(out, secret[i:i+4]) {
			t.Errorf("rewritten line %q holds %q, part of the secret", out, secret[i:i+4])
			return
		}
	}
}

// diff renders want and got as a (-want +got) pair, or "" when equal.
func diff(want, got string) string {
	if want == got {
		return ""
	}
	return fmt.Sprintf("-%s\n+%s", want, got)
}
