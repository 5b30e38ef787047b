package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
)

func TestAuditAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		_, vkey, err := audit.ReadKeyFile(app.KeyFile(e.data))
		if err != nil {
			t.Fatal(err)
		}
		fraDPO := e.as("fra.dpo")

		t.Run("the checkpoint is a C2SP signed note that verifies with the key alone", func(t *testing.T) {
			note := must[[]byte](t)(fraDPO.AuditCheckpoint(ctx))
			lines := strings.Split(string(note), "\n")
			if len(lines) < 5 || lines[0] != "ncbnet.local/audit" || lines[3] != "" || !strings.HasPrefix(lines[4], "— ncbnet.local/audit ") {
				t.Fatalf("checkpoint layout:\n%s", note)
			}
			cp, err := client.VerifyCheckpoint(note, vkey)
			if err != nil {
				t.Fatal(err)
			}
			if cp.Size == 0 {
				t.Fatal("the demo left no audit entries")
			}
			if served := must[string](t)(fraDPO.AuditKey(ctx)); served != vkey {
				t.Fatalf("served key %q, want %q", served, vkey)
			}
		})

		t.Run("a DPO reads its own bureau's entries only", func(t *testing.T) {
			e.as("fra.officer")
			e.as("deu.officer")
			page := must[client.Page[client.AuditEntry]](t)(fraDPO.AuditEntries(ctx, client.AuditQuery{}, client.ListOptions{Limit: 1000}))
			if len(page.Items) == 0 {
				t.Fatal("no entries")
			}
			sawOfficerLogin := false
			for _, en := range page.Items {
				concerns := en.Actor.Country == "FRA" || strings.Contains(strings.Join(en.Subjects, ","), "FRA")
				if !concerns {
					t.Fatalf("FRA's DPO sees an entry about others: %+v", en)
				}
				sawOfficerLogin = sawOfficerLogin || (en.Actor.Name == "fra.officer" && en.Action == "session.create")
			}
			if !sawOfficerLogin {
				t.Fatal("FRA's DPO does not see fra.officer's login")
			}
			_, err := fraDPO.AuditEntries(ctx, client.AuditQuery{Country: "DEU"}, client.ListOptions{})
			wantCode(t, err, 403, "other_bureau")
			_, err = e.as("fra.officer").AuditEntries(ctx, client.AuditQuery{}, client.ListOptions{})
			wantCode(t, err, 403, "role_not_permitted")
		})

		t.Run("admins and the oversight body read all; reading is audited", func(t *testing.T) {
			for _, who := range []string{"secretariat.admin", "oversight.dpo"} {
				c := e.as(who)
				page := must[client.Page[client.AuditEntry]](t)(c.AuditEntries(ctx, client.AuditQuery{Country: "DEU", Action: "session.create"}, client.ListOptions{}))
				if len(page.Items) == 0 || page.Items[0].Actor.Country != "DEU" {
					t.Fatalf("%s: %+v", who, page.Items)
				}
				reads := must[client.Page[client.AuditEntry]](t)(c.AuditEntries(ctx, client.AuditQuery{Actor: who, Action: "audit.read"}, client.ListOptions{}))
				if len(reads.Items) == 0 || reads.Items[len(reads.Items)-1].Details["action"] != "session.create" {
					t.Fatalf("%s's reading was not audited: %+v", who, reads.Items)
				}
			}
		})

		t.Run("paging walks back through the log without gaps", func(t *testing.T) {
			admin := e.as("secretariat.admin")
			var seqs []int64
			opts := client.ListOptions{Limit: 7}
			for i := 0; i < 4; i++ {
				p := must[client.Page[client.AuditEntry]](t)(admin.AuditEntries(ctx, client.AuditQuery{Action: "user.create"}, opts))
				for _, en := range p.Items {
					seqs = append(seqs, en.Seq)
				}
				if p.NextCursor == nil {
					t.Fatal("ran out of pages")
				}
				opts.Cursor = *p.NextCursor
			}
			for i := 1; i < len(seqs); i++ {
				if seqs[i] >= seqs[i-1] {
					t.Fatalf("entries not newest first / repeated: %v", seqs)
				}
			}
		})

		t.Run("inclusion and consistency proofs verify with the key alone", func(t *testing.T) {
			old := must[client.Checkpoint](t)(client.VerifyCheckpoint(must[[]byte](t)(fraDPO.AuditCheckpoint(ctx)), vkey))
			e.as("fra.analyst")
			page := must[client.Page[client.AuditEntry]](t)(fraDPO.AuditEntries(ctx, client.AuditQuery{Actor: "fra.analyst"}, client.ListOptions{Limit: 1}))
			if len(page.Items) != 1 {
				t.Fatal("fra.analyst's login is not in the log")
			}
			cur := must[client.Checkpoint](t)(client.VerifyCheckpoint(must[[]byte](t)(fraDPO.AuditCheckpoint(ctx)), vkey))
			proof := must[client.InclusionProof](t)(fraDPO.InclusionProof(ctx, page.Items[0].Seq, cur.Size))
			if err := client.VerifyInclusion(cur, proof); err != nil {
				t.Fatalf("inclusion: %v", err)
			}
			if !strings.Contains(string(proof.Leaf), `"name":"fra.analyst"`) {
				t.Fatalf("the proven leaf is not the entry: %s", proof.Leaf)
			}
			cons := must[client.ConsistencyProof](t)(fraDPO.ConsistencyProof(ctx, old.Size, cur.Size))
			if err := client.VerifyConsistency(old, cur, cons); err != nil {
				t.Fatalf("consistency: %v", err)
			}
			// A DPO may not obtain another bureau's entries through a proof.
			deuEntries := must[client.Page[client.AuditEntry]](t)(e.as("deu.dpo").AuditEntries(ctx, client.AuditQuery{Actor: "deu.officer"}, client.ListOptions{Limit: 1}))
			_, err := fraDPO.InclusionProof(ctx, deuEntries.Items[0].Seq, 0)
			wantCode(t, err, 403, "other_bureau")
		})

		t.Run("bad audit parameters", func(t *testing.T) {
			admin := e.as("secretariat.admin")
			for _, q := range []string{
				"entries?outcome=maybe", "entries?since=yesterday", "entries?country=fr", "entries?cursor=" + "LTE",
				"proofs/inclusion", "proofs/inclusion?seq=-1", "proofs/inclusion?seq=x",
				"proofs/consistency?from=1", "proofs/consistency?from=a&to=2",
			} {
				status, body, _ := admin.Raw(ctx, "GET", "/api/v1/audit/"+q, "", nil)
				if status != 400 || !strings.Contains(string(body), `"code":"bad_parameter"`) {
					t.Errorf("%s: %d %s", q, status, body)
				}
			}
			_, err := admin.AuditEntry(ctx, 1<<40)
			wantCode(t, err, 404, "not_found")
			cp := must[client.Checkpoint](t)(client.VerifyCheckpoint(must[[]byte](t)(admin.AuditCheckpoint(ctx)), vkey))
			_, err = admin.ConsistencyProof(ctx, 1, cp.Size+1000)
			if client.ErrorCode(err) == "" {
				t.Fatalf("consistency to a future size: %v", err)
			}
		})
	})
}
