package detector

import "github.com/keyguard-dev/keyguard/detector/internal/checksum"

var _ = register(githubProviders, githubRules)

var githubProviders = []Provider{
	{
		ID: "github", Name: "GitHub", EnvVar: "GITHUB_TOKEN",
		RotateURL: "https://github.com/settings/tokens",
		DocsURL:   "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats",
	},
}

// githubCRC validates the CRC-32 tail GitHub puts on its prefixed tokens:
// prefix, 30 random base62 characters, 6 checksum characters.
func githubCRC(secret []byte) bool {
	if len(secret) != 40 {
		return false
	}
	return checksum.ValidCRC32Base62(secret[4:])
}

func githubToken(id, prefix, title string) Rule {
	return Rule{
		ID: id, Provider: "github", Title: title,
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{prefix},
		Pattern:  `\b(` + prefix + `[A-Za-z0-9]{36})\b`,
		Check:    githubCRC,
		Match: []string{
			`GITHUB_TOKEN=` + prefix + `{{crc:30}}`,
			`const token = "` + prefix + `{{crc:30}}";`,
			`Authorization: token ` + prefix + `{{crc:30}}`,
		},
		NoMatch: []string{
			// Right shape, wrong checksum: what a typo or a made-up
			// example looks like.
			`GITHUB_TOKEN=` + prefix + `{{badcrc:30}}`,
			`token: ` + prefix + `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`url = "https://example.com/` + prefix + `"`,
		},
	}
}

var githubRules = []Rule{
	// https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
	githubToken("github-pat", "ghp_", "personal access token (classic)"),
	githubToken("github-oauth-token", "gho_", "OAuth access token"),
	githubToken("github-user-to-server-token", "ghu_", "GitHub App user-to-server token"),
	githubToken("github-server-to-server-token", "ghs_", "GitHub App installation token"),
	githubToken("github-refresh-token", "ghr_", "GitHub App refresh token"),
	// https://github.blog/changelog/2022-10-18-introducing-fine-grained-personal-access-tokens/
	{
		ID: "github-fine-grained-pat", Provider: "github", Title: "fine-grained personal access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"github_pat_"},
		Pattern:  `\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`,
		Match: []string{
			`export GH_TOKEN=github_pat_{{an:22}}_{{an:59}}`,
			`"token": "github_pat_{{an:22}}_{{an:59}}"`,
		},
		NoMatch: []string{
			`github_pat_{{an:22}}_{{an:20}}`,
			`prefix = "github_pat_"`,
		},
	},
}
