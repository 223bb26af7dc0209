package fakegithub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// validateRequest checks the request against GitHub's description. A
// request that breaks it gets GitHub's answer and is recorded.
func (s *Server) validateRequest(c *call, rec *Request) bool {
	route := s.spec.routes[c.rt.method+" "+c.rt.path]
	body := bytes.TrimSpace(c.raw)
	// ghinstallation sends the JSON "null" when it has no token options;
	// GitHub takes that as no body.
	if bytes.Equal(body, []byte("null")) {
		body = nil
	}
	req := c.r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	if len(body) > 0 && req.Header.Get("Content-Type") == "" {
		// GitHub parses a body as JSON whatever its declared type.
		req.Header.Set("Content-Type", "application/json")
	}
	if len(body) == 0 {
		req.Header.Del("Content-Type")
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: c.params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults:     true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
		},
	}
	err := openapi3filter.ValidateRequest(context.Background(), in)
	if re, ok := err.(*openapi3filter.RequestError); ok && re.Parameter != nil && re.Parameter.In == "query" {
		// GitHub ignores a query parameter it cannot read (per_page=many
		// lists 30); the request is still recorded, as the App is wrong.
		s.mu.Lock()
		s.invalid = append(s.invalid, Invalid{Request: withStatus(*rec, 0), Reason: describe(err)})
		s.mu.Unlock()
		err = nil
	}
	if err == nil {
		if len(body) > 0 {
			if json.Unmarshal(body, &c.body) != nil {
				c.body = nil
			}
		}
		return true
	}

	status, message := githubValidationError(err, body)
	switch status {
	case http.StatusBadRequest:
		c.error(status, message)
	case http.StatusNotFound:
		c.error(status, "Not Found")
	default:
		c.errorWith(status, message, map[string]any{"errors": []any{}})
	}
	s.mu.Lock()
	s.invalid = append(s.invalid, Invalid{Request: withStatus(*rec, status), Reason: describe(err)})
	s.mu.Unlock()
	return false
}

// describe words a validation error in one line, without the schema
// kin-openapi appends.
func describe(err error) string {
	re, ok := err.(*openapi3filter.RequestError)
	if !ok {
		return err.Error()
	}
	where := "request body"
	if re.Parameter != nil {
		where = fmt.Sprintf("parameter %q in %s", re.Parameter.Name, re.Parameter.In)
	}
	if se, ok := re.Err.(*openapi3.SchemaError); ok {
		return fmt.Sprintf("%s at %q: %s", where, "/"+strings.Join(se.JSONPointer(), "/"), se.Reason)
	}
	if re.Err != nil {
		return where + ": " + re.Err.Error()
	}
	return err.Error()
}

// githubValidationError words a validation failure the way GitHub does:
// 400 "Problems parsing JSON" for a body that is not JSON, 404 for a path
// parameter of the wrong type (GitHub's router finds no route), and 422
// "Invalid request." with the reason for everything else.
func githubValidationError(err error, body []byte) (int, string) {
	if len(body) > 0 && !json.Valid(body) {
		return http.StatusBadRequest, "Problems parsing JSON"
	}
	var reqErr *openapi3filter.RequestError
	if re, ok := err.(*openapi3filter.RequestError); ok {
		reqErr = re
	}
	if reqErr != nil && reqErr.Parameter != nil && reqErr.Parameter.In == "path" {
		return http.StatusNotFound, "Not Found"
	}
	reason := err.Error()
	var se *openapi3.SchemaError
	if reqErr != nil {
		if e, ok := reqErr.Err.(*openapi3.SchemaError); ok {
			se = e
		}
	}
	if se != nil {
		field := strings.Join(se.JSONPointer(), "/")
		switch se.SchemaField {
		case "required":
			// kin-openapi: property "name" is missing
			name := strings.TrimSuffix(strings.TrimPrefix(se.Reason, `property "`), `" is missing`)
			reason = fmt.Sprintf("%q wasn't supplied.", name)
		case "maxItems":
			n := 0
			if l, ok := se.Value.([]any); ok {
				n = len(l)
			}
			max := 0
			if se.Schema != nil && se.Schema.MaxItems != nil {
				max = int(*se.Schema.MaxItems)
			}
			reason = fmt.Sprintf("No more than %d items are allowed; %d were supplied.", max, n)
		default:
			reason = fmt.Sprintf("For 'properties/%s', %s.", field, se.Reason)
		}
	} else if reqErr != nil && reqErr.Parameter != nil {
		reason = fmt.Sprintf("%s is invalid: %v", reqErr.Parameter.Name, reqErr.Err)
	}
	return http.StatusUnprocessableEntity, "Invalid request.\n\n" + reason
}

// validateResponse checks a response against the description and returns
// why it does not fit, or "". Status codes the description does not list
// for the operation (GitHub sends 401, 403, 502 and more everywhere) are
// only checked for being errors.
func (s *Server) validateResponse(c *call) string {
	route := s.spec.routes[c.rt.method+" "+c.rt.path]
	out := c.out
	if out.status == http.StatusNotModified || !strings.HasPrefix(out.header.Get("Content-Type"), "application/json") {
		return "" // raw media types are outside the JSON description
	}
	if route.Operation.Responses.Status(out.status) == nil {
		if out.status < 400 {
			return fmt.Sprintf("status %d is not in GitHub's description of %s %s", out.status, c.rt.method, c.rt.path)
		}
		return ""
	}
	req := c.r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(nil))
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: c.params,
			Route:      route,
		},
		Status: out.status,
		Header: out.header,
		Body:   io.NopCloser(bytes.NewReader(out.body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		if re, ok := err.(*openapi3filter.ResponseError); ok {
			if se, ok := re.Err.(*openapi3.SchemaError); ok {
				return fmt.Sprintf("response body at %q: %s", "/"+strings.Join(se.JSONPointer(), "/"), se.Reason)
			}
		}
		return err.Error()
	}
	return ""
}
