package names

import (
	"cmp"
	"slices"
	"strconv"
)

// How two tokens are compared (tokenSim) and what each kind of agreement is
// worth. A pair below matchFloor is no match at all.
const (
	matchFloor     = 0.7
	joinFactor     = 0.98 // rami makhlouf ~ ramimakhlouf: one word or two is a small doubt
	stripFactor    = 0.95 // alqadhafi ~ qadhafi: the article may be part of the name
	initialSim     = 0.7  // "s" ~ "sergei"
	translitSim    = 0.88 // same skeleton across a vowel-less script
	nearTranslit   = 0.72 // skeletons one class apart across a vowel-less script
	missingOne     = 0.8  // weight of unmatched tokens when only one token matched
	missingSeveral = 0.25 // … when two or more matched: a missing middle name is common
)

type kind uint8

const (
	kindNone kind = iota
	kindExact
	kindTypo
	kindPhonetic
	kindTranslit
	kindInitial
)

// typoBudget is the number of edits a token of length n may have and still
// be the same name misspelt: none up to 3 letters, one up to 7, then two.
func typoBudget(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 7:
		return 1
	}
	return 2
}

// tokenSim compares two tokens: 1 for the same folded spelling; 1 - 0.1 per
// edit within the typo budget; 0.8 to 0.95 for the same skeleton when the
// spellings are not too far apart (vowel and consonant-class variants:
// mohamed ~ muhamad, gadafi ~ kadafi); 0.88 for the same skeleton when one
// side comes from a vowel-less script (Arabic, Hebrew); 0.7 for an initial.
// Anything else scores 0.
func tokenSim(a, b unit) (float64, kind, int) {
	if a.norm == b.norm {
		return 1, kindExact, 0
	}
	la, lb := len(a.norm), len(b.norm)
	if la == 0 || lb == 0 {
		return 0, kindNone, 0
	}
	if la == 1 || lb == 1 {
		if a.norm[0] == b.norm[0] {
			return initialSim, kindInitial, 0
		}
		return 0, kindNone, 0
	}
	long, short := max(la, lb), min(la, lb)
	sameSkel := a.skel == b.skel && len(a.skel) >= 2
	if long-short > max(2, long/3) && !sameSkel && !a.abjad && !b.abjad {
		return 0, kindNone, long - short
	}
	limit := typoBudget(short)
	if sameSkel {
		limit = max(limit, 2, long/3)
	}
	d := osa(a.norm, b.norm, limit)
	best, k := 0.0, kindNone
	if d <= typoBudget(short) {
		best, k = 1-0.1*float64(d), kindTypo
	}
	if sameSkel && d <= max(2, long/3) {
		if p := 0.8 + 0.15*(1-float64(d)/float64(long)); p > best {
			best, k = p, kindPhonetic
		}
	}
	if (a.abjad || b.abjad) && best < translitSim {
		switch {
		case sameSkel:
			best, k = translitSim, kindTranslit
		case len(a.skel) >= 3 && len(b.skel) >= 3 && osa(a.skel, b.skel, 1) == 1 && best < nearTranslit:
			best, k = nearTranslit, kindTranslit
		}
	}
	return best, k, d
}

// via says which forms of the tokens a match used.
type via uint8

const (
	viaSingle via = iota
	viaJoinA      // two tokens of a written as one word in b
	viaJoinB
	viaStripA // a's token without its glued-on article
	viaStripB
)

// match is one aligned pair: tokens a0 ≤ i < a1 of a with b0 ≤ j < b1 of b.
type match struct {
	sim            float64
	kind           kind
	via            via
	edits          int8
	a0, a1, b0, b1 int8
	w              int // weight of the tokens covered, for ordering
}

// alignment is the outcome of comparing two names.
type alignment struct {
	score float64
	m     [maxTokens + 4]match
	n     int
	covA  float64
	covB  float64
	usedA uint32
	usedB uint32
}

// align matches the strong tokens of a and b one to one (a pair of
// neighbouring tokens may stand for one written as a single word), best
// pairs first, and scores the result:
//
//	covX  = Σ sim·weight of X's matched tokens / Σ weight of X's tokens
//	score = hi · (1 − λ·(1 − lo)),  hi, lo = the larger, smaller coverage
//
// with λ = 0.25 when two or more pairs matched (a missing middle name or
// patronymic costs little, and order does not matter) and 0.8 when only one
// did (a shared first name alone is not a match). A token's weight is
// 2 + its length, up to 10.
func align(a, b *Name) alignment {
	var al alignment
	var cbuf [48]match
	cands := cbuf[:0]
	add := func(m match) {
		if m.sim >= matchFloor {
			cands = append(cands, m)
		}
	}
	for i := range a.terms {
		ta := &a.terms[i]
		if ta.weak {
			continue
		}
		for j := range b.terms {
			tb := &b.terms[j]
			if tb.weak {
				continue
			}
			s, k, d := tokenSim(ta.unit, tb.unit)
			m := match{sim: s, kind: k, edits: int8(d), a0: int8(i), a1: int8(i + 1), b0: int8(j), b1: int8(j + 1), w: ta.w + tb.w}
			if ta.strip.norm != "" && s < 1 {
				if s2, k2, d2 := tokenSim(ta.strip, tb.unit); s2*stripFactor > m.sim {
					m.sim, m.kind, m.edits, m.via = s2*stripFactor, k2, int8(d2), viaStripA
				}
			}
			if tb.strip.norm != "" && s < 1 {
				if s2, k2, d2 := tokenSim(ta.unit, tb.strip); s2*stripFactor > m.sim {
					m.sim, m.kind, m.edits, m.via = s2*stripFactor, k2, int8(d2), viaStripB
				}
			}
			add(m)
		}
	}
	joins := func(x, y *Name, swap bool) {
		for i, jn := range x.joins {
			if jn.norm == "" || x.terms[i].weak && x.terms[i+1].weak {
				continue
			}
			for j := range y.terms {
				ty := &y.terms[j]
				if ty.weak || len(ty.norm)+3 < len(jn.norm) || len(jn.norm)+3 < len(ty.norm) {
					continue
				}
				s, k, d := tokenSim(jn, ty.unit)
				m := match{sim: s * joinFactor, kind: k, edits: int8(d), w: x.terms[i].w + x.terms[i+1].w + ty.w}
				if swap {
					m.via, m.a0, m.a1, m.b0, m.b1 = viaJoinB, int8(j), int8(j+1), int8(i), int8(i+2)
				} else {
					m.via, m.a0, m.a1, m.b0, m.b1 = viaJoinA, int8(i), int8(i+2), int8(j), int8(j+1)
				}
				add(m)
			}
		}
	}
	joins(a, b, false)
	joins(b, a, true)
	slices.SortFunc(cands, func(x, y match) int {
		if c := cmp.Compare(y.sim, x.sim); c != 0 {
			return c
		}
		if c := cmp.Compare(y.w, x.w); c != 0 {
			return c
		}
		if c := cmp.Compare(x.via, y.via); c != 0 {
			return c
		}
		if c := cmp.Compare(x.a0, y.a0); c != 0 {
			return c
		}
		return cmp.Compare(x.b0, y.b0)
	})
	for _, c := range cands {
		ma, mb := span(c.a0, c.a1), span(c.b0, c.b1)
		if al.usedA&ma != 0 || al.usedB&mb != 0 || al.n == len(al.m) {
			continue
		}
		al.usedA |= ma
		al.usedB |= mb
		al.m[al.n] = c
		al.n++
	}
	al.covA = coverage(a, al.m[:al.n], true)
	al.covB = coverage(b, al.m[:al.n], false)
	hi, lo := max(al.covA, al.covB), min(al.covA, al.covB)
	lambda := missingSeveral
	if al.n < 2 {
		lambda = missingOne
	}
	al.score = min(1, max(0, hi*(1-lambda*(1-lo))))
	return al
}

func span(from, to int8) uint32 { return (uint32(1)<<uint(to) - 1) &^ (uint32(1)<<uint(from) - 1) }

// coverage is Σ sim·weight over the matched strong tokens of one side,
// divided by the weight of all its strong tokens. Weights are small integers,
// so a full match divides a sum by itself and gives exactly 1.
func coverage(n *Name, ms []match, sideA bool) float64 {
	total := 0
	for _, t := range n.terms {
		if !t.weak {
			total += t.w
		}
	}
	if total == 0 {
		return 0
	}
	got := 0.0
	for _, m := range ms {
		from, to := m.b0, m.b1
		if sideA {
			from, to = m.a0, m.a1
		}
		w := 0
		for i := from; i < to; i++ {
			if !n.terms[i].weak {
				w += n.terms[i].w
			}
		}
		got += m.sim * float64(w)
	}
	return min(1, got/float64(total))
}

// Similarity compares two names, in any scripts, and returns a score in
// [0,1] (1 for the same name, MatchThreshold and above for names that may
// well be the same person's) with a short explanation of what matched, e.g.
// ["sergei = сергей (transliteration)", "lavrov = лавров (transliteration)",
// "middle name viktorovich missing"]. It is symmetric.
func Similarity(a, b string) (float64, []string) {
	na, nb := Parse(a), Parse(b)
	return na.Similarity(nb)
}

// Similarity is the package function Similarity on parsed names.
func (n Name) Similarity(o Name) (float64, []string) {
	al, flipped := alignCanonical(&n, &o)
	if flipped {
		return al.score, explain(&o, &n, &al, true)
	}
	return al.score, explain(&n, &o, &al, false)
}

// alignCanonical aligns the two names in a fixed order (by their text), so
// that the score cannot depend on which one was passed first.
func alignCanonical(a, b *Name) (alignment, bool) {
	if a.rawKey > b.rawKey || a.rawKey == b.rawKey && a.raw > b.raw {
		return align(b, a), true
	}
	return align(a, b), false
}

func itoa(n int) string { return strconv.Itoa(n) }
