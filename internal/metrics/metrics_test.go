package metrics

import (
	"strings"
	"testing"
)

func TestExposition(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounter("ncbnet_requests_total", "Requests answered.", "route", "code")
	c.Inc("/a", "200")
	c.Inc("/a", "200")
	c.Add(3, `/b"x`, "500")
	h := r.NewHistogram("ncbnet_latency_seconds", "Latency.", []float64{0.1, 1}, "route")
	h.Observe(0.05, "/a")
	h.Observe(0.5, "/a")
	h.Observe(5, "/a")
	r.NewGaugeFunc("ncbnet_size", "Size.", func() float64 { return 42 })

	var b strings.Builder
	r.Write(&b)
	want := `# HELP ncbnet_latency_seconds Latency.
# TYPE ncbnet_latency_seconds histogram
ncbnet_latency_seconds_bucket{route="/a",le="0.1"} 1
ncbnet_latency_seconds_bucket{route="/a",le="1"} 2
ncbnet_latency_seconds_bucket{route="/a",le="+Inf"} 3
ncbnet_latency_seconds_sum{route="/a"} 5.55
ncbnet_latency_seconds_count{route="/a"} 3
# HELP ncbnet_requests_total Requests answered.
# TYPE ncbnet_requests_total counter
ncbnet_requests_total{route="/a",code="200"} 2
ncbnet_requests_total{route="/b\"x",code="500"} 3
# HELP ncbnet_size Size.
# TYPE ncbnet_size gauge
ncbnet_size 42
`
	if got := b.String(); got != want {
		t.Fatalf("exposition:\n%s\nwant:\n%s", got, want)
	}
	if got := c.Value("/a", "200"); got != 2 {
		t.Fatalf("Value = %d, want 2", got)
	}
}

func TestDuplicateRegistrationPanics(t *testing.T) {
	r := NewRegistry()
	r.NewCounter("x", "x")
	defer func() {
		if recover() == nil {
			t.Fatal("second registration did not panic")
		}
	}()
	r.NewCounter("x", "x")
}
