package audit

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// tagStore stores attachments as rows of a table of its own, and can be
// made to fail.
type tagStore struct {
	mu     sync.Mutex
	fail   bool
	stored [][]string // what Stored was told, batch by batch
	values int        // attachments handed over with their value
}

func (s *tagStore) Store(ctx context.Context, tx *store.Tx, batch []Attachment) error {
	s.mu.Lock()
	fail := s.fail
	for _, a := range batch {
		if a.Value != nil {
			if a.Value.(string) != string(a.Data) {
				s.mu.Unlock()
				return errors.New("a value that is not its data")
			}
			s.values++
		}
	}
	s.mu.Unlock()
	if fail {
		return errors.New("the attachment store is down")
	}
	for _, a := range batch {
		if _, err := tx.Exec(ctx, `INSERT INTO attach_test (tag) VALUES (?) ON CONFLICT (tag) DO NOTHING`, string(a.Data)); err != nil {
			return err
		}
	}
	return nil
}

func (s *tagStore) Stored(_ context.Context, batch []Attachment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var tags []string
	for _, a := range batch {
		tags = append(tags, string(a.Data))
	}
	s.stored = append(s.stored, tags)
}

func (s *tagStore) storedTags() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Concat(s.stored...)
}

func tags(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT tag FROM attach_test ORDER BY tag`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// journaled is where a test's journaled log lives, to open it again.
type journaled struct {
	skey, path string
	clk        *clock.Fake
}

// openTagged opens a log with a journal on db, not running, with s storing
// the attachments of kind "tag" in a table of the test's own.
func openTagged(t *testing.T, db *store.DB, s *tagStore) (*Log, journaled) {
	t.Helper()
	if _, err := db.Exec(context.Background(), `CREATE TABLE attach_test (tag TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	skey, _ := testKey(t)
	j := journaled{skey: skey, path: filepath.Join(t.TempDir(), "audit-journal"), clk: clock.NewFake(t0)}
	l, err := openJournaled(t, db, j.skey, j.path, j.clk)
	if err != nil {
		t.Fatal(err)
	}
	l.Attach("tag", s)
	return l, j
}

func recordTag(ctx context.Context, l *Log, tag string, value bool) error {
	a := Attachment{Kind: "tag", Data: []byte(tag)}
	if value {
		a.Value = tag
	}
	return l.RecordAttached(ctx, Entry{Actor: SystemActor("test"), Action: "tag.add", Outcome: OutcomeSuccess, Resources: []string{tag}}, a)
}

// An attachment is stored with its entry, in the transaction that puts the
// entry in the tree, never one without the other: stored and announced
// once the entry is in the tree; while its store fails, neither is written
// and both wait in the journal, across a crash; a kind no one stores is
// refused; the journal's MAC covers the attachment.
func TestAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &tagStore{}
		l, j := openTagged(t, db, s)
		skey, path, clk := j.skey, j.path, j.clk
		stop := run(t, l)

		if err := l.RecordAttached(ctx, Entry{Actor: SystemActor("test"), Action: "tag.add", Outcome: OutcomeSuccess}, Attachment{Kind: "nobody", Data: []byte("x")}); err == nil {
			t.Fatal("an attachment no one stores was taken")
		}
		for _, tag := range []string{"a", "b", "c"} {
			if err := recordTag(ctx, l, tag, tag != "b"); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		if got := tags(t, db); !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Fatalf("stored %v after Settle", got)
		}
		checkEntries(t, l, "tag.add", 3)
		checkFor(t, 5*time.Second, time.Millisecond, func() error {
			if got := s.storedTags(); !slices.Equal(got, []string{"a", "b", "c"}) {
				return errors.New("announced " + string(bytes.Join(toBytes(got), []byte(","))))
			}
			return nil
		})
		if s.values != 2 {
			t.Fatalf("%d attachments came with their value, want the 2 recorded with one", s.values)
		}

		// The store fails: neither the attachment nor its entry is written,
		// and both wait.
		s.mu.Lock()
		s.fail = true
		s.mu.Unlock()
		if err := recordTag(ctx, l, "d", false); err != nil {
			t.Fatal(err)
		}
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		if err := l.Settle(short); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Settle with the store down: %v, want the deadline", err)
		}
		cancel()
		if got := tags(t, db); len(got) != 3 {
			t.Fatalf("stored %v with the store down", got)
		}
		entries, err := l.Entries(ctx, Filter{Action: "tag.add", Limit: 10})
		if err != nil || len(entries) != 3 {
			t.Fatalf("%d entries in the tree with their attachment unstored (%v)", len(entries), err)
		}
		// A crash: the node restarts with a store that works.
		stop()
		l2, err := openJournaled(t, db, skey, path, clk)
		if err != nil {
			t.Fatal(err)
		}
		s2 := &tagStore{}
		l2.Attach("tag", s2)
		run(t, l2)
		checkEntries(t, l2, "tag.add", 4)
		if err := l2.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		if got := tags(t, db); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
			t.Fatalf("stored %v after the restart", got)
		}
		if s2.values != 0 {
			t.Fatal("an attachment read back from the journal came with a value")
		}
		if _, err := Verify(ctx, db, l2.VerifierKey()); err != nil {
			t.Fatalf("verify: %v", err)
		}
	})
}

func toBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

// An attachment changed in the journal (its CRC made right) fails the
// record's MAC: the node refuses to start.
func TestAttachmentTampered(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	l, j := openTagged(t, db, &tagStore{fail: true}) // kept in the journal
	skey, path, clk := j.skey, j.path, j.clk
	stop := run(t, l)
	if err := recordTag(ctx, l, "seize-and-hold", false); err != nil {
		t.Fatal(err)
	}
	stop()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(b, []byte("seize-and-hold"))
	if at < 0 {
		t.Fatal("the attachment is not in the journal")
	}
	copy(b[at:], "let-them-pass!")
	// The record's CRC made right again, so that only the MAC can tell.
	fixRecordCRC(t, b)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openJournaled(t, db, skey, path, clk); !errors.Is(err, ErrJournalTampered) {
		t.Fatalf("a changed attachment: %v, want ErrJournalTampered", err)
	}
}

// fixRecordCRC recomputes the CRC of every record of the generation in
// force in the journal file b.
func fixRecordCRC(t *testing.T, b []byte) {
	t.Helper()
	h, _, err := journalHeaderOf(b)
	if err != nil {
		t.Fatal(err)
	}
	for off := int(h.start); off+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[off:]))
		if n < recordMeta+32 || off+8+n > len(b) {
			return
		}
		binary.BigEndian.PutUint32(b[off+4:], crc32.Checksum(b[off+8:off+8+n], castagnoli))
		off += 8 + n
	}
}
