package webhooks

import (
	"strings"
	"testing"
)

func TestLogin(t *testing.T) {
	tests := []struct {
		name, login string
		ok          bool
	}{
		{"person", "Codertocat", true},
		{"hyphens and digits", "octo-cat-2", true},
		{"App bot", "octocoders-linter[bot]", true},
		{"managed user", "mona-cat_octo", true},
		{"absent", "", true},
		{"newline", "Codertocat\nforged", false},
		{"carriage return", "Codertocat\r", false},
		{"escape", "Codertocat\x1b[31m", false},
		{"key separator", "a:b", false},
		{"slash", "a/b", false},
		{"space", "a b", false},
		{"dot", "a.b", false},
		{"non-ASCII", "codértocat", false},
		{"suffix alone", "[bot]", false},
		{"suffix twice", "a[bot][bot]", false},
		{"brackets elsewhere", "a[bot]b", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := login("sender.login", tt.login)
			if (err == nil) != tt.ok {
				t.Fatalf("login(%q) error %v, want ok %v", tt.login, err, tt.ok)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "sender.login") || (tt.login != "" && strings.Contains(err.Error(), tt.login)) {
					t.Errorf("error %q does not name the field, or shows the value", err)
				}
				return
			}
			if got != tt.login {
				t.Errorf("login(%q) = %q", tt.login, got)
			}
		})
	}
}
