package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// An import's INSERT binds per record only what differs between records
// (ID, schema, properties, restrictions, review date, key) and the columns
// that are the same for the whole batch once: binding was a third of the
// writer's time with all fifteen columns bound for every record. The rows
// come from a VALUES list (columns column1… in both engines); "WHERE true"
// lets SQLite parse the ON CONFLICT clause after a SELECT.
const (
	importRowColumns   = 6
	importBatchColumns = 9
)

// importRowsPerInsert keeps one INSERT under SQLite's limit of 32,766
// placeholders (and PostgreSQL's 65,535).
const importRowsPerInsert = 5000

// insertRecords is the INSERT of n records. A record whose key its owner
// already used in the database is not inserted (ON CONFLICT DO NOTHING):
// the writer then compares it with the one stored.
func insertRecords(n int) string {
	row := "(?, ?, ?, ?, CAST(? AS BIGINT), ?)"
	return `INSERT INTO records (id, schema_name, properties, restrictions, review_at, client_key,
		database_id, owner, owner_unit, status, version, created_at, updated_at, created_by, updated_by)
	SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6,
		?, ?, ?, ?, CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?
	FROM (VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + `) AS v WHERE true
	ON CONFLICT DO NOTHING`
}

// insertDocuments is the INSERT of the identities of n records' documents
// (record ID, identity; the database bound once). One that another record
// holds is not inserted: the writer then finds which.
func insertDocuments(n int) string {
	return `INSERT INTO record_documents (record_id, identity, database_id)
	SELECT v.column1, v.column2, ? FROM (VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ") + `) AS v WHERE true
	ON CONFLICT DO NOTHING`
}

// importWriter commits batches. It owns the report while the import runs.
type importWriter struct {
	imp  *importer
	args []any
	// fullInsert is the INSERT of importRowsPerInsert rows, prepared once:
	// parsing its 30,000 placeholders in every batch cost more than binding
	// them; fullDocuments is the INSERT of as many rows' documents.
	fullInsert, fullDocuments *store.Stmt
}

func (imp *importer) newWriter() *importWriter {
	return &importWriter{imp: imp}
}

// close releases the prepared statements.
func (w *importWriter) close() {
	for _, s := range []*store.Stmt{w.fullInsert, w.fullDocuments} {
		if s != nil {
			_ = s.Close()
		}
	}
}

func (w *importWriter) progress(bytes int64) ImportProgress {
	r := &w.imp.report
	return ImportProgress{ImportID: r.ImportID, Lines: r.Lines, Created: r.Created, Existing: r.Existing, Rejected: r.Rejected, Bytes: bytes}
}

// write commits one batch: its valid rows and its audit entry in one
// transaction, then tells the observer of the records created and
// announces them to every node.
func (w *importWriter) write(ctx context.Context, b *importBatch) error {
	imp := w.imp
	rows, errs, err := imp.checkLinks(ctx, b.rows, b.errs)
	if err != nil {
		return err
	}
	// Inserted in key order, the unique key index is walked once a batch,
	// page after page, instead of jumping about: when keys come in no order
	// (UUIDs), a batch commits about 15 % sooner; in order, sorting costs
	// nothing. Stable: of two lines with one key, the first is the one
	// inserted. rows themselves stay in line order, which is the order of
	// their IDs: the observer learns of them in that order, as the index
	// keeps them.
	byKey := make([]*importRow, len(rows))
	for i := range rows {
		byKey[i] = &rows[i]
	}
	slices.SortStableFunc(byKey, func(a, b *importRow) int { return strings.Compare(a.key, b.key) })
	var (
		created   []Record
		existing  int
		conflicts []ImportError
	)
	if len(rows) >= importRowsPerInsert && w.fullInsert == nil {
		// Prepared outside any transaction: SQLite's one writer connection
		// is the transaction's while it runs.
		if w.fullInsert, err = imp.s.db.PrepareWrite(ctx, insertRecords(importRowsPerInsert)); err != nil {
			return err
		}
		if slices.Contains(documentDatabases, imp.db.ID) {
			if w.fullDocuments, err = imp.s.db.PrepareWrite(ctx, insertDocuments(importRowsPerInsert)); err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		err := imp.s.db.InTx(ctx, func(tx *store.Tx) error {
			inserted, err := w.insert(ctx, tx, byKey)
			if err != nil {
				return err
			}
			var made []*importRow
			existing, conflicts = 0, nil
			if inserted == len(rows) {
				made = make([]*importRow, len(rows))
				for i := range rows {
					made[i] = &rows[i]
				}
			} else if made, existing, conflicts, err = imp.resolveExisting(ctx, tx, rows, byKey); err != nil {
				return err
			}
			made, taken, holders, err := w.claimDocuments(ctx, tx, made)
			if err != nil {
				return err
			}
			conflicts = append(conflicts, taken...)
			created = make([]Record, len(made))
			for i, r := range made {
				created[i] = r.rec
			}
			if err := imp.s.audit.AppendTx(ctx, tx, imp.batchEntry(b, created, existing, len(errs)+len(conflicts))); err != nil {
				return err
			}
			if len(holders) > 0 {
				return imp.s.audit.AppendTx(ctx, tx, imp.documentRefusals(b, holders))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("import lines %d to %d: %w", b.first, b.last, err)
		}
	}
	r := &imp.report
	r.Lines += b.lines
	r.Created += len(created)
	r.Existing += existing
	r.addErrors(append(errs, conflicts...))
	ids := make([]string, len(created))
	for i, rec := range created {
		imp.s.changed(rec)
		ids[i] = rec.ID
	}
	imp.s.announce(ctx, imp.db.ID, ids, ChangeCreated)
	return nil
}

// batchEntry is the audit entry of a committed batch: the collection of
// the records it created, found again by the import's ID, the actor and
// the range of record IDs.
func (imp *importer) batchEntry(b *importBatch, created []Record, existing, rejected int) audit.Entry {
	details := map[string]string{
		"database": imp.db.ID, "lines": strconv.Itoa(b.lines),
		"first_line": strconv.Itoa(b.first), "last_line": strconv.Itoa(b.last),
		"created": strconv.Itoa(len(created)), "existing": strconv.Itoa(existing), "rejected": strconv.Itoa(rejected),
	}
	if len(created) > 0 {
		// The records of a batch have IDs made one after the other: this
		// range and the actor find them.
		first, last := created[0].ID, created[0].ID
		for _, r := range created[1:] {
			first, last = min(first, r.ID), max(last, r.ID)
		}
		details["first_id"], details["last_id"] = first, last
	}
	return audit.Entry{
		Actor: audit.ActorOf(imp.p), Action: "record.import", Resources: []string{imp.report.ImportID},
		Outcome: audit.OutcomeSuccess, Subjects: []string{imp.p.Country}, Details: details,
	}
}

// insert writes rows, in their order, and returns how many were inserted.
func (w *importWriter) insert(ctx context.Context, tx *store.Tx, rows []*importRow) (int, error) {
	imp := w.imp
	total := 0
	for start := 0; start < len(rows); start += importRowsPerInsert {
		chunk := rows[start:min(start+importRowsPerInsert, len(rows))]
		first := &chunk[0].rec
		w.args = append(w.args[:0], first.Database, first.Owner, first.OwnerUnit, string(first.Status), first.Version,
			store.Micros(first.CreatedAt), store.Micros(first.UpdatedAt), imp.p.ID, imp.p.ID)
		for _, r := range chunk {
			w.args = append(w.args, r.rec.ID, r.rec.Schema, r.props, r.restr, store.Micros(r.rec.ReviewAt), r.key)
		}
		var res sql.Result
		var err error
		if len(chunk) == importRowsPerInsert {
			res, err = tx.ExecStmt(ctx, w.fullInsert, w.args...)
		} else {
			res, err = tx.Exec(ctx, insertRecords(len(chunk)), w.args...)
		}
		if err != nil {
			return 0, fmt.Errorf("insert records: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("insert records: %w", err)
		}
		total += int(n)
	}
	clear(w.args)
	return total, nil
}

// resolveExisting sorts the rows of a batch that was not inserted whole:
// a row whose key now holds its own ID was created; one whose key holds an
// earlier record with the same content is existing (an import sent again);
// one whose key holds a different record is a conflict. The record is
// compared as it is now: a record its owner changed since it was imported
// differs from its line, and the conflict says so. Created rows are
// returned in the order of rows (line order, that of their IDs). byKey is
// rows in key order, to look them up.
func (imp *importer) resolveExisting(ctx context.Context, tx *store.Tx, rows []importRow, byKey []*importRow) ([]*importRow, int, []ImportError, error) {
	stored, err := imp.storedByKey(ctx, tx, byKey)
	if err != nil {
		return nil, 0, nil, err
	}
	var (
		created   []*importRow
		existing  int
		conflicts []ImportError
	)
	for i, r := range rows {
		old, ok := stored[r.key]
		switch {
		case !ok:
			return nil, 0, nil, fmt.Errorf("BUG: record of key %q neither inserted nor stored", r.key)
		case old.id == r.rec.ID:
			created = append(created, &rows[i])
		case old.sameContent(r):
			existing++
		case old.version > 1:
			conflicts = append(conflicts, ImportError{Line: r.line, Field: "key", Code: fault.Conflict,
				Message: fmt.Sprintf("the record of this key (%s) was changed since it was imported (it is at version %d) and differs from this line, which was not applied", old.id, old.version)})
		default:
			conflicts = append(conflicts, ImportError{Line: r.line, Field: "key", Code: fault.Conflict,
				Message: fmt.Sprintf("this key was already used for a different record (%s)", old.id)})
		}
	}
	return created, existing, conflicts, nil
}

// claimDocuments records the documents of the records a batch created
// (rows, in line order). A record whose document another record holds
// (committed before, by another import or write) is deleted again and its
// line refused with a conflict naming the holder; two lines of one batch
// never share a document (prepare refused the later). It returns the rows
// that stay created, the conflicts, and the holders that are another
// bureau's (their owners learn of the refusal).
func (w *importWriter) claimDocuments(ctx context.Context, tx *store.Tx, rows []*importRow) ([]*importRow, []ImportError, []Record, error) {
	imp := w.imp
	var docs []*importRow
	for _, r := range rows {
		if r.identity != "" {
			docs = append(docs, r)
		}
	}
	if len(docs) == 0 {
		return rows, nil, nil, nil
	}
	inserted, err := w.insertDocuments(ctx, tx, docs)
	if err != nil || inserted == len(docs) {
		return rows, nil, nil, err
	}
	holders, err := imp.documentHolders(ctx, tx, docs)
	if err != nil {
		return nil, nil, nil, err
	}
	var (
		conflicts []ImportError
		others    []Record
		refused   = map[string]bool{}
	)
	for _, r := range docs {
		holder, ok := holders[r.identity]
		switch {
		case ok && holder.ID == r.rec.ID:
			continue
		case !ok:
			// Its holder was deleted after the INSERT saw it (PostgreSQL).
			conflicts = append(conflicts, ImportError{Line: r.line, Field: "properties.number", Code: fault.Conflict,
				Message: describeIdentity(r.identity) + " was being recorded or deleted by another write at the same time: send this line again"})
		default:
			conflicts = append(conflicts, lineError(r.line, documentTaken(imp.p, imp.db.ID, r.identity, holder)))
			if holder.Owner != imp.p.Country && !slices.ContainsFunc(others, func(o Record) bool { return o.ID == holder.ID }) {
				others = append(others, holder)
			}
		}
		refused[r.rec.ID] = true
	}
	kept := make([]*importRow, 0, len(rows)-len(refused))
	args := make([]any, 0, len(refused))
	for _, r := range rows {
		if refused[r.rec.ID] {
			args = append(args, r.rec.ID)
		} else {
			kept = append(kept, r)
		}
	}
	for start := 0; start < len(args); start += keysPerQuery {
		chunk := args[start:min(start+keysPerQuery, len(args))]
		if _, err := tx.Exec(ctx, `DELETE FROM records WHERE id IN `+store.Placeholders(1, len(chunk)), chunk...); err != nil {
			return nil, nil, nil, fmt.Errorf("withdraw records of documents already recorded: %w", err)
		}
	}
	return kept, conflicts, others, nil
}

// insertDocuments writes the documents of rows and returns how many were
// inserted.
func (w *importWriter) insertDocuments(ctx context.Context, tx *store.Tx, rows []*importRow) (int, error) {
	total := 0
	for start := 0; start < len(rows); start += importRowsPerInsert {
		chunk := rows[start:min(start+importRowsPerInsert, len(rows))]
		w.args = append(w.args[:0], w.imp.db.ID)
		for _, r := range chunk {
			w.args = append(w.args, r.rec.ID, r.identity)
		}
		var res sql.Result
		var err error
		if len(chunk) == importRowsPerInsert && w.fullDocuments != nil {
			res, err = tx.ExecStmt(ctx, w.fullDocuments, w.args...)
		} else {
			res, err = tx.Exec(ctx, insertDocuments(len(chunk)), w.args...)
		}
		if err != nil {
			return 0, fmt.Errorf("record documents: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("record documents: %w", err)
		}
		total += int(n)
	}
	clear(w.args)
	return total, nil
}

// documentHolders loads the records that hold the documents of rows, by
// identity.
func (imp *importer) documentHolders(ctx context.Context, tx *store.Tx, rows []*importRow) (map[string]Record, error) {
	byID := make(map[string]string, len(rows)) // record ID → identity
	args := make([]any, 0, keysPerQuery+1)
	for start := 0; start < len(rows); start += keysPerQuery {
		chunk := rows[start:min(start+keysPerQuery, len(rows))]
		args = append(args[:0], imp.db.ID)
		for _, r := range chunk {
			args = append(args, r.identity)
		}
		rs, err := tx.Query(ctx, `SELECT record_id, identity FROM record_documents WHERE database_id = ? AND identity IN `+store.Placeholders(1, len(chunk)), args...)
		if err != nil {
			return nil, fmt.Errorf("look up documents: %w", err)
		}
		for rs.Next() {
			var id, ident string
			if err := rs.Scan(&id, &ident); err != nil {
				rs.Close()
				return nil, fmt.Errorf("look up documents: %w", err)
			}
			byID[id] = ident
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return nil, fmt.Errorf("look up documents: %w", err)
		}
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	recs, err := GetMany(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Record, len(recs))
	for _, r := range recs {
		out[byID[r.ID]] = r
	}
	return out, nil
}

// documentRefusals is the audit entry of the lines of a batch refused
// because another bureau's record holds their document: the report told the
// importer that those records exist, and their owners learn who asked.
func (imp *importer) documentRefusals(b *importBatch, holders []Record) audit.Entry {
	e := refusalEntry(imp.p, "record.import", holders[0], map[string]string{
		"database": imp.db.ID, "first_line": strconv.Itoa(b.first), "last_line": strconv.Itoa(b.last), "import_id": imp.report.ImportID,
	})
	e.Resources, e.Subjects = nil, nil
	for _, h := range holders {
		e.Resources = append(e.Resources, h.ID)
		if !slices.Contains(e.Subjects, h.Owner) {
			e.Subjects = append(e.Subjects, h.Owner)
		}
	}
	return e
}

// storedRecord is what an import compares a line with: the current
// version of the record of its key.
type storedRecord struct {
	id, schema, props, restr string
	reviewAt                 int64 // microseconds
	version                  int
}

// sameContent reports whether r, a line sent again, is the record stored:
// the same schema, properties and restrictions, and the same review date
// if the line sets one (else the line's is the default from the time it
// was read, which no record sent earlier has).
func (old storedRecord) sameContent(r importRow) bool {
	if old.schema != r.rec.Schema {
		return false
	}
	if r.reviewSet && old.reviewAt != store.Micros(r.rec.ReviewAt) {
		return false
	}
	if old.props != r.props {
		var props map[string][]string
		if json.Unmarshal([]byte(old.props), &props) != nil || !reflect.DeepEqual(props, r.rec.Properties) {
			return false
		}
	}
	if old.restr != r.restr {
		var restr struct {
			Countries, ExcludedCountries []string
			NCBOnly                      bool
			UnitKinds                    []string
		}
		if json.Unmarshal([]byte(old.restr), &restr) != nil {
			return false
		}
		kinds := make([]string, len(r.rec.Restrictions.UnitKinds))
		for i, k := range r.rec.Restrictions.UnitKinds {
			kinds[i] = string(k)
		}
		rr := r.rec.Restrictions
		if !slices.Equal(restr.Countries, rr.Countries) || !slices.Equal(restr.ExcludedCountries, rr.ExcludedCountries) ||
			restr.NCBOnly != rr.NCBOnly || !slices.Equal(restr.UnitKinds, kinds) {
			return false
		}
	}
	return true
}

// keysPerQuery bounds the placeholders of one lookup.
const keysPerQuery = 1000

// storedByKey loads the records the owner holds in the database under the
// keys of rows.
func (imp *importer) storedByKey(ctx context.Context, tx *store.Tx, rows []*importRow) (map[string]storedRecord, error) {
	out := make(map[string]storedRecord, len(rows))
	args := make([]any, 0, keysPerQuery+2)
	for start := 0; start < len(rows); start += keysPerQuery {
		chunk := rows[start:min(start+keysPerQuery, len(rows))]
		args = append(args[:0], imp.p.Country, imp.db.ID)
		for _, r := range chunk {
			args = append(args, r.key)
		}
		q := `SELECT client_key, id, schema_name, properties, restrictions, review_at, version FROM records WHERE owner = ? AND database_id = ? AND client_key IN (` +
			strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`
		rs, err := tx.Query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("look up import keys: %w", err)
		}
		for rs.Next() {
			var key string
			var s storedRecord
			if err := rs.Scan(&key, &s.id, &s.schema, &s.props, &s.restr, &s.reviewAt, &s.version); err != nil {
				rs.Close()
				return nil, fmt.Errorf("look up import keys: %w", err)
			}
			out[key] = s
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return nil, fmt.Errorf("look up import keys: %w", err)
		}
	}
	return out, nil
}

// checkLinks refuses the rows whose links name no record the importer may
// see, or a record of a schema the property may not point to.
func (imp *importer) checkLinks(ctx context.Context, rows []importRow, errs []ImportError) ([]importRow, []ImportError, error) {
	var ids []string
	for _, r := range rows {
		for _, p := range r.schema.Properties {
			if p.Type == TypeLink {
				ids = append(ids, r.rec.Properties[p.Name]...)
			}
		}
	}
	if len(ids) == 0 {
		return rows, errs, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	// Only records the importer may see can be linked to; the others are
	// answered as missing, as for a single record.
	found, err := GetMany(ctx, imp.s.db, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("check links: %w", err)
	}
	targets := make(map[string]string, len(found))
	for _, r := range found {
		if access.Sees(imp.p, r.Resource()) && (r.Status == StatusActive || r.Owner == imp.p.Country) {
			targets[r.ID] = r.Schema
		}
	}
	kept := rows[:0]
	for _, r := range rows {
		if err := linkError(r.schema, r.rec.Properties, targets); err != nil {
			errs = append(errs, lineError(r.line, err))
			continue
		}
		kept = append(kept, r)
	}
	return kept, errs, nil
}
