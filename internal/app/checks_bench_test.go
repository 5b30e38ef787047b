package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// BenchmarkCheckDocument runs single-document checks through the whole
// handler (token, access decision, index, audit entry durable before the
// answer) without the network: the per-check cost, allocations included,
// behind `ncbnet bench checks`.
func BenchmarkCheckDocument(b *testing.B) {
	ctx := context.Background()
	node, err := app.Open(ctx, app.Config{DataDir: b.TempDir(), Argon2: &cheapArgon2, Version: "bench", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	defer node.Close()
	if _, err := node.SeedDemo(ctx, demoPassword, synth.WriteDemoDocuments); err != nil {
		b.Fatal(err)
	}
	login := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/sessions", bytes.NewReader([]byte(`{"username":"fra.border-officer","password":"`+demoPassword+`"}`)))
	req.Header.Set("Content-Type", "application/json")
	node.API.ServeHTTP(login, req)
	var session struct{ Token string }
	if err := json.Unmarshal(login.Body.Bytes(), &session); err != nil || session.Token == "" {
		b.Fatalf("log in: %d %s", login.Code, login.Body)
	}
	b.ReportAllocs()
	// Each check waits for its audit entry's group flush: like the HTTP
	// benchmark's 32 clients, many are in flight at once.
	b.SetParallelism(16)
	b.ResetTimer()
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := []byte(`{"purpose":"border-control","items":[{"kind":"document","number":"BX` + strconv.FormatInt(n.Add(1)%1_000_000, 10) + `","country":"FRA","type":"P"}]}`)
			req := httptest.NewRequest("POST", "/api/v1/checks", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+session.Token)
			rec := httptest.NewRecorder()
			node.API.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("check: %d %s", rec.Code, rec.Body)
			}
		}
	})
}
