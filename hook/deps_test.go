package hook

import (
	"os/exec"
	"strings"
	"testing"
)

// forbidden packages must never be linked into the keyguard command; each
// entry says why.
var forbidden = map[string]string{
	"github.com/google/go-github":             "the GitHub API client belongs to the App; the hook must start instantly",
	"github.com/bradleyfalzon/ghinstallation": "App authentication has no place in a pre-commit hook",
	"github.com/rs/zerolog":                   "the hook talks to people on stderr, it does not log",
	"github.com/jackc/pgx":                    "database drivers belong to the App",
	"modernc.org/sqlite":                      "database drivers belong to the App",
	"net/http":                                "the hook never touches the network (no update checks, no telemetry)",
}

func TestHookDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/keyguard-dev/keyguard/hook/cmd/keyguard").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for bad, why := range forbidden {
			if dep == bad || strings.HasPrefix(dep, bad+"/") {
				t.Errorf("keyguard links %s: %s", dep, why)
			}
		}
	}
}
