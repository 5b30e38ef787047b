// Package search answers POST /api/v1/search: a query in the shape of
// OpenSanctions' /match (a schema and properties) run across one or more
// databases for a declared purpose. Identifiers match exactly after
// normalisation (look-alike characters as a weaker second key); persons match
// by name across scripts, with birth date, nationality and sex as evidence.
//
// Every candidate passes the access decision before it is even counted: a
// record the owner's restrictions hide from the searcher does not exist for
// it. Every result shown outside the owner's bureau is a hit the owner is
// told of, and every search is audited with its purpose and results.
package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store"
)

// MatchThreshold is the score from which a result is a match: the name
// matcher's threshold, which identifier matches (1 exact, 0.85 look-alike)
// clear and a document of another issuing country does not.
const MatchThreshold = names.MatchThreshold

// Scores of identifier matches.
const (
	scoreExact     = 1.0
	scoreLookalike = 0.85
	// a document number found, but issued by another country than asked: it
	// is shown (it may be a misread country) but is not a match.
	scoreOtherCountry = 0.5
)

// Limits on a query.
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

// Auditor enforces the access decision and records audit entries.
type Auditor interface {
	Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
}

// Service runs searches.
type Service struct {
	db     *store.DB
	index  *index.Index
	audit  Auditor
	broker *hits.Broker
	clock  clock.Clock
	ids    id.Source
}

// NewService returns a Service.
func NewService(db *store.DB, x *index.Index, auditor Auditor, broker *hits.Broker, c clock.Clock, ids id.Source) *Service {
	return &Service{db: db, index: x, audit: auditor, broker: broker, clock: c, ids: ids}
}

// Query is a search request.
type Query struct {
	Purpose   access.Purpose `json:"purpose"`
	Databases []string       `json:"databases"`
	Query     struct {
		Schema     string              `json:"schema"`
		Properties map[string][]string `json:"properties"`
	} `json:"query"`
	Limit int `json:"limit"`
}

// Result is one record found, with how well it matches and why.
type Result struct {
	Record      records.Record `json:"record"`
	Score       float64        `json:"score"`
	Match       bool           `json:"match"`
	Explanation []string       `json:"explanation"`
}

// Answer is the answer to a search, best first.
type Answer struct {
	Items []Result `json:"items"`
}

// candidate is a record on its way to a result.
type candidate struct {
	score float64
	why   []string
}

// Search runs q for p.
func (s *Service) Search(ctx context.Context, p access.Principal, q Query) (Answer, error) {
	schema, dbs, err := s.scope(ctx, p, &q)
	if err != nil {
		return Answer{}, err
	}
	cands := map[string]*candidate{}
	for _, prop := range schema.Properties {
		if prop.Type != records.TypeIdentifier {
			continue
		}
		for _, v := range q.Query.Properties[prop.Name] {
			for _, c := range s.index.LookupIdentifier(p, prop.Kind, v, dbs) {
				if cands[c.ID] == nil {
					cands[c.ID] = &candidate{}
				}
			}
		}
	}
	people := map[string]index.Scored{}
	if query := personQuery(q.Query.Properties); len(query.Names) > 0 {
		found, err := s.index.SearchPeople(ctx, p, query, dbs, 5*q.Limit)
		if err != nil {
			return Answer{}, fault.Wrap(fault.Timeout, err, "the search took too long")
		}
		for _, sc := range found {
			people[sc.ID] = sc
			if cands[sc.ID] == nil {
				cands[sc.ID] = &candidate{}
			}
		}
	}
	ids := make([]string, 0, len(cands))
	for k := range cands {
		ids = append(ids, k)
	}
	recs, err := records.GetMany(ctx, s.db, ids)
	if err != nil {
		return Answer{}, err
	}
	now := s.clock.Now()
	var results []Result
	for _, r := range recs {
		if r.Status != records.StatusActive || !slices.Contains(dbs, r.Database) {
			continue
		}
		// A record overdue for review is not served outside its bureau until
		// its owner confirms it is still needed.
		if r.Owner != p.Country && r.ReviewAt.Before(now) {
			continue
		}
		// Restricted records are invisible: not shown, not counted.
		if !access.Decide(p, access.RecordSearch, r.Resource(), q.Purpose).Allowed {
			continue
		}
		score, why := identifierScore(schemaOf(r), r, q.Query.Properties)
		if sc, ok := people[r.ID]; ok && sc.Score > score {
			score, why = sc.Score, sc.Explanation
		}
		if score <= 0 {
			continue // a false candidate (shared fingerprint, or an identifier since changed)
		}
		match := score >= MatchThreshold
		results = append(results, Result{Record: view(p, r, match), Score: round(score), Match: match, Explanation: why})
	}
	slices.SortFunc(results, func(a, b Result) int {
		switch {
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Record.ID, b.Record.ID)
	})
	if len(results) > q.Limit {
		results = results[:q.Limit]
	}
	if err := s.record(ctx, p, q, dbs, results); err != nil {
		return Answer{}, err
	}
	if results == nil {
		results = []Result{}
	}
	return Answer{Items: results}, nil
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// view is a result's record as p may see it: outside the owner's bureau
// without the owner's restrictions and unit, and, for a result that is not a
// match, only the properties that identify (the minimum to judge it by).
func view(p access.Principal, r records.Record, match bool) records.Record {
	r = records.ViewFor(p, r)
	if match || r.Owner == p.Country {
		return r
	}
	schema := schemaOf(r)
	kept := map[string][]string{}
	for _, prop := range schema.Properties {
		if prop.Identifying && len(r.Properties[prop.Name]) > 0 {
			kept[prop.Name] = r.Properties[prop.Name]
		}
	}
	r.Properties = kept
	return r
}

// maxQueryNames bounds the names one query may carry: each is compared with
// every candidate's names.
const maxQueryNames = 5

func schemaOf(r records.Record) *records.Schema {
	d, _ := records.DatabaseByID(r.Database)
	s, _ := d.Schema(r.Schema)
	return s
}

// scope checks the query and decides which databases it runs on: those named
// (each must be allowed), or every database holding the schema that p may
// search.
func (s *Service) scope(ctx context.Context, p access.Principal, q *Query) (*records.Schema, []string, error) {
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		return nil, nil, fault.Field(fault.InvalidField, "limit", "limit is 1 to %d", MaxLimit)
	}
	if q.Query.Schema == "" {
		return nil, nil, fault.Field(fault.MissingField, "query.schema", "query.schema is required (e.g. Person, Passport, Vehicle)")
	}
	var schema *records.Schema
	named := slices.Clone(q.Databases)
	slices.Sort(named)
	named = slices.Compact(named)
	if len(named) > len(records.Databases()) {
		return nil, nil, fault.Field(fault.InvalidField, "databases", "there are %d databases", len(records.Databases()))
	}
	if len(named) == 0 {
		for _, d := range records.Databases() {
			if _, ok := d.Schema(q.Query.Schema); ok && access.Decide(p, access.RecordSearch, access.Resource{Database: d.ID}, q.Purpose).Allowed {
				named = append(named, d.ID)
			}
		}
	}
	var dbs []string
	for _, dbID := range named {
		d, ok := records.DatabaseByID(dbID)
		if !ok {
			return nil, nil, fault.Field(fault.InvalidField, "databases", "no database %q", dbID)
		}
		if err := s.audit.Authorize(ctx, p, access.RecordSearch, access.Resource{Database: d.ID}, q.Purpose); err != nil {
			return nil, nil, err
		}
		if sc, ok := d.Schema(q.Query.Schema); ok {
			schema = sc
			dbs = append(dbs, d.ID)
		}
	}
	if len(named) == 0 {
		// Nothing searchable: let the decision say why (no purpose, no role…).
		if err := s.audit.Authorize(ctx, p, access.RecordSearch, access.Resource{}, q.Purpose); err != nil {
			return nil, nil, err
		}
	}
	if schema == nil {
		return nil, nil, fault.Field(fault.InvalidField, "query.schema", "none of the databases searched holds %q", q.Query.Schema)
	}
	if n := len(q.Query.Properties["name"]) + len(q.Query.Properties["alias"]) + min(1, len(q.Query.Properties["firstName"])+len(q.Query.Properties["lastName"])); n > maxQueryNames {
		return nil, nil, fault.Field(fault.InvalidField, "query.properties.name", "a query carries at most %d names (name, alias, firstName/lastName)", maxQueryNames)
	}
	for name, vals := range q.Query.Properties {
		if _, ok := schema.Property(name); !ok {
			return nil, nil, fault.Field(fault.InvalidField, "query.properties."+name, "schema %s has no property %q", schema.Name, name)
		}
		if len(vals) > 20 {
			return nil, nil, fault.Field(fault.InvalidField, "query.properties."+name, "at most 20 values")
		}
		for _, v := range vals {
			if len(v) > 500 {
				return nil, nil, fault.Field(fault.InvalidField, "query.properties."+name, "a value has at most 500 bytes")
			}
		}
	}
	return schema, dbs, nil
}

// personQuery builds the name query from FtM person properties.
func personQuery(props map[string][]string) names.Person {
	q := names.Person{
		Names:         slices.Concat(props["name"], props["alias"]),
		BirthDates:    props["birthDate"],
		Nationalities: slices.Concat(props["nationality"], props["country"]),
	}
	if first, last := strings.Join(props["firstName"], " "), strings.Join(props["lastName"], " "); first != "" || last != "" {
		q.Names = append(q.Names, strings.TrimSpace(first+" "+last))
	}
	if g := props["gender"]; len(g) > 0 {
		q.Gender = g[0]
	}
	return q
}

// identifierScore says how well r's identifiers match the query's: exactly
// after normalisation, or through look-alike characters; for travel
// documents the issuing country must agree too.
func identifierScore(schema *records.Schema, r records.Record, query map[string][]string) (float64, []string) {
	best, why := 0.0, []string(nil)
	for _, p := range schema.Properties {
		if p.Type != records.TypeIdentifier {
			continue
		}
		for _, qv := range query[p.Name] {
			qn := index.ExactKey(p.Kind, qv)
			for _, rv := range r.Properties[p.Name] {
				score, how := 0.0, ""
				switch rn := index.ExactKey(p.Kind, rv); {
				case qn != "" && qn == rn:
					score, how = scoreExact, p.Name+" = "+rn
				case qn != "" && index.LookalikeKey(p.Kind, qv) == index.LookalikeKey(p.Kind, rv):
					score, how = scoreLookalike, p.Name+" ≈ "+rn+" (look-alike characters: "+qn+")"
				}
				if score > best {
					best, why = score, []string{how}
				}
			}
		}
	}
	if best == 0 {
		return 0, nil
	}
	if qc, rc := query["country"], r.Properties["country"]; len(qc) > 0 && len(rc) > 0 && !slices.ContainsFunc(qc, func(c string) bool { return slices.Contains(rc, strings.ToUpper(c)) }) {
		return scoreOtherCountry, append(why, "issuing country "+strings.Join(rc, ", ")+", not "+strings.ToUpper(strings.Join(qc, ", ")))
	}
	if len(query["country"]) > 0 {
		why = append(why, "country = "+strings.Join(r.Properties["country"], ", "))
	}
	return best, why
}

// record audits the search and tells each owner outside the searcher's
// bureau of the results it was shown, in one transaction.
func (s *Service) record(ctx context.Context, p access.Principal, q Query, dbs []string, results []Result) error {
	now := s.clock.Now()
	var (
		resources, subjects []string
		hs                  []hits.Hit
	)
	for _, r := range results {
		resources = append(resources, r.Record.ID)
		if !slices.Contains(subjects, r.Record.Owner) {
			subjects = append(subjects, r.Record.Owner)
		}
		if r.Record.Owner != p.Country {
			hs = append(hs, hits.Hit{
				ID: s.ids.New(), RecordID: r.Record.ID, Database: r.Record.Database, Owner: r.Record.Owner,
				Searcher: hits.SearcherOf(p), Purpose: q.Purpose, Score: r.Score, Match: r.Match, Matched: r.Explanation, Time: now,
			})
		}
	}
	slices.Sort(subjects)
	entry := audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.RecordSearch), Resources: resources, Purpose: string(q.Purpose),
		Outcome: audit.OutcomeSuccess, Subjects: subjects,
		Details: map[string]string{"schema": q.Query.Schema, "databases": strings.Join(dbs, ","), "results": strconv.Itoa(len(results))},
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := hits.Insert(ctx, tx, hs); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, entry)
	})
	if err != nil {
		return fmt.Errorf("record search: %w", err)
	}
	s.broker.Publish(ctx, hs)
	return nil
}
