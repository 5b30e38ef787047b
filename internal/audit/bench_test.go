package audit

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// BenchmarkAppend measures appends on the embedded store from many
// concurrent callers, each waiting until its entry is stored, in the tree and
// under a signed checkpoint.
func BenchmarkAppend(b *testing.B) {
	db := storetest.Open(b, storetest.SQLiteDSN(b))
	l, _ := startLog(b, db)
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(256) // 512 callers on 2 cores
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := l.Append(ctx, sample("record.read", "officer"+strconv.FormatInt(n.Add(1)%500, 10), "FRA")); err != nil {
				b.Error(err)
				return
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	var batches int64
	if err := db.QueryRow(ctx, `SELECT count(*) - 1 FROM audit_checkpoints`).Scan(&batches); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "entries/s")
	b.ReportMetric(float64(b.N)/float64(max(batches, 1)), "entries/batch")
}
