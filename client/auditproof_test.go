package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

const origin = "node.example/audit"

// node is an audit log on an embedded store, standing in for a node.
type node struct {
	t    *testing.T
	ctx  context.Context
	log  *audit.Log
	skey string
}

// newNode runs an audit log signing with skey and appends the entries of
// names, one batch per inner list.
func newNode(t *testing.T, skey string, batches [][]string) *node {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	l, err := audit.New(ctx, audit.Config{DB: db, Signer: skey, Clock: clock.NewFake(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- l.Run(runCtx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	for _, names := range batches {
		entries := make([]audit.Entry, len(names))
		for i, name := range names {
			entries[i] = audit.Entry{Actor: audit.Actor{Name: name, Country: "FRA"}, Action: "record.read", Outcome: audit.OutcomeSuccess}
		}
		if _, err := l.Append(ctx, entries...); err != nil {
			t.Fatal(err)
		}
	}
	return &node{t: t, ctx: ctx, log: l, skey: skey}
}

// checkpoint returns the node's signed note for the tree of size n, as a
// client receives it.
func (n *node) checkpoint(size int64) []byte {
	n.t.Helper()
	cp, err := n.log.CheckpointAt(n.ctx, size)
	if err != nil {
		n.t.Fatal(err)
	}
	return cp.Note
}

func (n *node) verifiedCheckpoint(size int64) client.Checkpoint {
	n.t.Helper()
	cp, err := client.VerifyCheckpoint(n.checkpoint(size), n.log.VerifierKey())
	if err != nil {
		n.t.Fatal(err)
	}
	return cp
}

// inclusion returns the proof body the API serves, through JSON.
func (n *node) inclusion(seq, size int64) client.InclusionProof {
	n.t.Helper()
	_, leaf, err := n.log.Entry(n.ctx, seq)
	if err != nil {
		n.t.Fatal(err)
	}
	proof, err := n.log.InclusionProof(n.ctx, seq, size)
	if err != nil {
		n.t.Fatal(err)
	}
	h := tlog.RecordHash(leaf)
	var out client.InclusionProof
	roundTrip(n.t, client.InclusionProof{Seq: seq, TreeSize: size, Leaf: leaf, LeafHash: h[:], Proof: hashBytes(proof)}, &out)
	return out
}

func (n *node) consistency(from, to int64) client.ConsistencyProof {
	n.t.Helper()
	proof, _, err := n.log.ConsistencyProof(n.ctx, from, to)
	if err != nil {
		n.t.Fatal(err)
	}
	var out client.ConsistencyProof
	roundTrip(n.t, client.ConsistencyProof{From: from, To: to, Proof: hashBytes(proof)}, &out)
	return out
}

func hashBytes(p []tlog.Hash) [][]byte {
	out := make([][]byte, len(p))
	for i, h := range p {
		out[i] = bytes.Clone(h[:])
	}
	return out
}

func roundTrip(t *testing.T, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func mustFail(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, client.ErrAuditVerification) {
		t.Fatalf("error = %v, want one wrapping ErrAuditVerification", err)
	}
}

func TestVerifyInclusion(t *testing.T) {
	skey, _, err := audit.GenerateKey(origin)
	if err != nil {
		t.Fatal(err)
	}
	n := newNode(t, skey, [][]string{names("a", 3), names("b", 4), names("c", 6)})
	cp := n.verifiedCheckpoint(13)
	if cp.Origin != origin || cp.Size != 13 {
		t.Fatalf("checkpoint %+v", cp)
	}
	for seq := int64(0); seq < 13; seq++ {
		if err := client.VerifyInclusion(cp, n.inclusion(seq, 13)); err != nil {
			t.Fatalf("entry %d: %v", seq, err)
		}
	}
	older := n.verifiedCheckpoint(7)
	if err := client.VerifyInclusion(older, n.inclusion(5, 7)); err != nil {
		t.Fatalf("entry 5 in the tree of 7: %v", err)
	}

	tests := []struct {
		name string
		edit func(p *client.InclusionProof)
	}{
		{"altered leaf", func(p *client.InclusionProof) {
			p.Leaf = bytes.Replace(p.Leaf, []byte(`"b1"`), []byte(`"b9"`), 1)
			p.LeafHash = nil
		}},
		{"leaf hash of another leaf", func(p *client.InclusionProof) { p.LeafHash[0] ^= 1 }},
		{"altered proof hash", func(p *client.InclusionProof) { p.Proof[1][7] ^= 0x80 }},
		{"proof hash missing", func(p *client.InclusionProof) { p.Proof = p.Proof[:len(p.Proof)-1] }},
		{"proof hash added", func(p *client.InclusionProof) { p.Proof = append(p.Proof, p.Proof[0]) }},
		{"proof hash cut short", func(p *client.InclusionProof) { p.Proof[0] = p.Proof[0][:31] }},
		{"wrong tree size", func(p *client.InclusionProof) { p.TreeSize = 12 }},
		{"another position", func(p *client.InclusionProof) { p.Seq = 5 }},
		{"position past the tree", func(p *client.InclusionProof) { p.Seq = 13 }},
		{"leaf that is not an entry", func(p *client.InclusionProof) { p.Leaf = []byte(`["seq", 4]`) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := n.inclusion(4, 13)
			tt.edit(&p)
			mustFail(t, client.VerifyInclusion(cp, p))
		})
	}
	t.Run("another checkpoint", func(t *testing.T) {
		mustFail(t, client.VerifyInclusion(older, n.inclusion(4, 13)))
	})
}

func TestVerifyCheckpoint(t *testing.T) {
	skey, vkey, err := audit.GenerateKey(origin)
	if err != nil {
		t.Fatal(err)
	}
	n := newNode(t, skey, [][]string{names("a", 5)})
	msg := n.checkpoint(5)
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	text := string(msg[:bytes.Index(msg, []byte("\n\n"))+1])
	signed := func(body string) []byte {
		b, err := note.Sign(&note.Note{Text: body}, signer)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	otherKey, _, err := audit.GenerateKey(origin)
	if err != nil {
		t.Fatal(err)
	}
	otherSigner, err := note.NewSigner(otherKey)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := note.Sign(&note.Note{Text: text}, otherSigner)
	if err != nil {
		t.Fatal(err)
	}
	_, strangerKey, err := audit.GenerateKey("stranger.example/audit")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\n")

	tests := []struct {
		name string
		msg  []byte
		key  string
	}{
		{"forged with another key of the same name", forged, vkey},
		{"altered size", []byte(strings.Replace(string(msg), "\n5\n", "\n6\n", 1)), vkey},
		{"altered root", []byte(strings.Replace(string(msg), lines[2], strings.Repeat("A", 43)+"=", 1)), vkey},
		{"signature removed", []byte(text), vkey},
		{"checked with a stranger's key", msg, strangerKey},
		{"extra body line", signed(text + "extension\n"), vkey},
		{"size with a leading zero", signed(origin + "\n05\n" + lines[2] + "\n"), vkey},
		{"negative size", signed(origin + "\n-5\n" + lines[2] + "\n"), vkey},
		{"root of the wrong length", signed(origin + "\n5\nAAAA\n"), vkey},
		{"origin other than the key's", signed("elsewhere/audit\n5\n" + lines[2] + "\n"), vkey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := client.VerifyCheckpoint(tt.msg, tt.key); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	t.Run("a malformed key is an error but not a verification failure", func(t *testing.T) {
		_, err := client.VerifyCheckpoint(msg, "not-a-key")
		if err == nil || errors.Is(err, client.ErrAuditVerification) {
			t.Fatalf("error = %v", err)
		}
	})
}

func TestVerifyConsistency(t *testing.T) {
	skey, _, err := audit.GenerateKey(origin)
	if err != nil {
		t.Fatal(err)
	}
	batches := [][]string{names("a", 3), names("b", 1), names("c", 5), names("d", 2)}
	n := newNode(t, skey, batches)
	sizes := []int64{0, 3, 4, 9, 11}
	for _, from := range sizes {
		for _, to := range sizes {
			if from > to {
				continue
			}
			if err := client.VerifyConsistency(n.verifiedCheckpoint(from), n.verifiedCheckpoint(to), n.consistency(from, to)); err != nil {
				t.Fatalf("%d → %d: %v", from, to, err)
			}
		}
	}

	// The same key signing another history: the first batch differs.
	rewritten := newNode(t, skey, [][]string{names("x", 3), names("b", 1), names("c", 5), names("d", 2)})
	tests := []struct {
		name         string
		older, newer client.Checkpoint
		proof        client.ConsistencyProof
	}{
		{"rewritten history", n.verifiedCheckpoint(3), rewritten.verifiedCheckpoint(11), rewritten.consistency(3, 11)},
		{"rewritten history, same size", n.verifiedCheckpoint(11), rewritten.verifiedCheckpoint(11), rewritten.consistency(11, 11)},
		{"altered proof hash", n.verifiedCheckpoint(3), n.verifiedCheckpoint(11), func() client.ConsistencyProof {
			p := n.consistency(3, 11)
			p.Proof[0][0] ^= 1
			return p
		}()},
		{"proof for other sizes", n.verifiedCheckpoint(3), n.verifiedCheckpoint(11), n.consistency(4, 11)},
		{"backwards", n.verifiedCheckpoint(11), n.verifiedCheckpoint(3), client.ConsistencyProof{From: 11, To: 3}},
		{"non-empty proof from the empty tree", n.verifiedCheckpoint(0), n.verifiedCheckpoint(4), client.ConsistencyProof{From: 0, To: 4, Proof: [][]byte{make([]byte, 32)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustFail(t, client.VerifyConsistency(tt.older, tt.newer, tt.proof))
		})
	}
	t.Run("checkpoints of two logs", func(t *testing.T) {
		otherKey, _, err := audit.GenerateKey("other.example/audit")
		if err != nil {
			t.Fatal(err)
		}
		other := newNode(t, otherKey, batches)
		mustFail(t, client.VerifyConsistency(n.verifiedCheckpoint(3), other.verifiedCheckpoint(11), other.consistency(3, 11)))
	})
}
