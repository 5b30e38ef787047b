package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
)

// msgCLI returns a runner of `ncbnet msg SUB --server url --token T ARGS…`
// that answers the exit code, standard output and standard error.
func msgCLI(t *testing.T, url string) func(token string, args ...string) (int, string, string) {
	return func(token string, args ...string) (int, string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		args = append(append([]string{"msg", args[0]}, "--server", url, "--token", token), args[1:]...)
		code := run(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
}

func TestMsgCommand(t *testing.T) {
	t.Setenv("NCBNET_IDENTITY", "")
	url, login := demoNode(t, "")
	fra, deu, deuSup := login("fra.officer"), login("deu.officer"), login("deu.supervisor")
	dir := t.TempDir()
	ncbnet := msgCLI(t, url)

	// DEU makes an identity, rotates it once, and publishes the new key.
	ids := filepath.Join(dir, "deu.age")
	var first, second string
	for _, pk := range []*string{&first, &second} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"msg", "keygen", "--out", ids}, &out, &errOut); code != 0 {
			t.Fatalf("keygen: %d %s", code, errOut.String())
		}
		*pk = strings.TrimSpace(out.String())
		if !strings.HasPrefix(*pk, "age1") {
			t.Fatalf("keygen printed %q", *pk)
		}
	}
	fi, err := os.Stat(ids)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(ids)
	if fi.Mode().Perm() != 0o600 || strings.Count(string(text), "AGE-SECRET-KEY-") != 2 || first == second {
		t.Fatalf("identity file (mode %o) after two keygens:\n%s", fi.Mode().Perm(), text)
	}
	code, out, errOut := ncbnet(deuSup, "publish-key", "--bureau", "DEU", "--identity", ids)
	if code != 0 || !strings.Contains(out, second) || strings.Contains(out, first) {
		t.Fatalf("publish-key: %d\n%s%s", code, out, errOut)
	}

	// FRA sends an encrypted message to DEU.
	code, out, errOut = ncbnet(fra, "send", "--to", "DEU", "--subject", "Stolen Renoir", "--body", "The painting left Marseille on the 12th.",
		"--priority", "urgent", "--handling", "H1", "--ref", "case:FR-2026-0042", "--encrypt")
	if code != 0 {
		t.Fatalf("send: %d\n%s%s", code, out, errOut)
	}
	idLine := regexp.MustCompile(`(?m)^message:\s+(\S+)$`).FindStringSubmatch(out)
	if idLine == nil || !regexp.MustCompile(`(?m)^key:\s+[0-9a-f]{32}$`).MatchString(out) || !regexp.MustCompile(`DEU\s+-\s+delivered`).MatchString(out) {
		t.Fatalf("send printed:\n%s", out)
	}
	id := idLine[1]

	code, out, errOut = ncbnet(deu, "inbox")
	if code != 0 || !regexp.MustCompile(regexp.QuoteMeta(id)+`\s+\S+\s+FRA\s+urgent\s+H1\s+delivered\s+Stolen Renoir \(encrypted\)`).MatchString(out) {
		t.Fatalf("DEU inbox: %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = ncbnet(fra, "inbox", "--sent"); code != 0 || !strings.Contains(out, id) || strings.Contains(out, "delivered") {
		t.Fatalf("FRA sent box: %d\n%s%s", code, out, errOut)
	}

	// Without an identity the message does not open, and stays unread.
	code, _, errOut = ncbnet(deu, "read", id)
	if code == 0 || !strings.Contains(errOut, "encrypted end to end") || !strings.Contains(errOut, "--identity") {
		t.Fatalf("read without an identity: %d %s", code, errOut)
	}
	code, out, errOut = ncbnet(deu, "read", id, "--identity", ids)
	if code != 0 {
		t.Fatalf("read: %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"The painting left Marseille on the 12th.", "signature: verified by the node", "verified here too",
		"from:      FRA", "subject:   Stolen Renoir", "case:FR-2026-0042", "H1 — not to be used as evidence", "marked read"} {
		if !strings.Contains(out, want) {
			t.Errorf("read lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`DEU\s+-\s+read`).MatchString(out) || strings.Contains(out, "DOES NOT MATCH") {
		t.Errorf("read:\n%s", out)
	}

	code, out, errOut = ncbnet(deu, "ack", id)
	if code != 0 || !strings.Contains(out, "acknowledged") || !strings.Contains(out, "deu.officer") {
		t.Fatalf("ack: %d\n%s%s", code, out, errOut)
	}
	// The sender sees the acknowledgement; the JSON carries the plaintext
	// only for who holds an identity.
	code, out, errOut = ncbnet(deu, "read", "--json", id, "--identity", ids)
	if code != 0 {
		t.Fatalf("read --json: %d\n%s%s", code, out, errOut)
	}
	var view struct {
		client.Message
		DecryptedBody    string `json:"decrypted_body"`
		VerifiedByClient bool   `json:"verified_by_client"`
	}
	if err := json.Unmarshal([]byte(out), &view); err != nil || view.ID != id || !view.Encrypted || view.Body != "" ||
		view.DecryptedBody != "The painting left Marseille on the 12th." || !view.VerifiedByClient {
		t.Fatalf("read --json (%v):\n%s", err, out)
	}
	fc, err := client.New(url, client.WithToken(fra))
	if err != nil {
		t.Fatal(err)
	}
	seen, err := fc.Message(context.Background(), id)
	if err != nil || len(seen.Recipients) != 1 || seen.Recipients[0].State != "acknowledged" {
		t.Fatalf("the sender sees %+v (%v)", seen.Recipients, err)
	}
	if code, out, errOut = ncbnet(deu, "inbox", "--state", "acknowledged"); code != 0 || !strings.Contains(out, id) {
		t.Fatalf("DEU inbox of acknowledged messages: %d\n%s%s", code, out, errOut)
	}

	// The API's refusals come through.
	code, _, errOut = ncbnet(fra, "send", "--to", "DEU", "--body", "no subject", "--handling", "H0")
	if code == 0 || !strings.Contains(errOut, "missing_field") || !strings.Contains(errOut, "subject") {
		t.Fatalf("send without a subject: %d %s", code, errOut)
	}
	if code, _, errOut = ncbnet(fra, "publish-key", "--bureau", "DEU", "--identity", ids); code == 0 {
		t.Fatalf("fra.officer published DEU's key: %s", errOut)
	}

	// keygen does not append a private key to a file others can read.
	open := filepath.Join(dir, "open.age")
	if err := os.WriteFile(open, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	var kout, kerr bytes.Buffer
	if code := run(context.Background(), []string{"msg", "keygen", "--out", open}, &kout, &kerr); code == 0 || !strings.Contains(kerr.String(), "chmod 600") {
		t.Fatalf("keygen into a world-readable file: %d %s", code, kerr.String())
	}
	if b, _ := os.ReadFile(open); len(b) != 0 {
		t.Fatalf("keygen wrote into a world-readable file: %q", b)
	}
}

// Files go along with --attach (their type told by their extension and
// checked by the node), are listed by msg read and saved by --save; a
// file whose content is not what its extension says is refused.
func TestMsgAttachments(t *testing.T) {
	url, login := demoNode(t, "")
	fra, deu := login("fra.officer"), login("deu.officer")
	dir := t.TempDir()
	ncbnet := msgCLI(t, url)
	pdf := filepath.Join(dir, "warrant.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(dir, "photo.png")
	if err := os.WriteFile(fake, []byte("MZ\x90\x00 not a picture"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := ncbnet(fra, "send", "--to", "DEU", "--subject", "Fake", "--body", "b", "--handling", "H0", "--attach", fake); code == 0 || !strings.Contains(errOut, "unsupported_media_type") {
		t.Fatalf("a disguised file was sent: %d %s", code, errOut)
	}
	code, out, errOut := ncbnet(fra, "send", "--to", "DEU", "--subject", "Warrant", "--body", "Attached.", "--handling", "H1", "--attach", pdf, "--json")
	if code != 0 {
		t.Fatalf("send: %d %s", code, errOut)
	}
	var m client.Message
	if err := json.Unmarshal([]byte(out), &m); err != nil || len(m.Attachments) != 1 || m.Attachments[0].Name != "warrant.pdf" {
		t.Fatalf("sent %s (%v)", out, err)
	}
	saveDir := filepath.Join(dir, "in")
	if err := os.Mkdir(saveDir, 0o700); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = ncbnet(deu, "read", m.ID, "--save", saveDir)
	if code != 0 || !strings.Contains(out, "attached:  warrant.pdf (application/pdf") || !strings.Contains(out, "saved ") {
		t.Fatalf("read --save: %d\n%s\n%s", code, out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(saveDir, "warrant.pdf"))
	want, _ := os.ReadFile(pdf)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("saved file differs: %v", err)
	}
	// Saving again does not overwrite what is there.
	if code, _, _ := ncbnet(deu, "read", m.ID, "--save", saveDir); code == 0 {
		t.Fatal("read --save overwrote an existing file")
	}
}
