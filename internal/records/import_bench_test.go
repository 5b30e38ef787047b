package records

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// synthFile writes n synthetic travel documents to a file and opens it.
func synthFile(tb testing.TB, n int) *os.File {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "sltd.ndjson")
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := synth.Write(out, synth.TravelDocuments{Country: "FRA"}, synth.NDJSON, 1, 0, n); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { in.Close() })
	return in
}

// TestImportSynthetic: every synthetic document passes validation, and
// batches large enough for the prepared INSERT commit on both engines.
func TestImportSynthetic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		const n = 2*importRowsPerInsert + 123
		rep, err := f.s.Import(context.Background(), f.officer, "sltd", FormatNDJSON, synthFile(t, n), nil)
		if err != nil {
			t.Fatal(err)
		}
		wantReport(t, rep, n, n, 0, 0)
		if got := f.records(t); got != n || f.observed.count() != n {
			t.Fatalf("%d records stored, %d observed", got, f.observed.count())
		}
		// And again: all existing.
		rep, err = f.s.Import(context.Background(), f.officer, "sltd", FormatNDJSON, synthFile(t, n), nil)
		if err != nil {
			t.Fatal(err)
		}
		wantReport(t, rep, n, 0, n, 0)
	})
}

// BenchmarkImport imports b.N synthetic travel documents, in one import,
// into a fresh SQLite store: read, parse, validate, commit. The figure is
// docs/s; `ncbnet bench import` measures the same through a whole node.
func BenchmarkImport(b *testing.B) {
	f := newImportFixture(b, storetest.Open(b, storetest.SQLiteDSN(b)))
	f.s.observer = nil // the indexes measure their own cost
	in := synthFile(b, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	rep, err := f.s.Import(context.Background(), f.officer, "sltd", FormatNDJSON, in, nil)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if rep.Created != b.N {
		b.Fatalf("created %d of %d: %+v", rep.Created, b.N, rep.Errors[:min(len(rep.Errors), 5)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
