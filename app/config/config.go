// Package config reads the App server's settings from the environment, the
// way Fly.io secrets and container platforms provide them, and reports
// every missing or invalid setting at once, so a deploy fails with one
// complete message rather than one variable at a time.
package config

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Defaults for optional settings.
const (
	DefaultGitHubAPIURL = "https://api.github.com"
	DefaultPort         = 8080
	// DefaultDatabase is the embedded SQLite file, under the data
	// directory (a Fly volume in production).
	DefaultDatabase = "keyguard.db"
	DefaultDataDir  = "/data"
)

// Config is the server's validated settings.
type Config struct {
	AppID int64
	// PrivateKey signs the App's JWTs. It never appears in String or
	// in any error.
	PrivateKey    *rsa.PrivateKey
	PrivateKeyPEM []byte
	// WebhookSecret verifies deliveries; required, never logged.
	WebhookSecret []byte
	GitHubAPIURL  string
	// DatabaseURL is "" for the embedded SQLite file in DataDir, or a
	// postgres:// URL.
	DatabaseURL string
	DataDir     string
	Port        int
}

// String renders the settings for a start-up log line, without secrets.
func (c Config) String() string {
	db := "sqlite:" + c.DataDir + "/" + DefaultDatabase
	if c.DatabaseURL != "" {
		db = redactURL(c.DatabaseURL)
	}
	return fmt.Sprintf("app_id=%d github=%s database=%s port=%d", c.AppID, c.GitHubAPIURL, db, c.Port)
}

// Error lists every problem found in the environment.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "config: " + strings.Join(e.Problems, "; ")
}

// Load reads the settings through getenv (os.Getenv in production) and
// readFile (os.ReadFile), returning every problem at once in an *Error.
func Load(getenv func(string) string, readFile func(string) ([]byte, error)) (Config, error) {
	if readFile == nil {
		readFile = os.ReadFile
	}
	var (
		c    Config
		errs []string
	)
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }

	switch v := strings.TrimSpace(getenv("KEYGUARD_APP_ID")); {
	case v == "":
		bad("KEYGUARD_APP_ID is not set (the App ID from the App's settings page)")
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			bad("KEYGUARD_APP_ID must be a positive integer")
		}
		c.AppID = id
	}

	keyPEM, keyFile := getenv("KEYGUARD_PRIVATE_KEY"), getenv("KEYGUARD_PRIVATE_KEY_FILE")
	switch {
	case keyPEM != "" && keyFile != "":
		bad("set KEYGUARD_PRIVATE_KEY or KEYGUARD_PRIVATE_KEY_FILE, not both")
	case keyPEM == "" && keyFile == "":
		bad("KEYGUARD_PRIVATE_KEY (PEM) or KEYGUARD_PRIVATE_KEY_FILE is not set (the App's private key)")
	default:
		data, src := []byte(keyPEM), "KEYGUARD_PRIVATE_KEY"
		if keyFile != "" {
			src = "KEYGUARD_PRIVATE_KEY_FILE"
			var err error
			if data, err = readFile(keyFile); err != nil {
				// The path is not secret; the error text from the OS
				// names only the path.
				bad("%s: cannot read %s: %v", src, keyFile, errors.Unwrap(err))
				data = nil
			}
		}
		if data != nil {
			key, err := parseKey(data)
			if err != nil {
				bad("%s: %v", src, err)
			}
			c.PrivateKey, c.PrivateKeyPEM = key, data
		}
	}

	switch secret := getenv("KEYGUARD_WEBHOOK_SECRET"); {
	case secret == "":
		bad("KEYGUARD_WEBHOOK_SECRET is not set (the App's webhook secret; unsigned deliveries are never accepted)")
	case len(secret) < 16:
		// GitHub accepts any secret; a short one can be guessed offline
		// from one signed delivery.
		bad("KEYGUARD_WEBHOOK_SECRET is too short: use at least 16 random characters")
	default:
		c.WebhookSecret = []byte(secret)
	}

	c.GitHubAPIURL = DefaultGitHubAPIURL
	if v := getenv("KEYGUARD_GITHUB_API_URL"); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("KEYGUARD_GITHUB_API_URL must be an http(s) URL such as https://github.example.com/api/v3")
		} else if u.User != nil {
			bad("KEYGUARD_GITHUB_API_URL must not carry credentials")
		} else {
			c.GitHubAPIURL = strings.TrimRight(v, "/")
		}
	}

	c.DataDir = DefaultDataDir
	if v := getenv("KEYGUARD_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v := getenv("KEYGUARD_DATABASE_URL"); v != "" {
		u, err := url.Parse(v)
		switch {
		case err != nil:
			bad("KEYGUARD_DATABASE_URL is not a URL")
		case u.Scheme == "postgres" || u.Scheme == "postgresql" || u.Scheme == "sqlite" || u.Scheme == "file":
			c.DatabaseURL = v
		default:
			bad("KEYGUARD_DATABASE_URL must be postgres://… or sqlite:///path (got scheme %q)", u.Scheme)
		}
	}

	c.Port = DefaultPort
	if v := getenv("PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 0 || p > 65535 {
			bad("PORT must be a number from 0 to 65535")
		}
		c.Port = p
	}
	if len(errs) > 0 {
		return Config{}, &Error{Problems: errs}
	}
	return c, nil
}

// parseKey reads the App's RSA private key, PKCS#1 as GitHub issues it or
// PKCS#8.
func parseKey(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("not a PEM private key (use the .pem file GitHub let you download)")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("the PEM block is not an RSA private key")
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("the private key is not RSA (GitHub Apps use RSA keys)")
	}
	return rk, nil
}

// redactURL hides a database URL's password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
