package fakegithub

import "net/http"

// POST /credentials/revoke
//
// GitHub's credential revocation API
// (https://docs.github.com/rest/credentials/revoke): anyone may submit up
// to 1000 credentials found exposed, and GitHub revokes those it issued
// (ghp_, github_pat_, gho_, ghu_ and ghr_ tokens) and tells their owners.
// It takes no credential of its own ("Any authenticated requests will
// return a 403"), allows 60 requests an hour like any anonymous client,
// and answers 202 Accepted whatever it found, so that it reveals nothing
// about the tokens. The description checks the body (a "credentials"
// list of 1 to 1000 strings).
//
// The fake keeps what it was sent, in memory only, for Revoked; it never
// writes the values anywhere, and its request log has no bodies.
func revokeCredentials(c *call) {
	list, _ := c.body["credentials"].([]any)
	for _, v := range list {
		if s, ok := v.(string); ok {
			c.s.revoked = append(c.s.revoked, s)
		}
	}
	c.s.revokeRequests++
	c.json(http.StatusAccepted, map[string]any{})
}

// Revoked returns the credentials submitted to POST /credentials/revoke,
// in the order they came, each as often as it was sent. GitHub would
// revoke those it issued; the fake only remembers them, so that a test can
// check the App reported what it found (and built the values itself:
// nothing here is a real credential).
func (s *Server) Revoked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.revoked...)
}

// RevokeRequests returns how many revocation requests GitHub accepted.
func (s *Server) RevokeRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revokeRequests
}
