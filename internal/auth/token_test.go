package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
)

// bearerLen is the length of every bearer token: "ncb_", a 26-character ID,
// "_" and 43 characters of base64url.
const bearerLen = 4 + id.Len + 1 + 43

func newTokenID(t testing.TB) string {
	t.Helper()
	return id.NewGenerator(clock.NewFake(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)), nil).New()
}

func mustMint(t testing.TB, tokenID string) (string, []byte) {
	t.Helper()
	bearer, digest, err := mintToken(tokenID)
	if err != nil {
		t.Fatalf("mintToken: %v", err)
	}
	return bearer, digest
}

func TestMintParseToken(t *testing.T) {
	tokenID := newTokenID(t)
	bearer, digest := mustMint(t, tokenID)
	if len(bearer) != bearerLen || !strings.HasPrefix(bearer, "ncb_"+tokenID+"_") {
		t.Fatalf("bearer %q is not ncb_<ID>_<secret>", bearer)
	}
	secret, err := base64.RawURLEncoding.DecodeString(bearer[len("ncb_")+id.Len+1:])
	if err != nil || len(secret) != 32 {
		t.Fatalf("secret of %q: %d bytes, %v; want 32 bytes of base64url", bearer, len(secret), err)
	}
	if sum := sha256.Sum256(secret); !bytes.Equal(digest, sum[:]) {
		t.Fatal("the stored digest is not SHA-256 of the secret")
	}
	if bytes.Contains(digest, secret) || strings.Contains(bearer, string(digest)) {
		t.Fatal("the digest and the secret overlap")
	}

	gotID, gotDigest, ok := parseToken(bearer)
	if !ok || gotID != tokenID || !bytes.Equal(gotDigest, digest) {
		t.Fatalf("parseToken(minted) = %q, %x, %v; want %q, %x, true", gotID, gotDigest, ok, tokenID, digest)
	}

	again, digest2 := mustMint(t, tokenID)
	if again == bearer || bytes.Equal(digest, digest2) {
		t.Fatal("two tokens minted for the same ID share their secret")
	}
	if _, d, ok := parseToken(again); !ok || sameDigest(d, digest) {
		t.Fatal("the second token's digest matches the first token")
	}
}

func TestParseTokenMalformed(t *testing.T) {
	// A fixed token, so that no edit below can by chance give it back.
	const (
		tokenID = "01JNG3Q8S5T6V7W8X9YZABCDEF"
		secret  = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8" // bytes 0 to 31
		rest    = tokenID + "_" + secret
		bearer  = "ncb_" + rest
	)
	if _, _, ok := parseToken(bearer); !ok {
		t.Fatalf("the valid bearer %q does not parse", bearer)
	}
	// withID replaces the character at i of the ID.
	withID := func(i int, c byte) string {
		b := []byte(tokenID)
		b[i] = c
		return "ncb_" + string(b) + "_" + secret
	}
	// withSecret replaces the character at i of the secret.
	withSecret := func(i int, c byte) string {
		b := []byte(secret)
		b[i] = c
		return "ncb_" + tokenID + "_" + string(b)
	}
	for _, tc := range []struct{ name, bearer string }{
		{"empty", ""},
		{"prefix only", "ncb_"},
		{"no prefix", rest},
		{"no prefix, padded to length", "xxxx" + rest},
		{"upper-case prefix", "NCB_" + rest},
		{"other prefix", "ncx_" + rest},
		{"Bearer scheme left in", "Bearer " + bearer},
		{"leading space", " " + bearer},
		{"trailing space", bearer + " "},
		{"trailing newline", bearer + "\n"},
		{"one character short", bearer[:len(bearer)-1]},
		{"one character long", bearer + "A"},
		{"secret missing", "ncb_" + tokenID + "_"},
		{"ID only", "ncb_" + tokenID},
		{"ID lower case", "ncb_" + strings.ToLower(tokenID) + "_" + secret},
		{"ID with I", withID(5, 'I')},
		{"ID with L", withID(5, 'L')},
		{"ID with O", withID(5, 'O')},
		{"ID with U", withID(5, 'U')},
		{"ID with a dash", withID(10, '-')},
		{"ID with an underscore", withID(10, '_')},
		{"ID starting above 7", withID(0, '8')},
		{"ID with a NUL", withID(3, 0)},
		{"ID with a non-ASCII byte", withID(3, 0xC3)},
		{"separator not an underscore", "ncb_" + tokenID + "-" + secret},
		{"separator one early", "ncb_" + tokenID[:id.Len-1] + "_" + tokenID[id.Len-1:] + secret[1:]},
		{"separator one late", "ncb_" + tokenID + secret[:1] + "_" + secret[1:]},
		{"secret with +", withSecret(7, '+')},
		{"secret with /", withSecret(7, '/')},
		{"secret padded", "ncb_" + tokenID + "_" + secret[:42] + "="},
		{"secret with !", withSecret(0, '!')},
		{"secret with a space", withSecret(20, ' ')},
		{"secret with a newline", withSecret(20, '\n')},
		{"secret with a carriage return", withSecret(42, '\r')},
		{"secret with a NUL", withSecret(42, 0)},
		{"secret in standard base64", "ncb_" + tokenID + "_" + base64.RawStdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32))},
		{"secret of 31 bytes", "ncb_" + tokenID + "_" + base64.RawURLEncoding.EncodeToString(make([]byte, 31))},
		{"secret of 33 bytes", "ncb_" + tokenID + "_" + base64.RawURLEncoding.EncodeToString(make([]byte, 33))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gotID, digest, ok := parseToken(tc.bearer)
			if ok || gotID != "" || digest != nil {
				t.Fatalf("parseToken(%q) = %q, %x, %v; want \"\", nil, false", tc.bearer, gotID, digest, ok)
			}
		})
	}
}

func TestSameDigest(t *testing.T) {
	a := sha256.Sum256([]byte("one"))
	b := sha256.Sum256([]byte("two"))
	last := a
	last[31] ^= 1
	for _, tc := range []struct {
		name string
		x, y []byte
		want bool
	}{
		{"equal", a[:], bytes.Clone(a[:]), true},
		{"different", a[:], b[:], false},
		{"last byte differs", a[:], last[:], false},
		{"prefix", a[:], a[:31], false},
		{"empty and digest", nil, a[:], false},
		{"both empty", nil, []byte{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameDigest(tc.x, tc.y); got != tc.want {
				t.Fatalf("sameDigest = %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzParseToken: parseToken never panics, and whatever it accepts has a
// valid token ID and a SHA-256 digest of the secret it carries.
func FuzzParseToken(f *testing.F) {
	tokenID := newTokenID(f)
	bearer, _ := mustMint(f, tokenID)
	for _, s := range []string{
		bearer, "", "ncb_", "ncb_" + tokenID, "ncb_" + tokenID + "_", bearer[:len(bearer)-1], bearer + "=",
		"ncb_" + strings.Repeat("Z", id.Len) + "_" + strings.Repeat("_", 43),
		"ncb_" + strings.Repeat("8", id.Len) + "_" + strings.Repeat("A", 43),
		strings.Repeat("_", bearerLen),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		gotID, digest, ok := parseToken(s)
		if !ok {
			if gotID != "" || digest != nil {
				t.Fatalf("parseToken(%q) refused but returned %q, %x", s, gotID, digest)
			}
			return
		}
		if !id.Valid(gotID) {
			t.Fatalf("parseToken(%q) accepted the invalid ID %q", s, gotID)
		}
		if len(digest) != sha256.Size {
			t.Fatalf("parseToken(%q) digest has %d bytes, want %d", s, len(digest), sha256.Size)
		}
		if len(s) != bearerLen || s != "ncb_"+gotID+"_"+s[len(s)-43:] {
			t.Fatalf("parseToken(%q) accepted a string not of the shape ncb_<ID>_<secret>", s)
		}
		secret, err := base64.RawURLEncoding.DecodeString(s[len(s)-43:])
		if err != nil {
			t.Fatalf("parseToken(%q) accepted a secret that is not base64url: %v", s, err)
		}
		if sum := sha256.Sum256(secret); !bytes.Equal(digest, sum[:]) {
			t.Fatalf("parseToken(%q) digest is not SHA-256 of the secret", s)
		}
	})
}

// A token has one spelling: the unused low bits of the secret's last
// character must be zero.
func TestParseTokenCanonical(t *testing.T) {
	const bearer = "ncb_01JNG3Q8S5T6V7W8X9YZABCDEF_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
	if _, _, ok := parseToken(bearer); !ok {
		t.Fatal("the canonical bearer does not parse")
	}
	for _, last := range []string{"9", "-", "_"} {
		if _, _, ok := parseToken(bearer[:len(bearer)-1] + last); ok {
			t.Errorf("parseToken accepted a second spelling ending in %q", last)
		}
	}
}
