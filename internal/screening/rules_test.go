package screening

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/records"
)

func rec(db, schema string, props map[string][]string) records.Record {
	return records.Record{ID: "01JTESTRECORD0000000000000", Database: db, Schema: schema, Owner: "FRA", Properties: props}
}

func TestIdentifierMatch(t *testing.T) {
	passport := rec("sltd", "Passport", map[string][]string{"number": {"19FV04321"}, "country": {"FRA"}, "type": {"P"}})
	wanted := rec("nominal", "Person", map[string][]string{"name": {"X"}, "passportNumber": {"19FV04321"}})
	gun := rec("firearms", "Firearm", map[string][]string{"make": {"Glock GmbH"}, "serialNumber": {"ABC123"}})
	cases := []struct {
		name    string
		probe   probe
		r       records.Record
		ok      bool
		score   float64
		matched []string
	}{
		{"exact, country, type", probe{field: "number", kind: records.KindDocumentNumber, value: "19fv 04321", country: "FRA", docType: "P"}, passport, true, match.ScoreExact, []string{"number", "country", "type"}},
		{"look-alike O for 0", probe{field: "number", kind: records.KindDocumentNumber, value: "19FVO4321", country: "FRA"}, passport, true, match.ScoreLookalike, []string{"number (look-alike characters)", "country"}},
		{"another country's document", probe{field: "number", kind: records.KindDocumentNumber, value: "19FV04321", country: "DEU"}, passport, false, 0, nil},
		{"an identity card of that number", probe{field: "number", kind: records.KindDocumentNumber, value: "19FV04321", country: "FRA", docType: "I"}, passport, false, 0, nil},
		{"a person's passport number: no country to agree", probe{field: "number", kind: records.KindDocumentNumber, value: "19FV04321", country: "FRA"}, wanted, true, match.ScoreNoCountry, []string{"number"}},
		{"another number", probe{field: "number", kind: records.KindDocumentNumber, value: "19FV04322", country: "FRA"}, passport, false, 0, nil},
		{"a stolen residence-permit blank read from a TD1 card", probe{field: "number", kind: records.KindDocumentNumber, value: "RP0001", country: "FRA", docType: "I"},
			rec("sad", "AdministrativeDocument", map[string][]string{"number": {"RP0001"}, "country": {"FRA"}, "type": {"residence-permit"}}), true, match.ScoreExact, []string{"number", "country", "type"}},
		{"a vehicle registration is not a visa", probe{field: "number", kind: records.KindDocumentNumber, value: "VR0001", country: "FRA", docType: "V"},
			rec("sad", "AdministrativeDocument", map[string][]string{"number": {"VR0001"}, "country": {"FRA"}, "type": {"vehicle-registration"}}), false, 0, nil},
		{"another administrative document: type not compared", probe{field: "number", kind: records.KindDocumentNumber, value: "OT0001", country: "FRA", docType: "P"},
			rec("sad", "AdministrativeDocument", map[string][]string{"number": {"OT0001"}, "country": {"FRA"}, "type": {"other"}}), true, match.ScoreExact, []string{"number", "country"}},
		{"firearm, make a prefix", probe{field: "serial", kind: records.KindSerial, value: "abc-123", make: "GLOCK"}, gun, true, match.ScoreExact, []string{"serial", "make"}},
		{"firearm, another make", probe{field: "serial", kind: records.KindSerial, value: "ABC123", make: "Beretta"}, gun, false, 0, nil},
	}
	kind := match.Identifiers(nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A check takes matches alone.
			f, ok := kind.Score(c.probe.match(), c.r)
			ok = ok && f.Value >= match.Threshold
			if ok != c.ok || (ok && (f.Value != c.score || !slices.Equal(f.Matched, c.matched))) {
				t.Errorf("got %v %+v, want %v score %v matched %v", ok, f, c.ok, c.score, c.matched)
			}
		})
	}
}

func TestActionAndUrgency(t *testing.T) {
	cases := []struct {
		r       records.Record
		action  []string
		urgency string
	}{
		{rec("sltd", "Passport", nil), []string{"seize"}, hits.Urgent},
		{rec("nominal", "Person", map[string][]string{"topics": {"wanted"}}), []string{"arrest"}, hits.Urgent},
		{rec("nominal", "Person", map[string][]string{"topics": {"missing"}}), []string{"protect"}, hits.Urgent},
		{rec("nominal", "Person", map[string][]string{"topics": {"sex-offender"}}), []string{"inform"}, hits.Routine},
		{rec("terrorism", "Person", nil), []string{"inform", "do-not-alert"}, hits.Routine},
		{rec("sltd", "Passport", map[string][]string{"action": {"inform"}}), []string{"inform"}, hits.Routine},
	}
	for _, c := range cases {
		a := actionOf(c.r)
		if !slices.Equal(a, c.action) || urgencyOf(a) != c.urgency {
			t.Errorf("%s %v: %v %s, want %v %s", c.r.Database, c.r.Properties, a, urgencyOf(a), c.action, c.urgency)
		}
	}
	if hits.DeadlineOf(hits.Urgent) != 10*time.Minute || hits.DeadlineOf(hits.Routine) != time.Hour {
		t.Error("deadlines: urgent 10 minutes, routine an hour")
	}
}

func TestReadManifestCSV(t *testing.T) {
	in := "\ufeffSeat,Surname,Given Names,Date of Birth,Sex,Document Number,Issuing Country\n" +
		"12A,MARTIN,CLAIRE,1985-03-01,F,19FV04321,FRA\n" +
		"\"12B\",\"DE LA CRUZ, JR\",JOSE,1970,M,,\n"
	rows, err := ReadManifestCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []ManifestRow{
		{Reference: "12A", Name: "CLAIRE MARTIN", BirthDate: "1985-03-01", Gender: "F", DocumentNumber: "19FV04321", DocumentCountry: "FRA"},
		{Reference: "12B", Name: "JOSE DE LA CRUZ, JR", BirthDate: "1970", Gender: "M"},
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", rows, want)
	}
	for _, bad := range []string{"", "colour,size\nred,1\n", "name\n\"open\n"} {
		if _, err := ReadManifestCSV(strings.NewReader(bad)); err == nil {
			t.Errorf("%q read without error", bad)
		}
	}
	big := "name\n" + strings.Repeat("A B\n", MaxItems+1)
	if _, err := ReadManifestCSV(strings.NewReader(big)); err == nil {
		t.Error("a manifest over the row limit was read")
	}
}

func FuzzReadManifestCSV(f *testing.F) {
	f.Add("name,birth_date,document_number\nA B,1980,X1\n")
	f.Add("surname,given_names\n\"a\"\"b\",c\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ReadManifestCSV(strings.NewReader(s))
		if err == nil && len(rows) > MaxItems {
			t.Fatalf("%d rows read", len(rows))
		}
	})
}
