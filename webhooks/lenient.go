package webhooks

import (
	"encoding/json"

	"github.com/google/go-github/v62/github"
)

// lenient decodes only the fields a Job needs into the event's go-github
// type. It is the fallback when ParseWebHook refuses a payload that is
// valid JSON: go-github's types are strict (a timestamp must be RFC 3339 or
// a Unix integer), and a field keyguard never reads must not cost a scan.
// GitHub's own published check_run example (testdata/check_run.rerequested.json)
// writes app.created_at as "2018-04-25 20:42:10", which go-github refuses.
//
// The fields read here must still decode: a pull request number that is a
// string is an error.
func lenient(event string, payload []byte) (any, error) {
	var e envelope
	if err := json.Unmarshal(payload, &e); err != nil {
		return nil, err
	}
	inst := e.Installation.gh()
	repo := &github.Repository{ID: ptr(e.Repository.ID), FullName: ptr(e.Repository.FullName)}
	action := ptr(e.Action)
	sender := &github.User{Login: ptr(e.Sender.Login), Type: ptr(e.Sender.Type)}
	switch event {
	case "pull_request":
		return &github.PullRequestEvent{Action: action, Number: ptr(e.Number), PullRequest: e.PullRequest.gh(), Repo: repo, Sender: sender, Installation: inst}, nil
	case "push":
		return &github.PushEvent{
			Action: action, Before: ptr(e.Before), After: ptr(e.After), Deleted: ptr(e.Deleted),
			Repo:   &github.PushEventRepository{ID: repo.ID, FullName: repo.FullName},
			Sender: sender, Installation: inst,
		}, nil
	case "check_suite":
		cs := &github.CheckSuite{HeadSHA: ptr(e.CheckSuite.HeadSHA), BeforeSHA: ptr(e.CheckSuite.Before), PullRequests: prs(e.CheckSuite.PullRequests)}
		return &github.CheckSuiteEvent{Action: action, CheckSuite: cs, Repo: repo, Sender: sender, Installation: inst}, nil
	case "check_run":
		cr := &github.CheckRun{ID: ptr(e.CheckRun.ID), HeadSHA: ptr(e.CheckRun.HeadSHA), PullRequests: prs(e.CheckRun.PullRequests)}
		return &github.CheckRunEvent{Action: action, CheckRun: cr, Repo: repo, Sender: sender, Installation: inst}, nil
	case "merge_group":
		mg := &github.MergeGroup{HeadSHA: ptr(e.MergeGroup.HeadSHA), BaseSHA: ptr(e.MergeGroup.BaseSHA)}
		return &github.MergeGroupEvent{Action: action, MergeGroup: mg, Repo: repo, Sender: sender, Installation: inst}, nil
	case "installation":
		return &github.InstallationEvent{Action: action, Sender: sender, Installation: inst}, nil
	case "installation_repositories":
		return &github.InstallationRepositoriesEvent{Action: action, Sender: sender, Installation: inst}, nil
	case "issue_comment":
		c := &github.IssueComment{ID: ptr(e.Comment.ID), Body: ptr(e.Comment.Body)}
		return &github.IssueCommentEvent{Action: action, Issue: e.Issue.gh(), Comment: c, Repo: repo, Sender: sender, Installation: inst}, nil
	case "pull_request_review_comment":
		c := &github.PullRequestComment{ID: ptr(e.Comment.ID), Body: ptr(e.Comment.Body), InReplyTo: ptr(e.Comment.InReplyTo)}
		return &github.PullRequestReviewCommentEvent{Action: action, PullRequest: e.PullRequest.gh(), Comment: c, Repo: repo, Sender: sender, Installation: inst}, nil
	case "issues":
		return &github.IssuesEvent{Action: action, Issue: e.Issue.gh(), Repo: repo, Sender: sender, Installation: inst}, nil
	}
	return nil, nil
}

// envelope holds the fields newJob reads, for every handled event at once.
type envelope struct {
	Action       string `json:"action"`
	Number       int    `json:"number"`
	Installation id     `json:"installation"`
	Repository   struct {
		ID       int64  `json:"id"`
		FullName string `json:"full_name"`
	} `json:"repository"`
	PullRequest prRef  `json:"pull_request"`
	Before      string `json:"before"`
	After       string `json:"after"`
	Deleted     bool   `json:"deleted"`
	CheckSuite  struct {
		HeadSHA      string  `json:"head_sha"`
		Before       string  `json:"before"`
		PullRequests []prRef `json:"pull_requests"`
	} `json:"check_suite"`
	CheckRun struct {
		ID           int64   `json:"id"`
		HeadSHA      string  `json:"head_sha"`
		PullRequests []prRef `json:"pull_requests"`
	} `json:"check_run"`
	MergeGroup struct {
		HeadSHA string `json:"head_sha"`
		BaseSHA string `json:"base_sha"`
	} `json:"merge_group"`
	// sender.type tells a bot's comment from a person's; the bodies hold
	// the command or the rotation issue's marker.
	Sender struct {
		Login string `json:"login"`
		Type  string `json:"type"`
	} `json:"sender"`
	Issue   issueRef `json:"issue"`
	Comment struct {
		ID        int64  `json:"id"`
		Body      string `json:"body"`
		InReplyTo int64  `json:"in_reply_to_id"`
	} `json:"comment"`
}

type id struct {
	ID int64 `json:"id"`
}

func (i id) gh() *github.Installation { return &github.Installation{ID: ptr(i.ID)} }

type prRef struct {
	Number int `json:"number"`
	Head   struct {
		SHA string `json:"sha"`
	} `json:"head"`
	Base struct {
		SHA  string `json:"sha"`
		Repo id     `json:"repo"`
	} `json:"base"`
}

func (p prRef) gh() *github.PullRequest {
	return &github.PullRequest{
		Number: ptr(p.Number),
		Head:   &github.PullRequestBranch{SHA: ptr(p.Head.SHA)},
		Base:   &github.PullRequestBranch{SHA: ptr(p.Base.SHA), Repo: &github.Repository{ID: ptr(p.Base.Repo.ID)}},
	}
}

type issueRef struct {
	Number int    `json:"number"`
	Body   string `json:"body"`
	// PullRequest is only looked at for being there: a comment on a pull
	// request is an issue comment whose issue has this field.
	PullRequest *struct{} `json:"pull_request"`
}

func (i issueRef) gh() *github.Issue {
	is := &github.Issue{Number: ptr(i.Number), Body: ptr(i.Body)}
	if i.PullRequest != nil {
		is.PullRequestLinks = &github.PullRequestLinks{}
	}
	return is
}

func prs(refs []prRef) []*github.PullRequest {
	var out []*github.PullRequest
	for _, r := range refs {
		out = append(out, r.gh())
	}
	return out
}

func ptr[T any](v T) *T { return &v }
