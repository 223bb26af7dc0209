package detector

import "strings"

var _ = register(genericProviders, genericRules)

// owaspSecrets is where a leaked credential that belongs to no particular
// provider gets its rotation advice.
const owaspSecrets = "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"

var genericProviders = []Provider{
	{ID: "generic", Name: "Generic", EnvVar: "API_KEY", RotateURL: owaspSecrets, DocsURL: owaspSecrets},
	{ID: "http", Name: "HTTP", EnvVar: "API_TOKEN", RotateURL: owaspSecrets,
		DocsURL: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Authorization"},
	{ID: "postgresql", Name: "PostgreSQL", EnvVar: "DATABASE_URL",
		RotateURL: "https://www.postgresql.org/docs/current/sql-alterrole.html",
		DocsURL:   "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS"},
	{ID: "mysql", Name: "MySQL", EnvVar: "DATABASE_URL",
		RotateURL: "https://dev.mysql.com/doc/refman/8.0/en/alter-user.html",
		DocsURL:   "https://dev.mysql.com/doc/refman/8.0/en/connecting-using-uri-or-key-value-pairs.html"},
	{ID: "mongodb", Name: "MongoDB", EnvVar: "MONGODB_URI",
		RotateURL: "https://www.mongodb.com/docs/manual/reference/method/db.changeUserPassword/",
		DocsURL:   "https://www.mongodb.com/docs/manual/reference/connection-string/"},
	{ID: "redis", Name: "Redis", EnvVar: "REDIS_URL",
		RotateURL: "https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/",
		DocsURL:   "https://www.iana.org/assignments/uri-schemes/prov/redis"},
	{ID: "rabbitmq", Name: "RabbitMQ (AMQP)", EnvVar: "AMQP_URL",
		RotateURL: "https://www.rabbitmq.com/docs/passwords",
		DocsURL:   "https://www.rabbitmq.com/docs/uri-spec"},
	{ID: "jdbc", Name: "JDBC database", EnvVar: "JDBC_DATABASE_URL", RotateURL: owaspSecrets,
		DocsURL: "https://docs.oracle.com/javase/tutorial/jdbc/basics/connecting.html"},
}

// passwordValue judges a value found by a pattern the way a password
// assigned to a name is judged: placeholders and references are not
// secrets.
func passwordValue(b []byte) bool {
	return judgeValue(classPassword, b) && !expressionLike(b)
}

// sqlPassword: a password literal, not a bind parameter (:pw, @pw), a
// client variable (&pw) or one of the keywords that take its place.
func sqlPassword(b []byte) bool {
	switch strings.ToLower(string(b)) {
	case "values", "externally", "globally", "password", "expire", "null":
		return false
	}
	return b[0] != ':' && b[0] != '@' && passwordValue(b)
}

func dbURL(id, provider, title string, schemes []string, match, noMatch []string) Rule {
	kws := make([]string, len(schemes))
	for i, s := range schemes {
		kws[i] = s + "://"
	}
	return Rule{
		ID: id, Provider: provider, Title: title,
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: kws, find: urlFinder{schemes: schemes},
		Match: match, NoMatch: noMatch,
	}
}

var genericRules = []Rule{
	// Values assigned to password-like names, judged in generic.go.
	{
		ID: "generic-password", Provider: "generic", Title: "password",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"pass", "pw"},
		// The window lets a name reach a value on the next lines
		// (Kubernetes env entries, Terraform variables).
		Window: 512,
		find:   genericFinder{class: classPassword},
		Match: []string{
			`DB_PASSWORD={{an:14}}`,
			`db_password = "{{an:12}}"`,
			`  password: {{an:10}}`,
			`"password": "{{an:6}}{{dig:2}}"`,
			`<password>{{an:12}}</password>`,
			`spring.datasource.password={{an:16}}`,
			`$config['db_pass'] = '{{an:10}}';`,
			`conn = psycopg2.connect(host="db", user="app", password="{{an:12}}")`,
			`"Server=db;User Id=app;Password={{an:12}};"`,
			`val adminPwd: String = "{{an:12}}"`,
			`dataSource.setPassword("{{an:10}}{{dig:2}}");`,
			`props.put("mail.smtp.password", "{{an:10}}");`,
			// A literal wrapped in a constructor or a decoder, a flag.
			`password = Some("{{an:10}}"),`,
			`val newPassword = StringCredentialValue("{{an:12}}")`,
			`aws cognito-idp sign-up --username demo --password '{{an:10}}!'`,
			`nats server report jetstream --user admin --password {{low:5}}{{dig:1}}!`,
			`"--key-manager-password", "{{an:10}}"`,
			`Invoke-Spray -UserList users.txt -Password {{an:8}}{{dig:4}}`,
			`$SecPassword = ConvertTo-SecureString '{{an:10}}!' -AsPlainText -Force`,
			// A credential checked against a literal is hard-coded too.
			`if password == "{{an:12}}":`,
			`assert cfg['password'] == '{{low:6}}'`,
			`return req.body.password === '{{an:14}}'`,
			`DB_SCHEMA_PASSWORD={{an:8}}{{dig:1}}`,
			`- POSTGRES_PASSWORD=!{{an:8}}!`,
			`password: "se{{low:4}}ñor-{{dig:4}}"`,
			`define('DB_PASSWORD', '{{an:10}}');`,
			`db, err := sql.Open("postgres", "host=db user=app password={{an:12}} dbname=app sslmode=disable")`,
			`private static final String PASSWORD = "P4ssw0rd{{dig:4}}x";`,
			`DataSourceBuilder.create().username("app").password("{{an:12}}").build();`,
			`PGPASSWORD={{an:10}}{{dig:2}} psql -h db -U app -c 'select 1'`,
			`DB_PASSWORD={{an:10}}&{{dig:3}}`,
			`RABBITMQ_PASSWORD={{low:7}}.{{low:6}}.{{low:5}}.{{low:6}}`,
			`mail_password = "{{low:6}}-{{low:7}}-{{low:6}}"`,
			`EMAIL_HOST_PASSWORD = "{{an:12}}"`,
			`const passwords = ['{{hex:32}}']`,
			`        pwd: {{low:6}}{{dig:1}}`,
			`LDAP_BIND_PW={{an:10}}`,
			`    pw = "{{an:12}}{{dig:2}}"`,
			`RUN openssl genrsa -aes256 -passout pass:{{an:10}} -out ca-key.pem 4096`,
			`key.alias.password={{an:10}}`,
			// An environment lookup's fallback is what runs where it is unset.
			`password = os.environ.get('ADMIN_PASSWORD', '{{an:10}}')`,
			`POSTGRES_PASSWORD = getenv("PGPASSWORD", "{{an:10}}")`,
			`PASSWORD = os.environ.get("PASSWORD") or "{{an:10}}"`,
			`const dbPassword = process.env.DB_PASSWORD || '{{an:12}}';`,
			`"RequestBody": "{\"name\": \"owl\",\"password\": \"{{low:10}}\", \"user_id\": 12}",`,
			`connectOp := []byte("CONNECT {\"user\":\"derek\",\"pass\":\"{{an:6}}\"}\r\n")`,
		},
		NoMatch: []string{
			`sails> User.create({name: 'Brian', password: '{{an:10}}'}).fetch()`,
			`DOMAIN_PASSWORD= WebLogic admin password for the new domain`,
			`- DOVECOT_PASS_ATTRS=uniqueIdentifier=user,userPassword=password`,
			`openssl rsa -in key.pem -passin env:KEY_PASSPHRASE -out plain.pem`,
			`openssl pkcs12 -in a.p12 -passin file:/run/secrets/p12pass`,
			`signingConfig.keyAlias = "release"`,
			`irb> person.password = "{{an:10}}"`,
			`#   user.update(password: "{{an:8}}", password_challenge: "") # => false`,
			`>>> client.login(password="{{an:12}}")`,
			`config = {"adapter": "abstract", "password": "hunter2"}`,
			`password = os.getenv("DB_PASSWORD")`,
			`password = os.getenv("DB_PASSWORD", "")`,
			`password = os.getenv("DB_PASSWORD", default_password)`,
			`password = os.environ.get("DB_PASSWORD") or None`,
			`const password = process.env.DB_PASSWORD || '';`,
			`'passwords' => env('AUTH_PASSWORD_BROKER', 'users'),`,
			`# cas.authn.password.encoding.char=UTF-8`,
			`user.password_confirmation = 'confirmation'`,
			`Password=\u041F\u0430\u0440\u043E\u043B\u044C`,
			`ENV["RAILS_TEST_PWD"] = Dir.pwd`,
			`const user = new User({ password: 'invalid-hash' });`,
			`PASSWORD : 'xxxx@123' #change with your password`,
			`Platform::putEnv('GIT_ASKPASS', 'echo');`,
			`getpass.getuser.return_value = "gandalf"`,
			`initParams=audit_trail=none,remote_login_passwordfile=exclusive`,
			`interface ISeekingPassThru : IUnknown`,
			`pkg_erlpass_commit = master`,
			`const ldapPasswordComplexityCode = "0000052D."`,
			`password: 'required|min:8',`,
			`"password": "sha1$1b11b$` + "{{hex:40}}" + `",`,
			`password: ${DB_PASSWORD}`,
			`"password": "{{ vault_db_password }}"`,
			`password = "<your password here>"`,
			`password: changeme`,
			`PASSWORD_MIN_LENGTH = 12`,
			`password_field = "password"`,
			`label = "Please enter your password"`,
			`password: "********"`,
			`password = get_password()`,
			`if key == "Enter":`,
			`$passwd = $env:GITHUB_CERT_PASSWORD`,
			`htpasswd_str = htpasswd_content.decode("utf-8")`,
			"var tokenShaped = regexp.MustCompile(`\\b(gh[pousr]_[A-Za-z0-9]{20,})\\b`)",
			`run("docker", "login", "--password-stdin", "registry.corp")`,
			`echo "$TOKEN" | docker login -u bot --password-stdin ghcr.io`,
			`"ChangePassword": "cognito-idp:ChangePassword",`,
			`if [ "$key_password" != "$key_password2" ]; then`,
			`  password: cGFzc3dvcmQ=`,
			`if (typeof this.password === 'function') {`,
			`  update_password: on_create`,
			`%admin ALL=(ALL:ALL) NOPASSWD:SETENV: /usr/bin/app`,
			`SET password_encryption = 'scram-sha-256';`,
			`root_password_sha2 = {{hex:64}}`,
			`'set_password': 'allauth.account.forms.SetPasswordForm',`,
			`$creds.Password = Read-Host -AsSecureString -Prompt "Password"`,
			`password = T("Password")`,
			`password = os.environ.get("DB_PASSWORD", Secret("x"))`,
			`Pass the --password flag to set it.`,
			`docker login --username ci --password-stdin < token.txt`,
			`mytool --password $DB_PASSWORD`,
			`password = hashlib.sha256(PasswordHasher("{{an:12}}"))`,
			`password: Wachtwoord`,
			`'ALBUM_PASSWORD' => 'Contraseña',`,
			`password: !vault`,
			`password_hash = "$2b$12$` + "{{b64:53}}" + `"`,
			`bypass = "{{an:12}}"`,
			`const PASSWORD_KEY = "user_password"`,
			`password: "login.password.label"`,
			`password: null`,
			`props.password = this.state.password;`,
			`user.setPassword(passwordEncoder.encode(raw));`,
			`String hashed = hashPassword("{{an:12}}");`,
			`if (checkPassword("{{an:12}}")) {`,
			`put("password", password);`,
			`fields = ["username", "password", "token"]`,
			`{"Action":"pass","Package":"errors"}`,
			`{PlainAuth("", "user", "pass", "testserver"), nil}`,
			`{"Onepass", "^a.[l-n]?e$"},`,
			`"minipass": "^3.1.1",`,
			`InvalidUsernameAndPassword=Invalid username and password entered.`,
			`PASSWORD_ITERATIONS: 4096`,
			`input[type="password"]:hover {`,
			`assertLi.className = details.result ? 'pass' : 'fail';`,
			"`bin/rails generate scaffold user email:uniq password:digest`",
			`  PASSWORD_ENCODER: bcrypt`,
			`vault_db_password: !vault |`,
			`"MANDATORY_PASSWORD": "请提供密码",`,
			`LDAP_BIND_PASSWORD=xxxx-xxxx-xxxx-xxxx`,
			`'password' => 'hashed',`,
			`component.repeatNewPasswordControl.setValue('{{low:8}}')`,
			`<app-password-strength-info [passwordComponent]="passwordStrength">`,
			`htpasswd_content.decode("utf-8")`,
			`+ "&amp;password=&quot; + document.phish.pass.value"`,
			`tok := rule("planetscale-service-token", "pscale_tkn_", "service token")`,
			`--- PASS: TestLogin (0.00s)`,
			`// First warm up pass: load the bytes`,
			`const password = "@/?!"`,
			`passwords := []string{"WRONG1", "WRONG2"}`,
			`  pass: ok`,
			`  pwd: /srv/app`,
			`{"PT":"Portugal","PW":"Palau","PY":"Paraguay"}`,
			`"YomEUTirqgfPwN": "{{an:40}}",`,
			`var pw="__closure_events_fn_"+(1E9*Math.random()>>>0);`,
			`	const pw = "hunter2-not-a-secret"`,
			`"{\"password\": \"\", \"user\": \"{{an:12}}\"}"`,
			`"{\"password_hint\": \"{{an:12}}\"}"`,
			`00000220  f0 41 7a 0d 87 c1 70 77  d3 3a fa ef 2b 11 9b 61  |.Az...pw.:..+..a|`,
			"variable \"db_pw\" {}\n\nvariable \"name_prefix\" {\n  default = \"{{an:12}}\"\n}",
			"var passwordRegexes = []string{\n\t`^(?=.*[a-z])(?=.*\\d).{12,}$`,\n}",
			`passwords = ["password", get_password(), "{{an:12}}"]`,
			`"http://jane:p@ssword@host.tld"`,
			`password = "P@ssw0rd"`,
			`<script>var pass=document.getElementById("pw").value;</script>`,
		},
	},
	// Values assigned to secret-, token- and key-like names, judged in
	// generic.go.
	{
		ID: "generic-secret", Provider: "generic", Title: "secret, token or API key",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"secret", "token", "apikey", "api_key", "api-key", "credential", "key", "auth"},
		Window:   512,
		find:     genericFinder{class: classSecret},
		// RFC 4122's example UUID, pasted into many API samples.
		Examples: []string{"123e4567-e89b-12d3-a456-426614174000"},
		Match: []string{
			`API_KEY={{an:32}}`,
			`client_secret = "{{an:24}}{{dig:4}}"`,
			`  auth_token: {{hex:40}}`,
			`"apiKey": "{{uuid}}"`,
			`const accessToken = '{{b64u:48}}';`,
			`final String body = "{ \"access_token\":\"{{an:48}}\", ";`,
			`SECRET_KEY_BASE={{hex:64}}`,
			`x-api-key: {{an:30}}{{dig:2}}`,
			`private_key = "{{an:20}}{{dig:4}}"`,
			`export SERVICE_TOKEN="{{an:28}}{{dig:2}}"`,
			`<add key="ApiSecret" value="` + "{{an:24}}" + `" />`,
			`CLIENT_SECRET={{b64:30}}==`,
			`["Api:DeployToken"] = "{{an:30}}{{dig:2}}",`,
			"        - name: ZENDESK_API_TOKEN\n          value: {{an:38}}{{dig:2}}",
			"variable \"lob_api_key\" {\n  type    = string\n  default = \"{{an:30}}{{dig:2}}\"\n}",
			`  client_secret: {{b64:40}}==`,
			// A key wrapped in a decoder.
			`cookieRememberMeManager.setCipherKey(Base64.decode("{{b64:22}}=="));`,
			// Padding is not the '=' of a type annotation.
			`  base64-secret: {{b64:86}}=`,
			// Random letters of one case (Google app passwords).
			`client_secret="{{low:32}}",`,
			`export PGRST_JWT_SECRET="{{up:32}}"`,
			// Lists of literals under secret names, plurals included.
			`"tokens":["{{hex:24}}"],"state":"online"`,
			`Tokens:   []string{"{{hex:64}}"},`,
			"api_keys = [\n    \"{{an:30}}{{dig:2}}\",\n]",
			// Digits only, but sixteen random ones.
			`private static final String AES_KEY = "{{dig:16}}";`,
			`encoding_aes_key = '{{an:43}}'`,
			`'cookieValidationKey' => '{{an:32}}',`,
			`kubeadm_certificate_key: {{hex:64}}`,
			`<machineKey validation="SHA1" decryptionKey="{{HEX:48}}" />`,
			// A service's key in the environment: hex is an API key there.
			`LASTFM_KEY={{hex:32}}`,
			`key: '{{low:8}}{{dig:3}}{{low:8}}{{dig:3}}{{low:8}}{{dig:3}}{{low:8}}'`,
			// A JSON object escaped in the value.
			`"Apitoken": "{\"name\":\"root\",\"sig\":\"{{hex:32}}\"}",`,
		},
		NoMatch: []string{
			`[![codecov](https://codecov.io/gh/acme/app/branch/main/graph/badge.svg?token={{an:10}})](https://codecov.io/gh/acme/app)`,
			`rbd_provisioner_user_secret_namespace: rbd-provisioner`,
			`jwt-secret = "@/dev/stdin"`,
			`PGRST_JWT_ROLE_CLAIM_KEY: '.user[0]."real-role"'`,
			`[notes](https://docs.google.com/document/d/{{an:44}}/edit?resourcekey=0-{{an:22}})`,
			`auth="GSS-Negotiate";`,
			// An upper-case KEY constant holding a short word.
			`const EXPANDO_KEY = '$chartjs';`,
			`CACHE_KEY={{hex:32}}`,
			`"token":"012345689abcdefthisisafaketokenfedcba9876543210"`,
			`tokens = ["if", "else", "while"]`,
			`"secret":"123e4567-e89b-12d3-a456-426614174000"`,
			`"ClientToken": "00000000000000000",`,
			`"session_token": "1700000000000000"`,
			`"access_token": "0123456789012345"`,
			`"Pass": ["Question"]`,
			`remote-auth = ["django-auth-ldap", "python3-saml"]`,
			`"secret": ["sslCertificateFile"],`,
			`ActiveRecord::Encryption.key_provider = MyKeyProvider.new`,
			`"OutputKey": "UserClicksServiceAPIEndpoint1DA4E100",`,
			`"Key": "{{uuid}}/document.pdf",`,
			`self.current_token = "random-string"`,
			`test_spreadsheet_key = "{{an:44}}"`,
			`api_token = "httpRequestHeaderValue"`,
			`"token": "{\"type\": \"bearer\", \"source\": \"env\"}"`,
			`tokens = [tok for tok in lexer]`,
			`"keys": ["{{an:30}}{{dig:2}}"]`,
			`"tokens": "{{an:30}}{{dig:2}}"`,
			`secrets = ["{{an:30}}{{dig:2}}", os.environ["X"]]`,
			`"exporter_secret": "{{hex:64}}",`,
			`var STORAGE_KEY = '$$animateClasses';`,
			`"key": "Linux-node-{{hex:40}}",`,
			`httpmock.JSONResponse(PubKey{ID: "123", Key: "{{b64:32}}"})`,
			`"Key": "date%3D2026-03-01/",`,
			`api_key = os.environ["API_KEY"]`,
			`secret: ${SECRET}`,
			`token = "{{ csrf_token() }}"`,
			`next_page_token = "{{an:24}}"`,
			`api_key_id = "{{an:20}}{{dig:2}}"`,
			`public_key = "{{an:24}}{{dig:4}}"`,
			`token_url = "https://auth.example.net/oauth/token"`,
			`SECRET_KEY = "development-secret-key"`,
			`max_tokens = 4096`,
			`key = "user_id"`,
			`"key": "{{uuid}}"`,
			`cache_key = "{{hex:40}}"`,
			`api_key: "YOUR_API_KEY"`,
			`token: "xxxxxxxxxxxxxxxxxxxx"`,
			`secret = "keyboardcat"`,
			`client_secret: "developmentonly"`,
			`integrity: "sha512-{{b64:86}}=="`,
			`authorization: null`,
			`"EncapsulationKeySize768": "EncapsulationKeySize1024",`,
			`"Key": "folder/aSubfolder/subFile1",`,
			`"PartitionKey": "event_1_partition_key_record_1",`,
			`"SSECustomerKeyMD5": "{{b64:22}}==",`,
			`Authorization: AWS4-HMAC-SHA256 Credential=mock_access_key/20210202/us-east-1/s3/aws4_request`,
			`secret_string_v0: str = "secret_string_v0"`,
			`AWS_SecretsManager_RotationSchedule = "AWS::SecretsManager::RotationSchedule"`,
			`key="aws:PrincipalOrgID",`,
			`"sourceKmsKeyAlias": "s3-cross-account-replication-source-key",`,
			`const token = 'testtoken123';`,
			`activeToken: "inactive-user-2-token",`,
			`"access_token": "mock-jwt-token",`,
			`<input type="hidden" name="authenticity_token" value="{{b64:43}}=">`,
			`const BeeTokenAddress = '0x{{hex:40}}'`,
			`<key>UISupportedInterfaceOrientations~ipad</key>`,
			`BIND_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf`,
			`master-password: "{{open}}resolve:secretsmanager:prod/db:SecretString:password{{close}}"`,
			`"Token": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/t/)",`,
			`"tests/test_secrets.py::TestSecrets::test_delete_secret": 0.05819487500048126,`,
			`b.Run("Key=string/Elem=string", benchSizes(benchmarkMapIter[string, string]))`,
			"        - name: API_TOKEN\n          valueFrom:\n            secretKeyRef: {name: app, key: token}",
			"variable \"api_key\" {\n  type = string\n}\nresource \"x\" \"y\" {\n  default = \"{{an:30}}{{dig:2}}\"\n}",
			`const onedrivekey = ` + "`SOFTWARE\\Microsoft\\OneDrive`",
			`keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})`,
			`{key=this._parseKey(key)}`,
			`https://x-access-token:<token>@github.com/org/repo`,
			`AccountKey=<account-key>;EndpointSuffix=core.windows.net`,
			`"secretKey":"A3-((uan:6))-((uan:6))"`,
			// An unsigned JWT, split so that no scanner sees a whole token.
			`token = "eyJhbGci` + `OiJub25lIiwidH` + `lwIjoiSldUIn0` + `.eyJzdWIi` + `OiJ1c2VyIn0."`,
		},
	},
	// RFC 3986 userinfo: scheme://user:password@host.
	{
		ID: "generic-url-credentials", Provider: "generic", Title: "password in a URL",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"://"}, find: urlFinder{},
		Match: []string{
			`git clone https://deploy:{{an:20}}@git.internal.net/repo.git`,
			`proxy = "http://svc:{{an:12}}@proxy.corp:3128"`,
			`ftp://backup:{{an:10}}@files.lan/`,
			`url := fmt.Sprintf("nats://ivan:{{low:8}}@%s:%d", host, port)`,
			"amqp_url = f\"smtp://app:{{an:12}}@{host}:25\"",
		},
		NoMatch: []string{
			`https://user:password@host.tld/`,
			`https://${USER}:${PASS}@git.internal.net/`,
			`https://x-access-token:<token>@github.com/org/repo`,
			`https://{{b64u:10}}.net/path?q=1`,
			`git@github.com:org/repo.git`,
			`http://user:%s@%s/`,
			`postgres://admin:{{an:12}}@<your-host>/db`,
			`"http://jane:p%40ssword@host.tld"`,
		},
	},
	// https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS
	dbURL("postgresql-url-password", "postgresql", "password in a PostgreSQL URL",
		[]string{"postgres", "postgresql", "postgresql+psycopg2", "postgresql+asyncpg", "postgis"},
		[]string{
			`DATABASE_URL=postgres://app:{{an:16}}@db.internal:5432/app`,
			`engine = create_engine("postgresql+psycopg2://app:{{an:12}}@localhost/app")`,
		},
		[]string{
			`DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app`,
			`postgres://postgres@localhost:5432/app`,
			`postgresql://user:password@localhost/db`,
			`#   DATABASE_URL="postgres://myuser:mypass@localhost/somedatabase"`,
			`CACHE_DATABASE_URL: "postgresql://cacheuser:cachepass@127.0.0.1/cache"`,
		}),
	// https://dev.mysql.com/doc/refman/8.0/en/connecting-using-uri-or-key-value-pairs.html
	dbURL("mysql-url-password", "mysql", "password in a MySQL URL",
		[]string{"mysql", "mysql+pymysql", "mysql+mysqldb", "mysqlx", "mariadb"},
		[]string{
			`url: mysql://root:{{an:14}}@127.0.0.1:3306/shop`,
			`SQLALCHEMY_DATABASE_URI = 'mysql+pymysql://shop:{{an:12}}@db/shop'`,
		},
		[]string{
			`mysql://root:<password>@localhost/shop`,
			`mysql://root@localhost/shop`,
		}),
	// https://www.mongodb.com/docs/manual/reference/connection-string/
	dbURL("mongodb-url-password", "mongodb", "password in a MongoDB connection string",
		[]string{"mongodb", "mongodb+srv"},
		[]string{
			`MONGODB_URI=mongodb+srv://app:{{an:16}}@cluster0.ab1cd.mongodb.net/app?retryWrites=true`,
			`client = MongoClient("mongodb://admin:{{an:12}}@mongo:27017/")`,
		},
		[]string{
			`mongodb+srv://<username>:<password>@cluster0.mongodb.net/`,
			`mongodb://localhost:27017/app`,
		}),
	// https://www.iana.org/assignments/uri-schemes/prov/redis
	dbURL("redis-url-password", "redis", "password in a Redis URL",
		[]string{"redis", "rediss"},
		[]string{
			`REDIS_URL=redis://default:{{an:20}}@cache.internal:6379/0`,
			`redis_url: "rediss://:{{an:24}}@redis.example.net:6380"`,
		},
		[]string{
			`REDIS_URL=redis://localhost:6379/0`,
			`redis://:${REDIS_PASSWORD}@cache:6379`,
		}),
	// https://www.rabbitmq.com/docs/uri-spec
	dbURL("rabbitmq-url-password", "rabbitmq", "password in an AMQP URL",
		[]string{"amqp", "amqps"},
		[]string{
			`BROKER_URL=amqp://worker:{{an:16}}@rabbit:5672/vhost`,
			`celery_broker = "amqps://svc:{{an:14}}@mq.internal/"`,
		},
		[]string{
			`amqp://guest:guest@localhost:5672/`,
			`amqp://localhost`,
		}),
	// https://docs.oracle.com/javase/tutorial/jdbc/basics/connecting.html
	{
		ID: "jdbc-url-password", Provider: "jdbc", Title: "password in a JDBC URL",
		Kind: KindSecret, Severity: SeverityCritical,
		Keywords: []string{"jdbc:"},
		// Oracle's thin driver puts the password in the authority:
		// jdbc:oracle:thin:user/password@host:1521/SERVICE.
		Pattern: `(?i)jdbc:(?:oracle:thin:[^/\s"'<>@:]{1,64}/|[a-z0-9]+:[^\s"'<>]*?[;?&](?:password|pwd)=)([^;&\s"'<>@]{3,})`,
		Check:   func(b []byte) bool { return !isPlaceholder(b) && !isReference(b) },
		Match: []string{
			`url=jdbc:postgresql://db:5432/app?user=app&password={{an:14}}`,
			`"jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={{an:12}};"`,
			`spring.datasource.url=jdbc:oracle:thin:app/{{an:12}}@db:1521/ORCLPDB1`,
		},
		NoMatch: []string{
			`jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}`,
			`jdbc:mysql://localhost:3306/app`,
			`jdbc:oracle:thin:@db:1521/ORCLPDB1`,
			`jdbc:oracle:thin:app/${DB_PASSWORD}@db:1521/ORCLPDB1`,
		},
	},
	// Passwords handed to a login or auth call: smtp.login("u", "p"),
	// HTTPBasicAuth("u", "p"), auth=("u", "p").
	{
		ID: "generic-password-argument", Provider: "generic", Title: "password passed to a login call",
		Kind: KindSecret, Severity: SeverityHigh, Fallback: true,
		Keywords: []string{"login(", "basicauth(", "auth=(", "auth = (", "auth=[", "credentials(", "networkcredential("},
		Pattern:  `(?i)(?:login|basicauth|\bauth\s*=\s*|credentials|networkcredential)\s*[\(\[]\s*['"][^'"\n]{1,64}['"]\s*,\s*['"]([^'"\n]{3,64})['"]\s*[\)\]]`,
		Check:    passwordValue,
		Match: []string{
			`server.login("noreply@corp.net", "{{an:12}}")`,
			`requests.get(url, auth=HTTPBasicAuth("svc", "{{an:10}}"))`,
			`r = requests.post(url, auth=("admin", "{{an:8}}{{dig:2}}"))`,
			`Credentials = new NetworkCredential("reporting", "{{an:12}}")`,
		},
		NoMatch: []string{
			`server.login(user, password)`,
			`auth=("admin", os.environ["PW"])`,
			`server.login("user", "<password>")`,
			`c.Login("github.com", "monalisa", "{{an:8}}", "https", false)`,
		},
	},
	// Passwords in the fixed position of well-known calls:
	// DriverManager.getConnection(url, user, password), Go's
	// smtp.PlainAuth(identity, user, password, host), PHP's
	// new PDO(dsn, user, password).
	{
		ID: "generic-password-positional", Provider: "generic", Title: "password passed to a connection call",
		Kind: KindSecret, Severity: SeverityHigh, Fallback: true,
		Keywords: []string{"getconnection(", "plainauth(", "new pdo("},
		Pattern: `(?i)(?:getconnection\s*\(\s*(?:"[^"\n]*"|[\w.]+)\s*,|plainauth\s*\(\s*"[^"\n]*"\s*,|new\s+pdo\s*\(\s*(?:'[^'\n]*'|"[^"\n]*"|\$\w+)\s*,)` +
			`\s*["'][^"'\n]{1,64}["']\s*,\s*["']([^"'\n]{3,64})["']`,
		Check: passwordValue,
		Match: []string{
			`Connection conn = DriverManager.getConnection("jdbc:postgresql://db:5432/app", "etl", "{{an:12}}");`,
			`auth := smtp.PlainAuth("", "ops@corp.net", "{{an:12}}", "smtp.corp.net")`,
			`$pdo = new PDO('mysql:host=db;dbname=app', 'app', '{{an:12}}');`,
		},
		NoMatch: []string{
			`DriverManager.getConnection(url, user, password)`,
			`smtp.PlainAuth("", user, os.Getenv("SMTP_PASSWORD"), host)`,
			`new PDO($dsn, 'root', '<password>')`,
		},
	},
	// https://curl.se/docs/manpage.html#-u
	{
		ID: "curl-user-password", Provider: "http", Title: "password in a curl --user argument",
		Kind: KindSecret, Severity: SeverityHigh, Fallback: true,
		// "c[u]rl" and the split keyword keep other scanners' curl rules
		// from reading this rule as a command line.
		Keywords: []string{"cu" + "rl "},
		Pattern:  `\bc[u]rl\b[^\n]*?\s(?:-u|--user)(?:\s+|=)['"]?[^\s:'"]{1,64}:([^\s'"]{3,128})`,
		Check:    passwordValue,
		Match: []string{
			`curl -u admin:{{an:12}} https://ci.internal/api/json`,
			`curl -s --user "deploy:{{an:14}}" -X POST https://nexus.corp/upload`,
		},
		NoMatch: []string{
			`curl -u "$USER:$PASSWORD" https://ci.internal/`,
			`curl -u admin:<password> https://host/`,
			`curl -u user:pass https://host/`,
			`curl -u api:${API_KEY} https://host/`,
		},
	},
	// https://www.postgresql.org/docs/current/sql-createrole.html
	// https://dev.mysql.com/doc/refman/8.0/en/create-user.html
	// https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-USER.html
	{
		ID: "sql-password", Provider: "generic", Title: "password in a SQL statement",
		Kind: KindSecret, Severity: SeverityHigh, Fallback: true,
		Keywords: []string{"identified by", "identified with", "create user", "alter user", "create role",
			"alter role", "password=password(", "password = password("},
		// IDENTIFIED BY takes the password unquoted in Oracle; it is
		// only trusted in a CREATE, ALTER or GRANT statement, because
		// "identified by" is prose too. A
		// PASSWORD clause of CREATE/ALTER USER/ROLE and MySQL's
		// PASSWORD() function take a quoted one.
		Pattern: `(?i)(?:\b(?:create|alter|grant)\b[^\n;]*?\bidentified\s+(?:with\s+['"]?\w+['"]?\s+)?by\s+['"]?|\b(?:create|alter)\s+(?:user|role)\b[^\n;]*?\bpassword\s+['"]|\bpassword\s*=\s*password\s*\(\s*['"])([^\s'";)]{3,64})`,
		Check:   sqlPassword,
		Match: []string{
			`CREATE USER app WITH PASSWORD '{{an:12}}';`,
			`ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY '{{an:10}}';`,
			`SQL> alter user sys identified by {{an:10}} container=all;`,
			`CREATE ROLE gitlab with LOGIN CREATEDB PASSWORD '{{an:9}}';`,
			`update user set password=password('{{an:8}}') where user='root';`,
			`GRANT ALL ON *.* TO 'app'@'%' IDENTIFIED BY '{{an:12}}';`,
		},
		NoMatch: []string{
			`CREATE USER app IDENTIFIED EXTERNALLY;`,
			`CREATE USER app IDENTIFIED BY :password;`,
			`ALTER USER app IDENTIFIED BY &new_password;`,
			`CREATE USER app WITH PASSWORD '<password>';`,
			`CREATE USER app WITH PASSWORD NULL;`,
			`ALTER USER app PASSWORD EXPIRE;`,
			`CREATE USER app IDENTIFIED BY VALUES 'S:{{hex:60}}';`,
			`# A list of related resources identified by their relative URIs`,
			`This happens when the compiler is not identified by CMake.`,
			`// Here the function identified by "repeat" is overwritten.`,
		},
	},
	// https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_password
	{
		ID: "mysql-cli-password", Provider: "mysql", Title: "password on a mysql command line",
		Kind: KindSecret, Severity: SeverityHigh, Fallback: true,
		Keywords: []string{"mysql", "mariadb"},
		// -p takes its value with no space; -P is the port.
		Pattern: `\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s(?:-p|--password=)([^\s'"-][^\s'"]{2,64})`,
		Check:   passwordValue,
		Match: []string{
			`mysql -h db -u root -p{{an:12}} shop < dump.sql`,
			`mysqldump --user=backup --password={{an:14}} --all-databases > all.sql`,
		},
		NoMatch: []string{
			`mysql -h db -P 3306 -u root -p shop`,
			`mysql -u root -p"$MYSQL_ROOT_PASSWORD"`,
			`mysql -u root -p${DB_PASS} app`,
		},
	},
	// https://docs.docker.com/reference/cli/docker/login/
	{
		ID: "docker-login-password", Provider: "docker", Title: "password on a docker login command line",
		Kind: KindSecret, Severity: SeverityHigh, Fallback: true,
		Keywords: []string{"docker login"},
		Pattern:  `\bdocker\s+login\b[^\n]*?\s(?:-p|--password)(?:\s+|=)['"]?([^\s'"]{3,128})`,
		Check:    passwordValue,
		Match: []string{
			`docker login -u ci -p {{an:16}} registry.corp.net`,
			`- docker login --username bot --password={{an:20}} ghcr.io`,
		},
		NoMatch: []string{
			`docker login -u ci -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY`,
			`echo "$TOKEN" | docker login -u bot --password-stdin ghcr.io`,
		},
	},
	// https://datatracker.ietf.org/doc/html/rfc7617
	{
		ID: "http-basic-auth", Provider: "http", Title: "HTTP Basic credentials",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"basic "},
		Pattern:  `(?i)\bbasic\s+([A-Za-z0-9+/]{6,}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		Check:    basicAuthValid,
		// RFC 7617's own example, "Aladdin:open sesame", and the variant
		// Go's and others' test suites use.
		Examples: []string{"QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "YWxhZGRpbjpvcGVuc2VzYW1l"},
		Match: []string{
			`Authorization: Basic {{b64of:deploy:((an:16))}}`,
			`headers = {"Authorization": "Basic {{b64of:svc:((an:12))}}"}`,
			`curl -H 'Authorization: Basic {{b64of:admin:((an:10))}}' https://api.internal/`,
			`.set('Authorization', 'Basic {{b64of:svc:((low:6)) ((low:8))}}')`,
		},
		NoMatch: []string{
			`Authorization: Basic {{b64of:user:password}}`,
			`Authorization: Basic <base64(user:pass)>`,
			`"Basic authentication is supported"`,
			`Authorization: Basic {{b64of:nocolonhere}}`,
			`Authorization: Basic {{b64of:user:your password}}`,
		},
	},
	// https://datatracker.ietf.org/doc/html/rfc6750
	{
		ID: "http-bearer-token", Provider: "http", Title: "HTTP Bearer token",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"bearer ", "bearer\",", "bearer',"},
		// Also C#'s new AuthenticationHeaderValue("Bearer", "token").
		Pattern: `(?i)\bbearer(?:\s+|["']\s*,\s*["'])([A-Za-z0-9._~+/-]{16,}=*)(?:[^A-Za-z0-9._~+/=-]|$)`,
		Check:   bearerValid,
		Match: []string{
			`Authorization: Bearer {{an:40}}`,
			`curl -H "Authorization: Bearer {{b64u:32}}{{dig:2}}" https://api.internal/v1`,
			`headers: { Authorization: 'Bearer {{an:24}}{{dig:4}}' }`,
			`_http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "{{an:30}}");`,
		},
		NoMatch: []string{
			`Authorization: Bearer $TOKEN`,
			`Authorization: Bearer ${API_TOKEN}`,
			`Authorization: Bearer <access_token>`,
			`"Authorization": "Bearer " + token`,
			`uses bearer authentication for every request`,
			`Authorization: 'Bearer not-a-valid-token'`,
			`Authorization: Bearer bedrock-api-key-placeholder`,
		},
	},
	// Authorization schemes other than Bearer and Basic that carry a bare
	// credential: "token" (GitHub, Django REST framework, Rails), "ApiKey"
	// (Elasticsearch), "Key" (legacy FCM "key="). Okta's SSWS has its own
	// rule.
	{
		ID: "http-authorization-token", Provider: "http", Title: "HTTP Authorization token",
		Fallback: true,
		Kind:     KindSecret, Severity: SeverityHigh,
		Keywords: []string{"authorization"},
		Pattern:  `(?i)\bauthorization["']?\s*[:=,]\s*["']?(?:token|apikey|api-key|key[ =])\s*([A-Za-z0-9._~+/-]{16,}=*)(?:[^A-Za-z0-9._~+/=-]|$)`,
		Check:    bearerValid,
		Match: []string{
			`curl -H "Authorization: token {{an:36}}{{dig:4}}" https://ghe.internal/api/v3/user`,
			`headers = {"Authorization": "Token {{hex:40}}"}`,
			`client.defaults.headers.authorization = 'ApiKey {{b64of:((an:20)):((an:22))}}'`,
			`"Authorization": "key={{b64u:39}}"`,
		},
		NoMatch: []string{
			`"Authorization": "Token " + token`,
			`Authorization: token ${GITHUB_TOKEN}`,
			`Authorization: ApiKey <base64 of id:api_key>`,
			`authorization: token authentication is required`,
			`Authorization: Token {{low:16}}`,
		},
	},
}
