package detector

import "strings"

var _ = register(googleProviders, googleRules)

var googleProviders = []Provider{
	{
		ID: "google", Name: "Google Cloud API key", EnvVar: "GOOGLE_API_KEY",
		RotateURL: "https://console.cloud.google.com/apis/credentials",
		DocsURL:   "https://cloud.google.com/docs/authentication/api-keys",
	},
	{
		ID: "google-gemini", Name: "Google Gemini API", EnvVar: "GEMINI_API_KEY",
		RotateURL: "https://aistudio.google.com/apikey",
		DocsURL:   "https://ai.google.dev/gemini-api/docs/api-key",
	},
	{
		ID: "google-maps", Name: "Google Maps Platform", EnvVar: "GOOGLE_MAPS_API_KEY",
		RotateURL: "https://console.cloud.google.com/google/maps-apis/credentials",
		DocsURL:   "https://developers.google.com/maps/api-security-best-practices",
	},
	{
		ID: "firebase", Name: "Firebase", EnvVar: "FIREBASE_API_KEY",
		RotateURL: "https://console.firebase.google.com/project/_/settings/general",
		DocsURL:   "https://firebase.google.com/docs/projects/api-keys",
	},
	{
		ID: "gcp", Name: "Google Cloud service account", EnvVar: "GOOGLE_APPLICATION_CREDENTIALS",
		RotateURL: "https://console.cloud.google.com/iam-admin/serviceaccounts",
		DocsURL:   "https://cloud.google.com/iam/docs/keys-create-delete",
	},
	{
		ID: "google-oauth", Name: "Google OAuth 2.0", EnvVar: "GOOGLE_CLIENT_SECRET",
		RotateURL: "https://console.cloud.google.com/apis/credentials",
		DocsURL:   "https://developers.google.com/identity/protocols/oauth2",
	},
}

// googleKey is a Google API key: "AIza" and 35 URL-safe base64
// characters, 39 in all. The same format serves browser keys (Maps,
// Firebase), which are public by design and restricted by referrer, and
// server keys (Gemini, most Cloud APIs), which are not; the rules below
// tell them apart by the context on the key's line.
//
// The pattern takes the whole run of key characters and googleKeyLen
// rejects runs of another length: a right edge that consumed the next
// character would hide the second key of "KEY1,KEY2".
const googleKey = `(?:^|[^0-9A-Za-z_-])(AIza[0-9A-Za-z_-]{35,})`

func googleKeyLen(secret []byte) bool { return len(secret) == 39 }

// googleKeyAfter matches a Google API key later on the same line as one of
// the context words in ctx (a regexp alternation, case-insensitive).
func googleKeyAfter(ctx string) string {
	return `(?i:` + ctx + `)[^\n]*?` + googleKey
}

// gcpPrivateKeyBody is the base64 body of a PEM private key as a JSON
// string holds it: lines joined by nl, the two characters "\n" (or "\\n"
// when the key file is itself a string inside another JSON document).
func gcpPrivateKeyBody(nl string) string {
	return "MIIEv{{b64:59}}" + nl + strings.Repeat("{{b64:64}}"+nl, 24) + "{{b64:30}}==" + nl
}

var googleRules = []Rule{
	// https://ai.google.dev/gemini-api/docs/api-key
	// Listed before google-api-key: on a line that names Gemini or the
	// Generative Language API, an AIza key is a server-side secret.
	{
		ID: "google-gemini-api-key", Provider: "google-gemini", Title: "Gemini API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"AIza"},
		Pattern:  googleKeyAfter(`gemini|generative_?language|generative_?ai|genai`),
		Check:    googleKeyLen,
		Match: []string{
			`GEMINI_API_KEY=AIza{{alnumdash:35}}`,
			`genai.configure(api_key="AIza{{alnumdash:35}}")`,
			`curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent?key=AIza{{alnumdash:35}}"`,
			`const ai = new GoogleGenAI({ apiKey: "AIza{{alnumdash:35}}" });`,
		},
		NoMatch: []string{
			`GEMINI_API_KEY=AIza{{alnumdash:30}}`,
			`GEMINI_API_KEY=AIzaSy...`,
			`gemini = genai.GenerativeModel("gemini-1.5-pro")`,
			`MAPS_API_KEY=AIza{{alnumdash:35}}`,
		},
	},
	// https://developers.google.com/maps/documentation/javascript/get-api-key
	// Maps keys ship in web pages and mobile apps and are restricted by
	// referrer or app signature: publishable.
	{
		ID: "google-maps-api-key", Provider: "google-maps", Title: "Maps Platform API key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"AIza"},
		Pattern:  googleKeyAfter(`maps\.googleapis\.com|google[_-]?maps|maps[_-]?(?:api[_-]?)?key|geo\.api_key|gmsservices|gmsplacesclient`),
		Check:    googleKeyLen,
		Match: []string{
			`<script src="https://maps.googleapis.com/maps/api/js?key=AIza{{alnumdash:35}}&callback=initMap"></script>`,
			`<meta-data android:name="com.google.android.geo.API_KEY" android:value="AIza{{alnumdash:35}}"/>`,
			`NEXT_PUBLIC_GOOGLE_MAPS_API_KEY=AIza{{alnumdash:35}}`,
			`GMSServices.provideAPIKey("AIza{{alnumdash:35}}")`,
		},
		NoMatch: []string{
			`<script src="https://maps.googleapis.com/maps/api/js?key=YOUR_API_KEY"></script>`,
			`MAPS_API_KEY=AIza{{alnumdash:36}}`,
			`GOOGLE_API_KEY=AIza{{alnumdash:35}}`,
		},
	},
	// https://firebase.google.com/docs/projects/api-keys
	// Firebase web config keys identify the project to Google and are meant
	// to be shipped in the app; access is governed by Security Rules.
	{
		ID: "firebase-web-api-key", Provider: "firebase", Title: "web API key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"AIza"},
		Window:   400,
		Pattern:  `(?i:firebase)(?:[^\n]*?|[\s\S]{0,300}?\bapiKey["']?\s*[:=]\s*)` + googleKey,
		Check:    googleKeyLen,
		Match: []string{
			"const firebaseConfig = {\n  apiKey: \"AIza{{alnumdash:35}}\",\n  authDomain: \"app-{{lan:6}}.firebaseapp.com\",\n  projectId: \"app-{{lan:6}}\",\n};",
			`NEXT_PUBLIC_FIREBASE_API_KEY=AIza{{alnumdash:35}}`,
			`firebase.initializeApp({apiKey: 'AIza{{alnumdash:35}}', projectId: 'demo-{{lan:5}}'})`,
		},
		NoMatch: []string{
			"const firebaseConfig = {\n  apiKey: process.env.FIREBASE_API_KEY,\n};",
			`FIREBASE_API_KEY=AIza{{alnumdash:34}}`,
			"// firebase setup lives in app.js\nYOUTUBE_KEY=AIza{{alnumdash:35}}",
		},
	},
	// https://cloud.google.com/docs/authentication/api-keys
	// Listed after the context rules above, which claim the same span.
	{
		ID: "google-api-key", Provider: "google", Title: "API key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{"AIza"},
		Pattern:  googleKey,
		Check:    googleKeyLen,
		Match: []string{
			`GOOGLE_API_KEY=AIza{{alnumdash:35}}`,
			`youtube = build("youtube", "v3", developerKey="AIza{{alnumdash:35}}")`,
			`  translate_key: AIza{{alnumdash:35}}`,
			`{"google": {"key": "AIza{{alnumdash:35}}"}}`,
		},
		NoMatch: []string{
			`GOOGLE_API_KEY=AIza{{alnumdash:34}}`,
			`GOOGLE_API_KEY=AIza{{alnumdash:36}}`,
			`GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`,
			`if key.startswith("AIza"):`,
		},
	},
	// https://cloud.google.com/iam/docs/keys-create-delete#creating
	// A service account key file is JSON whose "type" is "service_account"
	// and whose "private_key" holds a PKCS #8 PEM block with its newlines
	// escaped. The secret is the whole private_key string.
	{
		ID: "gcp-service-account-key", Provider: "gcp", Title: "service account private key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"service_account"},
		Window:   4096,
		Pattern:  `\\*"type\\*"\s*:\s*\\*"service_account\\*"[^}]{0,800}?\\*"private_key\\*"\s*:\s*\\*"(-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{64,}?-----END (?:RSA )?PRIVATE KEY-----(?:\\+n)?)\\*"`,
		Match: []string{
			"{\n  \"type\": \"service_account\",\n  \"project_id\": \"build-{{dig:6}}\",\n  \"private_key_id\": \"{{hex:40}}\",\n  \"private_key\": \"" + pkBegin("PRIVATE KEY") + "\\n" + gcpPrivateKeyBody(`\n`) + pkEnd("PRIVATE KEY") + "\\n\",\n  \"client_email\": \"deployer@build-{{dig:6}}.iam.gserviceaccount.com\",\n  \"client_id\": \"{{dig:21}}\"\n}\n",
			`creds = {"type":"service_account","project_id":"etl-{{dig:5}}","private_key_id":"{{hex:40}}","private_key":"` + pkBegin("PRIVATE KEY") + `\n` + gcpPrivateKeyBody(`\n`) + pkEnd("PRIVATE KEY") + `\n","client_email":"etl@etl-{{dig:5}}.iam.gserviceaccount.com"}`,
			// The key file as a string value inside another JSON document.
			`{"credentials": "{\"type\": \"service_account\", \"project_id\": \"ci-{{dig:5}}\", \"private_key\": \"` + pkBegin("PRIVATE KEY") + `\\n` + gcpPrivateKeyBody(`\\n`) + pkEnd("PRIVATE KEY") + `\\n\", \"client_email\": \"ci@ci-{{dig:5}}.iam.gserviceaccount.com\"}"}`,
		},
		NoMatch: []string{
			"{\n  \"type\": \"service_account\",\n  \"project_id\": \"build-{{dig:6}}\",\n  \"private_key_id\": \"{{hex:40}}\",\n  \"private_key\": \"" + pkBegin("PRIVATE KEY") + "\\n<your key here>\\n" + pkEnd("PRIVATE KEY") + "\\n\"\n}\n",
			`{"type": "service_account", "project_id": "demo", "private_key": ""}`,
			`# Set "type": "service_account" and paste the "private_key" from the console.`,
		},
	},
	// https://developers.google.com/identity/protocols/oauth2 (client
	// secrets issued since 2021 are "GOCSPX-" and 28 URL-safe characters)
	{
		ID: "google-oauth-client-secret", Provider: "google-oauth", Title: "OAuth client secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"GOCSPX-"},
		Pattern:  prefixedDashToken(`GOCSPX-[0-9A-Za-z_-]{28}`),
		Match: []string{
			`GOOGLE_CLIENT_SECRET=GOCSPX-{{alnumdash:28}}`,
			`{"web":{"client_id":"{{dig:12}}-{{lan:32}}.apps.googleusercontent.com","client_secret":"GOCSPX-{{alnumdash:28}}"}}`,
			`  client_secret: GOCSPX-{{alnumdash:28}}`,
		},
		NoMatch: []string{
			`GOOGLE_CLIENT_SECRET=GOCSPX-{{alnumdash:20}}`,
			`GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`secrets starting with "GOCSPX-" are client secrets`,
		},
	},
	// https://developers.google.com/identity/protocols/oauth2 (access
	// tokens are opaque; the "ya29." prefix is their widely observed shape)
	{
		ID: "google-oauth-access-token", Provider: "google-oauth", Title: "OAuth access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"ya29."},
		Pattern:    `(?:^|[^0-9A-Za-z_.-])(ya29\.(?:[0-9A-Za-z_-]{1,4}\.)?[0-9A-Za-z_-]{60,})`,
		MinEntropy: 4.0,
		Match: []string{
			`GOOGLE_OAUTH_ACCESS_TOKEN=ya29.a0{{alnumdash:150}}`,
			`{"access_token": "ya29.c.c0{{alnumdash:200}}", "expires_in": 3599, "token_type": "Bearer"}`,
			`creds = Credentials(token="ya29.{{alnumdash:120}}")`,
		},
		NoMatch: []string{
			`access_token = "ya29.{{alnumdash:20}}"`,
			`Access tokens look like ya29.a0AfH6SM... and expire after an hour.`,
			`token = "ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`,
		},
	},
	// https://developers.google.com/identity/protocols/oauth2#expiration
	// (refresh tokens are opaque; "1//0" and ~100 URL-safe characters is
	// their widely observed shape)
	{
		ID: "google-oauth-refresh-token", Provider: "google-oauth", Title: "OAuth refresh token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"1//0"},
		Pattern:    `(?:^|[^0-9A-Za-z_/-])(1//0[0-9A-Za-z_-]{60,512})`,
		MinEntropy: 4.0,
		Match: []string{
			`GOOGLE_REFRESH_TOKEN=1//0{{alnumdash:99}}`,
			`{"refresh_token": "1//0{{alnumdash:99}}", "client_id": "{{dig:12}}-{{lan:32}}.apps.googleusercontent.com"}`,
			`  refresh_token: "1//0{{alnumdash:99}}"`,
		},
		NoMatch: []string{
			`refresh_token = "1//0{{alnumdash:20}}"`,
			`ratio = 1//0`,
			`url = "https://host/1//0{{alnumdash:99}}"`,
		},
	},
	// https://firebase.google.com/docs/cloud-messaging/migrate-v1 (legacy
	// FCM server keys: "AAAA", 7 characters, ":APA91b" and 134 characters)
	{
		ID: "firebase-fcm-server-key", Provider: "firebase", Title: "Cloud Messaging legacy server key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{":APA91b"},
		Pattern:  prefixedDashToken(`AAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{134}`),
		Match: []string{
			`FCM_SERVER_KEY=AAAA{{alnumdash:7}}:APA91b{{alnumdash:134}}`,
			`headers = {"Authorization": "key=AAAA{{alnumdash:7}}:APA91b{{alnumdash:134}}"}`,
		},
		NoMatch: []string{
			// A device registration token has the same tail and no AAAA.
			`registration_id = "{{alnumdash:11}}:APA91b{{alnumdash:134}}"`,
			`FCM_SERVER_KEY=AAAA{{alnumdash:7}}:APA91b{{alnumdash:40}}`,
		},
	},
}
