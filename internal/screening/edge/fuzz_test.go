package edge

import (
	"bytes"
	"errors"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// fuzzKeys is fixed, not random, so that inputs the fuzzer saves still
// carry a known signature when they run again.
var fuzzKeys = sync.OnceValues(func() (keys, error) {
	skey, vkey, err := note.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{42}, 64)), "central.test")
	if err != nil {
		return keys{}, err
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		return keys{}, err
	}
	v, err := note.NewVerifier(vkey)
	return keys{s, v}, err
})

// FuzzReplaceApply: whatever the bytes, Replace and Apply do not panic, and
// anything they refuse leaves the copy as it was. Bytes not signed by the
// key are all refused; mutations of signed files exercise the body decoder
// through fuzzVerify, which skips the signature.
func FuzzReplaceApply(f *testing.F) {
	k, err := fuzzKeys()
	if err != nil {
		f.Fatal(err)
	}
	base := synthEntries(20)
	next := evolve(base, 1)
	snap := mustBuild(f, k, 1, base)
	delta := mustDiff(f, k, 1, 2, base, next)
	f.Add(snap)
	f.Add(delta)
	f.Add(mustBuild(f, k, 2, next))
	f.Add(snap[bytes.IndexByte(snap, 0)+1:])
	f.Add(delta[bytes.IndexByte(delta, 0)+1:])
	f.Add([]byte{})
	f.Add([]byte("ncbnet edge snapshot\n\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := mustOpen(t, t.TempDir(), k)
		if err := c.Replace(snap); err != nil {
			t.Fatal(err)
		}
		before := c.Digest()
		if err := c.Replace(data); err != nil && c.Digest() != before {
			t.Fatalf("refused snapshot changed the copy: %v", err)
		}
		before = c.Digest()
		if err := c.Apply(data); err != nil && c.Digest() != before {
			t.Fatalf("refused delta changed the copy: %v", err)
		}
		fuzzBodies(t, c, data)
	})
}

// fuzzBodies feeds data to the decoders and merge as if a trusted signer had
// signed it, since the fuzzer cannot forge a signature to reach them.
func fuzzBodies(t *testing.T, c *Copy, data []byte) {
	cur := c.state.Load()
	if tb, err := decodeSnapshot(data); err == nil {
		if tb.checkOrder() != nil {
			t.Fatal("decoded snapshot is out of order")
		}
		tb.digest()
		tb.find(0)
	}
	if d, err := decodeDelta(data); err == nil {
		if nt, err := applyDelta(cur.table, d); err == nil {
			if err := nt.checkOrder(); err != nil {
				t.Fatalf("applied delta gives a table out of order: %v", err)
			}
		} else if !errors.Is(err, errAbsentRemove) && !errors.Is(err, errPresentAdd) {
			t.Fatalf("applyDelta: unexpected %v", err)
		}
	}
}
