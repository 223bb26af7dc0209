package detector_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/synth"
)

// BenchmarkScanGoSource scans the Go toolchain's own sources (code, test
// data, big JSON and minified HTML among them), file by file as the CLI
// does. MB/s is per core.
func BenchmarkScanGoSource(b *testing.B) {
	var files [][]byte
	var total int64
	root := filepath.Join(runtime.GOROOT(), "src")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && total < 64<<20 {
			if data, err := os.ReadFile(p); err == nil {
				files = append(files, data)
				total += int64(len(data))
			}
		}
		return nil
	})
	if total == 0 {
		b.Skip("no Go sources at", root)
	}
	s := defaultScanner(b)
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			s.Scan(detector.Fragment{Path: "f.go", Data: f})
		}
	}
}

// BenchmarkScanDenseSecrets measures the slow path: configuration dense
// with secret-like assignments, a third of them real.
func BenchmarkScanDenseSecrets(b *testing.B) {
	g := synth.New(1)
	var sb strings.Builder
	for sb.Len() < 4<<20 {
		sb.WriteString("api_key = \"" + g.Expand("{{an:32}}") + "\"\n")
		sb.WriteString("password: ${DB_PASSWORD}\n")
		sb.WriteString("token_url = \"https://auth.example.net/token\"\n")
		sb.WriteString("GITHUB_TOKEN=" + g.GitHubToken("ghp_") + "\n")
		sb.WriteString("// the key to the cache is the user id\n")
	}
	data := []byte(sb.String())
	s := defaultScanner(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Scan(detector.Fragment{Path: "app.env", Data: data})
	}
}

// BenchmarkStartup is the cost of compiling the default scanner, which
// every hook run pays once.
func BenchmarkStartup(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := detector.New(detector.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
