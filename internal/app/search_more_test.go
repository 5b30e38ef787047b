package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// Review findings, end to end: IMO numbers typed without "IMO" are found,
// and records hidden from a reader do not push visible ones out.
func TestSearchIMOAndHiddenCrowd(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sgp, deu, fra, usa := e.as("sgp.officer"), e.as("deu.officer"), e.as("fra.officer"), e.as("usa.officer")
		ship := createRecord(t, sgp, "vessels", client.NewRecord{Schema: "Vessel", Properties: map[string][]string{"imoNumber": {"IMO 9176187"}, "status": {"stolen"}}})
		for _, typed := range []string{"9176187", "imo9176187", "IMO 9I76187"} {
			res := must[[]client.SearchResult](t)(deu.Search(ctx, query("border-control", "Vessel", map[string][]string{"imoNumber": {typed}}, "vessels")))
			if len(res) != 1 || res[0].Record.ID != ship.ID || !res[0].Match {
				t.Fatalf("IMO typed %q: %+v", typed, res)
			}
		}
		for range 5 {
			createRecord(t, fra, "nominal", client.NewRecord{Schema: "Person", Restrictions: &client.Restrictions{Countries: []string{"FRA"}},
				Properties: map[string][]string{"name": {"Jean Baptiste Crowdout"}, "birthDate": {"1970-01-01"}}})
		}
		visible := createRecord(t, usa, "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"Jean Baptiste Crowdout"}, "birthDate": {"1970-01-01"}}})
		q := query("criminal-investigation", "Person", map[string][]string{"name": {"Jean Baptiste Crowdout"}}, "nominal")
		q.Limit = 1
		res := must[[]client.SearchResult](t)(deu.Search(ctx, q))
		if len(res) != 1 || res[0].Record.ID != visible.ID {
			t.Fatalf("the visible record was pushed out by hidden ones: %+v", res)
		}
	})
}

// An open stream of hits ends soon after the token that opened it is revoked.
func TestStreamEndsWhenTokenRevoked(t *testing.T) {
	e := newEnv(t, t.TempDir()+"/node.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fra := e.as("fra.officer")
	hits := must[<-chan client.Hit](t)(fra.StreamHits(ctx, ""))
	same, _ := client.New(e.url, client.WithToken(fra.Token()))
	if err := same.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case _, open := <-hits:
		if open {
			t.Fatal("a hit arrived on a revoked stream")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stream stayed open after its token was revoked")
	}
}
