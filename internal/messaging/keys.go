package messaging

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"filippo.io/age"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// The uses of a party's keys.
const (
	useSign    = "sign"
	useEncrypt = "encrypt"
)

// keyring holds the parties' keys. Signing keys are made by the node and
// kept sealed (AES-256-GCM under a key derived from the node's own key, so
// the store alone opens none); only the public half of encryption keys is
// ever here.
type keyring struct {
	db    *store.DB
	audit Auditor
	seal  cipher.AEAD
	clock clock.Clock

	mu      sync.Mutex
	signers map[string]signer // by party: the current signing key
	public  map[string]string // by party/version: signing public keys (never change)
}

type signer struct {
	version int
	key     ed25519.PrivateKey
	loaded  time.Time
}

// signerTTL is how long a node signs with the key it loaded before looking
// again: a rotation on another node takes effect here within it.
const signerTTL = 30 * time.Second

func newKeyring(db *store.DB, auditor Auditor, sealKey []byte, c clock.Clock) (*keyring, error) {
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, fmt.Errorf("messaging: key seal: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("messaging: key seal: %w", err)
	}
	return &keyring{db: db, audit: auditor, seal: aead, clock: c, signers: map[string]signer{}, public: map[string]string{}}, nil
}

func sealContext(party string, version int) []byte {
	return []byte("ncbnet signing key " + party + "/" + strconv.Itoa(version))
}

func (k *keyring) sealSeed(party string, version int, seed []byte) string {
	nonce := make([]byte, k.seal.NonceSize())
	rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(k.seal.Seal(nonce, nonce, seed, sealContext(party, version)))
}

func (k *keyring) openSeed(party string, version int, sealed string) (ed25519.PrivateKey, error) {
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(b) < k.seal.NonceSize() {
		return nil, fmt.Errorf("signing key %s/%d: not a sealed key", party, version)
	}
	seed, err := k.seal.Open(nil, b[:k.seal.NonceSize()], b[k.seal.NonceSize():], sealContext(party, version))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("signing key %s/%d: it does not open with this node's key", party, version)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// signer returns a party's current signing key, making its first one if it
// has none.
func (k *keyring) signer(ctx context.Context, party string) (signer, error) {
	now := k.clock.Now()
	k.mu.Lock()
	s, ok := k.signers[party]
	k.mu.Unlock()
	if ok && now.Sub(s.loaded) < signerTTL && now.Sub(s.loaded) >= 0 {
		return s, nil
	}
	for try := 0; try < 2; try++ {
		var (
			version int
			sealed  sql.NullString
		)
		err := k.db.QueryRow(ctx, `SELECT version, sealed FROM party_keys WHERE party = ? AND key_use = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1`, party, useSign).Scan(&version, &sealed)
		if errors.Is(err, sql.ErrNoRows) {
			// A party's first key is made when it first needs one; the
			// change is audited as the system's doing.
			err := k.db.InTx(ctx, func(tx *store.Tx) error {
				added, err := k.addSigning(ctx, tx, party, 1, "system")
				if err != nil || !added {
					return err
				}
				return k.audit.AppendTx(ctx, tx, keyEntry(audit.SystemActor("system"), party, "create-signing-key"))
			})
			if err != nil {
				return signer{}, err
			}
			continue
		}
		if err != nil {
			return signer{}, fmt.Errorf("load signing key of %s: %w", party, err)
		}
		key, err := k.openSeed(party, version, sealed.String)
		if err != nil {
			return signer{}, err
		}
		s = signer{version: version, key: key, loaded: now}
		k.mu.Lock()
		k.signers[party] = s
		k.mu.Unlock()
		return s, nil
	}
	return signer{}, fmt.Errorf("load signing key of %s: none after making one", party)
}

// addSigning stores a new signing key version for party; a version another
// node stored first is kept (its key is as good).
func (k *keyring) addSigning(ctx context.Context, c store.Conn, party string, version int, by string) (bool, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, fmt.Errorf("make signing key: %w", err)
	}
	res, err := c.Exec(ctx, `INSERT INTO party_keys (party, key_use, version, public_key, sealed, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		party, useSign, version, base64.StdEncoding.EncodeToString(pub), k.sealSeed(party, version, priv.Seed()), store.Micros(k.clock.Now()), by)
	if err != nil {
		return false, fmt.Errorf("store signing key of %s: %w", party, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// rotate retires a party's current key of this use and stores next (made
// by make) as the new current version, in tx.
func (k *keyring) rotate(ctx context.Context, tx *store.Tx, party, use string, add func(version int) error) error {
	if err := tx.Serialize(ctx, keyLock); err != nil {
		return err
	}
	var current sql.NullInt64
	if err := tx.QueryRow(ctx, `SELECT max(version) FROM party_keys WHERE party = ? AND key_use = ?`, party, use).Scan(&current); err != nil {
		return fmt.Errorf("load %s keys of %s: %w", use, party, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE party_keys SET retired_at = ? WHERE party = ? AND key_use = ? AND retired_at IS NULL`, store.Micros(k.clock.Now()), party, use); err != nil {
		return fmt.Errorf("retire %s key of %s: %w", use, party, err)
	}
	return add(int(current.Int64) + 1)
}

// keyLock serialises key rotations across nodes.
const keyLock = 0x6e63626b6579 // "ncbkey"

// rotateSigning makes a new signing key for party; the old one is kept to
// verify what it signed.
func (k *keyring) rotateSigning(ctx context.Context, party, by string, e audit.Entry) error {
	err := k.db.InTx(ctx, func(tx *store.Tx) error {
		err := k.rotate(ctx, tx, party, useSign, func(v int) error {
			_, err := k.addSigning(ctx, tx, party, v, by)
			return err
		})
		if err != nil {
			return err
		}
		return k.audit.AppendTx(ctx, tx, e)
	})
	k.mu.Lock()
	delete(k.signers, party)
	k.mu.Unlock()
	return err
}

// publishEncryption makes recipient (an age X25519 recipient) party's
// current encryption key; earlier ones are retired, not removed.
func (k *keyring) publishEncryption(ctx context.Context, party, recipient, by string, e audit.Entry) error {
	if _, err := age.ParseX25519Recipient(recipient); err != nil {
		return fault.Field(fault.InvalidField, "public_key", "public_key must be an age X25519 recipient (age1…)")
	}
	return k.db.InTx(ctx, func(tx *store.Tx) error {
		var taken int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM party_keys WHERE key_use = ? AND public_key = ?`, useEncrypt, recipient).Scan(&taken); err != nil {
			return fmt.Errorf("check encryption key: %w", err)
		}
		if taken > 0 {
			return fault.Field(fault.Conflict, "public_key", "this key is already published: make a new one to rotate")
		}
		err := k.rotate(ctx, tx, party, useEncrypt, func(v int) error {
			_, err := tx.Exec(ctx, `INSERT INTO party_keys (party, key_use, version, public_key, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`,
				party, useEncrypt, v, recipient, store.Micros(k.clock.Now()), by)
			if err != nil {
				return fmt.Errorf("store encryption key of %s: %w", party, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return k.audit.AppendTx(ctx, tx, e)
	})
}

// encryptionKeys returns the current encryption key of each party, and the
// parties that have none.
func (k *keyring) encryptionKeys(ctx context.Context, parties []string) ([]age.Recipient, []string, error) {
	var out []age.Recipient
	var missing []string
	for _, p := range parties {
		var key string
		err := k.db.QueryRow(ctx, `SELECT public_key FROM party_keys WHERE party = ? AND key_use = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1`, p, useEncrypt).Scan(&key)
		if errors.Is(err, sql.ErrNoRows) {
			missing = append(missing, p)
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("load encryption key of %s: %w", p, err)
		}
		r, err := age.ParseX25519Recipient(key)
		if err != nil {
			return nil, nil, fmt.Errorf("encryption key of %s: %w", p, err)
		}
		out = append(out, r)
	}
	return out, missing, nil
}

// signingPublic returns the public half of a party's signing key version
// (base64), "" when there is no such version. It is derived from the
// sealed private key, not read from the published column: someone able to
// write to the store could put a key pair of their own there and sign
// altered messages, but cannot seal a key without the node's key.
func (k *keyring) signingPublic(ctx context.Context, party string, version int) (string, error) {
	id := party + "/" + strconv.Itoa(version)
	k.mu.Lock()
	pub, ok := k.public[id]
	k.mu.Unlock()
	if ok {
		return pub, nil
	}
	var sealed sql.NullString
	err := k.db.QueryRow(ctx, `SELECT sealed FROM party_keys WHERE party = ? AND key_use = ? AND version = ?`, party, useSign, version).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load signing key %s: %w", id, err)
	}
	priv, err := k.openSeed(party, version, sealed.String)
	if err != nil {
		return "", err
	}
	pub = base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
	k.mu.Lock()
	k.public[id] = pub
	k.mu.Unlock()
	return pub, nil
}

// list returns every version of a party's public keys.
func (k *keyring) list(ctx context.Context, party string) (PartyKeys, error) {
	rows, err := k.db.Query(ctx, `SELECT key_use, version, public_key, created_at, created_by, retired_at FROM party_keys WHERE party = ? ORDER BY key_use, version`, party)
	if err != nil {
		return PartyKeys{}, fmt.Errorf("list keys of %s: %w", party, err)
	}
	defer rows.Close()
	out := PartyKeys{Bureau: party, Signing: []PublicKey{}, Encryption: []PublicKey{}}
	for rows.Next() {
		var (
			use     string
			pk      PublicKey
			created int64
			retired sql.NullInt64
		)
		if err := rows.Scan(&use, &pk.Version, &pk.PublicKey, &created, &pk.CreatedBy, &retired); err != nil {
			return PartyKeys{}, fmt.Errorf("list keys of %s: %w", party, err)
		}
		pk.CreatedAt = store.Time(created)
		if retired.Valid {
			t := store.Time(retired.Int64)
			pk.RetiredAt = &t
		}
		if use == useSign {
			out.Signing = append(out.Signing, pk)
		} else {
			out.Encryption = append(out.Encryption, pk)
		}
	}
	if err := rows.Err(); err != nil {
		return PartyKeys{}, fmt.Errorf("list keys of %s: %w", party, err)
	}
	rows.Close()
	// The signing keys published are those the sealed keys derive to,
	// whatever the stored column says (see signingPublic).
	for i, pk := range out.Signing {
		pub, err := k.signingPublic(ctx, party, pk.Version)
		if err != nil {
			return PartyKeys{}, err
		}
		out.Signing[i].PublicKey = pub
	}
	return out, nil
}
