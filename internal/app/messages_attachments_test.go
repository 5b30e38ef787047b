package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/messaging"
)

// A minimal PDF and PNG, as their readers (and content sniffing) know them.
var (
	pdfFile = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	pngFile = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
)

// Attachments are type-checked, size-limited, stored once by their hash,
// carried under the sender's signature and downloaded only by the parties
// to a message; an encrypted message takes only encrypted files.
func TestMessageAttachments(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu, usa := e.as("fra.officer"), e.as("deu.officer"), e.as("usa.officer")
		a := must[client.MessageAttachment](t)(fra.UploadAttachment(ctx, "application/pdf", pdfFile))
		if a.Size != int64(len(pdfFile)) || a.MediaType != "application/pdf" || len(a.SHA256) != 64 {
			t.Fatalf("uploaded: %+v", a)
		}
		// The same file again, and from another bureau: stored once.
		again := must[client.MessageAttachment](t)(fra.UploadAttachment(ctx, "application/pdf", pdfFile))
		must[client.MessageAttachment](t)(usa.UploadAttachment(ctx, "application/pdf", pdfFile))
		if again.SHA256 != a.SHA256 || e.count(`SELECT count(*) FROM attachments`) != 1 || e.count(`SELECT count(*) FROM attachment_holders`) != 2 {
			t.Fatalf("the same file stored %d times, %d holders", e.count(`SELECT count(*) FROM attachments`), e.count(`SELECT count(*) FROM attachment_holders`))
		}
		m := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "Warrant", Body: "Attached.", HandlingCode: messaging.H1,
			Attachments: []client.MessageAttachment{{SHA256: a.SHA256, Name: "warrant 2026-41.pdf"}}}))
		if len(m.Attachments) != 1 || m.Attachments[0].Name != "warrant 2026-41.pdf" || m.Attachments[0].Size != a.Size {
			t.Fatalf("sent attachments: %+v", m.Attachments)
		}
		got := must[client.Message](t)(deu.Message(ctx, m.ID))
		if err := deu.VerifyMessage(ctx, got); err != nil {
			t.Fatalf("a message with an attachment: %v", err)
		}
		if b := must[[]byte](t)(deu.AttachmentContent(ctx, m.ID, a.SHA256)); !bytes.Equal(b, pdfFile) {
			t.Fatal("DEU downloads other bytes")
		}
		status, _, _ := deu.Raw(ctx, "GET", "/api/v1/messages/"+m.ID+"/attachments/"+a.SHA256, "", nil)
		if status != 200 {
			t.Fatalf("download: %d", status)
		}
		// Not to a non-party, and not a file the message does not carry,
		// even one the reader's bureau uploaded itself.
		_, err := usa.AttachmentContent(ctx, m.ID, a.SHA256)
		wantCode(t, err, 404, "not_found")
		png := must[client.MessageAttachment](t)(deu.UploadAttachment(ctx, "image/png", pngFile))
		_, err = deu.AttachmentContent(ctx, m.ID, png.SHA256)
		wantCode(t, err, 404, "not_found")
		// Renaming an attachment breaks the signature.
		if _, err := e.node.DB.Exec(ctx, `UPDATE messages SET attachments = replace(attachments, 'warrant', 'receipt') WHERE id = ?`, m.ID); err != nil {
			t.Fatal(err)
		}
		if must[client.Message](t)(deu.Message(ctx, m.ID)).Signature.Verified {
			t.Fatal("a message whose attachment was renamed still verifies")
		}

		before := messageCounts(e)
		files := e.count(`SELECT count(*) FROM attachments`)
		for _, c := range []struct {
			name, ctype string
			content     []byte
			status      int
			code        string
		}{
			{"an executable", "application/pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...), 415, "unsupported_media_type"},
			{"a PDF declared as a PNG", "image/png", pdfFile, 415, "unsupported_media_type"},
			{"a type not taken", "application/zip", []byte("PK\x03\x04rest"), 415, "unsupported_media_type"},
			{"no type", "", pdfFile, 415, "unsupported_media_type"},
			{"an empty file", "text/plain", nil, 422, "missing_field"},
			{"binary declared as text", "text/plain", []byte{0xff, 0xfe, 0x00, 0x01, 0x02}, 415, "unsupported_media_type"},
			{"over the limit", "text/plain", bytes.Repeat([]byte("a"), messaging.MaxAttachment+1), 413, "body_too_large"},
		} {
			status, body, err := fra.Raw(ctx, "POST", "/api/v1/attachments", c.ctype, c.content)
			if err != nil || status != c.status || !strings.Contains(string(body), `"code":"`+c.code+`"`) {
				t.Errorf("%s: %d %s %v, want %d %s", c.name, status, body, err, c.status, c.code)
			}
		}
		_, err = e.anon().UploadAttachment(ctx, "application/pdf", pdfFile)
		wantCode(t, err, 401, "unauthenticated")
		_, err = e.as("fra.border-officer").UploadAttachment(ctx, "application/pdf", pdfFile)
		wantCode(t, err, 403, "unit_kind_not_permitted")

		// Attaching what the bureau never uploaded (DEU's PNG, or no file
		// at all) is refused.
		for _, bad := range []client.MessageAttachment{{SHA256: png.SHA256, Name: "x.png"}, {SHA256: strings.Repeat("ab", 32), Name: "x"}} {
			_, err = fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "b", HandlingCode: messaging.H0, Attachments: []client.MessageAttachment{bad}})
			wantCode(t, err, 422, "invalid_field")
		}
		for _, bad := range []client.MessageAttachment{{SHA256: "ABC", Name: "x"}, {SHA256: a.SHA256, Name: "../../etc/passwd"}, {SHA256: a.SHA256}} {
			_, err = fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "b", HandlingCode: messaging.H0, Attachments: []client.MessageAttachment{bad}})
			if err == nil || client.ErrorCode(err) == "" {
				t.Fatalf("attachment %+v accepted", bad)
			}
		}
		// An encrypted message carries only encrypted files.
		deuKey := newIdentity(t)
		must[client.PartyKeys](t)(e.as("deu.supervisor").PublishEncryptionKey(ctx, "DEU", deuKey.Recipient().String()))
		_, err = fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "b", HandlingCode: messaging.H0, Encrypt: true,
			Attachments: []client.MessageAttachment{{SHA256: a.SHA256, Name: "warrant.pdf"}}})
		wantCode(t, err, 422, "invalid_field")
		if after := messageCounts(e); after.messages != before.messages || after.recipients != before.recipients {
			t.Fatalf("refused messages changed the store: %v → %v", before, after)
		}
		if n := e.count(`SELECT count(*) FROM attachments`); n != files {
			t.Fatalf("refused uploads stored files: %d → %d", files, n)
		}
		var sealed bytes.Buffer
		w, err := age.Encrypt(&sealed, deuKey.Recipient())
		if err != nil {
			t.Fatal(err)
		}
		w.Write(pdfFile)
		w.Close()
		enc := must[client.MessageAttachment](t)(fra.UploadAttachment(ctx, messaging.AgeMediaType, sealed.Bytes()))
		sent := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "b", HandlingCode: messaging.H0, Encrypt: true,
			Attachments: []client.MessageAttachment{{SHA256: enc.SHA256, Name: "warrant.pdf.age"}}}))
		r, err := age.Decrypt(bytes.NewReader(must[[]byte](t)(deu.AttachmentContent(ctx, sent.ID, enc.SHA256))), deuKey)
		if err != nil {
			t.Fatal(err)
		}
		var plain bytes.Buffer
		plain.ReadFrom(r)
		if !bytes.Equal(plain.Bytes(), pdfFile) {
			t.Fatal("the encrypted attachment does not open to the file")
		}
	})
}
