package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/member"
	"golang.org/x/mod/sumdb/tlog"
)

// auditCheckpoint serves the latest signed checkpoint as a C2SP
// tlog-checkpoint signed note, readable by standard transparency-log tools.
func (s *Server) auditCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp, err := s.cfg.Audit.Checkpoint(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(cp.Note)
}

// auditKey serves the note verifier key that checkpoints verify against.
func (s *Server) auditKey(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(s.cfg.Audit.VerifierKey() + "\n"))
}

func intParam(r *http.Request, name string, required bool) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		if required {
			return 0, fault.Field(fault.BadParameter, name, "%s is required", name)
		}
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fault.Field(fault.BadParameter, name, "%s must be a whole number, 0 or more", name)
	}
	return n, nil
}

func timeParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fault.Field(fault.BadParameter, name, "%s must be an RFC 3339 time", name)
	}
	return t.UTC(), nil
}

func auditFilter(r *http.Request, page member.Page) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), Actor: q.Get("actor"), Resource: q.Get("resource"), Outcome: audit.Outcome(q.Get("outcome")), Limit: page.Limit}
	if c := q.Get("country"); c != "" {
		if !member.ValidISO3(c) {
			return audit.Filter{}, fault.Field(fault.BadParameter, "country", "%q is not an ISO 3166-1 alpha-3 code", c)
		}
		f.Countries = []string{c}
	}
	if f.Outcome != "" && !f.Outcome.Valid() {
		return audit.Filter{}, fault.Field(fault.BadParameter, "outcome", "outcome is success, denied or failure")
	}
	var err error
	if f.Since, err = timeParam(r, "since"); err != nil {
		return audit.Filter{}, err
	}
	if f.Until, err = timeParam(r, "until"); err != nil {
		return audit.Filter{}, err
	}
	if page.After != "" {
		if f.Before, err = strconv.ParseInt(page.After, 10, 64); err != nil || f.Before <= 0 {
			return audit.Filter{}, fault.Field(fault.BadParameter, "cursor", "cursor is not one this API gave out")
		}
	}
	return f, nil
}

func (s *Server) auditEntries(r *http.Request) (int, any, error) {
	page, err := pageOf(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := auditFilter(r, page)
	if err != nil {
		return 0, nil, err
	}
	items, err := s.cfg.Audit.Read(r.Context(), principalFrom(r.Context()), f)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, pageAnswer(items, page, func(e audit.Entry) string { return strconv.FormatInt(e.Seq, 10) }), nil
}

func seqParam(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || n < 0 {
		return 0, fault.New(fault.NotFound, "no audit entry %q", r.PathValue("seq"))
	}
	return n, nil
}

func (s *Server) auditEntry(r *http.Request) (int, any, error) {
	seq, err := seqParam(r)
	if err != nil {
		return 0, nil, err
	}
	e, _, err := s.cfg.Audit.ReadEntry(r.Context(), principalFrom(r.Context()), seq)
	return answer(http.StatusOK, e, err)
}

// inclusionBody and consistencyBody are the JSON of the proofs; the client
// SDK's InclusionProof and ConsistencyProof read them.
type inclusionBody struct {
	Seq      int64    `json:"seq"`
	TreeSize int64    `json:"tree_size"`
	Leaf     []byte   `json:"leaf"`
	LeafHash []byte   `json:"leaf_hash"`
	Proof    [][]byte `json:"proof"`
}

type consistencyBody struct {
	From  int64    `json:"from"`
	To    int64    `json:"to"`
	Proof [][]byte `json:"proof"`
}

func hashes(hs []tlog.Hash) [][]byte {
	out := make([][]byte, len(hs))
	for i := range hs {
		out[i] = hs[i][:]
	}
	return out
}

func (s *Server) auditInclusion(r *http.Request) (int, any, error) {
	seq, err := intParam(r, "seq", true)
	if err != nil {
		return 0, nil, err
	}
	size, err := intParam(r, "size", false)
	if err != nil {
		return 0, nil, err
	}
	p, err := s.cfg.Audit.ProveInclusion(r.Context(), principalFrom(r.Context()), seq, size)
	if err != nil {
		return 0, nil, err
	}
	lh := tlog.RecordHash(p.Leaf)
	return http.StatusOK, inclusionBody{Seq: seq, TreeSize: p.TreeSize, Leaf: p.Leaf, LeafHash: lh[:], Proof: hashes(p.Proof)}, nil
}

func (s *Server) auditConsistency(r *http.Request) (int, any, error) {
	from, err := intParam(r, "from", true)
	if err != nil {
		return 0, nil, err
	}
	to, err := intParam(r, "to", true)
	if err != nil {
		return 0, nil, err
	}
	proof, size, err := s.cfg.Audit.ConsistencyProof(r.Context(), from, to)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, consistencyBody{From: from, To: size, Proof: hashes(proof)}, nil
}
