package records

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Auditor enforces the access decision and records audit entries.
type Auditor interface {
	Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error
	Append(ctx context.Context, entries ...audit.Entry) ([]audit.Entry, error)
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
	Record(ctx context.Context, entries ...audit.Entry) error
}

// Observer learns of every change to the records that this node commits, so
// that its in-memory indexes stay current: a record is findable here as soon
// as its write returns. Calls come after the commit, from the writer's
// goroutine. Other nodes learn of the change from its Event.
type Observer interface {
	RecordChanged(r Record) // created or changed: r is the current version
	RecordDeleted(r Record)
}

// Service keeps the records of every database under the access decision.
type Service struct {
	db       *store.DB
	audit    Auditor
	clock    clock.Clock
	ids      id.Source
	observer Observer
	events   Publisher
	hits     Discloser
	logger   *slog.Logger

	membersOnce sync.Once
	members     map[string]bool
	membersErr  error
}

// Config is what a Service needs.
type Config struct {
	DB    *store.DB
	Audit Auditor
	Clock clock.Clock
	IDs   id.Source
	// Observer (may be nil) learns of every change this node makes, right
	// after its commit and before the write returns.
	Observer Observer
	// Events (may be nil) carries every change to every node (Event),
	// after the observer.
	Events Publisher
	// Hits discloses a record read from outside its owner's bureau (nil:
	// stored and audited, announced to no live stream).
	Hits   Discloser
	Logger *slog.Logger
}

// Discloser stores, audits and announces hits (hits.Discloser).
type Discloser interface {
	Disclose(ctx context.Context, entry audit.Entry, hs []hits.Hit) error
	// Settle waits until the hits disclosed before are stored.
	Settle(ctx context.Context) error
}

// NewService returns a Service.
func NewService(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Hits == nil {
		j, ok := cfg.Audit.(hits.Journal)
		if !ok {
			panic("records: Config.Hits is required with an Audit that cannot carry hits")
		}
		cfg.Hits = hits.NewDiscloser(j, nil, cfg.Logger)
	}
	return &Service{db: cfg.DB, audit: cfg.Audit, clock: cfg.Clock, ids: cfg.IDs, observer: cfg.Observer, events: cfg.Events, hits: cfg.Hits, logger: cfg.Logger}
}

// changed tells the observer of a committed change.
func (s *Service) changed(r Record) {
	if s.observer != nil {
		s.observer.RecordChanged(r)
	}
}

func (s *Service) memberSet() (map[string]bool, error) {
	s.membersOnce.Do(func() {
		cs, err := member.Countries()
		if err != nil {
			s.membersErr = err
			return
		}
		s.members = make(map[string]bool, len(cs))
		for _, c := range cs {
			s.members[c.ISO3] = true
		}
	})
	return s.members, s.membersErr
}

func lookupDatabase(id string) (*Database, error) {
	d, ok := DatabaseByID(id)
	if !ok {
		return nil, fault.New(fault.NotFound, "no database %q", id)
	}
	return d, nil
}

// NewRecord is a request to create a record.
type NewRecord struct {
	Schema       string               `json:"schema"`
	Properties   map[string][]string  `json:"properties"`
	Restrictions *access.Restrictions `json:"restrictions"`
	// Key is the client's idempotency key: sending the same record again with
	// the same key returns the record already made instead of a second one.
	Key string `json:"key"`
	// ReviewAt brings the review date forward (it can never be later than the
	// database's default).
	ReviewAt *time.Time `json:"review_at"`
}

const maxKeyLen = 200

func validKey(k string) error {
	if len(k) > maxKeyLen || !printable(k, false) {
		return fault.Field(fault.InvalidField, "key", "key must be at most %d printable characters", maxKeyLen)
	}
	return nil
}

// reviewDate returns the review date of a record created at created: the
// database's default, or the owner's earlier date.
func reviewDate(d *Database, created time.Time, asked *time.Time, now time.Time) (time.Time, error) {
	def := created.Add(d.ReviewAfter)
	if asked == nil {
		return def, nil
	}
	at := asked.UTC()
	if !at.After(now) {
		return time.Time{}, fault.Field(fault.InvalidField, "review_at", "review_at must be in the future")
	}
	if at.After(def) {
		return time.Time{}, fault.Field(fault.InvalidField, "review_at", "review_at may be at most %d years after creation (%s)", d.ReviewYears, def.Format(time.DateOnly))
	}
	return at, nil
}

// checkLinks makes sure every linked record exists, may be seen by the
// writer, and is of a schema the property may point to. A record the writer
// may not see is answered as missing.
func (s *Service) checkLinks(ctx context.Context, p access.Principal, schema *Schema, props map[string][]string) error {
	var ids []string
	for _, prop := range schema.Properties {
		if prop.Type == TypeLink {
			ids = append(ids, props[prop.Name]...)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := GetMany(ctx, s.db, ids)
	if err != nil {
		return err
	}
	targets := make(map[string]string, len(found))
	for _, r := range found {
		if access.Sees(p, r.Resource()) && (r.Status == StatusActive || r.Owner == p.Country) {
			targets[r.ID] = r.Schema
		}
	}
	return linkError(schema, props, targets)
}

// linkError checks props' links against targets (record ID → schema).
func linkError(schema *Schema, props map[string][]string, targets map[string]string) error {
	for _, p := range schema.Properties {
		for _, v := range props[p.Name] {
			if p.Type != TypeLink {
				break
			}
			got, ok := targets[v]
			if !ok {
				return fault.Field(fault.InvalidField, "properties."+p.Name, "no record %s", v)
			}
			if !slices.Contains(p.Range, got) {
				return fault.Field(fault.InvalidField, "properties."+p.Name, "record %s is a %s; %s links to %s", v, got, p.Name, strings.Join(p.Range, " or "))
			}
		}
	}
	return nil
}

// Create adds a record to a database, owned by the principal's bureau. With
// a key already used by the same owner in the same database it returns that
// record (created false) if the request is the same, and a conflict if not.
func (s *Service) Create(ctx context.Context, p access.Principal, dbID string, n NewRecord) (Record, bool, error) {
	d, err := lookupDatabase(dbID)
	if err != nil {
		return Record{}, false, err
	}
	if err := s.audit.Authorize(ctx, p, access.RecordCreate, access.Resource{Country: p.Country, Database: d.ID}, ""); err != nil {
		return Record{}, false, err
	}
	if n.Schema == "" {
		return Record{}, false, fault.Field(fault.MissingField, "schema", "schema is required (%s)", schemaNames(d))
	}
	schema, ok := d.Schema(n.Schema)
	if !ok {
		return Record{}, false, fault.Field(fault.InvalidField, "schema", "database %s holds %s, not %q", d.ID, schemaNames(d), n.Schema)
	}
	if err := validKey(n.Key); err != nil {
		return Record{}, false, err
	}
	members, err := s.memberSet()
	if err != nil {
		return Record{}, false, err
	}
	now := s.clock.Now()
	props, _, err := normaliseProperties(schema, n.Properties, members, now)
	if err != nil {
		return Record{}, false, err
	}
	var restr access.Restrictions
	if n.Restrictions != nil {
		if restr, err = normaliseRestrictions(*n.Restrictions, members); err != nil {
			return Record{}, false, err
		}
	}
	review, err := reviewDate(d, now, n.ReviewAt, now)
	if err != nil {
		return Record{}, false, err
	}
	if err := issuedByOwner(d, props, p.Country); err != nil {
		return Record{}, false, err
	}
	if err := checkSize(props); err != nil {
		return Record{}, false, err
	}
	if err := s.checkLinks(ctx, p, schema, props); err != nil {
		return Record{}, false, err
	}
	r := Record{
		ID: s.ids.New(), Database: d.ID, Schema: schema.Name, Owner: p.Country, OwnerUnit: p.UnitID,
		Properties: props, Restrictions: restr, Status: StatusActive, ReviewAt: review, Version: 1,
		CreatedAt: now, UpdatedAt: now,
	}
	if n.Key != "" {
		if old, found, err := recordByKey(ctx, s.db, r.Owner, r.Database, n.Key); err != nil {
			return Record{}, false, err
		} else if found {
			return sameRequest(old, r)
		}
	}
	ident := documentIdentity(r.Database, r.Properties)
	var holder Record
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if n.Key != "" {
			// Checked again inside the transaction: a retry may race the first try.
			if _, found, err := recordByKey(ctx, tx, r.Owner, r.Database, n.Key); err != nil || found {
				return keyTaken{err}
			}
		}
		// After the key: a retry of a create returns its record.
		if ident != "" {
			h, found, err := recordByIdentity(ctx, tx, r.Database, ident)
			if err != nil {
				return err
			}
			if found {
				holder = h
				return errDocumentTaken
			}
		}
		if err := insertRecord(ctx, tx, r, n.Key, p.ID); err != nil {
			return insertFailed{err}
		}
		return s.audit.AppendTx(ctx, tx, changeEntry(p, r, "record.create", nil))
	})
	if errors.Is(err, errDocumentTaken) {
		return Record{}, false, s.refuseTaken(ctx, p, "record.create", d.ID, ident, holder)
	}
	if kt, ok := err.(keyTaken); ok {
		if kt.err != nil {
			return Record{}, false, kt.err
		}
		old, _, err := recordByKey(ctx, s.db, r.Owner, r.Database, n.Key)
		if err != nil {
			return Record{}, false, err
		}
		return sameRequest(old, r)
	}
	if failed, ok := err.(insertFailed); ok {
		// A concurrent create committed the same key or the same document
		// first (PostgreSQL lets both transactions get this far): the key
		// answers as for a retry, the document as a conflict.
		if n.Key != "" {
			if old, found, err := recordByKey(ctx, s.db, r.Owner, r.Database, n.Key); err != nil {
				return Record{}, false, err
			} else if found {
				return sameRequest(old, r)
			}
		}
		if holder, found := s.documentHolder(ctx, d.ID, ident, r.ID); found {
			return Record{}, false, s.refuseTaken(ctx, p, "record.create", d.ID, ident, holder)
		}
		err = failed.err
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("create record in %s: %w", d.ID, err)
	}
	s.changed(r)
	s.announce(ctx, r.Database, []string{r.ID}, ChangeCreated)
	return r, true, nil
}

type keyTaken struct{ err error }

func (k keyTaken) Error() string { return "idempotency key taken" }

// insertFailed is an INSERT that failed, maybe on a unique index.
type insertFailed struct{ err error }

func (f insertFailed) Error() string { return f.err.Error() }

// errDocumentTaken ends a transaction that found its document recorded.
var errDocumentTaken = errors.New("document already recorded")

// sameRequest answers a retry: the record made the first time if the request
// is the same, a conflict otherwise.
func sameRequest(old, asked Record) (Record, bool, error) {
	if old.Schema == asked.Schema && reflect.DeepEqual(old.Properties, asked.Properties) && reflect.DeepEqual(old.Restrictions, asked.Restrictions) {
		return old, false, nil
	}
	return Record{}, false, fault.Field(fault.Conflict, "key", "this key was already used for a different record (%s)", old.ID)
}

func schemaNames(d *Database) string {
	names := make([]string, len(d.Schemas))
	for i, s := range d.Schemas {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// changeEntry is the audit entry of a change to a record: collection,
// alteration or erasure, with the owner as subject.
func changeEntry(p access.Principal, r Record, action string, changed []string) audit.Entry {
	details := map[string]string{"database": r.Database, "schema": r.Schema, "version": strconv.Itoa(r.Version)}
	if len(changed) > 0 {
		details["changed"] = strings.Join(changed, ",")
	}
	return audit.Entry{
		Actor: audit.ActorOf(p), Action: action, Resources: []string{r.ID},
		Outcome: audit.OutcomeSuccess, Subjects: []string{r.Owner}, Details: details,
	}
}

// visible loads a record and decides whether p may read it for purpose.
// What p learns must not depend on whether the record exists: a question p
// may not ask at all (no purpose, a unit kind that does not read records) is
// refused before the record is loaded; a record of another bureau that p may
// not read (restrictions, database grants, blocked, overdue for review) is
// answered as not found, with the true reason in the audit log.
func (s *Service) visible(ctx context.Context, p access.Principal, recordID string, purpose access.Purpose) (Record, error) {
	if err := s.precheck(ctx, p, access.RecordRead, purpose); err != nil {
		return Record{}, err
	}
	r, err := getRecord(ctx, s.db, recordID)
	if err != nil {
		return Record{}, err
	}
	notFound := fault.New(fault.NotFound, "no record %s", recordID)
	if err := s.audit.Authorize(ctx, p, access.RecordRead, r.Resource(), purpose, r.ID); err != nil {
		if r.Owner != p.Country || !access.Sees(p, r.Resource()) {
			return Record{}, notFound
		}
		return Record{}, err
	}
	if r.Owner != p.Country && (r.Status != StatusActive || r.ReviewAt.Before(s.clock.Now())) {
		return Record{}, notFound
	}
	return r, nil
}

// precheck refuses (and audits) a question p may not ask of any record: the
// checks of the access decision that do not depend on the record.
func (s *Service) precheck(ctx context.Context, p access.Principal, a access.Action, purpose access.Purpose) error {
	d := access.Decide(p, a, access.Resource{Country: p.Country, OwnerUnit: p.UnitID}, purpose)
	if d.Allowed || d.Reason == fault.DatabaseNotGranted {
		return nil // the database is known once the record is loaded
	}
	return s.audit.Authorize(ctx, p, a, access.Resource{Country: p.Country, OwnerUnit: p.UnitID}, purpose)
}

// changeable loads a record p asks to change, hiding it from p like visible
// does when p may not see it.
func (s *Service) changeable(ctx context.Context, p access.Principal, a access.Action, recordID string) (Record, error) {
	if err := s.precheck(ctx, p, a, ""); err != nil {
		return Record{}, err
	}
	r, err := getRecord(ctx, s.db, recordID)
	if err != nil {
		return Record{}, err
	}
	if err := s.audit.Authorize(ctx, p, a, r.Resource(), "", r.ID); err != nil {
		if r.Owner != p.Country && !access.Sees(p, r.Resource()) {
			return Record{}, fault.New(fault.NotFound, "no record %s", recordID)
		}
		return Record{}, err
	}
	return r, nil
}

// Get returns one record, if p may see it for purpose. The reading is
// audited, and a reading from outside the owner's bureau is a hit the owner
// is told of, in the same transaction.
func (s *Service) Get(ctx context.Context, p access.Principal, recordID string, purpose access.Purpose) (Record, error) {
	r, err := s.visible(ctx, p, recordID, purpose)
	if err != nil {
		return Record{}, err
	}
	entry := audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.RecordRead), Resources: []string{r.ID}, Purpose: string(purpose),
		Outcome: audit.OutcomeSuccess, Subjects: []string{r.Owner}, Details: map[string]string{"database": r.Database},
	}
	var hs []hits.Hit
	if r.Owner != p.Country {
		hs = []hits.Hit{{
			ID: s.ids.New(), RecordID: r.ID, Database: r.Database, Owner: r.Owner, Searcher: hits.SearcherOf(p),
			Purpose: purpose, Score: 1, Match: true, Matched: []string{"read by its ID"}, Time: s.clock.Now(),
		}}
	}
	err = s.hits.Disclose(ctx, entry, hs)
	if err != nil {
		return Record{}, fmt.Errorf("read record %s: %w", r.ID, err)
	}
	return ViewFor(p, r), nil
}

// ViewFor is the record as p may see it: the owner's bureau sees all of it;
// others see the properties, not how the owner restricted the record nor
// which of its units entered it.
func ViewFor(p access.Principal, r Record) Record {
	if r.Owner == p.Country {
		return r
	}
	r.Restrictions = access.Restrictions{}
	r.OwnerUnit = ""
	return r
}

// Versions returns a record's history to its owner's bureau.
func (s *Service) Versions(ctx context.Context, p access.Principal, recordID string, purpose access.Purpose) ([]Version, error) {
	r, err := s.visible(ctx, p, recordID, purpose)
	if err != nil {
		return nil, err
	}
	if r.Owner != p.Country {
		return nil, fault.New(fault.NotOwner, "only the owner's bureau reads a record's history")
	}
	vs, err := versions(ctx, s.db, r.ID)
	if err != nil {
		return nil, err
	}
	vs = append(vs, Version{Version: r.Version, Properties: r.Properties, Restrictions: r.Restrictions, Status: r.Status, ReviewAt: r.ReviewAt, ChangedAt: r.UpdatedAt, ChangedBy: r.updatedBy})
	if _, err := s.audit.Append(ctx, audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.RecordRead), Resources: []string{r.ID}, Purpose: string(purpose),
		Outcome: audit.OutcomeSuccess, Subjects: []string{r.Owner}, Details: map[string]string{"database": r.Database, "history": "true"},
	}); err != nil {
		return nil, err
	}
	return vs, nil
}

// Patch is a change to a record. Properties named are replaced (an empty
// list removes one); the others stay. Version, when set, must be the
// record's current version (optimistic concurrency).
type Patch struct {
	Properties   map[string][]string  `json:"properties"`
	Restrictions *access.Restrictions `json:"restrictions"`
	Status       *Status              `json:"status"`
	ReviewAt     *time.Time           `json:"review_at"`
	Version      *int                 `json:"version"`
}

// Update changes a record of the principal's bureau, as a new version.
func (s *Service) Update(ctx context.Context, p access.Principal, recordID string, patch Patch) (Record, error) {
	r, err := s.changeable(ctx, p, access.RecordUpdate, recordID)
	if err != nil {
		return Record{}, err
	}
	if patch.Version != nil && *patch.Version != r.Version {
		return Record{}, fault.Field(fault.Conflict, "version", "the record is at version %d, not %d: read it again", r.Version, *patch.Version)
	}
	d, err := lookupDatabase(r.Database)
	if err != nil {
		return Record{}, err
	}
	schema, _ := d.Schema(r.Schema)
	members, err := s.memberSet()
	if err != nil {
		return Record{}, err
	}
	now := s.clock.Now()
	next := r
	merged := maps.Clone(r.Properties)
	for k, v := range patch.Properties {
		merged[k] = v
	}
	if next.Properties, _, err = normaliseProperties(schema, merged, members, now); err != nil {
		return Record{}, err
	}
	if patch.Restrictions != nil {
		if next.Restrictions, err = normaliseRestrictions(*patch.Restrictions, members); err != nil {
			return Record{}, err
		}
	}
	if patch.Status != nil {
		if *patch.Status != StatusActive && *patch.Status != StatusBlocked {
			return Record{}, fault.Field(fault.InvalidField, "status", "status is active or blocked (delete a record with DELETE)")
		}
		next.Status = *patch.Status
	}
	if patch.ReviewAt != nil {
		if next.ReviewAt, err = reviewDate(d, r.CreatedAt, patch.ReviewAt, now); err != nil {
			return Record{}, err
		}
	}
	changed := changedFields(r, next)
	if len(changed) == 0 {
		return r, nil
	}
	if err := issuedByOwner(d, next.Properties, r.Owner); err != nil {
		return Record{}, err
	}
	if err := checkSize(next.Properties); err != nil {
		return Record{}, err
	}
	if err := s.checkLinks(ctx, p, schema, next.Properties); err != nil {
		return Record{}, err
	}
	next.Version, next.UpdatedAt, next.updatedBy = r.Version+1, now, p.ID
	// Only a change of the document's identity is checked: the record keeps
	// what it holds.
	ident := documentIdentity(next.Database, next.Properties)
	if ident == documentIdentity(r.Database, r.Properties) {
		ident = ""
	}
	var holder Record
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if ident != "" {
			h, found, err := recordByIdentity(ctx, tx, next.Database, ident)
			if err != nil {
				return err
			}
			if found && h.ID != next.ID {
				holder = h
				return errDocumentTaken
			}
		}
		if err := updateRecord(ctx, tx, r, next, p.ID); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, changeEntry(p, next, "record.update", changed))
	})
	if errors.Is(err, errDocumentTaken) {
		return Record{}, s.refuseTaken(ctx, p, "record.update", next.Database, ident, holder)
	}
	if _, ok := fault.As(err); err != nil && !ok {
		// A concurrent write committed the document first (PostgreSQL).
		if holder, found := s.documentHolder(ctx, next.Database, ident, next.ID); found {
			return Record{}, s.refuseTaken(ctx, p, "record.update", next.Database, ident, holder)
		}
	}
	if err != nil {
		return Record{}, fmt.Errorf("update record %s: %w", r.ID, err)
	}
	s.changed(next)
	s.announce(ctx, next.Database, []string{next.ID}, ChangeUpdated)
	return next, nil
}

// changedFields names what differs between two states of a record.
func changedFields(a, b Record) []string {
	var out []string
	keys := slices.Sorted(maps.Keys(a.Properties))
	for k := range b.Properties {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Equal(a.Properties[k], b.Properties[k]) {
			out = append(out, "properties."+k)
		}
	}
	if !reflect.DeepEqual(a.Restrictions, b.Restrictions) {
		out = append(out, "restrictions")
	}
	if a.Status != b.Status {
		out = append(out, "status")
	}
	if !a.ReviewAt.Equal(b.ReviewAt) {
		out = append(out, "review_at")
	}
	return out
}

// Delete erases a record of the principal's bureau and its history; the audit
// log keeps a tombstone (who, when, which record of which database).
func (s *Service) Delete(ctx context.Context, p access.Principal, recordID string) error {
	r, err := s.changeable(ctx, p, access.RecordDelete, recordID)
	if err != nil {
		return err
	}
	// The hits disclosed until now are stored, to be redacted with the rest.
	if err := s.hits.Settle(ctx); err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := deleteRecord(ctx, tx, r.ID, s.clock.Now()); err != nil {
			return err
		}
		// The hits keep who read the record and when, not what matched.
		if err := hits.Redact(ctx, tx, r.ID); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, changeEntry(p, r, "record.delete", nil))
	})
	if err != nil {
		return fmt.Errorf("delete record %s: %w", r.ID, err)
	}
	if s.observer != nil {
		s.observer.RecordDeleted(r)
	}
	s.announce(ctx, r.Database, []string{r.ID}, ChangeDeleted)
	return nil
}
