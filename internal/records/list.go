package records

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/store"
)

// ListQuery says which records of a database to list.
type ListQuery struct {
	// Owner, when set, is the ISO3 code of the only bureau whose records
	// are listed.
	Owner string
	// Status, when set, is the only status listed.
	Status Status
	// ReviewBefore, when set, lists only the records whose review falls
	// before it.
	ReviewBefore time.Time
	// Purpose is why. Without one a bureau lists only its own records;
	// with one, the other bureaus' records the access decision admits too.
	Purpose access.Purpose
}

// MaxList is the most records one page of a listing holds.
const MaxList = 1000

// minListChunk is the fewest rows a listing reads from the store at a time
// while it fills a page with the records the reader may see.
const minListChunk = 64

// List returns, in ID order after the record ID after, at most limit
// records of database dbID that q asks for and p may see, and whether more
// follow.
//
// Without a purpose p lists its own bureau's records only (the owner's
// upkeep: what is due for review, what it blocked), under access.RecordList.
// With a purpose the listing is a search (access.RecordSearch): records of
// other bureaus are listed only when the access decision admits p (the
// owner's restrictions included: a record they keep from p is neither listed
// nor counted), and only while they are served (active and not overdue for
// review). The listing is audited (the purpose, the records listed, their
// owners as subjects), and each record of another bureau that it shows is a
// hit its owner is told of, as for a search or a reading.
func (s *Service) List(ctx context.Context, p access.Principal, dbID string, q ListQuery, after string, limit int) ([]Record, bool, error) {
	d, ok := DatabaseByID(dbID)
	if !ok {
		return nil, false, fault.Field(fault.NotFound, "db", "no database %q", dbID)
	}
	if err := s.checkListQuery(&q, limit); err != nil {
		return nil, false, err
	}
	action := access.RecordSearch
	if q.Purpose == "" && p.Country != "" && (q.Owner == "" || q.Owner == p.Country) {
		action = access.RecordList
		q.Owner = p.Country
	}
	// The question as a whole first: a refusal here is audited and says why
	// (no purpose for another bureau's records, no grant of the database, …).
	asked := access.Resource{Country: q.Owner, Database: d.ID}
	if asked.Country == "" {
		asked.Country = p.Country
	}
	if err := s.audit.Authorize(ctx, p, action, asked, q.Purpose); err != nil {
		return nil, false, err
	}
	now := s.clock.Now()
	// One more than the page tells whether more follow. Records p may not
	// see are skipped, so a page may take more than one read: pages stay
	// full, and what was skipped leaves no trace in them.
	chunk := min(max(limit+1, minListChunk), MaxList+1)
	out := make([]Record, 0, limit+1)
	cursor := after
	for len(out) <= limit {
		rows, err := listRows(ctx, s.db, d.ID, p.Country, q, now, cursor, chunk)
		if err != nil {
			return nil, false, err
		}
		for _, r := range rows {
			cursor = r.ID
			if access.Decide(p, action, r.Resource(), q.Purpose).Allowed {
				out = append(out, r)
			}
		}
		if len(rows) < chunk {
			break
		}
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	if err := s.recordListing(ctx, p, d.ID, q, action, out, now); err != nil {
		return nil, false, err
	}
	for i, r := range out {
		out[i] = ViewFor(p, r)
	}
	return out, more, nil
}

// checkListQuery refuses a listing's parameters that make no sense, naming
// the parameter.
func (s *Service) checkListQuery(q *ListQuery, limit int) error {
	if limit < 1 || limit > MaxList {
		return fault.Field(fault.BadParameter, "limit", "limit must be a whole number from 1 to %d", MaxList)
	}
	if q.Owner != "" {
		members, err := s.memberSet()
		if err != nil {
			return err
		}
		owner := strings.ToUpper(q.Owner)
		if !members[owner] {
			return fault.Field(fault.BadParameter, "owner", "owner is the ISO 3166-1 alpha-3 code of a member country (e.g. FRA), not %q", clipText(q.Owner))
		}
		q.Owner = owner
	}
	switch q.Status {
	case "", StatusActive, StatusBlocked:
	default:
		return fault.Field(fault.BadParameter, "status", "status is active or blocked, not %q", clipText(string(q.Status)))
	}
	return nil
}

// clipText cuts a parameter short for an error message that echoes it.
func clipText(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// listRows reads the next rows of a listing from the store, in ID order.
// What the store can tell is filtered here: the owner, the status and
// review date asked for, and (for records of another bureau than reader's)
// that they are served at all; the access decision is the caller's.
func listRows(ctx context.Context, c store.Conn, db, reader string, q ListQuery, now time.Time, after string, n int) ([]Record, error) {
	where := []string{"database_id = ?", "id > ?"}
	args := []any{db, after}
	if q.Owner != "" {
		where = append(where, "owner = ?")
		args = append(args, q.Owner)
	}
	if q.Status != "" {
		where = append(where, "status = ?")
		args = append(args, string(q.Status))
	}
	if !q.ReviewBefore.IsZero() {
		where = append(where, "review_at < ?")
		args = append(args, store.Micros(q.ReviewBefore))
	}
	if q.Owner != reader {
		// Other bureaus' records are served only while active and not
		// overdue for review, as in search.
		where = append(where, "(owner = ? OR (status = ? AND review_at >= ?))")
		args = append(args, reader, string(StatusActive), store.Micros(now))
	}
	args = append(args, n)
	rows, err := c.Query(ctx, `SELECT `+recordSelect+` FROM records WHERE `+strings.Join(where, " AND ")+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list records of %s: %w", db, err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("list records of %s: %w", db, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list records of %s: %w", db, err)
	}
	return out, nil
}

// recordListing audits a listing (as a search is: the purpose, what was
// shown, whose it is) and discloses a hit for each record of another bureau
// shown.
func (s *Service) recordListing(ctx context.Context, p access.Principal, db string, q ListQuery, action access.Action, shown []Record, now time.Time) error {
	resources := make([]string, 0, len(shown))
	var (
		subjects []string
		hs       []hits.Hit
	)
	for _, r := range shown {
		resources = append(resources, r.ID)
		if !slices.Contains(subjects, r.Owner) {
			subjects = append(subjects, r.Owner)
		}
		if r.Owner != p.Country {
			hs = append(hs, hits.Hit{
				ID: s.ids.New(), RecordID: r.ID, Database: r.Database, Owner: r.Owner, Searcher: hits.SearcherOf(p),
				Purpose: q.Purpose, Score: 1, Match: true, Matched: []string{"listed"}, Time: now,
			})
		}
	}
	details := map[string]string{"database": db, "listing": "true", "results": strconv.Itoa(len(shown))}
	if q.Owner != "" {
		details["owner"] = q.Owner
	}
	if q.Status != "" {
		details["status"] = string(q.Status)
	}
	if !q.ReviewBefore.IsZero() {
		details["review_before"] = q.ReviewBefore.UTC().Format(time.RFC3339)
	}
	if len(subjects) == 0 && q.Owner != "" {
		// Nothing shown: the bureau asked about is still the subject.
		subjects = []string{q.Owner}
	}
	slices.Sort(subjects)
	entry := audit.Entry{
		Actor: audit.ActorOf(p), Action: string(action), Resources: resources, Purpose: string(q.Purpose),
		Outcome: audit.OutcomeSuccess, Subjects: subjects, Details: details,
	}
	if err := s.hits.Disclose(ctx, entry, hs); err != nil {
		return fmt.Errorf("record listing of %s: %w", db, err)
	}
	return nil
}
