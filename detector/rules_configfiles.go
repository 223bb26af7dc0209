package detector

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
	"sync"
)

// Credentials in the configuration files of package managers, version
// control, container and cluster tools. These rules know the file's
// syntax; free-form NAME=value assignments are the generic detectors'.

var _ = register(configfilesProviders, configfilesRules)

var configfilesProviders = []Provider{
	{
		ID: "netrc", Name: ".netrc credentials", EnvVar: "NETRC_PASSWORD",
		RotateURL: "https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html",
		DocsURL:   "https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html",
	},
	{
		ID: "kubernetes", Name: "Kubernetes (kubeconfig)", EnvVar: "KUBECONFIG",
		RotateURL: "https://kubernetes.io/docs/reference/access-authn-authz/authentication/",
		DocsURL:   "https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/",
	},
	{
		ID: "git-credentials", Name: "Git credential store", EnvVar: "GIT_TOKEN",
		RotateURL: "https://git-scm.com/docs/git-credential-store",
		DocsURL:   "https://git-scm.com/docs/git-credential-store#_storage_format",
	},
	{
		ID: "maven", Name: "Maven settings.xml", EnvVar: "MAVEN_PASSWORD",
		RotateURL: "https://maven.apache.org/guides/mini/guide-encryption.html",
		DocsURL:   "https://maven.apache.org/settings.html#servers",
	},
	{
		ID: "composer", Name: "Composer auth.json", EnvVar: "COMPOSER_AUTH",
		RotateURL: "https://getcomposer.org/doc/articles/authentication-for-private-packages.md",
		DocsURL:   "https://getcomposer.org/doc/articles/authentication-for-private-packages.md",
	},
	{
		ID: "gradle", Name: "Gradle properties", EnvVar: "ORG_GRADLE_PROJECT_PASSWORD",
		RotateURL: "https://docs.gradle.org/current/userguide/build_environment.html#setting_a_project_property",
		DocsURL:   "https://docs.gradle.org/current/userguide/build_environment.html",
	},
	{
		ID: "s3cmd", Name: "s3cmd (.s3cfg)", EnvVar: "AWS_SECRET_ACCESS_KEY",
		RotateURL: "https://console.aws.amazon.com/iam/home#/security_credentials",
		DocsURL:   "https://s3tools.org/kb/item14.htm",
	},
	{
		ID: "postgres-pgpass", Name: "PostgreSQL password file", EnvVar: "PGPASSWORD",
		RotateURL: "https://www.postgresql.org/docs/current/sql-alterrole.html",
		DocsURL:   "https://www.postgresql.org/docs/current/libpq-pgpass.html",
	},
}

// cfPlaceholderWords are values that stand in for a credential in
// templates and documentation; looksFake catches most others.
var cfPlaceholderWords = map[string]bool{
	"password": true, "passwd": true, "pass": true, "secret": true, "token": true,
	"apikey": true, "api_key": true, "none": true, "null": true, "nil": true,
	"undefined": true, "empty": true, "test": true, "testing": true, "todo": true,
	"tbd": true, "foo": true, "bar": true, "baz": true, "admin": true, "root": true,
	"letmein": true, "hunter2": true, "secret123": true, "password123": true,
	"mypassword": true, "mysecret": true, "mytoken": true, "__token__": true,
	"true": true, "false": true, "string": true, "changeit": true, "opensesame": true,
	"ignored": true, "nothing": true, "anonymous": true, "guest": true,
	"qwerty": true, "abc123": true, "passw0rd": true, "p@ssw0rd": true, "pa55word": true,
}

// cfPlaceholder reports values that name, reference or stand in for a
// credential rather than hold one: variables ($X, %X%, ${X}, {{x}},
// <x>), masked values and common stand-in words.
func cfPlaceholder(v []byte) bool {
	v = bytes.Trim(v, `"' `)
	if len(v) < 4 {
		return true
	}
	switch v[0] {
	case '$', '%', '{', '<', '[', '(', '*', '@', '&':
		return true
	}
	if bytes.HasSuffix(v, []byte("%")) || bytes.HasPrefix(v, []byte("ENC(")) {
		return true
	}
	low := strings.ToLower(string(v))
	if cfPlaceholderWords[low] || strings.Contains(low, "your") || strings.Contains(low, "env.") ||
		strings.HasPrefix(low, "process.") || strings.HasPrefix(low, "os.") {
		return true
	}
	// The same character throughout ("xxxx", "....").
	return bytes.Count(v, v[:1]) == len(v)
}

// cfClaimant is a provider rule that recognizes a value by itself (its
// prefix and shape), such as npm-access-token for "npm_...".
type cfClaimant struct {
	prefixes []string // lower-cased keywords
	pattern  string
	check    func([]byte) bool

	once sync.Once
	re   *regexp.Regexp // nil if the pattern does not compile
}

func (c *cfClaimant) compiled() *regexp.Regexp {
	c.once.Do(func() { c.re, _ = regexp.Compile(c.pattern) })
	return c.re
}

// cfClaimants are the built-in provider rules with a pattern; each is
// compiled the first time a config-file value starts with its keyword.
var cfClaimants = sync.OnceValue(func() []*cfClaimant {
	var out []*cfClaimant
	for _, r := range Rules() {
		if r.Pattern == "" || r.find != nil || r.generic() {
			continue
		}
		c := &cfClaimant{pattern: r.Pattern, check: r.Check}
		for _, k := range r.Keywords {
			if len(k) >= 3 {
				c.prefixes = append(c.prefixes, strings.ToLower(k))
			}
		}
		if len(c.prefixes) > 0 {
			out = append(out, c)
		}
	}
	return out
})

// cfIsDelegated reports whether a provider rule would report the value
// on its own: a config-file rule then leaves it to that rule, which
// names the provider and knows its checksum. (Where both match the same
// span, the rule listed first would otherwise win, and the config-file
// rules happen to be listed before most provider families.)
func cfIsDelegated(v []byte) bool {
	low := strings.ToLower(string(v))
	for _, c := range cfClaimants() {
		woken := false
		for _, p := range c.prefixes {
			if strings.HasPrefix(low, p) {
				woken = true
				break
			}
		}
		if !woken {
			continue
		}
		re := c.compiled()
		if re == nil {
			continue
		}
		m := re.FindSubmatchIndex(v)
		if m == nil {
			continue
		}
		s, e := m[0], m[1]
		if re.NumSubexp() == 1 {
			s, e = m[2], m[3]
		}
		if s == 0 && e == len(v) && (c.check == nil || c.check(v)) {
			return true
		}
	}
	return false
}

// cfValue is the Check of config-file rules whose value is the secret.
func cfValue(v []byte) bool {
	return !cfPlaceholder(v) && !cfIsDelegated(v)
}

// cfBase64 decodes standard base64, padded or not.
func cfBase64(v []byte) ([]byte, bool) {
	s := string(bytes.TrimRight(v, "="))
	b, err := base64.RawStdEncoding.DecodeString(s)
	return b, err == nil
}

func cfPrintable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return len(b) > 0
}

// cfBasicAuth accepts base64 of "user:password" with a real password, as
// in .npmrc _auth and docker's config.json "auth".
func cfBasicAuth(v []byte) bool {
	raw, ok := cfBase64(v)
	if !ok || !cfPrintable(raw) {
		return false
	}
	i := bytes.IndexByte(raw, ':')
	if i <= 0 || i == len(raw)-1 {
		return false
	}
	pass := raw[i+1:]
	return !cfPlaceholder(pass) && !looksFake(pass)
}

// cfBase64Password accepts .npmrc's _password, a base64-encoded password.
func cfBase64Password(v []byte) bool {
	raw, ok := cfBase64(v)
	return ok && cfPrintable(raw) && !cfPlaceholder(raw) && !looksFake(raw)
}

// cfKubeKey accepts kubeconfig client-key-data: base64 of a PEM private
// key.
func cfKubeKey(v []byte) bool {
	n := len(v) - len(v)%4
	if n > 400 {
		n = 400 // the PEM header is at the start
	}
	raw, err := base64.StdEncoding.DecodeString(string(v[:n]))
	if err != nil {
		return false
	}
	return bytes.HasPrefix(raw, []byte("-----BEGIN ")) && bytes.Contains(raw, []byte("PRIVATE KEY-----"))
}

// cfPypircValue leaves a PyPI token to the pypi rules and judges any
// other password.
func cfPypircValue(v []byte) bool {
	return cfValue(v) && !looksFake(v)
}

var configfilesRules = []Rule{
	// ---- npm: .npmrc --------------------------------------------------

	// https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration
	{
		ID: "npm-npmrc-auth-token", Provider: "npm", Title: ".npmrc _authToken",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"_authToken"},
		Pattern:    `(?m)(?:^[ \t]*|//[^\s"']*?:)_authToken[ \t]*=[ \t]*["']?([A-Za-z0-9._~+/=-]{20,})(?:["'\s;]|$)`,
		MinEntropy: 3.0,
		Check:      cfValue,
		Match: []string{
			`//registry.npmjs.org/:_authToken={{uuid}}`,
			"registry=https://npm.pkg.acme.io/\n//npm.pkg.acme.io/:_authToken=\"{{b64:60}}\"\nalways-auth=true",
			`RUN echo "//nexus.corp.internal:8081/repository/npm-private/:_authToken={{b64u:48}}" > /root/.npmrc`,
		},
		NoMatch: []string{
			`//registry.npmjs.org/:_authToken=${NPM_TOKEN}`,
			`//registry.npmjs.org/:_authToken=<your-token>`,
			`//registry.npmjs.org/:_authToken=changeme-changeme-changeme`,
			`this._authToken = process.env.NPM_TOKEN_VALUE;`,
			// An npm_ token is reported by npm-access-token instead.
			`//registry.npmjs.org/:_authToken=npm_{{crc:30}}`,
		},
	},
	// https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration
	{
		ID: "npm-npmrc-basic-auth", Provider: "npm", Title: ".npmrc _auth (base64 user:password)",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{"_auth=", "_auth ="},
		Pattern:  `(?m)(?:^[ \t]*|//[^\s"']*?:)_auth[ \t]*=[ \t]*["']?([A-Za-z0-9+/]{6,}={0,2})(?:["'\s;]|$)`,
		Check:    cfBasicAuth,
		Match: []string{
			"registry=https://artifactory.corp.net/api/npm/npm/\n_auth={{b64of:deploy:((an:16))}}\nalways-auth=true",
			`//artifactory.corp.net/api/npm/npm/:_auth="{{b64of:ci-bot:((an:20))}}"`,
		},
		NoMatch: []string{
			`_auth=${NPM_AUTH}`,
			`_auth={{b64of:((an:18))}}`,
			`_auth={{b64of:deploy:}}`,
			`_auth={{b64of:deploy:changeme}}`,
			`_auth=<base64 of user:password>`,
		},
	},
	// https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration
	{
		ID: "npm-npmrc-password", Provider: "npm", Title: ".npmrc _password (base64)",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{"_password=", "_password ="},
		Pattern:  `(?m)(?:^[ \t]*|//[^\s"']*?:)_password[ \t]*=[ \t]*["']?([A-Za-z0-9+/]{8,}={0,2})(?:["'\s;]|$)`,
		Check:    cfBase64Password,
		Match: []string{
			"//npm.corp.net/:username=deploy\n//npm.corp.net/:_password={{b64of:((an:18))}}\n//npm.corp.net/:email=ci@corp.net",
			`_password="{{b64of:((an:12))((dig:4))}}"`,
		},
		NoMatch: []string{
			`//npm.corp.net/:_password=${NPM_PASSWORD}`,
			`self._password = password_value`,
			`_password={{b64of:changeme}}`,
			`_password={{b64of:password}}`,
		},
	},

	// ---- PyPI: .pypirc ------------------------------------------------

	// https://packaging.python.org/en/latest/specifications/pypirc/
	{
		ID: "pypi-pypirc-password", Provider: "pypi", Title: ".pypirc password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{"[pypi]", "[testpypi]"},
		Pattern: `(?m)^\[(?:pypi|testpypi)\][ \t]*\r?\n` +
			`(?:[ \t]*(?:[#;][^\r\n]*|[A-Za-z_-]+[ \t]*[=:][^\r\n]*)?\r?\n){0,8}?` +
			`[ \t]*password[ \t]*[=:][ \t]*(\S+)`,
		Window: 512,
		Check:  cfPypircValue,
		Match: []string{
			"[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nrepository = https://upload.pypi.org/legacy/\nusername = maintainer\npassword = {{an:16}}\n",
			"[testpypi]\nusername: dev\npassword: {{an:12}}{{dig:3}}",
		},
		NoMatch: []string{
			"[pypi]\nusername = __token__\npassword = <your-pypi-token>",
			"[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}",
			"[pypi]\nusername = jdoe\npassword = changeme",
			// A real token is reported by pypi-api-token instead.
			"[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc{{b64u:165}}",
			"[server-login]\nusername = jdoe\npassword = {{an:16}}",
		},
	},

	// ---- .netrc -------------------------------------------------------

	// https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html
	{
		ID: "netrc-password", Provider: "netrc", Title: ".netrc password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"machine"},
		Pattern: `(?:^|[\s"'])machine\s+[A-Za-z0-9_:-]*\.[A-Za-z0-9._:-]+(?:\s+(?:account|port)\s+\S+)*\s+login\s+\S+` +
			`(?:\s+(?:account|port)\s+\S+)*\s+password\s+([^\s"'` + "`" + `]+)`,
		Window: 256,
		Check:  cfValue,
		Match: []string{
			"machine ftp.backup.acme.net\n  login backup\n  password {{an:20}}\n",
			`machine git.corp.net login ci-bot password {{an:20}}`,
			`RUN echo "machine gitlab.corp.net login deploy password {{an:24}}" > ~/.netrc`,
		},
		NoMatch: []string{
			`machine github.com login user password ${GITHUB_TOKEN}`,
			`machine ftp.acme.io login anonymous password <password>`,
			`The machine learning model needs a password reset.`,
			// A GitHub token is reported by github-pat instead.
			`machine github.com login x-access-token password ghp_{{crc:30}}`,
		},
	},

	// ---- Docker: config.json ------------------------------------------

	// https://docs.docker.com/reference/cli/docker/login/#credential-stores
	{
		ID: "docker-config-auth", Provider: "docker", Title: "registry credentials in config.json",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{`"auth"`},
		Pattern:  `"auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{8,}={0,2})"`,
		Check:    cfBasicAuth,
		Match: []string{
			`{"auths":{"https://index.docker.io/v1/":{"auth":"{{b64of:builder:((an:20))}}"}}}`,
			"{\n  \"auths\": {\n    \"registry.gitlab.com\": {\n      \"auth\": \"{{b64of:gitlab-ci-token:((an:24))}}\"\n    }\n  }\n}",
		},
		NoMatch: []string{
			`{"auths":{"ghcr.io":{"auth":"{{b64of:((an:24))}}"}}}`,
			`{"auths":{"ghcr.io":{"auth":"{{b64of:builder:}}"}}}`,
			`{"auths":{"ghcr.io":{"auth":"{{b64of:builder:<password>}}"}}}`,
			`{"auths":{"ghcr.io":{"auth":"${DOCKER_AUTH}"}}}`,
			`{"auths":{"ghcr.io":{}},"credsStore":"desktop"}`,
		},
	},

	// ---- Kubernetes: kubeconfig ---------------------------------------

	// https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#AuthInfo
	{
		ID: "kubernetes-kubeconfig-client-key", Provider: "kubernetes", Title: "kubeconfig client-key-data",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{"client-key-data"},
		Pattern:  `client-key-data["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/]{64,}={0,2})`,
		Window:   12 * 1024,
		Check:    cfKubeKey,
		Match: []string{
			"users:\n- name: admin\n  user:\n    client-certificate-data: {{b64of:((an:300))}}\n    client-key-data: {{b64of:((pem:RSA PRIVATE KEY))}}\n",
			`{"users":[{"name":"admin","user":{"client-key-data":"{{b64of:((pem:EC PRIVATE KEY))}}"}}]}`,
		},
		NoMatch: []string{
			"    client-key-data: {{b64of:((an:120))}}",
			"    client-key-data: <base64-encoded-key>",
			"    client-key-data: ${CLIENT_KEY_DATA}",
		},
	},
	// https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#AuthInfo
	{
		ID: "kubernetes-kubeconfig-token", Provider: "kubernetes", Title: "kubeconfig bearer token",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{"users:"},
		Pattern: `(?m)^[ \t]*(?:-[ \t]+)?user:[ \t]*\r?\n(?:[ \t]+[A-Za-z-]+:[^\r\n]*\r?\n){0,8}?` +
			`[ \t]+token:[ \t]*["']?([A-Za-z0-9._~+/=-]{16,})["']?[ \t]*\r?$`,
		Window:     4096,
		MinEntropy: 3.0,
		Check:      cfValue,
		Match: []string{
			"apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: {{jwt}}\n",
			"users:\n- name: deployer\n  user:\n    username: deployer\n    token: \"{{hex:64}}\"\ncontexts: []",
		},
		NoMatch: []string{
			"users:\n- name: ci\n  user:\n    token: ${KUBE_TOKEN}\n",
			"users:\n- name: ci\n  user:\n    token: <bearer-token>\n",
			"users:\n- name: ci\n  user:\n    exec:\n      command: aws\n",
		},
	},
	// https://kubernetes.io/docs/reference/config-api/kubeconfig.v1/#AuthInfo
	{
		ID: "kubernetes-kubeconfig-password", Provider: "kubernetes", Title: "kubeconfig basic-auth password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"users:"},
		Pattern: `(?m)^[ \t]*(?:-[ \t]+)?user:[ \t]*\r?\n(?:[ \t]+[A-Za-z-]+:[^\r\n]*\r?\n){0,8}?` +
			`[ \t]+password:[ \t]*["']?([^\s"']{4,})["']?[ \t]*\r?$`,
		Window: 4096,
		Check:  cfValue,
		Match: []string{
			"users:\n- name: admin\n  user:\n    username: admin\n    password: {{an:16}}\n",
			"users:\n  - name: legacy\n    user:\n      password: \"{{an:12}}{{dig:4}}\"\n      username: ops",
		},
		NoMatch: []string{
			"users:\n- name: admin\n  user:\n    username: admin\n    password: changeme\n",
			"users:\n- name: admin\n  user:\n    password: ${KUBE_PASSWORD}\n",
			"users:\n- name: admin\n  user:\n    password: <password>\n",
		},
	},

	// ---- Git credential store ------------------------------------------

	// https://git-scm.com/docs/git-credential-store#_storage_format
	{
		ID: "git-credentials-password", Provider: "git-credentials", Title: ".git-credentials entry",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords: []string{"@github.com", "@gitlab.com", "@bitbucket.org", "@codeberg.org", "@gitea.com", "@dev.azure.com", "@huggingface.co"},
		Pattern: `(?m)^[ \t]*https?://[^\s:@/]*:([^\s:@/]{4,})@(?:[A-Za-z0-9-]+\.)*` +
			`(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|gitea\.com|dev\.azure\.com|huggingface\.co)` +
			`(?::[0-9]+)?(?:/\S*)?[ \t]*\r?$`,
		Check: cfValue,
		Match: []string{
			`https://octocat:{{an:24}}@github.com`,
			"https://ci-bot:{{b64u:20}}@gitlab.com\n",
			`https://jdoe:{{an:18}}@bitbucket.org/`,
		},
		NoMatch: []string{
			`https://octocat:${GITHUB_TOKEN}@github.com`,
			`https://x-access-token:<token>@github.com`,
			`git clone https://octocat:{{an:24}}@github.com/acme/app.git`,
			// A GitHub token is reported by github-pat instead.
			`https://octocat:ghp_{{crc:30}}@github.com`,
		},
	},

	// ---- Maven settings.xml --------------------------------------------

	// https://maven.apache.org/settings.html#servers
	{
		ID: "maven-settings-password", Provider: "maven", Title: "settings.xml server password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"<server>"},
		Pattern: `<server>(?:\s|<!--[^>]*-->|<(?:id|username|privateKey|passphrase|filePermissions|directoryPermissions)>[^<]*</(?:id|username|privateKey|passphrase|filePermissions|directoryPermissions)>)*?` +
			`<password>\s*([^<\s]+)\s*</password>`,
		Window: 1024,
		Check:  cfValue,
		Match: []string{
			"<servers>\n  <server>\n    <id>nexus-releases</id>\n    <username>deployer</username>\n    <password>{{an:20}}</password>\n  </server>\n</servers>",
			`<server><id>ossrh</id><username>jdoe</username><password>{{an:16}}{{dig:2}}</password></server>`,
		},
		NoMatch: []string{
			"<server>\n  <id>nexus</id>\n  <username>deployer</username>\n  <password>${env.NEXUS_PASSWORD}</password>\n</server>",
			// Encrypted with the master password (settings-security.xml).
			"<server>\n  <id>nexus</id>\n  <password>{COQLCE6DU6GtcS5P=}</password>\n</server>",
			"<server>\n  <id>nexus</id>\n  <password>changeme</password>\n</server>",
			"<proxy>\n  <id>corp</id>\n  <username>proxyuser</username>\n  <password>{{an:12}}</password>\n</proxy>",
		},
	},

	// ---- Composer auth.json --------------------------------------------

	// https://getcomposer.org/doc/articles/authentication-for-private-packages.md#http-basic
	{
		ID: "composer-http-basic-password", Provider: "composer", Title: "auth.json http-basic password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{`"http-basic"`},
		Pattern:  `"http-basic"\s*:\s*\{(?:[^{}]|\{[^{}]*\})*?\{[^{}]*?"password"\s*:\s*"((?:[^"\\]|\\.)+)"`,
		Window:   1024,
		Check:    cfValue,
		Match: []string{
			`{"http-basic": {"repo.acme.io": {"username": "ci", "password": "{{hex:40}}"}}}`,
			"{\n  \"http-basic\": {\n    \"satis.corp.net\": {\n      \"username\": \"deploy\",\n      \"password\": \"{{an:20}}\"\n    }\n  }\n}",
		},
		NoMatch: []string{
			`{"http-basic": {"repo.acme.io": {"username": "ci", "password": "${COMPOSER_PASSWORD}"}}}`,
			`{"http-basic": {"repo.acme.io": {"username": "ci", "password": "<password>"}}}`,
			`{"db": {"username": "ci", "password": "{{an:20}}"}}`,
			// A Private Packagist token is reported by its own rule.
			`{"http-basic": {"repo.packagist.com": {"username": "token", "password": "packagist_out_{{hex:68}}"}}}`,
		},
	},
	// https://getcomposer.org/doc/articles/authentication-for-private-packages.md#github-oauth
	{
		ID: "composer-github-oauth-token", Provider: "composer", Title: "auth.json github-oauth token",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords:   []string{`"github-oauth"`},
		Pattern:    `"github-oauth"\s*:\s*\{\s*"[^"]+"\s*:\s*"([A-Za-z0-9_]{20,})"`,
		Window:     512,
		MinEntropy: 3.0,
		Check:      cfValue,
		Match: []string{
			`{"github-oauth": {"github.com": "{{hex:40}}"}}`,
			"{\n    \"github-oauth\": {\n        \"github.com\": \"{{hex:40}}\"\n    }\n}",
		},
		NoMatch: []string{
			`{"github-oauth": {"github.com": "<token>"}}`,
			`{"github-oauth": {"github.com": "${GITHUB_TOKEN}"}}`,
			// A prefixed GitHub token is reported by the github rules.
			`{"github-oauth": {"github.com": "ghp_{{crc:30}}"}}`,
		},
	},

	// ---- Gradle properties ----------------------------------------------

	// https://docs.gradle.org/current/userguide/build_environment.html#sec:gradle_configuration_properties
	{
		ID: "gradle-properties-password", Provider: "gradle", Title: "gradle.properties password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{
			"ossrhPassword", "sonatypePassword", "mavenCentralPassword", "signing.password",
			"artifactoryPassword", "nexusPassword", "mavenPassword", "repoPassword",
			"repositoryPassword", "publishPassword", "deployPassword", "proxyPassword",
		},
		Pattern: `(?m)^[ \t]*(?:systemProp\.|org\.gradle\.project\.)?[A-Za-z0-9_.-]*(?:Password|\.password)` +
			`[ \t]*=[ \t]*(\S+)[ \t]*\r?$`,
		Check: cfValue,
		Match: []string{
			"ossrhUsername=jdoe\nossrhPassword={{an:18}}",
			"signing.keyId=24875D73\nsigning.password={{an:16}}\nsigning.secretKeyRingFile=/home/ci/.gnupg/secring.gpg",
			`systemProp.https.proxyPassword={{an:12}}`,
		},
		NoMatch: []string{
			`signing.password=<passphrase>`,
			`mavenCentralPassword=changeme`,
			`    password = findProperty("ossrhPassword") as String?`,
			`val ossrhPassword: String by project`,
		},
	},

	// ---- s3cmd .s3cfg -----------------------------------------------------

	// https://s3tools.org/kb/item14.htm
	{
		ID: "s3cmd-secret-key", Provider: "s3cmd", Title: ".s3cfg secret_key",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"secret_key"},
		Pattern:    `(?m)^secret_key[ \t]*=[ \t]*([A-Za-z0-9/+]{40})[ \t]*\r?$`,
		MinEntropy: 4.0,
		Check:      cfValue,
		Match: []string{
			"[default]\naccess_key = {{uan:20}}\nsecret_key = {{b64:40}}\nuse_https = True",
			`secret_key={{b64:40}}`,
		},
		NoMatch: []string{
			`SECRET_KEY = "django-insecure-{{an:40}}"`,
			`secret_key = `,
			`secret_key = <your secret key>`,
			`app.secret_key = os.urandom(24)`,
		},
	},

	// ---- PostgreSQL .pgpass ------------------------------------------------

	// https://www.postgresql.org/docs/current/libpq-pgpass.html
	{
		ID: "postgres-pgpass-password", Provider: "postgres-pgpass", Title: ".pgpass password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{":5432:", ":5433:", ":6432:", ":*:"},
		Pattern: `(?m)^[ \t]*(?:[^:\s\\#]|\\.)+:(?:[0-9]{1,5}|\*):(?:[^:\s\\]|\\.)+:(?:[^:\s\\]|\\.)+:` +
			`((?:[^:\s\\]|\\.)+)[ \t]*\r?$`,
		Check: cfValue,
		Match: []string{
			`db.internal:5432:app:app_user:{{an:20}}`,
			"# replication\n*:*:*:replicator:{{an:16}}{{dig:2}}\n",
			`localhost:5432:*:postgres:{{an:12}}`,
		},
		NoMatch: []string{
			`db.internal:5432:app:app_user:changeme`,
			`localhost:5432:*:postgres:*`,
			`# hostname:port:database:username:password`,
			`      - "127.0.0.1:5432:5432"`,
		},
	},
}
