package names

import (
	"math"
	"testing"
)

var fuzzSeeds = []string{
	"Сергей Викторович Лавров", "Moammar al-Qadhafi", "معمر القذافي", "王伟", "김정은", "नरेंद्र मोदी",
	"בנימין נתניהו", "Abdurrahman", "Jean-Pierre de la Fontaine", "O'Brien, Seán", "\xff\xfe", "ـــ", "्ं",
	"a-b-c-d-e", "Al", "",
}

func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		ts := Tokens(name)
		if len(ts) > maxTokens {
			t.Fatalf("%d tokens", len(ts))
		}
		strong := 0
		for _, tk := range ts {
			if tk.Text == "" || len(tk.Text) > maxTokenLen {
				t.Fatalf("Tokens(%q): token %q of bad length", name, tk.Text)
			}
			for i := 0; i < len(tk.Text); i++ {
				if tk.Text[i] < 'a' || tk.Text[i] > 'z' {
					t.Fatalf("Tokens(%q): token %q is not lower-case ASCII", name, tk.Text)
				}
			}
			if !tk.Weak {
				strong++
			}
		}
		if len(ts) > 0 && strong == 0 {
			t.Fatalf("Tokens(%q) = %v: no strong token", name, ts)
		}
	})
}

func FuzzKeys(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		keys := Keys(name)
		checkKeys(t, name, keys)
		if len(keys) > 2*maxTokens {
			t.Fatalf("Keys(%q): %d keys", name, len(keys))
		}
		if len(Tokens(name)) > 0 && len(keys) == 0 {
			t.Fatalf("Keys(%q): none for a name with tokens", name)
		}
	})
}

func FuzzSimilarity(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+3)%len(fuzzSeeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, why := Similarity(a, b)
		ba, _ := Similarity(b, a)
		if math.IsNaN(ab) || ab < 0 || ab > 1 || ab != ba {
			t.Fatalf("Similarity(%q, %q) = %v, reversed %v", a, b, ab, ba)
		}
		if len(why) == 0 {
			t.Fatalf("Similarity(%q, %q): no explanation", a, b)
		}
		if self, _ := Similarity(a, a); len(Tokens(a)) > 0 && self != 1 {
			t.Fatalf("Similarity(%q, itself) = %v", a, self)
		}
	})
}
