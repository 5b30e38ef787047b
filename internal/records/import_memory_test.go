package records

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// bigLine is a valid passport line whose properties take about valueLen ×
// values bytes: notes of distinct values (a text property may hold 100
// values of 10,000 characters).
func bigLine(i, values, valueLen int) string {
	notes := make([]string, values)
	for v := range notes {
		notes[v] = fmt.Sprintf("%q", fmt.Sprintf("%06d-%03d ", i, v)+strings.Repeat("n", valueLen-11))
	}
	return fmt.Sprintf(`{"key":"big-%06d","schema":"Passport","properties":{"number":["33BG%05d"],"country":["FRA"],"type":["P"],"status":["stolen"],"notes":[%s]}}`,
		i, i, strings.Join(notes, ","))
}

// linesBody is a body of n lines made as they are read, so that the test
// holds no more than one of them.
type linesBody struct {
	n, next int
	line    func(i int) string
	pending []byte
}

func (b *linesBody) Read(p []byte) (int, error) {
	for len(b.pending) == 0 {
		if b.next == b.n {
			return 0, io.EOF
		}
		b.pending = []byte(b.line(b.next) + "\n")
		b.next++
	}
	n := copy(p, b.pending)
	b.pending = b.pending[n:]
	return n, nil
}

// counter is an Observer that counts.
type counter struct{ n atomic.Int64 }

func (c *counter) RecordChanged(Record) { c.n.Add(1) }
func (c *counter) RecordDeleted(Record) {}

// heapPeak samples the heap in use until stopped, and returns its peak.
func heapPeak() (stop func() uint64) {
	var (
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak }
}

// TestImportMemoryBounded: an import of many lines near the limit of what a
// record may hold keeps its memory bounded. Batches close at a byte budget
// as well as at a number of lines, so the few batches in flight hold tens
// of megabytes, not the whole body (this one is about 100 MB).
func TestImportMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100 MB")
	}
	f := newImportFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	counted := &counter{}
	f.s.observer = counted // the recorder would keep every record
	const lines = 400
	line := func(i int) string { return bigLine(i, 25, 9900) } // ≈ 248 KB of properties
	if n := len(line(0)); n > MaxImportLine || n < 240<<10 {
		t.Fatalf("a line of %d bytes", n)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	stop := heapPeak()
	rep, err := f.s.Import(context.Background(), f.officer, "sltd", FormatNDJSON, &linesBody{n: lines, line: line}, nil)
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	wantReport(t, rep, lines, lines, 0, 0)
	if counted.n.Load() != lines {
		t.Fatalf("%d records observed", counted.n.Load())
	}
	grew := int64(peak) - int64(base.HeapAlloc)
	t.Logf("heap grew by at most %d MiB importing %d MiB", grew>>20, lines*len(line(0))>>20)
	// Without the byte budget, the whole body was in one batch: 260 MiB;
	// with it, about 60 MiB.
	if grew > 128<<20 {
		t.Fatalf("the heap grew by %d MiB importing %d lines of %d KiB", grew>>20, lines, len(line(0))>>10)
	}
}

// TestImportRecordTooLarge: a line may be up to MaxImportLine bytes, but a
// record's properties no more than maxImportProperties once encoded; a
// larger record is refused with its line, and the others are imported.
func TestImportRecordTooLarge(t *testing.T) {
	f := newImportFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	body := strings.Join([]string{
		bigLine(1, 25, 9900),   // ≈ 248 KB: taken
		bigLine(2, 30, 9900),   // ≈ 297 KB: too large
		bigLine(3, 100, 10000), // ≈ 1 MB, still a line: too large
		passportLine("small-4", "33BG99999"),
	}, "\n")
	if len(bigLine(3, 100, 10000)) > MaxImportLine {
		t.Fatal("line 3 should fit a line")
	}
	rep := f.importNDJSON(t, body, 100)
	wantReport(t, rep, 4, 2, 0, 2)
	for i, e := range rep.Errors {
		if e.Line != i+2 || e.Code != fault.InvalidField || e.Field != "properties" || !strings.Contains(e.Message, fmt.Sprint(maxImportProperties)) {
			t.Fatalf("errors = %+v", rep.Errors)
		}
	}
	// As CSV: names are short, but a cell holds up to 100 of them.
	names := func(prefix string) string {
		var vs []string
		for v := range 100 {
			vs = append(vs, prefix+string(rune('a'+v/26))+string(rune('a'+v%26))+strings.Repeat("王", 497))
		}
		return strings.Join(vs, ";")
	}
	csv := "key,number,country,type,status,surname,givenName\n" +
		"csv-big-1,33CB00001,FRA,P,stolen," + names("a") + ",\n" +
		"csv-big-2,33CB00002,FRA,P,stolen," + names("a") + "," + names("b") + "\n" +
		"csv-big-3,33CB00003,FRA,P,stolen,,\n"
	rep, err := f.s.importStream(context.Background(), f.officer, "sltd", FormatCSV, strings.NewReader(csv), nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	wantReport(t, rep, 3, 2, 0, 1)
	if e := rep.Errors[0]; e.Line != 3 || e.Field != "properties" {
		t.Fatalf("errors = %+v", rep.Errors)
	}
}
