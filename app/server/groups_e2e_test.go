package server

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/app/internal/fakegithub"
	"github.com/keyguard-dev/keyguard/app/worker"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// TestMergeGroup: a merge queue waits for the keyguard check on its
// temporary commit, so the check is always completed, never left in
// progress: failure when the group's combined diff holds a secret that
// is still open, success when it is clean or the secret was answered
// for, and failure ("could not finish") when GitHub fails, until the
// retried job completes it.
func TestMergeGroup(t *testing.T) {
	g := synth.New(401)
	stripe := g.Expand("sk_live_{{an:24}}")
	leaking := map[string]string{"pay.go": "package pay\n\nvar stripeKey = \"" + stripe + "\"\n"}
	clean := map[string]string{"pay.go": "package pay\n\nimport \"os\"\n\nvar stripeKey = os.Getenv(\"STRIPE_KEY\")\n"}
	type run struct{ conclusion, title string }
	tests := []struct {
		name  string
		files map[string]string
		// rotated, when set, has the secret pushed to a branch first and
		// its rotation issue closed by a writer.
		rotated bool
		// fault is what GitHub answers to the group's compare, once.
		fault fakegithub.Fault
		want  []run
	}{
		{name: "clean", files: clean, want: []run{{"success", "No secrets found"}}},
		{name: "open secret", files: leaking, want: []run{{"failure", "1 secret found: rotate it"}}},
		{name: "rotated secret", files: leaking, rotated: true, want: []run{{"success", "No secrets found"}}},
		// The App's transport retries a 502 itself.
		{name: "502 on the compare", files: leaking, fault: fakegithub.FaultBadGateway, want: []run{{"failure", "1 secret found: rotate it"}}},
		// A 422 is not retried by the transport: the job fails, the
		// check says so, and the queue runs the job again (about 5 s).
		{name: "compare refused", files: clean, fault: fakegithub.FaultCommentOutsideDiff, want: []run{
			{"failure", "The scan could not finish"}, {"success", "No secrets found"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _ := startWithLedger(t, "", nil, nil)
			gh := a.gh
			gh.SetPermission(repoName, "carol", "write")
			base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Message: "base", Files: map[string]string{"README.md": "shop\n", "pay.go": "package pay\n"}})
			if tt.rotated {
				a.pushed(t, "main", "", base)
				gh.SetBranch(repoName, "feature", base)
				c := gh.AddCommit(repoName, fakegithub.Commit{Branch: "feature", Message: "billing", Files: map[string]string{"billing.go": leaking["pay.go"]}})
				a.pushed(t, "feature", base, c)
				is := gh.Issues(repoName)
				if len(is) != 1 {
					t.Fatalf("%d rotation issues, want 1", len(is))
				}
				a.deliverJob(t, "issues", gh.IssuesPayload(repoName, is[0].Number, "closed", "carol"))
			}
			head := gh.AddCommit(repoName, fakegithub.Commit{Parents: []string{base}, Message: "Merge pull request #1", Files: tt.files})
			if tt.fault != 0 {
				gh.Fail("GET", "/repos/{owner}/{repo}/compare/{basehead}", 1, tt.fault)
			}
			payload := gh.MergeGroupPayload(repoName, base, head, "gh-readonly-queue/main/pr-1-"+head)
			code, body := a.deliver(t, "merge_group", jsonRaw(payload))
			if code != http.StatusAccepted || !strings.HasPrefix(body, "queued merge_group:") {
				t.Fatalf("delivery answered %d %s", code, body)
			}
			a.waitJobs(t, "merge_group", len(tt.want))

			var got []run
			for _, cr := range gh.CheckRuns(repoName) {
				if cr.Status != "completed" {
					t.Errorf("check run %s on %s is left %s", cr.Name, cr.HeadSHA[:7], cr.Status)
				}
				if cr.HeadSHA == head {
					if cr.Name != "keyguard" {
						t.Errorf("the merge group's check is called %q, want keyguard (the required check's name)", cr.Name)
					}
					got = append(got, run{cr.Conclusion, cr.Title})
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("check runs on the group's head: %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("check run %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			crs := a.checksNamed("keyguard", head)
			last := crs[len(crs)-1]
			switch {
			case tt.rotated:
				if !strings.Contains(last.Summary, "marked rotated by @carol: closed the rotation issue") {
					t.Errorf("the summary does not say the secret was rotated:\n%s", last.Summary)
				}
			case last.Conclusion == "failure":
				if len(last.Annotations) != 1 || last.Annotations[0].Path != "pay.go" || last.Annotations[0].StartLine != 3 || last.Annotations[0].Level != "failure" {
					t.Errorf("annotations %+v, want one failure on pay.go:3", last.Annotations)
				}
			}
			if tt.fault != 0 {
				served := 0
				for _, r := range gh.Requests() {
					if r.Fault == tt.fault {
						served++
					}
				}
				if served != 1 {
					t.Errorf("%d faults served, want 1", served)
				}
			}
			// A merge group neither reviews nor opens issues of its own.
			wantIssues := 0
			if tt.rotated {
				wantIssues = 1
			}
			if n := len(gh.Issues(repoName)); n != wantIssues {
				t.Errorf("%d issues, want %d", n, wantIssues)
			}
			if strings.Contains(a.everywhere(), stripe) || strings.Contains(a.logs.String(), stripe) {
				t.Error("the key reached GitHub's text or the logs")
			}
			gh.Check(t)
		})
	}
}

// clientFunc hands out one go-github client for every installation.
type clientFunc func(id int64) (*github.Client, error)

func (f clientFunc) Installation(id int64) (*github.Client, error) { return f(id) }

// TestMergeGroupAfter502: a 502 on the compare that outlasts the
// transport's retries (there it takes four, 7.5 to 15 s, so this test
// calls the worker with a client that does not retry) completes the check
// as a failure that says the scan could not finish, and fails the job
// with an error the queue retries; the retry, once GitHub answers,
// completes a check of its own.
func TestMergeGroupAfter502(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	gh := fakegithub.New(fakegithub.Options{})
	defer gh.Close()
	gh.AddApp(fakegithub.App{ID: appID, Slug: "keyguard", Name: "keyguard", PublicKey: &key.PublicKey})
	gh.AddInstallation(fakegithub.Installation{ID: installation, AppID: appID, Account: "acme"})
	gh.AddRepo(fakegithub.Repo{Owner: "acme", Name: "shop", Installation: installation})
	itr, err := ghinstallation.New(http.DefaultTransport, appID, installation, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	itr.BaseURL = gh.URL()
	client, err := github.NewClient(&http.Client{Transport: itr}).WithEnterpriseURLs(gh.URL()+"/", gh.URL()+"/")
	if err != nil {
		t.Fatal(err)
	}
	w := &worker.Worker{Clients: clientFunc(func(int64) (*github.Client, error) { return client, nil })}

	base := gh.AddCommit(repoName, fakegithub.Commit{Branch: "main", Files: map[string]string{"README.md": "shop\n"}})
	head := gh.AddCommit(repoName, fakegithub.Commit{Parents: []string{base}, Files: map[string]string{"main.go": "package main\n"}})
	gh.MergeGroupPayload(repoName, base, head, "gh-readonly-queue/main/pr-2-"+head)
	gh.Fail("GET", "/repos/{owner}/{repo}/compare/{basehead}", 1, fakegithub.FaultBadGateway)

	ctx := context.Background()
	err = w.MergeGroup(ctx, installation, "acme", "shop", base, head)
	if err == nil {
		t.Fatal("the merge group's job succeeded through a 502")
	}
	if jobError(err) != err || worker.IsPermanent(err) {
		t.Errorf("the queue would not retry the job: %v", err)
	}
	crs := gh.CheckRuns(repoName)
	if len(crs) != 1 || crs[0].Status != "completed" || crs[0].Conclusion != "failure" ||
		crs[0].Title != "The scan could not finish" || !strings.Contains(crs[0].Summary, "it will try again") {
		t.Fatalf("after the 502: %+v, want one completed failure that could not finish", crs)
	}
	if err := w.MergeGroup(ctx, installation, "acme", "shop", base, head); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	crs = gh.CheckRuns(repoName)
	if len(crs) != 2 || crs[1].Status != "completed" || crs[1].Conclusion != "success" || crs[1].HeadSHA != head {
		t.Errorf("after the retry: %+v, want a second check run, a success", crs)
	}
	gh.Check(t)
}
