package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The load generator counts what was answered: hits by their outcome, a
// refused request as an error, and a cancelled run as an error rather than
// a rate.
func TestBenchRequests(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		n := served.Add(1)
		switch {
		case strings.Contains(string(body), "slow"):
			time.Sleep(time.Second)
		case strings.Contains(string(body), "refuse"):
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		if n%2 == 0 {
			// A large answer goes out in chunks.
			w.Write([]byte(`{"results":[{"outcome":"hit","pad":"` + strings.Repeat("x", 5000) + `"}]}`))
			return
		}
		w.Write([]byte(`{"results":[{"outcome":"no-hit"}]}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	rate, hits, err := benchRequests(ctx, srv.URL+"/api/v1/checks", "tok", 100, 4, func(int) []byte { return []byte(`{"x":1}`) })
	if err != nil || rate.Requests != 100 || hits != 50 {
		t.Fatalf("%d answered, %d hits, %v; want 100, 50", rate.Requests, hits, err)
	}
	if _, _, err := benchRequests(ctx, srv.URL, "", 10, 2, func(int) []byte { return []byte("refuse") }); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("a refused request: %v", err)
	}
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := benchRequests(cctx, srv.URL, "", 10, 2, func(int) []byte { return []byte("slow") }); err == nil {
		t.Fatal("a cancelled run was reported as a rate")
	}
	if time.Since(start) > 900*time.Millisecond {
		t.Fatalf("a cancelled run took %s to end", time.Since(start))
	}
}
