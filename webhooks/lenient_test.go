package webhooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
)

// TestLenientMatchesStrict checks that the fallback decoder reads every
// field a job needs: on each example payload, and on the examples edited
// into comment commands and rotation issues (Variants), the job built from
// go-github's full decoding and from the lenient one are the same.
func TestLenientMatchesStrict(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	type testCase struct {
		Variant
		job bool // the strict decoding must give a job
	}
	var cases []testCase
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		event, _, _ := strings.Cut(name, ".")
		if _, ok := actions[event]; !ok {
			continue
		}
		payload, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, testCase{Variant: Variant{Name: name, Event: event, Payload: payload}})
	}
	for _, v := range Variants(t) {
		cases = append(cases, testCase{Variant: v, job: true})
		bot := EditJSON(t, v.Payload, map[string]any{"sender.type": "Bot"})
		cases = append(cases, testCase{Variant: Variant{Name: v.Name + " by a bot", Event: v.Event, Payload: bot}})
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			event, payload := c.Event, c.Payload
			loose, err := lenient(event, payload)
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			strict, strictErr := github.ParseWebHook(event, payload)
			if strictErr != nil {
				// The one example go-github refuses: the lenient job must
				// still be complete.
				j, _, err := build(event, "d", payload, loose)
				if err != nil || j == nil || j.Repo == "" || j.HeadSHA == "" {
					t.Fatalf("lenient job %+v, %v", j, err)
				}
				t.Logf("go-github refuses it (%v); lenient job %s", strictErr, j.Key)
				return
			}
			wantJob, wantSkip, wantErr := build(event, "d", payload, strict)
			if c.job && wantJob == nil {
				t.Fatalf("no job: skip %q, err %v", wantSkip, wantErr)
			}
			gotJob, gotSkip, gotErr := build(event, "d", payload, loose)
			if diff := cmp.Diff(wantJob, gotJob); diff != "" || gotSkip != wantSkip || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("lenient build differs: skip %q vs %q, err %v vs %v, job (-strict +lenient):\n%s", wantSkip, gotSkip, wantErr, gotErr, diff)
			}
		})
	}
}
