package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// errorBody is the one shape of every error answer (ARCHITECTURE.md rule 3).
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    fault.Code `json:"code"`
	Message string     `json:"message"`
	Field   string     `json:"field,omitempty"`
}

// lockedError is an error that knows until when to wait (an account lock).
type lockedError interface {
	error
	Fault() *fault.Error
	LockedUntil() time.Time
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError is the one error writer. Errors without a code are internal: the
// caller sees a generic message and the request ID, the log gets the cause.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var fe *fault.Error
	var le lockedError
	switch {
	case errors.As(err, &le):
		fe = le.Fault()
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(le.LockedUntil().Sub(s.clock.Now()).Seconds()))))
	case errors.As(err, &fe):
	case errors.Is(err, context.DeadlineExceeded):
		fe = fault.New(fault.Timeout, "the request took too long")
	default:
		fe = fault.New(fault.Internal, "internal error (request %s)", requestID(r.Context()))
	}
	if fe.Code.Status() >= 500 {
		s.logger.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeFault(w, fe)
}

// writeFault writes a coded error in the one shape.
func writeFault(w http.ResponseWriter, fe *fault.Error) {
	if fe.Code.Status() == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ncbnet"`)
	}
	writeJSON(w, fe.Code.Status(), errorBody{Error: errorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field}})
}

// WriteError answers err in the one error shape from a handler beside the
// API's server (an edge node's local API). An error without a code is
// internal: the caller sees a generic message, logger gets the cause.
func WriteError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var fe *fault.Error
	if !errors.As(err, &fe) {
		logger.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		fe = fault.New(fault.Internal, "internal error")
	}
	writeFault(w, fe)
}

// DecodeJSON reads a request body as the API does (decodeJSON), for
// handlers beside the API's server.
func DecodeJSON(r *http.Request, v any) error { return decodeJSON(r, v) }

// decodeJSON reads exactly one JSON object into v. It refuses a body that is
// not JSON, too large, has unknown fields, a value of the wrong type, or
// anything after the object, each with its own code.
func decodeJSON(r *http.Request, v any) error {
	if err := jsonContent(r); err != nil {
		return err
	}
	return decodeJSONFrom(r.Body, v)
}

// decodeJSONFast reads a body as decodeJSON does, trying fast first: a
// reader without reflection of the body's common shape (which gives up on
// anything else, and is tested to read what it takes as encoding/json
// does). What it gives up on, decodeJSON's reader reads and explains.
func decodeJSONFast(r *http.Request, v any, fast func(body []byte) bool) error {
	if err := jsonContent(r); err != nil {
		return err
	}
	buf := bodies.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 64<<10 {
			buf.Reset()
			bodies.Put(buf)
		}
	}()
	buf.Reset()
	if _, err := buf.ReadFrom(r.Body); err != nil {
		return decodeError(err)
	}
	if fast(buf.Bytes()) {
		return nil
	}
	return decodeJSONFrom(buf, v)
}

// bodies holds buffers for bodies read whole (small ones: larger ones are
// left to the collector).
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// jsonContent refuses a request that does not say its body is JSON.
func jsonContent(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return fault.New(fault.UnsupportedMedia, "send Content-Type: application/json")
	}
	if ct == "application/json" {
		return nil
	}
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return fault.New(fault.UnsupportedMedia, "send Content-Type: application/json, not %q", ct)
	}
	return nil
}

func decodeJSONFrom(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return fault.New(fault.MalformedJSON, "the body must hold exactly one JSON object")
	}
	return nil
}

func decodeError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		mbe *http.MaxBytesError
		fe  *fault.Error
	)
	switch {
	case errors.As(err, &fe):
		return fe // a type that reads itself (a manifest row) said what is wrong
	case errors.As(err, &mbe):
		return fault.New(fault.BodyTooLarge, "the body is larger than %d bytes", mbe.Limit)
	case errors.Is(err, io.EOF):
		return fault.New(fault.MalformedJSON, "the body is empty")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return fault.New(fault.MalformedJSON, "the body is not valid JSON")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fault.New(fault.WrongType, "the body must be a JSON object")
		}
		return fault.Field(fault.WrongType, typ.Field, "%s must be a JSON %s", typ.Field, jsonKind(typ.Type.Kind().String()))
	}
	// encoding/json reports unknown fields only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return fault.Field(fault.UnknownField, name, "unknown field %q", name)
	}
	var te *time.ParseError
	if errors.As(err, &te) {
		return fault.New(fault.WrongType, "times are RFC 3339 strings, e.g. 2026-01-02T15:04:05Z")
	}
	return fault.Wrap(fault.MalformedJSON, err, "the body could not be read as the expected JSON")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	case "bool":
		return "boolean"
	}
	return "number"
}

// logAttrs is used by the request logger; it never includes headers or bodies,
// which may carry tokens and passwords.
func logAttrs(r *http.Request, status int, d time.Duration) []slog.Attr {
	return []slog.Attr{
		slog.String("request_id", requestID(r.Context())),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Duration("duration", d),
	}
}
