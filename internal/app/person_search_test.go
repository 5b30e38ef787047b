package app_test

import (
	"context"
	"testing"

	"github.com/ncbnet/ncbnet/client"
)

func person(name, birth, nationality string) client.NewRecord {
	p := map[string][]string{"name": {name}}
	if birth != "" {
		p["birthDate"] = []string{birth}
	}
	if nationality != "" {
		p["nationality"] = []string{nationality}
	}
	return client.NewRecord{Schema: "Person", Properties: p}
}

// The cross-script cases of the issue, through the API on both stores.
func TestPersonSearchAcrossScripts(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		usa := e.as("usa.officer")
		ids := map[string]string{}
		for key, rec := range map[string]client.NewRecord{
			"lavrov":   person("Сергей Викторович Лавров", "1950-03-21", "RUS"),
			"qadhafi":  person("معمر القذافي", "1942", "LBY"),
			"wang":     person("王伟", "1975-04-02", "CHN"),
			"muhammad": person("Muhammad Ali Khan", "1970-01-15", "PAK"),
			"makhlouf": person("Rami Makhlouf", "1969-07-10", "SYR"),
			"down":     person("John Down", "1980-01-01", "GBR"),
		} {
			ids[key] = createRecord(t, usa, "nominal", rec).ID
		}
		deu := e.as("deu.officer")
		search := func(name, birth string) []client.SearchResult {
			props := map[string][]string{"name": {name}}
			if birth != "" {
				props["birthDate"] = []string{birth}
			}
			return must[[]client.SearchResult](t)(deu.Search(ctx, query("criminal-investigation", "Person", props, "nominal")))
		}
		for _, tc := range []struct {
			query, birth, want string
		}{
			{"Sergei Lavrov", "", "lavrov"},
			{"Lavrov Sergei", "1950", "lavrov"},
			{"Muammar Gaddafi", "", "qadhafi"},
			{"Moammar al-Qadhafi", "", "qadhafi"},
			{"Wang Wei", "1975-04-02", "wang"},
			{"Mohammed Ali Khan", "", "muhammad"},
			{"Mohamed Ali Khan", "", "muhammad"},
			{"Ramimakhlouf", "", "makhlouf"},
		} {
			t.Run(tc.query, func(t *testing.T) {
				res := search(tc.query, tc.birth)
				if len(res) == 0 || res[0].Record.ID != ids[tc.want] || !res[0].Match {
					t.Fatalf("%q: want %s as a match first, got %+v", tc.query, tc.want, res)
				}
				if res[0].Score < 0.7 || res[0].Score > 1 || len(res[0].Explanation) == 0 {
					t.Fatalf("%q: score %v, explanation %v", tc.query, res[0].Score, res[0].Explanation)
				}
			})
		}
		t.Run("John Doe is not John Down", func(t *testing.T) {
			for _, r := range search("John Doe", "") {
				if r.Record.ID == ids["down"] && r.Match {
					t.Fatalf("John Doe matched John Down: %+v", r)
				}
			}
		})
		t.Run("a contradicting birth date is not a match", func(t *testing.T) {
			for _, r := range search("Sergei Lavrov", "1990-01-01") {
				if r.Record.ID == ids["lavrov"] && r.Match {
					t.Fatalf("Lavrov born 1950 matched a query born 1990: %+v", r)
				}
			}
		})
	})
}
