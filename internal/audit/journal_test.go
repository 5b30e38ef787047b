package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// openJournaled opens a Log on db with a journal at path, not running.
func openJournaled(t *testing.T, db *store.DB, skey, path string, clk clock.Clock) (*Log, error) {
	t.Helper()
	return New(context.Background(), Config{DB: db, Signer: skey, Clock: clk, IDs: id.NewGenerator(clk, nil), PendingInterval: 20 * time.Millisecond, JournalFile: path})
}

func checkEntries(t *testing.T, l *Log, action string, want int) {
	t.Helper()
	// Sync answers at once while Run has not started.
	for deadline := time.Now().Add(5 * time.Second); !l.running.Load() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if err := l.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := l.Entries(context.Background(), Filter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != want {
		t.Fatalf("%d entries of %s in the tree, want %d", len(got), action, want)
	}
	seen := map[string]bool{}
	for _, e := range got {
		if seen[e.ID] {
			t.Fatalf("entry %s is in the tree twice", e.ID)
		}
		seen[e.ID] = true
	}
}

func recordN(t *testing.T, l *Log, action string, n int) {
	t.Helper()
	for i := range n {
		if err := l.Record(context.Background(), Entry{Actor: SystemActor("test"), Action: action, Outcome: OutcomeSuccess, Resources: []string{string(rune('a' + i%26))}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJournal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFake(t0)
		skey, _ := testKey(t)
		path := filepath.Join(t.TempDir(), "audit-journal")
		l, err := openJournaled(t, db, skey, path, clk)
		if err != nil {
			t.Fatal(err)
		}
		stop := run(t, l)

		// Recorded entries reach the tree, once.
		recordN(t, l, "check.run", 30)
		checkEntries(t, l, "check.run", 30)
		if _, err := Verify(context.Background(), db, l.VerifierKey()); err != nil {
			t.Fatalf("verify: %v", err)
		}

		// A crash: entries recorded, the node gone before integrating them
		// (Run stops without integrating what the journal holds).
		recordN(t, l, "check.crash", 5)
		stop()
		// A write cut short by the crash: never acknowledged, dropped.
		tornWrite(t, l, path)

		l2, err := openJournaled(t, db, skey, path, clk)
		if err != nil {
			t.Fatalf("reopen after a crash: %v", err)
		}
		// A second log on the same journal would integrate its entries
		// twice: refused while the first holds it.
		if _, err := openJournaled(t, db, skey, path, clk); !errors.Is(err, ErrJournalInUse) {
			t.Fatalf("a second opener: %v, want ErrJournalInUse", err)
		}
		stop2 := run(t, l2)
		// Every entry once: those integrated before are not again.
		checkEntries(t, l2, "check.run", 30)
		checkEntries(t, l2, "check.crash", 5)
		checkEntries(t, l2, "check.torn", 0)
		recordN(t, l2, "check.after", 3)
		checkEntries(t, l2, "check.after", 3)
		stop2()
		if _, err := Verify(context.Background(), db, l2.VerifierKey()); err != nil {
			t.Fatalf("verify: %v", err)
		}

		// Damage before whole records is not a torn tail: refused, not cut.
		good, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		damaged := append([]byte(nil), good...)
		damaged[journalRecords+12] ^= 0xFF // inside the first record, others follow
		if err := os.WriteFile(path, damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := openJournaled(t, db, skey, path, clk); !errors.Is(err, ErrJournalTampered) {
			t.Fatalf("damage mid-file: %v, want ErrJournalTampered", err)
		}
		if after, _ := os.ReadFile(path); len(after) != len(good) {
			t.Fatalf("the damaged journal was cut from %d to %d bytes", len(good), len(after))
		}
		if err := os.WriteFile(path, good, 0o600); err != nil {
			t.Fatal(err)
		}

		// A record changed in the file (its CRC recomputed) is refused.
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		at := journalRecords
		n := binary.BigEndian.Uint32(b[at:])
		rest := b[at+8 : at+8+int(n)]
		copy(rest[len(rest)-20:], []byte(`"action":"innocent",`))
		binary.BigEndian.PutUint32(b[at+4:], crc32.Checksum(rest, castagnoli))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := openJournaled(t, db, skey, path, clk); !errors.Is(err, ErrJournalTampered) {
			t.Fatalf("a tampered journal: %v, want ErrJournalTampered", err)
		}
	})
}

// tornWrite writes the first half of a batch of two records where the
// journal's next batch goes, as a crash during the write leaves it.
func tornWrite(t *testing.T, l *Log, path string) {
	t.Helper()
	st := readJournalFile(t, l, path)
	it := entryItem(t, l, Entry{Actor: SystemActor("test"), Action: "check.torn", Outcome: OutcomeSuccess})
	var rec []byte
	for i := range 2 {
		rec = appendJournalRecord(rec, hmac.New(sha256.New, l.macKey), recordPlace{gen: st.gen, batch: st.batch, index: uint32(i), count: 2}, it)
	}
	writeAt(t, path, rec[:len(rec)*3/4], st.off)
}

// readJournalFile reads the journal at path as a node opening it does.
func readJournalFile(t *testing.T, l *Log, path string) journalState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := journalHeaderOf(data)
	if err != nil {
		t.Fatal(err)
	}
	st, err := l.parseJournal(data, h)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func writeAt(t *testing.T, path string, b []byte, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// Without a journal, Record waits for the tree as Append does.
func TestRecordWithoutJournal(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	l, _ := startLog(t, db)
	recordN(t, l, "check.run", 3)
	got, err := l.Entries(context.Background(), Filter{Action: "check.run", Limit: 10})
	if err != nil || len(got) != 3 {
		t.Fatalf("%d entries, %v", len(got), err)
	}
}
