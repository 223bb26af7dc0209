package worker

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/google/go-github/v62/github"

	"github.com/keyguard-dev/keyguard/detector"
	"github.com/keyguard-dev/keyguard/detector/config"
)

// orgRepo is the repository where an organisation keeps defaults for
// all its repositories, as GitHub itself does for community files.
const orgRepo = ".github"

// settings reads the repository's .keyguard.toml and .keyguardignore at
// ref, exactly as the local hook reads them from the working tree, so a
// fingerprint ignored locally is ignored here too. A repository without
// a .keyguard.toml takes its organisation's (the .github repository's,
// on its default branch); with one, only the [github] keys it leaves
// unset come from the organisation. An invalid file fails the job: a
// silently ignored setting would pass secrets or drown people.
func (w *Worker) settings(ctx context.Context, gh *github.Client, owner, repo, ref string) (settings, error) {
	cfg := detector.Config{}
	var own *config.File
	data, ok, err := fileAt(ctx, gh, owner, repo, ref, ".keyguard.toml")
	if err != nil {
		return settings{}, fmt.Errorf("read .keyguard.toml: %w", err)
	}
	if ok {
		if own, err = config.Parse(".keyguard.toml", data); err != nil {
			return settings{}, permanent(err)
		}
	}
	var org *config.File
	if repo != orgRepo {
		data, ok, err := w.orgFile(ctx, gh, owner)
		if err != nil {
			return settings{}, fmt.Errorf("read %s/%s/.keyguard.toml: %w", owner, orgRepo, err)
		}
		if ok {
			if org, err = config.Parse(owner+"/"+orgRepo+"/.keyguard.toml", data); err != nil {
				return settings{}, permanent(err)
			}
		}
	}
	var out settings
	switch {
	case own != nil:
		own.Apply(&cfg)
		out.github = own.GitHub
		if org != nil {
			out.github = own.GitHub.Under(org.GitHub)
		}
	case org != nil:
		org.Apply(&cfg)
		out.github = org.GitHub
	}
	out.ignore = map[string]string{}
	data, ok, err = fileAt(ctx, gh, owner, repo, ref, ".keyguardignore")
	if err != nil {
		return settings{}, fmt.Errorf("read .keyguardignore: %w", err)
	}
	if ok {
		ig, err := config.ParseIgnore(".keyguardignore", data)
		if err != nil {
			return settings{}, permanent(err)
		}
		for _, fp := range ig.Fingerprints() {
			out.ignore[fp] = ig.Reason(fp)
		}
	}
	if out.scanner, err = detector.New(cfg); err != nil {
		return settings{}, permanent(err)
	}
	return out, nil
}

// cached is a file read with its ETag.
type cached struct {
	etag   string
	data   []byte
	exists bool
}

// etagCache remembers the organisation files, so that asking again costs
// a conditional request, which GitHub answers 304 without charging the
// rate limit.
type etagCache struct {
	mu    sync.Mutex
	files map[string]cached
}

func (c *etagCache) get(key string) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.files[key]
	return f, ok
}

func (c *etagCache) put(key string, f cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]cached{}
	}
	c.files[key] = f
}

// orgFile reads owner's .github/.keyguard.toml on its default branch,
// conditionally. A .github repository the installation cannot see counts
// as absent.
func (w *Worker) orgFile(ctx context.Context, gh *github.Client, owner string) ([]byte, bool, error) {
	key := owner + "/" + orgRepo + "/.keyguard.toml"
	u := fmt.Sprintf("repos/%s/%s/contents/.keyguard.toml", owner, orgRepo)
	req, err := gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, false, err
	}
	prev, have := w.etags.get(key)
	if have && prev.etag != "" {
		req.Header.Set("If-None-Match", prev.etag)
	}
	var fc github.RepositoryContent
	resp, err := gh.Do(ctx, req, &fc)
	switch {
	case resp != nil && resp.StatusCode == http.StatusNotModified && have:
		return prev.data, prev.exists, nil
	case resp != nil && (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusForbidden):
		w.etags.put(key, cached{etag: resp.Header.Get("ETag")})
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	text, err := fc.GetContent()
	if err != nil {
		return nil, false, err
	}
	f := cached{etag: resp.Header.Get("ETag"), data: []byte(text), exists: true}
	w.etags.put(key, f)
	return f.data, true, nil
}
