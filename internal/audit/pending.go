package audit

import (
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Staged rows (audit_pending) wait outside the tree, where anyone with SQL
// access could add one. Each row therefore carries an HMAC-SHA256 over its
// ID and entry, keyed with a key derived from the signing key (HKDF-SHA256),
// so only a node that holds the signing key can stage an entry that the
// integrator accepts. A row that fails the check, or whose entry is not
// valid, is moved to audit_rejected and its rejection is itself an entry
// ("audit.pending.rejected"), so a bad row neither blocks the queue nor
// vanishes unlogged.

// pendingMACInfo is the HKDF context that keeps the staging key apart from
// every other use of the signing key's seed.
const pendingMACInfo = "ncbnet audit_pending HMAC-SHA256 v1"

// RejectedAction is the action of the entry that records a staged row the
// integrator refused.
const RejectedAction = "audit.pending.rejected"

// MaxClockSkew is how far an entry's time may be from the integrator's clock
// before the entry is marked with the time it was integrated ("integrated_at"
// detail). The entry keeps its own time.
const MaxClockSkew = 5 * time.Minute

// pendingMACKey derives the staging key from the signing key's seed.
func pendingMACKey(seed []byte) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, seed, nil, pendingMACInfo, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("derive audit staging key: %w", err)
	}
	return key, nil
}

// pendingMAC authenticates a staged row: its ID (length-prefixed, so that ID
// and entry cannot trade bytes) and its entry.
func pendingMAC(key []byte, id string, body []byte) []byte {
	return appendPendingMAC(nil, hmac.New(sha256.New, key), id, body)
}

// appendPendingMAC appends pendingMAC of id and body to b, with m an HMAC
// of the key (reset first), which a single writer may keep.
func appendPendingMAC(b []byte, m hash.Hash, id string, body []byte) []byte {
	m.Reset()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(id)))
	m.Write(n[:])
	m.Write([]byte(id))
	m.Write(body)
	return m.Sum(b)
}

// stagedRow is a row of audit_pending as read, before any check: every
// column may hold anything. reason is set when the integrator refuses it.
type stagedRow struct {
	id       string
	stagedAt sql.NullInt64
	body     []byte
	mac      []byte
	reason   string
}

// takeStaged reads up to MaxBatch staged entries, oldest first. A row that
// fails its authentication code or is not a valid entry is replaced by an
// entry recording its rejection.
func (l *Log) takeStaged(ctx context.Context, tx *store.Tx) ([]item, error) {
	rows, err := tx.Query(ctx, `SELECT id, staged_at, entry, mac FROM audit_pending ORDER BY id LIMIT ?`, l.maxBatch)
	if err != nil {
		return nil, fmt.Errorf("read staged audit entries: %w", err)
	}
	defer rows.Close()
	var out []item
	for rows.Next() {
		var r stagedRow
		if err := rows.Scan(&r.id, &r.stagedAt, &r.body, &r.mac); err != nil {
			return nil, fmt.Errorf("read staged audit entries: %w", err)
		}
		it, err := l.stagedItem(r)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read staged audit entries: %w", err)
	}
	return out, nil
}

// stagedItem checks one staged row and returns its entry, or the entry
// recording its rejection.
func (l *Log) stagedItem(r stagedRow) (item, error) {
	e, err := l.openStaged(r)
	if err != nil {
		r.reason = err.Error()
		l.logger.Error("rejected a staged audit entry", "pending_id", r.id, "err", err)
		e = Entry{
			ID: l.ids.New(), Time: l.clock.Now().UTC().Truncate(time.Microsecond), Actor: SystemActor("system"),
			Action: RejectedAction, Outcome: OutcomeFailure, Reason: string(fault.InvalidField),
			Details: map[string]string{"pending_id": clip(r.id, 64), "error": clip(r.reason, 256)},
		}
	}
	body, err := encodeBody(e)
	if err != nil {
		return item{}, err
	}
	it := item{entry: e, body: body, pendingID: r.id}
	if r.reason != "" {
		it.rejected = &r
	}
	return it, nil
}

// openStaged checks a staged row's authentication code, then its entry.
func (l *Log) openStaged(r stagedRow) (Entry, error) {
	if !hmac.Equal(r.mac, pendingMAC(l.macKey, r.id, r.body)) {
		return Entry{}, errors.New("its authentication code does not match: it was not staged by a node holding the signing key, or was changed since")
	}
	e, err := decodeLeaf(r.body)
	if err != nil {
		return Entry{}, err
	}
	if err := validate(e); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// insertRejected keeps the rows refused in this batch, each under the
// position of the entry that records its rejection.
func insertRejected(ctx context.Context, tx *store.Tx, items []item, rejectedAt int64) error {
	for _, it := range items {
		r := it.rejected
		if r == nil {
			continue
		}
		_, err := tx.Exec(ctx, `INSERT INTO audit_rejected (seq, pending_id, staged_at, entry, mac, reason, rejected_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, it.entry.Seq, r.id, r.stagedAt, r.body, r.mac, r.reason, rejectedAt)
		if err != nil {
			return fmt.Errorf("keep rejected staged audit entry: %w", err)
		}
	}
	return nil
}

// markLate gives an entry whose time is further than MaxClockSkew from now
// an "integrated_at" detail, so that a backdated (or future) time shows.
func markLate(it *item, now time.Time) error {
	skew := it.entry.Time.Sub(now)
	if skew <= MaxClockSkew && skew >= -MaxClockSkew {
		return nil
	}
	// The details map may be the caller's: never write into it.
	details := maps.Clone(it.entry.Details)
	if details == nil {
		details = map[string]string{}
	}
	details["integrated_at"] = now.UTC().Format(time.RFC3339Nano)
	it.entry.Details = details
	body, err := encodeBody(it.entry)
	if err != nil {
		return err
	}
	it.body = body
	return nil
}

// clip makes s valid UTF-8 and at most n bytes long, cutting at a character
// boundary, so that text from outside can always be put in an entry.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
