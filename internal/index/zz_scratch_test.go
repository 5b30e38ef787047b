package index

import (
	"fmt"
	"os"
	"strconv"
	"testing"
)

func TestZZScratch(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ZZN"))
	q, _ := strconv.Atoi(os.Getenv("ZZQ"))
	b := BenchPeople(n, q, 2)
	fmt.Printf("load %v heap/person %.0f keys %d p50 %v p95 %v p99 %v max %v qps %.0f\n", b.Load, b.HeapPerPerson, b.NameKeys, b.P50, b.P95, b.P99, b.Max, b.PerSecond)
	for _, r := range append(b.Recall, b.Total) {
		fmt.Printf("%-20s n=%4d top10 %.3f first %.3f | dated top10 %.3f first %.3f | name top10 %.3f first %.3f | notret %d outr %d\n", r.Kind, r.Queries, Share(r.InTop10, r.Queries), Share(r.FirstMatch, r.Queries), Share(r.DatedTop10, r.Dated), Share(r.DatedFirst, r.Dated), Share(r.NameTop10, r.NameOnly), Share(r.NameFirst, r.NameOnly), r.NotRetrieved, r.Outranked)
	}
}
