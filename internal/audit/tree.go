package audit

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/store"
)

// The tree is kept as tlog's stored hashes (Crosby and Wallach's layout): the
// hash of every complete subtree, stored with the entry that completes it.
// Entry n stores its leaf hash, then, for each trailing 1 bit of n, the hash of
// the subtree it closes: node (level l, index n>>l) for l = 0, 1, …. So the
// node (l, k) lives in the hashes column of entry ((k+1)<<l)-1, at offset l.

// nodeOwner returns the entry whose hashes column holds the stored hash with
// tlog index idx, and the hash's position in that column.
func nodeOwner(idx int64) (seq int64, offset int) {
	level, n := tlog.SplitStoredHashIndex(idx)
	return (n+1)<<level - 1, level
}

// frontierIndexes returns the stored-hash indexes of the complete subtrees
// that make up a tree of size n, left to right. The tree's root is computed
// from them alone, and so are the stored hashes of the next entry.
func frontierIndexes(n int64) []int64 {
	var out []int64
	var start int64
	for level := 62; level >= 0; level-- {
		if n&(1<<level) != 0 {
			out = append(out, tlog.StoredHashIndex(level, start>>level))
			start += 1 << level
		}
	}
	return out
}

// hashMap is a tlog.HashReader over hashes held in memory.
type hashMap map[int64]tlog.Hash

func (m hashMap) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		h, ok := m[idx]
		if !ok {
			return nil, fmt.Errorf("BUG: audit tree: stored hash %d is not in memory", idx)
		}
		out[i] = h
	}
	return out, nil
}

// treeState is the integrator's view of the tree: its size, root and
// frontier (the hashes needed to append and to compute the root).
type treeState struct {
	size     int64
	root     tlog.Hash
	frontier hashMap
	// note is the signed checkpoint of this tree, once the integrator has
	// one (New and every integrated batch set it).
	note []byte
}

// emptyTree returns the state of the tree with no entries.
func emptyTree() treeState {
	root, _ := tlog.TreeHash(0, hashMap{})
	return treeState{root: root, frontier: hashMap{}}
}

// extend returns the state after appending entries with the given leaf
// hashes, and the stored hashes each new entry keeps in its hashes column.
// t itself is left unchanged.
func (t treeState) extend(leafHashes []tlog.Hash) (treeState, [][]tlog.Hash, error) {
	work := make(hashMap, len(t.frontier)+2*len(leafHashes))
	for k, v := range t.frontier {
		work[k] = v
	}
	stored := make([][]tlog.Hash, len(leafHashes))
	n := t.size
	for i, h := range leafHashes {
		hashes, err := tlog.StoredHashesForRecordHash(n, h, work)
		if err != nil {
			return treeState{}, nil, fmt.Errorf("hash audit entry %d: %w", n, err)
		}
		base := tlog.StoredHashIndex(0, n)
		for j, sh := range hashes {
			work[base+int64(j)] = sh
		}
		stored[i] = hashes
		n++
	}
	next := treeState{size: n, frontier: make(hashMap)}
	for _, idx := range frontierIndexes(n) {
		next.frontier[idx] = work[idx]
	}
	root, err := tlog.TreeHash(n, next.frontier)
	if err != nil {
		return treeState{}, nil, fmt.Errorf("hash audit tree of size %d: %w", n, err)
	}
	next.root = root
	return next, stored, nil
}

// joinHashes packs stored hashes into the bytes of a hashes column.
func joinHashes(hashes []tlog.Hash) []byte {
	b := make([]byte, 0, len(hashes)*tlog.HashSize)
	for _, h := range hashes {
		b = append(b, h[:]...)
	}
	return b
}

// storeHashes reads stored hashes from the hashes columns of audit_entries.
type storeHashes struct {
	ctx  context.Context
	conn store.Conn
}

var _ tlog.HashReader = storeHashes{}

func (r storeHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	seqs := make([]int64, 0, len(indexes))
	for _, idx := range indexes {
		seq, _ := nodeOwner(idx)
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	seqs = slices.Compact(seqs)
	args := make([]any, len(seqs))
	for i, s := range seqs {
		args[i] = s
	}
	rows, err := r.conn.Query(r.ctx, `SELECT seq, hashes FROM audit_entries WHERE seq IN `+store.Placeholders(1, len(seqs)), args...)
	if err != nil {
		return nil, fmt.Errorf("read audit hashes: %w", err)
	}
	defer rows.Close()
	columns := make(map[int64][]byte, len(seqs))
	for rows.Next() {
		var seq int64
		var b []byte
		if err := rows.Scan(&seq, &b); err != nil {
			return nil, fmt.Errorf("read audit hashes: %w", err)
		}
		columns[seq] = b
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit hashes: %w", err)
	}
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		seq, offset := nodeOwner(idx)
		b, ok := columns[seq]
		if !ok {
			return nil, fmt.Errorf("read audit hashes: entry %d is missing", seq)
		}
		if len(b) < (offset+1)*tlog.HashSize {
			return nil, fmt.Errorf("read audit hashes: entry %d holds %d bytes of hashes", seq, len(b))
		}
		copy(out[i][:], b[offset*tlog.HashSize:])
	}
	return out, nil
}

// proveExtends checks that the tree of the given size and root is a prefix
// of t, with a consistency proof read from the stored hashes and checked
// against both roots: stored hashes that were changed fail the check.
func proveExtends(ctx context.Context, conn store.Conn, size int64, root tlog.Hash, t treeState) error {
	switch {
	case size > t.size:
		return fmt.Errorf("the tree of size %d is not a prefix of the smaller tree of size %d", size, t.size)
	case size == t.size:
		if root != t.root {
			return fmt.Errorf("two different trees of size %d", size)
		}
		return nil
	case size == 0:
		if root != emptyTree().root {
			return errors.New("the root of the empty tree is wrong")
		}
		return nil
	}
	proof, err := tlog.ProveTree(t.size, size, storeHashes{ctx: ctx, conn: conn})
	if err != nil {
		return fmt.Errorf("prove the tree of size %d is a prefix of the tree of size %d: %w", size, t.size, err)
	}
	if err := tlog.CheckTree(proof, t.size, t.root, size, root); err != nil {
		return fmt.Errorf("the tree of size %d is not a prefix of the tree of size %d: %w", size, t.size, err)
	}
	return nil
}

// errTreeMismatch reports stored hashes that do not give the root of the
// latest signed checkpoint: the store was changed behind the node's back.
var errTreeMismatch = errors.New("the stored audit tree does not match its latest signed checkpoint (run audit verify)")

// loadTree reads the frontier of the tree of the given size and checks that
// it gives the signed root.
func loadTree(ctx context.Context, conn store.Conn, size int64, root tlog.Hash) (treeState, error) {
	if size == 0 {
		t := emptyTree()
		if t.root != root {
			return treeState{}, errTreeMismatch
		}
		return t, nil
	}
	indexes := frontierIndexes(size)
	hashes, err := storeHashes{ctx: ctx, conn: conn}.ReadHashes(indexes)
	if err != nil {
		return treeState{}, fmt.Errorf("load audit tree of size %d: %w", size, err)
	}
	t := treeState{size: size, frontier: make(hashMap, len(indexes))}
	for i, idx := range indexes {
		t.frontier[idx] = hashes[i]
	}
	if t.root, err = tlog.TreeHash(size, t.frontier); err != nil {
		return treeState{}, fmt.Errorf("load audit tree of size %d: %w", size, err)
	}
	if t.root != root {
		return treeState{}, errTreeMismatch
	}
	return t, nil
}
