package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/ncbnet/ncbnet/internal/hits/wire"
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
	return listed(r, func(h wire.Hit[json.RawMessage]) string { return h.ID }, func(p member.Page) ([]wire.Hit[json.RawMessage], error) {
		hs, err := s.cfg.Hits.List(r.Context(), principalFrom(r.Context()), r.URL.Query().Get("country"), p.After, p.Limit)
		out := make([]wire.Hit[json.RawMessage], len(hs))
		for i, h := range hs {
			out[i] = h.Wire()
		}
		return out, err
	})
}

// streamHits pushes the hits on a bureau's records as server-sent events
// ("event: hit", the hit as JSON; "confirmation" and "escalation" when a
// check's hit is answered or goes past its deadline unanswered) until the
// client goes away.
func (s *Server) streamHits(w http.ResponseWriter, r *http.Request) {
	ch, cancel, err := s.cfg.Hits.Stream(r.Context(), principalFrom(r.Context()), r.URL.Query().Get("country"), r.Header.Get("Last-Event-ID"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	s.stream(w, r, ": hits of your bureau's records, as they happen\n\n", func(yield func(id, event string, data []byte) bool) {
		for h := range ch {
			b, err := json.Marshal(h.Wire())
			if err != nil || !yield(hitEventID(h.ID, h.AnsweredAt, h.EscalatedAt), hitEvent(h.AnsweredAt, h.EscalatedAt), b) {
				return
			}
		}
	})
}
