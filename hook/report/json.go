package report

import (
	"encoding/json"
	"io"

	"github.com/keyguard-dev/keyguard/detector"
)

// jsonFinding is the stable JSON shape of a finding: field names are API.
type jsonFinding struct {
	File         string `json:"file"`
	Line         int    `json:"line"`
	Column       int    `json:"column"`
	EndLine      int    `json:"end_line"`
	Commit       string `json:"commit,omitempty"`
	Author       string `json:"author,omitempty"`
	Date         string `json:"date,omitempty"`
	RuleID       string `json:"rule_id"`
	Provider     string `json:"provider"`
	ProviderName string `json:"provider_name"`
	Title        string `json:"title"`
	Kind         string `json:"kind"`
	Severity     string `json:"severity"`
	Redacted     string `json:"redacted"`
	Fingerprint  string `json:"fingerprint"`
	EnvVar       string `json:"env_var,omitempty"`
	RotateURL    string `json:"rotate_url,omitempty"`
	Secret       string `json:"secret,omitempty"` // only with Reveal
}

// JSON writes one array of finding objects (an empty array when clean).
func JSON(w io.Writer, fs []detector.Finding, o Options) error {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		p := provider(o, f.Provider)
		j := jsonFinding{
			File: f.Path, Line: f.Line, Column: f.Column, EndLine: f.EndLine, Commit: f.Commit,
			Author: f.Author, Date: f.Date,
			RuleID: f.RuleID, Provider: f.Provider, ProviderName: p.Name, Title: f.Title,
			Kind: string(f.Kind), Severity: string(f.Severity), Redacted: f.Redacted,
			Fingerprint: f.Fingerprint, EnvVar: f.EnvVar(p), RotateURL: p.RotateURL,
		}
		if o.Reveal {
			j.Secret = f.Reveal()
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
