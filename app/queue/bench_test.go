package queue_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/keyguard-dev/keyguard/app/queue"
)

// BenchmarkEnqueue is the time the webhook handler waits before it can
// answer GitHub: one committed job with a fresh delivery and key and a
// pull_request-sized payload (about 20 KB). "parallel" is deliveries
// arriving together (GOMAXPROCS goroutines). No worker runs.
func BenchmarkEnqueue(b *testing.B) {
	payload, _ := json.Marshal(map[string]string{"body": strings.Repeat("x", 20_000)})
	for _, db := range []testDB{sqliteDB, postgresDB} {
		b.Run(db.name, func(b *testing.B) {
			q := open(b, db.newURL(b), queue.Options{})
			var n atomic.Int64
			job := func() queue.Job {
				i := n.Add(1)
				return queue.Job{
					Kind:           "pull_request",
					Delivery:       fmt.Sprintf("delivery-%d", i),
					Key:            fmt.Sprintf("pr:octo/app:%d:0123456789abcdef", i),
					InstallationID: 42,
					Payload:        payload,
				}
			}
			b.Run("serial", func(b *testing.B) {
				for b.Loop() {
					if _, err := q.Enqueue(context.Background(), job()); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := q.Enqueue(context.Background(), job()); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		})
	}
}
