package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/ncbnet/ncbnet/internal/id"
)

// A bearer token reads "ncb_<token ID>_<secret>": the ID finds the stored
// token, the secret (32 random bytes, base64url) proves possession. Only
// SHA-256(secret) is stored; the secret is high-entropy, so a plain digest is
// as strong as a slow hash here and keeps every request fast.
const (
	tokenPrefix = "ncb_"
	secretLen   = 32
)

// Strict: a secret has exactly one spelling (no stray bits in the last
// character), so a token is never seen under several strings.
var secretEncoding = base64.RawURLEncoding.Strict()

// mintToken returns the bearer string for a token ID and the digest to store.
func mintToken(tokenID string) (bearer string, digest []byte, err error) {
	secret := make([]byte, secretLen)
	if _, err := rand.Read(secret); err != nil {
		return "", nil, fmt.Errorf("make token secret: %w", err)
	}
	sum := sha256.Sum256(secret)
	return tokenPrefix + tokenID + "_" + secretEncoding.EncodeToString(secret), sum[:], nil
}

// parseToken splits a bearer string into its token ID and secret digest. It
// reports false for anything not of the token's shape.
func parseToken(bearer string) (tokenID string, digest []byte, ok bool) {
	rest, found := strings.CutPrefix(bearer, tokenPrefix)
	if !found || len(rest) != id.Len+1+secretEncoding.EncodedLen(secretLen) || rest[id.Len] != '_' {
		return "", nil, false
	}
	tokenID = rest[:id.Len]
	if !id.Valid(tokenID) {
		return "", nil, false
	}
	secret, err := secretEncoding.DecodeString(rest[id.Len+1:])
	if err != nil || len(secret) != secretLen {
		return "", nil, false
	}
	sum := sha256.Sum256(secret)
	return tokenID, sum[:], true
}

// sameDigest compares two digests in constant time.
func sameDigest(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }
