package member

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store"
)

// seedLock is the advisory lock key of SeedReference.
const seedLock = 0x6e6362736565 // "ncbsee"

// SeedReference makes sure the store holds every member country with its NCB,
// the Secretariat and the oversight body. It adds only what is missing, so it
// runs at every start; what it adds is audited as the system's doing.
func (s *Service) SeedReference(ctx context.Context) error {
	countries, err := Countries()
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		// Nodes starting together on one PostgreSQL database seed one at a time.
		if err := tx.Serialize(ctx, seedLock); err != nil {
			return err
		}
		added := 0
		for _, c := range countries {
			res, err := tx.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?) ON CONFLICT (iso3) DO NOTHING`,
				c.ISO3, c.ISO2, c.Name, c.Region)
			if err != nil {
				return fmt.Errorf("seed member %s: %w", c.ISO3, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
			if _, err := NCBOf(ctx, tx, c.ISO3); err == nil {
				continue
			}
			u := Unit{ID: s.ids.New(), Country: c.ISO3, Kind: access.KindNCB, Name: "NCB " + c.Name, Databases: []string{}, CreatedAt: now, CreatedBy: "system"}
			if err := InsertUnit(ctx, tx, u); err != nil {
				return err
			}
			added++
		}
		for _, b := range []struct {
			kind access.UnitKind
			name string
		}{{access.KindSecretariat, "General Secretariat"}, {access.KindOversight, "Commission for the Control of Files"}} {
			if _, err := BodyUnit(ctx, tx, b.kind); err == nil {
				continue
			}
			u := Unit{ID: s.ids.New(), Kind: b.kind, Name: b.name, Databases: []string{}, CreatedAt: now, CreatedBy: "system"}
			if err := InsertUnit(ctx, tx, u); err != nil {
				return err
			}
			added++
		}
		if added == 0 {
			return nil
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.SystemActor("system"), Action: "member.seed", Outcome: audit.OutcomeSuccess,
			Details: map[string]string{"added": strconv.Itoa(added)},
		})
	})
}
