package hook

import (
	"sort"
	"strings"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/remedy"
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
// environment; the remedy package knows each language's idiom. The raw
// secret is used only to find it on the line; remedy guarantees the
// rewritten line holds no part of it.
func (g *gateInfo) rewrite(f detector.Finding, envVar string) (string, string, bool) {
	text, ok := g.lines[f.Path][f.Line]
	if !ok {
		return "", "", false
	}
	line := string(text)
	secret := f.Reveal()
	i := strings.Index(line, secret)
	if secret == "" || i < 0 || strings.Contains(line[i+len(secret):], secret) {
		// A secret over several lines, or twice on the line: no one
		// rewrite fits.
		return "", "", false
	}
	out, ok := remedy.Rewrite(f.Path, line, i, i+len(secret), envVar)
	if !ok {
		return "", "", false
	}
	return remedy.Language(f.Path, line), out, true
}
