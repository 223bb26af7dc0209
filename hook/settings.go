package hook

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/config"
)

// The settings files, at the repository root.
const (
	configName = ".keyguard.toml"
	ignoreName = ".keyguardignore"
)

// settings are a repository's own keyguard files: .keyguard.toml (rules,
// allowlists) and .keyguardignore (fingerprints people decided to accept).
type settings struct {
	root   string         // the repository root the files were read from
	ignore *config.Ignore // never nil
}

// loadSettings reads the settings at root and merges the config into cfg.
// configPath, when set, names the config file explicitly (it must exist).
// Missing files mean defaults; an invalid file is an error naming its line.
//
// The config's path allowlist joins cfg.AllowPaths, which the scanner
// matches against each file's path as scanned: for `keyguard scan DIR`
// (or a scan from a subdirectory) that path is relative to what was
// given, not to the repository root, so `^testdata/` only matches when
// the scan starts at the root. The git gates scan root-relative paths.
func loadSettings(root, configPath string, cfg *detector.Config) (*settings, error) {
	s := &settings{root: root, ignore: &config.Ignore{}}
	path, explicit := configPath, configPath != ""
	if !explicit {
		path = filepath.Join(root, configName)
	}
	data, err := readSetting(path, explicit)
	if err != nil {
		return nil, err
	}
	if data != nil {
		// Errors name the file as people know it: .keyguard.toml:LINE,
		// or the path they gave.
		name := configName
		if explicit {
			name = configPath
		}
		f, err := config.Parse(name, data)
		if err != nil {
			return nil, err
		}
		f.Apply(cfg)
	}
	if s.ignore, err = readIgnore(root); err != nil {
		return nil, err
	}
	return s, nil
}

// readIgnore reads root's .keyguardignore; a missing file is empty.
func readIgnore(root string) (*config.Ignore, error) {
	data, err := readSetting(filepath.Join(root, ignoreName), false)
	if err != nil || data == nil {
		return &config.Ignore{}, err
	}
	return config.ParseIgnore(ignoreName, data)
}

// readSetting reads a settings file: nil without error when it is missing
// and optional.
func readSetting(path string, required bool) ([]byte, error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		return data, nil
	case errors.Is(err, fs.ErrNotExist) && !required:
		return nil, nil
	}
	return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
}

// filter drops findings whose fingerprint is in the ignore file.
func (s *settings) filter(fs []detector.Finding) []detector.Finding {
	if s == nil || s.ignore.Len() == 0 {
		return fs
	}
	kept := fs[:0]
	for _, f := range fs {
		if !s.ignore.Has(f.Fingerprint) {
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
