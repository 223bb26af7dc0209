package detector

import "encoding/base64"

// Chat, e-mail, SMS and push-notification services.

var _ = register(messagingProviders, messagingRules)

var messagingProviders = []Provider{
	{
		ID: "nats", Name: "NATS", EnvVar: "NATS_NKEY_SEED",
		// An nkey is replaced by generating a new pair (nsc or nk -gen)
		// and swapping the public key in the server or account config.
		RotateURL: "https://docs.nats.io/running-a-nats-service/configuration/securing_nats/auth_intro/nkey_auth",
		DocsURL:   "https://docs.nats.io/running-a-nats-service/nats_admin/security/jwt#nkeys",
	},
	{
		ID: "slack", Name: "Slack", EnvVar: "SLACK_BOT_TOKEN",
		RotateURL: "https://api.slack.com/apps",
		DocsURL:   "https://api.slack.com/concepts/token-types",
	},
	{
		ID: "discord", Name: "Discord", EnvVar: "DISCORD_TOKEN",
		RotateURL: "https://discord.com/developers/applications",
		DocsURL:   "https://discord.com/developers/docs/reference#authentication",
	},
	{
		ID: "telegram", Name: "Telegram Bot API", EnvVar: "TELEGRAM_BOT_TOKEN",
		RotateURL: "https://t.me/BotFather",
		DocsURL:   "https://core.telegram.org/bots/api#authorizing-your-bot",
	},
	{
		ID: "twilio", Name: "Twilio", EnvVar: "TWILIO_AUTH_TOKEN",
		RotateURL: "https://console.twilio.com/us1/account/keys-credentials/api-keys",
		DocsURL:   "https://www.twilio.com/docs/iam/api-keys",
	},
	{
		ID: "sendgrid", Name: "SendGrid", EnvVar: "SENDGRID_API_KEY",
		RotateURL: "https://app.sendgrid.com/settings/api_keys",
		DocsURL:   "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys",
	},
	{
		ID: "mailgun", Name: "Mailgun", EnvVar: "MAILGUN_API_KEY",
		RotateURL: "https://app.mailgun.com/settings/api_security",
		DocsURL:   "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication",
	},
	{
		ID: "mailchimp", Name: "Mailchimp", EnvVar: "MAILCHIMP_API_KEY",
		RotateURL: "https://us1.admin.mailchimp.com/account/api/",
		DocsURL:   "https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key",
	},
	{
		ID: "postmark", Name: "Postmark", EnvVar: "POSTMARK_SERVER_TOKEN",
		RotateURL: "https://account.postmarkapp.com/servers",
		DocsURL:   "https://postmarkapp.com/developer/api/overview#authentication",
	},
	{
		ID: "microsoft-teams", Name: "Microsoft Teams", EnvVar: "TEAMS_WEBHOOK_URL",
		RotateURL: "https://support.microsoft.com/en-us/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498",
		DocsURL:   "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook",
	},
	{
		ID: "brevo", Name: "Brevo (Sendinblue)", EnvVar: "BREVO_API_KEY",
		RotateURL: "https://app.brevo.com/settings/keys/api",
		DocsURL:   "https://developers.brevo.com/docs/getting-started",
	},
	{
		ID: "mailjet", Name: "Mailjet", EnvVar: "MJ_APIKEY_PRIVATE",
		RotateURL: "https://app.mailjet.com/account/apikeys",
		DocsURL:   "https://dev.mailjet.com/email/guides/#authentication",
	},
	{
		ID: "vonage", Name: "Vonage (Nexmo)", EnvVar: "VONAGE_API_SECRET",
		RotateURL: "https://dashboard.nexmo.com/settings",
		DocsURL:   "https://developer.vonage.com/en/getting-started/concepts/authentication",
	},
	{
		ID: "messagebird", Name: "MessageBird (Bird)", EnvVar: "MESSAGEBIRD_API_KEY",
		RotateURL: "https://dashboard.messagebird.com/developers/access",
		DocsURL:   "https://developers.messagebird.com/api/#authentication",
	},
	{
		ID: "pusher", Name: "Pusher Channels", EnvVar: "PUSHER_APP_SECRET",
		RotateURL: "https://dashboard.pusher.com/",
		DocsURL:   "https://pusher.com/docs/channels/server_api/http-api/#authentication",
	},
	{
		ID: "ably", Name: "Ably", EnvVar: "ABLY_API_KEY",
		RotateURL: "https://ably.com/accounts/any/apps/any/app_keys",
		DocsURL:   "https://ably.com/docs/auth#api-key",
	},
	{
		ID: "onesignal", Name: "OneSignal", EnvVar: "ONESIGNAL_REST_API_KEY",
		RotateURL: "https://dashboard.onesignal.com/",
		DocsURL:   "https://documentation.onesignal.com/docs/keys-and-ids",
	},
}

// discordBotToken validates the first part of a Discord bot token: the
// bot's user id (a snowflake of 17 to 20 digits) in unpadded base64.
func discordBotToken(secret []byte) bool {
	i := 0
	for i < len(secret) && secret[i] != '.' {
		i++
	}
	id, err := base64.RawURLEncoding.DecodeString(string(secret[:i]))
	if err != nil {
		id, err = base64.RawStdEncoding.DecodeString(string(secret[:i]))
		if err != nil {
			return false
		}
	}
	if len(id) < 17 || len(id) > 20 {
		return false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

var messagingRules = []Rule{
	// https://github.com/nats-io/nkeys: a seed is base32 of a two-byte
	// prefix (S, then the key type: Account, User, Operator, Server,
	// Cluster, curve X), 32 bytes of seed and a CRC-16: 58 characters.
	// The CRC is not verified: seeds altered in docs and tests still
	// grant access when they are real elsewhere, and the shape, 58
	// upper-case base32 characters led by S and a type letter, is only
	// taken next to the words that name it.
	{
		ID: "nats-nkey-seed", Provider: "nats", Title: "nkey seed (private key)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"seed", "nkey", "nats"},
		Window:   400,
		Pattern:  `\b(S[ACNOUX][A-Z2-7]{56})\b`,
		Match: []string{
			`var accSeed = []byte("SA{{b32:56}}")`,
			"-----BEGIN USER NKEY SEED-----\nSU{{b32:56}}\n------END USER NKEY SEED------",
			"authorization {\n  # nkey user\n  # SU{{b32:56}}\n  users: [{nkey: UD{{b32:54}}}]\n}",
		},
		NoMatch: []string{
			`nkey: UD{{b32:54}}`,
			`seed: SU{{b32:50}}`,
			`id: SU{{b32:56}}`,
		},
	},
	// https://api.slack.com/concepts/token-types#bot
	// xoxb-<team id>-<bot user id>-<24 base62>; the oldest ones lack the
	// second number.
	{
		ID: "slack-bot-token", Provider: "slack", Title: "bot token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xoxb-"},
		Pattern:  `\b(xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{24,34})\b`,
		Match: []string{
			`SLACK_BOT_TOKEN=xoxb-{{dig:12}}-{{dig:13}}-{{an:24}}`,
			`app = App(token="xoxb-{{dig:11}}-{{dig:12}}-{{an:24}}")`,
			`  slack_token: xoxb-{{dig:10}}-{{an:24}}`,
		},
		NoMatch: []string{
			`SLACK_BOT_TOKEN=xoxb-{{dig:12}}-{{dig:13}}-{{an:10}}`,
			`SLACK_BOT_TOKEN=xoxb-your-bot-token`,
			`SLACK_BOT_TOKEN=xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx`,
			`if token.startswith("xoxb-"):`,
		},
	},
	// https://api.slack.com/concepts/token-types#user
	{
		ID: "slack-user-token", Provider: "slack", Title: "user token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xoxp-"},
		Pattern:  `\b(xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[0-9a-f]{32})\b`,
		Match: []string{
			`SLACK_USER_TOKEN=xoxp-{{dig:12}}-{{dig:12}}-{{dig:13}}-{{hex:32}}`,
			`"token": "xoxp-{{dig:11}}-{{dig:12}}-{{dig:13}}-{{hex:32}}"`,
		},
		NoMatch: []string{
			`SLACK_USER_TOKEN=xoxp-{{dig:12}}-{{dig:12}}-{{dig:13}}-{{hex:16}}`,
			`SLACK_USER_TOKEN=xoxp-your-user-token`,
		},
	},
	// https://api.slack.com/concepts/token-types#app-level
	{
		ID: "slack-app-token", Provider: "slack", Title: "app-level token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xapp-"},
		Pattern:  `\b(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[0-9a-f]{64})\b`,
		Match: []string{
			`SLACK_APP_TOKEN=xapp-1-A{{uan:10}}-{{dig:13}}-{{hex:64}}`,
			`handler = SocketModeHandler(app, "xapp-1-A{{uan:10}}-{{dig:13}}-{{hex:64}}")`,
		},
		NoMatch: []string{
			`SLACK_APP_TOKEN=xapp-1-A{{uan:10}}-{{dig:13}}-{{hex:32}}`,
			`SLACK_APP_TOKEN=xapp-your-app-token`,
		},
	},
	// https://api.slack.com/authentication/config-tokens and
	// https://api.slack.com/authentication/rotation: configuration access
	// tokens and rotating tokens are xoxe.xoxp-1- or xoxe.xoxb-1- and a
	// long base62 body.
	{
		ID: "slack-config-token", Provider: "slack", Title: "configuration or rotating access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xoxe.xox"},
		Pattern:  `\b(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{60,300})\b`,
		Match: []string{
			`SLACK_CONFIG_TOKEN=xoxe.xoxp-1-{{an:160}}`,
			`client = WebClient(token="xoxe.xoxb-1-{{an:146}}")`,
		},
		NoMatch: []string{
			`SLACK_CONFIG_TOKEN=xoxe.xoxp-1-{{an:30}}`,
			`SLACK_CONFIG_TOKEN=xoxe.xoxp-1-...`,
		},
	},
	// https://api.slack.com/authentication/config-tokens#refresh and
	// https://api.slack.com/authentication/rotation
	{
		ID: "slack-refresh-token", Provider: "slack", Title: "configuration or rotating refresh token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xoxe-"},
		Pattern:  `\b(xoxe-[0-9]-[A-Za-z0-9]{60,300})\b`,
		Match: []string{
			`SLACK_REFRESH_TOKEN=xoxe-1-{{an:140}}`,
			`{"refresh_token": "xoxe-1-{{an:146}}"}`,
		},
		NoMatch: []string{
			`SLACK_REFRESH_TOKEN=xoxe-1-{{an:20}}`,
			`SLACK_CONFIG_TOKEN=xoxe.xoxp-1-{{an:160}}`,
		},
	},
	// https://api.slack.com/concepts/token-types#legacy: workspace app
	// tokens (xoxa-), their refresh tokens (xoxr-) and legacy session and
	// OAuth tokens (xoxs-, xoxo-). Slack no longer issues them; old ones
	// still work until revoked.
	{
		ID: "slack-legacy-token", Provider: "slack", Title: "legacy token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xoxa-", "xoxr-", "xoxs-", "xoxo-"},
		Pattern:  `\b(xox[aors]-(?:[0-9]{1,14}-){1,4}[0-9A-Za-z]{24,64})\b`,
		Match: []string{
			`SLACK_TOKEN=xoxa-2-{{dig:12}}-{{dig:12}}-{{dig:12}}-{{hex:64}}`,
			`refresh_token: "xoxr-{{dig:12}}-{{an:40}}"`,
			`const token = 'xoxs-{{dig:11}}-{{dig:11}}-{{dig:12}}-{{hex:40}}';`,
		},
		NoMatch: []string{
			`SLACK_TOKEN=xoxa-2-{{dig:12}}-{{an:10}}`,
			`SLACK_TOKEN=xoxa-your-token-here`,
		},
	},
	// https://api.slack.com/messaging/webhooks
	{
		ID: "slack-webhook-url", Provider: "slack", Title: "incoming webhook URL",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"hooks.slack.com/services/"},
		Pattern:  `((?:https?://)?hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{23,25})\b`,
		Match: []string{
			`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T{{uan:10}}/B{{uan:10}}/{{an:24}}`,
			`requests.post("https://hooks.slack.com/services/T{{uan:8}}/B{{uan:10}}/{{an:24}}", json=payload)`,
			`  webhook: https://hooks.slack.com/services/T{{uan:10}}/B{{uan:11}}/{{an:24}}`,
		},
		NoMatch: []string{
			`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/` + `XXXXXXXXXXXXXXXXXXXXXXXX`,
			`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T{{uan:10}}/B{{uan:10}}/{{an:10}}`,
			`See https://hooks.slack.com/services/ for the endpoint.`,
		},
	},
	// https://slack.com/help/articles/360041352714-Build-a-workflow--Create-a-workflow-that-starts-outside-of-Slack
	{
		ID: "slack-workflow-webhook-url", Provider: "slack", Title: "workflow webhook URL",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"hooks.slack.com/workflows/", "hooks.slack.com/triggers/"},
		Pattern:  `((?:https?://)?hooks\.slack\.com/(?:workflows|triggers)/T[A-Z0-9]{8,12}/(?:A[A-Z0-9]{8,12}/)?[0-9]{8,20}/[A-Za-z0-9]{24,32})\b`,
		Match: []string{
			`SLACK_WORKFLOW_URL=https://hooks.slack.com/workflows/T{{uan:10}}/A{{uan:10}}/{{dig:18}}/{{an:24}}`,
			`curl -X POST https://hooks.slack.com/triggers/T{{uan:10}}/{{dig:13}}/{{hex:32}} -d '{"text":"hi"}'`,
		},
		NoMatch: []string{
			`SLACK_WORKFLOW_URL=https://hooks.slack.com/workflows/T{{uan:10}}/A{{uan:10}}/{{dig:18}}/{{an:8}}`,
			`docs: https://hooks.slack.com/triggers/`,
		},
	},

	// https://discord.com/developers/docs/reference#authentication
	// <base64 of the bot's user id>.<6 characters>.<27-38 characters>:
	// the shape alone is too loose, so Discord must be named on the line.
	{
		ID: "discord-bot-token", Provider: "discord", Title: "bot token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"discord"},
		Pattern:  `(?i:discord)[^\n]{0,120}?[^A-Za-z0-9_.-]([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?:[^A-Za-z0-9_.-]|$)`,
		Check:    discordBotToken,
		Match: []string{
			`DISCORD_TOKEN={{b64of:((dig:18))}}.{{b64u:6}}.{{b64u:38}}`,
			`discord_client.run("{{b64of:((dig:18))}}.{{b64u:6}}.{{b64u:27}}")`,
			`{"discordBotToken": "{{b64of:((dig:18))}}.{{b64u:6}}.{{b64u:38}}"}`,
		},
		NoMatch: []string{
			// First part not a base64 user id.
			`DISCORD_TOKEN=M{{b64u:23}}.{{b64u:6}}.{{b64u:38}}`,
			`DISCORD_TOKEN={{b64of:((dig:18))}}.{{b64u:6}}.{{b64u:10}}`,
			`DISCORD_TOKEN=your-bot-token`,
		},
	},
	// https://discord.com/developers/docs/resources/webhook#execute-webhook
	{
		ID: "discord-webhook-url", Provider: "discord", Title: "webhook URL",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"discord.com/api/", "discordapp.com/api/"},
		Pattern:  `(https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{68})` + psmEnd,
		Match: []string{
			`DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/{{dig:19}}/{{b64u:68}}`,
			`webhook = DiscordWebhook(url="https://discordapp.com/api/webhooks/{{dig:18}}/{{b64u:68}}")`,
		},
		NoMatch: []string{
			`DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/{{dig:19}}/{{b64u:20}}`,
			`fetch("https://discord.com/api/v10/users/@me")`,
		},
	},

	// https://core.telegram.org/bots/features#botfather
	// <bot id>:<35 characters starting with AA>.
	{
		ID: "telegram-bot-token", Provider: "telegram", Title: "bot token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{":AA"},
		Pattern:  `(?:^|[^0-9A-Za-z_]|bot)([0-9]{8,10}:AA[A-Za-z0-9_-]{33})` + psmEnd,
		// The token in Telegram's Bot API documentation.
		Examples: []string{"123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"},
		Match: []string{
			`TELEGRAM_BOT_TOKEN={{dig:10}}:AA{{b64u:33}}`,
			`updater = Updater("{{dig:9}}:AA{{b64u:33}}", use_context=True)`,
			`curl https://api.telegram.org/bot{{dig:10}}:AA{{b64u:33}}/getMe`,
		},
		NoMatch: []string{
			`TELEGRAM_BOT_TOKEN={{dig:10}}:AA{{b64u:20}}`,
			`TELEGRAM_BOT_TOKEN=123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`,
			`mac = "00:AA:BB:CC:DD:EE"`,
		},
	},

	// https://www.twilio.com/docs/iam/api-keys
	// An API key SID (SK and 32 hex digits) names a key; it is reported
	// because its secret is rarely far away. Account SIDs (AC...) are
	// identifiers and never reported alone.
	{
		ID: "twilio-api-key", Provider: "twilio", Title: "API key SID",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"twilio"},
		Pattern:  `(?i:twilio)[^\n]{0,100}?\b(SK[0-9a-fA-F]{32})\b`,
		Match: []string{
			`TWILIO_API_KEY=SK{{hex:32}}`,
			`twilio_client = Client("SK{{hex:32}}", api_secret, account_sid)`,
		},
		NoMatch: []string{
			`TWILIO_ACCOUNT_SID=AC{{hex:32}}`,
			`TWILIO_API_KEY=SK{{hex:16}}`,
			`TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://www.twilio.com/docs/iam/api-keys: the secret is 32 base62
	// characters, shown once.
	{
		ID: "twilio-api-key-secret", Provider: "twilio", Title: "API key secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"twilio"},
		Pattern:    `(?:` + psmSetting("twilio", `(?:api|key)[\w.-]{0,8}?secret`) + `|\bSK[0-9a-fA-F]{32}:)([A-Za-z0-9]{32})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`TWILIO_API_SECRET={{an:32}}`,
			`curl -u SK{{hex:32}}:{{an:32}} https://api.twilio.com/2010-04-01/Accounts.json`,
			`  twilio_api_key_secret: "{{an:32}}"`,
		},
		NoMatch: []string{
			`TWILIO_API_SECRET={{an:20}}`,
			`TWILIO_API_SECRET=your_api_secret`,
		},
	},
	// https://www.twilio.com/docs/iam/credentials/api#authentication: the
	// account's auth token, 32 hex digits, grants the whole account.
	{
		ID: "twilio-auth-token", Provider: "twilio", Title: "account auth token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"twilio"},
		Pattern:    `(?:` + psmSetting("twilio", `auth[\w.-]{0,10}?token`) + `|\bAC[0-9a-f]{32}:)([0-9a-f]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`TWILIO_AUTH_TOKEN={{hex:32}}`,
			`twilio_auth_token = "{{hex:32}}"`,
			`curl -X GET https://api.twilio.com/2010-04-01/Accounts.json -u AC{{hex:32}}:{{hex:32}}`,
		},
		NoMatch: []string{
			`TWILIO_ACCOUNT_SID=AC{{hex:32}}`,
			`TWILIO_AUTH_TOKEN={{hex:16}}`,
			`TWILIO_AUTH_TOKEN=your_auth_token`,
		},
	},

	// https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys
	// SG.<22-character key id>.<43-character secret>.
	{
		ID: "sendgrid-api-key", Provider: "sendgrid", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"SG."},
		Pattern:  `\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})` + psmEnd,
		Match: []string{
			`SENDGRID_API_KEY=SG.{{b64u:22}}.{{b64u:43}}`,
			`sg = SendGridAPIClient("SG.{{b64u:22}}.{{b64u:43}}")`,
			`  apiKey: 'SG.{{b64u:22}}.{{b64u:43}}'`,
		},
		NoMatch: []string{
			`SENDGRID_API_KEY=SG.{{b64u:22}}.{{b64u:20}}`,
			`SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`const msg = {to: user.email}; msg.send()`,
		},
	},

	// https://documentation.mailgun.com/docs/mailgun/api-reference/authentication
	// Older private keys are key- and 32 lowercase letters and digits (not
	// only hex: see the documented example), current ones 32 hex, 8 hex
	// and 8 hex joined by dashes; neither names Mailgun.
	{
		ID: "mailgun-api-key", Provider: "mailgun", Title: "private API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"mailgun"},
		Pattern:    `(?i:mailgun)[^\n]{0,100}?\b(key-[0-9a-z]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})\b`,
		MinEntropy: 3.0,
		// The key in Mailgun's API documentation.
		Examples: []string{"key-3ax6xnjp29jd6fds4gc373sgvjxteol0"},
		Match: []string{
			`MAILGUN_API_KEY=key-{{hex:32}}`,
			`$client = new Mailgun('key-{{low:16}}{{dig:16}}');`,
			`MAILGUN_API_KEY={{hex:32}}-{{hex:8}}-{{hex:8}}`,
			`mailgun = Mailgun(domain="mg.example.org", api_key="{{hex:32}}-{{hex:8}}-{{hex:8}}")`,
		},
		NoMatch: []string{
			`MAILGUN_API_KEY=key-{{hex:20}}`,
			`MAILGUN_DOMAIN=mg.{{low:8}}.com`,
			`MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`mailgun.api_key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"`,
		},
	},

	// https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key
	// 32 hex digits, a dash and the account's data center (us1 ... us21).
	{
		ID: "mailchimp-api-key", Provider: "mailchimp", Title: "Marketing API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"-us1", "-us2", "-us3", "-us4", "-us5", "-us6", "-us7", "-us8", "-us9"},
		Pattern:    `\b([0-9a-f]{32}-us[1-9][0-9]?)\b`,
		MinEntropy: 3.0,
		Match: []string{
			`MAILCHIMP_API_KEY={{hex:32}}-us14`,
			`client.setConfig({ apiKey: "{{hex:32}}-us6", server: "us6" });`,
			`  api_key: {{hex:32}}-us21`,
		},
		NoMatch: []string{
			`MAILCHIMP_API_KEY={{hex:20}}-us14`,
			`MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us14`,
			`region = "east-us1"`,
		},
	},

	// https://postmarkapp.com/developer/api/overview#authentication
	// Account tokens (X-Postmark-Account-Token) manage every server; they
	// are UUIDs, so Postmark and "account" must name the setting. Listed
	// before the server token, which has the same shape.
	{
		ID: "postmark-account-token", Provider: "postmark", Title: "account API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"postmark"},
		Pattern:  psmSetting("postmark", `account[\w.-]{0,10}?(?:token|key)`) + `(` + psmUUID + `)\b`,
		Match: []string{
			`POSTMARK_ACCOUNT_TOKEN={{uuid}}`,
			`-H "X-Postmark-Account-Token: {{uuid}}"`,
		},
		NoMatch: []string{
			`POSTMARK_ACCOUNT_TOKEN={{hex:32}}`,
			`POSTMARK_SERVER_TOKEN={{uuid}}`,
		},
	},
	// https://postmarkapp.com/developer/api/overview#authentication
	{
		ID: "postmark-server-token", Provider: "postmark", Title: "server API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"postmark"},
		Pattern: `(?:` + psmSetting("postmark", `token|key|secret`) +
			`|(?i:postmark)[\w.]{0,10}\.ServerClient\(\s*["'])(` + psmUUID + `)\b`,
		Match: []string{
			`POSTMARK_SERVER_TOKEN={{uuid}}`,
			`const client = new postmark.ServerClient("{{uuid}}");`,
			`curl "https://api.postmarkapp.com/email" -H "X-Postmark-Server-Token: {{uuid}}"`,
			`  postmark_api_key: "{{uuid}}"`,
		},
		NoMatch: []string{
			`POSTMARK_ACCOUNT_TOKEN={{uuid}}`,
			`postmark_message_id = "{{uuid}}"`,
			`POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST`,
		},
	},

	// https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
	// Office 365 connector URLs: webhookb2/<group>@<tenant>/IncomingWebhook/
	// <32 hex>/<connector id>, with a trailing signature on new ones.
	{
		ID: "microsoft-teams-webhook-url", Provider: "microsoft-teams", Title: "incoming webhook URL",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"webhook.office.com/webhookb2/", "outlook.office.com/webhook/"},
		Pattern: `(https://(?:[a-z0-9-]+\.webhook|outlook)\.office\.com/webhook(?:b2)?/` + psmUUID + `@` + psmUUID +
			`/IncomingWebhook/[0-9a-f]{32}/` + psmUUID + `(?:/[A-Za-z0-9_-]{20,80})?)` + psmEnd,
		Match: []string{
			`TEAMS_WEBHOOK_URL=https://{{low:8}}.webhook.office.com/webhookb2/{{uuid}}@{{uuid}}/IncomingWebhook/{{hex:32}}/{{uuid}}/V2{{b64u:40}}`,
			`  url: "https://outlook.office.com/webhook/{{uuid}}@{{uuid}}/IncomingWebhook/{{hex:32}}/{{uuid}}"`,
		},
		NoMatch: []string{
			`TEAMS_WEBHOOK_URL=https://{{low:8}}.webhook.office.com/webhookb2/{{uuid}}`,
			`see https://outlook.office.com/webhook/ for connectors`,
		},
	},
	// https://learn.microsoft.com/en-us/power-automate/teams/teams-app-create-flow
	// Teams "Workflows" (Power Automate) replace connectors: an HTTP
	// trigger URL whose sig= parameter is the credential.
	{
		ID: "microsoft-teams-workflow-url", Provider: "microsoft-teams", Title: "Power Automate workflow trigger URL",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"logic.azure.com", "api.powerplatform.com"},
		Pattern: `(https://[a-z0-9.-]+\.(?:logic\.azure\.com|environment\.api\.powerplatform\.com)(?::443)?` +
			`(?:/powerautomate/automations/direct)?/workflows/[0-9a-f]{32}/triggers/[A-Za-z0-9_.-]+/paths/invoke\?` +
			`[^\s"'<>]*?\bsig=[A-Za-z0-9_%-]{40,})`,
		Match: []string{
			`TEAMS_WORKFLOW_URL=https://prod-{{dig:2}}.westus.logic.azure.com:443/workflows/{{hex:32}}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={{b64u:43}}`,
			`url = "https://default{{hex:30}}.{{hex:2}}.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/{{hex:32}}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={{b64u:43}}"`,
		},
		NoMatch: []string{
			`https://prod-{{dig:2}}.westus.logic.azure.com:443/workflows/{{hex:32}}/triggers/manual/paths/invoke?api-version=2016-06-01`,
			`Logic apps live at *.logic.azure.com`,
		},
	},

	// https://developers.brevo.com/docs/getting-started#using-your-api-key-to-authenticate
	{
		ID: "brevo-api-key", Provider: "brevo", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xkeysib-"},
		Pattern:  `\b(xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16})\b`,
		Match: []string{
			`BREVO_API_KEY=xkeysib-{{hex:64}}-{{an:16}}`,
			`configuration.api_key['api-key'] = 'xkeysib-{{hex:64}}-{{an:16}}'`,
		},
		NoMatch: []string{
			`BREVO_API_KEY=xkeysib-{{hex:64}}`,
			`BREVO_API_KEY=xkeysib-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx`,
		},
	},
	// https://help.brevo.com/hc/en-us/articles/7959631848850-Create-and-manage-your-SMTP-keys
	{
		ID: "brevo-smtp-key", Provider: "brevo", Title: "SMTP key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xsmtpsib-"},
		Pattern:  `\b(xsmtpsib-[0-9a-f]{64}-[A-Za-z0-9]{16})\b`,
		Match: []string{
			`SMTP_PASSWORD=xsmtpsib-{{hex:64}}-{{an:16}}`,
			`  smtp_pass: "xsmtpsib-{{hex:64}}-{{an:16}}"`,
		},
		NoMatch: []string{
			`SMTP_PASSWORD=xsmtpsib-{{hex:40}}-{{an:16}}`,
			`# keys start with xsmtpsib-`,
		},
	},

	// https://dev.mailjet.com/email/guides/#authentication
	// An API key and a secret key, both 32 hex digits; Mailjet's own
	// examples read them from MJ_APIKEY_PUBLIC and MJ_APIKEY_PRIVATE.
	{
		ID: "mailjet-secret-key", Provider: "mailjet", Title: "API secret key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"mailjet", "mj_apikey_private"},
		Pattern:    `(?:` + psmSetting("mailjet", `secret|private`) + `|(?i:mj_apikey_private)` + psmAssign + `)([0-9a-f]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`MJ_APIKEY_PRIVATE={{hex:32}}`,
			`MAILJET_SECRET_KEY={{hex:32}}`,
			`  mailjet_api_secret: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`MJ_APIKEY_PUBLIC={{hex:32}}`,
			`MAILJET_SECRET_KEY={{hex:20}}`,
			`MAILJET_SECRET_KEY=your_secret_key`,
		},
	},

	// https://developer.vonage.com/en/getting-started/concepts/authentication#api-key-and-secret
	// The key is 8 hex digits (an identifier), the secret 16 base62
	// characters; neither has a prefix.
	{
		ID: "vonage-api-secret", Provider: "vonage", Title: "API secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"vonage", "nexmo"},
		Pattern:    psmSetting("vonage|nexmo", `secret`) + `([A-Za-z0-9]{16})\b`,
		MinEntropy: 2.5,
		Match: []string{
			`VONAGE_API_SECRET={{an:16}}`,
			`NEXMO_API_SECRET={{an:16}}`,
			`  nexmo_secret: "{{an:16}}"`,
		},
		NoMatch: []string{
			`VONAGE_API_KEY={{hex:8}}`,
			`VONAGE_API_SECRET={{an:8}}`,
			`VONAGE_API_SECRET=your-secret`,
		},
	},

	// https://developers.messagebird.com/api/#authentication
	// Access keys are 25 base62 characters with no prefix.
	{
		ID: "messagebird-api-key", Provider: "messagebird", Title: "access key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"messagebird"},
		Pattern:    `(?i:messagebird)["')]{0,2}[\w.-]{0,30}?(?:["']?\s*(?::=|=>|[:=])\s*|\(\s*)["']?([A-Za-z0-9]{25})\b`,
		MinEntropy: 3.5,
		Match: []string{
			`MESSAGEBIRD_API_KEY={{an:25}}`,
			`const messagebird = require('messagebird').initClient('{{an:25}}');`,
			`client = messagebird.Client('{{an:25}}')`,
		},
		NoMatch: []string{
			`MESSAGEBIRD_API_KEY={{an:12}}`,
			`MESSAGEBIRD_API_KEY=YOUR_ACCESS_KEY`,
			`import messagebird`,
		},
	},

	// https://pusher.com/docs/channels/server_api/http-api/#authentication
	// App keys and secrets are 20 hex digits; the secret signs requests.
	{
		ID: "pusher-app-secret", Provider: "pusher", Title: "Channels app secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"pusher"},
		Pattern:    psmSetting("pusher", `secret`) + `([0-9a-f]{20})\b`,
		MinEntropy: 2.5,
		Match: []string{
			`PUSHER_APP_SECRET={{hex:20}}`,
			`  pusher_secret: "{{hex:20}}"`,
			`"pusherSecret": "{{hex:20}}",`,
		},
		NoMatch: []string{
			`PUSHER_APP_KEY={{hex:20}}`,
			`PUSHER_APP_SECRET={{hex:12}}`,
			`PUSHER_APP_SECRET=your_secret`,
		},
	},

	// https://ably.com/docs/auth#api-key
	// <app id>.<key id>:<key secret>. "ably" alone occurs in many words
	// (probably), so the keywords are the forms code uses to name it.
	{
		ID: "ably-api-key", Provider: "ably", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"ably_", "ably-", "ably.realtime", "ably.rest", "ablyrest", "ablyrealtime",
			"ably.io", "ably.com", "ably:", "\"ably\""},
		Pattern:    `(?:^|[^A-Za-z])(?i:ably)[^\n]{0,100}?[^A-Za-z0-9_.-]([A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{6}:[A-Za-z0-9_-]{30,64})` + psmEnd,
		MinEntropy: 3.5,
		// The key in Ably's documentation.
		Examples: []string{"I2E_JQ.OqUdfg:" + "EVKVTCBlzLBPYJiCZTsIW_pqylJ9WVRB5K9P19Ap1y0"},
		Match: []string{
			`ABLY_API_KEY={{b64u:6}}.{{b64u:6}}:{{b64u:43}}`,
			`const ably = new Ably.Realtime("{{b64u:6}}.{{b64u:6}}:{{b64u:43}}");`,
			`client = AblyRest('{{b64u:6}}.{{b64u:6}}:{{b64u:43}}')`,
		},
		NoMatch: []string{
			`ABLY_API_KEY={{b64u:6}}.{{b64u:6}}`,
			`ABLY_API_KEY=I2E_JQ.OqUdfg:` + `EVKVTCBlzLBPYJiCZTsIW_pqylJ9WVRB5K9P19Ap1y0`,
			`ABLY_API_KEY=xVLyHw.xxxxxx:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`// probably: {{b64u:6}}.{{b64u:6}}:{{b64u:43}}`,
		},
	},

	// https://documentation.onesignal.com/docs/keys-and-ids
	// App API keys: os_v2_app_ and 103 lowercase base32 characters.
	{
		ID: "onesignal-app-api-key", Provider: "onesignal", Title: "app REST API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"os_v2_app_"},
		Pattern:  `\b(os_v2_app_[a-z2-7]{100,110})\b`,
		Match: []string{
			`ONESIGNAL_REST_API_KEY=os_v2_app_{{low:103}}`,
			`headers = {"Authorization": "Key os_v2_app_{{low:103}}"}`,
		},
		NoMatch: []string{
			`ONESIGNAL_REST_API_KEY=os_v2_app_{{low:40}}`,
			`ONESIGNAL_APP_ID={{uuid}}`,
		},
	},
	// https://documentation.onesignal.com/docs/keys-and-ids#organization-api-key
	{
		ID: "onesignal-organization-api-key", Provider: "onesignal", Title: "organization API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"os_v2_org_"},
		Pattern:  `\b(os_v2_org_[a-z2-7]{100,110})\b`,
		Match: []string{
			`ONESIGNAL_ORG_API_KEY=os_v2_org_{{low:103}}`,
			`  organization_key: "os_v2_org_{{low:103}}"`,
		},
		NoMatch: []string{
			`ONESIGNAL_ORG_API_KEY=os_v2_org_{{low:50}}`,
			`placeholder="os_v2_org_..."`,
		},
	},
}
