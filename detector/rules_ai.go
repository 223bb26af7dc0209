package detector

var _ = register(aiProviders, aiRules)

var aiProviders = []Provider{
	{
		ID: "openai", Name: "OpenAI", EnvVar: "OPENAI_API_KEY",
		RotateURL: "https://platform.openai.com/api-keys",
		DocsURL:   "https://platform.openai.com/docs/api-reference/authentication",
	},
	{
		ID: "anthropic", Name: "Anthropic", EnvVar: "ANTHROPIC_API_KEY",
		RotateURL: "https://console.anthropic.com/settings/keys",
		DocsURL:   "https://docs.anthropic.com/en/api/overview#authentication",
	},
	{
		ID: "huggingface", Name: "Hugging Face", EnvVar: "HF_TOKEN",
		RotateURL: "https://huggingface.co/settings/tokens",
		DocsURL:   "https://huggingface.co/docs/hub/security-tokens",
	},
	{
		ID: "groq", Name: "Groq", EnvVar: "GROQ_API_KEY",
		RotateURL: "https://console.groq.com/keys",
		DocsURL:   "https://console.groq.com/docs/quickstart",
	},
	{
		ID: "mistral", Name: "Mistral AI", EnvVar: "MISTRAL_API_KEY",
		RotateURL: "https://console.mistral.ai/api-keys",
		DocsURL:   "https://docs.mistral.ai/getting-started/quickstart/",
	},
	{
		ID: "cohere", Name: "Cohere", EnvVar: "CO_API_KEY",
		RotateURL: "https://dashboard.cohere.com/api-keys",
		DocsURL:   "https://docs.cohere.com/reference/about",
	},
	{
		ID: "replicate", Name: "Replicate", EnvVar: "REPLICATE_API_TOKEN",
		RotateURL: "https://replicate.com/account/api-tokens",
		DocsURL:   "https://replicate.com/docs/topics/security/api-tokens",
	},
	{
		ID: "perplexity", Name: "Perplexity", EnvVar: "PERPLEXITY_API_KEY",
		RotateURL: "https://www.perplexity.ai/settings/api",
		DocsURL:   "https://docs.perplexity.ai/guides/getting-started",
	},
	{
		ID: "xai", Name: "xAI", EnvVar: "XAI_API_KEY",
		RotateURL: "https://console.x.ai/",
		DocsURL:   "https://docs.x.ai/docs/overview",
	},
	{
		ID: "deepseek", Name: "DeepSeek", EnvVar: "DEEPSEEK_API_KEY",
		RotateURL: "https://platform.deepseek.com/api_keys",
		DocsURL:   "https://api-docs.deepseek.com/",
	},
	{
		ID: "openrouter", Name: "OpenRouter", EnvVar: "OPENROUTER_API_KEY",
		RotateURL: "https://openrouter.ai/settings/keys",
		DocsURL:   "https://openrouter.ai/docs/api-reference/authentication",
	},
	{
		ID: "pinecone", Name: "Pinecone", EnvVar: "PINECONE_API_KEY",
		RotateURL: "https://app.pinecone.io/organizations/-/projects/-/keys",
		DocsURL:   "https://docs.pinecone.io/guides/projects/manage-api-keys",
	},
	{
		ID: "langsmith", Name: "LangSmith (LangChain)", EnvVar: "LANGSMITH_API_KEY",
		RotateURL: "https://smith.langchain.com/settings",
		DocsURL:   "https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key",
	},
	{
		ID: "together", Name: "Together AI", EnvVar: "TOGETHER_API_KEY",
		RotateURL: "https://api.together.ai/settings/api-keys",
		DocsURL:   "https://docs.together.ai/docs/api-keys-authentication",
	},
	{
		ID: "fireworks", Name: "Fireworks AI", EnvVar: "FIREWORKS_API_KEY",
		RotateURL: "https://fireworks.ai/account/api-keys",
		DocsURL:   "https://docs.fireworks.ai/getting-started/quickstart",
	},
	{
		ID: "elevenlabs", Name: "ElevenLabs", EnvVar: "ELEVENLABS_API_KEY",
		RotateURL: "https://elevenlabs.io/app/settings/api-keys",
		DocsURL:   "https://elevenlabs.io/docs/api-reference/authentication",
	},
	{
		ID: "assemblyai", Name: "AssemblyAI", EnvVar: "ASSEMBLYAI_API_KEY",
		RotateURL: "https://www.assemblyai.com/app/api-keys",
		DocsURL:   "https://www.assemblyai.com/docs/api-reference/overview#authorization",
	},
	{
		ID: "deepgram", Name: "Deepgram", EnvVar: "DEEPGRAM_API_KEY",
		RotateURL: "https://console.deepgram.com/",
		DocsURL:   "https://developers.deepgram.com/docs/create-additional-api-keys",
	},
	{
		ID: "wandb", Name: "Weights & Biases", EnvVar: "WANDB_API_KEY",
		RotateURL: "https://wandb.ai/settings",
		DocsURL:   "https://docs.wandb.ai/guides/track/environment-variables/",
	},
	{
		ID: "voyage", Name: "Voyage AI", EnvVar: "VOYAGE_API_KEY",
		RotateURL: "https://dash.voyageai.com/api-keys",
		DocsURL:   "https://docs.voyageai.com/docs/api-key-and-installation",
	},
	{
		ID: "stability", Name: "Stability AI", EnvVar: "STABILITY_API_KEY",
		RotateURL: "https://platform.stability.ai/account/keys",
		DocsURL:   "https://platform.stability.ai/docs/getting-started/authentication",
	},
	{
		ID: "cerebras", Name: "Cerebras", EnvVar: "CEREBRAS_API_KEY",
		RotateURL: "https://cloud.cerebras.ai/platform/",
		DocsURL:   "https://inference-docs.cerebras.ai/quickstart",
	},
	{
		ID: "tavily", Name: "Tavily", EnvVar: "TAVILY_API_KEY",
		RotateURL: "https://app.tavily.com/home",
		DocsURL:   "https://docs.tavily.com/documentation/quickstart",
	},
	{
		ID: "langfuse", Name: "Langfuse", EnvVar: "LANGFUSE_SECRET_KEY",
		RotateURL: "https://cloud.langfuse.com/",
		DocsURL:   "https://langfuse.com/faq/all/where-are-langfuse-api-keys",
	},
}

// tokenLead is the left edge of a prefixed token: the start of the text
// or a character that cannot belong to a token, so that "fw_..." inside a
// base64url hash such as "qaN-fw_htIg..." is not read as a key.
const tokenLead = `(?:^|[^0-9A-Za-z_-])`

// prefixedToken matches a token that starts with its own literal prefix
// and whose body ends in a letter or digit: the right edge is \b, which
// consumes nothing, so a list of keys separated by single commas or spaces
// yields every key. A "-" right after the token is tolerated.
func prefixedToken(body string) string {
	return tokenLead + `(` + body + `)\b`
}

// prefixedDashToken is prefixedToken for bodies that may end in "-" or
// "_": the right edge has to consume the next character, so of two such
// keys separated by a single character only the first is reported.
func prefixedDashToken(body string) string {
	return tokenLead + `(` + body + `)(?:[^0-9A-Za-z_-]|$)`
}

// prefixedRun is prefixedToken for bodies that end in a greedy run of
// token characters, which needs no right edge: the run takes every token
// character there is.
func prefixedRun(body string) string {
	return tokenLead + `(` + body + `)`
}

// assignedNear matches a value that has no distinctive prefix when a name
// mentioning ctx (a regexp alternation, case-insensitive) is assigned it on
// the same line:
//
//	MISTRAL_API_KEY=value         mistral_api_key: "value"
//	"cohereApiKey": "value"       os.environ.setdefault("X_KEY", "value")
//	cohere.Client("value")        Mistral(api_key="value")
//
// The value must not run on into further token characters.
func assignedNear(ctx, value string) string {
	return `(?i:` + ctx + `)(?:[\w.-]{0,30}?|[^\n]{0,80}?(?i:key|token|secret)[\w.-]{0,10}?)["'\x60]?\s*(?::=|=>|[:=,(])\s*["'\x60]?(` + value + `)(?:[^0-9A-Za-z_-]|$)`
}

// uuidBody is an RFC 4122 UUID in either case.
const uuidBody = `[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`

// mixedAlnum reports whether b holds a digit, an upper- and a lowercase
// letter, as random base62 keys of 20 or more characters almost always do
// and identifiers such as fw_UpdateHandler do not.
func mixedAlnum(b []byte) bool {
	var d, u, l bool
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			d = true
		case 'A' <= c && c <= 'Z':
			u = true
		case 'a' <= c && c <= 'z':
			l = true
		}
	}
	return d && u && l
}

// openaiKey builds the rules for OpenAI's current key formats: a prefix,
// a URL-safe body with the "T3BlbkFJ" marker (base64 of "OpenAI") in it.
func openaiKey(id, prefix, title string, sev Severity) Rule {
	return Rule{
		ID: id, Provider: "openai", Title: title,
		Kind: KindSecret, Severity: sev,
		Keywords: []string{prefix},
		Pattern:  prefixedRun(prefix + `[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}`),
		Match: []string{
			`OPENAI_API_KEY=` + prefix + `{{alnumdash:74}}T3BlbkFJ{{alnumdash:74}}`,
			`client = OpenAI(api_key="` + prefix + `{{alnumdash:58}}T3BlbkFJ{{alnumdash:58}}")`,
			`  openai_key: "` + prefix + `{{an:20}}T3BlbkFJ{{an:20}}"`,
		},
		NoMatch: []string{
			`OPENAI_API_KEY=` + prefix + `{{alnumdash:74}}`,
			`OPENAI_API_KEY=` + prefix + `...`,
			`if key.startswith("` + prefix + `"):`,
		},
	}
}

var aiRules = []Rule{
	// https://help.openai.com/en/articles/9186755-managing-your-work-in-the-api-platform-with-projects
	openaiKey("openai-project-key", "sk-proj-", "project API key", SeverityHigh),
	// https://platform.openai.com/docs/api-reference/project-service-accounts
	openaiKey("openai-service-account-key", "sk-svcacct-", "service account API key", SeverityHigh),
	// https://platform.openai.com/docs/api-reference/admin-api-keys
	openaiKey("openai-admin-key", "sk-admin-", "admin API key", SeverityCritical),
	// https://platform.openai.com/docs/api-reference/authentication (user
	// keys: "sk-", 20 base62, the marker, 20 base62; "sk-None-" keys are
	// user keys created without a project, longer and URL-safe)
	{
		ID: "openai-api-key", Provider: "openai", Title: "user API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"T3BlbkFJ"},
		Pattern:  prefixedRun(`sk-(?:[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b|None-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})`),
		Match: []string{
			`OPENAI_API_KEY=sk-{{an:20}}T3BlbkFJ{{an:20}}`,
			`openai.api_key = "sk-{{an:20}}T3BlbkFJ{{an:20}}"`,
			`{"openai": {"apiKey": "sk-None-{{alnumdash:48}}T3BlbkFJ{{alnumdash:48}}"}}`,
		},
		NoMatch: []string{
			`OPENAI_API_KEY=sk-{{an:20}}T3BlbkFJ{{an:12}}`,
			`OPENAI_API_KEY=sk-{{an:48}}`,
			`marker = "T3BlbkFJ"`,
		},
	},
	// https://docs.anthropic.com/en/api/overview#authentication (keys are
	// "sk-ant-api03-", 93 URL-safe characters and "AA", 108 in all)
	{
		ID: "anthropic-api-key", Provider: "anthropic", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sk-ant-api03-"},
		Pattern:  prefixedToken(`sk-ant-api03-[A-Za-z0-9_-]{93}AA`),
		Match: []string{
			`ANTHROPIC_API_KEY=sk-ant-api03-{{alnumdash:93}}AA`,
			`client = anthropic.Anthropic(api_key="sk-ant-api03-{{alnumdash:93}}AA")`,
			`export ANTHROPIC_API_KEY='sk-ant-api03-{{alnumdash:93}}AA'`,
		},
		NoMatch: []string{
			`ANTHROPIC_API_KEY=sk-ant-api03-{{alnumdash:80}}AA`,
			`ANTHROPIC_API_KEY=sk-ant-api03-...`,
			`ANTHROPIC_API_KEY=sk-ant-api03-{{alnumdash:93}}`,
		},
	},
	// https://docs.anthropic.com/en/api/administration-api
	{
		ID: "anthropic-admin-key", Provider: "anthropic", Title: "Admin API key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"sk-ant-admin01-"},
		Pattern:  prefixedToken(`sk-ant-admin01-[A-Za-z0-9_-]{93}AA`),
		Match: []string{
			`ANTHROPIC_ADMIN_KEY=sk-ant-admin01-{{alnumdash:93}}AA`,
			`headers = {"x-api-key": "sk-ant-admin01-{{alnumdash:93}}AA", "anthropic-version": "2023-06-01"}`,
		},
		NoMatch: []string{
			`ANTHROPIC_ADMIN_KEY=sk-ant-admin01-{{alnumdash:60}}`,
			`Admin keys start with sk-ant-admin01- and are distinct from API keys.`,
		},
	},
	// https://huggingface.co/docs/hub/security-tokens ("hf_" and 34 letters)
	{
		ID: "huggingface-access-token", Provider: "huggingface", Title: "user access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"hf_"},
		Pattern:  prefixedToken(`hf_[A-Za-z]{34}`),
		Match: []string{
			`HF_TOKEN=hf_{{up:10}}{{low:14}}{{up:10}}`,
			`login(token="hf_{{low:12}}{{up:10}}{{low:12}}")`,
			`  huggingface_token: hf_{{up:17}}{{low:17}}`,
		},
		NoMatch: []string{
			`HF_TOKEN=hf_{{low:20}}`,
			`from huggingface_hub import hf_hub_download`,
			`HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://huggingface.co/docs/hub/security-tokens (organization API
	// tokens, deprecated but still honoured: "api_org_" and 34 letters)
	{
		ID: "huggingface-org-token", Provider: "huggingface", Title: "organization API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"api_org_"},
		Pattern:  prefixedToken(`api_org_[A-Za-z]{34}`),
		Match: []string{
			`HUGGINGFACE_ORG_TOKEN=api_org_{{up:12}}{{low:22}}`,
			`"token": "api_org_{{low:17}}{{up:17}}"`,
		},
		NoMatch: []string{
			`api_org_id = 42`,
			`token = "api_org_{{low:12}}"`,
		},
	},
	// https://console.groq.com/docs/quickstart ("gsk_" and 52 base62)
	{
		ID: "groq-api-key", Provider: "groq", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"gsk_"},
		Pattern:  prefixedToken(`gsk_[A-Za-z0-9]{52}`),
		Match: []string{
			`GROQ_API_KEY=gsk_{{an:52}}`,
			`client = Groq(api_key="gsk_{{an:52}}")`,
		},
		NoMatch: []string{
			`GROQ_API_KEY=gsk_{{an:40}}`,
			`GROQ_API_KEY=gsk_...`,
		},
	},
	// https://docs.mistral.ai/getting-started/quickstart/ (keys are 32
	// base62 characters with no prefix: the name on the line identifies them)
	{
		ID: "mistral-api-key", Provider: "mistral", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"mistral"},
		Pattern:    assignedNear(`mistral`, `[A-Za-z0-9]{32}`),
		MinEntropy: 3.5,
		Match: []string{
			`MISTRAL_API_KEY={{an:32}}`,
			`client = Mistral(api_key="{{an:32}}")`,
			`  mistral_api_key: "{{an:32}}"`,
		},
		NoMatch: []string{
			`MISTRAL_API_KEY=${MISTRAL_API_KEY}`,
			`mistral_model = "mistral-large-latest"`,
			`MISTRAL_API_KEY={{an:31}}`,
		},
	},
	// https://docs.cohere.com/reference/about (40 base62 characters, no
	// prefix)
	{
		ID: "cohere-api-key", Provider: "cohere", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"cohere", "co_api_key"},
		Pattern:    assignedNear(`cohere|co_api_key`, `[A-Za-z0-9]{40}`),
		MinEntropy: 3.5,
		Match: []string{
			`COHERE_API_KEY={{an:40}}`,
			`co = cohere.Client("{{an:40}}")`,
			`export CO_API_KEY="{{an:40}}"`,
		},
		NoMatch: []string{
			`co = cohere.ClientV2(api_key=os.environ["CO_API_KEY"])`,
			`COHERE_API_KEY={{an:32}}`,
			`cohere_model = "command-r-plus"`,
		},
	},
	// https://replicate.com/docs/topics/security/api-tokens ("r8_" and 37
	// base62)
	{
		ID: "replicate-api-token", Provider: "replicate", Title: "API token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"r8_"},
		Pattern:  prefixedToken(`r8_[A-Za-z0-9]{37}`),
		Match: []string{
			`REPLICATE_API_TOKEN=r8_{{an:37}}`,
			`replicate.Client(api_token="r8_{{an:37}}")`,
		},
		NoMatch: []string{
			`REPLICATE_API_TOKEN=r8_{{an:20}}`,
			`REPLICATE_API_TOKEN=r8_...`,
		},
	},
	// https://docs.perplexity.ai/guides/getting-started ("pplx-" and 48
	// base62)
	{
		ID: "perplexity-api-key", Provider: "perplexity", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"pplx-"},
		Pattern:  prefixedToken(`pplx-[A-Za-z0-9]{48}`),
		Match: []string{
			`PERPLEXITY_API_KEY=pplx-{{an:48}}`,
			`client = OpenAI(api_key="pplx-{{an:48}}", base_url="https://api.perplexity.ai")`,
		},
		NoMatch: []string{
			`PERPLEXITY_API_KEY=pplx-{{an:40}}`,
			`PERPLEXITY_API_KEY=pplx-xxxxxxxx`,
		},
	},
	// https://docs.x.ai/docs/overview ("xai-" and 80 base62)
	{
		ID: "xai-api-key", Provider: "xai", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"xai-"},
		Pattern:  prefixedToken(`xai-[A-Za-z0-9]{80}`),
		Match: []string{
			`XAI_API_KEY=xai-{{an:80}}`,
			`const client = new OpenAI({ apiKey: "xai-{{an:80}}", baseURL: "https://api.x.ai/v1" });`,
		},
		NoMatch: []string{
			`XAI_API_KEY=xai-{{an:60}}`,
			`model = "xai-grok-beta"`,
		},
	},
	// https://api-docs.deepseek.com/ (keys are "sk-" and 32 hex digits, a
	// shape other providers share: the name on the line identifies them)
	{
		ID: "deepseek-api-key", Provider: "deepseek", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"deepseek"},
		Pattern:    assignedNear(`deepseek`, `sk-[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`DEEPSEEK_API_KEY=sk-{{hex:32}}`,
			`deepseek_client = OpenAI(api_key="sk-{{hex:32}}", base_url="https://api.deepseek.com")`,
			`  deepseek: { apiKey: 'sk-{{hex:32}}' }`,
		},
		NoMatch: []string{
			`DEEPSEEK_API_KEY=sk-{{hex:24}}`,
			`OTHER_API_KEY=sk-{{hex:32}}`,
			`DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
		},
	},
	// https://openrouter.ai/docs/api-reference/authentication ("sk-or-v1-"
	// and 64 hex digits)
	{
		ID: "openrouter-api-key", Provider: "openrouter", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sk-or-v1-"},
		Pattern:  prefixedToken(`sk-or-v1-[a-f0-9]{64}`),
		Match: []string{
			`OPENROUTER_API_KEY=sk-or-v1-{{hex:64}}`,
			`const openrouterKey = "sk-or-v1-{{hex:64}}";`,
		},
		NoMatch: []string{
			`OPENROUTER_API_KEY=sk-or-v1-{{hex:40}}`,
			`OPENROUTER_API_KEY=sk-or-v1-...`,
		},
	},
	// https://docs.pinecone.io/guides/projects/manage-api-keys (current keys
	// are "pcsk_", a short key ID, "_" and the secret; the lengths are the
	// widely observed 6 and 63, matched with some slack)
	{
		ID: "pinecone-api-key", Provider: "pinecone", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"pcsk_"},
		Pattern:  prefixedToken(`pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{55,70}`),
		Match: []string{
			`PINECONE_API_KEY=pcsk_{{an:6}}_{{an:63}}`,
			`pc = Pinecone(api_key="pcsk_{{an:6}}_{{an:63}}")`,
		},
		NoMatch: []string{
			`PINECONE_API_KEY=pcsk_...`,
			`PINECONE_API_KEY=pcsk_{{an:6}}_{{an:20}}`,
		},
	},
	// https://docs.pinecone.io/guides/projects/manage-api-keys (keys created
	// before the "pcsk_" prefix are bare UUIDs)
	{
		ID: "pinecone-legacy-api-key", Provider: "pinecone", Title: "legacy API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"pinecone"},
		Pattern:  assignedNear(`pinecone`, uuidBody),
		Match: []string{
			`PINECONE_API_KEY={{uuid}}`,
			`pinecone.init(api_key="{{uuid}}", environment="us-west1-gcp")`,
		},
		NoMatch: []string{
			`PINECONE_API_KEY=${PINECONE_API_KEY}`,
			`pinecone_index = "docs-{{lan:6}}"`,
		},
	},
	// https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key
	// ("lsv2_pt_" personal access tokens, "lsv2_sk_" service keys: 32 hex,
	// "_", 10 hex)
	{
		ID: "langsmith-personal-access-token", Provider: "langsmith", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"lsv2_pt_"},
		Pattern:  prefixedToken(`lsv2_pt_[a-f0-9]{32}_[a-f0-9]{10}`),
		Match: []string{
			`LANGSMITH_API_KEY=lsv2_pt_{{hex:32}}_{{hex:10}}`,
			`os.environ["LANGCHAIN_API_KEY"] = "lsv2_pt_{{hex:32}}_{{hex:10}}"`,
		},
		NoMatch: []string{
			`LANGSMITH_API_KEY=lsv2_pt_...`,
			`LANGSMITH_API_KEY=lsv2_pt_{{hex:32}}`,
		},
	},
	{
		ID: "langsmith-service-key", Provider: "langsmith", Title: "service key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"lsv2_sk_"},
		Pattern:  prefixedToken(`lsv2_sk_[a-f0-9]{32}_[a-f0-9]{10}`),
		Match: []string{
			`LANGCHAIN_API_KEY=lsv2_sk_{{hex:32}}_{{hex:10}}`,
			`  langsmith_api_key: "lsv2_sk_{{hex:32}}_{{hex:10}}"`,
		},
		NoMatch: []string{
			`LANGCHAIN_API_KEY=lsv2_sk_{{hex:20}}_{{hex:10}}`,
			`LANGCHAIN_API_KEY=lsv2_sk_...`,
		},
	},
	// https://docs.together.ai/docs/api-keys-authentication (current keys
	// are "tgp_v1_" and 43 URL-safe characters, the widely observed shape)
	{
		ID: "together-api-key", Provider: "together", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"tgp_v1_"},
		Pattern:  prefixedDashToken(`tgp_v1_[A-Za-z0-9_-]{43}`),
		Match: []string{
			`TOGETHER_API_KEY=tgp_v1_{{alnumdash:43}}`,
			`client = Together(api_key="tgp_v1_{{alnumdash:43}}")`,
		},
		NoMatch: []string{
			`TOGETHER_API_KEY=tgp_v1_{{alnumdash:30}}`,
			`TOGETHER_API_KEY=tgp_v1_...`,
		},
	},
	// https://docs.together.ai/docs/api-keys-authentication (keys issued
	// before the "tgp_v1_" prefix are 64 hex digits)
	{
		ID: "together-legacy-api-key", Provider: "together", Title: "legacy API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"together_api", "together-api", "togetherapi", "together_ai", "together-ai", "togetherai", "together.ai", "together.xyz", "together("},
		Pattern:    assignedNear(`together(?:[_.-]?(?:ai|api|xyz)|\()`, `[a-f0-9]{64}`),
		MinEntropy: 3.0,
		Match: []string{
			`TOGETHER_API_KEY={{hex:64}}`,
			`client = Together(api_key="{{hex:64}}")`,
		},
		NoMatch: []string{
			`TOGETHER_API_KEY={{hex:40}}`,
			`together_ai_model = "meta-llama/Llama-3.3-70B-Instruct-Turbo"`,
		},
	},
	// https://docs.fireworks.ai/getting-started/quickstart ("fw_" and a
	// base62 body; its length is not documented, so a range is accepted and
	// the body must mix digits and both cases, which identifiers rarely do)
	{
		ID: "fireworks-api-key", Provider: "fireworks", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"fw_"},
		Pattern:    prefixedToken(`fw_[A-Za-z0-9]{24,40}`),
		MinEntropy: 3.8,
		Check:      func(b []byte) bool { return mixedAlnum(b[len("fw_"):]) },
		Match: []string{
			`FIREWORKS_API_KEY=fw_{{an:21}}{{dig:2}}{{up:1}}{{low:1}}`,
			`client = Fireworks(api_key="fw_{{an:30}}{{dig:1}}{{up:1}}{{low:1}}")`,
		},
		NoMatch: []string{
			`FIREWORKS_API_KEY=fw_...`,
			`static int fw_UpdateFirmwareImageHandlerTable(void);`,
			`FIREWORKS_API_KEY=fw_{{an:10}}`,
		},
	},
	// https://elevenlabs.io/docs/api-reference/authentication (current keys
	// are "sk_" and 48 hex digits, older ones 32 hex digits; both are sent
	// in the xi-api-key header)
	{
		ID: "elevenlabs-api-key", Provider: "elevenlabs", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"elevenlabs", "eleven_labs", "xi-api-key", "xi_api_key"},
		Pattern:    assignedNear(`eleven_?labs|xi[-_]api[-_]key`, `sk_[a-f0-9]{48}|[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`ELEVENLABS_API_KEY=sk_{{hex:48}}`,
			`client = ElevenLabs(api_key="sk_{{hex:48}}")`,
			`curl -H "xi-api-key: {{hex:32}}" https://api.elevenlabs.io/v1/voices`,
		},
		NoMatch: []string{
			`ELEVENLABS_API_KEY=sk_{{hex:20}}`,
			`elevenlabs_voice_id = "{{an:20}}"`,
		},
	},
	// https://www.assemblyai.com/docs/api-reference/overview#authorization
	// (32 hex digits, no prefix)
	{
		ID: "assemblyai-api-key", Provider: "assemblyai", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"assemblyai", "assembly_ai"},
		Pattern:    assignedNear(`assembly_?ai`, `[a-f0-9]{32}`),
		MinEntropy: 3.0,
		Match: []string{
			`ASSEMBLYAI_API_KEY={{hex:32}}`,
			`  assemblyai_key: "{{hex:32}}"`,
		},
		NoMatch: []string{
			`ASSEMBLYAI_API_KEY={{hex:30}}`,
			`import assemblyai as aai`,
		},
	},
	// https://developers.deepgram.com/docs/create-additional-api-keys (40 hex
	// digits, no prefix)
	{
		ID: "deepgram-api-key", Provider: "deepgram", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"deepgram"},
		Pattern:    assignedNear(`deepgram`, `[a-f0-9]{40}`),
		MinEntropy: 3.0,
		Match: []string{
			`DEEPGRAM_API_KEY={{hex:40}}`,
			`deepgram = DeepgramClient("{{hex:40}}")`,
		},
		NoMatch: []string{
			`DEEPGRAM_API_KEY={{hex:32}}`,
			`deepgram_model = "nova-2"`,
		},
	},
	// https://docs.wandb.ai/guides/track/environment-variables/ (40 hex
	// digits, no prefix; "wandb login KEY" on the command line)
	{
		ID: "wandb-api-key", Provider: "wandb", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"wandb"},
		Pattern:    `(?i:wandb)(?:[\w.-]{0,30}?["'\x60]?\s*(?::=|=>|[:=,(])\s*["'\x60]?|\s+login\s+(?:--relogin\s+)?|[^\n]{0,80}?(?i:key)[\w.-]{0,10}?["']?\s*[:=]\s*["']?)([a-f0-9]{40})(?:[^0-9A-Za-z_-]|$)`,
		MinEntropy: 3.0,
		Match: []string{
			`WANDB_API_KEY={{hex:40}}`,
			`wandb login {{hex:40}}`,
			`wandb.login(key="{{hex:40}}")`,
		},
		NoMatch: []string{
			`wandb login`,
			`WANDB_API_KEY={{hex:32}}`,
			`wandb.init(project="{{lan:8}}")`,
		},
	},
	// https://docs.voyageai.com/docs/api-key-and-installation (keys start
	// "pa-"; the body length is not documented, 43 URL-safe characters is
	// the observed shape, matched with some slack)
	{
		ID: "voyage-api-key", Provider: "voyage", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"voyage"},
		Pattern:  assignedNear(`voyage`, `pa-[A-Za-z0-9_-]{40,50}`),
		Match: []string{
			`VOYAGE_API_KEY=pa-{{alnumdash:43}}`,
			`vo = voyageai.Client(api_key="pa-{{alnumdash:43}}")`,
		},
		NoMatch: []string{
			`VOYAGE_API_KEY=pa-...`,
			`VOYAGE_API_KEY=pa-{{alnumdash:20}}`,
		},
	},
	// https://platform.stability.ai/docs/getting-started/authentication
	// ("sk-" and 48 base62: the name on the line tells it from other
	// "sk-" keys)
	{
		ID: "stability-api-key", Provider: "stability", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"stability", "dreamstudio"},
		Pattern:    assignedNear(`stability|dreamstudio`, `sk-[A-Za-z0-9]{48}`),
		MinEntropy: 3.5,
		Match: []string{
			`STABILITY_API_KEY=sk-{{an:48}}`,
			`stability_api = client.StabilityInference(key="sk-{{an:48}}")`,
		},
		NoMatch: []string{
			`STABILITY_API_KEY=sk-{{an:30}}`,
			`stability = "stable"`,
		},
	},
	// https://inference-docs.cerebras.ai/quickstart ("csk-" and 48
	// lowercase base36, the observed shape)
	{
		ID: "cerebras-api-key", Provider: "cerebras", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"csk-"},
		Pattern:  prefixedToken(`csk-[a-z0-9]{48}`),
		Match: []string{
			`CEREBRAS_API_KEY=csk-{{lan:48}}`,
			`client = Cerebras(api_key="csk-{{lan:48}}")`,
		},
		NoMatch: []string{
			`CEREBRAS_API_KEY=csk-...`,
			`icsk->icsk_ca_ops->release(sk);`,
			`CEREBRAS_API_KEY=csk-{{lan:30}}`,
		},
	},
	// https://docs.tavily.com/documentation/quickstart ("tvly-", optionally
	// "dev-" or "prod-", and a URL-safe body of about 32 to 50 characters)
	{
		ID: "tavily-api-key", Provider: "tavily", Title: "API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords:   []string{"tvly-"},
		Pattern:    prefixedDashToken(`tvly-(?:dev-|prod-)?[A-Za-z0-9_-]{30,64}`),
		MinEntropy: 3.5,
		Match: []string{
			`TAVILY_API_KEY=tvly-{{an:32}}`,
			`tavily = TavilyClient(api_key="tvly-dev-{{an:32}}")`,
			`TAVILY_API_KEY=tvly-prod-{{an:6}}-{{an:42}}`,
		},
		NoMatch: []string{
			`TAVILY_API_KEY=tvly-dev-...`,
			`TAVILY_API_KEY=tvly-{{an:12}}`,
		},
	},
	// https://langfuse.com/faq/all/where-are-langfuse-api-keys ("sk-lf-" and
	// a UUID; the matching "pk-lf-" key is public)
	{
		ID: "langfuse-secret-key", Provider: "langfuse", Title: "secret key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sk-lf-"},
		Pattern:  prefixedToken(`sk-lf-` + uuidBody),
		Match: []string{
			`LANGFUSE_SECRET_KEY=sk-lf-{{uuid}}`,
			`langfuse = Langfuse(public_key="pk-lf-{{uuid}}", secret_key="sk-lf-{{uuid}}")`,
		},
		NoMatch: []string{
			`LANGFUSE_SECRET_KEY=sk-lf-...`,
			`LANGFUSE_SECRET_KEY=sk-lf-{{hex:8}}`,
		},
	},
	{
		ID: "langfuse-public-key", Provider: "langfuse", Title: "public key",
		Kind: KindPublishable, Severity: SeverityLow,
		Keywords: []string{"pk-lf-"},
		Pattern:  prefixedToken(`pk-lf-` + uuidBody),
		Match: []string{
			`LANGFUSE_PUBLIC_KEY=pk-lf-{{uuid}}`,
			`  publicKey: "pk-lf-{{uuid}}",`,
		},
		NoMatch: []string{
			`LANGFUSE_PUBLIC_KEY=pk-lf-...`,
			`LANGFUSE_PUBLIC_KEY=pk-lf-{{hex:12}}`,
		},
	},
}
