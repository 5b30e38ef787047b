package audit

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Checkpoint is a signed statement of the tree: its size and root hash.
type Checkpoint struct {
	Size int64     `json:"size"`
	Root tlog.Hash `json:"root"`
	// Note is the whole signed note (C2SP tlog-checkpoint): body and signature.
	Note []byte `json:"note"`
}

// checkpointBody is the C2SP tlog-checkpoint body: origin, size, root.
func checkpointBody(origin string, size int64, root tlog.Hash) string {
	return origin + "\n" + strconv.FormatInt(size, 10) + "\n" + base64.StdEncoding.EncodeToString(root[:]) + "\n"
}

// signCheckpoint signs the checkpoint of a tree of the given size and root.
func (l *Log) signCheckpoint(size int64, root tlog.Hash) (Checkpoint, error) {
	msg, err := note.Sign(&note.Note{Text: checkpointBody(l.origin, size, root)}, l.signer)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("sign audit checkpoint of size %d: %w", size, err)
	}
	return Checkpoint{Size: size, Root: root, Note: msg}, nil
}

// openCheckpoint checks a checkpoint note's signature and layout and returns
// the size and root it states.
func openCheckpoint(msg []byte, v note.Verifier) (int64, tlog.Hash, error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint signature: %w", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		return 0, tlog.Hash{}, errors.New("checkpoint body is not exactly origin, size and root")
	}
	if lines[0] != v.Name() {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint origin %q is not the key's %q", lines[0], v.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint size %q is not a decimal number", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return 0, tlog.Hash{}, fmt.Errorf("checkpoint root %q is not a base64 SHA-256 hash", lines[2])
	}
	var root tlog.Hash
	copy(root[:], raw)
	return size, root, nil
}

// insertCheckpoint stores a signed checkpoint. A checkpoint of the same size
// already stored (two nodes signing the empty tree at once) is kept.
func insertCheckpoint(ctx context.Context, conn store.Conn, cp Checkpoint, signedAt int64) error {
	_, err := conn.Exec(ctx, `INSERT INTO audit_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (size) DO NOTHING`, cp.Size, cp.Root[:], string(cp.Note), signedAt)
	if err != nil {
		return fmt.Errorf("store audit checkpoint of size %d: %w", cp.Size, err)
	}
	return nil
}

// latestCheckpoint reads the checkpoint of the largest tree; ok is false when
// none is stored yet.
func latestCheckpoint(ctx context.Context, conn store.Conn) (cp Checkpoint, ok bool, err error) {
	return scanCheckpoint(conn.QueryRow(ctx, `SELECT size, root, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1`))
}

func scanCheckpoint(row *sql.Row) (Checkpoint, bool, error) {
	var cp Checkpoint
	var root []byte
	var text string
	err := row.Scan(&cp.Size, &root, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return Checkpoint{}, false, nil
	}
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("read audit checkpoint: %w", err)
	}
	if len(root) != tlog.HashSize {
		return Checkpoint{}, false, fmt.Errorf("read audit checkpoint of size %d: root has %d bytes", cp.Size, len(root))
	}
	copy(cp.Root[:], root)
	cp.Note = []byte(text)
	return cp, true, nil
}

// Checkpoint returns the latest signed checkpoint. There is always one: New
// signs the empty tree.
func (l *Log) Checkpoint(ctx context.Context) (Checkpoint, error) {
	cp, ok, err := latestCheckpoint(ctx, l.db)
	if err != nil {
		return Checkpoint{}, err
	}
	if !ok {
		return Checkpoint{}, fault.New(fault.Unavailable, "the audit log has no checkpoint yet")
	}
	return cp, nil
}

// CheckpointAt returns the signed checkpoint of the tree of exactly size
// entries. Every integrated batch has one, so a client holding an older
// checkpoint can ask for a consistency proof from it.
func (l *Log) CheckpointAt(ctx context.Context, size int64) (Checkpoint, error) {
	if size < 0 {
		return Checkpoint{}, fault.Field(fault.BadParameter, "size", "tree size must not be negative")
	}
	cp, ok, err := scanCheckpoint(l.db.QueryRow(ctx, `SELECT size, root, note FROM audit_checkpoints WHERE size = ?`, size))
	if err != nil {
		return Checkpoint{}, err
	}
	if !ok {
		return Checkpoint{}, fault.New(fault.NotFound, "no audit checkpoint of size %d", size)
	}
	return cp, nil
}
