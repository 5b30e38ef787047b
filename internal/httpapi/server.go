package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/messaging"
	"github.com/ncbnet/ncbnet/internal/metrics"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening"
	"github.com/ncbnet/ncbnet/internal/search"
)

// Config holds the services the API serves and its limits.
type Config struct {
	Members *member.Service
	Auth    *auth.Authenticator
	Audit   *audit.Log
	Records *records.Service
	Search  *search.Service
	Hits    *hits.Service
	// Screening runs checks and the confirmation of their hits.
	Screening *screening.Service
	// Messaging carries messages between bureaus.
	Messaging *messaging.Service
	Metrics   *metrics.Registry
	Clock     clock.Clock
	Logger    *slog.Logger
	Version   string
	// Ping reports whether the store answers (for /healthz).
	Ping func(ctx context.Context) error
	// MaxBodyBytes caps request bodies (default 1 MiB).
	MaxBodyBytes int64
	// RequestTimeout bounds the work of one request (default 30 s).
	RequestTimeout time.Duration
	// MaxStreamBytes and StreamTimeout bound streamed bodies (bulk imports;
	// defaults: 4 GiB, 2 h).
	MaxStreamBytes int64
	StreamTimeout  time.Duration
	// StreamHeartbeat is how often an open event stream sends a heartbeat
	// and re-checks the token that opened it (default 15 s).
	StreamHeartbeat time.Duration
}

// Server serves the API.
type Server struct {
	cfg      Config
	logger   *slog.Logger
	clock    clock.Clock
	mux      *http.ServeMux
	routes   []route
	requests *metrics.CounterVec
	latency  *metrics.HistogramVec
}

// New builds the API's handler from its route table.
func New(cfg Config) *Server {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.MaxStreamBytes == 0 {
		cfg.MaxStreamBytes = 4 << 30
	}
	if cfg.StreamTimeout == 0 {
		cfg.StreamTimeout = 2 * time.Hour
	}
	if cfg.StreamHeartbeat == 0 {
		cfg.StreamHeartbeat = 15 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, logger: cfg.Logger, clock: cfg.Clock, mux: http.NewServeMux()}
	s.requests = cfg.Metrics.NewCounter("ncbnet_http_requests_total", "HTTP requests answered, by method, route and status.", "method", "route", "code")
	s.latency = cfg.Metrics.NewHistogram("ncbnet_http_request_duration_seconds", "Time to answer HTTP requests, by route.", metrics.LatencyBuckets, "route")
	s.routes = s.table()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	s.mux.Handle("/", s.wrap(route{pattern: "/", handle: s.unrouted}))
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// unrouted answers a request no route serves: 405 with the allowed methods
// when the path exists, 404 otherwise.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" && !slices.Contains(allowed, m) {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeError(w, r, fault.New(fault.MethodNotAllowed, "%s is not allowed here; use %s", r.Method, strings.Join(allowed, ", ")))
		return
	}
	s.notFound(w, r)
}

// route is one entry of the route table: how to serve it and how to describe
// it in the OpenAPI document.
type route struct {
	method, pattern string
	auth            bool
	handle          http.HandlerFunc
	doc             routeDoc
}

func (s *Server) table() []route {
	return []route{
		{"POST", "/api/v1/sessions", false, s.json(s.login), docLogin},
		{"DELETE", "/api/v1/sessions/current", true, s.json(s.logout), docLogout},
		{"GET", "/api/v1/me", true, s.json(s.me), docMe},

		{"GET", "/api/v1/members", true, s.json(s.listMembers), docListMembers},
		{"GET", "/api/v1/members/{iso3}", true, s.json(s.getMember), docGetMember},
		{"GET", "/api/v1/members/{iso3}/keys", true, s.json(s.memberKeys), docMemberKeys},
		{"POST", "/api/v1/members/{iso3}/keys/encryption", true, s.json(s.publishKey), docPublishKey},
		{"POST", "/api/v1/members/{iso3}/keys/signing", true, s.json(s.rotateSigningKey), docRotateSigningKey},

		{"GET", "/api/v1/units", true, s.json(s.listUnits), docListUnits},
		{"POST", "/api/v1/units", true, s.json(s.createUnit), docCreateUnit},
		{"GET", "/api/v1/units/{id}", true, s.json(s.getUnit), docGetUnit},
		{"POST", "/api/v1/units/{id}/disable", true, s.json(s.disableUnit), docDisableUnit},

		{"GET", "/api/v1/users", true, s.json(s.listUsers), docListUsers},
		{"POST", "/api/v1/users", true, s.json(s.createUser), docCreateUser},
		{"GET", "/api/v1/users/{id}", true, s.json(s.getUser), docGetUser},
		{"POST", "/api/v1/users/{id}/disable", true, s.json(s.disableUser), docDisableUser},

		{"GET", "/api/v1/tokens", true, s.json(s.listTokens), docListTokens},
		{"POST", "/api/v1/tokens", true, s.json(s.createToken), docCreateToken},
		{"DELETE", "/api/v1/tokens/{id}", true, s.json(s.revokeToken), docRevokeToken},

		{"GET", "/api/v1/databases", true, s.json(s.listDatabases), docListDatabases},
		{"GET", "/api/v1/databases/{db}", true, s.json(s.getDatabase), docGetDatabase},
		{"GET", "/api/v1/databases/{db}/records", true, s.json(s.listRecords), docListRecords},
		{"POST", "/api/v1/databases/{db}/records", true, s.json(s.createRecord), docCreateRecord},
		{"POST", "/api/v1/databases/{db}/imports", true, s.json(s.importRecords), docImport},
		{"GET", "/api/v1/records/{id}", true, s.json(s.getRecord), docGetRecord},
		{"PATCH", "/api/v1/records/{id}", true, s.json(s.updateRecord), docUpdateRecord},
		{"DELETE", "/api/v1/records/{id}", true, s.json(s.deleteRecord), docDeleteRecord},
		{"GET", "/api/v1/records/{id}/versions", true, s.json(s.recordVersions), docRecordVersions},

		{"GET", "/api/v1/purposes", true, s.json(s.listPurposes), docListPurposes},
		{"POST", "/api/v1/search", true, s.json(s.search), docSearch},
		{"GET", "/api/v1/hits", true, s.json(s.listHits), docListHits},
		{"GET", "/api/v1/hits/stream", true, s.streamHits, docStreamHits},
		{"POST", "/api/v1/hits/{id}/confirmation", true, s.json(s.confirmHit), docConfirmHit},

		{"POST", "/api/v1/checks", true, s.json(s.check), docCheck},
		{"POST", "/api/v1/manifests", true, s.json(s.screenManifest), docManifest},
		{"GET", "/api/v1/checks/hits", true, s.json(s.listCheckedHits), docListCheckedHits},
		{"GET", "/api/v1/checks/hits/stream", true, s.streamCheckedHits, docStreamCheckedHits},
		{"POST", "/api/v1/mrz/parse", true, s.json(s.parseMRZ), docParseMRZ},
		{"GET", "/api/v1/edge/snapshot", true, s.edgeSnapshot, docEdgeSnapshot},
		{"GET", "/api/v1/edge/delta", true, s.edgeDelta, docEdgeDelta},
		{"POST", "/api/v1/edge/hits", true, s.json(s.edgeHits), docEdgeHits},

		{"POST", "/api/v1/messages", true, s.jsonWith(s.sendMessage), docSendMessage},
		{"GET", "/api/v1/messages/{id}", true, s.json(s.getMessage), docGetMessage},
		{"POST", "/api/v1/messages/{id}/read", true, s.json(s.readMessage), docReadMessage},
		{"POST", "/api/v1/messages/{id}/ack", true, s.json(s.ackMessage), docAckMessage},
		{"POST", "/api/v1/attachments", true, s.json(s.uploadAttachment), docUploadAttachment},
		{"GET", "/api/v1/messages/{id}/attachments/{sha256}", true, s.attachment, docGetAttachment},
		{"GET", "/api/v1/inbox", true, s.json(s.inbox), docInbox},
		{"GET", "/api/v1/inbox/stream", true, s.streamInbox, docStreamInbox},

		{"GET", "/api/v1/audit/checkpoint", true, s.auditCheckpoint, docAuditCheckpoint},
		{"GET", "/api/v1/audit/key", true, s.auditKey, docAuditKey},
		{"GET", "/api/v1/audit/entries", true, s.json(s.auditEntries), docAuditEntries},
		{"GET", "/api/v1/audit/entries/{seq}", true, s.json(s.auditEntry), docAuditEntry},
		{"GET", "/api/v1/audit/proofs/inclusion", true, s.json(s.auditInclusion), docAuditInclusion},
		{"GET", "/api/v1/audit/proofs/consistency", true, s.json(s.auditConsistency), docAuditConsistency},

		{"GET", "/api/v1/openapi.json", false, s.openAPI, docOpenAPI},
		{"GET", "/healthz", false, s.json(s.healthz), docHealthz},
		{"GET", "/metrics", false, s.metrics, docMetrics},
	}
}

func (s *Server) healthz(r *http.Request) (int, any, error) {
	if err := s.cfg.Ping(r.Context()); err != nil {
		return 0, nil, fault.Wrap(fault.Unavailable, err, "the store does not answer")
	}
	return http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version}, nil
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.cfg.Metrics.Write(w)
}

// me describes the caller.
type meBody struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`
	Country  string          `json:"country,omitempty"`
	UnitID   string          `json:"unit_id"`
	UnitKind access.UnitKind `json:"unit_kind"`
	Roles    []access.Role   `json:"roles"`
	Scopes   []access.Scope  `json:"scopes,omitempty"`
	// Databases are those granted to the caller's unit (empty for NCBs and the
	// Secretariat, which have all).
	Databases []string `json:"databases,omitempty"`
}

func (s *Server) me(r *http.Request) (int, any, error) {
	p := principalFrom(r.Context())
	kind := "user"
	if p.Token {
		kind = "token"
	}
	return http.StatusOK, meBody{ID: p.ID, Name: p.Name, Kind: kind, Country: p.Country, UnitID: p.UnitID,
		UnitKind: p.UnitKind, Roles: p.Roles, Scopes: p.Scopes, Databases: p.Databases}, nil
}
