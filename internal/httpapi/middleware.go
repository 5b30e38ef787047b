package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyPrincipal
)

func requestID(ctx context.Context) string {
	s, _ := ctx.Value(keyRequestID).(string)
	return s
}

func principalFrom(ctx context.Context) access.Principal {
	p, ok := ctx.Value(keyPrincipal).(access.Principal)
	if !ok {
		panic("BUG: httpapi: handler of an authenticated route ran without a principal")
	}
	return p
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wrap puts every request of route rt through the same chain: request ID,
// security headers, panic recovery, metrics and logging, a deadline, the body
// size limit and, for authenticated routes, the bearer token check.
func (s *Server) wrap(rt route) http.Handler {
	h := rt.handle
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := newRequestID()
		ctx := context.WithValue(r.Context(), keyRequestID, rid)
		timeout, maxBody := s.cfg.RequestTimeout, s.cfg.MaxBodyBytes
		if rt.doc.stream {
			timeout, maxBody = s.cfg.StreamTimeout, s.cfg.MaxStreamBytes
		}
		if rt.doc.maxBody > 0 {
			maxBody = rt.doc.maxBody
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		hd := sw.Header()
		hd["X-Request-Id"] = []string{rid}
		for k, v := range alwaysHeaders {
			hd[k] = v
		}
		defer func() {
			if v := recover(); v != nil {
				s.logger.ErrorContext(ctx, "panic in handler", "request_id", rid, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.writeError(sw, r, fmt.Errorf("panic: %v", v))
				}
			}
			d := time.Since(start)
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s.requests.Inc(r.Method, rt.pattern, strconv.Itoa(status))
			s.latency.Observe(d.Seconds(), rt.pattern)
			s.logger.LogAttrs(ctx, slog.LevelInfo, "request", logAttrs(r, status, d)...)
		}()
		if rt.doc.stream {
			// The server's own read and write deadlines suit small requests;
			// a bulk import gets its own.
			rc := http.NewResponseController(sw)
			_ = rc.SetReadDeadline(time.Now().Add(timeout))
			_ = rc.SetWriteDeadline(time.Now().Add(timeout))
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(sw, r.Body, maxBody)
		}
		if rt.auth {
			p, err := s.cfg.Auth.Authenticate(ctx, bearerToken(r))
			if err != nil {
				s.writeError(sw, r, err)
				return
			}
			r = r.WithContext(context.WithValue(ctx, keyPrincipal, p))
		}
		h(sw, r)
	})
}

// alwaysHeaders are set on every answer. Their values are shared, never
// changed: net/http only reads them, and a handler that adds a value to
// one appends to a slice of capacity 1, which copies it.
var alwaysHeaders = http.Header{
	"X-Content-Type-Options": {"nosniff"},
	"Cache-Control":          {"no-store"},
	"Referrer-Policy":        {"no-referrer"},
}

// bearerToken returns the token of an "Authorization: Bearer <token>" header.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// notFound answers paths and methods no route serves, in the API's error shape.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, fault.New(fault.NotFound, "no route %s %s", r.Method, r.URL.Path))
}
