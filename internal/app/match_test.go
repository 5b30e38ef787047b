package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
)

func searchQuery(purpose, schema string, props map[string][]string, dbs ...string) client.SearchQuery {
	q := client.SearchQuery{Purpose: purpose, Databases: dbs}
	q.Query.Schema, q.Query.Properties = schema, props
	return q
}

// Search and checks are one engine: the same query finds the same records
// with the same scores, for documents (exact, look-alike) and for persons
// across scripts. A check answers the matches alone.
func TestSearchAndCheckAgree(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		officer := e.as("usa.officer")
		cases := []struct {
			name   string
			item   client.CheckItem
			schema string
			props  map[string][]string
		}{
			{"passport", client.CheckItem{Kind: "document", Number: "19FV04321", Country: "FRA"}, "Passport", map[string][]string{"number": {"19FV04321"}, "country": {"FRA"}}},
			{"passport, look-alike", client.CheckItem{Kind: "document", Number: "19FVO4321", Country: "FRA"}, "Passport", map[string][]string{"number": {"19FVO4321"}, "country": {"FRA"}}},
			{"a wanted person by name", client.CheckItem{Kind: "person", Name: "Sergei Volkov", BirthDate: "1979-02-11"}, "Person", map[string][]string{"name": {"Sergei Volkov"}, "birthDate": {"1979-02-11"}}},
			{"a person across scripts", client.CheckItem{Kind: "person", Name: "Mohammed Abdullahi", BirthDate: "1988", Nationality: "NGA"}, "Person", map[string][]string{"name": {"Mohammed Abdullahi"}, "birthDate": {"1988"}, "nationality": {"NGA"}}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				checked := one(t, officer, "criminal-investigation", c.item)
				found := must[[]client.SearchResult](t)(officer.Search(ctx, searchQuery("criminal-investigation", c.schema, c.props)))
				var fromSearch, fromCheck []string
				for _, r := range found {
					if r.Match {
						fromSearch = append(fromSearch, fmt.Sprintf("%s %.3f", r.Record.ID, r.Score))
					}
				}
				for _, h := range checked.Hits {
					fromCheck = append(fromCheck, fmt.Sprintf("%s %.3f", h.RecordID, h.Score))
				}
				slices.Sort(fromSearch)
				slices.Sort(fromCheck)
				if len(fromCheck) == 0 || !slices.Equal(fromSearch, fromCheck) {
					t.Fatalf("search found %v, the check %v", fromSearch, fromCheck)
				}
			})
		}
		// A document of another issuing country: search shows it as no
		// match (a misread country?), the check does not hit.
		other := must[[]client.SearchResult](t)(officer.Search(ctx, searchQuery("criminal-investigation", "Passport", map[string][]string{"number": {"19FV04321"}, "country": {"DEU"}})))
		if len(other) != 1 || other[0].Match || other[0].Score != 0.5 {
			t.Fatalf("another country's passport in a search: %+v", other)
		}
		if r := one(t, officer, "criminal-investigation", client.CheckItem{Kind: "document", Number: "19FV04321", Country: "DEU"}); r.Outcome != "no-hit" {
			t.Fatalf("another country's passport in a check: %+v", r)
		}
	})
}

// Works of art are searched by their words over HTTP; a property no kind
// of match reads is a 422 not_searchable naming those that are, and an
// empty list is never the answer to a query that cannot be run.
func TestSearchText(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.as("fra.officer")
		art := client.NewRecord{Schema: "Artwork", Properties: map[string][]string{
			"title": {"Les Joueurs de cartes"}, "creator": {"Paul Cézanne"}, "description": {"Deux paysans jouant aux cartes, huile sur toile"},
			"status": {"stolen"}, "category": {"painting"}, "dimensions": {"47 x 57 cm"},
		}}
		rec, _, err := owner.CreateRecord(ctx, "works-of-art", art)
		if err != nil {
			t.Fatal(err)
		}
		found := must[[]client.SearchResult](t)(e.as("usa.officer").Search(ctx, searchQuery("criminal-investigation", "Artwork", map[string][]string{"creator": {"cezanne"}, "description": {"paysans cartes"}}, "works-of-art")))
		if len(found) != 1 || found[0].Record.ID != rec.ID || !found[0].Match || found[0].Score != 1 {
			t.Fatalf("%+v, want the Cézanne", found)
		}
		before := e.count(`SELECT count(*) FROM hits`)
		_, err = e.as("usa.officer").Search(ctx, searchQuery("criminal-investigation", "Artwork", map[string][]string{"dimensions": {"47 x 57 cm"}}, "works-of-art"))
		ae := wantCode(t, err, 422, "not_searchable")
		if ae.Field != "query.properties.dimensions" {
			t.Errorf("field %q", ae.Field)
		}
		for _, name := range []string{"title", "creator", "description"} {
			if !containsWord(ae.Message, name) {
				t.Errorf("the refusal %q does not name %s", ae.Message, name)
			}
		}
		if n := e.count(`SELECT count(*) FROM hits`); n != before {
			t.Errorf("a refused search made %d hits", n-before)
		}
	})
}

func containsWord(s, w string) bool {
	return slices.Contains(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ':' }), w)
}
