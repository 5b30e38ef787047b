package names

import "testing"

// Names whose prefix keys differ sort as their raw forms do; the canonical
// order of a pair is the strings' order either way.
func TestPrefixKeyOrder(t *testing.T) {
	words := []string{"", "a", "ab", "ab\x00", "ab\x00c", "abcdefgh", "abcdefghi", "abcdefgi", "Zz", "Ωμέγα", "王小明", "\xff", "abcdefgh\x00"}
	for _, a := range words {
		for _, b := range words {
			ka, kb := prefixKey(a), prefixKey(b)
			if ka != kb && (ka < kb) != (a < b) {
				t.Errorf("%q (%x) and %q (%x) sort one way by key and the other by string", a, ka, b, kb)
			}
			na, nb := Parse(a), Parse(b)
			if _, swapped := alignCanonical(&na, &nb); swapped != (a > b) {
				t.Errorf("alignCanonical(%q, %q) swapped = %v", a, b, swapped)
			}
		}
	}
}
