package detector

import (
	"bytes"
	"encoding/base64"
)

// Productivity, identity, design, social and business SaaS APIs.

var _ = register(saasProviders, saasRules)

var saasProviders = []Provider{
	{
		ID: "okta", Name: "Okta", EnvVar: "OKTA_API_TOKEN",
		RotateURL: "https://help.okta.com/en-us/content/topics/security/api.htm",
		DocsURL:   "https://developer.okta.com/docs/guides/create-an-api-token/main/",
	},
	{
		ID: "auth0", Name: "Auth0", EnvVar: "AUTH0_CLIENT_SECRET",
		RotateURL: "https://auth0.com/docs/get-started/applications/rotate-client-secret",
		DocsURL:   "https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens",
	},
	{
		ID: "atlassian", Name: "Atlassian (Jira, Confluence)", EnvVar: "ATLASSIAN_API_TOKEN",
		RotateURL: "https://id.atlassian.com/manage-profile/security/api-tokens",
		DocsURL:   "https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/",
	},
	{
		ID: "asana", Name: "Asana", EnvVar: "ASANA_ACCESS_TOKEN",
		RotateURL: "https://app.asana.com/0/my-apps",
		DocsURL:   "https://developers.asana.com/docs/personal-access-token",
	},
	{
		ID: "linear", Name: "Linear", EnvVar: "LINEAR_API_KEY",
		RotateURL: "https://linear.app/settings/account/security",
		DocsURL:   "https://linear.app/developers/graphql#authentication",
	},
	{
		ID: "notion", Name: "Notion", EnvVar: "NOTION_TOKEN",
		RotateURL: "https://www.notion.so/profile/integrations",
		DocsURL:   "https://developers.notion.com/docs/authorization",
	},
	{
		ID: "airtable", Name: "Airtable", EnvVar: "AIRTABLE_API_KEY",
		RotateURL: "https://airtable.com/create/tokens",
		DocsURL:   "https://airtable.com/developers/web/guides/personal-access-tokens",
	},
	{
		ID: "figma", Name: "Figma", EnvVar: "FIGMA_ACCESS_TOKEN",
		RotateURL: "https://www.figma.com/settings",
		DocsURL:   "https://www.figma.com/developers/api#access-tokens",
	},
	{
		ID: "dropbox", Name: "Dropbox", EnvVar: "DROPBOX_ACCESS_TOKEN",
		RotateURL: "https://www.dropbox.com/account/connected_apps",
		DocsURL:   "https://developers.dropbox.com/oauth-guide",
	},
	{
		ID: "twitter", Name: "X (Twitter)", EnvVar: "TWITTER_BEARER_TOKEN",
		RotateURL: "https://developer.x.com/en/portal/projects-and-apps",
		DocsURL:   "https://docs.x.com/resources/fundamentals/authentication/overview",
	},
	{
		ID: "facebook", Name: "Meta (Facebook, Instagram, WhatsApp)", EnvVar: "FACEBOOK_ACCESS_TOKEN",
		RotateURL: "https://developers.facebook.com/apps/",
		DocsURL:   "https://developers.facebook.com/docs/facebook-login/guides/access-tokens",
	},
	{
		ID: "twitch", Name: "Twitch", EnvVar: "TWITCH_CLIENT_SECRET",
		RotateURL: "https://dev.twitch.tv/console/apps",
		DocsURL:   "https://dev.twitch.tv/docs/authentication/",
	},
	{
		ID: "zoom", Name: "Zoom", EnvVar: "ZOOM_CLIENT_SECRET",
		RotateURL: "https://marketplace.zoom.us/user/build",
		DocsURL:   "https://developers.zoom.us/docs/internal-apps/s2s-oauth/",
	},
	{
		ID: "intercom", Name: "Intercom", EnvVar: "INTERCOM_ACCESS_TOKEN",
		RotateURL: "https://app.intercom.com/a/apps/_/developer-hub",
		DocsURL:   "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication",
	},
	{
		ID: "hubspot", Name: "HubSpot", EnvVar: "HUBSPOT_ACCESS_TOKEN",
		RotateURL: "https://app.hubspot.com/private-apps/",
		DocsURL:   "https://developers.hubspot.com/docs/api/private-apps",
	},
	{
		ID: "zendesk", Name: "Zendesk", EnvVar: "ZENDESK_API_TOKEN",
		RotateURL: "https://support.zendesk.com/hc/en-us/articles/4408889192858-Managing-access-to-the-Zendesk-API",
		DocsURL:   "https://developer.zendesk.com/api-reference/introduction/security-and-auth/",
	},
	{
		ID: "contentful", Name: "Contentful", EnvVar: "CONTENTFUL_MANAGEMENT_TOKEN",
		RotateURL: "https://app.contentful.com/account/profile/cma_tokens",
		DocsURL:   "https://www.contentful.com/developers/docs/references/authentication/",
	},
	{
		ID: "typeform", Name: "Typeform", EnvVar: "TYPEFORM_TOKEN",
		RotateURL: "https://admin.typeform.com/user/tokens",
		DocsURL:   "https://www.typeform.com/developers/get-started/personal-access-token/",
	},
	{
		ID: "clickup", Name: "ClickUp", EnvVar: "CLICKUP_API_TOKEN",
		RotateURL: "https://app.clickup.com/settings/apps",
		DocsURL:   "https://developer.clickup.com/docs/authentication",
	},
	{
		ID: "monday", Name: "monday.com", EnvVar: "MONDAY_API_TOKEN",
		RotateURL: "https://support.monday.com/hc/en-us/articles/360005144659-Does-monday-com-have-an-API",
		DocsURL:   "https://developer.monday.com/api-reference/docs/authentication",
	},
	{
		ID: "trello", Name: "Trello", EnvVar: "TRELLO_TOKEN",
		RotateURL: "https://trello.com/my/account",
		DocsURL:   "https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/",
	},
	{
		ID: "calendly", Name: "Calendly", EnvVar: "CALENDLY_API_TOKEN",
		RotateURL: "https://calendly.com/integrations/api_webhooks",
		DocsURL:   "https://developer.calendly.com/how-to-authenticate-with-personal-access-tokens",
	},
	{
		ID: "postman", Name: "Postman", EnvVar: "POSTMAN_API_KEY",
		RotateURL: "https://go.postman.co/settings/me/api-keys",
		DocsURL:   "https://learning.postman.com/docs/developer/postman-api/authentication/",
	},
	{
		ID: "shippo", Name: "Shippo", EnvVar: "SHIPPO_API_TOKEN",
		RotateURL: "https://apps.goshippo.com/settings/api",
		DocsURL:   "https://docs.goshippo.com/docs/guides_general/authentication/",
	},
	{
		ID: "lob", Name: "Lob", EnvVar: "LOB_API_KEY",
		RotateURL: "https://dashboard.lob.com/settings/api-keys",
		DocsURL:   "https://help.lob.com/account-management/api-keys",
	},
	{
		ID: "freshdesk", Name: "Freshdesk", EnvVar: "FRESHDESK_API_KEY",
		RotateURL: "https://support.freshdesk.com/support/solutions/articles/215517-how-to-find-your-api-key",
		DocsURL:   "https://developers.freshdesk.com/api/#authentication",
	},
	{
		ID: "webflow", Name: "Webflow", EnvVar: "WEBFLOW_API_TOKEN",
		RotateURL: "https://webflow.com/dashboard",
		DocsURL:   "https://developers.webflow.com/data/reference/authentication",
	},
	{
		ID: "miro", Name: "Miro", EnvVar: "MIRO_ACCESS_TOKEN",
		RotateURL: "https://miro.com/app/settings/user-profile/apps",
		DocsURL:   "https://developers.miro.com/reference/authorization-flow-for-expiring-access-tokens",
	},
}

// intercomToken checks that an Intercom access token is base64 of
// "tok:" and its identifier.
func intercomToken(secret []byte) bool {
	b, err := base64.StdEncoding.DecodeString(string(secret))
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(string(bytes.TrimRight(secret, "=")))
		if err != nil {
			return false
		}
	}
	return len(b) >= 20 && bytes.HasPrefix(b, []byte("tok:"))
}

// twitterBearerKeywords are 21 A's followed by a character other than
// A: a token's leading run ends there. The bare run of A's would also hit
// at every position of the zero-filled stretches common in base64 data,
// each hit running the pattern again.
func twitterBearerKeywords() []string {
	const run = "AAAAAAAAAAAAAAAAAAAAA"
	const next = "BCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" // matched case-insensitively
	kws := make([]string, len(next))
	for i := range next {
		kws[i] = run + next[i:i+1]
	}
	return kws
}

var saasRules = []Rule{
	// https://developer.okta.com/docs/guides/create-an-api-token/main/
	// API tokens are 00 and 40 base64url characters, sent as
	// "Authorization: SSWS <token>".
	{
		ID: "okta-api-token", Provider: "okta", Title: "API token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"okta", "ssws"},
		Pattern:    `(?:(?i:okta)[^\n]{0,100}?|(?i:ssws)\s+)\b(00[A-Za-z0-9_-]{40})` + psmEnd,
		MinEntropy: 3.5,
		Match: []string{
			`OKTA_API_TOKEN=00{{b64u:40}}`,
			`curl -H "Authorization: SSWS 00{{b64u:40}}" https://dev-1234.okta.com/api/v1/users`,
			`  okta: { orgUrl: "https://acme.okta.com", token: "00{{b64u:40}}" }`,
		},
		NoMatch: []string{
			`OKTA_API_TOKEN=00{{b64u:20}}`,
			`OKTA_API_TOKEN=00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`OKTA_CLIENT_ID=0oa{{an:17}}`,
		},
	},

	// https://auth0.com/docs/get-started/applications/application-settings#basic-information
	// Client secrets are 64 base64url characters with no prefix.
	{
		ID: "auth0-client-secret", Provider: "auth0", Title: "application client secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"auth0"},
		Pattern:    psmSetting("auth0", `secret`) + `([A-Za-z0-9_-]{64})` + psmEnd,
		MinEntropy: 4.0,
		Match: []string{
			`AUTH0_CLIENT_SECRET={{b64u:64}}`,
			`  auth0_client_secret: "{{b64u:64}}"`,
			`"auth0Secret": "{{b64u:64}}",`,
		},
		NoMatch: []string{
			`AUTH0_CLIENT_ID={{an:32}}`,
			`AUTH0_CLIENT_SECRET={{b64u:32}}`,
			`AUTH0_SECRET=use [openssl rand -hex 32] to generate a 32 bytes value`,
		},
	},
	// https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens
	// Management API tokens are JWTs; Auth0 and a token name must label
	// them, since JWTs are everywhere.
	{
		ID: "auth0-management-api-token", Provider: "auth0", Title: "Management API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"auth0"},
		Pattern:  psmSetting("auth0", `(?:mgmt|management|api)[\w.-]{0,12}?token`) + `(` + psmJWT + `)`,
		Match: []string{
			`AUTH0_MANAGEMENT_API_TOKEN={{jwt}}`,
			`auth0_api_token = "{{jwt}}"`,
		},
		NoMatch: []string{
			`AUTH0_MANAGEMENT_API_TOKEN=eyJhbGciOi...`,
			`AUTH0_DOMAIN=acme.eu.auth0.com`,
		},
	},

	// https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/
	// Since 2023 tokens are ATATT3, a variable-length base64url body, '='
	// and an 8-hex-digit checksum.
	{
		ID: "atlassian-api-token", Provider: "atlassian", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"ATATT3"},
		Pattern:  `\b(ATATT3[A-Za-z0-9_-]{150,250}=[0-9A-F]{8})(?:[^A-Za-z0-9_=-]|$)`,
		Match: []string{
			`JIRA_API_TOKEN=ATATT3xFfGF0{{alnumdash:171}}={{HEX:8}}`,
			`jira = JIRA(server="https://acme.atlassian.net", basic_auth=("me@acme.io", "ATATT3xFfGF0{{alnumdash:180}}={{HEX:8}}"))`,
			`  confluence_token: 'ATATT3xFfGF0{{alnumdash:165}}={{HEX:8}}'`,
		},
		NoMatch: []string{
			`JIRA_API_TOKEN=ATATT3xFfGF0...`,
			`JIRA_API_TOKEN=ATATT3xFfGF0{{alnumdash:40}}={{HEX:8}}`,
			`ATLASSIAN_API_TOKEN=ATATT3xFfGF0-EXAMPLE-NOT-A-REAL-TOKEN`,
		},
	},
	// https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/
	// Tokens made before 2023 are 24 base62 characters with no prefix.
	{
		ID: "atlassian-legacy-api-token", Provider: "atlassian", Title: "legacy API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"atlassian", "jira", "confluence"},
		Pattern:    psmSetting("atlassian|jira|confluence", `token|api[\w.-]?key`) + `([A-Za-z0-9]{24})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`JIRA_API_TOKEN={{an:24}}`,
			`  confluence_token: "{{an:24}}"`,
			`"atlassianApiKey": "{{an:24}}",`,
		},
		NoMatch: []string{
			`JIRA_API_TOKEN={{an:12}}`,
			`JIRA_PROJECT_KEY=PROJ`,
			`JIRA_API_TOKEN=your_api_token_goes_here`,
		},
	},

	// https://developers.asana.com/docs/personal-access-token
	// Personal access tokens: 0/<32 hex> (oldest), 1/<user id>:<32 hex>,
	// 2/<user id>/<app id>:<32 hex>.
	{
		ID: "asana-personal-access-token", Provider: "asana", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"asana"},
		Pattern:  `(?i:asana)[^\n]{0,100}?\b([12]/[0-9]{10,20}(?:/[0-9]{10,20})?:[0-9a-f]{32}|0/[0-9a-f]{32})\b`,
		Match: []string{
			`ASANA_ACCESS_TOKEN=1/{{dig:16}}:{{hex:32}}`,
			`client = asana.Client.access_token("2/{{dig:16}}/{{dig:16}}:{{hex:32}}")`,
			`  asana_pat: "0/{{hex:32}}"`,
		},
		NoMatch: []string{
			`ASANA_ACCESS_TOKEN=1/{{dig:16}}:{{hex:16}}`,
			`ASANA_WORKSPACE_ID={{dig:16}}`,
		},
	},

	// https://linear.app/developers/graphql#personal-api-keys
	{
		ID: "linear-api-key", Provider: "linear", Title: "personal API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"lin_api_"},
		Pattern:  `\b(lin_api_[A-Za-z0-9]{40})\b`,
		Match: []string{
			`LINEAR_API_KEY=lin_api_{{an:40}}`,
			`const linear = new LinearClient({ apiKey: "lin_api_{{an:40}}" });`,
		},
		NoMatch: []string{
			`LINEAR_API_KEY=lin_api_{{an:20}}`,
			`LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://linear.app/developers/oauth-2-0-authentication
	{
		ID: "linear-oauth-token", Provider: "linear", Title: "OAuth access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"lin_oauth_"},
		Pattern:  `\b(lin_oauth_[0-9a-f]{64})\b`,
		Match: []string{
			`LINEAR_OAUTH_TOKEN=lin_oauth_{{hex:64}}`,
			`{"access_token": "lin_oauth_{{hex:64}}", "token_type": "Bearer"}`,
		},
		NoMatch: []string{
			`LINEAR_OAUTH_TOKEN=lin_oauth_{{hex:32}}`,
			`// OAuth tokens start with lin_oauth_ and API keys with lin_api_`,
		},
	},

	// https://developers.notion.com/docs/authorization#internal-integration-auth-flow-set-up
	// Internal integration tokens are ntn_ and 46 base62 characters.
	{
		ID: "notion-integration-token", Provider: "notion", Title: "integration token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"ntn_"},
		Pattern:  `\b(ntn_[A-Za-z0-9]{46})\b`,
		Match: []string{
			`NOTION_TOKEN=ntn_{{dig:11}}{{an:35}}`,
			`notion = Client(auth="ntn_{{an:46}}")`,
		},
		NoMatch: []string{
			`NOTION_TOKEN=ntn_{{an:20}}`,
			`NOTION_TOKEN=ntn_your_internal_integration_token_here`,
		},
	},
	// https://developers.notion.com/docs/authorization: tokens issued
	// before September 2024 are secret_ and 43 base62 characters; the
	// prefix is a common word, so Notion must be named on the line.
	{
		ID: "notion-legacy-integration-token", Provider: "notion", Title: "legacy integration token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"notion"},
		Pattern:  `(?i:notion)[^\n]{0,100}?\b(secret_[A-Za-z0-9]{43})\b`,
		Match: []string{
			`NOTION_API_KEY=secret_{{an:43}}`,
			`const notion = new Client({ auth: "secret_{{an:43}}" });`,
		},
		NoMatch: []string{
			`NOTION_API_KEY=secret_{{an:20}}`,
			`notion_oauth = {"client_secret": "{{an:43}}"}`,
		},
	},

	// https://airtable.com/developers/web/guides/personal-access-tokens
	// pat, a 14-character token id, '.', 64 hex digits. "pat" is too
	// common a keyword, so Airtable must be named on the line.
	{
		ID: "airtable-personal-access-token", Provider: "airtable", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"airtable"},
		Pattern:  `\b(pat[A-Za-z0-9]{14}\.[0-9a-f]{64})\b`,
		Match: []string{
			`AIRTABLE_API_KEY=pat{{an:14}}.{{hex:64}}`,
			`base = Airtable(api_key="pat{{an:14}}.{{hex:64}}").base("app{{an:14}}")`,
		},
		NoMatch: []string{
			`AIRTABLE_API_KEY=pat{{an:14}}.{{hex:20}}`,
			`AIRTABLE_BASE_ID=app{{an:14}}`,
		},
	},

	// https://www.figma.com/developers/api#access-tokens
	// figd_ and 40 base64url characters.
	{
		ID: "figma-personal-access-token", Provider: "figma", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"figd_"},
		Pattern:  `\b(figd_[A-Za-z0-9_-]{40})` + psmEnd,
		Match: []string{
			`FIGMA_ACCESS_TOKEN=figd_{{b64u:40}}`,
			`curl -H "X-Figma-Token: figd_{{b64u:40}}" https://api.figma.com/v1/me`,
		},
		NoMatch: []string{
			`FIGMA_ACCESS_TOKEN=figd_{{b64u:20}}`,
			`FIGMA_ACCESS_TOKEN=figd_your_token_here`,
			`placeholder="figd_xxxxxxxxxxxxxxxxxx"`,
		},
	},

	// https://developers.dropbox.com/oauth-guide: short-lived access
	// tokens are sl. (now sl.u.) and a long base64url body, over a
	// kilobyte for sl.u., hence the window.
	{
		ID: "dropbox-short-lived-token", Provider: "dropbox", Title: "short-lived access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"sl."},
		Window:     1600,
		Pattern:    `\b(sl\.(?:u\.)?[A-Za-z0-9_-]{130,})` + psmEnd,
		MinEntropy: 4.5,
		Match: []string{
			`DROPBOX_ACCESS_TOKEN=sl.B{{b64u:137}}`,
			`dbx = dropbox.Dropbox("sl.u.AF{{b64u:1300}}")`,
			`{"access_token": "sl.u.AG{{b64u:900}}", "token_type": "bearer", "expires_in": 14400}`,
		},
		NoMatch: []string{
			`DROPBOX_ACCESS_TOKEN=sl.B{{b64u:40}}`,
			`ctx = ssl.create_default_context()`,
			`DROPBOX_ACCESS_TOKEN=sl.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://developers.dropbox.com/oauth-guide: long-lived tokens (no
	// longer issued) are 64 characters with a run of A's at position 11.
	// The shared placeholder filter rejects such runs, so the finding
	// covers the 43 random characters after it.
	{
		ID: "dropbox-long-lived-token", Provider: "dropbox", Title: "long-lived access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"dropbox"},
		Pattern:    `(?i:dropbox)[^\n]{0,100}?[^A-Za-z0-9_-][A-Za-z0-9_-]{11}A{9,10}([A-Za-z0-9_-]{43,44})` + psmEnd,
		MinEntropy: 4.0,
		Match: []string{
			`DROPBOX_ACCESS_TOKEN={{b64u:10}}zAAAAAAAAAA{{b64u:43}}`,
			`dbx = dropbox.Dropbox("{{b64u:10}}zAAAAAAAAAA{{b64u:43}}")`,
		},
		NoMatch: []string{
			`DROPBOX_ACCESS_TOKEN={{b64u:64}}`,
			`DROPBOX_APP_KEY={{lan:15}}`,
		},
	},

	// https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/application-only
	// App-only bearer tokens begin with a run of A's (zero bytes), a short
	// app segment and another run of A's, then URL-encoded random text.
	// The placeholder filter rejects runs of A's, so the finding covers
	// the random part after them.
	{
		ID: "twitter-bearer-token", Provider: "twitter", Title: "app-only bearer token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   twitterBearerKeywords(),
		Pattern:    `(?:^|[^A-Za-z0-9%])A{20,24}[B-Za-z0-9][A-Za-z0-9]{0,10}?A{3,10}([A-Za-z0-9%]{60,120})(?:[^A-Za-z0-9%]|$)`,
		MinEntropy: 4.5,
		Match: []string{
			`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA{{low:1}}{{an:3}}AAAAAAA{{an:24}}%2B{{an:10}}%3D{{an:50}}`,
			`client = tweepy.Client(bearer_token="AAAAAAAAAAAAAAAAAAAAA{{low:1}}{{an:5}}AAAAA{{an:30}}%3D{{an:50}}")`,
		},
		NoMatch: []string{
			`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA{{an:20}}`,
			`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://docs.x.com/resources/fundamentals/authentication/oauth-1-0a/api-key-and-secret
	// API key secrets are 50 base62 characters, access token secrets 45;
	// neither has a prefix.
	{
		ID: "twitter-api-secret", Provider: "twitter", Title: "API key or access token secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"twitter"},
		Pattern:    psmSetting("twitter", `secret`) + `([A-Za-z0-9]{45}(?:[A-Za-z0-9]{5})?)\b`,
		MinEntropy: 4.0,
		Match: []string{
			`TWITTER_API_SECRET={{an:50}}`,
			`twitter_access_token_secret = "{{an:45}}"`,
			`  twitterConsumerSecret: '{{an:50}}'`,
		},
		NoMatch: []string{
			`TWITTER_API_KEY={{an:25}}`,
			`TWITTER_API_SECRET={{an:30}}`,
			`TWITTER_API_SECRET=your_api_secret`,
		},
	},

	// https://developers.facebook.com/docs/facebook-login/guides/access-tokens
	// Graph API access tokens are EAA and a long base62 body; Meta, one of
	// its products or its abbreviation must come first on the line.
	{
		ID: "facebook-access-token", Provider: "facebook", Title: "Graph API access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"EAA"},
		// (?i:facebook|fb|meta|instagram|whatsapp|graph)[^\n]{0,100}?\b(EAA[A-Za-z0-9]{90,400})\b
		find: contextToken{prefix: "EAA", min: 90, max: 400, body: isAlnum, boundary: isWordByte,
			context: []string{"facebook", "fb", "meta", "instagram", "whatsapp", "graph"}, reach: 100 + len("whatsapp")},
		MinEntropy: 4.5,
		Match: []string{
			`FACEBOOK_ACCESS_TOKEN=EAA{{an:180}}`,
			`WHATSAPP_TOKEN=EAAG{{an:200}}`,
			`graph = facebook.GraphAPI(access_token="EAAB{{an:150}}")`,
		},
		NoMatch: []string{
			`FACEBOOK_ACCESS_TOKEN=EAA{{an:30}}`,
			`token = "EAA{{an:180}}"`,
			"FACEBOOK_PAGE_TOKEN=\\\nEAA{{an:180}}",
			`graph: "{{low:60}} {{low:60}} EAA{{an:180}}"`,
			`FACEBOOK_ACCESS_TOKEN=EAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://developers.facebook.com/docs/facebook-login/security#appsecret
	// App secrets are 32 hex digits with no prefix.
	{
		ID: "facebook-app-secret", Provider: "facebook", Title: "app secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"facebook", "fb_", "fbapp"},
		Pattern:    psmSetting("facebook|fb", `secret`) + `([0-9a-f]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`FACEBOOK_APP_SECRET={{hex:32}}`,
			`FB_APP_SECRET={{hex:32}}`,
			`  facebook_secret: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`FACEBOOK_APP_ID={{dig:15}}`,
			`FACEBOOK_APP_SECRET={{hex:16}}`,
			`FACEBOOK_APP_SECRET=your-app-secret`,
		},
	},

	// https://dev.twitch.tv/docs/authentication/register-app/ and
	// https://dev.twitch.tv/docs/irc/authenticate-bot/: client secrets and
	// OAuth tokens are 30 lowercase base36 characters (chat tokens carry
	// an "oauth:" prefix).
	{
		ID: "twitch-api-token", Provider: "twitch", Title: "client secret or OAuth token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"twitch"},
		Pattern:    psmSetting("twitch", `secret|token|oauth`) + `(?:oauth:)?([a-z0-9]{30})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`TWITCH_CLIENT_SECRET={{lan:30}}`,
			`TWITCH_OAUTH_TOKEN=oauth:{{lan:30}}`,
			`  twitch_token: "{{lan:30}}"`,
		},
		NoMatch: []string{
			`TWITCH_CLIENT_ID={{lan:30}}`,
			`TWITCH_CLIENT_SECRET={{lan:20}}`,
			`TWITCH_CLIENT_SECRET=your_client_secret`,
		},
	},

	// https://developers.zoom.us/docs/internal-apps/s2s-oauth/: client
	// secrets are 32 base62 characters with no prefix.
	{
		ID: "zoom-client-secret", Provider: "zoom", Title: "OAuth client secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"zoom"},
		Pattern:    psmSetting("zoom", `secret`) + `([A-Za-z0-9]{32})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`ZOOM_CLIENT_SECRET={{an:32}}`,
			`  zoom_secret: "{{an:32}}"`,
		},
		NoMatch: []string{
			`ZOOM_CLIENT_ID={{an:22}}`,
			`ZOOM_CLIENT_SECRET={{an:16}}`,
			`ZOOM_CLIENT_SECRET=your_client_secret`,
		},
	},
	// https://developers.zoom.us/docs/platform/build/jwt-app/: JWT app API
	// secrets (apps retired in 2023, secrets may still sit in code) are 36
	// base62 characters.
	{
		ID: "zoom-jwt-api-secret", Provider: "zoom", Title: "JWT app API secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"zoom"},
		Pattern:    psmSetting("zoom", `secret`) + `([A-Za-z0-9]{36})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`ZOOM_API_SECRET={{an:36}}`,
			`zoom_jwt_secret = '{{an:36}}'`,
		},
		NoMatch: []string{
			`ZOOM_API_KEY={{an:22}}`,
			`ZOOM_API_SECRET={{an:32}}`,
		},
	},

	// https://developers.intercom.com/docs/build-an-integration/learn-more/authentication
	// Access tokens are base64 of "tok:<id>" (dG9rO...); Intercom must be
	// named on the line, and the decoded prefix is checked.
	{
		ID: "intercom-access-token", Provider: "intercom", Title: "access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"dG9rO"},
		Pattern:  `(?i:intercom)[^\n]{0,100}?\b(dG9rO[A-Za-z0-9+/]{40,100}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		Check:    intercomToken,
		Match: []string{
			`INTERCOM_ACCESS_TOKEN={{b64of:tok:((hex:8))_((hex:4))_((hex:4))_((hex:4))_((hex:12)):1:0}}`,
			`intercom = Client(personal_access_token="{{b64of:tok:((hex:8))_((hex:4))_((hex:4))_((hex:4))_((hex:12)):1:0}}")`,
		},
		NoMatch: []string{
			`INTERCOM_ACCESS_TOKEN={{b64of:tok:((hex:4))}}`,
			`token = "{{b64of:tok:((hex:8))_((hex:4))_((hex:4))_((hex:4))_((hex:12)):1:0}}"`,
		},
	},

	// https://developers.hubspot.com/docs/api/private-apps
	// pat-<region>-<UUID>.
	{
		ID: "hubspot-private-app-token", Provider: "hubspot", Title: "private app access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"pat-na", "pat-eu", "pat-ap"},
		Pattern:  `\b(pat-(?:na|eu|ap)[0-9]{1,2}-` + psmUUID + `)\b`,
		Match: []string{
			`HUBSPOT_ACCESS_TOKEN=pat-na1-{{uuid}}`,
			`hubspot_client = HubSpot(access_token="pat-eu1-{{uuid}}")`,
		},
		NoMatch: []string{
			`HUBSPOT_ACCESS_TOKEN=pat-na1-{{hex:32}}`,
			`HUBSPOT_ACCESS_TOKEN=pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
		},
	},
	// https://developers.hubspot.com/docs/api/migrate-an-api-key-integration-to-a-private-app
	// Retired API keys ("hapikey") were UUIDs.
	{
		ID: "hubspot-api-key", Provider: "hubspot", Title: "legacy API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"hubspot", "hapikey"},
		Pattern:  `(?:` + psmSetting("hubspot", `key`) + `|(?i:hapikey)=)(` + psmUUID + `)\b`,
		Match: []string{
			`HUBSPOT_API_KEY={{uuid}}`,
			`requests.get("https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey={{uuid}}")`,
		},
		NoMatch: []string{
			`HUBSPOT_ACCESS_TOKEN=pat-na1-{{uuid}}`,
			`HUBSPOT_PORTAL_ID={{dig:8}}`,
		},
	},

	// https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token
	// API tokens are 40 base62 characters, used as "<email>/token:<token>".
	{
		ID: "zendesk-api-token", Provider: "zendesk", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"zendesk"},
		Pattern:    `(?:` + psmSetting("zendesk", `token|key`) + `|/token:)([A-Za-z0-9]{40})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`ZENDESK_API_TOKEN={{an:40}}`,
			`curl https://acme.zendesk.com/api/v2/tickets.json -u agent@acme.io/token:{{an:40}}`,
			`  zendesk_token: "{{an:40}}"`,
		},
		NoMatch: []string{
			`ZENDESK_API_TOKEN={{an:20}}`,
			`ZENDESK_SUBDOMAIN=acme`,
		},
	},

	// https://www.contentful.com/developers/docs/references/authentication/#the-content-management-api
	{
		ID: "contentful-personal-access-token", Provider: "contentful", Title: "Content Management API personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"CFPAT-"},
		Pattern:  `\b(CFPAT-[A-Za-z0-9_-]{43})` + psmEnd,
		Match: []string{
			`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-{{b64u:43}}`,
			`const client = contentful.createClient({ accessToken: 'CFPAT-{{b64u:43}}' })`,
		},
		NoMatch: []string{
			`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-{{b64u:20}}`,
			`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://www.contentful.com/developers/docs/references/authentication/#the-content-delivery-and-preview-api
	// Delivery and preview tokens (43 base64url characters, no prefix)
	// only read published or draft content.
	{
		ID: "contentful-delivery-token", Provider: "contentful", Title: "Content Delivery or Preview API token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords:   []string{"contentful"},
		Pattern:    psmSetting("contentful", `(?:delivery|preview|access)[\w.-]{0,8}?(?:token|key)`) + `([A-Za-z0-9_-]{43})` + psmEnd,
		MinEntropy: 4.0,
		Match: []string{
			`CONTENTFUL_DELIVERY_TOKEN={{b64u:43}}`,
			`CONTENTFUL_ACCESS_TOKEN={{b64u:43}}`,
			`  contentful_preview_token: "{{b64u:43}}"`,
		},
		NoMatch: []string{
			`CONTENTFUL_SPACE_ID={{lan:12}}`,
			`CONTENTFUL_ACCESS_TOKEN=CFPAT-{{b64u:43}}`,
			`CONTENTFUL_ACCESS_TOKEN={{b64u:20}}`,
		},
	},

	// https://www.typeform.com/developers/get-started/personal-access-token/
	{
		ID: "typeform-personal-access-token", Provider: "typeform", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"tfp_"},
		Pattern:  `\b(tfp_[A-Za-z0-9]{44}_[A-Za-z0-9]{14})\b`,
		Match: []string{
			`TYPEFORM_TOKEN=tfp_{{an:44}}_{{an:14}}`,
			`typeform = Typeform("tfp_{{an:44}}_{{an:14}}")`,
		},
		NoMatch: []string{
			`TYPEFORM_TOKEN=tfp_{{an:44}}`,
			`_Z3MinIiiEDTqultfp_fp0_cl7forwardIT_Efp_Ecl7forwardIT0_Efp0_EEOS0_OS1_`,
		},
	},

	// https://developer.clickup.com/docs/authentication#personal-token
	// pk_<user id>_<32 uppercase base36>; pk_ alone is too common a
	// keyword, so ClickUp must be named on the line.
	{
		ID: "clickup-personal-token", Provider: "clickup", Title: "personal API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"clickup"},
		Pattern:  `\b(pk_[0-9]{4,12}_[A-Z0-9]{32})\b`,
		Match: []string{
			`CLICKUP_API_TOKEN=pk_{{dig:8}}_{{uan:32}}`,
			`requests.get("https://api.clickup.com/api/v2/team", headers={"Authorization": "pk_{{dig:9}}_{{uan:32}}"})`,
		},
		NoMatch: []string{
			`CLICKUP_API_TOKEN=pk_{{dig:8}}_{{uan:16}}`,
			`STRIPE_PUBLISHABLE_KEY=pk_live_{{an:24}}`,
		},
	},

	// https://developer.monday.com/api-reference/docs/authentication
	// Personal API tokens are JWTs; monday.com must label them.
	{
		ID: "monday-api-token", Provider: "monday", Title: "personal API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"monday"},
		Pattern:  `(?:` + psmSetting("monday", `token|key`) + `|(?i:api\.monday\.com)[^\n]{0,200}?)(` + psmJWT + `)`,
		Match: []string{
			`MONDAY_API_TOKEN={{jwt}}`,
			`curl -X POST https://api.monday.com/v2 -H 'Authorization: {{jwt}}' -d '{"query":"{me{id}}"}'`,
		},
		NoMatch: []string{
			`MONDAY_API_TOKEN=` + `eyJhbGciOiJIUzI1NiJ9...`,
			`// every Monday, rotate {{jwt}}`,
		},
	},

	// https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/
	// User tokens are ATTA, 64 hex digits and an 8-hex-digit checksum
	// (older ones: 64 hex digits); the API key beside them is public.
	{
		ID: "trello-api-token", Provider: "trello", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"trello"},
		Pattern:    `(?i:trello)[^\n]{0,100}?\b(ATTA[0-9a-f]{64}[0-9A-F]{8}|[0-9a-f]{64})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`TRELLO_TOKEN=ATTA{{hex:64}}{{HEX:8}}`,
			`trello = TrelloClient(api_key=key, token="{{hex:64}}")`,
		},
		NoMatch: []string{
			`TRELLO_API_KEY={{hex:32}}`,
			`TRELLO_TOKEN=ATTA{{hex:20}}`,
			`TRELLO_BOARD_ID={{hex:24}}`,
		},
	},

	// https://developer.calendly.com/how-to-authenticate-with-personal-access-tokens
	// Personal access tokens are JWTs; Calendly must be named on the line.
	{
		ID: "calendly-personal-access-token", Provider: "calendly", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"calendly"},
		Pattern:  `(?i:calendly)[^\n]{0,100}?\b(` + psmJWT + `)`,
		Match: []string{
			`CALENDLY_API_TOKEN={{jwt}}`,
			`  calendly: { token: "{{jwt}}" }`,
		},
		NoMatch: []string{
			`CALENDLY_API_TOKEN=eyJraWQiOi...`,
			`CALENDLY_URL=https://calendly.com/acme/30min`,
		},
	},

	// https://learning.postman.com/docs/developer/postman-api/authentication/
	// PMAK-<24 hex>-<34 hex>.
	{
		ID: "postman-api-key", Provider: "postman", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"PMAK-"},
		Pattern:  `\b(PMAK-[0-9a-f]{24}-[0-9a-f]{34})\b`,
		Match: []string{
			`POSTMAN_API_KEY=PMAK-{{hex:24}}-{{hex:34}}`,
			`curl -H "X-Api-Key: PMAK-{{hex:24}}-{{hex:34}}" https://api.getpostman.com/me`,
		},
		NoMatch: []string{
			`POSTMAN_API_KEY=PMAK-{{hex:24}}`,
			`POSTMAN_API_KEY=PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},

	// https://docs.goshippo.com/docs/guides_general/authentication/
	{
		ID: "shippo-live-api-token", Provider: "shippo", Title: "live API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"shippo_live_"},
		Pattern:  `\b(shippo_live_[0-9a-f]{40})\b`,
		Match: []string{
			`SHIPPO_API_TOKEN=shippo_live_{{hex:40}}`,
			`shippo.config.api_key = "shippo_live_{{hex:40}}"`,
		},
		NoMatch: []string{
			`SHIPPO_API_TOKEN=shippo_live_{{hex:20}}`,
			`SHIPPO_API_TOKEN=shippo_live_xxx`,
		},
	},
	// https://docs.goshippo.com/docs/guides_general/authentication/
	{
		ID: "shippo-test-api-token", Provider: "shippo", Title: "test API token",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"shippo_test_"},
		Pattern:  `\b(shippo_test_[0-9a-f]{40})\b`,
		Match: []string{
			`SHIPPO_API_TOKEN=shippo_test_{{hex:40}}`,
			`headers: { Authorization: "ShippoToken shippo_test_{{hex:40}}" }`,
		},
		NoMatch: []string{
			`SHIPPO_API_TOKEN=shippo_test_{{hex:30}}`,
			`SHIPPO_API_TOKEN=shippo_test_...`,
		},
	},

	// https://help.lob.com/account-management/api-keys
	// Secret keys are live_ or test_ and 35 hex digits (as observed; Lob
	// does not document the length). "lob" is inside common words
	// (global, blob), so the keywords are the forms that name Lob.
	{
		ID: "lob-api-key", Provider: "lob", Title: "live secret API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"lob_", "lob-", "lob.com", "lob(", "lob:", "lob =", "\"lob\"", "'lob'"},
		Pattern:  `(?:^|[^A-Za-z])(?i:lob)[^\n]{0,100}?\b(live_[0-9a-f]{35})\b`,
		Match: []string{
			`LOB_API_KEY=live_{{hex:35}}`,
			`const lob = require('lob')('live_{{hex:35}}');`,
		},
		NoMatch: []string{
			`LOB_API_KEY=live_pub_{{hex:31}}`,
			`LOB_API_KEY=live_{{hex:20}}`,
			`blob_key = "live_{{hex:35}}"`,
		},
	},
	// https://help.lob.com/account-management/api-keys
	{
		ID: "lob-test-api-key", Provider: "lob", Title: "test secret API key",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"lob_", "lob-", "lob.com", "lob(", "lob:", "lob =", "\"lob\"", "'lob'"},
		Pattern:  `(?:^|[^A-Za-z])(?i:lob)[^\n]{0,100}?\b(test_[0-9a-f]{35})\b`,
		Match: []string{
			`LOB_API_KEY=test_{{hex:35}}`,
			`lob = Lob::Client.new(api_key: "test_{{hex:35}}")`,
		},
		NoMatch: []string{
			`LOB_API_KEY=test_pub_{{hex:31}}`,
			`LOB_API_KEY=test_{{hex:12}}`,
		},
	},

	// https://developers.freshdesk.com/api/#authentication
	// API keys are 20 base62 characters, sent as Basic "<key>:X".
	{
		ID: "freshdesk-api-key", Provider: "freshdesk", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"freshdesk"},
		Pattern:    `(?:` + psmSetting("freshdesk", `key|token`) + `|-u\s*["']?)([A-Za-z0-9]{20})(?::X)?\b`,
		MinEntropy: 3.0,
		Match: []string{
			`FRESHDESK_API_KEY={{an:20}}`,
			`curl -v -u {{an:20}}:X -H "Content-Type: application/json" https://acme.freshdesk.com/api/v2/tickets`,
		},
		NoMatch: []string{
			`FRESHDESK_API_KEY={{an:10}}`,
			`FRESHDESK_DOMAIN=acme.freshdesk.com`,
		},
	},

	// https://developers.webflow.com/data/reference/authentication
	// Site and workspace API tokens are 64 hex digits with no prefix.
	{
		ID: "webflow-api-token", Provider: "webflow", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"webflow"},
		Pattern:    psmSetting("webflow", `token|key`) + `([0-9a-f]{64})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`WEBFLOW_API_TOKEN={{hex:64}}`,
			`const webflow = new WebflowClient({ webflowToken: "{{hex:64}}" });`,
		},
		NoMatch: []string{
			`WEBFLOW_SITE_ID={{hex:24}}`,
			`WEBFLOW_API_TOKEN={{hex:32}}`,
		},
	},

	// https://developers.miro.com/reference/authorization-flow-for-expiring-access-tokens
	// Access and refresh tokens are base64url JSON naming the token's
	// origin ({"miro.origin":"eu01"}), '_' and a random part.
	{
		ID: "miro-access-token", Provider: "miro", Title: "OAuth access or refresh token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"eyJtaXJvLm9yaWdpbiI6"},
		Pattern:  `\b(eyJtaXJvLm9yaWdpbiI6[A-Za-z0-9_-]{30,80})` + psmEnd,
		// The two tokens in Miro's documentation.
		Examples: []string{
			"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_" + "o-P91OccaII0A63CDSK--x21xiI",
			"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_" + "-PIBKmE9rzQuL3bUeAvUEGFEhLk",
		},
		Match: []string{
			`MIRO_ACCESS_TOKEN=eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_{{b64u:27}}`,
			`{"access_token": "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_{{b64u:27}}", "token_type": "bearer"}`,
		},
		NoMatch: []string{
			`MIRO_ACCESS_TOKEN=eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_{{b64u:5}}`,
			`MIRO_ACCESS_TOKEN=` + `eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_` + `o-P91OccaII0A63CDSK--x21xiI`,
		},
	},
}
