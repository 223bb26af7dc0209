package detector

import (
	"bytes"
	"encoding/base64"
)

var _ = register(observabilityProviders, observabilityRules)

var observabilityProviders = []Provider{
	{
		ID: "datadog", Name: "Datadog", EnvVar: "DD_API_KEY",
		RotateURL: "https://app.datadoghq.com/organization-settings/api-keys",
		DocsURL:   "https://docs.datadoghq.com/account_management/api-app-keys/",
	},
	{
		ID: "new-relic", Name: "New Relic", EnvVar: "NEW_RELIC_API_KEY",
		RotateURL: "https://one.newrelic.com/api-keys",
		DocsURL:   "https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/",
	},
	{
		ID: "grafana", Name: "Grafana", EnvVar: "GRAFANA_SERVICE_ACCOUNT_TOKEN",
		RotateURL: "https://grafana.com/orgs/",
		DocsURL:   "https://grafana.com/docs/grafana/latest/administration/service-accounts/",
	},
	{
		ID: "sentry", Name: "Sentry", EnvVar: "SENTRY_AUTH_TOKEN",
		RotateURL: "https://sentry.io/settings/account/api/auth-tokens/",
		DocsURL:   "https://docs.sentry.io/account/auth-tokens/",
	},
	{
		ID: "pagerduty", Name: "PagerDuty", EnvVar: "PAGERDUTY_TOKEN",
		RotateURL: "https://support.pagerduty.com/main/docs/api-access-keys",
		DocsURL:   "https://developer.pagerduty.com/docs/authentication",
	},
	{
		ID: "algolia", Name: "Algolia", EnvVar: "ALGOLIA_API_KEY",
		RotateURL: "https://dashboard.algolia.com/account/api-keys",
		DocsURL:   "https://www.algolia.com/doc/guides/security/api-keys/",
	},
	{
		ID: "mapbox", Name: "Mapbox", EnvVar: "MAPBOX_ACCESS_TOKEN",
		RotateURL: "https://console.mapbox.com/account/access-tokens/",
		DocsURL:   "https://docs.mapbox.com/help/dive-deeper/access-tokens/",
	},
	{
		ID: "elastic", Name: "Elastic", EnvVar: "ELASTIC_API_KEY",
		RotateURL: "https://www.elastic.co/docs/deploy-manage/api-keys/elasticsearch-api-keys",
		DocsURL:   "https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-create-api-key",
	},
	{
		ID: "honeycomb", Name: "Honeycomb", EnvVar: "HONEYCOMB_API_KEY",
		RotateURL: "https://ui.honeycomb.io/account",
		DocsURL:   "https://docs.honeycomb.io/api/authentication",
	},
	{
		ID: "dynatrace", Name: "Dynatrace", EnvVar: "DT_API_TOKEN",
		RotateURL: "https://docs.dynatrace.com/docs/manage/access-control/access-tokens",
		DocsURL:   "https://docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication",
	},
	{
		ID: "splunk", Name: "Splunk", EnvVar: "SPLUNK_HEC_TOKEN",
		RotateURL: "https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector",
		DocsURL:   "https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector",
	},
	{
		ID: "launchdarkly", Name: "LaunchDarkly", EnvVar: "LAUNCHDARKLY_SDK_KEY",
		RotateURL: "https://app.launchdarkly.com/settings/projects",
		DocsURL:   "https://docs.launchdarkly.com/sdk/concepts/client-side-server-side#keys",
	},
	{
		ID: "segment", Name: "Segment", EnvVar: "SEGMENT_WRITE_KEY",
		RotateURL: "https://app.segment.com/",
		DocsURL:   "https://segment.com/docs/connections/find-writekey/",
	},
	{
		ID: "mixpanel", Name: "Mixpanel", EnvVar: "MIXPANEL_API_SECRET",
		RotateURL: "https://mixpanel.com/settings/project",
		DocsURL:   "https://docs.mixpanel.com/docs/orgs-and-projects/managing-projects#project-secret",
	},
	{
		ID: "rollbar", Name: "Rollbar", EnvVar: "ROLLBAR_ACCESS_TOKEN",
		RotateURL: "https://rollbar.com/settings/accounts/",
		DocsURL:   "https://docs.rollbar.com/reference/getting-started-1#authentication",
	},
	{
		ID: "bugsnag", Name: "BugSnag", EnvVar: "BUGSNAG_API_KEY",
		RotateURL: "https://app.bugsnag.com/settings/",
		DocsURL:   "https://docs.bugsnag.com/product/getting-started/#installing-bugsnag",
	},
	{
		ID: "loggly", Name: "Loggly", EnvVar: "LOGGLY_TOKEN",
		RotateURL: "https://documentation.solarwinds.com/en/success_center/loggly/content/admin/customer-token-authentication-token.htm",
		DocsURL:   "https://documentation.solarwinds.com/en/success_center/loggly/content/admin/customer-token-authentication-token.htm",
	},
	{
		ID: "logzio", Name: "Logz.io", EnvVar: "LOGZIO_TOKEN",
		RotateURL: "https://app.logz.io/#/dashboard/settings/manage-tokens",
		DocsURL:   "https://docs.logz.io/docs/user-guide/admin/authentication-tokens/",
	},
	{
		ID: "posthog", Name: "PostHog", EnvVar: "POSTHOG_PERSONAL_API_KEY",
		RotateURL: "https://app.posthog.com/settings/user-api-keys",
		DocsURL:   "https://posthog.com/docs/api#private-endpoint-authentication",
	},
}

// base64JSON reports whether the base64 text b (standard or URL alphabet,
// padded or not) decodes to something that opens a JSON object, as the
// payloads of Grafana and Sentry tokens do.
func base64JSON(b []byte) bool {
	raw, ok := decodeAnyBase64(b)
	return ok && bytes.HasPrefix(raw, []byte(`{"`))
}

func decodeAnyBase64(b []byte) ([]byte, bool) {
	s := string(bytes.TrimRight(b, "="))
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if raw, err := enc.DecodeString(s); err == nil {
			return raw, true
		}
	}
	return nil, false
}

// elasticAPIKey checks the encoded form of an Elasticsearch API key:
// base64 of "id:api_key", where the ID (20 characters today) and the key
// (22 characters today) are URL-safe base64 text.
func elasticAPIKey(b []byte) bool {
	raw, ok := decodeAnyBase64(b)
	if !ok {
		return false
	}
	id, key, found := bytes.Cut(raw, []byte(":"))
	if !found || len(id) < 16 || len(id) > 32 || len(key) < 20 || len(key) > 64 {
		return false
	}
	for _, part := range [][]byte{id, key} {
		for _, c := range part {
			if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// sentryOrgToken checks the payload of a Sentry organization token:
// "sntrys_", base64 JSON claims, "_", the secret.
func sentryOrgToken(b []byte) bool {
	body := bytes.TrimPrefix(b, []byte("sntrys_"))
	i := bytes.LastIndexByte(body, '_')
	return i > 0 && base64JSON(body[:i])
}

// honeycombIngestKeywords are the prefixes of Honeycomb ingest keys,
// "hc?ik_", where the third letter varies by key.
var honeycombIngestKeywords = func() []string {
	out := make([]string, 0, 26)
	for c := 'a'; c <= 'z'; c++ {
		out = append(out, "hc"+string(c)+"ik_")
	}
	return out
}()

var observabilityRules = []Rule{
	// https://docs.datadoghq.com/account_management/api-app-keys/ (API keys
	// are 32 hex digits, application keys 40, neither has a prefix)
	{
		ID: "datadog-api-key", Provider: "datadog", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"datadog", "dd_api_key", "dd-api-key", "dd_apikey"},
		Pattern:    assignedNear(`datadog|dd[_-]?api[_-]?key`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`DD_API_KEY={{hex:32}}`,
			`curl -H "DD-API-KEY: {{hex:32}}" https://api.datadoghq.com/api/v1/validate`,
			`  datadog_api_key: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`DD_API_KEY={{hex:40}}`,
			`DD_API_KEY=${DATADOG_API_KEY}`,
			`datadog_site = "datadoghq.eu"`,
		},
	},
	{
		ID: "datadog-app-key", Provider: "datadog", Title: "application key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"datadog", "dd_app_key", "dd-app-key", "dd_application_key", "dd-application-key"},
		Pattern:    assignedNear(`datadog|dd[_-]?app(?:lication)?[_-]?key`, `[a-f0-9]{40}`),
		MinEntropy: 3.0,
		Match: []string{
			`DD_APP_KEY={{hex:40}}`,
			`curl -H "DD-APPLICATION-KEY: {{hex:40}}" https://api.datadoghq.com/api/v1/dashboard`,
			`export DATADOG_APP_KEY="{{hex:40}}"`,
		},
		NoMatch: []string{
			`DD_APP_KEY={{hex:32}}`,
			`DD_APP_KEY=<your application key>`,
		},
	},
	// https://docs.datadoghq.com/account_management/api-app-keys/#client-tokens
	// (browser RUM and log collection: "pub" and 32 hex digits, public)
	{
		ID: "datadog-client-token", Provider: "datadog", Title: "client token",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"datadog", "dd_client_token", "clienttoken", "client_token"},
		Pattern:  assignedNear(`datadog|dd[_-]?client[_-]?token|client_?token`, `pub[a-f0-9]{32}`),
		Match: []string{
			`datadogRum.init({ applicationId: '{{uuid}}', clientToken: 'pub{{hex:32}}', site: 'datadoghq.com' })`,
			`DD_CLIENT_TOKEN=pub{{hex:32}}`,
		},
		NoMatch: []string{
			`clientToken: process.env.DD_CLIENT_TOKEN`,
			`DD_CLIENT_TOKEN=pub{{hex:20}}`,
		},
	},
	// https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#user-key
	// ("NRAK-" and 27 uppercase base36)
	{
		ID: "new-relic-user-api-key", Provider: "new-relic", Title: "user API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"NRAK-"},
		Pattern:  prefixedToken(`NRAK-[A-Z0-9]{27}`),
		Match: []string{
			`NEW_RELIC_API_KEY=NRAK-{{uan:27}}`,
			`curl -H "API-Key: NRAK-{{uan:27}}" https://api.newrelic.com/graphql`,
		},
		NoMatch: []string{
			`NEW_RELIC_API_KEY=NRAK-` + `XXXXXXXXXXXXXXXXXXXXXXXXXXX`,
			`NEW_RELIC_API_KEY=NRAK-{{uan:20}}`,
		},
	},
	// https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#insights-insert-key
	// ("NRII-" and 32 URL-safe characters; ingest only)
	{
		ID: "new-relic-insert-key", Provider: "new-relic", Title: "Insights insert key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"NRII-"},
		Pattern:  prefixedDashToken(`NRII-[A-Za-z0-9_-]{32}`),
		Match: []string{
			`NEW_RELIC_INSERT_KEY=NRII-{{alnumdash:32}}`,
			`headers.set("X-Insert-Key", "NRII-{{alnumdash:32}}");`,
		},
		NoMatch: []string{
			`NEW_RELIC_INSERT_KEY=NRII-{{an:10}}`,
			`An ingest insert key (NRII-...)`,
		},
	},
	// https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#browser-key
	// ("NRJS-" and 19 hex digits; served to every page that loads the agent)
	{
		ID: "new-relic-browser-key", Provider: "new-relic", Title: "browser key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"NRJS-"},
		Pattern:  prefixedToken(`NRJS-[a-f0-9]{19}`),
		Match: []string{
			`NREUM.loader_config={accountID:"{{dig:7}}",licenseKey:"NRJS-{{hex:19}}",applicationID:"{{dig:9}}"}`,
			`NEW_RELIC_BROWSER_KEY=NRJS-{{hex:19}}`,
		},
		NoMatch: []string{
			`NEW_RELIC_BROWSER_KEY=NRJS-{{hex:12}}`,
			`NEW_RELIC_BROWSER_KEY=NRJS-{{hex:30}}`,
		},
	},
	// https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#license-key
	// (40 characters ending in "NRAL"; EU keys start "eu01xx")
	{
		ID: "new-relic-license-key", Provider: "new-relic", Title: "license key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"NRAL"},
		Pattern:  prefixedToken(`[a-z0-9]{36}NRAL`),
		Match: []string{
			`NEW_RELIC_LICENSE_KEY={{hex:36}}NRAL`,
			`  license_key: eu01xx{{hex:30}}NRAL`,
			`newrelic.ini: license_key = {{hex:36}}NRAL`,
		},
		NoMatch: []string{
			`NEW_RELIC_LICENSE_KEY={{hex:30}}NRAL`,
			`NEW_RELIC_LICENSE_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxNRAL`,
		},
	},
	// https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/
	// ("glc_" and base64 JSON naming the org, the token and the region)
	{
		ID: "grafana-cloud-token", Provider: "grafana", Title: "Cloud access policy token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"glc_eyJ"},
		Pattern:  `(?:^|[^0-9A-Za-z_+/-])(glc_eyJ[A-Za-z0-9+/]{32,}={0,2})(?:[^A-Za-z0-9+/=_-]|$)`,
		Check:    func(b []byte) bool { return base64JSON(b[len("glc_"):]) },
		Match: []string{
			`GRAFANA_CLOUD_TOKEN=glc_{{b64of:{"o":"((dig:6))","n":"stack-((dig:6))-hm-write-ci","k":"((an:24))","m":{"r":"prod-us-east-0"}}`,
			`  password: "glc_{{b64of:{"o":"((dig:7))","n":"alloy-((lan:6))","k":"((an:24))","m":{"r":"prod-eu-west-2"}}"`,
		},
		NoMatch: []string{
			`GRAFANA_CLOUD_TOKEN=glc_...`,
			`GRAFANA_CLOUD_TOKEN=glc_eyJ{{b64:10}}`,
		},
	},
	// https://grafana.com/docs/grafana/latest/administration/service-accounts/
	// ("glsa_", 32 base62, "_", an 8-hex-digit checksum)
	{
		ID: "grafana-service-account-token", Provider: "grafana", Title: "service account token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"glsa_"},
		Pattern:  prefixedToken(`glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}`),
		Match: []string{
			`GRAFANA_SERVICE_ACCOUNT_TOKEN=glsa_{{an:32}}_{{hex:8}}`,
			`grafana_auth = "glsa_{{an:32}}_{{hex:8}}"`,
		},
		NoMatch: []string{
			`GRAFANA_SERVICE_ACCOUNT_TOKEN=glsa_{{an:32}}`,
			`GRAFANA_SERVICE_ACCOUNT_TOKEN=glsa_...`,
		},
	},
	// https://grafana.com/docs/grafana/latest/developers/http_api/auth/ (API
	// keys, replaced by service accounts: base64 of {"k":...,"n":...,"id":N})
	{
		ID: "grafana-api-key", Provider: "grafana", Title: "API key (legacy)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"eyJrIjoi"},
		Pattern:  `(?:^|[^0-9A-Za-z_+/-])(eyJrIjoi[A-Za-z0-9+/]{40,}={0,2})(?:[^A-Za-z0-9+/=_-]|$)`,
		Check:    base64JSON,
		Match: []string{
			`GRAFANA_API_KEY={{b64of:{"k":"((an:32))","n":"ci-deploy","id":((dig:1))}}`,
			`grafana_api_key: "{{b64of:{"k":"((an:32))","n":"provisioning","id":1((dig:2))}}"`,
		},
		NoMatch: []string{
			`GRAFANA_API_KEY=eyJrIjoi`,
			`GRAFANA_API_KEY=eyJrIjoi{{b64:8}}`,
		},
	},
	// https://docs.sentry.io/account/auth-tokens/#user-auth-tokens ("sntryu_"
	// and 64 hex digits)
	{
		ID: "sentry-user-auth-token", Provider: "sentry", Title: "user auth token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sntryu_"},
		Pattern:  prefixedToken(`sntryu_[a-f0-9]{64}`),
		Match: []string{
			`SENTRY_AUTH_TOKEN=sntryu_{{hex:64}}`,
			`  auth_token: sntryu_{{hex:64}}`,
		},
		NoMatch: []string{
			`SENTRY_AUTH_TOKEN=sntryu_{{hex:40}}`,
			`SENTRY_AUTH_TOKEN=sntryu_...`,
		},
	},
	// https://docs.sentry.io/account/auth-tokens/#organization-auth-tokens
	// ("sntrys_", base64 JSON claims, "_", the secret)
	{
		ID: "sentry-org-auth-token", Provider: "sentry", Title: "organization auth token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sntrys_eyJ"},
		Pattern:  `(?:^|[^0-9A-Za-z_+/-])(sntrys_eyJ[A-Za-z0-9+/]{20,}={0,2}_[A-Za-z0-9+/]{43})(?:[^A-Za-z0-9+/=_-]|$)`,
		Check:    sentryOrgToken,
		Match: []string{
			`SENTRY_AUTH_TOKEN=sntrys_{{b64of:{"iat":17((dig:8)).5,"url":"https://sentry.io","region_url":"https://us.sentry.io","org":"acme-((lan:4))"}}_{{b64:43}}`,
			`authToken: "sntrys_{{b64of:{"iat":17((dig:8)).0,"url":"https://sentry.io","region_url":"https://de.sentry.io","org":"shop"}}_{{b64:43}}",`,
		},
		NoMatch: []string{
			`SENTRY_AUTH_TOKEN=sntrys_...`,
			`SENTRY_AUTH_TOKEN=sntrys_eyJ{{b64:40}}`,
		},
	},
	// https://docs.sentry.io/concepts/key-terms/dsn-explainer/ (the DSN's
	// public key only lets a client submit events: it is meant to ship in
	// browser and mobile code)
	{
		ID: "sentry-dsn", Provider: "sentry", Title: "DSN",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"sentry.io"},
		Pattern:  `https://([a-f0-9]{32})@o[0-9]+\.ingest\.(?:[a-z]{2}\.)?sentry\.io/[0-9]+`,
		Match: []string{
			`SENTRY_DSN=https://{{hex:32}}@o{{dig:6}}.ingest.sentry.io/{{dig:7}}`,
			`Sentry.init({ dsn: "https://{{hex:32}}@o{{dig:6}}.ingest.us.sentry.io/{{dig:7}}" });`,
		},
		NoMatch: []string{
			`SENTRY_DSN=https://<key>@o0.ingest.sentry.io/0`,
			`SENTRY_DSN=https://{{hex:20}}@o{{dig:6}}.ingest.sentry.io/{{dig:7}}`,
		},
	},
	// https://docs.sentry.io/concepts/key-terms/dsn-explainer/ (DSNs of
	// older SDKs also carried the project's secret key: public:secret@host)
	{
		ID: "sentry-dsn-secret-key", Provider: "sentry", Title: "DSN secret key (legacy)",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"sentry"},
		Pattern:  `https?://[a-f0-9]{32}:([a-f0-9]{32})@[\w.-]*sentry[\w.-]*(?::[0-9]+)?/[0-9]+`,
		Match: []string{
			`SENTRY_DSN=https://{{hex:32}}:{{hex:32}}@sentry.io/{{dig:6}}`,
			`RAVEN_CONFIG = {"dsn": "https://{{hex:32}}:{{hex:32}}@sentry.internal.net/{{dig:2}}"}`,
		},
		NoMatch: []string{
			`SENTRY_DSN=https://{{hex:32}}@o{{dig:6}}.ingest.sentry.io/{{dig:7}}`,
			`SENTRY_DSN=https://public:secret@sentry.io/1`,
		},
	},
	// https://support.pagerduty.com/main/docs/api-access-keys (REST API
	// keys and user tokens, "u+" and 18 more, are 20 characters; the API
	// takes them as "Authorization: Token token=KEY")
	{
		ID: "pagerduty-api-key", Provider: "pagerduty", Title: "REST API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"pagerduty", "token token="},
		Pattern:    `(?:(?i:pagerduty)(?:[\w.-]{0,30}?|[^\n]{0,80}?(?i:key|token)[\w.-]{0,10}?)["'\x60]?\s*(?::=|=>|[:=,(])\s*["'\x60]?|(?i:token\s+token=))([A-Za-z0-9_+-]{20})(?:[^A-Za-z0-9_+=-]|$)`,
		MinEntropy: 3.5,
		Match: []string{
			`PAGERDUTY_TOKEN={{an:20}}`,
			`curl -H "Authorization: Token token={{an:16}}_{{an:3}}" https://api.pagerduty.com/incidents`,
			`pagerduty_user_token: "u+{{alnumdash:18}}"`,
		},
		NoMatch: []string{
			`PAGERDUTY_TOKEN={{an:32}}`,
			`curl -H "Authorization: Token token=${PAGERDUTY_TOKEN}" https://api.pagerduty.com/users`,
			`pagerduty_service = "P{{uan:6}}"`,
		},
	},
	// https://developer.pagerduty.com/docs/events-api-v2/overview/ (the
	// routing key of an Events API v2 integration: 32 characters; it can
	// only open and resolve incidents)
	{
		ID: "pagerduty-integration-key", Provider: "pagerduty", Title: "Events API integration key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords:   []string{"pagerduty", "routing_key"},
		Pattern:    assignedNear(`pagerduty|routing_key`, `[A-Za-z0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`PAGERDUTY_INTEGRATION_KEY={{hex:32}}`,
			`{"routing_key": "{{hex:32}}", "event_action": "trigger", "payload": {"summary": "disk full"}}`,
		},
		NoMatch: []string{
			`PAGERDUTY_INTEGRATION_KEY={{hex:20}}`,
			`"routing_key": "$PD_ROUTING_KEY"`,
		},
	},
	// https://www.algolia.com/doc/guides/security/api-keys/#admin-api-key
	// (32 hex digits; the name says which key it is). The admin and search
	// rules claim the same span as algolia-api-key and are listed first.
	{
		ID: "algolia-admin-api-key", Provider: "algolia", Title: "Admin API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"algolia"},
		Pattern:    assignedNear(`algolia[\w.-]{0,20}?(?:admin|write)`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`ALGOLIA_ADMIN_API_KEY={{hex:32}}`,
			`  algolia_write_key: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`ALGOLIA_ADMIN_API_KEY={{hex:30}}`,
			`ALGOLIA_SEARCH_API_KEY={{hex:32}}`,
		},
	},
	// https://www.algolia.com/doc/guides/security/api-keys/#search-only-api-key
	{
		ID: "algolia-search-api-key", Provider: "algolia", Title: "search-only API key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords:   []string{"algolia"},
		Pattern:    assignedNear(`algolia[\w.-]{0,20}?search`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`NEXT_PUBLIC_ALGOLIA_SEARCH_API_KEY={{hex:32}}`,
			`const algoliaSearchKey = "{{hex:32}}";`,
		},
		NoMatch: []string{
			`ALGOLIA_SEARCH_API_KEY=${ALGOLIA_SEARCH_API_KEY}`,
			`ALGOLIA_ADMIN_API_KEY={{hex:32}}`,
		},
	},
	// https://www.algolia.com/doc/guides/security/api-keys/ (a key whose
	// name does not say its rights: treated as a secret)
	{
		ID: "algolia-api-key", Provider: "algolia", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"algolia"},
		Pattern:    assignedNear(`algolia`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`ALGOLIA_API_KEY={{hex:32}}`,
			`  algolia_key: {{hex:32}}`,
		},
		NoMatch: []string{
			`ALGOLIA_APP_ID={{uan:10}}`,
			`ALGOLIA_API_KEY={{hex:24}}`,
		},
	},
	// https://docs.mapbox.com/help/dive-deeper/access-tokens/#token-format
	// ("sk." secret and "pk." public tokens: a JWT-like "eyJ..." payload and
	// a signature)
	{
		ID: "mapbox-secret-token", Provider: "mapbox", Title: "secret access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sk.eyJ"},
		Pattern:  `(?:^|[^0-9A-Za-z_.-])(sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_.-]|$)`,
		Match: []string{
			`MAPBOX_DOWNLOADS_TOKEN=sk.eyJ1Ijoi{{alnumdash:40}}.{{alnumdash:22}}`,
			`const mapboxSecretToken = "sk.eyJ1Ijoi{{alnumdash:50}}.{{alnumdash:22}}";`,
		},
		NoMatch: []string{
			`MAPBOX_DOWNLOADS_TOKEN=sk.eyJ...`,
			`MAPBOX_DOWNLOADS_TOKEN=sk.eyJ1Ijoi{{alnumdash:40}}`,
		},
	},
	{
		ID: "mapbox-public-token", Provider: "mapbox", Title: "public access token",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"pk.eyJ"},
		Pattern:  `(?:^|[^0-9A-Za-z_.-])(pk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_.-]|$)`,
		Match: []string{
			`mapboxgl.accessToken = 'pk.eyJ1Ijoi{{alnumdash:40}}.{{alnumdash:22}}';`,
			`NEXT_PUBLIC_MAPBOX_TOKEN=pk.eyJ1Ijoi{{alnumdash:44}}.{{alnumdash:22}}`,
		},
		NoMatch: []string{
			`NEXT_PUBLIC_MAPBOX_TOKEN=pk.eyJ...`,
			`NEXT_PUBLIC_MAPBOX_TOKEN=pk.eyJ1Ijoi{{alnumdash:40}}.{{alnumdash:8}}`,
		},
	},
	// https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-security-create-api-key
	// (the "encoded" value: base64 of "id:api_key")
	{
		ID: "elastic-api-key", Provider: "elastic", Title: "Elasticsearch API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"elastic", "es_api_key"},
		Pattern:  `(?i:elastic|\bes_api_key)(?:[\w.-]{0,30}?|[^\n]{0,80}?(?i:key)[\w.-]{0,10}?)["'\x60]?\s*(?::=|=>|[:=,(])\s*["'\x60]?([A-Za-z0-9+/]{40,120}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		Check:    elasticAPIKey,
		Match: []string{
			`ELASTIC_API_KEY={{b64of:((alnumdash:20)):((alnumdash:22))}}`,
			`es = Elasticsearch("https://search-{{lan:6}}.es.us-east-1.aws.elastic.cloud:443", api_key="{{b64of:((alnumdash:20)):((alnumdash:22))}}")`,
			`  elasticsearch_api_key: "{{b64of:((alnumdash:20)):((alnumdash:22))}}"`,
		},
		NoMatch: []string{
			`ELASTIC_API_KEY={{b64of:user:password}}`,
			`ELASTIC_API_KEY={{b64:60}}`,
			`ELASTIC_API_KEY=${ELASTIC_API_KEY}`,
		},
	},
	// https://docs.honeycomb.io/api/authentication (ingest keys are the key
	// ID, "hc?ik_" and 26 characters, followed by a 32-character secret)
	{
		ID: "honeycomb-ingest-key", Provider: "honeycomb", Title: "ingest key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: honeycombIngestKeywords,
		Pattern:  prefixedToken(`hc[a-z]ik_[A-Za-z0-9]{58}`),
		Match: []string{
			`HONEYCOMB_API_KEY=hcaik_{{lan:58}}`,
			`OTEL_EXPORTER_OTLP_HEADERS="x-honeycomb-team=hcxik_{{lan:58}}"`,
		},
		NoMatch: []string{
			`HONEYCOMB_API_KEY=hcaik_{{lan:26}}`,
			`HONEYCOMB_API_KEY=hcxik_...`,
		},
	},
	// https://docs.honeycomb.io/api/authentication (configuration keys are
	// 22 characters, Classic keys 32 hex digits, neither prefixed)
	{
		ID: "honeycomb-api-key", Provider: "honeycomb", Title: "configuration or Classic API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"honeycomb"},
		Pattern:    assignedNear(`honeycomb`, `[A-Za-z0-9]{22}|[a-f0-9]{32}`),
		MinEntropy: 3.2,
		Match: []string{
			`HONEYCOMB_API_KEY={{an:22}}`,
			`curl -H "X-Honeycomb-Team: {{hex:32}}" https://api.honeycomb.io/1/auth`,
			`  honeycomb_writekey: "{{an:22}}"`,
		},
		NoMatch: []string{
			`HONEYCOMB_API_KEY=hcaik_{{lan:58}}`,
			`HONEYCOMB_DATASET=frontend-{{lan:6}}`,
			`HONEYCOMB_API_KEY={{an:26}}`,
		},
	},
	// https://docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication#token-format
	// ("dt0c01.", a 24-character public ID, ".", a 64-character secret)
	{
		ID: "dynatrace-api-token", Provider: "dynatrace", Title: "access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"dt0c01."},
		Pattern:  prefixedToken(`dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}`),
		Match: []string{
			`DT_API_TOKEN=dt0c01.{{uan:24}}.{{uan:64}}`,
			`    Authorization: "Api-Token dt0c01.{{uan:24}}.{{uan:64}}"`,
		},
		NoMatch: []string{
			`DT_API_TOKEN=dt0c01.XXXXXXXX.YYYYYYYY`,
			`DT_API_TOKEN=dt0c01.{{uan:24}}.{{uan:40}}`,
		},
	},
	// https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector
	// (HEC tokens are UUIDs, sent as "Authorization: Splunk TOKEN")
	{
		ID: "splunk-hec-token", Provider: "splunk", Title: "HTTP Event Collector token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"splunk"},
		Pattern:  `(?i:splunk)(?:[\w.-]{0,30}?["'\x60]?\s*(?::=|=>|[:=,(])\s*["'\x60]?|\s+|[^\n]{0,80}?(?i:token)[\w.-]{0,10}?["'\x60]?\s*[:=]\s*["'\x60]?)(` + uuidBody + `)(?:[^0-9A-Za-z_-]|$)`,
		Match: []string{
			`SPLUNK_HEC_TOKEN={{uuid}}`,
			`curl -k https://splunk.internal:8088/services/collector -H "Authorization: Splunk {{UUID}}" -d '{"event": "hello"}'`,
			`  splunk_hec: { token: "{{uuid}}" }`,
		},
		NoMatch: []string{
			`SPLUNK_HEC_TOKEN=${HEC_TOKEN}`,
			`SPLUNK_INDEX=main`,
		},
	},
	// https://docs.launchdarkly.com/sdk/concepts/client-side-server-side#keys
	// (server-side SDK keys are "sdk-" and a UUID)
	{
		ID: "launchdarkly-sdk-key", Provider: "launchdarkly", Title: "server-side SDK key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"launchdarkly", "launch_darkly", "ld_sdk_key", "ld-sdk-key", "ldsdkkey"},
		Pattern:  assignedNear(`launch_?darkly|ld[_-]?sdk[_-]?key`, `sdk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`),
		Match: []string{
			`LAUNCHDARKLY_SDK_KEY=sdk-{{uuid}}`,
			`launchDarklyClient = LaunchDarkly.init("sdk-{{uuid}}");`,
			`  LD_SDK_KEY: "sdk-{{uuid}}"`,
		},
		NoMatch: []string{
			`LAUNCHDARKLY_SDK_KEY=sdk-...`,
			`launchdarkly_sdk_version = "sdk-{{hex:8}}"`,
		},
	},
	// https://docs.launchdarkly.com/home/account/api (API access tokens are
	// "api-" and a UUID)
	{
		ID: "launchdarkly-api-token", Provider: "launchdarkly", Title: "API access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"launchdarkly", "launch_darkly", "ld_api_key", "ld_access_token", "ld-api-key"},
		Pattern:  assignedNear(`launch_?darkly|ld[_-]?(?:api[_-]?key|access[_-]?token)`, `api-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`),
		Match: []string{
			`LAUNCHDARKLY_ACCESS_TOKEN=api-{{uuid}}`,
			`provider "launchdarkly" { access_token = "api-{{uuid}}" }`,
		},
		NoMatch: []string{
			`LAUNCHDARKLY_ACCESS_TOKEN=api-...`,
			`launchdarkly_base_url = "https://app.launchdarkly.com"`,
		},
	},
	// https://docs.launchdarkly.com/sdk/concepts/client-side-server-side#mobile-keys
	// (mobile keys, "mob-" and a UUID, ship inside apps)
	{
		ID: "launchdarkly-mobile-key", Provider: "launchdarkly", Title: "mobile key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"launchdarkly", "launch_darkly", "ld_mobile_key", "ld-mobile-key", "ldmobilekey"},
		Pattern:  assignedNear(`launch_?darkly|ld[_-]?mobile[_-]?key`, `mob-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`),
		Match: []string{
			`LAUNCHDARKLY_MOBILE_KEY=mob-{{uuid}}`,
			`let ldMobileKey = "mob-{{uuid}}"`,
		},
		NoMatch: []string{
			`LAUNCHDARKLY_MOBILE_KEY=mob-...`,
			`LD_MOBILE_KEY=mob-{{hex:8}}`,
		},
	},
	// https://segment.com/docs/connections/find-writekey/ (32 base62, no
	// prefix; a write key can only send data into its source)
	{
		ID: "segment-write-key", Provider: "segment", Title: "write key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords:   []string{"segment_write", "segment-write", "segmentwrite", "segment_key", "segment-key", "segmentkey", "segment_api_key"},
		Pattern:    assignedNear(`segment[_-]?(?:write|api)?[_-]?key`, `[A-Za-z0-9]{32}`),
		MinEntropy: 3.5,
		Match: []string{
			`SEGMENT_WRITE_KEY={{an:32}}`,
			`const segmentWriteKey = "{{an:32}}";`,
		},
		NoMatch: []string{
			`SEGMENT_WRITE_KEY=${SEGMENT_WRITE_KEY}`,
			`SEGMENT_WRITE_KEY={{an:20}}`,
		},
	},
	// https://docs.mixpanel.com/docs/orgs-and-projects/managing-projects#project-secret
	// (32 hex digits). Listed before mixpanel-project-token, which matches
	// the same span.
	{
		ID: "mixpanel-api-secret", Provider: "mixpanel", Title: "project API secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"mixpanel"},
		Pattern:    assignedNear(`mixpanel[\w.-]{0,20}?secret`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`MIXPANEL_API_SECRET={{hex:32}}`,
			`  mixpanel_secret: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`MIXPANEL_API_SECRET={{hex:28}}`,
			`MIXPANEL_TOKEN={{hex:32}}`,
		},
	},
	// https://docs.mixpanel.com/docs/orgs-and-projects/managing-projects (the
	// project token identifies the project to client SDKs and is public)
	{
		ID: "mixpanel-project-token", Provider: "mixpanel", Title: "project token",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords:   []string{"mixpanel"},
		Pattern:    `(?i:mixpanel)(?:\.init\(\s*|[\w.-]{0,30}?["'\x60]?\s*(?::=|=>|[:=,])\s*)["'\x60]?([a-f0-9]{32})(?:[^0-9A-Za-z_-]|$)`,
		MinEntropy: 3.0,
		Match: []string{
			`mixpanel.init("{{hex:32}}", {track_pageview: true});`,
			`MIXPANEL_TOKEN={{hex:32}}`,
		},
		NoMatch: []string{
			`mixpanel.init(process.env.MIXPANEL_TOKEN)`,
			`MIXPANEL_TOKEN={{hex:31}}`,
		},
	},
	// https://docs.rollbar.com/docs/access-tokens (project access tokens are
	// 32 hex digits)
	{
		ID: "rollbar-access-token", Provider: "rollbar", Title: "access token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords:   []string{"rollbar"},
		Pattern:    assignedNear(`rollbar`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`ROLLBAR_ACCESS_TOKEN={{hex:32}}`,
			`rollbar.init("{{hex:32}}", environment="production")`,
			`  rollbar_access_token: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`ROLLBAR_ACCESS_TOKEN={{hex:36}}`,
			`rollbar_environment = "production"`,
		},
	},
	// https://docs.bugsnag.com/product/getting-started/ (the notifier API
	// key, 32 hex digits, is compiled into every app that reports errors
	// and only lets it submit them, like a Sentry DSN)
	{
		ID: "bugsnag-api-key", Provider: "bugsnag", Title: "notifier API key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords:   []string{"bugsnag"},
		Pattern:    assignedNear(`bugsnag`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`BUGSNAG_API_KEY={{hex:32}}`,
			`Bugsnag.start({ apiKey: '{{hex:32}}' })`,
			`  bugsnag_api_key: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`BUGSNAG_API_KEY={{hex:16}}`,
			`bugsnag_release_stage = "staging"`,
		},
	},
	// https://documentation.solarwinds.com/en/success_center/loggly/content/admin/customer-token-authentication-token.htm
	// (customer tokens are UUIDs, also seen in input URLs)
	{
		ID: "loggly-customer-token", Provider: "loggly", Title: "customer token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"loggly"},
		Pattern:  `(?i:loggly)(?:[\w.-]{0,30}?["'\x60]?\s*(?::=|=>|[:=,(])\s*["'\x60]?|\.com/(?:inputs|bulk)/|[^\n]{0,80}?(?i:token)[\w.-]{0,10}?["'\x60]?\s*[:=]\s*["'\x60]?)(` + uuidBody + `)(?:[^0-9A-Za-z_-]|$)`,
		Match: []string{
			`LOGGLY_TOKEN={{uuid}}`,
			`curl -d "hello" https://logs-01.loggly.com/inputs/{{uuid}}/tag/http/`,
		},
		NoMatch: []string{
			`LOGGLY_TOKEN=${LOGGLY_TOKEN}`,
			`LOGGLY_SUBDOMAIN=acme`,
		},
	},
	// https://docs.logz.io/docs/user-guide/admin/authentication-tokens/
	// (shipping tokens are 32 letters)
	{
		ID: "logzio-shipping-token", Provider: "logzio", Title: "data shipping token",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords:   []string{"logz.io", "logzio", "logz_io", "logz-io"},
		Pattern:    assignedNear(`logz[_.-]?io`, `[A-Za-z]{32}`),
		MinEntropy: 3.5,
		Match: []string{
			`LOGZIO_TOKEN={{low:10}}{{up:12}}{{low:10}}`,
			`url = "https://listener.logz.io:8071/?token={{up:16}}{{low:16}}&type=nginx"`,
		},
		NoMatch: []string{
			`LOGZIO_TOKEN=${LOGZIO_TOKEN}`,
			`LOGZIO_TOKEN={{low:20}}`,
		},
	},
	// https://docs.logz.io/docs/user-guide/admin/authentication-tokens/api-tokens/
	// (API tokens are UUIDs)
	{
		ID: "logzio-api-token", Provider: "logzio", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"logz.io", "logzio", "logz_io", "logz-io"},
		Pattern:  assignedNear(`logz[_.-]?io[\w.-]{0,20}?api`, uuidBody),
		Match: []string{
			`LOGZIO_API_TOKEN={{uuid}}`,
			`  logzio_api_token: "{{uuid}}"`,
		},
		NoMatch: []string{
			`LOGZIO_API_TOKEN=${LOGZIO_API_TOKEN}`,
			`LOGZIO_API_URL=https://api.logz.io/v1`,
		},
	},
	// https://posthog.com/docs/api#private-endpoint-authentication (personal
	// API keys are "phx_" and 43 base62, the observed shape)
	{
		ID: "posthog-personal-api-key", Provider: "posthog", Title: "personal API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"phx_"},
		Pattern:  prefixedToken(`phx_[A-Za-z0-9]{40,50}`),
		Match: []string{
			`POSTHOG_PERSONAL_API_KEY=phx_{{an:43}}`,
			`headers = {"Authorization": "Token phx_{{an:43}}"}`,
		},
		NoMatch: []string{
			`POSTHOG_PERSONAL_API_KEY=phx_...`,
			`<div phx_click="save" phx_target="{{lan:8}}">`,
		},
	},
	// https://posthog.com/docs/api#public-endpoint-authentication (project
	// API keys, "phc_", are written into every page that loads PostHog)
	{
		ID: "posthog-project-api-key", Provider: "posthog", Title: "project API key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"phc_"},
		Pattern:  prefixedToken(`phc_[A-Za-z0-9]{40,50}`),
		Match: []string{
			`NEXT_PUBLIC_POSTHOG_KEY=phc_{{an:43}}`,
			`posthog.init('phc_{{an:43}}', { api_host: 'https://us.i.posthog.com' })`,
		},
		NoMatch: []string{
			`NEXT_PUBLIC_POSTHOG_KEY=phc_YOUR_PROJECT_KEY_HERE`,
			`NEXT_PUBLIC_POSTHOG_KEY=phc_{{an:20}}`,
		},
	},
}
