package messaging

import "github.com/ncbnet/ncbnet/internal/messaging/wire"

// The message as it travels (package wire), under the names the service
// uses.
type (
	Reference  = wire.Reference
	Attachment = wire.Attachment
	Sender     = wire.Sender
	Recipient  = wire.Recipient
	Signature  = wire.Signature
	Message    = wire.Message
	Summary    = wire.Summary
	NewMessage = wire.NewMessage
	Event      = wire.Event
	PublicKey  = wire.PublicKey
	PartyKeys  = wire.PartyKeys
)

// Parties, priorities, handling codes, states and limits (package wire).
const (
	Secretariat = wire.Secretariat

	Routine = wire.Routine
	Urgent  = wire.Urgent
	Flash   = wire.Flash

	H0 = wire.H0
	H1 = wire.H1
	H2 = wire.H2
	H3 = wire.H3

	Queued       = wire.Queued
	Delivered    = wire.Delivered
	Read         = wire.Read
	Acknowledged = wire.Acknowledged

	MaxBody       = wire.MaxBody
	MaxCiphertext = wire.MaxCiphertext
)

// Lists of the values above, and the signed form's functions.
var (
	Priorities     = wire.Priorities
	HandlingCodes  = wire.HandlingCodes
	ReferenceTypes = wire.ReferenceTypes
	AckWithin      = wire.AckWithin
	SignedBytes    = wire.SignedBytes
	Verify         = wire.Verify
)
