package app

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/atomicfile"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/httpapi"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/screening"
	"github.com/ncbnet/ncbnet/internal/screening/edge"
)

// EdgeConfig is what an edge node needs: the central node to follow (its
// URL and a token of the border point's unit), the audit verifier key the
// copies must be signed with, and a data folder of its own.
type EdgeConfig struct {
	Server, Token string
	VerifierKey   string
	DataDir       string
	// LocalToken, when set, is the bearer token the local checks API asks
	// of its callers (the desks' software); without it the API answers
	// whoever reaches it, and must listen on loopback only (EdgeListen).
	LocalToken string
	Logger     *slog.Logger
	Clock      clock.Clock
}

// EdgeListen refuses an address for the local checks API that others than
// the machine itself could reach while no local token is set.
func EdgeListen(addr net.Addr, localToken string) error {
	tcp, ok := addr.(*net.TCPAddr)
	if localToken != "" || ok && tcp.IP.IsLoopback() {
		return nil
	}
	return fmt.Errorf("edge: the local checks API on %s could be reached from the network: set a local token (NCBNET_EDGE_LOCAL_TOKEN or --local-token-file), or listen on a loopback address", addr)
}

// localAuth lets through the requests that carry the local token, compared
// in constant time; none is asked when there is no token.
func localAuth(token string, h http.Handler) http.Handler {
	if token == "" {
		return h
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ncbnet edge"`)
			httpapi.WriteError(w, r, nil, fault.New(fault.Unauthenticated, "send the edge node's local token: Authorization: Bearer <token>"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// EdgeNode answers checks at a remote border point from its signed offline
// copy, keeps it current when the link is up (a delta, or a snapshot when
// the central node cannot make one) and uploads the hits made offline.
type EdgeNode struct {
	cfg      EdgeConfig
	central  *client.Client
	verifier note.Verifier
	queue    *edge.Queue

	mu      sync.RWMutex // guards copy and offline
	copy    *edge.Copy
	offline *screening.Offline
}

// OpenEdge opens an edge node's data folder: its copy, if it has one yet,
// and its queue of hits not yet uploaded.
func OpenEdge(cfg EdgeConfig) (*EdgeNode, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	v, err := note.NewVerifier(cfg.VerifierKey)
	if err != nil {
		return nil, fmt.Errorf("edge: the verifier key is not a note verifier key: %w", err)
	}
	c, err := client.New(cfg.Server, client.WithToken(cfg.Token))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(cfg.DataDir, "copy"), 0o700); err != nil {
		return nil, fmt.Errorf("edge: %w", err)
	}
	q, err := edge.OpenQueue(filepath.Join(cfg.DataDir, "hits.queue"))
	if err != nil {
		return nil, fmt.Errorf("edge: %w", err)
	}
	n := &EdgeNode{cfg: cfg, central: c, verifier: v, queue: q}
	if key, err := os.ReadFile(n.keyFile()); err == nil {
		if err := n.openCopy(key); err != nil {
			q.Close()
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		q.Close()
		return nil, fmt.Errorf("edge: %w", err)
	}
	return n, nil
}

func (n *EdgeNode) keyFile() string { return filepath.Join(n.cfg.DataDir, "copy.key") }

func (n *EdgeNode) openCopy(key []byte) error {
	cp, err := edge.Open(filepath.Join(n.cfg.DataDir, "copy"), n.verifier, key)
	if err != nil {
		return fmt.Errorf("edge: %w", err)
	}
	n.mu.Lock()
	n.copy = cp
	n.offline = &screening.Offline{Copy: cp, Queue: n.queue, IDs: id.NewGenerator(n.cfg.Clock, nil), Clock: n.cfg.Clock}
	n.mu.Unlock()
	return nil
}

// Close closes the queue.
func (n *EdgeNode) Close() error { return n.queue.Close() }

// Seq returns the sequence of the copy held, 0 without one.
func (n *EdgeNode) Seq() uint64 {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.copy == nil {
		return 0
	}
	return n.copy.Seq()
}

// Sync brings the copy up to date (a delta when the central node holds the
// copy this node has, else a snapshot), then uploads the hits made offline.
func (n *EdgeNode) Sync(ctx context.Context) error {
	if err := n.refresh(ctx); err != nil {
		return err
	}
	return n.upload(ctx)
}

func (n *EdgeNode) refresh(ctx context.Context) error {
	if seq := n.Seq(); seq > 0 {
		d, err := n.central.EdgeDelta(ctx, seq)
		var ae *client.Error
		switch {
		case err == nil:
			n.mu.RLock()
			err = n.copy.Apply(d.Body)
			n.mu.RUnlock()
			if err == nil {
				return nil
			}
			n.cfg.Logger.Warn("edge: a delta was refused; fetching a snapshot", "err", err)
		case errors.As(err, &ae) && ae.Status == http.StatusConflict:
		default:
			return fmt.Errorf("edge: fetch delta: %w", err)
		}
	}
	s, err := n.central.EdgeSnapshot(ctx)
	if err != nil {
		return fmt.Errorf("edge: fetch snapshot: %w", err)
	}
	if len(s.Key) != edge.KeySize {
		return fmt.Errorf("edge: the snapshot's key has %d bytes, not %d", len(s.Key), edge.KeySize)
	}
	n.mu.RLock()
	cp := n.copy
	n.mu.RUnlock()
	first := cp == nil
	if first {
		if err := n.openCopy(s.Key); err != nil {
			return err
		}
		n.mu.RLock()
		cp = n.copy
		n.mu.RUnlock()
	}
	if err := cp.Replace(s.Body); err != nil {
		if first {
			n.mu.Lock()
			n.copy, n.offline = nil, nil
			n.mu.Unlock()
		}
		return fmt.Errorf("edge: snapshot refused: %w", err)
	}
	// The key is kept once a copy made with it holds.
	if first {
		if err := atomicfile.Write(n.keyFile(), s.Key); err != nil {
			return fmt.Errorf("edge: keep key: %w", err)
		}
	}
	return nil
}

func (n *EdgeNode) upload(ctx context.Context) error {
	pending, err := n.queue.Pending()
	if err != nil || len(pending) == 0 {
		return err
	}
	for start := 0; start < len(pending); start += 1000 {
		part := pending[start:min(start+1000, len(pending))]
		up := make([]client.EdgeHit, len(part))
		for i, h := range part {
			up[i] = client.EdgeHit{ID: h.ID, RecordID: h.RecordID, Database: h.Database, Owner: h.Owner, Kind: h.Kind, Time: h.Time, Matched: h.Matched, Purpose: h.Purpose}
		}
		accepted, err := n.central.UploadEdgeHits(ctx, up)
		if err != nil {
			return fmt.Errorf("edge: upload hits: %w", err)
		}
		// Those the central node did not take (a record since deleted or
		// withdrawn) will not be taken later either.
		done := make([]string, len(part))
		for i, h := range part {
			done[i] = h.ID
		}
		if err := n.queue.Remove(done); err != nil {
			return fmt.Errorf("edge: %w", err)
		}
		if len(accepted) < len(part) {
			n.cfg.Logger.Warn("edge: the central node did not take some offline hits (records gone or withdrawn)", "sent", len(part), "taken", len(accepted))
		}
	}
	return nil
}

// Handler serves the local checks API: POST /api/v1/checks in the central
// node's shape (documents, MRZs, vehicles, firearms, vessels), and
// GET /healthz with the copy's sequence and the hits waiting.
func (n *EdgeNode) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/checks", localAuth(n.cfg.LocalToken, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.RLock()
		off := n.offline
		n.mu.RUnlock()
		if off == nil {
			httpapi.WriteError(w, r, n.cfg.Logger, fault.New(fault.Unavailable, "this edge node has no copy yet: it needs the link once"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		var req screening.Request
		if err := httpapi.DecodeJSON(r, &req); err != nil {
			httpapi.WriteError(w, r, n.cfg.Logger, err)
			return
		}
		a, err := off.Check(r.Context(), req)
		if err != nil {
			httpapi.WriteError(w, r, n.cfg.Logger, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(a)
	})))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		pending, err := n.queue.Pending()
		if err != nil {
			httpapi.WriteError(w, r, n.cfg.Logger, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"seq": n.Seq(), "pending_hits": len(pending)})
	})
	return mux
}

// Run serves the local API on ln and syncs every interval until ctx ends;
// a sync that fails (no link) is logged and tried again at the next one.
func (n *EdgeNode) Run(ctx context.Context, ln net.Listener, every time.Duration) error {
	if err := EdgeListen(ln.Addr(), n.cfg.LocalToken); err != nil {
		return err
	}
	srv := &http.Server{Handler: n.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := n.Sync(ctx); err != nil && ctx.Err() == nil {
			n.cfg.Logger.Warn("edge: sync failed; answering from the copy held", "seq", n.Seq(), "err", err)
		}
		select {
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return srv.Shutdown(shut)
		case err := <-errc:
			return fmt.Errorf("edge: serve: %w", err)
		case <-t.C:
		}
	}
}
