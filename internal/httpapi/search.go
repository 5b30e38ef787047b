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

// heartbeat keeps idle streams (and the proxies between) open.
const heartbeat = 15 * time.Second

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
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
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
