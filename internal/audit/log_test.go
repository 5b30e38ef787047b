package audit

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

func TestAppend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := startLog(t, db)

		// Concurrent callers, each appending one to three entries a call.
		const workers, calls = 24, 10
		var mu sync.Mutex
		var got []Entry
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := 0; c < calls; c++ {
					batch := make([]Entry, 1+(w+c)%3)
					for i := range batch {
						batch[i] = sample("record.read", fmt.Sprintf("w%d", w), "FRA")
						batch[i].Details = map[string]string{"call": fmt.Sprint(c), "i": fmt.Sprint(i)}
					}
					out, err := l.Append(ctx, batch...)
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					got = append(got, out...)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("Append: %v", err)
		}

		n := int64(len(got))
		seen := make([]bool, n)
		for _, e := range got {
			if e.Seq < 0 || e.Seq >= n || seen[e.Seq] {
				t.Fatalf("seq %d out of range or repeated (n=%d)", e.Seq, n)
			}
			seen[e.Seq] = true
			stored, _, err := l.Entry(ctx, e.Seq)
			if err != nil {
				t.Fatalf("Entry(%d): %v", e.Seq, err)
			}
			if !reflect.DeepEqual(stored, e) {
				t.Fatalf("Entry(%d) = %+v, want %+v", e.Seq, stored, e)
			}
			if e.ID == "" || e.Time.IsZero() || e.Time.Location() != time.UTC {
				t.Fatalf("entry %d: ID %q, time %v not assigned", e.Seq, e.ID, e.Time)
			}
		}
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Size != n {
			t.Fatalf("checkpoint size %d, want %d", cp.Size, n)
		}
		for seq := int64(0); seq < n; seq++ {
			if err := proveToClient(ctx, l, l.VerifierKey(), seq); err != nil {
				t.Fatalf("inclusion of %d: %v", seq, err)
			}
		}
		sizes := checkpointSizes(t, db)
		if len(sizes) < 3 {
			t.Fatalf("only %d checkpoints", len(sizes))
		}
		for i := 0; i < len(sizes); i++ {
			for _, j := range []int{i, i + 1, len(sizes) - 1} {
				if j >= len(sizes) {
					continue
				}
				if err := proveConsistency(ctx, l, l.VerifierKey(), sizes[i], sizes[j]); err != nil {
					t.Fatalf("consistency %d → %d: %v", sizes[i], sizes[j], err)
				}
			}
		}
		report, err := Verify(ctx, db, l.VerifierKey())
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if report.Size != n || report.Entries != n || report.Checkpoints != len(sizes) {
			t.Fatalf("report %+v, want size %d and %d checkpoints", report, n, len(sizes))
		}
	})
}

func TestAppendRejectsBadEntries(t *testing.T) {
	good := sample("user.create", "alice", "FRA")
	tests := []struct {
		name  string
		edit  func(*Entry)
		field string
	}{
		{"no action", func(e *Entry) { e.Action = "" }, "action"},
		{"no outcome", func(e *Entry) { e.Outcome = "" }, "outcome"},
		{"unknown outcome", func(e *Entry) { e.Outcome = "maybe" }, "outcome"},
		{"no actor name", func(e *Entry) { e.Actor.Name = "" }, "actor.name"},
		{"lower-case actor country", func(e *Entry) { e.Actor.Country = "fra" }, "actor.country"},
		{"two-letter subject", func(e *Entry) { e.Subjects = []string{"DEU", "FR"} }, "subjects"},
		{"lower-case subject", func(e *Entry) { e.Subjects = []string{"deu"} }, "subjects"},
		{"empty resource", func(e *Entry) { e.Resources = []string{""} }, "resources"},
		{"invalid UTF-8", func(e *Entry) { e.Purpose = "\xff" }, "purpose"},
		{"invalid UTF-8 detail", func(e *Entry) { e.Details = map[string]string{"k": "\xfe"} }, "details"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := startLog(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				bad := good
				tt.edit(&bad)
				_, err := l.Append(ctx, good, bad)
				fe, ok := fault.As(err)
				if !ok || fe.Code != fault.InvalidField || fe.Field != tt.field {
					t.Fatalf("Append error = %v, want %s on %s", err, fault.InvalidField, tt.field)
				}
				err = db.InTx(ctx, func(tx *store.Tx) error { return l.AppendTx(ctx, tx, bad) })
				if fe, ok := fault.As(err); !ok || fe.Field != tt.field {
					t.Fatalf("AppendTx error = %v, want %s", err, tt.field)
				}
			})
		}
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Size != 0 {
			t.Fatalf("bad entries wrote %d entries", cp.Size)
		}
	})
}

func TestAppendTx(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := startLog(t, db)
		if _, err := l.Append(ctx, sample("session.create", "alice", "FRA")); err != nil {
			t.Fatal(err)
		}

		t.Run("rolled back: nothing", func(t *testing.T) {
			boom := errors.New("boom")
			err := db.InTx(ctx, func(tx *store.Tx) error {
				if err := l.AppendTx(ctx, tx, sample("user.create", "rolled-back", "FRA")); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("InTx = %v", err)
			}
			var n int
			if err := db.QueryRow(ctx, `SELECT count(*) FROM audit_pending`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("%d staged rows after rollback", n)
			}
		})

		t.Run("committed: integrated", func(t *testing.T) {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				return l.AppendTx(ctx, tx, sample("user.create", "bob", "DEU"), sample("user.create", "carol", "DEU"))
			})
			if err != nil {
				t.Fatal(err)
			}
			checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
				got, err := l.Entries(ctx, Filter{Action: "user.create"})
				if err != nil {
					return err
				}
				if len(got) != 2 {
					return fmt.Errorf("%d user.create entries", len(got))
				}
				return nil
			})
			got, err := l.Entries(ctx, Filter{Actor: "rolled-back"})
			if err != nil || len(got) != 0 {
				t.Fatalf("rolled-back entry listed: %v, %v", got, err)
			}
			for seq := int64(0); seq < 3; seq++ {
				if err := proveToClient(ctx, l, l.VerifierKey(), seq); err != nil {
					t.Fatalf("inclusion of %d: %v", seq, err)
				}
			}
		})
	})
}

// TestSharedStore runs two Logs on one store, as two nodes on one PostgreSQL
// would: entries one stages are integrated by the other, and each continues
// the tree the other grew.
func TestSharedStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)
		a := openLog(t, db, skey, clk)
		b := openLog(t, db, skey, clk)

		// a is not running: what it stages waits for b.
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return a.AppendTx(ctx, tx, sample("user.create", "staged-by-a", "ITA"))
		}); err != nil {
			t.Fatal(err)
		}
		run(t, b)
		checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
			cp, err := b.Checkpoint(ctx)
			if err != nil || cp.Size != 1 {
				return fmt.Errorf("size %d, %v", cp.Size, err)
			}
			return nil
		})
		if _, err := b.Append(ctx, sample("record.read", "via-b", "ITA")); err != nil {
			t.Fatal(err)
		}
		run(t, a)
		out, err := a.Append(ctx, sample("record.read", "via-a", "ITA"))
		if err != nil {
			t.Fatal(err)
		}
		if out[0].Seq != 2 {
			t.Fatalf("a appended at %d, want 2 after b's entries", out[0].Seq)
		}
		if _, err := Verify(ctx, db, vkey); err != nil {
			t.Fatalf("Verify: %v", err)
		}
	})
}

func TestRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)

		first := openLog(t, db, skey, clk)
		stop := run(t, first)
		for i := 0; i < 5; i++ {
			if _, err := first.Append(ctx, sample("record.read", "alice", "FRA")); err != nil {
				t.Fatal(err)
			}
		}
		before, err := first.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stop()
		if _, err := first.Append(ctx, sample("record.read", "late", "FRA")); fault.CodeOf(err) != fault.Unavailable {
			t.Fatalf("Append after Run stopped = %v, want %s", err, fault.Unavailable)
		}

		second := openLog(t, db, skey, clk)
		if second.tree.size != before.Size || second.tree.root != before.Root {
			t.Fatalf("reopened tree (%d, %v), want (%d, %v)", second.tree.size, second.tree.root, before.Size, before.Root)
		}
		run(t, second)
		out, err := second.Append(ctx, sample("record.read", "bob", "DEU"), sample("record.read", "bob", "DEU"))
		if err != nil {
			t.Fatal(err)
		}
		if out[0].Seq != before.Size {
			t.Fatalf("reopened log appended at %d, want %d", out[0].Seq, before.Size)
		}
		after, err := second.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := proveConsistency(ctx, second, vkey, before.Size, after.Size); err != nil {
			t.Fatalf("consistency across restart: %v", err)
		}
		if _, err := Verify(ctx, db, vkey); err != nil {
			t.Fatalf("Verify: %v", err)
		}

		t.Run("another key cannot continue the log", func(t *testing.T) {
			other, _ := testKey(t)
			if _, err := New(ctx, Config{DB: db, Signer: other}); err == nil {
				t.Fatal("New with another key succeeded")
			}
		})
		t.Run("a bad signer key is refused without echoing it", func(t *testing.T) {
			_, err := New(ctx, Config{DB: db, Signer: "PRIVATE+KEY+secret-material"})
			if err == nil || strings.Contains(err.Error(), "secret-material") {
				t.Fatalf("New error = %v", err)
			}
		})
	})
}

func TestRunLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		skey, _ := testKey(t)
		l := openLog(t, db, skey, clock.NewFake(t0))

		t.Run("Append waits for Run and honours its context", func(t *testing.T) {
			short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
			defer cancel()
			if _, err := l.Append(short, sample("a", "b", "")); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Append without Run = %v, want deadline exceeded", err)
			}
		})
		stop := run(t, l)
		if _, err := l.Append(ctx, sample("a", "b", "")); err != nil {
			t.Fatal(err)
		}
		t.Run("Run twice is refused", func(t *testing.T) {
			if err := l.Run(ctx); err == nil {
				t.Fatal("second Run returned nil")
			}
		})
		stop()
		if _, err := l.Append(ctx, sample("a", "b", "")); fault.CodeOf(err) != fault.Unavailable {
			t.Fatalf("Append after stop = %v", err)
		}
	})
}
