package audit

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

func TestCheckpointNote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := startLog(t, db)
		if l.Origin() != testOrigin || !strings.HasPrefix(l.VerifierKey(), testOrigin+"+") {
			t.Fatalf("origin %q, key %q", l.Origin(), l.VerifierKey())
		}
		v, err := note.NewVerifier(l.VerifierKey())
		if err != nil {
			t.Fatal(err)
		}
		check := func(t *testing.T, cp Checkpoint, size int64, root [32]byte) {
			t.Helper()
			n, err := note.Open(cp.Note, note.VerifierList(v))
			if err != nil {
				t.Fatalf("note.Open: %v", err)
			}
			want := testOrigin + "\n" + strconv.FormatInt(size, 10) + "\n" + base64.StdEncoding.EncodeToString(root[:]) + "\n"
			if n.Text != want {
				t.Fatalf("body %q, want %q", n.Text, want)
			}
			if cp.Size != size || cp.Root != root {
				t.Fatalf("checkpoint (%d, %x), want (%d, %x)", cp.Size, cp.Root, size, root)
			}
			sigs := strings.TrimPrefix(string(cp.Note), want+"\n")
			if len(n.Sigs) != 1 || !strings.HasPrefix(sigs, "— "+testOrigin+" ") || strings.Count(sigs, "\n") != 1 {
				t.Fatalf("signature block %q", sigs)
			}
		}
		t.Run("empty tree signed at New", func(t *testing.T) {
			cp, err := l.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			check(t, cp, 0, sha256.Sum256(nil))
		})
		t.Run("after appends", func(t *testing.T) {
			if _, err := l.Append(ctx, sample("a.b", "x", ""), sample("a.b", "y", "")); err != nil {
				t.Fatal(err)
			}
			cp, err := l.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			_, leaf0, _ := l.Entry(ctx, 0)
			_, leaf1, _ := l.Entry(ctx, 1)
			// RFC 6962: root of two leaves = SHA-256(0x01 ‖ SHA-256(0x00 ‖ leaf0) ‖ SHA-256(0x00 ‖ leaf1)).
			h0 := sha256.Sum256(append([]byte{0}, leaf0...))
			h1 := sha256.Sum256(append([]byte{0}, leaf1...))
			check(t, cp, 2, sha256.Sum256(append(append([]byte{1}, h0[:]...), h1[:]...)))
			older, err := l.CheckpointAt(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			check(t, older, 0, sha256.Sum256(nil))
		})
		t.Run("JSON form", func(t *testing.T) {
			cp, _ := l.Checkpoint(ctx)
			b, err := json.Marshal(cp)
			if err != nil {
				t.Fatal(err)
			}
			var back Checkpoint
			if err := json.Unmarshal(b, &back); err != nil || back.Size != cp.Size || back.Root != cp.Root || string(back.Note) != string(cp.Note) {
				t.Fatalf("round trip %s: %+v, %v", b, back, err)
			}
		})
	})
}

func TestKeys(t *testing.T) {
	t.Run("generate refuses a bad origin", func(t *testing.T) {
		for _, origin := range []string{"", "has space", "has+plus"} {
			if _, _, err := GenerateKey(origin); err == nil {
				t.Errorf("GenerateKey(%q) succeeded", origin)
			}
		}
	})
	t.Run("create, then load the same key", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "keys", "audit.key")
		skey, vkey, err := LoadOrCreateKey(path, "node.example/audit")
		if err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("key file mode %v, %v", info.Mode(), err)
		}
		if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
			t.Fatalf("key folder mode %v", dir.Mode())
		}
		skey2, vkey2, err := LoadOrCreateKey(path, "node.example/audit")
		if err != nil || skey2 != skey || vkey2 != vkey {
			t.Fatalf("reload gave another key (%v)", err)
		}
		if derived, err := verifierKeyOf(skey); err != nil || derived != vkey {
			t.Fatalf("derived verifier key %q, %v; want %q", derived, err, vkey)
		}
		if _, _, err := LoadOrCreateKey(path, "other.example/audit"); err == nil {
			t.Fatal("loaded a key for another origin")
		}
		if skey3, vkey3, err := ReadKeyFile(path); err != nil || skey3 != skey || vkey3 != vkey {
			t.Fatalf("ReadKeyFile gave another key (%v)", err)
		}
		if _, _, err := ReadKeyFile(filepath.Join(t.TempDir(), "none.key")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("ReadKeyFile of no file = %v", err)
		}
	})
	t.Run("refuses a key file others can read", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "audit.key")
		if _, _, err := LoadOrCreateKey(path, "o"); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := LoadOrCreateKey(path, "o"); err == nil {
			t.Fatal("loaded a world-readable key")
		}
	})
	t.Run("a corrupt key file is refused without echoing it", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "audit.key")
		if err := os.WriteFile(path, []byte("PRIVATE+KEY+o+deadbeef+c2VjcmV0LW1hdGVyaWFs\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := LoadOrCreateKey(path, "o")
		if err == nil || strings.Contains(err.Error(), "c2VjcmV0") {
			t.Fatalf("error = %v", err)
		}
	})
}

// FuzzLeafAt checks that splicing a position into the Seq-0 encoding gives
// exactly what encoding/json gives for the entry at that position.
func FuzzLeafAt(f *testing.F) {
	f.Add(int64(0), "record.read", "alice", "k", "v<&>")
	f.Add(int64(-1), "", "\u2028", "", "")
	f.Add(int64(1)<<62, "a\"b", "\xff", "z", "\x00")
	f.Fuzz(func(t *testing.T, seq int64, action, name, key, value string) {
		e := Entry{ID: "X", Time: t0, Actor: Actor{Name: name}, Action: action, Outcome: OutcomeSuccess,
			Details: map[string]string{key: value}}
		body, err := encodeBody(e)
		if err != nil {
			t.Fatal(err)
		}
		e.Seq = seq
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if got := leafAt(body, seq); string(got) != string(want) {
			t.Fatalf("leafAt = %s, want %s", got, want)
		}
	})
}
