package detector

import "bytes"

var _ = register(awsProviders, awsRules)

var awsProviders = []Provider{
	{
		ID: "aws", Name: "Amazon Web Services", EnvVar: "AWS_SECRET_ACCESS_KEY",
		RotateURL: "https://console.aws.amazon.com/iam/home#/security_credentials",
		DocsURL:   "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
	},
	{
		ID: "aws-bedrock", Name: "Amazon Bedrock", EnvVar: "AWS_BEARER_TOKEN_BEDROCK",
		RotateURL: "https://console.aws.amazon.com/bedrock/home#/api-keys",
		DocsURL:   "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",
	},
}

// The key pair AWS publishes in its documentation.
const (
	awsExampleKeyID  = "AKIAIOSFODNN7EXAMPLE"
	awsExampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// awsKeyID is an access key ID: a four-letter prefix naming its kind
// (AKIA long-term, ASIA temporary, ABIA STS service bearer, ACCA
// context-specific) and 16 base32 characters.
const awsKeyID = `(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`

// awsSecretKey accepts a 40-character base64 secret access key with both
// letter cases and a digit or symbol, which a random key has and a hex
// digest, a path or a word does not.
func awsSecretKey(secret []byte) bool {
	return infraMixedCase(secret) && bytes.ContainsAny(secret, awsDigitsAndSymbols)
}

// awsDigitsAndSymbols is the base64 alphabet less its letters.
const awsDigitsAndSymbols = "0123456789+/"

// awsBedrockKey checks that a long-term Bedrock API key is "ABSK" and the
// base64 of "BedrockAPIKey-<id>-at-<account>:<secret>".
func awsBedrockKey(secret []byte) bool {
	b := infraB64Decode(secret[len("ABSK"):])
	return bytes.HasPrefix(b, []byte("BedrockAPIKey-")) && bytes.Contains(b, []byte("-at-"))
}

// awsBedrockShortTermKey checks that a short-term Bedrock API key is
// "bedrock-api-key-" and the base64 of a SigV4 presigned URL.
func awsBedrockShortTermKey(secret []byte) bool {
	b := infraB64Decode(secret[len("bedrock-api-key-"):])
	return bytes.HasPrefix(b, []byte("bedrock.amazonaws.com/")) && bytes.Contains(b, []byte("X-Amz-"))
}

// awsBedrockShortTermPrefix starts every short-term Bedrock API key: the
// base64 of "bedrock.amazonaws.com" follows "bedrock-api-key-". It is
// spelled in two pieces, as other secret scanners report it whole.
const awsBedrockShortTermPrefix = "bedrock-api-key-" + "YmVkcm9jay5hbWF6b25hd3MuY29t"

var awsRules = []Rule{
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
	// The ID alone is half a credential pair; it is reported because it
	// names the key to deactivate and its secret is rarely far away.
	{
		ID: "aws-access-key-id", Provider: "aws", Title: "access key ID",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		Pattern:  `\b(` + awsKeyID + `)\b`,
		Examples: []string{awsExampleKeyID},
		Match: []string{
			`AWS_ACCESS_KEY_ID=AKIA{{b32:16}}`,
			`aws_access_key_id = ASIA{{b32:16}}`,
			`{"AccessKeyId": "ASIA{{b32:16}}", "Expiration": "2025-01-01T00:00:00Z"}`,
			`creds := credentials.NewStaticCredentialsProvider("AKIA{{b32:16}}", secret, "")`,
		},
		NoMatch: []string{
			// The documentation's example key.
			`aws_access_key_id = AKIAIOSFODNN7EXAMPLE`,
			`AWS_ACCESS_KEY_ID=AKIA{{b32:12}}`,
			`AWS_ACCESS_KEY_ID=AKIA{{b32:20}}`,
			`AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX`,
			`TZ=Asia/Tokyo`,
		},
	},
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
	// 40 base64 characters have no prefix, so the secret is only reported
	// beside a secret-key name (ini, env, JSON, code) or right after an
	// access key ID (the console's CSV, "id:secret" pairs). Window lets a
	// long-term key ID (AKIA) wake the rule for a secret on a neighbouring
	// line (Terraform, SDK constructors). Temporary IDs (ASIA…) are not
	// keywords here: "Asia" fills timezone and region tables, and STS
	// credentials come with named fields anyway.
	{
		ID: "aws-secret-access-key", Provider: "aws", Title: "secret access key",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"aws_secret", "secret_access_key", "secretaccesskey", "secret-access-key", "AKIA"},
		Pattern: `(?:(?i:secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?|secret[_.-]?key)` + infraAssign +
			`|\b` + awsKeyID + `["']?(?:\s*[,:;|]\s*|[ \t]+)["']?)` +
			`([A-Za-z0-9/+]{40})` + infraEndB64,
		Window:     256,
		MinEntropy: 4.0,
		Check:      awsSecretKey,
		Examples:   []string{awsExampleSecret},
		Match: []string{
			`aws_secret_access_key = {{b64:40}}`,
			`export AWS_SECRET_ACCESS_KEY="{{b64:40}}"`,
			`{"AccessKeyId": "ASIA{{b32:16}}", "SecretAccessKey": "{{b64:40}}", "SessionToken": "IQoJb3JpZ2luX2Vj{{b64:300}}"}`,
			"provider \"aws\" {\n  access_key = \"AKIA{{b32:16}}\"\n  secret_key = \"{{b64:40}}\"\n}",
			"User name,Access key ID,Secret access key\nci-bot,AKIA{{b32:16}},{{b64:40}}",
			`s3 = boto3.client("s3", aws_access_key_id="AKIA{{b32:16}}", aws_secret_access_key="{{b64:40}}")`,
		},
		NoMatch: []string{
			// The documentation's example key.
			`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
			`aws_secret_access_key = {{b64:30}}`,
			`AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}`,
			`checksum = "{{b64:40}}"`,
			// A commit hash beside a key ID is not its secret.
			`AKIA{{b32:16}},{{hex:40}}`,
			`aws_secret_access_key = {{b64:48}}`,
		},
	},
	// https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html
	// Session tokens are long opaque base64 strings, reported beside a
	// session-token name.
	{
		ID: "aws-session-token", Provider: "aws", Title: "session token",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"aws_session_token", "aws_security_token", "sessiontoken", "x-amz-security-token"},
		Pattern: `(?i:aws[_.-]?session[_.-]?token|aws[_.-]?security[_.-]?token|sessiontoken|x-amz-security-token)` +
			infraAssign + `([A-Za-z0-9/+]{100,}={0,2})` + infraEndB64,
		MinEntropy: 4.5,
		Check:      infraMixedCase,
		Match: []string{
			`aws_session_token = IQoJb3JpZ2luX2Vj{{b64:340}}`,
			`export AWS_SESSION_TOKEN="FwoGZXIvYXdzE{{b64:300}}=="`,
			`"SessionToken": "IQoJb3JpZ2luX2Vj{{b64:400}}",`,
			`new AWS.Credentials({ accessKeyId, secretAccessKey, sessionToken: "{{b64:356}}" })`,
		},
		NoMatch: []string{
			`aws_session_token = {{b64:60}}`,
			`AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}`,
			`sessionToken: "{{jwt}}"`,
			`x-amz-security-token: {{hex:128}}`,
		},
	},
	// https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-how.html
	// Long-term keys: "ABSK" and the base64 of
	// "BedrockAPIKey-<id>-at-<account>:<secret>" (widely observed shape).
	{
		ID: "aws-bedrock-api-key", Provider: "aws-bedrock", Title: "long-term API key",
		Kind: KindSecret, Severity: SeverityHigh,
		Keywords: []string{"ABSKQmVkcm9ja0FQSUtleS"},
		Pattern:  `\b(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,400}={0,2})` + infraEndB64,
		Check:    awsBedrockKey,
		Match: []string{
			`AWS_BEARER_TOKEN_BEDROCK=ABSK{{b64of:BedrockAPIKey-((lan:4))-at-((dig:12)):((b64:44))}}`,
			`client = boto3.client("bedrock-runtime", api_key="ABSK{{b64of:BedrockAPIKey-((lan:4))-at-((dig:12)):((b64:56))}}")`,
		},
		NoMatch: []string{
			`AWS_BEARER_TOKEN_BEDROCK=ABSK...`,
			`AWS_BEARER_TOKEN_BEDROCK=` + `ABSKQmVkcm9ja0FQSUtleS1...`,
			`AWS_BEARER_TOKEN_BEDROCK=ABSK{{b64of:SomethingElse-((lan:4))-at-((dig:12)):((b64:44))}}`,
		},
	},
	// https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-how.html
	// Short-term keys (12 hours at most): "bedrock-api-key-" and the base64
	// of a SigV4 presigned URL for bedrock.amazonaws.com.
	{
		ID: "aws-bedrock-short-term-api-key", Provider: "aws-bedrock", Title: "short-term API key",
		Kind: KindSecret, Severity: SeverityMedium,
		Keywords: []string{awsBedrockShortTermPrefix},
		Pattern:  `\b(` + awsBedrockShortTermPrefix + `[A-Za-z0-9+/]{100,}={0,2})` + infraEndB64,
		Check:    awsBedrockShortTermKey,
		Match: []string{
			`AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-{{b64of:bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA((b32:16))%2F20250101%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=43200&X-Amz-Security-Token=((b64:300))&X-Amz-Signature=((hex:64))&Version=1}}`,
			`headers = {"Authorization": "Bearer bedrock-api-key-{{b64of:bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=ASIA((b32:16))&X-Amz-Signature=((hex:64))&Version=1}}"}`,
		},
		NoMatch: []string{
			`AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-...`,
			`AWS_BEARER_TOKEN_BEDROCK=` + awsBedrockShortTermPrefix + `{{b64:20}}`,
		},
	},
}
