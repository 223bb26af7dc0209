package ledger_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/app/internal/testdb"
	"github.com/keyguard-dev/keyguard/app/ledger"
	"github.com/keyguard-dev/keyguard/app/queue"
)

// open returns a ledger on a fresh database of the kind db, created by the
// queue's migrations as in the App.
func open(t *testing.T, db testdb.DB) *ledger.Store {
	t.Helper()
	ctx := context.Background()
	q, err := queue.Open(ctx, db.URL(t), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close(ctx) })
	s := ledger.New(q.DB())
	clock := time.Unix(1_700_000_000, 0)
	s.Now = func() time.Time { return clock }
	return s
}

func each(t *testing.T, test func(t *testing.T, s *ledger.Store)) {
	for _, db := range testdb.Both {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			test(t, open(t, db))
		})
	}
}

func leak(fp string) ledger.Leak {
	return ledger.Leak{Repo: "Acme/Web", Fingerprint: fp, RuleID: "github-pat", Provider: "github", Kind: "secret",
		Redacted: "ghp_…abcd", FirstAuthor: "alice"}
}

func TestRecord(t *testing.T) {
	each(t, func(t *testing.T, s *ledger.Store) {
		ctx := context.Background()
		first := ledger.Sighting{Commit: "c1", Path: "a.go", Line: 3}
		l, isNew, err := s.Record(ctx, leak("fp1"), first)
		if err != nil || !isNew {
			t.Fatalf("first record: new=%v err=%v", isNew, err)
		}
		if l.State != ledger.Open || l.FirstCommit != "c1" || l.FirstPath != "a.go" || l.FirstLine != 3 || l.Repo != "acme/web" || l.FirstAuthor != "alice" {
			t.Errorf("stored %+v", l)
		}
		// The same place again (a redelivery) is not new; another is,
		// and the first sighting stays the first.
		if _, isNew, _ := s.Record(ctx, leak("fp1"), first); isNew {
			t.Error("the same sighting twice counted as new")
		}
		l, isNew, err = s.Record(ctx, leak("fp1"), ledger.Sighting{Commit: "c2", Path: "b.go", Line: 9, PR: 4})
		if err != nil || !isNew || l.FirstCommit != "c1" {
			t.Errorf("second place: new=%v first=%s err=%v", isNew, l.FirstCommit, err)
		}
		st, err := s.Sightings(ctx, "acme/WEB", "fp1")
		if err != nil || len(st) != 2 || st[0].Commit != "c1" || st[1].PR != 4 {
			t.Errorf("sightings %+v, %v", st, err)
		}
		prs, err := s.InPullRequest(ctx, "acme/web", 4)
		if err != nil || len(prs) != 1 || prs[0].Fingerprint != "fp1" {
			t.Errorf("in PR 4: %+v, %v", prs, err)
		}
		if _, err := s.Get(ctx, "acme/web", "nope"); !errors.Is(err, ledger.ErrNotFound) {
			t.Errorf("unknown fingerprint: %v", err)
		}
		got, err := s.Lookup(ctx, "acme/web", []string{"fp1", "nope"})
		if err != nil || len(got) != 1 {
			t.Errorf("lookup: %v, %v", got, err)
		}
	})
}

func TestSetState(t *testing.T) {
	each(t, func(t *testing.T, s *ledger.Store) {
		ctx := context.Background()
		s.Record(ctx, leak("fp"), ledger.Sighting{Commit: "c", Path: "p", Line: 1})
		tests := []struct {
			state   ledger.State
			by, why string
			changed bool
		}{
			{ledger.Ignored, "bob", "test fixture", true},
			{ledger.Ignored, "bob", "test fixture", false}, // redelivered
			{ledger.FalsePositive, "carol", "a hash", true},
			{ledger.Open, "dave", "reopened", true},
			{ledger.Rotated, "erin", "", true},
		}
		for _, tc := range tests {
			changed, err := s.SetState(ctx, "acme/web", "fp", tc.state, tc.by, tc.why)
			if err != nil || changed != tc.changed {
				t.Fatalf("%s: changed=%v err=%v", tc.state, changed, err)
			}
			l, _ := s.Get(ctx, "acme/web", "fp")
			if l.State != tc.state || l.State.Blocks() != (tc.state == ledger.Open) {
				t.Errorf("%s: stored %s", tc.state, l.State)
			}
			if tc.state == ledger.Open && (l.StateBy != "" || l.StateReason != "") {
				t.Errorf("reopened leak keeps who and why: %+v", l)
			}
		}
		if _, err := s.SetState(ctx, "acme/web", "fp", "gone", "x", ""); err == nil {
			t.Error("an unknown state was accepted")
		}
		if _, err := s.SetState(ctx, "acme/web", "other", ledger.Rotated, "x", ""); !errors.Is(err, ledger.ErrNotFound) {
			t.Errorf("unknown leak: %v", err)
		}
	})
}

// TestClaimIssue: of many jobs seeing one secret at once, exactly one
// opens its rotation issue; a claim whose job died is taken over, and
// flagged so the new owner looks for an issue the dead one may have made.
func TestClaimIssue(t *testing.T) {
	each(t, func(t *testing.T, s *ledger.Store) {
		ctx := context.Background()
		s.Record(ctx, leak("fp"), ledger.Sighting{Commit: "c", Path: "p", Line: 1})
		var wg sync.WaitGroup
		var mu sync.Mutex
		claims := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, _, _, err := s.Claim(ctx, "acme/web", "fp")
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					claims++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if claims != 1 {
			t.Fatalf("%d jobs claimed the issue", claims)
		}
		later := time.Unix(1_700_000_000, 0).Add(11 * time.Minute)
		s.Now = func() time.Time { return later }
		ok, _, stale, err := s.Claim(ctx, "acme/web", "fp")
		if !ok || !stale || err != nil {
			t.Fatalf("stale claim: ok=%v stale=%v err=%v", ok, stale, err)
		}
		if err := s.SetIssue(ctx, "acme/web", "fp", 12); err != nil {
			t.Fatal(err)
		}
		ok, existing, _, _ := s.Claim(ctx, "acme/web", "fp")
		if ok || existing != 12 {
			t.Errorf("after the issue exists: claimed=%v existing=%d", ok, existing)
		}
		l, err := s.ByIssue(ctx, "acme/web", 12)
		if err != nil || l.Fingerprint != "fp" {
			t.Errorf("by issue: %+v %v", l, err)
		}
		if _, err := s.ByIssue(ctx, "acme/web", 13); !errors.Is(err, ledger.ErrNotFound) {
			t.Errorf("unknown issue: %v", err)
		}
	})
}

func TestScannedAndCheckRuns(t *testing.T) {
	each(t, func(t *testing.T, s *ledger.Store) {
		ctx := context.Background()
		var shas []string
		for i := range 1200 { // more than one chunk of parameters
			shas = append(shas, time.Duration(i).String())
		}
		if err := s.MarkScanned(ctx, "acme/web", shas[:700]); err != nil {
			t.Fatal(err)
		}
		got, err := s.Scanned(ctx, "ACME/web", shas)
		if err != nil || len(got) != 700 || !got[shas[699]] || got[shas[700]] {
			t.Fatalf("scanned %d, %v", len(got), err)
		}
		if got, _ := s.Scanned(ctx, "acme/other", shas); len(got) != 0 {
			t.Error("scanned commits leak across repositories")
		}
		s.RecordCheckRun(ctx, "acme/web", 5, []string{"b", "a"})
		s.RecordCheckRun(ctx, "acme/web", 5, []string{"a"})
		fps, err := s.CheckRunLeaks(ctx, "acme/web", 5)
		if err != nil || len(fps) != 2 || fps[0] != "a" {
			t.Errorf("check run leaks %v %v", fps, err)
		}
	})
}
