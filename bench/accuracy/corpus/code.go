package corpus

import (
	"fmt"
	"strings"
)

// Source code: Python, JavaScript/TypeScript, Go, Java, Kotlin, C#, Ruby
// and PHP. Each language renders entries in its own syntax and scopes, and
// brings its own positives (connection calls, headers), hard negatives
// (lookups, comparisons, validators) and ordinary code.

// e2 is an env-lookup hard negative expression.
func e2(s string) val { return expr(neg(s, "env-lookup")) }

// ---------------------------------------------------------------------------
// Python

func pyLit(c *gen, v val) frag {
	if v.expr || v.bare {
		if v.bare {
			return v.f.mapText(func(s string) string {
				switch s {
				case "true":
					return "True"
				case "false":
					return "False"
				}
				return s
			})
		}
		return v.f
	}
	s := v.f.String()
	if v.multiline() {
		if strings.Contains(s, `\`) {
			return cat(`r"""`, v.f, `"""`)
		}
		return cat(`"""`, v.f, `"""`)
	}
	if !strings.Contains(s, "'") && c.chance(0.4) {
		return sq(v.f)
	}
	return dq(v.f)
}

func pyEntry(c *gen, e entry) (string, frag) {
	switch c.intn(5) {
	case 0, 1:
		return "top", cat(e.envName(), " = ", pyLit(c, e.v))
	case 2:
		return "kv", cat(`    "`, snake(e.words), `": `, pyLit(c, e.v), ",")
	case 3:
		return "body", cat("    ", snake(e.words), " = ", pyLit(c, e.v))
	default:
		if e.v.expr || e.v.bare {
			return "body", cat("    settings.", snake(e.words), " = ", pyLit(c, e.v))
		}
		return "top", cat(`os.environ.setdefault("`, e.envName(), `", `, pyLit(c, e.v), ")")
	}
}

func pyEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, `os.getenv("`+n+`")`, `os.environ["`+n+`"]`, `os.environ.get("`+n+`", "")`,
		`settings.`+n, `config("`+n+`")`, `get_secret("`+kebab(e.words)+`")`, `env.str("`+n+`")`))
}

func provClient(p provEntry) string {
	w := p.e.words
	if len(w) == 0 {
		return "Client"
	}
	return pascal(w[:1]) + "Client"
}

func pyToken(c *gen, p provEntry) (string, frag) {
	switch c.intn(3) {
	case 0:
		return "body", cat(`    headers = {"Authorization": "Bearer `, p.e.v.f, `", "Accept": "application/json"}`)
	case 1:
		return "body", cat("    client = ", provClient(p), `(api_key="`, p.e.v.f, `")`)
	default:
		return "top", cat(`os.environ["`, p.e.envName(), `"] = "`, p.e.v.f, `"`)
	}
}

var pyPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat(fmt.Sprintf(`    conn = psycopg2.connect(host="%s", dbname="%s", user="%s", password="`, c.host(), c.dbName(), c.user()), posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `")`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    resp = requests.get(url, headers={"Authorization": "Bearer `, c.bearerTok(), `"}, timeout=10)`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(fmt.Sprintf(`    server.login("%s@%s", "`, c.user(), c.domain()), posEsc(c.humanPassword(symAny), escC, "generic-password-argument", ClassGeneric), `")`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(fmt.Sprintf(`    session.auth = HTTPBasicAuth("%s", "`, c.user()), posEsc(c.humanPassword(symAny), escC, "generic-password-argument", ClassGeneric), `")`)
	},
	func(c *gen) (string, frag) {
		_, u := c.credURL("postgres", "mysql")
		return "top", cat(`engine = create_engine("`, u, `", pool_pre_ping=True)`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    cache = redis.Redis(host="cache", port=6379, db=0, password="`, posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `")`)
	},
	func(c *gen) (string, frag) {
		return "top", cat(`app.config["SECRET_KEY"] = "`, pos(c.rnd(alnum, c.between(24, 50)), "generic-secret", ClassGeneric), `"`)
	},
	func(c *gen) (string, frag) {
		return "kv", cat(`    "PASSWORD": "`, posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `",`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    headers = {"X-API-Key": "`, pos(c.randomSecret(), "generic-secret", ClassGeneric), `"}`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    r = requests.post(url, auth=("`, c.user(), `", "`, posEsc(c.humanPassword(symAny), escC, "generic-password-argument", ClassGeneric), `"))`)
	},
}

var pyNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat("    ", pick(c, "password", "db_password", "api_key", "token", "secret"), " = ", neg(pick(c, "get_password()", "auth.get_token(scope=\"read\")", "load_secret(\"payments/api-key\")", "keyring.get_password(\"app\", user)", "getpass.getpass(\"Password: \")"), "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("    if ", neg(pick(c, "password == confirm_password", "token != expected_token", "not hmac.compare_digest(token, expected)", "password == DEFAULT_PASSWORD"), "comparison"), ":\n        raise ValueError(\"invalid credentials\")")
	},
	func(c *gen) (string, frag) {
		return "top", cat(`PASSWORD_RE = re.compile(r"`, neg(pick(c, passwordRegexes...), "regex"), `")`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    label = _("`, neg(pick(c, "Enter your password", "API token", "Confirm password"), "ui-string"), `")`)
	},
	func(c *gen) (string, frag) {
		return "top", cat("# ", neg("Live keys start with "+"sk_"+"live_ and test keys with "+"sk_"+"test_; never commit either.", "prose"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    cache_key = f"`, neg("user:{user_id}:token", "cache-key"), `"`)
	},
	func(c *gen) (string, frag) {
		return "body", cat("    hashed = ", neg("bcrypt.hashpw(password.encode(), bcrypt.gensalt())", "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("    token = ", neg(`request.headers.get("Authorization", "").removeprefix("Bearer ")`, "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(`    payload = {"grant_type": "password", "username": username, "password": password}`)
	},
}

var pyFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat(pick(c, "DEFAULT_TIMEOUT = 30", `LOG_LEVEL = "INFO"`, "MAX_RETRIES = 3", `REGION = "us-east-1"`, `__all__ = ["Client", "load_config"]`, `BASE_URL = "https://api.`+c.domain()+`/v1"`))
	},
	func(c *gen) (string, frag) {
		return "kv", cat(pick(c, `    "host": "`+c.host()+`",`, `    "port": 5432,`, `    "debug": False,`, `    "timeout": 30,`, `    "region": "eu-west-1",`, `    "pool_size": 10,`))
	},
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, `    log.debug("fetching %s", url)`, "    retries = 0", "    data = resp.json()", "    if not items:\n        return []",
			"    for item in items:\n        process(item)", `    log.info("connected to %s", host)`, "    started = time.monotonic()"))
	},
}

var pythonLang = &lang{name: "python", sym: symAny, entry: pyEntry, envRef: pyEnvRef, token: pyToken, pos: pyPos, neg: pyNeg, fill: pyFill}

func writePython(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(pythonLang, provs)
	mod := pick(c, "settings", "config", "client", "sync_jobs", "notifications", "db", "payments", "tasks")
	path := c.dir() + "/" + pick(c, "app/", "src/"+c.company()+"/", "scripts/", "tests/test_") + mod + ".py"
	fn := pick(c, "connect", "fetch_orders", "send_report", "sync", "run", "load")
	top := b.take(c, "top")
	kv := b.take(c, "kv")
	body := b.take(c, "body", "class")
	return path, lines(
		cat(`"""`, title(mod), ` helpers for the `, c.company(), ` platform."""`),
		cat("import logging\nimport os\nimport re\n\nimport requests\n"),
		cat("log = logging.getLogger(__name__)\n"),
		join(top, "\n"),
		cat("\nDEFAULTS = {"),
		join(kv, "\n"),
		cat("}\n\n"),
		cat("def ", fn, "(url, items=None):"),
		cat(`    """`, title(strings.ReplaceAll(fn, "_", " ")), `."""`),
		join(body, "\n"),
		cat("    return None"),
	)
}

// ---------------------------------------------------------------------------
// JavaScript and TypeScript

func jsLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	if v.multiline() {
		return cat("`", v.f.mapText(func(s string) string {
			return strings.NewReplacer("`", "\\`", "${", "\\${", `\`, `\\`).Replace(s)
		}), "`")
	}
	if !strings.Contains(v.f.String(), "'") && c.chance(0.5) {
		return sq(v.f)
	}
	return dq(v.f)
}

func jsEntry(c *gen, e entry) (string, frag) {
	switch c.intn(5) {
	case 0:
		return "top", cat("const ", camel(e.words), " = ", jsLit(c, e.v), ";")
	case 1:
		return "top", cat("export const ", e.envName(), " = ", jsLit(c, e.v), ";")
	case 2, 3:
		if c.chance(0.3) {
			return "kv", cat(`  "`, snake(e.words), `": `, jsLit(c, e.v), ",")
		}
		return "kv", cat("  ", camel(e.words), ": ", jsLit(c, e.v), ",")
	default:
		return "body", cat("  const ", camel(e.words), " = ", jsLit(c, e.v), ";")
	}
}

func jsEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, "process.env."+n, `process.env["`+n+`"]`, "process.env."+n+` ?? ""`, `config.get("`+dotted(e.words)+`")`,
		`await getSecret("`+kebab(e.words)+`")`, "import.meta.env.VITE_"+n))
}

func jsToken(c *gen, p provEntry) (string, frag) {
	switch c.intn(3) {
	case 0:
		return "kv", cat(`  headers: { Authorization: "Bearer `, p.e.v.f, `" },`)
	case 1:
		return "top", cat("const client = new ", provClient(p), `({ apiKey: "`, p.e.v.f, `" });`)
	default:
		return "body", cat(`  const res = await fetch(url, { headers: { Authorization: "Bearer `, p.e.v.f, `" } });`)
	}
}

var jsPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat(fmt.Sprintf(`const pool = new Pool({ host: "%s", user: "%s", database: "%s", password: "`, c.host(), c.user(), c.dbName()), posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `", port: 5432 });`)
	},
	func(c *gen) (string, frag) {
		_, u := c.credURL("mongodb")
		return "body", cat(`  await mongoose.connect("`, u, `");`)
	},
	func(c *gen) (string, frag) {
		return "kv", cat(`  headers: { Authorization: "Basic `, c.basicCred(), `" },`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`  axios.defaults.headers.common["Authorization"] = "Bearer `, c.bearerTok(), `";`)
	},
	func(c *gen) (string, frag) {
		return "top", cat(fmt.Sprintf(`const transporter = nodemailer.createTransport({ host: "smtp.%s", port: 587, auth: { user: "%s@%s", pass: "`, c.domain(), c.user(), c.domain()), posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `" } });`)
	},
	func(c *gen) (string, frag) {
		return "kv", cat(`  jwtSecret: "`, pos(c.randomSecret(), "generic-secret", ClassGeneric), `",`)
	},
}

var jsNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat("  const token = ", neg(`req.headers.authorization?.split(" ")[1];`, "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("  if (", neg(pick(c, "password !== confirmPassword", "token === storedToken", "apiKey !== process.env.API_KEY"), "comparison"), `) throw new Error("invalid credentials");`)
	},
	func(c *gen) (string, frag) {
		return "top", cat("const PASSWORD_PATTERN = /", neg(pick(c, passwordRegexes...), "regex"), "/;")
	},
	func(c *gen) (string, frag) {
		return "body", cat("  const cacheKey = `", neg("token:${userId}:${scope}", "cache-key"), "`;")
	},
	func(c *gen) (string, frag) {
		return "body", cat(`  const label = t("`, neg(pick(c, "login.password.label", "settings.apiKey.title", "auth.token.expired"), "i18n"), `");`)
	},
	func(c *gen) (string, frag) {
		return "kv", cat(`  placeholder: "`, neg(pick(c, "Enter your password", "Your API key", "Paste token"), "ui-string"), `",`)
	},
	func(c *gen) (string, frag) {
		return "body", cat("  const hash = ", neg("await bcrypt.hash(password, 12);", "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(`  items.map((item) => <li key={`, neg(pick(c, "item.id", "`row-${item.id}`", "item.key"), "react-key"), `}>{item.name}</li>);`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`  return <Field key="`, neg("row-"+c.rnd(hexLow, 6), "react-key"), `" type="password" name="password" autoComplete="current-password" />;`)
	},
}

var jsFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat(pick(c, "const PORT = Number(process.env.PORT || 3000);", "const DEFAULT_TIMEOUT_MS = 10_000;", `const BASE_URL = "https://api.`+c.domain()+`/v2";`, "const MAX_RETRIES = 3;", `const logger = pino({ level: "info" });`))
	},
	func(c *gen) (string, frag) {
		return "kv", cat(pick(c, "  retries: 3,", `  region: "us-east-1",`, "  timeout: 5000,", `  baseURL: "https://api.`+c.domain()+`",`, "  keepAlive: true,"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, "  const { data } = await client.get(`/orders/${id}`);", `  logger.info({ id }, "order synced");`, "  if (!res.ok) {\n    throw new Error(`HTTP ${res.status}`);\n  }", "  const started = Date.now();", "  await sleep(250);"))
	},
}

var jsLang = &lang{name: "javascript", sym: symAny, entry: jsEntry, envRef: jsEnvRef, token: jsToken, pos: jsPos, neg: jsNeg, fill: jsFill}

func writeJS(ts bool) func(c *gen, provs []provEntry) (string, frag) {
	return func(c *gen, provs []provEntry) (string, frag) {
		b := c.mix(jsLang, provs)
		mod := pick(c, "config", "client", "db", "mailer", "api", "auth", "payments", "index")
		ext := pick(c, ".js", ".mjs", ".jsx")
		if ts {
			ext = pick(c, ".ts", ".ts", ".tsx")
		}
		path := c.dir() + "/" + pick(c, "src/", "server/", "src/lib/", "packages/core/src/") + mod + ext
		top := b.take(c, "top")
		kv := b.take(c, "kv")
		body := b.take(c, "body")
		cfgType, fnSig := "", "(id) {"
		if ts {
			cfgType, fnSig = ": AppConfig", "(id: string): Promise<void> {"
		}
		head := cat("import axios from \"axios\";\nimport { Pool } from \"pg\";\nimport pino from \"pino\";\n")
		if ts {
			head = cat(head, "\ninterface AppConfig {\n  [key: string]: unknown;\n}\n")
		}
		return path, lines(
			cat("// ", title(mod), " module for the ", c.company(), " ", pick(c, "web app", "API", "worker"), "."),
			head,
			join(top, "\n"),
			cat("\nexport const config", cfgType, " = {"),
			join(kv, "\n"),
			cat("};\n"),
			cat("export async function ", pick(c, "syncOrder", "sendDigest", "refresh", "handler"), fnSig),
			join(body, "\n"),
			cat("}"),
		)
	}
}

// ---------------------------------------------------------------------------
// Go

func goLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	s := v.f.String()
	if (v.multiline() || strings.Contains(s, `"`) && !strings.Contains(s, `\`)) && !strings.Contains(s, "`") {
		return cat("`", v.f, "`")
	}
	return dq(v.f)
}

func goEntry(c *gen, e entry) (string, frag) {
	switch c.intn(5) {
	case 0:
		return "const", cat("\t", goName(e.words, false), " = ", goLit(c, e.v))
	case 1:
		return "top", cat("var ", goName(e.words, false), " = ", goLit(c, e.v))
	case 2, 3:
		return "kv", cat("\t", goName(e.words, true), ": ", goLit(c, e.v), ",")
	default:
		if !e.v.expr && c.chance(0.4) {
			return "body", cat(`	os.Setenv("`, e.envName(), `", `, goLit(c, e.v), ")")
		}
		return "body", cat("\t", goName(e.words, false), " := ", goLit(c, e.v))
	}
}

func goEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, `os.Getenv("`+n+`")`, `viper.GetString("`+dotted(e.words)+`")`, "cfg."+goName(e.words, true), `mustEnv("`+n+`")`, `secrets.Get(ctx, "`+kebab(e.words)+`")`))
}

func goToken(c *gen, p provEntry) (string, frag) {
	if c.chance(0.5) {
		return "body", cat(`	req.Header.Set("Authorization", "Bearer `, p.e.v.f, `")`)
	}
	return "top", cat("var client = ", p.e.words[0], `.NewClient("`, p.e.v.f, `")`)
}

var goPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat(fmt.Sprintf(`	db, err := sql.Open("postgres", "host=%s user=%s password=`, c.host(), c.user()), pos(c.rnd(alnum, c.between(10, 20)), "generic-password", ClassGeneric), fmt.Sprintf(` dbname=%s sslmode=disable")`, c.dbName()))
	},
	func(c *gen) (string, frag) {
		return "body", cat(`	req.SetBasicAuth("`, c.user(), `", "`, posEsc(c.humanPassword(symAny), escC, "generic-password-argument", ClassGeneric), `")`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`	auth := smtp.PlainAuth("", "`, c.user(), "@", c.domain(), `", "`, posEsc(c.humanPassword(symAny), escC, "generic-password-argument", ClassGeneric), `", "smtp.`, c.domain(), `")`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`	rdb := redis.NewClient(&redis.Options{Addr: "cache:6379", Password: "`, posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `", DB: 0})`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`	req.Header.Set("Authorization", "Bearer `, c.bearerTok(), `")`)
	},
	func(c *gen) (string, frag) {
		_, u := c.credURL("postgres", "mysql", "mongodb", "redis", "amqp")
		return "const", cat("\tdefaultDSN = \"", u, "\"")
	},
}

var goNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat("\tpassword := ", neg(`r.FormValue("password")`, "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("\ttoken := ", neg(`strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")`, "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("\tif ", neg("subtle.ConstantTimeCompare([]byte(token), []byte(expected)) != 1", "comparison"), " {\n\t\treturn errUnauthorized\n\t}")
	},
	func(c *gen) (string, frag) {
		return "body", cat("\tout, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(\"", neg("prod/"+c.dbName()+"/password", "secret-ref"), "\")})")
	},
	func(c *gen) (string, frag) {
		return "const", cat("\tpasswordMinLen = ", neg("12", "policy"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(`	t.Log("`, neg("--- PASS: TestLogin (0.00s)", "test-log"), `")`)
	},
	func(c *gen) (string, frag) {
		return "body", cat("\thash, err := ", neg("bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)", "call"))
	},
}

var goFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "const", cat(pick(c, "\tdefaultTimeout = 30 * time.Second", "\tmaxRetries = 3", `	userAgent = "`+c.company()+`-client/1.0"`, "\tpageSize = 100"))
	},
	func(c *gen) (string, frag) {
		return "kv", cat(pick(c, `	Addr: ":8080",`, "\tTimeout: 10 * time.Second,", `	Region: "eu-central-1",`, "\tMaxConns: 20,"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, "\tif err != nil {\n\t\treturn fmt.Errorf(\"connect: %w\", err)\n\t}", `	log.Printf("listening on %s", addr)`, "\tdefer cancel()", "\tctx, cancel := context.WithTimeout(ctx, defaultTimeout)", "\tfor _, it := range items {\n\t\tprocess(it)\n\t}"))
	},
}

var goLang = &lang{name: "go", sym: symAny, entry: goEntry, envRef: goEnvRef, token: goToken, pos: goPos, neg: goNeg, fill: goFill}

func writeGo(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(goLang, provs)
	pkg := pick(c, "config", "billing", "notify", "store", "client", "auth", "worker")
	path := c.dir() + "/" + pick(c, "internal/"+pkg+"/"+pkg+".go", "internal/"+pkg+"/"+pkg+"_test.go", "pkg/"+pkg+"/client.go", "cmd/"+pkg+"/main.go")
	if strings.HasPrefix(path[strings.Index(path, "/")+1:], "cmd/") {
		pkg = "main"
	}
	consts := b.take(c, "const")
	top := b.take(c, "top")
	kv := b.take(c, "kv")
	body := b.take(c, "body")
	return path, lines(
		cat("// Package ", pkg, " talks to the ", c.company(), " services."),
		cat("package ", pkg, "\n"),
		cat("import (\n\t\"context\"\n\t\"database/sql\"\n\t\"fmt\"\n\t\"log\"\n\t\"net/http\"\n\t\"os\"\n\t\"time\"\n)\n"),
		cat("const ("),
		join(consts, "\n"),
		cat(")\n"),
		join(top, "\n"),
		cat("\nvar defaultConfig = Config{"),
		join(kv, "\n"),
		cat("}\n"),
		cat("func ", pick(c, "Connect", "Run", "newClient", "handleLogin"), "(ctx context.Context, r *http.Request) error {"),
		join(body, "\n"),
		cat("\treturn nil\n}"),
	)
}

// ---------------------------------------------------------------------------
// Java

func javaLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	if v.multiline() {
		return cat(`"""`+"\n", v.f, `"""`)
	}
	return dq(v.f)
}

func javaEntry(c *gen, e entry) (string, frag) {
	switch c.intn(5) {
	case 0, 1:
		return "field", cat("    private static final String ", e.envName(), " = ", javaLit(c, e.v), ";")
	case 2:
		return "field", cat("    private String ", camel(e.words), " = ", javaLit(c, e.v), ";")
	case 3:
		return "body", cat(`        props.setProperty("`, dotted(e.words), `", `, javaLit(c, e.v), ");")
	default:
		if c.chance(0.5) {
			return "body", cat("        config.set", pascal(e.words), "(", javaLit(c, e.v), ");")
		}
		return "body", cat("        String ", camel(e.words), " = ", javaLit(c, e.v), ";")
	}
}

func javaEnvRef(c *gen, e entry) val {
	return e2(pick(c, `System.getenv("`+e.envName()+`")`, `env.getProperty("`+dotted(e.words)+`")`, `System.getProperty("`+dotted(e.words)+`")`,
		`secretsClient.getSecretValue("`+kebab(e.words)+`")`))
}

func javaToken(c *gen, p provEntry) (string, frag) {
	return "body", cat(`        request.setHeader("Authorization", "Bearer `, p.e.v.f, `");`)
}

var javaPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat(fmt.Sprintf(`        Connection conn = DriverManager.getConnection("jdbc:postgresql://%s:5432/%s", "%s", "`, c.host(), c.dbName(), c.user()), posEsc(c.humanPassword(symAny), escC, "generic-password-argument", ClassGeneric), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`        dataSource.setPassword("`, posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`        props.put("mail.smtp.password", "`, posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`        conn.setRequestProperty("Authorization", "Basic `, c.basicCred(), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`        dataSource.setUrl("`, c.jdbcURL().mapText(escC), `");`)
	},
}

var javaNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "field", cat(`    @Value("`, neg("${spring.datasource.password}", "env-lookup"), `")`+"\n    private String password;")
	},
	func(c *gen) (string, frag) {
		return "body", cat("        if (!", neg("password.equals(confirmPassword)", "comparison"), `) {`+"\n            throw new IllegalArgumentException(\"Passwords do not match\");\n        }")
	},
	func(c *gen) (string, frag) {
		return "body", cat("        String token = ", neg(`request.getHeader("Authorization").substring("Bearer ".length());`, "call"))
	},
	func(c *gen) (string, frag) {
		return "field", cat(`    private static final Pattern PASSWORD_PATTERN = Pattern.compile("`, neg(escC(pick(c, passwordRegexes...)), "regex"), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat("        String hashed = ", neg("passwordEncoder.encode(rawPassword);", "call"))
	},
}

var javaFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "field", cat(pick(c, "    private static final int MAX_POOL_SIZE = 20;", "    private static final Duration TIMEOUT = Duration.ofSeconds(30);", `    private static final String REGION = "eu-west-1";`))
	},
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, `        log.info("Loaded {} settings", props.size());`, `        props.setProperty("mail.smtp.host", "smtp.`+c.domain()+`");`, `        props.setProperty("mail.smtp.port", "587");`, "        Objects.requireNonNull(config, \"config\");"))
	},
}

var javaLang = &lang{name: "java", sym: symAny, entry: javaEntry, envRef: javaEnvRef, token: javaToken, pos: javaPos, neg: javaNeg, fill: javaFill}

func writeJava(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(javaLang, provs)
	pkg := pick(c, "billing", "mail", "persistence", "integration", "auth")
	cls := pick(c, "DataSourceConfig", "MailSettings", "ApiClient", "PaymentGateway", "SecurityConfig")
	path := c.dir() + "/src/main/java/com/" + c.company() + "/" + pkg + "/" + cls + ".java"
	fields := b.take(c, "field", "top")
	body := b.take(c, "body", "kv")
	return path, lines(
		cat("package com.", c.company(), ".", pkg, ";\n"),
		cat("import java.sql.Connection;\nimport java.sql.DriverManager;\nimport java.time.Duration;\nimport java.util.Properties;\nimport org.slf4j.Logger;\nimport org.slf4j.LoggerFactory;\n"),
		cat("/** ", cls, " wires the ", pkg, " module. */"),
		cat("public class ", cls, " {"),
		cat("    private static final Logger log = LoggerFactory.getLogger(", cls, ".class);\n"),
		join(fields, "\n"),
		cat("\n    public Properties load() throws Exception {"),
		cat("        Properties props = new Properties();"),
		join(body, "\n"),
		cat("        return props;\n    }\n}"),
	)
}

// ---------------------------------------------------------------------------
// Kotlin

func ktLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	if v.multiline() {
		return cat(`"""`, v.f, `""".trimIndent()`)
	}
	return dq(v.f).mapText(func(s string) string { return strings.ReplaceAll(s, "$", `\$`) })
}

func ktEntry(c *gen, e entry) (string, frag) {
	switch c.intn(4) {
	case 0:
		if !e.v.expr {
			return "top", cat("const val ", e.envName(), " = ", ktLit(c, e.v))
		}
		fallthrough
	case 1:
		return "top", cat("private val ", camel(e.words), " = ", ktLit(c, e.v))
	case 2:
		return "kv", cat(`        "`, dotted(e.words), `" to `, ktLit(c, e.v), ",")
	default:
		return "body", cat("        val ", camel(e.words), " = ", ktLit(c, e.v))
	}
}

func ktEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, `System.getenv("`+n+`")`, `System.getenv("`+n+`") ?: error("`+n+` is not set")`, `config.property("`+dotted(e.words)+`").getString()`, `providers.gradleProperty("`+camel(e.words)+`").get()`))
}

func ktToken(c *gen, p provEntry) (string, frag) {
	return "body", cat(`        header(HttpHeaders.Authorization, "Bearer `, p.e.v.f, `")`)
}

var ktPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat(`        val ds = HikariDataSource().apply { jdbcUrl = "jdbc:postgresql://`, c.host(), `/`, c.dbName(), `"; username = "`, c.user(), `"; password = "`,
			posEsc(c.humanPassword(symSafe), escC, "generic-password", ClassGeneric), `" }`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`        basicAuth("`, c.user(), `", "`, posEsc(c.humanPassword(symSafe), escC, "generic-password-argument", ClassGeneric), `")`)
	},
}

var ktNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat("        val password = ", neg(`call.receiveParameters()["password"]`, "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("        require(", neg("password == confirmation", "comparison"), `) { "Passwords differ" }`)
	},
}

var ktFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat(pick(c, `private val log = LoggerFactory.getLogger("App")`, "private const val MAX_RETRIES = 3", "data class Settings(val host: String, val port: Int)"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, "        val timeout = Duration.ofSeconds(30)", `        log.info("starting {}", name)`, "        val client = HttpClient(CIO)"))
	},
	func(c *gen) (string, frag) {
		return "kv", cat(pick(c, `        "server.port" to "8080",`, `        "app.region" to "eu-north-1",`))
	},
}

var kotlinLang = &lang{name: "kotlin", sym: symAny, entry: ktEntry, envRef: ktEnvRef, token: ktToken, pos: ktPos, neg: ktNeg, fill: ktFill}

func writeKotlin(c *gen, provs []provEntry) (string, frag) {
	if c.chance(0.3) {
		return writeGradleKts(c, provs)
	}
	b := c.mix(kotlinLang, provs)
	pkg := pick(c, "billing", "sync", "api", "notifications")
	obj := pick(c, "AppConfig", "Database", "Mailer", "Gateway")
	path := c.dir() + "/src/main/kotlin/com/" + c.company() + "/" + pkg + "/" + obj + ".kt"
	top := b.take(c, "top")
	kv := b.take(c, "kv")
	body := b.take(c, "body")
	return path, lines(
		cat("package com.", c.company(), ".", pkg, "\n"),
		cat("import java.time.Duration\nimport org.slf4j.LoggerFactory\n"),
		join(top, "\n"),
		cat("\nobject ", obj, " {"),
		cat("    fun settings(): Map<String, String> = mapOf("),
		join(kv, "\n"),
		cat("    )\n"),
		cat("    fun connect() {"),
		join(body, "\n"),
		cat("    }\n}"),
	)
}

// writeGradleKts writes build.gradle.kts with repository credentials.
func writeGradleKts(c *gen, provs []provEntry) (string, frag) {
	b := newBag()
	for _, p := range provs {
		b.add("top", cat("val ", camel(p.e.words), " = ", ktLit(c, p.e.v)))
	}
	var creds frag
	switch c.intn(3) {
	case 0:
		creds = cat(`                password = "`, posEsc(c.humanPassword(symSafe), escC, "generic-password", ClassGeneric), `"`)
	case 1:
		creds = cat("                password = ", neg(`providers.gradleProperty("repoPassword").get()`, "env-lookup"))
	default:
		creds = cat("                password = ", neg(`System.getenv("REPO_PASSWORD")`, "env-lookup"))
	}
	return c.dir() + "/build.gradle.kts", lines(
		cat("plugins {\n    kotlin(\"jvm\") version \"2.0.21\"\n    `maven-publish`\n}\n"),
		cat("group = \"com.", c.company(), "\"\nversion = \"", c.semver(), "\"\n"),
		join(b.take(c, "top"), "\n"),
		cat("\npublishing {\n    repositories {\n        maven {\n            url = uri(\"https://nexus.", c.domain(), "/repository/releases\")\n            credentials {\n                username = \"", c.user(), "\""),
		creds,
		cat("            }\n        }\n    }\n}\n\ndependencies {\n    implementation(\"org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0\")\n}"),
	)
}

// ---------------------------------------------------------------------------
// C#

func csLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	if v.multiline() {
		return cat(`@"`, v.f.mapText(func(s string) string { return strings.ReplaceAll(s, `"`, `""`) }), `"`)
	}
	return dq(v.f)
}

func csEntry(c *gen, e entry) (string, frag) {
	switch c.intn(5) {
	case 0:
		if !e.v.expr {
			return "field", cat("        private const string ", pascal(e.words), " = ", csLit(c, e.v), ";")
		}
		fallthrough
	case 1:
		return "field", cat("        public string ", pascal(e.words), " { get; set; } = ", csLit(c, e.v), ";")
	case 2:
		return "kv", cat(`                ["`, pick(c, "App", "Smtp", "Database", "Api"), ":", pascal(e.words), `"] = `, csLit(c, e.v), ",")
	default:
		return "body", cat("            var ", camel(e.words), " = ", csLit(c, e.v), ";")
	}
}

func csEnvRef(c *gen, e entry) val {
	return e2(pick(c, `Environment.GetEnvironmentVariable("`+e.envName()+`")`, `_configuration["App:`+pascal(e.words)+`"]`,
		`configuration.GetValue<string>("App:`+pascal(e.words)+`")`, `(await secretClient.GetSecretAsync("`+kebab(e.words)+`")).Value.Value`))
}

func csToken(c *gen, p provEntry) (string, frag) {
	return "body", cat(`            _http.DefaultRequestHeaders.Add("Authorization", "Bearer `, p.e.v.f, `");`)
}

var csPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat(`            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "`, c.bearerTok(), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`            using var conn = new SqlConnection("`, c.connString().mapText(escC), `");`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`            var smtp = new SmtpClient("smtp.`, c.domain(), `") { Credentials = new NetworkCredential("`, c.user(), `", "`, posEsc(c.humanPassword(symAny), escC, "generic-password", ClassGeneric), `") };`)
	},
	func(c *gen) (string, frag) {
		return "body", cat(`            _http.DefaultRequestHeaders.Add("X-Api-Key", "`, pos(c.randomSecret(), "generic-secret", ClassGeneric), `");`)
	},
}

var csNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat("            var password = ", neg(`Request.Form["password"];`, "call"))
	},
	func(c *gen) (string, frag) {
		return "body", cat("            if (!", neg("BCrypt.Net.BCrypt.Verify(password, user.PasswordHash)", "comparison"), ")\n                return Unauthorized();")
	},
	func(c *gen) (string, frag) {
		return "field", cat("        [Required, MinLength(12)]\n        public string Password { get; set; } = ", neg("string.Empty", "call"), ";")
	},
	func(c *gen) (string, frag) {
		return "body", cat("            var token = ", neg("await _tokenService.GetAccessTokenAsync(scopes);", "call"))
	},
}

var csFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "field", cat(pick(c, "        private const int MaxRetries = 3;", "        private readonly HttpClient _http;", "        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);"))
	},
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, `            _logger.LogInformation("Starting {Service}", nameof(Startup));`, "            _http.Timeout = Timeout;", `            _http.BaseAddress = new Uri("https://api.`+c.domain()+`/");`))
	},
}

var csharpLang = &lang{name: "csharp", sym: symAny, entry: csEntry, envRef: csEnvRef, token: csToken, pos: csPos, neg: csNeg, fill: csFill}

func writeCSharp(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(csharpLang, provs)
	cls := pick(c, "PaymentClient", "EmailSender", "OrderRepository", "Startup", "ReportService")
	ns := pascal(words(c.company())) + "." + pick(c, "Api", "Billing", "Core", "Worker")
	path := c.dir() + "/src/" + ns + "/Services/" + cls + ".cs"
	fields := b.take(c, "field", "top")
	kv := b.take(c, "kv")
	body := b.take(c, "body")
	return path, lines(
		cat("using System;\nusing System.Collections.Generic;\nusing System.Net;\nusing System.Net.Http;\nusing System.Net.Http.Headers;\nusing Microsoft.Extensions.Configuration;\n"),
		cat("namespace ", ns, ".Services\n{"),
		cat("    public class ", cls, "\n    {"),
		join(fields, "\n"),
		cat("\n        public void Configure(IConfigurationBuilder builder)\n        {"),
		cat("            var settings = new Dictionary<string, string?>\n            {"),
		join(kv, "\n"),
		cat("            };\n            builder.AddInMemoryCollection(settings);"),
		join(body, "\n"),
		cat("        }\n    }\n}"),
	)
}

// ---------------------------------------------------------------------------
// Ruby

func rbLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	if v.multiline() {
		return cat("<<~KEY\n", v.f, "\nKEY")
	}
	s := v.f.String()
	if strings.ContainsAny(s, `#\`) || c.chance(0.5) {
		return cat("'", v.f.mapText(func(s string) string { return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) }), "'")
	}
	return dq(v.f)
}

func rbEntry(c *gen, e entry) (string, frag) {
	switch c.intn(5) {
	case 0:
		if !e.v.expr && !e.v.multiline() {
			return "top", cat(e.envName(), " = ", rbLit(c, e.v), ".freeze")
		}
		return "top", cat(e.envName(), " = ", rbLit(c, e.v))
	case 1:
		if !e.v.expr {
			return "top", cat(`ENV["`, e.envName(), `"] ||= `, rbLit(c, e.v))
		}
		fallthrough
	case 2:
		return "body", cat("  config.", snake(e.words), " = ", rbLit(c, e.v))
	default:
		if c.chance(0.3) {
			return "kv", cat(`  "`, snake(e.words), `" => `, rbLit(c, e.v), ",")
		}
		return "kv", cat("  ", snake(e.words), ": ", rbLit(c, e.v), ",")
	}
}

func rbEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, `ENV.fetch("`+n+`")`, `ENV["`+n+`"]`, `Rails.application.credentials.dig(:`+snake(e.words)+`)`, `ENV.fetch("`+n+`") { raise "missing `+n+`" }`))
}

func rbToken(c *gen, p provEntry) (string, frag) {
	if c.chance(0.5) {
		return "body", cat(`  req["Authorization"] = "Bearer `, p.e.v.f, `"`)
	}
	return "top", cat("CLIENT = ", provClient(p), `.new(api_key: "`, p.e.v.f, `")`)
}

var rbPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat(`ActiveRecord::Base.establish_connection(adapter: "postgresql", host: "`, c.host(), `", username: "`, c.user(), `", password: "`, posEsc(c.humanPassword(symSafe), escC, "generic-password", ClassGeneric), `")`)
	},
	func(c *gen) (string, frag) {
		return "kv", cat(`  smtp_password: '`, pos(strings.ReplaceAll(c.humanPassword(symAny), "'", ""), "generic-password", ClassGeneric), `',`)
	},
}

var rbNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat("validates :password, length: { minimum: ", neg("12", "policy"), " }, format: { with: ", neg(`/\A(?=.*\d)(?=.*[A-Z]).+\z/`, "regex"), " }")
	},
	func(c *gen) (string, frag) {
		return "body", cat("  if ", neg("user.authenticate(params[:password])", "comparison"), "\n    session[:user_id] = user.id\n  end")
	},
	func(c *gen) (string, frag) { return "top", cat(neg("has_secure_password", "call")) },
}

var rbFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "body", cat(pick(c, `  config.time_zone = "UTC"`, "  config.log_level = :info", "  config.cache_store = :redis_cache_store", "  config.active_job.queue_adapter = :sidekiq"))
	},
	func(c *gen) (string, frag) {
		return "kv", cat(pick(c, "  timeout: 30,", `  region: "us-west-2",`, "  retries: 3,"))
	},
}

var rubyLang = &lang{name: "ruby", sym: symAny, entry: rbEntry, envRef: rbEnvRef, token: rbToken, pos: rbPos, neg: rbNeg, fill: rbFill}

func writeRuby(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(rubyLang, provs)
	name := pick(c, "mailer", "stripe", "storage", "sidekiq", "app_config")
	path := c.dir() + "/" + pick(c, "config/initializers/", "lib/", "config/") + name + ".rb"
	top := b.take(c, "top")
	body := b.take(c, "body")
	kv := b.take(c, "kv")
	return path, lines(
		cat("# frozen_string_literal: true\n"),
		cat("require \"json\"\n"),
		join(top, "\n"),
		cat("\nRails.application.configure do |config|"),
		join(body, "\n"),
		cat("end\n"),
		cat(strings.ToUpper(name), "_DEFAULTS = {"),
		join(kv, "\n"),
		cat("}.freeze"),
	)
}

// ---------------------------------------------------------------------------
// PHP

func phpLit(c *gen, v val) frag {
	if v.expr || v.bare {
		return v.f
	}
	if v.multiline() {
		return cat("<<<'EOT'\n", v.f, "\nEOT")
	}
	return cat("'", v.f.mapText(func(s string) string { return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) }), "'")
}

func phpEntry(c *gen, e entry) (string, frag) {
	switch c.intn(4) {
	case 0:
		if !e.v.expr {
			return "top", cat("define('", e.envName(), "', ", phpLit(c, e.v), ");")
		}
		fallthrough
	case 1:
		return "top", cat("$", camel(e.words), " = ", phpLit(c, e.v), ";")
	default:
		return "kv", cat("    '", snake(e.words), "' => ", phpLit(c, e.v), ",")
	}
}

func phpEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, "getenv('"+n+"')", "$_ENV['"+n+"']", "env('"+n+"')", "env('"+n+"', '')", "$_SERVER['"+n+"'] ?? ''"))
}

func phpToken(c *gen, p provEntry) (string, frag) {
	return "kv", cat("    'headers' => ['Authorization' => 'Bearer ", p.e.v.f, "'],")
}

var phpPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat("$pdo = new PDO('mysql:host=", c.host(), ";dbname=", c.dbName(), "', '", c.user(), "', '", pos(strings.ReplaceAll(c.humanPassword(symAny), "'", ""), "generic-password", ClassGeneric), "');")
	},
	func(c *gen) (string, frag) {
		return "top", cat("$mail->Password = '", pos(strings.ReplaceAll(c.humanPassword(symAny), "'", ""), "generic-password", ClassGeneric), "';")
	},
	func(c *gen) (string, frag) {
		return "kv", cat("    'password' => '", pos(strings.ReplaceAll(c.humanPassword(symAny), "'", ""), "generic-password", ClassGeneric), "',")
	},
}

var phpNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "top", cat("if (", neg("password_verify($password, $user->password_hash)", "comparison"), ") {\n    $_SESSION['uid'] = $user->id;\n}")
	},
	func(c *gen) (string, frag) {
		return "top", cat("$hash = ", neg("password_hash($password, PASSWORD_BCRYPT);", "call"))
	},
	func(c *gen) (string, frag) {
		return "kv", cat("    'password_min_length' => ", neg("12", "policy"), ",")
	},
}

var phpFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "kv", cat(pick(c, "    'driver' => 'mysql',", "    'host' => env('DB_HOST', '127.0.0.1'),", "    'port' => 3306,", "    'charset' => 'utf8mb4',", "    'timezone' => 'UTC',"))
	},
	func(c *gen) (string, frag) {
		return "top", cat(pick(c, "$timeout = 30;", "$logger = new Logger('app');", "date_default_timezone_set('UTC');"))
	},
}

var phpLang = &lang{name: "php", sym: symAny, entry: phpEntry, envRef: phpEnvRef, token: phpToken, pos: phpPos, neg: phpNeg, fill: phpFill}

func writePHP(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(phpLang, provs)
	path := c.dir() + "/" + pick(c, "config/database.php", "config/services.php", "wp-config.php", "src/Config.php", "config/mail.php")
	top := b.take(c, "top", "body")
	kv := b.take(c, "kv")
	return path, lines(
		cat("<?php\n\ndeclare(strict_types=1);\n"),
		join(top, "\n"),
		cat("\nreturn ["),
		join(kv, "\n"),
		cat("];"),
	)
}
