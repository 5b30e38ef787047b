package messaging

import (
	"bytes"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// isAge takes real age files, binary and armored, and nothing that merely
// starts like one.
func TestIsAge(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	var binary, armored bytes.Buffer
	w, _ := age.Encrypt(&binary, id.Recipient())
	w.Write([]byte("a warrant"))
	w.Close()
	aw := armor.NewWriter(&armored)
	w, _ = age.Encrypt(aw, id.Recipient())
	w.Write([]byte("a warrant"))
	w.Close()
	aw.Close()
	for _, c := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"binary", binary.Bytes(), true},
		{"armored", armored.Bytes(), true},
		{"the header line alone", []byte("age-encryption.org/v1\nMZ\x90\x00 an executable"), false},
		{"no recipient stanza", []byte("age-encryption.org/v1\n--- " + string(bytes.Repeat([]byte("A"), 43)) + "\npayload"), false},
		{"no MAC line", []byte("age-encryption.org/v1\n-> X25519 abc\nbody\n"), false},
		{"a bad MAC", []byte("age-encryption.org/v1\n-> X25519 abc\nbody\n--- short\npayload"), false},
		{"armor around something else", []byte(armor.Header + "\nTVo=\n" + armor.Footer + "\n"), false},
		{"a PDF", []byte("%PDF-1.4\n"), false},
	} {
		if got := isAge(c.b); got != c.want {
			t.Errorf("%s: isAge = %v, want %v", c.name, got, c.want)
		}
	}
}
