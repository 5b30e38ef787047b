package screening

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
)

// FuzzDecodeRequest: whenever the fast reader takes a body, encoding/json
// (as the API reads it: unknown fields refused, nothing after the object)
// reads it the same.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"purpose":"border-control","items":[{"kind":"document","number":"BX0000001","country":"FRA","type":"P"}]}`,
		` { "purpose" : "border-control" , "items" : [ { "kind" : "mrz" , "mrz" : "P<UTO" , "lenient" : true } , {"kind":"person","name":"Сергей Иванов","birthDate":"1980","nationality":"RUS","gender":"male"} ] } `,
		`{"items":[{"kind":"vehicle","vin":"1M8GDM9AXKP042788","registrationNumber":"AB-123"},{"kind":"firearm","make":"Glock","serial":"X1"},{"kind":"vessel","imo":"9074729","name":"Ever Given"}]}`,
		`{"items":[]}`, `{}`, `{"items":null}`, `{"Purpose":"x"}`, `{"purpose":"a","purpose":"b"}`, `{"items":[{"kind":"document","kind":"mrz"}]}`,
		`{"purpose":"a\"b"}`, `{"items":[{"lenient":"yes"}]}`, `{"items":[{"number":null}]}`, `{"purpose":"x"} {}`, `{"items":[{"unknown":"x"}]}`, `[]`, `""`,
	} {
		f.Add(s)
	}
	f.Add(`{"items":[{"kind":"mrz","mrz":"P<UTOERIKSSON<<ANNA<MARIA\nL898902C36UTO7408122F1204159ZE184226B<<<<<10","lenient":true}]}`)
	f.Add(`{"items":[{"name":"a\\b\/c\"d\te\rf\bg\fh"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := DecodeRequest([]byte(s))
		if !ok {
			return
		}
		var want Request
		dec := json.NewDecoder(bytes.NewReader([]byte(s)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("%q: the fast reader took it, encoding/json: %v", s, err)
		}
		if err := dec.Decode(&struct{}{}); err != io.EOF {
			t.Fatalf("%q: the fast reader took it, encoding/json finds more after the object: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\nfast %#v\njson %#v", s, got, want)
		}
	})
}

// The fast reader takes what border systems send; what it leaves is read
// by encoding/json (and its errors).
func TestDecodeRequestTakes(t *testing.T) {
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{`{"purpose":"border-control","items":[{"kind":"document","number":"BX0000001","country":"FRA","type":"P"}]}`, true},
		{`{"items":[{"kind":"mrz","mrz":"line1\nline2"}]}`, true}, // an MRZ's lines
		{`{"items":[{"kind":"person","name":"\u00e9"}]}`, false},  // \u escapes: left to encoding/json
		{`{"purpose":"border-control","items":[{"kind":"document","colour":"red"}]}`, false},
		{`{"purpose":"border-control","purpose":"border-control"}`, false},
		{`{"PURPOSE":"border-control"}`, false},
		{`{"purpose":"border-control"} trailing`, false},
		{`{"purpose":"border-control"`, false},
	} {
		if _, ok := DecodeRequest([]byte(tc.body)); ok != tc.ok {
			t.Errorf("%s: taken %v, want %v", tc.body, ok, tc.ok)
		}
	}
}
