package detector

import "bytes"

var _ = register(azureProviders, azureRules)

var azureProviders = []Provider{
	{
		ID: "azure-storage", Name: "Azure Storage", EnvVar: "AZURE_STORAGE_CONNECTION_STRING",
		RotateURL: "https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage",
		DocsURL:   "https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string",
	},
	{
		ID: "azure-service-bus", Name: "Azure Service Bus and Event Hubs", EnvVar: "AZURE_SERVICEBUS_CONNECTION_STRING",
		RotateURL: "https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas",
		DocsURL:   "https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas",
	},
	{
		ID: "azure-iot-hub", Name: "Azure IoT Hub", EnvVar: "IOTHUB_CONNECTION_STRING",
		RotateURL: "https://learn.microsoft.com/en-us/azure/iot-hub/authenticate-authorize-sas",
		DocsURL:   "https://learn.microsoft.com/en-us/azure/iot-hub/authenticate-authorize-sas",
	},
	{
		ID: "azure-entra", Name: "Microsoft Entra ID", EnvVar: "AZURE_CLIENT_SECRET",
		RotateURL: "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
		DocsURL:   "https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials",
	},
	{
		ID: "azure-cosmosdb", Name: "Azure Cosmos DB", EnvVar: "AZURE_COSMOS_KEY",
		RotateURL: "https://learn.microsoft.com/en-us/azure/cosmos-db/secure-access-to-data",
		DocsURL:   "https://learn.microsoft.com/en-us/azure/cosmos-db/secure-access-to-data",
	},
	{
		ID: "azure-devops", Name: "Azure DevOps", EnvVar: "AZURE_DEVOPS_EXT_PAT",
		RotateURL: "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
		DocsURL:   "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
	},
	{
		ID: "azure-ai", Name: "Azure AI services (OpenAI, Cognitive Services)", EnvVar: "AZURE_OPENAI_API_KEY",
		RotateURL: "https://learn.microsoft.com/en-us/azure/ai-services/rotate-keys",
		DocsURL:   "https://learn.microsoft.com/en-us/azure/ai-services/authentication",
	},
}

// The storage and Cosmos DB emulators' well-known keys, published by
// Microsoft for local development: never reported. They are spelled in
// short pieces because other secret scanners, which cannot know that
// these keys are public, report them when written whole.
const (
	azuriteAccountKey = "" +
		"Eby8vdM02xNOcqFl" + "qUwJPLlmEtlCDXJ1" + "OUzFT50uSRZ6IFsu" +
		"Fq2UVErCz4I6tq/K" + "1SZFPTOtr/KBHBek" + "soGMGw=="
	cosmosEmulatorKey = "" +
		"C2y6yDjf5/R+ob0N" + "8A7Cgv30VRDJIWEH" + "LM+4QDU5DE2nQ9nD" +
		"uVTqobD4b8mGGyPM" + "bIZnqyMsEcaGQy67" + "XIw/Jw=="
	azureAccountKeyBody = `[A-Za-z0-9+/]{86}==`
)

// azureNotEmulator rejects connection strings that carry an emulator key.
func azureNotEmulator(secret []byte) bool {
	return !bytes.Contains(secret, []byte(azuriteAccountKey)) && !bytes.Contains(secret, []byte(cosmosEmulatorKey))
}

var azureRules = []Rule{
	// https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string
	// The whole connection string is the credential: protocol, account
	// name and a 64-byte account key (88 base64 characters).
	{
		ID: "azure-storage-connection-string", Provider: "azure-storage", Title: "storage account connection string",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"DefaultEndpointsProtocol="},
		Pattern:  `\b(DefaultEndpointsProtocol=https?(?:;[A-Za-z]+=[^;\s"'<>]*)*?;AccountKey=` + azureAccountKeyBody + `)` + infraEndB64,
		Check:    azureNotEmulator,
		Match: []string{
			`AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName={{lan:12}};AccountKey={{b64:86}}==;EndpointSuffix=core.windows.net"`,
			`  "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName={{lan:10}};AccountKey={{b64:86}}==;EndpointSuffix=core.windows.net",`,
			`var client = new BlobServiceClient("DefaultEndpointsProtocol=https;AccountName={{lan:8}};AccountKey={{b64:86}}==");`,
		},
		NoMatch: []string{
			// The storage emulator's published development key.
			`"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=` + azuriteAccountKey + `;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"`,
			`DefaultEndpointsProtocol=https;AccountName=mystorage;AccountKey=<account-key>;EndpointSuffix=core.windows.net`,
			`DefaultEndpointsProtocol=https;AccountName={{lan:8}};AccountKey={{b64:40}}==`,
			`AzureWebJobsStorage=UseDevelopmentStorage=true`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/cosmos-db/secure-access-to-data
	// Primary and secondary keys are 88 base64 characters: reported in a
	// documents.azure.com connection string or beside a Cosmos name. Listed
	// before azure-storage-account-key, which sees the same AccountKey=.
	{
		ID: "azure-cosmosdb-key", Provider: "azure-cosmosdb", Title: "account key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"documents.azure.com", "cosmos"},
		Pattern: `(?:AccountEndpoint=https://[A-Za-z0-9-]+\.documents\.azure\.com(?::443)?/?;AccountKey=|` +
			infraName(`cosmos`) + infraAssign + `)(` + azureAccountKeyBody + `)` + infraEndB64,
		MinEntropy: 4.0,
		Examples:   []string{cosmosEmulatorKey},
		Match: []string{
			`COSMOS_CONNECTION_STRING="AccountEndpoint=https://{{lan:10}}.documents.azure.com:443/;AccountKey={{b64:86}}==;"`,
			`AZURE_COSMOS_KEY={{b64:86}}==`,
			`  "CosmosDbPrimaryKey": "{{b64:86}}==",`,
		},
		NoMatch: []string{
			// The Cosmos DB emulator's published key.
			`AccountEndpoint=https://localhost:8081/;AccountKey=` + cosmosEmulatorKey,
			`AZURE_COSMOS_KEY={{b64:40}}`,
			`COSMOS_ENDPOINT=https://{{lan:10}}.documents.azure.com:443/`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage
	// The account key outside a full connection string: AccountKey=, a
	// storage-key name, or the CLI's --account-key.
	{
		ID: "azure-storage-account-key", Provider: "azure-storage", Title: "storage account key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"accountkey", "account_key", "account-key", "storagekey", "storage_key", "storage-key",
			"storage_access_key", "storageaccesskey"},
		Pattern: `(?i:(?:account|storage)[\w.-]{0,20}?key)(?:` + infraAssign + `|\s+)(` + azureAccountKeyBody + `)` +
			infraEndB64,
		MinEntropy: 4.0,
		Examples:   []string{azuriteAccountKey, cosmosEmulatorKey},
		Match: []string{
			`AZURE_STORAGE_KEY={{b64:86}}==`,
			`az storage blob upload --account-name {{lan:10}} --account-key {{b64:86}}== -f backup.tar -c backups`,
			`  "storageAccountKey": "{{b64:86}}==",`,
			`BlobEndpoint=https://{{lan:8}}.blob.core.windows.net/;AccountName={{lan:8}};AccountKey={{b64:86}}==`,
		},
		NoMatch: []string{
			`AccountName=devstoreaccount1;AccountKey=` + azuriteAccountKey,
			`AZURE_STORAGE_KEY={{b64:40}}`,
			`AZURE_STORAGE_KEY=${AZURE_STORAGE_KEY}`,
			// A full connection string is reported once, by
			// azure-storage-connection-string.
			`DefaultEndpointsProtocol=https;AccountName={{lan:12}};AccountKey={{b64:86}}==;EndpointSuffix=core.windows.net`,
			// Cosmos DB keys are reported by azure-cosmosdb-key.
			`AccountEndpoint=https://{{lan:10}}.documents.azure.com:443/;AccountKey={{b64:86}}==;`,
		},
	},
	// https://learn.microsoft.com/en-us/rest/api/storageservices/create-service-sas
	// A SAS URL or SAS connection string: the signature (HMAC-SHA256,
	// 44 base64 characters, usually URL-encoded) after a signed version.
	{
		ID: "azure-sas-token", Provider: "azure-storage", Title: "shared access signature (SAS)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"sig="},
		Pattern:  `\bsv=[0-9]{4}-[0-9]{2}-[0-9]{2}&[^\s"'<>#]{0,600}?\bsig=((?:[A-Za-z0-9+/]|%2[BbFf]){43}(?:=|%3[Dd]))`,
		Match: []string{
			`https://{{lan:10}}.blob.core.windows.net/backups/db.bak?sp=r&st=2025-01-01T00:00:00Z&se=2025-12-31T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={{an:40}}%2B{{an:2}}%3D`,
			`SAS_URL="https://{{lan:8}}.blob.core.windows.net/?sv=2023-01-03&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-01-01T00:00:00Z&spr=https&sig={{an:43}}%3D"`,
			`BlobEndpoint=https://{{lan:8}}.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&spr=https&sig={{an:43}}=`,
		},
		NoMatch: []string{
			`https://{{lan:8}}.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-01-01&sr=b&sp=r&sig=<signature>`,
			`https://{{lan:8}}.blob.core.windows.net/c/f?sv=2022-11-02&sr=b&sig={{an:20}}%3D`,
			`https://example.net/download?sig={{an:43}}%3D`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas
	// Service Bus and Event Hubs share this format; the SAS key is 32 bytes
	// (44 base64 characters).
	{
		ID: "azure-service-bus-connection-string", Provider: "azure-service-bus", Title: "Service Bus / Event Hubs connection string",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"SharedAccessKey="},
		Pattern:  `\b(Endpoint=sb://[A-Za-z0-9.-]+/?;SharedAccessKeyName=[^;\s"'<>]+;SharedAccessKey=[A-Za-z0-9+/]{43}=)` + infraEndB64,
		Match: []string{
			`SERVICEBUS_CONNECTION_STRING="Endpoint=sb://{{lan:10}}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={{b64:43}}="`,
			`  "EventHubConnection": "Endpoint=sb://{{lan:8}}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={{b64:43}}=;EntityPath=orders",`,
		},
		NoMatch: []string{
			`Endpoint=sb://{{lan:8}}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>`,
			`Endpoint=sb://{{lan:8}}.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={{b64:20}}=`,
			`Endpoint=sb://{{lan:8}}.servicebus.windows.net/;Authentication=Managed Identity`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/iot-hub/authenticate-authorize-sas
	// Hub (shared access policy), device and module connection strings.
	{
		ID: "azure-iot-hub-connection-string", Provider: "azure-iot-hub", Title: "IoT Hub connection string",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"azure-devices.net"},
		Pattern: `\b(HostName=[A-Za-z0-9-]+\.azure-devices\.net;(?:SharedAccessKeyName|DeviceId)=[^;\s"'<>]+;` +
			`(?:ModuleId=[^;\s"'<>]+;)?SharedAccessKey=[A-Za-z0-9+/]{43}=)` + infraEndB64,
		Match: []string{
			`IOTHUB_CONNECTION_STRING="HostName={{lan:10}}.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey={{b64:43}}="`,
			`device_conn = "HostName={{lan:8}}.azure-devices.net;DeviceId=sensor-{{dig:3}};SharedAccessKey={{b64:43}}="`,
		},
		NoMatch: []string{
			`HostName={{lan:8}}.azure-devices.net;DeviceId=sensor-1;SharedAccessKey=<key>`,
			`HostName={{lan:8}}.azure-devices.net;DeviceId=sensor-1;x509=true`,
		},
	},
	// https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials
	// Client secrets issued since 2021: three characters, a digit, "Q~",
	// 34 more (40 in all), widely observed and reported by GitHub secret
	// scanning. Older secrets have no recognizable shape.
	{
		ID: "azure-entra-client-secret", Provider: "azure-entra", Title: "application client secret",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"Q~"},
		Pattern: `(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{34})` +
			`(?:[^A-Za-z0-9_~.-]|\.(?:[^A-Za-z0-9_~-]|$)|$)`,
		MinEntropy: 3.8,
		Match: []string{
			`AZURE_CLIENT_SECRET={{an:3}}{{dig:1}}Q~{{alnumdash:34}}`,
			`  "clientSecret": "{{an:3}}{{dig:1}}Q~{{an:10}}.{{an:5}}~{{an:17}}",`,
			`ClientSecretCredential(tenant_id, client_id, "{{an:3}}{{dig:1}}Q~{{an:34}}")`,
		},
		NoMatch: []string{
			`AZURE_CLIENT_SECRET={{an:3}}{{dig:1}}Q~{{an:20}}`,
			`AZURE_CLIENT_SECRET={{an:3}}{{dig:1}}Q~{{an:40}}`,
			`  "clientSecret": "<client-secret>",`,
			`secrets contain "Q~" after four characters`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate#changes-to-format
	// PATs issued since July 2024: 84 characters with the fixed signature
	// "AZDO" at positions 76-79.
	{
		ID: "azure-devops-pat", Provider: "azure-devops", Title: "personal access token",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords:   []string{"AZDO"},
		Pattern:    `\b([A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})\b`,
		MinEntropy: 4.0,
		Match: []string{
			`AZURE_DEVOPS_EXT_PAT={{an:52}}JQQJ99{{an:18}}AZDO{{an:4}}`,
			`git clone https://build:{{an:76}}AZDO{{an:4}}@dev.azure.com/{{low:6}}/app/_git/app`,
		},
		NoMatch: []string{
			`AZURE_DEVOPS_EXT_PAT={{an:60}}AZDO{{an:4}}`,
			`AZURE_DEVOPS_EXT_PAT={{an:76}}AZDO{{an:8}}`,
			`Run the AzDO pipeline again`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate
	// PATs issued before July 2024: 52 lowercase base32 characters, next
	// to an Azure DevOps name or in a dev.azure.com URL.
	{
		ID: "azure-devops-legacy-pat", Provider: "azure-devops", Title: "personal access token (52-character format)",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"devops", "dev.azure.com", "visualstudio.com", "ado_pat", "ado_token", "azdo", "vsts"},
		Pattern: `(?:(?i:(?:azure[_.-]?)?devops|\bado|azdo|vsts)(?i:[\w.-]{0,30}?(?:pat|token|key|secret|password|pwd))` +
			infraAssign + `|(?i:https?)://[^\s:/@]*:)([a-z2-7]{52})\b`,
		MinEntropy: 4.0,
		Match: []string{
			`AZURE_DEVOPS_EXT_PAT={{low:52}}`,
			`git remote add origin https://build:{{low:52}}@dev.azure.com/{{low:6}}/app/_git/app`,
			`  ado_pat: "{{low:52}}"`,
		},
		NoMatch: []string{
			`AZURE_DEVOPS_EXT_PAT={{low:40}}`,
			`AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)`,
			`devops_build_id = "{{low:52}}"`,
			`value = "{{low:52}}"`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/ai-services/authentication
	// Keys issued since 2024: 84 characters, "JQQJ99" after 52, and the
	// service signature "ACOG" at positions 76-79 (widely observed shape).
	{
		ID: "azure-ai-services-key", Provider: "azure-ai", Title: "AI services (OpenAI, Cognitive Services) key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"JQQJ99"},
		Pattern:  `\b([A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}ACOG[A-Za-z0-9]{4})\b`,
		Match: []string{
			`AZURE_OPENAI_API_KEY={{an:52}}JQQJ99{{uan:4}}{{an:6}}J3w3AAAAACOG{{an:4}}`,
			`client = AzureOpenAI(api_key="{{an:52}}JQQJ99{{uan:4}}{{an:6}}J3w3AAAAACOG{{an:4}}", api_version="2024-10-21")`,
			`Ocp-Apim-Subscription-Key: {{an:52}}JQQJ99{{uan:4}}{{an:6}}J3w3AAAAACOG{{an:4}}`,
		},
		NoMatch: []string{
			`AZURE_OPENAI_API_KEY={{an:40}}JQQJ99{{uan:4}}{{an:6}}J3w3AAAAACOG{{an:4}}`,
			`AZURE_OPENAI_API_KEY={{an:52}}JQQJ99{{an:18}}AZDO{{an:4}}`,
		},
	},
	// https://learn.microsoft.com/en-us/azure/ai-services/authentication
	// Older keys are 32 hex characters with no signature: reported beside
	// an Azure OpenAI / Cognitive Services name or the
	// Ocp-Apim-Subscription-Key header.
	{
		ID: "azure-ai-services-legacy-key", Provider: "azure-ai", Title: "AI services key (32-hex format)",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"azure_openai", "azureopenai", "azure-openai", "azure_ai", "cognitive", "ocp-apim-subscription-key"},
		Pattern: `(?:` + infraName(`azure[_.-]?openai|azure[_.-]?ai|cognitive[_.-]?services?|cognitive`) +
			`|(?i:ocp-apim-subscription-key))` + infraAssign + `([0-9a-fA-F]{32})\b`,
		MinEntropy: 3.0,
		Match: []string{
			`AZURE_OPENAI_API_KEY={{hex:32}}`,
			`os.environ["AZURE_OPENAI_API_KEY"] = "{{hex:32}}"`,
			`curl -H "Ocp-Apim-Subscription-Key: {{hex:32}}" "https://{{low:6}}.cognitiveservices.azure.com/vision/v3.2/analyze"`,
			`  azureOpenAIApiKey: "{{hex:32}}",`,
		},
		NoMatch: []string{
			`AZURE_OPENAI_API_KEY={{hex:24}}`,
			`AZURE_OPENAI_DEPLOYMENT_ID={{hex:32}}`,
			`AZURE_OPENAI_API_KEY=${AZURE_OPENAI_API_KEY}`,
		},
	},
}
