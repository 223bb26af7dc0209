package fakegithub

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// knownPermissions are the installation permissions the fake's routes
// check.
var knownPermissions = []string{"checks", "contents", "issues", "metadata", "pull_requests"}

// installationPermissions is what an installation grants.
func installationPermissions(inst *Installation) map[string]string {
	if inst.Permissions != nil {
		return inst.Permissions
	}
	all := map[string]string{}
	for _, p := range knownPermissions {
		all[p] = "write"
	}
	all["metadata"] = "read"
	return all
}

// POST /app/installations/{installation_id}/access_tokens
func createToken(c *call) {
	s := c.s
	inst := s.installs[c.intParam("installation_id")]
	if inst == nil || inst.AppID != c.app.ID {
		c.notFound()
		return
	}
	granted := installationPermissions(inst)
	tok := &token{value: newTokenValue(), inst: inst, expires: time.Now().Add(s.opts.TokenTTL).Truncate(time.Second)}

	if perms, ok := c.body["permissions"].(map[string]any); ok && len(perms) > 0 {
		tok.perms = map[string]string{}
		for name, v := range perms {
			level, _ := v.(string)
			if !permits(granted, name+":"+level) {
				c.errorWith(http.StatusUnprocessableEntity, "The permissions requested are not granted to this installation.", nil)
				return
			}
			tok.perms[name] = level
		}
	} else if inst.Permissions != nil {
		tok.perms = inst.Permissions
	}

	var repos []*repoState
	if names, ok := c.body["repositories"].([]any); ok && len(names) > 0 {
		tok.repos = map[string]bool{}
		for _, n := range names {
			name, _ := n.(string)
			r := s.repos[strings.ToLower(inst.Account+"/"+name)]
			if r == nil || r.Installation != inst.ID {
				c.errorWith(http.StatusUnprocessableEntity, "There is at least one repository that does not exist or is not accessible to the parent installation.", nil)
				return
			}
			tok.repos[strings.ToLower(r.fullName())] = true
			repos = append(repos, r)
		}
	}
	if ids, ok := c.body["repository_ids"].([]any); ok && len(ids) > 0 {
		if tok.repos == nil {
			tok.repos = map[string]bool{}
		}
		for _, v := range ids {
			id, _ := v.(float64)
			var found *repoState
			for _, r := range s.repos {
				if r.ID == int64(id) && r.Installation == inst.ID {
					found = r
				}
			}
			if found == nil {
				c.errorWith(http.StatusUnprocessableEntity, "There is at least one repository that does not exist or is not accessible to the parent installation.", nil)
				return
			}
			tok.repos[strings.ToLower(found.fullName())] = true
			repos = append(repos, found)
		}
	}
	s.tokens[tok.value] = tok

	out := c.tmpl("installation-token", "installation-token")
	out["token"] = tok.value
	out["expires_at"] = tok.expires.UTC().Format(time.RFC3339)
	perms := map[string]any{}
	for k, v := range tok.perms {
		perms[k] = v
	}
	if tok.perms == nil {
		for k, v := range granted {
			perms[k] = v
		}
	}
	out["permissions"] = perms
	if tok.repos == nil {
		out["repository_selection"] = "all"
		delete(out, "repositories")
	} else {
		out["repository_selection"] = "selected"
		list := []any{}
		for _, r := range repos {
			list = append(list, c.repoJSON(r))
		}
		out["repositories"] = list
	}
	c.json(http.StatusCreated, out)
}

// GET /app
func getApp(c *call) {
	c.json(http.StatusOK, c.appJSON(c.app))
}

// GET /app/installations/{installation_id}
func getInstallation(c *call) {
	inst := c.s.installs[c.intParam("installation_id")]
	if inst == nil || inst.AppID != c.app.ID {
		c.notFound()
		return
	}
	c.json(http.StatusOK, c.installationJSON(inst, "base-installation"))
}

// GET /repos/{owner}/{repo}/installation
func getRepoInstallation(c *call) {
	c.json(http.StatusOK, c.installationJSON(c.s.installs[c.repo.Installation], "installation"))
}

func (c *call) appJSON(app *App) map[string]any {
	out := c.tmpl("integration", "integration")
	out["id"] = app.ID
	out["slug"] = app.Slug
	out["name"] = app.Name
	out["node_id"] = nodeID("Integration", app.ID)
	out["owner"] = c.userJSON(app.Owner)
	out["html_url"] = "https://github.com/apps/" + app.Slug
	if app.ClientID != "" {
		out["client_id"] = app.ClientID
	}
	delete(out, "client_secret")
	delete(out, "webhook_secret")
	delete(out, "pem")
	return out
}

func (c *call) installationJSON(inst *Installation, example string) map[string]any {
	out := c.tmpl(example, "installation")
	out["id"] = inst.ID
	out["app_id"] = inst.AppID
	out["account"] = c.userJSON(inst.Account)
	out["target_type"] = "Organization"
	out["target_id"] = c.s.userID(inst.Account)
	out["repository_selection"] = "selected"
	out["access_tokens_url"] = c.base + "/app/installations/" + strconv.FormatInt(inst.ID, 10) + "/access_tokens"
	out["repositories_url"] = c.base + "/installation/repositories"
	out["html_url"] = "https://github.com/organizations/" + inst.Account + "/settings/installations/" + strconv.FormatInt(inst.ID, 10)
	perms := map[string]any{}
	for k, v := range installationPermissions(inst) {
		perms[k] = v
	}
	out["permissions"] = perms
	if app := c.s.apps[inst.AppID]; app != nil {
		out["app_slug"] = app.Slug
	}
	return out
}

// GET /repos/{owner}/{repo}
func getRepo(c *call) {
	out := c.tmpl("full-repository-default-response", "full-repository")
	fillRepo(c, out, c.repo)
	for _, k := range []string{"parent", "source", "template_repository", "organization"} {
		delete(out, k)
	}
	c.json(http.StatusOK, out)
}

// GET /repos/{owner}/{repo}/collaborators/{username}/permission
func getPermission(c *call) {
	login := c.params["username"]
	if _, known := c.s.users[login]; !known {
		c.notFound()
		return
	}
	perm, ok := c.repo.permissions[login]
	if !ok {
		perm = "read"
		if c.repo.Private {
			perm = "none"
		}
	}
	// "permission" is the legacy level; role_name the role itself.
	legacy := map[string]string{"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read"}[perm]
	if legacy == "" {
		legacy = "none"
	}
	out := c.tmpl("repository-collaborator-permission-response-if-user-has-admin-permissions", "repository-collaborator-permission")
	out["permission"] = legacy
	out["role_name"] = perm
	user := c.userJSON(login)
	rank := map[string]int{"none": 0, "read": 1, "triage": 2, "write": 3, "maintain": 4, "admin": 5}[perm]
	user["permissions"] = map[string]any{
		"pull": rank >= 1, "triage": rank >= 2, "push": rank >= 3, "maintain": rank >= 4, "admin": rank >= 5,
	}
	user["role_name"] = perm
	out["user"] = user
	c.json(http.StatusOK, out)
}
