// Package testdb gives tests the databases the App runs on: a fresh
// SQLite file, and a fresh schema on the Postgres server that .ci/run
// starts (KEYGUARD_TEST_POSTGRES_URL). Without that variable the Postgres
// half is skipped on a laptop and fails in CI, where skipping would hide
// it.
package testdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DB is one database a test runs against.
type DB struct {
	Name string
	// URL returns the KEYGUARD_DATABASE_URL of a fresh, empty database.
	URL func(t testing.TB) string
}

// SQLite is a file in the test's temporary directory.
var SQLite = DB{"sqlite", func(t testing.TB) string {
	return "sqlite://" + filepath.Join(t.TempDir(), "keyguard.db")
}}

// Postgres is a schema of the test's own (through search_path) on
// KEYGUARD_TEST_POSTGRES_URL, dropped afterwards.
var Postgres = DB{"postgres", postgresURL}

// Both are the two databases, SQLite first.
var Both = []DB{SQLite, Postgres}

var seq atomic.Int64

func postgresURL(t testing.TB) string {
	base := os.Getenv("KEYGUARD_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must set KEYGUARD_TEST_POSTGRES_URL to test on Postgres")
		}
		t.Skip("KEYGUARD_TEST_POSTGRES_URL not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("kgtest_%d_%d", time.Now().UnixNano(), seq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("postgres: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("postgres: drop %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
