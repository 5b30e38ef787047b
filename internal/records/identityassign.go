package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/ncbnet/ncbnet/internal/store"
)

// assignPage is how many records are given their document's identity in
// one transaction.
const assignPage = 10000

// assignLock keeps two nodes starting at once from giving the same records
// their identities together.
const assignLock = 0x6e6362646f63 // "ncbdoc"

// AssignDocumentIdentities gives the records of the document databases
// stored before identities were kept theirs, once: a node calls it at
// start, after the migrations and before it serves (SQL cannot fold a
// number as the index does on both engines, so the migration cannot). The
// work goes a page at a time, each page in one transaction that moves the
// migration's cursor (record_documents_backfill), so a node stopped
// half-way resumes where it was; when it is done the cursor is gone and a
// start costs one query.
//
// Of two records of one document, the older (the first in ID order, which
// is creation order) holds the identity; the later one is kept as it is,
// served and searched as before, and holds none until the older is gone
// and its owner updates it. Such records stop no node from starting: they
// are logged (their IDs, not their documents), for their owners to delete
// or correct.
func AssignDocumentIdentities(ctx context.Context, db *store.DB, logger *slog.Logger) error {
	return assignDocumentIdentities(ctx, db, logger, assignPage)
}

// assignDocumentIdentities is AssignDocumentIdentities with pages of size
// records.
func assignDocumentIdentities(ctx context.Context, db *store.DB, logger *slog.Logger, size int) error {
	var (
		assigned, repeated int
		examples           []string
	)
	for {
		done, n, dups, err := assignNext(ctx, db, size)
		if err != nil {
			return fmt.Errorf("give records their document's identity: %w", err)
		}
		assigned += n
		repeated += len(dups)
		if room := 20 - len(examples); room > 0 {
			examples = append(examples, dups[:min(room, len(dups))]...)
		}
		if done {
			break
		}
	}
	if assigned > 0 {
		logger.Info("records stored before documents were unique given their document's identity", "records", assigned)
	}
	if repeated > 0 {
		logger.Warn("records repeat a document that an older record of their database holds: both are kept and served; the later ones are not held to the document's identity until their owners delete or correct them",
			"records", repeated, "examples", strings.Join(examples, ", "))
	}
	return nil
}

// assignNext gives the next page of records their identities and moves the
// cursor, in one transaction. done: nothing is left to do.
func assignNext(ctx context.Context, db *store.DB, size int) (done bool, assigned int, dups []string, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		done, assigned, dups = false, 0, nil
		if err := tx.Serialize(ctx, assignLock); err != nil {
			return err
		}
		var database, after string
		err := tx.QueryRow(ctx, `SELECT database_id, after FROM record_documents_backfill`).Scan(&database, &after)
		if errors.Is(err, sql.ErrNoRows) {
			done = true
			return nil
		}
		if err != nil {
			return fmt.Errorf("read where it stands: %w", err)
		}
		if database == "" {
			database = documentDatabases[0]
		}
		page, err := recordsAfter(ctx, tx, database, after, size)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			i := slices.Index(documentDatabases, database)
			if i < 0 || i+1 == len(documentDatabases) {
				done = true
				_, err := tx.Exec(ctx, `DELETE FROM record_documents_backfill`)
				return err
			}
			_, err := tx.Exec(ctx, `UPDATE record_documents_backfill SET database_id = ?, after = ''`, documentDatabases[i+1])
			return err
		}
		if assigned, dups, err = assignIdentities(ctx, tx, database, page); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE record_documents_backfill SET database_id = ?, after = ?`, database, page[len(page)-1].ID)
		return err
	})
	return done, assigned, dups, err
}

// recordsAfter reads the next size records of a database, in ID order.
func recordsAfter(ctx context.Context, c store.Conn, database, after string, size int) ([]Record, error) {
	rows, err := c.Query(ctx, `SELECT `+recordSelect+` FROM records WHERE database_id = ? AND id > ? ORDER BY id LIMIT ?`, database, after, size)
	if err != nil {
		return nil, fmt.Errorf("read records of %s: %w", database, err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("read records of %s: %w", database, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// assignIdentities gives the records of page (of database, in ID order)
// their document's identity where no record holds it. It returns how many
// it gave one, and the records whose document another holds ("record X
// repeats record Y in database").
func assignIdentities(ctx context.Context, tx *store.Tx, database string, page []Record) (int, []string, error) {
	holders := map[string]string{} // identity → record ID
	var idents []any
	for _, r := range page {
		if ident := documentIdentity(database, r.Properties); ident != "" {
			idents = append(idents, ident)
		}
	}
	for start := 0; start < len(idents); start += keysPerQuery {
		chunk := idents[start:min(start+keysPerQuery, len(idents))]
		rows, err := tx.Query(ctx, `SELECT identity, record_id FROM record_documents WHERE database_id = ? AND identity IN `+store.Placeholders(1, len(chunk)),
			append([]any{database}, chunk...)...)
		if err != nil {
			return 0, nil, fmt.Errorf("look up documents: %w", err)
		}
		for rows.Next() {
			var ident, id string
			if err := rows.Scan(&ident, &id); err != nil {
				rows.Close()
				return 0, nil, fmt.Errorf("look up documents: %w", err)
			}
			holders[ident] = id
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return 0, nil, fmt.Errorf("look up documents: %w", err)
		}
	}
	var (
		args []any
		dups []string
	)
	for _, r := range page {
		ident := documentIdentity(database, r.Properties)
		if ident == "" {
			continue
		}
		switch holder, held := holders[ident]; {
		case holder == r.ID:
		case held:
			dups = append(dups, fmt.Sprintf("record %s repeats record %s in %s", r.ID, holder, database))
		default:
			holders[ident] = r.ID
			args = append(args, r.ID, ident)
		}
	}
	assigned := 0
	for start := 0; start < len(args); start += 2 * importRowsPerInsert {
		chunk := args[start:min(start+2*importRowsPerInsert, len(args))]
		// A write on another node may have taken an identity since it was
		// looked up: it keeps it.
		res, err := tx.Exec(ctx, insertDocuments(len(chunk)/2), append([]any{database}, chunk...)...)
		if err != nil {
			return 0, nil, fmt.Errorf("record documents: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, nil, fmt.Errorf("record documents: %w", err)
		}
		assigned += int(n)
	}
	return assigned, dups, nil
}
