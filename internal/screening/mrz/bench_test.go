package mrz

import (
	"strings"
	"testing"
)

// A parse runs per traveller at a desk and per row of a manifest.

var benchResult *Result

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"TD3", specimenTD3},
		{"TD3-failed-check", withChar(specimenTD3, 2, 20, '3')},
		{"TD3-lower-case-CRLF", strings.ToLower(strings.ReplaceAll(specimenTD3, "\n", "\r\n"))},
		{"TD1", specimenTD1},
		{"TD1-long-number", specimenTD1Long},
		{"TD2", specimenTD2},
		{"MRV-A", specimenMRVA},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := Parse(bc.text, specimenNow)
				if err != nil {
					b.Fatal(err)
				}
				benchResult = r
			}
		})
	}
}

// BenchmarkParseManifest reads the passports of a 300-passenger flight:
// one op is the whole manifest.
func BenchmarkParseManifest(b *testing.B) {
	passengers := make([]string, 300)
	for i := range passengers {
		passengers[i] = passport(b, "ERIKSSON<<ANNA<MARIA", "L8989"+string(rune('A'+i%26))+string(rune('0'+i%10))+"C3",
			"740812", "300415", "ZE184226B")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range passengers {
			r, err := Parse(text, specimenNow)
			if err != nil || !r.Valid {
				b.Fatal(err)
			}
			benchResult = r
		}
	}
}
