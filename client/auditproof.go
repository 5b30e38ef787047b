package client

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// ErrAuditVerification is wrapped by every error that says an audit
// checkpoint or proof does not hold (as opposed to one that cannot be read).
var ErrAuditVerification = errors.New("audit verification failed")

func verifyFailed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrAuditVerification, fmt.Sprintf(format, args...))
}

// Checkpoint is a verified statement by a node of its audit tree: the size
// and root hash, and the signed note they were read from.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   [32]byte
	Note   []byte
}

// VerifyCheckpoint checks that note is a checkpoint signed with verifierKey
// (the node's public key, "<origin>+<hash>+<base64>") and laid out as a C2SP
// tlog-checkpoint with exactly three body lines: the origin (the key's name),
// the tree size in decimal and the base64 root hash.
func VerifyCheckpoint(msg []byte, verifierKey string) (Checkpoint, error) {
	v, err := note.NewVerifier(verifierKey)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit verifier key: %w", err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, verifyFailed("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		return Checkpoint{}, verifyFailed("checkpoint body is not exactly origin, size and root")
	}
	if lines[0] != v.Name() {
		return Checkpoint{}, verifyFailed("checkpoint origin %q is not the key's %q", lines[0], v.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return Checkpoint{}, verifyFailed("checkpoint size %q is not a decimal number", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return Checkpoint{}, verifyFailed("checkpoint root %q is not a base64 SHA-256 hash", lines[2])
	}
	cp := Checkpoint{Origin: lines[0], Size: size, Note: bytes.Clone(msg)}
	copy(cp.Root[:], root)
	return cp, nil
}

// InclusionProof is the JSON body of GET /api/v1/audit/proofs/inclusion: the
// entry at position Seq, as the leaf the tree hashes, and the Merkle audit
// path from it to the root of the tree of TreeSize entries.
type InclusionProof struct {
	Seq      int64 `json:"seq"`
	TreeSize int64 `json:"tree_size"`
	// Leaf is the entry's canonical JSON.
	Leaf     []byte   `json:"leaf"`
	LeafHash []byte   `json:"leaf_hash"`
	Proof    [][]byte `json:"proof"`
}

// ConsistencyProof is the JSON body of GET /api/v1/audit/proofs/consistency:
// the proof that the tree of size From is a prefix of the tree of size To.
type ConsistencyProof struct {
	From  int64    `json:"from"`
	To    int64    `json:"to"`
	Proof [][]byte `json:"proof"`
}

// VerifyInclusion checks that p proves the entry in p.Leaf is at position
// p.Seq of the tree that cp (already verified with VerifyCheckpoint) signs.
// The leaf hash is recomputed from the leaf, never taken from the proof, and
// the leaf must name the same position.
func VerifyInclusion(cp Checkpoint, p InclusionProof) error {
	if p.TreeSize != cp.Size {
		return verifyFailed("proof is for a tree of size %d, the checkpoint's has %d", p.TreeSize, cp.Size)
	}
	if p.Seq < 0 || p.Seq >= cp.Size {
		return verifyFailed("entry %d is not in a tree of size %d", p.Seq, cp.Size)
	}
	var named struct {
		Seq *int64 `json:"seq"`
	}
	if err := json.Unmarshal(p.Leaf, &named); err != nil || named.Seq == nil {
		return verifyFailed("leaf is not an audit entry")
	}
	if *named.Seq != p.Seq {
		return verifyFailed("leaf is entry %d, not %d", *named.Seq, p.Seq)
	}
	leafHash := tlog.RecordHash(p.Leaf)
	if p.LeafHash != nil && !bytes.Equal(p.LeafHash, leafHash[:]) {
		return verifyFailed("leaf_hash is not the hash of the leaf")
	}
	proof, err := hashes(p.Proof)
	if err != nil {
		return err
	}
	if err := tlog.CheckRecord(proof, cp.Size, tlog.Hash(cp.Root), p.Seq, leafHash); err != nil {
		return verifyFailed("entry %d is not in the signed tree of size %d: %v", p.Seq, cp.Size, err)
	}
	return nil
}

// VerifyConsistency checks that p proves the tree signed by older is a
// prefix of the tree signed by newer: the log only grew between them. Both
// checkpoints must already be verified with VerifyCheckpoint.
func VerifyConsistency(older, newer Checkpoint, p ConsistencyProof) error {
	if older.Origin != newer.Origin {
		return verifyFailed("checkpoints are of two logs, %q and %q", older.Origin, newer.Origin)
	}
	if p.From != older.Size || p.To != newer.Size {
		return verifyFailed("proof is from size %d to %d, the checkpoints are %d and %d", p.From, p.To, older.Size, newer.Size)
	}
	if older.Size > newer.Size {
		return verifyFailed("the newer checkpoint (size %d) is smaller than the older (size %d)", newer.Size, older.Size)
	}
	proof, err := hashes(p.Proof)
	if err != nil {
		return err
	}
	switch {
	case older.Size == newer.Size:
		if older.Root != newer.Root || len(proof) != 0 {
			return verifyFailed("two different trees of size %d", older.Size)
		}
		return nil
	case older.Size == 0:
		if len(proof) != 0 {
			return verifyFailed("a proof from the empty tree must be empty")
		}
		return nil
	}
	if err := tlog.CheckTree(proof, newer.Size, tlog.Hash(newer.Root), older.Size, tlog.Hash(older.Root)); err != nil {
		return verifyFailed("the tree of size %d does not extend the tree of size %d: %v", newer.Size, older.Size, err)
	}
	return nil
}

func hashes(raw [][]byte) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(raw))
	for i, b := range raw {
		if len(b) != tlog.HashSize {
			return nil, verifyFailed("proof hash %d has %d bytes, not %d", i, len(b), tlog.HashSize)
		}
		copy(out[i][:], b)
	}
	return out, nil
}
