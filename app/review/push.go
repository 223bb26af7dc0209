package review

import (
	"fmt"
	"strings"

	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/detector"
)

// PushCheckName is the check run a push gets. It is not CheckName: a
// pull request's required check must stay the pull request's verdict,
// and a push scan that finds nothing new (its commits were scanned
// before) would otherwise turn it green.
const PushCheckName = "keyguard (push)"

// Label marks the rotation issues the App opens.
const Label = "keyguard"

// IssueTitle names the provider and the file, so a list of issues says
// what leaked where.
func IssueTitle(l ledger.Leak, p detector.Provider) string {
	return fmt.Sprintf("Rotate the %s %s leaked in %s", p.Name, kindTitle(l), l.FirstPath)
}

func kindTitle(l ledger.Leak) string {
	if l.RuleID == "" {
		return "secret"
	}
	if r, ok := ruleTitle(l.RuleID); ok {
		return r
	}
	return "secret"
}

// ruleTitle finds a built-in rule's title ("personal access token").
func ruleTitle(id string) (string, bool) {
	for _, r := range detector.Rules() {
		if r.ID == id {
			return r.Title, true
		}
	}
	return "", false
}

// Issue is what a rotation issue says.
type Issue struct {
	Repo      string // owner/name, for links
	Leak      ledger.Leak
	Provider  detector.Provider
	Sightings []ledger.Sighting
	// Pusher is the login of whoever pushed the first leaking commit.
	Pusher string
	// Revoked says the App revoked the token at GitHub.
	Revoked bool
	// EnvVar is where the code should read the secret from.
	EnvVar string
}

// IssueBody renders a rotation issue. It holds the redacted value only,
// and the fingerprint marker that ties the issue to the ledger.
func IssueBody(is Issue) string {
	l, p := is.Leak, is.Provider
	var b strings.Builder
	fmt.Fprintf(&b, "keyguard found a **%s %s** (`%s`) in `%s` line %d, in commit %s",
		p.Name, kindTitle(l), tick(l.Redacted), cell(l.FirstPath), l.FirstLine, commitLink(is.Repo, l.FirstCommit))
	if l.FirstAuthor != "" {
		fmt.Fprintf(&b, " by %s", l.FirstAuthor)
	}
	b.WriteString(".\n\n")
	if is.Pusher != "" {
		fmt.Fprintf(&b, "@%s, ", is.Pusher)
	}
	b.WriteString("this key is now in the history of a GitHub repository, so it must be treated as compromised: **rotate it now**. ")
	b.WriteString("Deleting the line, the file, the commit or the branch does not help: anyone who fetched or cloned the repository, any fork, and any system that mirrors it may already hold it.\n\n")
	if is.Revoked {
		b.WriteString("keyguard has **revoked this token** through GitHub's credential revocation API, as this repository's settings ask. Whatever used it has stopped working: create a new one.\n\n")
	}
	b.WriteString("### What to do\n\n")
	if p.RotateURL != "" {
		fmt.Fprintf(&b, "- [ ] Revoke or rotate the key at %s: %s\n", p.Name, p.RotateURL)
	} else {
		fmt.Fprintf(&b, "- [ ] Revoke or rotate the key at %s\n", p.Name)
	}
	b.WriteString("- [ ] Put the new key everywhere the old one was used: deployments, CI secrets, teammates' `.env` files\n")
	fmt.Fprintf(&b, "- [ ] Read it from the environment (`%s`) or a secret store, never from the code; keep local values in a git-ignored `.env`\n", is.EnvVar)
	b.WriteString("- [ ] Optional, and only after rotating: purge it from the history (`git filter-repo --replace-text`), then force-push; this tidies the repository but does not make the old key safe\n\n")
	if len(is.Sightings) > 0 {
		b.WriteString("### Where it appears\n\n| Commit | File | Line | Pull request |\n| --- | --- | --- | --- |\n")
		for _, s := range is.Sightings {
			pr := ""
			if s.PR > 0 {
				pr = fmt.Sprintf("#%d", s.PR)
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %s |\n", commitLink(is.Repo, s.Commit), cell(s.Path), s.Line, pr)
		}
		b.WriteString("\n")
	}
	b.WriteString("### Answering keyguard\n\n")
	b.WriteString("Close this issue, or comment `/keyguard rotated`, once the key is rotated. If it is not a live secret, comment `/keyguard false-positive <why>`; to accept it, `/keyguard ignore <why>`. Only people with write access to the repository can answer.\n\n")
	fmt.Fprintf(&b, "<sub>Fingerprint `%s`. keyguard never stores or shows the key itself.</sub>\n", l.Fingerprint)
	b.WriteString(Marker(l.Fingerprint) + "\n")
	return b.String()
}

// CommitComment is the comment on a pushed commit's leaking line. A
// commit cannot take a suggestion, so it says what to do in words and
// points at the rotation issue.
func CommitComment(l Leak, p detector.Provider, issueURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**keyguard found a %s %s here** (`%s`).\n\n", p.Name, l.Title, tick(l.Redacted))
	b.WriteString("This commit is on GitHub, so the key is compromised whatever happens to the line: **rotate it now**")
	if p.RotateURL != "" {
		fmt.Fprintf(&b, " (%s)", p.RotateURL)
	}
	fmt.Fprintf(&b, ", then read the new one from the environment (`%s`).\n", l.EnvVar(p))
	if issueURL != "" {
		fmt.Fprintf(&b, "\nThe rotation is tracked in %s.\n", issueURL)
	}
	b.WriteString(Marker(l.Fingerprint) + "\n")
	return b.String()
}

// SeenAgain is the comment added to a rotation issue when the secret
// turns up in another place.
func SeenAgain(repo string, s ledger.Sighting) string {
	where := "commit " + commitLink(repo, s.Commit)
	if s.PR > 0 {
		where += fmt.Sprintf(" of #%d", s.PR)
	}
	return fmt.Sprintf("keyguard found this secret again, in `%s` line %d, %s. It is still open: please rotate it.\n", cell(s.Path), s.Line, where)
}

// commitLink writes a commit the way GitHub links it by itself: the full
// SHA, shown shortened.
func commitLink(_, sha string) string { return sha }

func tick(s string) string { return strings.ReplaceAll(s, "`", "'") }
