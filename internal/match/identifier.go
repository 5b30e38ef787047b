package match

import (
	"context"
	"slices"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/records"
)

// KindIdentifier is the name of the identifier kind.
const KindIdentifier = "identifier"

// Scores of identifier matches.
const (
	ScoreExact     = 1.0
	ScoreLookalike = 0.85
	// ScoreNoCountry: a document number on a record that gives no issuing
	// country to agree with the one asked (a person's passport number).
	ScoreNoCountry = 0.8
	// ScoreOtherCountry: a document number found, but issued by another
	// country than asked: shown by a search (it may be a misread country),
	// never a match.
	ScoreOtherCountry = 0.5
)

// identifierKind matches identifiers exactly after normalisation, or
// through look-alike characters (O/0, I/1), with the issuing country, the
// document type and a firearm's make as evidence.
type identifierKind struct{ x *index.Index }

// Identifiers is the kind of identifiers (records.TypeIdentifier), over
// the index's identifier table.
func Identifiers(x *index.Index) Kind { return identifierKind{x} }

func (identifierKind) Name() string { return KindIdentifier }

// identifierEvidence are the properties an identifier's match weighs.
var identifierEvidence = []string{"country", "type", "make"}

func (identifierKind) Searchable(s *records.Schema) []string {
	var out []string
	for _, p := range s.Properties {
		if p.Type == records.TypeIdentifier {
			out = append(out, p.Name)
		}
	}
	if len(out) > 0 {
		for _, e := range identifierEvidence {
			if _, ok := s.Property(e); ok {
				out = append(out, e)
			}
		}
	}
	return out
}

func (identifierKind) Probes(s *records.Schema, props map[string][]string) []Probe {
	ctx := map[string]string{}
	if c := props["country"]; len(c) > 0 {
		ctx["country"] = strings.ToUpper(strings.TrimSpace(c[0]))
	}
	if t := props["type"]; len(t) > 0 {
		ctx["type"] = t[0]
	}
	if m := props["make"]; len(m) > 0 {
		ctx["make"] = m[0]
	}
	var out []Probe
	for _, p := range s.Properties {
		if p.Type != records.TypeIdentifier {
			continue
		}
		for _, v := range props[p.Name] {
			out = append(out, Probe{Field: p.Name, Properties: []string{p.Name}, Values: []string{v}, Ident: p.Kind, Context: ctx})
		}
	}
	return out
}

func (k identifierKind) Candidates(_ context.Context, p access.Principal, q Probe, check bool, _ int) ([]Candidate, error) {
	var out []Candidate
	for _, v := range q.Values {
		var cs []index.Candidate
		if check {
			cs = k.x.CheckIdentifier(p, q.Ident, v, q.Databases)
		} else {
			cs = k.x.LookupIdentifier(p, q.Ident, v, q.Databases)
		}
		for _, c := range cs {
			out = append(out, Candidate{ID: c.ID})
		}
	}
	return out, nil
}

// Score compares r's identifiers of the probe's kind (in the probe's
// properties, or all) with the probe's value: exact 1, look-alike 0.85.
// A document number must agree with the issuing country asked (another
// country's: 0.5, no match; none on record: at most 0.8), and with the
// document type when both are known; a firearm's serial with its make.
func (identifierKind) Score(q Probe, r records.Record) (Score, bool) {
	schema := SchemaOf(r)
	if schema == nil || len(q.Values) == 0 {
		return Score{}, false
	}
	best, how, field := 0.0, "", ""
	qv := q.Values[0]
	qn, ql := index.ExactKey(q.Ident, qv), index.LookalikeKey(q.Ident, qv)
	if qn == "" {
		return Score{}, false
	}
	for _, prop := range schema.Properties {
		if prop.Type != records.TypeIdentifier || prop.Kind != q.Ident || (len(q.Properties) > 0 && !slices.Contains(q.Properties, prop.Name)) {
			continue
		}
		for _, rv := range r.Properties[prop.Name] {
			switch rn := index.ExactKey(q.Ident, rv); {
			case qn == rn && best < ScoreExact:
				best, how, field = ScoreExact, prop.Name+" = "+rn, q.Field
			case ql == index.LookalikeKey(q.Ident, rv) && best < ScoreLookalike:
				best, how, field = ScoreLookalike, prop.Name+" ≈ "+rn+" (look-alike characters)", q.Field+" (look-alike characters)"
			}
		}
	}
	if best == 0 {
		return Score{}, false
	}
	s := Score{Value: best, Matched: []string{field}, Why: []string{how}}
	if c := q.Context["country"]; c != "" {
		rc := r.Properties["country"]
		switch {
		case len(rc) == 0 && q.Ident == records.KindDocumentNumber:
			s.Value = min(s.Value, ScoreNoCountry)
			s.Why = append(s.Why, "no issuing country on record")
		case len(rc) == 0:
		case !slices.Contains(rc, c):
			s.Value = ScoreOtherCountry
			s.Why = append(s.Why, "issuing country "+strings.Join(rc, ", ")+", not "+c)
		default:
			s.Matched = append(s.Matched, "country")
			s.Why = append(s.Why, "country = "+c)
		}
	}
	if t := q.Context["type"]; t != "" && q.Ident == records.KindDocumentNumber {
		if rt := r.Properties["type"]; len(rt) > 0 {
			// A passport and an identity card may share a number.
			switch agrees, known := typeAgrees(t, rt); {
			case known && !agrees:
				return Score{}, false
			case known:
				s.Matched = append(s.Matched, "type")
			}
		}
	}
	if m := q.Context["make"]; m != "" {
		if !sameMake(m, r.Properties["make"]) {
			return Score{}, false
		}
		s.Matched = append(s.Matched, "make")
		s.Why = append(s.Why, "make = "+strings.Join(r.Properties["make"], ", "))
	}
	return s, true
}

// icaoCodes are the ICAO 9303 document codes (first letter) that a
// record's document type may be read as: travel documents by their own
// code, the administrative documents of SAD by what such a document
// carries in its MRZ (a vehicle registration has none).
var icaoCodes = map[string][]string{
	"P": {"P"}, "I": {"I"}, "A": {"A"}, "C": {"C"}, "V": {"V"},
	"visa": {"V"}, "residence-permit": {"I", "A", "C"}, "id-blank": {"I", "A", "C"}, "vehicle-registration": {},
}

// typeAgrees reports whether a document of type t (an ICAO code, its
// first letter counting) may be the record's, of types recorded; known is
// false when no recorded type says (SAD's "other"), and the type is then
// not compared.
func typeAgrees(t string, recorded []string) (agrees, known bool) {
	code := strings.ToUpper(strings.TrimSpace(t))
	if code == "" {
		return false, false
	}
	code = code[:1]
	for _, rt := range recorded {
		codes, ok := icaoCodes[rt]
		if !ok {
			continue
		}
		known = true
		if slices.Contains(codes, code) {
			return true, true
		}
	}
	return false, known
}

// sameMake reports whether a firearm's make as given agrees with the
// record's: the same letters and digits, or one the start of the other
// ("Glock" and "Glock GmbH").
func sameMake(given string, recorded []string) bool {
	g := identifiers.NormalizeIdentifier(given)
	for _, r := range recorded {
		n := identifiers.NormalizeIdentifier(r)
		if g != "" && n != "" && (strings.HasPrefix(n, g) || strings.HasPrefix(g, n)) {
			return true
		}
	}
	return false
}
