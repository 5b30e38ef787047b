package httpapi

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/records"
)

func (s *Server) listDatabases(r *http.Request) (int, any, error) {
	return http.StatusOK, list[*records.Database]{Items: records.Databases()}, nil
}

func (s *Server) getDatabase(r *http.Request) (int, any, error) {
	d, ok := records.DatabaseByID(r.PathValue("db"))
	if !ok {
		return 0, nil, fault.New(fault.NotFound, "no database %q", r.PathValue("db"))
	}
	return http.StatusOK, d, nil
}

func (s *Server) createRecord(r *http.Request) (int, any, error) {
	var req records.NewRecord
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	rec, created, err := s.cfg.Records.Create(r.Context(), principalFrom(r.Context()), r.PathValue("db"), req)
	if err != nil {
		return 0, nil, err
	}
	if !created {
		return http.StatusOK, rec, nil
	}
	return http.StatusCreated, rec, nil
}

func purposeParam(r *http.Request) access.Purpose {
	return access.Purpose(r.URL.Query().Get("purpose"))
}

// listRecordsParams are the parameters a listing of records takes; any
// other, or one given twice, is refused rather than ignored: a filter
// misspelt would otherwise list everything.
var listRecordsParams = []string{"owner", "status", "review_before", "purpose", "limit", "cursor"}

// listRecords lists a database's records: a bureau its own (no purpose
// needed), other bureaus' those the access decision admits for a purpose.
func (s *Server) listRecords(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	for name, vs := range q {
		if !slices.Contains(listRecordsParams, name) {
			return 0, nil, fault.Field(fault.BadParameter, name, "unknown parameter %q: a listing takes %s", clipParam(name), strings.Join(listRecordsParams, ", "))
		}
		if len(vs) > 1 {
			return 0, nil, fault.Field(fault.BadParameter, name, "%s is given %d times: give it once", name, len(vs))
		}
	}
	page, err := pageOf(r)
	if err != nil {
		return 0, nil, err
	}
	lq := records.ListQuery{Owner: q.Get("owner"), Status: records.Status(q.Get("status")), Purpose: purposeParam(r)}
	if v := q.Get("review_before"); v != "" {
		if lq.ReviewBefore, err = dateParam(v); err != nil {
			return 0, nil, fault.Field(fault.BadParameter, "review_before", "review_before is a date (2031-12-31) or an RFC 3339 time, not %q", clipParam(v))
		}
	}
	items, more, err := s.cfg.Records.List(r.Context(), principalFrom(r.Context()), r.PathValue("db"), lq, page.After, page.Limit-1)
	if err != nil {
		return 0, nil, err
	}
	out := list[records.Record]{Items: items}
	if more {
		c := base64.RawURLEncoding.EncodeToString([]byte(items[len(items)-1].ID))
		out.NextCursor = &c
	}
	return http.StatusOK, out, nil
}

// dateParam reads a date (the start of that day, UTC) or an RFC 3339 time.
func dateParam(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, v)
}

// clipParam cuts what a request said short for an error that echoes it.
func clipParam(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// purposeBody is a declared purpose and what it covers.
type purposeBody struct {
	ID      access.Purpose `json:"id"`
	Meaning string         `json:"meaning"`
	// BorderPoint is set when a border point may declare it too.
	BorderPoint bool `json:"border_point"`
}

// listPurposes lists the declared purposes with their meaning.
func (s *Server) listPurposes(r *http.Request) (int, any, error) {
	border := access.PurposesFor(access.KindBorderPoint)
	out := list[purposeBody]{Items: make([]purposeBody, 0, len(access.Purposes))}
	for _, p := range access.Purposes {
		out.Items = append(out.Items, purposeBody{ID: p, Meaning: p.Meaning(), BorderPoint: slices.Contains(border, p)})
	}
	return http.StatusOK, out, nil
}

func (s *Server) getRecord(r *http.Request) (int, any, error) {
	return byID(r, "record", func(id string) (records.Record, error) {
		return s.cfg.Records.Get(r.Context(), principalFrom(r.Context()), id, purposeParam(r))
	})
}

func (s *Server) recordVersions(r *http.Request) (int, any, error) {
	return byID(r, "record", func(id string) (list[records.Version], error) {
		vs, err := s.cfg.Records.Versions(r.Context(), principalFrom(r.Context()), id, purposeParam(r))
		return list[records.Version]{Items: vs}, err
	})
}

func (s *Server) updateRecord(r *http.Request) (int, any, error) {
	var patch records.Patch
	if err := decodeJSON(r, &patch); err != nil {
		return 0, nil, err
	}
	return byID(r, "record", func(id string) (records.Record, error) {
		return s.cfg.Records.Update(r.Context(), principalFrom(r.Context()), id, patch)
	})
}

func (s *Server) deleteRecord(r *http.Request) (int, any, error) {
	recordID, err := pathID(r, "record")
	if err != nil {
		return 0, nil, err
	}
	err = s.cfg.Records.Delete(r.Context(), principalFrom(r.Context()), recordID)
	return answer[any](http.StatusNoContent, nil, err)
}
