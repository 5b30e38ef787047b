package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/bus/bustest"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// eventually calls fn until it succeeds or total has passed.
func eventually(t *testing.T, total time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openNode opens a node on a shared store and bus, served over HTTP.
func openNode(t *testing.T, cfg app.Config) (*app.Node, string) {
	t.Helper()
	node, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	t.Cleanup(func() {
		if err := node.Close(); err != nil {
			t.Errorf("close node: %v", err)
		}
	})
	srv := httptest.NewServer(node.API)
	t.Cleanup(srv.Close)
	return node, srv.URL
}

// twoNodes opens two nodes on one PostgreSQL schema and one NATS stream,
// the first with the demo content, both signing with one audit key (as
// the nodes of one network do); adjust changes both configurations.
func twoNodes(t *testing.T, adjust func(*app.Config)) (nodeA *app.Node, urlA string, nodeB *app.Node, urlB string) {
	t.Helper()
	natsURL, stream := bustest.NATS(t)
	dsn := storetest.PostgresDSN(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	config := func(data string) app.Config {
		c := app.Config{DataDir: data, DB: dsn, NATS: natsURL, NATSStream: stream, Argon2: &cheapArgon2, Version: "test", Logger: logger}
		adjust(&c)
		return c
	}
	dataA, dataB := t.TempDir(), t.TempDir()
	nodeA, urlA = openNode(t, config(dataA))
	if _, err := nodeA.SeedDemo(context.Background(), demoPassword, synth.WriteDemoDocuments); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	key, err := os.ReadFile(app.KeyFile(dataA))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(app.KeyFile(dataB), key, 0o600); err != nil {
		t.Fatal(err)
	}
	nodeB, urlB = openNode(t, config(dataB))
	return nodeA, urlA, nodeB, urlB
}

func login(t *testing.T, url, username string) *client.Client {
	t.Helper()
	c, err := client.New(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), username, demoPassword); err != nil {
		t.Fatalf("log in as %s: %v", username, err)
	}
	return c
}

// Two nodes on one PostgreSQL schema and one NATS JetStream stream: what is
// written through one is found through the other, and a hit made on one
// reaches the owner's streams on both, once each.
func TestTwoNodesShareChangesAndHits(t *testing.T) {
	ctx := context.Background()
	nodeA, urlA, nodeB, urlB := twoNodes(t, func(*app.Config) {})

	fraOnA, deuOnB := login(t, urlA, "fra.officer"), login(t, urlB, "deu.officer")
	passport := createRecord(t, fraOnA, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
		"number": {"NODES0001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
	q := query("border-control", "Passport", map[string][]string{"number": {"NODES0001"}}, "sltd")

	t.Run("a record written through A is found through B", func(t *testing.T) {
		eventually(t, 10*time.Second, func() error {
			res, err := deuOnB.Search(ctx, q)
			if err != nil {
				return err
			}
			if len(res) != 1 || res[0].Record.ID != passport.ID {
				return fmt.Errorf("search on B: %+v", res)
			}
			return nil
		})
	})

	t.Run("a hit made on B reaches the owner's streams on A and on B, once each", func(t *testing.T) {
		streamCtx, stop := context.WithCancel(ctx)
		defer stop()
		onA := must[<-chan client.Hit](t)(fraOnA.StreamHits(streamCtx, ""))
		onB := must[<-chan client.Hit](t)(login(t, urlB, "fra.supervisor").StreamHits(streamCtx, ""))
		usaOnB := login(t, urlB, "usa.analyst")
		search := func() {
			res := must[[]client.SearchResult](t)(usaOnB.Search(ctx, query("criminal-investigation", "Passport", map[string][]string{"number": {"NODES0001"}}, "sltd")))
			if len(res) != 1 {
				t.Fatalf("USA's search on B: %+v", res)
			}
		}
		// The earlier searches through B made hits too, which may still be
		// on their way: skip them.
		next := func(name string, live <-chan client.Hit) client.Hit {
			t.Helper()
			deadline := time.After(10 * time.Second)
			for {
				select {
				case h := <-live:
					if h.Searcher.Name == "usa.analyst" {
						return h
					}
				case <-deadline:
					t.Fatalf("no hit of usa.analyst on the stream on %s", name)
				}
			}
		}
		search()
		first := map[string]client.Hit{"A": next("A", onA), "B": next("B", onB)}
		for name, h := range first {
			if h.RecordID != passport.ID || h.Searcher.Name != "usa.analyst" || h.Purpose != "criminal-investigation" {
				t.Fatalf("hit on %s: %+v", name, h)
			}
		}
		if first["A"].ID != first["B"].ID {
			t.Fatalf("the streams got two hits: %s on A, %s on B", first["A"].ID, first["B"].ID)
		}
		// A second search's hit comes next on each stream: nothing of the
		// first came twice.
		search()
		for name, live := range map[string]<-chan client.Hit{"A": onA, "B": onB} {
			if h := next(name, live); h.ID == first[name].ID {
				t.Fatalf("the stream on %s got hit %s twice", name, h.ID)
			}
		}
	})

	t.Run("a record deleted through A is gone from B's index", func(t *testing.T) {
		if err := fraOnA.DeleteRecord(ctx, passport.ID); err != nil {
			t.Fatal(err)
		}
		eventually(t, 10*time.Second, func() error {
			if n := nodeB.Index.CountIdentifier(records.KindDocumentNumber, "NODES0001"); n != 0 {
				return fmt.Errorf("B's index still has %d record(s)", n)
			}
			return nil
		})
		if res := must[[]client.SearchResult](t)(deuOnB.Search(ctx, q)); len(res) != 0 {
			t.Fatalf("search on B after the deletion: %+v", res)
		}
		if n := nodeA.Index.CountIdentifier(records.KindDocumentNumber, "NODES0001"); n != 0 {
			t.Fatalf("A's index still has %d record(s)", n)
		}
	})

	t.Run("an import through B is found through A", func(t *testing.T) {
		body := `{"key":"n1","schema":"Vehicle","properties":{"registrationNumber":["NODES-1"],"status":["stolen"]}}` + "\n" +
			`{"key":"n2","schema":"Vehicle","properties":{"registrationNumber":["NODES-2"],"status":["stolen"]}}` + "\n"
		deuOfficer := login(t, urlB, "deu.officer")
		rep := must[client.ImportReport](t)(deuOfficer.Import(ctx, "smv", "ndjson", strings.NewReader(body)))
		if rep.Created != 2 {
			t.Fatalf("import report: %+v", rep)
		}
		eventually(t, 10*time.Second, func() error {
			for _, plate := range []string{"NODES-1", "NODES-2"} {
				if n := nodeA.Index.CountIdentifier(records.KindPlate, plate); n != 1 {
					return fmt.Errorf("A's index finds %d record(s) for %s", n, plate)
				}
			}
			return nil
		})
	})
}

// Two nodes on one PostgreSQL schema both look for overdue hits: each hit
// goes to the owner's supervisors once.
func TestEscalationOnceAcrossNodes(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewFake(time.Now().UTC().Truncate(time.Second))
	nodeA, urlA, nodeB, _ := twoNodes(t, func(c *app.Config) { c.Clock, c.EscalationEvery = clk, time.Hour })

	border := login(t, urlA, "fra.border-officer")
	res := must[[]client.CheckResult](t)(border.Check(ctx, "border-control", client.CheckItem{Kind: "vehicle", VIN: "1M8GDM9AXKP042788"}))
	if res[0].Outcome != "hit" || res[0].Hits[0].Urgency != "urgent" {
		t.Fatalf("%+v", res)
	}
	clk.Advance(11 * time.Minute)
	counts := atOnce(t, nodeA, nodeB, func(n *app.Node) (int, error) { return n.Hits.Escalate(ctx) })
	if counts[0]+counts[1] != 1 {
		t.Fatalf("escalated %v times, want once in all", counts)
	}
	for _, n := range []*app.Node{nodeA, nodeB} {
		if err := n.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var entries int
	if err := nodeA.DB.QueryRow(ctx, `SELECT count(*) FROM audit_entries WHERE action = 'hit.escalate'`).Scan(&entries); err != nil || entries != 1 {
		t.Fatalf("%d hit.escalate entries (%v), want 1", entries, err)
	}
}

// Two nodes sharing a store and a bus: a diffusion sent through one reaches
// the streams open on the other, once each; a receipt made on the other
// reaches the sender's stream on the first; an unacknowledged flash
// message is escalated once however many nodes look.
func TestMessagesAcrossNodes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clk := clock.NewFake(time.Now().UTC().Truncate(time.Second))
	nodeA, urlA, nodeB, urlB := twoNodes(t, func(c *app.Config) { c.Clock, c.EscalationEvery = clk, time.Hour })
	fra := login(t, urlA, "fra.officer")
	fraStream := must[<-chan client.MessageEvent](t)(fra.StreamInbox(ctx))
	deuB, usaB := login(t, urlB, "deu.officer"), login(t, urlB, "usa.officer")
	deuStream := must[<-chan client.MessageEvent](t)(deuB.StreamInbox(ctx))
	m := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"all"}, Subject: "Flash", Body: "Escaped prisoner.", HandlingCode: "H0", Priority: "flash"}))
	next := func(name string, ch <-chan client.MessageEvent, want func(client.MessageEvent) bool) {
		t.Helper()
		for {
			select {
			case ev := <-ch:
				if want(ev) {
					return
				}
			case <-ctx.Done():
				t.Fatalf("%s: no such event", name)
			}
		}
	}
	next("DEU's stream on node B", deuStream, func(ev client.MessageEvent) bool { return ev.Kind == "message" && ev.Message.ID == m.ID })
	must[client.Message](t)(usaB.Acknowledge(ctx, m.ID))
	next("FRA's stream on node A", fraStream, func(ev client.MessageEvent) bool {
		return ev.Kind == "receipt" && ev.Recipient.Bureau == "USA" && ev.Recipient.State == "acknowledged"
	})
	select {
	case ev := <-deuStream:
		if ev.Kind == "message" && ev.Message.ID == m.ID {
			t.Fatal("the diffusion reached DEU's stream twice")
		}
	case <-time.After(300 * time.Millisecond):
	}
	clk.Advance(11 * time.Minute)
	counts := atOnce(t, nodeA, nodeB, func(n *app.Node) (int, error) { return n.Messaging.Escalate(ctx) })
	// Every recipient but USA, which acknowledged, once in all.
	if counts[0]+counts[1] != 194 {
		t.Fatalf("escalated %v, want 194 in all", counts)
	}
}

// atOnce runs fn on both nodes at the same time and returns what each
// counted.
func atOnce(t *testing.T, a, b *app.Node, fn func(*app.Node) (int, error)) [2]int {
	t.Helper()
	var (
		wg     sync.WaitGroup
		counts [2]int
	)
	for i, n := range []*app.Node{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := fn(n)
			if err != nil {
				t.Error(err)
			}
			counts[i] = c
		}()
	}
	wg.Wait()
	return counts
}
