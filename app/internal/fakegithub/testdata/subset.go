//go:build ignore

// subset.go cuts GitHub's REST OpenAPI description down to the operations
// the fake serves (operations.txt) and the components they reference, so
// the fake loads it in milliseconds instead of parsing 13 MB.
//
//	go run subset.go -spec api.github.com.json -ops operations.txt -out openapi-subset.json
//
// It also drops prose (description, summary) that no validator reads, and
// neutralises example values shaped like real credentials: GitHub's
// examples carry a few token-shaped strings, and this repository must scan
// clean with keyguard itself.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	specPath := flag.String("spec", "", "api.github.com.json from @octokit/openapi")
	opsPath := flag.String("ops", "operations.txt", "operations to keep, one \"METHOD /path\" per line")
	outPath := flag.String("out", "openapi-subset.json", "where to write the subset")
	flag.Parse()
	if err := run(*specPath, *opsPath, *outPath); err != nil {
		fmt.Fprintln(os.Stderr, "subset:", err)
		os.Exit(1)
	}
}

type object = map[string]any

func run(specPath, opsPath, outPath string) error {
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var spec object
	if err := dec.Decode(&spec); err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	ops, err := readOps(opsPath)
	if err != nil {
		return err
	}

	allPaths := spec["paths"].(object)
	paths := object{}
	for _, op := range ops {
		item, ok := allPaths[op.path].(object)
		if !ok {
			return fmt.Errorf("%s: no path %s in the description", opsPath, op.path)
		}
		operation, ok := item[op.method].(object)
		if !ok {
			return fmt.Errorf("%s: no %s %s in the description", opsPath, strings.ToUpper(op.method), op.path)
		}
		kept, _ := paths[op.path].(object)
		if kept == nil {
			kept = object{}
			if params, ok := item["parameters"]; ok {
				kept["parameters"] = params
			}
			paths[op.path] = kept
		}
		kept[op.method] = operation
	}

	// Walk $refs from the kept operations until no new component turns up.
	components := spec["components"].(object)
	keep := map[string]map[string]bool{}
	var queue []any
	queue = append(queue, paths)
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, ref := range refs(v, nil) {
			const prefix = "#/components/"
			if !strings.HasPrefix(ref, prefix) {
				return fmt.Errorf("unexpected $ref %q", ref)
			}
			kind, name, ok := strings.Cut(strings.TrimPrefix(ref, prefix), "/")
			if !ok {
				return fmt.Errorf("unexpected $ref %q", ref)
			}
			if keep[kind][name] {
				continue
			}
			if keep[kind] == nil {
				keep[kind] = map[string]bool{}
			}
			keep[kind][name] = true
			target, ok := components[kind].(object)[name]
			if !ok {
				return fmt.Errorf("dangling $ref %q", ref)
			}
			queue = append(queue, target)
		}
	}
	outComponents := object{}
	for kind, names := range keep {
		m := object{}
		for name := range names {
			m[name] = components[kind].(object)[name]
		}
		outComponents[kind] = m
	}

	out := object{
		"openapi":    spec["openapi"],
		"info":       spec["info"],
		"servers":    spec["servers"],
		"paths":      paths,
		"components": outComponents,
	}
	strip(out)
	n := neutralise(out)

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	if err := os.WriteFile(outPath, buf.Bytes(), 0o644); err != nil {
		return err
	}
	counts := []string{}
	for kind, names := range keep {
		counts = append(counts, fmt.Sprintf("%d %s", len(names), kind))
	}
	sort.Strings(counts)
	fmt.Printf("subset: %d operations, %s; %d token-shaped example values neutralised; %d bytes\n",
		len(ops), strings.Join(counts, ", "), n, buf.Len())
	return nil
}

type op struct{ method, path string }

func readOps(name string) ([]op, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ops []op
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		method, path, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", name, line)
		}
		ops = append(ops, op{strings.ToLower(method), strings.TrimSpace(path)})
	}
	return ops, sc.Err()
}

// refs appends every "$ref" value under v.
func refs(v any, acc []string) []string {
	switch v := v.(type) {
	case object:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" {
				acc = append(acc, s)
				continue
			}
			acc = refs(x, acc)
		}
	case []any:
		for _, x := range v {
			acc = refs(x, acc)
		}
	}
	return acc
}

// strip removes prose that validation never reads. Keys of "properties"
// maps and the values of examples are data, not prose, so they stay, and
// so does a response's description, which OpenAPI requires.
func strip(v any) {
	switch v := v.(type) {
	case object:
		for k, x := range v {
			switch k {
			case "description", "summary":
				if _, ok := x.(string); ok {
					delete(v, k)
					continue
				}
			case "responses":
				if resps, ok := x.(object); ok {
					for _, r := range resps {
						if r, ok := r.(object); ok {
							desc, hasDesc := r["description"]
							strip(r)
							if hasDesc {
								r["description"] = desc
							}
						}
					}
					continue
				}
			case "externalDocs":
				delete(v, k)
				continue
			case "properties":
				if props, ok := x.(object); ok {
					for _, p := range props {
						strip(p)
					}
					continue
				}
			case "value", "example", "examples", "default", "enum":
				continue // data: keep as published
			}
			strip(x)
		}
	case []any:
		for _, x := range v {
			strip(x)
		}
	}
}

// tokenShaped matches the credential formats GitHub documents for its own
// tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_). The fake issues its
// own tokens at run time; the examples only need the shape of a string.
var tokenShaped = regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b`)

// secretName matches keys whose example value is a credential, such as
// the repository example's temp_clone_token.
var secretName = regexp.MustCompile(`(?i)(token|secret|password)$`)

// neutralise rewrites credential-like example strings to obvious
// placeholders and returns how many it changed.
func neutralise(v any) int {
	n := 0
	fix := func(key, s string) (string, bool) {
		r := tokenShaped.ReplaceAllStringFunc(s, placeholder)
		if r == s && secretName.MatchString(key) && s != "" && !strings.Contains(s, "://") && !strings.Contains(s, "EXAMPLE") {
			r = "EXAMPLE_" + strings.ToUpper(key)
		}
		return r, r != s
	}
	switch v := v.(type) {
	case object:
		for k, x := range v {
			if s, ok := x.(string); ok {
				if r, changed := fix(k, s); changed {
					v[k] = r
					n++
				}
				continue
			}
			n += neutralise(x)
		}
	case []any:
		for i, x := range v {
			if s, ok := x.(string); ok {
				if r, changed := fix("", s); changed {
					v[i] = r
					n++
				}
				continue
			}
			n += neutralise(x)
		}
	}
	return n
}

func placeholder(tok string) string {
	prefix, _, _ := strings.Cut(tok, "_")
	if strings.HasPrefix(tok, "github_pat_") {
		prefix = "github_pat"
	}
	return prefix + "_EXAMPLE_TOKEN_REPLACED_BY_THE_FAKE"
}
