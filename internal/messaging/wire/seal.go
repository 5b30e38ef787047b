package wire

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// signedDomain starts every signed message, so that a message signature can
// never be taken for a signature of anything else made with the same key.
const signedDomain = "ncbnet message v1"

// signedForm is what a bureau signs: every field of the message that the
// recipients rely on, the text by its hash (the ciphertext's, when
// encrypted). Its JSON encoding is deterministic (struct fields in order,
// recipients sorted).
type signedForm struct {
	Domain       string       `json:"domain"`
	ID           string       `json:"id"`
	ThreadID     string       `json:"thread_id"`
	ReplyTo      string       `json:"reply_to"`
	Sender       Sender       `json:"sender"`
	To           []string     `json:"to"`
	Recipients   []string     `json:"recipients"`
	Subject      string       `json:"subject"`
	Encrypted    bool         `json:"encrypted"`
	TextSHA256   string       `json:"text_sha256"`
	Priority     string       `json:"priority"`
	HandlingCode string       `json:"handling_code"`
	HandlingNote string       `json:"handling_note"`
	References   []Reference  `json:"references"`
	Attachments  []Attachment `json:"attachments"`
	CreatedAt    string       `json:"created_at"`
	KeyVersion   int          `json:"key_version"`
}

// SignedBytes returns the bytes the sending bureau signs for m (its
// signature's value aside).
func SignedBytes(m Message) []byte {
	text := m.Body
	if m.Encrypted {
		text = m.Ciphertext
	}
	sum := sha256.Sum256([]byte(text))
	rs := make([]string, len(m.Recipients))
	for i, r := range m.Recipients {
		rs[i] = r.Bureau + "/" + r.UnitID
	}
	slices.Sort(rs)
	refs := m.References
	if refs == nil {
		refs = []Reference{}
	}
	atts := m.Attachments
	if atts == nil {
		atts = []Attachment{}
	}
	b, err := json.Marshal(signedForm{
		Domain: signedDomain, ID: m.ID, ThreadID: m.ThreadID, ReplyTo: m.ReplyTo, Sender: m.Sender, To: m.To,
		Recipients: rs, Subject: m.Subject, Encrypted: m.Encrypted, TextSHA256: base64.StdEncoding.EncodeToString(sum[:]),
		Priority: m.Priority, HandlingCode: m.HandlingCode, HandlingNote: m.HandlingNote, References: refs, Attachments: atts,
		CreatedAt: m.CreatedAt.UTC().Format(time.RFC3339Nano), KeyVersion: m.Signature.KeyVersion,
	})
	if err != nil {
		// Strings, ints and bools only: encoding cannot fail.
		panic("BUG: encode signed form: " + err.Error())
	}
	return b
}

// Verify reports whether m's signature holds under the sending bureau's
// public key of the signature's version (base64, as the registry
// publishes it), and is the sending bureau's.
func Verify(m Message, publicKey string) bool {
	if m.Signature.Bureau != m.Sender.Bureau {
		return false
	}
	pub, err := base64.StdEncoding.DecodeString(publicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature.Value)
	if err != nil {
		return false
	}
	return ed25519.Verify(ed25519.PublicKey(pub), SignedBytes(m), sig)
}

// ErrNotEncrypted is returned by Decrypt for a message sent in clear.
var ErrNotEncrypted = errors.New("the message is not encrypted")

// Decrypt opens an encrypted message's text with a bureau's identities
// (its current and earlier X25519 keys, as an age identity file holds
// them). It fails for anyone whose keys the message was not encrypted to.
func Decrypt(m Message, identities ...age.Identity) (string, error) {
	if !m.Encrypted {
		return "", ErrNotEncrypted
	}
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(m.Ciphertext)), identities...)
	if err != nil {
		return "", fmt.Errorf("decrypt message %s: %w", m.ID, err)
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxCiphertext))
	if err != nil {
		return "", fmt.Errorf("decrypt message %s: %w", m.ID, err)
	}
	return string(b), nil
}

// Encrypt seals text to the recipients' X25519 keys (age recipients) and
// armors it.
func Encrypt(text string, recipients []age.Recipient) (string, error) {
	var out strings.Builder
	aw := armor.NewWriter(&out)
	w, err := age.Encrypt(aw, recipients...)
	if err != nil {
		return "", fmt.Errorf("encrypt message: %w", err)
	}
	if _, err := io.WriteString(w, text); err != nil {
		return "", fmt.Errorf("encrypt message: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("encrypt message: %w", err)
	}
	if err := aw.Close(); err != nil {
		return "", fmt.Errorf("encrypt message: %w", err)
	}
	return out.String(), nil
}

// ArmoredAge reports whether s is an armored age file (valid armor around
// an age header): what a sender that encrypts itself must send.
func ArmoredAge(s string) bool {
	if !strings.HasPrefix(s, armor.Header+"\n") {
		return false
	}
	b, err := io.ReadAll(armor.NewReader(strings.NewReader(s)))
	return err == nil && strings.HasPrefix(string(b), "age-encryption.org/v1\n")
}
