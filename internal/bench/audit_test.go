package bench

import (
	"context"
	"testing"

	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// AuditAppend appends every entry and reports a rate.
func TestAuditAppend(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	res, err := AuditAppend(context.Background(), db, 8, 200)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 200 || res.Elapsed <= 0 || res.PerSecond <= 0 {
		t.Fatalf("result %+v", res)
	}
	var n int64
	if err := db.QueryRow(context.Background(), `SELECT count(*) FROM audit_entries`).Scan(&n); err != nil || n != 200 {
		t.Fatalf("%d entries stored, %v", n, err)
	}
}
