package hook

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/keyguard-dev/keyguard/detector"
)

// pushUpdate is one line of git's pre-push input: a ref the push updates.
type pushUpdate struct {
	localRef, localID, remoteRef, remoteID string
}

// readPushUpdates parses the pre-push hook's standard input, one
// "<local ref> <local id> <remote ref> <remote id>" line per ref (githooks(5)).
func readPushUpdates(r io.Reader) ([]pushUpdate, error) {
	var out []pushUpdate
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 || !isObjectID(f[1]) || !isObjectID(f[3]) {
			return nil, fmt.Errorf("pre-push input line %d: want \"<local ref> <local id> <remote ref> <remote id>\"", n)
		}
		out = append(out, pushUpdate{f[0], f[1], f[2], f[3]})
	}
	return out, sc.Err()
}

func isObjectID(s string) bool {
	if len(s) != 40 && len(s) != 64 { // SHA-1 or SHA-256 repositories
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func isZeroID(s string) bool { return strings.Trim(s, "0") == "" }

// runPrePush scans the commits a push would send. git gives the refs on
// standard input; the pre-commit framework instead sets
// PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF and keeps stdin to itself.
func (c *scanCmd) runPrePush(ctx context.Context) int {
	start := time.Now()
	var updates []pushUpdate
	if to := c.env.Getenv("PRE_COMMIT_TO_REF"); to != "" {
		updates = []pushUpdate{{localID: to, remoteID: c.env.Getenv("PRE_COMMIT_FROM_REF")}}
	} else if branch := c.env.Getenv("PRE_COMMIT_LOCAL_BRANCH"); branch != "" && c.env.Getenv("PRE_COMMIT_REMOTE_NAME") != "" {
		// The framework's first push of a history (its root commit
		// included) names only the branch: send what no remote has.
		id, err := gitOutput(ctx, "", "rev-parse", "--verify", "--end-of-options", branch+"^{commit}")
		if err != nil {
			return c.finish(nil, stats{}, []error{err}, start)
		}
		updates = []pushUpdate{{localRef: branch, localID: strings.TrimSpace(string(id)), remoteID: zeroID}}
	} else if c.env.Stdin != nil {
		var err error
		if updates, err = readPushUpdates(c.env.Stdin); err != nil {
			return c.finish(nil, stats{}, []error{err}, start)
		}
	}
	var (
		all   []detector.Finding
		st    stats
		errs  []error
		seen  = map[string]bool{}
		gated = &gateInfo{name: "push"}
	)
	for _, u := range updates {
		if isZeroID(u.localID) {
			continue // a deletion sends no commits
		}
		revs, err := c.pushRange(ctx, u)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s, err := c.scanner()
		if err != nil {
			errs = append(errs, err)
			break
		}
		fs, ust, uerrs := scanHistory(ctx, "", s, revs, c.flags.jobs)
		errs = append(errs, uerrs...)
		st.files += ust.files
		st.bytes += ust.bytes
		for _, f := range fs {
			// Two refs pushing the same commits report them once.
			if !seen[f.Fingerprint] {
				seen[f.Fingerprint] = true
				all = append(all, f)
			}
		}
	}
	c.gate = gated
	return c.finish(all, st, errs, start)
}

// pushRange returns the revisions that select the commits one ref update
// sends: those reachable from the new value and not from the remote's
// old value, or, for a new branch (or an old value this clone does not
// have, after someone else pushed), not from any remote-tracking ref.
func (c *scanCmd) pushRange(ctx context.Context, u pushUpdate) ([]string, error) {
	if !isObjectID(u.localID) {
		return nil, fmt.Errorf("pre-push: %q is not a commit id", u.localID)
	}
	if u.remoteID != "" && !isZeroID(u.remoteID) && isObjectID(u.remoteID) {
		if _, err := gitOutput(ctx, "", "cat-file", "-e", u.remoteID+"^{commit}"); err == nil {
			return []string{u.localID, "^" + u.remoteID}, nil
		}
	}
	return []string{u.localID, "--not", "--remotes"}, nil
}
