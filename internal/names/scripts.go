package names

import "github.com/mozillazg/go-unidecode/table"

// Hand-written transliteration for the scripts where a generic table gets
// names wrong. Everything else (Latin with diacritics, Cyrillic, Greek, kana,
// Thai, …) goes through the go-unidecode tables, which are good enough once
// fold and skeleton have evened out the spelling conventions.

// arabicLetters maps U+0621…U+064A (and a few Persian and Urdu letters) to
// Latin. Vowels are mostly not written in Arabic, so tokens from it are
// marked vowel-poor and compared by skeleton. ع becomes "a": in Latin
// spellings a vowel stands where the ayn was (Muammar, Ali, Saad, Ismail),
// and it keeps the consonants around it from collapsing (معمر → mamr, MMR).
var arabicLetters = map[rune]string{
	'ء': "", 'آ': "a", 'أ': "a", 'ؤ': "u", 'إ': "i", 'ئ': "i", 'ا': "a",
	'ب': "b", 'ة': "a", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh",
	'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s",
	'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "a", 'غ': "gh", 'ـ': "", 'ف': "f",
	'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'ى': "a",
	'َ': "a", 'ُ': "u", 'ِ': "i", 'ٰ': "a",
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'ک': "k", 'گ': "g", 'ۀ': "a",
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ھ': "h", 'ہ': "h", 'ے': "e", 'ۃ': "a",
}

// arabicParticles are written as Latin particles, to be marked weak with
// them: بن is bin (son of), ابن ibn, بنت bint (daughter of).
var arabicParticles = map[string]string{"بن": "bin", "ابن": "ibn", "بنت": "bint"}

func isArabicVowelSign(r rune) bool {
	return r == 'ا' || r == 'ى' || r == 'َ' || r == 'ِ' || r == 'ُ'
}

// arabic transliterates one Arabic-script word. The article ال becomes its
// own weak token "al"; و and ي are consonants (w, y) at the start of a word
// or before a vowel letter and vowels (u, i) elsewhere; ة (ta marbuta) is
// "a"; shadda, sukun and tanwin are dropped (doubling is folded away anyway).
func (b *builder) arabic(src string) {
	rs := []rune(src)
	if p, ok := arabicParticles[src]; ok {
		b.appendStr(p)
		b.cut(src, true, false)
		return
	}
	switch {
	case src == "الله":
		b.appendStr("allah")
		b.cut(src, true, false)
		return
	case len(rs) >= 7 && string(rs[:7]) == "عبدالله":
		b.appendStr("abdallah")
		b.cut(src, true, false)
		rs = rs[7:]
	case len(rs) > 5 && string(rs[:5]) == "عبدال":
		b.appendStr("abd")
		b.cut(src, true, false)
		rs = rs[3:]
	}
	if len(rs) > 3 && rs[0] == 'ا' && rs[1] == 'ل' {
		b.appendStr("al")
		b.cut(src, true, true)
		rs = rs[2:]
	}
	start := len(b.buf)
	for i, r := range rs {
		switch r {
		case 'و', 'ي', 'ی':
			consonant := len(b.buf) == start || i+1 < len(rs) && isArabicVowelSign(rs[i+1])
			switch {
			case r == 'و' && consonant:
				b.buf = append(b.buf, 'w')
			case r == 'و':
				b.buf = append(b.buf, 'u')
			case consonant:
				b.buf = append(b.buf, 'y')
			default:
				b.buf = append(b.buf, 'i')
			}
		default:
			b.appendStr(arabicLetters[r])
		}
	}
	b.cut(src, true, false)
}

var hebrewLetters = map[rune]string{
	'א': "a", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ז': "z", 'ח': "h",
	'ט': "t", 'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n",
	'ן': "n", 'ס': "s", 'ע': "a", 'פ': "p", 'ף': "f", 'צ': "tz", 'ץ': "tz",
	'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
}

// hebrew transliterates one Hebrew word, consonants only (points are
// ignored): ו is v at the start or doubled and o elsewhere, י is y at the
// start or doubled and i elsewhere, צ is tz so that it cannot run into a
// following h.
func (b *builder) hebrew(src string) {
	if src == "בן" || src == "בת" { // ben, bat: marked weak with the Latin particles
		if src == "בן" {
			b.appendStr("ben")
		} else {
			b.appendStr("bat")
		}
		b.cut(src, true, false)
		return
	}
	rs := []rune(src)
	start := len(b.buf)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case 'ו', 'י':
			doubled := i+1 < len(rs) && rs[i+1] == r
			consonant := len(b.buf) == start || doubled
			if doubled {
				i++
			}
			switch {
			case r == 'ו' && consonant:
				b.buf = append(b.buf, 'v')
			case r == 'ו':
				b.buf = append(b.buf, 'o')
			case consonant:
				b.buf = append(b.buf, 'y')
			default:
				b.buf = append(b.buf, 'i')
			}
		default:
			b.appendStr(hebrewLetters[r])
		}
	}
	b.cut(src, true, false)
}

// devanagariConsonants covers U+0915…U+0939; index = r - 0x915.
var devanagariConsonants = [...]string{
	"k", "kh", "g", "gh", "n", "ch", "chh", "j", "jh", "n", "t", "th", "d", "dh",
	"n", "t", "th", "d", "dh", "n", "n", "p", "ph", "b", "bh", "m", "y", "r", "r",
	"l", "l", "l", "v", "sh", "sh", "s", "h",
}

// devanagariVowels maps independent vowels (U+0904…U+0914) and vowel signs
// (U+093E…U+094C) to Latin.
var devanagariVowels = map[rune]string{
	'ऄ': "a", 'अ': "a", 'आ': "a", 'इ': "i", 'ई': "i", 'उ': "u", 'ऊ': "u",
	'ऋ': "ri", 'ऌ': "li", 'ऍ': "e", 'ऎ': "e", 'ए': "e", 'ऐ': "ai", 'ऑ': "o",
	'ऒ': "o", 'ओ': "o", 'औ': "au",
	'ा': "a", 'ि': "i", 'ी': "i", 'ु': "u", 'ू': "u", 'ृ': "ri", 'ॄ': "ri",
	'ॅ': "e", 'ॆ': "e", 'े': "e", 'ै': "ai", 'ॉ': "o", 'ॊ': "o", 'ो': "o", 'ौ': "au",
}

var devanagariNukta = map[rune]string{
	'\u0958': "q", '\u0959': "kh", '\u095A': "gh", '\u095B': "z", '\u095C': "r", '\u095D': "rh", '\u095E': "f", '\u095F': "y",
}

// devanagari transliterates one word with the Hindi reading of the inherent
// vowel: a consonant carries "a" unless a vowel sign or virama follows, and
// the word-final inherent vowel is dropped except after a conjunct
// (अमिताभ → amitabh, नरेंद्र → narendra); long vowels are written single, as Hindi names are in Latin. Anusvara is m before labials, ng
// before h (सिंह → singh) and n elsewhere.
func (b *builder) devanagari(src string) {
	rs := []rune(src)
	pending, conjunct := false, false
	for i, r := range rs {
		cons, isCons := "", false
		switch {
		case r >= 0x915 && r <= 0x939:
			cons, isCons = devanagariConsonants[r-0x915], true
		case devanagariNukta[r] != "":
			cons, isCons = devanagariNukta[r], true
		}
		switch {
		case isCons:
			if pending {
				b.buf = append(b.buf, 'a')
				conjunct = false
			}
			b.appendStr(cons)
			pending = true
		case r == 0x94D: // virama
			pending, conjunct = false, true
		case r == 0x902 || r == 0x901: // anusvara, chandrabindu
			if pending {
				b.buf = append(b.buf, 'a')
				pending = false
			}
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			switch {
			case next >= 'प' && next <= 'म':
				b.buf = append(b.buf, 'm')
			case next == 'ह':
				b.appendStr("ng")
			default:
				b.buf = append(b.buf, 'n')
			}
		case r == 0x903: // visarga
			b.buf = append(b.buf, 'h')
		case devanagariVowels[r] != "":
			if pending && r < 0x93E {
				b.buf = append(b.buf, 'a')
			}
			b.appendStr(devanagariVowels[r])
			pending, conjunct = false, false
		}
	}
	if pending && conjunct {
		b.buf = append(b.buf, 'a')
	}
	b.cut(src, false, false)
}

var (
	hangulInitials = [...]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulMedials  = [...]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinals   = [...]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// koreanSurnames gives the Latin spelling that passports and the press use
// for the common family names, which is rarely the Revised Romanization
// (이 is Lee, not I; 박 is Park, not Bak).
var koreanSurnames = map[string]string{
	"김": "kim", "이": "lee", "리": "lee", "박": "park", "최": "choi", "정": "jung",
	"강": "kang", "조": "cho", "윤": "yoon", "장": "jang", "임": "lim", "림": "lim",
	"한": "han", "오": "oh", "서": "seo", "신": "shin", "권": "kwon", "황": "hwang",
	"안": "ahn", "송": "song", "류": "ryu", "유": "yoo", "전": "jeon", "홍": "hong",
	"고": "ko", "문": "moon", "양": "yang", "손": "son", "배": "bae", "백": "baek",
	"허": "heo", "노": "roh", "남": "nam", "심": "shim", "하": "ha", "곽": "kwak",
	"성": "sung", "차": "cha", "주": "joo", "우": "woo", "구": "koo", "민": "min",
	"진": "jin", "지": "ji", "엄": "eom", "채": "chae", "원": "won", "천": "chun",
	"방": "bang", "공": "kong", "현": "hyun", "함": "ham", "변": "byun", "석": "seok",
	"선": "sun", "설": "seol", "길": "gil", "연": "yeon", "표": "pyo", "명": "myung",
	"기": "ki", "반": "ban", "라": "ra", "왕": "wang", "금": "keum", "육": "yook",
	"탁": "tak", "국": "kook", "남궁": "namgoong", "황보": "hwangbo", "제갈": "jegal",
	"선우": "sunwoo", "독고": "dokgo", "사공": "sagong", "서문": "seomun",
}

// hangul splits a run of Hangul syllables written without spaces into family
// name (the first syllable, or two for the compound names) and given name,
// in Revised Romanization.
func (b *builder) hangul(src string) {
	rs := []rune(src)
	if len(rs) >= 2 {
		n := 1
		if len(rs) >= 3 && koreanSurnames[string(rs[:2])] != "" {
			n = 2
		}
		surname := string(rs[:n])
		if latin, ok := koreanSurnames[surname]; ok {
			b.appendStr(latin)
		} else {
			b.romanizeHangul(rs[:n])
		}
		b.cut(surname, false, false)
		b.advance(surname)
		src, rs = src[len(surname):], rs[n:]
	}
	b.romanizeHangul(rs)
	b.cut(src, false, false)
}

func (b *builder) romanizeHangul(rs []rune) {
	for _, r := range rs {
		if r < 0xAC00 || r > 0xD7A3 {
			b.unidecode(r)
			continue
		}
		s := int(r - 0xAC00)
		b.appendStr(hangulInitials[s/588])
		b.appendStr(hangulMedials[(s%588)/28])
		b.appendStr(hangulFinals[s%28])
	}
}

// chineseCompoundSurnames are the two-character family names still in use,
// with their reading where a character reads differently in a name.
var chineseCompoundSurnames = map[string]string{
	"欧阳": "ouyang", "歐陽": "ouyang", "司马": "sima", "司馬": "sima", "诸葛": "zhuge",
	"諸葛": "zhuge", "上官": "shangguan", "东方": "dongfang", "東方": "dongfang",
	"皇甫": "huangfu", "慕容": "murong", "夏侯": "xiahou", "令狐": "linghu",
	"尉迟": "yuchi", "尉遲": "yuchi", "公孙": "gongsun", "公孫": "gongsun",
	"长孙": "zhangsun", "長孫": "zhangsun", "宇文": "yuwen", "司徒": "situ",
	"端木": "duanmu", "万俟": "moqi",
}

// hanReadings correct the go-unidecode reading of characters common in
// names where the table gives a rare reading (叶 is Ye, not Xie; 娜 is Na).
var hanReadings = map[rune]string{
	'叶': "ye", '沈': "shen", '万': "wan", '娜': "na", '宁': "ning", '曾': "zeng",
}

// hanSurnameReadings are the readings some characters take only as a family
// name (单 is Shan as a name, Dan otherwise).
var hanSurnameReadings = map[rune]string{
	'单': "shan", '解': "xie", '仇': "qiu", '朴': "piao", '查': "zha", '区': "ou",
	'乐': "yue", '盖': "ge", '缪': "miao", '翟': "zhai", '秘': "bi", '召': "shao",
	'覃': "qin", '种': "chong", '重': "chong", '曾': "zeng",
}

// han turns a run of Chinese characters into pinyin: the first character (or
// two, for a compound family name) is the family name, the rest one given
// name (王小明 → wang xiaoming), as Chinese names are written in Latin.
// Japanese names in kanji get Chinese readings this way: a known limit.
func (b *builder) han(src string) {
	rs := []rune(src)
	if len(rs) >= 2 {
		n, reading := 1, hanSurnameReadings[rs[0]]
		if r, ok := chineseCompoundSurnames[string(rs[:2])]; ok && len(rs) >= 3 {
			n, reading = 2, r
		}
		surname := string(rs[:n])
		if reading != "" {
			b.appendStr(reading)
		} else {
			b.hanReading(rs[0])
			if n == 2 {
				b.hanReading(rs[1])
			}
		}
		b.cut(surname, false, false)
		b.advance(surname)
		src, rs = src[len(surname):], rs[n:]
	}
	for _, r := range rs {
		b.hanReading(r)
	}
	b.cut(src, false, false)
}

func (b *builder) hanReading(r rune) {
	if s, ok := hanReadings[r]; ok {
		b.appendStr(s)
		return
	}
	b.unidecode(r)
}

// unidecode appends the lower-case ASCII letters of r's go-unidecode
// transliteration.
func (b *builder) unidecode(r rune) {
	if r < 0x80 {
		b.appendLetters(string(r))
		return
	}
	if r > 0xeffff {
		return
	}
	if t, ok := table.Tables[r>>8]; ok && int(r&0xff) < len(t) {
		b.appendLetters(t[r&0xff])
	}
}
