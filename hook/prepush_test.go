package hook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector/synth"
)

// runInput is run with standard input and extra environment.
func runInput(t *testing.T, dir, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

func TestPrePush(t *testing.T) {
	g := synth.New(41)
	old, tok, tok2 := g.GitHubToken("ghp_"), g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	zero := strings.Repeat("0", 40)

	dir := gitRepo(t)
	remote := t.TempDir()
	git(t, remote, "init", "-q", "--bare")
	git(t, dir, "remote", "add", "origin", remote)
	// Already on the remote: never reported by a push.
	write(t, dir, "old.go", "var t = \""+old+"\"\n")
	base := commitAll(t, dir, "pushed before")
	git(t, dir, "push", "-q", "origin", "main")

	write(t, dir, "a.py", "x = 1\n")
	commitAll(t, dir, "clean")
	write(t, dir, "a.py", "x = 1\nGH = \""+tok+"\"\n")
	leak := commitAll(t, dir, "leak")
	head := commitAll(t, dir, "later")

	git(t, dir, "checkout", "-q", "-b", "feature")
	write(t, dir, "f.js", "const k = '"+tok2+"';\n")
	feat := commitAll(t, dir, "feature leak")
	git(t, dir, "checkout", "-q", "main")

	tests := []struct {
		name  string
		stdin string
		env   map[string]string
		want  []string // "file@commit"
		code  int
	}{
		{"update", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", head, base), nil, []string{"a.py@" + leak}, 1},
		{"new branch: only commits no remote has", fmt.Sprintf("refs/heads/feature %s refs/heads/feature %s\n", feat, zero), nil,
			[]string{"a.py@" + leak, "f.js@" + feat}, 1},
		{"remote value this clone lacks", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", head, strings.Repeat("ab", 20)), nil,
			[]string{"a.py@" + leak}, 1},
		{"deletion", fmt.Sprintf("(delete) %s refs/heads/old %s\n", zero, base), nil, nil, 0},
		{"nothing new", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", base, base), nil, nil, 0},
		{"two refs, one report per secret", fmt.Sprintf("refs/heads/main %s refs/heads/main %s\nrefs/heads/feature %s refs/heads/feature %s\n", head, base, feat, base), nil,
			[]string{"a.py@" + leak, "f.js@" + feat}, 1},
		{"pre-commit framework", "", map[string]string{"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": head}, []string{"a.py@" + leak}, 1},
		{"empty input", "", nil, nil, 0},
		{"pre-commit framework, first push", "", map[string]string{"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/feature", "PRE_COMMIT_REMOTE_NAME": "origin"},
			[]string{"a.py@" + leak, "f.js@" + feat}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runInput(t, dir, tt.stdin, tt.env, "scan", "--pre-push", "--format", "json", "origin", remote)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %s)", code, tt.code, errs)
			}
			var got []string
			for _, f := range decodeFindings(t, out) {
				got = append(got, f.File+"@"+f.Commit)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("text report", func(t *testing.T) {
		code, out, _ := runInput(t, dir, fmt.Sprintf("refs/heads/main %s refs/heads/main %s\n", head, base), nil, "scan", "--pre-push")
		if code != ExitFindings {
			t.Fatalf("exit %d", code)
		}
		for _, want := range []string{"keyguard stopped this push", "git commit --amend", "git push --no-verify", leak[:12]} {
			if !strings.Contains(out, want) {
				t.Errorf("report lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, tok) {
			t.Error("report reveals the secret")
		}
	})
	t.Run("malformed input", func(t *testing.T) {
		code, _, errs := runInput(t, dir, "refs/heads/main nothex\n", nil, "scan", "--pre-push")
		if code != ExitError || !strings.Contains(errs, "line 1") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}

func decodeFindings(t *testing.T, out string) []jsonFinding {
	t.Helper()
	var fs []jsonFinding
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	return fs
}
