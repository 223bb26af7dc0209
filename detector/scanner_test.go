package detector_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

func scan(t *testing.T, s *detector.Scanner, path, text string) []detector.Finding {
	t.Helper()
	return s.Scan(detector.Fragment{Path: path, Data: []byte(text)})
}

func TestPositions(t *testing.T) {
	s := defaultScanner(t)
	tok := synth.New(1).GitHubToken("ghp_")
	tests := []struct {
		name       string
		frag       detector.Fragment
		line, col  int
		wantPrefix string
	}{
		{"first line", detector.Fragment{Data: []byte("x=" + tok)}, 1, 3, "ghp_"},
		{"third line", detector.Fragment{Data: []byte("a\nb\n  t: " + tok + "\n")}, 3, 6, "ghp_"},
		{"fragment offset", detector.Fragment{Line: 40, Data: []byte("a\n" + tok)}, 41, 1, "ghp_"},
		{"columns count code points", detector.Fragment{Data: []byte("ключ=" + tok)}, 1, 6, "ghp_"},
		{"column offset of a chunk", detector.Fragment{Line: 7, Column: 100, Data: []byte("=" + tok)}, 7, 101, "ghp_"},
		{"invalid UTF-8 before", detector.Fragment{Data: []byte("\xff\xfe=" + tok)}, 1, 4, "ghp_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Scan(tt.frag)
			if len(got) != 1 {
				t.Fatalf("got %d findings, want 1", len(got))
			}
			f := got[0]
			if f.Line != tt.line || f.Column != tt.col {
				t.Errorf("at %d:%d, want %d:%d", f.Line, f.Column, tt.line, tt.col)
			}
			if string(tt.frag.Data[f.Start:f.End]) != tok {
				t.Errorf("Start/End do not delimit the secret")
			}
		})
	}
}

func TestInlineAllow(t *testing.T) {
	s := defaultScanner(t)
	tok := synth.New(2).GitHubToken("ghp_")
	for _, marker := range []string{"keyguard:allow", "gitleaks:allow", "trufflehog:ignore", "pragma: allowlist secret"} {
		t.Run(marker, func(t *testing.T) {
			text := "token = \"" + tok + "\" # " + marker + "\nother = \"" + tok + "\"\n"
			got := scan(t, s, "a.py", text)
			if len(got) != 1 || got[0].Line != 2 {
				t.Errorf("got %s, want only the unmarked line 2", ids(got))
			}
		})
	}
}

func TestConfigAllowlists(t *testing.T) {
	tok := synth.New(3).GitHubToken("ghp_")
	s, err := detector.New(detector.Config{
		AllowPaths:  []*regexp.Regexp{regexp.MustCompile(`^testdata/`)},
		AllowValues: []*regexp.Regexp{regexp.MustCompile(`^` + regexp.QuoteMeta(tok) + `$`)},
		Disabled:    []string{"generic-password"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := scan(t, s, "testdata/x.txt", "t="+synth.New(4).GitHubToken("ghp_")); len(got) != 0 {
		t.Errorf("allowed path scanned: %s", ids(got))
	}
	if got := scan(t, s, "x.txt", "t="+tok); len(got) != 0 {
		t.Errorf("allowed value reported: %s", ids(got))
	}
	if got := scan(t, s, "x.env", synth.New(4).Expand("DB_PASSWORD={{an:12}}")); len(got) != 0 {
		t.Errorf("disabled rule reported: %s", ids(got))
	}
}

func TestFindingNeverPrintsSecret(t *testing.T) {
	s := defaultScanner(t)
	tok := synth.New(5).GitHubToken("ghp_")
	got := scan(t, s, "a.txt", "t="+tok)
	if len(got) != 1 {
		t.Fatalf("got %d findings", len(got))
	}
	f := got[0]
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		if out := fmt.Sprintf(format, f); strings.Contains(out, tok) || strings.Contains(out, tok[4:20]) {
			t.Errorf("%s prints the secret: %s", format, out)
		}
	}
	if strings.Contains(f.Redacted, tok[4:len(tok)-4]) {
		t.Errorf("redacted form %q reveals the body", f.Redacted)
	}
	if f.Reveal() != tok {
		t.Errorf("Reveal() = %q, want the secret", f.Reveal())
	}
}

func TestFingerprint(t *testing.T) {
	s := defaultScanner(t)
	tok := synth.New(6).GitHubToken("ghp_")
	a := scan(t, s, "a.go", "const t = \""+tok+"\"")
	b := scan(t, s, "moved/b.yaml", "\n\n\n  token: "+tok)
	if len(a) != 1 || len(b) != 1 {
		t.Fatalf("want one finding each, got %s %s", ids(a), ids(b))
	}
	if a[0].Fingerprint != b[0].Fingerprint {
		t.Error("fingerprint changed when the secret moved")
	}
	if a[0].Fingerprint != detector.Fingerprint("github-pat", tok) {
		t.Error("fingerprint differs from detector.Fingerprint")
	}
	if strings.Contains(a[0].Fingerprint, tok[4:10]) {
		t.Error("fingerprint contains part of the secret")
	}
	other := synth.New(7).GitHubToken("ghp_")
	if detector.Fingerprint("github-pat", other) == a[0].Fingerprint {
		t.Error("different secrets share a fingerprint")
	}
	if detector.Fingerprint("github-oauth-token", tok) == a[0].Fingerprint {
		t.Error("the rule is not part of the fingerprint")
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ secret, prefix, want string }{
		{"ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_", "ghp_****6789"},
		{"hunter2hunter2", "", "****"},
		{"short", "short", "****"},
		{"sk_live_abc", "sk_live_", "sk_live_****"},
	}
	for _, tt := range tests {
		if got := detector.Redact(tt.secret, tt.prefix); got != tt.want {
			t.Errorf("Redact(%q, %q) = %q, want %q", tt.secret, tt.prefix, got, tt.want)
		}
	}
}

func TestProviderBeatsGeneric(t *testing.T) {
	s := defaultScanner(t)
	tok := synth.New(8).GitHubToken("ghp_")
	got := scan(t, s, "config.py", `GITHUB_API_KEY = "`+tok+`"`)
	if len(got) != 1 || got[0].RuleID != "github-pat" {
		t.Errorf("got %s, want only github-pat", ids(got))
	}
}

func TestInvalidRules(t *testing.T) {
	base := detector.Rule{ID: "x-y", Provider: "generic", Title: "t", Kind: detector.KindSecret,
		Severity: detector.SeverityHigh, Keywords: []string{"k"}, Pattern: `k(\d+)`}
	tests := []struct {
		name string
		edit func(*detector.Rule)
	}{
		{"no id", func(r *detector.Rule) { r.ID = "" }},
		{"bad id", func(r *detector.Rule) { r.ID = "Bad_ID" }},
		{"no keywords", func(r *detector.Rule) { r.Keywords = nil }},
		{"bad kind", func(r *detector.Rule) { r.Kind = "maybe" }},
		{"bad severity", func(r *detector.Rule) { r.Severity = "huge" }},
		{"bad regexp", func(r *detector.Rule) { r.Pattern = `k(` }},
		{"two groups", func(r *detector.Rule) { r.Pattern = `(k)(\d)` }},
		{"no pattern", func(r *detector.Rule) { r.Pattern = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			tt.edit(&r)
			if err := r.Validate(); err == nil {
				t.Error("Validate accepted an invalid rule")
			}
		})
	}
	if err := base.Validate(); err != nil {
		t.Errorf("valid rule rejected: %v", err)
	}
	if _, err := detector.New(detector.Config{Rules: []detector.Rule{base, base}}); err == nil {
		t.Error("New accepted duplicate rule IDs")
	}
}

// TestNoPanicOnEmptyArguments: calls with empty or multi-line string
// arguments once made the generic parser index an empty value.
func TestNoPanicOnEmptyArguments(t *testing.T) {
	s := defaultScanner(t)
	for _, text := range []string{
		`cfg.setPassword("", other);`,
		"config.setApiKey(\"\"\"\n    abc\n\"\"\");",
		`x.setToken("`,
		`put("password", "")`,
		`password=`,
	} {
		s.Scan(detector.Fragment{Path: "A.java", Data: []byte(text)})
	}
}

// FuzzScan: no panic, and every finding lies inside its fragment.
func FuzzScan(f *testing.F) {
	g := synth.New(9)
	f.Add([]byte("password = \"" + g.Expand("{{an:12}}") + "\""))
	f.Add([]byte("t=" + g.GitHubToken("ghp_") + "\n"))
	f.Add([]byte(`cfg.setPassword("x", other); put("token", "v"); define('K','v')`))
	f.Add([]byte("<password>v</password> host=a password=b c=d curl -u a:b mysql -pX"))
	f.Add([]byte("postgres://u:" + g.Expand("{{an:12}}") + "@h/db"))
	f.Add([]byte("Authorization: Basic " + g.Expand("{{b64of:u:((an:10))}}")))
	f.Add([]byte(g.Expand("{{pem:RSA PRIVATE KEY}}")))
	f.Add([]byte("k: " + g.Expand("{{b64of:((pem:EC PRIVATE KEY))}}") + " d: MHcCAQEEI" + g.Expand("{{b64:153}}") + "=="))
	s, err := detector.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fd := range s.Scan(detector.Fragment{Path: "f.txt", Data: data}) {
			if fd.Start < 0 || fd.End > len(data) || fd.Start >= fd.End {
				t.Fatalf("finding %v out of bounds [%d,%d) of %d", fd, fd.Start, fd.End, len(data))
			}
			if fd.Line < 1 || fd.Column < 1 || fd.EndLine < fd.Line {
				t.Fatalf("bad position %d:%d-%d", fd.Line, fd.Column, fd.EndLine)
			}
		}
	})
}

// TestCrowdedHitsStayLinear: a keyword that matches at every byte of a long
// run must not make the scan quadratic. Run with -short it still finishes
// in well under a second; before the fix it took minutes.
func TestCrowdedHitsStayLinear(t *testing.T) {
	s, err := detector.New(detector.Config{Rules: []detector.Rule{{
		ID: "test-run", Provider: "generic", Title: "t", Kind: detector.KindSecret, Severity: detector.SeverityLow,
		Keywords: []string{"aaaa"}, Pattern: `aaaa(b[0-9]{8})`, Fallback: true,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(strings.Repeat("a", 4<<20) + "b90412763" + strings.Repeat("a", 4<<20))
	got := s.Scan(detector.Fragment{Data: data})
	if len(got) != 1 || got[0].Start != 4<<20 {
		t.Fatalf("got %v, want the one match at %d", got, 4<<20)
	}
}

func TestVariable(t *testing.T) {
	s := defaultScanner(t)
	g := synth.New(12)
	tests := []struct{ path, text, want string }{
		{".env", g.Expand("DB_PASSWORD={{an:12}}"), "DB_PASSWORD"},
		{"a.js", g.Expand(`const dbPassword = "{{an:12}}";`), "DB_PASSWORD"},
		{"app.properties", g.Expand(`spring.datasource.password={{an:12}}`), "PASSWORD"},
		{"c.json", g.Expand(`  "apiKey": "{{an:30}}{{dig:2}}"`), "API_KEY"},
		{"t.txt", "x " + g.GitHubToken("ghp_"), ""},
	}
	for _, tt := range tests {
		got := s.Scan(detector.Fragment{Path: tt.path, Data: []byte(tt.text)})
		if len(got) != 1 || got[0].Variable != tt.want {
			t.Errorf("%.30q: got %v, want variable %q", tt.text, got, tt.want)
		}
	}
}

// TestPathClass holds PathClass to its promise: paths of one class give
// the same findings for the same text.
func TestPathClass(t *testing.T) {
	g := synth.New(21)
	data := []byte("password = \"" + g.Expand("{{an:16}}") + "\"\napi_key: " + g.Expand("{{an:32}}") + "\ntoken=" + g.GitHubToken("ghp_") + "\n")
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"a.go", "b/c.py", "config.yml", "x/.env", "yarn.lock", "mocks/m.go", "README.md", "app.min.js.map", "Makefile", "d/e.ts"}
	byClass := map[int][]string{}
	for _, p := range paths {
		byClass[detector.PathClass(p)] = append(byClass[detector.PathClass(p)], p)
	}
	if len(byClass) < 3 {
		t.Fatalf("paths fall in %d classes; the test needs variety", len(byClass))
	}
	for class, ps := range byClass {
		var want string
		for i, p := range ps {
			var got []string
			for _, f := range s.Scan(detector.Fragment{Path: p, Data: data}) {
				got = append(got, fmt.Sprint(f.RuleID, f.Line, f.Column, f.Fingerprint))
			}
			if i == 0 {
				want = strings.Join(got, ";")
			} else if g := strings.Join(got, ";"); g != want {
				t.Errorf("class %d: %s gives %q, %s gives %q", class, ps[0], want, p, g)
			}
		}
	}
}

// TestGenericInCode covers what the generic rules do only in source files,
// which the samples (scanned as sample.txt) cannot show.
func TestGenericInCode(t *testing.T) {
	g := synth.New(7)
	s, err := detector.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, line string
		want       int
	}{
		// A Go struct tag is not an assignment: neither the first tag
		// nor one after it.
		{"opts.go", "\tValue10 float64 `key:\"value10,range=(1:5],string\"`", 0},
		{"opts.go", "\tName string `json:\"name\" key:\"" + g.Expand("{{an:20}}{{dig:4}},omitempty") + "\"`", 0},
		// Outside a tag, the same shape in an object literal is.
		{"app.js", "const cfg = {apiKey:\"" + g.Expand("{{an:28}}{{dig:4}}") + "\"}", 1},
		{"app.go", "\tcfg := Config{Password: \"" + g.Expand("{{an:12}}") + "\"}", 1},
		// Every literal of a list under a secret name is reported.
		{"tesla.json", `{"tokens":["` + g.Expand(`{{hex:24}}","{{hex:24}}`) + `"],"state":"online"}`, 2},
		{"login.js", "const password = ['" + g.Expand("{{an:12}}', '{{an:12}}', 'WRONG1") + "']", 2},
		// Configuration inside a string literal: unquoted values count.
		{"nats_test.go", "\tconf := createConfFile(t, []byte(`\n\tauthorization {\n\t\tusers: [{user: alice, password: " + g.Expand("{{an:10}}") + "}]\n\t}\n`))", 1},
		{"client_test.go", "\tc.send(\"CONNECT {user = derek, password = " + g.Expand("{{an:8}}") + "}\\r\\n\")", 1},
		{"test_rc.py", "    file_content='USER=jdoe\\nPASS=" + g.Expand("{{an:8}}") + "')", 1},
		{"ProxyTest.java", "        \"shenyu.httpclient.proxy.password=" + g.Expand("{{an:10}}") + "\",", 1},
		{"main_test.go", "\targs := []string{\"--client-secret=" + g.Expand("{{an:16}}") + "\"}", 1},
		{"Config.java", "    public Props props(@Value(\"${app.aes.secret.key:" + g.Expand("{{an:16}}") + "}\") final String key) {", 1},
		// Messages, query strings and printed structs are not entries.
		{"env_test.go", "\tt.Errorf(\"unexpected PWD: want %s, got %s\", dir, pwd)", 0},
		{"Lesson.java", "td.addElement(new StringElement(\"Password = " + g.Expand("{{low:6}}") + "\"));", 0},
		{"test_parser.py", "        \"Tag.2.Key=" + g.Expand("{{low:8}}") + "%3Acreator&\"", 0},
		{"frames_test.go", "\tExpect(s).To(Equal(\"Header{Type: Retry, Token: 0x123456, Version: 0xfeed}\"))", 0},
		{"nss_test.go", "\tconf := `\npasswd:         compat\ngroup:          files\n`", 0},
		{"Registry.java", "        \"REGISTRY_AUTH_HTPASSWD_REALM=Registry Realm\",", 0},
		// A short 0x number is not a token; an Ethereum private key is.
		{"wallet.test.ts", ".send({ privateKey: '0x" + g.Expand("{{hex:64}}") + "' })", 1},
		// Outside a literal an unquoted value is an expression.
		{"main.go", "\tcfg := Config{User: u, Password: " + g.Expand("{{low:10}}") + "}", 0},
	} {
		got := s.Scan(detector.Fragment{Path: tc.path, Data: []byte(tc.line)})
		if len(got) != tc.want {
			t.Errorf("%s: %q: %d findings, want %d: %v", tc.path, tc.line, len(got), tc.want, got)
		}
	}
}
