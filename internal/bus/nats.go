package bus

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultStream is the JetStream stream the nodes share when none is named.
const DefaultStream = "NCBNET"

// missedToken is the subject (after the prefix) of the notice a node
// publishes when it could not store an event: every node then reloads.
const missedToken = "_missed"

// NATSConfig configures the bus of a node that shares its store with
// other nodes.
type NATSConfig struct {
	// URL names the NATS server: nats://host:4222 (user and password may
	// be in the URL; tls:// asks for TLS); several, separated by commas,
	// for a cluster.
	URL string
	// Stream names the JetStream stream (default DefaultStream); its
	// subjects are the name in lower case followed by ".>". The nodes of
	// one network name the same stream; another network on the same server
	// names another.
	Stream string
	// MaxAge is how long the stream keeps an event, when this node creates
	// the stream (default 1 h): a node away from the server for longer
	// reloads from the store when it returns. A stream made beforehand (for
	// example with replicas on a cluster) is used as it is.
	MaxAge time.Duration
	// Name identifies this node's connection on the server.
	Name   string
	Logger *slog.Logger
	Limits Limits
}

// NATS is the bus of nodes sharing a store, over one NATS JetStream stream
// (limits retention, file storage). Each node reads the whole stream with
// one ordered consumer of its own (ephemeral, in memory on the server)
// from the moment it opens the bus, and hands each event to its
// subscriptions. The guarantees it relies on and gives:
//
//   - Publish returns once JetStream stored the event (a publish
//     acknowledgement). It tries again until then, under one message ID, so
//     a retry after a lost acknowledgement is dropped by the stream's
//     duplicate window instead of stored twice.
//   - The ordered consumer hands over the stream's messages in sequence
//     and, after a disconnection or a lost message, resumes on a new
//     consumer from the last sequence seen: a node away from the server
//     catches up from the stream, with nothing lost or repeated, as long as
//     the stream still holds the events.
//   - The bus checks that sequence itself: when the next stream sequence
//     is not the one after the last seen (events aged out of the stream
//     while the node was away, or the stream was purged or made anew), and
//     when, on reconnecting, the stream's first event is newer than the
//     next one expected, every subscription's Missed is called.
//   - When an event cannot be stored (the server unreachable for as long
//     as the publisher's context allows), the bus keeps trying in the
//     background to publish a notice instead, and every node that receives
//     it calls Missed on its subscriptions. Until the notice is stored,
//     further publishes fail at once with ErrBehind: the notice, stored
//     after their commits, covers them.
//
// Limits: a node that stops between its commit and the publish loses that
// event and no node learns of it (closing that gap needs an outbox in the
// store); while a node is disconnected it serves what it knew, and says so
// in its log (and Connected is false); a stream deleted under running
// nodes is not made again until a node restarts, and the nodes that kept
// running may then skip the new stream's first events: restart them all.
type NATS struct {
	hub    *hub
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	name   string // the stream
	prefix string // its subjects' first token
	iter   jetstream.MessagesContext
	logger *slog.Logger

	seqMu sync.Mutex
	last  uint64 // stream sequence of the last event received

	// losses counts the events not stored; noticed how many of them the
	// last notice stored covers (only upkeep moves it). While noticed lags,
	// further events fail at once: the notice to come covers them.
	losses  atomic.Int64
	noticed atomic.Int64
	recheck atomic.Bool // reconnected: look for events lost meanwhile
	wake    chan struct{}

	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
}

var _ Bus = (*NATS)(nil)

// OpenNATS connects to the server, makes the stream if it does not exist,
// and starts receiving every event published from now on.
func OpenNATS(ctx context.Context, cfg NATSConfig) (*NATS, error) {
	if cfg.Stream == "" {
		cfg.Stream = DefaultStream
	}
	if !validStreamName(cfg.Stream) {
		return nil, fmt.Errorf("event bus stream %q: use letters, digits, '-' and '_'", cfg.Stream)
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Name == "" {
		cfg.Name = "ncbnet"
	}
	b := &NATS{
		hub: newHub(cfg.Limits), name: cfg.Stream, prefix: strings.ToLower(cfg.Stream),
		logger: cfg.Logger.With("stream", cfg.Stream), wake: make(chan struct{}, 1),
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	nc, err := nats.Connect(cfg.URL, nats.Name(cfg.Name), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if b.ctx.Err() == nil {
				b.logger.Warn("event bus disconnected: changes made through other nodes reach this node's indexes and hits reach its streams only once it reconnects", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			b.logger.Info("event bus reconnected: catching up from the stream", "server", c.ConnectedUrlRedacted())
			b.recheck.Store(true)
			b.signal()
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			b.logger.Warn("event bus", "err", err)
		}))
	if err != nil {
		b.cancel()
		return nil, fmt.Errorf("connect to the event bus: %w", err)
	}
	b.nc = nc
	if err := b.start(ctx, cfg); err != nil {
		b.cancel()
		nc.Close()
		return nil, err
	}
	b.wg.Add(2)
	go b.receive()
	go b.upkeep()
	return b, nil
}

func validStreamName(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	})
}

// start finds or makes the stream and opens the consumer after its last
// event.
func (b *NATS) start(ctx context.Context, cfg NATSConfig) error {
	js, err := jetstream.New(b.nc)
	if err != nil {
		return fmt.Errorf("event bus: %w", err)
	}
	b.js = js
	subjects := b.prefix + ".>"
	st, err := js.Stream(ctx, b.name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		st, err = js.CreateStream(ctx, jetstream.StreamConfig{
			Name: b.name, Description: "ncbnet events between nodes", Subjects: []string{subjects},
			Retention: jetstream.LimitsPolicy, Discard: jetstream.DiscardOld, MaxAge: cfg.MaxAge,
			Storage: jetstream.FileStorage, Duplicates: min(2*time.Minute, cfg.MaxAge),
		})
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // another node made it meanwhile
			st, err = js.Stream(ctx, b.name)
		}
	}
	if err != nil {
		return fmt.Errorf("event bus stream %s: %w", b.name, err)
	}
	info := st.CachedInfo()
	if !slices.Contains(info.Config.Subjects, subjects) {
		return fmt.Errorf("event bus stream %s carries %v, not %s", b.name, info.Config.Subjects, subjects)
	}
	b.stream = st
	b.last = info.State.LastSeq
	cons, err := st.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy, OptStartSeq: b.last + 1,
	})
	if err != nil {
		return fmt.Errorf("event bus consumer on %s: %w", b.name, err)
	}
	if b.iter, err = cons.Messages(); err != nil {
		return fmt.Errorf("event bus consumer on %s: %w", b.name, err)
	}
	return nil
}

// Publish stores the event in the stream, trying again until it is stored,
// ctx ends or the bus closes. When it fails, the bus publishes a notice
// that makes every node reload, as soon as it can; until then further
// events fail at once with ErrBehind (the notice covers them).
func (b *NATS) Publish(ctx context.Context, subject string, data []byte) error {
	if err := checkSubject(subject); err != nil {
		return err
	}
	if b.ctx.Err() != nil {
		return ErrClosed
	}
	if b.behind() {
		// An earlier event is not stored either: the notice that will make
		// every node reload covers this one too (it is stored after this
		// change committed), so the caller is not held up again.
		b.signal()
		return fmt.Errorf("publish %s event: %w", subject, ErrBehind)
	}
	if err := b.store(ctx, b.prefix+"."+subject, data); err != nil {
		b.losses.Add(1)
		b.signal()
		return fmt.Errorf("publish %s event: %w", subject, err)
	}
	return nil
}

// behind reports whether an event was not stored that no notice stored
// since covers. It stays so while the notice is being tried: an event
// published meanwhile would wait on the same broken link.
func (b *NATS) behind() bool {
	return b.losses.Load() > b.noticed.Load()
}

// store puts one message in the stream. Every try carries the same message
// ID, so that the stream keeps one copy when an earlier try was stored but
// its acknowledgement lost.
func (b *NATS) store(ctx context.Context, subject string, data []byte) error {
	msgID := newMsgID()
	for {
		_, err := b.js.PublishMsg(ctx, &nats.Msg{Subject: subject, Data: data},
			jetstream.WithMsgID(msgID), jetstream.WithExpectStream(b.name))
		if err == nil {
			return nil
		}
		if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, nats.ErrBadSubject) || errors.Is(err, nats.ErrConnectionClosed) {
			return err
		}
		t := time.NewTimer(250 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (last try: %v)", ctx.Err(), err)
		case <-b.ctx.Done():
			t.Stop()
			return ErrClosed
		case <-t.C:
		}
	}
}

func newMsgID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// Subscribe delivers the events of subject received from the stream to h;
// see Bus.
func (b *NATS) Subscribe(subject string, h Handler) (func(), error) {
	return b.hub.subscribe(subject, h)
}

// receive hands every message of the stream to the subscriptions, until
// the bus closes.
func (b *NATS) receive() {
	defer b.wg.Done()
	for {
		msg, err := b.iter.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) || b.ctx.Err() != nil {
				return
			}
			b.logger.Warn("event bus: receiving", "err", err)
			t := time.NewTimer(time.Second)
			select {
			case <-b.ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			continue
		}
		b.handle(msg)
	}
}

func (b *NATS) handle(msg jetstream.Msg) {
	md, err := msg.Metadata()
	if err != nil {
		b.logger.Warn("event bus: a message without metadata", "err", err)
		return
	}
	seq := md.Sequence.Stream
	b.seqMu.Lock()
	expected := b.last + 1
	b.last = seq
	b.seqMu.Unlock()
	if seq != expected {
		b.logger.Warn("event bus: events lost (aged out of the stream, or the stream was purged or made anew): reloading from the store",
			"expected_seq", expected, "got_seq", seq)
		b.hub.missAll()
	}
	subject, ok := strings.CutPrefix(msg.Subject(), b.prefix+".")
	if !ok {
		return
	}
	if subject == missedToken {
		b.logger.Warn("event bus: a node could not publish an event: reloading from the store")
		b.hub.missAll()
		return
	}
	// Fails only when the bus closes.
	_ = b.hub.dispatch(b.ctx, subject, msg.Data())
}

func (b *NATS) signal() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// upkeep publishes the notice of an event not stored, and after a
// reconnection checks that the events missed meanwhile are still in the
// stream; each is tried again every second until it succeeds.
func (b *NATS) upkeep() {
	defer b.wg.Done()
	var retry <-chan time.Time
	for {
		select {
		case <-b.ctx.Done():
			return
		case <-b.wake:
		case <-retry:
		}
		if b.recheck.Swap(false) {
			if err := b.checkStream(); err != nil {
				b.recheck.Store(true)
			}
		}
		if n := b.losses.Load(); n > b.noticed.Load() {
			// The notice covers the losses counted before it was tried;
			// one counted meanwhile gets a notice of its own.
			ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
			err := b.store(ctx, b.prefix+"."+missedToken, nil)
			cancel()
			if err == nil {
				b.noticed.Store(n)
				b.logger.Warn("event bus: an event could not be published; told every node to reload from the store")
			}
		}
		retry = nil
		if b.recheck.Load() || b.behind() {
			retry = time.After(time.Second)
		}
	}
}

// checkStream calls Missed on every subscription when events after the
// last one received have left the stream: the consumer would resume at
// the first one left without a sign.
func (b *NATS) checkStream() error {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	info, err := b.stream.Info(ctx)
	if err != nil {
		return err
	}
	st := info.State
	b.seqMu.Lock()
	lost := st.LastSeq > b.last && st.FirstSeq > b.last+1
	if lost {
		b.logger.Warn("event bus: events left the stream while this node was away: reloading from the store",
			"last_seq_seen", b.last, "first_seq_kept", st.FirstSeq)
		b.last = st.FirstSeq - 1
	}
	b.seqMu.Unlock()
	if lost {
		b.hub.missAll()
	}
	return nil
}

// Connected reports whether the node is connected to the server now.
func (b *NATS) Connected() bool { return b.nc.IsConnected() }

// Close stops receiving, closes the connection and stops every
// subscription.
func (b *NATS) Close() error {
	b.closeOnce.Do(func() {
		b.cancel()
		b.iter.Stop()
		// Closing the connection before waiting also ends a receive that a
		// consumer reset in progress would otherwise keep waiting on a new
		// subscription.
		b.nc.Close()
		b.wg.Wait()
		b.hub.close()
	})
	return nil
}
