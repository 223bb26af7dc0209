package fakegithub

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// exampleRepo is the repository GitHub's examples are about.
const exampleRepo = "octocat/Hello-World"

// tmpl returns a template (see apiSpec.template) with its URLs pointed at
// this server and, for a repository's endpoints, at that repository.
func (c *call) tmpl(example, schema string) map[string]any {
	t := c.s.spec.template(example, schema)
	full := ""
	if c.repo != nil {
		full = c.repo.fullName()
	}
	rewrite(t, c.base, full)
	return t
}

func rewrite(v any, base, full string) {
	fix := func(s string) string {
		if strings.HasPrefix(s, "https://api.github.com") {
			s = base + strings.TrimPrefix(s, "https://api.github.com")
		}
		if full != "" {
			s = strings.Replace(s, "/"+exampleRepo, "/"+full, 1)
		}
		return s
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok {
				v[k] = fix(s)
			} else {
				rewrite(x, base, full)
			}
		}
	case []any:
		for i, x := range v {
			if s, ok := x.(string); ok {
				v[i] = fix(s)
			} else {
				rewrite(x, base, full)
			}
		}
	}
}

// timestamp formats a time as GitHub does.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// nullTime is a timestamp, or null for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timestamp(t)
}

// nodeID makes a GraphQL node ID in GitHub's legacy format.
func nodeID(kind string, id int64) string {
	return base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("0%d:%s%d", len(kind), kind, id)))
}

// userID gives each login a stable ID (with s.mu held).
func (s *Server) userID(login string) int64 {
	if id, ok := s.users[login]; ok {
		return id
	}
	id := int64(len(s.users) + 1)
	s.users[login] = id
	return id
}

// botLogin is the user an App acts as.
func botLogin(app *App) string { return app.Slug + "[bot]" }

// actor is the login the request acts as.
func (c *call) actor() string {
	if c.app != nil {
		return botLogin(c.app)
	}
	return "octocat"
}

// userJSON renders a user from the pull request example's user, which has
// every field of simple-user.
func (c *call) userJSON(login string) map[string]any {
	u := c.s.spec.part("pull-request", "pull-request", "user")
	id := c.s.userID(login)
	kind := "User"
	if strings.HasSuffix(login, "[bot]") {
		kind = "Bot"
	}
	u["login"] = login
	u["id"] = id
	u["node_id"] = nodeID(kind, id)
	u["type"] = kind
	u["site_admin"] = false
	u["avatar_url"] = fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id)
	u["gravatar_id"] = ""
	u["html_url"] = "https://github.com/" + login
	api := c.base + "/users/" + login
	u["url"] = api
	for _, k := range []string{"followers", "subscriptions", "organizations", "repos", "received_events"} {
		u[k+"_url"] = api + "/" + k
	}
	u["following_url"] = api + "/following{/other_user}"
	u["gists_url"] = api + "/gists{/gist_id}"
	u["starred_url"] = api + "/starred{/owner}{/repo}"
	u["events_url"] = api + "/events{/privacy}"
	return u
}

// repoJSON renders a repository as pull requests embed it (the
// "repository" schema).
func (c *call) repoJSON(r *repoState) map[string]any {
	out := c.s.spec.part("pull-request", "pull-request", "head", "repo")
	fillRepo(c, out, r)
	return out
}

// fillRepo writes a repository's identity over a repository template.
func fillRepo(c *call, out map[string]any, r *repoState) {
	full := r.fullName()
	rewrite(out, c.base, full)
	out["id"] = r.ID
	out["node_id"] = nodeID("Repository", r.ID)
	out["name"] = r.Name
	out["full_name"] = full
	out["owner"] = c.userJSON(r.Owner)
	out["private"] = r.Private
	out["visibility"] = map[bool]string{true: "private", false: "public"}[r.Private]
	out["default_branch"] = r.DefaultBranch
	out["html_url"] = "https://github.com/" + full
	out["url"] = c.base + "/repos/" + full
	out["clone_url"] = "https://github.com/" + full + ".git"
	out["git_url"] = "git://github.com/" + full + ".git"
	out["ssh_url"] = "git@github.com:" + full + ".git"
	out["svn_url"] = "https://github.com/" + full
	out["fork"] = false
	out["archived"] = false
	out["disabled"] = false
	out["created_at"] = timestamp(r.created)
	out["updated_at"] = timestamp(r.created)
	out["pushed_at"] = timestamp(r.created)
	delete(out, "temp_clone_token")
}

// escapePath escapes a file path for a URL, keeping its slashes.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, x := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(x, "%", "%25"), " ", "%20")
	}
	return strings.Join(parts, "/")
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
