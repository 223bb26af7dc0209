package webhooks

import "testing"

func TestHasCommand(t *testing.T) {
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"command", "/keyguard rotated", true},
		{"upper case", "/KeyGuard ignore test fixture", true},
		{"indented, tabs", " \t/keyguard false-positive docs\t", true},
		{"on a later line, CRLF", "Checked with the provider.\r\n/keyguard rotated\r\nThanks", true},
		{"alone", "/keyguard", true},
		// Only a filter: the app parses the command and answers one it
		// does not know.
		{"unknown command", "/keyguardian", true},
		{"empty", "", false},
		{"no command", "You are totally right! I'll get this fixed right away.", false},
		{"mid-line", "please run /keyguard rotated", false},
		{"quoted", "> /keyguard rotated\r\n\r\nWhy?", false},
		{"in code", "`/keyguard rotated`", false},
		{"prefix cut short", "/keyguar rotated", false},
		{"another bot's command", "/dependabot rebase", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasCommand(tt.body); got != tt.want {
				t.Errorf("hasCommand(%q) = %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}
