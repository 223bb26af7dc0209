package ghapi

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v62/github"
)

// Clients hands out one go-github client per installation, each with its
// own cached installation token (ghinstallation refreshes it before it
// expires) and its own pacing of content-creating requests, since GitHub
// counts limits per installation.
type Clients struct {
	appID  int64
	key    []byte // the App's private key (PEM); never logged
	apiURL string // https://api.github.com, or an Enterprise/fake base URL
	base   http.RoundTripper

	mu   sync.Mutex
	byID map[int64]*github.Client
	app  *github.Client
}

// NewClients prepares clients for the App appID. base is the transport
// under everything (http.DefaultTransport when nil).
func NewClients(appID int64, keyPEM []byte, apiURL string, base http.RoundTripper) *Clients {
	if base == nil {
		base = http.DefaultTransport
	}
	return &Clients{appID: appID, key: keyPEM, apiURL: strings.TrimRight(apiURL, "/"), base: base, byID: map[int64]*github.Client{}}
}

// Installation returns the client acting as installation id.
func (c *Clients) Installation(id int64) (*github.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.byID[id]; ok {
		return cl, nil
	}
	// Token requests go through the retrying transport too: a 502 on
	// POST /app/installations/{id}/access_tokens is as transient as any.
	rt := &RetryTransport{Base: c.base, Content: NewPacer(ContentPerMinute)}
	itr, err := ghinstallation.New(&RetryTransport{Base: c.base}, c.appID, id, c.key)
	if err != nil {
		return nil, fmt.Errorf("ghapi: installation %d: %w", id, err)
	}
	itr.BaseURL = c.apiURL
	rt.Base = itr
	cl, err := c.client(rt)
	if err != nil {
		return nil, err
	}
	c.byID[id] = cl
	return cl, nil
}

// App returns the client acting as the App itself (JWT), for the few
// endpoints that need it.
func (c *Clients) App() (*github.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.app != nil {
		return c.app, nil
	}
	atr, err := ghinstallation.NewAppsTransport(&RetryTransport{Base: c.base}, c.appID, c.key)
	if err != nil {
		return nil, fmt.Errorf("ghapi: app %d: %w", c.appID, err)
	}
	atr.BaseURL = c.apiURL
	cl, err := c.client(atr)
	if err != nil {
		return nil, err
	}
	c.app = cl
	return cl, nil
}

// Forget drops an installation's client (the App was uninstalled).
func (c *Clients) Forget(id int64) {
	c.mu.Lock()
	delete(c.byID, id)
	c.mu.Unlock()
}

func (c *Clients) client(rt http.RoundTripper) (*github.Client, error) {
	cl := github.NewClient(&http.Client{Transport: rt})
	if c.apiURL == "" || c.apiURL == "https://api.github.com" {
		return cl, nil
	}
	// Enterprise Server and the test fake: the same API under another
	// base URL. go-github adds /api/v3/ unless the URL already ends so.
	return cl.WithEnterpriseURLs(c.apiURL+"/", c.apiURL+"/")
}
