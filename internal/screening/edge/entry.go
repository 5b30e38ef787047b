package edge

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strings"
	"sync"

	"github.com/ncbnet/ncbnet/internal/id"
)

// KeySize is the length of the key identifiers are hashed under.
const KeySize = 32

// maxName bounds a database, owner or action name: the body stores lengths as
// varints, and a bound keeps a hostile file from asking for huge strings.
const maxName = 255

// Entry is one identifier of one record, as the central node exports it.
type Entry struct {
	Kind     string   // "document-number", "vin", "plate", "imo", "serial", "hull-id", "national-id", …
	Value    string   // already normalised by the caller: the lookup is exact
	Country  string   // issuing country (ISO 3166-1 alpha-3) for documents; ignored for other kinds
	Database string   // "sltd", "smv", "firearms", "vessels", …
	RecordID string   // 26-character ID (internal/id)
	Owner    string   // owner bureau, ISO 3166-1 alpha-3
	Action   []string // what the owner asks: "seize", "arrest", "locate", "inform", "do-not-alert", "protect"
	Urgent   bool     // the hit must be confirmed within 10 minutes rather than an hour
}

// Match is one record whose identifier a Lookup found.
type Match struct {
	Database string
	RecordID string
	Owner    string
	Action   []string // sorted, without repeats
	Urgent   bool
}

// countryScoped tells the kinds whose numbers are only unique within their
// issuing country: two countries may issue the same passport number, and a hit
// on the other country's document would stop the wrong traveller. Other kinds
// (a VIN, an IMO number, a serial) are global, so their country is ignored,
// both when building and when looking up, rather than risk a miss because one
// side filled it in.
func countryScoped(kind string) bool { return kind == "document-number" || kind == "national-id" }

// keyedHash turns identifiers into the 8-byte keys the tables hold. The MAC
// states are pooled so that a Lookup that finds nothing allocates nothing.
// (Computing HMAC from its definition with sha256.Sum256 on stack buffers
// avoids the pool but hashes two more blocks, and measured slower.)
type keyedHash struct {
	pool sync.Pool
}

type macState struct {
	mac hash.Hash
	buf []byte
	sum []byte
}

func newKeyedHash(key []byte) (*keyedHash, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("identifier key is %d bytes, want %d", len(key), KeySize)
	}
	k := slices.Clone(key)
	kh := &keyedHash{}
	kh.pool.New = func() any {
		return &macState{mac: hmac.New(sha256.New, k), buf: make([]byte, 0, 128), sum: make([]byte, 0, sha256.Size)}
	}
	return kh, nil
}

// sum is the first 8 bytes of HMAC-SHA256(key, kind 0x00 country 0x00 value).
// Eight bytes keep a table entry small; a false match needs a 64-bit
// collision (about 1 in 10¹³ per check at 10⁶ entries) and is caught anyway
// when the owner confirms the hit.
func (k *keyedHash) sum(kind, country, value string) uint64 {
	if !countryScoped(kind) {
		country = ""
	}
	s := k.pool.Get().(*macState)
	s.buf = append(s.buf[:0], kind...)
	s.buf = append(s.buf, 0)
	s.buf = append(s.buf, country...)
	s.buf = append(s.buf, 0)
	s.buf = append(s.buf, value...)
	s.mac.Reset()
	s.mac.Write(s.buf)
	s.sum = s.mac.Sum(s.sum[:0])
	h := binary.BigEndian.Uint64(s.sum)
	// A huge value would otherwise keep its buffer alive in the pool.
	if cap(s.buf) <= 4096 {
		k.pool.Put(s)
	}
	return h
}

// keyID names a key without revealing it, so that a copy refuses a snapshot
// hashed under another key (every lookup would silently miss) instead of
// adopting it.
func keyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("ncbnet edge key id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// class is what a record's entries share: the payload, interned because a few
// hundred combinations cover millions of entries.
type class struct {
	database string
	owner    string
	action   []string
	urgent   bool
	canon    string // canonical encoding: the interning key and what the state digest covers
}

func newClass(database, owner string, action []string, urgent bool) class {
	return class{database: database, owner: owner, action: action, urgent: urgent,
		canon: string(appendCanon(nil, database, owner, action, urgent))}
}

// appendCanon appends the canonical form of a payload; action must be an
// actionSet.
func appendCanon(b []byte, database, owner string, action []string, urgent bool) []byte {
	b = appendString(b, database)
	b = appendString(b, owner)
	b = binary.AppendUvarint(b, uint64(len(action)))
	for _, a := range action {
		b = appendString(b, a)
	}
	if urgent {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errInvalidEntry = errors.New("invalid entry")

func validName(s string) bool {
	if s == "" || len(s) > maxName {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return false
		}
	}
	return true
}

// checkEntry refuses what would make a key ambiguous (a 0x00 in kind or
// country) or a payload the file cannot carry. It never quotes the value: an
// identifier is personal data.
func checkEntry(e *Entry) (id.Binary, error) {
	switch {
	case !validName(e.Kind):
		return id.Binary{}, fmt.Errorf("%w: kind %q", errInvalidEntry, e.Kind)
	case e.Value == "":
		return id.Binary{}, fmt.Errorf("%w: empty %s value", errInvalidEntry, e.Kind)
	case countryScoped(e.Kind) && !isAlpha3(e.Country):
		return id.Binary{}, fmt.Errorf("%w: %s needs an ISO alpha-3 country, got %q", errInvalidEntry, e.Kind, e.Country)
	case !validName(e.Database):
		return id.Binary{}, fmt.Errorf("%w: database %q", errInvalidEntry, e.Database)
	case !validName(e.Owner):
		return id.Binary{}, fmt.Errorf("%w: owner %q", errInvalidEntry, e.Owner)
	case len(e.Action) > maxName:
		return id.Binary{}, fmt.Errorf("%w: %d actions", errInvalidEntry, len(e.Action))
	}
	rec, ok := id.Parse(e.RecordID)
	if !ok {
		return id.Binary{}, fmt.Errorf("%w: record ID %q", errInvalidEntry, e.RecordID)
	}
	for _, a := range e.Action {
		if !validName(a) {
			return id.Binary{}, fmt.Errorf("%w: action %q", errInvalidEntry, a)
		}
	}
	return rec, nil
}

func isAlpha3(s string) bool {
	return len(s) == 3 && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// actionSet is the canonical form of an action list: the order an exporter
// happened to use must not change the state digest.
func actionSet(a []string) []string {
	if isActionSet(a) {
		return a
	}
	s := slices.Clone(a)
	slices.Sort(s)
	return slices.Compact(s)
}

func isActionSet(a []string) bool {
	for i := 1; i < len(a); i++ {
		if a[i-1] >= a[i] {
			return false
		}
	}
	return true
}
