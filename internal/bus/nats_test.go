package bus_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/bus/bustest"
)

// Two nodes on one stream: each sees the events of both, in one order.
func TestNATSEveryNodeSeesEveryEvent(t *testing.T) {
	url, stream := bustest.NATS(t)
	a, b := openNATS(t, url, stream, bus.Limits{}), openNATS(t, url, stream, bus.Limits{})
	ra, rb := &recorder{}, &recorder{}
	subscribe(t, a, "records", ra)
	subscribe(t, b, "records", rb)
	for i := range 20 {
		from := a
		if i%2 == 1 {
			from = b
		}
		publish(t, from, "records", strconv.Itoa(i))
	}
	got := waitEvents(t, ra, 20)
	if other := waitEvents(t, rb, 20); !slices.Equal(got, other) {
		t.Fatalf("the nodes saw two orders:\n%v\n%v", got, other)
	}
	for i, e := range got {
		if e != strconv.Itoa(i) {
			t.Fatalf("events out of order: %v", got)
		}
	}
}

// A node cut off from the server catches up from the stream when it
// returns: every event, in order, none twice, and no reload needed.
func TestNATSCatchesUpAfterDisconnection(t *testing.T) {
	server, stream := bustest.NATS(t)
	p := newProxy(t, server)
	a, b := openNATS(t, server, stream, bus.Limits{}), openNATS(t, p.url(), stream, bus.Limits{})
	rb := &recorder{}
	subscribe(t, b, "records", rb)
	publish(t, a, "records", "before")
	waitEvents(t, rb, 1)
	p.cut()
	for i := range 5 {
		publish(t, a, "records", "away"+strconv.Itoa(i))
	}
	p.restore()
	got := waitEvents(t, rb, 6)
	want := []string{"before", "away0", "away1", "away2", "away3", "away4"}
	time.Sleep(100 * time.Millisecond) // a repeated event would arrive by now
	got, missed := rb.snapshot()
	if !slices.Equal(got, want) || missed != 0 {
		t.Fatalf("after the disconnection: %v, %d missed signals; want %v and none", got, missed, want)
	}
}

// A node that was away while events left the stream is told it missed
// them as soon as it returns, without waiting for the next event.
func TestNATSEventsGoneWhileAwayAreMissed(t *testing.T) {
	server, stream := bustest.NATS(t)
	p := newProxy(t, server)
	a, b := openNATS(t, server, stream, bus.Limits{}), openNATS(t, p.url(), stream, bus.Limits{})
	rb := &recorder{}
	subscribe(t, b, "records", rb)
	publish(t, a, "records", "before")
	waitEvents(t, rb, 1)
	p.cut()
	publish(t, a, "records", "gone")
	purge(t, server, stream) // as if it had aged out (MaxAge)
	p.restore()
	checkFor(t, 30*time.Second, func() error {
		if _, missed := rb.snapshot(); missed == 0 {
			return errors.New("no missed signal after events left the stream")
		}
		return nil
	})
	publish(t, a, "records", "after")
	checkFor(t, 30*time.Second, func() error {
		if got, _ := rb.snapshot(); !slices.Equal(got, []string{"before", "after"}) {
			return fmt.Errorf("events %v", got)
		}
		return nil
	})
}

// When a node cannot store an event, every node is told to reload once the
// server can be reached again.
func TestNATSEventNotStoredIsMissedEverywhere(t *testing.T) {
	server, stream := bustest.NATS(t)
	p := newProxy(t, server)
	a, b := openNATS(t, p.url(), stream, bus.Limits{}), openNATS(t, server, stream, bus.Limits{})
	ra, rb := &recorder{}, &recorder{}
	subscribe(t, a, "records", ra)
	subscribe(t, b, "records", rb)
	p.cut()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	err := a.Publish(ctx, "records", []byte("lost"))
	cancel()
	if err == nil {
		t.Fatal("a publish without a server succeeded")
	}
	// The next one does not wait: the notice to come covers it.
	start := time.Now()
	if err := a.Publish(context.Background(), "records", []byte("also lost")); !errors.Is(err, bus.ErrBehind) {
		t.Fatalf("a publish behind a lost one: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("a publish behind a lost one took %v", d)
	}
	if a.Connected() {
		t.Fatal("connected through a cut proxy")
	}
	p.restore()
	for name, r := range map[string]*recorder{"publisher": ra, "other node": rb} {
		checkFor(t, 30*time.Second, func() error {
			if _, missed := r.snapshot(); missed == 0 {
				return fmt.Errorf("the %s was not told of the event not stored", name)
			}
			return nil
		})
	}
}

func TestNATSRefusesAStreamWithoutItsSubjects(t *testing.T) {
	server, stream := bustest.NATS(t)
	nc, err := nats.Connect(server)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: stream, Subjects: []string{"elsewhere." + stream}, Storage: jetstream.MemoryStorage}); err != nil {
		t.Fatal(err)
	}
	if _, err := bus.OpenNATS(ctx, bus.NATSConfig{URL: server, Stream: stream, Logger: quiet}); err == nil {
		t.Fatal("opened a bus on a stream that does not carry its subjects")
	}
	if _, err := bus.OpenNATS(ctx, bus.NATSConfig{URL: server, Stream: "no.dots", Logger: quiet}); err == nil {
		t.Fatal("accepted a stream name with a dot")
	}
}

func purge(t *testing.T, server, stream string) {
	t.Helper()
	nc, err := nats.Connect(server)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Purge(ctx); err != nil {
		t.Fatal(err)
	}
}

// proxy forwards TCP connections to the NATS server and can cut them, to
// take a node off the server and bring it back.
type proxy struct {
	t      *testing.T
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
	wg     sync.WaitGroup
}

func newProxy(t *testing.T, server string) *proxy {
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, ln: ln, target: u.Host}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *proxy) url() string { return "nats://" + p.ln.Addr().String() }

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c, s)
		p.wg.Add(2)
		go p.pipe(c, s)
		go p.pipe(s, c)
		p.mu.Unlock()
	}
}

func (p *proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// cut closes every connection and refuses new ones until restore.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

func (p *proxy) close() {
	p.ln.Close()
	p.cut()
	p.wg.Wait()
}
