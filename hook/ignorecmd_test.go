package hook

import (
	"os"
	"strings"
	"testing"

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
