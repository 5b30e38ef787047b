package messaging

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"filippo.io/age/armor"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/messaging/wire"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Attachment limits.
const (
	MaxAttachment     = 8 << 20 // bytes of one file
	MaxAttachments    = 10      // files a message
	maxAttachmentName = 200     // characters
	AgeMediaType      = "application/vnd.age"
)

// mediaTypes are the kinds of file messages carry, each with how its
// content must look: what is declared must be what it is (an executable
// renamed report.pdf is refused).
var mediaTypes = map[string]func(content []byte, sniffed string) bool{
	"application/pdf": func(_ []byte, sniffed string) bool { return sniffed == "application/pdf" },
	"image/jpeg":      func(_ []byte, sniffed string) bool { return sniffed == "image/jpeg" },
	"image/png":       func(_ []byte, sniffed string) bool { return sniffed == "image/png" },
	"text/plain":      plainText,
	"text/csv":        plainText,
	AgeMediaType:      func(b []byte, _ string) bool { return isAge(b) },
}

func plainText(b []byte, sniffed string) bool {
	return strings.HasPrefix(sniffed, "text/plain") && utf8.Valid(b)
}

// isAge reports whether b is an age file, binary or armored (valid armor
// around one): its header line, at least one recipient stanza, and the
// header's MAC line before any payload. It is what an encrypted message's
// attachments must be.
func isAge(b []byte) bool {
	if bytes.HasPrefix(b, []byte(armor.Header)) {
		if !wire.ArmoredAge(string(b)) {
			return false
		}
		decoded, err := io.ReadAll(armor.NewReader(bytes.NewReader(b)))
		if err != nil {
			return false
		}
		b = decoded
	}
	rest, ok := bytes.CutPrefix(b, []byte("age-encryption.org/v1\n"))
	if !ok {
		return false
	}
	stanzas := 0
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if !found {
			return false
		}
		switch {
		case bytes.HasPrefix(line, []byte("-> ")):
			stanzas++
		case bytes.HasPrefix(line, []byte("--- ")):
			mac := line[len("--- "):]
			_, err := base64.RawStdEncoding.DecodeString(string(mac))
			return stanzas > 0 && len(mac) == 43 && err == nil
		case len(line) > 64:
			return false // a stanza's body lines are at most 64 columns
		}
		rest = after
	}
	return false
}

// Upload stores a file p's bureau may then attach to messages. A file
// already stored (by anyone) is not stored again; the answer is the same.
func (s *Service) Upload(ctx context.Context, p access.Principal, declared string, content []byte) (Attachment, error) {
	if err := s.audit.Authorize(ctx, p, access.MessageSend, access.Resource{Country: p.Country}, ""); err != nil {
		return Attachment{}, err
	}
	mediaType := strings.ToLower(strings.TrimSpace(strings.SplitN(declared, ";", 2)[0]))
	fits, known := mediaTypes[mediaType]
	if !known {
		return Attachment{}, fault.New(fault.UnsupportedMedia, "attachments are PDF, JPEG, PNG, plain text, CSV or age-encrypted (%s); declare the Content-Type", AgeMediaType)
	}
	if len(content) == 0 {
		return Attachment{}, fault.New(fault.MissingField, "the file is empty")
	}
	if len(content) > MaxAttachment {
		return Attachment{}, fault.New(fault.BodyTooLarge, "an attachment is at most %d bytes", MaxAttachment)
	}
	if sniffed := http.DetectContentType(content); !fits(content, sniffed) {
		return Attachment{}, fault.New(fault.UnsupportedMedia, "the content is not %s (it looks like %s)", mediaType, sniffed)
	}
	sum := sha256.Sum256(content)
	a := Attachment{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)), MediaType: mediaType}
	now := store.Micros(s.clock.Now())
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO attachments (sha256, size, content, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			a.SHA256, a.Size, content, now); err != nil {
			return fmt.Errorf("store attachment: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO attachment_holders (sha256, party, media_type, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256, party) DO UPDATE SET media_type = excluded.media_type, uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by`,
			a.SHA256, partyOf(p), a.MediaType, now, p.ID); err != nil {
			return fmt.Errorf("store attachment: %w", err)
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{Actor: audit.ActorOf(p), Action: "attachment.upload", Outcome: audit.OutcomeSuccess,
			Resources: []string{a.SHA256}, Details: map[string]string{"media_type": a.MediaType, "size": strconv.FormatInt(a.Size, 10)}})
	})
	if err != nil {
		return Attachment{}, err
	}
	return a, nil
}

// attachments checks the files a message names: uploaded by the sender's
// bureau, named sensibly, encrypted if the message is; it returns them
// with their size and type.
func (s *Service) attachments(ctx context.Context, party string, n NewMessage) ([]Attachment, error) {
	if len(n.Attachments) > MaxAttachments {
		return nil, fault.Field(fault.InvalidField, "attachments", "at most %d attachments", MaxAttachments)
	}
	out := make([]Attachment, 0, len(n.Attachments))
	for i, a := range n.Attachments {
		field := fmt.Sprintf("attachments[%d]", i)
		if _, err := hex.DecodeString(a.SHA256); err != nil || len(a.SHA256) != 64 || strings.ToLower(a.SHA256) != a.SHA256 {
			return nil, fault.Field(fault.InvalidField, field+".sha256", "sha256 is the 64 lower-case hex digits the upload answered")
		}
		name := strings.TrimSpace(a.Name)
		if name == "" {
			return nil, fault.Field(fault.MissingField, field+".name", "name the file")
		}
		if err := checkText(field+".name", name, maxAttachmentName, false); err != nil {
			return nil, err
		}
		if strings.ContainsAny(name, `/\`) {
			return nil, fault.Field(fault.InvalidField, field+".name", "a file name has no folder in it")
		}
		var stored Attachment
		err := s.db.QueryRow(ctx, `SELECT a.size, h.media_type FROM attachments a JOIN attachment_holders h ON h.sha256 = a.sha256 WHERE a.sha256 = ? AND h.party = ?`,
			a.SHA256, party).Scan(&stored.Size, &stored.MediaType)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fault.Field(fault.InvalidField, field+".sha256", "your bureau has uploaded no file %s: upload it first", a.SHA256)
		}
		if err != nil {
			return nil, fmt.Errorf("load attachment %s: %w", a.SHA256, err)
		}
		if n.Encrypt && stored.MediaType != AgeMediaType {
			return nil, fault.Field(fault.InvalidField, field+".sha256", "an encrypted message's attachments are encrypted too: upload them age-encrypted (%s)", AgeMediaType)
		}
		stored.SHA256, stored.Name = a.SHA256, name
		out = append(out, stored)
	}
	return out, nil
}

// AttachmentContent returns a file a message p is a party to carries, and
// its name and type; reading it is audited.
func (s *Service) AttachmentContent(ctx context.Context, p access.Principal, messageID, sha string) (Attachment, []byte, error) {
	if err := s.audit.Authorize(ctx, p, access.MessageRead, access.Resource{Country: p.Country}, ""); err != nil {
		return Attachment{}, nil, err
	}
	m, err := s.visible(ctx, p, messageID)
	if err != nil {
		return Attachment{}, nil, err
	}
	var a Attachment
	for _, c := range m.Attachments {
		if c.SHA256 == sha {
			a = c
		}
	}
	if a.SHA256 == "" {
		return Attachment{}, nil, fault.New(fault.NotFound, "message %s carries no attachment %s", messageID, sha)
	}
	var content []byte
	if err := s.db.QueryRow(ctx, `SELECT content FROM attachments WHERE sha256 = ?`, sha).Scan(&content); err != nil {
		return Attachment{}, nil, fmt.Errorf("load attachment %s: %w", sha, err)
	}
	if sum := sha256.Sum256(content); hex.EncodeToString(sum[:]) != sha {
		return Attachment{}, nil, fault.New(fault.Internal, "attachment %s no longer matches its hash", sha)
	}
	e := readEntry(p, m)
	e.Resources = append(e.Resources, sha)
	e.Details["attachment"] = a.Name
	if err := s.audit.Record(ctx, e); err != nil {
		return Attachment{}, nil, err
	}
	return a, content, nil
}
