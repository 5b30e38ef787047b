package names

// Spelling folds and the phonetic skeleton. Both work on the lower-case ASCII
// letters that transliteration produces, and both are deliberately lossy: two
// spellings of one name should fold to the same string, and two names that
// merely sound alike should at least share a skeleton.

// fold appends to dst the folded spelling of the lower-case ASCII token s:
// digraphs and letters that Latin orthographies write differently for one
// sound are unified (tsch/sch/shch→sh or ch, ph→f, ck/q→k, kh→h, gh→g,
// dh→d, th→t, zh/dj/dzh→j, x→ks, c→s or k, y→i, ou/oo→u, ee→i, gu+e/i→g),
// doubled letters are collapsed, and a final -e after a consonant or a final
// -h after a vowel is dropped. The result is used for exact and typo
// comparison; it is never shown.
func fold(dst []byte, s []byte) []byte {
	start := len(dst)
	for i := 0; i < len(s); {
		c := s[i]
		n := byte(0)
		if i+1 < len(s) {
			n = s[i+1]
		}
		switch {
		case hasAt(s, i, "tsch"):
			dst, i = append(dst, 'c', 'h'), i+4
		case hasAt(s, i, "shch"):
			dst, i = append(dst, 's', 'h'), i+4
		case hasAt(s, i, "sch"):
			dst, i = append(dst, 's', 'h'), i+3
		case hasAt(s, i, "tch"):
			dst, i = append(dst, 'c', 'h'), i+3
		case hasAt(s, i, "dzh"):
			dst, i = append(dst, 'j'), i+3
		case c == 'd' && n == 'j', c == 'z' && n == 'h':
			dst, i = append(dst, 'j'), i+2
		case c == 'p' && n == 'h':
			dst, i = append(dst, 'f'), i+2
		case c == 'c' && n == 'k':
			dst, i = append(dst, 'k'), i+2
		case c == 'k' && n == 'h':
			dst, i = append(dst, 'h'), i+2
		case (c == 'g' || c == 'd' || c == 't') && n == 'h':
			dst, i = append(dst, c), i+2
		case c == 'o' && (n == 'u' || n == 'o'):
			dst, i = append(dst, 'u'), i+2
		case c == 'e' && n == 'e':
			dst, i = append(dst, 'i'), i+2
		case c == 'g' && n == 'u' && i+2 < len(s) && (s[i+2] == 'e' || s[i+2] == 'i'):
			dst, i = append(dst, 'g'), i+2
		case c == 'q':
			dst, i = append(dst, 'k'), i+1
		case c == 'x':
			dst, i = append(dst, 'k', 's'), i+1
		case c == 'c' && n == 'h':
			dst, i = append(dst, 'c', 'h'), i+2
		case c == 'c' && (n == 'e' || n == 'i' || n == 'y'):
			dst, i = append(dst, 's'), i+1
		case c == 'c':
			dst, i = append(dst, 'k'), i+1
		case c == 'y':
			dst, i = append(dst, 'i'), i+1
		default:
			dst, i = append(dst, c), i+1
		}
	}
	// Collapse doubled letters in place.
	w := start
	for r := start; r < len(dst); r++ {
		if w > start && dst[w-1] == dst[r] {
			continue
		}
		dst[w] = dst[r]
		w++
	}
	dst = dst[:w]
	if n := len(dst) - start; n > 3 {
		last, prev := dst[len(dst)-1], dst[len(dst)-2]
		if last == 'e' && !isVowel(prev) || last == 'h' && isVowel(prev) {
			dst = dst[:len(dst)-1]
		}
	}
	return dst
}

func hasAt(s []byte, i int, p string) bool {
	if len(s)-i < len(p) {
		return false
	}
	for j := 0; j < len(p); j++ {
		if s[i+j] != p[j] {
			return false
		}
	}
	return true
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// skeleton appends to dst the consonant skeleton of a folded token: vowels,
// h and a w not before a vowel are dropped, the remaining consonants are
// merged into classes — P (b p f v w), K (k g q c), S (s z), J (j ch sh),
// T (t d), and L, R, M, N on their own — and a class repeated with no vowel
// in between is written once. "lavrov" and "lavrof" give LPRP; "gaddafi",
// "qadhafi" and the vowel-less Arabic "qdhafi" give KTP; "mohamed" and
// "muhammad" give MMT.
func skeleton(dst []byte, n []byte) []byte {
	last := byte(0)
	for i := 0; i < len(n); i++ {
		c := n[i]
		var k byte
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h':
			last = 0
			continue
		case 'w':
			if i > 0 && (i+1 >= len(n) || !isVowel(n[i+1])) {
				last = 0
				continue
			}
			k = 'P'
		case 'b', 'p', 'f', 'v':
			k = 'P'
		case 'k', 'g', 'q':
			k = 'K'
		case 'c', 's':
			if i+1 < len(n) && n[i+1] == 'h' {
				i++
				k = 'J'
			} else if c == 'c' {
				k = 'K'
			} else {
				k = 'S'
			}
		case 'z':
			k = 'S'
		case 'j':
			k = 'J'
		case 't', 'd':
			k = 'T'
		case 'l':
			k = 'L'
		case 'r':
			k = 'R'
		case 'm':
			k = 'M'
		case 'n':
			k = 'N'
		case 'x':
			if last != 'K' {
				dst = append(dst, 'K')
			}
			k = 'S'
		default:
			last = 0
			continue
		}
		if k != last {
			dst = append(dst, k)
		}
		last = k
	}
	return dst
}

// osa returns the optimal-string-alignment distance (Levenshtein plus
// transposition of neighbours) between a and b, or limit+1 as soon as it is
// sure to exceed limit: callers only need to know whether two tokens are
// within a few edits, so only the diagonal band of width 2·limit+1 is
// computed. Rows live on the stack; inputs are cut at 48 bytes, because a
// name token that long is noise anyway.
func osa(a, b string, limit int) int {
	const maxLen = 48
	if len(a) > maxLen {
		a = a[:maxLen]
	}
	if len(b) > maxLen {
		b = b[:maxLen]
	}
	la, lb := len(a), len(b)
	if la-lb > limit || lb-la > limit {
		return limit + 1
	}
	big := uint8(min(limit+1, maxLen+1))
	var r0, r1, r2 [maxLen + 2]uint8
	prev2, prev, cur := r0[:], r1[:], r2[:]
	for j := 0; j <= lb; j++ {
		prev[j] = uint8(min(j, int(big)))
	}
	for i := 1; i <= la; i++ {
		lo, hi := max(1, i-limit), min(lb, i+limit)
		rowMin := big
		if lo == 1 {
			cur[0] = uint8(min(i, int(big)))
			rowMin = cur[0]
		} else {
			cur[lo-1] = big
		}
		for j := lo; j <= hi; j++ {
			v := prev[j-1]
			if a[i-1] != b[j-1] {
				v = min(v, prev[j], cur[j-1]) + 1
				if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
					v = min(v, prev2[j-2]+1)
				}
			}
			v = min(v, big)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi+1 <= lb {
			cur[hi+1] = big
		}
		if rowMin >= big {
			return int(big)
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[lb])
}
