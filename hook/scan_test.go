package hook

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// run executes the real command line and returns exit status and streams.
func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if dir != "" {
		t.Chdir(dir)
	}
	code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

// tree writes files (path → content) under a new temp dir.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type jsonFinding struct {
	File        string `json:"file"`
	Commit      string `json:"commit"`
	Author      string `json:"author"`
	Date        string `json:"date"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	RuleID      string `json:"rule_id"`
	Provider    string `json:"provider"`
	Kind        string `json:"kind"`
	Severity    string `json:"severity"`
	Redacted    string `json:"redacted"`
	Fingerprint string `json:"fingerprint"`
	Secret      string `json:"secret"`
}

func scanJSON(t *testing.T, dir string, args ...string) (int, []jsonFinding, string) {
	t.Helper()
	code, out, errs := run(t, dir, append([]string{"scan", "--format", "json"}, args...)...)
	var fs []jsonFinding
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	return code, fs, errs
}

func TestScanExitStatus(t *testing.T) {
	g := synth.New(1)
	tok := g.GitHubToken("ghp_")
	tests := []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"empty directory", map[string]string{}, ExitClean},
		{"clean files", map[string]string{"a.go": "package a\n", "b/c.yaml": "key: value\n"}, ExitClean},
		{"a secret", map[string]string{"a.go": "package a\nconst t = \"" + tok + "\"\n"}, ExitFindings},
		{"an allowed secret", map[string]string{"a.go": "const t = \"" + tok + "\" // keyguard:allow\n"}, ExitClean},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tree(t, tt.files), "scan", ".")
			if code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
		})
	}
}

func TestScanJSONNeverPrintsSecret(t *testing.T) {
	g := synth.New(2)
	tok := g.GitHubToken("ghp_")
	pw := g.Expand("{{an:14}}")
	dir := tree(t, map[string]string{
		"src/app.py": "import os\n\nTOKEN = \"" + tok + "\"\n",
		".env":       "DB_PASSWORD=" + pw + "\n",
	})
	code, fs, _ := scanJSON(t, dir, ".")
	if code != ExitFindings || len(fs) != 2 {
		t.Fatalf("exit %d, %d findings; want 1 and 2: %+v", code, len(fs), fs)
	}
	want := []jsonFinding{
		{File: ".env", Line: 1, Column: 13, RuleID: "generic-password", Provider: "generic", Kind: "secret", Severity: "high"},
		{File: "src/app.py", Line: 3, Column: 10, RuleID: "github-pat", Provider: "github", Kind: "secret", Severity: "critical"},
	}
	for i, w := range want {
		got := fs[i]
		if got.File != w.File || got.Line != w.Line || got.Column != w.Column || got.RuleID != w.RuleID ||
			got.Provider != w.Provider || got.Kind != w.Kind || got.Severity != w.Severity {
			t.Errorf("finding %d = %+v, want %+v", i, got, w)
		}
		if got.Redacted == "" || len(got.Fingerprint) != 32 || got.Secret != "" {
			t.Errorf("finding %d: redacted %q fingerprint %q secret %q", i, got.Redacted, got.Fingerprint, got.Secret)
		}
	}
	for _, format := range []string{"text", "json", "sarif"} {
		_, out, errs := run(t, dir, "scan", "--format", format, ".")
		if strings.Contains(out+errs, tok) || strings.Contains(out+errs, pw) {
			t.Errorf("--format %s printed a secret", format)
		}
	}
	// --reveal is the one explicit way to see it.
	_, fs, _ = scanJSON(t, dir, "--reveal", ".")
	if fs[1].Secret != tok {
		t.Errorf("--reveal did not reveal the secret")
	}
}

func TestScanSkips(t *testing.T) {
	g := synth.New(3)
	tok := g.GitHubToken("ghp_")
	outside := tree(t, map[string]string{"secret.txt": "t=" + tok + "\n"})
	dir := tree(t, map[string]string{
		"bin.dat2":        "\x00\x01binary t=" + tok,
		"image.png":       "t=" + tok,
		".git/config":     "t=" + tok,
		"ignored/x.txt":   "t=" + tok,
		"kept.txt":        "nothing here\n",
		".gitignore":      "ignored/\n*.log\n",
		"debug.log":       "t=" + tok,
		"sub/.gitignore":  "local.txt\n",
		"sub/local.txt":   "t=" + tok,
		"sub/visible.txt": "t=" + tok,
	})
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	_, fs, _ := scanJSON(t, dir, "--respect-gitignore", ".")
	if len(fs) != 1 || fs[0].File != "sub/visible.txt" {
		t.Errorf("with --respect-gitignore got %+v, want only sub/visible.txt", fs)
	}
	_, fs, _ = scanJSON(t, dir, ".")
	var files []string
	for _, f := range fs {
		files = append(files, f.File)
	}
	if got, want := strings.Join(files, " "), "debug.log ignored/x.txt sub/local.txt sub/visible.txt"; got != want {
		t.Errorf("without --respect-gitignore scanned %q, want %q (no binaries, .git, or symlinks)", got, want)
	}
}

func TestScanLargeFiles(t *testing.T) {
	g := synth.New(4)
	a, b, c := g.GitHubToken("ghp_"), g.GitHubToken("gho_"), g.GitHubToken("ghu_")
	var sb strings.Builder
	line := strings.Repeat("lorem ipsum dolor sit amet ", 3) + "\n"
	lines := 0
	for sb.Len() < chunkSize-chunkOverlap/2-len(line) {
		sb.WriteString(line)
		lines++
	}
	// b straddles the first chunk's edge and its overlap.
	sb.WriteString("token: " + b + "\n")
	bLine := lines + 1
	lines++
	for sb.Len() < 2*chunkSize+1000 {
		sb.WriteString(line)
		lines++
	}
	sb.WriteString("t=" + c)
	cLine := lines + 1
	dir := tree(t, map[string]string{
		"big.txt": "first=" + a + "\n" + sb.String(),
		// One 12 MB line with a token in the middle: bounded memory and
		// the right column.
		"minified.js":  strings.Repeat("a", 6<<20) + " k=\"" + a + "\" " + strings.Repeat("b", 6<<20),
		"bad-utf8.txt": "\xff\xfe\xfd t=" + a + "\n",
	})
	_, fs, _ := scanJSON(t, dir, ".")
	type pos struct {
		file      string
		line, col int
		rule      string
	}
	var got []pos
	for _, f := range fs {
		got = append(got, pos{f.File, f.Line, f.Column, f.RuleID})
	}
	want := []pos{
		{"bad-utf8.txt", 1, 7, "github-pat"},
		{"big.txt", 1, 7, "github-pat"},
		{"big.txt", bLine + 1, 8, "github-oauth-token"},
		{"big.txt", cLine + 1, 3, "github-user-to-server-token"},
		{"minified.js", 1, 6<<20 + 5, "github-pat"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestScanErrors(t *testing.T) {
	dir := tree(t, map[string]string{"a.txt": "fine\n"})
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"missing path", []string{"scan", "does-not-exist"}, "cannot scan does-not-exist: no such file or directory"},
		{"bad format", []string{"scan", "--format", "xml", "."}, `unknown --format "xml"`},
		{"bad regexp", []string{"scan", "--allow-path", "(", "."}, "--allow-path \"(\" is not a valid regular expression"},
		{"unknown command", []string{"scna"}, `unknown command "scna"`},
		{"unwritable output", []string{"scan", "--output", "/nonexistent/dir/r.json", "."}, "cannot write the report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, dir, tt.args...)
			if code != ExitError || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
		})
	}
}

func TestScanFlagsAfterPaths(t *testing.T) {
	g := synth.New(5)
	dir := tree(t, map[string]string{"a.txt": "t=" + g.GitHubToken("ghp_")})
	out := filepath.Join(t.TempDir(), "r.json")
	code, stdout, _ := run(t, dir, "scan", "a.txt", "--format", "json", "--output", out)
	if code != ExitFindings || stdout != "" {
		t.Fatalf("exit %d stdout %q", code, stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(data, []byte(`"rule_id": "github-pat"`)) {
		t.Errorf("report file: %v %s", err, data)
	}
}

func TestScanSARIF(t *testing.T) {
	g := synth.New(6)
	dir := tree(t, map[string]string{
		"a.go":       "package a\nconst t = \"" + g.GitHubToken("ghp_") + "\"\n",
		"dir x/b.py": "password = \"" + g.Expand("{{an:12}}") + "\"\n",
	})
	code, out, _ := run(t, dir, "scan", "--format", "sarif", ".")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				Level               string            `json:"level"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Fatalf("unexpected SARIF shape: %s", out)
	}
	run0 := log.Runs[0]
	for _, r := range run0.Results {
		if run0.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.Level != "error" || len(r.PartialFingerprints) != 1 {
			t.Errorf("bad result %+v", r)
		}
	}
	if uri := run0.Results[1].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "dir%20x/b.py" {
		t.Errorf("uri %q, want a relative, escaped URI", uri)
	}
	validateSARIF(t, []byte(out))
}

// validateSARIF runs Microsoft's SARIF multitool, which checks a log
// against the official 2.1.0 schema. CI installs it from npm and sets
// KEYGUARD_SARIF_MULTITOOL; without it the check is skipped locally but
// fails in CI.
func validateSARIF(t *testing.T, log []byte) {
	tool := os.Getenv("KEYGUARD_SARIF_MULTITOOL")
	if tool == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must set KEYGUARD_SARIF_MULTITOOL to validate SARIF output")
		}
		t.Skip("KEYGUARD_SARIF_MULTITOOL not set")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.sarif"), filepath.Join(dir, "out.sarif")
	if err := os.WriteFile(in, log, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "validate", in, "--output", out, "--log", "ForceOverwrite")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("multitool: %v\n%s", err, msg)
	}
	var res struct {
		Runs []struct {
			Results []struct {
				Level   string `json:"level"`
				RuleID  string `json:"ruleId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("multitool wrote no result: %v\n%s", err, msg)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Runs {
		for _, v := range r.Results {
			if v.Level == "error" || v.Level == "" {
				t.Errorf("SARIF validation: %s %s", v.RuleID, v.Message.Text)
			}
		}
	}
	if bytes.Contains(msg, []byte(": error ")) {
		t.Errorf("SARIF validation errors:\n%s", msg)
	}
}

// TestScanNonBlockingKinds: publishable and test-mode keys are reported
// but never fail the scan.
func TestScanNonBlockingKinds(t *testing.T) {
	g := synth.New(7)
	files := map[string]string{}
	for _, r := range detector.Rules() {
		switch r.ID {
		case "stripe-publishable-key", "stripe-test-secret-key":
			files[r.ID+".txt"] = g.Expand(r.Match[0]) + "\n"
		}
	}
	if len(files) != 2 {
		t.Fatalf("sample rules missing from the table: %v", files)
	}
	code, fs, _ := scanJSON(t, tree(t, files), ".")
	kinds := map[string]bool{}
	for _, f := range fs {
		kinds[f.Kind] = true
	}
	if code != ExitClean || !kinds["publishable"] || !kinds["test"] || kinds["secret"] {
		t.Errorf("exit %d, kinds %v; want 0 with publishable and test findings only", code, kinds)
	}
}
