package app_test

import (
	"context"
	"strings"
	"testing"
)

func TestNodeEndpoints(t *testing.T) {
	e := newEnv(t, t.TempDir()+"/node.db")
	ctx := context.Background()
	c := e.anon()

	t.Run("healthz", func(t *testing.T) {
		if err := c.Health(ctx); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("metrics in Prometheus format", func(t *testing.T) {
		e.as("fra.officer")
		status, body, _ := c.Raw(ctx, "GET", "/metrics", "", nil)
		text := string(body)
		if status != 200 || !strings.Contains(text, "# TYPE ncbnet_http_requests_total counter") ||
			!strings.Contains(text, `ncbnet_http_requests_total{method="POST",route="/api/v1/sessions",code="201"}`) ||
			!strings.Contains(text, "ncbnet_audit_tree_size ") {
			t.Fatalf("metrics:\n%s", text)
		}
	})

	t.Run("the OpenAPI document describes every route", func(t *testing.T) {
		doc, err := c.OpenAPI(ctx)
		if err != nil {
			t.Fatal(err)
		}
		paths, _ := doc["paths"].(map[string]any)
		for _, want := range []string{
			"POST /api/v1/sessions", "DELETE /api/v1/sessions/current", "GET /api/v1/me", "GET /api/v1/members", "GET /api/v1/members/{iso3}",
			"GET /api/v1/units", "POST /api/v1/units", "GET /api/v1/units/{id}", "POST /api/v1/units/{id}/disable",
			"GET /api/v1/users", "POST /api/v1/users", "GET /api/v1/users/{id}", "POST /api/v1/users/{id}/disable",
			"GET /api/v1/tokens", "POST /api/v1/tokens", "DELETE /api/v1/tokens/{id}",
			"GET /api/v1/audit/checkpoint", "GET /api/v1/audit/key", "GET /api/v1/audit/entries", "GET /api/v1/audit/entries/{seq}",
			"GET /api/v1/audit/proofs/inclusion", "GET /api/v1/audit/proofs/consistency",
			"GET /api/v1/openapi.json", "GET /healthz", "GET /metrics",
		} {
			method, path, _ := strings.Cut(want, " ")
			item, _ := paths[path].(map[string]any)
			op, _ := item[strings.ToLower(method)].(map[string]any)
			if op == nil || op["summary"] == "" || op["responses"] == nil {
				t.Errorf("OpenAPI lacks %s", want)
			}
		}
	})

	t.Run("unknown routes and methods answer JSON errors", func(t *testing.T) {
		status, body, _ := c.Raw(ctx, "GET", "/api/v1/nothing", "", nil)
		if status != 404 || !strings.Contains(string(body), `"code":"not_found"`) {
			t.Fatalf("404: %d %s", status, body)
		}
		status, body, _ = c.Raw(ctx, "PUT", "/api/v1/members", "", nil)
		if status != 405 || !strings.Contains(string(body), `"code":"method_not_allowed"`) {
			t.Fatalf("405: %d %s", status, body)
		}
	})
}
