package app_test

import (
	"bytes"
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
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// demoRecordID is the ID of a demo record, by its key.
func demoRecordID(t *testing.T, e *env, key string) string {
	t.Helper()
	var id string
	if err := e.node.DB.QueryRow(context.Background(), `SELECT id FROM records WHERE client_key = ?`, key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// wantDocumentTaken fails unless err is the 409 of a document another
// record holds, naming it.
func wantDocumentTaken(t *testing.T, err error, holder string) {
	t.Helper()
	ae := wantCode(t, err, 409, "conflict")
	if ae.Field != "properties.number" || !strings.Contains(ae.Message, holder) {
		t.Fatalf("conflict %q on %q, want one on properties.number naming record %s", ae.Message, ae.Field, holder)
	}
}

// A travel document is recorded once per database: a second record of it
// is refused with 409 naming the first, over the API, for creates, updates
// and imports alike.
func TestDocumentRecordedOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		demo := demoRecordID(t, e, "demo-fra-1") // FRA's stolen passport 19FV04321

		t.Run("create: the same document, however its number is typed", func(t *testing.T) {
			records := e.count(`SELECT count(*) FROM records`)
			for _, number := range []string{"19FV04321", "19fv 04321", "19FV-043-21"} {
				_, _, err := fra.CreateRecord(ctx, "sltd", passport(number))
				wantDocumentTaken(t, err, demo)
			}
			if e.count(`SELECT count(*) FROM records`) != records {
				t.Fatal("a refused record was written")
			}
			// Another type, or TDAWN, is another document.
			other := passport("19FV04321")
			other.Properties["type"] = []string{"I"}
			must[client.Record](t)(func() (client.Record, error) { r, _, err := fra.CreateRecord(ctx, "sltd", other); return r, err }())
			must[client.Record](t)(func() (client.Record, error) {
				r, _, err := fra.CreateRecord(ctx, "tdawn", passport("19FV04321"))
				return r, err
			}())
			// Another country's document of the same number.
			de := client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"19FV04321"}, "country": {"DEU"}, "type": {"P"}, "status": {"lost"}}}
			must[client.Record](t)(func() (client.Record, error) { r, _, err := deu.CreateRecord(ctx, "sltd", de); return r, err }())
		})

		t.Run("a retry with its key returns the record", func(t *testing.T) {
			n := passport("25HT00001")
			n.Key = "fra-doc-retry"
			first, created, err := fra.CreateRecord(ctx, "sltd", n)
			if err != nil || !created {
				t.Fatal(created, err)
			}
			again, created, err := fra.CreateRecord(ctx, "sltd", n)
			if err != nil || created || again.ID != first.ID {
				t.Fatalf("retry: %s %v %v", again.ID, created, err)
			}
		})

		t.Run("update into another record's document; delete frees it", func(t *testing.T) {
			r := createRecord(t, fra, "sltd", passport("25HT00002"))
			_, err := fra.UpdateRecord(ctx, r.ID, client.RecordPatch{Properties: map[string][]string{"number": {"19fv04321"}}})
			wantDocumentTaken(t, err, demo)
			if got := must[client.Record](t)(fra.Record(ctx, r.ID, "criminal-investigation")); got.Version != 1 {
				t.Fatalf("the refused update was written: %+v", got)
			}
			must[client.Record](t)(fra.UpdateRecord(ctx, r.ID, client.RecordPatch{Properties: map[string][]string{"status": {"lost"}}}))
			if err := fra.DeleteRecord(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			createRecord(t, fra, "sltd", passport("25HT00002"))
		})

		t.Run("import: against the store and within the file", func(t *testing.T) {
			body := strings.Join([]string{
				importLine("doc-imp-1", "19FV04321", "stolen"),  // the demo's
				importLine("doc-imp-2", "25HT10002", "stolen"),  //
				importLine("doc-imp-3", "25ht 10002", "lost"),   // line 2's
				importLine("doc-imp-4", "25HT10004", "revoked"), //
			}, "\n")
			rep := must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", strings.NewReader(body)))
			if rep.Lines != 4 || rep.Created != 2 || rep.Rejected != 2 || len(rep.Errors) != 2 ||
				rep.Errors[0].Line != 1 || rep.Errors[0].Code != "conflict" || rep.Errors[0].Field != "properties.number" || !strings.Contains(rep.Errors[0].Message, demo) ||
				rep.Errors[1].Line != 3 || !strings.Contains(rep.Errors[1].Message, "line 2") {
				t.Fatalf("report %+v", rep)
			}
			// Sent again: what was imported exists; the same lines are refused.
			rep = must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", strings.NewReader(body)))
			if rep.Created != 0 || rep.Existing != 2 || rep.Rejected != 2 {
				t.Fatalf("again: %+v", rep)
			}
		})
	})
}

// Two nodes sharing one PostgreSQL database create one document at the same
// time: exactly one record is made.
func TestDocumentRecordedOnceAcrossNodes(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	config := func(data string) app.Config {
		return app.Config{DataDir: data, DB: dsn, Argon2: &cheapArgon2, Version: "test", Logger: logger}
	}
	dataA, dataB := t.TempDir(), t.TempDir()
	nodeA, urlA := openNode(t, config(dataA))
	if _, err := nodeA.SeedDemo(context.Background(), demoPassword, synth.WriteDemoDocuments); err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(app.KeyFile(dataA))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(app.KeyFile(dataB), key, 0o600); err != nil {
		t.Fatal(err)
	}
	_, urlB := openNode(t, config(dataB))
	clients := []*client.Client{login(t, urlA, "fra.officer"), login(t, urlB, "fra.officer")}
	for round := range 5 {
		var (
			wg              sync.WaitGroup
			mu              sync.Mutex
			made, conflicts int
		)
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := clients[i%2].CreateRecord(context.Background(), "sltd", passport(fmt.Sprintf("25NO%05d", round)))
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					made++
				} else if ae, ok := err.(*client.Error); ok && ae.Status == 409 {
					conflicts++
				} else {
					t.Errorf("create: %v", err)
				}
			}()
		}
		wg.Wait()
		if made != 1 || conflicts != 3 {
			t.Fatalf("round %d: %d made, %d refused", round, made, conflicts)
		}
	}
}

// A store written before documents were unique: the node gives its records
// their identities at start, keeps the older of two records of one document
// as the holder, logs the later, and starts.
func TestDocumentIdentitiesOfExistingRecords(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			var logged bytes.Buffer
			cfg := app.Config{DataDir: t.TempDir(), DB: b.DSN(t), Clock: clock.NewFake(time.Now().UTC()), Argon2: &cheapArgon2,
				Version: "test", Logger: slog.New(slog.NewTextHandler(&logged, nil))}
			node, err := app.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := node.SeedDemo(ctx, demoPassword, synth.WriteDemoDocuments); err != nil {
				t.Fatal(err)
			}
			var demo, other string
			for key, id := range map[string]*string{"demo-fra-1": &demo, "demo-sltd-900000001": &other} {
				if err := node.DB.QueryRow(ctx, `SELECT id FROM records WHERE client_key = ?`, key).Scan(id); err != nil {
					t.Fatal(err)
				}
			}
			documents := func() int {
				var n int
				if err := node.DB.QueryRow(ctx, `SELECT count(*) FROM record_documents`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			held := documents()
			// As the previous version left it: no identities, the
			// migration's cursor at the start, and a later record of the
			// demo's passport.
			for _, q := range []string{
				`DELETE FROM record_documents`,
				`INSERT INTO record_documents_backfill (database_id, after) VALUES ('', '')`,
				`UPDATE records SET properties = (SELECT properties FROM records WHERE id = '` + demo + `') WHERE id = '` + other + `'`,
			} {
				if _, err := node.DB.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := node.Close(); err != nil {
				t.Fatal(err)
			}
			logged.Reset()
			node, err = app.Open(ctx, cfg)
			if err != nil {
				t.Fatalf("restart: %v", err)
			}
			t.Cleanup(func() { node.Close() })
			if got := documents(); got != held-1 {
				t.Fatalf("%d records hold their document, want %d", got, held-1)
			}
			if !strings.Contains(logged.String(), "record "+other+" repeats record "+demo+" in sltd") {
				t.Fatalf("log: %s", logged.String())
			}
			srv := httptest.NewServer(node.API)
			t.Cleanup(srv.Close)
			_, _, err = login(t, srv.URL, "fra.officer").CreateRecord(ctx, "sltd", passport("19FV04321"))
			wantDocumentTaken(t, err, demo)
		})
	}
}
