package httpapi

import (
	"net/http"

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
