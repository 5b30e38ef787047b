package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/atomicfile"
	"github.com/ncbnet/ncbnet/internal/store"
)

// The store alone cannot show that its newest entries were removed together
// with their checkpoints: what is left is a shorter log, consistent in
// itself, and a node would go on to sign other entries at the freed
// positions (a fork). An anchor is a signed checkpoint kept outside the
// store, where whoever rolls the store back does not also reach: the node
// keeps its latest one in its data folder (Config.AnchorFile), and an
// independent witness keeps the ones it was shown (ncbnet audit checkpoint
// --state). A log that does not contain an anchor — shorter than it, or
// with another root at its size — was rolled back or forked: New refuses to
// open it and Verify names the first missing entry.

// ErrRollback reports a store whose audit log does not contain a checkpoint
// this node signed and kept outside the store, or that shrank or changed
// under the running node: the store was rolled back or forked.
var ErrRollback = errors.New("the store was rolled back or forked")

// Anchor is a signed checkpoint kept outside the store.
type Anchor struct {
	// Source names where it was kept (a file), for messages.
	Source string
	// Note is the checkpoint's signed note, as the node serves it.
	Note []byte
}

// ReadAnchor reads the anchor kept in the file at path. A missing file is an
// error that matches fs.ErrNotExist.
func ReadAnchor(path string) (Anchor, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Anchor{}, fmt.Errorf("read audit checkpoint: %w", err)
	}
	return Anchor{Source: path, Note: b}, nil
}

// anchorPoint is an anchor whose signature was checked.
type anchorPoint struct {
	source string
	size   int64
	root   tlog.Hash
}

func openAnchor(a Anchor, v note.Verifier) (anchorPoint, error) {
	size, root, err := openCheckpoint(a.Note, v)
	if err != nil {
		return anchorPoint{}, fmt.Errorf("the checkpoint kept in %s: %w", a.Source, err)
	}
	return anchorPoint{source: a.Source, size: size, root: root}, nil
}

// missing is the problem of a log of size entries that stops before a.
func (a anchorPoint) missing(size int64) *Problem {
	return problem(size, "missing: the audit log has %d entries but a checkpoint signed for size %d exists outside the store (%s): entries %d to %d are missing",
		size, a.size, a.source, size, a.size-1)
}

// forked is the problem of a log whose tree at a's size is not a's. The
// store holds no trace of the other branch, so any of the entries before a's
// size may be the first that differs.
func (a anchorPoint) forked() *Problem {
	return problem(0, "forked: the audit log's tree of size %d is not the one signed for that size outside the store (%s): one of entries 0 to %d was rolled back and rewritten",
		a.size, a.source, a.size-1)
}

// containedIn checks that the tree t, whose root a signed checkpoint states,
// contains a.
func (a anchorPoint) containedIn(ctx context.Context, conn store.Conn, t treeState) *Problem {
	if a.size > t.size {
		return a.missing(t.size)
	}
	if err := proveExtends(ctx, conn, a.size, a.root, t); err != nil {
		return a.forked()
	}
	return nil
}

// checkAnchorFile refuses a store whose log does not contain the checkpoint
// kept in the anchor file. No file is the first start.
func (l *Log) checkAnchorFile(ctx context.Context) error {
	a, err := ReadAnchor(l.anchorFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	p, err := openAnchor(a, l.verifier)
	if err != nil {
		return fmt.Errorf("audit: %w; refusing to start (move the file away only once you know why)", err)
	}
	if prob := p.containedIn(ctx, l.db, l.tree); prob != nil {
		return fmt.Errorf("audit: %w: %w; refusing to start (if the store was replaced on purpose, move %s away)", ErrRollback, prob, l.anchorFile)
	}
	return nil
}

// keepAnchor writes the checkpoint of the tree to the anchor file when the
// tree changed since it last did. Only the integrator calls it.
func (l *Log) keepAnchor() error {
	if l.anchorFile == "" || l.tree.note == nil || l.anchored == l.tree.size {
		return nil
	}
	if err := atomicfile.Write(l.anchorFile, l.tree.note); err != nil {
		return fmt.Errorf("keep the audit checkpoint of size %d outside the store: %w", l.tree.size, err)
	}
	l.anchored = l.tree.size
	return nil
}
