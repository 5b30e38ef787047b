// Package messaging carries messages and diffusions between bureaus, their
// units and the Secretariat: accepted only once durably stored, delivered
// to every recipient exactly once, signed by the sending bureau and, when
// asked, encrypted end to end to the recipients' keys, with per-recipient
// receipts (delivered, read, acknowledged) and the escalation of urgent
// messages nobody acknowledges.
//
// It never shows a message to a principal who is not a party to it (its
// sender's unit or bureau, or a recipient), the Secretariat included, and
// it never holds a key that decrypts what is encrypted end to end: bureaus
// keep their private encryption keys themselves.
package messaging
