package wire_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/ncbnet/ncbnet/internal/messaging/wire"
)

func signed(t *testing.T) (wire.Message, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	m := wire.Message{
		ID: "01M8DP7TYRP1DDMGZ31PWK97ST", ThreadID: "01M8DP7TYRP1DDMGZ31PWK97ST",
		Sender: wire.Sender{Bureau: "FRA", UnitID: "u1", ID: "p1", Name: "fra.officer"}, To: []string{"DEU", "region:Africa"},
		Subject: "Stolen Renoir", Body: "Check the ports.", Priority: wire.Urgent, HandlingCode: wire.H1,
		References: []wire.Reference{{Type: "case", ID: "FR-1"}}, CreatedAt: time.Date(2026, 11, 27, 5, 4, 23, 123456000, time.UTC),
		Signature:  wire.Signature{Bureau: "FRA", KeyVersion: 3},
		Recipients: []wire.Recipient{{Bureau: "USA"}, {Bureau: "DEU", UnitID: "u9"}},
	}
	m.Signature.Value = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, wire.SignedBytes(m)))
	return m, base64.StdEncoding.EncodeToString(pub)
}

// Every field a recipient relies on is under the signature: changing any
// one of them breaks it; what the signature does not cover (receipts, the
// order recipients are listed in) does not.
func TestSignatureCoversTheMessage(t *testing.T) {
	m, pub := signed(t)
	if !wire.Verify(m, pub) {
		t.Fatal("an untouched message does not verify")
	}
	changes := []struct {
		name   string
		change func(m *wire.Message)
	}{
		{"id", func(m *wire.Message) { m.ID = "01M8DP7TYRP1DDMGZ31PWK97SV" }},
		{"thread", func(m *wire.Message) { m.ThreadID = "x" }},
		{"reply_to", func(m *wire.Message) { m.ReplyTo = "x" }},
		{"sender bureau", func(m *wire.Message) { m.Sender.Bureau = "DEU" }},
		{"sender name", func(m *wire.Message) { m.Sender.Name = "someone" }},
		{"addressed", func(m *wire.Message) { m.To = []string{"DEU"} }},
		{"a recipient added", func(m *wire.Message) { m.Recipients = append(m.Recipients, wire.Recipient{Bureau: "NGA"}) }},
		{"a recipient's unit", func(m *wire.Message) { m.Recipients[1].UnitID = "" }},
		{"subject", func(m *wire.Message) { m.Subject = "Stolen Monet" }},
		{"body", func(m *wire.Message) { m.Body = "Check the airports." }},
		{"encrypted flag", func(m *wire.Message) { m.Encrypted = true }},
		{"priority", func(m *wire.Message) { m.Priority = wire.Routine }},
		{"handling code", func(m *wire.Message) { m.HandlingCode = wire.H0 }},
		{"handling note", func(m *wire.Message) { m.HandlingNote = "anything goes" }},
		{"reference", func(m *wire.Message) { m.References[0].ID = "FR-2" }},
		{"time", func(m *wire.Message) { m.CreatedAt = m.CreatedAt.Add(time.Microsecond) }},
		{"key version", func(m *wire.Message) { m.Signature.KeyVersion = 2 }},
		{"signing bureau", func(m *wire.Message) { m.Signature.Bureau = "DEU" }},
		{"attachment", func(m *wire.Message) { m.Attachments = []wire.Attachment{{SHA256: "ab", Name: "x.pdf"}} }},
		{"signature", func(m *wire.Message) { m.Signature.Value = base64.StdEncoding.EncodeToString(make([]byte, 64)) }},
		{"signature not base64", func(m *wire.Message) { m.Signature.Value = "%%%" }},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			m, pub := signed(t)
			c.change(&m)
			if wire.Verify(m, pub) {
				t.Fatalf("changing the %s keeps the signature valid", c.name)
			}
		})
	}
	kept := []struct {
		name   string
		change func(m *wire.Message)
	}{
		{"a receipt", func(m *wire.Message) {
			now := time.Now()
			m.Recipients[0].State, m.Recipients[0].ReadAt = wire.Read, &now
		}},
		{"the recipients' order", func(m *wire.Message) { m.Recipients[0], m.Recipients[1] = m.Recipients[1], m.Recipients[0] }},
		{"the verified flag", func(m *wire.Message) { m.Signature.Verified = true }},
	}
	for _, c := range kept {
		m, pub := signed(t)
		c.change(&m)
		if !wire.Verify(m, pub) {
			t.Errorf("changing %s breaks the signature", c.name)
		}
	}
	if wire.Verify(m, "not a key") || wire.Verify(m, base64.StdEncoding.EncodeToString([]byte("short"))) {
		t.Fatal("verifies against a key that is not one")
	}
}

// Encrypted text opens with any recipient's identity and no other; the
// signature covers the ciphertext.
func TestEncryptDecrypt(t *testing.T) {
	a, _ := age.GenerateX25519Identity()
	b, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	ct, err := wire.Encrypt("meet at 22:00", []age.Recipient{a.Recipient(), b.Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	if !wire.ArmoredAge(ct) || wire.ArmoredAge("meet at 22:00") {
		t.Fatal("ArmoredAge does not tell an armored age file from text")
	}
	m := wire.Message{ID: "m1", Encrypted: true, Ciphertext: ct}
	for _, id := range []*age.X25519Identity{a, b} {
		if text, err := wire.Decrypt(m, id); err != nil || text != "meet at 22:00" {
			t.Fatalf("recipient decrypts %q, %v", text, err)
		}
	}
	if _, err := wire.Decrypt(m, other); err == nil {
		t.Fatal("a non-recipient decrypted the message")
	}
	if _, err := wire.Decrypt(wire.Message{Body: "clear"}, a); !errors.Is(err, wire.ErrNotEncrypted) {
		t.Fatalf("decrypting a clear message: %v", err)
	}
	m2, pub := signed(t)
	m2.Encrypted, m2.Body, m2.Ciphertext = true, "", ct
	if wire.Verify(m2, pub) {
		t.Fatal("a message whose body was swapped for a ciphertext verifies")
	}
}

// AckWithin gives urgent and flash messages a deadline, routine ones none.
func TestAckWithin(t *testing.T) {
	for p, want := range map[string]time.Duration{wire.Routine: 0, wire.Urgent: time.Hour, wire.Flash: 10 * time.Minute, "": 0} {
		if got := wire.AckWithin(p); got != want {
			t.Errorf("AckWithin(%q) = %s, want %s", p, got, want)
		}
	}
}
