package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// storedRow is an audit_entries row as an attacker with SQL access sees it.
type storedRow struct {
	seq, loggedAt                                                  int64
	id, actorID, actorName, actorCountry, action, purpose, outcome string
	leaf, hashes                                                   []byte
}

// attacker changes the stored log with plain SQL and whatever it can compute
// without the signing key.
type attacker struct {
	t    *testing.T
	ctx  context.Context
	db   *store.DB
	rows []storedRow
}

func newAttacker(t *testing.T, db *store.DB) *attacker {
	a := &attacker{t: t, ctx: context.Background(), db: db}
	rows, err := db.Query(a.ctx, `SELECT seq, id, logged_at, actor_id, actor_name, actor_country, action, purpose,
		outcome, leaf, hashes FROM audit_entries ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r storedRow
		if err := rows.Scan(&r.seq, &r.id, &r.loggedAt, &r.actorID, &r.actorName, &r.actorCountry, &r.action,
			&r.purpose, &r.outcome, &r.leaf, &r.hashes); err != nil {
			t.Fatal(err)
		}
		a.rows = append(a.rows, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return a
}

func (a *attacker) exec(query string, args ...any) {
	a.t.Helper()
	if _, err := a.db.Exec(a.ctx, query, args...); err != nil {
		a.t.Fatalf("%s: %v", query, err)
	}
}

// editLeaf rewrites the entry in row i's leaf; with columns set, the filter
// columns follow it.
func (a *attacker) editLeaf(i int, columns bool, edit func(*Entry)) {
	e, err := decodeLeaf(a.rows[i].leaf)
	if err != nil {
		a.t.Fatal(err)
	}
	edit(&e)
	if a.rows[i].leaf, err = json.Marshal(e); err != nil {
		a.t.Fatal(err)
	}
	if columns {
		r := &a.rows[i]
		r.id, r.loggedAt, r.actorID, r.actorName, r.actorCountry = e.ID, store.Micros(e.Time), e.Actor.ID, e.Actor.Name, e.Actor.Country
		r.action, r.purpose, r.outcome = e.Action, e.Purpose, string(e.Outcome)
	}
}

// renumber gives every row its index as seq, in the row and in its leaf.
func (a *attacker) renumber() {
	for i := range a.rows {
		a.rows[i].seq = int64(i)
		a.editLeaf(i, true, func(e *Entry) { e.Seq = int64(i) })
	}
}

// rehash recomputes every stored hash from the leaves, as the node would.
func (a *attacker) rehash() {
	tree := emptyTree()
	for i := range a.rows {
		next, stored, err := tree.extend([]tlog.Hash{tlog.RecordHash(a.rows[i].leaf)})
		if err != nil {
			a.t.Fatal(err)
		}
		a.rows[i].hashes, tree = joinHashes(stored[0]), next
	}
}

// write replaces the stored entries and their index rows with a.rows.
func (a *attacker) write() {
	a.exec(`DELETE FROM audit_entries`)
	a.exec(`DELETE FROM audit_entry_countries`)
	a.exec(`DELETE FROM audit_entry_resources`)
	for _, r := range a.rows {
		a.exec(`INSERT INTO audit_entries (seq, id, logged_at, actor_id, actor_name, actor_country, action, purpose,
			outcome, leaf, hashes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.seq, r.id, r.loggedAt, r.actorID,
			r.actorName, r.actorCountry, r.action, r.purpose, r.outcome, r.leaf, r.hashes)
		e, err := decodeLeaf(r.leaf)
		if err != nil {
			a.t.Fatal(err)
		}
		for _, c := range e.Countries() {
			a.exec(`INSERT INTO audit_entry_countries (country, seq) VALUES (?, ?)`, c, r.seq)
		}
		for _, res := range e.resourceSet() {
			a.exec(`INSERT INTO audit_entry_resources (resource, seq) VALUES (?, ?)`, res, r.seq)
		}
	}
}

// forgeCheckpoint signs a checkpoint of the given size with a key of the
// same origin that is not the node's, and stores it in place of the real one.
func (a *attacker) forgeCheckpoint(size int64) {
	skey, _ := testKey(a.t)
	signer, err := note.NewSigner(skey)
	if err != nil {
		a.t.Fatal(err)
	}
	var root []byte
	if err := a.db.QueryRow(a.ctx, `SELECT root FROM audit_checkpoints WHERE size = ?`, size).Scan(&root); err != nil {
		a.t.Fatal(err)
	}
	msg, err := note.Sign(&note.Note{Text: checkpointBody(testOrigin, size, tlog.Hash(root))}, signer)
	if err != nil {
		a.t.Fatal(err)
	}
	a.exec(`UPDATE audit_checkpoints SET note = ? WHERE size = ?`, string(msg), size)
}

func TestTamperDetection(t *testing.T) {
	renamed := func(e *Entry) { e.Actor.Name = "mallory" }
	tests := []struct {
		name   string
		batch  int // entries per Append call; 1 unless set
		tamper func(a *attacker)
		// want is the entry Verify must name; target the entry whose proof
		// a client checks, and proofFails whether that check must fail.
		want, target int64
		proofFails   bool
	}{
		{name: "leaf edited", tamper: func(a *attacker) { a.editLeaf(3, false, renamed); a.write() }, want: 3, target: 3, proofFails: true},
		{name: "leaf and its columns edited", tamper: func(a *attacker) { a.editLeaf(3, true, renamed); a.write() }, want: 3, target: 3, proofFails: true},
		{name: "column edited", tamper: func(a *attacker) { a.rows[3].actorName = "mallory"; a.write() }, want: 3, target: 3},
		{name: "time column edited", tamper: func(a *attacker) { a.rows[3].loggedAt++; a.write() }, want: 3, target: 3},
		{name: "country index row removed", tamper: func(a *attacker) {
			a.exec(`DELETE FROM audit_entry_countries WHERE seq = ?`, 3)
		}, want: 3, target: 3},
		{name: "resource index row added", tamper: func(a *attacker) {
			a.exec(`INSERT INTO audit_entry_resources (resource, seq) VALUES (?, ?)`, "R-forged", 3)
		}, want: 3, target: 3},
		{name: "deleted in the middle", tamper: func(a *attacker) {
			a.rows = append(a.rows[:3], a.rows[4:]...)
			a.write()
		}, want: 3, target: 3, proofFails: true},
		{name: "deleted in the middle, renumbered and rehashed", tamper: func(a *attacker) {
			a.rows = append(a.rows[:3], a.rows[4:]...)
			a.renumber()
			a.rehash()
			a.write()
		}, want: 3, target: 3, proofFails: true},
		{name: "truncated", tamper: func(a *attacker) { a.rows = a.rows[:7]; a.write() }, want: 7, target: 7, proofFails: true},
		{name: "inserted in the middle, renumbered and rehashed", tamper: func(a *attacker) {
			forged := a.rows[3]
			a.rows = append(a.rows[:3], append([]storedRow{forged}, a.rows[3:]...)...)
			a.editLeaf(3, true, renamed)
			a.renumber()
			a.rehash()
			a.write()
		}, want: 3, target: 3, proofFails: true},
		{name: "inserted at the end", tamper: func(a *attacker) {
			a.rows = append(a.rows, a.rows[7])
			a.editLeaf(8, true, renamed)
			a.renumber()
			a.rehash()
			a.write()
		}, want: 8, target: 8, proofFails: true},
		{name: "swapped", tamper: func(a *attacker) {
			a.rows[2], a.rows[5] = a.rows[5], a.rows[2]
			a.rows[2].seq, a.rows[5].seq = 2, 5
			a.write()
		}, want: 2, target: 2, proofFails: true},
		{name: "swapped, renumbered and rehashed", tamper: func(a *attacker) {
			a.rows[2], a.rows[5] = a.rows[5], a.rows[2]
			a.renumber()
			a.rehash()
			a.write()
		}, want: 2, target: 2, proofFails: true},
		{name: "stored hashes rewritten to match an edited leaf", tamper: func(a *attacker) {
			a.editLeaf(3, true, renamed)
			a.rehash()
			a.write()
		}, want: 3, target: 3, proofFails: true},
		{name: "one inner stored hash changed", tamper: func(a *attacker) {
			a.rows[3].hashes[tlog.HashSize+1] ^= 1 // entry 3 closes the subtree of entries 2 and 3
			a.write()
		}, want: 3, target: 0, proofFails: true},
		{name: "stored hashes rewritten, batches of four: bounded by the checkpoints", batch: 4, tamper: func(a *attacker) {
			a.editLeaf(5, true, renamed)
			a.rehash()
			a.write()
		}, want: 4, target: 5, proofFails: true},
		{name: "checkpoint forged with another key", tamper: func(a *attacker) { a.forgeCheckpoint(4) }, want: 3, target: 3},
		{name: "latest checkpoint forged", tamper: func(a *attacker) { a.forgeCheckpoint(8) }, want: 7, target: 7, proofFails: true},
		{name: "checkpoint text altered", tamper: func(a *attacker) {
			var text string
			if err := a.db.QueryRow(a.ctx, `SELECT note FROM audit_checkpoints WHERE size = ?`, 4).Scan(&text); err != nil {
				a.t.Fatal(err)
			}
			a.exec(`UPDATE audit_checkpoints SET note = ? WHERE size = ?`, strings.Replace(text, "\n4\n", "\n5\n", 1), 4)
		}, want: 3, target: 3},
		{name: "checkpoint root column altered", tamper: func(a *attacker) {
			a.exec(`UPDATE audit_checkpoints SET root = ? WHERE size = ?`, make([]byte, 32), 4)
		}, want: 3, target: 3},
		{name: "latest checkpoint removed", tamper: func(a *attacker) {
			a.exec(`DELETE FROM audit_checkpoints WHERE size = ?`, 8)
		}, want: 7, target: 7, proofFails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				l, _ := startLog(t, db)
				batch := max(tt.batch, 1)
				for i := 0; i < 8; i += batch {
					entries := make([]Entry, batch)
					for j := range entries {
						entries[j] = sample("record.read", fmt.Sprintf("officer%d", i+j), "FRA")
						entries[j].Subjects = []string{"DEU"}
						entries[j].Resources = []string{fmt.Sprintf("R%d", i+j)}
					}
					if _, err := l.Append(ctx, entries...); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := Verify(ctx, db, l.VerifierKey()); err != nil {
					t.Fatalf("Verify before tampering: %v", err)
				}
				if tt.target < 8 {
					if err := proveToClient(ctx, l, l.VerifierKey(), tt.target); err != nil {
						t.Fatalf("proof before tampering: %v", err)
					}
				}

				tt.tamper(newAttacker(t, db))

				_, err := Verify(ctx, db, l.VerifierKey())
				p, ok := asProblem(err)
				if !ok {
					t.Fatalf("Verify = %v, want a *Problem", err)
				}
				t.Logf("Verify: %v", p)
				if p.Seq != tt.want {
					t.Fatalf("Verify named entry %d (%v), want %d", p.Seq, p, tt.want)
				}
				err = proveToClient(ctx, l, l.VerifierKey(), tt.target)
				if tt.proofFails && err == nil {
					t.Fatalf("client accepted the proof of entry %d from the tampered store", tt.target)
				}
				if !tt.proofFails && err != nil {
					t.Fatalf("proof of untouched leaf %d: %v", tt.target, err)
				}
			})
		})
	}
}
