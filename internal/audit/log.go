package audit

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Config configures a Log.
type Config struct {
	DB *store.DB
	// Signer is the node's note signer key ("PRIVATE+KEY+<origin>+…"); its
	// name is the log's origin. Every node sharing one store must use the
	// same key, or verification fails.
	Signer string
	Clock  clock.Clock
	IDs    id.Source
	Logger *slog.Logger

	// MaxBatch caps the entries of Append calls integrated in one
	// transaction, and separately the staged (AppendTx) entries taken with
	// them. Default 4096.
	MaxBatch int
	// PendingInterval is how often the integrator looks for entries staged
	// by other nodes. Default one second.
	PendingInterval time.Duration
	// TxTimeout bounds one integration transaction. Default 30 seconds.
	TxTimeout time.Duration

	// AnchorFile, when set, is the file outside the store where the node
	// keeps the latest checkpoint it signed or saw (the signed note). New
	// refuses a store whose log does not contain the checkpoint found there
	// (ErrRollback); Run rewrites the file, atomically, every
	// AnchorInterval while the tree grows and once more when it stops.
	AnchorFile string
	// AnchorInterval is how often Run refreshes AnchorFile. Default five
	// seconds.
	AnchorInterval time.Duration
	// JournalFile, when set, is the write-ahead file that makes Record
	// durable before its entries are in the tree (journal.go). Without it,
	// Record waits as Append does.
	JournalFile string
}

// Log is the node's audit log. Append, AppendTx and the readers are safe for
// concurrent use; Run must be running for appends to complete.
type Log struct {
	db       *store.DB
	signer   note.Signer
	verifier note.Verifier
	vkey     string
	origin   string
	clock    clock.Clock
	ids      id.Source
	logger   *slog.Logger
	maxBatch int
	interval time.Duration
	timeout  time.Duration
	// macKey authenticates staged rows (see pending.go).
	macKey []byte
	// seed is the signing key's seed, from which DeriveKey derives.
	seed []byte

	anchorFile     string
	anchorInterval time.Duration
	// anchored is the size of the tree last written to anchorFile by this
	// Log, -1 before the first write. Owned by the goroutine in Run.
	anchored int64

	// requests carries Append calls to the integrator. It is unbuffered: a
	// request that the integrator received is always answered.
	requests chan *appendRequest
	// stopped is closed when Run returns.
	stopped chan struct{}
	running atomic.Bool

	// tree is owned by the goroutine in Run (and by New before it).
	tree treeState

	// journal is Record's write-ahead file; nil without one.
	journal *journal

	// attachers store attachments by kind (attach.go).
	attachMu  sync.RWMutex
	attachers map[string]Attacher
	// announceQueue holds stored attachments for their Attachers' Stored,
	// which the announcer runs; announceWake wakes it.
	announceMu    sync.Mutex
	announceQueue []attachedBatch
	announceWake  chan struct{}
}

// appendRequest is one Append call waiting for integration, or (flush set,
// no entries) a Sync call waiting for the staged entries.
type appendRequest struct {
	ctx     context.Context
	entries []Entry
	bodies  [][]byte
	// attaches holds each entry's encoded attachment (nil: none), or is
	// nil.
	attaches []attached
	done     chan error
	// flush asks for the staged entries to be integrated in the same batch;
	// more is set before done when some were left for the next one.
	flush bool
	more  bool
}

// errStopped answers appends made after the integrator stopped.
var errStopped = fault.New(fault.Unavailable, "the audit log is shut down")

// New opens the audit log kept in cfg.DB: it loads the tree and checks it
// against the latest signed checkpoint, signing the empty tree's checkpoint
// when the store has none. With cfg.AnchorFile set, it then refuses (with
// ErrRollback) a log that does not contain the checkpoint kept in that file.
func New(ctx context.Context, cfg Config) (*Log, error) {
	if cfg.DB == nil {
		return nil, errors.New("audit: no store")
	}
	signer, err := note.NewSigner(cfg.Signer)
	if err != nil {
		return nil, errors.New("audit: the signer key is not a valid note signer key")
	}
	vkey, seed, err := parseSignerKey(cfg.Signer)
	if err != nil {
		return nil, fmt.Errorf("audit: signer key: %w", err)
	}
	macKey, err := pendingMACKey(seed)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("audit: verifier key: %w", err)
	}
	l := &Log{
		db:       cfg.DB,
		signer:   signer,
		verifier: verifier,
		vkey:     vkey,
		origin:   signer.Name(),
		clock:    cfg.Clock,
		ids:      cfg.IDs,
		logger:   cfg.Logger,
		maxBatch: cfg.MaxBatch,
		interval: cfg.PendingInterval,
		timeout:  cfg.TxTimeout,
		macKey:   macKey,
		seed:     seed,
		requests: make(chan *appendRequest),
		stopped:  make(chan struct{}),

		announceWake: make(chan struct{}, 1),

		anchorFile:     cfg.AnchorFile,
		anchorInterval: cfg.AnchorInterval,
		anchored:       -1,
	}
	if l.clock == nil {
		l.clock = clock.Real{}
	}
	if l.ids == nil {
		l.ids = id.NewGenerator(l.clock, nil)
	}
	if l.logger == nil {
		l.logger = slog.New(slog.DiscardHandler)
	}
	if l.maxBatch <= 0 {
		l.maxBatch = 4096
	}
	if l.interval <= 0 {
		l.interval = time.Second
	}
	if l.timeout <= 0 {
		l.timeout = 30 * time.Second
	}
	if l.anchorInterval <= 0 {
		l.anchorInterval = 5 * time.Second
	}
	if err := l.open(ctx); err != nil {
		return nil, err
	}
	if cfg.JournalFile != "" {
		j, left, err := l.openJournal(cfg.JournalFile)
		if err != nil {
			return nil, err
		}
		todo, err := l.notYetIntegrated(ctx, left)
		if err != nil {
			j.f.Close()
			return nil, err
		}
		if len(todo) > 0 {
			l.logger.Info("audit entries left in the journal by a crash: integrating them", "entries", len(todo))
		}
		for i := range todo {
			j.seq++
			todo[i].jseq = j.seq
		}
		j.ready = todo
		l.journal = j
	}
	return l, nil
}

func (l *Log) open(ctx context.Context) error {
	if err := l.loadLatest(ctx); err != nil {
		return err
	}
	if l.anchorFile != "" {
		if err := l.checkAnchorFile(ctx); err != nil {
			return err
		}
	}
	l.logger.Debug("audit log opened", "origin", l.origin, "size", l.tree.size)
	return nil
}

// loadLatest loads the tree of the latest signed checkpoint, or signs the
// empty tree's when the store has none.
func (l *Log) loadLatest(ctx context.Context) error {
	cp, ok, err := latestCheckpoint(ctx, l.db)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if !ok {
		l.tree = emptyTree()
		cp, err := l.signCheckpoint(0, l.tree.root)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if err := insertCheckpoint(ctx, l.db, cp, store.Micros(l.clock.Now())); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		l.tree.note = cp.Note
		return nil
	}
	if err := l.checkSigned(cp); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if l.tree, err = loadTree(ctx, l.db, cp.Size, cp.Root); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	l.tree.note = cp.Note
	return nil
}

// checkSigned checks that a stored checkpoint's note is signed by this
// node's key and states the size and root stored beside it.
func (l *Log) checkSigned(cp Checkpoint) error {
	size, root, err := openCheckpoint(cp.Note, l.verifier)
	if err != nil {
		return fmt.Errorf("the latest checkpoint (size %d) is not signed by this node's key: %w", cp.Size, err)
	}
	if size != cp.Size || root != cp.Root {
		return fmt.Errorf("the latest checkpoint is stored as size %d but its signed note is for size %d or another root", cp.Size, size)
	}
	return nil
}

// NoteSigner returns the node's note signer, for the other documents the
// node signs (edge snapshots): one key, whose verifier is VerifierKey.
func (l *Log) NoteSigner() note.Signer { return l.signer }

// DeriveKey derives a 32-byte secret for one use (info names it) from the
// signing key, with HKDF-SHA256: apart from every other use, and the same
// on every node that holds the key.
func (l *Log) DeriveKey(info string) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, l.seed, nil, info, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("audit: derive key: %w", err)
	}
	return key, nil
}

// VerifierKey returns the note verifier key clients check checkpoints with.
func (l *Log) VerifierKey() string { return l.vkey }

// Origin returns the log's origin, the first line of every checkpoint.
func (l *Log) Origin() string { return l.origin }

// Append writes entries to the log and returns them with Seq, ID and Time
// set, once they are durably stored, in the tree and covered by a signed
// checkpoint, so that proofs for them are available. Concurrent calls are
// integrated together in one transaction. A bad entry fails the whole call
// with a *fault.Error (InvalidField) and nothing is written.
//
// When ctx ends first, Append returns its error, and the entries may still be
// integrated.
func (l *Log) Append(ctx context.Context, entries ...Entry) ([]Entry, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	return l.append(ctx, entries, nil)
}

// appendAttached is Append with each entry's encoded attachment (Record
// without a journal).
func (l *Log) appendAttached(ctx context.Context, entries []Entry, attaches []attached) error {
	_, err := l.append(ctx, entries, attaches)
	return err
}

func (l *Log) append(ctx context.Context, entries []Entry, attaches []attached) ([]Entry, error) {
	prepared, bodies, err := l.prepareAll(entries)
	if err != nil {
		return nil, err
	}
	req := &appendRequest{ctx: ctx, entries: prepared, bodies: bodies, attaches: attaches, done: make(chan error, 1)}
	select {
	case l.requests <- req:
	case <-l.stopped:
		return nil, errStopped
	case <-ctx.Done():
		return nil, fmt.Errorf("append audit entries: %w", ctx.Err())
	}
	select {
	case err := <-req.done:
		if err != nil {
			return nil, err
		}
		return req.entries, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("append audit entries: %w", ctx.Err())
	}
}

// prepareAll checks entries and gives each its ID, time and encoding.
func (l *Log) prepareAll(entries []Entry) ([]Entry, [][]byte, error) {
	out, bodies := make([]Entry, len(entries)), make([][]byte, len(entries))
	for i, e := range entries {
		it, err := l.prepareItem(e)
		if err != nil {
			return nil, nil, err
		}
		out[i], bodies[i] = it.entry, it.body
	}
	return out, bodies, nil
}

// prepareItem checks e, gives it its ID and time, and encodes it.
func (l *Log) prepareItem(e Entry) (item, error) {
	e, err := l.prepare(e)
	if err != nil {
		return item{}, err
	}
	body, err := encodeBody(e)
	if err != nil {
		return item{}, err
	}
	return item{entry: e, body: body}, nil
}

// AppendTx stages entries in the caller's transaction, so that they commit
// or roll back with the caller's own writes. Each staged row carries an
// authentication code that the integrator checks (see pending.go). Once tx
// commits, the commit waits (Sync) until the integrator has moved them into
// the tree, so that a write and its entry are in the log, in order, when the
// write returns. If that wait fails the entries stay staged, durably, and are
// integrated later.
func (l *Log) AppendTx(ctx context.Context, tx *store.Tx, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	const cols = 4
	args := make([]any, 0, cols*len(entries))
	stagedAt := store.Micros(l.clock.Now())
	for _, e := range entries {
		it, err := l.prepareItem(e)
		if err != nil {
			return err
		}
		body := it.body
		id := l.ids.New()
		args = append(args, id, stagedAt, body, pendingMAC(l.macKey, id, body))
	}
	for start := 0; start < len(args); start += cols * entryRowsPerInsert {
		end := min(start+cols*entryRowsPerInsert, len(args))
		if _, err := tx.Exec(ctx, `INSERT INTO audit_pending (id, staged_at, entry, mac) VALUES `+store.Placeholders((end-start)/cols, cols), args[start:end]...); err != nil {
			return fmt.Errorf("stage audit entries: %w", err)
		}
	}
	tx.AfterCommit(func(ctx context.Context) {
		if err := l.Sync(ctx); err != nil {
			l.logger.WarnContext(ctx, "staged audit entries not yet integrated", "err", err)
		}
	})
	return nil
}

// Sync returns once every entry staged by a transaction that committed
// before the call is in the tree and covered by a signed checkpoint. When
// this Log's integrator is not running it returns at once: the staged
// entries wait, durably, for an integrator (this one, or another node's).
func (l *Log) Sync(ctx context.Context) error {
	if !l.running.Load() {
		return nil
	}
	for {
		req := &appendRequest{ctx: ctx, done: make(chan error, 1), flush: true}
		select {
		case l.requests <- req:
		case <-l.stopped:
			return errStopped
		case <-ctx.Done():
			return fmt.Errorf("sync audit log: %w", ctx.Err())
		}
		select {
		case err := <-req.done:
			if err != nil || !req.more {
				return err
			}
		case <-ctx.Done():
			return fmt.Errorf("sync audit log: %w", ctx.Err())
		}
	}
}

// Run is the integrator: it takes appended and staged entries in batches and
// integrates each batch in one transaction (entries, tree hashes, signed
// checkpoint). It looks for staged entries at start, when a committed
// transaction syncs, and every PendingInterval. With an AnchorFile it writes
// the tree's checkpoint there at start, every AnchorInterval when the tree
// grew, and when it stops. It returns once ctx is done, after finishing the
// batch in hand and failing the appends still queued: nil, or the error of
// the last write of the AnchorFile. Run may be called once per Log.
func (l *Log) Run(ctx context.Context) (err error) {
	if !l.running.CompareAndSwap(false, true) {
		return errors.New("audit: Run called twice")
	}
	defer close(l.stopped)
	actx, stopAnnouncer := context.WithCancel(context.WithoutCancel(ctx))
	announced := make(chan struct{})
	go func() { defer close(announced); l.runAnnouncer(actx) }()
	defer func() { stopAnnouncer(); <-announced }()
	defer func() {
		if aerr := l.keepAnchor(); aerr != nil {
			l.logger.Error("audit checkpoint not kept outside the store", "err", aerr)
			err = fmt.Errorf("audit: %w", aerr)
		}
	}()
	ticker := time.NewTicker(l.interval)
	defer ticker.Stop()
	var anchorDue <-chan time.Time // nil, never ready, without an AnchorFile
	if l.anchorFile != "" {
		l.refreshAnchor()
		anchorTicker := time.NewTicker(l.anchorInterval)
		defer anchorTicker.Stop()
		anchorDue = anchorTicker.C
	}
	var journaled <-chan struct{} // nil, never ready, without a journal
	if l.journal != nil {
		// Entries left by a crash go in at once.
		if l.journal.readyAtLeast(1) {
			l.journal.nudge <- struct{}{}
		}
		jctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); l.runJournal(jctx) }()
		defer func() { stop(); <-done; l.journal.f.Close() }()
		journaled = l.journal.nudge
	}
	pendingDue := true
	for {
		var batch []*appendRequest
		if !pendingDue {
			select {
			case <-ctx.Done():
				return nil
			case req := <-l.requests:
				batch = append(batch, req)
			case <-ticker.C:
				pendingDue = true
			case <-journaled:
			case <-anchorDue:
				l.refreshAnchor()
				continue
			}
		}
		batch = l.gather(batch)
		for _, req := range batch {
			pendingDue = pendingDue || req.flush
		}
		if ctx.Err() != nil {
			for _, req := range batch {
				req.done <- errStopped
			}
			return nil
		}
		more, err := l.integrate(ctx, batch, pendingDue)
		if err != nil {
			l.logger.Error("audit integration failed", "entries", countEntries(batch), "err", err)
		}
		pendingDue = more
		if l.journal != nil && l.journal.readyAtLeast(journalBatch) {
			select {
			case l.journal.nudge <- struct{}{}:
			default:
			}
		}
		// Under constant load the wait above is skipped: look here too.
		select {
		case <-anchorDue:
			l.refreshAnchor()
		default:
		}
	}
}

// refreshAnchor keeps the anchor file up to date; a failure is logged and
// tried again at the next tick.
func (l *Log) refreshAnchor() {
	if err := l.keepAnchor(); err != nil {
		l.logger.Error("audit checkpoint not kept outside the store", "err", err)
	}
}

// gather adds to batch the appends already waiting, up to MaxBatch entries.
func (l *Log) gather(batch []*appendRequest) []*appendRequest {
	n := countEntries(batch)
	for n < l.maxBatch {
		select {
		case req := <-l.requests:
			batch = append(batch, req)
			n += len(req.entries)
		default:
			return batch
		}
	}
	return batch
}

func countEntries(batch []*appendRequest) int {
	n := 0
	for _, req := range batch {
		n += len(req.entries)
	}
	return n
}
