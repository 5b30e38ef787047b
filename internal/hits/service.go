package hits

import (
	"context"
	"log/slog"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Authorizer enforces the access decision (and audits refusals) and records
// audit entries.
type Authorizer interface {
	Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error
	Append(ctx context.Context, entries ...audit.Entry) ([]audit.Entry, error)
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
}

// Service lets a bureau read the hits on its records and answer those of
// checks, and escalates the answers that come too late.
type Service struct {
	db       *store.DB
	auth     Authorizer
	disclose *Discloser
	broker   *Broker
	clock    clock.Clock
	logger   *slog.Logger
}

// NewService returns a Service over the hits that disclose stores.
func NewService(db *store.DB, auth Authorizer, disclose *Discloser, c clock.Clock, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: db, auth: auth, disclose: disclose, broker: disclose.Broker(), clock: c, logger: logger}
}

// Broker returns the service's broker, where new hits are published.
func (s *Service) Broker() *Broker { return s.broker }

func (s *Service) owner(ctx context.Context, p access.Principal, country string) (string, error) {
	if country == "" {
		country = p.Country
	}
	if len(country) != 3 {
		return "", fault.Field(fault.BadParameter, "country", "%q is not an ISO 3166-1 alpha-3 code", country)
	}
	if err := s.auth.Authorize(ctx, p, access.HitRead, access.Resource{Country: country}, ""); err != nil {
		return "", err
	}
	return country, nil
}

// audited records that p read (or opened a stream of) a bureau's hits: who
// searched its records is itself personal data.
func (s *Service) audited(ctx context.Context, p access.Principal, owner, how string) error {
	_, err := s.auth.Append(ctx, audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.HitRead), Outcome: audit.OutcomeSuccess,
		Subjects: []string{owner}, Details: map[string]string{"how": how},
	})
	return err
}

// List returns the hits on a bureau's records, newest first (country "" is
// the caller's own bureau). before is the ID of the last hit of the previous
// page.
func (s *Service) List(ctx context.Context, p access.Principal, country, before string, limit int) ([]Hit, error) {
	owner, err := s.owner(ctx, p, country)
	if err != nil {
		return nil, err
	}
	if err := s.audited(ctx, p, owner, "list"); err != nil {
		return nil, err
	}
	if err := s.disclose.Settle(ctx); err != nil {
		return nil, err
	}
	return List(ctx, s.db, owner, before, limit)
}

// Stream opens a live stream of the hits on a bureau's records; a client
// that reconnects with the ID of the last hit it received (lastID) first
// gets the hits stored after it.
func (s *Service) Stream(ctx context.Context, p access.Principal, country, lastID string) (<-chan Hit, func(), error) {
	owner, err := s.owner(ctx, p, country)
	if err != nil {
		return nil, nil, err
	}
	// What was disclosed before is stored, to be among what was missed.
	if err := s.disclose.Settle(ctx); err != nil {
		return nil, nil, err
	}
	// Opened (Last-Event-ID checked, what was missed loaded), then audited.
	ch, cancel, err := s.broker.Follow(ctx, owner, lastID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.audited(ctx, p, owner, "stream"); err != nil {
		cancel()
		return nil, nil, err
	}
	return ch, cancel, nil
}
