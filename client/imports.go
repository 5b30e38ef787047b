package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// ImportError is one line an import refused, and why.
type ImportError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ImportReport is what an import did: Lines = Created + Existing +
// Rejected; Errors lists the first 1000 rejected lines.
type ImportReport struct {
	ImportID string        `json:"import_id"`
	Lines    int           `json:"lines"`
	Created  int           `json:"created"`
	Existing int           `json:"existing"`
	Rejected int           `json:"rejected"`
	Errors   []ImportError `json:"errors"`
}

// importTypes are the media types of the import formats.
var importTypes = map[string]string{
	"ndjson": "application/x-ndjson",
	"csv":    "text/csv",
}

// Import streams records into a database: format is "ndjson" (one record
// request a line, each with a key) or "csv" (a header row, then one record
// a row). The body is sent as it is read, never held in memory. An import
// may take long: it is bound by ctx, not by the client's timeout. Sending
// the same file again resumes an interrupted import (lines already
// imported count as existing).
func (c *Client) Import(ctx context.Context, database, format string, r io.Reader) (ImportReport, error) {
	ct, ok := importTypes[format]
	if !ok {
		return ImportReport{}, fmt.Errorf("import: format %q is neither ndjson nor csv", format)
	}
	path := "/api/v1/databases/" + url.PathEscape(database) + "/imports"
	req, err := http.NewRequestWithContext(ctx, "POST", c.base.String()+path, io.NopCloser(r))
	if err != nil {
		return ImportReport{}, fmt.Errorf("POST %s: %w", path, err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	long := *c.http
	long.Timeout = 0
	resp, err := long.Do(req)
	if err != nil {
		return ImportReport{}, fmt.Errorf("POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return ImportReport{}, readError(resp)
	}
	var rep ImportReport
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
		return ImportReport{}, fmt.Errorf("POST %s: decode answer: %w", path, err)
	}
	return rep, nil
}
