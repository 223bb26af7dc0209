package queue_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyguard-dev/keyguard/app/queue"
)

// TestInstallations plays the installation events GitHub sends, in order,
// and checks what the store holds after each.
func TestInstallations(t *testing.T) {
	var (
		app  = queue.Repository{ID: 1, FullName: "octo/app"}
		docs = queue.Repository{ID: 2, FullName: "octo/docs"}
		lib  = queue.Repository{ID: 3, FullName: "octo/lib"}
	)
	type step struct {
		name    string
		do      func(ctx context.Context, q *queue.Queue) error
		wantErr error
		want    *queue.Installation // nil: ErrNotFound
	}
	steps := []step{
		{
			name: "repositories added to an unknown installation",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.AddRepositories(ctx, 7, []queue.Repository{lib})
			},
			wantErr: queue.ErrNotFound,
		},
		{
			name: "installation created",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.RecordInstallation(ctx, 7, "octo", []queue.Repository{docs, app})
			},
			want: &queue.Installation{ID: 7, Account: "octo", Repositories: []queue.Repository{app, docs}},
		},
		{
			name: "repositories added, one of them already there",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.AddRepositories(ctx, 7, []queue.Repository{lib, app})
			},
			want: &queue.Installation{ID: 7, Account: "octo", Repositories: []queue.Repository{app, docs, lib}},
		},
		{
			name: "a renamed repository keeps its ID",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.AddRepositories(ctx, 7, []queue.Repository{{ID: 2, FullName: "octo/handbook"}})
			},
			want: &queue.Installation{ID: 7, Account: "octo", Repositories: []queue.Repository{
				app, {ID: 2, FullName: "octo/handbook"}, lib}},
		},
		{
			name: "repositories removed, by ID",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.RemoveRepositories(ctx, 7, []queue.Repository{{ID: 2}, lib})
			},
			want: &queue.Installation{ID: 7, Account: "octo", Repositories: []queue.Repository{app}},
		},
		{
			name: "recorded again: the new list replaces the old",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.RecordInstallation(ctx, 7, "octo-renamed", []queue.Repository{lib})
			},
			want: &queue.Installation{ID: 7, Account: "octo-renamed", Repositories: []queue.Repository{lib}},
		},
		{
			name: "installation deleted",
			do:   func(ctx context.Context, q *queue.Queue) error { return q.ForgetInstallation(ctx, 7) },
		},
		{
			name: "deleted again (a retried job)",
			do:   func(ctx context.Context, q *queue.Queue) error { return q.ForgetInstallation(ctx, 7) },
		},
		{
			name: "repositories removed from a forgotten installation",
			do: func(ctx context.Context, q *queue.Queue) error {
				return q.RemoveRepositories(ctx, 7, []queue.Repository{lib})
			},
			wantErr: queue.ErrNotFound,
		},
		{
			name: "installed again with no repositories",
			do:   func(ctx context.Context, q *queue.Queue) error { return q.RecordInstallation(ctx, 7, "octo", nil) },
			want: &queue.Installation{ID: 7, Account: "octo", Repositories: []queue.Repository{}},
		},
	}
	forEachDB(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		q := open(t, db.newURL(t), fast())
		// Another installation, untouched by the steps.
		other := queue.Installation{ID: 8, Account: "other", Repositories: []queue.Repository{{ID: 1, FullName: "other/x"}}}
		if err := q.RecordInstallation(ctx, other.ID, other.Account, other.Repositories); err != nil {
			t.Fatal(err)
		}
		for _, s := range steps {
			if err := s.do(ctx, q); !errors.Is(err, s.wantErr) {
				t.Fatalf("%s: error %v, want %v", s.name, err, s.wantErr)
			}
			got, err := q.Installation(ctx, 7)
			if s.want == nil {
				if !errors.Is(err, queue.ErrNotFound) {
					t.Fatalf("%s: Installation: %+v, %v; want ErrNotFound", s.name, got, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: Installation: %v", s.name, err)
			}
			if got.UpdatedAt.IsZero() {
				t.Errorf("%s: no UpdatedAt", s.name)
			}
			if diff := cmp.Diff(*s.want, got, cmpopts.IgnoreFields(queue.Installation{}, "UpdatedAt")); diff != "" {
				t.Errorf("%s: (-want +got):\n%s", s.name, diff)
			}
		}
		got, err := q.Installation(ctx, other.ID)
		if diff := cmp.Diff(other, got, cmpopts.IgnoreFields(queue.Installation{}, "UpdatedAt")); err != nil || diff != "" {
			t.Errorf("the other installation changed: %v (-want +got):\n%s", err, diff)
		}
	})
}
