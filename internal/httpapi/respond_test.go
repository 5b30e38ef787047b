package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// selfReading refuses "bad" with its own coded error, as a type that
// reads itself (a manifest row) does.
type selfReading struct{}

func (*selfReading) UnmarshalJSON(b []byte) error {
	if string(b) == `"bad"` {
		return fault.Field(fault.InvalidField, "self.column", "not a column")
	}
	return nil
}

func TestDecodeJSON(t *testing.T) {
	type inner struct {
		N int `json:"n"`
	}
	type body struct {
		Name  string        `json:"name"`
		Tags  []string      `json:"tags"`
		Inner inner         `json:"inner"`
		When  *time.Time    `json:"when"`
		Self  []selfReading `json:"self"`
	}
	for _, tc := range []struct {
		name, ct, body string
		code           fault.Code
		field          string
	}{
		{"good", "application/json", `{"name":"x","tags":["a"],"inner":{"n":1},"when":"2026-01-02T03:04:05Z"}`, "", ""},
		{"charset allowed", "application/json; charset=utf-8", `{"name":"x"}`, "", ""},
		{"no content type", "", `{"name":"x"}`, fault.UnsupportedMedia, ""},
		{"form", "application/x-www-form-urlencoded", `name=x`, fault.UnsupportedMedia, ""},
		{"empty", "application/json", ``, fault.MalformedJSON, ""},
		{"truncated", "application/json", `{"name":`, fault.MalformedJSON, ""},
		{"syntax", "application/json", `{"name" "x"}`, fault.MalformedJSON, ""},
		{"trailing object", "application/json", `{"name":"x"} {}`, fault.MalformedJSON, ""},
		{"trailing garbage", "application/json", `{"name":"x"} garbage`, fault.MalformedJSON, ""},
		{"array", "application/json", `[1,2]`, fault.WrongType, ""},
		{"unknown field", "application/json", `{"name":"x","admin":true}`, fault.UnknownField, "admin"},
		{"wrong type", "application/json", `{"name":5}`, fault.WrongType, "name"},
		{"wrong element type", "application/json", `{"tags":[1]}`, fault.WrongType, "tags"},
		{"wrong nested type", "application/json", `{"inner":{"n":"one"}}`, fault.WrongType, "inner.n"},
		{"bad time", "application/json", `{"when":"tomorrow"}`, fault.WrongType, ""},
		{"a type's own refusal", "application/json", `{"self":["good","bad"]}`, fault.InvalidField, "self.column"},
		{"too large", "application/json", `{"name":"` + strings.Repeat("x", 200) + `"}`, fault.BodyTooLarge, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
			if tc.ct != "" {
				r.Header.Set("Content-Type", tc.ct)
			}
			r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 128)
			var b body
			err := decodeJSON(r, &b)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				return
			}
			fe, ok := fault.As(err)
			if !ok || fe.Code != tc.code || fe.Field != tc.field {
				t.Fatalf("got %v, want code %s field %q", err, tc.code, tc.field)
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"Bearer abc", "abc"},
		{"bearer  abc ", "abc"},
		{"Basic abc", ""},
		{"Bearer", ""},
		{"", ""},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", tc.header)
		if got := bearerToken(r); got != tc.want {
			t.Errorf("bearerToken(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestOperationIDs(t *testing.T) {
	got := operationID(route{method: "GET", pattern: "/api/v1/members/{iso3}"})
	if got != "get_api_v1_members_iso3" {
		t.Fatalf("operationID = %q", got)
	}
}
