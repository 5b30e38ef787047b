package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/store"
)

// A document is recorded once per database. SLTD, TDAWN and SAD each hold
// documents (a Passport, an AdministrativeDocument) that a check at a border
// matches by their number, issuing country and type; two records of one
// document would answer one check with two hits, and their owner would keep
// two records in step. The identity is unique among a database's records
// (the store's table record_documents and its unique index, written in the
// transaction that writes the record: across nodes and under concurrency
// alike): a second record of the same document is refused with a conflict
// naming the first. A blocked record keeps its identity: it may be
// unblocked, and its owner updates it rather than entering the document
// again. Deleting a record frees it; an update that changes the number, the
// country or the type moves it.
//
// A person's passportNumber (nominal, terrorism) is not a document record
// and has no identity: several persons' records may name one document.
//
// The databases are in name order, the order in which
// AssignDocumentIdentities goes through them.
var documentDatabases = []string{"sad", "sltd", "tdawn"}

// documentIdentity is the identity of the document a record of database db
// stands for: "type|country|number", the number as the index compares it
// ("19FV 04321" and "19fv04321" are one document), the type as the schema
// spells it (a Passport's types are the ICAO 9303 codes themselves). It is
// empty for a record that has none: of another database, or an
// administrative document of type "other", which names no kind of document
// (two different documents of one country may then share a number), or a
// record stored before a record had to be one document.
func documentIdentity(db string, props map[string][]string) string {
	if !slices.Contains(documentDatabases, db) {
		return ""
	}
	number, country, typ := props["number"], props["country"], props["type"]
	if len(number) != 1 || len(country) != 1 || len(typ) != 1 || typ[0] == "other" {
		return ""
	}
	n := identifiers.NormalizeIdentifier(number[0])
	if n == "" {
		return ""
	}
	return typ[0] + "|" + strings.ToUpper(country[0]) + "|" + n
}

// describeIdentity writes an identity for a person to read.
func describeIdentity(ident string) string {
	parts := strings.SplitN(ident, "|", 3)
	if len(parts) != 3 {
		return "this document"
	}
	return fmt.Sprintf("the document %s of type %s issued by %s", parts[2], parts[0], parts[1])
}

// oneDocument: a record of a document stands for one document, so that it
// has one identity. Several numbers, countries or types are several
// documents, each recorded on its own.
func oneDocument(props map[string][]string) error {
	for _, n := range []string{"number", "country", "type"} {
		if len(props[n]) > 1 {
			return fault.Field(fault.InvalidField, "properties."+n, "a record is one document: give one %s (record each document on its own)", n)
		}
	}
	return nil
}

// insertDocument records that record id of database db holds ident (if it
// is not empty). The unique index refuses an identity another record holds.
func insertDocument(ctx context.Context, tx *store.Tx, id, db, ident string) error {
	if ident == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO record_documents (record_id, database_id, identity) VALUES (?, ?, ?)`, id, db, ident); err != nil {
		return fmt.Errorf("record the document of record %s: %w", id, err)
	}
	return nil
}

// keepDocument has record id hold ident (if not empty) unless it already
// does or another record does: an update that leaves the document as it
// was is never refused for it.
func keepDocument(ctx context.Context, tx *store.Tx, id, db, ident string) error {
	if ident == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO record_documents (record_id, database_id, identity) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, id, db, ident); err != nil {
		return fmt.Errorf("record the document of record %s: %w", id, err)
	}
	return nil
}

// deleteDocument frees the identity record id holds, if any.
func deleteDocument(ctx context.Context, tx *store.Tx, id string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM record_documents WHERE record_id = ?`, id); err != nil {
		return fmt.Errorf("free the document of record %s: %w", id, err)
	}
	return nil
}

// recordByIdentity finds the record that holds a document's identity in a
// database.
func recordByIdentity(ctx context.Context, c store.Conn, db, ident string) (Record, bool, error) {
	r, err := scanRecord(c.QueryRow(ctx, `SELECT `+recordSelect+` FROM records WHERE id = (SELECT record_id FROM record_documents WHERE database_id = ? AND identity = ?)`, db, ident))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("look up document: %w", err)
	}
	return r, true, nil
}

// documentTaken is the refusal of a record whose document holder already
// records. It names holder when p may see it (the owner's bureau always
// does; SLTD's documents are all their issuer's); a record of another bureau
// that its restrictions keep from p is not named, as a link to it would not
// be.
func documentTaken(p access.Principal, db, ident string, holder Record) *fault.Error {
	what := describeIdentity(ident)
	switch {
	case holder.Owner == p.Country:
		return fault.Field(fault.Conflict, "properties.number", "%s is already recorded in %s as record %s: change that record instead", what, db, holder.ID)
	case access.Sees(p, holder.Resource()) && holder.Status == StatusActive:
		return fault.Field(fault.Conflict, "properties.number", "%s is already recorded in %s as record %s of %s", what, db, holder.ID, holder.Owner)
	}
	return fault.Field(fault.Conflict, "properties.number", "%s is already recorded in %s by another bureau", what, db)
}

// refusalEntry is the audit entry of a change refused because another
// bureau's record holds the document: the refusal told the writer that the
// record exists, and its owner learns who asked.
func refusalEntry(p access.Principal, action string, holder Record, details map[string]string) audit.Entry {
	return audit.Entry{
		Actor: audit.ActorOf(p), Action: action, Resources: []string{holder.ID},
		Outcome: audit.OutcomeFailure, Reason: string(fault.Conflict), Subjects: []string{holder.Owner}, Details: details,
	}
}

// refuseTaken answers a create or update whose document holder records:
// the conflict, audited when holder is another bureau's.
func (s *Service) refuseTaken(ctx context.Context, p access.Principal, action, db, ident string, holder Record) error {
	if holder.Owner != p.Country {
		if _, err := s.audit.Append(ctx, refusalEntry(p, action, holder, map[string]string{"database": db})); err != nil {
			return err
		}
	}
	return documentTaken(p, db, ident, holder)
}

// documentHolder is the record that holds ident in db when a write failed:
// on PostgreSQL a concurrent transaction that stored the same document
// first makes the INSERT or UPDATE fail on the unique index, after the
// check inside the transaction found nothing.
func (s *Service) documentHolder(ctx context.Context, db, ident, self string) (Record, bool) {
	if ident == "" {
		return Record{}, false
	}
	holder, found, err := recordByIdentity(ctx, s.db, db, ident)
	if err != nil || !found || holder.ID == self {
		return Record{}, false
	}
	return holder, true
}
