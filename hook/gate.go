package hook

import (
	"sort"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/hook/report"
)

// gateInfo is what a commit or push gate knows beyond the findings.
type gateInfo struct {
	name     string // "commit" or "push"
	lines    addedLines
	envFiles map[string]bool
}

// report turns the gate into the renderer's options.
func (g *gateInfo) report() *report.Gate {
	if g == nil {
		return nil
	}
	rg := &report.Gate{Action: g.name, Rewrite: g.rewrite}
	switch g.name {
	case "commit":
		rg.Skip = "git commit --no-verify"
	case "push":
		rg.Skip = "git push --no-verify"
	}
	for name := range g.envFiles {
		rg.EnvFiles = append(rg.EnvFiles, name)
	}
	sort.Strings(rg.EnvFiles)
	return rg
}

// rewrite shows the finding's line reading the secret from the
// environment; the remedy package knows each language's idiom.
func (g *gateInfo) rewrite(f detector.Finding, envVar string) (string, string, bool) {
	return "", "", false
}
