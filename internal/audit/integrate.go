package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// integrationLock is the PostgreSQL advisory lock key that makes nodes
// sharing one database integrate one batch at a time.
const integrationLock = 0x6e6362617564 // "ncbaud"

// Rows per multi-row INSERT: well under the bind-parameter limits of SQLite
// (32766) and PostgreSQL (65535).
const (
	entryRowsPerInsert = 256
	indexRowsPerInsert = 1024
)

// item is one entry on its way into the tree.
type item struct {
	entry     Entry
	body      []byte // canonical JSON with Seq 0
	pendingID string // the audit_pending row it came from, if any
	// rejected is the staged row this item's entry records the rejection
	// of, moved to audit_rejected with it.
	rejected *stagedRow
	// recheck marks a journaled entry put back after a batch that failed
	// in a way that left unknown whether it was written: the tree may hold
	// it already, and is asked before it is integrated again.
	recheck bool
	// attach is the entry's encoded attachment (attach.go), nil without;
	// value is its value as the recorder gave it (nil after a restart).
	attach []byte
	value  any
	// jseq numbers a journaled entry in the order written (Settle).
	jseq uint64
}

// integrate writes one batch: the staged entries (when pending is set) and
// then the appended ones, in one transaction with the new signed checkpoint.
// It answers every request in batch. more reports that staged entries were
// left for the next batch.
func (l *Log) integrate(ctx context.Context, batch []*appendRequest, pending bool) (more bool, err error) {
	var live []*appendRequest
	var items []item
	// Entries recorded in the journal go first: they were acknowledged
	// before any of the appends waiting here.
	var journaled []item
	if l.journal != nil {
		journaled = l.journal.take(l.maxBatch)
		if slices.ContainsFunc(journaled, func(it item) bool { return it.recheck }) {
			fresh, lookErr := l.notYetIntegrated(ctx, journaled)
			if lookErr != nil {
				l.logger.Error("audit journal: cannot tell which entries an earlier failed batch wrote; trying again later", "err", lookErr)
				l.journal.settle(journaled)
				journaled = nil
			} else {
				// Those an earlier batch wrote after all: their attachments
				// were stored with them, and are announced now.
				l.announceWritten(journaled, fresh)
				journaled = fresh
			}
		}
		items = append(items, journaled...)
		defer func() {
			if err == nil {
				l.journal.settle(nil)
				return
			}
			// A commit can fail after it took effect (a connection lost
			// during COMMIT): what the tree holds is not put back. When
			// that cannot be told, all go back, to be asked about first.
			back, lookErr := l.notYetIntegrated(context.WithoutCancel(ctx), journaled)
			if lookErr != nil {
				l.logger.Error("audit journal: cannot tell which entries the failed batch wrote; keeping them all", "err", lookErr)
				back = make([]item, len(journaled))
				for i, it := range journaled {
					it.recheck = true
					back[i] = it
				}
			} else {
				// The commit took effect for those not put back.
				l.announceWritten(journaled, back)
			}
			l.journal.settle(back)
		}()
	}
	for _, req := range batch {
		if err := req.ctx.Err(); err != nil {
			req.done <- err
			continue
		}
		live = append(live, req)
		for i := range req.entries {
			it := item{entry: req.entries[i], body: req.bodies[i]}
			if req.attaches != nil {
				it.attach, it.value = req.attaches[i].enc, req.attaches[i].value
			}
			items = append(items, it)
		}
	}
	// A shutdown must not abandon a batch half way: it finishes on its own
	// deadline.
	txCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.timeout)
	defer cancel()
	if len(items) == 0 {
		// Nothing appended: only Sync requests (or none) wait. Answer them at
		// once when nothing is staged either; every request in batch must be
		// answered on every path, or its caller waits for ever.
		staged := false
		if pending {
			var one string
			err := l.db.QueryRow(txCtx, `SELECT id FROM audit_pending LIMIT 1`).Scan(&one)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				err = fmt.Errorf("look for staged audit entries: %w", err)
				for _, req := range live {
					req.done <- fault.Wrap(fault.Unavailable, err, "the audit log could not be read")
				}
				return false, err
			}
			staged = err == nil
		}
		if !staged {
			for _, req := range live {
				req.done <- nil
			}
			return false, nil
		}
	}

	var next treeState
	var direct []item
	var attached []attachedBatch
	wrote := false
	err = l.db.InTx(txCtx, func(tx *store.Tx) error {
		base, err := l.lockTree(txCtx, tx)
		if err != nil {
			return err
		}
		var staged []item
		if pending {
			if staged, err = l.takeStaged(txCtx, tx); err != nil {
				return err
			}
			more = len(staged) == l.maxBatch
		}
		all := append(staged, items...)
		if len(all) == 0 {
			return nil
		}
		if next, err = l.write(txCtx, tx, base, all); err != nil {
			return err
		}
		if attached, err = l.storeAttachments(txCtx, tx, all); err != nil {
			return err
		}
		direct, wrote = all[len(staged):], true
		return nil
	})
	if err != nil {
		err = fault.Wrap(fault.Unavailable, err, "the audit log could not record the entries")
		for _, req := range live {
			req.done <- err
		}
		return false, fmt.Errorf("integrate audit batch: %w", err)
	}
	for _, req := range live {
		req.more = more
	}
	if wrote {
		l.tree = next
	}
	l.announce(attached)
	k := len(journaled)
	for _, req := range live {
		for i := range req.entries {
			// The entry as stored: with its position, and marked when its
			// time was far from the clock.
			req.entries[i] = direct[k].entry
			k++
		}
		req.done <- nil
	}
	return more, nil
}

// lockTree makes this transaction the only one integrating (on PostgreSQL
// other nodes may share the database) and returns the tree as of the latest
// checkpoint. When another node has grown the tree it reloads it, once the
// new checkpoint's signature holds and the tree this node knew is proven a
// prefix of it. A tree that shrank or changed under the node is refused
// (ErrRollback): integrating on it would sign other entries at positions
// already signed for.
func (l *Log) lockTree(ctx context.Context, tx *store.Tx) (treeState, error) {
	if err := tx.Serialize(ctx, integrationLock); err != nil {
		return treeState{}, fmt.Errorf("lock audit tree: %w", err)
	}
	cp, ok, err := latestCheckpoint(ctx, tx)
	if err != nil {
		return treeState{}, err
	}
	if !ok {
		return treeState{}, fmt.Errorf("%w: the audit log has no checkpoint", ErrRollback)
	}
	if cp.Size == l.tree.size && cp.Root == l.tree.root {
		return l.tree, nil
	}
	if cp.Size <= l.tree.size {
		return treeState{}, fmt.Errorf("%w: the latest checkpoint is of a tree of %d entries, not the tree of %d this node signed or saw", ErrRollback, cp.Size, l.tree.size)
	}
	if err := l.checkSigned(cp); err != nil {
		return treeState{}, err
	}
	l.logger.Debug("audit tree grown by another node", "from", l.tree.size, "to", cp.Size)
	t, err := loadTree(ctx, tx, cp.Size, cp.Root)
	if err != nil {
		return treeState{}, err
	}
	if err := proveExtends(ctx, tx, l.tree.size, l.tree.root, t); err != nil {
		return treeState{}, fmt.Errorf("%w: %w", ErrRollback, err)
	}
	t.note = cp.Note
	return t, nil
}

// write appends items to the tree from base: it stores the entries, their
// index rows and hashes, the signed checkpoint of the new tree, moves the
// staged rows it rejected to audit_rejected and deletes the staged rows it
// took. It sets each item's Seq, and marks the entries whose time is far
// from the clock.
func (l *Log) write(ctx context.Context, tx *store.Tx, base treeState, items []item) (treeState, error) {
	now := l.clock.Now()
	leaves := make([][]byte, len(items))
	leafHashes := make([]tlog.Hash, len(items))
	for i := range items {
		if err := markLate(&items[i], now); err != nil {
			return treeState{}, err
		}
		items[i].entry.Seq = base.size + int64(i)
		leaves[i] = leafAt(items[i].body, items[i].entry.Seq)
		leafHashes[i] = tlog.RecordHash(leaves[i])
	}
	next, stored, err := base.extend(leafHashes)
	if err != nil {
		return treeState{}, err
	}
	if err := insertEntries(ctx, tx, items, leaves, stored); err != nil {
		return treeState{}, err
	}
	if err := insertIndexes(ctx, tx, items); err != nil {
		return treeState{}, err
	}
	cp, err := l.signCheckpoint(next.size, next.root)
	if err != nil {
		return treeState{}, err
	}
	if err := insertCheckpoint(ctx, tx, cp, store.Micros(now)); err != nil {
		return treeState{}, err
	}
	if err := insertRejected(ctx, tx, items, store.Micros(now)); err != nil {
		return treeState{}, err
	}
	if err := deleteStaged(ctx, tx, items); err != nil {
		return treeState{}, err
	}
	next.note = cp.Note
	return next, nil
}

// insertInto begins a multi-row INSERT into table. On SQLite it says OR
// FAIL: a multi-row statement that may abort half way makes SQLite keep a
// statement journal (a copy of every page the statement touches, written to
// a temporary file), which costs a sixth of the integrator's time. No row can
// conflict (positions are assigned under the integration lock), and if one
// did, the failed statement fails the whole transaction all the same.
func insertInto(conn store.Conn, table string) string {
	if conn.Dialect() == store.SQLite {
		return "INSERT OR FAIL INTO " + table
	}
	return "INSERT INTO " + table
}

func insertEntries(ctx context.Context, tx *store.Tx, items []item, leaves [][]byte, stored [][]tlog.Hash) error {
	const cols = 11
	for start := 0; start < len(items); start += entryRowsPerInsert {
		end := min(start+entryRowsPerInsert, len(items))
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			e := items[i].entry
			args = append(args, e.Seq, e.ID, store.Micros(e.Time), e.Actor.ID, e.Actor.Name, e.Actor.Country,
				e.Action, e.Purpose, string(e.Outcome), leaves[i], joinHashes(stored[i]))
		}
		_, err := tx.Exec(ctx, insertInto(tx, `audit_entries (seq, id, logged_at, actor_id, actor_name, actor_country,
			action, purpose, outcome, leaf, hashes) VALUES `)+store.Placeholders(end-start, cols), args...)
		if err != nil {
			return fmt.Errorf("store audit entries %d to %d: %w", items[start].entry.Seq, items[end-1].entry.Seq, err)
		}
	}
	return nil
}

// insertIndexes writes the country and resource index rows of the items.
func insertIndexes(ctx context.Context, tx *store.Tx, items []item) error {
	var countries, resources []any
	for _, it := range items {
		for _, c := range it.entry.Countries() {
			countries = append(countries, c, it.entry.Seq)
		}
		for _, r := range it.entry.resourceSet() {
			resources = append(resources, r, it.entry.Seq)
		}
	}
	if err := insertPairs(ctx, tx, insertInto(tx, `audit_entry_countries (country, seq) VALUES `), countries); err != nil {
		return fmt.Errorf("store audit country index: %w", err)
	}
	if err := insertPairs(ctx, tx, insertInto(tx, `audit_entry_resources (resource, seq) VALUES `), resources); err != nil {
		return fmt.Errorf("store audit resource index: %w", err)
	}
	return nil
}

// insertPairs runs a two-column multi-row insert over args (flattened pairs).
func insertPairs(ctx context.Context, tx *store.Tx, insert string, args []any) error {
	for start := 0; start < len(args); start += 2 * indexRowsPerInsert {
		end := min(start+2*indexRowsPerInsert, len(args))
		if _, err := tx.Exec(ctx, insert+store.Placeholders((end-start)/2, 2), args[start:end]...); err != nil {
			return err
		}
	}
	return nil
}

func deleteStaged(ctx context.Context, tx *store.Tx, items []item) error {
	var ids []any
	for _, it := range items {
		if it.pendingID != "" {
			ids = append(ids, it.pendingID)
		}
	}
	for start := 0; start < len(ids); start += indexRowsPerInsert {
		end := min(start+indexRowsPerInsert, len(ids))
		if _, err := tx.Exec(ctx, `DELETE FROM audit_pending WHERE id IN `+store.Placeholders(1, end-start), ids[start:end]...); err != nil {
			return fmt.Errorf("remove integrated staged audit entries: %w", err)
		}
	}
	return nil
}
