package queue

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url, dataDir string
		want         dialect
		target       string
		err          string // part of the error, "" for none
	}{
		{url: "", dataDir: "/data", want: sqliteDialect, target: "/data/keyguard.db"},
		{url: "", want: sqliteDialect, target: "keyguard.db"},
		{url: "sqlite:///var/lib/kg.db", want: sqliteDialect, target: "/var/lib/kg.db"},
		{url: "sqlite://kg.db", want: sqliteDialect, target: "kg.db"},
		{url: "/var/lib/kg.db", want: sqliteDialect, target: "/var/lib/kg.db"},
		{url: "postgres://db.internal/keyguard", want: postgresDialect, target: "postgres://db.internal/keyguard"},
		{url: "postgresql:///keyguard?host=/run/postgresql", want: postgresDialect, target: "postgresql:///keyguard?host=/run/postgresql"},
		{url: "mysql://db/keyguard", err: `scheme "mysql"`},
		{url: "host=db dbname=keyguard", err: "postgres://"},
		{url: "sqlite://", err: "non-empty"},
		{url: "kg.db?mode=ro", err: "no ? or #"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, target, err := parseURL(tt.url, tt.dataDir)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want || target != tt.target {
				t.Errorf("parseURL = %v, %q, %v; want %v, %q", got, target, err, tt.want, tt.target)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	o, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.RescueAfter != DefaultJobTimeout+time.Minute || o.Logger == nil || o.Workers != DefaultWorkers {
		t.Errorf("defaults: %+v", o)
	}
	for name, bad := range map[string]Options{
		"rescue before timeout": {JobTimeout: time.Minute, RescueAfter: time.Minute},
		"negative workers":      {Workers: -1},
		"max below base":        {RetryBase: time.Minute, RetryMax: time.Second},
	} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestBackoff: each retry waits twice as long as the one before, within
// 10 %, up to the cap.
func TestBackoff(t *testing.T) {
	b := backoff{base: time.Second, max: time.Minute}
	for attempt, want := range map[int]time.Duration{
		1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 32 * time.Second,
		7: time.Minute, 25: time.Minute, 1000: time.Minute,
	} {
		for range 100 {
			got := b.delay(attempt)
			if got < want*9/10 || got > want*11/10 {
				t.Fatalf("attempt %d: %s, want %s ± 10 %%", attempt, got, want)
			}
		}
	}
}

// TestSQLiteFile: the default file goes in the data directory, which is
// created, and only its owner can read it.
func TestSQLiteFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "dir")
	q, err := Open(context.Background(), "", Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// Opening again migrates nothing and keeps the data.
	q, err = Open(context.Background(), "sqlite://"+filepath.Join(dir, DefaultFile), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close(context.Background())
	if dup, err := q.Enqueue(context.Background(), Job{Kind: "push", Delivery: "d1"}); err != nil || dup {
		t.Fatalf("Enqueue: %v, %v", dup, err)
	}
}

// TestPostgresURLNotEchoed: a URL that does not parse is not quoted back,
// since it may hold a password.
func TestPostgresURLNotEchoed(t *testing.T) {
	const pw = "hunter2-not-a-secret"
	_, err := Open(context.Background(), "postgres://u:"+pw+"@host:notaport/db", Options{})
	if err == nil || strings.Contains(err.Error(), pw) {
		t.Errorf("Open: %v; want an error without the password", err)
	}
}
