package remedy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

func TestLanguage(t *testing.T) {
	for _, c := range []struct{ path, line, want string }{
		{"main.go", "", "Go"},
		{`C:\src\app\main.GO`, "", "Go"},
		{"web/app.js", "", "JavaScript"},
		{"web/app.mjs", "", "JavaScript"},
		{"web/app.cjs", "", "JavaScript"},
		{"web/App.jsx", "", "JavaScript"},
		{"web/app.ts", "", "TypeScript"},
		{"web/App.tsx", "", "TypeScript"},
		{"web/App.vue", "", "Vue"},
		{"web/App.svelte", "", "Svelte"},
		{"app.py", "", "Python"},
		{"app.rb", "", "Ruby"},
		{"Rakefile", "", "Ruby"},
		{"Gemfile", "", "Ruby"},
		{"App.java", "", "Java"},
		{"App.kt", "", "Kotlin"},
		{"build.gradle.kts", "", "Kotlin"},
		{"App.scala", "", "Scala"},
		{"build.gradle", "", "Groovy"},
		{"Program.cs", "", "C#"},
		{"net.c", "", "C"},
		{"net.cpp", "", "C++"},
		{"index.php", "", "PHP"},
		{"main.rs", "", "Rust"},
		{"Keys.swift", "", "Swift"},
		{"keys.dart", "", "Dart"},
		{"config/runtime.exs", "", "Elixir"},
		{"deploy.sh", "", "Shell"},
		{"deploy.bash", "", "Shell"},
		{"deploy.zsh", "", "Shell"},
		{"bin/setup", "export API_KEY=x", "Shell"},
		{"bin/setup", "API_KEY=x", ""},
		{"deploy.ps1", "", "PowerShell"},
		{".github/workflows/ci.yml", "", "GitHub Actions"},
		{"/home/me/repo/.github/workflows/ci.yaml", "", "GitHub Actions"},
		{".github/dependabot.yml", "", "YAML"},
		{"docker-compose.yml", "", "Docker Compose"},
		{"docker-compose.override.yaml", "", "Docker Compose"},
		{"compose.yaml", "", "Docker Compose"},
		{"src/main/resources/application.yml", "", "Spring"},
		{"src/main/resources/application-prod.yaml", "", "Spring"},
		{"k8s/deployment.yaml", "", "YAML"},
		{"application.properties", "", "Properties"},
		{"Dockerfile", "", "Dockerfile"},
		{"Dockerfile.dev", "", "Dockerfile"},
		{"api.dockerfile", "", "Dockerfile"},
		{"main.tf", "", "Terraform"},
		{"prod.tfvars", "", "Terraform"},
		{"package.json", "", "JSON"},
		{".env", "", "dotenv"},
		{".env.local", "", "dotenv"},
		{"prod.env", "", "dotenv"},
		{"pom.xml", "", "Maven"},
		{"web.config", "", "XML"},
		{"README.md", "", ""},
		{"", "", ""},
	} {
		t.Run(c.path+"|"+c.line, func(t *testing.T) {
			if got := Language(c.path, c.line); got != c.want {
				t.Errorf("Language(%q, %q) mismatch (-want +got):\n%s", c.path, c.line, diff(c.want, got))
			}
		})
	}
}

// TestEveryLanguageRewrites walks the table: every row with a form has a
// case in rewrites, and every row without one a refusal, so a new row
// cannot come without a test.
func TestEveryLanguageRewrites(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range rewrites {
		tested[Language(c.path, c.line)] = true
	}
	for _, c := range refusals {
		tested[Language(c.path, c.line)] = true
	}
	for _, l := range languages {
		if !tested[l.name] {
			t.Errorf("language %s has no test case", l.name)
		}
	}
}

// TestRewriteRealisticSecrets runs realistic secrets, built at run time so
// that none is written in the repository, through a line of every
// language that has a lookup.
func TestRewriteRealisticSecrets(t *testing.T) {
	g := synth.New(1)
	secrets := []string{
		g.Expand("sk_live_{{an:24}}"),
		g.Expand("ghp_{{crc:30}}"),
		g.Expand("AKIA{{uan:16}}"),
		g.Expand("xoxb-{{dig:11}}-{{dig:12}}-{{an:24}}"),
		g.Expand("{{jwt}}"),
	}
	// %s is the secret; each line is typical of the language.
	lines := []struct{ path, line, want string }{
		{"main.go", `	key := "%s"`, `	key := os.Getenv("API_KEY")`},
		{"app.js", `const key = '%s';`, `const key = process.env.API_KEY;`},
		{"app.ts", "const h = `Bearer %s`;", `const h = process.env.API_KEY;`},
		{"app.py", `client = Client(api_key="%s")`, `client = Client(api_key=os.environ["API_KEY"])`},
		{"app.rb", `Client.key = '%s'`, `Client.key = ENV.fetch("API_KEY")`},
		{"App.java", `String key = "%s";`, `String key = System.getenv("API_KEY");`},
		{"App.kt", `val key = "%s"`, `val key = System.getenv("API_KEY")`},
		{"App.scala", `val key = "%s"`, `val key = sys.env("API_KEY")`},
		{"build.gradle", `password = "%s"`, `password = System.getenv("API_KEY")`},
		{"App.cs", `var key = "%s";`, `var key = Environment.GetEnvironmentVariable("API_KEY");`},
		{"net.c", `char *key = "%s";`, `char *key = getenv("API_KEY");`},
		{"net.cpp", `std::string key = "%s";`, `std::string key = std::getenv("API_KEY");`},
		{"index.php", `$key = "%s";`, `$key = getenv('API_KEY');`},
		{"main.rs", `let key = "%s";`, `let key = std::env::var("API_KEY").expect("API_KEY not set");`},
		{"Keys.swift", `let key = "%s"`, `let key = ProcessInfo.processInfo.environment["API_KEY"]`},
		{"keys.dart", `final key = '%s';`, `final key = Platform.environment['API_KEY'];`},
		{"config.exs", `config :app, key: "%s"`, `config :app, key: System.get_env("API_KEY")`},
		{"run.sh", `export KEY=%s`, `export KEY="$API_KEY"`},
		{"run.ps1", `$key = '%s'`, `$key = $env:API_KEY`},
		{".github/workflows/ci.yml", `          key: %s`, `          key: ${{ secrets.API_KEY }}`},
		{"compose.yml", `      - KEY=%s`, `      - KEY=${API_KEY}`},
		{"application.yml", `  key: "%s"`, `  key: "${API_KEY}"`},
		{"app.properties", `app.key=%s`, `app.key=${API_KEY}`},
		{"main.tf", `  token = "%s"`, `  token = var.api_key`},
		{"pom.xml", `<key>%s</key>`, `<key>${env.API_KEY}</key>`},
	}
	for _, s := range secrets {
		for _, c := range lines {
			line := fmt.Sprintf(c.line, s)
			start := strings.Index(line, s)
			got, ok := Rewrite(c.path, line, start, start+len(s), "API_KEY")
			// Name the case by the secret's shape, never by the secret.
			name := fmt.Sprintf("%s/%.4s", c.path, s)
			if !ok {
				t.Errorf("%s: not ok", name)
				continue
			}
			if d := diff(c.want, got); d != "" {
				t.Errorf("%s: mismatch (-want +got):\n%s", name, d)
			}
			assertNoLeak(t, got, s)
		}
	}
}

func TestRewriteEmptyVariable(t *testing.T) {
	if got, ok := Rewrite("a.go", `k := "SECRETVALUE"`, 6, 17, ""); ok {
		t.Errorf(`Rewrite with envVar "" = %q, true; want false`, got)
	}
}
