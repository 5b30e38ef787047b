// Package metrics counts what the node does and writes the figures in the
// Prometheus text exposition format (version 0.0.4) for GET /metrics.
//
// It is deliberately small: counters, gauges read from a function, and
// histograms with fixed buckets, each with a fixed set of label names. Label
// values must come from a small known set (routes, methods, status codes),
// never from user input, so that the number of series stays bounded.
package metrics

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds metrics and writes them out.
type Registry struct {
	mu      sync.Mutex
	metrics []metric
}

type metric interface {
	name() string
	write(w io.Writer)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{} }

func (r *Registry) add(m metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, old := range r.metrics {
		if old.name() == m.name() {
			panic("BUG: metrics: " + m.name() + " registered twice")
		}
	}
	r.metrics = append(r.metrics, m)
}

// Write writes every metric, sorted by name.
func (r *Registry) Write(w io.Writer) {
	r.mu.Lock()
	ms := append([]metric(nil), r.metrics...)
	r.mu.Unlock()
	sort.Slice(ms, func(i, j int) bool { return ms[i].name() < ms[j].name() })
	for _, m := range ms {
		m.write(w)
	}
}

type desc struct {
	n, help string
	labels  []string
}

func (d desc) name() string { return d.n }

func (d desc) header(w io.Writer, typ string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", d.n, d.help, d.n, typ)
}

// series renders {a="x",b="y"} for the label values of one series.
func (d desc) series(values []string, extra ...string) string {
	if len(d.labels) == 0 && len(extra) == 0 {
		return ""
	}
	parts := make([]string, 0, len(values)+1)
	for i, l := range d.labels {
		parts = append(parts, l+`="`+escape(values[i])+`"`)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		parts = append(parts, extra[i]+`="`+escape(extra[i+1])+`"`)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func key(values []string) string { return strings.Join(values, "\x00") }

// CounterVec is a family of counters with the same label names.
type CounterVec struct {
	desc
	mu     sync.RWMutex
	series map[string]*counterSeries
}

type counterSeries struct {
	values []string
	n      atomic.Uint64
}

// NewCounter registers a counter family.
func (r *Registry) NewCounter(name, help string, labels ...string) *CounterVec {
	c := &CounterVec{desc: desc{name, help, labels}, series: map[string]*counterSeries{}}
	r.add(c)
	return c
}

// Inc adds one to the series with these label values.
func (c *CounterVec) Inc(values ...string) { c.Add(1, values...) }

// Add adds n to the series with these label values.
func (c *CounterVec) Add(n uint64, values ...string) {
	if len(values) != len(c.labels) {
		panic("BUG: metrics: " + c.n + ": wrong number of label values")
	}
	k := key(values)
	c.mu.RLock()
	s, ok := c.series[k]
	c.mu.RUnlock()
	if !ok {
		c.mu.Lock()
		if s, ok = c.series[k]; !ok {
			s = &counterSeries{values: append([]string(nil), values...)}
			c.series[k] = s
		}
		c.mu.Unlock()
	}
	s.n.Add(n)
}

// Value returns the current value of one series.
func (c *CounterVec) Value(values ...string) uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if s, ok := c.series[key(values)]; ok {
		return s.n.Load()
	}
	return 0
}

func (c *CounterVec) write(w io.Writer) {
	c.header(w, "counter")
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, k := range sortedKeys(c.series) {
		s := c.series[k]
		fmt.Fprintf(w, "%s%s %d\n", c.n, c.desc.series(s.values), s.n.Load())
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// GaugeFunc is a gauge whose value is read when the metrics are written.
type GaugeFunc struct {
	desc
	f func() float64
}

// NewGaugeFunc registers a gauge read from f.
func (r *Registry) NewGaugeFunc(name, help string, f func() float64) {
	r.add(&GaugeFunc{desc: desc{n: name, help: help}, f: f})
}

func (g *GaugeFunc) write(w io.Writer) {
	g.header(w, "gauge")
	fmt.Fprintf(w, "%s %s\n", g.n, formatFloat(g.f()))
}

// HistogramVec is a family of histograms with the same buckets and labels.
type HistogramVec struct {
	desc
	buckets []float64
	mu      sync.Mutex
	series  map[string]*histSeries
}

type histSeries struct {
	values []string
	counts []uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

// NewHistogram registers a histogram family with the given upper bounds.
func (r *Registry) NewHistogram(name, help string, buckets []float64, labels ...string) *HistogramVec {
	h := &HistogramVec{desc: desc{name, help, labels}, buckets: buckets, series: map[string]*histSeries{}}
	r.add(h)
	return h
}

// Observe records one value in the series with these label values.
func (h *HistogramVec) Observe(v float64, values ...string) {
	if len(values) != len(h.labels) {
		panic("BUG: metrics: " + h.n + ": wrong number of label values")
	}
	k := key(values)
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.series[k]
	if !ok {
		s = &histSeries{values: append([]string(nil), values...), counts: make([]uint64, len(h.buckets))}
		h.series[k] = s
	}
	for i, b := range h.buckets {
		if v <= b {
			s.counts[i]++
			break
		}
	}
	s.count++
	s.sum += v
}

func (h *HistogramVec) write(w io.Writer) {
	h.header(w, "histogram")
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range sortedKeys(h.series) {
		s := h.series[k]
		var cum uint64
		for i, b := range h.buckets {
			cum += s.counts[i]
			fmt.Fprintf(w, "%s_bucket%s %d\n", h.n, h.desc.series(s.values, "le", formatFloat(b)), cum)
		}
		fmt.Fprintf(w, "%s_bucket%s %d\n", h.n, h.desc.series(s.values, "le", "+Inf"), s.count)
		fmt.Fprintf(w, "%s_sum%s %s\n", h.n, h.desc.series(s.values), formatFloat(s.sum))
		fmt.Fprintf(w, "%s_count%s %d\n", h.n, h.desc.series(s.values), s.count)
	}
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// LatencyBuckets suit request latencies, from 100 µs to 10 s.
var LatencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}
