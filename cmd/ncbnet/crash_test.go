package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// startNode runs the binary with args and returns the URL it serves once
// it says so (in its output, as the demo does, or in its log).
func startNode(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	urlPattern := regexp.MustCompile(`(?:running at |url=)(http://[0-9.:]+)`)
	lines := bufio.NewScanner(out)
	deadline := time.Now().Add(90 * time.Second)
	printed := ""
	for time.Now().Before(deadline) && lines.Scan() {
		printed += lines.Text() + "\n"
		if m := urlPattern.FindStringSubmatch(lines.Text()); m != nil {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return cmd, m[1]
		}
	}
	t.Fatalf("%v printed no URL:\n%s", args, printed)
	return nil, ""
}

// sent names one request of a sender.
type sent struct {
	sender string
	i      int
}

// TestMessagesSurviveKill kills the node (SIGKILL) while bureaus send
// diffusions to every member, restarts it and checks what the issue asks:
// every message accepted before the kill is delivered to each of its 195
// recipients exactly once, and retrying the requests cut off by the kill
// with their idempotency keys sends each at most once.
func TestMessagesSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { messagesSurviveKill(t, bin, b.DSN(t)) })
	}
}

func messagesSurviveKill(t *testing.T, bin, dsn string) {
	data := filepath.Join(t.TempDir(), "node")
	const password = "s3cret demo pw"
	node, url := startNode(t, bin, "demo", "--addr", "127.0.0.1:0", "--data", data, "--db", dsn, "--demo-password", password, "--log-level", "warn")
	ctx := context.Background()
	login := func(url, user string) *client.Client {
		c, err := client.New(url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Login(ctx, user, password); err != nil {
			t.Fatalf("log in as %s: %v", user, err)
		}
		return c
	}
	senders := []string{"fra.officer", "usa.officer", "sgp.officer", "bra.officer"}
	newMessage := func(sender string, i int) client.NewMessage {
		return client.NewMessage{To: []string{"all"}, Subject: fmt.Sprintf("%s diffusion %d", sender, i), Body: "Wanted: see the record.",
			HandlingCode: "H0", Priority: "urgent", Key: fmt.Sprintf("%s-%d", sender, i)}
	}
	var (
		mu       sync.Mutex
		accepted = map[string]string{} // key → message ID
		cut      []sent                // requests the kill cut off
		sample   sent                  // one request accepted before the kill
		wg       sync.WaitGroup
	)
	for _, s := range senders {
		c := login(url, s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				n := newMessage(s, i)
				m, err := c.SendMessage(ctx, n)
				mu.Lock()
				if err != nil {
					cut = append(cut, sent{s, i})
					mu.Unlock()
					return
				}
				accepted[n.Key] = m.ID
				sample = sent{s, i}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := node.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = node.Wait()
	wg.Wait()

	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var queued int
	if err := db.QueryRow(ctx, `SELECT count(DISTINCT message_id) FROM message_recipients WHERE state = 'queued'`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed after %d messages accepted, %d requests cut off, %d messages stored but not yet delivered", len(accepted), len(cut), queued)
	if len(accepted) == 0 {
		t.Fatal("no message was accepted before the kill")
	}

	_, url = startNode(t, bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--db", dsn, "--log-level", "info")
	for _, r := range cut {
		n := newMessage(r.sender, r.i)
		m, err := login(url, r.sender).SendMessage(ctx, n)
		if err != nil {
			t.Fatalf("retry %s: %v", n.Key, err)
		}
		accepted[n.Key] = m.ID
	}
	// A retry of a request accepted before the kill sends nothing new.
	n := newMessage(sample.sender, sample.i)
	if m, err := login(url, sample.sender).SendMessage(ctx, n); err != nil || m.ID != accepted[n.Key] {
		t.Fatalf("retry of accepted %s: %v, id %s want %s", n.Key, err, m.ID, accepted[n.Key])
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err := db.QueryRow(ctx, `SELECT count(DISTINCT message_id) FROM message_recipients WHERE state = 'queued'`).Scan(&queued); err != nil {
			t.Fatal(err)
		}
		if queued == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages still queued after the restart", queued)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var messages, recipients int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM messages`).Scan(&messages); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT count(*) FROM message_recipients`).Scan(&recipients); err != nil {
		t.Fatal(err)
	}
	if messages != len(accepted) || recipients != 195*len(accepted) {
		t.Fatalf("%d messages with %d recipient rows stored, want %d with %d", messages, recipients, len(accepted), 195*len(accepted))
	}
	// DEU's inbox holds each message once.
	deu := login(url, "deu.officer")
	items, err := client.All(ctx, func(ctx context.Context, o client.ListOptions) (client.Page[client.MessageSummary], error) {
		return deu.Inbox(ctx, client.InboxQuery{}, o)
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range items {
		if seen[m.ID] {
			t.Fatalf("message %s twice in DEU's inbox", m.ID)
		}
		seen[m.ID] = true
	}
	for key, id := range accepted {
		if !seen[id] {
			t.Fatalf("message %s (%s) is not in DEU's inbox", id, key)
		}
	}
}
