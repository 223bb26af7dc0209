package detector

// Payment processors and commerce platforms.

var _ = register(paymentsProviders, paymentsRules)

// Pattern pieces shared by the payments, messaging and SaaS families
// (rules_payments.go, rules_messaging.go, rules_saas.go).
const (
	// psmAssign is what follows a setting's name up to its value, once the
	// provider and credential words have been seen: the rest of the name,
	// a closing quote, the operator (=, :, :=, =>) and an opening quote.
	// It covers .env, YAML, JSON, shell and most code assignments.
	psmAssign = `[\w.-]{0,12}?["']?\s*(?::=|=>|[:=])\s*["']?`
	// psmUUID is a UUID in either case.
	psmUUID = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`
	// psmJWT is a JSON Web Token: base64url header and claims objects and
	// a signature.
	psmJWT = `eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}`
	// psmEnd ends a token drawn from the base64url alphabet.
	psmEnd = `(?:[^A-Za-z0-9_-]|$)`
)

// psmSetting matches a setting named after provider and then word (both
// regular expressions, matched case-insensitively), up to its value:
// TWILIO_AUTH_TOKEN=, "plaidSecret": , braintree.private_key = ...
func psmSetting(provider, word string) string {
	return `(?i:` + provider + `)[\w.-]{0,20}?(?i:` + word + `)` + psmAssign
}

var paymentsProviders = []Provider{
	{
		ID: "stripe", Name: "Stripe", EnvVar: "STRIPE_SECRET_KEY",
		RotateURL: "https://dashboard.stripe.com/apikeys",
		DocsURL:   "https://docs.stripe.com/keys",
	},
	{
		ID: "square", Name: "Square", EnvVar: "SQUARE_ACCESS_TOKEN",
		RotateURL: "https://developer.squareup.com/apps",
		DocsURL:   "https://developer.squareup.com/docs/build-basics/access-tokens",
	},
	{
		ID: "paypal", Name: "PayPal", EnvVar: "PAYPAL_CLIENT_SECRET",
		RotateURL: "https://developer.paypal.com/dashboard/applications/live",
		DocsURL:   "https://developer.paypal.com/api/rest/authentication/",
	},
	{
		ID: "braintree", Name: "Braintree", EnvVar: "BRAINTREE_PRIVATE_KEY",
		RotateURL: "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials#api-keys",
		DocsURL:   "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials",
	},
	{
		ID: "shopify", Name: "Shopify", EnvVar: "SHOPIFY_ACCESS_TOKEN",
		RotateURL: "https://help.shopify.com/en/manual/apps/app-types/custom-apps",
		DocsURL:   "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin",
	},
	{
		ID: "razorpay", Name: "Razorpay", EnvVar: "RAZORPAY_KEY_SECRET",
		RotateURL: "https://dashboard.razorpay.com/app/website-app-settings/api-keys",
		DocsURL:   "https://razorpay.com/docs/api/authentication/",
	},
	{
		ID: "plaid", Name: "Plaid", EnvVar: "PLAID_SECRET",
		RotateURL: "https://dashboard.plaid.com/developers/keys",
		DocsURL:   "https://plaid.com/docs/api/items/#itemaccess_tokeninvalidate",
	},
	{
		ID: "adyen", Name: "Adyen", EnvVar: "ADYEN_API_KEY",
		RotateURL: "https://docs.adyen.com/development-resources/api-credentials#generate-api-key",
		DocsURL:   "https://docs.adyen.com/development-resources/api-authentication",
	},
	{
		ID: "coinbase", Name: "Coinbase", EnvVar: "COINBASE_API_SECRET",
		RotateURL: "https://portal.cdp.coinbase.com/projects/api-keys",
		DocsURL:   "https://docs.cdp.coinbase.com/get-started/docs/cdp-api-keys",
	},
	{
		ID: "flutterwave", Name: "Flutterwave", EnvVar: "FLW_SECRET_KEY",
		RotateURL: "https://app.flutterwave.com/dashboard/settings/apis",
		DocsURL:   "https://developer.flutterwave.com/docs/authentication",
	},
	{
		ID: "paystack", Name: "Paystack", EnvVar: "PAYSTACK_SECRET_KEY",
		RotateURL: "https://dashboard.paystack.com/#/settings/developers",
		DocsURL:   "https://paystack.com/docs/api/authentication/",
	},
	{
		ID: "gocardless", Name: "GoCardless", EnvVar: "GOCARDLESS_ACCESS_TOKEN",
		RotateURL: "https://manage.gocardless.com/developers/access-tokens",
		DocsURL:   "https://developer.gocardless.com/getting-started/api/making-your-first-request/",
	},
	{
		ID: "mollie", Name: "Mollie", EnvVar: "MOLLIE_API_KEY",
		RotateURL: "https://my.mollie.com/dashboard/developers/api-keys",
		DocsURL:   "https://docs.mollie.com/reference/authentication",
	},
	{
		ID: "checkout-com", Name: "Checkout.com", EnvVar: "CKO_SECRET_KEY",
		RotateURL: "https://dashboard.checkout.com/developers/keys",
		DocsURL:   "https://www.checkout.com/docs/developer-resources/api/manage-api-keys",
	},
}

// stripeNotPaystack rejects bodies of exactly 40 lowercase hex digits:
// that is Paystack's key format, which shares Stripe's sk_live_/sk_test_
// prefixes, while Stripe's bodies are mixed-case base62 of 24 or 99+
// characters.
func stripeNotPaystack(secret []byte) bool {
	body := secret[len("sk_live_"):] // every Stripe prefix is 8 bytes
	if len(body) != 40 {
		return true
	}
	for _, c := range body {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return true
		}
	}
	return false
}

// stripeKey builds the rule for one of Stripe's prefixed API keys. Stripe
// documents the prefixes; bodies are base62, 24 characters in older keys
// and 99 or more in current ones, up to 255 characters in all.
func stripeKey(id, prefix, title string, kind Kind, sev Severity, env string) Rule {
	return Rule{
		ID: id, Provider: "stripe", Title: title,
		Kind: kind, Severity: sev,
		Keywords: []string{prefix},
		Pattern:  `\b(` + prefix + `[0-9A-Za-z]{24,247})\b`,
		Check:    stripeNotPaystack,
		Match: []string{
			env + `=` + prefix + `{{an:24}}`,
			`stripe.api_key = "` + prefix + `51{{an:97}}"`,
			`  stripe_key: ` + prefix + `{{an:99}}`,
			`const stripe = require("stripe")('` + prefix + `{{an:24}}');`,
		},
		NoMatch: []string{
			env + `=` + prefix + `{{an:12}}`,
			env + `=` + prefix + `xxxxxxxxxxxxxxxxxxxxxxxx`,
			`if key.startswith("` + prefix + `"):`,
			// Paystack's format: 40 lowercase hex digits.
			`PAYSTACK_KEY=` + prefix + `{{hex:40}}`,
			`backup_` + prefix + `{{an:24}}`,
		},
	}
}

// shopifyToken builds the rule for one of Shopify's prefixed app
// credentials: the prefix and 32 hex digits.
func shopifyToken(id, prefix, title string, sev Severity) Rule {
	return Rule{
		ID: id, Provider: "shopify", Title: title,
		Kind: KindSecret, Severity: sev,
		Keywords: []string{prefix},
		Pattern:  `\b(` + prefix + `[0-9a-fA-F]{32})\b`,
		Match: []string{
			`SHOPIFY_ACCESS_TOKEN=` + prefix + `{{hex:32}}`,
			`headers = {"X-Shopify-Access-Token": "` + prefix + `{{hex:32}}"}`,
			`  shopify_token: '` + prefix + `{{hex:32}}'`,
		},
		NoMatch: []string{
			`SHOPIFY_ACCESS_TOKEN=` + prefix + `{{hex:20}}`,
			`SHOPIFY_ACCESS_TOKEN=` + prefix + `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`if (token.startsWith("` + prefix + `")) {`,
			`SHOPIFY_ACCESS_TOKEN=` + prefix + `{{hex:32}}{{hex:4}}`,
		},
	}
}

var paymentsRules = []Rule{
	// https://docs.stripe.com/keys#obtain-api-keys
	stripeKey("stripe-secret-key", "sk_live_", "live secret key", KindSecret, SeverityCritical, "STRIPE_SECRET_KEY"),
	// https://docs.stripe.com/keys#create-restricted-api-secret-key
	stripeKey("stripe-restricted-key", "rk_live_", "live restricted key", KindSecret, SeverityHigh, "STRIPE_RESTRICTED_KEY"),
	// https://docs.stripe.com/keys#obtain-api-keys
	stripeKey("stripe-publishable-key", "pk_live_", "live publishable key", KindPublishable, SeverityLow, "STRIPE_PUBLISHABLE_KEY"),
	// https://docs.stripe.com/keys#test-live-modes
	stripeKey("stripe-test-secret-key", "sk_test_", "test secret key", KindTest, SeverityLow, "STRIPE_SECRET_KEY"),
	// https://docs.stripe.com/keys#test-live-modes
	stripeKey("stripe-test-restricted-key", "rk_test_", "test restricted key", KindTest, SeverityLow, "STRIPE_RESTRICTED_KEY"),
	// https://docs.stripe.com/keys#test-live-modes
	stripeKey("stripe-test-publishable-key", "pk_test_", "test publishable key", KindPublishable, SeverityLow, "STRIPE_PUBLISHABLE_KEY"),
	// https://docs.stripe.com/webhooks#verify-webhook-signatures-with-official-libraries
	// Dashboard secrets are whsec_ and 32 base62 characters, Stripe CLI
	// ones 64 hex digits.
	{
		ID: "stripe-webhook-secret", Provider: "stripe", Title: "webhook signing secret",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"whsec_"},
		Pattern:  `\b(whsec_[A-Za-z0-9+/]{32,64}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		Match: []string{
			`STRIPE_WEBHOOK_SECRET=whsec_{{an:32}}`,
			`endpoint_secret = 'whsec_{{hex:64}}'`,
			`"webhookSecret": "whsec_{{an:32}}",`,
		},
		NoMatch: []string{
			`STRIPE_WEBHOOK_SECRET=whsec_{{an:16}}`,
			`STRIPE_WEBHOOK_SECRET=whsec_...`,
			`STRIPE_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`// secrets start with "whsec_"`,
		},
	},

	// Paystack keys share Stripe's prefixes; the 40-hex body tells them
	// apart (stripeNotPaystack keeps the Stripe rules off them).
	// https://paystack.com/docs/api/authentication/
	{
		ID: "paystack-secret-key", Provider: "paystack", Title: "live secret key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"sk_live_"},
		Pattern:  `\b(sk_live_[0-9a-f]{40})\b`,
		Match: []string{
			`PAYSTACK_SECRET_KEY=sk_live_{{hex:40}}`,
			`PAYSTACK = {"secret_key": "sk_live_{{hex:40}}", "currency": "NGN"}`,
			`  paystack_secret: sk_live_{{hex:40}}`,
		},
		NoMatch: []string{
			`STRIPE_SECRET_KEY=sk_live_{{an:24}}`,
			`PAYSTACK_SECRET_KEY=sk_live_{{hex:32}}`,
			`PAYSTACK_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://paystack.com/docs/api/authentication/
	{
		ID: "paystack-test-secret-key", Provider: "paystack", Title: "test secret key",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"sk_test_"},
		Pattern:  `\b(sk_test_[0-9a-f]{40})\b`,
		Match: []string{
			`PAYSTACK_SECRET_KEY=sk_test_{{hex:40}}`,
			`const paystack = require('paystack')('sk_test_{{hex:40}}');`,
		},
		NoMatch: []string{
			`STRIPE_SECRET_KEY=sk_test_{{an:24}}`,
			`PAYSTACK_SECRET_KEY=sk_test_{{hex:39}}`,
		},
	},

	// https://developer.squareup.com/docs/build-basics/access-tokens
	// Personal and OAuth access tokens are EAAA and 60 base64url
	// characters. The prefix is too common in base64 to stand alone, so
	// Square must be named earlier on the line.
	{
		ID: "square-access-token", Provider: "square", Title: "access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"EAAA"},
		// (?i:square)[^\n]{0,200}?[^A-Za-z0-9_-](EAAA[A-Za-z0-9_-]{60})(?:[^A-Za-z0-9_-]|$)
		find: contextToken{prefix: "EAAA", min: 60, max: 60, body: isB64URLByte, boundary: isB64URLByte,
			context: []string{"square"}, reach: 200 + len("square")},
		MinEntropy: 4.0,
		Match: []string{
			`SQUARE_ACCESS_TOKEN=EAAA{{b64u:60}}`,
			`square_client = Client(access_token="EAAA{{b64u:60}}", environment="production")`,
			`{"square": {"accessToken": "EAAA{{b64u:60}}"}}`,
			`client = Square::Client.new(access_token: 'EAAA{{b64u:60}}', environment: 'production')`,
		},
		NoMatch: []string{
			`token = "EAAA{{b64u:60}}"`,
			`SQUARE_ACCESS_TOKEN=EAAA{{b64u:40}}`,
			`SQUARE_ACCESS_TOKEN=EAAA{{b64u:70}}`,
			`SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://developer.squareup.com/docs/oauth-api/receive-and-manage-tokens
	// Legacy OAuth access tokens: sq0atp- and 22 base64url characters.
	{
		ID: "square-legacy-access-token", Provider: "square", Title: "legacy OAuth access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"sq0atp-"},
		Pattern:  `\b(sq0atp-[A-Za-z0-9_-]{22})` + psmEnd,
		Match: []string{
			`SQUARE_ACCESS_TOKEN=sq0atp-{{b64u:22}}`,
			`"access_token": "sq0atp-{{b64u:22}}"`,
		},
		NoMatch: []string{
			`SQUARE_ACCESS_TOKEN=sq0atp-{{b64u:12}}`,
			`SQUARE_ACCESS_TOKEN=sq0atp-xxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://developer.squareup.com/docs/oauth-api/overview
	// Application secrets: sq0csp- and 43 base64url characters.
	{
		ID: "square-oauth-secret", Provider: "square", Title: "OAuth application secret",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"sq0csp-"},
		Pattern:  `\b(sq0csp-[A-Za-z0-9_-]{43})` + psmEnd,
		Match: []string{
			`SQUARE_APPLICATION_SECRET=sq0csp-{{b64u:43}}`,
			`client_secret: "sq0csp-{{b64u:43}}"`,
		},
		NoMatch: []string{
			`SQUARE_APPLICATION_SECRET=sq0csp-{{b64u:30}}`,
			`secret must start with sq0csp-`,
		},
	},

	// https://developer.paypal.com/braintree/docs/guides/paypal/server-side/
	// PayPal's Braintree SDK access tokens:
	// access_token$production$<16-character merchant id>$<32 hex>.
	{
		ID: "braintree-access-token", Provider: "braintree", Title: "production access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"access_token$production$"},
		Pattern:  `\b(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b`,
		Match: []string{
			`BRAINTREE_ACCESS_TOKEN=access_token$production${{lan:16}}${{hex:32}}`,
			`gateway = braintree.BraintreeGateway(access_token="access_token$production${{lan:16}}${{hex:32}}")`,
		},
		NoMatch: []string{
			`BRAINTREE_ACCESS_TOKEN=access_token$production${{lan:16}}${{hex:20}}`,
			`BRAINTREE_ACCESS_TOKEN=access_token$production$merchantid$token`,
		},
	},
	// https://developer.paypal.com/braintree/docs/guides/paypal/server-side/
	{
		ID: "braintree-sandbox-access-token", Provider: "braintree", Title: "sandbox access token",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"access_token$sandbox$"},
		Pattern:  `\b(access_token\$sandbox\$[0-9a-z]{16}\$[0-9a-f]{32})\b`,
		Match: []string{
			`BRAINTREE_ACCESS_TOKEN=access_token$sandbox${{lan:16}}${{hex:32}}`,
			`"accessToken": "access_token$sandbox${{lan:16}}${{hex:32}}"`,
		},
		NoMatch: []string{
			`BRAINTREE_ACCESS_TOKEN=access_token$sandbox${{lan:16}}${{hex:31}}`,
			`BRAINTREE_ACCESS_TOKEN=access_token$sandbox$`,
		},
	},
	// https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials#private-key
	// Private keys are 32 hex digits with no prefix: Braintree must name
	// the setting.
	{
		ID: "braintree-private-key", Provider: "braintree", Title: "API private key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"braintree"},
		Pattern:    psmSetting("braintree", `private[\w.-]{0,3}key`) + `([0-9a-f]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`BRAINTREE_PRIVATE_KEY={{hex:32}}`,
			`braintree_private_key: "{{hex:32}}"`,
			`export BRAINTREE_PRIVATE_KEY='{{hex:32}}'`,
		},
		NoMatch: []string{
			`BRAINTREE_PUBLIC_KEY={{hex:16}}`,
			`BRAINTREE_PRIVATE_KEY={{hex:16}}`,
			`BRAINTREE_PRIVATE_KEY=your_private_key`,
			`private_key = "{{hex:32}}"`,
		},
	},
	// https://developer.paypal.com/api/rest/#link-getclientidandclientsecret
	// Client secrets are 80 base64url characters with no prefix.
	{
		ID: "paypal-client-secret", Provider: "paypal", Title: "REST API client secret",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"paypal"},
		Pattern:    psmSetting("paypal", `secret`) + `([A-Za-z0-9_-]{80})` + psmEnd,
		MinEntropy: 4.0,
		Match: []string{
			`PAYPAL_CLIENT_SECRET=E{{b64u:79}}`,
			`  paypal_secret: "E{{b64u:79}}"`,
			`"paypalClientSecret": "E{{b64u:79}}",`,
		},
		NoMatch: []string{
			`PAYPAL_CLIENT_ID=A{{b64u:79}}`,
			`PAYPAL_CLIENT_SECRET=E{{b64u:40}}`,
			`PAYPAL_CLIENT_SECRET=<your client secret>`,
		},
	},

	// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin
	shopifyToken("shopify-access-token", "shpat_", "Admin API access token", SeverityCritical),
	// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin
	shopifyToken("shopify-custom-app-token", "shpca_", "custom app access token", SeverityCritical),
	// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin
	shopifyToken("shopify-private-app-password", "shppa_", "private app password", SeverityCritical),
	// https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets
	shopifyToken("shopify-shared-secret", "shpss_", "app shared secret", SeverityHigh),

	// https://razorpay.com/docs/api/authentication/#generate-api-keys
	// The key id (rzp_live_ and 14 characters) is an identifier; its
	// 24-character secret is what leaks, named as Razorpay's or paired
	// with the key id as Basic credentials.
	{
		ID: "razorpay-key-secret", Provider: "razorpay", Title: "live API key secret",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"razorpay", "rzp_live_"},
		Pattern:    `(?:` + psmSetting("razorpay", `secret`) + `|\brzp_live_[A-Za-z0-9]{14}:)([A-Za-z0-9]{24})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`RAZORPAY_KEY_SECRET={{an:24}}`,
			`razorpay_secret: "{{an:24}}"`,
			`curl -u rzp_live_{{an:14}}:{{an:24}} https://api.razorpay.com/v1/payments`,
		},
		NoMatch: []string{
			`RAZORPAY_KEY_ID=rzp_live_{{an:14}}`,
			`RAZORPAY_KEY_SECRET={{an:16}}`,
			`RAZORPAY_KEY_SECRET=your_key_secret_here`,
		},
	},
	// https://razorpay.com/docs/api/authentication/#generate-api-keys
	{
		ID: "razorpay-test-key-secret", Provider: "razorpay", Title: "test API key secret",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"rzp_test_"},
		Pattern:  `\brzp_test_[A-Za-z0-9]{14}:([A-Za-z0-9]{24})\b`,
		Match: []string{
			`curl -u rzp_test_{{an:14}}:{{an:24}} https://api.razorpay.com/v1/orders`,
			`auth = "rzp_test_{{an:14}}:{{an:24}}"`,
		},
		NoMatch: []string{
			`RAZORPAY_KEY_ID=rzp_test_{{an:14}}`,
			`auth = "rzp_test_{{an:14}}:{{an:10}}"`,
		},
	},

	// https://plaid.com/docs/api/#api-access
	// Secrets are 30 hex digits with no prefix (one per environment).
	{
		ID: "plaid-secret", Provider: "plaid", Title: "API secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"plaid"},
		Pattern:    psmSetting("plaid", `secret`) + `([0-9a-f]{30})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`PLAID_SECRET={{hex:30}}`,
			`"plaid_secret": "{{hex:30}}",`,
			`  plaidSecret: '{{hex:30}}'`,
		},
		NoMatch: []string{
			`PLAID_CLIENT_ID={{hex:24}}`,
			`PLAID_SECRET={{hex:24}}`,
			`PLAID_SECRET=your-plaid-secret`,
		},
	},
	// https://plaid.com/docs/api/items/#item-access-tokens
	// access-<environment>-<uuid>; sandbox tokens grant nothing real.
	{
		ID: "plaid-access-token", Provider: "plaid", Title: "Item access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"access-production-", "access-development-"},
		Pattern:  `\b(access-(?:production|development)-` + psmUUID + `)\b`,
		Match: []string{
			`PLAID_ACCESS_TOKEN=access-production-{{uuid}}`,
			`{"access_token": "access-development-{{uuid}}", "item_id": "{{an:37}}"}`,
		},
		NoMatch: []string{
			`PLAID_ACCESS_TOKEN=access-sandbox-{{uuid}}`,
			`PLAID_ACCESS_TOKEN=access-production-{{hex:32}}`,
		},
	},

	// https://docs.adyen.com/development-resources/api-credentials#generate-api-key
	// Adyen does not publish the layout, but every key observed is AQE,
	// base64, '-', a base64 digest, '-' and a short password-like tail;
	// that shape is distinctive enough without "adyen" on the line.
	{
		ID: "adyen-api-key", Provider: "adyen", Title: "API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"AQE"},
		Pattern:    `\b(AQE[A-Za-z0-9+/]{40,200}={0,2}-[A-Za-z0-9+/]{40,60}={0,2}-[^\s"'<>]{6,40})`,
		MinEntropy: 4.5,
		Match: []string{
			`ADYEN_API_KEY=AQE{{b64:70}}==-{{b64:43}}=-{{an:16}}`,
			`  x-api-key: "AQE{{b64:80}}==-{{b64:43}}=-{{an:8}};{{an:8}}"`,
			`client.xapikey = "AQE{{b64:70}}==-{{b64:43}}=-{{an:16}}"`,
		},
		NoMatch: []string{
			`ADYEN_API_KEY=AQE...`,
			`ADYEN_API_KEY=AQE{{b64:70}}`,
			`ADYEN_HMAC_KEY={{HEX:64}}`,
		},
	},

	// https://docs.cdp.coinbase.com/get-started/docs/cdp-api-keys
	// Legacy API secrets are 32 base62 characters; current (CDP) secrets
	// are 64-byte keys in base64. Neither has a prefix.
	{
		ID: "coinbase-api-secret", Provider: "coinbase", Title: "API key secret",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"coinbase"},
		Pattern:    psmSetting("coinbase", `secret`) + `([A-Za-z0-9+/]{86}==|[A-Za-z0-9]{32})(?:[^A-Za-z0-9+/=]|$)`,
		MinEntropy: 3.5,
		Match: []string{
			`COINBASE_API_SECRET={{an:32}}`,
			`coinbase_api_secret: "{{b64:86}}=="`,
			`"coinbaseSecret": "{{an:32}}",`,
		},
		NoMatch: []string{
			`COINBASE_API_KEY={{an:16}}`,
			`COINBASE_API_SECRET={{an:20}}`,
			`COINBASE_API_SECRET=your_api_secret`,
		},
	},

	// https://developer.flutterwave.com/docs/authentication
	{
		ID: "flutterwave-secret-key", Provider: "flutterwave", Title: "live secret key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"FLWSECK-"},
		Pattern:  `\b(FLWSECK-[0-9a-f]{32}-X)\b`,
		Match: []string{
			`FLW_SECRET_KEY=FLWSECK-{{hex:32}}-X`,
			`const flw = new Flutterwave(process.env.FLW_PUBLIC_KEY, "FLWSECK-{{hex:32}}-X");`,
		},
		NoMatch: []string{
			`FLW_SECRET_KEY=FLWSECK-{{hex:20}}-X`,
			`FLW_SECRET_KEY=FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X`,
			`FLW_SECRET_KEY=FLWSECK_TEST-{{hex:32}}-X`,
		},
	},
	// https://developer.flutterwave.com/docs/authentication
	{
		ID: "flutterwave-test-secret-key", Provider: "flutterwave", Title: "test secret key",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"FLWSECK_TEST-"},
		Pattern:  `\b(FLWSECK_TEST-[0-9a-f]{32}-X)\b`,
		Match: []string{
			`FLW_SECRET_KEY=FLWSECK_TEST-{{hex:32}}-X`,
			`  secret_key: FLWSECK_TEST-{{hex:32}}-X`,
		},
		NoMatch: []string{
			`FLW_SECRET_KEY=FLWSECK_TEST-{{hex:32}}`,
			`FLW_SECRET_KEY=FLWSECK_TEST-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-X`,
		},
	},

	// https://developer.gocardless.com/getting-started/api/making-your-first-request/
	// live_ or sandbox_ and 40 base64url characters; live_ is too
	// common a prefix to stand alone.
	{
		ID: "gocardless-access-token", Provider: "gocardless", Title: "live access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"gocardless"},
		Pattern:  `(?i:gocardless)[^\n]{0,100}?\b(live_[A-Za-z0-9_-]{40})` + psmEnd,
		Match: []string{
			`GOCARDLESS_ACCESS_TOKEN=live_{{b64u:40}}`,
			`client = gocardless_pro.Client(access_token="live_{{b64u:40}}", environment="live")`,
		},
		NoMatch: []string{
			`GOCARDLESS_ACCESS_TOKEN=live_{{b64u:20}}`,
			`GOCARDLESS_ENVIRONMENT=live`,
			`token = "live_{{b64u:40}}"`,
		},
	},
	// https://developer.gocardless.com/getting-started/developer-tools/sandbox
	{
		ID: "gocardless-sandbox-access-token", Provider: "gocardless", Title: "sandbox access token",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"gocardless"},
		Pattern:  `(?i:gocardless)[^\n]{0,100}?\b(sandbox_[A-Za-z0-9_-]{40})` + psmEnd,
		Match: []string{
			`GOCARDLESS_ACCESS_TOKEN=sandbox_{{b64u:40}}`,
			`gocardless: { token: 'sandbox_{{b64u:40}}' }`,
		},
		NoMatch: []string{
			`GOCARDLESS_ENVIRONMENT=sandbox`,
			`GOCARDLESS_ACCESS_TOKEN=sandbox_{{b64u:12}}`,
		},
	},

	// https://docs.mollie.com/reference/authentication#api-keys
	// live_ or test_ and 30 base62 characters.
	{
		ID: "mollie-api-key", Provider: "mollie", Title: "live API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"mollie"},
		Pattern:  `(?i:mollie)[^\n]{0,100}?\b(live_[A-Za-z0-9]{30})\b`,
		Match: []string{
			`MOLLIE_API_KEY=live_{{an:30}}`,
			`$mollie->setApiKey("live_{{an:30}}");`,
		},
		NoMatch: []string{
			`MOLLIE_API_KEY=live_{{an:20}}`,
			`MOLLIE_API_KEY=live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`key = "live_{{an:30}}"`,
		},
	},
	// https://docs.mollie.com/reference/authentication#api-keys
	{
		ID: "mollie-test-api-key", Provider: "mollie", Title: "test API key",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"mollie"},
		Pattern:  `(?i:mollie)[^\n]{0,100}?\b(test_[A-Za-z0-9]{30})\b`,
		Match: []string{
			`MOLLIE_API_KEY=test_{{an:30}}`,
			`mollie_client.set_api_key('test_{{an:30}}')`,
		},
		NoMatch: []string{
			`MOLLIE_API_KEY=test_{{an:10}}`,
			`mollie test_mode: true`,
		},
	},

	// https://www.checkout.com/docs/developer-resources/api/manage-api-keys/api-keys
	// Current secret keys are sk_ and 27 base32 characters (sandbox:
	// sk_sbox_); older accounts have sk_ and a UUID (sandbox: sk_test_).
	// The bare sk_ form is too generic without Checkout.com on the line.
	{
		ID: "checkout-com-secret-key", Provider: "checkout-com", Title: "live secret key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"checkout", "cko_"},
		Pattern:    `(?i:checkout|cko_)[^\n]{0,100}?\b(sk_(?:[a-z2-7]{27}|` + psmUUID + `))\b`,
		MinEntropy: 3.5,
		Match: []string{
			`CKO_SECRET_KEY=sk_{{low:27}}`,
			`checkout_api = CheckoutSdk.builder().secret_key("sk_{{uuid}}").environment(Environment.production()).build()`,
			`"checkout": {"secretKey": "sk_{{low:27}}", "publicKey": "pk_{{low:27}}"}`,
		},
		NoMatch: []string{
			`CKO_SECRET_KEY=sk_sbox_{{low:27}}`,
			`CKO_SECRET_KEY=sk_{{low:12}}`,
			`stripe.checkout.Session.create(api_key="sk_live_{{an:24}}")`,
		},
	},
	// https://www.checkout.com/docs/developer-resources/api/manage-api-keys/api-keys
	{
		ID: "checkout-com-sandbox-secret-key", Provider: "checkout-com", Title: "sandbox secret key",
		Kind: KindTest, Severity: SeverityLow,
		Keywords: []string{"sk_sbox_", "sk_test_"},
		Pattern:  `\b(sk_sbox_[a-z2-7]{26,27}|sk_test_` + psmUUID + `)\b`,
		Match: []string{
			`CKO_SECRET_KEY=sk_sbox_{{low:27}}`,
			`api = checkout_sdk.DefaultSdk(secret_key="sk_test_{{uuid}}")`,
		},
		NoMatch: []string{
			`STRIPE_SECRET_KEY=sk_test_{{an:24}}`,
			`CKO_SECRET_KEY=sk_sbox_XXX`,
		},
	},
}
