package index

import (
	"fmt"
	"testing"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/synth"
)

func TestZZDebug(t *testing.T) {
	const n = 1000000
	gen := synth.Persons{}
	kinds := synth.VariantKinds()
	qs := peopleQueries(gen, n, 2000, kinds)
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	idOf := map[int]string{}
	for i := 0; i < n; i++ {
		props := map[string][]string{}
		for _, p := range gen.Record(peopleSeed, i).Properties {
			props[p.Name] = p.Values
		}
		rec := records.Record{ID: ids.New(), Database: "nominal", Schema: "Person", Status: records.StatusActive, Properties: props}
		x.RecordChanged(rec)
		idOf[i] = rec.ID
	}
	for _, q := range qs {
		res := x.SearchPeople(q.person, []string{"nominal"}, 10)
		v := judge(gen, q, idOf[q.source], res)
		if v.NotRetrieved == 0 {
			continue
		}
		src := gen.Variants(peopleSeed, q.source)[0].Name
		fmt.Printf("%-14s %-40s <- %-40s %.2f qkeys %v skeys %v\n", kinds[q.kind], q.person.Names[0], src, sourceScore(gen, q), names.Keys(q.person.Names[0]), names.Keys(src))
		for _, k := range names.Keys(q.person.Names[0]) {
			fmt.Printf("    %s:%d", k, len(x.names[k]))
		}
		fmt.Println()
	}
}
