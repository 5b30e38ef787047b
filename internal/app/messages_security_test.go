package app_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/messaging"
)

// newIdentity makes a bureau's encryption key pair, as its own system
// would (the node never sees the identity).
func newIdentity(t *testing.T) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// identities is the text of an identity file holding these keys.
func identities(ids ...*age.X25519Identity) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(id.String() + "\n")
	}
	return b.String()
}

// An encrypted message is stored only as ciphertext: its recipients open it
// with their own keys, after a key rotation too; no one else can, neither
// another bureau's key nor the Secretariat, which does not even get it.
func TestEncryptedMessages(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		deuKey, fraKey, ngaKey := newIdentity(t), newIdentity(t), newIdentity(t)
		for _, k := range []struct {
			who, bureau string
			id          *age.X25519Identity
		}{{"deu.supervisor", "DEU", deuKey}, {"fra.supervisor", "FRA", fraKey}, {"nga.supervisor", "NGA", ngaKey}} {
			keys := must[client.PartyKeys](t)(e.as(k.who).PublishEncryptionKey(ctx, k.bureau, k.id.Recipient().String()))
			if len(keys.Encryption) != 1 || keys.Encryption[0].PublicKey != k.id.Recipient().String() {
				t.Fatalf("%s keys after publishing: %+v", k.bureau, keys)
			}
		}
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		const secret = "Informant 7 meets the courier at 22:00, gate B."
		sent := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Meeting", Body: secret, HandlingCode: messaging.H3, HandlingNote: "Not to be shared with customs", Encrypt: true}))
		if !sent.Encrypted || sent.Body != "" || !strings.HasPrefix(sent.Ciphertext, armor.Header) {
			t.Fatalf("sent: %+v", sent)
		}
		var body, ciphertext *string
		if err := e.node.DB.QueryRow(ctx, `SELECT body, ciphertext FROM messages WHERE id = ?`, sent.ID).Scan(&body, &ciphertext); err != nil {
			t.Fatal(err)
		}
		if body != nil || ciphertext == nil || strings.Contains(*ciphertext, "Informant") {
			t.Fatalf("stored body %v, ciphertext holds the text: %v", body, ciphertext != nil && strings.Contains(*ciphertext, "Informant"))
		}
		got := must[client.Message](t)(deu.Message(ctx, sent.ID))
		if text, err := client.DecryptMessage(got, identities(deuKey)); err != nil || text != secret {
			t.Fatalf("DEU decrypts %q, %v", text, err)
		}
		if err := deu.VerifyMessage(ctx, got); err != nil {
			t.Fatalf("verify an encrypted message: %v", err)
		}
		// The sender can read what it sent; a third bureau's key cannot.
		if text, err := client.DecryptMessage(must[client.Message](t)(fra.Message(ctx, sent.ID)), identities(fraKey)); err != nil || text != secret {
			t.Fatalf("FRA decrypts its own message: %q, %v", text, err)
		}
		if _, err := client.DecryptMessage(got, identities(ngaKey)); err == nil {
			t.Fatal("NGA's key opened a message for DEU")
		}
		_, err := e.as("secretariat.reviewer").Message(ctx, sent.ID)
		wantCode(t, err, 404, "not_found")

		// A recipient without a published key cannot be sent an encrypted
		// message, and nothing is stored.
		_, err = fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU", "USA"}, Subject: "x", Body: "y", HandlingCode: messaging.H0, Encrypt: true})
		ae := wantCode(t, err, 422, "invalid_field")
		if !strings.Contains(ae.Message, "USA") {
			t.Fatalf("error does not name USA: %s", ae.Message)
		}

		// DEU rotates its key: the old message still opens with its key
		// file (old and new keys), not with the new key alone; a new
		// message goes to the new key.
		deuNew := newIdentity(t)
		keys := must[client.PartyKeys](t)(e.as("deu.supervisor").PublishEncryptionKey(ctx, "DEU", deuNew.Recipient().String()))
		if len(keys.Encryption) != 2 || keys.Encryption[0].RetiredAt == nil || keys.Encryption[1].RetiredAt != nil {
			t.Fatalf("DEU keys after rotation: %+v", keys.Encryption)
		}
		if text, err := client.DecryptMessage(got, identities(deuKey, deuNew)); err != nil || text != secret {
			t.Fatalf("old message after rotation: %q, %v", text, err)
		}
		if _, err := client.DecryptMessage(got, identities(deuNew)); err == nil {
			t.Fatal("the new key opened a message encrypted before it existed")
		}
		later := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Later", Body: "after rotation", HandlingCode: messaging.H0, Encrypt: true}))
		if text, err := client.DecryptMessage(must[client.Message](t)(deu.Message(ctx, later.ID)), identities(deuNew)); err != nil || text != "after rotation" {
			t.Fatalf("new message with the new key: %q, %v", text, err)
		}
		// Passing an encrypted message on takes the forwarder's own
		// encryption: the node cannot read it to quote it.
		_, err = deu.SendMessage(ctx, client.NewMessage{To: []string{"NGA"}, Subject: "Fwd", ForwardOf: later.ID})
		wantCode(t, err, 422, "invalid_field")
		var resealed strings.Builder
		rw := armor.NewWriter(&resealed)
		ew, err := age.Encrypt(rw, ngaKey.Recipient())
		if err != nil {
			t.Fatal(err)
		}
		ew.Write([]byte("after rotation (forwarded)"))
		ew.Close()
		rw.Close()
		fwd := must[client.Message](t)(deu.SendMessage(ctx, client.NewMessage{To: []string{"NGA"}, Subject: "Fwd", ForwardOf: later.ID, Encrypt: true, Ciphertext: resealed.String()}))
		if text, err := client.DecryptMessage(must[client.Message](t)(e.as("nga.officer").Message(ctx, fwd.ID)), identities(ngaKey)); err != nil || text != "after rotation (forwarded)" {
			t.Fatalf("NGA opens the forward: %q, %v", text, err)
		}
		// A reply to an encrypted message must be encrypted too.
		_, err = deu.SendMessage(ctx, client.NewMessage{ReplyTo: sent.ID, Subject: "Re", Body: "ok"})
		wantCode(t, err, 422, "invalid_field")

		// A sender that encrypts itself: the node never sees the text.
		var sealed strings.Builder
		aw := armor.NewWriter(&sealed)
		w, err := age.Encrypt(aw, deuNew.Recipient())
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("sealed at the sender"))
		w.Close()
		aw.Close()
		own := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Self-sealed", Ciphertext: sealed.String(), Encrypt: true, HandlingCode: messaging.H2}))
		if text, err := client.DecryptMessage(must[client.Message](t)(deu.Message(ctx, own.ID)), identities(deuNew)); err != nil || text != "sealed at the sender" {
			t.Fatalf("client-side encrypted message: %q, %v", text, err)
		}

		// Publishing is the bureau's managers' business, and takes only an
		// age X25519 key.
		_, err = e.as("fra.supervisor").PublishEncryptionKey(ctx, "DEU", newIdentity(t).Recipient().String())
		wantCode(t, err, 403, "other_bureau")
		_, err = e.as("deu.officer").PublishEncryptionKey(ctx, "DEU", newIdentity(t).Recipient().String())
		wantCode(t, err, 403, "role_not_permitted")
		// Not even the Secretariat's administrator: a key of its own
		// published as DEU's would open what is sent to DEU.
		gsAdmin := e.as("secretariat.admin")
		_, err = gsAdmin.PublishEncryptionKey(ctx, "DEU", newIdentity(t).Recipient().String())
		wantCode(t, err, 403, "other_bureau")
		_, err = gsAdmin.RotateSigningKey(ctx, "DEU")
		wantCode(t, err, 403, "other_bureau")
		must[client.PartyKeys](t)(gsAdmin.PublishEncryptionKey(ctx, "secretariat", newIdentity(t).Recipient().String()))
		_, err = e.as("deu.supervisor").PublishEncryptionKey(ctx, "DEU", "ssh-ed25519 AAAA")
		wantCode(t, err, 422, "invalid_field")
		_, err = e.as("deu.supervisor").PublishEncryptionKey(ctx, "DEU", deuNew.Recipient().String())
		wantCode(t, err, 409, "conflict")
		deuSup := e.as("deu.supervisor")
		for _, c := range []struct {
			name, body string
			status     int
			code       string
		}{
			{"malformed JSON", `{"public_key":`, 400, "malformed_json"},
			{"unknown field", `{"public_key":"x","private_key":"y"}`, 400, "unknown_field"},
			{"no key", `{}`, 422, "missing_field"},
		} {
			status, body, err := deuSup.Raw(ctx, "POST", "/api/v1/members/DEU/keys/encryption", "application/json", []byte(c.body))
			if err != nil || status != c.status || !strings.Contains(string(body), `"code":"`+c.code+`"`) {
				t.Errorf("publish with %s: %d %s %v", c.name, status, body, err)
			}
		}
		_, err = e.anon().PublishEncryptionKey(ctx, "DEU", newIdentity(t).Recipient().String())
		wantCode(t, err, 401, "unauthenticated")
		_, err = deuSup.PublishEncryptionKey(ctx, "XXX", newIdentity(t).Recipient().String())
		wantCode(t, err, 404, "not_found")
		_, err = deu.Keys(ctx, "XXX")
		wantCode(t, err, 404, "not_found")
		if n := e.count(`SELECT count(*) FROM party_keys WHERE party = 'DEU' AND key_use = 'encrypt'`); n != 2 {
			t.Fatalf("DEU has %d encryption keys after refused requests, want 2", n)
		}
	})
}

// A message changed in the store after it was sent no longer matches its
// signature: the node says so and the client's own check fails. A rotated
// signing key keeps old messages verifiable.
func TestMessageSignatures(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		first := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Amount", Body: "Freeze EUR 40,000.", HandlingCode: messaging.H0}))
		keys := must[client.PartyKeys](t)(e.as("fra.supervisor").RotateSigningKey(ctx, "FRA"))
		if len(keys.Signing) != 2 || keys.Signing[0].RetiredAt == nil {
			t.Fatalf("FRA signing keys after rotation: %+v", keys.Signing)
		}
		second := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Second", Body: "b", HandlingCode: messaging.H0}))
		if second.Signature.KeyVersion != 2 {
			t.Fatalf("signed after rotation with version %d", second.Signature.KeyVersion)
		}
		for _, id := range []string{first.ID, second.ID} {
			m := must[client.Message](t)(deu.Message(ctx, id))
			if !m.Signature.Verified {
				t.Fatalf("message %s does not verify", id)
			}
			if err := deu.VerifyMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.node.DB.Exec(ctx, `UPDATE messages SET body = ? WHERE id = ?`, "Freeze EUR 400,000.", first.ID); err != nil {
			t.Fatal(err)
		}
		tampered := must[client.Message](t)(deu.Message(ctx, first.ID))
		if tampered.Signature.Verified {
			t.Fatal("a changed message still verifies")
		}
		if err := deu.VerifyMessage(ctx, tampered); err == nil {
			t.Fatal("the client's check accepts a changed message")
		}
		if _, err := e.node.DB.Exec(ctx, `UPDATE message_recipients SET party = 'NGA' WHERE message_id = ?`, second.ID); err != nil {
			t.Fatal(err)
		}
		if m := must[client.Message](t)(fra.Message(ctx, second.ID)); m.Signature.Verified {
			t.Fatal("a message whose recipients changed still verifies")
		}
		// Someone who writes to the store puts a key pair of their own in
		// FRA's published key and signs an altered message with it: the
		// node checks against the key it sealed, not the published column,
		// and publishes the sealed key's half, so the client's check fails
		// too. A fresh key version, so that nothing of it is cached.
		must[client.PartyKeys](t)(e.as("fra.supervisor").RotateSigningKey(ctx, "FRA"))
		third := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Third", Body: "Freeze EUR 10.", HandlingCode: messaging.H0}))
		if third.Signature.KeyVersion != 3 {
			t.Fatalf("signed with version %d, want 3", third.Signature.KeyVersion)
		}
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		forged := third
		forged.Body = "Release everything."
		forged.Signature.Value = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, messaging.SignedBytes(forged)))
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE party_keys SET public_key = ? WHERE party = 'FRA' AND key_use = 'sign' AND version = 3`, []any{base64.StdEncoding.EncodeToString(pub)}},
			{`UPDATE messages SET body = ?, signature = ? WHERE id = ?`, []any{forged.Body, forged.Signature.Value, third.ID}},
		} {
			res, err := e.node.DB.Exec(ctx, q.sql, q.args...)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				t.Fatalf("%s changed %d rows", q.sql, n)
			}
		}
		got := must[client.Message](t)(deu.Message(ctx, third.ID))
		if got.Signature.Verified || got.Body != forged.Body {
			t.Fatalf("a message re-signed with a key put into the store: verified %v", got.Signature.Verified)
		}
		if err := deu.VerifyMessage(ctx, got); err == nil {
			t.Fatal("the client's check accepts a message re-signed with a key put into the store")
		}
	})
}

// An urgent or flash message nobody acknowledges by its deadline is
// escalated once per recipient, on the recipient's and the sender's
// streams; an acknowledged one is not.
func TestMessageEscalation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		fra, deu, usaSup := e.as("fra.officer"), e.as("deu.officer"), e.as("usa.supervisor")
		supStream := must[<-chan client.MessageEvent](t)(usaSup.StreamInbox(ctx))
		fraStream := must[<-chan client.MessageEvent](t)(fra.StreamInbox(ctx))
		flash := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU", "USA"}, Subject: "Bomb threat", Body: "Flight AF123", HandlingCode: messaging.H0, Priority: messaging.Flash}))
		routine := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "FYI", Body: "b", HandlingCode: messaging.H0}))
		must[client.Message](t)(deu.Acknowledge(ctx, flash.ID))
		e.clock.Advance(9 * time.Minute)
		if n := must[int](t)(e.node.Messaging.Escalate(ctx)); n != 0 {
			t.Fatalf("escalated %d before the deadline", n)
		}
		e.clock.Advance(2 * time.Minute)
		if n := must[int](t)(e.node.Messaging.Escalate(ctx)); n != 1 {
			t.Fatalf("escalated %d, want 1 (USA's receipt of the flash message)", n)
		}
		if n := must[int](t)(e.node.Messaging.Escalate(ctx)); n != 0 {
			t.Fatalf("escalated %d again", n)
		}
		waitFor := func(name string, ch <-chan client.MessageEvent, want func(client.MessageEvent) bool) {
			t.Helper()
			for {
				select {
				case ev, ok := <-ch:
					if !ok {
						t.Fatalf("%s stream closed", name)
					}
					if want(ev) {
						return
					}
				case <-ctx.Done():
					t.Fatalf("%s stream got no escalation", name)
				}
			}
		}
		escalated := func(ev client.MessageEvent) bool {
			return ev.Kind == "escalation" && ev.Message.ID == flash.ID && ev.Recipient.Bureau == "USA"
		}
		waitFor("USA supervisor's", supStream, escalated)
		list := must[client.Page[client.MessageSummary]](t)(usaSup.Inbox(ctx, client.InboxQuery{Escalated: true}, client.ListOptions{}))
		if len(list.Items) != 1 || list.Items[0].ID != flash.ID || list.Items[0].Recipient.EscalatedAt == nil {
			t.Fatalf("USA's escalated messages: %+v", list.Items)
		}
		waitFor("FRA's", fraStream, escalated)
		// Sessions do not last two days: log in again.
		e.clock.Advance(48 * time.Hour)
		fra = e.as("fra.officer")
		if n := must[int](t)(e.node.Messaging.Escalate(ctx)); n != 0 {
			t.Fatalf("a routine message was escalated (%d)", n)
		}
		view := must[client.Message](t)(fra.Message(ctx, flash.ID))
		if recipientOf(t, view, "USA").EscalatedAt == nil || recipientOf(t, view, "DEU").EscalatedAt != nil {
			t.Fatalf("escalation marks: %+v", view.Recipients)
		}
		if r := recipientOf(t, must[client.Message](t)(fra.Message(ctx, routine.ID)), "USA"); r.Deadline != nil || r.EscalatedAt != nil {
			t.Fatalf("routine message: %+v", r)
		}
	})
}
