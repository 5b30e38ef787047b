package bench

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// LookupResult is the outcome of Lookup.
type LookupResult struct {
	Documents     int
	Build         time.Duration
	Lookups       int
	Workers       int
	LookupsPerSec float64
	HitShare      float64
	// HeapPerDoc is the heap the index grew by, per document, after a
	// garbage collection; TablePerDoc counts only the identifier table and
	// the slot array.
	HeapPerDoc  float64
	TablePerDoc float64
}

// Lookup loads n synthetic travel documents (internal/synth, valid
// check digits, realistic country mix) into a fresh index and measures
// identifier lookups, half for documents present and half for numbers that
// are not, from workers goroutines.
func Lookup(n, lookups, workers int) LookupResult {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	x := index.New(n)
	gen := synth.TravelDocuments{}
	ids := id.NewGenerator(clock.Real{}, nil)
	props := map[string][]string{}
	rec := records.Record{Database: "sltd", Schema: "Passport", Status: records.StatusActive, Properties: props}
	for i := 0; i < n; i++ {
		rec.ID = ids.New()
		for _, p := range gen.Record(1, i).Properties {
			switch p.Name {
			case "number":
				props["number"] = p.Values
			case "country":
				rec.Owner = p.Values[0]
			}
		}
		x.RecordChanged(rec)
	}
	build := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	st := x.Stats()

	// The queries, made after the memory was measured: documents present
	// (regenerated from their seed) and as many numbers that are not.
	queries := make([]string, 0, lookups)
	rng := rand.New(rand.NewPCG(7, 7))
	for len(queries) < lookups {
		if len(queries)%2 == 0 {
			for _, p := range gen.Record(1, rng.IntN(n)).Properties {
				if p.Name == "number" {
					queries = append(queries, p.Values[0])
				}
			}
		} else {
			queries = append(queries, "ZQ"+strconv.Itoa(1000000+rng.IntN(8999999)))
		}
	}
	var hits int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	t0 := time.Now()
	per := len(queries) / workers
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(part []string) {
			defer wg.Done()
			h := 0
			for _, q := range part {
				if x.CountIdentifier(records.KindDocumentNumber, q) > 0 {
					h++
				}
			}
			mu.Lock()
			hits += int64(h)
			mu.Unlock()
		}(queries[w*per : (w+1)*per])
	}
	wg.Wait()
	elapsed := time.Since(t0)
	done := per * workers
	return LookupResult{
		Documents: n, Build: build, Lookups: done, Workers: workers,
		LookupsPerSec: float64(done) / elapsed.Seconds(), HitShare: float64(hits) / float64(done),
		HeapPerDoc:  float64(after.HeapAlloc-before.HeapAlloc) / float64(n),
		TablePerDoc: float64(st.IdentifierBytes+st.SlotBytes) / float64(n),
	}
}
