package fakegithub

import (
	"net/http"
	"sort"
)

// GET /repos/{owner}/{repo}/branches
//
// Every branch by name, 30 a page by default and at most 100. The fake
// models no branch protection: protected=true lists nothing.
func listBranches(c *call) {
	r := c.repo
	names := make([]string, 0, len(r.branches))
	for name := range r.branches {
		if c.query.Get("protected") != "true" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	lo, hi := c.paginate(len(names), 30, 100, 0)
	out := []any{}
	api := c.base + "/repos/" + r.fullName()
	for _, name := range names[lo:hi] {
		sha := r.branches[name]
		out = append(out, map[string]any{
			"name":      name,
			"commit":    map[string]any{"sha": sha, "url": api + "/commits/" + sha},
			"protected": false,
		})
	}
	c.json(http.StatusOK, out)
}

// GET /repos/{owner}/{repo}/branches/{branch}
//
// A branch name may hold slashes, escaped or not ("feature/x" or
// "feature%2Fx"), as on GitHub.
func getBranch(c *call) {
	r := c.repo
	name := c.params["branch"]
	sha, ok := r.branches[name]
	if !ok {
		c.error(http.StatusNotFound, "Branch not found")
		return
	}
	full := r.fullName()
	api := c.base + "/repos/" + full
	out := c.tmpl("branch-get", "branch-with-protection")
	out["name"] = name
	out["commit"] = c.commitJSON(r.commits[sha], "commit-items", nil)
	out["_links"] = map[string]any{
		"self": api + "/branches/" + escapePath(name),
		"html": "https://github.com/" + full + "/tree/" + escapePath(name),
	}
	out["protected"] = false
	out["protection"] = map[string]any{
		"enabled": false,
		"required_status_checks": map[string]any{
			"enforcement_level": "off", "contexts": []any{}, "checks": []any{},
		},
	}
	out["protection_url"] = api + "/branches/" + escapePath(name) + "/protection"
	c.json(http.StatusOK, out)
}
