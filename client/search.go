package client

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// SearchQuery is a search across databases, in the shape of OpenSanctions'
// /match query.
type SearchQuery struct {
	Purpose   string   `json:"purpose"`
	Databases []string `json:"databases,omitempty"`
	Query     struct {
		Schema     string              `json:"schema"`
		Properties map[string][]string `json:"properties"`
	} `json:"query"`
	Limit int `json:"limit,omitempty"`
}

// SearchResult is one record found.
type SearchResult struct {
	Record      Record   `json:"record"`
	Score       float64  `json:"score"`
	Match       bool     `json:"match"`
	Explanation []string `json:"explanation"`
}

// Hit is one of a bureau's records shown to someone outside it.
type Hit struct {
	ID       string `json:"id"`
	RecordID string `json:"record_id"`
	Database string `json:"database"`
	Owner    string `json:"owner"`
	Searcher struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Country  string `json:"country,omitempty"`
		UnitID   string `json:"unit_id"`
		UnitKind string `json:"unit_kind"`
	} `json:"searcher"`
	Purpose string    `json:"purpose"`
	Score   float64   `json:"score"`
	Match   bool      `json:"match"`
	Matched []string  `json:"matched"`
	Time    time.Time `json:"time"`
	// Source is "search" or "check". A check's hit carries the action the
	// owner asks for and waits for the owner's confirmation.
	Source       string     `json:"source"`
	Action       []string   `json:"action,omitempty"`
	Urgency      string     `json:"urgency,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	Confirmation string     `json:"confirmation,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	AnsweredBy   string     `json:"answered_by,omitempty"`
	AnsweredUnit string     `json:"answered_unit,omitempty"`
	Note         string     `json:"note,omitempty"`
	EscalatedAt  *time.Time `json:"escalated_at,omitempty"`
	// Checked is what a check sent (the items), Referred whether its unit
	// was told to refer to its NCB.
	Checked  []CheckItem `json:"checked,omitempty"`
	Referred bool        `json:"referred,omitempty"`
}

// Search runs a search; results come best first.
func (c *Client) Search(ctx context.Context, q SearchQuery) ([]SearchResult, error) {
	var a struct {
		Items []SearchResult `json:"items"`
	}
	return a.Items, c.do(ctx, "POST", "/api/v1/search", nil, q, &a)
}

// Hits lists the hits on a bureau's records ("" for the caller's own).
func (c *Client) Hits(ctx context.Context, country string, o ListOptions) (Page[Hit], error) {
	var p Page[Hit]
	return p, c.do(ctx, "GET", "/api/v1/hits", o.values(countryQuery(country)), nil, &p)
}

// StreamHits opens the live stream of hits on a bureau's records ("" for the
// caller's own): new hits, and a check's hit again when it is answered or
// escalated (see Hit.Confirmation, Hit.EscalatedAt). The channel closes when
// ctx ends or the stream breaks. The client's timeout does not apply to the
// stream.
func (c *Client) StreamHits(ctx context.Context, country string) (<-chan Hit, error) {
	return c.StreamHitsFrom(ctx, country, "")
}

// StreamHitsFrom reopens the stream of hits after the hit lastID (the ID of
// the last hit received): the hits stored since come first, then the live
// ones. The stream ends (the channel closes) when it has sent as many
// missed hits as one connection carries, or when it falls too far behind:
// open it again from the last hit.
func (c *Client) StreamHitsFrom(ctx context.Context, country, lastID string) (<-chan Hit, error) {
	path := "/api/v1/hits/stream"
	if q := countryQuery(country); len(q) > 0 {
		path += "?" + q.Encode()
	}
	return streamOf[Hit](ctx, c, path, hitEvents, lastEventID(lastID))
}

// lastEventID is the header that resumes a stream after an event ("": none).
func lastEventID(id string) http.Header {
	if id == "" {
		return nil
	}
	return http.Header{"Last-Event-Id": {id}}
}

// hitEvents are the events of the streams of hits.
var hitEvents = []string{"hit", "confirmation", "escalation"}

// streamOf opens a server-sent event stream whose events of these names
// carry T as JSON.
func streamOf[T any](ctx context.Context, c *Client, path string, events []string, header http.Header) (<-chan T, error) {
	streaming := *c
	h := *c.http
	h.Timeout = 0
	streaming.http = &h
	resp, err := streaming.sendWith(ctx, "GET", path, "", nil, header)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		defer resp.Body.Close()
		return nil, readError(resp)
	}
	out := make(chan T, 16)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && slices.Contains(events, event):
				var v T
				if json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &v) == nil {
					select {
					case out <- v:
					case <-ctx.Done():
						return
					}
				}
			case line == "":
				event = ""
			}
		}
	}()
	return out, nil
}
