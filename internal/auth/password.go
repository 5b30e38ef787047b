package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters. They are written into every hash, so
// changing them affects only new hashes.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultParams follow OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane).
var DefaultParams = Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32

	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	maxThreads   = 64
)

// Argon2 hashes and checks passwords with argon2id. At most a few hashes run
// at once, so a burst of logins cannot exhaust the node's memory.
type Argon2 struct {
	params Params
	slots  chan struct{}
}

// NewArgon2 returns a hasher with the given parameters.
func NewArgon2(p Params) *Argon2 {
	return &Argon2{params: p, slots: make(chan struct{}, max(2, runtime.NumCPU()))}
}

// acquire waits for a hashing slot, or for ctx to end: a request that gave up
// must not have its guess checked later.
func (a *Argon2) acquire(ctx context.Context) error {
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait to hash a password: %w", ctx.Err())
	}
}

// Hash returns the PHC-format argon2id hash of password with a fresh salt.
func (a *Argon2) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("make salt: %w", err)
	}
	if err := a.acquire(ctx); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, a.params.Time, a.params.MemoryKiB, a.params.Threads, keyLen)
	<-a.slots
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		a.params.MemoryKiB, a.params.Time, a.params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("not an argon2id hash")

// Verify reports whether password matches hash. The comparison takes the same
// time wherever the first differing byte is.
func (a *Argon2) Verify(ctx context.Context, password, hash string) (bool, error) {
	p, salt, want, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	if err := a.acquire(ctx); err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	<-a.slots
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func parseHash(hash string) (Params, []byte, []byte, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return Params{}, nil, nil, fmt.Errorf("%w: version %q", errBadHash, parts[2])
	}
	if parts[2] != fmt.Sprintf("v=%d", version) {
		return Params{}, nil, nil, fmt.Errorf("%w: version %q", errBadHash, parts[2])
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: parameters: %v", errBadHash, err)
	}
	if parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.MemoryKiB, p.Time, p.Threads) {
		return Params{}, nil, nil, fmt.Errorf("%w: parameters %q", errBadHash, parts[3])
	}
	// Bounds keep a corrupt or planted hash from making Verify allocate
	// gigabytes or spin for minutes.
	if p.MemoryKiB == 0 || p.MemoryKiB > maxMemoryKiB || p.Time == 0 || p.Time > maxTime || p.Threads == 0 || p.Threads > maxThreads {
		return Params{}, nil, nil, fmt.Errorf("%w: parameters out of bounds", errBadHash)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("%w: salt: %v", errBadHash, err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return Params{}, nil, nil, fmt.Errorf("%w: key", errBadHash)
	}
	return p, salt, key, nil
}
