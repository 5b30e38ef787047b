package records

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// Format is the encoding of a bulk import's body.
type Format string

// The import formats.
const (
	// FormatNDJSON is one JSON object a line, each the body POST /records
	// takes: {"key","schema","properties","restrictions","review_at"}.
	FormatNDJSON Format = "ndjson"
	// FormatCSV is a header row naming the columns, then one record a row:
	// see csvHeader for the columns.
	FormatCSV Format = "csv"
)

// Limits of an import.
const (
	// MaxImportLine caps one line (one CSV record, quoted line breaks
	// included); a longer one is reported and skipped.
	MaxImportLine = 1 << 20
	// MaxImportErrors is how many line errors a report lists; it counts all.
	MaxImportErrors = 1000
)

// maxImportProperties caps a record's properties as stored (JSON), so that
// what a batch holds is bounded by its bytes as well as its lines: a line
// of 1 MiB may still encode to several. A larger record is refused with
// its line.
const maxImportProperties = 256 << 10

// A batch (one transaction, one audit entry) closes at importBatchLines
// lines or once its records hold importBatchBytes, whichever comes first.
// Larger batches spread the commit, its fsync and the wait for the audit
// checkpoint over more records; 10,000 records of the usual size (a few
// hundred bytes) take a few megabytes. The byte budget bounds batches of
// large records: at most batchSlots+2 batches are in memory (one being
// read, batchSlots waiting, one being written).
const (
	importBatchLines = 10000
	importBatchBytes = 16 << 20
)

// ImportError is one line an import refused, and why. Nothing of that line
// was written.
type ImportError struct {
	Line    int        `json:"line"`
	Field   string     `json:"field,omitempty"`
	Code    fault.Code `json:"code"`
	Message string     `json:"message"`
}

// ImportReport is what an import did.
type ImportReport struct {
	ImportID string `json:"import_id"`
	// Lines counts the records read (blank lines and the CSV header do not
	// count); every one is created, existing or rejected.
	Lines int `json:"lines"`
	// Created records are new; Existing ones were already there with the
	// same key and content (an import sent again); Rejected lines are in
	// Errors (the first MaxImportErrors of them).
	Created  int           `json:"created"`
	Existing int           `json:"existing"`
	Rejected int           `json:"rejected"`
	Errors   []ImportError `json:"errors"`
}

// ImportProgress is reported after each committed batch.
type ImportProgress struct {
	ImportID                           string
	Lines, Created, Existing, Rejected int
	// Bytes of the body read so far.
	Bytes int64
}

// Import adds the records of an NDJSON or CSV stream to a database, owned by
// the principal's bureau, under the same access decision and validation as
// Create; a record's properties may take at most 256 KiB as JSON. Every
// line must carry a key (the owner's idempotency key): a line whose key is
// already used with the same content is counted as existing and changes
// nothing, so an interrupted import is resumed by sending the file again.
// With different content it is a conflict. The content compared is the
// schema, properties and restrictions, and the review date if the line sets
// one, of the record's current version: once its owner changed the record,
// the line sent again is a conflict saying that the record was changed
// since it was imported (the import does not undo the change).
//
// The body is read as a stream and never held in memory. Valid lines are
// committed in batches, each in one transaction with its audit entry
// ("record.import", resources: the import's ID); a bad line is reported with
// its number and changes nothing, and the rest of its batch commits.
// progress, if not nil, is called after each batch from another goroutine
// (one call at a time).
//
// On a failure that stops the import (the body cannot be read, the store
// fails) it returns the report so far and the error: what was committed
// stays, and sending the whole file again completes the import.
func (s *Service) Import(ctx context.Context, p access.Principal, dbID string, format Format, body io.Reader, progress func(ImportProgress)) (ImportReport, error) {
	return s.importStream(ctx, p, dbID, format, body, progress, importBatchLines)
}

// importStream is Import with batches of batchLines lines.
func (s *Service) importStream(ctx context.Context, p access.Principal, dbID string, format Format, body io.Reader, progress func(ImportProgress), batchLines int) (ImportReport, error) {
	d, err := lookupDatabase(dbID)
	if err != nil {
		return ImportReport{}, err
	}
	if format != FormatNDJSON && format != FormatCSV {
		return ImportReport{}, fault.Field(fault.BadParameter, "format", "an import is ndjson or csv, not %q", format)
	}
	if err := s.audit.Authorize(ctx, p, access.RecordCreate, access.Resource{Country: p.Country, Database: d.ID}, ""); err != nil {
		return ImportReport{}, err
	}
	members, err := s.memberSet()
	if err != nil {
		return ImportReport{}, err
	}
	imp := &importer{
		s: s, p: p, db: d, members: members, names: propertyNames(d),
		report: ImportReport{ImportID: s.ids.New(), Errors: []ImportError{}},
		lines:  newLineReader(body, MaxImportLine), batchLines: batchLines, batchBytes: importBatchBytes,
	}
	if format == FormatCSV {
		imp.next, err = imp.csvParser()
	} else {
		imp.next = imp.nextJSON
	}
	if err != nil {
		return imp.report, err
	}
	return imp.run(ctx, progress)
}

// importer is one running import. The caller's goroutine reads and
// validates lines into batches; one writer goroutine commits them, so that
// parsing the next batch overlaps writing the last.
type importer struct {
	s       *Service
	p       access.Principal
	db      *Database
	members map[string]bool
	names   map[string]string // the database's property names, interned
	sorted  map[*Schema][]string
	encoded []byte // buffer of encodeProperties
	lines   *lineReader
	// next reads the next record request and the number of its line: bad
	// refuses that line (a *fault.Error), stop ends the import (io.EOF at
	// the end of the body).
	next   func() (n NewRecord, line int, bad, stop error)
	report ImportReport
	// A batch closes at batchLines lines (importBatchLines) or once its
	// rows hold batchBytes (importBatchBytes).
	batchLines int
	batchBytes int64
}

// importBatch is the work of one transaction.
type importBatch struct {
	first, last int // line numbers covered
	lines       int // records read, valid or not
	rows        []importRow
	errs        []ImportError // lines refused while parsing, in order
	bytes       int64         // body read once the batch was full
	size        int64         // what its rows hold (rowSize)
	// documents finds the row of each document identity in rows (only in
	// databases whose documents have one): of two lines of one document,
	// the first is imported.
	documents map[string]int
}

// importRow is a valid line, ready to insert.
type importRow struct {
	line   int
	key    string
	schema *Schema
	rec    Record
	props  string // rec.Properties as stored
	restr  string // rec.Restrictions as stored
	// reviewSet: the line set rec.ReviewAt (else it is the default, from
	// the time of the import).
	reviewSet bool
	// identity is the document's (documentIdentity), if it has one.
	identity string
}

// rowSize is about the memory a row holds: its properties twice (decoded,
// and encoded as stored), its restrictions, its key, its document's
// identity and the rest.
func rowSize(r *importRow) int64 {
	return int64(2*len(r.props) + len(r.restr) + len(r.key) + len(r.identity) + 512)
}

// errWriterFailed stops the reader; the writer's own error is returned.
var errWriterFailed = errors.New("import writer failed")

// batchSlots is how many parsed batches may wait for the writer.
const batchSlots = 2

func (imp *importer) run(ctx context.Context, progress func(ImportProgress)) (ImportReport, error) {
	batches := make(chan *importBatch, batchSlots)
	failed := make(chan struct{}) // closed when the writer fails
	writerErr := make(chan error, 1)
	w := imp.newWriter()
	go func() {
		defer w.close()
		var err error
		for b := range batches {
			if err != nil {
				continue // drain: the reader stops at the next send
			}
			if err = w.write(ctx, b); err != nil {
				close(failed)
				continue
			}
			if progress != nil {
				progress(w.progress(b.bytes))
			}
		}
		writerErr <- err
	}()
	// Until the writer has stopped, the report is the writer's.
	var readErr error
	for {
		b, err := imp.readBatch(ctx)
		if b.lines > 0 {
			select {
			case batches <- b:
			case <-failed:
				err = errWriterFailed
			}
		}
		if err != nil {
			readErr = err
			break
		}
	}
	close(batches)
	if err := <-writerErr; err != nil {
		return imp.report, err
	}
	if !errors.Is(readErr, io.EOF) {
		return imp.report, importStopped(readErr, imp.report)
	}
	return imp.report, nil
}

// importStopped describes a body that could not be read to its end, saying
// how far the import got: sending the whole file again resumes it.
func importStopped(err error, r ImportReport) error {
	done := fmt.Sprintf("%d lines read, %d records created before it stopped; send the whole file again to complete it (lines already imported count as existing)", r.Lines, r.Created)
	var tooLarge interface{ Limit() int64 }
	var fe *fault.Error
	switch {
	case errors.As(err, &fe):
		return fault.Wrap(fe.Code, err, "%s; %s", fe.Message, done)
	case errors.As(err, &tooLarge):
		return fault.Wrap(fault.BodyTooLarge, err, "the body is larger than %d bytes; %s", tooLarge.Limit(), done)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("import stopped: %w", err)
	}
	return fault.Wrap(fault.BadParameter, err, "the body could not be read to its end; %s", done)
}

// readBatch reads up to batchLines records, or fewer holding batchBytes.
// It returns io.EOF with the last batch at the end of the body.
func (imp *importer) readBatch(ctx context.Context) (*importBatch, error) {
	b := &importBatch{rows: make([]importRow, 0, imp.batchLines)}
	now := imp.s.clock.Now()
	for b.lines < imp.batchLines && b.size < imp.batchBytes {
		if b.lines%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return b, err
			}
		}
		rec, n, bad, stop := imp.next()
		if stop != nil {
			b.bytes = imp.lines.bytes
			return b, stop
		}
		if b.lines == 0 {
			b.first = n
		}
		b.last = n
		b.lines++
		if bad == nil {
			bad = imp.prepare(b, n, rec, now)
		}
		if bad != nil {
			b.errs = append(b.errs, lineError(n, bad))
		}
	}
	b.bytes = imp.lines.bytes
	return b, nil
}

// prepare validates one record request as Create does and adds it to b.
func (imp *importer) prepare(b *importBatch, line int, n NewRecord, now time.Time) error {
	d := imp.db
	if n.Key == "" {
		return fault.Field(fault.MissingField, "key", "every line of an import needs a key, so that sending the file again resumes it")
	}
	if err := validKey(n.Key); err != nil {
		return err
	}
	if n.Schema == "" {
		return fault.Field(fault.MissingField, "schema", "schema is required (%s)", schemaNames(d))
	}
	schema, ok := d.Schema(n.Schema)
	if !ok {
		return fault.Field(fault.InvalidField, "schema", "database %s holds %s, not %q", d.ID, schemaNames(d), n.Schema)
	}
	props, _, err := normaliseProperties(schema, n.Properties, imp.members, now)
	if err != nil {
		return err
	}
	if err := issuedByOwner(d, props, imp.p.Country); err != nil {
		return err
	}
	var restr access.Restrictions
	if n.Restrictions != nil {
		if restr, err = normaliseRestrictions(*n.Restrictions, imp.members); err != nil {
			return err
		}
	}
	review, err := reviewDate(d, now, n.ReviewAt, now)
	if err != nil {
		return err
	}
	ident := documentIdentity(d.ID, props)
	if ident != "" {
		if i, ok := b.documents[ident]; ok && b.rows[i].key != n.Key {
			// The same key is left to the key's rules: a line sent twice.
			return fault.Field(fault.Conflict, "properties.number", "%s is already in line %d of this import", describeIdentity(ident), b.rows[i].line)
		}
	}
	r := Record{
		ID: imp.s.ids.New(), Database: d.ID, Schema: schema.Name, Owner: imp.p.Country, OwnerUnit: imp.p.UnitID,
		Properties: props, Restrictions: restr, Status: StatusActive, ReviewAt: review, Version: 1,
		CreatedAt: now, UpdatedAt: now, updatedBy: imp.p.ID,
	}
	ps, err := imp.encodeProperties(schema, props)
	if err != nil {
		return err
	}
	rs, err := encodeRestrictions(restr)
	if err != nil {
		return err
	}
	if ident != "" {
		if b.documents == nil {
			b.documents = make(map[string]int)
		}
		if _, ok := b.documents[ident]; !ok {
			b.documents[ident] = len(b.rows)
		}
	}
	b.rows = append(b.rows, importRow{line: line, key: n.Key, schema: schema, rec: r, props: ps, restr: rs, reviewSet: n.ReviewAt != nil, identity: ident})
	b.size += rowSize(&b.rows[len(b.rows)-1])
	return nil
}

// lineError turns the refusal of a line into its report entry. An error
// without a code is a bug in this package: it is reported as internal rather
// than shown.
func lineError(line int, err error) ImportError {
	fe, ok := fault.As(err)
	if !ok {
		return ImportError{Line: line, Code: fault.Internal, Message: "internal error"}
	}
	return ImportError{Line: line, Field: fe.Field, Code: fe.Code, Message: fe.Message}
}

// addErrors records refused lines in the report, in line order.
func (r *ImportReport) addErrors(errs []ImportError) {
	slices.SortStableFunc(errs, func(a, b ImportError) int { return a.Line - b.Line })
	r.Rejected += len(errs)
	for _, e := range errs {
		if len(r.Errors) < MaxImportErrors {
			r.Errors = append(r.Errors, e)
		}
	}
}

// propertyNames maps each property name of d's schemas to itself, so that
// decoded lines share one string per name.
func propertyNames(d *Database) map[string]string {
	out := map[string]string{}
	for _, s := range d.Schemas {
		for _, p := range s.Properties {
			out[p.Name] = p.Name
		}
	}
	return out
}
