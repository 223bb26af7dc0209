package corpus

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// lang describes how one language or format writes the corpus's content.
type lang struct {
	name string
	// sym are the symbols a password may hold here (a person writing a
	// Dockerfile avoids '$').
	sym string
	// entry renders an abstract entry and says which scope of the file it
	// belongs in ("top", "kv", "body", …; each writer knows its scopes).
	entry func(c *gen, e entry) (string, frag)
	// envRef is how this language reads a value from the environment or a
	// secret store instead of holding it.
	envRef func(c *gen, e entry) val
	// token renders a standalone provider token where no name says what
	// it is: a header, a CLI flag, a client constructor. Optional.
	token func(c *gen, p provEntry) (string, frag)
	pos   []func(c *gen) (string, frag) // language-specific positives
	neg   []func(c *gen) (string, frag) // language-specific hard negatives
	fill  []func(c *gen) (string, frag) // ordinary lines
	// single: the format has no natural way to write a multi-line value
	// (a Dockerfile ENV, a .properties line): no multi-line negatives.
	single bool
}

// bag collects a file's items by scope.
type bag struct {
	order []string
	m     map[string][]frag
}

func newBag() *bag { return &bag{m: map[string][]frag{}} }

func (b *bag) add(scope string, f frag) {
	if _, ok := b.m[scope]; !ok {
		b.order = append(b.order, scope)
	}
	b.m[scope] = append(b.m[scope], f)
}

// take returns the items of scope, shuffled, plus the items of any
// scopes listed in also (scopes the file has no place for).
func (b *bag) take(c *gen, scope string, also ...string) []frag {
	out := append([]frag(nil), b.m[scope]...)
	for _, s := range also {
		out = append(out, b.m[s]...)
		delete(b.m, s)
	}
	delete(b.m, scope)
	shuffle(c, out)
	return out
}

// rest returns every item not taken yet, for a writer's catch-all scope.
func (b *bag) rest(c *gen) []frag {
	var out []frag
	for _, s := range b.order {
		out = append(out, b.m[s]...)
		delete(b.m, s)
	}
	shuffle(c, out)
	return out
}

// Per-file item counts: most lines are neither positive nor negative.
func (c *gen) nPos() int  { return pick(c, 0, 1, 1, 2, 2, 2, 3, 4) }
func (c *gen) nNeg() int  { return c.between(3, 7) }
func (c *gen) nFill() int { return c.between(4, 12) }

// mix fills a bag with the file's provider placements, generic positives,
// hard negatives and filler, rendered by L.
func (c *gen) mix(L *lang, provs []provEntry) *bag {
	b := newBag()
	// A file never repeats a line, nor sets one name twice: a real file
	// holds one "webpages:Version" setting and one "password:" per block.
	seen := map[string]bool{}
	keys := map[string]bool{}
	fresh := func(f frag) bool {
		k := settingKey(f.String())
		return !seen[f.String()] && (k == "" || !keys[k])
	}
	add := func(scope string, f frag) {
		seen[f.String()] = true
		if k := settingKey(f.String()); k != "" {
			keys[k] = true
		}
		b.add(scope, f)
	}
	// tryAdd draws up to four items and keeps the first fresh one.
	tryAdd := func(draw func() (string, frag)) {
		for try := 0; try < 4; try++ {
			if scope, f := draw(); fresh(f) {
				add(scope, f)
				return
			}
		}
	}
	for _, p := range provs {
		scope, f := c.renderProv(L, p)
		if !fresh(f) && p.special == "" && p.e.env != upper(p.e.words) {
			// Two tokens of one provider (VERCEL_TOKEN) in one file: the
			// second goes by its longer name.
			p.e.env = upper(p.e.words)
			scope, f = c.renderProv(L, p)
		}
		add(scope, f)
	}
	for i, n := 0, c.nPos(); i < n; i++ {
		tryAdd(func() (string, frag) {
			if len(L.pos) > 0 && c.chance(0.45) {
				return pick(c, L.pos...)(c)
			}
			return L.entry(c, c.posEntry(L))
		})
	}
	for i, n := 0, c.nNeg(); i < n; i++ {
		tryAdd(func() (string, frag) {
			if len(L.neg) > 0 && c.chance(0.4) {
				return pick(c, L.neg...)(c)
			}
			return L.entry(c, c.negEntry(L))
		})
	}
	if len(L.fill) > 0 {
		for i, n := 0, c.nFill(); i < n; i++ {
			tryAdd(func() (string, frag) { return pick(c, L.fill...)(c) })
		}
	}
	return b
}

// settingKey is the name a filler line sets ("host" in "host: db"), or ""
// for lines that set nothing.
func settingKey(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(s, " \t-")
	i := strings.IndexAny(s, ":= ")
	if i <= 0 || s[i] == ' ' && !strings.HasPrefix(strings.TrimLeft(s[i:], " "), "=") {
		return ""
	}
	k := strings.Trim(s[:i], `"'<>`)
	if k == "name" { // a Kubernetes env entry: "- name: DB_PASSWORD"
		return s
	}
	return k
}

func (c *gen) renderProv(L *lang, p provEntry) (string, frag) {
	if p.special != "" {
		return c.specialFrag(L, p)
	}
	if p.standalone && p.tokenish() && L.token != nil && c.chance(0.35) {
		return L.token(c, p)
	}
	return L.entry(c, p.e)
}

// ---------------------------------------------------------------------------
// Generic positives.

var passwordNames = []string{
	"db password", "database password", "password", "admin password", "smtp password", "mail password",
	"redis password", "root password", "ldap bind password", "keystore password", "truststore password",
	"postgres password", "mysql root password", "mysql password", "db pass", "ssh passphrase",
	"key passphrase", "rabbitmq password", "ftp password", "service password", "es password",
	"mongo password", "email host password", "pg password", "admin pass", "sftp password",
	"proxy password", "smtp pass", "bind password", "master password",
}

var secretNames = []string{
	"api key", "api secret", "client secret", "secret key", "auth token", "access token", "app secret",
	"jwt secret", "webhook secret", "encryption key", "signing secret", "private token", "service token",
	"api token", "session secret", "master key", "secret", "token", "hmac secret", "consumer secret",
	"refresh token", "app key", "subscription key", "x api key", "access key", "integration token",
	"deploy token", "bot token", "admin token", "internal api key",
}

var uuidKeyNames = []string{"api key", "client secret", "license key", "subscription key", "access token", "app secret", "api token"}

// posEntry returns a generic positive for L.
func (c *gen) posEntry(L *lang) entry {
	sym := L.sym
	switch k := c.intn(24); {
	case k < 9:
		v := c.humanPassword(sym)
		return entry{words: words(pick(c, passwordNames...)), v: lit(pos(v, "generic-password", ClassGeneric))}
	case k < 14:
		v := c.randomSecret()
		return entry{words: words(pick(c, secretNames...)), v: lit(pos(v, "generic-secret", ClassGeneric))}
	case k < 15:
		v := c.g.UUID()
		if c.chance(0.3) {
			v = strings.ToUpper(v)
		}
		if c.chance(0.3) {
			return entry{words: words("license key"), v: lit(pos(c.licenseKey(), "generic-secret", ClassGeneric))}
		}
		return entry{words: words(pick(c, uuidKeyNames...)), v: lit(pos(v, "generic-secret", ClassGeneric))}
	case k < 19:
		w, f := c.credURL()
		return entry{words: w, v: lit(f)}
	case k < 20:
		return entry{words: words(pick(c, "connection string", "db connection", "default connection", "sql connection string")), v: lit(c.connString())}
	case k < 21:
		return entry{words: words(pick(c, "jdbc url", "datasource url", "db url")), v: lit(c.jdbcURL())}
	case k < 22:
		return entry{words: words(pick(c, "authorization", "auth header", "basic auth header")), v: lit(cat("Basic ", c.basicCred()))}
	default:
		return entry{words: words(pick(c, "authorization", "auth header", "default authorization")), v: lit(cat("Bearer ", c.bearerTok()))}
	}
}

// basicCred is base64("user:password"), labelled.
func (c *gen) basicCred() frag {
	raw := c.user() + ":" + c.humanPassword(symAny)
	if c.chance(0.4) {
		raw = c.user() + ":" + c.randomSecret()
	}
	return pos(base64.StdEncoding.EncodeToString([]byte(raw)), "http-basic-auth", ClassGeneric)
}

func (c *gen) bearerTok() frag {
	var t string
	switch c.intn(4) {
	case 0:
		t = c.rnd(alnum, c.between(24, 48))
	case 1:
		t = c.rnd(b64url, c.between(32, 64))
	case 2:
		t = c.rnd(hexLow, 40)
	default:
		t = c.rnd(alnum, 8) + "." + c.rnd(b64url, 32)
	}
	return pos(t, "http-bearer-token", ClassGeneric)
}

// credURL is a URL with a password in its userinfo, and a name for it.
// With schemes, only URLs of those schemes (by prefix) are made.
func (c *gen) credURL(schemes ...string) ([]string, frag) {
	pw := c.humanPassword(symURL)
	if c.chance(0.35) {
		pw = c.rnd(alnum, c.between(12, 32))
	}
	user := c.user()
	type u struct {
		scheme, rule, host, path, name string
	}
	opts := []u{
		{"postgres", "postgresql-url-password", c.host() + ":5432", "/" + c.dbName(), "database url"},
		{"postgresql", "postgresql-url-password", c.host() + ":5432", "/" + c.dbName() + "?sslmode=require", "database url"},
		{"postgresql+psycopg2", "postgresql-url-password", c.host(), "/" + c.dbName(), "sqlalchemy database uri"},
		{"mysql", "mysql-url-password", c.host() + ":3306", "/" + c.dbName(), "db url"},
		{"mysql+pymysql", "mysql-url-password", c.host(), "/" + c.dbName() + "?charset=utf8mb4", "sqlalchemy url"},
		{"mongodb+srv", "mongodb-url-password", "cluster0." + c.rnd(lowAlnum, 5) + ".mongodb.net", "/" + c.dbName() + "?retryWrites=true&w=majority", "mongo uri"},
		{"mongodb", "mongodb-url-password", "mongo-0.mongo:27017,mongo-1.mongo:27017", "/" + c.dbName() + "?replicaSet=rs0&authSource=admin", "mongodb uri"},
		{"redis", "redis-url-password", "cache.internal:6379", "/0", "redis url"},
		{"rediss", "redis-url-password", "redis-" + c.rnd(lowAlnum, 6) + ".cache.amazonaws.com:6380", "/1", "cache url"},
		{"amqp", "rabbitmq-url-password", "rabbitmq:5672", "/" + pick(c, "%2F", "orders", "events"), "broker url"},
		{"amqps", "rabbitmq-url-password", "b-" + c.rnd(lowAlnum, 8) + ".mq.us-east-1.amazonaws.com:5671", "", "amqp url"},
		{"https", "generic-url-credentials", "nexus." + c.domain(), "/repository/maven-releases/", "repository url"},
		{"https", "generic-url-credentials", "elastic." + c.domain() + ":9200", "", "elasticsearch url"},
		{"http", "generic-url-credentials", "proxy.corp.internal:3128", "", "proxy url"},
		{"ftp", "generic-url-credentials", "ftp." + c.domain(), "/exports/", "ftp url"},
		{"sftp", "generic-url-credentials", "files." + c.domain() + ":22", "/upload", "sftp url"},
		{"smtp", "generic-url-credentials", "smtp." + pick(c, "office365.com", "gmail.com", c.domain()) + ":587", "", "email url"},
		{"smtps", "generic-url-credentials", "mail." + c.domain() + ":465", "", "smtp url"},
		{"https", "generic-url-credentials", "git." + c.domain(), "/platform/" + pick(c, "infra", "deploy", "charts") + ".git", "git remote"},
		{"ldap", "generic-url-credentials", "ldap." + c.domain() + ":389", "/dc=corp,dc=internal", "ldap url"},
	}
	if len(schemes) > 0 {
		var keep []u
		for _, o := range opts {
			for _, sc := range schemes {
				if strings.HasPrefix(o.scheme, sc) {
					keep = append(keep, o)
					break
				}
			}
		}
		opts = keep
	}
	o := pick(c, opts...)
	if o.scheme == "redis" && c.chance(0.4) {
		user = ""
	}
	if strings.HasPrefix(o.scheme, "mongodb") || strings.HasPrefix(o.scheme, "redis") || strings.HasPrefix(o.scheme, "amqp") {
		user = pick(c, user, "admin", "default", "worker")
	}
	return words(o.name), cat(o.scheme+"://"+user+":", pos(pw, o.rule, ClassGeneric), "@"+o.host+o.path)
}

func (c *gen) connString() frag {
	pw := c.humanPassword(symConn)
	switch c.intn(4) {
	case 0:
		return cat(fmt.Sprintf("Server=tcp:sql-%s.database.windows.net,1433;Initial Catalog=%s;Persist Security Info=False;User ID=%s;Password=", c.company(), c.dbName(), c.user()),
			pos(pw, "generic-password", ClassGeneric), ";MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;")
	case 1:
		return cat(fmt.Sprintf("Server=%s;Database=%s;User Id=%s;Password=", c.host(), c.dbName(), c.user()), pos(pw, "generic-password", ClassGeneric), ";")
	case 2:
		return cat(fmt.Sprintf("host=%s port=5432 dbname=%s user=%s password=", c.host(), c.dbName(), c.user()), pos(c.rnd(alnum, c.between(12, 20)), "generic-password", ClassGeneric), " sslmode=require")
	default:
		return cat(fmt.Sprintf("Driver={ODBC Driver 18 for SQL Server};Server=%s;Database=%s;Uid=%s;Pwd=", c.host(), c.dbName(), c.user()), pos(pw, "generic-password", ClassGeneric), ";Encrypt=yes;")
	}
}

func (c *gen) jdbcURL() frag {
	pw := c.humanPassword(symURL)
	switch c.intn(4) {
	case 0:
		return cat(fmt.Sprintf("jdbc:postgresql://%s:5432/%s?user=%s&password=", c.host(), c.dbName(), c.user()), pos(pw, "jdbc-url-password", ClassGeneric), "&ssl=true")
	case 1:
		return cat(fmt.Sprintf("jdbc:sqlserver://%s:1433;databaseName=%s;user=%s;password=", c.host(), c.dbName(), c.user()), pos(pw, "jdbc-url-password", ClassGeneric), ";encrypt=true")
	case 2:
		return cat(fmt.Sprintf("jdbc:mysql://%s:3306/%s?useSSL=true&user=%s&password=", c.host(), c.dbName(), c.user()), pos(pw, "jdbc-url-password", ClassGeneric))
	default:
		return cat(fmt.Sprintf("jdbc:oracle:thin:%s/", c.user()), pos(pw, "jdbc-url-password", ClassGeneric), fmt.Sprintf("@%s:1521/ORCLPDB1", c.host()))
	}
}

// ---------------------------------------------------------------------------
// Hard negatives shared by every language.

var placeholders = []string{
	"YOUR_API_KEY", "<password>", "changeme", "xxxxxxxx", "********", "${DB_PASSWORD}", "{{ .Values.password }}",
	"%(password)s", "((db_password))", "@db.password@", "your-api-key-here", "<YOUR_TOKEN>", "REPLACE_ME", "TODO",
	"", "<insert-secret-here>", "${SECRET_KEY}", "{{ secrets.api_key }}", "$API_TOKEN", "%API_KEY%", "#{ApiKey}#",
	"__API_TOKEN__", "<redacted>", "[REDACTED]", "***", "your_password", "CHANGE_ME", "xxxx-xxxx-xxxx-xxxx",
	"<your-client-secret>", "${env:API_KEY}", "{{API_KEY}}", "$(SECRET)", "put-your-token-here", "sk-...",
	"<paste token>", "none", "null",
}

var secretRefs = []string{
	"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-password-AbC1dE",
	"arn:aws:ssm:eu-west-1:123456789012:parameter/prod/app/api_key",
	"vault:secret/data/prod/db#password",
	"projects/acme-prod/secrets/db-password/versions/latest",
	"op://Engineering/Postgres Prod/password",
	"@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db-password/)",
	"{{resolve:secretsmanager:prod/db:SecretString:password}}",
	"sm://acme-prod/stripe-api-key",
	"ssm:/prod/app/api_key",
	"ref+vault://secret/data/app#/token",
	"secret/data/prod/api#token",
	"gcp:secretmanager:projects/acme/secrets/api-token",
}

var uuidIDNames = []string{"request id", "trace id", "user id", "tenant id", "subscription id", "resource id", "correlation id", "project id", "workspace id", "account id", "client id", "object id", "installation id", "session id", "order id"}

var hashNames = []string{"checksum", "sha256", "digest", "commit", "etag", "content hash", "sha", "build sha", "commit sha", "file checksum", "expected sha256", "revision", "integrity", "md5", "git sha"}

// negEntry returns a hard negative written as an assignment in L.
func (c *gen) negEntry(L *lang) entry {
	pwOrSecret := func() []string {
		if c.chance(0.5) {
			return words(pick(c, passwordNames...))
		}
		return words(pick(c, secretNames...))
	}
	switch c.intn(31) {
	case 30:
		if !L.single {
			if c.chance(0.5) {
				return entry{words: words(pick(c, "ca cert", "tls cert", "root ca", "client certificate")), v: lit(neg(c.g.PEM("CERTIFICATE"), "certificate"))}
			}
			return entry{words: words(pick(c, "jwt public key", "public key pem", "verification key")), v: lit(neg(c.g.PEM("PUBLIC KEY"), "public-key"))}
		}
		fallthrough
	case 0, 1, 2:
		return entry{words: pwOrSecret(), v: lit(neg(pick(c, placeholders...), "placeholder"))}
	case 3, 4, 5:
		e := entry{words: pwOrSecret()}
		e.v = L.envRef(c, e)
		return e
	case 6, 7:
		return entry{words: pwOrSecret(), v: lit(neg(pick(c, secretRefs...), "secret-ref"))}
	case 8, 9:
		name := pick(c, hashNames...)
		var v string
		switch name {
		case "commit", "build sha", "commit sha", "revision", "git sha":
			v = c.gitSHA()
		case "digest":
			v = "sha256:" + c.sha256hex()
		case "integrity":
			v = c.integrity()
		case "md5", "etag":
			v = c.md5hex()
		default:
			v = c.sha256hex()
		}
		return entry{words: words(name), v: lit(neg(v, "hash"))}
	case 10, 11:
		return entry{words: words(pick(c, uuidIDNames...)), v: lit(neg(c.g.UUID(), "uuid-id"))}
	case 12:
		opts := []struct{ n, v string }{
			{"password min length", "12"}, {"password require uppercase", "true"}, {"password max age days", "90"},
			{"token ttl", "3600"}, {"session timeout", "1800"}, {"max login attempts", "5"}, {"password history", "5"},
			{"key rotation days", "30"}, {"token expiry seconds", "86400"}, {"api key length", "32"}, {"secret rotation enabled", "false"},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: bareV(neg(o.v, "policy"))}
	case 13:
		opts := []struct{ n, v string }{
			{"token type", "Bearer"}, {"auth type", "oauth2"}, {"auth scheme", "Basic"}, {"grant type", "client_credentials"},
			{"token endpoint auth method", "client_secret_basic"}, {"token expiry", "24h"}, {"password encoder", "bcrypt"},
			{"secret type", "Opaque"}, {"key algorithm", "RS256"}, {"token issuer", "https://auth." + c.domain() + "/"},
			{"token url", "https://auth." + c.domain() + "/oauth/token"}, {"auth mode", "password"}, {"password reset url", "https://app." + c.domain() + "/reset"},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: lit(neg(o.v, "token-word"))}
	case 14:
		opts := []struct{ n, v string }{{"max tokens", "4096"}, {"max output tokens", "8192"}, {"token limit", "128000"}, {"tokens per minute", "90000"}}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: bareV(neg(o.v, "token-word"))}
	case 15:
		var v string
		if c.chance(0.5) {
			v = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf(`{"offset":%d,"id":"%s"}`, c.between(100, 9000), c.rnd(hexLow, 12))))
		} else {
			v = c.rnd(b64url, c.between(24, 40))
		}
		return entry{words: words(pick(c, "next page token", "page token", "continuation token", "next cursor", "sync token")), v: lit(neg(v, "pagination"))}
	case 16:
		opts := []string{"Enter your password", "Password", "Your API key", "Paste your access token here", "Confirm password", "Forgot your password?", "API key (optional)", "Token expired, please sign in again"}
		return entry{words: words(pick(c, "password prompt", "password label", "password placeholder", "token help text", "api key hint", "secret field label")), v: lit(neg(pick(c, opts...), "ui-string"))}
	case 17:
		return entry{words: words(pick(c, "primary color", "brand color", "accent color", "color token primary", "theme background")), v: lit(neg(c.color(), "color"))}
	case 18:
		v := pick(c, "app", "main", "vendor", "runtime", "styles") + "." + c.rnd(hexLow, pick(c, 8, 10, 20)) + pick(c, ".js", ".css", ".chunk.js")
		return entry{words: words(pick(c, "main bundle", "asset", "stylesheet", "entry chunk")), v: lit(neg(v, "asset"))}
	case 19:
		return entry{words: words(pick(c, "password hash", "admin password hash", "hashed password", "password digest")), v: lit(neg(c.bcrypt(), "password-hash"))}
	case 20:
		return entry{words: words(pick(c, "ssh public key", "authorized key", "deploy public key", "public key")), v: lit(neg(c.sshPublicKey(), "public-key"))}
	case 21:
		return entry{words: words(pick(c, "logo", "icon", "avatar placeholder", "favicon")), v: lit(neg(c.dataURI(), "data-uri"))}
	case 22:
		if len(c.examples) > 0 {
			x := pick(c, c.examples...)
			return entry{words: c.provWords(x.rule), env: c.providerEnv(x.rule), v: lit(neg(x.value, "example-key"))}
		}
		fallthrough
	case 23:
		opts := []struct{ n, v string }{
			{"password field", "password"}, {"token header", "X-Auth-Token"}, {"secret name", "db-credentials"},
			{"api key param", "api_key"}, {"password key", "user_password"}, {"token cookie", "session_token"},
			{"secret env", "DB_PASSWORD"}, {"api key header", "X-API-Key"}, {"credentials secret name", c.company() + "-prod-credentials"},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: lit(neg(o.v, "setting-name"))}
	case 24:
		opts := []struct{ n, v string }{
			{"cache key", "user:profile:v2"}, {"session key prefix", "sess:"}, {"idempotency key", c.g.UUID()},
			{"cache key", c.rnd(hexLow, 40)}, {"lock key", "locks:billing:invoice-run"}, {"rate limit key", "rl:{ip}:{route}"},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: lit(neg(o.v, "cache-key"))}
	case 25:
		opts := []struct{ n, v string }{
			{"key file", "/etc/ssl/private/server.key"}, {"credentials file", "~/.aws/credentials"}, {"secret path", "secret/data/prod/db"},
			{"keystore", "classpath:keystore.p12"}, {"private key path", "./certs/jwt.pem"}, {"password file", "/run/secrets/db_password"},
			{"token file", "/var/run/secrets/kubernetes.io/serviceaccount/token"}, {"ssh key", "~/.ssh/id_ed25519"},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: lit(neg(o.v, "path"))}
	case 26:
		var v string
		switch c.intn(3) {
		case 0:
			v = c.rnd(digits, 12) + "-" + c.rnd(lowAlnum, 32) + ".apps.googleusercontent.com"
		case 1:
			v = "Iv1." + c.rnd(hexLow, 16)
		default:
			v = c.g.UUID()
		}
		return entry{words: words(pick(c, "client id", "oauth client id", "app client id")), v: lit(neg(v, "client-id"))}
	case 27:
		v := pick(c, "nginx", "postgres", "redis", "ghcr.io/acme/api", "python") + "@sha256:" + c.sha256hex()
		return entry{words: words(pick(c, "image", "base image", "runner image")), v: lit(neg(v, "digest"))}
	case 28:
		opts := []struct{ n, v string }{
			{"primary key", "id"}, {"sort key", "created_at"}, {"partition key", "tenant_id"}, {"routing key", "orders.created"},
			{"kms key alias", "alias/" + c.company() + "-prod"}, {"kms key id", "arn:aws:kms:us-east-1:123456789012:key/" + c.g.UUID()},
			{"key vault name", "kv-" + c.company() + "-prod"}, {"api key id", c.rnd(alnum, 10)}, {"key id", c.rnd(upAlnum, 10)},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: lit(neg(o.v, "key-name"))}
	default:
		opts := []struct{ n, v string }{
			{"use token auth", "true"}, {"password auth enabled", "false"}, {"require api key", "true"}, {"token refresh", "true"},
		}
		o := pick(c, opts...)
		return entry{words: words(o.n), v: bareV(neg(o.v, "flag"))}
	}
}

// regexes people validate passwords with.
var passwordRegexes = []string{
	`^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^\w\s]).{12,}$`,
	`^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d@$!%*#?&]{8,64}$`,
	`^[A-Za-z0-9_-]{32,}$`,
	`(?i)^sk-[a-z0-9]{20,}$`,
}
