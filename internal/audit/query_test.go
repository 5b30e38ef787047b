package audit

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// filterLog appends six entries, one minute apart from t0+1m:
//
//	0 session.create alice   FRA                        success
//	1 record.read    alice   FRA  subj DEU  res R1      success
//	2 record.read    bob     DEU  subj FRA  res R1, R2  denied
//	3 user.create    system       subj ITA  res U1      success
//	4 record.read    carol   ITA            res R2      failure (token)
//	5 audit.read     dpo-fra FRA                        success
func filterLog(t *testing.T, db *store.DB) *Log {
	t.Helper()
	ctx := context.Background()
	l, clk := startLog(t, db)
	entries := []Entry{
		sample("session.create", "alice", "FRA"),
		{Actor: Actor{ID: "U-alice", Name: "alice", Country: "FRA"}, Action: "record.read", Subjects: []string{"DEU"},
			Resources: []string{"R1"}, Purpose: "criminal-investigation", Outcome: OutcomeSuccess},
		{Actor: Actor{ID: "U-bob", Name: "bob", Country: "DEU"}, Action: "record.read", Subjects: []string{"FRA"},
			Resources: []string{"R1", "R2"}, Purpose: "identification", Outcome: OutcomeDenied, Reason: string(fault.RestrictedCountry)},
		{Actor: SystemActor("system"), Action: "user.create", Subjects: []string{"ITA"}, Resources: []string{"U1"}, Outcome: OutcomeSuccess},
		{Actor: Actor{ID: "U-carol", Name: "carol", Token: true, Country: "ITA"}, Action: "record.read",
			Resources: []string{"R2", "R2"}, Outcome: OutcomeFailure, Reason: string(fault.Internal)},
		sample("audit.read", "dpo-fra", "FRA"),
	}
	for _, e := range entries {
		clk.Advance(time.Minute)
		if _, err := l.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func TestEntriesFilter(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	tests := []struct {
		name string
		f    Filter
		want []int64
	}{
		{"everything, newest first", Filter{}, []int64{5, 4, 3, 2, 1, 0}},
		{"one country: actor or subject", Filter{Countries: []string{"FRA"}}, []int64{5, 2, 1, 0}},
		{"two countries", Filter{Countries: []string{"DEU", "ITA"}}, []int64{4, 3, 2, 1}},
		{"no countries at all", Filter{Countries: []string{}}, nil},
		{"country with no entries", Filter{Countries: []string{"ESP"}}, nil},
		{"action", Filter{Action: "record.read"}, []int64{4, 2, 1}},
		{"actor by name", Filter{Actor: "bob"}, []int64{2}},
		{"actor by ID", Filter{Actor: "U-carol"}, []int64{4}},
		{"resource", Filter{Resource: "R1"}, []int64{2, 1}},
		{"resource listed twice in one entry", Filter{Resource: "R2"}, []int64{4, 2}},
		{"outcome", Filter{Outcome: OutcomeDenied}, []int64{2}},
		{"since, inclusive", Filter{Since: at(3)}, []int64{5, 4, 3, 2}},
		{"until, exclusive", Filter{Until: at(3)}, []int64{1, 0}},
		{"time range", Filter{Since: at(2), Until: at(5)}, []int64{3, 2, 1}},
		{"cursor", Filter{Before: 3}, []int64{2, 1, 0}},
		{"one country with a cursor and a limit", Filter{Countries: []string{"FRA"}, Before: 5, Limit: 2}, []int64{2, 1}},
		{"two countries with a cursor", Filter{Countries: []string{"DEU", "ITA"}, Before: 3}, []int64{2, 1}},
		{"limit", Filter{Limit: 2}, []int64{5, 4}},
		{"combined", Filter{Countries: []string{"FRA"}, Action: "record.read", Outcome: OutcomeSuccess}, []int64{1}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := filterLog(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := l.Entries(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if seqs := seqsOf(got); !slices.Equal(seqs, tt.want) {
					t.Fatalf("got %v, want %v", seqs, tt.want)
				}
			})
		}
		t.Run("paging with the cursor", func(t *testing.T) {
			var all []int64
			f := Filter{Limit: 3}
			for {
				page, err := l.Entries(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, seqsOf(page)...)
				if len(page) < f.Limit || page[len(page)-1].Seq == 0 {
					break
				}
				f.Before = page[len(page)-1].Seq
			}
			if want := []int64{5, 4, 3, 2, 1, 0}; !slices.Equal(all, want) {
				t.Fatalf("pages gave %v, want %v", all, want)
			}
		})
		t.Run("entries read back from the leaf", func(t *testing.T) {
			got, err := l.Entries(ctx, Filter{Actor: "bob"})
			if err != nil {
				t.Fatal(err)
			}
			e := got[0]
			if e.Reason != string(fault.RestrictedCountry) || e.Purpose != "identification" || !e.Time.Equal(at(3)) ||
				!slices.Equal(e.Resources, []string{"R1", "R2"}) {
				t.Fatalf("entry 2 = %+v", e)
			}
		})
	})
}

func TestQueryParameters(t *testing.T) {
	bad := []struct {
		name string
		call func(context.Context, *Log) error
		code fault.Code
	}{
		{"limit too large", func(ctx context.Context, l *Log) error {
			_, err := l.Entries(ctx, Filter{Limit: MaxLimit + 2})
			return err
		}, fault.BadParameter},
		{"negative limit", func(ctx context.Context, l *Log) error { _, err := l.Entries(ctx, Filter{Limit: -1}); return err }, fault.BadParameter},
		{"negative cursor", func(ctx context.Context, l *Log) error { _, err := l.Entries(ctx, Filter{Before: -1}); return err }, fault.BadParameter},
		{"bad country", func(ctx context.Context, l *Log) error {
			_, err := l.Entries(ctx, Filter{Countries: []string{"fr"}})
			return err
		}, fault.BadParameter},
		{"bad outcome", func(ctx context.Context, l *Log) error { _, err := l.Entries(ctx, Filter{Outcome: "x"}); return err }, fault.BadParameter},
		{"entry not there", func(ctx context.Context, l *Log) error { _, _, err := l.Entry(ctx, 99); return err }, fault.NotFound},
		{"negative entry", func(ctx context.Context, l *Log) error { _, _, err := l.Entry(ctx, -1); return err }, fault.BadParameter},
		{"inclusion of an entry not there", func(ctx context.Context, l *Log) error { _, err := l.InclusionProof(ctx, 6, 0); return err }, fault.NotFound},
		{"inclusion in a tree too small", func(ctx context.Context, l *Log) error { _, err := l.InclusionProof(ctx, 4, 3); return err }, fault.BadParameter},
		{"inclusion in a tree not there", func(ctx context.Context, l *Log) error { _, err := l.InclusionProof(ctx, 1, 7); return err }, fault.BadParameter},
		{"inclusion of a negative entry", func(ctx context.Context, l *Log) error { _, err := l.InclusionProof(ctx, -1, 0); return err }, fault.BadParameter},
		{"consistency backwards", func(ctx context.Context, l *Log) error { _, _, err := l.ConsistencyProof(ctx, 4, 2); return err }, fault.BadParameter},
		{"consistency past the end", func(ctx context.Context, l *Log) error { _, _, err := l.ConsistencyProof(ctx, 2, 7); return err }, fault.BadParameter},
		{"checkpoint not there", func(ctx context.Context, l *Log) error { _, err := l.CheckpointAt(ctx, 99); return err }, fault.NotFound},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := filterLog(t, db)
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.call(ctx, l); fault.CodeOf(err) != tt.code {
					t.Fatalf("error = %v, want %s", err, tt.code)
				}
			})
		}
		t.Run("inclusion errors name the size parameter", func(t *testing.T) {
			for _, size := range []int64{3, 7, -1} {
				_, err := l.InclusionProof(ctx, 4, size)
				if fe, ok := fault.As(err); !ok || fe.Field != "size" {
					t.Fatalf("InclusionProof(4, %d) = %v, want an error on field size", size, err)
				}
			}
		})
		t.Run("proofs at an older size", func(t *testing.T) {
			p, err := l.InclusionProof(ctx, 1, 3)
			if err != nil || len(p) != 2 {
				t.Fatalf("proof of 1 in 3 = %v, %v", p, err)
			}
			// to = 0 is the latest checkpoint's size, and says so.
			for _, c := range [][3]int64{{0, 6, 6}, {6, 6, 6}, {3, 0, 6}, {0, 0, 6}} {
				_, to, err := l.ConsistencyProof(ctx, c[0], c[1])
				if err != nil || to != c[2] {
					t.Fatalf("ConsistencyProof(%d, %d) = size %d, %v; want size %d", c[0], c[1], to, err, c[2])
				}
			}
		})
	})
}

func seqsOf(entries []Entry) []int64 {
	var out []int64
	for _, e := range entries {
		out = append(out, e.Seq)
	}
	return out
}
