// Package id makes the node's identifiers: 26-character, lexically sortable
// strings in the ULID layout (48-bit millisecond time, 80 random bits, Crockford
// base32). IDs made by one Source within the same millisecond still sort in the
// order they were made. The source of time and randomness is injected so tests
// get stable IDs.
package id

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"sync"

	"github.com/ncbnet/ncbnet/internal/clock"
)

// Len is the length of every ID.
const Len = 26

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Source makes IDs.
type Source interface {
	New() string
}

// Generator is a Source of ULID-layout IDs, safe for concurrent use.
type Generator struct {
	mu     sync.Mutex
	clock  clock.Clock
	rand   io.Reader
	lastMS uint64
	last   [10]byte
}

// NewGenerator returns a generator reading time from c and randomness from r
// (crypto/rand when r is nil).
func NewGenerator(c clock.Clock, r io.Reader) *Generator {
	if r == nil {
		r = rand.Reader
	}
	return &Generator{clock: c, rand: r}
}

// New returns a fresh ID. Within one millisecond the random part is
// incremented, so IDs stay strictly increasing.
func (g *Generator) New() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := uint64(g.clock.Now().UnixMilli())
	if ms <= g.lastMS {
		ms = g.lastMS
		incr(&g.last)
	} else {
		if _, err := io.ReadFull(g.rand, g.last[:]); err != nil {
			panic(fmt.Sprintf("BUG: id: random source failed: %v", err))
		}
		g.lastMS = ms
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], ms<<16)
	copy(b[6:], g.last[:])
	return encode(b)
}

func incr(b *[10]byte) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i]++
		if b[i] != 0 {
			return
		}
	}
}

// encode writes 128 bits as 26 Crockford base32 characters (the first carries
// only 3 bits).
func encode(b Binary) string {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var out [Len]byte
	for i := Len - 1; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// Valid reports whether s has the shape of an ID. It is used to reject bad
// path parameters before they reach the store.
func Valid(s string) bool {
	if len(s) != Len || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U') {
			return false
		}
	}
	return true
}

// Binary is an ID in its 16-byte form, for compact in-memory tables.
type Binary [16]byte

// Parse returns the binary form of an ID, or false if s is not one.
func Parse(s string) (Binary, bool) {
	if !Valid(s) {
		return Binary{}, false
	}
	var hi, lo uint64
	for i := 0; i < Len; i++ {
		v := uint64(decodeChar(s[i]))
		hi = hi<<5 | lo>>59
		lo = lo<<5 | v
	}
	var b Binary
	binary.BigEndian.PutUint64(b[:8], hi)
	binary.BigEndian.PutUint64(b[8:], lo)
	return b, true
}

// String returns the ID's text form.
func (b Binary) String() string { return encode(b) }

func decodeChar(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'H':
		return c - 'A' + 10
	case c <= 'K':
		return c - 'J' + 18
	case c <= 'N':
		return c - 'M' + 20
	case c <= 'T':
		return c - 'P' + 22
	default:
		return c - 'V' + 27
	}
}
