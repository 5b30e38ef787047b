package names

import (
	"math/rand/v2"
	"testing"
)

// osaPlain is the textbook full-matrix distance that osa must agree with.
func osaPlain(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestOSAAgreesWithFullMatrix(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = "abcde"[rng.IntN(5)]
		}
		return string(b)
	}
	for _, c := range [][2]string{{"sergei", "sergie"}, {"doe", "down"}, {"", "abc"}, {"mohamed", "muhamad"}} {
		if got, want := osa(c[0], c[1], 10), osaPlain(c[0], c[1]); got != want {
			t.Errorf("osa(%q, %q) = %d, want %d", c[0], c[1], got, want)
		}
	}
	for range 20000 {
		a, b, limit := word(), word(), rng.IntN(5)
		want := min(osaPlain(a, b), limit+1)
		if got := osa(a, b, limit); got != want {
			t.Fatalf("osa(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
	}
}
