package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type ev struct {
	ID   string
	Kind string
}

func key(e ev) string {
	if e.Kind == "new" {
		return e.ID
	}
	return ""
}

func take(t *testing.T, ch <-chan ev, n int) []ev {
	t.Helper()
	var out []ev
	for len(out) < n {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("closed after %v, want %d events", out, n)
			}
			out = append(out, e)
		case <-time.After(5 * time.Second):
			t.Fatalf("got %v within 5 s, want %d events", out, n)
		}
	}
	return out
}

func closed(t *testing.T, ch <-chan ev) {
	t.Helper()
	select {
	case e, ok := <-ch:
		if ok {
			t.Fatalf("got %v, want the stream closed", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stream did not close")
	}
}

// Events reach the streams of their topic that keep them, and no other.
func TestPushByTopic(t *testing.T) {
	b := New[ev](8)
	fra, cancelFRA := b.Subscribe([]string{"owner/FRA"}, nil)
	defer cancelFRA()
	deu, cancelDEU := b.Subscribe([]string{"owner/DEU", "checker/DEU"}, func(e ev) bool { return e.Kind != "secret" })
	b.Push("owner/FRA", ev{ID: "1", Kind: "new"})
	b.Push("owner/DEU", ev{ID: "2", Kind: "new"})
	b.Push("checker/DEU", ev{ID: "3", Kind: "secret"})
	b.Push("checker/DEU", ev{ID: "4", Kind: "answer"})
	if got := take(t, fra, 1); got[0].ID != "1" {
		t.Fatalf("FRA got %v", got)
	}
	if got := take(t, deu, 2); got[0].ID != "2" || got[1].ID != "4" {
		t.Fatalf("DEU got %v", got)
	}
	cancelDEU()
	cancelDEU()
	closed(t, deu)
	if b.Idle() {
		t.Fatal("idle with FRA's stream open")
	}
	cancelFRA()
	if !b.Idle() {
		t.Fatal("not idle with every stream closed")
	}
}

// A stream that falls behind is ended, not fed selectively: its client
// resumes; the others go on.
func TestSlowStreamEnds(t *testing.T) {
	b := New[ev](4)
	slow, cancelSlow := b.Subscribe([]string{"t"}, nil)
	defer cancelSlow()
	fast, cancelFast := b.Subscribe([]string{"t"}, nil)
	defer cancelFast()
	for i := range 4 {
		b.Push("t", ev{ID: strconv.Itoa(i)})
		take(t, fast, 1)
	}
	b.Push("t", ev{ID: "4"})
	take(t, fast, 1)
	got := 0
	for range slow {
		got++
	}
	if got != 4 {
		t.Fatalf("the slow stream gave %d events before it ended, want its 4", got)
	}
}

// A reconnecting stream gets what it missed, then the live events, each
// once, also those pushed while the missed ones were loaded.
func TestFollowResumes(t *testing.T) {
	b := New[ev](16)
	ctx := context.Background()
	var asked string
	missed := func(_ context.Context, last string) ([]ev, bool, error) {
		asked = last
		// Pushed while loading: it is among the missed ones too.
		b.Push("t", ev{ID: "7", Kind: "new"})
		return []ev{{ID: "6", Kind: "new"}, {ID: "7", Kind: "new"}}, false, nil
	}
	ch, stop, err := Follow(ctx, b, []string{"t"}, nil, "5", missed, key)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	b.Push("t", ev{ID: "7", Kind: "answer"}) // a change, not a new one: sent
	b.Push("t", ev{ID: "8", Kind: "new"})
	got := take(t, ch, 4)
	want := []ev{{"6", "new"}, {"7", "new"}, {"7", "answer"}, {"8", "new"}}
	if asked != "5" || !slices.Equal(got, want) {
		t.Fatalf("asked after %q, got %v, want %v", asked, got, want)
	}
	stop()
	closed(t, ch)
}

// More missed than a connection sends: the stream ends after them, and
// the client reconnects from the last one.
func TestFollowMore(t *testing.T) {
	b := New[ev](16)
	ch, stop, err := Follow(context.Background(), b, []string{"t"}, nil, "1", func(context.Context, string) ([]ev, bool, error) {
		return []ev{{ID: "2", Kind: "new"}}, true, nil
	}, key)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	take(t, ch, 1)
	closed(t, ch)
}

// A stream whose missed events cannot be loaded is not opened; one whose
// request ends closes and leaves nothing behind (TestMain).
func TestFollowFailsAndEnds(t *testing.T) {
	b := New[ev](16)
	boom := errors.New("bad Last-Event-ID")
	if _, _, err := Follow(context.Background(), b, []string{"t"}, nil, "x", func(context.Context, string) ([]ev, bool, error) {
		return nil, false, boom
	}, key); !errors.Is(err, boom) {
		t.Fatalf("%v, want the loader's error", err)
	}
	if !b.Idle() {
		t.Fatal("a stream that failed to open stays subscribed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch, stop, err := Follow(ctx, b, []string{"t"}, nil, "", nil, key)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	b.Push("t", ev{ID: "1"})
	take(t, ch, 1)
	cancel()
	closed(t, ch)
	for i := range 100 {
		b.Push("t", ev{ID: fmt.Sprint(i)}) // to no one
	}
}
