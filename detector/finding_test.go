package detector

import "testing"

func TestEnvVar(t *testing.T) {
	gh := Provider{ID: "github", EnvVar: "GITHUB_TOKEN"}
	tests := []struct {
		name     string
		variable string
		p        Provider
		want     string
	}{
		{"code name wins", "DEPLOY_BOT_TOKEN", gh, "DEPLOY_BOT_TOKEN"},
		{"vague name loses to provider", "TOKEN", gh, "GITHUB_TOKEN"},
		{"vague api key loses", "API_KEY", Provider{EnvVar: "OPENAI_API_KEY"}, "OPENAI_API_KEY"},
		{"no name", "", gh, "GITHUB_TOKEN"},
		{"vague name kept without provider name", "API_KEY", Provider{}, "API_KEY"},
		{"nothing known", "", Provider{}, "SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Finding{Variable: tt.variable}).EnvVar(tt.p); got != tt.want {
				t.Errorf("EnvVar = %q, want %q", got, tt.want)
			}
		})
	}
}
