package fakegithub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// call is one request on its way through the server.
type call struct {
	s       *Server
	r       *http.Request
	rt      *route
	params  map[string]string
	query   url.Values
	raw     []byte         // request body
	body    map[string]any // the body decoded, for JSON bodies
	host    string         // "http://host"
	base    string         // "http://host" or "http://host/api/v3"
	path    string         // request path without the prefix
	app     *App
	inst    *Installation
	tok     *token
	repo    *repoState
	out     response
	fault   Fault
	charged bool // the request was counted against its rate limit
}

// json answers status with v as JSON.
func (c *call) json(status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("fakegithub: " + err.Error())
	}
	c.out.status = status
	c.out.body = b
}

// error answers with GitHub's error shape.
func (c *call) error(status int, message string) {
	c.errorWith(status, message, nil)
}

func (c *call) errorWith(status int, message string, extra map[string]any) {
	body := map[string]any{
		"message":           message,
		"documentation_url": docsURL,
		"status":            strconv.Itoa(status),
	}
	for k, v := range extra {
		body[k] = v
	}
	c.json(status, body)
}

func (c *call) notFound() { c.error(http.StatusNotFound, "Not Found") }

// unprocessable answers 422 "Validation Failed" with GitHub's error list.
func (c *call) unprocessable(resource, field, code, message string) {
	e := map[string]any{"resource": resource, "code": code}
	if field != "" {
		e["field"] = field
	}
	if message != "" {
		e["message"] = message
	}
	c.errorWith(http.StatusUnprocessableEntity, "Validation Failed", map[string]any{"errors": []any{e}})
}

// intParam returns a path parameter the description types as an integer
// (already validated).
func (c *call) intParam(name string) int64 {
	n, _ := strconv.ParseInt(c.params[name], 10, 64)
	return n
}

// str returns a string field of the request body.
func (c *call) str(key string) (string, bool) {
	v, ok := c.body[key].(string)
	return v, ok
}

// num returns an integer field of the request body.
func (c *call) num(m map[string]any, key string) (int, bool) {
	switch v := m[key].(type) {
	case float64:
		return int(v), true
	case json.Number:
		n, err := v.Int64()
		return int(n), err == nil
	}
	return 0, false
}

// paginate picks the slice of n items the request's page and per_page ask
// for, as GitHub does: per_page defaults to 30 and is cut to max, pages
// count from 1, and a Link header names the next, last, first and
// previous pages. limit caps the items GitHub will list at all (3000 files
// of a pull request, for one).
func (c *call) paginate(n, defaultPer, max, limit int) (lo, hi int) {
	per := defaultPer
	if v, err := strconv.Atoi(c.query.Get("per_page")); err == nil && v > 0 {
		per = v
	}
	if per > max {
		per = max
	}
	page := 1
	if v, err := strconv.Atoi(c.query.Get("page")); err == nil && v > 0 {
		page = v
	}
	if limit > 0 && n > limit {
		n = limit
	}
	last := (n + per - 1) / per
	if last < 1 {
		last = 1
	}
	lo = (page - 1) * per
	if lo > n {
		lo = n
	}
	hi = min(lo+per, n)

	link := func(p int, rel string) string {
		q := url.Values{}
		for k, v := range c.query {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(p))
		if c.query.Get("per_page") != "" {
			q.Set("per_page", strconv.Itoa(per))
		}
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, c.base, c.path, q.Encode(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(min(page-1, last), "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		c.out.header.Set("Link", strings.Join(links, ", "))
	}
	return lo, hi
}
