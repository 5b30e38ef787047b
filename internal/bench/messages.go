package bench

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
)

// MessagesConfig sets up a messaging benchmark.
type MessagesConfig struct {
	// Messages bilateral messages are sent over HTTP by Senders clients.
	Messages, Senders int
	// Diffusions messages to all members are sent one after another, each
	// timed until every other bureau's open stream has it.
	Diffusions int
	// DB is the store (default: a fresh SQLite file in a temporary folder).
	DB string
	// Progress, if set, is told what the benchmark is doing.
	Progress io.Writer
}

// MessagesResult is what a messaging benchmark measured.
type MessagesResult struct {
	// Send is messages accepted (durably stored, signed, delivered) over
	// HTTP; Raw is the same rows inserted durably by one writer in
	// transactions of the same size as the node's batches: the store's limit.
	Send, Raw Rate
	// Diffusion is, per diffusion, the time from sending it to its arrival
	// on the last of Streams open streams.
	Diffusion Latency
	Streams   int
}

// Messages measures messaging through a whole node over HTTP.
func Messages(ctx context.Context, cfg MessagesConfig) (MessagesResult, error) {
	var res MessagesResult
	say := sayTo(cfg.Progress)
	b, err := startBench(ctx, cfg.DB, nil)
	if err != nil {
		return res, err
	}
	defer b.done()
	n, base := b.Node, b.base

	countries, err := member.ListCountries(ctx, n.DB, member.Page{Limit: 1000})
	if err != nil {
		return res, err
	}
	say("logging in one officer of each of %d bureaus", len(countries))
	users := map[string]*client.Client{}
	for _, c := range countries {
		if users[c.ISO3], err = benchUser(ctx, n, base, c.ISO3, access.KindNCB, access.RoleOfficer); err != nil {
			return res, err
		}
	}
	sender := users["FRA"]

	if cfg.Messages > 0 {
		say("sending %d messages FRA → DEU from %d clients", cfg.Messages, cfg.Senders)
		body := func(i int) []byte {
			return []byte(fmt.Sprintf(`{"to":["DEU"],"subject":"Request %d","body":%q,"priority":"routine","handling_code":"H1","references":[{"type":"case","id":"FR-2026-%06d"}],"key":"bench-%d"}`,
				i, benchText, i, i))
		}
		if res.Send, _, err = benchRequests(ctx, base+"/api/v1/messages", sender.Token(), cfg.Messages, cfg.Senders, body); err != nil {
			return res, err
		}
		say("inserting the same rows raw")
		if res.Raw, err = benchRawMessages(ctx, n.DB, cfg.Messages); err != nil {
			return res, err
		}
	}

	if cfg.Diffusions > 0 {
		say("opening %d streams and sending %d diffusions to all", len(users)-1, cfg.Diffusions)
		res.Diffusion, res.Streams, err = benchDiffusions(ctx, users, cfg.Diffusions)
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// benchText is the body of a benchmark message: a short request.
var benchText = strings.Repeat("Please confirm the identity and current whereabouts of the person in the attached record. ", 5)

// benchRawMessages inserts count messages of one recipient each, as the node
// stores them (same tables, same columns, same sizes), by one writer in
// transactions of 256: what the store can do at best.
func benchRawMessages(ctx context.Context, db *store.DB, count int) (Rate, error) {
	ids := id.NewGenerator(clock.Real{}, nil)
	sig := make([]byte, 64)
	rand.Read(sig)
	signature := base64.StdEncoding.EncodeToString(sig)
	start := time.Now()
	for done := 0; done < count; {
		batch := min(256, count-done)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := range batch {
				mid := ids.New()
				now := store.Micros(time.Now())
				if _, err := tx.Exec(ctx, `INSERT INTO messages (id, thread_id, reply_to, sender_party, sender_unit, sender_id, sender_name, addressed, subject, body, ciphertext, priority, handling_code, handling_note, refs, created_at, sign_version, signature, idem_key, request_hash) VALUES `+store.Placeholders(1, 20),
					mid, mid, nil, "FRA", "raw-unit-id-0000000000000000", "raw-user-id-0000000000000000", "bench.FRA.officer", `["DEU"]`, fmt.Sprintf("Request %d", done+i), benchText, nil,
					"routine", "H1", nil, `[{"type":"case","id":"FR-2026-000000"}]`, now, 1, signature, fmt.Sprintf("raw-%d", done+i), "requesthash-requesthash-requesthash-requesthas"); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `INSERT INTO message_recipients (message_id, party, unit_id, state, deadline) VALUES (?, ?, ?, ?, ?)`, mid, "DEU", "", "delivered", nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return Rate{}, fmt.Errorf("raw message inserts: %w", err)
		}
		done += batch
	}
	elapsed := time.Since(start)
	return Rate{Requests: count, Elapsed: elapsed, PerSecond: float64(count) / elapsed.Seconds()}, nil
}

// benchDiffusions opens the inbox stream of every bureau but FRA's, then
// sends diffusions to all from FRA one after another, each once the last
// stream has the previous one; it times each to its last arrival.
func benchDiffusions(ctx context.Context, users map[string]*client.Client, count int) (Latency, int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type arrival struct {
		id string
		at time.Time
	}
	arrivals := make(chan arrival, 4096)
	streams := 0
	for iso3, c := range users {
		if iso3 == "FRA" {
			continue
		}
		ch, err := c.StreamInbox(ctx)
		if err != nil {
			return Latency{}, 0, fmt.Errorf("open %s's stream: %w", iso3, err)
		}
		streams++
		go func() {
			for ev := range ch {
				if ev.Kind == "message" {
					arrivals <- arrival{ev.Message.ID, time.Now()}
				}
			}
		}()
	}
	var mu sync.Mutex
	times := make([]time.Duration, 0, count)
	for i := range count {
		t0 := time.Now()
		m, err := users["FRA"].SendMessage(ctx, client.NewMessage{To: []string{"all"}, Subject: fmt.Sprintf("Diffusion %d", i), Body: benchText, HandlingCode: "H0", Priority: "urgent"})
		if err != nil {
			return Latency{}, 0, err
		}
		got, last := 0, t0
		timeout := time.After(30 * time.Second)
		for got < streams {
			select {
			case a := <-arrivals:
				if a.id == m.ID {
					got++
					last = a.at
				}
			case <-timeout:
				return Latency{}, 0, fmt.Errorf("diffusion %d reached %d of %d streams in 30 s", i, got, streams)
			}
		}
		mu.Lock()
		times = append(times, last.Sub(t0))
		mu.Unlock()
	}
	return latencyOf(times), streams, nil
}
