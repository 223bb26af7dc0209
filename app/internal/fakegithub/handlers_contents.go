package fakegithub

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"path"
	"sort"
	"strings"
)

// base64Lines encodes as GitHub does for contents and blobs: standard
// base64 broken into 60-character lines, each ending in "\n".
func base64Lines(b []byte) string {
	enc := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	for len(enc) > 60 {
		sb.WriteString(enc[:60] + "\n")
		enc = enc[60:]
	}
	if enc != "" {
		sb.WriteString(enc + "\n")
	}
	return sb.String()
}

// GET /repos/{owner}/{repo}/contents/{path}
func getContents(c *call) {
	r := c.repo
	ref := c.query.Get("ref")
	if ref == "" {
		ref = r.DefaultBranch
	}
	cm := r.resolve(ref)
	if cm == nil {
		c.errorWith(http.StatusNotFound, "No commit found for the ref "+ref, nil)
		return
	}
	p := strings.Trim(c.params["path"], "/")
	if f := cm.tree[p]; f != nil && p != "" {
		if c.wantsRaw() {
			c.rawBytes(r.blobs[f.blob])
			return
		}
		c.json(http.StatusOK, c.contentFileJSON(p, f, ref, "content-file-response-if-content-is-a-file", true))
		return
	}
	// A directory: its files and subdirectories.
	prefix := p + "/"
	if p == "" {
		prefix = ""
	}
	seen := map[string]bool{}
	var entries []any
	for _, fp := range sortedKeys(cm.tree) {
		if !strings.HasPrefix(fp, prefix) {
			continue
		}
		rest := strings.TrimPrefix(fp, prefix)
		name, _, isDir := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		if isDir {
			e := c.contentFileJSON(prefix+name, nil, ref, "content-file-response-if-content-is-a-directory", false)
			entries = append(entries, e)
		} else {
			entries = append(entries, c.contentFileJSON(fp, cm.tree[fp], ref, "content-file-response-if-content-is-a-directory", false))
		}
	}
	if len(entries) == 0 {
		c.notFound()
		return
	}
	sort.Slice(entries, func(i, j int) bool {
		return entries[i].(map[string]any)["name"].(string) < entries[j].(map[string]any)["name"].(string)
	})
	c.json(http.StatusOK, entries)
}

// contentFileJSON renders a file (f set) or directory (f nil); with
// content it includes the file's bytes, as a single file's answer does.
func (c *call) contentFileJSON(p string, f *treeFile, ref, example string, content bool) map[string]any {
	full := c.repo.fullName()
	api := c.base + "/repos/" + full
	schema := "content-file"
	if !content {
		schema = "content-directory"
	}
	out := c.tmpl(example, schema)
	out["name"] = path.Base(p)
	out["path"] = p
	self := api + "/contents/" + escapePath(p) + "?ref=" + ref
	out["url"] = self
	if f == nil {
		sum := sha1.Sum([]byte(p))
		sha := hex.EncodeToString(sum[:])
		out["type"] = "dir"
		out["size"] = 0
		out["sha"] = sha
		out["git_url"] = api + "/git/trees/" + sha
		out["html_url"] = "https://github.com/" + full + "/tree/" + ref + "/" + escapePath(p)
		out["download_url"] = nil
	} else {
		data := c.repo.blobs[f.blob]
		out["type"] = "file"
		out["size"] = len(data)
		out["sha"] = f.blob
		out["git_url"] = api + "/git/blobs/" + f.blob
		out["html_url"] = "https://github.com/" + full + "/blob/" + ref + "/" + escapePath(p)
		out["download_url"] = c.host + "/raw/" + full + "/" + ref + "/" + escapePath(p)
		if content {
			out["encoding"] = "base64"
			out["content"] = base64Lines(data)
		}
	}
	if !content {
		delete(out, "content")
		delete(out, "encoding")
	}
	out["_links"] = map[string]any{"self": self, "git": out["git_url"], "html": out["html_url"]}
	return out
}

// GET /repos/{owner}/{repo}/git/blobs/{file_sha}
func getBlob(c *call) {
	sha := c.params["file_sha"]
	data, ok := c.repo.blobs[sha]
	if !ok {
		c.notFound()
		return
	}
	if c.wantsRaw() {
		c.rawBytes(data)
		return
	}
	out := c.tmpl("blob", "blob")
	out["sha"] = sha
	out["node_id"] = base64.StdEncoding.EncodeToString([]byte("B_" + sha))
	out["size"] = len(data)
	out["url"] = c.base + "/repos/" + c.repo.fullName() + "/git/blobs/" + sha
	out["content"] = base64Lines(data)
	out["encoding"] = "base64"
	delete(out, "highlighted_content")
	c.json(http.StatusOK, out)
}

// wantsRaw reports whether the client asked for the raw media type
// (go-github's GetBlobRaw and GetContents with raw Accept).
func (c *call) wantsRaw() bool {
	a := c.r.Header.Get("Accept")
	return strings.Contains(a, "application/vnd.github.raw") || strings.Contains(a, "application/vnd.github.v3.raw")
}

func (c *call) rawBytes(data []byte) {
	c.out.status = http.StatusOK
	c.out.header.Set("Content-Type", "application/vnd.github.raw")
	c.out.body = append([]byte{}, data...)
}

// serveRaw answers GitHub's raw file URLs, the download_url of contents:
// "/raw/{owner}/{repo}/{ref}/{path}" on the fake's host, as GitHub
// Enterprise Server serves them. A ref may hold slashes: the longest ref
// that names a commit holding the path wins.
func (s *Server) serveRaw(c *call) {
	parts := strings.Split(strings.TrimPrefix(c.path, "/raw/"), "/")
	if len(parts) < 4 {
		c.notFound()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[strings.ToLower(parts[0]+"/"+parts[1])]
	if r == nil {
		c.notFound()
		return
	}
	for i := len(parts) - 1; i >= 3; i-- {
		ref := strings.Join(parts[2:i], "/")
		if cm := r.resolve(ref); cm != nil {
			if f := cm.tree[strings.Join(parts[i:], "/")]; f != nil {
				c.out.status = http.StatusOK
				c.out.header.Set("Content-Type", "text/plain; charset=utf-8")
				c.out.body = append([]byte{}, r.blobs[f.blob]...)
				return
			}
		}
	}
	c.notFound()
}
