// Package remedy shows a leaking line rewritten to read its secret from the
// environment, in the file's own language:
//
//	stripeKey := "sk_live_…"          →  stripeKey := os.Getenv("STRIPE_API_KEY")
//	url = "postgres://app:…@db/app"    →  url = os.environ["DATABASE_URL"]
//	  token: ghp_…                    →    token: ${{ secrets.GH_TOKEN }}
//
// People fix a leak faster when they are shown the fixed line than when
// they are told to "move the secret to the environment": the line names
// the lookup their language uses, and they can paste it. When the pre-commit
// hook blocks a commit it prints this line under the finding.
//
// Rewrite is a pure function of the path, the line, the secret's byte
// offsets and the variable name. It scans the one line it is given, so it
// knows string literals, comments and prefixes (Python's rb"…", Rust's
// r#"…"#, C#'s @"…") but not what lies on other lines: a line inside a
// multi-line string, or a Go const ( … ) block, is read as ordinary code.
// Whenever it cannot place the secret with certainty it reports ok=false,
// and the caller falls back to generic advice; a wrong suggestion costs
// more trust than a missing one.
//
// # Whole literals
//
// A secret that is part of a larger literal ("postgres://u:SECRET@db/app",
// "Bearer SECRET") takes the whole literal with it, in every language,
// even where an interpolation (a JavaScript template, a Python f-string)
// could keep the rest. The names callers pass say so: the provider table
// reads a database URL from DATABASE_URL, the whole URL, and a connection
// string or header belongs in the environment as a unit. It also means
// that no piece of a credential-bearing string (a user name beside the
// password) is left in the code, and no interpolation syntax has to be
// escaped. Unquoted values (YAML, .properties, shell) are replaced as
// whole words the same way. The one part kept is an assignment's name in
// the languages whose values are words: KEY= in shell's KEY=value or
// -e "KEY=value", and in Compose's - KEY=value, since the name is code, not
// value.
//
// # Where no rewrite is offered
//
// Some files have no safe one-line form, and Rewrite says so: a .env file
// is where the secret belongs; JSON and plain YAML expand nothing; a
// Dockerfile's ARG and ENV values stay in the image history, so the fix is
// a build secret; a .tfvars file cannot reference a variable. Code that
// demands a constant is either adjusted (Go's const becomes var, Kotlin's
// const val becomes val, Dart's const becomes final, the only edits
// outside the literal) or declined (C#'s const, Rust's const and static, a
// PHP class constant, a Terraform variable's default).
//
// # Security
//
// The rewritten line is printed to terminals and CI logs, so it must not
// carry the secret: it never holds four consecutive bytes of it. The
// secret lies inside the text replaced, and a final check rejects a line
// that still has any part of it (the same secret twice on one line).
package remedy
