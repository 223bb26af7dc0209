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
// field a job needs: on each example payload, the job built from
// go-github's full decoding and from the lenient one are the same.
func TestLenientMatchesStrict(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		event, _, _ := strings.Cut(name, ".")
		if _, ok := actions[event]; !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			payload, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
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
			gotJob, gotSkip, gotErr := build(event, "d", payload, loose)
			if diff := cmp.Diff(wantJob, gotJob); diff != "" || gotSkip != wantSkip || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("lenient build differs: skip %q vs %q, err %v vs %v, job (-strict +lenient):\n%s", wantSkip, gotSkip, wantErr, gotErr, diff)
			}
		})
	}
}
