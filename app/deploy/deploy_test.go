// Package deploy holds what an organisation needs to run the App: the
// GitHub App manifest (manifest.json) here, fly.toml and the Dockerfile at
// the repository root. The tests keep them in step with the code.
package deploy

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/keyguard-dev/keyguard/webhooks"
	"github.com/pelletier/go-toml/v2"
)

func TestManifest(t *testing.T) {
	data, err := os.ReadFile("manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Name        string               `json:"name"`
		Hook        struct{ URL string } `json:"hook_attributes"`
		Public      bool                 `json:"public"`
		Permissions map[string]string    `json:"default_permissions"`
		Events      []string             `json:"default_events"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	// The least the App needs: check runs, reviews and comments, rotation
	// issues, commit comments (GitHub files those under contents: write;
	// the App never writes code), and the merge queue's event.
	want := map[string]string{
		"checks": "write", "pull_requests": "write", "issues": "write", "contents": "write",
		"merge_queues": "read", "metadata": "read",
	}
	if len(m.Permissions) != len(want) {
		t.Errorf("permissions %v, want exactly %v", m.Permissions, want)
	}
	for k, v := range want {
		if m.Permissions[k] != v {
			t.Errorf("permission %s = %q, want %q", k, m.Permissions[k], v)
		}
	}
	// Every event the webhook handler turns into a job is subscribed;
	// installation events reach every App unasked.
	for _, e := range webhooks.Events() {
		if strings.HasPrefix(e, "installation") {
			continue
		}
		if !slices.Contains(m.Events, e) {
			t.Errorf("events %v lack %s, which the App handles", m.Events, e)
		}
	}
	if !strings.HasSuffix(m.Hook.URL, "/webhook") || m.Public {
		t.Errorf("hook URL %q (must end in /webhook), public=%v", m.Hook.URL, m.Public)
	}
}

func TestFlyConfig(t *testing.T) {
	data, err := os.ReadFile("../../fly.toml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Env    map[string]string `toml:"env"`
		Mounts []struct {
			Source, Destination string
		} `toml:"mounts"`
		HTTP struct {
			InternalPort int `toml:"internal_port"`
			Checks       []struct {
				Path, Method string
			} `toml:"checks"`
		} `toml:"http_service"`
	}
	if err := toml.Unmarshal(data, &f); err != nil {
		t.Fatalf("fly.toml: %v", err)
	}
	if f.Env["PORT"] != "8080" || f.HTTP.InternalPort != 8080 {
		t.Errorf("PORT %q, internal_port %d: they must agree", f.Env["PORT"], f.HTTP.InternalPort)
	}
	if len(f.HTTP.Checks) != 1 || f.HTTP.Checks[0].Path != "/healthz" {
		t.Errorf("checks %+v, want GET /healthz", f.HTTP.Checks)
	}
	if len(f.Mounts) != 1 || f.Mounts[0].Destination != f.Env["KEYGUARD_DATA_DIR"] {
		t.Errorf("the volume (%+v) must hold KEYGUARD_DATA_DIR (%q), where the SQLite queue lives", f.Mounts, f.Env["KEYGUARD_DATA_DIR"])
	}
}

func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{"CGO_ENABLED=0", "WORKDIR /src/app", "./cmd/keyguard-app", "USER nonroot", "distroless/static"} {
		if !strings.Contains(s, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if _, err := os.Stat("../cmd/keyguard-app/main.go"); err != nil {
		t.Errorf("the Dockerfile builds ./app/cmd/keyguard-app: %v", err)
	}
}
