package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-unidecode"
)

// Romanizations of the cultures whose Latin spellings follow rules: the
// same Cyrillic name is written differently by a Russian passport (ICAO
// 9303), the English-language press, a German register and a French one,
// and a Ukrainian passport follows yet another system. Cultures whose Latin
// spellings are a matter of custom (Arabic, Chinese, Korean, Hindi, Greek)
// list them in their tables instead.

// letterRule gives the Latin for one lower-case letter of a word: c, with
// the letters around it (0 at the edges of the word).
type letterRule func(c, prev, next rune) string

// romanize writes s letter by letter with rule; a capital stays a capital
// (Щ gives Shch), anything that is not a letter is kept, and fix, when
// given, corrects the ending of each word.
func romanize(s string, rule letterRule, fix func(word string) string) string {
	var out, word strings.Builder
	flush := func() {
		w := word.String()
		if fix != nil {
			w = fix(w)
		}
		out.WriteString(w)
		word.Reset()
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) {
			flush()
			out.WriteRune(r)
			continue
		}
		lower := unicode.ToLower(r)
		var prev, next rune
		if i > 0 && unicode.IsLetter(rs[i-1]) {
			prev = unicode.ToLower(rs[i-1])
		}
		if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			next = unicode.ToLower(rs[i+1])
		}
		latin := rule(lower, prev, next)
		if r != lower && latin != "" {
			first, size := utf8.DecodeRuneInString(latin)
			latin = string(unicode.ToUpper(first)) + latin[size:]
		}
		word.WriteString(latin)
	}
	flush()
	return out.String()
}

func isCyrillicVowel(r rune) bool { return strings.ContainsRune("аеёиоуыэюяіїє", r) }

// afterVowel is true at the start of a word, after a vowel and after the
// signs, where е, ю, я are written with an initial y (or j).
func afterVowel(prev rune) bool {
	return prev == 0 || isCyrillicVowel(prev) || prev == 'ь' || prev == 'ъ' || prev == '\''
}

// russianBase is the letters every system below writes alike.
var russianBase = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	'ё': "e",
}

// russianICAO is ICAO 9303 (Russian passports since 2013): Сергей
// Лавров → Sergei Lavrov, Юрий → Iurii.
func russianICAO(c, _, _ rune) string {
	if c == 'ъ' {
		return "ie"
	}
	return russianBase[c]
}

// russianPress is the spelling of English-language newspapers (BGN/PCGN
// simplified): Sergey, Yury, Dmitry, Pyotr, Khodorkovsky, Navalny.
func russianPress(c, prev, _ rune) string {
	switch c {
	case 'е':
		if afterVowel(prev) {
			return "ye"
		}
		return "e"
	case 'ё':
		if strings.ContainsRune("жчшщ", prev) {
			return "o"
		}
		return "yo"
	case 'й':
		return "y"
	case 'ю':
		return "yu"
	case 'я':
		return "ya"
	}
	return russianBase[c]
}

func russianPressEnding(w string) string {
	for _, end := range []string{"iy", "yy"} {
		if strings.HasSuffix(w, end) {
			return w[:len(w)-2] + "y"
		}
	}
	return w
}

// russianGerman is the Duden transliteration: Sergei Lawrow, Wiktorowitsch,
// Chruschtschow, Juri, Fjodor.
func russianGerman(c, prev, next rune) string {
	switch c {
	case 'в':
		return "w"
	case 'е':
		if afterVowel(prev) {
			return "je"
		}
		return "e"
	case 'ё':
		if strings.ContainsRune("жчшщ", prev) {
			return "o"
		}
		return "jo"
	case 'ж':
		return "sch"
	case 'з':
		return "s"
	case 'с':
		if isCyrillicVowel(prev) && isCyrillicVowel(next) {
			return "ss"
		}
		return "s"
	case 'х':
		return "ch"
	case 'ц':
		return "z"
	case 'ч':
		return "tsch"
	case 'ш':
		return "sch"
	case 'щ':
		return "schtsch"
	case 'ю':
		return "ju"
	case 'я':
		return "ja"
	}
	return russianBase[c]
}

func russianGermanEnding(w string) string {
	switch {
	case strings.HasSuffix(w, "ii"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "yi"):
		return w[:len(w)-1]
	}
	return w
}

// russianFrench is the French usage: Sergueï, Iouri, Pougatchev-like
// ou and tch, Chevtchenko.
func russianFrench(c, prev, next rune) string {
	switch c {
	case 'г':
		if strings.ContainsRune("еиыэй", next) {
			return "gu"
		}
		return "g"
	case 'ж':
		return "j"
	case 'и', 'й':
		if isCyrillicVowel(prev) && prev != 'и' {
			return "ï"
		}
		return "i"
	case 'с':
		if isCyrillicVowel(prev) && isCyrillicVowel(next) {
			return "ss"
		}
		return "s"
	case 'у':
		return "ou"
	case 'ч':
		return "tch"
	case 'ш':
		return "ch"
	case 'щ':
		return "chtch"
	case 'ю':
		return "iou"
	case 'ё':
		return "io"
	}
	return russianBase[c]
}

func russianFrenchEnding(w string) string {
	if strings.HasSuffix(w, "ii") {
		return w[:len(w)-1]
	}
	return w
}

// ukrainianBase is Ukrainian's letters as its passports write them (KMU
// 2010), where г is h and и is y.
var ukrainianBase = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie",
	'ж': "zh", 'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l",
	'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "", 'ю': "iu",
	'я': "ia", '\'': "",
}

// ukrainianKMU is the national system of Ukrainian passports: Oleksandr,
// Andrii, Serhii, Yevheniia, Shevchenko.
func ukrainianKMU(c, prev, _ rune) string {
	if prev == 0 {
		switch c {
		case 'є':
			return "ye"
		case 'ї':
			return "yi"
		case 'й':
			return "y"
		case 'ю':
			return "yu"
		case 'я':
			return "ya"
		}
	}
	return ukrainianBase[c]
}

// ukrainianPress is the older BGN/PCGN-like usage: Andriy, Serhiy, Yuriy.
func ukrainianPress(c, _, _ rune) string {
	switch c {
	case 'є':
		return "ye"
	case 'ї':
		return "yi"
	case 'й':
		return "y"
	case 'ю':
		return "yu"
	case 'я':
		return "ya"
	}
	return ukrainianBase[c]
}

// ukrainianGerman is the Duden transliteration of Ukrainian: Schewtschenko,
// Wolodymyr, Andrij.
func ukrainianGerman(c, prev, next rune) string {
	switch c {
	case 'в':
		return "w"
	case 'є':
		return "je"
	case 'ж':
		return "sch"
	case 'з':
		return "s"
	case 'ї':
		return "ji"
	case 'й':
		return "j"
	case 'с':
		if isCyrillicVowel(prev) && isCyrillicVowel(next) {
			return "ss"
		}
		return "s"
	case 'х':
		return "ch"
	case 'ц':
		return "z"
	case 'ч':
		return "tsch"
	case 'ш':
		return "sch"
	case 'щ':
		return "schtsch"
	case 'ю':
		return "ju"
	case 'я':
		return "ja"
	}
	return ukrainianBase[c]
}

// romanizer returns a writing system's derivation from Cyrillic.
func romanizer(rule letterRule, fix func(string) string) func(string) string {
	return func(s string) string { return romanize(s, rule, fix) }
}

// Japanese names are written in Latin in several Hepburn habits: with
// macrons (Satō), without (Sato), with the long vowel spelt out (Satou,
// Yuuto) or with oh (Satoh, Yohko) as many passports do.
func romajiPlain(s string) string {
	return strings.NewReplacer("ō", "o", "ū", "u", "Ō", "O", "Ū", "U").Replace(s)
}

func romajiSpelt(s string) string {
	return strings.NewReplacer("ō", "ou", "ū", "uu", "Ō", "Ou", "Ū", "Uu").Replace(s)
}

func romajiOh(s string) string {
	return strings.NewReplacer("ō", "oh", "ū", "u", "Ō", "Oh", "Ū", "U").Replace(s)
}

// icaoLatin is the upper-case ASCII of a machine-readable zone and of a
// data page printed by a system that knows no accents (ICAO 9303 part 3):
// accents dropped, and for German Ä Ö Ü written AE OE UE.
func icaoLatin(german bool) func(string) string {
	return func(s string) string {
		if german {
			s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue").Replace(s)
		}
		return strings.ToUpper(unidecode.Unidecode(s))
	}
}

// plainLatin drops the accents and keeps the case (Nguyễn → Nguyen,
// Adébáyọ̀ → Adebayo), as most registers outside the country do.
func plainLatin(s string) string { return unidecode.Unidecode(s) }
