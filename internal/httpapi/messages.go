package httpapi

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/messaging"
)

// idempotencyHeader carries the idempotency key of a message, as the
// "key" field does.
const idempotencyHeader = "Idempotency-Key"

// jsonWith is json for a handler that also sets response headers.
func (s *Server) jsonWith(h func(http.ResponseWriter, *http.Request) (int, any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.json(func(r *http.Request) (int, any, error) { return h(w, r) })(w, r)
	}
}

// sendMessage answers 201 with the message, also when a retry with the
// same idempotency key finds the message the first attempt sent (then
// with Idempotent-Replayed: true).
func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var n messaging.NewMessage
	if err := decodeJSON(r, &n); err != nil {
		return 0, nil, err
	}
	if h := r.Header.Get(idempotencyHeader); h != "" {
		if n.Key != "" && n.Key != h {
			return 0, nil, fault.Field(fault.BadParameter, "key", "the key field and the %s header differ", idempotencyHeader)
		}
		n.Key = h
	}
	m, replayed, err := s.cfg.Messaging.Send(r.Context(), principalFrom(r.Context()), n)
	if err != nil {
		return 0, nil, err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	return http.StatusCreated, m, nil
}

func (s *Server) getMessage(r *http.Request) (int, any, error) {
	m, err := s.cfg.Messaging.Get(r.Context(), principalFrom(r.Context()), r.PathValue("id"))
	return answer(http.StatusOK, m, err)
}

func (s *Server) readMessage(r *http.Request) (int, any, error) {
	m, err := s.cfg.Messaging.MarkRead(r.Context(), principalFrom(r.Context()), r.PathValue("id"))
	return answer(http.StatusOK, m, err)
}

func (s *Server) ackMessage(r *http.Request) (int, any, error) {
	m, err := s.cfg.Messaging.Acknowledge(r.Context(), principalFrom(r.Context()), r.PathValue("id"))
	return answer(http.StatusOK, m, err)
}

func (s *Server) inbox(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := messaging.Filter{State: q.Get("state"), Priority: q.Get("priority"), Thread: q.Get("thread")}
	switch q.Get("escalated") {
	case "", "false":
	case "true":
		f.Escalated = true
	default:
		return 0, nil, fault.Field(fault.BadParameter, "escalated", "escalated is true or false")
	}
	switch q.Get("box") {
	case "", "received":
	case "sent":
		f.Sent = true
	default:
		return 0, nil, fault.Field(fault.BadParameter, "box", "box is received (the default) or sent")
	}
	return listed(r, func(m messaging.Summary) string { return m.ID }, func(p member.Page) ([]messaging.Summary, error) {
		return s.cfg.Messaging.Inbox(r.Context(), principalFrom(r.Context()), f, p.After, p.Limit)
	})
}

// streamInbox pushes the caller's new messages (event: message), the
// receipts of what it sent (event: receipt) and escalations (event:
// escalation) as server-sent events until the client goes away. A client
// that reconnects with Last-Event-ID (the cursor of the last message the
// stream sent) first gets the messages delivered since (messaging.Follow).
func (s *Server) streamInbox(w http.ResponseWriter, r *http.Request) {
	ch, cancel, err := s.cfg.Messaging.Follow(r.Context(), principalFrom(r.Context()), r.Header.Get("Last-Event-ID"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	s.stream(w, r, ": your messages and the receipts of what you sent, as they happen\n\n", func(yield func(id, event string, data []byte) bool) {
		for e := range ch {
			b, err := json.Marshal(e)
			if err != nil || !yield(e.Cursor, e.Kind, b) {
				return
			}
		}
	})
}

func (s *Server) memberKeys(r *http.Request) (int, any, error) {
	k, err := s.cfg.Messaging.Keys(r.Context(), principalFrom(r.Context()), r.PathValue("iso3"))
	return answer(http.StatusOK, k, err)
}

func (s *Server) publishKey(r *http.Request) (int, any, error) {
	var q struct {
		PublicKey string `json:"public_key"`
	}
	if err := decodeJSON(r, &q); err != nil {
		return 0, nil, err
	}
	if q.PublicKey == "" {
		return 0, nil, fault.Field(fault.MissingField, "public_key", "public_key is the bureau's new age X25519 recipient (age1…)")
	}
	k, err := s.cfg.Messaging.PublishKey(r.Context(), principalFrom(r.Context()), r.PathValue("iso3"), q.PublicKey)
	return answer(http.StatusCreated, k, err)
}

func (s *Server) rotateSigningKey(r *http.Request) (int, any, error) {
	k, err := s.cfg.Messaging.RotateSigningKey(r.Context(), principalFrom(r.Context()), r.PathValue("iso3"))
	return answer(http.StatusCreated, k, err)
}

// uploadAttachment takes a file as the raw body, its type in Content-Type.
func (s *Server) uploadAttachment(r *http.Request) (int, any, error) {
	content, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return 0, nil, fault.New(fault.BodyTooLarge, "an attachment is at most %d bytes", messaging.MaxAttachment)
		}
		return 0, nil, fault.Wrap(fault.BadParameter, err, "the file could not be read")
	}
	a, err := s.cfg.Messaging.Upload(r.Context(), principalFrom(r.Context()), r.Header.Get("Content-Type"), content)
	return answer(http.StatusCreated, a, err)
}

// attachment sends a file a message carries, as a download never shown
// inline.
func (s *Server) attachment(w http.ResponseWriter, r *http.Request) {
	a, content, err := s.cfg.Messaging.AttachmentContent(r.Context(), principalFrom(r.Context()), r.PathValue("id"), r.PathValue("sha256"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.MediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("Content-Security-Policy", "sandbox")
	if sum, err := hex.DecodeString(a.SHA256); err == nil {
		w.Header().Set("Content-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(content)
}
