package audit

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/store"
)

// Report is what Verify checked.
type Report struct {
	// Size is the size of the latest signed checkpoint when Verify began;
	// entries appended while it ran are left to the next run.
	Size        int64
	Checkpoints int
	Entries     int64
	// Anchors are the checkpoints kept outside the store that the log was
	// found to contain, smallest first.
	Anchors []AnchorMatch
	// Warnings name what breaks nothing yet but needs an operator: staged
	// entries waiting longer than PendingWarnAge, staged rows rejected.
	Warnings []string
}

// AnchorMatch is an anchor the log contains.
type AnchorMatch struct {
	Source string
	Size   int64
}

// PendingWarnAge is how long a staged entry may wait for the integrator
// before Verify warns about it.
const PendingWarnAge = time.Minute

// Problem is a break in the log that Verify found, named by the first entry
// that cannot be trusted.
type Problem struct {
	Seq  int64
	What string
}

func (p *Problem) Error() string { return fmt.Sprintf("audit entry %d: %s", p.Seq, p.What) }

func problem(seq int64, format string, args ...any) *Problem {
	return &Problem{Seq: seq, What: fmt.Sprintf(format, args...)}
}

// Verify reads the whole log in order, streaming, and checks it end to end
// against the signed checkpoints: positions contiguous from 0, every leaf
// decoding to the entry at its own position, the filter columns and index
// rows agreeing with the leaf, the stored hashes equal to the ones
// recomputed from the leaves, every checkpoint signed by verifierKey with the
// root recomputed at its size, and no entry missing from or added past the
// latest checkpoint. A break is returned as a *Problem naming the lowest
// entry that is wrong; when the stored hashes were rewritten to match, the
// signed checkpoints bound it, and it names the first entry past the last
// checkpoint that still holds.
//
// The store alone cannot show that its newest entries were removed together
// with their checkpoints. Each anchor (a signed checkpoint kept outside the
// store, see ReadAnchor) closes that gap: the log must contain it, or Verify
// returns a *Problem naming the first missing entry (a shorter log) or the
// range that was rewritten (another tree at the anchor's size). Read the
// anchors before calling Verify, so that none is newer than the store it
// checks. An anchor that is not signed by verifierKey is an error.
//
// Staged entries waiting longer than PendingWarnAge, and staged rows the
// integrator rejected, are reported as Warnings, not as problems.
func Verify(ctx context.Context, db *store.DB, verifierKey string, anchors ...Anchor) (Report, error) {
	v, err := note.NewVerifier(verifierKey)
	if err != nil {
		return Report{}, fmt.Errorf("audit verify: verifier key: %w", err)
	}
	points := make([]anchorPoint, 0, len(anchors))
	for _, a := range anchors {
		p, err := openAnchor(a, v)
		if err != nil {
			return Report{}, fmt.Errorf("audit verify: %w", err)
		}
		points = append(points, p)
	}
	slices.SortStableFunc(points, func(a, b anchorPoint) int { return cmp.Compare(a.size, b.size) })
	latest, ok, err := latestCheckpoint(ctx, db)
	if err != nil {
		return Report{}, fmt.Errorf("audit verify: %w", err)
	}
	if !ok {
		return Report{}, problem(0, "the log has no signed checkpoint")
	}
	w := &walk{verifier: v, tree: emptyTree(), anchors: points, report: Report{Size: latest.Size}}
	if err := w.open(ctx, db, latest.Size); err != nil {
		return w.report, err
	}
	defer w.close()
	if err := w.treeAt(0); err != nil {
		return w.report, err
	}
	for seq := int64(0); seq < latest.Size; seq++ {
		if err := w.entry(seq); err != nil {
			return w.report, err
		}
		w.report.Entries++
		if err := w.treeAt(seq + 1); err != nil {
			return w.report, err
		}
	}
	if err := w.rowsErr(); err != nil {
		return w.report, err
	}
	if err := checkTail(ctx, db); err != nil {
		return w.report, err
	}
	if len(w.anchors) > 0 {
		// Anchors are sorted: the smallest one left names the first
		// missing entry.
		return w.report, w.anchors[0].missing(latest.Size)
	}
	if w.report.Warnings, err = queueWarnings(ctx, db, time.Now()); err != nil {
		return w.report, err
	}
	return w.report, nil
}

// walk is Verify's position in its streams of rows.
type walk struct {
	verifier    note.Verifier
	entries     *sql.Rows
	checkpoints *sql.Rows
	countries   pairCursor
	resources   pairCursor
	cp          storedCheckpoint
	cpOK        bool
	// anchors are the anchors not yet reached, smallest first.
	anchors []anchorPoint
	tree    treeState
	// verified is the size of the last checkpoint found true: the entries
	// before it are proven by a signature.
	verified int64
	report   Report
}

type storedCheckpoint struct {
	size int64
	root []byte
	note string
}

func (w *walk) open(ctx context.Context, db *store.DB, size int64) error {
	var err error
	w.entries, err = db.Query(ctx, `SELECT seq, id, logged_at, actor_id, actor_name, actor_country, action, purpose,
		outcome, leaf, hashes FROM audit_entries WHERE seq < ? ORDER BY seq`, size)
	if err != nil {
		return fmt.Errorf("audit verify: read entries: %w", err)
	}
	w.checkpoints, err = db.Query(ctx, `SELECT size, root, note FROM audit_checkpoints WHERE size <= ? ORDER BY size`, size)
	if err != nil {
		return fmt.Errorf("audit verify: read checkpoints: %w", err)
	}
	if err := w.countries.open(ctx, db, `SELECT seq, country FROM audit_entry_countries WHERE seq < ? ORDER BY seq, country`, size); err != nil {
		return fmt.Errorf("audit verify: read country index: %w", err)
	}
	if err := w.resources.open(ctx, db, `SELECT seq, resource FROM audit_entry_resources WHERE seq < ? ORDER BY seq, resource`, size); err != nil {
		return fmt.Errorf("audit verify: read resource index: %w", err)
	}
	return w.nextCheckpoint()
}

func (w *walk) close() {
	for _, rows := range []*sql.Rows{w.entries, w.checkpoints, w.countries.rows, w.resources.rows} {
		if rows != nil {
			rows.Close()
		}
	}
}

func (w *walk) rowsErr() error {
	for _, rows := range []*sql.Rows{w.entries, w.checkpoints, w.countries.rows, w.resources.rows} {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("audit verify: read: %w", err)
		}
	}
	return nil
}

func (w *walk) nextCheckpoint() error {
	w.cpOK = w.checkpoints.Next()
	if !w.cpOK {
		return nil
	}
	if err := w.checkpoints.Scan(&w.cp.size, &w.cp.root, &w.cp.note); err != nil {
		return fmt.Errorf("audit verify: read checkpoints: %w", err)
	}
	return nil
}

// treeAt checks the stored checkpoints and the anchors of the tree of size
// n, which the walk has just recomputed.
func (w *walk) treeAt(n int64) error {
	if err := w.checkpointsAt(n); err != nil {
		return err
	}
	for len(w.anchors) > 0 && w.anchors[0].size == n {
		a := w.anchors[0]
		if a.root != w.tree.root {
			return a.forked()
		}
		w.report.Anchors = append(w.report.Anchors, AnchorMatch{Source: a.source, Size: a.size})
		w.anchors = w.anchors[1:]
	}
	return nil
}

// checkpointsAt checks the stored checkpoints of the tree of size n, which
// the walk has just recomputed.
func (w *walk) checkpointsAt(n int64) error {
	for w.cpOK && w.cp.size <= n {
		cp := w.cp
		if cp.size < n {
			return problem(w.verified, "checkpoint of size %d is out of order", cp.size)
		}
		size, root, err := openCheckpoint([]byte(cp.note), w.verifier)
		if err != nil {
			return problem(w.verified, "checkpoint of size %d: %v", cp.size, err)
		}
		switch {
		case size != cp.size:
			return problem(w.verified, "checkpoint stored as size %d says size %d", cp.size, size)
		case !bytes.Equal(root[:], cp.root):
			return problem(w.verified, "checkpoint of size %d: stored root differs from the signed one", cp.size)
		case root != w.tree.root:
			// The stored hashes agreed with the leaves, so they were
			// rewritten along with them.
			if w.verified == n-1 {
				return problem(w.verified, "changed, with the stored hashes rewritten to match: the tree no longer has the root signed at size %d", n)
			}
			return problem(w.verified, "one of entries %d to %d changed, with the stored hashes rewritten to match: the tree no longer has the root signed at size %d", w.verified, n-1, n)
		}
		w.verified = n
		w.report.Checkpoints++
		if err := w.nextCheckpoint(); err != nil {
			return err
		}
	}
	return nil
}

// entry checks the entry at position seq and adds it to the recomputed tree.
func (w *walk) entry(seq int64) error {
	if !w.entries.Next() {
		if err := w.entries.Err(); err != nil {
			return fmt.Errorf("audit verify: read entries: %w", err)
		}
		return problem(seq, "missing: the log stops at entry %d but is signed up to %d", seq, w.report.Size)
	}
	var r struct {
		seq, loggedAt                                                  int64
		id, actorID, actorName, actorCountry, action, purpose, outcome string
		leaf, hashes                                                   []byte
	}
	if err := w.entries.Scan(&r.seq, &r.id, &r.loggedAt, &r.actorID, &r.actorName, &r.actorCountry,
		&r.action, &r.purpose, &r.outcome, &r.leaf, &r.hashes); err != nil {
		return fmt.Errorf("audit verify: read entry %d: %w", seq, err)
	}
	switch {
	case r.seq < seq:
		return problem(r.seq, "stored outside the log's numbering")
	case r.seq > seq:
		return problem(seq, "missing: the next stored entry is %d", r.seq)
	}
	if err := w.hashes(seq, r.leaf, r.hashes); err != nil {
		return err
	}
	e, err := decodeLeaf(r.leaf)
	if err != nil {
		return problem(seq, "leaf does not decode: %v", err)
	}
	if e.Seq != seq {
		return problem(seq, "leaf is that of entry %d", e.Seq)
	}
	if canon, err := json.Marshal(e); err != nil || !bytes.Equal(canon, r.leaf) {
		return problem(seq, "leaf is not in canonical form")
	}
	columns := []struct {
		name, stored, leaf string
	}{
		{"id", r.id, e.ID}, {"actor_id", r.actorID, e.Actor.ID}, {"actor_name", r.actorName, e.Actor.Name},
		{"actor_country", r.actorCountry, e.Actor.Country}, {"action", r.action, e.Action},
		{"purpose", r.purpose, e.Purpose}, {"outcome", r.outcome, string(e.Outcome)},
	}
	for _, c := range columns {
		if c.stored != c.leaf {
			return problem(seq, "column %s is %q but the leaf says %q", c.name, c.stored, c.leaf)
		}
	}
	if r.loggedAt != store.Micros(e.Time) {
		return problem(seq, "column logged_at differs from the leaf's time")
	}
	countries, err := w.countries.take(seq)
	if err != nil {
		return err
	}
	if !slices.Equal(countries, e.Countries()) {
		return problem(seq, "country index %v differs from the leaf's %v", countries, e.Countries())
	}
	resources, err := w.resources.take(seq)
	if err != nil {
		return err
	}
	if !slices.Equal(resources, e.resourceSet()) {
		return problem(seq, "resource index %v differs from the leaf's %v", resources, e.resourceSet())
	}
	return nil
}

// hashes recomputes the stored hashes of entry seq from its leaf and checks
// them against the stored ones. A stored hash that differs covers a subtree
// of entries; the first of them not proven by a checkpoint is named.
func (w *walk) hashes(seq int64, leaf, stored []byte) error {
	next, computed, err := w.tree.extend([]tlog.Hash{tlog.RecordHash(leaf)})
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	want := computed[0]
	if len(stored) != len(want)*tlog.HashSize {
		return problem(seq, "holds %d bytes of stored hashes, not %d", len(stored), len(want)*tlog.HashSize)
	}
	for level, h := range want {
		if !bytes.Equal(stored[level*tlog.HashSize:(level+1)*tlog.HashSize], h[:]) {
			first := max(seq>>level<<level, w.verified)
			if level == 0 {
				return problem(first, "leaf does not match its stored hash")
			}
			return problem(first, "stored hash of entries %d to %d does not match them", seq>>level<<level, seq)
		}
	}
	w.tree = next
	return nil
}

// pairCursor streams (seq, value) index rows ordered by seq.
type pairCursor struct {
	rows *sql.Rows
	has  bool
	seq  int64
	val  string
}

func (c *pairCursor) open(ctx context.Context, db *store.DB, query string, size int64) error {
	var err error
	if c.rows, err = db.Query(ctx, query, size); err != nil {
		return err
	}
	return c.advance()
}

func (c *pairCursor) advance() error {
	c.has = c.rows.Next()
	if !c.has {
		return c.rows.Err()
	}
	return c.rows.Scan(&c.seq, &c.val)
}

// take returns the values of the rows for entry seq. A row for an earlier
// position that had no entry is a problem.
func (c *pairCursor) take(seq int64) ([]string, error) {
	out := []string{}
	for c.has && c.seq <= seq {
		if c.seq < seq {
			return nil, problem(c.seq, "index row %q belongs to no entry", c.val)
		}
		out = append(out, c.val)
		if err := c.advance(); err != nil {
			return nil, fmt.Errorf("audit verify: read index: %w", err)
		}
	}
	return out, nil
}

// checkTail looks past the verified size for rows that no checkpoint covers:
// every entry legitimately added meanwhile committed with its checkpoint,
// so reading the rows first and the latest checkpoint second cannot race.
func checkTail(ctx context.Context, db *store.DB) error {
	var maxEntry, maxCountry, maxResource sql.NullInt64
	if err := db.QueryRow(ctx, `SELECT max(seq) FROM audit_entries`).Scan(&maxEntry); err != nil {
		return fmt.Errorf("audit verify: read entries: %w", err)
	}
	if err := db.QueryRow(ctx, `SELECT max(seq) FROM audit_entry_countries`).Scan(&maxCountry); err != nil {
		return fmt.Errorf("audit verify: read country index: %w", err)
	}
	if err := db.QueryRow(ctx, `SELECT max(seq) FROM audit_entry_resources`).Scan(&maxResource); err != nil {
		return fmt.Errorf("audit verify: read resource index: %w", err)
	}
	latest, ok, err := latestCheckpoint(ctx, db)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	if !ok {
		return problem(0, "the signed checkpoints were removed during verification")
	}
	if maxEntry.Valid && maxEntry.Int64 >= latest.Size {
		return problem(latest.Size, "stored past the latest signed checkpoint (size %d), up to entry %d", latest.Size, maxEntry.Int64)
	}
	for _, m := range []sql.NullInt64{maxCountry, maxResource} {
		if m.Valid && m.Int64 >= latest.Size {
			return problem(m.Int64, "index rows for an entry past the latest signed checkpoint (%d)", latest.Size)
		}
	}
	return nil
}

// queueWarnings reports staged entries that have waited longer than
// PendingWarnAge at now (no integrator running, or one that keeps failing)
// and staged rows the integrator rejected.
func queueWarnings(ctx context.Context, db *store.DB, now time.Time) ([]string, error) {
	var out []string
	var waiting int64
	var oldest sql.NullInt64
	err := db.QueryRow(ctx, `SELECT count(*), min(staged_at) FROM audit_pending WHERE staged_at < ?`,
		store.Micros(now.Add(-PendingWarnAge))).Scan(&waiting, &oldest)
	if err != nil {
		return nil, fmt.Errorf("audit verify: read staged entries: %w", err)
	}
	if waiting > 0 {
		out = append(out, fmt.Sprintf("%d staged entries have waited more than %v to be integrated, the oldest since %s: is the node's integrator running?",
			waiting, PendingWarnAge, store.Time(oldest.Int64).Format(time.RFC3339)))
	}
	var rejected int64
	if err := db.QueryRow(ctx, `SELECT count(*) FROM audit_rejected`).Scan(&rejected); err != nil {
		return nil, fmt.Errorf("audit verify: read rejected staged rows: %w", err)
	}
	if rejected > 0 {
		out = append(out, fmt.Sprintf("%d staged rows were rejected by the integrator and are kept in audit_rejected (the %q entries say why)",
			rejected, RejectedAction))
	}
	return out, nil
}
