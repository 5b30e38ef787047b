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
	"sync/atomic"
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
// the central node cannot make one), and uploads each hit made offline at
// once (its uploader goroutine), or at the next sync when the link is down.
// The items the copy cannot answer (persons) it passes to the central node.
//
// Lifecycle: OpenEdge starts the uploader; Close stops it, then closes the
// queues. Sync and the uploader's uploads take uploadMu in turn.
type EdgeNode struct {
	cfg      EdgeConfig
	central  *client.Client
	verifier note.Verifier
	queue    *edge.Queue
	// refused keeps the hits the central node refused for good (a 422
	// naming them), out of the way of the others and never uploaded again:
	// they are logged, and kept for an operator to look into.
	refused *edge.Queue

	mu      sync.RWMutex // guards copy and offline
	copy    *edge.Copy
	offline *screening.Offline

	uploadMu  sync.Mutex    // one upload at a time
	kick      chan struct{} // a hit was queued: upload now
	stop      context.CancelFunc
	done      chan struct{} // closed when the uploader has returned
	closeOnce sync.Once
	// linkDownUntil (Unix nanoseconds): the central node did not answer
	// lately, and checks do not wait for it again before then.
	linkDownUntil atomic.Int64
}

// Waits on the central node. A check the desk waits for asks it for at most
// forwardTimeout, and forwardPerItem more for each item (a batch of persons
// takes the central node longer than one); after it failed to answer,
// checks do not ask it again for linkRetry (a sync or an upload that gets
// through ends that sooner).
const (
	forwardTimeout = 5 * time.Second
	forwardPerItem = 20 * time.Millisecond
	linkRetry      = 30 * time.Second
	// uploadPart is the most hits sent in one upload (the central node's
	// limit).
	uploadPart = 1000
)

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
	refused, err := edge.OpenQueue(filepath.Join(cfg.DataDir, "hits.refused"))
	if err != nil {
		q.Close()
		return nil, fmt.Errorf("edge: %w", err)
	}
	n := &EdgeNode{cfg: cfg, central: c, verifier: v, queue: q, refused: refused, kick: make(chan struct{}, 1), done: make(chan struct{})}
	key, err := os.ReadFile(n.keyFile())
	switch {
	case err == nil:
		err = n.openCopy(key)
	case errors.Is(err, os.ErrNotExist):
		err = nil // no copy yet: the first sync brings one
	default:
		err = fmt.Errorf("edge: %w", err)
	}
	if err != nil {
		q.Close()
		refused.Close()
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	n.stop = stop
	go n.uploader(ctx)
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
	n.offline = &screening.Offline{Copy: cp, Queue: n.queue, IDs: id.NewGenerator(n.cfg.Clock, nil), Clock: n.cfg.Clock,
		Central: centralChecks{n}, Queued: n.uploadNow}
	n.mu.Unlock()
	return nil
}

// Close stops the uploader (an upload under way is cut short: its hits stay
// queued) and closes the queues.
func (n *EdgeNode) Close() error {
	n.closeOnce.Do(func() {
		n.stop()
		<-n.done
	})
	return errors.Join(n.queue.Close(), n.refused.Close())
}

// uploadNow asks the uploader to upload the hits queued, without waiting.
func (n *EdgeNode) uploadNow() {
	select {
	case n.kick <- struct{}{}:
	default: // an upload is asked for already, and takes this hit too
	}
}

// uploader uploads the hits queued each time it is asked, until ctx ends.
// An upload that fails (no link) leaves them queued for the next sync.
func (n *EdgeNode) uploader(ctx context.Context) {
	defer close(n.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.kick:
		}
		if err := n.upload(ctx); err != nil && ctx.Err() == nil {
			n.cfg.Logger.Info("edge: offline hits kept for the next sync", "err", err)
		}
	}
}

// linkDown reports whether the central node failed to answer lately.
func (n *EdgeNode) linkDown() bool {
	return n.cfg.Clock.Now().UnixNano() < n.linkDownUntil.Load()
}

// noteLink records what a call to the central node said of the link: an
// answer, even a refusal, means it is up; no answer, or the answer of a
// proxy or an ailing node (5xx), that it is down for now.
func (n *EdgeNode) noteLink(err error) {
	var ae *client.Error
	if err == nil || errors.As(err, &ae) && ae.Status < 500 {
		n.linkDownUntil.Store(0)
		return
	}
	n.linkDownUntil.Store(n.cfg.Clock.Now().Add(linkRetry).UnixNano())
}

// errLinkDown answers a check while the central node is known not to.
var errLinkDown = errors.New("edge: the central node did not answer lately")

// centralChecks has the central node check, in the border point's name,
// the items the copy cannot answer.
type centralChecks struct{ n *EdgeNode }

func (c centralChecks) Check(ctx context.Context, req screening.Request) (screening.Answer, error) {
	n := c.n
	if n.linkDown() {
		return screening.Answer{}, errLinkDown
	}
	ctx, cancel := context.WithTimeout(ctx, forwardTimeout+time.Duration(len(req.Items))*forwardPerItem)
	defer cancel()
	var a screening.Answer
	err := n.central.EdgeCheck(ctx, req, &a)
	n.noteLink(err)
	if err != nil {
		n.cfg.Logger.Warn("edge: the central node did not check the items that need it: they are answered not-checked", "items", len(req.Items), "err", err)
		return screening.Answer{}, err
	}
	return a, nil
}

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
	n.mu.RLock()
	made := n.copy.Created()
	n.mu.RUnlock()
	// A copy just made that this node's clock dates from the future: the
	// hits it makes would be dated before their copy, and refused.
	if ahead := made.Sub(n.cfg.Clock.Now()); ahead > time.Minute {
		n.cfg.Logger.Warn("edge: this node's clock is behind the central node's: set it, or the central node will refuse the hits made offline", "behind", ahead.Round(time.Second))
	}
	return n.upload(ctx)
}

func (n *EdgeNode) refresh(ctx context.Context) error {
	if seq := n.Seq(); seq > 0 {
		d, err := n.central.EdgeDelta(ctx, seq)
		n.noteLink(err)
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
	n.noteLink(err)
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

// upload sends the hits queued, in parts, until none is left. A hit the
// central node refuses for good (a 422 naming it) is set aside, so that it
// does not hold the others back; any other failure leaves the queue as it
// is, for the next try.
func (n *EdgeNode) upload(ctx context.Context) error {
	n.uploadMu.Lock()
	defer n.uploadMu.Unlock()
	for {
		pending, err := n.queue.Pending()
		if err != nil || len(pending) == 0 {
			return err
		}
		part := pending[:min(len(pending), uploadPart)]
		up := make([]client.EdgeHit, len(part))
		for i, h := range part {
			up[i] = client.EdgeHit{ID: h.ID, RecordID: h.RecordID, Database: h.Database, Owner: h.Owner, Kind: h.Kind, Time: h.Time, Matched: h.Matched, Purpose: h.Purpose, CopySeq: h.CopySeq}
		}
		answer, err := n.central.UploadEdgeHits(ctx, up)
		n.noteLink(err)
		if i, ok := refusedHit(err, len(part)); ok {
			if err := n.setAside(part[i], err); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("edge: upload hits: %w", err)
		}
		// Every hit of the part is taken: stored, stored before, or dropped
		// because its record is gone (the owner has nothing to confirm).
		done := make([]string, len(part))
		for i, h := range part {
			done[i] = h.ID
		}
		if err := n.queue.Remove(done); err != nil {
			return fmt.Errorf("edge: %w", err)
		}
		for _, d := range answer.Dropped {
			n.cfg.Logger.Warn("edge: the central node dropped an offline hit: its record is gone, changed hands or is hidden from this border point since", "hit", d.ID, "reason", d.Reason)
		}
	}
}

// refusedHit returns which hit of an upload of n the central node refused
// for good: a 422 naming it (hits[3].time).
func refusedHit(err error, n int) (int, bool) {
	var ae *client.Error
	if !errors.As(err, &ae) || ae.Status != http.StatusUnprocessableEntity {
		return 0, false
	}
	var i int
	if _, err := fmt.Sscanf(ae.Field, "hits[%d]", &i); err != nil || i < 0 || i >= n {
		return 0, false
	}
	return i, true
}

// setAside moves a hit the central node refused from the queue to the
// refused hits, kept on disk first.
func (n *EdgeNode) setAside(h edge.Hit, why error) error {
	if err := n.refused.Add(h); err != nil {
		return fmt.Errorf("edge: set aside refused hit %s: %w", h.ID, err)
	}
	if err := n.queue.Remove([]string{h.ID}); err != nil {
		return fmt.Errorf("edge: %w", err)
	}
	n.cfg.Logger.Error("edge: the central node refused an offline hit; it is kept in hits.refused and not uploaded again (is this node's clock right?)",
		"hit", h.ID, "record", h.RecordID, "owner", h.Owner, "time", h.Time, "copy_seq", h.CopySeq, "err", why)
	return nil
}

// Handler serves the local checks API: POST /api/v1/checks in the central
// node's shape (documents, MRZs, vehicles, firearms, vessels answered from
// the copy; persons, MRZs' holders and vessels by name by the central node
// when it answers, else not-checked), and GET /healthz with the copy's
// sequence, the hits waiting and those the central node refused.
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
		refused, err := n.refused.Pending()
		if err != nil {
			httpapi.WriteError(w, r, n.cfg.Logger, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"seq": n.Seq(), "pending_hits": len(pending), "refused_hits": len(refused)})
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
