package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// openAnchored opens a Log on db that keeps its checkpoint in file.
func openAnchored(t *testing.T, db *store.DB, skey string, clk clock.Clock, file string) (*Log, error) {
	t.Helper()
	return New(context.Background(), Config{DB: db, Signer: skey, Clock: clk, IDs: id.NewGenerator(clk, nil),
		PendingInterval: 20 * time.Millisecond, AnchorFile: file, AnchorInterval: 10 * time.Millisecond})
}

// appendEach appends n entries, one call each, so that every size has its
// checkpoint.
func appendEach(t *testing.T, l *Log, n int, name string) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := l.Append(context.Background(), sample("record.read", fmt.Sprintf("%s%d", name, i), "FRA")); err != nil {
			t.Fatal(err)
		}
	}
}

// truncate removes the entries from size on, with their index rows and the
// checkpoints of larger trees: a log that is consistent in itself.
func truncate(t *testing.T, db *store.DB, size int64) {
	t.Helper()
	a := newAttacker(t, db)
	a.exec(`DELETE FROM audit_entries WHERE seq >= ?`, size)
	a.exec(`DELETE FROM audit_entry_countries WHERE seq >= ?`, size)
	a.exec(`DELETE FROM audit_entry_resources WHERE seq >= ?`, size)
	a.exec(`DELETE FROM audit_checkpoints WHERE size > ?`, size)
}

func readAnchor(t *testing.T, path string) Anchor {
	t.Helper()
	a, err := ReadAnchor(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func anchorSize(t *testing.T, a Anchor, vkey string) int64 {
	t.Helper()
	cp, err := client.VerifyCheckpoint(a.Note, vkey)
	if err != nil {
		t.Fatalf("anchor %s: %v", a.Source, err)
	}
	return cp.Size
}

// The reproduction of the review: eight entries, entries 5 to 7 and the
// checkpoints past size 5 removed. The store alone looks intact; the
// checkpoint the node kept in its data folder shows what is missing, the
// node refuses to start on it, and so does not reuse positions 5 to 7.
func TestTruncationDetectedByAnchor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)
		file := filepath.Join(t.TempDir(), "audit-checkpoint.note")
		l, err := openAnchored(t, db, skey, clk, file)
		if err != nil {
			t.Fatal(err)
		}
		stop := run(t, l)
		appendEach(t, l, 8, "officer")
		witness3, err := l.CheckpointAt(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		stop()
		anchor := readAnchor(t, file)
		if got := anchorSize(t, anchor, vkey); got != 8 {
			t.Fatalf("the anchor file holds size %d after shutdown, want 8", got)
		}
		witness := Anchor{Source: "witness.note", Note: witness3.Note}

		report, err := Verify(ctx, db, vkey, witness, anchor)
		if err != nil {
			t.Fatalf("Verify of the untouched log with its anchors: %v", err)
		}
		if len(report.Anchors) != 2 || report.Anchors[0] != (AnchorMatch{"witness.note", 3}) || report.Anchors[1] != (AnchorMatch{file, 8}) {
			t.Fatalf("report anchors %+v", report.Anchors)
		}

		truncate(t, db, 5)

		if report, err := Verify(ctx, db, vkey); err != nil || report.Size != 5 {
			t.Fatalf("without an anchor: %+v, %v (the store alone cannot show the truncation)", report, err)
		}
		_, err = Verify(ctx, db, vkey, witness, anchor)
		t.Logf("Verify: %v", err)
		p, ok := asProblem(err)
		if !ok || p.Seq != 5 || !strings.Contains(p.What, "the audit log has 5 entries but a checkpoint signed for size 8 exists outside the store") ||
			!strings.Contains(p.What, "entries 5 to 7 are missing") {
			t.Fatalf("Verify with the anchor = %v, want entry 5 named missing", err)
		}
		// The earlier, smaller witness is still contained.
		if _, err := Verify(ctx, db, vkey, witness); err != nil {
			t.Fatalf("Verify with the witness of size 3: %v", err)
		}

		_, err = openAnchored(t, db, skey, clk, file)
		t.Logf("New: %v", err)
		if !errors.Is(err, ErrRollback) {
			t.Fatalf("New on the truncated store = %v, want ErrRollback", err)
		}
		if p, ok := asProblem(err); !ok || p.Seq != 5 || !strings.Contains(err.Error(), file) {
			t.Fatalf("New's error does not name entry 5 and the file: %v", err)
		}
		if sizes := checkpointSizes(t, db); sizes[len(sizes)-1] != 5 {
			t.Fatalf("the refused node wrote checkpoints: %v", sizes)
		}
		if again := readAnchor(t, file); string(again.Note) != string(anchor.Note) {
			t.Fatal("the refused node changed the anchor file")
		}
	})
}

// A store rolled back and then grown again on another branch (the fork the
// review feared) is refused too, whether the anchor is at the fork's size,
// below it or above it.
func TestForkDetectedByAnchor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)
		file := filepath.Join(t.TempDir(), "audit-checkpoint.note")
		l, err := openAnchored(t, db, skey, clk, file)
		if err != nil {
			t.Fatal(err)
		}
		stop := run(t, l)
		appendEach(t, l, 8, "officer")
		at6, err := l.CheckpointAt(ctx, 6)
		if err != nil {
			t.Fatal(err)
		}
		stop()
		anchor8 := readAnchor(t, file)
		anchor6 := Anchor{Source: "witness6.note", Note: at6.Note}

		// Rolled back to 5, then a node without the anchor file signs other
		// entries at positions 5 to 8.
		truncate(t, db, 5)
		forker := openLog(t, db, skey, clk)
		stopForker := run(t, forker)
		appendEach(t, forker, 4, "mallory")
		stopForker()

		if _, err := Verify(ctx, db, vkey); err != nil {
			t.Fatalf("the forked store is consistent in itself: %v", err)
		}
		for _, a := range []Anchor{anchor6, anchor8} {
			_, err := Verify(ctx, db, vkey, a)
			t.Logf("Verify: %v", err)
			if p, ok := asProblem(err); !ok || p.Seq != 0 || !strings.Contains(p.What, "forked") {
				t.Fatalf("Verify with %s = %v, want a fork", a.Source, err)
			}
		}
		for _, a := range []Anchor{anchor6, anchor8} {
			path := filepath.Join(t.TempDir(), "anchor.note")
			if err := os.WriteFile(path, a.Note, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := openAnchored(t, db, skey, clk, path); !errors.Is(err, ErrRollback) {
				t.Fatalf("New with %s on the forked store = %v, want ErrRollback", a.Source, err)
			}
		}
	})
}

// An anchor that is not this log's checkpoint is refused, never ignored.
func TestAnchorOfAnotherKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := startLog(t, db)
		appendEach(t, l, 2, "officer")

		otherDB := storetest.Open(t, storetest.SQLiteDSN(t))
		other, _ := startLog(t, otherDB)
		foreign, err := other.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Verify(ctx, db, l.VerifierKey(), Anchor{Source: "foreign.note", Note: foreign.Note})
		if err == nil || !strings.Contains(err.Error(), "foreign.note") {
			t.Fatalf("Verify with another log's checkpoint = %v", err)
		}
		if _, ok := asProblem(err); ok {
			t.Fatalf("a bad anchor is not a problem of the log: %v", err)
		}

		path := filepath.Join(t.TempDir(), "anchor.note")
		if err := os.WriteFile(path, []byte("not a note\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		skey, _ := testKey(t)
		if _, err := openAnchored(t, storetest.Open(t, storetest.SQLiteDSN(t)), skey, clock.NewFake(t0), path); err == nil {
			t.Fatal("New accepted an anchor file that does not verify")
		}
	})
}

// The running node keeps the anchor file current, and stops integrating
// when the store shrinks under it rather than sign at positions it already
// signed.
func TestAnchorKeptWhileRunning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)
		dir := t.TempDir()
		file := filepath.Join(dir, "audit-checkpoint.note")
		l, err := openAnchored(t, db, skey, clk, file)
		if err != nil {
			t.Fatal(err)
		}
		run(t, l)
		checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
			a, err := ReadAnchor(file)
			if err != nil {
				return err
			}
			if size := anchorSize(t, a, vkey); size != 0 {
				return fmt.Errorf("anchor size %d at start", size)
			}
			return nil
		})
		appendEach(t, l, 3, "officer")
		checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
			if size := anchorSize(t, readAnchor(t, file), vkey); size != 3 {
				return fmt.Errorf("anchor size %d, want 3", size)
			}
			return nil
		})
		if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) != 0 {
			t.Fatalf("temporary files left: %v", names)
		}

		truncate(t, db, 1)
		_, err = l.Append(ctx, sample("record.read", "after-rollback", "FRA"))
		if !errors.Is(err, ErrRollback) || fault.CodeOf(err) != fault.Unavailable {
			t.Fatalf("Append on a store rolled back under the node = %v, want ErrRollback", err)
		}
		if sizes := checkpointSizes(t, db); sizes[len(sizes)-1] != 1 {
			t.Fatalf("the node signed on the rolled-back store: %v", sizes)
		}
		if size := anchorSize(t, readAnchor(t, file), vkey); size != 3 {
			t.Fatalf("the anchor went back to size %d", size)
		}
	})
}

// Two nodes sharing one store each keep their own anchor; the tree one grew
// is taken up by the other only once proven an extension of what it knew.
func TestSharedStoreAnchors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)
		fileA := filepath.Join(t.TempDir(), "a.note")
		fileB := filepath.Join(t.TempDir(), "b.note")
		a, err := openAnchored(t, db, skey, clk, fileA)
		if err != nil {
			t.Fatal(err)
		}
		b, err := openAnchored(t, db, skey, clk, fileB)
		if err != nil {
			t.Fatal(err)
		}
		stopA, stopB := run(t, a), run(t, b)
		appendEach(t, a, 2, "via-a")
		appendEach(t, b, 3, "via-b")
		appendEach(t, a, 1, "via-a-again")
		stopA()
		stopB()
		if got := anchorSize(t, readAnchor(t, fileA), vkey); got != 6 {
			t.Fatalf("a's anchor at %d, want 6", got)
		}
		if got := anchorSize(t, readAnchor(t, fileB), vkey); got != 5 {
			t.Fatalf("b's anchor at %d, want 5", got)
		}
		if _, err := Verify(context.Background(), db, vkey, readAnchor(t, fileA), readAnchor(t, fileB)); err != nil {
			t.Fatal(err)
		}
	})
}

// A node whose store was rolled back and grown past it on another branch
// (by a node that kept no anchor) refuses the longer tree: it does not
// extend the one it signed.
func TestForkUnderRunningNode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, _ := testKey(t)
		l := openLog(t, db, skey, clk)
		run(t, l)
		appendEach(t, l, 3, "officer")

		truncate(t, db, 1)
		forker := openLog(t, db, skey, clk)
		stopForker := run(t, forker)
		appendEach(t, forker, 4, "mallory")
		stopForker()

		_, err := l.Append(ctx, sample("record.read", "after-fork", "FRA"))
		if !errors.Is(err, ErrRollback) {
			t.Fatalf("Append on a forked store = %v, want ErrRollback", err)
		}
		if got, _ := l.Entries(ctx, Filter{Actor: "after-fork"}); len(got) != 0 {
			t.Fatalf("the node integrated on the forked tree: %+v", got)
		}
	})
}
