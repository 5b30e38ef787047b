package audit

import (
	"github.com/ncbnet/ncbnet/internal/jsonfast"
	"slices"
	"strconv"
	"time"
)

// appendEntryJSON appends the canonical JSON of e — byte for byte what
// json.Marshal writes, which audit verify checks every leaf against —
// without reflection, when no string in it needs escaping (the common
// case: IDs, codes, actions). ok is false otherwise, and the caller uses
// json.Marshal. Every check writes an entry, so this is on the hot path.
func appendEntryJSON(b []byte, e Entry) (_ []byte, ok bool) {
	if !plainEntry(e) {
		return b, false
	}
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	b = appendField(b, "id", e.ID)
	b = append(b, `,"time":"`...)
	b = e.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","actor":{`...)
	a := e.Actor
	if a.ID != "" {
		b = append(b, `"id":"`...)
		b = append(b, a.ID...)
		b = append(b, `",`...)
	}
	b = append(b, `"name":"`...)
	b = append(b, a.Name...)
	b = append(b, '"')
	if a.Token {
		b = append(b, `,"token":true`...)
	}
	b = appendOptional(b, "country", a.Country)
	b = appendOptional(b, "unit_id", a.UnitID)
	b = appendOptional(b, "unit_kind", a.UnitKind)
	b = append(b, '}')
	b = appendField(b, "action", e.Action)
	b = appendStrings(b, "resources", e.Resources)
	b = appendOptional(b, "purpose", e.Purpose)
	b = appendField(b, "outcome", string(e.Outcome))
	b = appendOptional(b, "reason", e.Reason)
	b = appendStrings(b, "subjects", e.Subjects)
	if len(e.Details) > 0 {
		b = append(b, `,"details":{`...)
		keys := make([]string, 0, len(e.Details))
		for k := range e.Details {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, k...)
			b = append(b, `":"`...)
			b = append(b, e.Details[k]...)
			b = append(b, '"')
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// plainEntry reports whether no string of e needs escaping in JSON, and its
// time is one json.Marshal writes (years 0 to 9999) in UTC, as every entry's
// is once prepared or read from a leaf.
func plainEntry(e Entry) bool {
	if y := e.Time.Year(); y < 0 || y > 9999 || e.Time.Location() != time.UTC {
		return false
	}
	a := e.Actor
	for _, s := range [...]string{e.ID, a.ID, a.Name, a.Country, a.UnitID, a.UnitKind, e.Action, e.Purpose, string(e.Outcome), e.Reason} {
		if !jsonfast.Plain(s) {
			return false
		}
	}
	for _, list := range [...][]string{e.Resources, e.Subjects} {
		for _, s := range list {
			if !jsonfast.Plain(s) {
				return false
			}
		}
	}
	for k, v := range e.Details {
		if !jsonfast.Plain(k) || !jsonfast.Plain(v) {
			return false
		}
	}
	return true
}

func appendField(b []byte, name, v string) []byte {
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":"`...)
	b = append(b, v...)
	return append(b, '"')
}

func appendOptional(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	return appendField(b, name, v)
}

func appendStrings(b []byte, name string, vs []string) []byte {
	if len(vs) == 0 {
		return b
	}
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":[`...)
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, v...)
		b = append(b, '"')
	}
	return append(b, ']')
}
