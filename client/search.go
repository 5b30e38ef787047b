package client

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	hits "github.com/ncbnet/ncbnet/internal/hits/wire"
	search "github.com/ncbnet/ncbnet/internal/search/wire"
)

// The search and hit types, as the API sends and takes them.
type (
	// SearchQuery is a search across databases, in the shape of
	// OpenSanctions' /match query.
	SearchQuery = search.Query[string]
	// SearchResult is one record found.
	SearchResult = search.Result[Record]
	// Hit is one of a bureau's records shown to someone outside it. Source
	// is "search" or "check". A check's hit carries the action the owner
	// asks for and waits for the owner's confirmation; Checked is what the
	// check sent (the items), Referred whether its unit was told to refer
	// to its NCB.
	Hit = hits.Hit[[]CheckItem]
	// Searcher is who was shown the record.
	Searcher = hits.Searcher
)

// Search runs a search; results come best first.
func (c *Client) Search(ctx context.Context, q SearchQuery) ([]SearchResult, error) {
	var a search.Answer[Record]
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
