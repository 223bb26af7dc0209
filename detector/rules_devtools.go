package detector

import (
	"bytes"
	"encoding/base64"
	"strconv"

	"github.com/keyguard-dev/keyguard/detector/internal/checksum"
)

// Source control, CI/CD, code-quality services and package registries.

var _ = register(devtoolsProviders, devtoolsRules)

var devtoolsProviders = []Provider{
	{
		ID: "gitlab", Name: "GitLab", EnvVar: "GITLAB_TOKEN",
		RotateURL: "https://gitlab.com/-/user_settings/personal_access_tokens",
		DocsURL:   "https://docs.gitlab.com/security/tokens/",
	},
	{
		ID: "bitbucket", Name: "Bitbucket", EnvVar: "BITBUCKET_TOKEN",
		RotateURL: "https://bitbucket.org/account/settings/app-passwords/",
		DocsURL:   "https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/",
	},
	{
		ID: "gitea", Name: "Gitea / Forgejo", EnvVar: "GITEA_TOKEN",
		RotateURL: "https://docs.gitea.com/development/api-usage#generating-and-listing-api-tokens",
		DocsURL:   "https://docs.gitea.com/development/api-usage",
	},
	{
		ID: "sourcegraph", Name: "Sourcegraph", EnvVar: "SRC_ACCESS_TOKEN",
		RotateURL: "https://sourcegraph.com/user/settings/tokens",
		DocsURL:   "https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token",
	},
	{
		ID: "codecov", Name: "Codecov", EnvVar: "CODECOV_TOKEN",
		RotateURL: "https://docs.codecov.com/docs/codecov-tokens",
		DocsURL:   "https://docs.codecov.com/docs/codecov-tokens",
	},
	{
		ID: "sonarqube", Name: "SonarQube / SonarCloud", EnvVar: "SONAR_TOKEN",
		RotateURL: "https://sonarcloud.io/account/security",
		DocsURL:   "https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/",
	},
	{
		ID: "snyk", Name: "Snyk", EnvVar: "SNYK_TOKEN",
		RotateURL: "https://app.snyk.io/account",
		DocsURL:   "https://docs.snyk.io/snyk-api/authentication-for-api",
	},
	{
		ID: "circleci", Name: "CircleCI", EnvVar: "CIRCLECI_TOKEN",
		RotateURL: "https://app.circleci.com/settings/user/tokens",
		DocsURL:   "https://circleci.com/docs/managing-api-tokens/",
	},
	{
		ID: "buildkite", Name: "Buildkite", EnvVar: "BUILDKITE_API_TOKEN",
		RotateURL: "https://buildkite.com/user/api-access-tokens",
		DocsURL:   "https://buildkite.com/docs/apis/managing-api-tokens",
	},
	{
		ID: "travis-ci", Name: "Travis CI", EnvVar: "TRAVIS_API_TOKEN",
		RotateURL: "https://app.travis-ci.com/account/preferences",
		DocsURL:   "https://developer.travis-ci.com/authentication",
	},
	{
		ID: "jenkins", Name: "Jenkins", EnvVar: "JENKINS_API_TOKEN",
		RotateURL: "https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/",
		DocsURL:   "https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/",
	},
	{
		ID: "npm", Name: "npm", EnvVar: "NPM_TOKEN",
		RotateURL: "https://docs.npmjs.com/revoking-access-tokens",
		DocsURL:   "https://docs.npmjs.com/about-access-tokens",
	},
	{
		ID: "pypi", Name: "PyPI", EnvVar: "PYPI_API_TOKEN",
		RotateURL: "https://pypi.org/manage/account/#api-tokens",
		DocsURL:   "https://pypi.org/help/#apitoken",
	},
	{
		ID: "rubygems", Name: "RubyGems.org", EnvVar: "GEM_HOST_API_KEY",
		RotateURL: "https://rubygems.org/profile/api_keys",
		DocsURL:   "https://guides.rubygems.org/api-key-scopes/",
	},
	{
		ID: "nuget", Name: "NuGet Gallery", EnvVar: "NUGET_API_KEY",
		RotateURL: "https://www.nuget.org/account/apikeys",
		DocsURL:   "https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys",
	},
	{
		ID: "docker", Name: "Docker Hub", EnvVar: "DOCKERHUB_TOKEN",
		RotateURL: "https://app.docker.com/settings/personal-access-tokens",
		DocsURL:   "https://docs.docker.com/security/access-tokens/",
	},
	{
		ID: "jfrog", Name: "JFrog Artifactory", EnvVar: "JFROG_ACCESS_TOKEN",
		RotateURL: "https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens",
		DocsURL:   "https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens",
	},
	{
		ID: "crates-io", Name: "crates.io", EnvVar: "CARGO_REGISTRY_TOKEN",
		RotateURL: "https://crates.io/settings/tokens",
		DocsURL:   "https://doc.rust-lang.org/cargo/reference/publishing.html",
	},
	{
		ID: "packagist", Name: "Private Packagist", EnvVar: "PACKAGIST_TOKEN",
		RotateURL: "https://packagist.com/docs/composer-authentication",
		DocsURL:   "https://packagist.com/docs/composer-authentication#token-format",
	},
	{
		ID: "hex-pm", Name: "Hex.pm", EnvVar: "HEX_API_KEY",
		RotateURL: "https://hex.pm/dashboard/keys",
		DocsURL:   "https://hex.pm/docs/publish",
	},
	{
		ID: "clojars", Name: "Clojars", EnvVar: "CLOJARS_DEPLOY_TOKEN",
		RotateURL: "https://clojars.org/tokens",
		DocsURL:   "https://github.com/clojars/clojars-web/wiki/Deploy-Tokens",
	},
	{
		ID: "pub-dev", Name: "pub.dev", EnvVar: "PUB_CREDENTIALS",
		RotateURL: "https://myaccount.google.com/connections",
		DocsURL:   "https://dart.dev/tools/pub/cmd/pub-lish",
	},
}

// dtEnd ends a token whose alphabet includes '-' and '_', where \b would
// cut a token that happens to end in one of them.
const dtEnd = `(?:[^A-Za-z0-9_-]|$)`

// dtAssign matches a name that contains vendor and one of names (both
// case-insensitive), then an assignment in any of the usual syntaxes:
// NAME=, NAME: , "name": ", name := , name => , with optional quotes.
func dtAssign(vendor, names string) string {
	return `(?i:` + vendor + `)(?i:[A-Za-z0-9_.-]*?(?:` + names + `)[A-Za-z0-9_.-]*)["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?`
}

const dtUUID = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`

// GitLab's routable token format (GitLab 17.x+): prefix, base64url payload
// (16 random bytes, routing data and its length), ".", a 2-character
// base-36 version, ".", the payload length in 2 base-36 characters and a
// 7-character base-36 CRC-32 of everything before it.
const dtGitlabRoutable = `[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9}`

// dtGitlabRoutableOK checks the payload-length holder of a routable GitLab
// token; legacy tokens (no '.') pass. The CRC-32 is not checked because the
// test-secret generator cannot produce it (see the rule comments).
func dtGitlabRoutableOK(secret []byte) bool {
	if bytes.IndexByte(secret, '.') < 0 {
		return true
	}
	parts := bytes.Split(secret, []byte{'.'})
	if len(parts) != 3 || len(parts[1]) != 2 || len(parts[2]) != 9 {
		return false
	}
	dash := bytes.IndexByte(parts[0], '-')
	if dash < 0 {
		return false
	}
	payload := parts[0][dash+1:]
	n, err := strconv.ParseUint(string(parts[2][:2]), 36, 16)
	if err != nil {
		return false
	}
	if int(n) == len(payload) {
		return true
	}
	// Runner tokens may carry a "t1_"-style partition marker before the
	// payload.
	return len(payload) > 3 && payload[0] == 't' && payload[2] == '_' && int(n) == len(payload)-3
}

func gitlabRule(id, prefix, title string, sev Severity, body string, match, noMatch []string) Rule {
	return Rule{
		ID: id, Provider: "gitlab", Title: title,
		Kind: KindSecret, Severity: sev,
		Keywords: []string{prefix},
		Pattern:  `\b(` + prefix + `(?:` + body + `))` + dtEnd,
		Check:    dtGitlabRoutableOK,
		Match:    match, NoMatch: noMatch,
	}
}

// dtNpmCRC validates npm's granular/automation token: "npm_", 30 random
// base62 characters and GitHub's 6-character CRC-32 tail.
func dtNpmCRC(secret []byte) bool {
	return len(secret) == 40 && checksum.ValidCRC32Base62(secret[4:])
}

// dtPyPIMacaroon checks that a PyPI token's body is well-formed base64url
// (it is a serialized macaroon whose fixed header the pattern already
// requires).
func dtPyPIMacaroon(secret []byte) bool {
	i := bytes.IndexByte(secret, '-')
	if i < 0 {
		return false
	}
	body := bytes.TrimRight(secret[i+1:], "=")
	_, err := base64.RawURLEncoding.DecodeString(string(body))
	return err == nil
}

// dtJFrogReference checks a JFrog reference token: base64 of
// "reftkn:<version>:<expiry>:<random>".
func dtJFrogReference(secret []byte) bool {
	raw, err := base64.StdEncoding.DecodeString(string(secret))
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(string(secret))
		if err != nil {
			return false
		}
	}
	fields := bytes.Split(raw, []byte{':'})
	if len(fields) < 4 || string(fields[0]) != "reftkn" {
		return false
	}
	for _, c := range fields[2] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(fields[2]) > 0
}

var devtoolsRules = []Rule{
	// ---- GitLab -------------------------------------------------------

	// https://docs.gitlab.com/security/tokens/#token-prefixes
	gitlabRule("gitlab-pat", "glpat-", "personal, project or group access token", SeverityCritical,
		`[A-Za-z0-9_-]{20}`,
		[]string{
			`GITLAB_TOKEN=glpat-{{alnumdash:20}}`,
			`curl --header "PRIVATE-TOKEN: glpat-{{alnumdash:20}}" https://gitlab.com/api/v4/projects`,
			`  gitlab_token: 'glpat-{{an:20}}'`,
		},
		[]string{
			`GITLAB_TOKEN=glpat-{{an:19}}`,
			`GITLAB_TOKEN=glpat-{{an:24}}`,
			`token: glpat-xxxxxxxxxxxxxxxxxxxx`,
			`Personal access tokens start with glpat- followed by 20 characters.`,
			`if token.startswith("glpat-"):`,
		}),
	// https://handbook.gitlab.com/handbook/engineering/architecture/design-documents/cells/routable_tokens/
	// The 7-character CRC-32 is not verified: synth has no placeholder
	// that produces it, so only the length holder is checked.
	{
		ID: "gitlab-pat-routable", Provider: "gitlab", Title: "routable personal, project or group access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"glpat-"},
		Pattern:  `\b(glpat-` + dtGitlabRoutable + `)` + dtEnd,
		Check:    dtGitlabRoutableOK,
		Match: []string{
			`export GITLAB_TOKEN=glpat-{{b64u:38}}.01.12{{lan:7}}`,
			`{"gitlab": {"token": "glpat-{{b64u:50}}.01.1e{{lan:7}}"}}`,
			`git remote set-url origin https://oauth2:glpat-{{b64u:38}}.01.12{{lan:7}}@gitlab.com/acme/app.git`,
		},
		NoMatch: []string{
			// The length holder disagrees with the payload.
			`GITLAB_TOKEN=glpat-{{b64u:38}}.01.13{{lan:7}}`,
			`GITLAB_TOKEN=glpat-{{b64u:38}}.01.12{{lan:5}}`,
			`GITLAB_TOKEN=glpat-{{b64u:12}}.01.0c{{lan:7}}`,
			`Tokens look like glpat-<payload>.01.<crc>.`,
		},
	},
	// https://docs.gitlab.com/integration/oauth_provider/
	gitlabRule("gitlab-oauth-app-secret", "gloas-", "OAuth application secret", SeverityHigh,
		`[0-9a-f]{64}`,
		[]string{
			`GITLAB_OAUTH_SECRET=gloas-{{hex:64}}`,
			`  client_secret: "gloas-{{hex:64}}"`,
		},
		[]string{
			`GITLAB_OAUTH_SECRET=gloas-{{hex:60}}`,
			`GITLAB_OAUTH_SECRET=gloas-{{an:64}}`,
			`secret prefix is "gloas-"`,
		}),
	// https://docs.gitlab.com/user/project/deploy_tokens/
	gitlabRule("gitlab-deploy-token", "gldt-", "deploy token", SeverityCritical,
		`[A-Za-z0-9_-]{20}|`+dtGitlabRoutable,
		[]string{
			`CI_DEPLOY_PASSWORD=gldt-{{alnumdash:20}}`,
			`docker login registry.gitlab.com -u gitlab+deploy-token-42 -p gldt-{{an:20}}`,
			`password: gldt-{{b64u:38}}.01.12{{lan:7}}`,
		},
		[]string{
			`CI_DEPLOY_PASSWORD=gldt-{{an:16}}`,
			`CI_DEPLOY_PASSWORD=gldt-{{b64u:38}}.01.14{{lan:7}}`,
			`prefix: gldt-`,
		}),
	// https://docs.gitlab.com/ci/runners/new_creation_workflow/
	{
		ID: "gitlab-runner-auth-token", Provider: "gitlab", Title: "runner authentication token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"glrt-", "glrtr-"},
		Pattern:  `\b(glrtr?-(?:(?:t[0-9]_)?[A-Za-z0-9_-]{20}|` + dtGitlabRoutable + `))` + dtEnd,
		Check:    dtGitlabRoutableOK,
		Match: []string{
			"[[runners]]\n  name = \"docker\"\n  url = \"https://gitlab.com/\"\n  token = \"glrt-{{alnumdash:20}}\"",
			`gitlab-runner register --url https://gitlab.com --token glrt-t1_{{an:20}}`,
			`  token = "glrtr-{{b64u:38}}.01.12{{lan:7}}"`,
		},
		NoMatch: []string{
			`token = "glrt-{{an:12}}"`,
			`token = "glrt-{{b64u:38}}.01.11{{lan:7}}"`,
			`Runner tokens start with glrt- since GitLab 16.0.`,
		},
	},
	// https://docs.gitlab.com/security/tokens/#runner-registration-tokens-deprecated
	gitlabRule("gitlab-runner-registration-token", "GR1348941", "runner registration token (deprecated)", SeverityHigh,
		`[A-Za-z0-9_-]{20}`,
		[]string{
			`gitlab-runner register --registration-token GR1348941{{alnumdash:20}}`,
			`REGISTRATION_TOKEN: "GR1348941{{an:20}}"`,
		},
		[]string{
			`REGISTRATION_TOKEN: "GR1348941{{an:12}}"`,
			`Registration tokens begin with GR1348941.`,
		}),
	// https://docs.gitlab.com/ci/jobs/ci_job_token/
	// The JWT form of job tokens is accepted loosely: GitLab documents the
	// prefix, not the body.
	gitlabRule("gitlab-ci-job-token", "glcbt-", "CI/CD job token", SeverityMedium,
		`(?:[0-9a-f]{1,5}_)?[A-Za-z0-9_-]{20}|`+dtGitlabRoutable+`|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}`,
		[]string{
			`CI_JOB_TOKEN=glcbt-64_{{alnumdash:20}}`,
			`curl --header "JOB-TOKEN: glcbt-{{an:20}}" "$CI_API_V4_URL/projects"`,
		},
		[]string{
			`CI_JOB_TOKEN=glcbt-64_{{an:10}}`,
			`Job tokens are prefixed with glcbt- since 16.9`,
		}),
	// https://docs.gitlab.com/ci/triggers/
	gitlabRule("gitlab-trigger-token", "glptt-", "pipeline trigger token", SeverityMedium,
		`[0-9a-f]{40}|[A-Za-z0-9_-]{20}`,
		[]string{
			`curl -X POST --fail -F token=glptt-{{hex:40}} -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline`,
			`TRIGGER_TOKEN="glptt-{{hex:40}}"`,
		},
		[]string{
			`TRIGGER_TOKEN="glptt-{{hex:32}}"`,
			`TRIGGER_TOKEN="glptt-"`,
		}),
	// https://docs.gitlab.com/security/tokens/#feed-token
	gitlabRule("gitlab-feed-token", "glft-", "feed token", SeverityMedium,
		`[0-9a-f]{64}-[0-9]{1,12}|[A-Za-z0-9_-]{20}`,
		[]string{
			`https://gitlab.com/dashboard/issues.atom?feed_token=glft-{{alnumdash:20}}&state=opened`,
			`https://gitlab.com/acme.atom?feed_token=glft-{{hex:64}}-{{dig:7}}`,
		},
		[]string{
			`https://gitlab.com/dashboard/issues.atom?feed_token=glft-{{an:14}}`,
			`feed tokens (glft-) are read-only`,
		}),
	// https://docs.gitlab.com/administration/incoming_email/
	gitlabRule("gitlab-incoming-mail-token", "glimt-", "incoming mail token", SeverityMedium,
		`[A-Za-z0-9_-]{20,25}`,
		[]string{
			`reply+glimt-{{lan:25}}@incoming.gitlab.com`,
			`INCOMING_MAIL_TOKEN=glimt-{{lan:25}}`,
		},
		[]string{
			`INCOMING_MAIL_TOKEN=glimt-{{lan:12}}`,
			`INCOMING_MAIL_TOKEN=glimt-{{lan:30}}`,
		}),
	// https://docs.gitlab.com/user/clusters/agent/install/
	gitlabRule("gitlab-agent-token", "glagent-", "agent for Kubernetes token", SeverityHigh,
		`[A-Za-z0-9_-]{50}`,
		[]string{
			`helm upgrade --install k8s-agent gitlab/gitlab-agent --set config.token=glagent-{{alnumdash:50}}`,
			"config:\n  token: glagent-{{an:50}}\n  kasAddress: wss://kas.gitlab.com",
		},
		[]string{
			`config.token=glagent-{{an:40}}`,
			`config.token=glagent-YOUR_AGENT_TOKEN`,
		}),
	// https://docs.gitlab.com/user/group/saml_sso/scim_setup/
	gitlabRule("gitlab-scim-token", "glsoat-", "SCIM token", SeverityHigh,
		`[A-Za-z0-9_-]{20}`,
		[]string{
			`SCIM_TOKEN=glsoat-{{alnumdash:20}}`,
			`"scimToken": "glsoat-{{an:20}}"`,
		},
		[]string{
			`SCIM_TOKEN=glsoat-{{an:30}}`,
			`SCIM_TOKEN=glsoat-`,
		}),
	// https://docs.gitlab.com/operations/feature_flags/
	gitlabRule("gitlab-feature-flags-client-token", "glffct-", "feature flags client token", SeverityMedium,
		`[A-Za-z0-9_-]{20}`,
		[]string{
			`UNLEASH_INSTANCE_ID=glffct-{{alnumdash:20}}`,
			`unleash.instanceId("glffct-{{an:20}}")`,
		},
		[]string{
			`UNLEASH_INSTANCE_ID=glffct-{{an:8}}`,
			`// client tokens look like glffct-<20 characters>`,
		}),
	// https://docs.gitlab.com/security/tokens/#token-prefixes
	{
		ID: "gitlab-session-cookie", Provider: "gitlab", Title: "session cookie",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"_gitlab_session="},
		Pattern:  `_gitlab_session=([0-9a-f]{32})\b`,
		Match: []string{
			`Cookie: _gitlab_session={{hex:32}}; preferred_language=en`,
			`curl -b "_gitlab_session={{hex:32}}" https://gitlab.com/-/profile`,
		},
		NoMatch: []string{
			`Cookie: _gitlab_session={{hex:20}}`,
			`Cookie: _gitlab_session=<session>`,
		},
	},

	// ---- Bitbucket ----------------------------------------------------

	// https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/
	{
		ID: "bitbucket-app-password", Provider: "bitbucket", Title: "app password",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"ATBB"},
		Pattern:  `\b(ATBB[A-Za-z0-9]{32})\b`,
		Match: []string{
			`BITBUCKET_APP_PASSWORD=ATBB{{an:24}}{{HEX:8}}`,
			`git clone https://jdoe:ATBB{{an:32}}@bitbucket.org/acme/app.git`,
		},
		NoMatch: []string{
			`BITBUCKET_APP_PASSWORD=ATBB{{an:20}}`,
			`BITBUCKET_APP_PASSWORD=ATBB{{an:40}}`,
			`App passwords start with ATBB.`,
		},
	},
	// https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/
	{
		ID: "bitbucket-access-token", Provider: "bitbucket", Title: "repository, project or workspace access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"ATCTT3xFfGN0"},
		Pattern:  `\b(ATCTT3xFfGN0[A-Za-z0-9_-]{100,300}=[0-9A-Fa-f]{8})(?:[^A-Za-z0-9_=-]|$)`,
		Match: []string{
			`BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN0{{b64u:170}}={{HEX:8}}`,
			`curl -H "Authorization: Bearer ATCTT3xFfGN0{{b64u:180}}={{HEX:8}}" https://api.bitbucket.org/2.0/repositories`,
		},
		NoMatch: []string{
			`BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN0{{b64u:40}}={{HEX:8}}`,
			`BITBUCKET_ACCESS_TOKEN=ATCTT3xFfGN0{{b64u:170}}`,
			`tokens begin with ATCTT3xFfGN0`,
		},
	},
	// https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/
	{
		ID: "bitbucket-oauth-secret", Provider: "bitbucket", Title: "OAuth consumer secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"bitbucket"},
		Pattern:    dtAssign(`bitbucket`, `secret`) + `([A-Za-z0-9]{32})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`BITBUCKET_CLIENT_SECRET={{an:32}}`,
			`bitbucket_oauth_secret: "{{an:32}}"`,
		},
		NoMatch: []string{
			`BITBUCKET_CLIENT_SECRET={{an:20}}`,
			`BITBUCKET_CLIENT_ID={{an:32}}`,
			`BITBUCKET_CLIENT_SECRET=${BITBUCKET_CLIENT_SECRET}`,
		},
	},

	// ---- Self-hosted forges and code tools ----------------------------

	// https://docs.gitea.com/development/api-usage
	{
		ID: "gitea-access-token", Provider: "gitea", Title: "access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"gitea", "forgejo"},
		Pattern:    dtAssign(`gitea|forgejo`, `token|key|secret|pat|auth|pass|credential`) + `([0-9a-f]{40})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`GITEA_TOKEN={{hex:40}}`,
			`  forgejo_api_key: "{{hex:40}}"`,
			`export GITEA_ACCESS_TOKEN='{{hex:40}}'`,
		},
		NoMatch: []string{
			`GITEA_TOKEN={{hex:32}}`,
			`GITEA_COMMIT_SHA={{hex:40}}`,
			`GITEA_TOKEN=${{ secrets.GITEA_TOKEN }}`,
		},
	},
	// https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token
	{
		ID: "sourcegraph-access-token", Provider: "sourcegraph", Title: "access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sgp_"},
		Pattern:  `\b(sgp_(?:(?:[0-9a-f]{16}|local)_)?[0-9a-f]{40})\b`,
		Match: []string{
			`SRC_ACCESS_TOKEN=sgp_{{hex:40}}`,
			`SRC_ACCESS_TOKEN=sgp_{{hex:16}}_{{hex:40}}`,
			`"token": "sgp_local_{{hex:40}}"`,
		},
		NoMatch: []string{
			`SRC_ACCESS_TOKEN=sgp_{{hex:30}}`,
			`SRC_ACCESS_TOKEN=sgp_{{an:40}}`,
		},
	},
	// https://docs.codecov.com/docs/codecov-tokens
	{
		ID: "codecov-upload-token", Provider: "codecov", Title: "upload token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"codecov"},
		Pattern: `(?:` + dtAssign(`codecov`, `token|key|secret`) +
			`|(?i:codecov)[^\r\n]*?[ \t](?:-t|--token)[ \t=]+["']?)(` + dtUUID + `)\b`,
		MinEntropy: 3.0,
		Match: []string{
			`CODECOV_TOKEN={{uuid}}`,
			`bash <(curl -s https://codecov.io/bash) -t {{uuid}}`,
			"      - uses: codecov/codecov-action@v4\n        with:\n          token: {{uuid}}\n          codecov_token: {{uuid}}",
		},
		NoMatch: []string{
			`CODECOV_TOKEN=${{ secrets.CODECOV_TOKEN }}`,
			`CODECOV_TOKEN=<upload-token>`,
			`codecov_report_id: {{uuid}}`,
		},
	},
	// https://docs.codecov.com/docs/graphs#graph-token
	// Read-only by design, for README badges: publishable.
	{
		ID: "codecov-graph-token", Provider: "codecov", Title: "graph token (badges)",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"badge.svg?token="},
		Pattern:  `codecov\.io/[^\s"'()?]+/graph/badge\.svg\?token=([A-Za-z0-9]{10})\b`,
		Match: []string{
			`[![codecov](https://codecov.io/gh/acme/app/branch/main/graph/badge.svg?token={{an:10}})](https://codecov.io/gh/acme/app)`,
			`.. image:: https://codecov.io/gh/acme/app/branch/main/graph/badge.svg?token={{an:10}}`,
		},
		NoMatch: []string{
			`[![codecov](https://codecov.io/gh/acme/app/branch/main/graph/badge.svg)](https://codecov.io/gh/acme/app)`,
			`https://img.shields.io/badge.svg?token={{an:10}}`,
		},
	},
	// https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/
	{
		ID: "sonarqube-user-token", Provider: "sonarqube", Title: "user token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"squ_"},
		Pattern:  `\b(squ_[0-9a-f]{40})\b`,
		Match: []string{
			`SONAR_TOKEN=squ_{{hex:40}}`,
			`mvn sonar:sonar -Dsonar.token=squ_{{hex:40}}`,
		},
		NoMatch: []string{
			`SONAR_TOKEN=squ_{{hex:32}}`,
			`SONAR_TOKEN=squ_{{an:40}}`,
		},
	},
	// https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/
	{
		ID: "sonarqube-project-analysis-token", Provider: "sonarqube", Title: "project analysis token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"sqp_"},
		Pattern:  `\b(sqp_[0-9a-f]{40})\b`,
		Match: []string{
			`SONAR_TOKEN=sqp_{{hex:40}}`,
			`sonar.token=sqp_{{hex:40}}`,
		},
		NoMatch: []string{
			`SONAR_TOKEN=sqp_{{hex:39}}`,
			`SONAR_TOKEN=sqp_`,
		},
	},
	// https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/
	{
		ID: "sonarqube-global-analysis-token", Provider: "sonarqube", Title: "global analysis token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"sqa_"},
		Pattern:  `\b(sqa_[0-9a-f]{40})\b`,
		Match: []string{
			`SONAR_TOKEN=sqa_{{hex:40}}`,
			`  SONAR_TOKEN: "sqa_{{hex:40}}"`,
		},
		NoMatch: []string{
			`SONAR_TOKEN=sqa_{{hex:41}}`,
			`SONAR_TOKEN=sqa_` + `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://docs.sonarsource.com/sonarqube-cloud/managing-your-account/managing-tokens/
	// SonarQube Cloud and older SonarQube servers issue bare 40-hex tokens.
	{
		ID: "sonarqube-unprefixed-token", Provider: "sonarqube", Title: "token (unprefixed)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"sonar"},
		Pattern:    dtAssign(`sonar`, `token|login|key|auth`) + `([0-9a-f]{40})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`SONAR_TOKEN={{hex:40}}`,
			`sonar.login={{hex:40}}`,
			`mvn verify sonar:sonar -Dsonar.token={{hex:40}}`,
		},
		NoMatch: []string{
			`sonar.projectKey={{hex:40}}x`,
			`sonar.scm.revision={{hex:40}}`,
			`SONAR_TOKEN=${SONAR_TOKEN}`,
		},
	},
	// https://docs.snyk.io/snyk-api/authentication-for-api
	{
		ID: "snyk-api-token", Provider: "snyk", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"snyk"},
		Pattern: `(?:` + dtAssign(`snyk`, `token|key|secret|auth`) +
			`|(?i:snyk)[ \t]+auth[ \t]+|(?i:snyk)[ \t]+config[ \t]+set[ \t]+api=)(` + dtUUID + `)\b`,
		MinEntropy: 3.0,
		Match: []string{
			`SNYK_TOKEN={{uuid}}`,
			`snyk auth {{uuid}}`,
			`snyk config set api={{uuid}}`,
		},
		NoMatch: []string{
			`SNYK_ORG_ID={{uuid}}`,
			`SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}`,
			`SNYK_TOKEN={{hex:32}}`,
		},
	},

	// ---- CI/CD --------------------------------------------------------

	// https://circleci.com/changelog/new-format-for-api-access-tokens/
	{
		ID: "circleci-personal-token", Provider: "circleci", Title: "personal API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"CCIPAT_"},
		Pattern:  `\b(CCIPAT_[A-Za-z0-9]{20,22}_[0-9a-f]{40})\b`,
		Match: []string{
			`CIRCLECI_TOKEN=CCIPAT_{{an:22}}_{{hex:40}}`,
			`curl -H "Circle-Token: CCIPAT_{{an:22}}_{{hex:40}}" https://circleci.com/api/v2/me`,
		},
		NoMatch: []string{
			`CIRCLECI_TOKEN=CCIPAT_{{an:22}}_{{hex:30}}`,
			`CIRCLECI_TOKEN=CCIPAT_`,
		},
	},
	// https://circleci.com/changelog/new-format-for-api-access-tokens/
	{
		ID: "circleci-project-token", Provider: "circleci", Title: "project API token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"CCIPRJ_"},
		Pattern:  `\b(CCIPRJ_[A-Za-z0-9]{20,22}_[0-9a-f]{40})\b`,
		Match: []string{
			`CIRCLE_PROJECT_TOKEN=CCIPRJ_{{an:22}}_{{hex:40}}`,
			`"circleci": {"token": "CCIPRJ_{{an:21}}_{{hex:40}}"}`,
		},
		NoMatch: []string{
			`CIRCLE_PROJECT_TOKEN=CCIPRJ_{{an:10}}_{{hex:40}}`,
			`prefix CCIPRJ_ marks project tokens`,
		},
	},
	// https://buildkite.com/docs/apis/managing-api-tokens
	{
		ID: "buildkite-api-token", Provider: "buildkite", Title: "user API access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"bkua_"},
		Pattern:  `\b(bkua_[0-9a-f]{40})\b`,
		Match: []string{
			`BUILDKITE_API_TOKEN=bkua_{{hex:40}}`,
			`curl -H "Authorization: Bearer bkua_{{hex:40}}" https://api.buildkite.com/v2/user`,
		},
		NoMatch: []string{
			`BUILDKITE_API_TOKEN=bkua_{{hex:36}}`,
			`BUILDKITE_API_TOKEN=bkua_{{an:40}}`,
		},
	},
	// https://developer.travis-ci.com/authentication
	{
		ID: "travis-ci-api-token", Provider: "travis-ci", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"travis"},
		Pattern:    dtAssign(`travis`, `token|key|auth`) + `([A-Za-z0-9_-]{22})` + dtEnd,
		MinEntropy: 3.3,
		Match: []string{
			`TRAVIS_API_TOKEN={{an:22}}`,
			`travis_token: "{{an:22}}"`,
		},
		NoMatch: []string{
			`TRAVIS_BRANCH=feature-branch-name123`,
			`TRAVIS_API_TOKEN={{an:30}}`,
			`TRAVIS_API_TOKEN=$TRAVIS_TOKEN`,
		},
	},
	// https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/
	{
		ID: "jenkins-api-token", Provider: "jenkins", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"jenkins"},
		Pattern: `(?:` + dtAssign(`jenkins`, `token|key|secret|auth|pass`) +
			`|(?i:jenkins)[^\r\n]*?(?:-auth|-u|--user)[ \t]+["']?[A-Za-z0-9._@-]+:)((?:11)?[0-9a-f]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`JENKINS_API_TOKEN=11{{hex:32}}`,
			`java -jar jenkins-cli.jar -s https://ci.acme.io/ -auth admin:11{{hex:32}} list-jobs`,
			`jenkins_token: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`JENKINS_API_TOKEN={{hex:20}}`,
			`JENKINS_URL=https://ci.acme.io/`,
			`JENKINS_API_TOKEN=${JENKINS_API_TOKEN}`,
		},
	},

	// ---- Package registries -------------------------------------------

	// https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/
	{
		ID: "npm-access-token", Provider: "npm", Title: "access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"npm_"},
		Pattern:  `\b(npm_[A-Za-z0-9]{36})\b`,
		Check:    dtNpmCRC,
		Match: []string{
			`NPM_TOKEN=npm_{{crc:30}}`,
			`  NODE_AUTH_TOKEN: "npm_{{crc:30}}"`,
			`npm config set //registry.npmjs.org/:_authToken npm_{{crc:30}}`,
		},
		NoMatch: []string{
			`NPM_TOKEN=npm_{{badcrc:30}}`,
			`NPM_TOKEN=npm_{{an:30}}`,
			`const prefix = "npm_";`,
		},
	},
	// https://pypi.org/help/#apitoken
	{
		ID: "pypi-api-token", Provider: "pypi", Title: "API token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"pypi-AgEIcHlwaS5vcmc"},
		Pattern:  `\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{70,})`,
		Check:    dtPyPIMacaroon,
		Match: []string{
			`TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc{{b64u:165}}`,
			"[pypi]\n  username = __token__\n  password = pypi-AgEIcHlwaS5vcmc{{b64u:185}}",
		},
		NoMatch: []string{
			`TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc{{b64u:20}}`,
			// 1 mod 4 characters cannot be base64.
			`TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc{{b64u:162}}`,
			`password = ` + `pypi-AgEIcHlwaS5vcmc...`,
		},
	},
	// https://test.pypi.org/help/#apitoken
	{
		ID: "pypi-testpypi-token", Provider: "pypi", Title: "TestPyPI API token",
		// TestPyPI is a separate, throw-away index: its tokens cannot
		// publish to pypi.org.
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"pypi-AgENdGVzdC5weXBpLm9yZw"},
		Pattern:  `\b(pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{70,})`,
		Check:    dtPyPIMacaroon,
		Match: []string{
			`TEST_PYPI_API_TOKEN=pypi-AgENdGVzdC5weXBpLm9yZw{{b64u:150}}`,
			"[testpypi]\nusername = __token__\npassword = pypi-AgENdGVzdC5weXBpLm9yZw{{b64u:170}}",
		},
		NoMatch: []string{
			`TEST_PYPI_API_TOKEN=pypi-AgENdGVzdC5weXBpLm9yZw{{b64u:30}}`,
			`TEST_PYPI_API_TOKEN=pypi-AgENdGVzdC5weXBpLm9yZw{{b64u:151}}`,
		},
	},
	// https://guides.rubygems.org/api-key-scopes/
	{
		ID: "rubygems-api-key", Provider: "rubygems", Title: "API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"rubygems_"},
		Pattern:  `\b(rubygems_[0-9a-f]{48})\b`,
		Match: []string{
			`GEM_HOST_API_KEY=rubygems_{{hex:48}}`,
			"---\n:rubygems_api_key: rubygems_{{hex:48}}",
		},
		NoMatch: []string{
			`GEM_HOST_API_KEY=rubygems_{{hex:40}}`,
			`:rubygems_api_key: rubygems_`,
		},
	},
	// https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys
	{
		ID: "nuget-api-key", Provider: "nuget", Title: "API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"oy2"},
		Pattern:  `\b(oy2[a-z0-9]{43})\b`,
		Match: []string{
			`dotnet nuget push pkg.nupkg --api-key oy2{{lan:43}} --source https://api.nuget.org/v3/index.json`,
			`<add key="ApiKey" value="oy2{{lan:43}}" />`,
		},
		NoMatch: []string{
			`--api-key oy2{{lan:40}}`,
			`--api-key oy2{{an:43}}`,
			`toy2{{lan:43}}`,
		},
	},
	// https://docs.docker.com/security/access-tokens/
	{
		ID: "docker-hub-pat", Provider: "docker", Title: "Docker Hub personal access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"dckr_pat_"},
		Pattern:  `\b(dckr_pat_[A-Za-z0-9_-]{27})` + dtEnd,
		Match: []string{
			`echo dckr_pat_{{alnumdash:27}} | docker login -u acme --password-stdin`,
			`DOCKERHUB_TOKEN="dckr_pat_{{an:27}}"`,
		},
		NoMatch: []string{
			`DOCKERHUB_TOKEN="dckr_pat_{{an:20}}"`,
			`DOCKERHUB_TOKEN="dckr_pat_{{an:32}}"`,
			`DOCKERHUB_TOKEN=dckr_pat_...`,
		},
	},
	// https://docs.docker.com/security/access-tokens/organization-access-tokens/
	// Docker documents the prefix but not the body length; 27 to 40
	// characters covers the tokens seen in the wild.
	{
		ID: "docker-hub-oat", Provider: "docker", Title: "Docker Hub organization access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"dckr_oat_"},
		Pattern:  `\b(dckr_oat_[A-Za-z0-9_-]{27,40})` + dtEnd,
		Match: []string{
			`DOCKER_TOKEN=dckr_oat_{{alnumdash:32}}`,
			`docker login -u acme-org -p dckr_oat_{{an:32}}`,
		},
		NoMatch: []string{
			`DOCKER_TOKEN=dckr_oat_{{an:16}}`,
			`Token starts with: dckr_oat_`,
		},
	},
	// https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-keys
	{
		ID: "jfrog-api-key", Provider: "jfrog", Title: "Artifactory API key (deprecated)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"AKCp"},
		Pattern:  `\b(AKCp[A-Za-z0-9]{69})\b`,
		Match: []string{
			`ARTIFACTORY_API_KEY=AKCp{{an:69}}`,
			`curl -H "X-JFrog-Art-Api: AKCp{{an:69}}" https://acme.jfrog.io/artifactory/api/repositories`,
		},
		NoMatch: []string{
			`ARTIFACTORY_API_KEY=AKCp{{an:60}}`,
			`ARTIFACTORY_API_KEY=AKCp{{an:75}}`,
		},
	},
	// https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens
	{
		ID: "jfrog-reference-token", Provider: "jfrog", Title: "reference (identity) token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"cmVmdGtu"},
		Pattern:  `\b(cmVmdGtu[A-Za-z0-9+/]{56})(?:[^A-Za-z0-9+/=]|$)`,
		Check:    dtJFrogReference,
		Match: []string{
			`JFROG_ACCESS_TOKEN={{b64of:reftkn:01:((dig:10)):((an:27))}}`,
			`curl -H "Authorization: Bearer {{b64of:reftkn:01:((dig:10)):((an:27))}}" https://acme.jfrog.io/artifactory/api/system/ping`,
		},
		NoMatch: []string{
			`JFROG_ACCESS_TOKEN=cmVmdGtu{{an:40}}`,
			// Right length and prefix, but not "reftkn:<v>:<digits>:...".
			`JFROG_ACCESS_TOKEN={{b64of:reftkn:01:((an:10)):((an:27))}}`,
		},
	},
	// https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens
	// Access tokens are JWTs whose header starts {"ver":"2","typ":"JWT",...
	{
		ID: "jfrog-access-token", Provider: "jfrog", Title: "access token (JWT)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"eyJ2ZXIiOiIyIiwidHlwIjoiSldUIi"},
		Pattern:  `\b(eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOiI[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{40,})` + dtEnd,
		Match: []string{
			`JFROG_ACCESS_TOKEN=eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOiI{{b64u:54}}.eyJ{{b64u:180}}.{{b64u:342}}`,
			`  password: "eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOiI{{b64u:54}}.eyJ{{b64u:200}}.{{b64u:342}}"`,
		},
		NoMatch: []string{
			`JFROG_ACCESS_TOKEN=eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOiI{{b64u:54}}`,
			`JFROG_ACCESS_TOKEN=eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOiI{{b64u:54}}.eyJ{{b64u:180}}.{{b64u:20}}`,
		},
	},
	// https://doc.rust-lang.org/cargo/reference/registry-authentication.html
	{
		ID: "crates-io-api-token", Provider: "crates-io", Title: "API token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"cio"},
		Pattern:    `\b(cio[A-Za-z0-9]{32})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`CARGO_REGISTRY_TOKEN=cio{{an:32}}`,
			"[registry]\ntoken = \"cio{{an:32}}\"",
		},
		NoMatch: []string{
			`CARGO_REGISTRY_TOKEN=cio{{an:28}}`,
			`CARGO_REGISTRY_TOKEN=cio{{an:40}}`,
			`The precious ciohelper module was spacious and delicious.`,
		},
	},
	// https://packagist.com/docs/composer-authentication#token-format
	// The token ends in an 8-hex CRC-32 of prefix and body; it is not
	// verified because synth cannot produce it.
	{
		ID: "packagist-org-read-token", Provider: "packagist", Title: "organization read-only token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"packagist_ort_"},
		Pattern:  `\b(packagist_ort_[0-9a-f]{68})\b`,
		Match: []string{
			`composer config --global --auth http-basic.repo.packagist.com token packagist_ort_{{hex:68}}`,
			`"repo.packagist.com": {"username": "token", "password": "packagist_ort_{{hex:68}}"}`,
		},
		NoMatch: []string{
			`packagist_ort_{{hex:60}}`,
			`packagist_ort_{{an:68}}`,
		},
	},
	// https://packagist.com/docs/composer-authentication#token-format
	{
		ID: "packagist-org-update-token", Provider: "packagist", Title: "organization update token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"packagist_out_"},
		Pattern:  `\b(packagist_out_[0-9a-f]{68})\b`,
		Match: []string{
			`COMPOSER_AUTH='{"http-basic": {"repo.packagist.com": {"username": "token", "password": "packagist_out_{{hex:68}}"}}}'`,
			`PACKAGIST_TOKEN=packagist_out_{{hex:68}}`,
		},
		NoMatch: []string{
			`PACKAGIST_TOKEN=packagist_out_{{hex:67}}`,
			`PACKAGIST_TOKEN=packagist_out_`,
		},
	},
	// https://packagist.com/docs/composer-authentication#token-format
	{
		ID: "packagist-user-token", Provider: "packagist", Title: "user token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"packagist_uut_"},
		Pattern:  `\b(packagist_uut_[0-9a-f]{68})\b`,
		Match: []string{
			`PACKAGIST_TOKEN=packagist_uut_{{hex:68}}`,
			`composer config http-basic.repo.packagist.com jdoe packagist_uut_{{hex:68}}`,
		},
		NoMatch: []string{
			`PACKAGIST_TOKEN=packagist_uut_{{hex:70}}`,
			`PACKAGIST_TOKEN=packagist_uut_{{HEX:68}}`,
		},
	},
	// https://packagist.com/docs/composer-authentication#token-format
	{
		ID: "packagist-conductor-token", Provider: "packagist", Title: "Conductor token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"packagist_cut_"},
		Pattern:  `\b(packagist_cut_[0-9a-f]{68})\b`,
		Match: []string{
			`CONDUCTOR_TOKEN=packagist_cut_{{hex:68}}`,
			`  token: "packagist_cut_{{hex:68}}"`,
		},
		NoMatch: []string{
			`CONDUCTOR_TOKEN=packagist_cut_{{hex:50}}`,
			`CONDUCTOR_TOKEN=packagist_cut_<token>`,
		},
	},
	// https://hex.pm/docs/publish
	{
		ID: "hex-pm-api-key", Provider: "hex-pm", Title: "API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"hex_api_key", "hexpm"},
		Pattern:    `(?i:hex_api_key|hexpm[A-Za-z0-9_.-]*?(?:key|token|secret))["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([0-9a-f]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`HEX_API_KEY={{hex:32}}`,
			`  hexpm_secret: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`HEX_API_KEY={{hex:24}}`,
			`HEX_API_KEY=${{ secrets.HEX_API_KEY }}`,
		},
	},
	// https://github.com/clojars/clojars-web/wiki/Deploy-Tokens
	{
		ID: "clojars-deploy-token", Provider: "clojars", Title: "deploy token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"CLOJARS_"},
		Pattern:  `\b(CLOJARS_[0-9a-f]{60})\b`,
		Match: []string{
			`CLOJARS_PASSWORD=CLOJARS_{{hex:60}}`,
			`{:repositories [["clojars" {:username "jdoe" :password "CLOJARS_{{hex:60}}"}]]}`,
		},
		NoMatch: []string{
			`CLOJARS_PASSWORD=CLOJARS_{{hex:50}}`,
			`CLOJARS_USERNAME=jdoe`,
		},
	},
	// https://dart.dev/tools/pub/automated-publishing
	// pub stores a Google OAuth refresh token in pub-credentials.json;
	// "tokenEndpoint" makes the file recognizable.
	{
		ID: "pub-dev-credentials", Provider: "pub-dev", Title: "pub-credentials.json refresh token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{`"tokenEndpoint"`},
		Pattern:  `"refreshToken"[ \t]*:[ \t]*"(1//[A-Za-z0-9_-]{30,})"`,
		Window:   2048,
		Match: []string{
			`{"accessToken":"ya29.{{b64u:120}}","refreshToken":"1//0{{b64u:98}}","idToken":null,"tokenEndpoint":"https://accounts.google.com/o/oauth2/token","scopes":["openid","https://www.googleapis.com/auth/userinfo.email"],"expiration":1700000000000}`,
			"{\n  \"refreshToken\": \"1//0{{b64u:100}}\",\n  \"tokenEndpoint\": \"https://accounts.google.com/o/oauth2/token\"\n}",
		},
		NoMatch: []string{
			`{"refreshToken":"${PUB_REFRESH_TOKEN}","tokenEndpoint":"https://accounts.google.com/o/oauth2/token"}`,
			`{"refreshToken":"1//0{{b64u:98}}"}`,
		},
	},
}
