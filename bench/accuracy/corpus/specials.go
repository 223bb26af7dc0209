package corpus

// specialFrag writes a value that lives in its own document or header:
// a GCP service-account key, pub's credentials file, a GitLab session
// cookie. Where the language has no better form, the document is an
// ordinary multi-line value of the language.
func (c *gen) specialFrag(L *lang, p provEntry) (string, frag) {
	v := p.e.v.f
	switch p.special {
	case "gcp-sa", "pub-credentials":
		switch L.name {
		case "json":
			return "kv", cat(`"`, camel(p.e.words), `": `, v)
		case "shell":
			file := "/tmp/gcp-key.json"
			if p.special == "pub-credentials" {
				file = "$HOME/.config/dart/pub-credentials.json"
			}
			if c.chance(0.5) {
				return "line", cat("mkdir -p \"$(dirname ", file, ")\"\ncat > ", file, " <<'EOF'\n", v, "\nEOF")
			}
		case "markdown":
			return "code:json", v
		case "yaml":
			if p.special == "pub-credentials" {
				return "run", cat("mkdir -p ~/.config/dart && echo '", v, "' > ~/.config/dart/pub-credentials.json")
			}
		}
		return L.entry(c, p.e)
	case "cookie":
		switch L.name {
		case "shell":
			return "line", cat(`curl -fsS -b "_gitlab_session=`, v, `" https://gitlab.`, c.domain(), `/api/v4/user`)
		case "markdown":
			return "code:http", cat("GET /api/v4/projects HTTP/1.1\nHost: gitlab.", c.domain(), "\nCookie: _gitlab_session=", v, "; preferred_language=en")
		case "python":
			return "body", cat(`    cookies = {"_gitlab_session": "`, v, `"}`)
		case "javascript":
			return "body", cat(`  document.cookie = "_gitlab_session=`, v, `; path=/";`)
		case "go":
			return "body", cat(`	req.AddCookie(&http.Cookie{Name: "_gitlab_session", Value: "`, v, `"})`)
		}
		return L.entry(c, p.e)
	}
	return L.entry(c, p.e)
}
