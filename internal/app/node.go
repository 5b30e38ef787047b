package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/deadline"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/httpapi"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/messaging"
	"github.com/ncbnet/ncbnet/internal/metrics"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening"
	"github.com/ncbnet/ncbnet/internal/search"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Config is what a node needs to start.
type Config struct {
	// DataDir holds the SQLite file (by default), the audit signing key and
	// the latest audit checkpoint (AnchorFile).
	DataDir string
	// DB is a postgres:// URL or a SQLite file path; empty means
	// DataDir/ncbnet.db.
	DB string
	// AuditOrigin names the audit log in its checkpoints (used when the key
	// is first created).
	AuditOrigin string
	Version     string
	Logger      *slog.Logger
	Clock       clock.Clock
	// Argon2 overrides the password hashing cost (tests use a cheap one).
	Argon2 *auth.Params
	// MaxBodyBytes and RequestTimeout bound each request (defaults: 1 MiB, 30 s).
	MaxBodyBytes   int64
	RequestTimeout time.Duration
	// StreamHeartbeat is how often open event streams re-check their token
	// (default 15 s).
	StreamHeartbeat time.Duration
	// NATS is the nats:// URL of the event bus that nodes sharing one
	// store use to keep each other's indexes and hit streams current;
	// empty means the in-process bus of a node alone.
	NATS string
	// NATSStream names the JetStream stream the nodes share (default
	// bus.DefaultStream).
	NATSStream string
	// EscalationEvery is how often the node looks for hits and messages
	// past their deadline to escalate (default 15 s).
	EscalationEvery time.Duration
}

// DefaultAuditOrigin names the audit log when the operator does not.
const DefaultAuditOrigin = "ncbnet.local/audit"

// KeyFile is where a data folder keeps the audit signing key.
func KeyFile(dataDir string) string { return filepath.Join(dataDir, "audit-signing.key") }

// AnchorFile is where a data folder keeps the latest audit checkpoint (a
// signed note), outside the store: a node refuses to start on a store whose
// log does not contain it, and `ncbnet audit verify` checks the log against it.
func AnchorFile(dataDir string) string { return filepath.Join(dataDir, "audit-checkpoint.note") }

// JournalFile is where a data folder keeps the audit log's write-ahead
// journal: entries recorded (first-line checks) and not yet in the tree.
func JournalFile(dataDir string) string { return filepath.Join(dataDir, "audit-journal") }

// DSN returns the store a configuration names.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "ncbnet.db")
}

// Node is a running node.
type Node struct {
	cfg     Config
	DB      *store.DB
	Audit   *audit.Log
	Members *member.Service
	Auth    *auth.Authenticator
	Records *records.Service
	Index   *index.Index
	// Match is the matching engine over the index, for search and checks.
	Match     *match.Engine
	Search    *search.Service
	Screening *screening.Service
	Hits      *hits.Service
	// Disclose is the one disclosure path (search, checks, reads).
	Disclose *hits.Discloser
	// Deadlines escalates what was not answered in time (hits, messages).
	Deadlines *deadline.Watcher
	Messaging *messaging.Service
	API       *httpapi.Server
	Metrics   *metrics.Registry
	// Bus carries events between the nodes sharing the store.
	Bus bus.Bus

	stop    context.CancelFunc
	wg      sync.WaitGroup
	runErr  error
	closeMu sync.Once
	// unsubscribe stops the node's subscriptions to the bus.
	unsubscribe []func()
}

// Open builds a node and starts its background work (the audit integrator).
func Open(ctx context.Context, cfg Config) (*Node, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.AuditOrigin == "" {
		cfg.AuditOrigin = DefaultAuditOrigin
	}
	if cfg.DataDir == "" {
		return nil, errors.New("open node: a data folder is required")
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	return build(ctx, cfg, db)
}

// build wires the node on an open store; on failure it closes the store.
func build(ctx context.Context, cfg Config, db *store.DB) (*Node, error) {
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := records.AssignDocumentIdentities(ctx, db, cfg.Logger); err != nil {
		db.Close()
		return nil, err
	}
	skey, _, err := audit.LoadOrCreateKey(KeyFile(cfg.DataDir), cfg.AuditOrigin)
	if err != nil {
		db.Close()
		return nil, err
	}
	ids := id.NewGenerator(cfg.Clock, nil)
	log, err := audit.New(ctx, audit.Config{DB: db, Signer: skey, Clock: cfg.Clock, IDs: ids, Logger: cfg.Logger, AnchorFile: AnchorFile(cfg.DataDir),
		JournalFile: JournalFile(cfg.DataDir)})
	if err != nil {
		db.Close()
		return nil, err
	}
	n := &Node{cfg: cfg, DB: db, Audit: log, Metrics: metrics.NewRegistry()}
	// Hits travel with their audit entries: their store is registered
	// before the log runs, for those a crash left in its journal.
	disclose := hits.NewDiscloser(log, nil, cfg.Logger)
	n.Disclose = disclose
	runCtx, stop := context.WithCancel(context.Background())
	n.stop = stop
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := log.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
			cfg.Logger.Error("audit log stopped", "err", err)
			n.runErr = err
		}
	}()
	params := auth.DefaultParams
	if cfg.Argon2 != nil {
		params = *cfg.Argon2
	}
	hasher := auth.NewArgon2(params)
	n.Members = member.NewService(db, log, hasher, cfg.Clock, ids)
	n.Auth, err = auth.New(auth.Config{DB: db, Audit: log, Hasher: hasher, Clock: cfg.Clock, IDs: ids, Logger: cfg.Logger})
	if err != nil {
		n.Close()
		return nil, err
	}
	n.Members.OnRevoke(n.Auth.Forget)
	if n.Bus, err = openBus(ctx, cfg); err != nil {
		n.Close()
		return nil, err
	}
	n.Index = index.New(1 << 16)
	// The kinds of match search and checks use (each brings its index).
	n.Match = match.New(db, match.Identifiers(n.Index), match.Names(n.Index), match.Text(n.Index))
	broker := hits.NewBroker(n.Bus, db, cfg.Logger)
	disclose.AnnounceOn(broker)
	n.Records = records.NewService(records.Config{DB: db, Audit: log, Clock: cfg.Clock, IDs: ids, Observer: n.Index, Events: n.Bus, Hits: disclose, Logger: cfg.Logger})
	// Follow first, then rebuild: a change committed after the scan began
	// comes as an event.
	if err := n.subscribe(n.Index.Follow(n.Bus, db, cfg.Logger)); err != nil {
		n.Close()
		return nil, err
	}
	if err := n.Index.Rebuild(ctx, db, cfg.Logger); err != nil {
		n.Close()
		return nil, err
	}
	if err := n.subscribe(broker.Start()); err != nil {
		n.Close()
		return nil, err
	}
	n.Hits = hits.NewService(db, log, disclose, cfg.Clock, cfg.Logger)
	n.Search = search.NewService(db, n.Match, log, disclose, cfg.Clock, ids)
	n.Screening = screening.NewService(db, n.Match, log, disclose, cfg.Clock, ids, cfg.Logger).WithEdge(log)
	if err := n.openMessaging(cfg, ids); err != nil {
		n.Close()
		return nil, err
	}
	// One watcher of deadlines: hits and messages not answered in time.
	n.Deadlines = deadline.New(cfg.EscalationEvery, cfg.Logger)
	n.Deadlines.Register("hits", n.Hits.Escalate)
	n.Deadlines.Register("messages", n.Messaging.Escalate)
	n.unsubscribe = append(n.unsubscribe, n.Deadlines.Start())
	if err := n.Members.SeedReference(ctx); err != nil {
		n.Close()
		return nil, fmt.Errorf("seed reference data: %w", err)
	}
	n.registerMetrics()
	n.API = httpapi.New(httpapi.Config{
		Members: n.Members, Auth: n.Auth, Audit: log, Records: n.Records, Search: n.Search, Hits: n.Hits, Screening: n.Screening, Messaging: n.Messaging, Metrics: n.Metrics, Clock: cfg.Clock, Logger: cfg.Logger,
		Version: cfg.Version, Ping: db.Ping, MaxBodyBytes: cfg.MaxBodyBytes, RequestTimeout: cfg.RequestTimeout, StreamHeartbeat: cfg.StreamHeartbeat,
	})
	return n, nil
}

// openMessaging starts messaging: its signing keys sealed under a key
// derived from the node's own (the same on every node sharing the store).
func (n *Node) openMessaging(cfg Config, ids id.Source) error {
	seal, err := n.Audit.DeriveKey("ncbnet messaging signing-key seal v1")
	if err != nil {
		return err
	}
	n.Messaging, err = messaging.New(messaging.Config{DB: n.DB, Audit: n.Audit, Bus: n.Bus, Clock: cfg.Clock, IDs: ids, SealKey: seal, Logger: cfg.Logger})
	if err != nil {
		return err
	}
	if err := n.Messaging.Start(cfg.EscalationEvery); err != nil {
		return err
	}
	n.unsubscribe = append(n.unsubscribe, n.Messaging.Close)
	return nil
}

// openBus opens the NATS JetStream bus the configuration names, or the
// in-process one.
func openBus(ctx context.Context, cfg Config) (bus.Bus, error) {
	if cfg.NATS == "" {
		return bus.NewLocal(bus.Limits{}), nil
	}
	return bus.OpenNATS(ctx, bus.NATSConfig{URL: cfg.NATS, Stream: cfg.NATSStream, Name: "ncbnet " + cfg.Version, Logger: cfg.Logger})
}

func (n *Node) subscribe(stop func(), err error) error {
	if err != nil {
		return err
	}
	n.unsubscribe = append(n.unsubscribe, stop)
	return nil
}

func (n *Node) registerMetrics() {
	if b, ok := n.Bus.(interface{ Connected() bool }); ok {
		n.Metrics.NewGaugeFunc("ncbnet_bus_connected", "1 while the node is connected to the NATS event bus: while 0, changes made through other nodes do not reach this node's indexes.", func() float64 {
			if b.Connected() {
				return 1
			}
			return 0
		})
	}
	n.Metrics.NewGaugeFunc("ncbnet_audit_tree_size", "Entries in the audit log's Merkle tree (latest signed checkpoint).", func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		cp, err := n.Audit.Checkpoint(ctx)
		if err != nil {
			return -1
		}
		return float64(cp.Size)
	})
}

// Serve answers HTTP on ln until ctx ends, then shuts down gracefully.
func (n *Node) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           n.API,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(n.cfg.Logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down http: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http: %w", err)
	}
	return nil
}

// Close stops the background work (the subscriptions to the bus, then the
// bus; the audit integrator, which writes its last checkpoint to
// AnchorFile as it stops) and closes the store.
func (n *Node) Close() error {
	var err error
	n.closeMu.Do(func() {
		for _, stop := range n.unsubscribe {
			stop()
		}
		if n.Bus != nil {
			err = n.Bus.Close()
		}
		n.stop()
		n.wg.Wait()
		if n.Auth != nil {
			err = errors.Join(err, n.Auth.Close())
		}
		err = errors.Join(err, n.runErr, n.DB.Close())
	})
	return err
}
