package names

import "unicode"

// Token is one word of a name in lower-case ASCII. Weak tokens are particles
// and articles (al, bin, van, de, …): kept so that a reader sees them, but
// they carry no weight when names are compared.
type Token struct {
	Text string
	Weak bool
}

// Tokens returns the name transliterated to lower-case ASCII tokens: scripts
// (Cyrillic, Greek, Arabic, Hebrew, Chinese, Korean, Devanagari, …)
// transliterated, diacritics folded, punctuation dropped, particles and
// articles kept as separate weak tokens. An Arabic word with the article
// (القذافي) gives two tokens, "al" (weak) and "qdhafi"; a run of Chinese or
// Korean characters gives family name and given name (王小明 → wang,
// xiaoming); short hyphenated parts are joined (Jong-un → jongun).
func Tokens(name string) []Token {
	return Parse(name).Tokens()
}

// Limits that bound the work one name can cause; a real name stays far below
// them, and what lies beyond is dropped.
const (
	maxInputBytes = 512
	maxTokens     = 12
	maxTokenLen   = 40
)

type script uint8

const (
	scriptOther script = iota
	scriptArabic
	scriptHebrew
	scriptDevanagari
	scriptHangul
	scriptHan
)

func scriptOf(r rune) script {
	switch {
	case r < 0x590:
		return scriptOther
	case r <= 0x5FF || r >= 0xFB1D && r <= 0xFB4F:
		return scriptHebrew
	case r >= 0x600 && r <= 0x6FF || r >= 0x750 && r <= 0x77F || r >= 0x8A0 && r <= 0x8FF ||
		r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF:
		return scriptArabic
	case r >= 0x900 && r <= 0x97F:
		return scriptDevanagari
	case r >= 0xAC00 && r <= 0xD7A3 || r >= 0x1100 && r <= 0x11FF || r >= 0x3130 && r <= 0x318F:
		return scriptHangul
	case r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0xF900 && r <= 0xFAFF:
		return scriptHan
	}
	return scriptOther
}

// rawTok is a token while the name is being taken apart: its letters are
// buf[start:end] of the builder, its source the bytes src0:src1 of the name.
type rawTok struct {
	start, end int
	src0, src1 int
	abjad      bool // from a script that does not write most vowels
	weak       bool
	hyphen     bool // a hyphen follows it in the name
}

type builder struct {
	buf        []byte
	toks       []rawTok
	spare      []rawTok // second token list for latinRules
	tokStart   int
	src0, src1 int // source span of the word being transliterated
}

func (b *builder) reset() {
	b.buf, b.toks, b.spare = b.buf[:0], b.toks[:0], b.spare[:0]
	b.tokStart, b.src0, b.src1 = 0, 0, 0
}

func (b *builder) appendStr(s string) { b.buf = append(b.buf, s...) }

// appendLetters appends the ASCII letters of s in lower case and drops
// everything else (apostrophes, spaces, brackets of unknown characters).
func (b *builder) appendLetters(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.buf = append(b.buf, c)
		case c >= 'A' && c <= 'Z':
			b.buf = append(b.buf, c+'a'-'A')
		}
	}
}

// cut ends the current token, if it has letters. src is the part of the
// current word it came from: the whole word, or its start (a family name
// split off), after which the word's remaining source starts past it.
func (b *builder) cut(src string, abjad, weak bool) {
	if len(b.buf)-b.tokStart > maxTokenLen {
		b.buf = b.buf[:b.tokStart+maxTokenLen]
	}
	s1 := min(b.src0+len(src), b.src1)
	if len(b.buf) > b.tokStart && len(b.toks) < maxTokens {
		b.toks = append(b.toks, rawTok{start: b.tokStart, end: len(b.buf), src0: b.src0, src1: s1, abjad: abjad, weak: weak})
	} else {
		b.buf = b.buf[:b.tokStart]
	}
	b.tokStart = len(b.buf)
}

// advance moves the start of the current word's source past a part that
// has been cut off.
func (b *builder) advance(part string) { b.src0 = min(b.src0+len(part), b.src1) }

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', 'ʻ', '´', '‘', 'ʿ', 'ʾ':
		return true
	}
	return false
}

func isHyphen(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—':
		return true
	}
	return false
}

// scan cuts the name into words (runs of letters of one script; apostrophes
// inside a word are dropped, everything else separates) and transliterates
// each.
func (b *builder) scan(name string) {
	if len(name) > maxInputBytes {
		name = name[:maxInputBytes]
	}
	start, sc := -1, scriptOther
	flush := func(end int, hyphen bool) {
		if start < 0 {
			return
		}
		n := len(b.toks)
		b.word(name[start:end], start, end, sc)
		if hyphen && len(b.toks) > n {
			b.toks[len(b.toks)-1].hyphen = true
		}
		start = -1
	}
	for i, r := range name {
		switch {
		case isApostrophe(r):
			continue
		case unicode.IsMark(r) && start >= 0:
			continue
		case unicode.IsLetter(r):
			s := scriptOf(r)
			if start >= 0 && s != sc {
				flush(i, false)
			}
			if start < 0 {
				start, sc = i, s
			}
		default:
			flush(i, isHyphen(r))
		}
	}
	flush(len(name), false)
}

func (b *builder) word(src string, src0, src1 int, sc script) {
	b.src0, b.src1 = src0, src1
	switch sc {
	case scriptArabic:
		b.arabic(src)
	case scriptHebrew:
		b.hebrew(src)
	case scriptDevanagari:
		b.devanagari(src)
	case scriptHangul:
		b.hangul(src)
	case scriptHan:
		b.han(src)
	default:
		for _, r := range src {
			b.unidecode(r)
		}
		b.cut(src, false, false)
	}
}

// Particle lists. Articles are weak wherever they stand (al-Qadhafi, El
// Baradei); the Arabic article assimilated to a sun letter only when written
// with a hyphen (ar-Rashid, ash-Sharif), since An, As, At are names of their
// own elsewhere. Other particles are weak unless they end the name (de
// Gaulle, van Dijk, bin Laden); the ones that are also East Asian family
// names (Le, Du, Do, Da, Di, La) or an English given name (Ben) are weak
// only inside a name.
var (
	articles       = map[string]bool{"al": true, "el": true}
	sunArticles    = map[string]bool{"ar": true, "as": true, "ash": true, "ad": true, "an": true, "az": true, "at": true, "ath": true, "adh": true, "ul": true, "ud": true, "ut": true, "us": true, "ur": true, "un": true}
	particles      = map[string]bool{"bin": true, "ibn": true, "bint": true, "binti": true, "ould": true, "van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true, "dos": true, "das": true, "zu": true, "ter": true, "ten": true, "oglu": true, "ogly": true, "kyzy": true, "qizi": true}
	innerParticles = map[string]bool{"ben": true, "da": true, "di": true, "do": true, "du": true, "la": true, "le": true, "y": true, "bat": true, "jr": true, "sr": true, "ii": true, "iii": true, "iv": true}
)

// latinRules applies what only shows once the words are tokens: short
// hyphenated parts joined (Jong-un, Jae-in, Xiao-ming are one given name),
// Abdel/Abdul/Abdur split into abd and the article, particles marked weak.
func (b *builder) latinRules() {
	t := b.spare[:0]
	for i := 0; i < len(b.toks); i++ {
		cur := b.toks[i]
		for cur.hyphen && !cur.abjad && i+1 < len(b.toks) && cur.end == b.toks[i+1].start &&
			cur.end-cur.start <= 4 && b.toks[i+1].end-b.toks[i+1].start <= 4 &&
			!articles[string(b.letters(cur))] && !sunArticles[string(b.letters(cur))] {
			next := b.toks[i+1]
			cur.end, cur.src1, cur.hyphen = next.end, next.src1, next.hyphen
			i++
		}
		t = b.splitAbd(t, cur)
	}
	if len(t) > maxTokens {
		t = t[:maxTokens]
	}
	b.toks, b.spare = t, b.toks
	strong := 0
	for i := range b.toks {
		tk := &b.toks[i]
		s := b.letters(*tk)
		inner := i > 0 && i < len(b.toks)-1
		switch {
		case tk.weak:
		case articles[string(s)], sunArticles[string(s)] && tk.hyphen:
			tk.weak = true
		case particles[string(s)] && i < len(b.toks)-1, innerParticles[string(s)] && inner:
			tk.weak = true
		}
		if !tk.weak {
			strong++
		}
	}
	if strong == 0 {
		for i := range b.toks {
			b.toks[i].weak = false
		}
	}
}

func (b *builder) letters(t rawTok) []byte { return b.buf[t.start:t.end] }

// splitAbd appends tok to t, split in three when it is abd + article + name
// written as one word (abdelrahman → abd el rahman, abdurrahman → abd ur
// rahman), in two when it is abd + article alone (Abdel Rahman), so that all
// spellings meet the Arabic-script عبد الرحمن. Abdullah stays whole.
func (b *builder) splitAbd(t []rawTok, tok rawTok) []rawTok {
	s := b.buf[tok.start:tok.end]
	if tok.abjad || len(s) < 5 || string(s[:3]) != "abd" {
		return append(t, tok)
	}
	p := 3
	if hasAt(s, p, "ou") {
		p += 2
	} else if isVowel(s[p]) {
		p++
	} else {
		return append(t, tok)
	}
	if p >= len(s) {
		return append(t, tok)
	}
	c, rest := s[p], ""
	switch {
	case c == 'l':
		rest = string(s[p+1:])
	case p+1 < len(s) && s[p+1] == c && (c == 'r' || c == 's' || c == 't' || c == 'd' || c == 'n' || c == 'z'):
		rest = string(s[p+1:])
	default:
		return append(t, tok)
	}
	if rest == "lah" || rest == "la" || rest != "" && len(rest) < 3 {
		return append(t, tok)
	}
	abd := tok
	abd.end, abd.hyphen = tok.start+3, false
	art := tok
	art.start, art.end, art.weak, art.hyphen = tok.start+3, tok.start+p+1, true, false
	t = append(t, abd, art)
	if rest != "" {
		name := tok
		name.start = tok.start + p + 1
		t = append(t, name)
	}
	return t
}
