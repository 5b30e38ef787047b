package bench

import "testing"

func TestBenchLookupSmall(t *testing.T) {
	r := Lookup(20000, 20000, 2)
	if r.HitShare < 0.45 || r.HitShare > 0.55 {
		t.Fatalf("hit share %.2f, want about half", r.HitShare)
	}
	if r.TablePerDoc > 64 || r.HeapPerDoc > 64 {
		t.Fatalf("%.1f bytes a document in the tables", r.TablePerDoc)
	}
}
