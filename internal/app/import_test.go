package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// synthDocs returns synthetic travel documents [from, to) issued by FRA.
func synthDocs(t *testing.T, format string, from, to int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := synth.Write(&b, synth.TravelDocuments{Country: "FRA", KeyPrefix: "fra-sltd-"}, format, 1, from, to); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func importLine(key, number, status string) string {
	return fmt.Sprintf(`{"key":%q,"schema":"Passport","properties":{"number":[%q],"country":["FRA"],"type":["P"],"status":[%q]}}`, key, number, status)
}

func wantImport(t *testing.T, got client.ImportReport, lines, created, existing, rejected int) {
	t.Helper()
	if got.Lines != lines || got.Created != created || got.Existing != existing || got.Rejected != rejected || len(got.Errors) != rejected || got.ImportID == "" {
		t.Fatalf("report %+v, want lines %d created %d existing %d rejected %d", got, lines, created, existing, rejected)
	}
}

func TestImport(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		records := func() int { return e.count(`SELECT count(*) FROM records`) }

		t.Run("an NDJSON file, then sent again: nothing twice", func(t *testing.T) {
			file := synthDocs(t, synth.NDJSON, 0, 600)
			half := file[:bytes.IndexByte(file[len(file)/2:], '\n')+len(file)/2+1]
			first := must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", bytes.NewReader(half)))
			n := first.Created
			if n < 250 || n > 350 {
				t.Fatalf("first half: %+v", first)
			}
			wantImport(t, first, n, n, 0, 0)
			// The connection broke here: the whole file again resumes the import.
			wantImport(t, must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", bytes.NewReader(file))), 600, 600-n, n, 0)
			wantImport(t, must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", bytes.NewReader(file))), 600, 0, 600, 0)
			if got := e.count(`SELECT count(*) FROM records WHERE owner = 'FRA' AND client_key LIKE 'fra-sltd-%'`); got != 600 {
				t.Fatalf("%d records, want 600", got)
			}
			// An imported record is a record like any other.
			var id string
			if err := e.node.DB.QueryRow(ctx, `SELECT id FROM records WHERE client_key = 'fra-sltd-000000007'`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			rec := must[client.Record](t)(e.as("deu.officer").Record(ctx, id, "criminal-investigation"))
			if rec.Owner != "FRA" || rec.Properties["country"][0] != "FRA" || rec.Version != 1 {
				t.Fatalf("record = %+v", rec)
			}
		})

		t.Run("bad lines are reported by number; the good ones are committed", func(t *testing.T) {
			before := records()
			body := strings.Join([]string{
				importLine("bad-1", "31BD00001", "stolen"),
				`{"key":"bad-2","schema":"Passport","properties":{"number":["31BD00002"],"country":["FRA"],"type":["P"]}}`, // no status
				importLine("bad-3", "31BD00003", "misplaced"),
				`not json`,
				importLine("bad-5", "31BD00005", "lost"),
				importLine("bad-1", "31BD00001", "lost"), // the key of line 1, other content
				`{"key":"bad-7","schema":"Passport","properties":{"notes":["` + strings.Repeat("x", 1<<20) + `"]}}`, // longer than 1 MiB
				importLine("bad-8", "31BD00008", "revoked"),
			}, "\n") + "\n"
			rep := must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", strings.NewReader(body)))
			wantImport(t, rep, 8, 3, 0, 5)
			want := []struct {
				line        int
				code, field string
			}{{2, "missing_field", "properties.status"}, {3, "invalid_field", "properties.status"}, {4, "malformed_json", ""}, {6, "conflict", "key"}, {7, "body_too_large", ""}}
			for i, w := range want {
				if got := rep.Errors[i]; got.Line != w.line || got.Code != w.code || got.Field != w.field || got.Message == "" {
					t.Errorf("error %d = %+v, want line %d %s %s", i, got, w.line, w.code, w.field)
				}
			}
			if after := records(); after != before+3 {
				t.Fatalf("%d records written, want 3", after-before)
			}
		})

		t.Run("CSV", func(t *testing.T) {
			before := records()
			rep := must[client.ImportReport](t)(fra.Import(ctx, "sltd", "csv", bytes.NewReader(synthDocs(t, synth.CSV, 1000, 1200))))
			wantImport(t, rep, 200, 200, 0, 0)
			rep = must[client.ImportReport](t)(fra.Import(ctx, "sltd", "csv", strings.NewReader(
				"key,number,country,type,status,givenName\ncsv-1,31CS00001,FRA,P,stolen,Jean;Paul\ncsv-2,31CS00002,FRA,X,stolen,\n")))
			wantImport(t, rep, 2, 1, 0, 1)
			if rep.Errors[0].Line != 3 || rep.Errors[0].Field != "properties.type" {
				t.Fatalf("errors = %+v", rep.Errors)
			}
			_, err := fra.Import(ctx, "sltd", "csv", strings.NewReader("key,colour\nx,red\n"))
			if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != "header" {
				t.Fatalf("bad header: %+v", ae)
			}
			if after := records(); after != before+201 {
				t.Fatalf("%d records written, want 201", after-before)
			}
		})

		t.Run("201 when records were created, 200 when none were", func(t *testing.T) {
			line := []byte(importLine("status-1", "31ST00001", "stolen"))
			status, body, err := fra.Raw(ctx, "POST", "/api/v1/databases/sltd/imports", "application/x-ndjson", line)
			if err != nil || status != 201 {
				t.Fatalf("first: %d %s %v", status, body, err)
			}
			status, body, _ = fra.Raw(ctx, "POST", "/api/v1/databases/sltd/imports", "application/x-ndjson; charset=utf-8", line)
			var rep client.ImportReport
			if status != 200 || json.Unmarshal(body, &rep) != nil || rep.Existing != 1 {
				t.Fatalf("again: %d %s", status, body)
			}
		})

		t.Run("refused: wrong media type, no token, a border officer, an analyst, an unknown database", func(t *testing.T) {
			before := records()
			deniedBefore := e.count(`SELECT count(*) FROM audit_entries WHERE action = 'record.create' AND outcome = 'denied'`)
			body := []byte(importLine("refused-1", "31RF00001", "stolen"))
			for _, ct := range []string{"application/json", "", "text/plain", "text/csv; charset=latin1"} {
				status, answer, _ := fra.Raw(ctx, "POST", "/api/v1/databases/sltd/imports", ct, body)
				if status != 415 || !strings.Contains(string(answer), "unsupported_media_type") {
					t.Fatalf("Content-Type %q: %d %s", ct, status, answer)
				}
			}
			_, err := e.anon().Import(ctx, "sltd", "ndjson", bytes.NewReader(body))
			wantCode(t, err, 401, "unauthenticated")
			_, err = e.as("fra.border-officer").Import(ctx, "sltd", "ndjson", bytes.NewReader(body))
			wantCode(t, err, 403, "unit_kind_not_permitted")
			_, err = e.as("fra.analyst").Import(ctx, "sltd", "ndjson", bytes.NewReader(body))
			wantCode(t, err, 403, "role_not_permitted")
			_, err = fra.Import(ctx, "nowhere", "ndjson", bytes.NewReader(body))
			wantCode(t, err, 404, "not_found")
			if after := records(); after != before {
				t.Fatalf("refused imports wrote %d records", after-before)
			}
			if err := e.node.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if denied := e.count(`SELECT count(*) FROM audit_entries WHERE action = 'record.create' AND outcome = 'denied'`); denied < deniedBefore+2 {
				t.Fatalf("%d refusals audited, want 2 more than %d", denied, deniedBefore)
			}
		})

		t.Run("the OpenAPI document describes the route and its bodies", func(t *testing.T) {
			status, body, err := e.anon().Raw(ctx, "GET", "/api/v1/openapi.json", "", nil)
			if err != nil || status != 200 {
				t.Fatal(status, err)
			}
			var doc struct {
				Paths map[string]map[string]struct {
					RequestBody struct {
						Content map[string]any `json:"content"`
					} `json:"requestBody"`
					Responses map[string]any `json:"responses"`
				} `json:"paths"`
				Components struct {
					Schemas map[string]any `json:"schemas"`
				} `json:"components"`
			}
			if err := json.Unmarshal(body, &doc); err != nil {
				t.Fatal(err)
			}
			op := doc.Paths["/api/v1/databases/{db}/imports"]["post"]
			if op.RequestBody.Content["application/x-ndjson"] == nil || op.RequestBody.Content["text/csv"] == nil || op.Responses["201"] == nil || doc.Components.Schemas["ImportReport"] == nil {
				t.Fatalf("import route = %+v", op)
			}
		})

		t.Run("every batch is audited, with the import's ID", func(t *testing.T) {
			rep := must[client.ImportReport](t)(fra.Import(ctx, "sltd", "ndjson", bytes.NewReader(synthDocs(t, synth.NDJSON, 5000, 5100))))
			if err := e.node.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			dpo := e.as("fra.dpo")
			page := must[client.Page[client.AuditEntry]](t)(dpo.AuditEntries(ctx, client.AuditQuery{Action: "record.import", Resource: rep.ImportID}, client.ListOptions{}))
			if len(page.Items) != 1 {
				t.Fatalf("%d audit entries for import %s", len(page.Items), rep.ImportID)
			}
			got := page.Items[0]
			if got.Actor.Name != "fra.officer" || got.Details["created"] != "100" || got.Details["lines"] != "100" || got.Details["database"] != "sltd" {
				t.Fatalf("audit entry = %+v", got)
			}
		})
	})
}
