package messaging

import (
	"context"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/messaging/wire"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Auditor enforces the access decision (auditing refusals) and records the
// audit entries of what is done.
type Auditor interface {
	Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
	Record(ctx context.Context, entries ...audit.Entry) error
	// Settle waits until what was recorded before is stored (the hits of
	// checks travel with their audit entries).
	Settle(ctx context.Context) error
}

// Bus is the event bus as messaging uses it (internal/bus).
type Bus interface {
	Publish(ctx context.Context, subject string, data []byte) error
	Subscribe(subject string, h bus.Handler) (stop func(), err error)
}

// Config is what a Service needs.
type Config struct {
	DB    *store.DB
	Audit Auditor
	Bus   Bus
	Clock clock.Clock
	IDs   id.Source
	// SealKey seals the bureaus' signing keys in the store (32 bytes; the
	// same on every node sharing the store).
	SealKey []byte
	Logger  *slog.Logger
}

// Service sends, delivers and shows messages.
type Service struct {
	db      *store.DB
	audit   Auditor
	events  Bus
	clock   clock.Clock
	ids     id.Source
	logger  *slog.Logger
	keys    *keyring
	hashKey []byte
	dir     *directory
	broker  *broker
	accepts chan *pending
	// announcements wait for the bus (runAnnouncer).
	announcements chan event

	// mu guards running; senders hand over under its read lock, so Close,
	// taking the write lock, finds every handed-over message queued.
	mu       sync.RWMutex
	running  bool // taking messages: between Start and Close
	stopOnce sync.Once
	// announced is closed when the announcer has published its last event.
	announced chan struct{}

	stop    func()
	wg      sync.WaitGroup
	stopBus func()
}

// New returns a Service; Start begins its background work.
func New(cfg Config) (*Service, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	keys, err := newKeyring(cfg.DB, cfg.Audit, cfg.SealKey, cfg.Clock)
	if err != nil {
		return nil, err
	}
	hashKey, err := hkdf.Key(sha256.New, cfg.SealKey, nil, "ncbnet messaging request hash v1", sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("messaging: request hash key: %w", err)
	}
	s := &Service{db: cfg.DB, audit: cfg.Audit, events: cfg.Bus, clock: cfg.Clock, ids: cfg.IDs, logger: cfg.Logger,
		keys: keys, hashKey: hashKey, dir: &directory{db: cfg.DB}, accepts: make(chan *pending, 1024), announcements: make(chan event, 4096), announced: make(chan struct{})}
	s.broker = newBroker(s)
	return s, nil
}

// Send sends a message from p's unit. It returns once the message is
// durably stored (accepted), with replayed set when an earlier request
// with the same idempotency key had sent it. Delivery to the recipients'
// inboxes and streams follows at once; a crash in between delays it until
// the node (or another) is back, never loses it.
func (s *Service) Send(ctx context.Context, p access.Principal, n NewMessage) (Message, bool, error) {
	party := partyOf(p)
	if err := s.audit.Authorize(ctx, p, access.MessageSend, access.Resource{Country: p.Country}, ""); err != nil {
		return Message{}, false, err
	}
	if err := validate(&n); err != nil {
		return Message{}, false, err
	}
	var hash string
	if n.Key != "" {
		hash = s.requestHash(n)
	}
	if n.Key != "" {
		if m, found, err := messageByKey(ctx, s.db, p.ID, n.Key); err != nil {
			return Message{}, false, err
		} else if found {
			return s.replay(ctx, m, hash)
		}
	}
	m := stored{key: n.Key, requestHash: hash}
	m.ID = s.ids.New()
	m.ThreadID = m.ID
	m.Sender = Sender{Bureau: party, UnitID: p.UnitID, ID: p.ID, Name: p.Name}
	m.Subject, m.Priority, m.HandlingCode, m.HandlingNote = n.Subject, n.Priority, n.HandlingCode, n.HandlingNote
	m.References = n.References
	if m.References == nil {
		m.References = []Reference{}
	}
	m.To = n.To
	err := s.thread(ctx, p, &m, n)
	if err != nil {
		return Message{}, false, err
	}
	if m.Attachments, err = s.attachments(ctx, party, n); err != nil {
		return Message{}, false, err
	}
	if err := s.checkReferences(ctx, p, m.References); err != nil {
		return Message{}, false, err
	}
	if err := s.forward(ctx, p, &m, &n); err != nil {
		return Message{}, false, err
	}
	recipients, err := s.dir.resolve(ctx, p, m.To)
	if err != nil {
		return Message{}, false, err
	}
	m.CreatedAt = s.clock.Now()
	if within := AckWithin(m.Priority); within > 0 {
		deadline := m.CreatedAt.Add(within)
		for i := range recipients {
			recipients[i].Deadline = &deadline
		}
	}
	for i := range recipients {
		recipients[i].State = Queued
	}
	m.Recipients = recipients
	if err := s.text(ctx, &m, n); err != nil {
		return Message{}, false, err
	}
	if err := s.sign(ctx, &m.Message); err != nil {
		return Message{}, false, err
	}
	inserted, err := s.accept(ctx, m, sendEntry(p, m.Message))
	if err != nil {
		return Message{}, false, err
	}
	if !inserted {
		// Another request with the same key was accepted first.
		found, ok, err := messageByKey(ctx, s.db, p.ID, n.Key)
		if err != nil || !ok {
			return Message{}, false, errors.Join(err, fmt.Errorf("BUG: message with key %q neither stored nor found", n.Key))
		}
		return s.replay(ctx, found, hash)
	}
	out, _, err := loadMessage(ctx, s.db, m.ID)
	if err != nil {
		return Message{}, false, err
	}
	out.Signature.Verified = true
	return out.Message, false, nil
}

// replay answers a retry: the message the key sent, if the retry asks for
// the same message.
func (s *Service) replay(ctx context.Context, m stored, hash string) (Message, bool, error) {
	if m.requestHash != hash {
		return Message{}, false, fault.Field(fault.Conflict, "key", "this idempotency key already sent a different message (%s)", m.ID)
	}
	s.verify(ctx, &m.Message)
	return m.Message, true, nil
}

// requestHash identifies what a request asks to send, its key aside, so
// that a retry can be told from another message with the same key. It is
// keyed (HMAC): a plain hash stored beside an encrypted message would let
// whoever reads the store test guesses of its text.
func (s *Service) requestHash(n NewMessage) string {
	n.Key = ""
	b, _ := json.Marshal(n)
	mac := hmac.New(sha256.New, s.hashKey)
	mac.Write(b)
	return base64.RawStdEncoding.EncodeToString(mac.Sum(nil))
}

// thread places a reply in its thread: it answers a message p is a party
// to, keeps at least that message's handling code, stays encrypted if that
// message was, and goes back to its sender unless addressed otherwise.
func (s *Service) thread(ctx context.Context, p access.Principal, m *stored, n NewMessage) error {
	if n.ReplyTo == "" {
		return nil
	}
	parent, found, err := loadMessage(ctx, s.db, n.ReplyTo)
	if err != nil {
		return err
	}
	if !found || !sees(p, parent.Message) {
		return fault.Field(fault.InvalidField, "reply_to", "no message %s to reply to", n.ReplyTo)
	}
	m.ThreadID, m.ReplyTo = parent.ThreadID, parent.ID
	if m.HandlingCode == "" {
		m.HandlingCode, m.HandlingNote = parent.HandlingCode, parent.HandlingNote
	}
	if rank(m.HandlingCode) < rank(parent.HandlingCode) {
		return fault.Field(fault.InvalidField, "handling_code", "a reply keeps at least the handling code %s of the message it answers", parent.HandlingCode)
	}
	if m.HandlingCode == H3 && m.HandlingNote == "" {
		m.HandlingNote = parent.HandlingNote
	}
	if parent.Encrypted && !n.Encrypt {
		return fault.Field(fault.InvalidField, "encrypt", "the message you answer was encrypted end to end: encrypt the reply too")
	}
	if len(m.To) == 0 {
		if parent.Sender.Bureau == partyOf(p) {
			return fault.Field(fault.MissingField, "to", "name the recipients of a reply to your own bureau's message")
		}
		m.To = []string{parent.Sender.Bureau}
		// A reply goes back to the unit that wrote, when it was one of the
		// bureau's specialised units rather than its NCB.
		if u, err := member.GetUnit(ctx, s.db, parent.Sender.UnitID); err == nil && u.Kind == access.KindSpecialised && !u.Disabled() {
			m.To = []string{"unit:" + u.ID}
		}
	}
	return nil
}

// forward passes a message on: the forwarder must be a party to it, keep
// at least its handling code, and, for H2 and H3, be its sender's bureau
// (passing it on needs the sender's permission). The text and attachments
// go along; the original is referenced.
func (s *Service) forward(ctx context.Context, p access.Principal, m *stored, n *NewMessage) error {
	if n.ForwardOf == "" {
		return nil
	}
	orig, found, err := loadMessage(ctx, s.db, n.ForwardOf)
	if err != nil {
		return err
	}
	if !found || !sees(p, orig.Message) {
		return fault.Field(fault.InvalidField, "forward_of", "no message %s to pass on", n.ForwardOf)
	}
	if rank(orig.HandlingCode) >= rank(H2) && orig.Sender.Bureau != partyOf(p) {
		return fault.New(fault.Forbidden, "message %s is coded %s: it is passed on only with %s's permission, by %s", orig.ID, orig.HandlingCode, orig.Sender.Bureau, orig.Sender.Bureau)
	}
	if m.HandlingCode == "" {
		m.HandlingCode, m.HandlingNote = orig.HandlingCode, orig.HandlingNote
	}
	if rank(m.HandlingCode) < rank(orig.HandlingCode) {
		return fault.Field(fault.InvalidField, "handling_code", "a forward keeps at least the handling code %s of the message it passes on", orig.HandlingCode)
	}
	if m.HandlingCode == H3 && m.HandlingNote == "" {
		m.HandlingNote = orig.HandlingNote
	}
	if orig.Encrypted && (!n.Encrypt || n.Ciphertext == "") {
		return fault.Field(fault.InvalidField, "ciphertext", "message %s is encrypted end to end: decrypt it, then send it on encrypted to the new recipients (ciphertext)", orig.ID)
	}
	if !orig.Encrypted && n.Ciphertext == "" {
		n.Body = strings.TrimSpace(n.Body + "\n\n" + forwardedText(orig.Message))
	}
	if len(n.Body) > maxForward {
		return fault.Field(fault.InvalidField, "body", "the note and the message it passes on are %d bytes; at most %d", len(n.Body), maxForward)
	}
	m.References = append(m.References, Reference{Type: "message", ID: orig.ID})
	for _, a := range orig.Attachments {
		if n.Encrypt && a.MediaType != AgeMediaType {
			return fault.Field(fault.InvalidField, "forward_of", "message %s carries files in clear: an encrypted forward carries only encrypted files", orig.ID)
		}
		if !slices.ContainsFunc(m.Attachments, func(b Attachment) bool { return b.SHA256 == a.SHA256 }) {
			m.Attachments = append(m.Attachments, a)
		}
	}
	if len(m.Attachments) > MaxAttachments {
		return fault.Field(fault.InvalidField, "attachments", "with the files of the message passed on, %d attachments; at most %d", len(m.Attachments), MaxAttachments)
	}
	return nil
}

// maxForward bounds a forward's text: a note and the message it quotes.
const maxForward = 2*MaxBody + 1024

// forwardedText is the original as a forward quotes it.
func forwardedText(m Message) string {
	return "---- Forwarded message ----\nFrom: " + m.Sender.Bureau + " (" + m.Sender.Name + ")\nDate: " + m.CreatedAt.Format(time.RFC3339) +
		"\nSubject: " + m.Subject + "\nHandling: " + m.HandlingCode + "\n\n" + m.Body
}

// text sets the message's text: the body in clear, or encrypted to every
// recipient bureau's current key (and the sender's, so that it can read
// what it sent).
func (s *Service) text(ctx context.Context, m *stored, n NewMessage) error {
	if !n.Encrypt {
		m.Body = n.Body
		return nil
	}
	m.Encrypted = true
	if n.Ciphertext != "" {
		m.Ciphertext = n.Ciphertext
		return nil
	}
	var parties []string
	for _, r := range m.Recipients {
		if len(parties) == 0 || parties[len(parties)-1] != r.Bureau {
			parties = append(parties, r.Bureau)
		}
	}
	keys, missing, err := s.keys.encryptionKeys(ctx, parties)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return fault.Field(fault.InvalidField, "to", "no published encryption key for %s: they cannot receive encrypted messages yet", strings.Join(missing, ", "))
	}
	own, _, err := s.keys.encryptionKeys(ctx, []string{m.Sender.Bureau})
	if err != nil {
		return err
	}
	m.Ciphertext, err = wire.Encrypt(n.Body, append(keys, own...))
	return err
}

// sign signs m with its sending bureau's current key.
func (s *Service) sign(ctx context.Context, m *Message) error {
	k, err := s.keys.signer(ctx, m.Sender.Bureau)
	if err != nil {
		return err
	}
	m.Signature = Signature{Bureau: m.Sender.Bureau, KeyVersion: k.version}
	m.Signature.Value = base64.StdEncoding.EncodeToString(ed25519.Sign(k.key, SignedBytes(*m)))
	return nil
}

// verify sets whether m's signature holds, logging a message that does not:
// it was changed after it was sent.
func (s *Service) verify(ctx context.Context, m *Message) {
	pub, err := s.keys.signingPublic(ctx, m.Signature.Bureau, m.Signature.KeyVersion)
	m.Signature.Verified = err == nil && pub != "" && Verify(*m, pub)
	if !m.Signature.Verified {
		s.logger.Error("a stored message does not match its signature", "message", m.ID, "bureau", m.Signature.Bureau, "key_version", m.Signature.KeyVersion, "err", err)
	}
}

// sendEntry is the audit entry of a message sent: a transfer of data from
// the sender's bureau to the recipients'.
func sendEntry(p access.Principal, m Message) audit.Entry {
	subjects := []string{}
	for _, r := range m.Recipients {
		if r.Bureau != Secretariat && (len(subjects) == 0 || subjects[len(subjects)-1] != r.Bureau) {
			subjects = append(subjects, r.Bureau)
		}
	}
	return audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.MessageSend), Outcome: audit.OutcomeSuccess,
		Resources: []string{m.ID}, Subjects: subjects,
		Details: map[string]string{
			"priority": m.Priority, "handling_code": m.HandlingCode, "recipients": strconv.Itoa(len(m.Recipients)),
			"encrypted": strconv.FormatBool(m.Encrypted), "thread": m.ThreadID,
		},
	}
}

// Keys returns a bureau's published keys ("secretariat" for the
// Secretariat's).
func (s *Service) Keys(ctx context.Context, p access.Principal, party string) (PartyKeys, error) {
	party, err := s.party(ctx, p, access.MemberRead, party)
	if err != nil {
		return PartyKeys{}, err
	}
	if _, err := s.keys.signer(ctx, party); err != nil {
		return PartyKeys{}, err
	}
	return s.keys.list(ctx, party)
}

// PublishKey makes recipient (an age X25519 public key, "age1…") the
// bureau's current encryption key. The bureau keeps the private half; the
// earlier keys stay published, so what was encrypted to them is still
// addressed to them.
func (s *Service) PublishKey(ctx context.Context, p access.Principal, party, recipient string) (PartyKeys, error) {
	party, err := s.party(ctx, p, access.KeyManage, party)
	if err != nil {
		return PartyKeys{}, err
	}
	if _, err := age.ParseX25519Recipient(strings.TrimSpace(recipient)); err != nil {
		return PartyKeys{}, fault.Field(fault.InvalidField, "public_key", "public_key must be an age X25519 recipient (age1…)")
	}
	if err := s.keys.publishEncryption(ctx, party, strings.TrimSpace(recipient), p.ID, keyEntry(audit.ActorOf(p), party, "publish-encryption-key")); err != nil {
		return PartyKeys{}, err
	}
	return s.keys.list(ctx, party)
}

// RotateSigningKey gives a bureau a new signing key; what the old one
// signed still verifies.
func (s *Service) RotateSigningKey(ctx context.Context, p access.Principal, party string) (PartyKeys, error) {
	party, err := s.party(ctx, p, access.KeyManage, party)
	if err != nil {
		return PartyKeys{}, err
	}
	if err := s.keys.rotateSigning(ctx, party, p.ID, keyEntry(audit.ActorOf(p), party, "rotate-signing-key")); err != nil {
		return PartyKeys{}, err
	}
	return s.keys.list(ctx, party)
}

// refuse audits a refusal the access decision did not make, and returns it.
func (s *Service) refuse(ctx context.Context, p access.Principal, a access.Action, resource string, err *fault.Error) error {
	if rerr := s.audit.Record(ctx, audit.Entry{Actor: audit.ActorOf(p), Action: string(a), Outcome: audit.OutcomeDenied, Reason: string(err.Code), Resources: []string{resource}}); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// keyEntry is the audit entry of a change of a party's keys: the party's
// DPO sees it.
func keyEntry(actor audit.Actor, party, what string) audit.Entry {
	e := audit.Entry{Actor: actor, Action: string(access.KeyManage), Outcome: audit.OutcomeSuccess, Resources: []string{party}, Details: map[string]string{"change": what}}
	if party != Secretariat {
		e.Subjects = []string{party}
	}
	return e
}

// party checks a party name ("secretariat" or a member's ISO3 code) and
// that p may do a on its keys.
func (s *Service) party(ctx context.Context, p access.Principal, a access.Action, party string) (string, error) {
	r := access.Resource{}
	if strings.EqualFold(party, Secretariat) {
		party = Secretariat
	} else {
		party = strings.ToUpper(party)
		all, err := s.dir.members(ctx)
		if err != nil {
			return "", err
		}
		if !all.iso3[party] {
			return "", fault.New(fault.NotFound, "no member country %q", party)
		}
		r.Country = party
	}
	if err := s.audit.Authorize(ctx, p, a, r, ""); err != nil {
		return "", err
	}
	// A bureau's keys are its own: an administrator of the Secretariat
	// may manage the Secretariat's, never a bureau's (publishing a key of
	// its own as a bureau's would let it read what is sent to the bureau).
	if a == access.KeyManage && party != Secretariat && p.Country != party {
		return "", s.refuse(ctx, p, a, party, fault.New(fault.OtherBureau, "only %s's own managers change its keys", party))
	}
	return party, nil
}
