package records

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
)

// FuzzFastLine: whenever the fast decoder takes a line, encoding/json
// (as POST /records reads a body) reads it the same.
func FuzzFastLine(f *testing.F) {
	for _, s := range []string{
		passportLine("k-1", "12AB34567"),
		`{"key":"a","schema":"Passport","properties":{"surname":["Müller","王伟"]},"restrictions":{"countries":["DEU"],"ncb_only":true,"unit_kinds":[]},"review_at":"2030-01-02T03:04:05Z"}`,
		`{"key":"a","restrictions":null,"review_at":null,"properties":{}}`,
		` { "key" : "x" , "properties" : { "a" : [ ] } } `,
		`{"Key":"a"}`, `{"key":"a","key":"b"}`, `{"key":"a\"b"}`, `{"properties":{"a":["x"],"a":["y"]}}`,
		`{"restrictions":{"ncb_only":false,"excluded_countries":["FRA"]}}`, `{"review_at":"2030-13-01T00:00:00Z"}`, `{}`, `[]`,
	} {
		f.Add(s)
	}
	names := propertyNames(mustDatabase("sltd"))
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := fastLine([]byte(s), names)
		if !ok {
			return
		}
		want, err := decodeJSONLine([]byte(s))
		if err != nil {
			t.Fatalf("%q: fast decoder took it, encoding/json: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\nfast %#v\njson %#v", s, got, want)
		}
	})
}

func mustDatabase(id string) *Database {
	d, ok := DatabaseByID(id)
	if !ok {
		panic("no database " + id)
	}
	return d
}

// FuzzEncodeProperties: the import stores properties as json.Marshal would.
func FuzzEncodeProperties(f *testing.F) {
	f.Add("number", "12AB34567", "surname", "Müller")
	f.Add("notes", "a <b> & \"c\"\n", "x", "\u2028\xff")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		props := map[string][]string{k1: {v1, v2}, k2: {v2}, "empty": {}}
		order := append(slices.Sorted(maps.Keys(props)), "absent")
		slices.Sort(order)
		got, err := appendProperties(nil, props, order)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(props)
		if string(got) != string(want) {
			t.Fatalf("encodeProperties = %s, json.Marshal = %s", got, want)
		}
	})
}
