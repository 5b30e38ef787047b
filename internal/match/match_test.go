package match_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/search"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

type fixture struct {
	t       *testing.T
	db      *store.DB
	x       *index.Index
	records *records.Service
	search  *search.Service
	ncb     map[string]access.Principal
}

func newFixture(t *testing.T, dsn string, extra func(x *index.Index) []match.Kind) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, dsn)
	clk := clock.NewFake(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	ids := id.NewGenerator(clk, nil)
	log := audittest.Start(t, db, clk, ids)
	if err := member.NewService(db, log, nil, clk, ids).SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	x := index.New(0)
	kinds := []match.Kind{match.Identifiers(x), match.Names(x), match.Text(x)}
	if extra != nil {
		kinds = append(kinds, extra(x)...)
	}
	engine := match.New(db, kinds...)
	f := &fixture{t: t, db: db, x: x, ncb: map[string]access.Principal{},
		records: records.NewService(records.Config{DB: db, Audit: log, Clock: clk, IDs: ids, Observer: x}),
	}
	f.search = search.NewService(db, engine, log, hits.NewDiscloser(log, nil, nil), clk, ids)
	for _, c := range []string{"FRA", "ITA", "DEU", "BRA"} {
		u, err := member.NCBOf(ctx, db, c)
		if err != nil {
			t.Fatal(err)
		}
		f.ncb[c] = access.Principal{ID: "01J" + c + "OFFICER00000000000000", Name: strings.ToLower(c) + ".officer", Country: c, UnitID: u.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
	}
	return f
}

func (f *fixture) create(owner, db string, n records.NewRecord) records.Record {
	f.t.Helper()
	r, _, err := f.records.Create(context.Background(), f.ncb[owner], db, n)
	if err != nil {
		f.t.Fatalf("create %s record: %v", db, err)
	}
	return r
}

func artwork(title, creator, description string) records.NewRecord {
	return records.NewRecord{Schema: "Artwork", Properties: map[string][]string{
		"title": {title}, "creator": {creator}, "description": {description}, "status": {"stolen"}, "category": {"painting"},
	}}
}

func (f *fixture) find(p access.Principal, props map[string][]string) (search.Answer, error) {
	q := search.Query{Purpose: access.PurposeCriminalInvestigation, Databases: []string{"works-of-art"}}
	q.Query.Schema, q.Query.Properties = "Artwork", props
	return f.search.Search(context.Background(), p, q)
}

// Works of art are found by the words of their creator, title and
// description, diacritics folded, the record holding every word first; a
// record whose owner withholds it is neither shown nor counted.
func TestTextSearch(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b.DSN(t), nil)
			fan := f.create("ITA", "works-of-art", artwork("Ritratto di donna con ventaglio", "Amedeo Modigliani", "Portrait de femme à l'éventail, huile sur toile, 1919"))
			other := f.create("FRA", "works-of-art", artwork("Nature morte", "Paul Cézanne", "Huile sur toile: pommes et éventail"))
			hidden := artwork("Femme à l'éventail", "Anonyme", "Portrait de femme, éventail")
			hidden.Restrictions = &access.Restrictions{ExcludedCountries: []string{"DEU"}}
			withheld := f.create("FRA", "works-of-art", hidden)

			a, err := f.find(f.ncb["DEU"], map[string][]string{"description": {"portrait femme EVENTAIL"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Items) != 2 || a.Items[0].Record.ID != fan.ID || a.Items[1].Record.ID != other.ID {
				t.Fatalf("%+v, want the portrait first, then the still life", a.Items)
			}
			if a.Items[0].Score != 1 || !a.Items[0].Match || a.Items[1].Match || !slices.Contains(a.Items[0].Explanation, "description: portrait, femme, eventail") {
				t.Fatalf("scores %+v", a.Items)
			}
			// FRA, which owns the withheld one, finds it.
			a, err = f.find(f.ncb["FRA"], map[string][]string{"description": {"portrait femme eventail"}})
			if err != nil || len(a.Items) != 3 || !slices.ContainsFunc(a.Items, func(r search.Result) bool { return r.Record.ID == withheld.ID }) {
				t.Fatalf("the owner: %+v %v", a.Items, err)
			}
			// By creator, across properties.
			a, err = f.find(f.ncb["DEU"], map[string][]string{"creator": {"cezanne"}})
			if err != nil || len(a.Items) != 1 || a.Items[0].Record.ID != other.ID || a.Items[0].Score != 1 {
				t.Fatalf("by creator: %+v %v", a.Items, err)
			}
			// A property no kind reads is refused, naming the searchable ones.
			_, err = f.find(f.ncb["DEU"], map[string][]string{"dimensions": {"65 x 54"}})
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Code != fault.NotSearchable || fe.Field != "query.properties.dimensions" || !strings.Contains(fe.Message, "description") {
				t.Fatalf("dimensions: %v, want not_searchable naming the searchable properties", err)
			}
			// Words of one letter, or none, are nothing to search by.
			_, err = f.find(f.ncb["DEU"], map[string][]string{"description": {"à l'"}})
			if !errors.As(err, &fe) || fe.Code != fault.NotSearchable {
				t.Fatalf("no words: %v, want not_searchable", err)
			}
		})
	}
}

// dimensionsKind is a kind of match a later module could bring: works of
// art by their dimensions, with an index of its own (an index field) and a
// scorer. Registering it is all it takes for search to use it.
type dimensionsKind struct{ x *index.Index }

type dimensionsField struct{ bySize map[string][]uint32 }

func (d *dimensionsField) Add(slot uint32, r records.Record) {
	for _, v := range r.Properties["dimensions"] {
		d.bySize[sizeKey(v)] = append(d.bySize[sizeKey(v)], slot)
	}
}

// sizeKey reads "65 x 54 cm", "65x54" and "65 × 54" alike.
func sizeKey(v string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r < '0' || r > '9' }), "x")
}

func newDimensions(x *index.Index) match.Kind {
	x.AddField("dimensions", func() index.Field { return &dimensionsField{bySize: map[string][]uint32{}} })
	return dimensionsKind{x}
}

func (dimensionsKind) Name() string { return "dimensions" }
func (dimensionsKind) Searchable(s *records.Schema) []string {
	if s.Name == "Artwork" {
		return []string{"dimensions"}
	}
	return nil
}
func (dimensionsKind) Probes(s *records.Schema, props map[string][]string) []match.Probe {
	var out []match.Probe
	for _, v := range props["dimensions"] {
		out = append(out, match.Probe{Field: "dimensions", Values: []string{v}})
	}
	return out
}
func (k dimensionsKind) Candidates(_ context.Context, p access.Principal, q match.Probe, check bool, results int) ([]match.Candidate, error) {
	found := k.x.Find("dimensions", p, q.Databases, check, results, func(f index.Field, r index.FieldReader) {
		for _, slot := range f.(*dimensionsField).bySize[sizeKey(q.Values[0])] {
			if !r.Offer(slot, 1) {
				return
			}
		}
	})
	out := make([]match.Candidate, len(found))
	for i, c := range found {
		out[i] = match.Candidate{ID: c.ID}
	}
	return out, nil
}
func (dimensionsKind) Score(q match.Probe, r records.Record) (match.Score, bool) {
	for _, v := range r.Properties["dimensions"] {
		if sizeKey(v) == sizeKey(q.Values[0]) {
			return match.Score{Value: 1, Matched: []string{"dimensions"}, Why: []string{"dimensions = " + v}}, true
		}
	}
	return match.Score{}, false
}

// A kind added by registration alone: search (and the HTTP layer over it)
// unchanged finds works of art by their dimensions, through the kind's own
// index, with the owner's restrictions applied as for every kind.
func TestPluginKind(t *testing.T) {
	f := newFixture(t, storetest.SQLiteDSN(t), func(x *index.Index) []match.Kind { return []match.Kind{newDimensions(x)} })
	n := artwork("Jeanne Hébuterne", "Amedeo Modigliani", "Huile sur toile")
	n.Properties["dimensions"] = []string{"65 x 54 cm"}
	r := f.create("ITA", "works-of-art", n)
	n.Restrictions = &access.Restrictions{ExcludedCountries: []string{"DEU"}}
	f.create("ITA", "works-of-art", n)
	a, err := f.find(f.ncb["DEU"], map[string][]string{"dimensions": {"65×54"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Items) != 1 || a.Items[0].Record.ID != r.ID || a.Items[0].Explanation[0] != "dimensions = 65 x 54 cm" {
		t.Fatalf("%+v, want the one DEU may see, by its dimensions", a.Items)
	}
	// A rebuilt index makes the kind's field anew and fills it.
	if err := f.x.Rebuild(context.Background(), f.db, quietLogger()); err != nil {
		t.Fatal(err)
	}
	if a, err := f.find(f.ncb["DEU"], map[string][]string{"dimensions": {"65x54"}}); err != nil || len(a.Items) != 1 {
		t.Fatalf("after a rebuild: %+v %v", a, err)
	}
}

// A probe of a kind nobody registered is a programming error, not a miss.
func TestUnknownKind(t *testing.T) {
	f := newFixture(t, storetest.SQLiteDSN(t), nil)
	e := match.New(f.db, match.Identifiers(f.x))
	_, err := e.Run(context.Background(), match.Request{Probes: []match.Probe{{Kind: "pdq"}}})
	if !errors.Is(err, match.ErrUnknownKind) {
		t.Fatalf("%v, want ErrUnknownKind", err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a kind registered twice did not panic")
		}
	}()
	e.Register(match.Identifiers(f.x))
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
