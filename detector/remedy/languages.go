package remedy

import (
	"path"
	"regexp"
	"strings"
)

// language is one row of the table: how to recognise a file and how its
// code reads an environment variable.
type language struct {
	name string
	// globs match the file's base name, lower-cased ("*.go", "gemfile").
	globs []string
	// dir, when set, must appear in the slash-separated path.
	dir string
	// form is the lookup expression, %[1]s standing for the variable name.
	// An empty form means no safe rewrite exists: Rewrite reports ok=false
	// and the caller gives its generic advice.
	form string
	// lower writes the variable name in lower case (Terraform's var.x).
	lower bool
	// quoted wraps the lookup in double quotes when it replaces a quoted
	// literal, keeping a YAML scalar or a shell word in one piece;
	// quoteBare does so for an unquoted word too (shell word splitting).
	quoted, quoteBare bool
	// bytesSuffix turns the lookup into bytes where a bytes literal stood
	// (Python b"…" becomes os.environ["X"].encode()).
	bytesSuffix string
	// bare says how an unquoted value is rewritten; code never has one.
	bare bareMode
	// keywords before the literal that make the rewrite wrong as written.
	keywords []keyword
	syn      *syntax
}

// bareMode is how an unquoted secret is delimited.
type bareMode int

const (
	bareNone  bareMode = iota // code: a bare secret is not a value
	bareWord                  // shell, PowerShell, YAML: the word holding it
	bareValue                 // .properties: everything after key=
	bareText                  // XML: the text between two tags
)

// keyword is a declaration keyword that demands a compile-time constant,
// which an environment lookup is not. With ok set, the keyword is swapped
// for to (Go's const becomes var; Kotlin's const is dropped); otherwise
// Rewrite gives up (C# const, Rust static, a Terraform variable default).
type keyword struct {
	word string
	to   string
	ok   bool
}

// Shared forms and syntaxes. Java, Kotlin and Groovy read the environment
// the same way.
const (
	jvmForm  = `System.getenv("%[1]s")`
	jsForm   = `process.env.%[1]s`
	dollarBr = `${%[1]s}`
)

// languages is walked in order and the first match wins, so the YAML
// dialects come before plain YAML.
var languages = []language{
	// GitHub Actions: secrets come from the repository's settings.
	// https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
	{name: "GitHub Actions", dir: ".github/workflows/", globs: []string{"*.yml", "*.yaml"},
		form: "${{ secrets.%[1]s }}", quoted: true, bare: bareWord, syn: yamlSyntax},
	// Compose interpolates ${X} from the shell and from .env.
	// https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
	{name: "Docker Compose", globs: []string{"docker-compose.yml", "docker-compose.yaml", "docker-compose.*.yml",
		"docker-compose.*.yaml", "compose.yml", "compose.yaml", "compose.*.yml", "compose.*.yaml"},
		form: dollarBr, quoted: true, bare: bareWord, syn: yamlSyntax},
	// Spring resolves ${X} placeholders against the environment.
	// https://docs.spring.io/spring-boot/reference/features/external-config.html
	{name: "Spring", globs: []string{"application.yml", "application.yaml", "application-*.yml", "application-*.yaml",
		"bootstrap.yml", "bootstrap.yaml", "bootstrap-*.yml", "bootstrap-*.yaml"},
		form: dollarBr, quoted: true, bare: bareWord, syn: yamlSyntax},
	// Plain YAML (Kubernetes, most CI systems) expands nothing.
	{name: "YAML", globs: []string{"*.yml", "*.yaml"}},
	{name: "Properties", globs: []string{"*.properties"}, form: dollarBr, bare: bareValue, syn: propertiesSyntax},
	// A .env file is where the secret belongs; the caller says to keep it
	// out of git.
	{name: "dotenv", globs: []string{".env", ".env.*", "*.env"}},
	// ARG and ENV values stay in the image's history, so ${X} would only
	// move the leak; the fix is a build secret (RUN --mount=type=secret),
	// which is more than a one-line rewrite.
	// https://docs.docker.com/build/building/secrets/
	{name: "Dockerfile", globs: []string{"dockerfile", "dockerfile.*", "*.dockerfile", "containerfile"}},
	// A .tfvars file assigns variables; it cannot reference one. TF_VAR_x
	// in the environment replaces it.
	{name: "Terraform", globs: []string{"*.tfvars", "*.tfvars.json"}},
	// https://developer.hashicorp.com/terraform/language/values/variables
	{name: "Terraform", globs: []string{"*.tf"}, form: "var.%[1]s", lower: true,
		keywords: []keyword{{word: "default"}}, syn: hclSyntax},
	{name: "JSON", globs: []string{"*.json", "*.jsonc", "*.json5"}},
	// Maven interpolates ${env.X} in the POM.
	// https://maven.apache.org/pom.html#properties
	{name: "Maven", globs: []string{"pom.xml"}, form: "${env.%[1]s}", bare: bareText, syn: xmlSyntax},
	{name: "XML", globs: []string{"*.xml", "*.config"}},
	{name: "Go", globs: []string{"*.go"}, form: `os.Getenv("%[1]s")`,
		keywords: []keyword{{word: "const", to: "var", ok: true}}, syn: goSyntax},
	{name: "JavaScript", globs: []string{"*.js", "*.mjs", "*.cjs", "*.jsx"}, form: jsForm, syn: jsSyntax},
	{name: "TypeScript", globs: []string{"*.ts", "*.tsx", "*.mts", "*.cts"}, form: jsForm, syn: jsSyntax},
	{name: "Vue", globs: []string{"*.vue"}, form: jsForm, syn: jsSyntax},
	{name: "Svelte", globs: []string{"*.svelte"}, form: jsForm, syn: jsSyntax},
	{name: "Python", globs: []string{"*.py", "*.pyw"}, form: `os.environ["%[1]s"]`, bytesSuffix: ".encode()", syn: pythonSyntax},
	// fetch raises KeyError when the variable is missing, where ENV["X"]
	// would quietly send nil as the credential.
	{name: "Ruby", globs: []string{"*.rb", "*.rake", "*.gemspec", "*.ru", "rakefile", "gemfile", "vagrantfile", "podfile", "fastfile"},
		form: `ENV.fetch("%[1]s")`, syn: rubySyntax},
	{name: "Java", globs: []string{"*.java"}, form: jvmForm, syn: javaSyntax},
	// const val needs a compile-time constant; a plain val does not.
	{name: "Kotlin", globs: []string{"*.kt", "*.kts"}, form: jvmForm,
		keywords: []keyword{{word: "const", ok: true}}, syn: kotlinSyntax},
	{name: "Scala", globs: []string{"*.scala", "*.sc", "*.sbt"}, form: `sys.env("%[1]s")`, syn: scalaSyntax},
	{name: "Groovy", globs: []string{"*.groovy", "*.gradle"}, form: jvmForm, syn: groovySyntax},
	// A C# const cannot hold a method call, and whether static readonly
	// or a local fits depends on where the line is.
	{name: "C#", globs: []string{"*.cs", "*.csx"}, form: `Environment.GetEnvironmentVariable("%[1]s")`,
		keywords: []keyword{{word: "const"}}, syn: csharpSyntax},
	{name: "C", globs: []string{"*.c", "*.h"}, form: `getenv("%[1]s")`, syn: cSyntax},
	{name: "C++", globs: []string{"*.cpp", "*.cc", "*.cxx", "*.hpp", "*.hh", "*.hxx"}, form: `std::getenv("%[1]s")`,
		keywords: []keyword{{word: "constexpr"}}, syn: cSyntax},
	// Class constants must be constant expressions.
	{name: "PHP", globs: []string{"*.php"}, form: `getenv('%[1]s')`, keywords: []keyword{{word: "const"}}, syn: phpSyntax},
	// var returns a Result; expect names the variable when it is missing,
	// and an expression works anywhere, unlike ? (only in functions that
	// return a compatible Result). Constants and statics cannot call it.
	{name: "Rust", globs: []string{"*.rs"}, form: `std::env::var("%[1]s").expect("%[1]s not set")`,
		keywords: []keyword{{word: "const"}, {word: "static"}}, syn: rustSyntax},
	{name: "Swift", globs: []string{"*.swift"}, form: `ProcessInfo.processInfo.environment["%[1]s"]`, syn: swiftSyntax},
	{name: "Dart", globs: []string{"*.dart"}, form: `Platform.environment['%[1]s']`,
		keywords: []keyword{{word: "const", to: "final", ok: true}}, syn: dartSyntax},
	{name: "Elixir", globs: []string{"*.ex", "*.exs"}, form: `System.get_env("%[1]s")`, syn: elixirSyntax},
	{name: "Shell", globs: []string{"*.sh", "*.bash", "*.zsh", "*.ksh", ".bashrc", ".zshrc", ".profile", ".bash_profile", ".zprofile"},
		form: `$%[1]s`, quoted: true, quoteBare: true, bare: bareWord, syn: shellSyntax},
	{name: "PowerShell", globs: []string{"*.ps1", "*.psm1", "*.psd1"}, form: `$env:%[1]s`, bare: bareWord, syn: powershellSyntax},
}

// shellByLine is the row used for a file without an extension whose line
// reads like a shell export (scripts in bin/, profile snippets).
var shellByLine = func() *language {
	for i := range languages {
		if languages[i].name == "Shell" {
			return &languages[i]
		}
	}
	panic("remedy: no Shell row")
}()

var exportLine = regexp.MustCompile(`^\s*export\s+[A-Za-z_][A-Za-z0-9_]*=`)

// Language names the language Rewrite uses for a line of the file at
// path ("Go", "Python", "GitHub Actions", …), or "" when it knows none.
// The line matters only for a file without an extension, which is taken
// as shell when the line is an export.
func Language(path, line string) string {
	if l := lookup(path, line); l != nil {
		return l.name
	}
	return ""
}

func lookup(p, line string) *language {
	p = strings.ReplaceAll(p, `\`, "/")
	base := strings.ToLower(path.Base(p))
	for i := range languages {
		l := &languages[i]
		if l.dir != "" && !strings.HasPrefix(p, l.dir) && !strings.Contains(p, "/"+l.dir) {
			continue
		}
		for _, g := range l.globs {
			if ok, _ := path.Match(g, base); ok {
				return l
			}
		}
	}
	if !strings.Contains(base, ".") && exportLine.MatchString(line) {
		return shellByLine
	}
	return nil
}
