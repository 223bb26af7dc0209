package hook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/config"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// repo is tree with a .git directory, so that findRoot stops there.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	all := map[string]string{".git/HEAD": "ref: refs/heads/main\n"}
	for k, v := range files {
		all[k] = v
	}
	return tree(t, all)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func fingerprints(fs []jsonFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	return out
}

func TestIgnoreThenScanIsClean(t *testing.T) {
	g := synth.New(20)
	dir := repo(t, map[string]string{
		"a.go":     "package a\nconst t = \"" + g.GitHubToken("ghp_") + "\"\n",
		"b/c.yaml": "token: " + g.GitHubToken("gho_") + "\n",
	})
	code, fs, _ := scanJSON(t, dir, ".")
	if code != ExitFindings || len(fs) != 2 {
		t.Fatalf("exit %d, %d findings; want 1 and 2", code, len(fs))
	}
	// From a subdirectory: the file goes to the repository root.
	code, _, errs := run(t, filepath.Join(dir, "b"), append([]string{"ignore", "--reason", "test fixtures, revoked"}, fingerprints(fs)...)...)
	if code != ExitClean || !strings.Contains(errs, "2 fingerprints added") {
		t.Fatalf("ignore: exit %d, stderr %q", code, errs)
	}
	text := readFile(t, filepath.Join(dir, ".keyguardignore"))
	for _, f := range fs {
		if !strings.Contains(text, f.Fingerprint+" test fixtures, revoked\n") {
			t.Errorf(".keyguardignore lacks %s:\n%s", f.Fingerprint, text)
		}
	}
	code, fs, _ = scanJSON(t, dir, ".")
	if code != ExitClean || len(fs) != 0 {
		t.Errorf("after ignore: exit %d, findings %+v", code, fs)
	}
	// A scan from a subdirectory reads the root's settings.
	code, fs, _ = scanJSON(t, filepath.Join(dir, "b"), ".")
	if code != ExitClean || len(fs) != 0 {
		t.Errorf("from b/: exit %d, findings %+v", code, fs)
	}
}

func TestIgnoreErrors(t *testing.T) {
	fp := strings.Repeat("0f", 16)
	secret := synth.New(21).GitHubToken("ghp_")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no reason", []string{"ignore", fp}, "--reason is required"},
		{"empty reason", []string{"ignore", fp, "--reason", ""}, "--reason is required"},
		{"two-line reason", []string{"ignore", fp, "--reason", "a\nb"}, "--reason must be one line"},
		{"no fingerprint", []string{"ignore", "--reason", "x"}, "no fingerprint given"},
		{"bad fingerprint", []string{"ignore", fp, strings.ToUpper(fp), "--reason", "x"}, "argument 2 is not a keyguard fingerprint"},
		{"a secret instead", []string{"ignore", secret, "--reason", "x"}, "argument 1 is not a keyguard fingerprint"},
		{"unknown flag", []string{"ignore", fp, "--reasn", "x"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repo(t, nil)
			code, out, errs := run(t, dir, tt.args...)
			if code != ExitError || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
			if strings.Contains(out+errs, secret) {
				t.Errorf("the error quotes the argument")
			}
			if _, err := os.Stat(filepath.Join(dir, ".keyguardignore")); !os.IsNotExist(err) {
				t.Errorf(".keyguardignore was written: %v", err)
			}
		})
	}
}

// TestIgnoreFileIsCanonical: whatever the order entries are added in, the
// file has the same bytes, so two branches never conflict over it.
func TestIgnoreFileIsCanonical(t *testing.T) {
	fps := []string{strings.Repeat("3c", 16), strings.Repeat("0a", 16), strings.Repeat("f1", 16)}
	orders := [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}}
	var want string
	for i, order := range orders {
		dir := repo(t, nil)
		for _, j := range order {
			if code, _, errs := run(t, dir, "ignore", fps[j], "--reason", "accepted"); code != ExitClean {
				t.Fatalf("ignore: exit %d: %s", code, errs)
			}
		}
		got := readFile(t, filepath.Join(dir, ".keyguardignore"))
		if i == 0 {
			want = got
			continue
		}
		if got != want {
			t.Errorf("order %v wrote\n%s\nwant\n%s", order, got, want)
		}
	}
	// The same fingerprints added at once write the same file too.
	dir := repo(t, nil)
	run(t, dir, append([]string{"ignore", "--reason", "accepted"}, fps...)...)
	if got := readFile(t, filepath.Join(dir, ".keyguardignore")); got != want {
		t.Errorf("one call wrote\n%s\nwant\n%s", got, want)
	}
	if _, err := config.ParseIgnore(".keyguardignore", []byte(want)); err != nil {
		t.Error(err)
	}
	// A second reason replaces the first.
	code, _, errs := run(t, dir, "ignore", fps[0], "--reason", "rotated")
	if code != ExitClean || !strings.Contains(errs, "1 already there (reason replaced)") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if got := readFile(t, filepath.Join(dir, ".keyguardignore")); !strings.Contains(got, fps[0]+" rotated\n") {
		t.Errorf("reason not replaced:\n%s", got)
	}
}

func TestBaseline(t *testing.T) {
	g := synth.New(22)
	old := "password = \"" + g.Expand("{{an:16}}") + "\"\n"
	dir := repo(t, map[string]string{
		"a.go":           "package a\nconst t = \"" + g.GitHubToken("ghp_") + "\"\n",
		"conf/app.ini":   old,
		"copy/app.ini":   old, // the same secret twice: one entry
		"pk.txt":         "pk_live_" + g.Expand("{{an:24}}") + "\n",
		".keyguard.toml": "[allow]\npaths = ['^fixtures/']\n",
		"fixtures/f.txt": "t=" + g.GitHubToken("ghu_") + "\n",
		".gitignore":     "build/\n",
		"build/out.txt":  "t=" + g.GitHubToken("gho_") + "\n",
	})
	// An entry made by hand keeps its reason.
	_, fs, _ := scanJSON(t, dir, "a.go")
	if code, _, errs := run(t, dir, "ignore", fs[0].Fingerprint, "--reason", "revoked"); code != ExitClean {
		t.Fatalf("ignore: %s", errs)
	}

	code, out, errs := run(t, filepath.Join(dir, "conf"), "baseline")
	if code != ExitClean || out != "" || !strings.Contains(errs, "2 findings added, 1 already there") {
		t.Fatalf("baseline: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	ig, err := config.ParseIgnore(".keyguardignore", []byte(readFile(t, filepath.Join(dir, ".keyguardignore"))))
	if err != nil {
		t.Fatal(err)
	}
	if ig.Len() != 3 || ig.Reason(fs[0].Fingerprint) != "revoked" {
		t.Errorf("baseline wrote %d entries, kept reason %q", ig.Len(), ig.Reason(fs[0].Fingerprint))
	}
	// Everything baselined is gone, publishable keys included; what
	// .gitignore hides was not baselined.
	code, fs, _ = scanJSON(t, dir, "--respect-gitignore", ".")
	if code != ExitClean || len(fs) != 0 {
		t.Errorf("after baseline: exit %d, findings %+v", code, fs)
	}
	code, fs, _ = scanJSON(t, dir, ".")
	if len(fs) != 1 || fs[0].File != "build/out.txt" {
		t.Errorf("without --respect-gitignore: exit %d, findings %+v; want build/out.txt only", code, fs)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, ".keyguardignore")), "baseline (generic-password)") {
		t.Errorf("no baseline (RULE) reason")
	}

	// A new secret is still reported.
	if err := os.WriteFile(filepath.Join(dir, "new.py"), []byte("TOKEN = \""+g.GitHubToken("ghp_")+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, fs, _ = scanJSON(t, dir, "--respect-gitignore", ".")
	if code != ExitFindings || len(fs) != 1 || fs[0].File != "new.py" {
		t.Errorf("new secret: exit %d, findings %+v", code, fs)
	}

	// Baseline again: nothing new but new.py, and the file only grows.
	code, _, errs = run(t, dir, "baseline")
	if code != ExitClean || !strings.Contains(errs, "1 finding added, 3 already there") {
		t.Errorf("second baseline: exit %d, stderr %q", code, errs)
	}
}

func TestBaselineErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string
	}{
		{"arguments", nil, []string{"baseline", "."}, "unexpected arguments"},
		{"missing --config", nil, []string{"baseline", "--config", "nope.toml"}, "cannot read nope.toml"},
		{"bad config", map[string]string{".keyguard.toml": "[rules]\ndisable = ['nope']\n"}, []string{"baseline"}, `.keyguard.toml:2: rules.disable: no rule is called "nope"`},
		{"bad ignore file", map[string]string{".keyguardignore": "oops\n"}, []string{"baseline"}, ".keyguardignore:1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repo(t, tt.files)
			code, _, errs := run(t, dir, tt.args...)
			if code != ExitError || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
		})
	}
}

// TestScanSettings: .keyguard.toml and .keyguardignore change what keyguard
// scan reports, and a broken one stops the scan naming file and line.
func TestScanSettings(t *testing.T) {
	g := synth.New(23)
	acme := g.Expand("acme_{{lan:32}}")
	jwt := g.JWT()
	customRule := `[[rule]]
id = "acme-api-key"
title = "Acme API key"
provider = "acme"
rotate_url = "https://acme.example/keys"
keywords = ["acme_"]
regex = '\b(acme_[a-z0-9]{32})\b'
match = ["token = acme_{{lan:32}}"]
`
	tests := []struct {
		name      string
		files     map[string]string
		args      []string
		wantCode  int
		wantRules string // rule IDs found, in path order
		wantErr   string
	}{
		{
			name:      "custom rule",
			files:     map[string]string{".keyguard.toml": customRule, "app.env": "ACME=" + acme + "\n"},
			wantCode:  ExitFindings,
			wantRules: "acme-api-key",
		},
		{
			name:      "without the config the token is not found",
			files:     map[string]string{"app.env": "ACME=" + acme + "\n"},
			wantCode:  ExitClean,
			wantRules: "",
		},
		{
			name:      "disabled rule",
			files:     map[string]string{".keyguard.toml": "[rules]\ndisable = [\"generic-jwt\"]\n", "a.txt": "t = " + jwt + "\n"},
			wantCode:  ExitClean,
			wantRules: "",
		},
		{
			name:      "disabled custom rule",
			files:     map[string]string{".keyguard.toml": customRule + "[rules]\ndisable = [\"acme-api-key\"]\n", "app.env": "ACME=" + acme + "\n"},
			wantCode:  ExitClean,
			wantRules: "",
		},
		{
			name: "allowlists",
			files: map[string]string{
				".keyguard.toml": "[allow]\npaths = ['^testdata/']\nvalues = ['^ghp_']\n",
				"testdata/a.txt": "t = " + jwt + "\n",
				"b.txt":          "t = " + g.GitHubToken("ghp_") + "\n",
				"c.txt":          "t = " + jwt + "\n",
			},
			wantCode:  ExitFindings,
			wantRules: "generic-jwt",
		},
		{
			name:     "explicit --config",
			files:    map[string]string{"kg/custom.toml": customRule, "app.env": "ACME=" + acme + "\n"},
			args:     []string{"--config", "kg/custom.toml"},
			wantCode: ExitFindings, wantRules: "acme-api-key",
		},
		{
			name:     "missing --config",
			files:    map[string]string{},
			args:     []string{"--config", "kg/none.toml"},
			wantCode: ExitError, wantErr: "cannot read kg/none.toml: no such file or directory",
		},
		{
			name:     "corrupt .keyguard.toml",
			files:    map[string]string{".keyguard.toml": "[rules]\ndisable = [\"generic-jwt\"]\n[allow\n"},
			wantCode: ExitError, wantErr: ".keyguard.toml:3: ",
		},
		{
			name:     "typo in .keyguard.toml",
			files:    map[string]string{".keyguard.toml": "[rules]\ndisabel = [\"generic-jwt\"]\n"},
			wantCode: ExitError, wantErr: `.keyguard.toml:2: unknown key "disabel" in [rules] (did you mean "disable"?)`,
		},
		{
			name:     "error in --config names that file",
			files:    map[string]string{"kg/custom.toml": "\n[allw]\n"},
			args:     []string{"--config", "kg/custom.toml"},
			wantCode: ExitError, wantErr: "kg/custom.toml:2: unknown table [allw]",
		},
		{
			name:     "corrupt .keyguardignore",
			files:    map[string]string{".keyguardignore": "# ok\nnot-a-fingerprint because\n"},
			wantCode: ExitError, wantErr: ".keyguardignore:2: the line does not start with a keyguard fingerprint",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repo(t, tt.files)
			code, out, errs := run(t, dir, append(append([]string{"scan", "--format", "json"}, tt.args...), ".")...)
			if code != tt.wantCode || (tt.wantErr != "" && !strings.Contains(errs, tt.wantErr)) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, tt.wantCode, tt.wantErr)
			}
			if tt.wantErr != "" {
				return
			}
			_, fs, _ := scanJSON(t, dir, append(tt.args, ".")...)
			var rules []string
			for _, f := range fs {
				rules = append(rules, f.RuleID)
			}
			if got := strings.Join(rules, " "); got != tt.wantRules {
				t.Errorf("rules %q, want %q\n%s", got, tt.wantRules, out)
			}
		})
	}
}

// TestCustomRuleRemediation: a new provider from .keyguard.toml reaches
// the report (its rotation page).
func TestCustomRuleRemediation(t *testing.T) {
	g := synth.New(24)
	dir := repo(t, map[string]string{
		".keyguard.toml": `[[rule]]
id = "acme-api-key"
title = "Acme API key"
provider = "acme"
provider_name = "Acme"
rotate_url = "https://acme.example/keys"
keywords = ["acme_"]
regex = '\b(acme_[a-z0-9]{32})\b'
`,
		"app.env": "ACME=" + g.Expand("acme_{{lan:32}}") + "\n",
	})
	code, out, _ := run(t, dir, "scan", "--no-color", ".")
	if code != ExitFindings || !strings.Contains(out, "https://acme.example/keys") || !strings.Contains(out, "Acme") {
		t.Errorf("exit %d, report:\n%s", code, out)
	}
}
