// Package config reads a repository's keyguard settings: the .keyguard.toml
// file (rules to turn off, allowlists, custom rules) and the
// .keyguardignore file (fingerprints of findings people decided to
// accept). It parses bytes and returns values; it reads no files, and both
// the keyguard command and the GitHub App use it, so that a repository's
// settings mean the same thing at every gate.
//
// # .keyguard.toml
//
// Every key is optional. A complete example:
//
//	[rules]
//	# Rule IDs to turn off, built-in or custom (`keyguard rules` lists them).
//	disable = ["generic-password", "generic-jwt"]
//
//	[allow]
//	# RE2 expressions on the slash-separated path of a file, relative to
//	# the repository root: matching files are not scanned.
//	paths = ['^testdata/', '\.lock$']
//	# RE2 expressions on each candidate secret: a match is not reported.
//	values = ['^dummy-']
//
//	[github]
//	# What the keyguard GitHub App does when a push leaks a secret. An
//	# organisation sets defaults for all its repositories in the
//	# .keyguard.toml of its ".github" repository; a repository's own
//	# file wins key by key. The keyguard command ignores this table.
//	issues = true                # open a rotation issue per secret
//	commit_comments = true       # comment on the leaking line of the commit
//	revoke_github_tokens = false # revoke leaked GitHub tokens at GitHub
//
//	# A custom rule; repeat the [[rule]] table for more.
//	[[rule]]
//	id = "acme-api-key"          # kebab-case; must not be a built-in rule ID
//	title = "Acme API key"       # what the report calls the credential
//	provider = "acme"            # a built-in provider ID, or a new one:
//	provider_name = "Acme"       #   display name (default: the provider ID)
//	env_var = "ACME_API_KEY"     #   where code should read it from
//	                             #   (default: the rule ID in UPPER_SNAKE case)
//	rotate_url = "https://acme.example/keys" # where to rotate it (https)
//	kind = "secret"              # secret (default), publishable or test
//	severity = "high"            # critical, high (default), medium or low
//	keywords = ["acme_"]         # the rule runs only near one of these
//	regex = '\b(acme_[a-z0-9]{32})\b' # RE2; the capture group (at most
//	                             # one) is the secret, else the whole match
//	entropy = 3.0                # minimum Shannon entropy, bits per byte
//	examples = []                # public example values, never reported
//	# Samples checked when the file is read: each match sample must be
//	# found, no no_match sample may be. {{lan:32}} stands for 32 random
//	# lowercase letters and digits, so the file holds no key that this
//	# rule would report (other placeholders: {{an:N}}, {{hex:N}},
//	# {{uan:N}}, {{dig:N}}, {{b64:N}}; see package synth).
//	match = ["token = acme_{{lan:32}}"]
//	no_match = ["token = acme_{{lan:8}}"]
//
// Errors name the file and line, as in
//
//	.keyguard.toml:2: rules.disable: no rule is called "generic-pasword" (did you mean "generic-password"?)
//
// Unknown keys are errors, never ignored: a misspelt setting would
// otherwise silently do nothing.
//
// # .keyguardignore
//
// One finding per line: its fingerprint (32 lowercase hex digits, see
// detector.Fingerprint), a space, and why it is accepted. Lines starting
// with # are comments.
//
//	# keyguard ignore file: findings with these fingerprints are not reported.
//	0f4c7d1e9a2b3c4d5e6f708192a3b4c5 test fixture, revoked 2024-05
//
// The file keyguard writes is canonical: a fixed header, then entries
// sorted by fingerprint, one per line, with no dates or paths. A
// fingerprint depends only on the rule and the secret, so an entry
// survives renames, rebases and squashes, and two branches that accept the
// same finding write the same line and never conflict.
package config
