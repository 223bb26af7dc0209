package detector

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"path"
	"strings"
	"unicode/utf8"
)

// The generic detector finds secrets by what they are called rather than by
// their format: a literal assigned to a name such as db_password, apiKey,
// client-secret or AUTH_TOKEN, in code (Go, Python, JS, Java, Ruby, PHP, C#,
// …), YAML, JSON, TOML, .env, properties, XML and shell. This is where
// scanners drown users in noise, so every step below rejects something that
// was seen to be noise, and each threshold says why it is where it is.
//
// The work is done from the keyword hit outward, without regular
// expressions: extend the hit to the whole name, classify the name, expect
// an assignment, read the value, judge the value.

// nameClass is what a name says about the value assigned to it.
type nameClass uint8

const (
	classNone     nameClass = iota
	classPassword           // password, passwd, pwd, passphrase, db_pass
	classSecret             // secret, token, api key, credential, private/access key
	classKey                // a bare "key": weakest evidence, strictest value test
)

// genericFinder reports values assigned to secret-like names; class selects
// which names the rule owns, so two rules can share the parser.
type genericFinder struct{ class nameClass }

func (g genericFinder) find(c *findCtx, lo, hi, hitStart, hitEnd int, emit func(start, end int)) {
	if skipGenericPath(c.path) {
		return
	}
	data := c.data
	ns, ne := hitStart, hitEnd
	for ns > lo && isNameByte(data[ns-1]) {
		ns--
	}
	for ne < hi && isNameByte(data[ne]) {
		ne++
	}
	if ns > 0 && data[ns-1] == ':' && ne < hi && data[ne] == ':' {
		// arn:aws:secretsmanager:…:secret:prod/db, {{resolve:secretsmanager:…}}:
		// a segment of an identifier, not a name being assigned.
		return
	}
	if ne+1 < hi && data[ne] == ':' && data[ne+1] == '"' && ns > 0 && isCode(c.path) && inStructTag(data, ns) {
		// `key:"value9,range=(1:5]"`: a Go struct tag, not an assignment.
		return
	}
	class := classifyName(data[ns:ne])
	listOnly := false
	if class == classNone {
		// "tokens", "api_keys": plurals that name lexer output and key
		// lists as often as credentials; only a list of literals under
		// them is judged.
		class, listOnly = pluralSecretName(data[ns:ne]), true
	}
	if class == classNone || (class != g.class && !(g.class == classSecret && class == classKey)) {
		return
	}
	if class == classKey && publicKeyContext(data, ns) {
		// PubKey{ID: "1", Key: "…"}: the public half of a key pair.
		return
	}
	if replExample(data, ns, hi) {
		// irb> user.password = "vr00m", user.update(password: "x") # => true:
		// a documented console session, not configuration.
		return
	}
	vs, ve, quoted, ok := assignedValue(data, ns, ne, hi)
	if !ok {
		vs, ve, quoted, ok = nextLineValue(data, ns, ne, hi)
	}
	if !ok && class != classKey {
		vs, ve, quoted, ok = flagValue(data, ns, ne, hi)
	}
	if !ok && class != classKey {
		// if password == "<literal>", assert cfg["token"] == "…": a
		// credential checked against a literal is hard-coded all the
		// same. (Not for a bare key: key == "Enter" is a keystroke.)
		vs, ve, ok = comparedValue(data, ne, hi)
		quoted = ok
	}
	if !ok || ve <= vs {
		return
	}
	if !quoted && data[vs] == '[' {
		// "tokens": ["…", "…"], Tokens: []string{"…"}: each literal
		// of the list is judged as if assigned alone, and must not read
		// as words: lists also hold state names ("Pass": ["Question"]),
		// packages (auth = ["django-auth-ldap"]) and setting names.
		if bytes.HasSuffix(bytes.ToLower(data[ns:ne]), []byte("auth")) {
			return
		}
		for _, e := range listLiterals(data, vs, hi) {
			if v := data[e.lo:e.hi]; !sameAsName(data[ns:ne], v) && judgeMember(class, v) {
				emit(e.lo, e.hi)
			}
		}
		return
	}
	if listOnly {
		return
	}
	if quoted && ve-vs > 4 && bytes.HasPrefix(data[vs:ve], []byte(`{\"`)) {
		// "Apitoken": "{\"name\":\"root\",\"sig\":\"…\"}": a JSON
		// object escaped inside the value; its random members are the
		// credential.
		for _, e := range escapedMembers(data, vs, ve) {
			if judgeMember(class, data[e.lo:e.hi]) {
				emit(e.lo, e.hi)
			}
		}
		return
	}
	if !quoted && weakName(data[ns:ne], data[ne:vs]) {
		return
	}
	if !quoted && expressionLike(data[vs:ve]) {
		return
	}
	if !quoted && envName(data[ns:ne]) && vs > 0 && data[vs-1] == ' ' && bytes.IndexByte(data[ne:vs], '=') >= 0 && followedByProse(data, ve, hi) {
		// "DOMAIN_PASSWORD= WebLogic admin username for …": a blank
		// assignment in shell, then a description.
		return
	}
	if !quoted && badgeToken(data, ns) {
		return
	}
	if !quoted && !envName(data[ns:ne]) && followedByProse(data, ve, hi) {
		// "InvalidPassword=Invalid username and password entered.": a
		// message in a .properties file, cut at its first space.
		return
	}
	if !quoted && isCode(c.path) && !connectionStringContext(data, ns, ve, hi) && !c.configInString(ns, ve) {
		// In source code an unquoted right-hand side is an expression
		// (os.Getenv("X"), cfg.Password, null), never a literal; inside
		// a string literal it is configuration text.
		return
	}
	if sameAsName(data[ns:ne], data[vs:ve]) {
		return // secret_string_v0 = "secret_string_v0"
	}
	if bytes.EqualFold(data[ns:ne], []byte("passwd")) && nssSources[string(bytes.ToLower(data[vs:ve]))] {
		return // nsswitch.conf: "passwd: files systemd" names where accounts come from
	}
	if class == classKey && ve-vs >= 16 && serviceKeyName(data[ns:ne]) {
		class = classSecret
	}
	if judgeValue(class, data[vs:ve]) {
		emit(vs, ve)
	}
}

// badgeToken: "…/graph/badge.svg?token=…", the read-only token that
// Codecov (and other badge services) put in README image links on
// purpose: it can fetch a coverage graph and nothing else.
func badgeToken(data []byte, ns int) bool {
	if ns == 0 || data[ns-1] != '?' && data[ns-1] != '&' {
		return false
	}
	from := max(0, ns-200)
	url := data[from:ns]
	if i := bytes.LastIndex(url, []byte("http")); i >= 0 {
		url = url[i:]
	} else {
		return false
	}
	return bytes.Contains(url, []byte("badge")) && !bytes.ContainsAny(url, " \t\n\"'")
}

// nssSources are the services an nsswitch.conf line may name.
var nssSources = map[string]bool{
	"files": true, "compat": true, "nis": true, "nisplus": true, "ldap": true, "sss": true,
	"systemd": true, "winbind": true, "db": true, "dns": true, "hesiod": true, "cache": true,
	"extrausers": true, "altfiles": true, "mymachines": true, "wins": true,
}

// judgeMember judges one value of several under a name (a list, an
// escaped object): as if assigned alone, and it must not read as words
// or an identifier, since such groups also hold state names, package
// names and the object's own field names.
func judgeMember(class nameClass, v []byte) bool {
	return judgeValue(class, v) && !wordy(v) && !identifierLike(v)
}

// inStructTag: the name at ns opens a Go struct tag, or follows another
// tag in one: right after a backtick, or after a space with a backtick
// earlier on the line.
func inStructTag(data []byte, ns int) bool {
	if data[ns-1] == '`' {
		return true
	}
	ls := bytes.LastIndexByte(data[:ns], '\n') + 1
	return data[ns-1] == ' ' && bytes.IndexByte(data[ls:ns], '`') >= 0
}

// replExample reports whether the line holding data[ns] shows a console
// session or its result, as documentation does: an "irb>", ">>> " or
// "> " prompt before the name, or a "# =>" result marker after it.
func replExample(data []byte, ns, hi int) bool {
	// A prompt starts its line within a few words of the name; looking
	// back further would cost a scan to the file's start on every hit in
	// a minified file's one long line.
	from := max(0, ns-256)
	nl := bytes.LastIndexByte(data[from:ns], '\n')
	le := bytes.IndexByte(data[ns:hi], '\n')
	if le < 0 {
		le = hi
	} else {
		le += ns
	}
	if nl >= 0 || from == 0 {
		before := bytes.TrimLeft(data[from+nl+1:ns], " \t#/*")
		for _, p := range []string{"irb>", "irb(main)", ">>> ", "iex>", "scala> "} {
			if bytes.HasPrefix(before, []byte(p)) {
				return true
			}
		}
		// Any REPL's prompt: a short lowercase word and "> " (sails>,
		// mongo>, node>).
		k := 0
		for k < len(before) && k <= 12 && 'a' <= before[k] && before[k] <= 'z' {
			k++
		}
		if k >= 2 && k <= 12 && bytes.HasPrefix(before[k:], []byte("> ")) {
			return true
		}
	}
	return bytes.Contains(data[ns:le], []byte("# =>")) || bytes.Contains(data[ns:le], []byte("// =>"))
}

// publicKeyContext reports whether the line before a bare "key" name
// talks about a public key (PublicKey{…, Key: …}, "public_key": {"key":
// …}), whose value is meant to be shared.
func publicKeyContext(data []byte, ns int) bool {
	from := max(0, ns-120)
	line := bytes.ToLower(data[from+bytes.LastIndexByte(data[from:ns], '\n')+1 : ns])
	for _, w := range [][]byte{[]byte("pubkey"), []byte("publickey"), []byte("public_key"), []byte("public-key"), []byte("public key")} {
		if bytes.Contains(line, w) {
			return true
		}
	}
	return false
}

// skipGenericPath: files where a secret-like name is never assigned a
// credential by a person. Lockfiles list packages ("minipass": "^3.1.1"),
// and mock and fixture files hold fake values on purpose. Provider rules
// still scan them: a real token is a real token wherever it is.
func skipGenericPath(p string) bool {
	base := strings.ToLower(path.Base(p))
	switch base {
	case "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb",
		"cargo.lock", "go.sum", "poetry.lock", "pipfile.lock", "composer.lock", "gemfile.lock", "podfile.lock",
		"packages.lock.json", "mix.lock", "pubspec.lock", "flake.lock", ".test_durations", "uv.lock":
		return true
	}
	if strings.Contains(base, "mock") || strings.HasSuffix(base, ".map") {
		return true
	}
	return false
}

// followedByProse: an unquoted value followed on its line by more words,
// not by a comment.
func followedByProse(data []byte, ve, hi int) bool {
	p := skipSpace(data, ve, hi)
	if p == ve || p >= hi {
		return false
	}
	switch data[p] {
	case '\n', '\r', '#', ';', '/', '&', '|', '\\':
		return false
	}
	if !isIdentStart(data[p]) {
		return false
	}
	// "password=x dbname=app": the next word is another key=value pair.
	q := p
	for q < hi && data[q] != ' ' && data[q] != '\n' && data[q] != '"' && data[q] != '\'' {
		if data[q] == '=' || data[q] == ':' {
			return false
		}
		q++
	}
	return true
}

// sameAsName: the value repeats the name it is assigned to.
func sameAsName(name, value []byte) bool {
	norm := func(b []byte) string {
		var sb strings.Builder
		for _, c := range bytes.ToLower(b) {
			if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
				sb.WriteByte(c)
			}
		}
		return sb.String()
	}
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	n, v := norm(name), norm(value)
	if n != "" && len(value) > len(name) {
		// "ChangePassword": "cognito-idp:ChangePassword": an IAM action,
		// a namespaced name, not a value.
		tail := value[len(value)-len(name):]
		if sep := value[len(value)-len(name)-1]; bytes.EqualFold(tail, name) && (sep == ':' || sep == '.' || sep == '/') {
			return true
		}
	}
	if n != "" && (n == v || strings.HasSuffix(v, n) && len(v)-len(n) <= 3) {
		return true
	}
	// password_confirmation = 'confirmation': a word of the name after
	// the secret word. (ADMIN_PASSWORD=admin is a default credential.)
	seen := false
	for _, w := range splitName(name) {
		if seen && len(w) >= 4 && w == v {
			return true
		}
		seen = seen || classifyName([]byte(w)) != classNone
	}
	return false
}

// weakName: "pass", "pw" and "pwd" alone are words of their own ("PASS:
// TestX" in test logs, "warm up pass: load", "pwd: /home") unless the
// value is quoted or assigned with '='.
func weakName(name, op []byte) bool {
	switch strings.ToLower(string(bytes.Trim(name, "-._"))) {
	case "pass":
		// "pass: true", "pass: ok": a test outcome in YAML. (pwd: and pw:
		// are judged: a path or a number after them is rejected anyway.)
		return !bytes.Contains(op, []byte("="))
	}
	return false
}

// expressionLike recognises unquoted right-hand sides that are code even
// outside source files (JavaScript in HTML, templates, shell): calls,
// indexing, object paths, camelCase identifiers.
func expressionLike(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	// A call or an index: getenv(…), env[…], {…}. Base64 padding and
	// other '=' inside a value are fine: "Harbor=204" is a password.
	if bytes.ContainsAny(v, "()[]{}<>") {
		return true
	}
	// Read-Host, Get-Credential: a PowerShell cmdlet (Verb-Noun).
	if i := bytes.IndexByte(v, '-'); i > 1 && 'A' <= v[0] && v[0] <= 'Z' && i+1 < len(v) && 'A' <= v[i+1] && v[i+1] <= 'Z' && identifierLike(bytes.ReplaceAll(v, []byte("-"), []byte("_"))) {
		return true
	}
	// Dir.pwd, MyKeyProvider.new, SecureRandom.hex: a constant and a
	// method call in Ruby, which needs no parentheses.
	if i := bytes.LastIndexByte(v, '.'); i > 0 && 'A' <= v[0] && v[0] <= 'Z' && rubyCalls[string(v[i+1:])] &&
		bytes.Trim(v[:i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:") == nil {
		return true
	}
	// this.token, self.password, props.secret: object paths.
	low := bytes.ToLower(v)
	for _, p := range []string{"this.", "self.", "props.", "state.", "config.", "settings.", "env.", "params.", "options.", "opts.", "cfg."} {
		if bytes.HasPrefix(low, []byte(p)) {
			return true
		}
	}
	return false
}

// rubyCalls are methods that make or fetch a value.
var rubyCalls = map[string]bool{
	"new": true, "pwd": true, "read": true, "call": true, "current": true, "now": true, "hex": true,
	"base64": true, "urlsafe_base64": true, "uuid": true, "alphanumeric": true, "generate": true,
	"fetch": true, "load": true, "build": true, "create": true, "random": true, "env": true,
}

func isNameByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '-' || b == '.'
}

// splitName cuts an identifier into lowercase words at separators and
// camelCase humps: "dbPassword" → db password, "APIKey" → api key,
// "spring.datasource.password" → spring datasource password.
func splitName(name []byte) []string {
	var words []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(name[start:end])))
		}
		start = -1
	}
	isUpper := func(b byte) bool { return 'A' <= b && b <= 'Z' }
	isLower := func(b byte) bool { return 'a' <= b && b <= 'z' }
	for i := 0; i < len(name); i++ {
		b := name[i]
		if b == '_' || b == '-' || b == '.' {
			flush(i)
			continue
		}
		if start >= 0 && isUpper(b) && i > 0 {
			prev := name[i-1]
			// aB starts a word; in "APIKey" the K starts one because a
			// lowercase letter follows it.
			if isLower(prev) || '0' <= prev && prev <= '9' || (isUpper(prev) && i+1 < len(name) && isLower(name[i+1])) {
				flush(i)
			}
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(name))
	return words
}

// notSecretWords mark names whose value describes a secret rather than
// being one: its length, its name, where it lives, how it is validated,
// a pagination cursor, a UI label.
var notSecretWords = map[string]bool{
	"public": true, "pub": true, "publishable": true, "id": true, "ids": true, "name": true, "names": true,
	"type": true, "types": true, "kind": true, "path": true, "file": true, "filename": true, "dir": true,
	"url": true, "uri": true, "endpoint": true, "size": true, "length": true,
	"len": true, "count": true, "max": true, "min": true, "limit": true, "format": true, "pattern": true,
	"regex": true, "regexp": true, "prefix": true, "suffix": true, "header": true, "headers": true,
	"field": true, "fields": true, "label": true, "hint": true, "placeholder": true, "enabled": true,
	"enable": true, "disabled": true, "required": true, "policy": true, "expiry": true, "expires": true,
	"expiration": true, "expire": true, "expired": true, "ttl": true, "timeout": true, "mode": true,
	"version": true, "algorithm": true, "alg": true, "hash": true, "hashed": true, "digest": true,
	"checksum": true, "cache": true, "index": true, "column": true, "prompt": true, "message": true,
	"msg": true, "error": true, "err": true, "description": true, "desc": true, "template": true,
	"example": true, "sample": true, "dummy": true, "fake": true, "mock": true, "env": true, "var": true,
	"param": true, "validator": true, "validation": true, "strength": true, "rule": true, "rules": true,
	"input": true, "form": true, "button": true, "icon": true, "text": true, "title": true, "lang": true,
	"visible": true, "visibility": true, "show": true, "toggle": true, "display": true, "style": true,
	"class": true, "color": true, "width": true, "height": true, "next": true, "page": true,
	"pagination": true, "continuation": true, "cursor": true, "sync": true, "csrf": true, "xsrf": true,
	"nonce": true, "lexer": true, "parser": true, "location": true, "broker": true,
	"ref": true, "reference": true, "secretref": true, "selector": true,
	"realm": true, // REGISTRY_AUTH_HTPASSWD_REALM: the prompt's realm name
	// user_secret_namespace, DOVECOT_PASS_ATTRS: where a secret lives,
	// which attributes hold it.
	"namespace": true, "attrs": true, "attributes": true,
	// "exporter": TLS and HPKE key schedules name derived values
	// "exporter secret"; they appear in test vectors, never as credentials.
	"exporter": true, "mount": true, "reset": true, "forgot": true, "policyname": true, "dialog": true,
	"usage": true, "changed": true, "updated": true, "created": true, "at": true, "date": true,
	"time": true, "state": true, "status": true, "flag": true, "flags": true, "option": true,
	"options": true, "schema": true, "spec": true, "doc": true, "docs": true, "help": true,
	"tokenizer": true, "tokenize": true, "tokens": true, "keys": true, "keyword": true, "keywords": true,
	"keyboard": true, "keycode": true, "keydown": true, "keyup": true, "keypress": true, "keyframes": true,
	"keyspace": true, "keyid": true, "keyname": true, "keyfile": true, "keypath": true, "keysize": true,
	"encrypted": true, "encoder": true, "encoding": true, "hasher": true, "scheme": true,
	"strategy": true, "method": true, "policies": true, "md5": true, "sha1": true, "sha256": true,
	"sha512": true, "fingerprint": true, "thumbprint": true, "crc": true, "iterations": true,
	"rounds": true, "authenticity": true, "address": true, "arn": true, "alias": true, "tooltip": true,
	"i18n": true, "translation": true, "locale": true, "sha2": true, "sha384": true, "sha224": true,
	"encryption": true, "stdin": true, "thru": true, "through": true, "commit": true, "complexity": true,
}

// frontQualifier words are in notSecretWords for what they mean after a
// secret word (password_schema, token_file, secret_mount), but before one
// they only say whose secret it is.
var frontQualifier = map[string]bool{
	"schema": true, "broker": true, "cache": true, "file": true, "mount": true, "env": true,
	"encryption": true, // encryption_key; but password_encryption names an algorithm
	// WeChat's EncodingAESKey, Yii's cookieValidationKey, ASP.NET's
	// validationKey: secrets named for what they protect.
	"encoding": true, "validation": true,
}

// pluralOfNotSecret: passwordRegexes, tokenPatterns, secretAddresses.
func pluralOfNotSecret(w string) bool {
	if !strings.HasSuffix(w, "s") || len(w) < 4 {
		return false
	}
	return notSecretWords[w[:len(w)-1]] || strings.HasSuffix(w, "es") && notSecretWords[w[:len(w)-2]]
}

// pluralSecretName accepts the plurals in notSecretWords that name a
// list of credentials: tokens, access_tokens, api_keys, secret_keys.
func pluralSecretName(name []byte) nameClass {
	words := splitName(name)
	n := len(words)
	if n == 0 || n > 4 {
		return classNone
	}
	for _, w := range words[:n-1] {
		if notSecretWords[w] {
			return classNone
		}
	}
	switch {
	case words[n-1] == "tokens":
		return classSecret
	case words[n-1] == "keys" && n > 1 && secretQualifier[words[n-2]]:
		return classSecret
	}
	return classNone
}

// notPasswordWords end in "pass" without meaning one.
var notPasswordWords = map[string]bool{
	"bypass": true, "compass": true, "surpass": true, "trespass": true, "overpass": true,
	"underpass": true, "encompass": true, "impasse": true, "passenger": true, "passport": true,
	"passthrough": true, "passthru": true, "passive": true, "passed": true, "passes": true,
	"passing": true, "pass-through": true, "passage": true, "passion": true, "passband": true,
	"nopasswd": true, // sudoers
	// Programs and functions: GIT_ASKPASS, getpass.getuser, Oracle's
	// remote_login_passwordfile.
	"askpass": true, "getpass": true, "passwordfile": true, "sshpass": true,
}

// notKeyWords end in "key" without naming a credential.
var notKeyWords = map[string]bool{
	"monkey": true, "turkey": true, "hotkey": true, "hockey": true, "whiskey": true, "donkey": true,
	"jockey": true, "hokey": true, "primarykey": true, "foreignkey": true,
	"sortkey": true, "partitionkey": true, "hashkey": true, "rangekey": true, "cachekey": true,
	"idempotencykey": true, "lookupkey": true, "mapkey": true, "routingkey": true, "publickey": true,
	"pubkey": true, "groupkey": true, "i18nkey": true, "translationkey": true, "keystore": true,
	"keyring": true, "keychain": true, "keypair": true, "resourcekey": true,
}

// classifyName decides what a name promises about its value.
func classifyName(name []byte) nameClass {
	words := splitName(bytes.TrimLeft(name, "-."))
	if len(words) == 0 || len(words) > 12 {
		return classNone // a path of thirteen parts is a key into config, not a variable
	}
	class := classNone
	bareKey := false
	for i, w := range words {
		if frontQualifier[w] && i < len(words)-1 && class == classNone && !bareKey {
			// DB_SCHEMA_PASSWORD, broker_password, cache_token: which
			// secret, not something about one.
			continue
		}
		if w == "alias" && i < len(words)-1 {
			continue // key.alias.password: the password of a key alias
		}
		if notSecretWords[w] || notSecretWords[strings.TrimRight(w, "0123456789")] || pluralOfNotSecret(w) {
			// "api_key_id", "password_length", "token_url": but only as
			// a qualifier after the secret word or as the last word, so
			// that "public" in "public_key" and "id" in "client_id" both
			// reject while "key" in "id_key"... is still judged.
			return classNone
		}
		switch {
		case notPasswordWords[w]:
		case w == "pw" && !separatePW(name, len(words)):
		case strings.Contains(w, "password") || strings.Contains(w, "passwd") || strings.Contains(w, "passphrase"),
			w == "pass" || w == "pwd" || w == "pw" || w == "pword", w == "passin" || w == "passout", // openssl -passin
			len(w) > 4 && (strings.HasSuffix(w, "pass") || strings.HasSuffix(w, "pwd")):
			class = classPassword
		case class != classPassword && (strings.Contains(w, "secret") && !strings.HasPrefix(w, "secretar")),
			class != classPassword && strings.Contains(w, "token"),
			class != classPassword && (strings.Contains(w, "apikey") || strings.Contains(w, "credential")),
			class != classPassword && (w == "auth" && i == len(words)-1 && len(words) <= 2):
			class = classSecret
		case class == classNone && w == "key" && i > 0 && notKeyQualifier[words[i-1]]:
			return classNone // PartitionKey, S3Key, cache_key, object_key
		case class == classNone && (w == "key" || strings.HasSuffix(w, "key") && !notKeyWords[w]):
			if w == "key" && i > 0 && secretQualifier[words[i-1]] || w != "key" && secretKeyJoined(w) {
				class = classSecret
			} else {
				bareKey = true
			}
		}
	}
	if class == classNone && bareKey {
		return classKey
	}
	return class
}

// serviceKeyName: an upper-case name of words ending in KEY (LASTFM_KEY,
// STEAM_API_KEY is already a secret name), as environment variables and
// constants are spelled. Such a name is configuration for a service, and
// what services issue under "key" is an API key, so the value is judged
// as a secret's (hex keys included) rather than a bare key's.
func serviceKeyName(name []byte) bool {
	if !envName(name) || bytes.IndexByte(name, '_') < 0 {
		return false
	}
	words := splitName(name)
	return len(words) >= 2 && words[len(words)-1] == "key"
}

// separatePW accepts "pw" as a word of a name only where it stands apart:
// pw, db_pw, LDAP_BIND_PW, pw-file. A camelCase hump ("YomEUTirqgfPwN", a
// generated key) or a lone "PW" (Palau in a country list) is not one.
func separatePW(name []byte, words int) bool {
	low := bytes.ToLower(name)
	if words == 1 {
		// (Not ".pw." in a hex dump's text column.)
		return bytes.Equal(bytes.TrimLeft(name, "-"), []byte("pw"))
	}
	for _, sep := range []string{"_pw", "pw_", "-pw", "pw-"} {
		if bytes.Contains(low, []byte(sep)) {
			return true
		}
	}
	return false
}

// notKeyQualifier words make "key" an index into data, not a credential.
var notKeyQualifier = map[string]bool{
	"cache": true, "partition": true, "sort": true, "range": true, "hash": true, "primary": true,
	"foreign": true, "object": true, "tag": true, "s3": true, "bucket": true, "idempotency": true,
	"routing": true, "lookup": true, "map": true, "group": true, "translation": true, "i18n": true,
	"react": true, "unique": true, "composite": true, "index": true, "row": true, "column": true,
	"field": true, "attribute": true, "property": true, "dict": true, "registry": true, "context": true,
	"settings": true, "sharding": true, "shard": true, "dedup": true, "dedupe": true,
	"event": true, "message": true, "i18next": true, "label": true, "menu": true, "item": true,
	"list": true, "row_key": true, "record": true, "query": true, "search": true, "sequence": true,
	"kms": true, "pub": true, "ssh": true, "gpg": true, "pgp": true, "hotkey": true,
	"output": true, "spreadsheet": true, "sheet": true, "document": true, "doc": true,
	"claim":    true, // PGRST_JWT_ROLE_CLAIM_KEY: a path into a token's claims
	"resource": true, // Google Drive's resourcekey, part of a shared link
}

// secretQualifier words turn "key" into a credential name: api_key,
// access_key, private_key, signing_key.
var secretQualifier = map[string]bool{
	"api": true, "access": true, "secret": true, "private": true, "auth": true, "client": true,
	"signing": true, "sign": true, "encryption": true, "encrypt": true, "master": true, "license": true,
	"licence": true, "app": true, "application": true, "service": true, "account": true,
	"webhook": true, "consumer": true, "session": true, "security": true, "crypto": true, "hmac": true,
	"jwt": true, "aes": true, "cipher": true, "subscription": true, "developer": true, "dev": true,
	"server": true, "admin": true, "root": true, "user": true, "write": true, "ingest": true,
	"integration": true, "shared": true, "sas": true, "storage": true, "account_key": true, "mgmt": true,
	"certificate": true, // kubeadm's certificate key encrypts the control plane's certificates
	"validation":  true, // ASP.NET's validationKey, Yii's cookieValidationKey
	"decryption":  true, // ASP.NET's decryptionKey
}

func secretKeyJoined(w string) bool {
	for q := range secretQualifier {
		if w == q+"key" {
			return true
		}
	}
	return false
}

// assignedValue finds the literal assigned to the name data[ns:ne]:
//
//	name = "v"   name: v   "name": "v"   'name' => 'v'   name := "v"
//	<name>v</name>   name="v" (XML attribute)   val name: String = "v"
//
// It returns the value's bounds and whether it was quoted.
func assignedValue(data []byte, ns, ne, hi int) (vs, ve int, quoted, ok bool) {
	p := ne
	// <password>value</password>
	if ns > 0 && data[ns-1] == '<' && p < hi && data[p] == '>' && !bytes.EqualFold(data[ns:ne], []byte("key")) {
		// (<key>Name</key> in a property list names a setting.)
		vs = p + 1
		ve = vs
		for ve < hi && data[ve] != '<' && data[ve] != '\n' {
			ve++
		}
		// Only a real element: "<token>" alone is a placeholder in a URL
		// or prose, so the matching closing tag must follow.
		closing := append(append([]byte("</"), data[ns:ne]...), '>')
		if !bytes.HasPrefix(data[ve:hi], closing) {
			return
		}
		return vs, ve, true, ve > vs
	}
	// "{\"password\": \"v\"}": JSON escaped in a string literal (request
	// bodies in tests and API docs).
	if p+1 < hi && data[p] == '\\' && data[p+1] == '"' && ns >= 2 && data[ns-1] == '"' && data[ns-2] == '\\' {
		q := skipSpace(data, p+2, hi)
		if q >= hi || data[q] != ':' {
			return
		}
		q = skipSpace(data, q+1, hi)
		if !bytes.HasPrefix(data[q:hi], []byte(`\"`)) {
			return
		}
		vs = q + 2
		end := bytes.Index(data[vs:hi], []byte(`\"`))
		if end <= 0 || bytes.IndexByte(data[vs:vs+end], '\n') >= 0 {
			return
		}
		return vs, vs + end, true, true
	}
	// setPassword("v"), withToken("v"), .password("v") in a builder.
	if p < hi && data[p] == '(' {
		if !setterName(data, ns, ne) {
			return
		}
		q := skipSpace(data, p+1, hi)
		if q < hi && !isQuote(data[q]) {
			// setCipherKey(Base64.decode("…")): the literal inside.
			if vs, ve, ok = wrappedLiteral(data, q, hi); ok {
				return vs, ve, true, true
			}
		}
		if q >= hi || !isQuote(data[q]) {
			return
		}
		vs, ve, ok = quotedAt(data, q, hi)
		if !ok {
			return 0, 0, false, false
		}
		if r := skipSpace(data, ve+1, hi); r >= hi || data[r] != ')' {
			return 0, 0, false, false
		}
		return vs, ve, true, ve > vs
	}
	if p < hi && (data[p] == '"' || data[p] == '\'' || data[p] == '`') {
		p++ // closing quote of a quoted key
		// put("mail.password", "v"), define('DB_PASSWORD', 'v'),
		// setdefault("TOKEN", "v"): a quoted name, a comma, a literal.
		if q := skipSpace(data, p, hi); q < hi && data[q] == ',' && firstArgument(data, ns) {
			q = skipSpace(data, q+1, hi)
			if q < hi && isQuote(data[q]) {
				vs, ve, ok = quotedAt(data, q, hi)
				return vs, ve, true, ok && ve > vs
			}
			return
		}
		// <add key="ApiSecret" value="…"/>, <property name="password" value="…"/>
		if ns >= 5 && (bytes.HasSuffix(data[:ns-1], []byte("key=")) || bytes.HasSuffix(data[:ns-1], []byte("name="))) {
			q := skipSpace(data, p, hi)
			if bytes.HasPrefix(data[q:hi], []byte("value=")) {
				p = q + len("value")
			}
		}
	}
	if p < hi && data[p] == ']' {
		// ENV['password'] = …, but not input[type="password"]:hover.
		if q := skipSpace(data, p+1, hi); q < hi && (data[q] == '=' || data[q] == '|') {
			p++
		} else {
			return
		}
	}
	// cond ? 'pass' : 'fail': a quoted word in a ternary is not a name.
	if ns > 1 && isQuote(data[ns-1]) {
		q := ns - 2
		for q > 0 && data[q] == ' ' {
			q--
		}
		if data[q] == '?' {
			return
		}
	}
	p = skipSpace(data, p, hi)
	// C# auto-property: "public string ApiKey { get; set; } = "v";"
	if bytes.HasPrefix(data[p:hi], []byte("{ get; set; }")) {
		p = skipSpace(data, p+len("{ get; set; }"), hi)
	}
	switch {
	case p+2 < hi && data[p] == '|' && data[p+1] == '|' && data[p+2] == '=':
		p += 3 // Ruby: ENV["TOKEN"] ||= "v"
	case p+2 < hi && data[p] == 't' && data[p+1] == 'o' && data[p+2] == ' ' && ns > 0 && isQuote(data[ns-1]):
		p += 2 // Kotlin: mapOf("api.secret" to "v")
	case p+1 < hi && data[p] == ':' && data[p+1] == '=':
		p += 2
	case p+1 < hi && data[p] == '=' && data[p+1] == '>':
		p += 2
	case p+1 < hi && data[p] == '?' && data[p+1] == '=':
		p += 2
	case p < hi && data[p] == '=':
		if p+1 < hi && (data[p+1] == '=' || data[p+1] == '~') {
			return // a comparison or a match, not an assignment
		}
		p++
	case p < hi && data[p] == ':':
		if p+1 < hi && data[p+1] == ':' {
			return // C++ scope or a Ruby symbol path
		}
		p++
	default:
		return
	}
	p = skipSpace(data, p, hi)
	// A type between the name and the value: "password: str = 'v'",
	// "val password: String = "v"".
	if p < hi && isIdentStart(data[p]) {
		q := p
		for q < hi && (isNameByte(data[q]) || data[q] == '?' || data[q] == '[' || data[q] == ']') {
			q++
		}
		// "YcG0…F3P5=" is a base64 value ending in padding, not a type
		// followed by '=': an annotation has a space before the '='.
		r := skipSpace(data, q, hi)
		if r > q && r < hi && data[r] == '=' && (r+1 >= hi || data[r+1] != '=') {
			p = skipSpace(data, r+1, hi)
		}
	}
	if p >= hi {
		return
	}
	// String prefixes: Python r"", b"", u"", C# @"", Go raw strings.
	if p+1 < hi && (data[p] == 'r' || data[p] == 'b' || data[p] == 'u' || data[p] == '@') && isQuote(data[p+1]) {
		p++
	}
	if isQuote(data[p]) {
		vs, ve, ok = quotedAt(data, p, hi)
		return vs, ve, true, ok && ve > vs
	}
	if vs, ve, ok = wrappedLiteral(data, p, hi); ok {
		return vs, ve, true, true
	}
	if vs, ve, ok = envDefault(data, p, hi); ok {
		return vs, ve, true, true
	}
	// PowerShell: $pw = ConvertTo-SecureString 'v' -AsPlainText -Force.
	if c := []byte("convertto-securestring "); len(data[p:hi]) > len(c) && bytes.EqualFold(data[p:p+len(c)], c) {
		q := skipSpace(data, p+len(c), hi)
		if bytes.HasPrefix(bytes.ToLower(data[q:hi]), []byte("-string ")) {
			q = skipSpace(data, q+len("-string "), hi)
		}
		if q < hi && isQuote(data[q]) {
			vs, ve, ok = quotedAt(data, q, hi)
			return vs, ve, true, ok && ve > vs
		}
		return
	}
	vs = p
	ve = vs
	// '&' ends a value only in a query string (?user=a&password=b); in
	// .env and YAML it belongs to the password.
	query := ns > 0 && (data[ns-1] == '&' || data[ns-1] == '?')
	for ve < hi {
		b := data[ve]
		if b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == ',' || b == ';' || b == ')' ||
			b == '}' || b == ']' || b == '"' || b == '\'' || b == '`' || b == '<' || b == '&' && query {
			break
		}
		ve++
	}
	return vs, ve, false, ve > vs
}

// flagValue reads the value of a command-line flag named like a secret:
// --password v, -Password 'v' (PowerShell), "--store-password", "v" in
// an argument list. Only values that do not read as a word: in prose,
// "pass the --password flag" is not a password.
func flagValue(data []byte, ns, ne, hi int) (vs, ve int, quoted, ok bool) {
	if data[ns] != '-' || ns > 0 && !(data[ns-1] == ' ' || data[ns-1] == '\t' || isQuote(data[ns-1])) {
		return
	}
	p := ne
	if ns > 0 && isQuote(data[ns-1]) {
		// "--password", "v": a quoted flag, then its own argument.
		if p >= hi || data[p] != data[ns-1] {
			return
		}
		p = skipSpace(data, p+1, hi)
		if p >= hi || data[p] != ',' {
			return
		}
		p = skipSpace(data, p+1, hi)
		if p >= hi || !isQuote(data[p]) {
			return
		}
		vs, ve, ok = quotedAt(data, p, hi)
		return vs, ve, true, ok && ve > vs && !wordy(data[vs:ve])
	}
	if p >= hi || data[p] != ' ' {
		return
	}
	p = skipSpace(data, p, hi)
	if p >= hi {
		return
	}
	if isQuote(data[p]) {
		vs, ve, ok = quotedAt(data, p, hi)
		return vs, ve, true, ok && ve > vs
	}
	if strings.IndexByte("-$<%{`(|&;>", data[p]) >= 0 {
		return // the next flag, a variable, a redirection
	}
	vs, ve = p, p
	for ve < hi && data[ve] != ' ' && data[ve] != '\t' && data[ve] != '\n' && data[ve] != '\r' && data[ve] != '`' && data[ve] != '"' && data[ve] != '\'' {
		ve++
	}
	// OpenSSL's pass phrase arguments: "pass:" precedes a literal;
	// env:, file:, fd: and stdin point elsewhere.
	switch v := data[vs:ve]; {
	case bytes.HasPrefix(v, []byte("pass:")):
		vs += len("pass:")
	case bytes.HasPrefix(v, []byte("env:")), bytes.HasPrefix(v, []byte("file:")), bytes.HasPrefix(v, []byte("fd:")), bytes.Equal(v, []byte("stdin")):
		return 0, 0, false, false
	}
	v := data[vs:ve]
	if wordy(v) || ve-vs < 4 {
		return 0, 0, false, false
	}
	return vs, ve, true, true
}

// wrappedLiteral reads a literal passed alone to a constructor or a
// decoder at data[p]: Some("v"), SecretStr("v"), new Password("v"),
// StringCredentialValue("v"), Base64.decode("v"). The value is the
// literal all the same. Calls that look a secret up, hash it or
// translate a label are not wrappers.
func wrappedLiteral(data []byte, p, hi int) (vs, ve int, ok bool) {
	if bytes.HasPrefix(data[p:hi], []byte("new ")) {
		p = skipSpace(data, p+4, hi)
	}
	q := p
	for q < hi && (isIdentStart(data[q]) || '0' <= data[q] && data[q] <= '9' || data[q] == '.') {
		q++
	}
	if q-p < 4 || q >= hi || data[q] != '(' {
		return // T("…"), _("…"): translation helpers
	}
	callee := data[p:q]
	last := callee[bytes.LastIndexByte(callee, '.')+1:]
	low := strings.ToLower(string(callee))
	// A decoder counts only as base64's or hex's: text.decode("utf-8")
	// names a charset.
	decoder := strings.Contains(low, "decode") && (strings.Contains(low, "base64") || strings.Contains(low, "hex"))
	if len(last) == 0 || !('A' <= last[0] && last[0] <= 'Z' || decoder) {
		return
	}
	for _, w := range []string{"env", "config", "setting", "propert", "param", "get", "lookup", "resolve", "vault",
		"secret", "hash", "crypt", "digest", "sha", "md5", "translat", "i18n", "resource", "message", "label",
		"text", "field", "input", "path", "file", "url", "uri", "name", "type", "compile", "regex", "pattern",
		"match", "format", "print", "log", "err", "quote", "join", "split", "replace", "parse", "marshal"} {
		if strings.Contains(low, w) {
			return
		}
	}
	return lastArgument(data, q+1, hi)
}

// lastArgument reads a non-empty string literal at data[p:] (after
// spaces) that closes a call: "v")
func lastArgument(data []byte, p, hi int) (vs, ve int, ok bool) {
	if vs, ve, ok = literalAt(data, p, hi); !ok {
		return 0, 0, false
	}
	if e := skipSpace(data, ve+1, hi); e >= hi || data[e] != ')' {
		return 0, 0, false
	}
	return vs, ve, true
}

// envDefault reads the fallback literal of an environment lookup at
// data[p]: os.getenv("X", "v"), os.environ.get('X', 'v'), ENV.fetch("X",
// "v"), env('X', 'v'), os.environ.get("X") or "v", process.env.X || 'v'.
// The lookup is right; the fallback is a hard-coded secret all the same,
// and it is what runs wherever the variable is unset.
func envDefault(data []byte, p, hi int) (vs, ve int, ok bool) {
	q := p
	for q < hi && (isNameByte(data[q]) || data[q] == '[') && data[q] != '-' {
		q++
	}
	callee := strings.ToLower(string(data[p:q]))
	// The variable must be named for a secret too: in Laravel's
	// 'passwords' => env('AUTH_PASSWORD_BROKER', 'users') it names a
	// broker.
	switch {
	case strings.HasPrefix(callee, "process.env."):
		// process.env.X || 'v', process.env.X ?? 'v'
		if classifyName(data[p+len("process.env."):q]) == classNone {
			return
		}
	case q < hi && data[q] == '(' && envLookup(callee):
		ks, ke, kok := literalAt(data, q+1, hi)
		if !kok || classifyName(data[ks:ke]) == classNone {
			return
		}
		r := skipSpace(data, ke+1, hi)
		if r < hi && data[r] == ',' {
			return lastArgument(data, r+1, hi)
		}
		if r >= hi || data[r] != ')' {
			return
		}
		q = r + 1
	default:
		return
	}
	// The lookup alone, then "or", "||" or "??" and a literal.
	r := skipSpace(data, q, hi)
	switch {
	case bytes.HasPrefix(data[r:hi], []byte("or ")):
		r += 3
	case bytes.HasPrefix(data[r:hi], []byte("||")), bytes.HasPrefix(data[r:hi], []byte("??")):
		r += 2
	default:
		return
	}
	return literalAt(data, r, hi)
}

// literalAt reads a non-empty string literal at data[p:], after spaces.
func literalAt(data []byte, p, hi int) (vs, ve int, ok bool) {
	p = skipSpace(data, p, hi)
	if p >= hi || !isQuote(data[p]) {
		return
	}
	vs, ve, ok = quotedAt(data, p, hi)
	return vs, ve, ok && ve > vs
}

// envLookup names the calls that read an environment variable.
func envLookup(callee string) bool {
	for _, s := range []string{"getenv", "environ.get", "env.get", "env.fetch", "env", "get_env", "environ.setdefault"} {
		if callee == s || strings.HasSuffix(callee, "."+s) {
			return true
		}
	}
	return false
}

// comparedValue reads the literal that the name at data[:ne] is compared
// with: name == "v", name === 'v', name != "v", name.equals("v").
func comparedValue(data []byte, ne, hi int) (vs, ve int, ok bool) {
	p := ne
	if p < hi && (data[p] == '"' || data[p] == '\'' || data[p] == ']') {
		p++ // cfg['password'] == …
		if p < hi && data[p] == ']' {
			p++
		}
	}
	p = skipSpace(data, p, hi)
	switch {
	case bytes.HasPrefix(data[p:hi], []byte("===")), bytes.HasPrefix(data[p:hi], []byte("!==")):
		p += 3
	case bytes.HasPrefix(data[p:hi], []byte("==")), bytes.HasPrefix(data[p:hi], []byte("!=")):
		p += 2
	case bytes.HasPrefix(data[p:hi], []byte(".equals(")):
		p += len(".equals(")
	default:
		return
	}
	return literalAt(data, p, hi)
}

// listLiterals reads the string literals of a list opening at data[p]:
// ["a", "b"] (JSON, Python, JS, Ruby, YAML flow) or []string{"a", "b"}
// (Go), over several lines if need be. It returns nothing when anything
// but a literal is in the list, because a list that computes its
// elements is code, and nothing for lists over 16 long, which are test
// vectors and digests rather than someone's keys.
func listLiterals(data []byte, p, hi int) []span {
	closer := byte(']')
	if bytes.HasPrefix(data[p:hi], []byte("[]")) {
		q := p + 2
		for q < hi && isNameByte(data[q]) {
			q++
		}
		if q >= hi || data[q] != '{' {
			return nil
		}
		p, closer = q, '}'
	}
	var spans []span
	p++
	for len(spans) < 16 {
		p = skipBlank(data, p, hi)
		if p >= hi {
			return spans // the window ends inside a long list
		}
		if data[p] == closer {
			return spans
		}
		if !isQuote(data[p]) {
			return nil
		}
		vs, ve, ok := quotedAt(data, p, hi)
		if !ok {
			return nil
		}
		spans = append(spans, span{vs, ve})
		p = skipBlank(data, ve+1, hi)
		if p < hi && data[p] == ',' {
			p++
		} else if p < hi && data[p] != closer {
			return nil
		}
	}
	return nil
}

// escapedMembers reads the string members of a JSON object escaped in a
// string literal, data[vs:ve] = {\"k\":\"v\", \"k2\": \"v2\"}.
func escapedMembers(data []byte, vs, ve int) []span {
	var spans []span
	sep := []byte(`\":`)
	for p := vs; len(spans) < 16; {
		i := bytes.Index(data[p:ve], sep)
		if i < 0 {
			return spans
		}
		p = skipSpace(data, p+i+len(sep), ve)
		if !bytes.HasPrefix(data[p:ve], []byte(`\"`)) {
			continue
		}
		p += 2
		end := bytes.Index(data[p:ve], []byte(`\"`))
		if end < 0 {
			return spans
		}
		spans = append(spans, span{p, p + end})
		p += end + 2
	}
	return spans
}

// skipBlank skips white space, line breaks included.
func skipBlank(data []byte, p, hi int) int {
	for p < hi && (data[p] == ' ' || data[p] == '\t' || data[p] == '\n' || data[p] == '\r') {
		p++
	}
	return p
}

// quotedAt reads the string literal whose opening quote is at data[p],
// on one line, honouring backslash escapes.
func quotedAt(data []byte, p, hi int) (vs, ve int, ok bool) {
	q := data[p]
	vs = p + 1
	ve = vs
	for ve < hi && data[ve] != q && data[ve] != '\n' {
		if data[ve] == '\\' {
			ve++
		}
		ve++
	}
	if ve >= hi || data[ve] != q {
		return 0, 0, false
	}
	return vs, ve, true
}

// firstArgument reports whether the quoted name starting at ns opens a
// call's argument list: put("password", …) but not {"a":"pass","b":…}
// or f("", "user", "pass").
func firstArgument(data []byte, ns int) bool {
	if ns < 2 || !isQuote(data[ns-1]) {
		return false
	}
	p := ns - 2
	for p > 0 && (data[p] == ' ' || data[p] == '\t') {
		p--
	}
	if data[p] != '(' {
		return false
	}
	e := p
	for p > 0 && (isIdentStart(data[p-1]) || '0' <= data[p-1] && data[p-1] <= '9') {
		p--
	}
	return storingCalls[strings.ToLower(string(data[p:e]))]
}

// storingCalls take a key and the value to store under it. Other calls
// with two string arguments (a rule constructor, a log message) do not
// say that the second is the first's value.
var storingCalls = map[string]bool{
	"put": true, "set": true, "setproperty": true, "define": true, "setdefault": true, "setenv": true,
	"putenv": true, "setitem": true, "add": true, "addheader": true, "setheader": true, "header": true,
	"of": true, "entry": true, "pair": true, "config": true, "env": true, "putstring": true,
	"setstring": true, "setvalue": true, "setsetting": true, "addparameter": true, "setparameter": true,
}

// setterName accepts the calls that store a secret: setPassword,
// set_api_key, withToken, and .password(…) in a builder chain; not the
// ones that read, check or transform one (getPassword, hashPassword).
func setterName(data []byte, ns, ne int) bool {
	if i := bytes.LastIndexByte(data[ns:ne], '.'); i >= 0 {
		ns += i + 1 // ds.setPassword: the method, not the receiver
	}
	words := splitName(data[ns:ne])
	if len(words) == 0 || classifyName(data[ns:ne]) == classNone {
		// The method itself must name the secret: setPassword, not
		// passwordControl.setValue or htpasswd.decode.
		return false
	}
	switch words[0] {
	case "set", "with", "use":
		return len(words) > 1
	}
	return len(words) == 1 && ns > 0 && data[ns-1] == '.' && ne-ns > 4
}

func isQuote(b byte) bool { return b == '"' || b == '\'' || b == '`' }

func isIdentStart(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b == '_' }

func skipSpace(data []byte, p, hi int) int {
	for p < hi && (data[p] == ' ' || data[p] == '\t') {
		p++
	}
	return p
}

// connectionStringContext recognises "Server=x;User Id=u;Password=p;" and
// "?user=u&password=p": key=value pairs inside a string literal, where the
// value is unquoted even in source code.
func connectionStringContext(data []byte, ns, ve, hi int) bool {
	if ns == 0 {
		return false
	}
	switch data[ns-1] {
	case ';', '&', '?':
	case '"', '\'':
		// "Password=x;…": the name opens the string literal, and a ';'
		// follows the value, as in every real connection string.
		return ve < hi && data[ve] == ';'
	case ' ':
		// libpq's "host=db user=app password=x dbname=app": the word
		// before is itself key=value.
		w := ns - 1
		for w > 0 && data[w-1] != ' ' && data[w-1] != '"' && data[w-1] != '\'' && data[w-1] != '\n' {
			w--
		}
		if !bytes.Contains(data[w:ns-1], []byte("=")) {
			return false
		}
		return ve >= hi || data[ve] == ' ' || data[ve] == '"' || data[ve] == '\''
	default:
		return false
	}
	return ve >= hi || data[ve] == ';' || data[ve] == '&' || data[ve] == '"' || data[ve] == '\''
}

// codeExts are files whose unquoted right-hand sides are expressions.
var codeExts = map[string]bool{
	".go": true, ".py": true, ".js": true, ".jsx": true, ".ts": true, ".tsx": true, ".mjs": true,
	".cjs": true, ".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true,
	".rb": true, ".php": true, ".cs": true, ".c": true, ".h": true, ".cc": true, ".cpp": true,
	".hpp": true, ".m": true, ".mm": true, ".swift": true, ".html": true, ".htm": true, ".xhtml": true,
	".jsp": true, ".erb": true, ".ejs": true, ".hbs": true, ".twig": true, ".cshtml": true, ".astro": true, ".rs": true, ".dart": true, ".lua": true,
	".pl": true, ".pm": true, ".r": true, ".jl": true, ".ex": true, ".exs": true, ".erl": true,
	".clj": true, ".fs": true, ".vb": true, ".vue": true, ".svelte": true, ".coffee": true,
}

func isCode(p string) bool { return codeExts[strings.ToLower(path.Ext(p))] }

// placeholderWords are values people write instead of a secret.
var placeholderWords = map[string]bool{
	"password": true, "passwd": true, "pass": true, "pwd": true, "secret": true, "token": true,
	"apikey": true, "key": true, "changeme": true, "changeit": true, "none": true, "null": true,
	"nil": true, "true": true, "false": true, "undefined": true, "required": true, "optional": true,
	"string": true, "str": true, "text": true, "value": true, "empty": true, "default": true,
	"hidden": true, "redacted": true, "masked": true, "example": true, "dummy": true, "fake": true,
	"sample": true, "foo": true, "bar": true, "baz": true, "foobar": true, "todo": true, "tbd": true,
	"fixme": true, "notset": true, "unset": true, "secretkey": true, "accesstoken": true,
	"mysecret": true, "mypassword": true, "yourpassword": true, "bearer": true, "basic": true,
	"username": true, "user": true, "test": true, "testing": true, "xxx": true, "abc": true,
	"na": true, "n/a": true, "tba": true, "self": true, "this": true, "get": true,
	"set": true, "new": true, "env": true, "auto": true, "random": true, "generated": true,
	"digest": true, "hashed": true, "bcrypt": true, "argon2": true, "fail": true,
	"invalid": true, "wrong": true, "incorrect": true, "secure": true, "short": true,
	// Authentication scheme names (auth="GSS-Negotiate").
	"negotiate": true, "gss-negotiate": true, "ntlm": true, "kerberos": true, "oauth": true, "oauth2": true,
	// "Password" in other languages: the label in a translation file.
	"passwort": true, "kennwort": true, "contraseña": true, "contrasena": true, "contrasenya": true,
	"senha": true, "wachtwoord": true, "parola": true, "lösenord": true, "losenord": true,
	"adgangskode": true, "passord": true, "salasana": true, "jelszó": true, "jelszo": true,
	"heslo": true, "hasło": true, "haslo": true, "geslo": true, "lozinka": true, "parolă": true,
	"şifre": true, "sifre": true, "sandi": true, "katasandi": true, "wagwoord": true, "clave": true,
	"motdepasse": true, "palavra-passe": true, "slaptažodis": true, "parool": true, "lykilorð": true,
	// The examples documentation reaches for: "hunter2" (the bash.org
	// joke), "supersecret", "mypass".
	"hunter2": true, "supersecret": true, "mypass": true, "mysecretpassword": true,
	// Type names in schemas and type checks (request_token:bytes,
	// typeof password === 'function'), and Ansible's update_password
	// choices.
	"bytes": true, "byte": true, "int": true, "long": true, "bool": true, "boolean": true,
	"float": true, "double": true, "object": true, "number": true, "function": true,
	"symbol": true, "integer": true, "uint": true, "char": true, "on_create": true, "always": true,
	"phrase": true, "cyfrinair": true, "utf-8": true, "utf8": true, "hash": true, "correcthash": true,
	"invalid-hash": true, "wronghash": true,
	// xkcd 936's famous passphrase.
	"correcthorsebatterystaple": true,
}

// judgeValue decides whether value, assigned to name, is a secret.
func judgeValue(class nameClass, value []byte) bool {
	// Length floors. Passwords: 4, because "root" and "1234" are real
	// default credentials that people do commit. Tokens and keys: 8, under
	// which no service issues credentials. A bare "key": 16, because
	// "key" also names map keys, cache keys and i18n keys.
	// Ceilings: 300 for passwords, 1024 for tokens; longer values are
	// certificates, blobs or prose, which the format rules handle.
	n := len(value)
	switch {
	case n > 300 && class == classPassword, n > 4096:
		// Session tokens run to 1000 characters and base64 private keys
		// to 2000; passwords do not reach 300.
		return false
	case class == classPassword && n < 4, class == classSecret && n < 8, class == classKey && n < 16:
		return false
	}
	if isPlaceholder(value) || isReference(value) || isNotCredential(value) {
		return false
	}
	if class != classPassword && n > 2 && n <= 18 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X') && isHexLike(value[2:]) {
		// "Token: 0x123456" in a printed struct: a number of up to 64
		// bits. (An Ethereum private key is 0x and 64 hex digits.)
		return false
	}
	if foreign, runes := textRunes(value); foreign > 0 && (class != classPassword || foreign*3 >= runes) {
		// Translated UI text ("请提供密码", "Пароль"). A password may hold
		// an accented letter or two ("señor-2019"); tokens and keys are
		// ASCII.
		return false
	}
	// "formModel.newPassword", "allauth.account.forms.SetPasswordForm": a
	// path to where the secret lives.
	if i := bytes.LastIndexByte(value, '.'); i > 0 && i < n-1 && identifierLike(value[i+1:]) && kindWord(value[i+1:]) {
		return false
	}
	// "cGFzc3dvcmQ=" in a Kubernetes Secret is base64 for "password".
	// (Only text that starts like a word: "W0cwd2sy" decodes to "[G0wk2",
	// which is noise, not a "[REDACTED]".)
	if d, ok := decodedText(value); ok {
		if (isIdentStart(d[0]) || '0' <= d[0] && d[0] <= '9') && isPlaceholder(d) {
			return false
		}
		if bytes.HasPrefix(d, []byte(`{"`)) && !json.Valid(d) {
			// "eyJrIjoi" is base64 for `{"k":"`: the start of an
			// encoded JSON token, cut off. Whole ones decode to a
			// whole object.
			return false
		}
	}
	// An encoded PEM block is judged whole by private-key-pem-base64,
	// which also reads the block: an encoded template is no secret.
	if bytes.HasPrefix(value, []byte(pemB64Keyword)) {
		return false
	}
	// A value made of the name's own words ("user_password", "api.token",
	// "SECRET_KEY") is the name of a setting, not its value.
	if isSettingName(value) {
		return false
	}
	// Structured names: "login.password.label" (a message key),
	// "folder/sub/file1" (an object key), "aws:PrincipalOrgID". For a
	// password only when the value names a setting, because people
	// choose passphrases like "maple.golden.ocean".
	if dottedKey(value) && (class != classPassword || mentionsSetting(value)) {
		return false
	}
	if class != classPassword && pathOfWords(value) {
		return false
	}
	if class != classKey && camelSecretName(value) {
		return false // [passwordComponent]="passwordStrength"
	}
	switch class {
	case classPassword:
		// Passwords are chosen by people: no randomness test. Prose
		// ("Enter your password") is rejected by the space test above.
		return true
	case classSecret:
		// "testtoken123", "mock-jwt-token": the value names its own kind;
		// issued secrets do not, and are far more random.
		if containsKindWord(value) && entropy(value) < 4.0 {
			return false
		}
		if identifierLike(value) || isJWT(value) {
			// JWTs have their own rule, which judges their header.
			return false
		}
		// Issued secrets are random: at least two character classes, or
		// hex/UUID of 16+; Shannon entropy over 3.0 bits per character
		// separates them from words ("development", "production-key"),
		// whose entropy is rarely above 3.0 at these lengths.
		if n >= 16 && strings.Trim(string(value), "0123456789") == "" {
			// AES_KEY = "<16 random digits>", OVH application keys: digits
			// only, but sixteen or more random ones. Timestamps stay
			// under 16 digits, padding under 2.5 bits, and counting
			// ("0123456789012345") is a sequence.
			return entropy(value) >= 2.5 && !digitSequence(value)
		}
		if isHexLike(value) && n >= 16 {
			return entropy(value) >= 2.8
		}
		if n >= 8 && oneCase(value) && !pronounceable(strings.ToLower(string(value))) {
			// Random letters of one case: Google's app passwords are 16
			// lowercase letters, and generated secrets are often just
			// letters. Words and joined words are pronounceable.
			return entropy(value) >= 3.0
		}
		return charClasses(value) >= 2 && entropy(value) >= 3.0 && !wordy(value)
	case classKey:
		if identifierLike(value) || labelledHash(value) || value[n-1] == '/' {
			// "Linux-node-958aff…" (a cache key: words and a digest),
			// "date%3D2026-03-01/" (an object key prefix).
			return false
		}
		// Only clearly random values: the name gives little evidence.
		if isUUID(value) {
			return false // React keys, database keys, idempotency keys
		}
		if n >= 32 && !isHexLike(value) && charClasses(value) == 2 && letterCount(value) < n {
			// Random lowercase-and-digits keys: entropy 4.2 bits
			// needs an alphabet of over 18 symbols used evenly, which
			// words and hex digests do not reach.
			return entropy(value) >= 4.2 && !wordy(value)
		}
		return charClasses(value) >= 3 && entropy(value) >= 3.5 && !wordy(value)
	}
	return false
}

// digitSequence: most neighbouring digits count up or down by one.
func digitSequence(v []byte) bool {
	steps := 0
	for i := 1; i < len(v); i++ {
		if d := int(v[i]) - int(v[i-1]); d == 1 || d == -1 || d == -9 || d == 9 {
			steps++
		}
	}
	return steps*2 > len(v)
}

// textRunes counts the characters of v and those outside ASCII, reading
// "\u041F\u0430…" (how Java .properties spell other scripts) as the one
// character each escape stands for.
func textRunes(v []byte) (foreign, runes int) {
	for i := 0; i < len(v); {
		if i+6 <= len(v) && v[i] == '\\' && v[i+1] == 'u' && isHexLike(v[i+2:i+6]) {
			if v[i+2] != '0' || v[i+3] != '0' {
				foreign++
			}
			runes++
			i += 6
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		if r >= 0x80 {
			foreign++
		}
		runes++
		i += size
	}
	return foreign, runes
}

// oneCase: only letters, all lowercase or all uppercase.
func oneCase(v []byte) bool { return letterCount(v) == len(v) && charClasses(v) == 1 }

// labelledHash: words joined by '-' or '_' and ending in a hex digest of
// 32 or more digits, the way build caches and content stores name their
// entries ("Linux-node-<sha1>", "deps_<sha256>").
func labelledHash(v []byte) bool {
	i := bytes.LastIndexAny(v, "-_")
	if i < 1 || len(v)-i-1 < 32 || !isHexLike(v[i+1:]) {
		return false
	}
	for _, b := range v[:i] {
		if !(isIdentStart(b) || '0' <= b && b <= '9' || b == '-' || b == '.') {
			return false
		}
	}
	return isIdentStart(v[0])
}

func isPlaceholder(v []byte) bool {
	s := strings.ToLower(string(v))
	if placeholderWords[strings.Trim(s, "-_ .!")] || placeholderWords[unleet(s)] {
		return true
	}
	switch strings.TrimRight(s, "0123456789_-") {
	case "wrong", "invalid", "incorrect", "bad":
		return true // "WRONG1", "bad-2": a value a test expects to fail
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r > 127 }) {
		return true // "@/?!", "----": punctuation only
	}
	if looksFake(v) {
		return true
	}
	if s[0] == '$' && len(s) > 1 && (s[1] == '{' || s[1] == '(' || isUpperOrUnderscore(v[1])) {
		return true // $DB_PASSWORD, ${X}, $(cat secret); "$ilver2020" is a password
	}
	if onlyXs(s) {
		return true // xxxx-xxxx-xxxx-xxxx
	}
	if strings.HasPrefix(s, "$env:") || strings.HasPrefix(s, "$$") {
		return true // PowerShell's environment; $$animateClasses, framework-internal names
	}
	if s[0] == '$' && strings.IndexByte(s, '_') > 0 && strings.Trim(s[1:], "abcdefghijklmnopqrstuvwxyz0123456789_") == "" {
		return true // $key_password2, $random_base64: a shell or PHP variable ("$ilver2020" is a password)
	}
	if s[0] == '!' && strings.LastIndexByte(s, '!') > 1 {
		// "!FdbjeuZf!" is a password; a YAML tag (!vault, !!binary)
		// has its '!' only in front.
		return false
	}
	if s[0] == '/' && len(v) >= 24 && randomLooking(v) && !pathOfWords(v) {
		// "/o4U4pJwyOcs6uNdWkaA…==": base64 whose first character is
		// '/', not a path.
		return false
	}
	switch s[0] {
	case '%', '<', '{', '[', '(', '#', '*', '?', '/', '~', '!', '&':
		// !vault, !Ref: YAML tags that point elsewhere; &quot; an entity.
		// $VAR, %(x)s, <password>, {{ x }}, [REDACTED], ~/.key: all
		// references or templates.
		return true
	}
	if strings.HasPrefix(s, "@") && strings.HasSuffix(s, "@") || strings.HasPrefix(s, "__") && strings.HasSuffix(s, "__") {
		return true // @db.password@ (Maven filtering), __TOKEN__ (release pipelines)
	}
	if strings.HasPrefix(s, "required|") || strings.Contains(s, "|min:") || strings.Contains(s, "|max:") {
		return true // 'required|min:8': a validation rule (Laravel, VeeValidate)
	}
	if strings.HasPrefix(s, "__") && strings.Trim(string(v), "abcdefghijklmnopqrstuvwxyz_") == "" {
		return true // "__closure_events_fn_": a framework's internal property name
	}
	// ((var)) is Concourse's credential interpolation.
	for _, m := range []string{"${", "{{", "}}", "#{", "…", "...", " ", "\t", "\\n"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	// Format directives and Concourse's ((var)) — unless the value is a
	// long random key whose alphabet merely contains them (Django's).
	if !(len(v) >= 32 && randomLooking(v)) {
		for _, m := range []string{"((", "))", "%s", "%(", "%d"} {
			if strings.Contains(s, m) {
				return true
			}
		}
	}
	for _, p := range []string{"your", "enter", "insert", "replace", "put-", "put_", "add-", "add_", "my-", "my_", "some", "dummy", "fake", "sample", "example", "change", "default", "random-", "random_", "xxx"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	// All one character, or only masking characters: "********", "xxxx", "0000".
	same := true
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			same = false
			break
		}
	}
	return same
}

// unleet undoes the substitutions of "P@ssw0rd" and "s3cr3t!", the
// examples documentation uses, so they meet the placeholder list.
func unleet(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '@', '4':
			sb.WriteByte('a')
		case '0':
			sb.WriteByte('o')
		case '1', '!':
			sb.WriteByte('i')
		case '3':
			sb.WriteByte('e')
		case '$', '5':
			sb.WriteByte('s')
		case '7':
			sb.WriteByte('t')
		default:
			if 'a' <= c && c <= 'z' {
				sb.WriteByte(c)
			}
		}
	}
	out := sb.String()
	// "pssword" from "pa%2Fssword", "passwoird" from "passwo^rd": the word
	// itself, mangled. "P4ssw0rd2019x" is a weak password, not the word.
	switch out {
	case "pssword", "passwrd", "passwoird", "passwod", "paword":
		return "password"
	}
	return out
}

// identifierLike recognises generated or symbolic names used as values:
// "EncapsulationKeySize1024", "decryption_key_v2", "newKeyFromSeed".
// Every word (trailing digits aside) is pronounceable.
func identifierLike(v []byte) bool {
	if !isIdentStart(v[0]) {
		return false
	}
	for _, b := range v {
		if !(isIdentStart(b) || '0' <= b && b <= '9') {
			return false
		}
	}
	words := splitName(v)
	if len(words) < 2 {
		return false
	}
	// A short word without vowels is an acronym (sslCertificateFile,
	// httpRequestHeader), in a name that has lowercase words to set it
	// apart; in upper case, "TKJ4HC3KH" is base32.
	camel := bytes.ContainsFunc(v, func(r rune) bool { return 'a' <= r && r <= 'z' })
	spoken, acronyms, fluent := 0, 0, true
	for _, w := range words {
		w = strings.TrimRight(w, "0123456789")
		switch {
		case len(w) < 2 || strings.ContainsAny(w, "0123456789"):
			return false
		case strings.ContainsAny(w, "aeiouy") && vowelRatio(w) >= 0.2:
			spoken++
			fluent = fluent && len(w) >= 3 && pronounceable(w)
		case camel && len(w) <= 4:
			acronyms++
		default:
			return false
		}
	}
	// With acronyms about, the other words must be real ones:
	// "UulakqEfCuawyiXb" is random letters, not a name.
	return spoken >= 2 && (acronyms == 0 || fluent && spoken > acronyms)
}

// isReference recognises lookups of a secret stored elsewhere.
func isReference(v []byte) bool {
	s := string(v)
	low := strings.ToLower(s)
	for _, p := range []string{"env.", "env[", "process.env", "os.getenv", "os.environ", "getenv(", "system.getenv",
		"config.", "settings.", "secrets.", "vault:", "ref+", "arn:aws:", "!ref", "!sub", "op://", "sm://",
		"keyvault", "projects/", "secretmanager", "ssm:", "awssecret", "credentials(", "lookup(",
		"@microsoft.keyvault", "resolve:"} {
		if strings.HasPrefix(low, p) || strings.Contains(low, p) && strings.ContainsAny(s, "(.[") && !randomLooking(v) {
			return true
		}
	}
	// "@/dev/stdin", "@./jwt.key": read from a file (curl, PostgREST).
	if strings.HasPrefix(s, "@/") || strings.HasPrefix(s, "@./") || strings.HasPrefix(s, "@~/") {
		return true
	}
	// UPPER_SNAKE names: an environment variable named, not its value.
	upper := true
	for _, b := range v {
		if !('A' <= b && b <= 'Z' || b == '_' || '0' <= b && b <= '9') {
			upper = false
			break
		}
	}
	return upper && bytes.IndexByte(v, '_') > 0 && letterCount(v) > len(v)/2
}

func letterCount(v []byte) int {
	n := 0
	for _, b := range v {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' {
			n++
		}
	}
	return n
}

// isNotCredential recognises values that have another meaning: paths,
// URLs, e-mail addresses, password hashes, data URIs, integrity strings.
func isNotCredential(v []byte) bool {
	s := strings.ToLower(string(v))
	for _, p := range []string{"http://", "https://", "file:", "data:", "./", "../", "c:\\", "s3://", "gs://",
		"$2a$", "$2b$", "$2y$", "$argon2", "$pbkdf2", "$1$", "$5$", "$6$", "{ssha}", "{sha}", "{bcrypt}",
		"pbkdf2_sha256$", "sha256:", "sha512-", "sha384-", "sha1-", "md5:", "sha256-",
		"sha1$", "md5$", "sha256$", "bcrypt$", "bcrypt_sha256$", "argon2$", "scrypt$"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	for _, ext := range []string{".pem", ".key", ".json", ".txt", ".crt", ".cer", ".p12", ".pfx", ".jks",
		".yml", ".yaml", ".env", ".cfg", ".conf", ".ini", ".xml", ".properties", ".der", ".pub", ".gpg",
		".asc", ".html", ".js", ".py", ".go", ".rb", ".php", ".png", ".jpg", ".svg", ".sh", ".toml", ".lock",
		".pdf", ".zip", ".gz", ".csv", ".log", ".md", ".jpeg", ".gif", ".mp4", ".bin", ".db", ".sqlite"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	if isEmail(s) {
		return true
	}
	if versionLike(s) {
		return true // "minipass": "^3.1.1" in package.json
	}
	// AWS::SecretsManager::Secret, Foo::Bar: type and module names.
	if strings.Contains(s, "::") {
		return true
	}
	// 0.0581, 4096: numbers. (A password of six or more digits is kept.)
	if strings.Trim(s, "0123456789.-") == "" && (strings.Contains(s, ".") || len(s) < 6) {
		return true
	}

	// SOFTWARE\Microsoft\OneDrive, C:\keys\app: Windows paths and
	// registry keys.
	if strings.Count(s, "\\") >= 1 && !strings.ContainsAny(s, " /+=") && wordy([]byte(strings.ReplaceAll(s, "\\", "_"))) {
		return true
	}

	return false
}

// isSettingName recognises values that name a setting rather than hold
// one: "user_password", "api-token", "SecretKey", "AUTH_TOKEN".
func isSettingName(v []byte) bool {
	if classifyName(v) == classNone {
		return false
	}
	for _, b := range v {
		if '0' <= b && b <= '9' {
			return false
		}
	}
	return len(splitName(v)) >= 1 && !randomLooking(v)
}

// randomLooking is a cheap randomness test for short strings.
func randomLooking(v []byte) bool { return charClasses(v) >= 3 && entropy(v) >= 3.5 }

func charClasses(v []byte) int {
	var lower, upper, digit, other bool
	for _, b := range v {
		switch {
		case 'a' <= b && b <= 'z':
			lower = true
		case 'A' <= b && b <= 'Z':
			upper = true
		case '0' <= b && b <= '9':
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, ok := range []bool{lower, upper, digit, other} {
		if ok {
			n++
		}
	}
	return n
}

func isHexLike(v []byte) bool {
	for _, b := range v {
		if !('0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F' || b == '-') {
			return false
		}
	}
	return true
}

func isUUID(v []byte) bool {
	if len(v) != 36 || v[8] != '-' || v[13] != '-' || v[18] != '-' || v[23] != '-' {
		return false
	}
	return isHexLike(v)
}

// wordy reports values made of natural-language words joined by
// separators or camelCase ("production-api-key", "myAppSecret"): every
// letter run is at least three letters long and has a vowel, and there are
// no digits. Random strings of that length almost always hold a digit or a
// vowel-less run.
func wordy(v []byte) bool {
	words := splitName(v)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if len(w) < 3 || !strings.ContainsAny(w, "aeiouy") {
			return false
		}
		if len(w) >= 8 && !pronounceable(w) {
			return false // "uajcinjujeqkqqug": vowels, but no language
		}
		for i := 0; i < len(w); i++ {
			if !('a' <= w[i] && w[i] <= 'z') {
				return false
			}
		}
		if vowelRatio(w) < 0.2 {
			return false
		}
	}
	return true
}

// commonBigrams lists, for each letter, the letters that follow it in the
// letter pairs that make up 99% of the pairs in English words (counted
// over the words of the Go tree's comments, 303 of the 676 pairs).
var commonBigrams = func() (t [26][26]bool) {
	for _, row := range []string{
		"abcdfgiklmnprstuvxy", "babceijlorsuy", "caceghiklmorstuy", "dadeilorsuy",
		"eabcdefghilmnpqrstuvwxy", "faefilorstuy", "gaeghilnorstu", "haeimortu",
		"iabcdefgklmnoprstvxz", "jeu", "kaeins", "ladefilorstuwy", "mabdeimopsu",
		"nabcdefgiklmnopstuvy", "oabcdefgiklmnoprstuvw", "padehiloprstuy", "qu",
		"racdefgiklmnorstuvwy", "sacehiklmnoprstuwy", "tacehilmoprstuwy",
		"uabcdefgilmnprstx", "vaeio", "waehinors", "xaeipt", "yeilmnpst", "ze",
	} {
		for _, c := range row[1:] {
			t[row[0]-'a'][c-'a'] = true
		}
	}
	return t
}()

// pronounceable reports whether a lowercase word reads like language:
// at least three quarters of its letter pairs are common English pairs.
// Words and joined words score 0.8 to 1 ("keyboardcat" 0.8, "production"
// 1.0); random lowercase strings of 10 letters score under 0.75 in 95%
// of cases, of 24 letters in over 99%.
func pronounceable(w string) bool {
	pairs, common := 0, 0
	for i := 1; i < len(w); i++ {
		a, b := w[i-1]-'a', w[i]-'a'
		if a >= 26 || b >= 26 {
			continue
		}
		pairs++
		if commonBigrams[a][b] {
			common++
		}
	}
	return pairs > 0 && common*4 >= pairs*3
}

func vowelRatio(w string) float64 {
	n := 0
	for i := 0; i < len(w); i++ {
		if strings.IndexByte("aeiouy", w[i]) >= 0 {
			n++
		}
	}
	return float64(n) / float64(len(w))
}

// isEmail recognises someone@host.tld, a login rather than a secret.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return false
	}
	host := s[at+1:]
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || len(host)-dot-1 < 2 {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	for i := dot + 1; i < len(host); i++ {
		if !('a' <= host[i] && host[i] <= 'z') {
			return false
		}
	}
	return true
}

// isJWT recognises the shape of a JSON Web Token: a base64url JSON header
// ("eyJ"), then two more dot-separated parts.
func isJWT(v []byte) bool {
	return bytes.HasPrefix(v, []byte("eyJ")) && bytes.Count(v, []byte(".")) == 2
}

// assignedName finds the name a value at data[start] is assigned to, for
// remediation: it walks back over an opening quote, spaces and an
// assignment operator to a secret-like name, and returns it as an
// environment variable name (dbPassword → DB_PASSWORD). "" if none.
func assignedName(data []byte, start int) string {
	p := start
	lo := max(0, start-256)
	if p > lo && isQuote(data[p-1]) {
		p--
	}
	for p > lo && (data[p-1] == ' ' || data[p-1] == '\t') {
		p--
	}
	op := p
	for p > lo && (data[p-1] == '=' || data[p-1] == ':' || data[p-1] == '>') {
		p--
	}
	if p == op || p-op < -3 {
		return ""
	}
	for p > lo && (data[p-1] == ' ' || data[p-1] == '\t' || isQuote(data[p-1])) {
		p--
	}
	e := p
	for p > lo && isNameByte(data[p-1]) {
		p--
	}
	name := data[p:e]
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:] // spring.datasource.password → PASSWORD
	}
	if len(name) == 0 || classifyName(name) == classNone {
		return ""
	}
	return strings.ToUpper(strings.Join(splitName(name), "_"))
}

func isUpperOrUnderscore(b byte) bool { return 'A' <= b && b <= 'Z' || b == '_' }

// onlyXs: every letter or digit is an x ("xxxx-xxxx", "XXXXXXXX").
func onlyXs(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if c != 'x' {
				return false
			}
			n++
		}
	}
	return n >= 4
}

// pathOfWords recognises names with structure: object keys and routes
// ("folder/aSubfolder/subFile1"), AWS credential scopes
// ("mock_key/20210202/us-east-1/s3/aws4_request"), IAM condition keys
// ("aws:PrincipalOrgID") and slugs ("s3-cross-account-replication-key"):
// three or more parts, most of them words or numbers.
func pathOfWords(v []byte) bool {
	parts := bytes.FieldsFunc(v, func(r rune) bool {
		return r == '/' || r == ':' || r == '-' || r == '_' || r == '.' || r == '~' || r == '!' || r == '=' || r == ','
	})
	seps := len(parts) - 1
	if seps < 1 || (seps < 2 && !bytes.ContainsAny(v, "/:")) {
		return false
	}
	words := 0
	for _, p := range parts {
		if wordish(p) {
			words++
		}
	}
	return words*4 >= len(parts)*3
}

// wordish: a number, or letters (digits only at the end) that are short
// or pronounceable: "folder", "aSubfolder", "subFile1", "us", "20210202".
func wordish(p []byte) bool {
	t := bytes.TrimRight(p, "0123456789")
	if len(t) == 0 {
		return true
	}
	for _, b := range t {
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return false
		}
	}
	if len(t) <= 3 {
		return true
	}
	// Words have vowels and no long consonant clusters ("string" has
	// "str"); random letters have runs of five or more consonants.
	low := strings.ToLower(string(t))
	run := 0
	for i := 0; i < len(low); i++ {
		if strings.IndexByte("aeiouy", low[i]) >= 0 {
			run = 0
		} else if run++; run >= 5 {
			return false
		}
	}
	return vowelRatio(low) >= 0.15
}

// kindWord: an identifier naming a password, secret or token.
func kindWord(v []byte) bool { return containsFold(v, "password", "passwd", "secret", "token") }

// containsFold: v holds one of the lowercase words, in any case.
func containsFold(v []byte, words ...string) bool {
	low := bytes.ToLower(v)
	for _, w := range words {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

// decodedText decodes standard base64 of 8 or more characters that holds
// printable ASCII, as Kubernetes Secrets store their values.
func decodedText(v []byte) ([]byte, bool) {
	if len(v) < 8 || len(v)%4 != 0 {
		return nil, false
	}
	d := make([]byte, base64.StdEncoding.DecodedLen(len(v)))
	n, err := base64.StdEncoding.Decode(d, v)
	if err != nil || n == 0 {
		return nil, false
	}
	for _, b := range d[:n] {
		if b < 0x20 || b > 0x7e {
			return nil, false
		}
	}
	return d[:n], true
}

func containsKindWord(v []byte) bool {
	return kindWord(v) || containsFold(v, "apikey", "api_key", "api-key", "test", "mock", "fake", "invalid")
}

// envName: an UPPER_SNAKE name, as in "PGPASSWORD=x psql …", where the
// words after the value are a command, not the rest of a message.
func envName(name []byte) bool {
	for _, b := range name {
		if 'a' <= b && b <= 'z' {
			return false
		}
	}
	return true
}

// versionLike recognises dependency versions: 1.2.3, ^3.1.1, ~>2.0, >=1.4,
// v2.0.0-beta.1, 1.x.
func versionLike(s string) bool {
	s = strings.TrimLeft(s, "^~<>=v ")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	core := s
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		core = s[:i]
	}
	parts := strings.Split(core, ".")
	if len(parts) < 2 || len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "x" || p == "*" {
			continue
		}
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// camelSecretName: a letters-only identifier with a hump or separator that
// contains a secret word names a variable or setting ("passwordStrength",
// "api_token_name"); chosen passwords rarely look like that.
func camelSecretName(v []byte) bool {
	hump := false
	for i, b := range v {
		switch {
		case 'a' <= b && b <= 'z':
		case 'A' <= b && b <= 'Z':
			if i > 0 && 'a' <= v[i-1] && v[i-1] <= 'z' {
				hump = true
			}
		case b == '_' || b == '-':
			hump = true
		default:
			return false
		}
	}
	if !hump {
		return false
	}
	low := bytes.ToLower(v)
	for _, w := range []string{"password", "passwd", "secret", "token", "apikey", "credential"} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

// dottedKey: a dotted lowercase path without digits.
func dottedKey(v []byte) bool {
	s := string(v)
	return strings.Count(s, ".") >= 1 && letterCount(v)+strings.Count(s, ".")+strings.Count(s, "_") == len(s) &&
		strings.ToLower(s) == s
}

// mentionsSetting: the value uses the vocabulary of settings and UI.
func mentionsSetting(v []byte) bool {
	low := bytes.ToLower(v)
	for _, w := range []string{"password", "passwd", "secret", "token", "key", "label", "title", "message", "error",
		"hint", "placeholder", "field", "text", "tooltip", "config", "setting", "datasource", "spring", "auth"} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

// nextLineValue handles names whose value sits on a following line:
//
//   - name: ZENDESK_API_TOKEN        variable "lob_api_key" {
//     value: "…"                       default = "…"
//
// (Kubernetes env entries and Terraform variables). The name must end
// its line.
func nextLineValue(data []byte, ns, ne, hi int) (vs, ve int, quoted, ok bool) {
	// Cheap test first: this runs for every name not followed by an
	// operator, and almost all of them have more on their line.
	after := ne
	for after < hi && (data[after] == ' ' || data[after] == '"' || data[after] == '\'' || data[after] == '\r') {
		after++
	}
	if after >= hi || (data[after] != '\n' && data[after] != '{') {
		return
	}
	lineStart := ns
	for lineStart > 0 && data[lineStart-1] != '\n' {
		lineStart--
	}
	before := bytes.TrimSpace(data[lineStart:ns])
	before = bytes.TrimRight(before, "\"'")
	var key string
	switch {
	case (bytes.HasSuffix(before, []byte("name:")) || bytes.HasSuffix(before, []byte("- name:"))) &&
		after < hi && data[after] == '\n':
		key = "value"
	case bytes.HasPrefix(before, []byte("variable")) && after < hi && data[after] == '{':
		// The block must open here: variable "x" {} has no default, and
		// the next variable's must not be taken for its.
		if r := skipSpace(data, after+1, hi); r >= hi || (data[r] != '\n' && data[r] != '\r') {
			return
		}
		key = "default"
	default:
		return
	}
	// Look at the next few lines for "key:" or "key =".
	p := after
	for lines := 0; lines < 6 && p < hi; lines++ {
		nl := bytes.IndexByte(data[p:hi], '\n')
		if nl < 0 {
			return
		}
		p += nl + 1
		q := skipSpace(data, p, hi)
		if !bytes.HasPrefix(data[q:hi], []byte(key)) {
			if q < hi && data[q] == '}' {
				return
			}
			continue
		}
		r := skipSpace(data, q+len(key), hi)
		if r >= hi || (data[r] != ':' && data[r] != '=') {
			return
		}
		r = skipSpace(data, r+1, hi)
		if r >= hi {
			return
		}
		if isQuote(data[r]) {
			vs, ve, ok = quotedAt(data, r, hi)
			return vs, ve, true, ok
		}
		ve = r
		for ve < hi && data[ve] != '\n' && data[ve] != '\r' && data[ve] != ' ' && data[ve] != '#' {
			ve++
		}
		return r, ve, false, ve > r
	}
	return
}
