package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// Outcome is how the audited action ended.
type Outcome string

// The outcomes.
const (
	OutcomeSuccess Outcome = "success"
	OutcomeDenied  Outcome = "denied"
	OutcomeFailure Outcome = "failure"
)

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	return o == OutcomeSuccess || o == OutcomeDenied || o == OutcomeFailure
}

// Actor is who did what an entry records.
type Actor struct {
	// ID is the user's or token's ID, empty for the system.
	ID string `json:"id,omitempty"`
	// Name is the username, the token's name, or "system" / "cli".
	Name  string `json:"name"`
	Token bool   `json:"token,omitempty"`
	// Country is the ISO3 code of the actor's bureau, empty for the
	// Secretariat, the oversight body and the system.
	Country  string `json:"country,omitempty"`
	UnitID   string `json:"unit_id,omitempty"`
	UnitKind string `json:"unit_kind,omitempty"`
}

// ActorOf returns the actor for a principal.
func ActorOf(p access.Principal) Actor {
	return Actor{
		ID:       p.ID,
		Name:     p.Name,
		Token:    p.Token,
		Country:  p.Country,
		UnitID:   p.UnitID,
		UnitKind: string(p.UnitKind),
	}
}

// SystemActor returns the actor for work the node does on its own ("system")
// or on behalf of an operator at the command line ("cli").
func SystemActor(name string) Actor { return Actor{Name: name} }

// Entry is one record of the audit log. Its canonical JSON (encoding/json of
// this struct, Seq included) is the leaf of the Merkle tree, so an entry's
// position is bound into its hash.
type Entry struct {
	// Seq is the entry's position in the tree, assigned at integration.
	Seq int64 `json:"seq"`
	// ID is assigned by Append when empty.
	ID string `json:"id"`
	// Time is assigned by Append when zero; it is kept in UTC, to the
	// microsecond (the resolution the store filters on).
	Time   time.Time `json:"time"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"`
	// Resources are the IDs of what was touched.
	Resources []string `json:"resources,omitempty"`
	Purpose   string   `json:"purpose,omitempty"`
	Outcome   Outcome  `json:"outcome"`
	// Reason is the fault code when the action was denied or failed.
	Reason string `json:"reason,omitempty"`
	// Subjects are the ISO3 codes of the countries whose data or users the
	// entry concerns.
	Subjects []string          `json:"subjects,omitempty"`
	Details  map[string]string `json:"details,omitempty"`
}

// Countries returns the countries the entry concerns: its actor's country and
// its subjects, sorted and without repeats. A bureau's data protection
// officer sees the entries that concern the bureau's country.
func (e Entry) Countries() []string {
	out := make([]string, 0, len(e.Subjects)+1)
	if e.Actor.Country != "" {
		out = append(out, e.Actor.Country)
	}
	out = append(out, e.Subjects...)
	slices.Sort(out)
	return slices.Compact(out)
}

// resourceSet returns the entry's resources sorted and without repeats, as the
// resource index holds them.
func (e Entry) resourceSet() []string {
	out := slices.Clone(e.Resources)
	slices.Sort(out)
	return slices.Compact(out)
}

// IsCountryCode reports whether s has the shape of an ISO 3166-1 alpha-3 code.
func IsCountryCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// prepare checks an entry given to Append or AppendTx and fills in its ID and
// time. It returns a *fault.Error with InvalidField for a bad entry.
func (l *Log) prepare(e Entry) (Entry, error) {
	e.Seq = 0
	if e.ID == "" {
		e.ID = l.ids.New()
	}
	if e.Time.IsZero() {
		e.Time = l.clock.Now()
	}
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	if err := validate(e); err != nil {
		return Entry{}, err
	}
	return e, nil
}

func validate(e Entry) error {
	invalid := func(field, format string, args ...any) error {
		return fault.Field(fault.InvalidField, field, format, args...)
	}
	switch {
	case e.Action == "":
		return invalid("action", "an audit entry needs an action")
	case !e.Outcome.Valid():
		return invalid("outcome", "outcome %q is not one of success, denied, failure", e.Outcome)
	case e.Actor.Name == "":
		return invalid("actor.name", "an audit entry needs the actor's name")
	case e.Actor.Country != "" && !IsCountryCode(e.Actor.Country):
		return invalid("actor.country", "actor country %q is not an ISO 3166-1 alpha-3 code", e.Actor.Country)
	case e.Time.Year() < 1 || e.Time.Year() > 9999:
		return invalid("time", "time %s is out of range", e.Time)
	}
	for _, s := range e.Subjects {
		if !IsCountryCode(s) {
			return invalid("subjects", "subject %q is not an ISO 3166-1 alpha-3 code", s)
		}
	}
	for _, r := range e.Resources {
		if r == "" {
			return invalid("resources", "a resource ID is empty")
		}
	}
	texts := [][2]string{
		{"id", e.ID}, {"action", e.Action}, {"purpose", e.Purpose}, {"reason", e.Reason},
		{"actor.id", e.Actor.ID}, {"actor.name", e.Actor.Name}, {"actor.unit_id", e.Actor.UnitID},
		{"actor.unit_kind", e.Actor.UnitKind},
	}
	for _, t := range texts {
		if !utf8.ValidString(t[1]) {
			return invalid(t[0], "text is not valid UTF-8")
		}
	}
	for _, r := range e.Resources {
		if !utf8.ValidString(r) {
			return invalid("resources", "text is not valid UTF-8")
		}
	}
	for k, v := range e.Details {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return invalid("details", "text is not valid UTF-8")
		}
	}
	return nil
}

// seqZero is how the canonical JSON of an entry with Seq 0 begins. Seq is the
// first field and is never omitted, so the leaf of the entry at any position
// is its Seq-0 encoding with the number replaced.
const seqZero = `{"seq":0,`

// encodeBody returns the canonical JSON of e with Seq 0. Callers encode in
// their own goroutine, so the integrator only splices in the position.
func encodeBody(e Entry) ([]byte, error) {
	e.Seq = 0
	b, ok := appendEntryJSON(make([]byte, 0, 384), e)
	if !ok {
		var err error
		if b, err = json.Marshal(e); err != nil {
			return nil, fmt.Errorf("encode audit entry: %w", err)
		}
	}
	if !bytes.HasPrefix(b, []byte(seqZero)) {
		return nil, fmt.Errorf("BUG: audit entry encodes as %.20q…, not with seq first", b)
	}
	return b, nil
}

// leafAt returns the leaf of the entry whose Seq-0 encoding is body, placed
// at position seq: byte for byte what encoding/json produces for it.
func leafAt(body []byte, seq int64) []byte {
	rest := body[len(seqZero)-1:]
	leaf := make([]byte, 0, len(body)+20)
	leaf = append(leaf, `{"seq":`...)
	leaf = strconv.AppendInt(leaf, seq, 10)
	return append(leaf, rest...)
}

// decodeLeaf parses a leaf back into its entry.
func decodeLeaf(leaf []byte) (Entry, error) {
	var e Entry
	if err := json.Unmarshal(leaf, &e); err != nil {
		return Entry{}, fmt.Errorf("decode audit leaf: %w", err)
	}
	return e, nil
}
