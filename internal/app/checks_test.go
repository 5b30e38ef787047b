package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/identifiers"
)

// td3 writes a passport's machine readable zone with its check digits.
func td3(t *testing.T, issuer, surname, given, number, nationality, birth, sex, expiry string) string {
	t.Helper()
	digit := func(s string) string {
		d, err := identifiers.ICAOCheckDigit(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(d)
	}
	pad := func(s string, n int) string { return s + strings.Repeat("<", n-len(s)) }
	line1 := pad("P<"+issuer+surname+"<<"+strings.ReplaceAll(given, " ", "<"), 44)
	num := pad(number, 9)
	personal := pad("", 14)
	upper := num + digit(num) + nationality + birth + digit(birth) + sex + expiry + digit(expiry) + personal + digit(personal)
	composite := num + digit(num) + birth + digit(birth) + expiry + digit(expiry) + personal + digit(personal)
	return line1 + "\n" + upper + digit(composite)
}

// one checks a single item and returns its result.
func one(t *testing.T, c *client.Client, purpose string, it client.CheckItem) client.CheckResult {
	t.Helper()
	res, err := c.Check(context.Background(), purpose, it)
	if err != nil {
		t.Fatalf("check %+v: %v", it, err)
	}
	if len(res) != 1 || res[0].Index != 0 {
		t.Fatalf("check %+v: results %+v, want one with index 0", it, res)
	}
	return res[0]
}

func TestCheckEachKind(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		border := e.as("fra.border-officer")
		mrzFRA := td3(t, "FRA", "MARTIN", "CLAIRE", "19FV04321", "FRA", "850301", "F", "300101")
		cases := []struct {
			name          string
			item          client.CheckItem
			db, owner     string
			action        string
			urgency       string
			matchedFields []string
		}{
			{"stolen passport", client.CheckItem{Kind: "document", Number: "19FV04321", Country: "FRA", Type: "P"}, "sltd", "FRA", "seize", "urgent", []string{"number", "country", "type"}},
			{"passport, OCR look-alike", client.CheckItem{Kind: "document", Number: "19FVO4321", Country: "FRA"}, "sltd", "FRA", "seize", "urgent", []string{"number (look-alike characters)", "country"}},
			{"passport by MRZ", client.CheckItem{Kind: "mrz", MRZ: mrzFRA}, "sltd", "FRA", "seize", "urgent", []string{"number", "country", "type"}},
			{"wanted person across scripts", client.CheckItem{Kind: "person", Name: "Sergei Volkov", BirthDate: "1979-02-11", Nationality: "RUS"}, "nominal", "DEU", "arrest", "urgent", []string{"name", "birthDate", "nationality"}},
			{"stolen vehicle by VIN", client.CheckItem{Kind: "vehicle", VIN: "1M8GDM9AXKP042788"}, "smv", "USA", "seize", "urgent", []string{"vin"}},
			{"stolen vehicle by plate", client.CheckItem{Kind: "vehicle", RegistrationNumber: "7abc 123"}, "smv", "USA", "seize", "urgent", []string{"registrationNumber"}},
			{"stolen firearm", client.CheckItem{Kind: "firearm", Make: "TAURUS", Serial: "tbr48213"}, "firearms", "BRA", "seize", "urgent", []string{"serial", "make"}},
			{"stolen vessel by IMO", client.CheckItem{Kind: "vessel", IMO: "9074729"}, "vessels", "SGP", "seize", "urgent", []string{"imo"}},
			{"stolen vessel by name", client.CheckItem{Kind: "vessel", Name: "SEA LANTERN"}, "vessels", "SGP", "seize", "urgent", []string{"name"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := one(t, border, "border-control", c.item)
				if r.Outcome != "hit" || len(r.Hits) != 1 {
					t.Fatalf("outcome %s with %d hits, want one hit", r.Outcome, len(r.Hits))
				}
				h := r.Hits[0]
				if h.Database != c.db || h.Owner != c.owner || !slices.Contains(h.Action, c.action) || h.Urgency != c.urgency || h.Confirmation != "pending" {
					t.Errorf("hit %+v, want %s record of %s asking %s, %s, pending", h, c.db, c.owner, c.action, c.urgency)
				}
				if !slices.Equal(h.Matched, c.matchedFields) {
					t.Errorf("matched %v, want %v", h.Matched, c.matchedFields)
				}
				if h.Contact.Bureau != c.owner || h.Contact.Unit == "" || h.RecordID == "" || h.HitID == "" || h.Score < 0.7 {
					t.Errorf("hit %+v lacks its contact, references or strength", h)
				}
				if want := e.clock.Now().Add(map[string]time.Duration{"urgent": 10 * time.Minute, "routine": time.Hour}[c.urgency]); !h.Deadline.Equal(want) {
					t.Errorf("deadline %v, want %v", h.Deadline, want)
				}
			})
		}
		misses := []client.CheckItem{
			{Kind: "document", Number: "19FV04321", Country: "DEU"},            // same number, another country's
			{Kind: "document", Number: "19FV04321", Country: "FRA", Type: "I"}, // an identity card, not the passport
			{Kind: "document", Number: "ZZ0000000", Country: "FRA"},            // unknown
			{Kind: "person", Name: "Sergei Volkov", BirthDate: "1990-07-30"},   // another man of that name
			{Kind: "firearm", Make: "Glock", Serial: "TBR-48213"},              // same serial, another maker
			{Kind: "vehicle", VIN: "1M8GDM9AXKP042789"},                        // one digit off
			{Kind: "vessel", IMO: "9176187"},                                   // another ship
			{Kind: "mrz", MRZ: td3(t, "FRA", "DUPONT", "JEAN", "AA1234567", "FRA", "700101", "M", "300101")},
		}
		res, err := border.Check(context.Background(), "border-control", misses...)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Index != i || r.Outcome != "no-hit" || len(r.Hits) != 0 {
				t.Errorf("item %d %+v: %+v, want no-hit at index %d", i, misses[i], r, i)
			}
		}
		// The passport checked by its MRZ is the same traveller, checked
		// again while the first hit waits: that hit, not a second one.
		if n := e.count(`SELECT count(*) FROM hits WHERE source = 'check'`); n != len(cases)-1 {
			t.Errorf("%d hits stored, want %d (one per hit, none for the misses, none for the repeat)", n, len(cases)-1)
		}
	})
}

// A border officer sees what it needs to act and nothing of the record; an
// NCB officer checking the same document gets the record.
func TestCheckMinimalDisclosure(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		body := `{"purpose":"border-control","items":[{"kind":"document","number":"19FV04321","country":"FRA","type":"P"},{"kind":"person","name":"Sergei Volkov","birthDate":"1979-02-11"}]}`
		allowed := []string{"hit_id", "database", "record_id", "owner", "matched", "score", "action", "contact", "urgency", "deadline", "confirmation"}
		for _, user := range []string{"deu.border-officer", "fra.border-officer"} {
			status, raw, err := e.as(user).Raw(context.Background(), "POST", "/api/v1/checks", "application/json", []byte(body))
			if err != nil || status != http.StatusOK {
				t.Fatalf("%s: %d %s %v", user, status, raw, err)
			}
			var a struct {
				Results []struct {
					Hits []map[string]json.RawMessage `json:"hits"`
				} `json:"results"`
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				t.Fatal(err)
			}
			hits := 0
			for _, r := range a.Results {
				for _, h := range r.Hits {
					hits++
					for k := range h {
						if !slices.Contains(allowed, k) {
							t.Errorf("%s: a border officer's hit carries %q", user, k)
						}
					}
				}
			}
			if hits != 2 {
				t.Fatalf("%s: %d hits, want 2", user, hits)
			}
			for _, secret := range []string{"Martin", "Claire", "Волков", "1979"} {
				if strings.Contains(string(raw), secret) {
					t.Errorf("%s: the answer discloses %q: %s", user, secret, raw)
				}
			}
		}
		ncb := one(t, e.as("deu.officer"), "border-control", client.CheckItem{Kind: "document", Number: "19FV04321", Country: "FRA"})
		if len(ncb.Hits) != 1 || ncb.Hits[0].Record == nil || ncb.Hits[0].Record.Properties["surname"][0] != "Martin" || len(ncb.Hits[0].Explanation) == 0 {
			t.Fatalf("an NCB officer's hit: %+v, want the record and how it matched", ncb.Hits)
		}
		if ncb.Hits[0].Record.Restrictions.NCBOnly || ncb.Hits[0].Record.OwnerUnit != "" {
			t.Errorf("an outsider sees the owner's restrictions or unit: %+v", ncb.Hits[0].Record)
		}
		// The owner learns of every hit: who checked, where, why, what matched.
		page := must[client.Page[client.Hit]](t)(e.as("fra.officer").Hits(context.Background(), "", client.ListOptions{}))
		var fromBorder int
		for _, h := range page.Items {
			if h.Source == "check" && h.Searcher.UnitKind == "border-point" && h.Purpose == "border-control" && len(h.Matched) > 0 {
				fromBorder++
			}
		}
		if fromBorder != 2 {
			t.Errorf("the owner sees %d hits from border points, want 2 (DEU's and its own)", fromBorder)
		}
	})
}

// A record restricted to NCBs is never shown at a border point, its
// owner's own included: the border point is told to refer to its NCB
// (never a silent no-hit), without the record; a record withheld from a
// country never hits there.
func TestCheckRestrictions(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		revoked := client.CheckItem{Kind: "document", Number: "20FV11873", Country: "FRA"}
		for _, user := range []string{"fra.border-officer", "deu.border-officer", "usa.border-officer"} {
			if r := one(t, e.as(user), "border-control", revoked); r.Outcome != "refer" || len(r.Hits) != 0 || r.Refer == nil || len(r.Refer.HitIDs) != 1 {
				t.Errorf("%s: an NCB-only record at a border point: %+v, want refer without the record", user, r)
			}
		}
		if r := one(t, e.as("deu.officer"), "border-control", revoked); r.Outcome != "hit" || r.Hits[0].Action[0] != "seize" || r.Hits[0].Action[1] != "inform" {
			t.Errorf("an NCB: %+v, want the hit with the owner's actions", r)
		}
		abdullahi := client.CheckItem{Kind: "person", Name: "Mohammed Abdullahi", BirthDate: "1988", Nationality: "NGA"}
		if r := one(t, e.as("bra.officer"), "border-control", abdullahi); r.Outcome != "no-hit" {
			t.Errorf("BRA, which the owner excluded: %+v", r)
		}
		if r := one(t, e.as("fra.officer"), "border-control", abdullahi); r.Outcome != "hit" || r.Hits[0].Urgency != "routine" {
			t.Errorf("FRA: %+v, want a routine hit (the owner asks to be informed)", r)
		}
	})
}

func TestCheckBadInput(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		border := e.as("fra.border-officer")
		valid := td3(t, "FRA", "MARTIN", "CLAIRE", "19FV04321", "FRA", "850301", "F", "300101")
		badDigit := valid[:len(valid)-1] + "0"
		if strings.HasSuffix(valid, "0") {
			badDigit = valid[:len(valid)-1] + "1"
		}
		item := func(s string) string { return `{"purpose":"border-control","items":[` + s + `]}` }
		many := strings.TrimSuffix(strings.Repeat(`{"kind":"document","number":"X1","country":"FRA"},`, 1001), ",")
		cases := []struct {
			name, body, ct string
			status         int
			code, field    string
		}{
			{"not JSON", `{"purpose":`, "application/json", 400, "malformed_json", ""},
			{"wrong content type", item(`{"kind":"vehicle","vin":"X"}`), "text/plain", 415, "unsupported_media_type", ""},
			{"unknown field", `{"purpose":"border-control","items":[],"x":1}`, "application/json", 400, "unknown_field", ""},
			{"no items", `{"purpose":"border-control","items":[]}`, "application/json", 422, "missing_field", "items"},
			{"too many items", item(many), "application/json", 0, "", ""},
			{"no purpose", `{"items":[{"kind":"document","number":"19FV04321","country":"FRA"}]}`, "application/json", 403, "purpose_required", ""},
			{"investigation at a border", `{"purpose":"criminal-investigation","items":[{"kind":"document","number":"19FV04321","country":"FRA"}]}`, "application/json", 403, "purpose_not_permitted", ""},
			{"no kind", item(`{"number":"19FV04321"}`), "application/json", 422, "missing_field", "items[0].kind"},
			{"unknown kind", item(`{"kind":"spaceship"}`), "application/json", 422, "invalid_field", "items[0].kind"},
			{"document without number", item(`{"kind":"document","country":"FRA"}`), "application/json", 422, "missing_field", "items[0].number"},
			{"document without country", item(`{"kind":"document","number":"19FV04321"}`), "application/json", 422, "missing_field", "items[0].country"},
			{"bad country", item(`{"kind":"document","number":"19FV04321","country":"France"}`), "application/json", 422, "invalid_field", "items[0].country"},
			{"field of another kind", item(`{"kind":"document","number":"19FV04321","country":"FRA","vin":"X"}`), "application/json", 422, "invalid_field", "items[0].vin"},
			{"second item bad", item(`{"kind":"vehicle","vin":"1M8GDM9AXKP042788"},{"kind":"person","name":"A","birthDate":"yesterday"}`), "application/json", 422, "invalid_field", "items[1].birthDate"},
			{"firearm without make", item(`{"kind":"firearm","serial":"TBR-48213"}`), "application/json", 422, "missing_field", "items[0].make"},
			{"vehicle with nothing", item(`{"kind":"vehicle"}`), "application/json", 422, "missing_field", "items[0].vin"},
			{"oversized field", item(`{"kind":"person","name":"` + strings.Repeat("a", 300) + `"}`), "application/json", 422, "invalid_field", "items[0].name"},
			{"not an MRZ", item(`{"kind":"mrz","mrz":"HELLO\nWORLD"}`), "application/json", 422, "invalid_field", "items[0].mrz"},
			{"MRZ failing a check digit", item(`{"kind":"mrz","mrz":` + quote(badDigit) + `}`), "application/json", 422, "invalid_field", "items[0].mrz"},
			{"lenient on a document", item(`{"kind":"document","number":"19FV04321","country":"FRA","lenient":true}`), "application/json", 422, "invalid_field", "items[0].lenient"},
			{"oversized body", item(`{"kind":"person","name":"` + strings.Repeat("a", 70<<10) + `"}`), "application/json", 413, "body_too_large", ""},
		}
		before := e.count(`SELECT count(*) FROM hits`)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resp, raw := post(t, e.url+"/api/v1/checks", border.Token(), c.ct, c.body)
				if c.status == 0 { // over the size limit or the item limit: refused either way
					if resp.StatusCode != 413 && resp.StatusCode != 422 {
						t.Fatalf("status %d, want 413 or 422: %s", resp.StatusCode, raw)
					}
					return
				}
				var ae struct {
					Error struct{ Code, Message, Field string } `json:"error"`
				}
				_ = json.Unmarshal(raw, &ae)
				if resp.StatusCode != c.status || ae.Error.Code != c.code || (c.field != "" && ae.Error.Field != c.field) {
					t.Fatalf("%d %s (field %q): %s; want %d %s field %q", resp.StatusCode, ae.Error.Code, ae.Error.Field, ae.Error.Message, c.status, c.code, c.field)
				}
				if strings.Contains(ae.Error.Message, "19FV04321") || strings.Contains(ae.Error.Message, "MARTIN") {
					t.Errorf("the error repeats personal data: %s", ae.Error.Message)
				}
			})
		}
		t.Run("lenient MRZ is checked as read", func(t *testing.T) {
			r := one(t, border, "border-control", client.CheckItem{Kind: "mrz", MRZ: badDigit, Lenient: true})
			if r.Outcome != "hit" {
				t.Errorf("%+v, want the stolen passport found from what was read", r)
			}
		})
		if after := e.count(`SELECT count(*) FROM hits`); after != before+1 {
			t.Errorf("hits %d → %d: refused checks stored hits", before, after)
		}
		// Without a token, with a role that does not check, from a unit
		// without the database.
		_, err := e.anon().Check(context.Background(), "border-control", client.CheckItem{Kind: "vehicle", VIN: "1M8GDM9AXKP042788"})
		wantCode(t, err, 401, "unauthenticated")
		_, err = e.as("fra.analyst").Check(context.Background(), "criminal-investigation", client.CheckItem{Kind: "vehicle", VIN: "1M8GDM9AXKP042788"})
		wantCode(t, err, 403, "role_not_permitted")
		_, err = e.as("fra.dpo").Check(context.Background(), "border-control", client.CheckItem{Kind: "vehicle", VIN: "1M8GDM9AXKP042788"})
		wantCode(t, err, 403, "role_not_permitted")
		if after := e.count(`SELECT count(*) FROM hits`); after != before+1 {
			t.Errorf("unauthorised checks stored hits")
		}
	})
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// post sends a raw request and returns the answer's status and body.
func post(t *testing.T, url, token, ct, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}
