package identifiers

import "testing"

// Border checks key every document they read: these are the hot paths.

var benchSink string

func BenchmarkNormalizeIdentifier(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"normalised", "L898902C3"},
		{"typed", "l898 902-c3"},
		{"mrz-filler", "D23145890<734<<<"},
		{"full-width", "Ｌ８９８９０２Ｃ３"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSink = NormalizeIdentifier(bc.in)
			}
		})
	}
}

func BenchmarkLookalikeKey(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"no-lookalikes", "D23145890"},
		{"with-lookalikes", "L898902C3"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSink = LookalikeKey(bc.in)
			}
		})
	}
}

func BenchmarkICAOCheckDigit(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"document-number", "L898902C3"},
		{"td3-composite", "L898902C3674081221204159ZE184226B<<<<<1"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ICAOCheckDigit(bc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkOverlaps(b *testing.B) {
	year, day := PartialDate{Year: 1980}, PartialDate{1980, 7, 14}
	b.ReportAllocs()
	for b.Loop() {
		if !year.Overlaps(day) {
			b.Fatal("1980 does not overlap 1980-07-14")
		}
	}
}
