package httpapi

import (
	"mime"
	"net/http"
	"strings"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/records"
)

// importFormats maps the media types an import is sent as to its format.
var importFormats = map[string]records.Format{
	"application/x-ndjson": records.FormatNDJSON,
	"text/csv":             records.FormatCSV,
}

// importFormat reads the format of an import from its Content-Type.
func importFormat(contentType string) (records.Format, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if f, ok := importFormats[mt]; ok && err == nil {
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			return "", fault.New(fault.UnsupportedMedia, "an import is UTF-8 text, not %s", cs)
		}
		return f, nil
	}
	if contentType == "" {
		contentType = "none"
	}
	return "", fault.New(fault.UnsupportedMedia, "send Content-Type: application/x-ndjson (one record a line) or text/csv (a header row, then one record a row), not %s", contentType)
}

// importRecords streams an NDJSON or CSV body into a database: 201 with the
// report when records were created, 200 when none were (all existing or
// rejected). A bad line does not fail the request: it is in the report.
func (s *Server) importRecords(r *http.Request) (int, any, error) {
	format, err := importFormat(r.Header.Get("Content-Type"))
	if err != nil {
		return 0, nil, err
	}
	ctx := r.Context()
	db := r.PathValue("db")
	rep, err := s.cfg.Records.Import(ctx, principalFrom(ctx), db, format, r.Body, func(p records.ImportProgress) {
		s.logger.DebugContext(ctx, "import progress", "request_id", requestID(ctx), "import_id", p.ImportID, "database", db,
			"lines", p.Lines, "created", p.Created, "existing", p.Existing, "rejected", p.Rejected, "bytes", p.Bytes)
	})
	if err != nil {
		return 0, nil, err
	}
	s.logger.InfoContext(ctx, "import", "request_id", requestID(ctx), "import_id", rep.ImportID, "database", db,
		"lines", rep.Lines, "created", rep.Created, "existing", rep.Existing, "rejected", rep.Rejected)
	if rep.Created > 0 {
		return http.StatusCreated, rep, nil
	}
	return http.StatusOK, rep, nil
}

// The import route's bodies in the OpenAPI document.
var (
	importRequestBody = obj{"required": true, "content": obj{
		"application/x-ndjson": obj{"schema": str("one record request a line, as POST /records takes it ({\"key\",\"schema\",\"properties\",\"restrictions\",\"review_at\"}) with key required; blank lines are skipped; at most 1 MiB a line")},
		"text/csv":             obj{"schema": str("a header row naming the columns (key; schema, unless the database holds one schema; one column per property, multiple values separated by ';', free text kept whole; review_at; restrictions.countries, restrictions.excluded_countries, restrictions.unit_kinds (lists separated by ';'), restrictions.ncb_only (true/false)), then one record a row (RFC 4180); at most 1 MiB a record")},
	}}
	importReportSchema = object([]string{"import_id", "lines", "created", "existing", "rejected", "errors"}, obj{
		"import_id": str("the import's ID: the audit entries of its batches name it"),
		"lines":     obj{"type": "integer", "description": "records read: created + existing + rejected"},
		"created":   obj{"type": "integer"},
		"existing":  obj{"type": "integer", "description": "already there with the same key and content (an import sent again)"},
		"rejected":  obj{"type": "integer", "description": "lines refused; nothing of them was written"},
		"errors": arrayOf(object([]string{"line", "code", "message"}, obj{
			"line": obj{"type": "integer"}, "field": str("the field at fault, when there is one"),
			"code": strEnum(enumOf(fault.Codes())), "message": str(""),
		})),
	})
)
