package hook

import (
	"fmt"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

func TestStagedScan(t *testing.T) {
	g := synth.New(11)
	tok := g.GitHubToken("ghp_")
	tok2 := g.GitHubToken("ghp_")
	stripeTest := g.Expand("sk_test_{{an:24}}")
	type want struct {
		file string
		line int
		rule string
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) // commits a base, then stages the change
		want  []want
		code  int
	}{
		{
			name: "new file",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "main.go", "package main\n\nvar token = \""+tok+"\"\n")
				git(t, dir, "add", ".")
			},
			want: []want{{"main.go", 3, "github-pat"}},
			code: 1,
		},
		{
			name: "modification reports new-file line numbers",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "app.py", "a = 1\nb = 2\nc = 3\n")
				commitAll(t, dir, "base")
				write(t, dir, "app.py", "a = 1\nb = 2\nGH = \""+tok+"\"\nc = 3\n")
				git(t, dir, "add", ".")
			},
			want: []want{{"app.py", 3, "github-pat"}},
			code: 1,
		},
		{
			name: "rename with edits scans only the edits",
			setup: func(t *testing.T, dir string) {
				body := "old = \"" + tok + "\"\n" + strings.Repeat("filler line\n", 20)
				write(t, dir, "old.py", body)
				commitAll(t, dir, "base")
				git(t, dir, "mv", "old.py", "new.py")
				write(t, dir, "new.py", body+"added = \""+tok2+"\"\n")
				git(t, dir, "add", ".")
			},
			want: []want{{"new.py", 22, "github-pat"}},
			code: 1,
		},
		{
			name: "CRLF file",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "win.ps1", "$a = 1\r\n$token = \""+tok+"\"\r\n")
				git(t, dir, "add", ".")
			},
			want: []want{{"win.ps1", 2, "github-pat"}},
			code: 1,
		},
		{
			name: "no trailing newline",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "x.js", "const a = 1;\nconst t = '"+tok+"'")
				git(t, dir, "add", ".")
			},
			want: []want{{"x.js", 2, "github-pat"}},
			code: 1,
		},
		{
			name: "binary file skipped",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "blob.dat2", "\x00\x01binary "+tok+"\x00")
				git(t, dir, "add", ".")
			},
			code: 0,
		},
		{
			name: "deletion ignored",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "leak.go", "var t = \""+tok+"\"\n")
				commitAll(t, dir, "base")
				git(t, dir, "rm", "-q", "leak.go")
			},
			code: 0,
		},
		{
			name: "removed line ignored, added line kept",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "a.go", "var t = \""+tok+"\"\nvar x = 1\n")
				commitAll(t, dir, "base")
				write(t, dir, "a.go", "var x = 2\n")
				git(t, dir, "add", ".")
			},
			code: 0,
		},
		{
			name: "non-ASCII path",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "données/clé \"x\".go", "var t = \""+tok+"\"\n")
				git(t, dir, "add", ".")
			},
			want: []want{{"données/clé \"x\".go", 1, "github-pat"}},
			code: 1,
		},
		{
			name: "test key reported without blocking",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "pay.rb", "Stripe.api_key = \""+stripeTest+"\"\n")
				git(t, dir, "add", ".")
			},
			want: []want{{"pay.rb", 1, "stripe-test-secret-key"}},
			code: 0,
		},
		{
			name: "unstaged change not scanned",
			setup: func(t *testing.T, dir string) {
				write(t, dir, "a.go", "var x = 1\n")
				git(t, dir, "add", ".")
				write(t, dir, "a.go", "var x = 1\nvar t = \""+tok+"\"\n")
			},
			code: 0,
		},
		{
			name:  "nothing staged",
			setup: func(t *testing.T, dir string) {},
			code:  0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t)
			tt.setup(t, dir)
			code, fs, errs := scanJSON(t, dir, "--staged")
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr: %s)", code, tt.code, errs)
			}
			var got []want
			for _, f := range fs {
				got = append(got, want{f.File, f.Line, f.RuleID})
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("findings\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestStagedTextReport(t *testing.T) {
	g := synth.New(12)
	tok := g.GitHubToken("ghp_")
	stripe := g.Expand("sk_live_{{an:24}}")
	dir := gitRepo(t)
	write(t, dir, "main.go", "package main\n\nvar deployToken = \""+tok+"\"\n")
	write(t, dir, ".env", "STRIPE_API_KEY="+stripe+"\n")
	write(t, dir, ".env.example", "STRIPE_API_KEY=\n")
	git(t, dir, "add", ".")
	code, out, errs := run(t, dir, "scan", "--staged")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1; stderr %s", code, errs)
	}
	for _, secret := range []string{tok, stripe, tok[4:20], stripe[8:20]} {
		if strings.Contains(out+errs, secret) {
			t.Fatalf("report reveals a secret:\n%s", out)
		}
	}
	for _, want := range []string{
		"main.go:3:", "GitHub", "ghp_****",
		"DEPLOY_TOKEN", // the code's own name becomes the variable
		`var deployToken = os.Getenv("DEPLOY_TOKEN")`, "(Go)",
		"https://github.com/settings/tokens",
		".env:1:", "git rm --cached .env", "/.env >> .gitignore",
		"keyguard stopped this commit", "keyguard ignore ", "keyguard:allow", "git commit --no-verify",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, ".env.example holds") {
		t.Errorf(".env.example must not be treated as a dotenv file:\n%s", out)
	}
}

func TestIsEnvFile(t *testing.T) {
	for name, want := range map[string]bool{
		".env": true, "app/.env": true, ".env.local": true, ".env.production": true, "prod.env": true,
		".env.example": false, ".env.sample": false, ".env.template": false, "config/.env.dist": false,
		"example.env": false, "env.go": false, ".envrc": false, "environment.yml": false,
	} {
		if got := isEnvFile(name); got != want {
			t.Errorf("isEnvFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestStagedOutsideRepository(t *testing.T) {
	isolateGit(t)
	t.Setenv("GIT_CEILING_DIRECTORIES", t.TempDir())
	dir := t.TempDir()
	code, _, errs := run(t, dir, "scan", "--staged")
	if code != ExitError || !strings.Contains(errs, "git") {
		t.Errorf("exit %d, stderr %q; want 2 and a git error", code, errs)
	}
}

func TestStagedSubmoduleAndHugeFile(t *testing.T) {
	g := synth.New(13)
	tok := g.GitHubToken("ghp_")
	sub := gitRepo(t)
	write(t, sub, "README", "sub\n")
	commitAll(t, sub, "sub")

	dir := gitRepo(t)
	git(t, dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "vendor/sub")
	// 40 MB of text with the key near the end: the diff is streamed file
	// by file, and the line number must still be exact.
	var b strings.Builder
	for b.Len() < 40<<20 {
		b.WriteString("just an ordinary log line that says nothing secret at all\n")
	}
	lines := strings.Count(b.String(), "\n")
	b.WriteString("token: " + tok + "\n")
	write(t, dir, "huge.log.txt", b.String())
	git(t, dir, "add", ".")
	code, fs, errs := scanJSON(t, dir, "--staged")
	if code != ExitFindings || len(fs) != 1 {
		t.Fatalf("exit %d, %d findings, want 1 and 1 (stderr %s)", code, len(fs), errs)
	}
	if fs[0].File != "huge.log.txt" || fs[0].Line != lines+1 {
		t.Errorf("finding at %s:%d, want huge.log.txt:%d", fs[0].File, fs[0].Line, lines+1)
	}
}
