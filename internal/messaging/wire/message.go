// Package wire is a message as it travels between bureaus: its fields,
// the form its sending bureau signs, and its end-to-end encryption. It holds
// no state and imports nothing of the node, so that clients verify and
// decrypt with the very code the node uses.
package wire

import (
	"time"
)

// Secretariat is the party name of the Secretariat; every other party (a
// sender or recipient of messages) is a member country's bureau, by its
// ISO3 code.
const Secretariat = "secretariat"

// The priorities of a message.
const (
	Routine = "routine"
	Urgent  = "urgent"
	Flash   = "flash"
)

// Priorities lists the priorities, lowest first.
var Priorities = []string{Routine, Urgent, Flash}

// AckWithin is how long recipients have to acknowledge a message of this
// priority before it is escalated to their supervisors; zero means never
// escalated (routine).
func AckWithin(priority string) time.Duration {
	switch priority {
	case Flash:
		return 10 * time.Minute
	case Urgent:
		return time.Hour
	}
	return 0
}

// The handling codes, from the least to the most restrictive: how the
// recipient may use and pass on the content.
const (
	// H0: usable for any law-enforcement purpose.
	H0 = "H0"
	// H1: not to be used as evidence without the sender's permission.
	H1 = "H1"
	// H2: not to be passed on without the sender's permission.
	H2 = "H2"
	// H3: other restrictions, stated in the handling note.
	H3 = "H3"
)

// HandlingCodes lists the codes, least restrictive first.
var HandlingCodes = []string{H0, H1, H2, H3}

// The states of a message at one recipient, in the only order they move.
const (
	Queued       = "queued"
	Delivered    = "delivered"
	Read         = "read"
	Acknowledged = "acknowledged"
)

// The kinds of thing a message may refer to.
var ReferenceTypes = []string{"record", "hit", "notice", "stop-payment", "message", "case"}

// Reference points a message at a record, hit, notice, stop-payment
// request, another message or a case number.
type Reference struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Attachment is a file a message carries, by the SHA-256 of its content
// (hex). In a NewMessage only SHA256 and Name count: the node fills in the
// rest from what was uploaded.
type Attachment struct {
	SHA256    string `json:"sha256"`
	Name      string `json:"name"`
	Size      int64  `json:"size"`
	MediaType string `json:"media_type"`
}

// Sender is who sent a message.
type Sender struct {
	// Bureau is the sending party: an ISO3 code or "secretariat".
	Bureau string `json:"bureau"`
	UnitID string `json:"unit_id"`
	ID     string `json:"id"`
	Name   string `json:"name"`
}

// Recipient is one recipient of a message and its state there.
type Recipient struct {
	// Bureau is the receiving party: an ISO3 code or "secretariat".
	Bureau string `json:"bureau"`
	// UnitID is set when the message went to one of the bureau's units
	// rather than to its NCB.
	UnitID      string     `json:"unit_id,omitempty"`
	State       string     `json:"state"`
	Deadline    *time.Time `json:"deadline,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at"`
	ReadAt      *time.Time `json:"read_at"`
	ReadBy      string     `json:"read_by,omitempty"`
	AckedAt     *time.Time `json:"acked_at"`
	AckedBy     string     `json:"acked_by,omitempty"`
	EscalatedAt *time.Time `json:"escalated_at,omitempty"`
	// Seq numbers the delivery among all deliveries (a stream's cursor).
	Seq int64 `json:"-"`
}

// Signature is the sending bureau's Ed25519 signature of a message, and
// whether it held when the node served the message.
type Signature struct {
	Bureau     string `json:"bureau"`
	KeyVersion int    `json:"key_version"`
	Value      string `json:"value"`
	// Verified is false when the stored message no longer matches its
	// signature: it was changed after it was sent.
	Verified bool `json:"verified"`
}

// Message is a message as a party to it sees it.
type Message struct {
	ID       string `json:"id"`
	ThreadID string `json:"thread_id"`
	ReplyTo  string `json:"reply_to,omitempty"`
	Sender   Sender `json:"sender"`
	// To is what the sender addressed, as given (bureaus, units, regions,
	// "all"); Recipients is what that came to.
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	// Body is empty when the message is encrypted: Ciphertext is then the
	// age file (armored) that only the recipients' keys open.
	Body         string       `json:"body,omitempty"`
	Encrypted    bool         `json:"encrypted"`
	Ciphertext   string       `json:"ciphertext,omitempty"`
	Priority     string       `json:"priority"`
	HandlingCode string       `json:"handling_code"`
	HandlingNote string       `json:"handling_note,omitempty"`
	References   []Reference  `json:"references"`
	Attachments  []Attachment `json:"attachments"`
	CreatedAt    time.Time    `json:"created_at"`
	Signature    Signature    `json:"signature"`
	Recipients   []Recipient  `json:"recipients"`
}

// Summary is a message as an inbox or a stream lists it: no body.
type Summary struct {
	ID           string    `json:"id"`
	ThreadID     string    `json:"thread_id"`
	ReplyTo      string    `json:"reply_to,omitempty"`
	Sender       Sender    `json:"sender"`
	Subject      string    `json:"subject"`
	Encrypted    bool      `json:"encrypted"`
	Priority     string    `json:"priority"`
	HandlingCode string    `json:"handling_code"`
	CreatedAt    time.Time `json:"created_at"`
	// Recipient is the caller's own receipt of the message, when the caller
	// is a recipient.
	Recipient *Recipient `json:"recipient,omitempty"`
}

// NewMessage is what a sender asks to send.
type NewMessage struct {
	To           []string    `json:"to"`
	Subject      string      `json:"subject"`
	Body         string      `json:"body"`
	Priority     string      `json:"priority"`
	HandlingCode string      `json:"handling_code"`
	HandlingNote string      `json:"handling_note"`
	References   []Reference `json:"references"`
	// Attachments were uploaded by the sender's bureau beforehand; those
	// of an encrypted message must be encrypted too (media type
	// application/vnd.age).
	Attachments []Attachment `json:"attachments"`
	// Encrypt asks for the message to be encrypted end to end to the
	// recipients' published keys. With Body, the node encrypts it on
	// arrival and stores only the ciphertext; with Ciphertext, the sender
	// encrypted it itself and the node never sees the text.
	Encrypt    bool   `json:"encrypt"`
	Ciphertext string `json:"ciphertext"`
	// ReplyTo is the message this one answers: it joins its thread and
	// keeps at least its handling code.
	ReplyTo string `json:"reply_to"`
	// ForwardOf is a message this one passes on to others, with its text
	// (Body is then the forwarder's note, and may be empty), its
	// attachments and at least its handling code. Messages coded H2 or H3
	// are passed on by their sender's bureau only; an encrypted one is
	// decrypted and encrypted again by the forwarder (Ciphertext).
	ForwardOf string `json:"forward_of"`
	// Key is the idempotency key: a retry with the same key returns the
	// message the first attempt sent instead of sending another.
	Key string `json:"key"`
}

// Limits of a message's text.
const (
	MaxBody       = 32 << 10  // bytes of text
	MaxCiphertext = 128 << 10 // bytes of an armored age file
)

// Event is what a stream receives: a message delivered to the caller, a
// receipt of a message the caller's bureau sent, or an escalation.
type Event struct {
	Kind    string  `json:"kind"`
	Message Summary `json:"message"`
	// Recipient is the receipt that changed (for a receipt or an
	// escalation, at the recipient it concerns).
	Recipient Recipient `json:"recipient"`
	// Cursor, on a message event, is where a stream that reconnects
	// resumes (its Last-Event-ID).
	Cursor string `json:"cursor,omitempty"`
}

// PublicKey is one version of a party's key as the registry publishes it:
// an Ed25519 public key (base64) for signing, an age X25519 recipient
// ("age1…") for encryption.
type PublicKey struct {
	Version   int        `json:"version"`
	PublicKey string     `json:"public_key"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

// PartyKeys are every version of a party's keys, the current one last.
// Retired versions stay: messages signed or encrypted with them remain
// verifiable and readable.
type PartyKeys struct {
	Bureau     string      `json:"bureau"`
	Signing    []PublicKey `json:"signing"`
	Encryption []PublicKey `json:"encryption"`
}
