package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"filippo.io/age"

	"github.com/ncbnet/ncbnet/internal/messaging/wire"
)

// The messaging types, as the API sends and takes them.
type (
	// NewMessage is what a sender asks to send.
	NewMessage = wire.NewMessage
	// Message is a message with its recipients' states and signature.
	Message = wire.Message
	// MessageSummary is a message as an inbox lists it (no body).
	MessageSummary = wire.Summary
	// MessageReference points a message at a record, hit, notice, …
	MessageReference = wire.Reference
	// MessageRecipient is one recipient and its state.
	MessageRecipient = wire.Recipient
	// MessageEvent is what the inbox stream pushes.
	MessageEvent = wire.Event
	// PartyKeys are a bureau's published keys.
	PartyKeys = wire.PartyKeys
)

// InboxQuery narrows an inbox listing: Box "sent" lists what the caller's
// bureau (unit) sent; State, Priority and Thread filter.
type InboxQuery struct {
	Box, State, Priority, Thread string
	// Escalated keeps the received messages escalated for want of an
	// acknowledgement.
	Escalated bool
}

// SendMessage sends a message; with n.Key set, a retry returns the message
// the first attempt sent.
func (c *Client) SendMessage(ctx context.Context, n NewMessage) (Message, error) {
	var m Message
	err := c.do(ctx, "POST", "/api/v1/messages", nil, n, &m)
	return m, err
}

// Message returns one message the caller sent or received.
func (c *Client) Message(ctx context.Context, id string) (Message, error) {
	var m Message
	err := c.do(ctx, "GET", "/api/v1/messages/"+url.PathEscape(id), nil, nil, &m)
	return m, err
}

// MarkRead marks a received message read.
func (c *Client) MarkRead(ctx context.Context, id string) (Message, error) {
	var m Message
	err := c.do(ctx, "POST", "/api/v1/messages/"+url.PathEscape(id)+"/read", nil, nil, &m)
	return m, err
}

// Acknowledge acknowledges a received message.
func (c *Client) Acknowledge(ctx context.Context, id string) (Message, error) {
	var m Message
	err := c.do(ctx, "POST", "/api/v1/messages/"+url.PathEscape(id)+"/ack", nil, nil, &m)
	return m, err
}

// Inbox lists one page of the caller's messages, newest first.
func (c *Client) Inbox(ctx context.Context, q InboxQuery, o ListOptions) (Page[MessageSummary], error) {
	v := url.Values{}
	for k, s := range map[string]string{"box": q.Box, "state": q.State, "priority": q.Priority, "thread": q.Thread} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.Escalated {
		v.Set("escalated", "true")
	}
	var p Page[MessageSummary]
	err := c.do(ctx, "GET", "/api/v1/inbox", o.values(v), nil, &p)
	return p, err
}

// StreamInbox opens the live stream of the caller's new messages, the
// receipts of what it sent and escalations. The channel closes when ctx
// ends or the stream breaks.
func (c *Client) StreamInbox(ctx context.Context) (<-chan MessageEvent, error) {
	return c.StreamInboxFrom(ctx, "")
}

// StreamInboxFrom reopens the inbox stream after cursor (the Cursor of the
// last message event received): the messages delivered since come first,
// then the live events. The stream ends (the channel closes) when it has
// sent as many missed messages as one connection carries, or when it falls
// too far behind: open it again from the last cursor.
func (c *Client) StreamInboxFrom(ctx context.Context, cursor string) (<-chan MessageEvent, error) {
	return streamOf[MessageEvent](ctx, c, "/api/v1/inbox/stream", []string{"message", "receipt", "escalation"}, lastEventID(cursor))
}

// Keys returns a bureau's published keys ("secretariat" for the
// Secretariat's).
func (c *Client) Keys(ctx context.Context, bureau string) (PartyKeys, error) {
	var k PartyKeys
	err := c.do(ctx, "GET", "/api/v1/members/"+url.PathEscape(bureau)+"/keys", nil, nil, &k)
	return k, err
}

// PublishEncryptionKey publishes a bureau's new encryption key (an age
// X25519 recipient); the bureau keeps the identity.
func (c *Client) PublishEncryptionKey(ctx context.Context, bureau, recipient string) (PartyKeys, error) {
	var k PartyKeys
	err := c.do(ctx, "POST", "/api/v1/members/"+url.PathEscape(bureau)+"/keys/encryption", nil, map[string]string{"public_key": recipient}, &k)
	return k, err
}

// RotateSigningKey gives a bureau a new signing key.
func (c *Client) RotateSigningKey(ctx context.Context, bureau string) (PartyKeys, error) {
	var k PartyKeys
	err := c.do(ctx, "POST", "/api/v1/members/"+url.PathEscape(bureau)+"/keys/signing", nil, nil, &k)
	return k, err
}

// VerifyMessage checks a message's signature against its sending bureau's
// published key, on the client's side: it does not take the node's word
// (Signature.Verified) for it.
func (c *Client) VerifyMessage(ctx context.Context, m Message) error {
	keys, err := c.Keys(ctx, m.Signature.Bureau)
	if err != nil {
		return err
	}
	for _, k := range keys.Signing {
		if k.Version == m.Signature.KeyVersion {
			if wire.Verify(m, k.PublicKey) {
				return nil
			}
			return fmt.Errorf("message %s: the signature does not hold: the message was changed after %s signed it", m.ID, m.Signature.Bureau)
		}
	}
	return fmt.Errorf("message %s: %s has published no signing key version %d", m.ID, m.Signature.Bureau, m.Signature.KeyVersion)
}

// DecryptMessage opens an encrypted message with a bureau's identities (an
// age identity file's text: every key it has had, so that messages
// encrypted before a rotation still open).
func DecryptMessage(m Message, identities string) (string, error) {
	ids, err := age.ParseIdentities(strings.NewReader(identities))
	if err != nil {
		return "", fmt.Errorf("read identities: %w", err)
	}
	return wire.Decrypt(m, ids...)
}

// MessageAttachment is a file a message carries (by its SHA-256).
type MessageAttachment = wire.Attachment

// UploadAttachment uploads a file of this media type (application/pdf,
// image/jpeg, image/png, text/plain, text/csv, application/vnd.age) for the
// caller's bureau to attach to messages; it is stored once, however often
// it is uploaded.
func (c *Client) UploadAttachment(ctx context.Context, mediaType string, content []byte) (MessageAttachment, error) {
	resp, err := c.send(ctx, "POST", "/api/v1/attachments", mediaType, bytes.NewReader(content))
	if err != nil {
		return MessageAttachment{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return MessageAttachment{}, readError(resp)
	}
	var a MessageAttachment
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return MessageAttachment{}, fmt.Errorf("upload attachment: decode answer: %w", err)
	}
	return a, nil
}

// AttachmentContent downloads a file a message carries and checks it
// against its hash.
func (c *Client) AttachmentContent(ctx context.Context, messageID, sha256Hex string) ([]byte, error) {
	var b []byte
	if err := c.do(ctx, "GET", "/api/v1/messages/"+url.PathEscape(messageID)+"/attachments/"+url.PathEscape(sha256Hex), nil, nil, &b); err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != sha256Hex {
		return nil, fmt.Errorf("attachment %s: the content does not match its hash", sha256Hex)
	}
	return b, nil
}
