// Package search answers POST /api/v1/search: a query in the shape of
// OpenSanctions' /match (a schema and properties) run across one or more
// databases for a declared purpose, through the matching engine
// (internal/match): identifiers match exactly after normalisation
// (look-alike characters as a weaker second key); persons match by name
// across scripts, with birth date, nationality and sex as evidence; the
// searchable text of works of art and incidents by its words. A property
// no kind of match reads is refused (not_searchable), never answered with
// an empty list.
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
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/search/wire"
	"github.com/ncbnet/ncbnet/internal/store"
)

// MatchThreshold is the score from which a result is a match.
const MatchThreshold = match.Threshold

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
	db       *store.DB
	engine   *match.Engine
	audit    Auditor
	disclose *hits.Discloser
	clock    clock.Clock
	ids      id.Source
}

// NewService returns a Service.
func NewService(db *store.DB, engine *match.Engine, auditor Auditor, disclose *hits.Discloser, c clock.Clock, ids id.Source) *Service {
	return &Service{db: db, engine: engine, audit: auditor, disclose: disclose, clock: c, ids: ids}
}

// The search as the API takes and writes it (package wire), with the
// purpose and records as the node holds them.
type (
	// Query is a search request.
	Query = wire.Query[access.Purpose]
	// Result is one record found, with how well it matches and why.
	Result = wire.Result[records.Record]
	// Answer is the answer to a search, best first.
	Answer = wire.Answer[records.Record]
)

// Search runs q for p.
func (s *Service) Search(ctx context.Context, p access.Principal, q Query) (Answer, error) {
	dbs, probes, err := s.scope(ctx, p, &q)
	if err != nil {
		return Answer{}, err
	}
	found, err := s.engine.Run(ctx, match.Request{
		Principal: p, Purpose: q.Purpose, Action: access.RecordSearch, Probes: probes, Results: q.Limit, Now: s.clock.Now(),
	})
	if err != nil {
		return Answer{}, fmt.Errorf("search: %w", err)
	}
	results := make([]Result, 0, min(len(found), q.Limit))
	for _, f := range found[:min(len(found), q.Limit)] {
		isMatch := f.Score >= MatchThreshold
		results = append(results, Result{Record: view(p, f.Record, isMatch), Score: round(f.Score), Match: isMatch, Explanation: f.Why})
	}
	if err := s.record(ctx, p, q, dbs, results); err != nil {
		return Answer{}, err
	}
	return Answer{Items: results}, nil
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// view is a result's record as p may see it: outside the owner's bureau
// without the owner's restrictions and unit, and, for a result that is not a
// match, only the properties that identify (the minimum to judge it by).
func view(p access.Principal, r records.Record, isMatch bool) records.Record {
	r = records.ViewFor(p, r)
	if isMatch || r.Owner == p.Country {
		return r
	}
	schema := match.SchemaOf(r)
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

// scope checks the query, decides which databases it runs on (those named,
// each of which must be allowed, or every database holding the schema that
// p may search) and builds its probes.
func (s *Service) scope(ctx context.Context, p access.Principal, q *Query) ([]string, []match.Probe, error) {
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
	searchable := s.engine.Searchable(schema)
	for name, vals := range q.Query.Properties {
		if _, ok := schema.Property(name); !ok {
			return nil, nil, fault.Field(fault.InvalidField, "query.properties."+name, "schema %s has no property %q", schema.Name, name)
		}
		if !slices.Contains(searchable, name) {
			return nil, nil, fault.Field(fault.NotSearchable, "query.properties."+name, "%s is not searchable in %s: search by %s", name, schema.Name, strings.Join(searchable, ", "))
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
	probes := s.engine.Probes(schema, q.Query.Properties, dbs)
	if len(probes) == 0 {
		return nil, nil, fault.Field(fault.NotSearchable, "query.properties", "nothing in the query to search %s by: give one of %s (the others only weigh)", schema.Name, strings.Join(searchable, ", "))
	}
	return dbs, probes, nil
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
	err := s.disclose.Disclose(ctx, entry, hs)
	if err != nil {
		return fmt.Errorf("record search: %w", err)
	}
	return nil
}
