package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/keyguard-dev/keyguard/detector"
)

// SARIF 2.1.0, as GitHub code scanning reads it:
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	HelpURI              string         `json:"helpUri,omitempty"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
}

// securitySeverity maps to GitHub's security-severity scale (0.1-10):
// critical ≥ 9, high 7-8.9, medium 4-6.9, low 0.1-3.9.
var securitySeverity = map[detector.Severity]string{
	detector.SeverityCritical: "9.5",
	detector.SeverityHigh:     "8.0",
	detector.SeverityMedium:   "5.5",
	detector.SeverityLow:      "2.0",
}

// SARIF writes a SARIF 2.1.0 log with one run, the rules that have results
// and a partialFingerprints entry per result, so that code scanning tracks
// an alert across commits the way keyguard's ignore file does.
func SARIF(w io.Writer, fs []detector.Finding, o Options) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "keyguard",
			InformationURI: "https://github.com/keyguard-dev/keyguard",
			Version:        o.Version,
			Rules:          []sarifRule{},
		}},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	index := map[string]int{}
	for _, f := range fs {
		p := provider(o, f.Provider)
		i, ok := index[f.RuleID]
		if !ok {
			i = len(run.Tool.Driver.Rules)
			index[f.RuleID] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(o, f, p))
		}
		msg := fmt.Sprintf("%s %s (%s) found: %s.", p.Name, f.Title, f.Kind, f.Redacted)
		if f.Kind == detector.KindSecret {
			msg += fmt.Sprintf(" Read it from the environment (%s) and rotate it: %s", f.EnvVar(p), p.RotateURL)
		}
		run.Results = append(run.Results, sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: i,
			Level:     level(f.Kind),
			Message:   sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: artifact(f.Path),
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column, EndLine: max(f.EndLine, f.Line)},
			}}},
			PartialFingerprints: map[string]string{"keyguardFingerprint/v1": f.Fingerprint},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

func sarifRuleFor(o Options, f detector.Finding, p detector.Provider) sarifRule {
	short := p.Name + " " + f.Title
	full := fmt.Sprintf("A %s %s was found in the code. Anyone holding it can act as its owner.", p.Name, f.Title)
	help := fmt.Sprintf("Move the value out of the code: read it from the environment variable %s, "+
		"keep it in an untracked .env file or a secret store, and rotate it if it was ever committed or shared (%s).",
		p.EnvVar, p.RotateURL)
	if f.Kind != detector.KindSecret {
		full = fmt.Sprintf("A %s %s (%s) was found in the code.", p.Name, f.Title, f.Kind)
	}
	tags := []string{"security", "secret"}
	if f.Kind != detector.KindSecret {
		tags = append(tags, string(f.Kind))
	}
	md := fmt.Sprintf("**%s**\n\n%s\n\n- Read it from `%s`.\n- Rotate it: [%s](%s)\n", short, help, p.EnvVar, p.RotateURL, p.RotateURL)
	return sarifRule{
		ID:                   f.RuleID,
		Name:                 pascal(f.RuleID),
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		HelpURI:              p.RotateURL,
		Help:                 sarifText{Text: help, Markdown: md},
		DefaultConfiguration: sarifConfig{Level: level(f.Kind)},
		Properties: map[string]any{
			"tags":              tags,
			"precision":         "high",
			"security-severity": securitySeverity[f.Severity],
		},
	}
}

func level(k detector.Kind) string {
	if k == detector.KindSecret {
		return "error"
	}
	return "note"
}

// artifact turns a scan path into a SARIF URI: relative paths stay
// relative to the source root (what code scanning expects), absolute paths
// become file URIs.
func artifact(p string) sarifArtifact {
	if filepath.IsAbs(p) {
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()}
	}
	rel := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
	u := (&url.URL{Path: rel}).String()
	return sarifArtifact{URI: u, URIBaseID: "%SRCROOT%"}
}

func pascal(id string) string {
	var sb strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		sb.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return sb.String()
}
