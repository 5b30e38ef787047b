package index

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/records"
)

// Limits on free text, so that no record and no query makes the index
// costly: the words of a value past these are not indexed nor matched.
const (
	maxTextWords  = 2000
	maxWordBytes  = 40
	maxQueryWords = 32
	minWordRunes  = 2
	textFieldName = "text"
)

// Words splits free text into its words as the text index keys them: lower
// case, diacritics folded (é → e, ß stays), letters and digits only, words
// of one letter dropped, at most max words (0: the index's limit).
func Words(s string, max int) []string {
	if max <= 0 || max > maxTextWords {
		max = maxTextWords
	}
	var (
		out  []string
		word []rune
	)
	flush := func() {
		if len(word) >= minWordRunes {
			w := string(word)
			if len(w) > maxWordBytes {
				w = strings.ToValidUTF8(w[:maxWordBytes], "")
			}
			out = append(out, w)
		}
		word = word[:0]
	}
	// Decomposed, a letter's diacritics are marks of their own, dropped.
	it := norm.NFKD.String(s)
	for _, r := range it {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, unicode.ToLower(r))
		default:
			flush()
			if len(out) >= max {
				return out
			}
		}
	}
	flush()
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// TextProperties lists, by schema, the searchable text properties
// (records.Property.Searchable).
func TextProperties(s *records.Schema) []string {
	var out []string
	for _, p := range s.Properties {
		if p.Searchable {
			out = append(out, p.Name)
		}
	}
	return out
}

// textField is the inverted index of the searchable text properties: for
// each property and word, the slots whose record holds it (each slot once,
// in the order indexed).
type textField struct {
	postings map[string][]uint32 // property + "\x00" + word → slots
}

// NewTextField returns an empty free-text field, for Index.AddField.
func NewTextField() Field { return &textField{postings: map[string][]uint32{}} }

// TextField is the name the text field is registered under.
const TextField = textFieldName

func textKey(property, word string) string { return property + "\x00" + word }

func (f *textField) Add(slot uint32, r records.Record) {
	s := schemaOf(r)
	if s == nil {
		return
	}
	for _, p := range s.Properties {
		if !p.Searchable {
			continue
		}
		seen := map[string]bool{}
		for _, v := range r.Properties[p.Name] {
			for _, w := range Words(v, 0) {
				if seen[w] {
					continue
				}
				seen[w] = true
				k := textKey(p.Name, w)
				list := f.postings[k]
				if n := len(list); n > 0 && list[n-1] == slot {
					continue // this version again
				}
				f.postings[k] = append(list, slot)
			}
		}
	}
}

// textScratch is a search's working memory: a score per slot, the last
// word that scored each slot (so a word found in several properties counts
// once), and which slots were touched.
type textScratch struct {
	score   []float32
	word    []uint8
	touched []uint32
}

var textScratches = sync.Pool{New: func() any { return &textScratch{} }}

// TextQuery is a free-text lookup: the words of Text in these properties
// of the records of these databases that Principal may see (or, with
// Refer, be referred to its NCB for), at most Limit.
type TextQuery struct {
	Principal  access.Principal
	Text       string
	Properties []string
	Databases  []string
	Refer      bool
	Limit      int
}

// FindText returns the records whose searchable properties (among those
// named) hold the query's words, best first: each word weighs by its rarity
// (inverse document frequency), and a record's index score is the share of
// the query's weight it holds, 1 when it holds every word.
func (x *Index) FindText(q TextQuery) []Scored {
	words := Words(q.Text, maxQueryWords)
	slices.Sort(words)
	words = slices.Compact(words)
	if len(words) == 0 || len(q.Properties) == 0 {
		return nil
	}
	return x.Find(textFieldName, q.Principal, q.Databases, q.Refer, q.Limit, func(fl Field, r FieldReader) {
		f, ok := fl.(*textField)
		if !ok {
			return
		}
		n := r.Slots()
		sc := textScratches.Get().(*textScratch)
		defer func() {
			for _, s := range sc.touched {
				sc.score[s], sc.word[s] = 0, 0
			}
			sc.touched = sc.touched[:0]
			textScratches.Put(sc)
		}()
		if cap(sc.score) < n {
			sc.score, sc.word = make([]float32, n), make([]uint8, n)
		}
		sc.score, sc.word = sc.score[:n], sc.word[:n]
		var total float64
		for i, w := range words {
			df := 0
			for _, prop := range q.Properties {
				df += len(f.postings[textKey(prop, w)])
			}
			weight := float32(math.Log(1 + float64(n+1)/float64(df+1)))
			total += float64(weight)
			mark := uint8(i + 1)
			for _, prop := range q.Properties {
				for _, s := range f.postings[textKey(prop, w)] {
					if int(s) >= n || sc.word[s] == mark {
						continue
					}
					if sc.word[s] == 0 {
						sc.touched = append(sc.touched, s)
					}
					sc.word[s] = mark
					sc.score[s] += weight
				}
			}
		}
		// Best first, without sorting every record that holds a common
		// word: a heap, popped until enough are kept.
		h := slotHeap{slots: sc.touched, score: sc.score}
		h.init()
		for len(h.slots) > 0 {
			s := h.pop()
			if !r.Offer(s, math.Min(1, float64(sc.score[s])/total)) {
				return
			}
		}
	})
}

// slotHeap is a max-heap of slots by score (ties: the lower slot first).
type slotHeap struct {
	slots []uint32
	score []float32
}

func (h *slotHeap) less(i, j int) bool {
	a, b := h.slots[i], h.slots[j]
	if h.score[a] != h.score[b] {
		return h.score[a] > h.score[b]
	}
	return a < b
}

func (h *slotHeap) init() {
	for i := len(h.slots)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *slotHeap) down(i int) {
	n := len(h.slots)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.slots[i], h.slots[m] = h.slots[m], h.slots[i]
		i = m
	}
}

// pop removes and returns the best slot. The popped slots stay at the end
// of the backing array, so the caller's touched list keeps every slot.
func (h *slotHeap) pop() uint32 {
	n := len(h.slots) - 1
	h.slots[0], h.slots[n] = h.slots[n], h.slots[0]
	best := h.slots[n]
	h.slots = h.slots[:n]
	h.down(0)
	return best
}
