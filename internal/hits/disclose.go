package hits

import (
	"context"
	"fmt"
	"slices"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store"
)

// TxAuditor stages audit entries in a transaction (audit.Log.AppendTx).
type TxAuditor interface {
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
}

// Discloser is the one way a record is disclosed outside its owner's
// bureau: search, checks, manifests, edge uploads and reads by ID all call
// Disclose, so that every disclosure is stored, audited and announced
// alike.
type Discloser struct {
	audit  TxAuditor
	broker *Broker
}

// NewDiscloser returns a Discloser that audits with log and announces on
// broker.
func NewDiscloser(log TxAuditor, broker *Broker) *Discloser {
	return &Discloser{audit: log, broker: broker}
}

// Broker is where disclosed hits are announced, and streams opened.
func (d *Discloser) Broker() *Broker { return d.broker }

// Disclose stores hs in tx together with entry, the audit entry of what
// disclosed them (the search, the check), and announces hs to the live
// streams of every node once tx has committed (never for a transaction
// rolled back). Every hit's record is made one of the entry's resources
// and every hit's owner one of its subjects, whatever the caller put
// there: a bureau's data protection officer finds each disclosure of its
// data in the log.
func (d *Discloser) Disclose(ctx context.Context, tx *store.Tx, entry audit.Entry, hs []Hit) error {
	for _, h := range hs {
		if h.ID == "" || h.RecordID == "" || h.Owner == "" {
			return fmt.Errorf("BUG: disclose a hit without its ID, record or owner: %+v", h)
		}
		if !slices.Contains(entry.Resources, h.RecordID) {
			entry.Resources = append(entry.Resources, h.RecordID)
		}
		if !slices.Contains(entry.Subjects, h.Owner) {
			entry.Subjects = append(entry.Subjects, h.Owner)
		}
	}
	slices.Sort(entry.Subjects)
	if err := Insert(ctx, tx, hs); err != nil {
		return err
	}
	if err := d.audit.AppendTx(ctx, tx, entry); err != nil {
		return err
	}
	if len(hs) > 0 {
		tx.AfterCommit(func(ctx context.Context) { d.broker.Publish(ctx, hs) })
	}
	return nil
}
