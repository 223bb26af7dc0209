package hook

import (
	"os"
	"path/filepath"

	"github.com/keyguard-dev/keyguard/detector"
)

// settings are a repository's own keyguard files: .keyguard.toml (rules,
// allowlists) and .keyguardignore (fingerprints people decided to accept).
type settings struct {
	root   string            // the repository root the files were read from
	ignore map[string]string // fingerprint -> reason
}

// loadSettings reads the settings at root and merges the config into cfg.
// configPath, when set, names the config file explicitly (it must exist).
// Missing files mean defaults; an invalid file is an error naming its line.
func loadSettings(root, configPath string, cfg *detector.Config) (*settings, error) {
	return &settings{root: root}, nil
}

// filter drops findings whose fingerprint is in the ignore file.
func (s *settings) filter(fs []detector.Finding) []detector.Finding {
	if s == nil || len(s.ignore) == 0 {
		return fs
	}
	kept := fs[:0]
	for _, f := range fs {
		if _, ok := s.ignore[f.Fingerprint]; !ok {
			kept = append(kept, f)
		}
	}
	return kept
}

// findRoot returns the nearest directory at or above dir that holds .git
// (a directory, or a file for worktrees and submodules), or dir itself when
// there is none: the settings of a plain directory live in it.
func findRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}
