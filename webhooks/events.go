package webhooks

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/go-github/v62/github"
)

// actions lists the events that become jobs and, for each, the actions that
// do. Everything else is acknowledged and dropped. push has no action.
//
// check_run created and completed are left out on purpose: the App creates
// and completes its own check runs, and queueing those would loop.
// pull_request closed, edited, labeled and the rest change nothing to scan.
// A comment counts when it is created, not when edited: a command runs
// once. Closing a rotation issue means its secret was rotated, reopening it
// that the leak is open again (comments.go).
var actions = map[string][]string{
	"pull_request":                {"opened", "synchronize", "reopened", "ready_for_review"},
	"push":                        {""},
	"check_suite":                 {"requested", "rerequested"},
	"check_run":                   {"rerequested", "requested_action"},
	"merge_group":                 {"checks_requested"},
	"installation":                {"created", "deleted", "suspend", "unsuspend", "new_permissions_accepted"},
	"installation_repositories":   {"added", "removed"},
	"issue_comment":               {"created"},
	"pull_request_review_comment": {"created"},
	"issues":                      {"closed", "reopened"},
}

// errMalformedJSON is returned, wrapped, when the body is not JSON at all.
var errMalformedJSON = errors.New("malformed JSON")

// newJob turns one verified delivery into a job. A delivery that asks for
// no work (an event or action not handled, a push that deletes a ref) gives
// a nil job and says why in skip. An error means the payload is not one
// GitHub would send for the event; it names the field, never its value.
//
// partial is go-github's error when its types refused part of a valid JSON
// payload and the job was built from the fields it needs alone (lenient).
func newJob(event, delivery string, payload []byte) (j *Job, skip string, partial, err error) {
	if _, ok := actions[event]; !ok {
		// Not parsed, but still checked: a broken body is the sender's bug
		// whatever the event.
		if !json.Valid(payload) {
			return nil, "", nil, errMalformedJSON
		}
		return nil, fmt.Sprintf("event %s is not handled", event), nil, nil
	}
	v, err := github.ParseWebHook(event, payload)
	if err != nil {
		if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
			return nil, "", nil, fmt.Errorf("%w: %v", errMalformedJSON, err)
		}
		var lerr error
		if v, lerr = lenient(event, payload); lerr != nil {
			// go-github's error names its own types, which people know.
			return nil, "", nil, fmt.Errorf("%s payload does not match the event: %v", event, err)
		}
		partial = fmt.Errorf("webhooks: go-github could not decode the whole %s payload: %w", event, err)
	}
	j, skip, err = build(event, delivery, payload, v)
	if err != nil {
		return nil, "", nil, err
	}
	return j, skip, partial, nil
}

// build makes the job for a parsed delivery of a handled event; newJob
// documents the results.
func build(event, delivery string, payload []byte, v any) (j *Job, skip string, err error) {
	action := ""
	if a, ok := v.(interface{ GetAction() string }); ok {
		action = a.GetAction()
	}
	if !slices.Contains(actions[event], action) {
		return nil, fmt.Sprintf("%s action %q is not handled", event, action), nil
	}

	j = &Job{Delivery: delivery, Event: event, Action: action, Payload: payload}
	var inst *github.Installation
	var sender *github.User
	if s, ok := v.(interface{ GetSender() *github.User }); ok {
		sender = s.GetSender()
	}
	switch e := v.(type) {
	case *github.PullRequestEvent:
		inst = e.GetInstallation()
		err = pullRequestJob(j, e)
	case *github.PushEvent:
		inst = e.GetInstallation()
		if e.GetDeleted() || isZeroSHA(e.GetAfter()) {
			return nil, "push deletes a ref: nothing to scan", nil
		}
		err = pushJob(j, e)
	case *github.CheckSuiteEvent:
		inst = e.GetInstallation()
		err = checkSuiteJob(j, e)
	case *github.CheckRunEvent:
		inst = e.GetInstallation()
		err = checkRunJob(j, e)
	case *github.MergeGroupEvent:
		inst = e.GetInstallation()
		err = mergeGroupJob(j, e)
	case *github.InstallationEvent:
		inst = e.GetInstallation()
	case *github.InstallationRepositoriesEvent:
		inst = e.GetInstallation()
	case *github.IssueCommentEvent:
		inst = e.GetInstallation()
		skip, err = issueCommentJob(j, e)
	case *github.PullRequestReviewCommentEvent:
		inst = e.GetInstallation()
		skip, err = reviewCommentJob(j, e)
	case *github.IssuesEvent:
		inst = e.GetInstallation()
		skip, err = issuesJob(j, e)
	default:
		// Only reachable if actions and this switch disagree.
		return nil, "", fmt.Errorf("%s: no job builder for %T", event, v)
	}
	if err != nil {
		return nil, "", fmt.Errorf("%s payload: %w", event, err)
	}
	if skip != "" {
		return nil, skip, nil
	}
	if j.InstallationID = inst.GetID(); j.InstallationID <= 0 {
		return nil, "", fmt.Errorf("%s payload: no installation.id (keyguard handles GitHub App deliveries only)", event)
	}
	// Every event GitHub sends has a sender; the comment and issues
	// builders require one, the others take it when it is there.
	if j.Sender, err = login("sender.login", sender.GetLogin()); err != nil {
		return nil, "", fmt.Errorf("%s payload: %w", event, err)
	}
	switch event {
	case "installation", "installation_repositories":
		j.Key = fmt.Sprintf("%s:%d:%s:%s", event, j.InstallationID, action, delivery)
	}
	return j, "", nil
}

func pullRequestJob(j *Job, e *github.PullRequestEvent) (err error) {
	pr := e.GetPullRequest()
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return err
	}
	if j.PR = e.GetNumber(); j.PR == 0 {
		j.PR = pr.GetNumber()
	}
	if j.PR <= 0 {
		return errors.New("no pull request number")
	}
	if j.HeadSHA, err = commitSHA("pull_request.head.sha", pr.GetHead().GetSHA()); err != nil {
		return err
	}
	if j.BaseSHA, err = optionalSHA("pull_request.base.sha", pr.GetBase().GetSHA()); err != nil {
		return err
	}
	j.Key = fmt.Sprintf("pr:%s:%d:%s", j.Repo, j.PR, j.HeadSHA)
	return nil
}

func pushJob(j *Job, e *github.PushEvent) (err error) {
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return err
	}
	if j.HeadSHA, err = commitSHA("after", e.GetAfter()); err != nil {
		return err
	}
	if j.BaseSHA, err = optionalSHA("before", e.GetBefore()); err != nil {
		return err
	}
	j.Key = fmt.Sprintf("push:%s:%s", j.Repo, j.HeadSHA)
	return nil
}

func checkSuiteJob(j *Job, e *github.CheckSuiteEvent) (err error) {
	cs := e.GetCheckSuite()
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return err
	}
	if j.HeadSHA, err = commitSHA("check_suite.head_sha", cs.GetHeadSHA()); err != nil {
		return err
	}
	if j.BaseSHA, err = optionalSHA("check_suite.before", cs.GetBeforeSHA()); err != nil {
		return err
	}
	j.PR = onlyPR(cs.PullRequests, e.GetRepo().GetID())
	j.Key = fmt.Sprintf("check_suite:%s:%s", j.Repo, j.HeadSHA)
	if j.Action == "rerequested" {
		j.Key += ":rerequested:" + j.Delivery
	}
	return nil
}

func checkRunJob(j *Job, e *github.CheckRunEvent) (err error) {
	cr := e.GetCheckRun()
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return err
	}
	if j.CheckRunID = cr.GetID(); j.CheckRunID <= 0 {
		return errors.New("no check_run.id")
	}
	if j.HeadSHA, err = commitSHA("check_run.head_sha", cr.GetHeadSHA()); err != nil {
		return err
	}
	j.PR = onlyPR(cr.PullRequests, e.GetRepo().GetID())
	j.Key = fmt.Sprintf("check_run:%s:%d:%s:%s", j.Repo, j.CheckRunID, j.Action, j.Delivery)
	return nil
}

func mergeGroupJob(j *Job, e *github.MergeGroupEvent) (err error) {
	mg := e.GetMergeGroup()
	if j.Repo, err = repoName("repository.full_name", e.GetRepo().GetFullName()); err != nil {
		return err
	}
	if j.HeadSHA, err = commitSHA("merge_group.head_sha", mg.GetHeadSHA()); err != nil {
		return err
	}
	if j.BaseSHA, err = optionalSHA("merge_group.base_sha", mg.GetBaseSHA()); err != nil {
		return err
	}
	j.Key = fmt.Sprintf("merge_group:%s:%s", j.Repo, j.HeadSHA)
	return nil
}

// onlyPR returns the number of the one pull request a check suite or run is
// associated with in repository repoID, or 0 when there are none or several
// (the app then finds them by head SHA).
func onlyPR(prs []*github.PullRequest, repoID int64) int {
	var in []*github.PullRequest
	for _, pr := range prs {
		if id := pr.GetBase().GetRepo().GetID(); id == 0 || id == repoID {
			in = append(in, pr)
		}
	}
	if len(in) != 1 {
		return 0
	}
	return max(in[0].GetNumber(), 0)
}

// repoName checks that s is "owner/name" in the characters GitHub allows
// (owners: letters, digits, hyphens; repositories: also '.' and '_'), so a
// key built from it cannot hold a separator or a control character.
func repoName(field, s string) (string, error) {
	owner, name, ok := strings.Cut(s, "/")
	if s == "" {
		return "", fmt.Errorf("no %s", field)
	}
	if !ok || owner == "" || name == "" || !allIn(owner, "-") || !allIn(name, "-._") {
		return "", fmt.Errorf("%s is not owner/name", field)
	}
	return s, nil
}

// login checks that s, when not empty, is a GitHub login: letters, digits
// and hyphens, or an App's bot account, "name[bot]". Underscores are let
// through too: the accounts of Enterprise Managed Users are named
// "handle_shortcode". Like repoName, it keeps separators and control
// characters out of keys and logs.
func login(field, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if name := strings.TrimSuffix(s, "[bot]"); name == "" || !allIn(name, "-_") {
		return "", fmt.Errorf("%s is not a GitHub login", field)
	}
	return s, nil
}

func allIn(s, extra string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune(extra, c)) {
			return false
		}
	}
	return true
}

// commitSHA checks that s is a commit SHA (40 hexadecimal digits, or 64 for
// SHA-256 repositories) and returns it in lower case, so keys compare.
func commitSHA(field, s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("no %s", field)
	}
	if len(s) != 40 && len(s) != 64 {
		return "", fmt.Errorf("%s is not a commit SHA", field)
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return "", fmt.Errorf("%s is not a commit SHA", field)
		}
	}
	return strings.ToLower(s), nil
}

// optionalSHA is commitSHA for fields that may be absent; all zeros (a ref
// that did not exist) counts as absent.
func optionalSHA(field, s string) (string, error) {
	if s == "" || isZeroSHA(s) {
		return "", nil
	}
	return commitSHA(field, s)
}

func isZeroSHA(s string) bool {
	return s != "" && strings.Trim(s, "0") == ""
}

// Events returns the events that become jobs, sorted: what an App using
// this package subscribes to (GitHub sends installation and
// installation_repositories to every App without a subscription).
func Events() []string {
	out := make([]string, 0, len(actions))
	for e := range actions {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}
