package fakegithub

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// The part of GitHub's REST description (the @octokit/openapi npm
// package, api.github.com.json) that the fake serves: its operations and
// the components they reference. testdata/regen.sh rebuilds it.
//
//go:embed testdata/openapi-subset.json
var subsetJSON []byte

// apiSpec is the loaded description, shared by every Server of the test
// binary: it is only read after loading.
type apiSpec struct {
	doc      *openapi3.T
	routes   map[string]*routers.Route // by "METHOD /path/{template}"
	loadTime time.Duration

	mu        sync.Mutex
	templates map[string]any // conformed examples, by example and schema name
}

var (
	specOnce sync.Once
	spec     *apiSpec
	specErr  error
)

// loadSpec parses the embedded description once per process.
func loadSpec() (*apiSpec, error) {
	specOnce.Do(func() {
		start := time.Now()
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(subsetJSON)
		if err != nil {
			specErr = fmt.Errorf("fakegithub: load GitHub's OpenAPI description: %w", err)
			return
		}
		sp := &apiSpec{doc: doc, routes: map[string]*routers.Route{}, templates: map[string]any{}}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				sp.routes[method+" "+path] = &routers.Route{
					Spec:      doc,
					Path:      path,
					PathItem:  item,
					Method:    method,
					Operation: op,
				}
			}
		}
		sp.loadTime = time.Since(start)
		spec = sp
	})
	return spec, specErr
}

// SpecLoadTime reports how long parsing GitHub's description took in this
// process (it happens once, in the first New).
func SpecLoadTime() time.Duration {
	if sp, err := loadSpec(); err == nil {
		return sp.loadTime
	}
	return 0
}

// schema returns the component schema name, or nil.
func (sp *apiSpec) schema(name string) *openapi3.Schema {
	ref := sp.doc.Components.Schemas[name]
	if ref == nil {
		return nil
	}
	return ref.Value
}

// template returns a fresh copy of the spec's example named example (its
// first element when the example is a list), completed so that it
// satisfies the schema named schema: where GitHub's example lacks a field
// the schema requires or holds a value the schema rejects, the field gets
// the schema's own example, default, or a zero value. With example "" the
// template is built from the schema alone. Handlers then overwrite the
// fields the fake keeps state for.
func (sp *apiSpec) template(example, schema string) map[string]any {
	key := example + "|" + schema
	sp.mu.Lock()
	t, ok := sp.templates[key]
	if !ok {
		var v any
		if example != "" {
			ex := sp.doc.Components.Examples[example]
			if ex == nil || ex.Value == nil {
				sp.mu.Unlock()
				panic("fakegithub: no example " + example + " in the description")
			}
			v = clone(ex.Value.Value)
			if list, ok := v.([]any); ok && strings.HasSuffix(example, "-items") {
				v = list[0]
			}
		}
		s := sp.schema(schema)
		if s == nil {
			sp.mu.Unlock()
			panic("fakegithub: no schema " + schema + " in the description")
		}
		if s.Type.Is("array") && s.Items != nil && s.Items.Value != nil {
			s = s.Items.Value // a list's template is one of its items
		}
		t = conform(s, v, 0)
		sp.templates[key] = t
	}
	sp.mu.Unlock()
	m, _ := clone(t).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// part is like template but returns only the object at keys inside it
// (such as a pull request example's "user"), without copying the rest.
func (sp *apiSpec) part(example, schema string, keys ...string) map[string]any {
	key := example + "|" + schema + "|" + strings.Join(keys, "/")
	sp.mu.Lock()
	t, ok := sp.templates[key]
	sp.mu.Unlock()
	if !ok {
		var v any = sp.template(example, schema)
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		if _, isMap := v.(map[string]any); !isMap {
			panic("fakegithub: example " + example + " has no object at " + strings.Join(keys, "/"))
		}
		sp.mu.Lock()
		sp.templates[key] = v
		sp.mu.Unlock()
		t = v
	}
	return clone(t).(map[string]any)
}

// clone deep-copies decoded JSON.
func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = clone(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = clone(x)
		}
		return l
	default:
		return v
	}
}

// maxConformDepth bounds conform on recursive schemas.
const maxConformDepth = 24

// conform returns v completed to satisfy s: missing required properties
// are added and values the schema rejects are replaced, recursively.
// Values that already fit are kept, so GitHub's examples survive intact
// wherever they agree with GitHub's schemas.
func conform(s *openapi3.Schema, v any, depth int) any {
	if s == nil || depth > maxConformDepth {
		return v
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			v = conform(sub.Value, v, depth+1)
		}
	}
	if alts := append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...); len(alts) > 0 {
		if v == nil && s.Nullable {
			return nil
		}
		for _, alt := range alts {
			if alt.Value != nil && v != nil && alt.Value.VisitJSON(v) == nil {
				return v
			}
		}
		for _, alt := range alts {
			if alt.Value != nil && (v == nil || sameKind(alt.Value, v)) {
				return conform(alt.Value, v, depth+1)
			}
		}
		return v
	}
	if v == nil {
		if s.Nullable || s.Type == nil || len(s.Type.Slice()) == 0 {
			return nil
		}
		return synthesize(s, depth)
	}
	switch {
	case s.Type.Is("object"):
		m, ok := v.(map[string]any)
		if !ok {
			return synthesize(s, depth)
		}
		for _, name := range s.Required {
			if _, ok := m[name]; !ok {
				var ps *openapi3.Schema
				if p := s.Properties[name]; p != nil {
					ps = p.Value
				}
				m[name] = conform(ps, nil, depth+1)
			}
		}
		for name, p := range s.Properties {
			if x, ok := m[name]; ok && p.Value != nil {
				m[name] = conform(p.Value, x, depth+1)
			}
		}
		return m
	case s.Type.Is("array"):
		l, ok := v.([]any)
		if !ok {
			return synthesize(s, depth)
		}
		if s.Items != nil && s.Items.Value != nil {
			for i, x := range l {
				l[i] = conform(s.Items.Value, x, depth+1)
			}
		}
		return l
	default:
		if s.VisitJSON(v, openapi3.EnableFormatValidation()) != nil {
			return synthesize(s, depth)
		}
		return v
	}
}

func sameKind(s *openapi3.Schema, v any) bool {
	switch v.(type) {
	case map[string]any:
		return s.Type.Is("object")
	case []any:
		return s.Type.Is("array")
	case string:
		return s.Type.Is("string")
	case bool:
		return s.Type.Is("boolean")
	case float64, int, int64:
		return s.Type.Is("integer") || s.Type.Is("number")
	}
	return false
}

// synthesize builds a value for s from nothing: the schema's example or
// default if they fit, its first enum value, or the zero value of its
// type with required properties filled in.
func synthesize(s *openapi3.Schema, depth int) any {
	for _, cand := range []any{s.Example, s.Default} {
		if cand != nil && s.VisitJSON(cand, openapi3.EnableFormatValidation()) == nil {
			return clone(cand)
		}
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch {
	case s.Type.Is("object"):
		return conform(s, map[string]any{}, depth+1)
	case s.Type.Is("array"):
		return []any{}
	case s.Type.Is("string"):
		switch s.Format {
		case "date-time":
			return "2011-01-26T19:01:12Z"
		case "date":
			return "2011-01-26"
		case "uri":
			return "https://api.github.com/"
		case "email":
			return "octocat@github.com"
		}
		return ""
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 0
	case s.Type.Is("boolean"):
		return false
	}
	return nil
}
