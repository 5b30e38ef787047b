package audit

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
)

// GenerateKey makes a new Ed25519 key pair for signing the checkpoints of the
// log named origin. skey ("PRIVATE+KEY+<origin>+<hash>+<base64>") is secret;
// vkey ("<origin>+<hash>+<base64>") is what clients verify proofs with.
func GenerateKey(origin string) (skey, vkey string, err error) {
	if !validOrigin(origin) {
		return "", "", fmt.Errorf("generate audit key: origin %q must be non-empty, without spaces or '+'", origin)
	}
	skey, vkey, err = note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return "", "", fmt.Errorf("generate audit key: %w", err)
	}
	return skey, vkey, nil
}

// LoadOrCreateKey reads the signer key kept in the file at path, or, when
// there is no such file, generates one for origin and writes it there (mode
// 0600, creating the folder). An existing key must be for origin (unless
// origin is empty) and must not be readable by others. The private key never
// appears in an error.
func LoadOrCreateKey(path, origin string) (skey, vkey string, err error) {
	skey, vkey, err = loadKey(path, origin)
	if !errors.Is(err, fs.ErrNotExist) {
		return skey, vkey, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", "", fmt.Errorf("create folder for audit key: %w", err)
	}
	skey, vkey, err = GenerateKey(origin)
	if err != nil {
		return "", "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it first: use that one.
		return loadKey(path, origin)
	}
	if err != nil {
		return "", "", fmt.Errorf("create audit key file: %w", err)
	}
	_, err = f.WriteString(skey + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", "", fmt.Errorf("write audit key file %s: %w", path, err)
	}
	return skey, vkey, nil
}

// ReadKeyFile reads the signer key that LoadOrCreateKey keeps at path, for
// any origin, and derives its verifier key. It never creates a key.
func ReadKeyFile(path string) (skey, vkey string, err error) {
	return loadKey(path, "")
}

func loadKey(path, origin string) (skey, vkey string, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", "", fmt.Errorf("read audit key file: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return "", "", fmt.Errorf("audit key file %s is open to other users (mode %04o): make it 0600", path, info.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("read audit key file: %w", err)
	}
	skey = strings.TrimSpace(string(b))
	vkey, err = verifierKeyOf(skey)
	if err != nil {
		return "", "", fmt.Errorf("audit key file %s: %w", path, err)
	}
	if name := keyName(vkey); origin != "" && name != origin {
		return "", "", fmt.Errorf("audit key file %s holds the key of log %q, not %q", path, name, origin)
	}
	return skey, vkey, nil
}

// verifierKeyOf derives the verifier key of a note signer key. Its errors
// never quote the key.
func verifierKeyOf(skey string) (string, error) {
	vkey, _, err := parseSignerKey(skey)
	return vkey, err
}

// parseSignerKey checks a note signer key and returns its verifier key and
// its Ed25519 seed. Its errors never quote the key.
func parseSignerKey(skey string) (vkey string, seed []byte, err error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return "", nil, errors.New("not a valid note signer key")
	}
	// NewSigner accepted the layout PRIVATE+KEY+name+hash+base64(alg, seed);
	// the base64 part may itself hold '+'.
	parts := strings.SplitN(skey, "+", 5)
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 1+ed25519.SeedSize {
		return "", nil, errors.New("not an Ed25519 note signer key")
	}
	seed = raw[1:]
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	vkey, err = note.NewEd25519VerifierKey(signer.Name(), pub)
	if err != nil {
		return "", nil, fmt.Errorf("derive verifier key: %w", err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil || verifier.KeyHash() != signer.KeyHash() {
		return "", nil, errors.New("derived verifier key does not match the signer key")
	}
	return vkey, seed, nil
}

// keyName returns the name (the log's origin) of a verifier key.
func keyName(vkey string) string {
	name, _, _ := strings.Cut(vkey, "+")
	return name
}

// validOrigin applies the note package's rule for key names.
func validOrigin(s string) bool {
	return s != "" && utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsSpace) < 0 && !strings.Contains(s, "+")
}
