package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// demoPassword is the password of every demo user in these tests.
const demoPassword = "correct horse battery staple"

// cheapArgon2 keeps the tests fast; the production cost is tested in auth.
var cheapArgon2 = auth.Params{MemoryKiB: 64, Time: 1, Threads: 1}

// env is a node with the demo content, served over HTTP, on one store engine.
type env struct {
	t     *testing.T
	node  *app.Node
	url   string
	clock *clock.Fake
	data  string
}

// eachStore runs fn against a fresh node on every available store engine.
func eachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, newEnv(t, b.DSN(t))) })
	}
}

func newEnv(t *testing.T, dsn string) *env {
	t.Helper()
	ctx := context.Background()
	c := clock.NewFake(time.Now().UTC().Truncate(time.Second))
	data := t.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	node, err := app.Open(ctx, app.Config{DataDir: data, DB: dsn, Clock: c, Argon2: &cheapArgon2, Version: "test", MaxBodyBytes: 64 << 10, StreamHeartbeat: 100 * time.Millisecond, Logger: logger})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	t.Cleanup(func() {
		if err := node.Close(); err != nil {
			t.Errorf("close node: %v", err)
		}
	})
	if _, err := node.SeedDemo(ctx, demoPassword, synth.WriteDemoDocuments); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	srv := httptest.NewServer(node.API)
	t.Cleanup(srv.Close)
	return &env{t: t, node: node, url: srv.URL, clock: c, data: data}
}

// anon returns a client without a token.
func (e *env) anon() *client.Client {
	c, err := client.New(e.url)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// as returns a client logged in as a demo user.
func (e *env) as(username string) *client.Client {
	e.t.Helper()
	c := e.anon()
	if _, err := c.Login(context.Background(), username, demoPassword); err != nil {
		e.t.Fatalf("log in as %s: %v", username, err)
	}
	return c
}

// count returns the result of a count(*) query, once what the node was
// told to record is stored (the hits of checks travel with their audit
// entries).
func (e *env) count(query string, args ...any) int {
	if err := e.node.Audit.Settle(context.Background()); err != nil {
		panic("settle the audit log: " + err.Error())
	}
	var n int
	if err := e.node.DB.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		panic("count " + query + ": " + err.Error())
	}
	return n
}

// snapshot counts what a refused request must not change. Sessions are left
// out: tests log in while building their cases.
type snapshot struct{ units, users, tokens, activeTokens, disabledUnits int }

func (e *env) snapshot() snapshot {
	return snapshot{
		units:         e.count(`SELECT count(*) FROM units`),
		disabledUnits: e.count(`SELECT count(*) FROM units WHERE disabled_at IS NOT NULL`),
		users:         e.count(`SELECT count(*) FROM users WHERE disabled_at IS NULL`),
		tokens:        e.count(`SELECT count(*) FROM tokens WHERE kind = 'api'`),
		activeTokens:  e.count(`SELECT count(*) FROM tokens WHERE kind = 'api' AND revoked_at IS NULL`),
	}
}

// unchanged fails t if the store changed since before.
func (e *env) unchanged(t *testing.T, before snapshot) {
	t.Helper()
	if after := e.snapshot(); after != before {
		t.Fatalf("a refused request changed the store: before %+v, after %+v", before, after)
	}
}

// wantCode fails unless err is an API error with this status and code.
func wantCode(t *testing.T, err error, status int, code string) *client.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("want %d %s, got success", status, code)
	}
	var ae *client.Error
	if !errors.As(err, &ae) {
		t.Fatalf("want API error %d %s, got %v", status, code, err)
	}
	if ae.Status != status || ae.Code != code {
		t.Fatalf("want %d %s, got %d %s (%s)", status, code, ae.Status, ae.Code, ae.Message)
	}
	return ae
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
