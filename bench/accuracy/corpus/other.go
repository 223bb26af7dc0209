package corpus

import (
	"fmt"
	"strings"
)

// Shell scripts, Dockerfiles, Markdown, go.sum and minified bundles.

// ---------------------------------------------------------------------------
// Shell

func shVal(v val) frag {
	if v.bare || v.expr {
		return v.f
	}
	if v.multiline() {
		if strings.Contains(v.f.String(), "'") {
			return cat(`"`, v.f.mapText(func(s string) string {
				return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s)
			}), `"`)
		}
		return cat("'", v.f, "'")
	}
	return shq(v.f)
}

func shEntry(c *gen, e entry) (string, frag) {
	switch c.intn(4) {
	case 0, 1:
		return "line", cat("export ", e.envName(), "=", shVal(e.v))
	case 2:
		return "line", cat(e.envName(), "=", shVal(e.v))
	default:
		if e.v.expr || e.v.multiline() {
			return "line", cat("export ", e.envName(), "=", shVal(e.v))
		}
		return "line", cat(`: "${`, e.envName(), ":=", e.v.f.mapText(func(s string) string {
			return strings.NewReplacer(`"`, `\"`, "$", `\$`, "`", "\\`", `\`, `\\`, "}", `\}`).Replace(s)
		}), `}"`)
	}
}

func shEnvRef(c *gen, e entry) val {
	n, k := e.envName(), kebab(e.words)
	return e2(pick(c, `"${`+n+`:?`+n+` is required}"`, `"$(vault kv get -field=value secret/`+k+`)"`,
		`"$(aws secretsmanager get-secret-value --secret-id prod/`+k+` --query SecretString --output text)"`,
		`"$(cat /run/secrets/`+snake(e.words)+`)"`, `"${`+n+`}"`, `"$(pass show `+k+`)"`, `"$(op read op://Engineering/`+k+`/credential)"`))
}

func shToken(c *gen, p provEntry) (string, frag) {
	tool := strings.ToLower(p.e.words[0])
	switch c.intn(3) {
	case 0:
		return "line", cat(`curl -fsS -H "Authorization: Bearer `, p.e.v.f, `" https://api.`, c.domain(), `/v1/status`)
	case 1:
		return "line", cat(tool, " login --token ", p.e.v.f)
	default:
		return "line", cat(tool, " --api-key=", p.e.v.f, " deploy --env production")
	}
}

var shPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "line", cat("PGPASSWORD=", shq(pos(c.humanPassword(symAny), "generic-password", ClassGeneric)), fmt.Sprintf(" psql -h %s -U %s -d %s -c 'select 1'", c.host(), c.user(), c.dbName()))
	},
	func(c *gen) (string, frag) {
		return "line", cat(fmt.Sprintf("mysql -h %s -u %s -p", c.host(), c.user()), pos(c.rnd(alnum, c.between(10, 18)), "mysql-cli-password", ClassGeneric), " ", c.dbName(), " < dump.sql")
	},
	func(c *gen) (string, frag) {
		return "line", cat("curl -fsS -u ", c.user(), ":", pos(c.rnd(alnum, c.between(10, 20)), "curl-user-password", ClassGeneric), " https://ci.", c.domain(), "/api/json")
	},
	func(c *gen) (string, frag) {
		return "line", cat("docker login -u ", c.user(), " -p ", pos(c.rnd(alnum, c.between(14, 30)), "docker-login-password", ClassGeneric), " registry.", c.domain())
	},
	func(c *gen) (string, frag) {
		tool := pick(c, "mongosh --username admin --password=", "java -jar migrator.jar --db-password=", "helm repo add charts https://charts.corp.internal --username ci --password=", "influx auth create --password=", "./bin/seed --admin-password=")
		return "line", cat(tool, pos(c.rnd(alnum, c.between(10, 18))+c.rnd(digits, 2), "generic-password", ClassGeneric))
	},
	func(c *gen) (string, frag) {
		return "line", cat("git clone https://", c.user(), ":", pos(c.rnd(alnum, c.between(16, 32)), "generic-url-credentials", ClassGeneric), "@git.", c.domain(), "/platform/deploy.git")
	},
	func(c *gen) (string, frag) {
		return "line", cat(`curl -H "Authorization: Basic `, c.basicCred(), `" https://api.`, c.domain(), `/v1/export`)
	},
	func(c *gen) (string, frag) {
		return "line", cat("redis-cli -h cache -a ", pos(c.rnd(alnum, c.between(12, 24)), "generic-password", ClassGeneric), " PING")
	},
}

var shNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) { return "line", cat(neg(`read -rsp "Password: " DB_PASSWORD`, "call")) },
	func(c *gen) (string, frag) {
		return "line", cat(`echo "$REGISTRY_TOKEN" | docker login -u "$REGISTRY_USER" `, neg("--password-stdin", "flag"), " ghcr.io")
	},
	func(c *gen) (string, frag) {
		return "line", cat(`echo "`, neg(c.sha256hex(), "hash"), `  app.tar.gz" | sha256sum -c -`)
	},
	func(c *gen) (string, frag) { return "line", cat("git checkout ", neg(c.gitSHA(), "git-sha")) },
	func(c *gen) (string, frag) {
		return "line", cat(`echo "`, neg("--- PASS: TestLogin (0.02s)", "test-log"), `"`)
	},
	func(c *gen) (string, frag) {
		return "line", cat(`curl -fsS -H "Authorization: Bearer `, neg(pick(c, "$TOKEN", "${API_TOKEN}", "$(cat ~/.config/token)"), "env-lookup"), `" https://api.`, c.domain(), `/v1/me`)
	},
	func(c *gen) (string, frag) {
		return "line", cat("aws secretsmanager get-secret-value --secret-id ", neg("prod/"+c.dbName()+"/password", "secret-ref"))
	},
	func(c *gen) (string, frag) {
		return "line", cat("mysql -u root -p", neg(`"$MYSQL_ROOT_PASSWORD"`, "env-lookup"), " ", c.dbName())
	},
	func(c *gen) (string, frag) {
		return "line", cat("kubectl create secret generic db --from-literal=password=", neg(`"$(openssl rand -base64 24)"`, "call"))
	},
}

var shFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "line", cat(pick(c, `echo "deploying ${VERSION:-dev}"`, `cd "$(dirname "$0")/.."`, "kubectl rollout status deploy/api -n prod",
			"for f in migrations/*.sql; do\n  psql -f \"$f\"\ndone", `log() { printf '%s\n' "$*" >&2; }`, "npm ci && npm run build",
			`if [[ -z "${CI:-}" ]]; then`+"\n  echo \"running locally\"\nfi", "sleep 5", "make release", `trap 'rm -rf "$tmp"' EXIT`))
	},
}

var shellLang = &lang{name: "shell", sym: symAny, entry: shEntry, envRef: shEnvRef, token: shToken, pos: shPos, neg: shNeg, fill: shFill}

func writeShell(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(shellLang, provs)
	return c.dir() + "/" + pick(c, "scripts/deploy.sh", "scripts/backup.sh", "bin/setup", "entrypoint.sh", "scripts/seed-db.sh", "ci/release.sh"), lines(
		cat("#!/usr/bin/env bash\n# ", pick(c, "Deploys the service.", "Nightly database backup.", "Local development setup.", "Container entrypoint."), "\nset -euo pipefail\n"),
		join(b.rest(c), "\n"),
	)
}

// ---------------------------------------------------------------------------
// Dockerfile

func dockerEntry(c *gen, e entry) (string, frag) {
	kw := pick(c, "ENV", "ENV", "ARG")
	if e.v.expr {
		return "instr", cat(kw, " ", e.envName(), "=", e.v.f)
	}
	return "instr", cat(kw, " ", e.envName(), "=", shq(e.v.f))
}

func dockerEnvRef(c *gen, e entry) val {
	n := e.envName()
	return e2(pick(c, "${"+n+"}", "$"+n, "${"+n+":-}"))
}

var dockerPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "instr", cat("RUN curl -fsSL -u ", c.user(), ":", pos(c.rnd(alnum, c.between(12, 24)), "curl-user-password", ClassGeneric), " -o /opt/app.jar https://nexus.", c.domain(), "/repository/releases/app.jar")
	},
	func(c *gen) (string, frag) {
		return "instr", cat("RUN pip install --index-url https://", c.user(), ":", pos(c.rnd(alnum, c.between(16, 28)), "generic-url-credentials", ClassGeneric), "@pypi.", c.domain(), "/simple/ ", pick(c, "internal-sdk", "acme-utils"))
	},
}

var dockerNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "instr", cat("RUN ", neg("--mount=type=secret,id=npm_token", "secret-ref"), " NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci")
	},
	func(c *gen) (string, frag) {
		return "instr", cat("ARG ", neg(pick(c, "NPM_TOKEN", "GITHUB_TOKEN", "DB_PASSWORD"), "setting-name"))
	},
}

var dockerFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "instr", cat(pick(c, "COPY package*.json ./", "RUN npm ci --omit=dev", "EXPOSE 8080", "USER node", "HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1",
			"RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*", "ENV NODE_ENV=production", "ENV PORT=8080", "COPY . ."))
	},
}

var dockerLang = &lang{name: "dockerfile", sym: "!#%*-_.+@", single: true, entry: dockerEntry, envRef: dockerEnvRef, pos: dockerPos, neg: dockerNeg, fill: dockerFill,
	token: func(c *gen, p provEntry) (string, frag) {
		return "instr", cat("RUN ", strings.ToLower(p.e.words[0]), " config set token ", p.e.v.f)
	}}

func writeDockerfile(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(dockerLang, provs)
	base := pick(c, "node:20-alpine", "python:3.12-slim", "golang:1.23", "eclipse-temurin:21-jre")
	if c.chance(0.4) {
		base += "@sha256:" + c.sha256hex()
	}
	return c.dir() + "/" + pick(c, "Dockerfile", "Dockerfile", "docker/api.Dockerfile", "build/Dockerfile.prod"), lines(
		cat("# syntax=docker/dockerfile:1\nFROM ", neg(base, "digest"), "\nWORKDIR /app"),
		join(b.rest(c), "\n"),
		cat(`CMD ["node", "server.js"]`),
	)
}

// ---------------------------------------------------------------------------
// Markdown

func mdEntry(c *gen, e entry) (string, frag) {
	if !e.v.multiline() && !e.v.expr && c.chance(0.15) {
		return "prose", cat("Set `", e.envName(), "` to `", e.v.f, "` in your local environment.")
	}
	if e.v.multiline() && c.chance(0.5) {
		return "code:yaml", cat(snake(e.words), ": ", yamlVal(e.v))
	}
	if c.chance(0.3) {
		return "code:env", cat(e.envName(), "=", envVal(e.v))
	}
	return "code:bash", cat("export ", e.envName(), "=", shVal(e.v))
}

var mdPos = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "code:http", cat("GET /v1/orders HTTP/1.1\nHost: api.", c.domain(), "\nAuthorization: Basic ", c.basicCred(), "\nAccept: application/json")
	},
	func(c *gen) (string, frag) {
		return "code:http", cat("POST /v1/reports HTTP/1.1\nHost: api.", c.domain(), "\nAuthorization: Bearer ", c.bearerTok(), "\nContent-Type: application/json")
	},
	func(c *gen) (string, frag) {
		_, u := c.credURL("postgres")
		return "code:bash", cat(`psql "`, u, `"`)
	},
	func(c *gen) (string, frag) {
		return "prose", cat("The staging admin password is `", pos(c.humanPassword(symAny), "generic-password", ClassGeneric), "` (ask #ops before changing it).")
	},
	func(c *gen) (string, frag) {
		return "code:yaml", cat("database:\n  user: ", c.user(), "\n  password: ", yq(pos(c.humanPassword(symAny), "generic-password", ClassGeneric)))
	},
	func(c *gen) (string, frag) {
		return "code:python", cat(`client = Client(api_key="`, pos(c.randomSecret(), "generic-secret", ClassGeneric), `")`)
	},
}

var mdNeg = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "prose", cat(neg("Live secret keys start with `"+"sk_"+"live_` and test keys with `"+"sk_"+"test_`; publishable keys start with `"+"pk_"+"live_`.", "prose"))
	},
	func(c *gen) (string, frag) {
		return "prose", cat("Replace `", neg(pick(c, "<YOUR_TOKEN>", "YOUR_API_KEY", "<password>", "xxxxxxxx"), "placeholder"), "` with the token from the dashboard.")
	},
	func(c *gen) (string, frag) {
		return "code:text", cat(neg("--- PASS: TestLogin (0.00s)\n--- PASS: TestRefreshToken (0.01s)\n--- PASS: TestPasswordReset (0.02s)", "test-log"), "\nok  \tgithub.com/", c.company(), "/auth\t0.", c.rnd(digits, 3), "s")
	},
	func(c *gen) (string, frag) {
		return "prose", cat("| File | SHA-256 |\n|------|---------|\n| ", c.company(), "-linux-amd64.tar.gz | `", neg(c.sha256hex(), "hash"), "` |\n| ", c.company(), "-darwin-arm64.tar.gz | `", neg(c.sha256hex(), "hash"), "` |")
	},
	func(c *gen) (string, frag) {
		return "prose", cat("Fixed in commit ", neg(c.gitSHA(), "git-sha"), " (see #", c.rnd(digits, 4), ").")
	},
	func(c *gen) (string, frag) {
		return "code:json", cat("{\n  \"apiKey\": \"", neg(pick(c, "YOUR_API_KEY", "<api-key>", "${API_KEY}"), "placeholder"), "\",\n  \"region\": \"eu-west-1\"\n}")
	},
	func(c *gen) (string, frag) {
		return "code:bash", cat("ssh-copy-id -i ~/.ssh/id_ed25519.pub deploy@bastion\n# authorized_keys now contains:\n# ", neg(c.sshPublicKey(), "public-key"))
	},
	func(c *gen) (string, frag) {
		return "code:text", cat(neg(c.g.PEM("CERTIFICATE"), "certificate"))
	},
	func(c *gen) (string, frag) {
		return "code:text", cat(neg(c.g.PEM("PUBLIC KEY"), "public-key"))
	},
}

var mdFill = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "prose", cat(pick(c,
			"This service exposes a small REST API used by the storefront and the back office.",
			"## Configuration\n\nAll settings are read from the environment; see `.env.example` for the full list.",
			"## Running locally\n\n1. Install Docker and Node 20.\n2. Copy `.env.example` to `.env`.\n3. Run `make dev`.",
			"Tokens are rotated automatically every 90 days. Never paste credentials into issues or chat.",
			"## Troubleshooting\n\nIf the login fails with `401 Unauthorized`, check that your password has not expired.",
			"> **Note:** the password policy requires at least 12 characters, one digit and one symbol."))
	},
	func(c *gen) (string, frag) {
		return "code:bash", cat(pick(c, "make dev", "npm install\nnpm run dev", "docker compose up -d db", "go test ./...", "pip install -r requirements.txt"))
	},
}

var mdLang = &lang{name: "markdown", sym: symAny, entry: mdEntry, envRef: shEnvRef, pos: mdPos, neg: mdNeg, fill: mdFill,
	token: func(c *gen, p provEntry) (string, frag) {
		return "code:bash", cat(`curl https://api.`, c.domain(), `/v1/me \`+"\n"+`  -H "Authorization: Bearer `, p.e.v.f, `"`)
	}}

func writeMarkdown(c *gen, provs []provEntry) (string, frag) {
	b := c.mix(mdLang, provs)
	var blocks []frag
	for _, s := range append([]string(nil), b.order...) {
		items := b.take(c, s)
		if len(items) == 0 {
			continue
		}
		if lang, ok := strings.CutPrefix(s, "code:"); ok {
			// One or two code blocks per language.
			for len(items) > 0 {
				n := min(len(items), c.between(1, 3))
				blocks = append(blocks, cat("```", lang, "\n", join(items[:n], "\n"), "\n```"))
				items = items[n:]
			}
			continue
		}
		blocks = append(blocks, items...)
	}
	shuffle(c, blocks)
	name := pick(c, "payments-service", "data-pipeline", "admin-portal", "notifier", "edge-proxy")
	return c.dir() + "/" + pick(c, "README.md", "README.md", "docs/setup.md", "docs/deployment.md", "CONTRIBUTING.md", "docs/runbook.md"), lines(
		cat("# ", name, "\n"),
		cat("Part of the ", title(c.company()), " platform. Owned by the ", pick(c, "payments", "platform", "data"), " team.\n"),
		join(blocks, "\n\n"),
	)
}

// ---------------------------------------------------------------------------
// go.sum and minified bundles: nothing but hard negatives.

func writeGoSum(c *gen, _ []provEntry) (string, frag) {
	var ls []frag
	mods := []string{"github.com/stretchr/testify", "golang.org/x/crypto", "golang.org/x/net", "github.com/google/uuid", "gopkg.in/yaml.v3", "github.com/spf13/cobra", "go.uber.org/zap", "github.com/jackc/pgx/v5"}
	for i, n := 0, c.between(6, 16); i < n; i++ {
		m, v := pick(c, mods...), "v"+c.semver()
		ls = append(ls, cat(m, " ", v, " ", neg(c.goSumHash(), "go-sum")), cat(m, " ", v, "/go.mod ", neg(c.goSumHash(), "go-sum")))
	}
	return c.dir() + "/go.sum", lines(ls...)
}

func writeMinJS(c *gen, _ []provEntry) (string, frag) {
	id := func() string { return c.rnd(lowers, 1) + c.rnd(lowAlnum, c.between(0, 1)) }
	var sb strings.Builder
	sb.WriteString(`!function(){"use strict";`)
	for i, n := 0, c.between(25, 60); i < n; i++ {
		switch c.intn(9) {
		case 0:
			fmt.Fprintf(&sb, `var %s={key:"%s",value:function(%s){return %s.%s}};`, id(), pick(c, "nav-item", "row", "tab-"+c.rnd(digits, 2), "menu"), id(), id(), id())
		case 1:
			fmt.Fprintf(&sb, `%s.exports={apiKey:%s.apiKey,authDomain:%s.authDomain,token:%s.token};`, id(), id(), id(), id())
		case 2:
			fmt.Fprintf(&sb, `headers:{Authorization:"Bearer "+%s.accessToken,"X-Request-Id":%s()},`, id(), id())
		case 3:
			fmt.Fprintf(&sb, `function %s(%s,%s){if(%s.password!==%s.confirm)throw new Error("password mismatch");return %s}`, id(), id(), id(), id(), id(), id())
		case 4:
			fmt.Fprintf(&sb, `var _0x%s=["%s","%s","%s"];`, c.rnd(hexLow, 4), c.rnd(b64Chars, c.between(6, 12)), c.rnd(b64Chars, c.between(6, 12)), c.rnd(b64Chars, c.between(6, 12)))
		case 5:
			fmt.Fprintf(&sb, `%s[%d]=function(%s,%s,%s){%s.r(%s);var %s=%s(%d);%s.d(%s,{default:function(){return %s}})};`, id(), c.between(100, 999), id(), id(), id(), id(), id(), id(), id(), c.between(10, 999), id(), id(), id())
		case 6:
			fmt.Fprintf(&sb, `%s.setItem("token",%s.token),%s.cacheKey="%s",`, id(), id(), id(), c.rnd(hexLow, 8))
		case 7:
			fmt.Fprintf(&sb, `var %s={secret:!1,passwordMinLength:12,tokenType:"Bearer",apiVersion:"%s"};`, id(), c.semver())
		default:
			fmt.Fprintf(&sb, `%s.createElement("li",{key:%s.id,className:"item-%s"},%s.name);`, id(), id(), c.rnd(hexLow, 6), id())
		}
	}
	sb.WriteString("}();")
	hash := c.rnd(hexLow, 8)
	return c.dir() + "/public/assets/" + pick(c, "app", "main", "vendor", "chunk-vendors") + "." + hash + ".min.js", lines(
		cat("/*! ", c.company(), " web v", c.semver(), " | MIT */"),
		neg(sb.String(), "minified"),
		cat("//# sourceMappingURL=app.", hash, ".min.js.map"),
	)
}
