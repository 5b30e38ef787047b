package names

import (
	"slices"
	"strings"
)

// explain writes what an alignment matched, one short line per pair and per
// token left over, in the order of a's tokens. flipped says that a and b
// were swapped for alignment, so lines are written back in the caller's
// order ("theirs ~ ours" becomes "ours ~ theirs").
func explain(a, b *Name, al *alignment, flipped bool) []string {
	if len(a.terms) == 0 || len(b.terms) == 0 {
		return []string{"empty name"}
	}
	ms := slices.Clone(al.m[:al.n])
	slices.SortFunc(ms, func(x, y match) int { return int(x.a0) - int(y.a0) })
	if flipped {
		slices.SortFunc(ms, func(x, y match) int { return int(x.b0) - int(y.b0) })
	}
	out := make([]string, 0, len(ms)+3)
	for _, m := range ms {
		l, r := display(a, m.a0, m.a1), display(b, m.b0, m.b1)
		if flipped {
			l, r = r, l
		}
		out = append(out, describe(m, l, r, foreign(a, m.a0, m.a1) != foreign(b, m.b0, m.b1)))
	}
	first, second := a, b
	usedFirst, usedSecond := al.usedA, al.usedB
	if flipped {
		first, second, usedFirst, usedSecond = b, a, al.usedB, al.usedA
	}
	out = leftOver(out, first, usedFirst)
	out = leftOver(out, second, usedSecond)
	for i := 1; i < len(ms); i++ {
		if ms[i].b0 < ms[i-1].b0 || ms[i].a0 < ms[i-1].a0 {
			out = append(out, "name order differs")
			break
		}
	}
	return out
}

func describe(m match, l, r string, transliterated bool) string {
	var why []string
	switch m.kind {
	case kindExact:
		switch {
		case l == r:
		case transliterated:
			why = append(why, "transliteration")
		case m.via == viaSingle && (isASCII(l) != isASCII(r)):
			why = append(why, "diacritics")
		case m.via == viaSingle:
			why = append(why, "spelling variant")
		}
	case kindTypo:
		if m.edits == 1 {
			why = append(why, "typo, 1 letter")
		} else {
			why = append(why, "typo, "+itoa(int(m.edits))+" letters")
		}
	case kindPhonetic:
		if transliterated {
			why = append(why, "transliteration")
		} else {
			why = append(why, "sounds alike")
		}
	case kindTranslit:
		why = append(why, "transliteration")
	case kindInitial:
		why = append(why, "initial")
	}
	switch m.via {
	case viaJoinA, viaJoinB:
		why = append(why, "written as one word")
	case viaStripA, viaStripB:
		why = append(why, "article written together")
	}
	op := " ~ "
	if m.kind == kindExact && l == r {
		op = " = "
	}
	s := l + op + r
	if len(why) > 0 {
		s += " (" + strings.Join(why, ", ") + ")"
	}
	return s
}

// leftOver adds a line for each strong token of n that found no partner: a
// patronymic or a token between matched ones is a missing middle name.
func leftOver(out []string, n *Name, used uint32) []string {
	firstUsed, lastUsed := -1, -1
	for i := range n.terms {
		if used&(1<<uint(i)) != 0 {
			if firstUsed < 0 {
				firstUsed = i
			}
			lastUsed = i
		}
	}
	for i, t := range n.terms {
		if t.weak || used&(1<<uint(i)) != 0 {
			continue
		}
		d := display(n, int8(i), int8(i+1))
		if d != t.text {
			d += " (" + t.text + ")"
		}
		if t.patronymic || i > firstUsed && i < lastUsed {
			out = append(out, "middle name "+d+" missing")
		} else {
			out = append(out, d+" unmatched")
		}
	}
	return out
}

// display shows tokens from..to as the name wrote them: the transliterated
// text for Latin words, the original word (lower-cased) for other scripts.
func display(n *Name, from, to int8) string {
	var parts []string
	for i := from; i < to; i++ {
		t := n.terms[i]
		d := t.text
		if !isASCII(t.src) {
			d = strings.ToLower(t.src)
		}
		if t.weak && to-from > 1 && !isASCII(t.src) {
			continue
		}
		if len(parts) > 0 && parts[len(parts)-1] == d {
			continue
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, " ")
}

// foreign reports whether tokens from..to came from a non-Latin script.
func foreign(n *Name, from, to int8) bool {
	for i := from; i < to; i++ {
		if !isLatin(n.terms[i].src) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isLatin reports whether s is written in Latin letters (with or without
// diacritics): everything below the Greek block counts.
func isLatin(s string) bool {
	for _, r := range s {
		if r >= 0x370 {
			return false
		}
	}
	return true
}
