package detector

import (
	"bytes"
	"encoding/base64"
	"regexp"
)

var _ = register(cloudProviders, cloudRules)

// Helpers shared by rules_aws.go, rules_azure.go and this file. Their
// names start with "infra" so that they cannot collide with the helpers of
// other rule families in this package.

// infraAssign is what separates a setting's name from its value in the
// usual places: NAME=v, NAME: v, "name": "v", name := "v", name => 'v',
// env["NAME"] = "v", $env:NAME = "v". It eats one optional quote on each
// side.
const infraAssign = `["'\x60]?\]?\s*(?:=>|:=|[:=])\s*["'\x60]?`

// Tails that end a value: the next byte is outside the value's alphabet, or
// the region ends.
const (
	infraEndB64  = `(?:[^A-Za-z0-9+/=]|$)`
	infraEndB64u = `(?:[^A-Za-z0-9_-]|$)`
)

// infraUUID is a UUID in either case.
const infraUUID = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`

// infraName matches a setting name that mentions one of ctx (a regexp
// alternation, matched case-insensitively) and ends in a credential word:
// HEROKU_API_KEY, linodeToken, "fastly-key". A name that merely mentions
// the provider (HEROKU_APP_ID) does not match.
func infraName(ctx string) string {
	return `(?i:(?:` + ctx + `)[\w.-]{0,30}?(?:key|token|secret|pass(?:word)?|pwd|credentials?))`
}

// infraAssigned matches name = value, with value captured and followed by
// tail.
func infraAssigned(ctx, value, tail string) string {
	return infraName(ctx) + infraAssign + `(` + value + `)` + tail
}

// infraPrefixed builds the rule for a self-identifying token: its literal
// prefix is the keyword, body is the rest of the token, tail ends it.
func infraPrefixed(id, provider, title string, kind Kind, sev Severity, prefix, body, tail string, match, noMatch []string) Rule {
	return Rule{
		ID: id, Provider: provider, Title: title, Kind: kind, Severity: sev,
		Keywords: []string{prefix},
		Pattern:  `\b(` + regexp.QuoteMeta(prefix) + body + `)` + tail,
		Match:    match,
		NoMatch:  noMatch,
	}
}

// infraMixedCase rejects candidates without both an upper- and a lowercase
// letter: random base62/base64 bodies of 24+ characters have both, while
// hex digests, identifiers and words in one case do not.
func infraMixedCase(secret []byte) bool {
	var upper, lower bool
	for _, c := range secret {
		switch {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		}
	}
	return upper && lower
}

// infraB64Decode decodes the whole quads of a standard or URL-safe base64
// string, padding optional; nil if it is not base64. Validators use it to
// look at the structure inside encoded tokens.
func infraB64Decode(s []byte) []byte {
	s = bytes.TrimRight(s, "=")
	c := make([]byte, len(s)/4*4)
	for i := range c {
		switch b := s[i]; b {
		case '-':
			c[i] = '+'
		case '_':
			c[i] = '/'
		default:
			c[i] = b
		}
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(c)))
	n, err := base64.StdEncoding.Decode(out, c)
	if err != nil {
		return nil
	}
	return out[:n]
}

// infraPrintable reports whether b is non-empty printable ASCII text.
func infraPrintable(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

var cloudProviders = []Provider{
	{
		ID: "alibaba", Name: "Alibaba Cloud", EnvVar: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
		RotateURL: "https://ram.console.aliyun.com/manage/ak",
		DocsURL:   "https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair",
	},
	{
		ID: "ibm-cloud", Name: "IBM Cloud", EnvVar: "IBMCLOUD_API_KEY",
		RotateURL: "https://cloud.ibm.com/iam/apikeys",
		DocsURL:   "https://cloud.ibm.com/docs/account?topic=account-userapikey",
	},
	{
		ID: "digitalocean", Name: "DigitalOcean", EnvVar: "DIGITALOCEAN_ACCESS_TOKEN",
		RotateURL: "https://cloud.digitalocean.com/account/api/tokens",
		DocsURL:   "https://docs.digitalocean.com/reference/api/create-personal-access-token/",
	},
	{
		ID: "heroku", Name: "Heroku", EnvVar: "HEROKU_API_KEY",
		RotateURL: "https://dashboard.heroku.com/account/applications",
		DocsURL:   "https://devcenter.heroku.com/articles/authentication",
	},
	{
		ID: "cloudflare", Name: "Cloudflare", EnvVar: "CLOUDFLARE_API_TOKEN",
		RotateURL: "https://dash.cloudflare.com/profile/api-tokens",
		DocsURL:   "https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/",
	},
	{
		ID: "vercel", Name: "Vercel", EnvVar: "VERCEL_TOKEN",
		RotateURL: "https://vercel.com/account/settings/tokens",
		DocsURL:   "https://vercel.com/changelog/new-token-formats-and-secret-scanning",
	},
	{
		ID: "netlify", Name: "Netlify", EnvVar: "NETLIFY_AUTH_TOKEN",
		RotateURL: "https://app.netlify.com/user/applications#personal-access-tokens",
		DocsURL:   "https://answers.netlify.com/t/change-to-the-netlify-authentication-token-format/106146",
	},
	{
		ID: "flyio", Name: "Fly.io", EnvVar: "FLY_API_TOKEN",
		RotateURL: "https://fly.io/user/personal_access_tokens",
		DocsURL:   "https://fly.io/docs/security/tokens/",
	},
	{
		ID: "supabase", Name: "Supabase", EnvVar: "SUPABASE_SECRET_KEY",
		RotateURL: "https://supabase.com/dashboard/project/_/settings/api-keys",
		DocsURL:   "https://supabase.com/docs/guides/api/api-keys",
	},
	{
		ID: "planetscale", Name: "PlanetScale", EnvVar: "PLANETSCALE_SERVICE_TOKEN",
		RotateURL: "https://app.planetscale.com/",
		DocsURL:   "https://planetscale.com/docs/concepts/service-tokens",
	},
	{
		ID: "databricks", Name: "Databricks", EnvVar: "DATABRICKS_TOKEN",
		RotateURL: "https://docs.databricks.com/en/dev-tools/auth/pat.html",
		DocsURL:   "https://docs.databricks.com/en/dev-tools/auth/pat.html",
	},
	{
		ID: "snowflake", Name: "Snowflake", EnvVar: "SNOWFLAKE_PASSWORD",
		RotateURL: "https://docs.snowflake.com/en/sql-reference/sql/alter-user",
		DocsURL:   "https://docs.snowflake.com/en/developer-guide/python-connector/python-connector-connect",
	},
	{
		ID: "mongodb-atlas", Name: "MongoDB Atlas", EnvVar: "MONGODB_ATLAS_PRIVATE_KEY",
		RotateURL: "https://cloud.mongodb.com/v2#/org/access/apiKeys",
		DocsURL:   "https://www.mongodb.com/docs/atlas/configure-api-access/",
	},
	{
		ID: "vault", Name: "HashiCorp Vault", EnvVar: "VAULT_TOKEN",
		RotateURL: "https://developer.hashicorp.com/vault/docs/commands/token/revoke",
		DocsURL:   "https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes",
	},
	{
		ID: "terraform-cloud", Name: "HCP Terraform (Terraform Cloud)", EnvVar: "TF_TOKEN_APP_TERRAFORM_IO",
		RotateURL: "https://app.terraform.io/app/settings/tokens",
		DocsURL:   "https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens",
	},
	{
		ID: "pulumi", Name: "Pulumi Cloud", EnvVar: "PULUMI_ACCESS_TOKEN",
		RotateURL: "https://app.pulumi.com/account/tokens",
		DocsURL:   "https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/",
	},
	{
		ID: "doppler", Name: "Doppler", EnvVar: "DOPPLER_TOKEN",
		RotateURL: "https://dashboard.doppler.com/workplace/tokens",
		DocsURL:   "https://docs.doppler.com/reference/api#authentication",
	},
	{
		ID: "onepassword", Name: "1Password", EnvVar: "OP_SERVICE_ACCOUNT_TOKEN",
		RotateURL: "https://my.1password.com/developer-tools/infrastructure-secrets/serviceaccount",
		DocsURL:   "https://developer.1password.com/docs/service-accounts/",
	},
	{
		ID: "linode", Name: "Akamai Cloud (Linode)", EnvVar: "LINODE_TOKEN",
		RotateURL: "https://cloud.linode.com/profile/tokens",
		DocsURL:   "https://techdocs.akamai.com/cloud-computing/docs/manage-personal-access-tokens",
	},
	{
		ID: "scaleway", Name: "Scaleway", EnvVar: "SCW_SECRET_KEY",
		RotateURL: "https://console.scaleway.com/iam/api-keys",
		DocsURL:   "https://www.scaleway.com/en/docs/iam/concepts/#api-key",
	},
	{
		ID: "render", Name: "Render", EnvVar: "RENDER_API_KEY",
		RotateURL: "https://dashboard.render.com/u/settings#api-keys",
		DocsURL:   "https://render.com/docs/api#1-create-an-api-key",
	},
	{
		ID: "railway", Name: "Railway", EnvVar: "RAILWAY_TOKEN",
		RotateURL: "https://railway.com/account/tokens",
		DocsURL:   "https://docs.railway.com/guides/public-api#creating-a-token",
	},
	{
		ID: "confluent", Name: "Confluent Cloud", EnvVar: "CONFLUENT_CLOUD_API_SECRET",
		RotateURL: "https://confluent.cloud/settings/api-keys",
		DocsURL:   "https://docs.confluent.io/cloud/current/security/authenticate/workload-identities/service-accounts/api-keys/overview.html",
	},
	{
		ID: "fastly", Name: "Fastly", EnvVar: "FASTLY_API_TOKEN",
		RotateURL: "https://manage.fastly.com/account/personal/tokens",
		DocsURL:   "https://docs.fastly.com/en/guides/using-api-tokens",
	},
	{
		ID: "tencent-cloud", Name: "Tencent Cloud", EnvVar: "TENCENTCLOUD_SECRET_KEY",
		RotateURL: "https://console.tencentcloud.com/cam/capi",
		DocsURL:   "https://www.tencentcloud.com/document/product/598/32675",
	},
	{
		ID: "hetzner", Name: "Hetzner Cloud", EnvVar: "HCLOUD_TOKEN",
		RotateURL: "https://console.hetzner.cloud/projects",
		DocsURL:   "https://docs.hetzner.com/cloud/api/getting-started/generating-api-token/",
	},
	{
		ID: "upstash", Name: "Upstash", EnvVar: "UPSTASH_REDIS_REST_TOKEN",
		RotateURL: "https://console.upstash.com/",
		DocsURL:   "https://upstash.com/docs/redis/features/restapi",
	},
	{
		ID: "neon", Name: "Neon", EnvVar: "NEON_API_KEY",
		RotateURL: "https://console.neon.tech/app/settings/api-keys",
		DocsURL:   "https://neon.com/docs/manage/api-keys",
	},
	{
		ID: "openshift", Name: "Red Hat OpenShift", EnvVar: "OPENSHIFT_TOKEN",
		RotateURL: "https://docs.redhat.com/en/documentation/openshift_container_platform/4.16/html/authentication_and_authorization/managing-oauth-access-tokens",
		DocsURL:   "https://docs.redhat.com/en/documentation/openshift_container_platform/4.16/html/authentication_and_authorization/managing-oauth-access-tokens",
	},
	{
		ID: "rancher", Name: "Rancher", EnvVar: "RANCHER_TOKEN",
		RotateURL: "https://ranchermanager.docs.rancher.com/reference-guides/user-settings/api-keys",
		DocsURL:   "https://ranchermanager.docs.rancher.com/api/api-tokens",
	},
	{
		ID: "cockroachdb", Name: "CockroachDB Cloud", EnvVar: "COCKROACH_API_KEY",
		RotateURL: "https://cockroachlabs.cloud/access/service-accounts",
		DocsURL:   "https://www.cockroachlabs.com/docs/cockroachcloud/managing-access#api-access",
	},
	{
		ID: "aiven", Name: "Aiven", EnvVar: "AIVEN_TOKEN",
		RotateURL: "https://console.aiven.io/profile/tokens",
		DocsURL:   "https://aiven.io/docs/platform/concepts/authentication-tokens",
	},
}

// cloudNetlify builds the rules for Netlify's prefixed tokens: "nf", one
// letter naming the kind, "_", 36 alphanumerics (40 characters in all).
func cloudNetlify(id, prefix, title string) Rule {
	return infraPrefixed(id, "netlify", title, KindSecret, SeverityHigh,
		prefix, `[A-Za-z0-9]{36}`, `\b`,
		[]string{
			`NETLIFY_AUTH_TOKEN=` + prefix + `{{an:36}}`,
			`netlify deploy --prod --auth ` + prefix + `{{an:36}}`,
			`  "netlifyToken": "` + prefix + `{{an:36}}",`,
		},
		[]string{
			`NETLIFY_AUTH_TOKEN=` + prefix + `{{an:30}}`,
			`NETLIFY_AUTH_TOKEN=` + prefix + `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`tokens now start with "` + prefix + `"`,
		})
}

// cloudVercel builds the rules for Vercel's prefixed credentials. Vercel
// documents the prefixes but not the body; observed bodies are 24
// alphanumerics, and the range leaves room for longer ones.
func cloudVercel(id, prefix, title string) Rule {
	r := infraPrefixed(id, "vercel", title, KindSecret, SeverityHigh,
		prefix, `[A-Za-z0-9]{24,64}`, `\b`,
		[]string{
			`VERCEL_TOKEN=` + prefix + `{{an:24}}`,
			`vercel deploy --prod --token "` + prefix + `{{an:24}}"`,
			`headers: { Authorization: "Bearer ` + prefix + `{{an:32}}" },`,
		},
		[]string{
			`VERCEL_TOKEN=` + prefix + `{{an:12}}`,
			`VERCEL_TOKEN=` + prefix + `your_token_here`,
			`prefix = "` + prefix + `"`,
		})
	r.MinEntropy = 3.5
	return r
}

// cloudDoppler builds the rules for Doppler's tokens: "dp.", a kind, ".",
// and a high-entropy body; service tokens may carry their config's slug
// (dp.st.prd.…).
func cloudDoppler(id, kind, title string, slug bool) Rule {
	prefix := "dp." + kind + "."
	body := `[A-Za-z0-9]{40,44}`
	sample := prefix
	if slug {
		body = `(?:[a-z0-9_-]{1,40}\.)?` + body
		sample += "prd."
	}
	return infraPrefixed(id, "doppler", title, KindSecret, SeverityHigh,
		prefix, body, `\b`,
		[]string{
			`DOPPLER_TOKEN=` + sample + `{{an:43}}`,
			`doppler configure set token ` + prefix + `{{an:43}}`,
			`  doppler_token: "` + sample + `{{an:40}}"`,
		},
		[]string{
			`DOPPLER_TOKEN=` + prefix + `{{an:20}}`,
			`DOPPLER_TOKEN=` + sample + `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`if token.startswith("` + prefix + `"):`,
		})
}

// cloudPlanetScale builds the rules for PlanetScale's prefixed secrets:
// prefix and 43 URL-safe characters.
func cloudPlanetScale(id, prefix, title, env string) Rule {
	return infraPrefixed(id, "planetscale", title, KindSecret, SeverityHigh,
		prefix, `[A-Za-z0-9_-]{43}`, infraEndB64u,
		[]string{
			env + `=` + prefix + `{{an:43}}`,
			`  password: "` + prefix + `{{b64u:43}}"`,
		},
		[]string{
			env + `=` + prefix + `{{an:20}}`,
			env + `=` + prefix + `{{an:50}}`,
			`secrets begin with ` + prefix + ` and are shown once`,
		})
}

// cloudVault builds the rules for Vault's prefixed tokens.
func cloudVault(id, prefix, title string, sev Severity, body string, match []string) Rule {
	return infraPrefixed(id, "vault", title, KindSecret, sev,
		prefix, body, infraEndB64u, match,
		[]string{
			`VAULT_TOKEN=` + prefix + `{{an:16}}`,
			`VAULT_TOKEN=` + prefix + `{{b64u:60}}`,
			`tokens that start with ` + prefix + ` are accepted`,
		})
}

// onePasswordToken checks that a service account token's body is base64 of
// a JSON object in plain text.
func onePasswordToken(secret []byte) bool {
	b := infraB64Decode(secret[len("ops_"):])
	return len(b) > 16 && bytes.HasPrefix(b, []byte(`{"`)) && infraPrintable(b)
}

// qstashToken checks the base64 JSON inside an Upstash QStash token.
func qstashToken(secret []byte) bool {
	b := infraB64Decode(secret)
	return bytes.HasPrefix(b, []byte(`{"UserID":"`)) && bytes.Contains(b, []byte(`"Password":"`))
}

// snowflakePassword keeps values that look like passwords rather than code:
// a digit or a symbol, and not a dotted identifier.
func snowflakePassword(secret []byte) bool {
	var digitOrSymbol, letters bool
	for _, c := range secret {
		switch {
		case '0' <= c && c <= '9':
			digitOrSymbol = true
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			letters = true
		case c == '.' || c == '_' || c == '-':
		default:
			digitOrSymbol = true
		}
	}
	return digitOrSymbol && letters
}

var cloudRules = []Rule{
	// https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair
	// AccessKey IDs start with LTAI; observed IDs are 16 or 24 characters.
	{
		ID: "alibaba-access-key-id", Provider: "alibaba", Title: "AccessKey ID",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"LTAI"},
		Pattern:  `\b(LTAI[A-Za-z0-9]{12,20})\b`,
		Check:    infraMixedCase,
		Match: []string{
			`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI{{an:20}}`,
			`  access_key_id: "LTAI{{an:12}}"`,
			`client = AcsClient("LTAI{{an:20}}", secret, "cn-hangzhou")`,
		},
		NoMatch: []string{
			`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI{{an:8}}`,
			`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxxxxxx`,
			`AccessKey IDs start with LTAI followed by letters and digits`,
		},
	},
	// https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair
	// The secret is 30 alphanumerics; it is found beside its name or
	// right after its AccessKey ID (the console's CSV download).
	{
		ID: "alibaba-access-key-secret", Provider: "alibaba", Title: "AccessKey secret",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"access_key_secret", "accesskeysecret", "access-key-secret", "aliyun", "alicloud", "LTAI"},
		Pattern: `(?:` + infraName(`access[_.-]?key[_.-]?|alibaba|aliyun|alicloud`) + infraAssign +
			`|\bLTAI[A-Za-z0-9]{12,20}["']?(?:\s*[,:;|]\s*|\s+)["']?)([A-Za-z0-9]{30})\b`,
		Window:     256,
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`ALIBABA_CLOUD_ACCESS_KEY_SECRET={{an:30}}`,
			`config.access_key_secret = "{{an:30}}"`,
			`AccessKeyId,AccessKeySecret` + "\n" + `LTAI{{an:20}},{{an:30}}`,
			`{"accessKeyId": "LTAI{{an:20}}",` + "\n" + ` "accessKeySecret": "{{an:30}}"}`,
		},
		NoMatch: []string{
			`ALIBABA_CLOUD_ACCESS_KEY_SECRET={{an:20}}`,
			`access_key_secret = os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]`,
			`aliyun_secret = "{{hex:30}}"`,
			`value = "{{an:30}}"`,
		},
	},
	// https://cloud.ibm.com/docs/account?topic=account-userapikey
	// IBM Cloud API keys are 44 URL-safe characters with no prefix; they
	// are recognized by an IBM name, or as the "apikey" of a service
	// credentials JSON (iam_apikey_description, crn:v1:bluemix) nearby.
	{
		ID: "ibm-cloud-api-key", Provider: "ibm-cloud", Title: "API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"ibmcloud", "ibm_cloud", "ibm-cloud", "ibm_api", "ibm_iam", "iam_apikey", "crn:v1:bluemix"},
		Pattern: `(?:` + infraName(`ibm[_.-]?cloud|ibm[_.-]?(?:iam[_.-]?)?api`) + infraAssign +
			`|"apikey"\s*:\s*")([A-Za-z0-9_-]{44})` + infraEndB64u,
		Window:     512,
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`IBMCLOUD_API_KEY={{alnumdash:44}}`,
			`provider "ibm" {` + "\n" + `  ibmcloud_api_key = "{{alnumdash:44}}"` + "\n" + `}`,
			"{\n  \"apikey\": \"{{alnumdash:44}}\",\n  \"iam_apikey_description\": \"Auto-generated for key {{uuid}}\",\n  \"iam_apikey_name\": \"Service credentials-1\",\n  \"iam_role_crn\": \"crn:v1:bluemix:public:iam::::serviceRole:Writer\"\n}",
		},
		NoMatch: []string{
			`IBMCLOUD_API_KEY={{alnumdash:40}}`,
			`ibmcloud_api_key = var.ibmcloud_api_key`,
			`{"apikey": "{{alnumdash:44}}"}`,
			`IBMCLOUD_API_KEY={{hex:44}}`,
		},
	},
	// https://docs.digitalocean.com/reference/api/create-personal-access-token/
	infraPrefixed("digitalocean-pat", "digitalocean", "personal access token", KindSecret, SeverityCritical,
		"dop_v1_", `[a-f0-9]{64}`, `\b`,
		[]string{
			`DIGITALOCEAN_ACCESS_TOKEN=dop_v1_{{hex:64}}`,
			`doctl auth init --access-token dop_v1_{{hex:64}}`,
			`  token = "dop_v1_{{hex:64}}"`,
		},
		[]string{
			`DIGITALOCEAN_ACCESS_TOKEN=dop_v1_{{hex:60}}`,
			`DIGITALOCEAN_ACCESS_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`tokens look like dop_v1_ followed by hex`,
		}),
	// https://docs.digitalocean.com/reference/api/oauth/
	infraPrefixed("digitalocean-oauth-token", "digitalocean", "OAuth access token", KindSecret, SeverityHigh,
		"doo_v1_", `[a-f0-9]{64}`, `\b`,
		[]string{
			`Authorization: Bearer doo_v1_{{hex:64}}`,
			`{"access_token": "doo_v1_{{hex:64}}", "token_type": "bearer"}`,
		},
		[]string{
			`Authorization: Bearer doo_v1_{{hex:32}}`,
			`Authorization: Bearer doo_v1_{{HEX:64}}`,
		}),
	// https://docs.digitalocean.com/reference/api/oauth/
	infraPrefixed("digitalocean-refresh-token", "digitalocean", "OAuth refresh token", KindSecret, SeverityHigh,
		"dor_v1_", `[a-f0-9]{64}`, `\b`,
		[]string{
			`{"refresh_token": "dor_v1_{{hex:64}}"}`,
			`DO_REFRESH_TOKEN=dor_v1_{{hex:64}}`,
		},
		[]string{
			`DO_REFRESH_TOKEN=dor_v1_{{hex:63}}`,
			`DO_REFRESH_TOKEN=dor_v1_${TOKEN}`,
		}),
	// https://devcenter.heroku.com/articles/authentication
	// Current keys: "HRKU-AA" and 58 URL-safe characters (65 in all), a
	// widely observed shape that GitHub secret scanning also reports.
	{
		ID: "heroku-api-key", Provider: "heroku", Title: "API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"HRKU-AA"},
		Pattern:  `\b(HRKU-AA[A-Za-z0-9_-]{58})` + infraEndB64u,
		Match: []string{
			`HEROKU_API_KEY=HRKU-AA{{an:42}}_____w{{b64u:10}}`,
			`heroku_api_key = "HRKU-AA{{b64u:58}}"`,
			`curl -n https://api.heroku.com/apps -H "Authorization: Bearer HRKU-AA{{an:58}}"`,
		},
		NoMatch: []string{
			`HEROKU_API_KEY=HRKU-AA{{an:40}}`,
			`HEROKU_API_KEY=HRKU-AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`keys now start with HRKU-AA`,
		},
	},
	// https://devcenter.heroku.com/articles/platform-api-quickstart#authentication
	// Older API keys and OAuth tokens are UUIDs: reported next to a Heroku
	// name, or as the password of api.heroku.com in a .netrc.
	{
		ID: "heroku-legacy-api-key", Provider: "heroku", Title: "API key (UUID format)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"heroku"},
		Pattern: `(?:` + infraName(`heroku`) + infraAssign +
			`|machine\s+api\.heroku\.com\s+login\s+\S+\s+password\s+)(` + infraUUID + `)\b`,
		Window:     128,
		MinEntropy: 3.0,
		Match: []string{
			`HEROKU_API_KEY={{uuid}}`,
			`  heroku_api_key: "{{uuid}}"`,
			"machine api.heroku.com\n  login ops@{{low:8}}.dev\n  password {{uuid}}",
		},
		NoMatch: []string{
			`HEROKU_APP_ID={{uuid}}`,
			`HEROKU_API_KEY=${{ secrets.HEROKU_API_KEY }}`,
			`heroku_api_key = "{{hex:32}}"`,
		},
	},
	// https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/
	// Scannable formats: prefix, 40 alphanumerics, and an 8-hex checksum
	// (observed to be the CRC-32 of the 40 characters; not validated here,
	// for want of a synth placeholder that generates it).
	infraPrefixed("cloudflare-global-api-key", "cloudflare", "Global API Key", KindSecret, SeverityCritical,
		"cfk_", `[A-Za-z0-9]{40}[0-9a-f]{8}`, `\b`,
		[]string{
			`CLOUDFLARE_API_KEY=cfk_{{an:40}}{{hex:8}}`,
			`-H "X-Auth-Key: cfk_{{an:40}}{{hex:8}}"`,
		},
		[]string{
			`CLOUDFLARE_API_KEY=cfk_{{an:40}}`,
			`CLOUDFLARE_API_KEY=cfk_{{an:40}}{{hex:8}}{{hex:3}}`,
			`keys start with cfk_`,
		}),
	// https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/
	infraPrefixed("cloudflare-user-api-token", "cloudflare", "user API token", KindSecret, SeverityHigh,
		"cfut_", `[A-Za-z0-9]{40}[0-9a-f]{8}`, `\b`,
		[]string{
			`CLOUDFLARE_API_TOKEN=cfut_{{an:40}}{{hex:8}}`,
			`curl https://api.cloudflare.com/client/v4/user/tokens/verify -H "Authorization: Bearer cfut_{{an:40}}{{hex:8}}"`,
		},
		[]string{
			`CLOUDFLARE_API_TOKEN=cfut_{{an:30}}{{hex:8}}`,
			`CLOUDFLARE_API_TOKEN=cfut_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		}),
	// https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/
	infraPrefixed("cloudflare-account-api-token", "cloudflare", "account API token", KindSecret, SeverityHigh,
		"cfat_", `[A-Za-z0-9]{40}[0-9a-f]{8}`, `\b`,
		[]string{
			`CLOUDFLARE_API_TOKEN=cfat_{{an:40}}{{hex:8}}`,
			`  api_token = "cfat_{{an:40}}{{hex:8}}"`,
		},
		[]string{
			`CLOUDFLARE_API_TOKEN=cfat_{{an:40}}{{hex:4}}`,
			`account tokens use the cfat_ prefix`,
		}),
	// https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/
	// Pre-2026 API tokens: 40 unprefixed characters, found next to a
	// Cloudflare name or in a Bearer header on a line that mentions
	// Cloudflare.
	{
		ID: "cloudflare-legacy-api-token", Provider: "cloudflare", Title: "API token (unprefixed format)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"cloudflare", "cf_api_token", "cf_token"},
		Pattern: `(?:(?i:(?:cloudflare|\bcf)[\w.-]{0,25}?token)` + infraAssign +
			`|(?i:bearer)\s+)([A-Za-z0-9_-]{40})` + infraEndB64u,
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`CLOUDFLARE_API_TOKEN={{an:40}}`,
			`export CF_API_TOKEN="{{alnumdash:40}}"`,
			`curl "https://api.cloudflare.com/client/v4/zones" -H "Authorization: Bearer {{an:40}}"`,
		},
		NoMatch: []string{
			`CLOUDFLARE_API_TOKEN={{an:32}}`,
			`CLOUDFLARE_API_TOKEN=${{ secrets.CLOUDFLARE_API_TOKEN }}`,
			`cloudflare_zone_id = "{{hex:32}}"`,
			`Authorization: Bearer {{an:40}}`,
		},
	},
	// https://developers.cloudflare.com/fundamentals/api/get-started/keys/
	// Pre-2026 Global API Keys: 37-45 lowercase hex, sent as X-Auth-Key.
	{
		ID: "cloudflare-legacy-global-api-key", Provider: "cloudflare", Title: "Global API Key (unprefixed format)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"cloudflare", "cf_api_key", "x-auth-key"},
		Pattern: `(?:(?i:(?:cloudflare|\bcf)[\w.-]{0,25}?(?:key|secret))|(?i:x-auth-key))` + infraAssign +
			`([0-9a-f]{37,45})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`CLOUDFLARE_API_KEY={{hex:37}}`,
			`curl -H "X-Auth-Email: ops@{{low:6}}.net" -H "X-Auth-Key: {{hex:37}}" https://api.cloudflare.com/client/v4/user`,
			`  cloudflare_global_key: "{{hex:37}}"`,
		},
		NoMatch: []string{
			`CLOUDFLARE_API_KEY={{hex:32}}`,
			`CLOUDFLARE_API_KEY={{hex:64}}`,
			`cloudflare_zone_id = "{{hex:32}}"`,
		},
	},
	// https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/
	// Origin CA keys: "v1.0-", 24 hex, "-", 146 hex (widely observed shape).
	infraPrefixed("cloudflare-origin-ca-key", "cloudflare", "Origin CA key", KindSecret, SeverityHigh,
		"v1.0-", `[0-9a-f]{24}-[0-9a-f]{146}`, `\b`,
		[]string{
			`CF_ORIGIN_CA_KEY=v1.0-{{hex:24}}-{{hex:146}}`,
			`-H "X-Auth-User-Service-Key: v1.0-{{hex:24}}-{{hex:146}}"`,
		},
		[]string{
			`CF_ORIGIN_CA_KEY=v1.0-{{hex:24}}-{{hex:100}}`,
			`version = "v1.0-beta"`,
		}),
	// https://vercel.com/changelog/new-token-formats-and-secret-scanning
	cloudVercel("vercel-personal-access-token", "vcp_", "personal access token"),
	cloudVercel("vercel-integration-token", "vci_", "integration token"),
	cloudVercel("vercel-app-access-token", "vca_", "app access token"),
	cloudVercel("vercel-app-refresh-token", "vcr_", "app refresh token"),
	cloudVercel("vercel-api-key", "vck_", "API key"),
	// https://vercel.com/guides/how-do-i-use-a-vercel-api-access-token
	// Unprefixed tokens from before the prefixed formats: 24 alphanumerics
	// next to a Vercel name.
	{
		ID: "vercel-legacy-token", Provider: "vercel", Title: "access token (unprefixed format)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"vercel"},
		Pattern:  infraAssigned(`vercel`, `[A-Za-z0-9]{24}`, `\b`),
		Check:    infraMixedCase,
		Match: []string{
			`VERCEL_TOKEN={{an:24}}`,
			`  vercel-token: "{{an:24}}"`,
		},
		NoMatch: []string{
			`VERCEL_TOKEN={{an:20}}`,
			`VERCEL_PROJECT_ID=prj_{{an:24}}`,
			`vercel_token = "{{lan:24}}"`,
		},
	},
	// https://answers.netlify.com/t/change-to-the-netlify-authentication-token-format/106146
	cloudNetlify("netlify-personal-access-token", "nfp_", "personal access token"),
	cloudNetlify("netlify-oauth-token", "nfo_", "OAuth access token"),
	cloudNetlify("netlify-cli-token", "nfc_", "CLI token"),
	cloudNetlify("netlify-app-token", "nfu_", "app.netlify.com session token"),
	cloudNetlify("netlify-build-token", "nfb_", "build token"),
	// https://docs.netlify.com/api/get-started/#authentication
	// Tokens from before the nf*_ prefixes: 43 URL-safe characters next to
	// a Netlify name.
	{
		ID: "netlify-legacy-access-token", Provider: "netlify", Title: "access token (unprefixed format)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"netlify"},
		Pattern:    infraAssigned(`netlify`, `[A-Za-z0-9_-]{43}`, infraEndB64u),
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`NETLIFY_AUTH_TOKEN={{b64u:43}}`,
			`  netlify_token: '{{an:43}}'`,
		},
		NoMatch: []string{
			`NETLIFY_AUTH_TOKEN={{b64u:36}}`,
			`NETLIFY_SITE_ID={{uuid}}`,
			`NETLIFY_AUTH_TOKEN=${NETLIFY_AUTH_TOKEN}`,
		},
	},
	// https://fly.io/docs/security/tokens/
	// Macaroon tokens: fm1r_, fm1a_ or fm2_ and a long base64 body,
	// several of them comma-joined, sent as "FlyV1 <token>".
	{
		ID: "flyio-access-token", Provider: "flyio", Title: "access token (macaroon)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"fm2_", "fm1r_", "fm1a_"},
		Pattern:    `\b((?:fm2|fm1[ar])_[A-Za-z0-9+/]{64,}={0,2}(?:,(?:fm2|fm1[ar])_[A-Za-z0-9+/]{64,}={0,2})*)` + infraEndB64,
		MinEntropy: 4.0,
		Match: []string{
			`FLY_API_TOKEN="FlyV1 fm2_lJPE{{b64:280}},fm2_lJPE{{b64:300}}"`,
			`fly secrets import -t fm2_{{b64:320}}=`,
			`  Authorization: FlyV1 fm1r_{{b64:180}}`,
		},
		NoMatch: []string{
			`FLY_API_TOKEN="FlyV1 fm2_{{b64:30}}"`,
			`FLY_API_TOKEN="FlyV1 fm2_..."`,
			`const prefix = "fm2_"`,
		},
	},
	// https://supabase.com/docs/reference/api/introduction
	infraPrefixed("supabase-personal-access-token", "supabase", "personal access token", KindSecret, SeverityHigh,
		"sbp_", `[a-f0-9]{40}`, `\b`,
		[]string{
			`SUPABASE_ACCESS_TOKEN=sbp_{{hex:40}}`,
			`supabase login --token sbp_{{hex:40}}`,
		},
		[]string{
			`SUPABASE_ACCESS_TOKEN=sbp_{{hex:32}}`,
			`SUPABASE_ACCESS_TOKEN=sbp_your_access_token`,
		}),
	// https://supabase.com/docs/guides/api/api-keys
	// Observed shape: prefix, 22 URL-safe characters, "_", 8 more.
	infraPrefixed("supabase-secret-key", "supabase", "secret API key", KindSecret, SeverityHigh,
		"sb_secret_", `[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}`, infraEndB64u,
		[]string{
			`SUPABASE_SECRET_KEY=sb_secret_{{b64u:22}}_{{b64u:8}}`,
			`const supabase = createClient(url, "sb_secret_{{an:22}}_{{an:8}}")`,
		},
		[]string{
			`SUPABASE_SECRET_KEY=sb_secret_...`,
			`SUPABASE_SECRET_KEY=sb_secret_your_key_here`,
			`SUPABASE_SECRET_KEY=sb_secret_{{an:12}}`,
		}),
	// https://supabase.com/docs/guides/api/api-keys
	// Publishable keys are meant for browsers and apps.
	infraPrefixed("supabase-publishable-key", "supabase", "publishable API key", KindPublishable, SeverityLow,
		"sb_publishable_", `[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}`, infraEndB64u,
		[]string{
			`NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY=sb_publishable_{{b64u:22}}_{{b64u:8}}`,
			`createClient(SUPABASE_URL, "sb_publishable_{{an:22}}_{{an:8}}")`,
		},
		[]string{
			`NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY=sb_publishable_xxx`,
			`NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY=sb_publishable_{{an:16}}`,
		}),
	// https://planetscale.com/docs/concepts/connection-strings
	cloudPlanetScale("planetscale-password", "pscale_pw_", "database password", "DATABASE_PASSWORD"),
	// https://planetscale.com/docs/concepts/service-tokens
	cloudPlanetScale("planetscale-service-token", "pscale_tkn_", "service token", "PLANETSCALE_SERVICE_TOKEN"),
	// https://planetscale.com/docs/concepts/planetscale-api-oauth-applications
	cloudPlanetScale("planetscale-oauth-token", "pscale_oauth_", "OAuth token", "PLANETSCALE_OAUTH_TOKEN"),
	// https://docs.databricks.com/en/dev-tools/auth/pat.html
	// "dapi", 32 hex, and on some workspaces "-" and a digit.
	infraPrefixed("databricks-pat", "databricks", "personal access token", KindSecret, SeverityHigh,
		"dapi", `[a-f0-9]{32}(?:-[0-9])?`, `\b`,
		[]string{
			`DATABRICKS_TOKEN=dapi{{hex:32}}`,
			`token = dapi{{hex:32}}-2`,
			`  "token": "dapi{{hex:32}}",`,
		},
		[]string{
			`DATABRICKS_TOKEN=dapi{{hex:24}}`,
			`DATABRICKS_TOKEN=dapi{{hex:40}}`,
			`DATABRICKS_TOKEN=dapixxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		}),
	// https://docs.snowflake.com/en/developer-guide/python-connector/python-connector-connect
	// Snowflake passwords have no format: reported only where the setting
	// or the connector call names Snowflake, and only values that look
	// like passwords rather than code.
	{
		ID: "snowflake-password", Provider: "snowflake", Title: "user password",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"snowflake_password", "snowflake_pwd", "snowflakepassword", "snowflake-password",
			"snowflake.connector.connect", "snowflake.createconnection"},
		Pattern: `(?:(?i:snowflake[_.-]?(?:user[_.-]?)?(?:password|passwd|pwd))` + infraAssign +
			`|snowflake\.connector\.connect\([^)]{0,400}?\bpassword\s*=\s*["']` +
			`|snowflake\.createConnection\(\{[^}]{0,400}?\bpassword\s*:\s*["'])` +
			`([^\s"'\x60,;()\[\]{}<>$]{8,128})(?:["'\x60]|[ \t\r]*(?m:$))`,
		Window:     512,
		MinEntropy: 2.5,
		Check:      snowflakePassword,
		Match: []string{
			`SNOWFLAKE_PASSWORD={{an:12}}{{dig:2}}`,
			"conn = snowflake.connector.connect(\n    user=\"ETL\",\n    password=\"{{an:14}}{{dig:2}}\",\n    account=\"{{low:6}}-{{low:6}}\",\n)",
			"const connection = snowflake.createConnection({\n  account: 'xy12345',\n  username: 'etl',\n  password: '{{an:12}}{{dig:3}}',\n});",
		},
		NoMatch: []string{
			`SNOWFLAKE_PASSWORD=${SNOWFLAKE_PASSWORD}`,
			`snowflake_password = os.getenv("SNOWFLAKE_PASSWORD")`,
			`snowflake_password = config.password`,
			`password = "{{an:12}}{{dig:2}}"`,
		},
	},
	// https://www.mongodb.com/docs/atlas/api/service-accounts-overview/
	// Service account secrets: "mdb_sa_sk_" and 40 URL-safe characters.
	infraPrefixed("mongodb-atlas-service-account-secret", "mongodb-atlas", "service account client secret", KindSecret, SeverityHigh,
		"mdb_sa_sk_", `[A-Za-z0-9_-]{40}`, infraEndB64u,
		[]string{
			`ATLAS_CLIENT_SECRET=mdb_sa_sk_{{b64u:40}}`,
			`  clientSecret: "mdb_sa_sk_{{an:40}}"`,
		},
		[]string{
			`ATLAS_CLIENT_SECRET=mdb_sa_sk_...`,
			`ATLAS_CLIENT_SECRET=mdb_sa_sk_{{an:24}}`,
		}),
	// https://www.mongodb.com/docs/atlas/configure-api-access/
	// Programmatic API keys: the private half is a UUID, reported next to
	// an Atlas private-key name.
	{
		ID: "mongodb-atlas-private-api-key", Provider: "mongodb-atlas", Title: "programmatic API private key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"atlas"},
		Pattern: `(?i:(?:mongodb[_.-]?)?atlas[\w.-]{0,20}?private[_.-]?(?:api[_.-]?)?key)` + infraAssign +
			`(` + infraUUID + `)\b`,
		MinEntropy: 3.0,
		Match: []string{
			`MONGODB_ATLAS_PRIVATE_KEY={{uuid}}`,
			`  atlas_private_key = "{{uuid}}"`,
		},
		NoMatch: []string{
			`MONGODB_ATLAS_PUBLIC_KEY={{low:8}}`,
			`MONGODB_ATLAS_PRIVATE_KEY=${ATLAS_PRIVATE_KEY}`,
			`atlas_project_id = "{{uuid}}"`,
		},
	},
	// https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes
	// Service tokens are ~95 characters; root and dev tokens are "hvs." and
	// 24 characters.
	cloudVault("vault-service-token", "hvs.", "service token", SeverityHigh,
		`(?:[A-Za-z0-9_-]{90,}|[A-Za-z0-9]{24})`,
		[]string{
			`VAULT_TOKEN=hvs.CAES{{b64u:91}}`,
			`vault login hvs.{{an:24}}`,
			`  X-Vault-Token: "hvs.{{b64u:95}}"`,
		}),
	cloudVault("vault-batch-token", "hvb.", "batch token", SeverityHigh,
		`[A-Za-z0-9_-]{90,}`,
		[]string{
			`VAULT_TOKEN=hvb.AAAAAQ{{b64u:150}}`,
			`{"client_token": "hvb.{{b64u:138}}"}`,
		}),
	cloudVault("vault-recovery-token", "hvr.", "recovery token", SeverityCritical,
		`(?:[A-Za-z0-9_-]{90,}|[A-Za-z0-9]{24})`,
		[]string{
			`VAULT_TOKEN=hvr.{{an:24}}`,
			`recovery_token = "hvr.{{b64u:95}}"`,
		}),
	// https://developer.hashicorp.com/vault/docs/v1.9.x/concepts/tokens
	// Before Vault 1.10 tokens were "s." (service) or "b." (batch) and 24
	// characters: reported only next to a Vault token name.
	{
		ID: "vault-legacy-token", Provider: "vault", Title: "token (pre-1.10 format)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"vault_token", "vault-token", "vaulttoken", "vault_dev_root_token_id"},
		Pattern:  `(?i:vault[_.-]?(?:dev[_.-]?root[_.-]?)?token(?:[_.-]?id)?)` + infraAssign + `([sb]\.[A-Za-z0-9]{24})\b`,
		Check:    infraMixedCase,
		Match: []string{
			`VAULT_TOKEN=s.{{an:24}}`,
			`curl -H "X-Vault-Token: s.{{an:24}}" $VAULT_ADDR/v1/secret/data/app`,
		},
		NoMatch: []string{
			`VAULT_TOKEN=s.{{an:12}}`,
			`VAULT_TOKEN=root`,
			`vault_token_ttl = "s.{{an:24}}x"`,
		},
	},
	// https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens
	// "<14 alphanumerics>.atlasv1.<60-70 URL-safe characters>".
	{
		ID: "terraform-cloud-api-token", Provider: "terraform-cloud", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{".atlasv1."},
		Pattern:    `\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^A-Za-z0-9_=-]|$)`,
		MinEntropy: 4.0,
		Match: []string{
			`TF_TOKEN_app_terraform_io={{an:14}}.atlasv1.{{b64u:67}}`,
			"credentials \"app.terraform.io\" {\n  token = \"{{an:14}}.atlasv1.{{b64u:67}}\"\n}",
		},
		NoMatch: []string{
			`TF_TOKEN_app_terraform_io={{an:14}}.atlasv1.{{b64u:30}}`,
			`token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
		},
	},
	// https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/
	infraPrefixed("pulumi-access-token", "pulumi", "access token", KindSecret, SeverityHigh,
		"pul-", `[a-f0-9]{40}`, `\b`,
		[]string{
			`PULUMI_ACCESS_TOKEN=pul-{{hex:40}}`,
			`pulumi login --token pul-{{hex:40}}`,
		},
		[]string{
			`PULUMI_ACCESS_TOKEN=pul-{{hex:32}}`,
			`PULUMI_ACCESS_TOKEN=pul-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		}),
	// https://docs.doppler.com/reference/api#authentication
	cloudDoppler("doppler-personal-token", "pt", "personal token", false),
	cloudDoppler("doppler-service-token", "st", "service token", true),
	cloudDoppler("doppler-service-account-token", "sa", "service account token", false),
	cloudDoppler("doppler-cli-token", "ct", "CLI token", false),
	cloudDoppler("doppler-scim-token", "scim", "SCIM token", false),
	cloudDoppler("doppler-audit-token", "audit", "audit token", false),
	// https://developer.1password.com/docs/service-accounts/use-with-1password-cli/
	// "ops_" and the base64 of a JSON document (sign-in address, e-mail,
	// keys): the validator checks that it decodes to a JSON object.
	{
		ID: "onepassword-service-account-token", Provider: "onepassword", Title: "service account token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"ops_eyJ"},
		Pattern:  `\b(ops_eyJ[A-Za-z0-9+/_-]{100,}={0,2})` + infraEndB64,
		Check:    onePasswordToken,
		Match: []string{
			`OP_SERVICE_ACCOUNT_TOKEN=ops_{{b64of:{"signInAddress":"my.1password.com","userAuth":"((b64u:40))","email":"((low:10))@((low:8)).1passwordserviceaccounts.com","srpX":"((hex:64))","muk":"((b64u:43))","secretKey":"A3-((uan:6))-((uan:6))-((uan:5))-((uan:5))-((uan:5))-((uan:5))","deviceUuid":"((lan:26))"}}`,
			`  op_token: "ops_{{b64of:{"email":"((low:8))@((low:8)).1passwordserviceaccounts.com","srpX":"((hex:64))","secretKey":"A3-((uan:6))-((uan:6))"}}"`,
		},
		NoMatch: []string{
			`OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...`,
			`OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ{{b64:200}}`,
			`OP_SERVICE_ACCOUNT_TOKEN=ops_{{b64:120}}`,
		},
	},
	// https://techdocs.akamai.com/cloud-computing/docs/manage-personal-access-tokens
	// 64 hex characters next to a Linode name.
	{
		ID: "linode-personal-access-token", Provider: "linode", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"linode"},
		Pattern:    infraAssigned(`linode`, `[a-f0-9]{64}`, `\b`),
		MinEntropy: 3.0,
		Match: []string{
			`LINODE_TOKEN={{hex:64}}`,
			`export LINODE_CLI_TOKEN="{{hex:64}}"`,
			`linode_token = "{{hex:64}}"`,
		},
		NoMatch: []string{
			`LINODE_TOKEN={{hex:40}}`,
			`LINODE_TOKEN=${LINODE_TOKEN}`,
			`linode_instance_hash = "{{hex:64}}"`,
		},
	},
	// https://www.scaleway.com/en/docs/iam/concepts/#api-key
	// Access keys: "SCW" and 17 uppercase letters and digits.
	{
		ID: "scaleway-access-key", Provider: "scaleway", Title: "API access key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"SCW"},
		Pattern:  `\b(SCW[A-Z0-9]{17})\b`,
		Match: []string{
			`SCW_ACCESS_KEY=SCW{{uan:17}}`,
			`  access_key: "SCW{{uan:17}}"`,
		},
		NoMatch: []string{
			`SCW_ACCESS_KEY=SCW{{uan:10}}`,
			`SCW_ACCESS_KEY=SCWXXXXXXXXXXXXXXXXX`,
			`scw_access_key = "SCW{{lan:17}}"`,
		},
	},
	// https://www.scaleway.com/en/docs/iam/concepts/#api-key
	// Secret keys are UUIDs, reported next to a Scaleway secret name or
	// right after a Scaleway access key.
	{
		ID: "scaleway-secret-key", Provider: "scaleway", Title: "API secret key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"scw_secret", "scaleway"},
		Pattern:    infraAssigned(`scw[_.-]?secret|scaleway`, infraUUID, `\b`),
		MinEntropy: 3.0,
		Match: []string{
			`SCW_SECRET_KEY={{uuid}}`,
			`  scaleway_secret_key: "{{uuid}}"`,
		},
		NoMatch: []string{
			`SCW_DEFAULT_PROJECT_ID={{uuid}}`,
			`SCW_SECRET_KEY=${SCW_SECRET_KEY}`,
		},
	},
	// https://render.com/docs/api#1-create-an-api-key
	// Observed keys are "rnd_" and 28 alphanumerics; the range allows 32.
	{
		ID: "render-api-key", Provider: "render", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"rnd_"},
		Pattern:    `\b(rnd_[A-Za-z0-9]{28,32})\b`,
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`RENDER_API_KEY=rnd_{{an:28}}`,
			`curl -H "Authorization: Bearer rnd_{{an:28}}" https://api.render.com/v1/services`,
		},
		NoMatch: []string{
			`RENDER_API_KEY=rnd_{{an:12}}`,
			`rnd_seed_value_for_the_generator_x = 1`,
			`RENDER_API_KEY=rnd_xxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://docs.railway.com/guides/public-api#creating-a-token
	// Account, team and project tokens are UUIDs next to a Railway name.
	{
		ID: "railway-api-token", Provider: "railway", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"railway"},
		Pattern:    infraAssigned(`railway`, infraUUID, `\b`),
		MinEntropy: 3.0,
		Match: []string{
			`RAILWAY_TOKEN={{uuid}}`,
			`RAILWAY_API_TOKEN="{{uuid}}"`,
		},
		NoMatch: []string{
			`RAILWAY_PROJECT_ID={{uuid}}`,
			`RAILWAY_TOKEN=${{ secrets.RAILWAY_TOKEN }}`,
		},
	},
	// https://docs.confluent.io/cloud/current/security/authenticate/workload-identities/service-accounts/api-keys/overview.html
	// API secrets are 64 base64 characters: reported next to a Confluent
	// name, or as the password of a SASL/PLAIN JAAS line whose username is
	// a 16-character Confluent API key.
	{
		ID: "confluent-api-secret", Provider: "confluent", Title: "API secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{
			"confluent",        // a Confluent name in the setting
			"plainloginmodule", // a SASL/PLAIN JAAS line
		},
		Pattern: `(?:` + infraName(`confluent`) + infraAssign +
			`|PlainLoginModule\s+required\s+username\s*=\s*["'][A-Z0-9]{16}["']\s+password\s*=\s*["'])` +
			`([A-Za-z0-9+/]{64})` + infraEndB64,
		MinEntropy: 4.0,
		Check:      infraMixedCase,
		Match: []string{
			`CONFLUENT_CLOUD_API_SECRET={{b64:64}}`,
			`sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="{{uan:16}}" password="{{b64:64}}";`,
		},
		NoMatch: []string{
			`CONFLUENT_CLOUD_API_SECRET={{b64:40}}`,
			`CONFLUENT_CLOUD_API_KEY={{uan:16}}`,
			`sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="${KAFKA_PASSWORD}";`,
		},
	},
	// https://docs.fastly.com/en/guides/using-api-tokens
	// 32 URL-safe characters next to a Fastly name (including the
	// Fastly-Key header).
	{
		ID: "fastly-api-token", Provider: "fastly", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"fastly"},
		Pattern:    infraAssigned(`fastly`, `[A-Za-z0-9_-]{32}`, infraEndB64u),
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`FASTLY_API_TOKEN={{an:32}}`,
			`curl -H "Fastly-Key: {{b64u:32}}" https://api.fastly.com/service`,
		},
		NoMatch: []string{
			`FASTLY_API_TOKEN={{an:20}}`,
			`FASTLY_SERVICE_ID={{an:22}}`,
			`fastly_api_token = "{{hex:32}}"`,
		},
	},
	// https://www.tencentcloud.com/document/product/598/32675
	// SecretIds are "AKID" and 32 alphanumerics.
	{
		ID: "tencent-cloud-secret-id", Provider: "tencent-cloud", Title: "API SecretId",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"AKID"},
		Pattern:  `\b(AKID[A-Za-z0-9]{32})\b`,
		Check:    infraMixedCase,
		Match: []string{
			`TENCENTCLOUD_SECRET_ID=AKID{{an:32}}`,
			`cred = credential.Credential("AKID{{an:32}}", os.environ["TENCENTCLOUD_SECRET_KEY"])`,
		},
		NoMatch: []string{
			`TENCENTCLOUD_SECRET_ID=AKID{{an:20}}`,
			`TENCENTCLOUD_SECRET_ID=AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://www.tencentcloud.com/document/product/598/32675
	// SecretKeys are 32 alphanumerics: reported next to a Tencent name, or
	// near a SecretId under a secret-key name.
	{
		ID: "tencent-cloud-secret-key", Provider: "tencent-cloud", Title: "API SecretKey",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"tencent", "qcloud", "AKID"},
		Pattern: `(?:` + infraName(`tencent|qcloud|tccli`) + `|(?i:secret[_.-]?key))` + infraAssign +
			`([A-Za-z0-9]{32})\b`,
		Window:     256,
		MinEntropy: 3.5,
		Check:      infraMixedCase,
		Match: []string{
			`TENCENTCLOUD_SECRET_KEY={{an:32}}`,
			"secret_id = \"AKID{{an:32}}\"\nsecret_key = \"{{an:32}}\"",
		},
		NoMatch: []string{
			`TENCENTCLOUD_SECRET_KEY={{an:24}}`,
			`secret_key = "{{an:32}}"`,
			`TENCENTCLOUD_SECRET_KEY={{hex:32}}`,
		},
	},
	// https://docs.hetzner.com/cloud/api/getting-started/generating-api-token/
	// 64 alphanumerics next to an hcloud or Hetzner name.
	{
		ID: "hetzner-api-token", Provider: "hetzner", Title: "Cloud API token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"hcloud", "hetzner"},
		Pattern:    infraAssigned(`hcloud|hetzner`, `[A-Za-z0-9]{64}`, `\b`),
		MinEntropy: 4.0,
		Check:      infraMixedCase,
		Match: []string{
			`HCLOUD_TOKEN={{an:64}}`,
			`variable "hcloud_token" {}` + "\n" + `hcloud_token = "{{an:64}}"`,
		},
		NoMatch: []string{
			`HCLOUD_TOKEN={{an:40}}`,
			`HCLOUD_TOKEN=${HCLOUD_TOKEN}`,
			`hetzner_ssh_key_fingerprint = "{{hex:64}}"`,
		},
	},
	// https://upstash.com/docs/redis/features/restapi
	// REST tokens are base64 (observed to start with "A") next to an
	// Upstash REST token name.
	{
		ID: "upstash-redis-rest-token", Provider: "upstash", Title: "Redis REST token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"upstash"},
		Pattern:    infraAssigned(`upstash`, `A[A-Za-z0-9_+/-]{40,200}={0,2}`, `(?:[^A-Za-z0-9_+/=-]|$)`),
		MinEntropy: 4.0,
		Check:      infraMixedCase,
		Match: []string{
			`UPSTASH_REDIS_REST_TOKEN=AX{{b64u:70}}`,
			`  upstashToken: "A{{b64:87}}="`,
		},
		NoMatch: []string{
			`UPSTASH_REDIS_REST_TOKEN=AXxxxxx`,
			`UPSTASH_REDIS_REST_TOKEN=AX{{b64u:20}}`,
			`UPSTASH_REDIS_REST_URL=https://{{low:8}}.upstash.io`,
		},
	},
	// https://upstash.com/docs/qstash/howto/local-development
	// QStash tokens are base64 of {"UserID":…,"Password":…}. The local
	// development server's published default token is not reported.
	{
		ID: "upstash-qstash-token", Provider: "upstash", Title: "QStash token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"eyJVc2VySUQiOi"},
		Pattern:  `\b(eyJVc2VySUQiOi[A-Za-z0-9+/_-]{20,400}={0,2})` + infraEndB64,
		Check:    qstashToken,
		Examples: []string{"eyJVc2VySUQiOiJkZWZhdWx0VXNlciIs" + "IlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0="},
		Match: []string{
			`QSTASH_TOKEN={{b64of:{"UserID":"((uuid))","Password":"((hex:32))"}}`,
			`  qstashToken: "{{b64of:{"UserID":"((uuid))","Password":"((b64u:40))"}}",`,
		},
		NoMatch: []string{
			`QSTASH_TOKEN=` + `eyJVc2VySUQiOiJkZWZhdWx0VXNlciIs` + `IlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=`,
			`QSTASH_TOKEN=eyJVc2VySUQiOi{{b64:60}}`,
		},
	},
	// https://neon.com/docs/manage/api-keys
	// "napi_" and 64 lowercase letters and digits.
	infraPrefixed("neon-api-key", "neon", "API key", KindSecret, SeverityHigh,
		"napi_", `[a-z0-9]{64}`, `\b`,
		[]string{
			`NEON_API_KEY=napi_{{lan:64}}`,
			`neonctl projects list --api-key napi_{{lan:64}}`,
		},
		[]string{
			`NEON_API_KEY=napi_{{lan:32}}`,
			`NEON_API_KEY=napi_your_neon_api_key`,
		}),
	// https://docs.redhat.com/en/documentation/openshift_container_platform/4.16/html/authentication_and_authorization/managing-oauth-access-tokens
	// OAuth access tokens: "sha256~" and 43 URL-safe characters.
	{
		ID: "openshift-oauth-token", Provider: "openshift", Title: "OAuth access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"sha256~"},
		Pattern:    `(?:^|[^A-Za-z0-9_-])(sha256~[A-Za-z0-9_-]{43})` + infraEndB64u,
		MinEntropy: 4.0,
		Match: []string{
			`oc login --token=sha256~{{b64u:43}} --server=https://api.cluster.local:6443`,
			`OPENSHIFT_TOKEN="sha256~{{b64u:43}}"`,
		},
		NoMatch: []string{
			`oc login --token=sha256~{{b64u:20}}`,
			`oc login --token=sha256~<token>`,
		},
	},
	// https://ranchermanager.docs.rancher.com/api/api-tokens
	// Bearer tokens are "token-<5>:<54>" (API keys) or
	// "kubeconfig-user-<5>:<54>" (generated kubeconfigs), lowercase; the
	// bare "token-" prefix is too common, so a Rancher word must be on the
	// line, or the kubeconfig-user- prefix.
	{
		ID: "rancher-api-token", Provider: "rancher", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"rancher", "cattle_token", "kubeconfig-user-"},
		Pattern:    `\b((?:token|kubeconfig-user)-[a-z0-9]{5}:[a-z0-9]{54})\b`,
		MinEntropy: 4.0,
		Match: []string{
			`RANCHER_TOKEN=token-{{lan:5}}:{{lan:54}}`,
			`    token: "kubeconfig-user-{{lan:5}}:{{lan:54}}"`,
		},
		NoMatch: []string{
			`token: "token-{{lan:5}}:{{lan:54}}"`,
			`RANCHER_TOKEN=token-{{lan:5}}:{{lan:20}}`,
		},
	},
	// https://www.cockroachlabs.com/docs/cockroachcloud/managing-access#api-access
	// "CCDB1_", 22 alphanumerics (the key ID), "_", 40 alphanumerics, as
	// the CockroachDB Cloud Terraform provider documents.
	{
		ID: "cockroachdb-api-key", Provider: "cockroachdb", Title: "Cloud API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"CCDB1_"},
		Pattern:  `\b(CCDB1_[A-Za-z0-9]{22}_[A-Za-z0-9]{40})\b`,
		Match: []string{
			`COCKROACH_API_KEY=CCDB1_{{an:22}}_{{an:40}}`,
			`provider "cockroach" {` + "\n" + `  apikey = "CCDB1_{{an:22}}_{{an:40}}"` + "\n" + `}`,
		},
		NoMatch: []string{
			`COCKROACH_API_KEY=CCDB1_{{an:22}}`,
			`COCKROACH_API_KEY=CCDB1_test_key_that_is_not_real`,
		},
	},
	// https://aiven.io/docs/platform/concepts/authentication-tokens
	// Tokens are long base64 strings (padded with "=="), next to an Aiven
	// name.
	{
		ID: "aiven-api-token", Provider: "aiven", Title: "authentication token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"aiven"},
		Pattern:    infraAssigned(`aiven`, `[A-Za-z0-9+/]{100,600}={0,2}`, infraEndB64),
		MinEntropy: 4.5,
		Check:      infraMixedCase,
		Match: []string{
			`AIVEN_TOKEN={{b64:370}}==`,
			`export AIVEN_API_TOKEN="{{b64:370}}=="`,
			`  "aivenToken": "{{b64:370}}==",`,
		},
		NoMatch: []string{
			`AIVEN_TOKEN={{b64:40}}`,
			`AIVEN_TOKEN="your-aiven-token"`,
			`AIVEN_PROJECT_NAME={{low:12}}`,
		},
	},
}
