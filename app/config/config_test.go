package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"
)

var testKey = sync.OnceValue(func() []byte {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
})

func ecKey(t *testing.T) []byte {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func TestLoad(t *testing.T) {
	secret := strings.Repeat("s", 8) + "0123456789abcdef" // built here, never a real one
	good := func() map[string]string {
		return map[string]string{
			"KEYGUARD_APP_ID":         "12345",
			"KEYGUARD_PRIVATE_KEY":    string(testKey()),
			"KEYGUARD_WEBHOOK_SECRET": secret,
		}
	}
	files := map[string][]byte{"/run/key.pem": testKey(), "/run/ec.pem": ecKey(t)}
	readFile := func(p string) ([]byte, error) {
		if b, ok := files[p]; ok {
			return b, nil
		}
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	tests := []struct {
		name  string
		edit  func(map[string]string)
		wants []string // substrings of the error; none: valid
		check func(t *testing.T, c Config)
	}{
		{name: "valid, defaults", edit: func(map[string]string) {}, check: func(t *testing.T, c Config) {
			if c.AppID != 12345 || c.GitHubAPIURL != DefaultGitHubAPIURL || c.Port != DefaultPort || c.DatabaseURL != "" || c.PrivateKey == nil {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "key from a file, Enterprise URL, Postgres, port", edit: func(e map[string]string) {
			delete(e, "KEYGUARD_PRIVATE_KEY")
			e["KEYGUARD_PRIVATE_KEY_FILE"] = "/run/key.pem"
			e["KEYGUARD_GITHUB_API_URL"] = "https://ghe.example.com/api/v3/"
			e["KEYGUARD_DATABASE_URL"] = "postgres://app@db.internal/keyguard"
			e["PORT"] = "0"
		}, check: func(t *testing.T, c Config) {
			if c.GitHubAPIURL != "https://ghe.example.com/api/v3" || c.Port != 0 || c.DatabaseURL == "" {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "everything missing, all named at once", edit: func(e map[string]string) { clear(e) },
			wants: []string{"KEYGUARD_APP_ID is not set", "KEYGUARD_PRIVATE_KEY (PEM) or KEYGUARD_PRIVATE_KEY_FILE is not set", "KEYGUARD_WEBHOOK_SECRET is not set"}},
		{name: "bad values, all named at once", edit: func(e map[string]string) {
			e["KEYGUARD_APP_ID"] = "abc"
			e["KEYGUARD_WEBHOOK_SECRET"] = "short"
			e["KEYGUARD_GITHUB_API_URL"] = "ftp://x"
			e["KEYGUARD_DATABASE_URL"] = "mysql://db/x"
			e["PORT"] = "70000"
		}, wants: []string{"KEYGUARD_APP_ID must be a positive integer", "too short", "KEYGUARD_GITHUB_API_URL must be", `scheme "mysql"`, "PORT must be"}},
		{name: "both key settings", edit: func(e map[string]string) { e["KEYGUARD_PRIVATE_KEY_FILE"] = "/run/key.pem" }, wants: []string{"not both"}},
		{name: "unreadable key file", edit: func(e map[string]string) {
			delete(e, "KEYGUARD_PRIVATE_KEY")
			e["KEYGUARD_PRIVATE_KEY_FILE"] = "/run/missing.pem"
		}, wants: []string{"cannot read /run/missing.pem"}},
		{name: "not PEM", edit: func(e map[string]string) { e["KEYGUARD_PRIVATE_KEY"] = "garbage" }, wants: []string{"not a PEM private key"}},
		{name: "not RSA", edit: func(e map[string]string) {
			delete(e, "KEYGUARD_PRIVATE_KEY")
			e["KEYGUARD_PRIVATE_KEY_FILE"] = "/run/ec.pem"
		}, wants: []string{"not RSA"}},
		{name: "credentials in the API URL", edit: func(e map[string]string) { e["KEYGUARD_GITHUB_API_URL"] = "https://u:p@ghe.example.com" }, wants: []string{"must not carry credentials"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := good()
			tt.edit(env)
			c, err := Load(func(k string) string { return env[k] }, readFile)
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				tt.check(t, c)
				return
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want *Error", err)
			}
			if len(ce.Problems) != len(tt.wants) {
				t.Errorf("%d problems, want %d: %v", len(ce.Problems), len(tt.wants), ce.Problems)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			// Never echo a secret or a key back.
			for _, v := range []string{secret, "BEGIN", "garbage"} {
				if strings.Contains(err.Error(), v) {
					t.Errorf("error reveals %q: %v", v, err)
				}
			}
		})
	}
}

func TestStringHidesSecrets(t *testing.T) {
	secret := "whsec-" + strings.Repeat("x", 20)
	env := map[string]string{
		"KEYGUARD_APP_ID": "7", "KEYGUARD_PRIVATE_KEY": string(testKey()), "KEYGUARD_WEBHOOK_SECRET": secret,
		"KEYGUARD_DATABASE_URL": "postgres://app:" + "pw" + strings.Repeat("9", 12) + "@db/keyguard",
	}
	c, err := Load(func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	for _, v := range []string{secret, "BEGIN", strings.Repeat("9", 12)} {
		if strings.Contains(s, v) {
			t.Errorf("String() reveals %q: %s", v, s)
		}
	}
	if !strings.Contains(s, "app_id=7") || !strings.Contains(s, "db/keyguard") {
		t.Errorf("String() = %s", s)
	}
}
