package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// cheapParams keep the tests fast; TestHashDefaultParams proves the
// production cost works.
var cheapParams = Params{MemoryKiB: 64, Time: 1, Threads: 1}

const testPassword = "correct horse battery staple"

// phcPattern is the PHC string of an argon2id hash with a 16-byte salt and a
// 32-byte key (22 and 43 characters of unpadded standard base64).
var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)

func mustHash(t *testing.T, a *Argon2, password string) string {
	t.Helper()
	h, err := a.Hash(context.Background(), password)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	return h
}

func TestHashDefaultParams(t *testing.T) {
	a := NewArgon2(DefaultParams)
	h := mustHash(t, a, testPassword)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not carry the default parameters", h)
	}
	if ok, err := a.Verify(context.Background(), testPassword, h); err != nil || !ok {
		t.Fatalf("Verify(right password) = %v, %v; want true, nil", ok, err)
	}
	if ok, err := a.Verify(context.Background(), testPassword+"!", h); err != nil || ok {
		t.Fatalf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
	}
}

func TestHashVerify(t *testing.T) {
	a := NewArgon2(cheapParams)
	for _, tc := range []struct {
		name, password, attempt string
		want                    bool
	}{
		{"right password", testPassword, testPassword, true},
		{"wrong password", testPassword, "correct horse battery stapler", false},
		{"case matters", testPassword, strings.ToUpper(testPassword), false},
		{"trailing space matters", testPassword, testPassword + " ", false},
		{"prefix is not enough", testPassword, testPassword[:12], false},
		{"empty attempt", testPassword, "", false},
		{"multi-byte password", "pässwörd-日本語-🔑🔑", "pässwörd-日本語-🔑🔑", true},
		{"other normalisation of the same text", "caf\u00e9 caf\u00e9 caf\u00e9", "cafe\u0301 cafe\u0301 cafe\u0301", false},
		{"long password", strings.Repeat("x", 1024), strings.Repeat("x", 1024), true},
		{"long password, last byte differs", strings.Repeat("x", 1024), strings.Repeat("x", 1023) + "y", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := mustHash(t, a, tc.password)
			ok, err := a.Verify(context.Background(), tc.attempt, h)
			if err != nil || ok != tc.want {
				t.Fatalf("Verify = %v, %v; want %v, nil", ok, err, tc.want)
			}
		})
	}
}

func TestHashFormat(t *testing.T) {
	p := Params{MemoryKiB: 96, Time: 3, Threads: 2}
	a := NewArgon2(p)
	h1, h2 := mustHash(t, a, testPassword), mustHash(t, a, testPassword)
	m := phcPattern.FindStringSubmatch(h1)
	if m == nil {
		t.Fatalf("hash %q is not a PHC argon2id string", h1)
	}
	if got := fmt.Sprintf("m=%s,t=%s,p=%s", m[1], m[2], m[3]); got != "m=96,t=3,p=2" {
		t.Fatalf("encoded parameters %s, want m=96,t=3,p=2", got)
	}
	if _, err := base64.RawStdEncoding.DecodeString(m[4]); err != nil {
		t.Fatalf("salt %q: %v", m[4], err)
	}
	if h1 == h2 {
		t.Fatal("two hashes of the same password are equal: the salt is not random")
	}
	m2 := phcPattern.FindStringSubmatch(h2)
	if m2 == nil {
		t.Fatalf("hash %q is not a PHC argon2id string", h2)
	}
	if m[4] == m2[4] {
		t.Fatalf("two hashes share the salt %s", m[4])
	}
	for _, h := range []string{h1, h2} {
		if ok, err := a.Verify(context.Background(), testPassword, h); err != nil || !ok {
			t.Fatalf("Verify(%q) = %v, %v; want true, nil", h, ok, err)
		}
	}
}

// TestVerifyReadsParamsFromHash proves a change of parameters does not lock
// out users whose hashes were made with the old ones.
func TestVerifyReadsParamsFromHash(t *testing.T) {
	old := NewArgon2(cheapParams)
	h := mustHash(t, old, testPassword)
	for _, p := range []Params{
		{MemoryKiB: 128, Time: 2, Threads: 2},
		{MemoryKiB: 32, Time: 1, Threads: 4},
		DefaultParams,
	} {
		t.Run(fmt.Sprintf("m=%d,t=%d,p=%d", p.MemoryKiB, p.Time, p.Threads), func(t *testing.T) {
			a := NewArgon2(p)
			if ok, err := a.Verify(context.Background(), testPassword, h); err != nil || !ok {
				t.Fatalf("Verify(right password) = %v, %v; want true, nil", ok, err)
			}
			if ok, err := a.Verify(context.Background(), "not the password", h); err != nil || ok {
				t.Fatalf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
			}
		})
	}
}

// TestVerifyTamperedHash: a hash whose salt, key or parameters were changed
// is well formed but no longer matches the password.
func TestVerifyTamperedHash(t *testing.T) {
	a := NewArgon2(cheapParams)
	h := mustHash(t, a, testPassword)
	parts := strings.Split(h, "$")
	flip := func(s string) string {
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	for _, tc := range []struct {
		name string
		edit func(p []string)
	}{
		{"salt", func(p []string) { p[4] = flip(p[4]) }},
		{"key", func(p []string) { p[5] = flip(p[5]) }},
		{"time", func(p []string) { p[3] = "m=64,t=2,p=1" }},
		{"memory", func(p []string) { p[3] = "m=128,t=1,p=1" }},
		{"threads", func(p []string) { p[3] = "m=64,t=1,p=2" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := append([]string(nil), parts...)
			tc.edit(p)
			ok, err := a.Verify(context.Background(), testPassword, strings.Join(p, "$"))
			if err != nil || ok {
				t.Fatalf("Verify = %v, %v; want false, nil", ok, err)
			}
		})
	}
}

func TestVerifyMalformedHash(t *testing.T) {
	a := NewArgon2(cheapParams)
	h := mustHash(t, a, testPassword)
	parts := strings.Split(h, "$")
	salt, key := parts[4], parts[5]
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for _, tc := range []struct{ name, hash string }{
		{"empty", ""},
		{"plain text", testPassword},
		{"too few parts", strings.Join(parts[:5], "$")},
		{"no key", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"too many parts", h + "$" + key},
		{"argon2i", with(1, "argon2i")},
		{"argon2d", with(1, "argon2d")},
		{"upper-case algorithm", with(1, "ARGON2ID")},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"no leading $", strings.TrimPrefix(h, "$")},
		{"old version", with(2, "v=16")},
		{"future version", with(2, "v=20")},
		{"version not a number", with(2, "v=x")},
		{"version missing", with(2, "")},
		{"version without v=", with(2, "19")},
		{"zero memory", with(3, "m=0,t=1,p=1")},
		{"zero time", with(3, "m=64,t=0,p=1")},
		{"zero threads", with(3, "m=64,t=1,p=0")},
		{"negative memory", with(3, "m=-1,t=1,p=1")},
		{"threads overflow", with(3, "m=64,t=1,p=256")},
		{"memory overflow", with(3, "m=4294967296,t=1,p=1")},
		{"parameters missing", with(3, "")},
		{"parameters out of order", with(3, "t=1,m=64,p=1")},
		{"parameter missing", with(3, "m=64,t=1")},
		{"salt not base64", with(4, "!!!!salt!!!!")},
		{"salt padded", with(4, salt+"==")},
		{"salt url alphabet", with(4, "-_"+salt[2:])},
		{"key not base64", with(5, "*"+key[1:])},
		{"key padded", with(5, key+"=")},
		{"key empty", with(5, "")},
		{"key truncated to a lone character", with(5, key[:1])},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := a.Verify(context.Background(), testPassword, tc.hash)
			if ok {
				t.Fatalf("Verify(%q) = true", tc.hash)
			}
			if !errors.Is(err, errBadHash) {
				t.Fatalf("Verify(%q) error = %v, want errBadHash", tc.hash, err)
			}
		})
	}
}
