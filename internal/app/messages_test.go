package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/messaging"
)

// recipientOf returns a message's recipient row for a bureau.
func recipientOf(t *testing.T, m client.Message, bureau string) client.MessageRecipient {
	t.Helper()
	for _, r := range m.Recipients {
		if r.Bureau == bureau && r.UnitID == "" {
			return r
		}
	}
	t.Fatalf("message %s has no recipient %s: %+v", m.ID, bureau, m.Recipients)
	return client.MessageRecipient{}
}

// A message goes from one bureau to two others: each finds it in its inbox,
// reads and acknowledges it, and the sender sees each one's state; a reply
// joins the thread and keeps the handling code; no one else sees any of it.
func TestMessagesSendReceiveReplyAck(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu, usa := e.as("fra.officer"), e.as("deu.officer"), e.as("usa.officer")
		sent := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{
			To: []string{"DEU", "usa"}, Subject: "Stolen Renoir", Body: "The painting left Marseille on the 12th.\nPlease check your ports.",
			Priority: messaging.Urgent, HandlingCode: messaging.H1, References: []client.MessageReference{{Type: "case", ID: "FR-2026-0042"}},
		}))
		if sent.Sender.Bureau != "FRA" || sent.ThreadID != sent.ID || !sent.Signature.Verified || sent.Signature.KeyVersion != 1 {
			t.Fatalf("sent message: %+v", sent)
		}
		for _, b := range []string{"DEU", "USA"} {
			r := recipientOf(t, sent, b)
			if r.State != messaging.Delivered || r.DeliveredAt == nil || r.Deadline == nil || !r.Deadline.Equal(sent.CreatedAt.Add(time.Hour)) {
				t.Fatalf("recipient %s after sending: %+v", b, r)
			}
		}
		inbox := must[client.Page[client.MessageSummary]](t)(deu.Inbox(ctx, client.InboxQuery{}, client.ListOptions{}))
		if len(inbox.Items) != 1 || inbox.Items[0].ID != sent.ID || inbox.Items[0].Recipient == nil || inbox.Items[0].Recipient.State != messaging.Delivered {
			t.Fatalf("DEU inbox: %+v", inbox.Items)
		}
		got := must[client.Message](t)(deu.Message(ctx, sent.ID))
		if got.Body != sent.Body || got.HandlingCode != messaging.H1 || !got.Signature.Verified {
			t.Fatalf("DEU reads %+v", got)
		}
		if err := deu.VerifyMessage(ctx, got); err != nil {
			t.Fatalf("verify on the client's side: %v", err)
		}
		read := must[client.Message](t)(deu.MarkRead(ctx, sent.ID))
		if r := recipientOf(t, read, "DEU"); r.State != messaging.Read || r.ReadAt == nil || r.ReadBy != "deu.officer" {
			t.Fatalf("after read: %+v", r)
		}
		// A recipient sees who else received it, not their receipts.
		if r := recipientOf(t, read, "USA"); r.State != "" || r.DeliveredAt != nil {
			t.Fatalf("DEU sees USA's receipt: %+v", r)
		}
		must[client.Message](t)(deu.Acknowledge(ctx, sent.ID))
		again := must[client.Message](t)(deu.Acknowledge(ctx, sent.ID))
		if r := recipientOf(t, again, "DEU"); r.State != messaging.Acknowledged || r.AckedAt == nil {
			t.Fatalf("after ack: %+v", r)
		}
		// The sender sees every state.
		view := must[client.Message](t)(fra.Message(ctx, sent.ID))
		if a, b := recipientOf(t, view, "DEU").State, recipientOf(t, view, "USA").State; a != messaging.Acknowledged || b != messaging.Delivered {
			t.Fatalf("sender sees DEU %s, USA %s", a, b)
		}
		// Reading does not go backwards.
		must[client.Message](t)(deu.MarkRead(ctx, sent.ID))
		if s := recipientOf(t, must[client.Message](t)(fra.Message(ctx, sent.ID)), "DEU").State; s != messaging.Acknowledged {
			t.Fatalf("read after ack moved the state back to %s", s)
		}

		// A reply goes back to the sender, in the thread, keeping H1.
		reply := must[client.Message](t)(deu.SendMessage(ctx, client.NewMessage{ReplyTo: sent.ID, Subject: "Re: Stolen Renoir", Body: "Hamburg port alerted."}))
		if reply.ThreadID != sent.ID || reply.ReplyTo != sent.ID || reply.HandlingCode != messaging.H1 || len(reply.Recipients) != 1 || reply.Recipients[0].Bureau != "FRA" {
			t.Fatalf("reply: %+v", reply)
		}
		_, err := deu.SendMessage(ctx, client.NewMessage{ReplyTo: sent.ID, Subject: "Re", Body: "x", HandlingCode: messaging.H0})
		wantCode(t, err, 422, "invalid_field")
		thread := must[client.Page[client.MessageSummary]](t)(fra.Inbox(ctx, client.InboxQuery{Thread: sent.ID}, client.ListOptions{}))
		if len(thread.Items) != 1 || thread.Items[0].ID != reply.ID {
			t.Fatalf("FRA's inbox in the thread: %+v", thread.Items)
		}
		outbox := must[client.Page[client.MessageSummary]](t)(fra.Inbox(ctx, client.InboxQuery{Box: "sent"}, client.ListOptions{}))
		if len(outbox.Items) != 1 || outbox.Items[0].ID != sent.ID {
			t.Fatalf("FRA's sent box: %+v", outbox.Items)
		}

		// Neither another bureau nor the Secretariat sees the exchange.
		for _, who := range []string{"nga.officer", "secretariat.reviewer", "fra.analyst"} {
			_, err := e.as(who).Message(ctx, sent.ID)
			wantCode(t, err, 404, "not_found")
		}
		_, err = e.as("nga.officer").Acknowledge(ctx, sent.ID)
		wantCode(t, err, 404, "not_found")
		// The sender is not a recipient of its own message.
		_, err = fra.Acknowledge(ctx, sent.ID)
		wantCode(t, err, 403, "forbidden")
		if n := len(must[client.Page[client.MessageSummary]](t)(usa.Inbox(ctx, client.InboxQuery{State: messaging.Acknowledged}, client.ListOptions{})).Items); n != 0 {
			t.Fatalf("USA has %d acknowledged messages, want 0", n)
		}
	})
}

// Paging walks an inbox newest first without repeats or gaps.
func TestInboxPaging(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, sgp := e.as("fra.officer"), e.as("sgp.officer")
		var ids []string
		for i := range 7 {
			m := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"SGP"}, Subject: "Note " + string(rune('A'+i)), Body: "b", HandlingCode: messaging.H0}))
			ids = append(ids, m.ID)
		}
		slices.Reverse(ids)
		var got []string
		opts := client.ListOptions{Limit: 3}
		for {
			p := must[client.Page[client.MessageSummary]](t)(sgp.Inbox(ctx, client.InboxQuery{}, opts))
			for _, m := range p.Items {
				got = append(got, m.ID)
			}
			if p.NextCursor == nil {
				break
			}
			opts.Cursor = *p.NextCursor
		}
		if !slices.Equal(got, ids) {
			t.Fatalf("paged inbox %v, want %v", got, ids)
		}
	})
}

// A diffusion to all members reaches every bureau but the sender's, and the
// open streams of the recipients; a region reaches its members.
func TestDiffusionToAllAndRegion(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		deu := e.as("deu.officer")
		stream := must[<-chan client.MessageEvent](t)(deu.StreamInbox(ctx))
		m := must[client.Message](t)(e.as("bra.officer").SendMessage(ctx, client.NewMessage{To: []string{"all"}, Subject: "Diffusion", Body: "Wanted for fraud.", HandlingCode: messaging.H0, Priority: messaging.Flash}))
		if len(m.Recipients) != 195 || slices.ContainsFunc(m.Recipients, func(r client.MessageRecipient) bool { return r.Bureau == "BRA" }) {
			t.Fatalf("diffusion to all reached %d recipients", len(m.Recipients))
		}
		select {
		case ev := <-stream:
			if ev.Kind != "message" || ev.Message.ID != m.ID || ev.Recipient.Bureau != "DEU" {
				t.Fatalf("DEU's stream got %+v", ev)
			}
		case <-ctx.Done():
			t.Fatal("DEU's stream did not get the diffusion")
		}
		eu := must[client.Message](t)(e.as("fra.officer").SendMessage(ctx, client.NewMessage{To: []string{"region:europe", "SGP"}, Subject: "EU", Body: "b", HandlingCode: messaging.H0}))
		if len(eu.Recipients) != 44 || !slices.ContainsFunc(eu.Recipients, func(r client.MessageRecipient) bool { return r.Bureau == "SGP" }) {
			t.Fatalf("region:europe + SGP from FRA reached %d recipients", len(eu.Recipients))
		}
	})
}

// Retries with one idempotency key send one message, however they arrive;
// the key used for another message is refused.
func TestMessageIdempotency(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		n := client.NewMessage{To: []string{"DEU"}, Subject: "Once", Body: "only once", HandlingCode: messaging.H2, Key: "fra-msg-0001"}
		var wg sync.WaitGroup
		got := make([]client.Message, 8)
		errs := make([]error, 8)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = fra.SendMessage(ctx, n)
			}()
		}
		wg.Wait()
		for i := range got {
			if errs[i] != nil || got[i].ID != got[0].ID {
				t.Fatalf("attempt %d: %v, message %s (first %s)", i, errs[i], got[i].ID, got[0].ID)
			}
		}
		if c := e.count(`SELECT count(*) FROM messages`); c != 1 {
			t.Fatalf("%d messages stored, want 1", c)
		}
		if c := e.count(`SELECT count(*) FROM message_recipients`); c != 1 {
			t.Fatalf("%d recipient rows, want 1", c)
		}
		n.Key = ""
		body, _ := json.Marshal(n)
		status, replayed, err := rawWithHeader(ctx, e, fra, "POST", "/api/v1/messages", body, map[string]string{"Idempotency-Key": "fra-msg-0001"})
		if err != nil || status != http.StatusCreated || replayed != "true" {
			t.Fatalf("replay through the header: %d, Idempotent-Replayed %q, %v", status, replayed, err)
		}
		n.Key = "fra-msg-0001"
		n.Subject = "Something else"
		_, err = fra.SendMessage(ctx, n)
		wantCode(t, err, 409, "conflict")
		if c := e.count(`SELECT count(*) FROM messages`); c != 1 {
			t.Fatalf("%d messages stored after a conflicting key, want 1", c)
		}
	})
}

// rawWithHeader sends a request with extra headers and returns the status
// and the Idempotent-Replayed header.
func rawWithHeader(ctx context.Context, e *env, c *client.Client, method, path string, body []byte, headers map[string]string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, e.url+path, strings.NewReader(string(body)))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token())
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), nil
}

// A forward passes a message on with its text, attachments and at least
// its handling code; H2 and H3 messages are passed on only by their
// sender's bureau; an encrypted one only re-encrypted by the forwarder.
func TestMessageForwarding(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu, usa := e.as("fra.officer"), e.as("deu.officer"), e.as("usa.officer")
		file := must[client.MessageAttachment](t)(fra.UploadAttachment(ctx, "application/pdf", pdfFile))
		h1 := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Suspect vehicle", Body: "Plate AB-123-CD, grey Peugeot.", HandlingCode: messaging.H1,
			Attachments: []client.MessageAttachment{{SHA256: file.SHA256, Name: "photo.pdf"}}}))
		h2 := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Informant", Body: "Do not pass on.", HandlingCode: messaging.H2}))

		fwd := must[client.Message](t)(deu.SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "Fwd: Suspect vehicle", Body: "For your ports.", ForwardOf: h1.ID}))
		if fwd.HandlingCode != messaging.H1 || fwd.ThreadID != fwd.ID || !strings.Contains(fwd.Body, "For your ports.") || !strings.Contains(fwd.Body, "Plate AB-123-CD") ||
			!slices.Contains(fwd.References, client.MessageReference{Type: "message", ID: h1.ID}) || len(fwd.Attachments) != 1 {
			t.Fatalf("forward: %+v", fwd)
		}
		if b := must[[]byte](t)(usa.AttachmentContent(ctx, fwd.ID, file.SHA256)); len(b) != len(pdfFile) {
			t.Fatal("USA cannot open the forwarded attachment")
		}
		// USA still cannot read the original.
		_, err := usa.Message(ctx, h1.ID)
		wantCode(t, err, 404, "not_found")
		_, err = deu.SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "Fwd", ForwardOf: h1.ID, HandlingCode: messaging.H0})
		wantCode(t, err, 422, "invalid_field")
		_, err = deu.SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "Fwd: Informant", ForwardOf: h2.ID})
		wantCode(t, err, 403, "forbidden")
		_, err = usa.SendMessage(ctx, client.NewMessage{To: []string{"NGA"}, Subject: "Fwd", ForwardOf: h2.ID})
		wantCode(t, err, 422, "invalid_field")
		_, err = deu.SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "Fwd", ForwardOf: h1.ID, ReplyTo: h1.ID})
		wantCode(t, err, 422, "invalid_field")
		// The sender's own bureau may pass its H2 message on.
		own := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"NGA"}, Subject: "Fwd: Informant", ForwardOf: h2.ID}))
		if own.HandlingCode != messaging.H2 {
			t.Fatalf("own forward coded %s", own.HandlingCode)
		}
		// An encrypted forward cannot carry the original's files in clear.
		_, err = deu.SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "Fwd", ForwardOf: h1.ID, Encrypt: true})
		if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != "forward_of" {
			t.Fatalf("refused for %s, want forward_of", ae.Field)
		}
		if n := e.count(`SELECT count(*) FROM messages`); n != 4 {
			t.Fatalf("%d messages stored, want 4", n)
		}
		// A node that is stopping takes no message.
		e.node.Messaging.Close()
		_, err = fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Late", Body: "b", HandlingCode: messaging.H0})
		wantCode(t, err, 503, "unavailable")
	})
}

// Messages go to a bureau's unit and to the Secretariat too: the unit
// reads and acknowledges its own (its NCB sees it but does not answer for
// it), the Secretariat its own; the Secretariat sends as itself. Every
// read is audited, and the sender's DPO sees the transfer.
func TestMessagesToUnitsAndSecretariat(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deuAnalyst, deuNCB, gs := e.as("fra.officer"), e.as("deu.analyst"), e.as("deu.officer"), e.as("secretariat.reviewer")
		unit := must[client.Me](t)(deuAnalyst.Me(ctx)).UnitID
		m := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"unit:" + unit, "secretariat"}, Subject: "Money trail", Body: "IBAN DE00…", HandlingCode: messaging.H1}))
		if len(m.Recipients) != 2 {
			t.Fatalf("recipients: %+v", m.Recipients)
		}
		inbox := func(c *client.Client) []string {
			var ids []string
			for _, s := range must[client.Page[client.MessageSummary]](t)(c.Inbox(ctx, client.InboxQuery{}, client.ListOptions{})).Items {
				ids = append(ids, s.ID)
			}
			return ids
		}
		if !slices.Equal(inbox(deuAnalyst), []string{m.ID}) || !slices.Equal(inbox(gs), []string{m.ID}) || len(inbox(deuNCB)) != 0 {
			t.Fatalf("inboxes: unit %v, Secretariat %v, DEU NCB %v", inbox(deuAnalyst), inbox(gs), inbox(deuNCB))
		}
		must[client.Message](t)(deuNCB.Message(ctx, m.ID))
		_, err := deuNCB.Acknowledge(ctx, m.ID)
		wantCode(t, err, 403, "forbidden")
		must[client.Message](t)(deuAnalyst.Acknowledge(ctx, m.ID))
		must[client.Message](t)(gs.MarkRead(ctx, m.ID))
		view := must[client.Message](t)(fra.Message(ctx, m.ID))
		for _, r := range view.Recipients {
			want := messaging.Acknowledged
			if r.Bureau == messaging.Secretariat {
				want = messaging.Read
			} else if r.Bureau != "DEU" || r.UnitID != unit {
				t.Fatalf("unexpected recipient %+v", r)
			}
			if r.State != want {
				t.Fatalf("%s/%s is %s, want %s", r.Bureau, r.UnitID, r.State, want)
			}
		}
		// A reply to what a unit wrote goes back to that unit.
		fromUnit := must[client.Message](t)(deuAnalyst.SendMessage(ctx, client.NewMessage{To: []string{"FRA"}, Subject: "Question", Body: "Which account?", HandlingCode: messaging.H0}))
		answer := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{ReplyTo: fromUnit.ID, Subject: "Re: Question", Body: "The second one."}))
		if len(answer.Recipients) != 1 || answer.Recipients[0].Bureau != "DEU" || answer.Recipients[0].UnitID != unit {
			t.Fatalf("reply to a unit went to %+v", answer.Recipients)
		}
		// Another unit of FRA did not send it and does not see it.
		_, err = e.as("fra.analyst").Message(ctx, m.ID)
		wantCode(t, err, 404, "not_found")

		fromGS := must[client.Message](t)(gs.SendMessage(ctx, client.NewMessage{To: []string{"FRA"}, Subject: "Review", Body: "Please add the warrant.", HandlingCode: messaging.H0}))
		if fromGS.Sender.Bureau != messaging.Secretariat || !fromGS.Signature.Verified {
			t.Fatalf("from the Secretariat: %+v", fromGS)
		}
		if err := fra.VerifyMessage(ctx, must[client.Message](t)(fra.Message(ctx, fromGS.ID))); err != nil {
			t.Fatal(err)
		}

		// The read and the receipts are in the audit log, as the DPOs see it.
		deadline := time.Now().Add(10 * time.Second)
		for {
			reads := must[client.Page[client.AuditEntry]](t)(e.as("deu.dpo").AuditEntries(ctx, client.AuditQuery{Action: "message.read", Resource: m.ID}, client.ListOptions{}))
			receipts := must[client.Page[client.AuditEntry]](t)(e.as("fra.dpo").AuditEntries(ctx, client.AuditQuery{Action: "message.receipt", Resource: m.ID}, client.ListOptions{}))
			sends := must[client.Page[client.AuditEntry]](t)(e.as("fra.dpo").AuditEntries(ctx, client.AuditQuery{Action: "message.send", Resource: m.ID}, client.ListOptions{}))
			if len(reads.Items) == 1 && reads.Items[0].Actor.Name == "deu.officer" && len(receipts.Items) == 2 && len(sends.Items) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("audit: %d reads by DEU, %d receipts and %d sends seen by FRA", len(reads.Items), len(receipts.Items), len(sends.Items))
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// A stream that reconnects with the cursor of the last message it had gets
// what was delivered meanwhile, in order and once, then the live messages;
// more than one connection carries come over the next connections.
func TestInboxStreamResumes(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		send := func(subject string) client.Message {
			return must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: subject, Body: "b", HandlingCode: messaging.H0}))
		}
		// next returns the next message event, or ok false when the stream
		// ended.
		next := func(ch <-chan client.MessageEvent) (client.MessageEvent, bool) {
			t.Helper()
			for {
				select {
				case ev, ok := <-ch:
					if !ok {
						return client.MessageEvent{}, false
					}
					if ev.Kind == "message" {
						return ev, true
					}
				case <-ctx.Done():
					t.Fatal("no message on the stream")
				}
			}
		}
		first, stop := context.WithCancel(ctx)
		stream := must[<-chan client.MessageEvent](t)(deu.StreamInbox(first))
		m1 := send("one")
		ev1, _ := next(stream)
		if ev1.Message.ID != m1.ID || ev1.Cursor == "" {
			t.Fatalf("first stream got %s (cursor %q), want %s", ev1.Message.ID, ev1.Cursor, m1.ID)
		}
		stop()
		m2, m3 := send("two"), send("three")
		resumed := must[<-chan client.MessageEvent](t)(deu.StreamInboxFrom(ctx, ev1.Cursor))
		var got []string
		for range 2 {
			ev, _ := next(resumed)
			got = append(got, ev.Message.ID)
		}
		if !slices.Equal(got, []string{m2.ID, m3.ID}) {
			t.Fatalf("resumed stream sent %v, want %s, %s", got, m2.ID, m3.ID)
		}
		m4 := send("four")
		if ev, _ := next(resumed); ev.Message.ID != m4.ID {
			t.Fatalf("after the missed ones, the stream sent %s, want %s", ev.Message.ID, m4.ID)
		}

		// More missed than one connection carries (from m1 on: m2, m3, m4
		// and 500 more): the stream ends after a page; reopened from its
		// last cursor, it sends the rest.
		want := make([]string, 0, 503)
		for _, m := range []client.Message{m2, m3, m4} {
			want = append(want, m.ID)
		}
		for i := range 500 {
			want = append(want, send(fmt.Sprint("bulk ", i)).ID)
		}
		got, cursor, connections := nil, ev1.Cursor, 0
		for len(got) < len(want) {
			connections++
			if connections > 3 {
				t.Fatalf("after %d connections: %d of %d messages", connections-1, len(got), len(want))
			}
			s := must[<-chan client.MessageEvent](t)(deu.StreamInboxFrom(ctx, cursor))
			for len(got) < len(want) {
				ev, ok := next(s)
				if !ok {
					break
				}
				got, cursor = append(got, ev.Message.ID), ev.Cursor
			}
		}
		if !slices.Equal(got, want) || connections != 2 {
			t.Fatalf("resumed %d messages over %d connections; in order: %v", len(got), connections, slices.Equal(got, want))
		}
		status, _, err := rawWithHeader(ctx, e, deu, "GET", "/api/v1/inbox/stream", nil, map[string]string{"Last-Event-ID": "not-a-cursor"})
		if err != nil || status != 400 {
			t.Fatalf("a bad Last-Event-ID: %d, %v", status, err)
		}
	})
}
