package audit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
)

// TestMain proves that every Run goroutine a test started has stopped.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

const testOrigin = "test.ncbnet.local/audit"

func testKey(t testing.TB) (skey, vkey string) {
	t.Helper()
	skey, vkey, err := GenerateKey(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	return skey, vkey
}

// openLog opens a Log on db without running it.
func openLog(t testing.TB, db *store.DB, skey string, clk clock.Clock) *Log {
	t.Helper()
	l, err := New(context.Background(), Config{DB: db, Signer: skey, Clock: clk, IDs: id.NewGenerator(clk, nil), PendingInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("audit.New: %v", err)
	}
	return l
}

// run starts l's integrator and returns the function that stops it and
// checks that Run returned nil. The stop also runs when t ends.
func run(t testing.TB, l *Log) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not stop")
		}
	}
	t.Cleanup(stop)
	return stop
}

// startLog opens a Log on db with a fresh key and runs it.
func startLog(t testing.TB, db *store.DB) (*Log, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(t0)
	skey, _ := testKey(t)
	l := openLog(t, db, skey, clk)
	run(t, l)
	return l, clk
}

func sample(action, name, country string) Entry {
	return Entry{
		Actor:   Actor{ID: "U-" + name, Name: name, Country: country, UnitKind: "ncb"},
		Action:  action,
		Outcome: OutcomeSuccess,
	}
}

// checkFor calls fn until it returns nil or total has passed.
func checkFor(t testing.TB, total, sleep time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %v", total, err)
		}
		time.Sleep(sleep)
	}
}

func proofBytes(p []tlog.Hash) [][]byte {
	out := make([][]byte, len(p))
	for i, h := range p {
		out[i] = h[:]
	}
	return out
}

// proveToClient does what a client does with the node's public key alone:
// fetch the latest checkpoint, entry seq and its inclusion proof, and verify
// them. Any failure along the way is returned.
func proveToClient(ctx context.Context, l *Log, vkey string, seq int64) error {
	cp, err := l.Checkpoint(ctx)
	if err != nil {
		return err
	}
	ccp, err := client.VerifyCheckpoint(cp.Note, vkey)
	if err != nil {
		return err
	}
	_, leaf, err := l.Entry(ctx, seq)
	if err != nil {
		return err
	}
	proof, err := l.InclusionProof(ctx, seq, ccp.Size)
	if err != nil {
		return err
	}
	return client.VerifyInclusion(ccp, client.InclusionProof{Seq: seq, TreeSize: ccp.Size, Leaf: leaf, Proof: proofBytes(proof)})
}

// proveConsistency verifies, client side, that the checkpoint of size from
// is a prefix of the checkpoint of size to (0: the latest), as the proof
// says it is.
func proveConsistency(ctx context.Context, l *Log, vkey string, from, to int64) error {
	proof, size, err := l.ConsistencyProof(ctx, from, to)
	if err != nil {
		return err
	}
	if to != 0 && size != to {
		return fmt.Errorf("ConsistencyProof(%d, %d) says it proves size %d", from, to, size)
	}
	older, err := l.CheckpointAt(ctx, from)
	if err != nil {
		return err
	}
	newer, err := l.CheckpointAt(ctx, size)
	if err != nil {
		return err
	}
	co, err := client.VerifyCheckpoint(older.Note, vkey)
	if err != nil {
		return err
	}
	cn, err := client.VerifyCheckpoint(newer.Note, vkey)
	if err != nil {
		return err
	}
	return client.VerifyConsistency(co, cn, client.ConsistencyProof{From: from, To: size, Proof: proofBytes(proof)})
}

// checkpointSizes lists the sizes of every stored checkpoint.
func checkpointSizes(t testing.TB, db *store.DB) []int64 {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT size FROM audit_checkpoints ORDER BY size`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func asProblem(err error) (*Problem, bool) {
	var p *Problem
	ok := errors.As(err, &p)
	return p, ok
}
