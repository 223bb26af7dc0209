package webhooks_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/keyguard-dev/keyguard/webhooks/webhookstest"
)

// BenchmarkHandler times one signed delivery through the handler and the
// in-memory queue, without a network: signature, parsing, job, queue.
func BenchmarkHandler(b *testing.B) {
	for _, name := range []string{"pull_request.opened", "push", "star.created"} {
		b.Run(name, func(b *testing.B) {
			h, secret := newHandler(b, &webhookstest.Queue{})
			body := example(b, name)
			r := webhookstest.NewRequest(secret, eventOf(name), delivery, body)
			w := &discard{header: http.Header{}}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				r.Body = io.NopCloser(bytes.NewReader(body))
				r.Header.Set(webhooks.DeliveryHeader, "d-"+strconv.Itoa(i))
				clear(w.header)
				h.ServeHTTP(w, r)
				if w.code != http.StatusAccepted {
					b.Fatalf("status %d", w.code)
				}
			}
		})
	}
}

// discard is a ResponseWriter that keeps only the status.
type discard struct {
	header http.Header
	code   int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(code int)        { d.code = code }

// BenchmarkAckLatency sends signed pull_request deliveries, each a new pull
// request, to the handler behind a loopback httptest.Server at a steady
// 200 a second. The load is open: each delivery leaves on schedule whether
// or not the ones before were answered, so a slow answer cannot hide
// behind the next one. It reports the acknowledgement latency a client
// sees (p50, p99, max); ns/op is only the schedule (5 ms). For stable
// percentiles give it a count:
//
//	go test -run '^$' -bench AckLatency -benchtime 2000x ./webhooks
func BenchmarkAckLatency(b *testing.B) {
	const rate = 200 // deliveries per second
	q := &webhookstest.Queue{}
	h, secret := newHandler(b, q)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()

	base := example(b, "pull_request.opened")
	type delivery struct {
		body []byte
		sig  string
	}
	ds := make([]delivery, b.N)
	for i := range ds {
		body := bytes.Replace(base, []byte(`"number":2,`), fmt.Appendf(nil, `"number":%d,`, i+1), 1)
		ds[i] = delivery{body, webhookstest.Sign(secret, body)}
	}
	lat := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for i := range ds {
		time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / rate)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhook", bytes.NewReader(ds[i].body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(webhooks.EventHeader, "pull_request")
			req.Header.Set(webhooks.DeliveryHeader, "bench-"+strconv.Itoa(i))
			req.Header.Set(webhooks.SignatureHeader, ds[i].sig)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat[i] = time.Since(t0)
			if resp.StatusCode != http.StatusAccepted {
				b.Errorf("status %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	if n := len(q.Jobs()); n != b.N {
		b.Fatalf("%d jobs queued, want %d", n, b.N)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(pct(1), "max-µs")
}
