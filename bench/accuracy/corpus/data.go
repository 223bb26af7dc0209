package corpus

import (
	"fmt"
	"strings"
)

// Configuration formats: YAML (Kubernetes, docker-compose, GitHub Actions,
// Spring, application config, lock files), JSON (package.json,
// appsettings.json, service config, package-lock.json), TOML, .env,
// .properties, INI, HCL/Terraform and XML (web.config, Maven settings,
// pom.xml, application XML).

// ---------------------------------------------------------------------------
// Values per format.

func yamlVal(v val) frag {
	if v.bare || v.expr {
		return v.f
	}
	if v.multiline() {
		return cat("|\n", v.f.indentAll("  "))
	}
	return yq(v.f)
}

func jsonVal(v val) frag {
	if v.bare {
		return v.f
	}
	return dq(v.f)
}

func tomlVal(v val) frag {
	if v.bare || v.expr {
		return v.f
	}
	if v.multiline() && !strings.Contains(v.f.String(), "'''") {
		return cat("'''\n", v.f, "'''")
	}
	return dq(v.f)
}

func envVal(v val) frag {
	if v.bare {
		return v.f
	}
	return envq(v.f)
}

func iniVal(v val) frag {
	if v.multiline() {
		return cat("\n", v.f.indentAll("    "))
	}
	return v.f
}

func hclVal(v val) frag {
	if v.bare || v.expr {
		return v.f
	}
	if v.multiline() {
		return cat("<<-EOT\n", v.f.indentAll("    "), "\n  EOT")
	}
	return dq(v.f.mapText(func(s string) string { return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s) }))
}

func xmlVal(v val) frag { return v.f.mapText(escXML) }

// dataRef is a reference to a secret kept elsewhere, as data formats write
// it: interpolations of the tool that reads the file.
func dataRef(c *gen, e entry, forms ...string) val {
	n := e.envName()
	r := strings.NewReplacer("NAME", n, "snake", snake(e.words), "dotted", dotted(e.words), "kebab", kebab(e.words))
	return lit(neg(r.Replace(pick(c, forms...)), "env-lookup"))
}

// keyStyle names a key in a data format.
func keyStyle(c *gen, e entry, styles ...string) string {
	switch pick(c, styles...) {
	case "upper":
		return e.envName()
	case "camel":
		return camel(e.words)
	case "pascal":
		return pascal(e.words)
	case "kebab":
		return kebab(e.words)
	case "dotted":
		return dotted(e.words)
	}
	return snake(e.words)
}

// ---------------------------------------------------------------------------
// YAML

func yamlKV(styles ...string) func(c *gen, e entry) (string, frag) {
	return func(c *gen, e entry) (string, frag) {
		return "kv", cat(keyStyle(c, e, styles...), ": ", yamlVal(e.v))
	}
}

func yamlRef(c *gen, e entry) val {
	return dataRef(c, e, "${NAME}", "${NAME:-}", "{{ .Values.snake }}", "((snake))", "{{ snake }}", "${{ secrets.NAME }}", "%(snake)s")
}

var yamlNegCommon = []func(c *gen) (string, frag){
	func(c *gen) (string, frag) {
		return "kv", cat("image: ", neg(pick(c, "nginx", "postgres:16", "redis:7-alpine", "ghcr.io/"+c.company()+"/api")+"@sha256:"+c.sha256hex(), "digest"))
	},
	func(c *gen) (string, frag) {
		return "kv", cat("# ", neg(pick(c, "Never commit real tokens here; use the vault path.", "Rotate the API key every 90 days.", "Live keys begin with "+"sk_"+"live_; use test keys locally."), "prose"))
	},
}

// Kubernetes manifests and Helm values.
func writeK8s(c *gen, provs []provEntry) (string, frag) {
	app := pick(c, "api", "worker", "billing", "frontend", "gateway")
	L := &lang{name: "yaml", sym: symAny, envRef: yamlRef, neg: []func(c *gen) (string, frag){yamlNegCommon[1]}}
	switch c.intn(4) {
	case 0: // Deployment
		L.entry = func(c *gen, e entry) (string, frag) {
			return "env", cat("- name: ", e.envName(), "\n  value: ", yamlVal(e.v).indentRest("  "))
		}
		L.envRef = func(c *gen, e entry) val { return dataRef(c, e, "$(NAME)", "{{ .Values.snake }}") }
		L.neg = append(L.neg[:0],
			func(c *gen) (string, frag) {
				return "env", cat("- name: ", pick(c, "DB_PASSWORD", "API_KEY", "STRIPE_SECRET", "JWT_SECRET"), "\n  valueFrom:\n    secretKeyRef:\n      name: ", neg(app+"-secrets", "secret-ref"), "\n      key: ", neg(pick(c, "password", "api-key", "token"), "secret-ref"))
			},
			func(c *gen) (string, frag) {
				return "env", cat("- name: POD_UID\n  value: ", neg(c.g.UUID(), "uuid-id"))
			})
		L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
			return "env", cat(pick(c, "- name: LOG_LEVEL\n  value: info", "- name: PORT\n  value: \"8080\"", "- name: NODE_ENV\n  value: production", "- name: OTEL_SERVICE_NAME\n  value: "+app))
		}}
		b := c.mix(L, provs)
		img := "ghcr.io/" + c.company() + "/" + app + ":" + c.semver()
		if c.chance(0.3) {
			img = "ghcr.io/" + c.company() + "/" + app + "@sha256:" + c.sha256hex()
		}
		return c.dir() + "/deploy/k8s/" + app + "-deployment.yaml", lines(
			cat("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ", app, "\n  labels:\n    app: ", app),
			cat("  annotations:\n    checksum/config: ", neg(c.sha256hex(), "hash")),
			cat("spec:\n  replicas: ", fmt.Sprint(c.between(1, 5)), "\n  selector:\n    matchLabels:\n      app: ", app, "\n  template:\n    metadata:\n      labels:\n        app: ", app),
			cat("    spec:\n      containers:\n        - name: ", app, "\n          image: ", neg(img, "digest"), "\n          ports:\n            - containerPort: 8080\n          env:"),
			join(indentAll(b.rest(c), "            "), "\n"),
			cat("          resources:\n            limits:\n              memory: 512Mi\n              cpu: 500m"),
		)
	case 1, 2: // Secret or ConfigMap
		L.entry = yamlKV("upper", "upper", "snake", "kebab")
		L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
			return "kv", cat(pick(c, "LOG_LEVEL: info", "REGION: eu-west-1", "FEATURE_FLAGS: \"checkout,search\"", "DB_HOST: "+c.host(), "DB_PORT: \"5432\"", "DB_USER: "+c.user()))
		}}
		b := c.mix(L, provs)
		kind, key := "Secret", "stringData"
		if c.chance(0.4) {
			kind, key = "ConfigMap", "data"
		}
		extra := cat("")
		if kind == "Secret" {
			extra = cat("type: Opaque\n")
		}
		return c.dir() + "/deploy/k8s/" + app + "-" + strings.ToLower(kind) + ".yaml", lines(
			cat("apiVersion: v1\nkind: ", kind, "\nmetadata:\n  name: ", app, "-", strings.ToLower(kind), "\n  namespace: ", pick(c, "default", "prod", "staging")),
			cat(extra, key, ":"),
			join(indentAll(b.rest(c), "  "), "\n"),
		)
	default: // Helm values
		L.entry = yamlKV("camel", "snake", "upper")
		L.neg = yamlNegCommon
		L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
			return "kv", cat(pick(c, "replicas: 2", "logLevel: info", "region: us-east-1", "enabled: true", "port: 8080", "timeoutSeconds: 30"))
		}}
		b := c.mix(L, provs)
		return c.dir() + "/charts/" + app + "/values.yaml", lines(
			cat("# Default values for ", app, ".\nreplicaCount: 2\n\nimage:\n  repository: ghcr.io/", c.company(), "/", app, "\n  tag: \"", c.semver(), "\"\n  pullPolicy: IfNotPresent\n"),
			cat("service:\n  type: ClusterIP\n  port: 80\n"),
			cat("config:"),
			join(indentAll(b.rest(c), "  "), "\n"),
			cat("\ningress:\n  enabled: false"),
		)
	}
}

func indentAll(fs []frag, ind string) []frag {
	out := make([]frag, len(fs))
	for i, f := range fs {
		out[i] = f.indentAll(ind)
	}
	return out
}

// docker-compose.yml
func writeCompose(c *gen, provs []provEntry) (string, frag) {
	listStyle := c.chance(0.3)
	L := &lang{name: "yaml", sym: symAny, single: true, neg: append([]func(c *gen) (string, frag){}, yamlNegCommon[1:]...)}
	L.entry = func(c *gen, e entry) (string, frag) {
		if listStyle {
			s := e.v.f.String()
			if e.v.multiline() || strings.ContainsAny(s, " #\"'") {
				return "env", cat("- ", e.envName(), "=", e.v.f.mapText(func(s string) string { return strings.ReplaceAll(s, "\n", `\n`) }))
			}
			return "env", cat("- ", e.envName(), "=", e.v.f)
		}
		return "env", cat(e.envName(), ": ", yamlVal(e.v))
	}
	L.envRef = func(c *gen, e entry) val { return dataRef(c, e, "${NAME}", "${NAME:?required}", "${NAME:-}") }
	pw := func(c *gen, name string) (string, frag) {
		v := pos(c.humanPassword(symAny), "generic-password", ClassGeneric)
		if listStyle {
			return "env", cat("- ", name, "=", v)
		}
		return "env", cat(name, ": ", yq(v))
	}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) { return pw(c, "POSTGRES_PASSWORD") },
		func(c *gen) (string, frag) { return pw(c, "MYSQL_ROOT_PASSWORD") },
		func(c *gen) (string, frag) { return pw(c, "RABBITMQ_DEFAULT_PASS") },
		func(c *gen) (string, frag) { return pw(c, "MINIO_ROOT_PASSWORD") },
	}
	L.neg = append(L.neg,
		func(c *gen) (string, frag) {
			if listStyle {
				return "env", cat("- POSTGRES_PASSWORD_FILE=", neg("/run/secrets/db_password", "path"))
			}
			return "env", cat("POSTGRES_PASSWORD_FILE: ", neg("/run/secrets/db_password", "path"))
		})
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		if listStyle {
			return "env", cat(pick(c, "- TZ=UTC", "- LOG_LEVEL=debug", "- POSTGRES_DB="+c.dbName(), "- POSTGRES_USER="+c.user(), "- PGDATA=/var/lib/postgresql/data/pgdata"))
		}
		return "env", cat(pick(c, "TZ: UTC", "LOG_LEVEL: debug", "POSTGRES_DB: "+c.dbName(), "POSTGRES_USER: "+c.user(), "PGDATA: /var/lib/postgresql/data/pgdata"))
	}}
	b := c.mix(L, provs)
	env := b.rest(c)
	half := len(env) / 2
	img := "postgres:16"
	if c.chance(0.4) {
		img = "postgres:16@sha256:" + c.sha256hex()
	}
	return c.dir() + "/" + pick(c, "docker-compose.yml", "compose.yaml", "docker-compose.override.yml"), lines(
		cat("services:\n  db:\n    image: ", neg(img, "digest"), "\n    restart: unless-stopped\n    environment:"),
		join(indentAll(env[:half], "      "), "\n"),
		cat("    volumes:\n      - pgdata:/var/lib/postgresql/data\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n      interval: 10s\n"),
		cat("  api:\n    build: .\n    ports:\n      - \"8080:8080\"\n    depends_on:\n      - db\n    environment:"),
		join(indentAll(env[half:], "      "), "\n"),
		cat("\nvolumes:\n  pgdata: {}"),
	)
}

// GitHub Actions workflow.
func writeActions(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "yaml", sym: symAny}
	L.entry = func(c *gen, e entry) (string, frag) {
		if c.chance(0.3) {
			return "with", cat(keyStyle(c, e, "snake", "kebab"), ": ", yamlVal(e.v))
		}
		return "env", cat(e.envName(), ": ", yamlVal(e.v))
	}
	L.envRef = func(c *gen, e entry) val {
		return dataRef(c, e, "${{ secrets.NAME }}", "${{ vars.NAME }}", "${{ secrets.NAME }}")
	}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "run", cat("docker login -u ", c.user(), " -p ", pos(c.rnd(alnum, c.between(16, 32)), "docker-login-password", ClassGeneric), " registry.", c.domain())
		},
		func(c *gen) (string, frag) {
			return "run", cat(`curl -fsS -H "Authorization: Bearer `, c.bearerTok(), `" https://api.`, c.domain(), `/deploy`)
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "run", cat(`echo "`, neg("${{ secrets.REGISTRY_TOKEN }}", "env-lookup"), `" | docker login ghcr.io -u ${{ github.actor }} --password-stdin`)
		},
		func(c *gen) (string, frag) {
			return "with", cat("token: ", neg("${{ secrets.GITHUB_TOKEN }}", "env-lookup"))
		},
		func(c *gen) (string, frag) {
			return "run", cat("go test ./... 2>&1 | tee test.log  # ", neg("--- PASS: TestLogin", "test-log"))
		},
	}
	L.fill = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "env", cat(pick(c, "GO_VERSION: \"1.23\"", "NODE_VERSION: 20", "REGISTRY: ghcr.io", "IMAGE_NAME: ${{ github.repository }}"))
		},
		func(c *gen) (string, frag) {
			return "run", cat(pick(c, "npm ci", "npm test", "make build", "go vet ./...", "./scripts/deploy.sh staging"))
		},
	}
	b := c.mix(L, provs)
	sha := c.gitSHA()
	return c.dir() + "/.github/workflows/" + pick(c, "ci", "deploy", "release", "nightly") + ".yml", lines(
		cat("name: ", pick(c, "CI", "Deploy", "Release"), "\n\non:\n  push:\n    branches: [main]\n  pull_request:\n"),
		cat("env:"),
		join(indentAll(b.take(c, "env"), "  "), "\n"),
		cat("\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@", neg(sha, "git-sha"), " # v4"),
		cat("      - name: Build and deploy\n        run: |"),
		join(indentAll(b.take(c, "run"), "          "), "\n"),
		cat("      - uses: ", c.company(), "/deploy-action@v3\n        with:"),
		join(indentAll(b.rest(c), "          "), "\n"),
	)
}

// Spring Boot application.yml.
func writeSpringYAML(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "yaml", sym: symAny, entry: yamlKV("kebab", "kebab", "camel"), envRef: func(c *gen, e entry) val {
		return dataRef(c, e, "${NAME}", "${NAME:}", "${vcap.services.db.credentials.password}", "ENC(kebab)")
	}}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "ds", cat("password: ", yq(pos(c.humanPassword(symAny), "generic-password", ClassGeneric)))
		},
		func(c *gen) (string, frag) {
			return "mail", cat("password: ", yq(pos(c.humanPassword(symAny), "generic-password", ClassGeneric)))
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "ds", cat("password: ", neg(pick(c, "${DB_PASSWORD}", "${SPRING_DATASOURCE_PASSWORD:}", "'{cipher}"+c.rnd(hexLow, 64)+"'"), "env-lookup"))
		},
	}
	L.fill = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "kv", cat(pick(c, "region: eu-west-1", "page-size: 50", "cache-ttl: 10m", "feature-x-enabled: true"))
		},
	}
	b := c.mix(L, provs)
	// One password per block: a second would repeat the key.
	ds := b.take(c, "ds")
	if len(ds) == 0 {
		ds = []frag{cat("password: ", neg("${DB_PASSWORD}", "env-lookup"))}
	}
	ds = ds[:1]
	dsURL := cat("  datasource:\n    url: jdbc:postgresql://", c.host(), ":5432/", c.dbName())
	if c.chance(0.25) {
		dsURL = cat("  datasource:\n    url: ", c.jdbcURL())
	}
	mail := b.take(c, "mail")
	if len(mail) > 1 {
		mail = mail[:1]
	}
	return c.dir() + "/src/main/resources/" + pick(c, "application.yml", "application-prod.yml", "application-local.yaml"), lines(
		cat("server:\n  port: 8080\n\nspring:\n  application:\n    name: ", pick(c, "orders", "billing", "catalog")),
		dsURL,
		cat("    username: ", c.user()),
		join(indentAll(ds, "    "), "\n"),
		cat("  mail:\n    host: smtp.", c.domain(), "\n    port: 587\n    username: ", c.user(), "@", c.domain()),
		join(indentAll(mail, "    "), "\n"),
		cat("\napp:"),
		join(indentAll(b.rest(c), "  "), "\n"),
	)
}

// Application config YAML and Ansible vars.
func writeConfigYAML(c *gen, provs []provEntry) (string, frag) {
	ansible := c.chance(0.25)
	L := &lang{name: "yaml", sym: symAny, entry: yamlKV("snake", "snake", "camel"), envRef: yamlRef}
	L.neg = append(L.neg, yamlNegCommon...)
	L.neg = append(L.neg, func(c *gen) (string, frag) {
		return "kv", cat("api_key_ref:\n  secret: ", neg(pick(c, "prod/api", "payments/stripe"), "secret-ref"), "\n  key: ", neg("api_key", "setting-name"))
	}, func(c *gen) (string, frag) {
		return "kv", cat("password_policy:\n  min_length: ", neg("12", "policy"), "\n  require_symbols: true\n  history: 5")
	}, func(c *gen) (string, frag) {
		return "kv", cat("tokens:\n  access_ttl: ", neg("15m", "policy"), "\n  refresh_ttl: 720h\n  issuer: https://auth.", c.domain())
	})
	if ansible {
		L.envRef = func(c *gen, e entry) val {
			return dataRef(c, e, "{{ vault_snake }}", "{{ lookup('env', 'NAME') }}", "{{ lookup('community.hashi_vault.hashi_vault', 'secret=secret/data/kebab:value') }}")
		}
		L.neg = append(L.neg, func(c *gen) (string, frag) {
			var sb strings.Builder
			sb.WriteString("$ANSIBLE_VAULT;1.1;AES256")
			for i := 0; i < 4; i++ {
				sb.WriteString("\n  " + c.rnd(digits+"abcdef", 80))
			}
			return "kv", cat("vault_", pick(c, "db_password", "api_token", "smtp_password"), ": ", neg("!vault |\n  "+sb.String(), "encrypted"))
		})
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "kv", cat(pick(c, "timeout: 30s", "retries: 3", "log_level: info", "workers: 4", "region: ap-southeast-2", "enabled: true", "host: "+c.host()))
	}}
	b := c.mix(L, provs)
	items := b.rest(c)
	half := len(items) / 2
	if ansible {
		return c.dir() + "/" + pick(c, "group_vars/all.yml", "group_vars/production.yml", "host_vars/db01.yml"), lines(
			cat("---\n# ", title(c.company()), " inventory variables\nansible_user: deploy\napp_version: \"", c.semver(), "\"\n"),
			join(items, "\n"),
		)
	}
	return c.dir() + "/" + pick(c, "config/settings.yml", "config.yaml", "config/production.yml"), lines(
		cat("# ", title(c.company()), " service configuration\napp:\n  name: ", pick(c, "ingest", "reports", "mailer"), "\n  environment: production\n"),
		cat("database:\n  host: ", c.host(), "\n  port: 5432"),
		join(indentAll(items[:half], "  "), "\n"),
		cat("\nintegrations:"),
		join(indentAll(items[half:], "  "), "\n"),
	)
}

// pnpm-lock.yaml: integrity hashes only.
func writeLockYAML(c *gen, _ []provEntry) (string, frag) {
	var pk []frag
	for i, n := 0, c.between(6, 14); i < n; i++ {
		name := pick(c, "lodash", "react", "axios", "zod", "chalk", "debug", "ms", "semver", "yaml", "tslib", "uuid", "express")
		pk = append(pk, cat("  ", name, "@", c.semver(), ":\n    resolution: {integrity: ", neg(c.integrity(), "integrity"), "}\n    engines: {node: '>=14'}"))
	}
	return c.dir() + "/pnpm-lock.yaml", lines(cat("lockfileVersion: '9.0'\n\npackages:\n"), join(pk, "\n\n"))
}

// ---------------------------------------------------------------------------
// JSON

func jsonKV(styles ...string) func(c *gen, e entry) (string, frag) {
	return func(c *gen, e entry) (string, frag) {
		return "kv", cat(`"`, keyStyle(c, e, styles...), `": `, jsonVal(e.v))
	}
}

func jsonRef(c *gen, e entry) val {
	return dataRef(c, e, "${NAME}", "#{NAME}#", "$(NAME)", "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/kebab/)")
}

func jsonObj(items []frag, ind string) frag {
	return join(indentAll(items, ind), ",\n")
}

func writePackageJSON(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "json", sym: symAny, entry: jsonKV("camel", "snake"), envRef: jsonRef}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "kv", cat(`"apiKeyHeader": "`, neg("X-API-Key", "setting-name"), `"`)
		},
		func(c *gen) (string, frag) {
			return "kv", cat(`"tokenUrl": "`, neg("https://auth."+c.domain()+"/oauth/token", "token-word"), `"`)
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "kv", cat(pick(c, `"port": 3000`, `"region": "us-east-1"`, `"logLevel": "info"`, `"timeout": 5000`))
	}}
	b := c.mix(L, provs)
	name := c.company() + "-" + pick(c, "web", "api", "cli", "worker")
	return c.dir() + "/package.json", lines(
		cat("{\n  \"name\": \"@", c.company(), "/", name, "\",\n  \"version\": \"", c.semver(), "\",\n  \"private\": true,"),
		cat("  \"scripts\": {\n    \"build\": \"tsc -p .\",\n    \"test\": \"vitest run\",\n    \"start\": \"node dist/index.js\"\n  },"),
		cat("  \"config\": {"),
		jsonObj(b.rest(c), "    "),
		cat("  },\n  \"dependencies\": {\n    \"axios\": \"^1.7.2\",\n    \"pg\": \"^8.11.5\"\n  }\n}"),
	)
}

func writeAppSettings(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "json", sym: symAny, entry: jsonKV("pascal"), envRef: jsonRef}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "conn", cat(`"`, pick(c, "DefaultConnection", "Reporting", "Orders"), `": `, dq(c.connString()))
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "conn", cat(`"`, pick(c, "DefaultConnection", "Local", "Identity"), `": "`, neg(fmt.Sprintf("Server=(localdb)\\\\mssqllocaldb;Database=%s;Trusted_Connection=True;MultipleActiveResultSets=true", c.dbName()), "connstring-no-password"), `"`)
		},
		func(c *gen) (string, frag) { return "kv", cat(`"TenantId": "`, neg(c.g.UUID(), "uuid-id"), `"`) },
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "kv", cat(pick(c, `"Instance": "https://login.microsoftonline.com/"`, `"Domain": "`+c.domain()+`"`, `"CallbackPath": "/signin-oidc"`, `"TimeoutSeconds": 30`))
	}}
	b := c.mix(L, provs)
	conn := b.take(c, "conn")
	sec := pick(c, "AzureAd", "Smtp", "Payments", "Storage", "Jwt")
	return c.dir() + "/src/" + pascal(words(c.company())) + ".Api/" + pick(c, "appsettings.json", "appsettings.Production.json", "appsettings.Development.json"), lines(
		cat("{\n  \"Logging\": {\n    \"LogLevel\": {\n      \"Default\": \"Information\",\n      \"Microsoft.AspNetCore\": \"Warning\"\n    }\n  },"),
		cat("  \"ConnectionStrings\": {"),
		jsonObj(conn, "    "),
		cat("  },\n  \"", sec, "\": {"),
		jsonObj(b.rest(c), "    "),
		cat("  },\n  \"AllowedHosts\": \"*\"\n}"),
	)
}

func writeConfigJSON(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "json", sym: symAny, entry: jsonKV("camel", "snake", "camel"), envRef: jsonRef}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "kv", cat(`"i18n": {"`, neg("login.password.label", "i18n"), `": "Password", "`, neg("login.password.placeholder", "i18n"), `": "Enter your password"}`)
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "kv", cat(pick(c, `"port": 8080`, `"workers": 4`, `"region": "eu-west-1"`, `"debug": false`, `"endpoint": "https://api.`+c.domain()+`"`))
	}}
	b := c.mix(L, provs)
	items := b.rest(c)
	half := len(items) / 2
	db := append([]frag{cat(`"host": "`, c.host(), `"`), cat(`"port": 5432`)}, items[half:]...)
	top := append([]frag{cat(`"service": "`, pick(c, "ingest", "notifier", "search"), `"`)}, items[:half]...)
	top = append(top, cat("\"database\": {\n", jsonObj(db, "  "), "\n}"))
	return c.dir() + "/" + pick(c, "config/default.json", "config/production.json", "settings.json", ".config/service.json"), lines(
		cat("{"),
		jsonObj(top, "  "),
		cat("}"),
	)
}

func writePackageLock(c *gen, _ []provEntry) (string, frag) {
	var pk []frag
	for i, n := 0, c.between(5, 12); i < n; i++ {
		name := pick(c, "lodash", "react", "axios", "zod", "chalk", "debug", "ms", "semver", "yaml", "tslib", "uuid", "express")
		v := c.semver()
		pk = append(pk, cat(`    "node_modules/`, name, `": {`+"\n"+`      "version": "`, v, `",`+"\n"+`      "resolved": "https://registry.npmjs.org/`, name, "/-/", name, "-", v, `.tgz",`+"\n"+`      "integrity": "`, neg(c.integrity(), "integrity"), `"`+"\n    }"))
	}
	return c.dir() + "/package-lock.json", lines(
		cat("{\n  \"name\": \"", c.company(), "-web\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {"),
		join(pk, ",\n"),
		cat("  }\n}"),
	)
}

// ---------------------------------------------------------------------------
// TOML

func writeTOML(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "toml", sym: symAny, entry: func(c *gen, e entry) (string, frag) {
		return pick(c, "a", "b"), cat(keyStyle(c, e, "snake", "snake", "upper"), " = ", tomlVal(e.v))
	}, envRef: func(c *gen, e entry) val { return dataRef(c, e, "${NAME}", "${env:NAME}", "{{ snake }}") }}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return pick(c, "a", "b"), cat(pick(c, `region = "us-east-1"`, "timeout = 30", `log_level = "info"`, "workers = 4", `host = "`+c.host()+`"`, "port = 5432"))
	}}
	b := c.mix(L, provs)
	path, s1, s2 := c.dir()+"/config.toml", "[app]", "[database]"
	switch c.intn(3) {
	case 0:
		path, s1, s2 = c.dir()+"/.streamlit/secrets.toml", "[connections.postgresql]", "[api]"
	case 1:
		path, s1, s2 = c.dir()+"/netlify.toml", "[build.environment]", "[context.production.environment]"
	}
	return path, lines(
		cat("# ", title(c.company()), " settings"),
		cat(s1),
		join(b.take(c, "a"), "\n"),
		cat("\n", s2),
		join(b.rest(c), "\n"),
	)
}

// ---------------------------------------------------------------------------
// .env

func writeEnv(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "env", sym: symAny, entry: func(c *gen, e entry) (string, frag) {
		if c.chance(0.1) {
			return "kv", cat("export ", e.envName(), "=", envVal(e.v))
		}
		return "kv", cat(e.envName(), "=", envVal(e.v))
	}, envRef: func(c *gen, e entry) val {
		return dataRef(c, e, "${NAME}", "$NAME", "${NAME:-}", "op://Engineering/kebab/password", "vault:secret/data/kebab#value")
	}}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "kv", cat("# ", neg("Get your key at https://dashboard."+c.domain()+"/keys (starts with "+"sk_"+"live_)", "prose"))
		},
		func(c *gen) (string, frag) {
			return "kv", cat(pick(c, "DB_PASSWORD=", "API_KEY=", "SECRET_KEY="), neg("", "empty"))
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "kv", cat(pick(c, "NODE_ENV=production", "PORT=3000", "LOG_LEVEL=debug", "DB_HOST="+c.host(), "DB_PORT=5432", "DB_USER="+c.user(), "REDIS_HOST=cache", "APP_URL=https://app."+c.domain(), "# Database", "# Third-party services", ""))
	}}
	b := c.mix(L, provs)
	return c.dir() + "/" + pick(c, ".env", ".env", ".env.local", ".env.production", ".env.development", ".env.example"), join(b.rest(c), "\n")
}

// ---------------------------------------------------------------------------
// .properties

func writeProperties(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "properties", sym: symAny, single: true, entry: func(c *gen, e entry) (string, frag) {
		k := keyStyle(c, e, "dotted", "dotted", "kebab")
		if c.chance(0.4) {
			k = pick(c, "app.", "integration.", "spring.mail.", "security.") + k
		}
		return "kv", cat(k, pick(c, "=", "=", " = ", ": "), propq(e.v.f))
	}, envRef: func(c *gen, e entry) val {
		return dataRef(c, e, "${NAME}", "${NAME:}", "@dotted@", "ENC(kebab)", "${vault.dotted}")
	}}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "kv", cat("spring.datasource.password=", pos(c.humanPassword(symAny), "generic-password", ClassGeneric))
		},
		func(c *gen) (string, frag) {
			return "kv", cat("spring.mail.password=", pos(c.humanPassword(symAny), "generic-password", ClassGeneric))
		},
		func(c *gen) (string, frag) { return "kv", cat("spring.datasource.url=", c.jdbcURL()) },
		func(c *gen) (string, frag) {
			return "kv", cat("app.jwt.secret=", pos(c.randomSecret(), "generic-secret", ClassGeneric))
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "kv", cat("spring.datasource.password=", neg(pick(c, "${DB_PASSWORD}", "@db.password@", "ENC("+c.rnd(b64Chars, 24)+")"), "env-lookup"))
		},
		func(c *gen) (string, frag) {
			return "kv", cat(neg(pick(c, "login.password.label=Password", "login.password.placeholder=Enter your password", "error.token.expired=Your session token has expired"), "i18n"))
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "kv", cat(pick(c, "server.port=8080", "spring.jpa.hibernate.ddl-auto=validate", "logging.level.root=INFO", "spring.datasource.username="+c.user(), "spring.mail.host=smtp."+c.domain(), "management.endpoints.web.exposure.include=health,info", "# Datasource"))
	}}
	b := c.mix(L, provs)
	return c.dir() + "/" + pick(c, "src/main/resources/application.properties", "src/main/resources/application-prod.properties", "config/app.properties", "src/main/resources/messages.properties"), join(b.rest(c), "\n")
}

// ---------------------------------------------------------------------------
// INI

func writeINI(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "ini", sym: "!@#$^&*-_.+=?~", entry: func(c *gen, e entry) (string, frag) {
		return pick(c, "a", "b"), cat(keyStyle(c, e, "snake", "snake", "kebab"), pick(c, " = ", "=", ": "), iniVal(e.v))
	}, envRef: func(c *gen, e entry) val { return dataRef(c, e, "%(snake)s", "${NAME}", "%(ENV_NAME)s") }}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			_, u := c.credURL("postgres", "mysql")
			return "a", cat("sqlalchemy.url = ", u)
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return pick(c, "a", "b"), cat(pick(c, "host = "+c.host(), "port = 3306", "timeout = 30", "log_level = INFO", "max_connections = 50", "; local overrides go in local.ini", "user = "+c.user()))
	}}
	b := c.mix(L, provs)
	s1, s2 := "[database]", "[service]"
	path := c.dir() + "/" + pick(c, "config.ini", "settings.ini", "app.cfg", "alembic.ini")
	if c.chance(0.25) {
		path, s1, s2 = c.dir()+"/.my.cnf", "[client]", "[mysqldump]"
	}
	return path, lines(
		cat("; ", title(c.company()), " configuration"),
		cat(s1),
		join(b.take(c, "a"), "\n"),
		cat("\n", s2),
		join(b.rest(c), "\n"),
	)
}

// ---------------------------------------------------------------------------
// HCL / Terraform

func writeHCL(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "hcl", sym: symAny, entry: func(c *gen, e entry) (string, frag) {
		if c.chance(0.3) && !e.v.expr {
			return "var", cat(`variable "`, snake(e.words), "\" {\n  type      = string\n  sensitive = true\n  default   = ", hclVal(e.v).indentRest(""), "\n}")
		}
		return "locals", cat(snake(e.words), " = ", hclVal(e.v))
	}, envRef: func(c *gen, e entry) val {
		return expr(neg(pick(c, "var."+snake(e.words), "data.aws_secretsmanager_secret_version."+pick(c, "db", "app")+".secret_string",
			"random_password."+pick(c, "db", "admin")+".result", `data.vault_generic_secret.app.data["`+snake(e.words)+`"]`), "env-lookup"))
	}}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "db", cat("password = ", dq(pos(c.humanPassword(symSafe), "generic-password", ClassGeneric)))
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "db", cat("password = ", neg(pick(c, "var.db_password", "random_password.db.result", "data.aws_ssm_parameter.db_password.value"), "env-lookup"))
		},
		func(c *gen) (string, frag) {
			return "locals", cat("ami_id = ", dq(neg("ami-0"+c.rnd(hexLow, 16), "resource-id")))
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "locals", cat(pick(c, `region = "us-east-1"`, `environment = "prod"`, "instance_count = 3", `cidr_block = "10.0.0.0/16"`, `name_prefix = "`+c.company()+`"`))
	}}
	b := c.mix(L, provs)
	db := b.take(c, "db")
	if len(db) == 0 {
		db = []frag{cat("password = var.db_password")}
	}
	db = db[:1]
	return c.dir() + "/" + pick(c, "infra/main.tf", "terraform/main.tf", "modules/db/main.tf", "envs/prod/main.tf"), lines(
		cat("terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }\n  }\n}\n"),
		cat("provider \"aws\" {\n  region = \"us-east-1\"\n}\n"),
		join(b.take(c, "var"), "\n\n"),
		cat("\nlocals {"),
		join(indentAll(b.rest(c), "  "), "\n"),
		cat("}\n\nresource \"aws_db_instance\" \"main\" {\n  identifier        = \"", c.company(), "-prod\"\n  engine            = \"postgres\"\n  instance_class    = \"db.t3.medium\"\n  allocated_storage = 50\n  username          = \"", c.user(), "\""),
		join(indentAll(db, "  "), "\n"),
		cat("  skip_final_snapshot = true\n}"),
	)
}

// ---------------------------------------------------------------------------
// XML

func xmlRef(c *gen, e entry) val {
	return dataRef(c, e, "${env.NAME}", "#{NAME}#", "$(NAME)", "${dotted}", "{"+c.rnd(b64Chars, 24)+"=}")
}

func writeWebConfig(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "xml", sym: symAny, single: true, entry: func(c *gen, e entry) (string, frag) {
		return "app", cat(`<add key="`, keyStyle(c, e, "pascal", "pascal", "camel"), `" value="`, xmlVal(e.v), `" />`)
	}, envRef: xmlRef}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "conn", cat(`<add name="`, pick(c, "DefaultConnection", "Reporting"), `" connectionString="`, c.connString().mapText(escXML), `" providerName="System.Data.SqlClient" />`)
		},
		func(c *gen) (string, frag) {
			return "app", cat(`<add key="`, pick(c, "SmtpPassword", "DbPassword", "ServiceAccountPassword"), `" value="`, posEsc(c.humanPassword(symAny), escXML, "generic-password", ClassGeneric), `" />`)
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "app", cat(`<add key="`, neg("webpages:Version", "config-key"), `" value="3.0.0.0" />`)
		},
		func(c *gen) (string, frag) {
			return "app", cat(`<add key="`, neg("ClientValidationEnabled", "config-key"), `" value="true" />`)
		},
		func(c *gen) (string, frag) {
			return "conn", cat(`<add name="Local" connectionString="`, neg("Data Source=.\\SQLEXPRESS;Initial Catalog=App;Integrated Security=True", "connstring-no-password"), `" providerName="System.Data.SqlClient" />`)
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "app", cat(pick(c, `<add key="Environment" value="Production" />`, `<add key="PageSize" value="50" />`, `<add key="ApiBaseUrl" value="https://api.`+c.domain()+`/" />`, `<add key="UnobtrusiveJavaScriptEnabled" value="true" />`))
	}}
	b := c.mix(L, provs)
	return c.dir() + "/" + pick(c, "Web.config", "App.config", "src/Web/Web.config"), lines(
		cat(`<?xml version="1.0" encoding="utf-8"?>`+"\n<configuration>\n  <connectionStrings>"),
		join(indentAll(b.take(c, "conn"), "    "), "\n"),
		cat("  </connectionStrings>\n  <appSettings>"),
		join(indentAll(b.rest(c), "    "), "\n"),
		cat("  </appSettings>\n  <system.web>\n    <compilation debug=\"false\" targetFramework=\"4.8\" />\n  </system.web>\n</configuration>"),
	)
}

func writeMavenSettings(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "xml", sym: symAny, single: true, entry: func(c *gen, e entry) (string, frag) {
		k := keyStyle(c, e, "dotted", "camel")
		return "prop", cat("<", k, ">", xmlVal(e.v), "</", k, ">")
	}, envRef: xmlRef}
	server := func(c *gen, pw frag) frag {
		return cat("<server>\n  <id>", pick(c, "nexus-releases", "nexus-snapshots", "ossrh", "artifactory", "github"), "</id>\n  <username>", c.user(), "</username>\n  <password>", pw, "</password>\n</server>")
	}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "server", server(c, posEsc(c.humanPassword(symAny), escXML, "maven-settings-password", ClassGeneric))
		},
		func(c *gen) (string, frag) {
			return "server", server(c, pos(c.rnd(alnum, c.between(20, 40)), "maven-settings-password", ClassGeneric))
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "server", server(c, neg(pick(c, "${env.NEXUS_PASSWORD}", "${env.MAVEN_PASSWORD}", "{"+c.rnd(b64Chars, 44)+"=}"), "env-lookup"))
		},
	}
	b := c.mix(L, provs)
	servers := b.take(c, "server")
	return c.dir() + "/" + pick(c, ".m2/settings.xml", "settings.xml", ".mvn/settings.xml"), lines(
		cat(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">`+"\n  <servers>"),
		join(indentAll(servers, "    "), "\n"),
		cat("  </servers>\n  <mirrors>\n    <mirror>\n      <id>nexus</id>\n      <mirrorOf>*</mirrorOf>\n      <url>https://nexus.", c.domain(), "/repository/maven-public/</url>\n    </mirror>\n  </mirrors>"),
		cat("  <profiles>\n    <profile>\n      <id>ci</id>\n      <properties>"),
		join(indentAll(b.rest(c), "        "), "\n"),
		cat("      </properties>\n    </profile>\n  </profiles>\n</settings>"),
	)
}

func writePom(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "xml", sym: symAny, single: true, entry: func(c *gen, e entry) (string, frag) {
		k := keyStyle(c, e, "dotted", "dotted", "camel")
		return "prop", cat("<", k, ">", xmlVal(e.v), "</", k, ">")
	}, envRef: xmlRef}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "plugin", cat("<password>", posEsc(c.humanPassword(symAny), escXML, "generic-password", ClassGeneric), "</password>")
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "plugin", cat("<password>", neg("${flyway.password}", "env-lookup"), "</password>")
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "prop", cat(pick(c, "<java.version>21</java.version>", "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>", "<spring-boot.version>3.3.1</spring-boot.version>"))
	}}
	b := c.mix(L, provs)
	var plugins []frag
	for i, pw := range b.take(c, "plugin") {
		art := []string{"flyway-maven-plugin", "liquibase-maven-plugin", "sql-maven-plugin", "jooq-codegen-maven"}[i%4]
		plugins = append(plugins, cat("<plugin>\n  <groupId>org.", c.company(), ".build</groupId>\n  <artifactId>", art, "</artifactId>\n  <configuration>\n    <url>jdbc:postgresql://", c.host(), ":5432/", c.dbName(), "</url>\n    <user>", c.user(), "</user>\n    ", pw, "\n  </configuration>\n</plugin>"))
	}
	return c.dir() + "/pom.xml", lines(
		cat(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<project xmlns="http://maven.apache.org/POM/4.0.0">`+"\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.", c.company(), "</groupId>\n  <artifactId>", pick(c, "orders", "billing", "catalog"), "-service</artifactId>\n  <version>", c.semver(), "</version>\n  <properties>"),
		join(indentAll(b.rest(c), "    "), "\n"),
		cat("  </properties>\n  <build>\n    <plugins>"),
		join(indentAll(plugins, "      "), "\n"),
		cat("    </plugins>\n  </build>\n</project>"),
	)
}

func writeAppXML(c *gen, provs []provEntry) (string, frag) {
	L := &lang{name: "xml", sym: symAny, entry: func(c *gen, e entry) (string, frag) {
		if c.chance(0.5) && !e.v.multiline() {
			return "prop", cat(`<property name="`, dotted(e.words), `" value="`, xmlVal(e.v), `"/>`)
		}
		k := camel(e.words)
		return "prop", cat("<", k, ">", xmlVal(e.v), "</", k, ">")
	}, envRef: xmlRef}
	L.pos = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "prop", cat(`<Resource name="jdbc/app" auth="Container" type="javax.sql.DataSource" username="`, c.user(), `" password="`, posEsc(c.humanPassword(symAny), escXML, "generic-password", ClassGeneric), `" url="jdbc:postgresql://`, c.host(), `/`, c.dbName(), `"/>`)
		},
		func(c *gen) (string, frag) {
			return "prop", cat(`<property name="hibernate.connection.password">`, posEsc(c.humanPassword(symAny), escXML, "generic-password", ClassGeneric), `</property>`)
		},
		func(c *gen) (string, frag) {
			return "prop", cat("<password>", posEsc(c.humanPassword(symAny), escXML, "generic-password", ClassGeneric), "</password>")
		},
	}
	L.neg = []func(c *gen) (string, frag){
		func(c *gen) (string, frag) {
			return "prop", cat(`<property name="hibernate.connection.password">`, neg("${DB_PASSWORD}", "env-lookup"), `</property>`)
		},
		func(c *gen) (string, frag) {
			return "prop", cat(`<string name="`, neg("password_hint", "i18n"), `">Enter your password</string>`)
		},
	}
	L.fill = []func(c *gen) (string, frag){func(c *gen) (string, frag) {
		return "prop", cat(pick(c, `<property name="hibernate.dialect" value="org.hibernate.dialect.PostgreSQLDialect"/>`, `<property name="hibernate.show_sql">false</property>`, `<timeout>30</timeout>`, `<logLevel>INFO</logLevel>`))
	}}
	b := c.mix(L, provs)
	root := pick(c, "Context", "hibernate-configuration", "configuration")
	return c.dir() + "/" + pick(c, "src/main/resources/hibernate.cfg.xml", "conf/context.xml", "config/app.xml", "src/main/webapp/META-INF/context.xml"), lines(
		cat(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<", root, ">"),
		join(indentAll(b.rest(c), "  "), "\n"),
		cat("</", root, ">"),
	)
}
