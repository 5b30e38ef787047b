package messaging

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/messaging/wire"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/text"
)

// Limits of a message.
const (
	MaxSubject      = 200 // characters
	MaxHandlingNote = 500 // characters
	MaxTo           = 300 // addresses
	MaxReferences   = 50
	maxKey          = 128
)

// partyOf is the party a principal acts for.
func partyOf(p access.Principal) string {
	if p.UnitKind == access.KindSecretariat {
		return Secretariat
	}
	return p.Country
}

// receivesForBureau reports whether p reads what is addressed to its
// bureau as a whole (its NCB, or the Secretariat), rather than only what
// is addressed to its own unit.
func receivesForBureau(p access.Principal) bool {
	return p.UnitKind == access.KindNCB || p.UnitKind == access.KindSecretariat
}

// ownBox is the recipient row p acts on: its bureau's (unit "") or its
// unit's.
func ownBox(p access.Principal) box {
	if receivesForBureau(p) {
		return box{party: partyOf(p)}
	}
	return box{party: partyOf(p), unit: p.UnitID}
}

// sees reports whether p is a party to m: in the sending unit (or its
// bureau's NCB), or a recipient (a bureau's NCB sees what went to its
// units too).
func sees(p access.Principal, m Message) bool {
	party := partyOf(p)
	if m.Sender.Bureau == party && (receivesForBureau(p) || m.Sender.UnitID == p.UnitID) {
		return true
	}
	for _, r := range m.Recipients {
		if r.Bureau == party && (receivesForBureau(p) || r.UnitID == p.UnitID) {
			return true
		}
	}
	return false
}

// ownRecipient returns the recipient row p marks read or acknowledged.
func ownRecipient(p access.Principal, m Message) (Recipient, bool) {
	b := ownBox(p)
	for _, r := range m.Recipients {
		if r.Bureau == b.party && r.UnitID == b.unit {
			return r, true
		}
	}
	return Recipient{}, false
}

// directory resolves addresses to recipients. Member countries are
// reference data, loaded once and never changed after.
type directory struct {
	db *store.DB

	mu     sync.Mutex
	loaded *members
}

// members are the member countries, by ISO3 code and by lower-case region.
type members struct {
	iso3    map[string]bool
	regions map[string][]string
}

func (d *directory) members(ctx context.Context) (*members, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.loaded != nil {
		return d.loaded, nil
	}
	all, err := member.ListCountries(ctx, d.db, member.Page{Limit: 1000})
	if err != nil {
		return nil, fmt.Errorf("load member countries: %w", err)
	}
	m := &members{iso3: map[string]bool{}, regions: map[string][]string{}}
	for _, c := range all {
		m.iso3[c.ISO3] = true
		region := strings.ToLower(c.Region)
		m.regions[region] = append(m.regions[region], c.ISO3)
	}
	d.loaded = m
	return m, nil
}

// resolve turns the addresses of a message into its recipients (bureaus and
// units), without repeats and without the sender's own bureau: "all" (every
// member), "region:<name>", "secretariat", "unit:<id>" or an ISO3 code.
func (d *directory) resolve(ctx context.Context, p access.Principal, to []string) ([]Recipient, error) {
	if len(to) == 0 {
		return nil, fault.Field(fault.MissingField, "to", "name at least one recipient: an ISO3 code, unit:<id>, region:<name>, secretariat or all")
	}
	if len(to) > MaxTo {
		return nil, fault.Field(fault.InvalidField, "to", "at most %d addresses", MaxTo)
	}
	all, err := d.members(ctx)
	if err != nil {
		return nil, err
	}
	self := partyOf(p)
	seen := map[string]bool{}
	var out []Recipient
	add := func(party, unit string) {
		if k := party + "/" + unit; !seen[k] {
			seen[k] = true
			out = append(out, Recipient{Bureau: party, UnitID: unit})
		}
	}
	for _, addr := range to {
		addr = strings.TrimSpace(addr)
		lower := strings.ToLower(addr)
		switch {
		case lower == "all":
			for iso3 := range all.iso3 {
				if iso3 != self {
					add(iso3, "")
				}
			}
		case strings.HasPrefix(lower, "region:"):
			members, ok := all.regions[strings.TrimSpace(strings.TrimPrefix(lower, "region:"))]
			if !ok {
				return nil, fault.Field(fault.InvalidField, "to", "%q is not a region of members.csv (Africa, Americas, Asia, Europe, Oceania)", addr)
			}
			for _, iso3 := range members {
				if iso3 != self {
					add(iso3, "")
				}
			}
		case lower == Secretariat:
			if self == Secretariat {
				return nil, fault.Field(fault.InvalidField, "to", "the Secretariat cannot write to itself")
			}
			add(Secretariat, "")
		case strings.HasPrefix(lower, "unit:"):
			party, unit, err := d.unit(ctx, p, strings.TrimSpace(addr[len("unit:"):]))
			if err != nil {
				return nil, err
			}
			add(party, unit)
		case len(addr) == 3:
			iso3 := strings.ToUpper(addr)
			if !all.iso3[iso3] {
				return nil, fault.Field(fault.InvalidField, "to", "%q is not a member country", addr)
			}
			if iso3 == self {
				return nil, fault.Field(fault.InvalidField, "to", "%s is your own bureau", iso3)
			}
			add(iso3, "")
		default:
			return nil, fault.Field(fault.InvalidField, "to", "%q is not an address: use an ISO3 code, unit:<id>, region:<name>, secretariat or all", addr)
		}
	}
	if len(out) == 0 {
		return nil, fault.Field(fault.InvalidField, "to", "these addresses name no one but your own bureau")
	}
	slices.SortFunc(out, func(a, b Recipient) int {
		return strings.Compare(a.Bureau+"/"+a.UnitID, b.Bureau+"/"+b.UnitID)
	})
	return out, nil
}

// unit resolves a unit address: a bureau's NCB stands for the bureau, the
// Secretariat's unit for the Secretariat; specialised units receive for
// themselves; border points and the oversight body take no messages.
func (d *directory) unit(ctx context.Context, p access.Principal, id string) (party, unit string, err error) {
	u, err := member.GetUnit(ctx, d.db, id)
	if fault.CodeOf(err) == fault.NotFound || (err == nil && u.Disabled()) {
		return "", "", fault.Field(fault.InvalidField, "to", "unit:%s is not an active unit", id)
	}
	if err != nil {
		return "", "", err
	}
	switch u.Kind {
	case access.KindNCB:
		party = u.Country
	case access.KindSecretariat:
		party = Secretariat
	case access.KindSpecialised:
		if u.ID == p.UnitID {
			return "", "", fault.Field(fault.InvalidField, "to", "unit:%s is your own unit", id)
		}
		return u.Country, u.ID, nil
	default:
		return "", "", fault.Field(fault.InvalidField, "to", "unit:%s is a %s: it takes no messages", id, u.Kind)
	}
	if party == partyOf(p) {
		return "", "", fault.Field(fault.InvalidField, "to", "unit:%s is your own bureau", id)
	}
	return party, "", nil
}

// checkText refuses text that is not UTF-8, longer than maxRunes, or that
// holds a character text may not (text.Check: control characters other
// than line breaks and tabs where allowNewlines, bidirectional overrides and
// other invisible format characters).
func checkText(field, s string, maxRunes int, allowNewlines bool) error {
	if !utf8.ValidString(s) {
		return fault.Field(fault.InvalidField, field, "%s is not valid UTF-8", field)
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return fault.Field(fault.InvalidField, field, "%s is %d characters long; at most %d", field, n, maxRunes)
	}
	if err := text.Check(s, allowNewlines); err != nil {
		return fault.Field(fault.InvalidField, field, "%s: %v", field, err)
	}
	return nil
}

// rank is a handling code's place, least restrictive first; -1 if unknown.
func rank(code string) int { return slices.Index(HandlingCodes, code) }

// validate checks what does not depend on the store, and fills defaults.
func validate(n *NewMessage) error {
	for i := range n.To {
		n.To[i] = strings.TrimSpace(n.To[i])
	}
	n.Subject = strings.TrimSpace(n.Subject)
	if n.Subject == "" {
		return fault.Field(fault.MissingField, "subject", "a message needs a subject")
	}
	if err := checkText("subject", n.Subject, MaxSubject, false); err != nil {
		return err
	}
	switch {
	case n.Ciphertext != "" && !n.Encrypt:
		return fault.Field(fault.InvalidField, "ciphertext", "ciphertext goes with \"encrypt\": true")
	case n.Ciphertext != "" && n.Body != "":
		return fault.Field(fault.InvalidField, "body", "send either a body (the node encrypts it) or a ciphertext you encrypted, not both")
	case n.Ciphertext != "":
		if len(n.Ciphertext) > MaxCiphertext {
			return fault.Field(fault.InvalidField, "ciphertext", "ciphertext is %d bytes; at most %d", len(n.Ciphertext), MaxCiphertext)
		}
		if !wire.ArmoredAge(n.Ciphertext) {
			return fault.Field(fault.InvalidField, "ciphertext", "ciphertext must be an armored age file (-----BEGIN AGE ENCRYPTED FILE-----)")
		}
	case strings.TrimSpace(n.Body) == "" && n.ForwardOf == "":
		return fault.Field(fault.MissingField, "body", "a message needs a body")
	case len(n.Body) > MaxBody:
		return fault.Field(fault.InvalidField, "body", "body is %d bytes; at most %d (send documents as attachments)", len(n.Body), MaxBody)
	default:
		if err := checkText("body", n.Body, MaxBody, true); err != nil {
			return err
		}
	}
	if n.Priority == "" {
		n.Priority = Routine
	}
	if !slices.Contains(Priorities, n.Priority) {
		return fault.Field(fault.InvalidField, "priority", "priority is one of routine, urgent, flash")
	}
	if n.ReplyTo != "" && n.ForwardOf != "" {
		return fault.Field(fault.InvalidField, "forward_of", "a message answers one message or passes one on, not both")
	}
	if n.HandlingCode == "" && n.ReplyTo == "" && n.ForwardOf == "" {
		return fault.Field(fault.MissingField, "handling_code", "state how the recipients may use the content: H0, H1, H2 or H3")
	}
	if n.HandlingCode != "" && rank(n.HandlingCode) < 0 {
		return fault.Field(fault.InvalidField, "handling_code", "handling_code is one of H0, H1, H2, H3")
	}
	if err := checkText("handling_note", n.HandlingNote, MaxHandlingNote, false); err != nil {
		return err
	}
	if n.HandlingCode == H3 && strings.TrimSpace(n.HandlingNote) == "" {
		return fault.Field(fault.MissingField, "handling_note", "H3 means other restrictions: state them in handling_note")
	}
	if len(n.References) > MaxReferences {
		return fault.Field(fault.InvalidField, "references", "at most %d references", MaxReferences)
	}
	for i, r := range n.References {
		field := fmt.Sprintf("references[%d]", i)
		if !slices.Contains(ReferenceTypes, r.Type) {
			return fault.Field(fault.InvalidField, field+".type", "a reference's type is one of %s", strings.Join(ReferenceTypes, ", "))
		}
		if r.ID == "" {
			return fault.Field(fault.MissingField, field+".id", "a reference needs an id")
		}
		if err := checkText(field+".id", r.ID, 128, false); err != nil {
			return err
		}
	}
	if len(n.Key) > maxKey {
		return fault.Field(fault.InvalidField, "key", "the idempotency key is at most %d characters", maxKey)
	}
	if err := checkText("key", n.Key, maxKey, false); err != nil {
		return err
	}
	return nil
}
