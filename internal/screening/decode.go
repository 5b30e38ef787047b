package screening

import (
	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/jsonfast"
)

// DecodeRequest reads the common shape of a check request without
// reflection: the known fields, spelt as the API documents them, each
// once, strings without \u escapes (an MRZ's \n is read). It gives up (ok
// false) on anything else, which encoding/json then reads and, when it is
// wrong, explains; whenever it succeeds, its result is what encoding/json
// gives (FuzzDecodeRequest). A border desk sends thousands of these a
// second.
func DecodeRequest(b []byte) (q Request, ok bool) {
	d := jsonfast.Decoder{B: b}
	var seen jsonfast.Fields
	ok = d.Object(func(name []byte) bool {
		switch string(name) {
		case "purpose":
			var p string
			ok := seen.Once(0) && d.Str(&p)
			q.Purpose = access.Purpose(p)
			return ok
		case "items":
			if !seen.Once(1) {
				return false
			}
			q.Items = make([]Item, 0, 1)
			return d.Array(func() bool {
				var it Item
				if !decodeItem(&d, &it) {
					return false
				}
				q.Items = append(q.Items, it)
				return true
			})
		}
		return false
	})
	if !ok || !d.End() {
		return Request{}, false
	}
	return q, true
}

func decodeItem(d *jsonfast.Decoder, it *Item) bool {
	var seen jsonfast.Fields
	return d.Object(func(name []byte) bool {
		var field *string
		var f uint
		switch string(name) {
		case "kind":
			field, f = &it.Kind, 0
		case "number":
			field, f = &it.Number, 1
		case "country":
			field, f = &it.Country, 2
		case "type":
			field, f = &it.Type, 3
		case "mrz":
			field, f = &it.MRZ, 4
		case "lenient":
			return seen.Once(5) && d.Bool(&it.Lenient)
		case "name":
			field, f = &it.Name, 6
		case "birthDate":
			field, f = &it.BirthDate, 7
		case "nationality":
			field, f = &it.Nationality, 8
		case "gender":
			field, f = &it.Gender, 9
		case "vin":
			field, f = &it.VIN, 10
		case "registrationNumber":
			field, f = &it.RegistrationNumber, 11
		case "make":
			field, f = &it.Make, 12
		case "serial":
			field, f = &it.Serial, 13
		case "imo":
			field, f = &it.IMO, 14
		default:
			return false
		}
		return seen.Once(f) && d.Str(field)
	})
}
