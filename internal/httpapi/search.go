package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/search"
)

func (s *Server) search(r *http.Request) (int, any, error) {
	var q search.Query
	if err := decodeJSON(r, &q); err != nil {
		return 0, nil, err
	}
	a, err := s.cfg.Search.Search(r.Context(), principalFrom(r.Context()), q)
	return answer(http.StatusOK, a, err)
}

func (s *Server) listHits(r *http.Request) (int, any, error) {
	return listed(r, func(h hits.Hit) string { return h.ID }, func(p member.Page) ([]hits.Hit, error) {
		return s.cfg.Hits.List(r.Context(), principalFrom(r.Context()), r.URL.Query().Get("country"), p.After, p.Limit)
	})
}

// streamHits pushes the hits on a bureau's records as server-sent events
// ("event: hit", the hit as JSON) until the client goes away.
func (s *Server) streamHits(w http.ResponseWriter, r *http.Request) {
	ch, cancel, err := s.cfg.Hits.Stream(r.Context(), principalFrom(r.Context()), r.URL.Query().Get("country"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": hits of your bureau's records, as they happen\n\n")
	if err := rc.Flush(); err != nil {
		return
	}
	// The heartbeat keeps idle streams (and the proxies between) open, and is
	// when a stream checks that its token is still good.
	tick := time.NewTicker(s.cfg.StreamHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			// A stream lives long: the token that opened it must still be
			// good (not revoked, not expired, its user and unit enabled).
			if _, err := s.cfg.Auth.Authenticate(r.Context(), bearerToken(r)); err != nil {
				fmt.Fprint(w, "event: closed\ndata: the token that opened this stream is no longer valid\n\n")
				_ = rc.Flush()
				return
			}
			fmt.Fprint(w, ": heartbeat\n\n")
		case h, ok := <-ch:
			if !ok {
				return
			}
			b, err := json.Marshal(h)
			if err != nil {
				return
			}
			fmt.Fprintf(w, "id: %s\nevent: hit\ndata: %s\n\n", h.ID, b)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
