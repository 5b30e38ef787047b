package names

import (
	"bytes"
	"strings"
	"sync"
)

// builders recycles the scratch space of Parse; nothing parsed keeps a
// reference to it (the result's strings are copied out).
var builders = sync.Pool{New: func() any {
	return &builder{buf: make([]byte, 0, 384), toks: make([]rawTok, 0, maxTokens+4), spare: make([]rawTok, 0, maxTokens+4)}
}}

// Name is a name taken apart once — transliterated, folded, skeletons
// computed — so that it can be compared with many others without doing that
// again. An index keeps the Name of each record next to its keys.
type Name struct {
	raw string
	// rawKey is raw's first 8 bytes as a big-endian number (zeros after a
	// shorter one): two names whose keys differ sort as their raw forms
	// do, without comparing them (alignCanonical, for every pair scored).
	rawKey uint64
	terms  []term
	joins  []unit // joins[i] is terms[i] and terms[i+1] written as one word
}

// term is one token with what comparison needs.
type term struct {
	unit
	text       string // transliterated, as Tokens shows it
	src        string // the word of the name it came from
	strip      unit   // the token without a glued-on al/el (alqadhafi → qadhafi)
	weak       bool
	common     bool // one of the very common given or family names
	patronymic bool
	w          int // weight: longer tokens say more
}

// unit is what two tokens are compared on.
type unit struct {
	norm  string // folded spelling
	skel  string // consonant skeleton
	abjad bool   // transliterated from a script that leaves out vowels
}

// Parse takes a name apart for repeated comparison.
func Parse(name string) Name {
	b := builders.Get().(*builder)
	defer builders.Put(b)
	b.reset()
	b.scan(name)
	b.latinRules()
	n := len(b.toks)
	if n == 0 {
		return Name{raw: name, rawKey: prefixKey(name)}
	}
	type span struct{ a, b int }
	type offsets struct{ norm, skel, strip, stripSkel span }
	var to [maxTokens + 4]offsets
	var jo [maxTokens + 4]offsets
	fs := func(text []byte) (norm, skel span) {
		norm.a = len(b.buf)
		b.buf = fold(b.buf, text)
		norm.b = len(b.buf)
		skel.a = norm.b
		b.buf = skeleton(b.buf, b.buf[norm.a:norm.b])
		skel.b = len(b.buf)
		return norm, skel
	}
	for i, t := range b.toks {
		to[i].norm, to[i].skel = fs(b.buf[t.start:t.end])
		text := b.buf[t.start:t.end]
		if !t.weak && !t.abjad && len(text) >= 6 && (bytes.HasPrefix(text, []byte("al")) || bytes.HasPrefix(text, []byte("el"))) {
			to[i].strip, to[i].stripSkel = fs(b.buf[t.start+2 : t.end])
		}
		if i+1 < n && t.end == b.toks[i+1].start {
			jo[i].norm, jo[i].skel = fs(b.buf[t.start:b.toks[i+1].end])
		}
	}
	s := string(b.buf)
	at := func(sp span) string { return s[sp.a:sp.b] }
	nm := Name{raw: name, rawKey: prefixKey(name), terms: make([]term, n), joins: make([]unit, n-1)}
	for i, t := range b.toks {
		tm := &nm.terms[i]
		tm.text = s[t.start:t.end]
		tm.src = name[t.src0:t.src1]
		tm.unit = unit{norm: at(to[i].norm), skel: at(to[i].skel), abjad: t.abjad}
		if to[i].strip.b > 0 {
			tm.strip = unit{norm: at(to[i].strip), skel: at(to[i].stripSkel)}
		}
		tm.weak = t.weak
		tm.common = commonNames[tm.norm]
		tm.patronymic = i > 0 && isPatronymic(tm.text)
		tm.w = 2 + min(len(tm.norm), 8)
		if i+1 < n {
			nm.joins[i] = unit{norm: at(jo[i].norm), skel: at(jo[i].skel), abjad: t.abjad || b.toks[i+1].abjad}
		}
	}
	return nm
}

func isPatronymic(s string) bool {
	for _, suf := range [...]string{"ovich", "evich", "ovna", "evna", "ichna"} {
		if len(s) > len(suf)+2 && strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// String returns the name as it was given.
func (n Name) String() string { return n.raw }

// prefixKey is s's first 8 bytes as a big-endian number, zeros after a
// shorter s: a < b on keys means a < b on the strings, and equal keys tell
// nothing.
func prefixKey(s string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// Tokens returns the tokens of the name; see the package function Tokens.
func (n Name) Tokens() []Token {
	if len(n.terms) == 0 {
		return nil
	}
	ts := make([]Token, len(n.terms))
	for i, t := range n.terms {
		ts[i] = Token{Text: t.text, Weak: t.weak}
	}
	return ts
}

// strongCount is the number of tokens that carry weight.
func (n Name) strongCount() int {
	c := 0
	for _, t := range n.terms {
		if !t.weak {
			c++
		}
	}
	return c
}
