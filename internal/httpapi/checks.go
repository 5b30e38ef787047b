package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/screening"
	"github.com/ncbnet/ncbnet/internal/screening/edge"
	"github.com/ncbnet/ncbnet/internal/screening/mrz"
)

func (s *Server) check(r *http.Request) (int, any, error) {
	var q screening.Request
	err := decodeJSONFast(r, &q, func(body []byte) (ok bool) {
		q, ok = screening.DecodeRequest(body)
		return ok
	})
	if err != nil {
		return 0, nil, err
	}
	a, err := s.cfg.Screening.Check(r.Context(), principalFrom(r.Context()), q)
	return answer(http.StatusOK, a, err)
}

// parseMRZ reads an MRZ: 200 with valid false when a check digit fails,
// 422 when the text is not an MRZ at all. Nothing is looked up or kept.
func (s *Server) parseMRZ(r *http.Request) (int, any, error) {
	var q struct {
		MRZ string `json:"mrz"`
	}
	if err := decodeJSON(r, &q); err != nil {
		return 0, nil, err
	}
	if q.MRZ == "" {
		return 0, nil, fault.Field(fault.MissingField, "mrz", "mrz holds the zone's lines, separated by \\n")
	}
	res, err := mrz.Parse(q.MRZ, s.clock.Now())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, res.Wire(), nil
}

func (s *Server) confirmHit(r *http.Request) (int, any, error) {
	var c hits.Answer
	if err := decodeJSON(r, &c); err != nil {
		return 0, nil, err
	}
	h, err := s.cfg.Hits.Confirm(r.Context(), principalFrom(r.Context()), r.PathValue("id"), c)
	return answer(http.StatusOK, h, err)
}

func (s *Server) listCheckedHits(r *http.Request) (int, any, error) {
	return listed(r, func(h screening.CheckedHit) string { return h.HitID }, func(p member.Page) ([]screening.CheckedHit, error) {
		return s.cfg.Screening.Checked(r.Context(), principalFrom(r.Context()), p.After, p.Limit)
	})
}

// streamCheckedHits pushes the hits of the caller's checks, and each
// answer and escalation of them, as server-sent events until the client
// goes away.
func (s *Server) streamCheckedHits(w http.ResponseWriter, r *http.Request) {
	ch, cancel, err := s.cfg.Screening.FollowChecked(r.Context(), principalFrom(r.Context()), r.Header.Get("Last-Event-ID"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	s.stream(w, r, ": the hits of your checks and their confirmation, as they happen\n\n", func(yield func(id, event string, data []byte) bool) {
		for h := range ch {
			b, err := json.Marshal(h)
			if err != nil || !yield(hitEventID(h.HitID, h.AnsweredAt, h.EscalatedAt), hitEvent(h.AnsweredAt, h.EscalatedAt), b) {
				return
			}
		}
	})
}

// hitEventID is the event ID of a pushed hit: a new hit's ID, which a
// reconnecting client sends back (Last-Event-ID) to get the hits stored
// since; an answer or escalation of an older hit has none, so that it does
// not move the client's place back.
func hitEventID(id string, answered, escalated *time.Time) string {
	if answered != nil || escalated != nil {
		return ""
	}
	return id
}

// hitEvent names what a pushed hit tells: a new hit, an answer to it, or
// its escalation past the deadline.
func hitEvent(answered, escalated *time.Time) string {
	switch {
	case answered != nil:
		return "confirmation"
	case escalated != nil:
		return "escalation"
	}
	return "hit"
}

// stream writes server-sent events from events until the client goes away
// or the token that opened the stream is no longer good. The heartbeat keeps
// idle streams (and the proxies between) open, and is when the stream
// checks the token.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, greeting string, events func(yield func(id, event string, data []byte) bool)) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, greeting)
	if err := rc.Flush(); err != nil {
		return
	}
	type ev struct {
		id, event string
		data      []byte
	}
	ch := make(chan ev)
	done := make(chan struct{})
	defer close(done)
	// When the events end (their source closed), so does the stream.
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		events(func(id, event string, data []byte) bool {
			select {
			case ch <- ev{id, event, data}:
				return true
			case <-done:
				return false
			}
		})
	}()
	tick := time.NewTicker(s.cfg.StreamHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-finished:
			return
		case <-tick.C:
			if _, err := s.cfg.Auth.Authenticate(r.Context(), bearerToken(r)); err != nil {
				fmt.Fprint(w, "event: closed\ndata: the token that opened this stream is no longer valid\n\n")
				_ = rc.Flush()
				return
			}
			fmt.Fprint(w, ": heartbeat\n\n")
		case e := <-ch:
			// An event without an id leaves the client's last event ID
			// (what it sends back on reconnecting) where it was.
			if e.id != "" {
				fmt.Fprintf(w, "id: %s\n", e.id)
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.event, e.data)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// screenManifest screens a manifest sent as JSON ({"purpose","voyage","rows"})
// or as CSV with a header line (Content-Type text/csv; ?purpose= and
// ?voyage= in the query).
func (s *Server) screenManifest(r *http.Request) (int, any, error) {
	var m screening.Manifest
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "text/csv" {
		rows, err := screening.ReadManifestCSV(r.Body)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return 0, nil, decodeError(err)
		}
		if err != nil {
			return 0, nil, err
		}
		m = screening.Manifest{Purpose: r.URL.Query().Get("purpose"), Voyage: r.URL.Query().Get("voyage"), Rows: rows}
	} else if err := decodeJSON(r, &m); err != nil {
		return 0, nil, err
	}
	a, err := s.cfg.Screening.Screen(r.Context(), principalFrom(r.Context()), m)
	return answer(http.StatusOK, a, err)
}

// manifestRow describes a row as JSON. Its fields may also go by the other
// names the screener knows (manifestColumnsDoc); any other field refuses the
// manifest, so that none is screened without one of its columns.
var manifestRow = func() obj {
	o := object(nil, obj{
		"reference": str("the carrier's reference (seat, PNR), echoed back"), "name": str("the traveller's whole name"),
		"surname": str("the name in parts, instead of name"), "given_names": str("the name in parts, instead of name"), "middle_names": str("the name in parts, instead of name"),
		"birthDate": str("YYYY-MM-DD"), "nationality": str("ISO3"), "gender": str("male, female, other"),
		"documentNumber": str(""), "documentCountry": str("ISO3 of the issuing country"), "documentType": str("ICAO 9303 code"),
	})
	o["additionalProperties"] = obj{"type": "string"}
	o["description"] = manifestColumnsDoc()
	return o
}()

// manifestSchema describes a manifest as JSON; as CSV (text/csv) it is a
// header line naming the same columns, with ?purpose= in the query.
var manifestSchema = object([]string{"purpose", "rows"}, obj{
	"purpose": str("one of the declared purposes"), "voyage": str("flight or sailing, for the audit"), "rows": arrayOf(manifestRow),
})

var manifestAnswerSchema = object([]string{"rows", "summary"}, obj{
	"rows": arrayOf(object([]string{"row", "outcome", "hits"}, obj{
		"row": obj{"type": "integer", "description": "1-based"}, "reference": str(""), "outcome": strEnum([]string{screening.OutcomeHit, screening.OutcomeNoHit, screening.OutcomeRefer, screening.OutcomeError}),
		"hits": arrayOf(ref("CheckHit")),
		"refer": object([]string{"hit_ids", "message"}, obj{
			"hit_ids": arrayOf(str("the hits your NCB finds among its checks' hits")), "message": str("contact your NCB"),
		}),
		"error": object([]string{"field", "message"}, obj{"field": str(""), "message": str("")}),
	})),
	"summary": object([]string{"rows", "hits", "errors", "referred"}, obj{
		"rows": obj{"type": "integer"}, "hits": obj{"type": "integer"}, "errors": obj{"type": "integer"},
		"referred": obj{"type": "integer", "description": "rows to refer to your NCB"},
	}),
})

// edgeSnapshot serves the signed offline copy of the first-line identifiers
// the caller may check, with the key its identifiers are hashed under
// (Ncbnet-Edge-Key, base64) and its sequence (Ncbnet-Edge-Seq).
func (s *Server) edgeSnapshot(w http.ResponseWriter, r *http.Request) {
	c, err := s.cfg.Screening.EdgeSnapshot(r.Context(), principalFrom(r.Context()))
	s.writeEdgeCopy(w, r, c, err)
}

// edgeDelta serves the signed delta from the copy at ?from=.
func (s *Server) edgeDelta(w http.ResponseWriter, r *http.Request) {
	from, err := strconv.ParseUint(r.URL.Query().Get("from"), 10, 64)
	if err != nil {
		s.writeError(w, r, fault.Field(fault.BadParameter, "from", "from is the sequence of the copy held"))
		return
	}
	c, err := s.cfg.Screening.EdgeDelta(r.Context(), principalFrom(r.Context()), from)
	s.writeEdgeCopy(w, r, c, err)
}

func (s *Server) writeEdgeCopy(w http.ResponseWriter, r *http.Request, c screening.EdgeCopy, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Ncbnet-Edge-Key", base64.StdEncoding.EncodeToString(c.Key))
	w.Header().Set("Ncbnet-Edge-Seq", strconv.FormatUint(c.Seq, 10))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(c.Body)
}

// edgeHits takes the hits an edge node made offline: the IDs it may forget,
// and those of them dropped with why; an upload that does not pass is a 422
// naming the hit's field, and stores nothing.
func (s *Server) edgeHits(r *http.Request) (int, any, error) {
	var in struct {
		Hits []edge.Hit `json:"hits"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	up, err := s.cfg.Screening.EdgeHits(r.Context(), principalFrom(r.Context()), in.Hits)
	return answer(http.StatusOK, up, err)
}
