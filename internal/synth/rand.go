package synth

import (
	"math"
	"math/bits"
	"sort"
)

// rng is a splitmix64 stream: small, fast, and seeded per record so that
// record i of a seed is the same whoever makes it and in whatever order.
type rng struct{ state uint64 }

// newRNG returns the stream of record i of kind (a constant per kind, so
// two kinds with the same seed do not mirror each other).
func newRNG(seed, kind uint64, i int) *rng {
	r := &rng{state: seed ^ kind*0x9e3779b97f4a7c15}
	r.state ^= uint64(i) * 0xbf58476d1ce4e5b9
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool {
	return float64(r.next()>>11)/(1<<53) < p
}

// pick returns one of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted chooses among items by weight, in O(log n).
type weighted[T any] struct {
	items []T
	cum   []float64
}

func newWeighted[T any](items []T, weights []float64) weighted[T] {
	w := weighted[T]{items: items, cum: make([]float64, len(items))}
	total := 0.0
	for i, x := range weights {
		total += x
		w.cum[i] = total
	}
	for i := range w.cum {
		w.cum[i] /= total
	}
	w.cum[len(w.cum)-1] = math.Inf(1)
	return w
}

func (w weighted[T]) pick(r *rng) T {
	u := float64(r.next()>>11) / (1 << 53)
	return w.items[sort.SearchFloat64s(w.cum, u)]
}
