package fakegithub_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
)

// TestAppAuthentication walks GitHub's App flow with ghinstallation: a
// JWT reads the App and its installation and buys an installation token,
// which then opens the installation's repositories and nothing else.
func TestAppAuthentication(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	f.srv.AddInstallation(fakegithub.Installation{ID: 8, AppID: appID, Account: "other"})
	f.srv.AddRepo(fakegithub.Repo{Owner: "other", Name: "secret", Installation: 8})
	f.pullWithFiles(t, 1, 1)

	app, _, err := f.app.Apps.Get(ctx(), "")
	if err != nil {
		t.Fatal(err)
	}
	if app.GetID() != appID || app.GetSlug() != "keyguard" {
		t.Errorf("GET /app = id %d slug %q", app.GetID(), app.GetSlug())
	}
	inst, _, err := f.app.Apps.GetInstallation(ctx(), instID)
	if err != nil {
		t.Fatal(err)
	}
	if inst.GetAccount().GetLogin() != owner || inst.GetAppID() != appID {
		t.Errorf("installation = account %q app %d", inst.GetAccount().GetLogin(), inst.GetAppID())
	}
	byRepo, _, err := f.app.Apps.FindRepositoryInstallation(ctx(), owner, repo)
	if err != nil || byRepo.GetID() != instID {
		t.Errorf("FindRepositoryInstallation = %d, %v; want %d", byRepo.GetID(), err, instID)
	}

	tok := f.token(t)
	if !strings.HasPrefix(tok, "ghs_") || len(tok) != 40 {
		t.Errorf("token has not GitHub's installation token shape (ghs_ and 36 characters)")
	}
	expires, _, err := f.itr.Expiry()
	if err != nil || time.Until(expires) < 59*time.Minute || time.Until(expires) > time.Hour {
		t.Errorf("token expires in %v (err %v), want an hour", time.Until(expires), err)
	}

	if _, _, err := f.gh.Repositories.Get(ctx(), owner, repo); err != nil {
		t.Errorf("the installation's repository: %v", err)
	}
	_, resp, err := f.gh.Repositories.Get(ctx(), "other", "secret")
	if err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("another installation's repository: %v, want 404", err)
	}
	// The App's JWT is not a token for repository endpoints.
	_, resp, err = f.app.Repositories.Get(ctx(), owner, repo)
	if err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("repository with the App's JWT: %v, want 401", err)
	}
	if got := f.srv.IssuedTokens(); len(got) != 1 || got[0] != tok {
		t.Errorf("IssuedTokens does not list the token")
	}
	if f.srv.Tokens() != 1 {
		t.Errorf("%d tokens issued, want 1 (ghinstallation reuses its token)", f.srv.Tokens())
	}

	f.srv.ExpireTokens()
	_, resp, err = f.gh.Repositories.Get(ctx(), owner, repo)
	if err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("expired token: %v, want 401", err)
	}
	f.srv.Check(t)
}

// TestJWTRules checks the JWTs GitHub refuses, and that it takes the ones
// its documentation describes (iat a minute back, exp ten minutes ahead,
// iss a number or a string).
func TestJWTRules(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tests := []struct {
		name    string
		claims  jwt.MapClaims
		method  jwt.SigningMethod
		key     any
		status  int
		message string
	}{
		{"documented example", jwt.MapClaims{"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(10 * time.Minute).Unix(), "iss": appID}, jwt.SigningMethodRS256, nil, 200, ""},
		{"issuer as a string", jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "iss": "31337"}, jwt.SigningMethodRS256, nil, 200, ""},
		{"expires too far ahead", jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(11 * time.Minute).Unix(), "iss": appID}, jwt.SigningMethodRS256, nil, 401, "'Expiration time' claim ('exp') is too far in the future"},
		{"expired", jwt.MapClaims{"iat": now.Add(-5 * time.Minute).Unix(), "exp": now.Add(-time.Minute).Unix(), "iss": appID}, jwt.SigningMethodRS256, nil, 401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"},
		{"issued in the future", jwt.MapClaims{"iat": now.Add(2 * time.Minute).Unix(), "exp": now.Add(5 * time.Minute).Unix(), "iss": appID}, jwt.SigningMethodRS256, nil, 401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"},
		{"fractional timestamps", jwt.MapClaims{"iat": float64(now.Unix()) - 0.5, "exp": now.Add(time.Minute).Unix(), "iss": appID}, jwt.SigningMethodRS256, nil, 401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"},
		{"signed by another key", jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "iss": appID}, jwt.SigningMethodRS256, other, 401, "A JSON web token could not be decoded"},
		{"unknown App", jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "iss": 99}, jwt.SigningMethodRS256, nil, 401, "A JSON web token could not be decoded"},
		{"HMAC", jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "iss": appID}, jwt.SigningMethodHS256, []byte("not-a-key"), 401, "A JSON web token could not be decoded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := tt.key
			if key == nil {
				key = f.key
			}
			signed, err := jwt.NewWithClaims(tt.method, tt.claims).SignedString(key)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", f.base+"/app", nil)
			req.Header.Set("Authorization", "Bearer "+signed)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct{ Message string }
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status || (tt.message != "" && body.Message != tt.message) {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body.Message, tt.status, tt.message)
			}
		})
	}
	f.srv.Check(t)
}

// TestTokenScope checks tokens narrowed to some repositories or
// permissions, and installations that grant less.
func TestTokenScope(t *testing.T) {
	f := newFixture(t, fakegithub.Options{})
	f.srv.AddRepo(fakegithub.Repo{Owner: owner, Name: "api", Installation: instID})
	f.srv.AddInstallation(fakegithub.Installation{ID: 9, AppID: appID, Account: "ro", Permissions: map[string]string{"contents": "read", "metadata": "read"}})
	f.srv.AddRepo(fakegithub.Repo{Owner: "ro", Name: "site", Installation: 9})
	f.srv.AddCommit("ro/site", fakegithub.Commit{Branch: "main", Files: map[string]string{"a.txt": "a\n"}})

	tok, _, err := f.app.Apps.CreateInstallationToken(ctx(), instID, &github.InstallationTokenOptions{
		Repositories: []string{"api"},
		Permissions:  &github.InstallationPermissions{Checks: github.String("write")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tok.Repositories) != 1 || tok.Repositories[0].GetFullName() != "acme/api" {
		t.Errorf("token repositories = %v", tok.Repositories)
	}
	get := func(token, path string) int {
		req, _ := http.NewRequest("GET", f.base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(tok.GetToken(), "/repos/acme/web"); got != 404 {
		t.Errorf("repository outside the token: %d, want 404", got)
	}
	if got := get(tok.GetToken(), "/repos/acme/api"); got != 200 {
		t.Errorf("repository of the token (metadata is always readable): %d, want 200", got)
	}
	if got := get(tok.GetToken(), "/repos/acme/api/issues"); got != 403 {
		t.Errorf("issues without the issues permission: %d, want 403", got)
	}

	_, resp, err := f.app.Apps.CreateInstallationToken(ctx(), 9, &github.InstallationTokenOptions{
		Permissions: &github.InstallationPermissions{Checks: github.String("write")},
	})
	if err == nil || resp.StatusCode != 422 {
		t.Errorf("asking for more than the installation grants: %v, want 422", err)
	}
	ro, _, err := f.app.Apps.CreateInstallationToken(ctx(), 9, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := get(ro.GetToken(), "/repos/ro/site/contents/a.txt"); got != 200 {
		t.Errorf("contents with contents:read: %d", got)
	}
	if got := get(ro.GetToken(), "/repos/ro/site/issues"); got != 403 {
		t.Errorf("issues without issues permission: %d, want 403", got)
	}
	f.srv.Check(t)
}
