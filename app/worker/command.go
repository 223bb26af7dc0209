package worker

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/keyguard-dev/keyguard/app/ledger"
)

// Command is a "/keyguard …" comment: what someone says about the leaks
// of a pull request or rotation issue.
type Command struct {
	State  ledger.State
	Reason string
	// Fingerprints, when given after the verb, pick leaks; none means
	// every open leak the comment's place is about.
	Fingerprints []string
}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// maxReason bounds a recorded reason; the rest is cut.
const maxReason = 500

// ParseCommand reads the first line of body that starts with /keyguard.
// ok is false when there is none; err says what is wrong with one that
// is there, in words to reply with.
//
//	/keyguard rotated [FINGERPRINT…]
//	/keyguard ignore [FINGERPRINT…] REASON
//	/keyguard false-positive [FINGERPRINT…] REASON
func ParseCommand(body string) (c Command, ok bool, err error) {
	var line string
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(l)
		if len(l) >= len("/keyguard") && strings.EqualFold(l[:len("/keyguard")], "/keyguard") {
			line, ok = l, true
			break
		}
	}
	if !ok {
		return Command{}, false, nil
	}
	words := strings.Fields(line[len("/keyguard"):])
	if len(line) > len("/keyguard") && line[len("/keyguard")] != ' ' && line[len("/keyguard")] != '\t' {
		return Command{}, false, nil // "/keyguarded" is not a command
	}
	if len(words) == 0 {
		return Command{}, true, fmt.Errorf("say what happened: `/keyguard rotated`, `/keyguard ignore <reason>` or `/keyguard false-positive <reason>`")
	}
	switch strings.ToLower(words[0]) {
	case "rotated", "revoked":
		c.State = ledger.Rotated
	case "ignore", "ignored":
		c.State = ledger.Ignored
	case "false-positive", "false_positive", "falsepositive", "fp":
		c.State = ledger.FalsePositive
	default:
		return Command{}, true, fmt.Errorf("keyguard knows `rotated`, `ignore <reason>` and `false-positive <reason>`, not %q", clip(words[0], 40))
	}
	rest := words[1:]
	for len(rest) > 0 && fingerprintRE.MatchString(rest[0]) {
		c.Fingerprints = append(c.Fingerprints, rest[0])
		rest = rest[1:]
	}
	c.Reason = clip(strings.Join(rest, " "), maxReason)
	if c.Reason == "" && c.State != ledger.Rotated {
		return Command{}, true, fmt.Errorf("say why: `/keyguard %s <reason>`; the reason is shown wherever the leak is listed", words[0])
	}
	return c, true, nil
}

// clip cuts s to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
