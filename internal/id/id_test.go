package id

import (
	"bytes"
	"sort"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
)

func TestIDsSortInCreationOrder(t *testing.T) {
	c := clock.NewFake(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	g := NewGenerator(c, nil)
	var ids []string
	for i := 0; i < 1000; i++ {
		if i%100 == 0 {
			c.Advance(time.Millisecond)
		}
		ids = append(ids, g.New())
	}
	if !sort.StringsAreSorted(ids) {
		t.Fatal("IDs are not sorted in creation order")
	}
	seen := map[string]bool{}
	for _, s := range ids {
		if !Valid(s) {
			t.Fatalf("ID %q is not valid", s)
		}
		if seen[s] {
			t.Fatalf("duplicate ID %q", s)
		}
		seen[s] = true
	}
}

func TestIDEncodesTime(t *testing.T) {
	c := clock.NewFake(time.UnixMilli(0x0123456789AB))
	g := NewGenerator(c, bytes.NewReader(make([]byte, 10)))
	got := g.New()
	// 48-bit time 0x0123456789AB then 80 zero bits.
	if want := "014D2PF2DB0000000000000000"; got != want {
		t.Fatalf("New() = %s, want %s", got, want)
	}
}

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"01HZY3Q8W7K3M2N4P5R6S7T8V9", true},
		{"", false},
		{"01HZY3Q8W7K3M2N4P5R6S7T8V", false},
		{"01HZY3Q8W7K3M2N4P5R6S7T8VI", false},
		{"81HZY3Q8W7K3M2N4P5R6S7T8V9", false},
		{"01hzy3q8w7k3m2n4p5r6s7t8v9", false},
		{"'; DROP TABLE users; --xxxx", false},
	} {
		if got := Valid(tc.in); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseRoundTrip(t *testing.T) {
	g := NewGenerator(clock.NewFake(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)), nil)
	for i := 0; i < 1000; i++ {
		s := g.New()
		b, ok := Parse(s)
		if !ok || b.String() != s {
			t.Fatalf("Parse(%s) = %v %v, String %s", s, b, ok, b.String())
		}
	}
	if _, ok := Parse("not an id"); ok {
		t.Fatal("Parse accepted garbage")
	}
	for _, s := range []string{"0123456789ABCDEFGHJKMNPQRS", "7TVWXYZ0000000000000000000", "00000000000000000000000000", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"} {
		if b, ok := Parse(s); !ok || b.String() != s {
			t.Fatalf("round trip of %s gave %s", s, b.String())
		}
	}
}
