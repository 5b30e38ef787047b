package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/access"
)

// The log is personal data about the people who work on the network, so
// reading it through the API passes the access decision like any other
// processing, and is itself written to the log. Read, ReadEntry and
// ProveInclusion are that path; Entries, Entry and InclusionProof are the
// unchecked queries beneath it, for the node's own use.

// Read lists the entries p may read that match f, newest first. A bureau's
// DPO reads entries that concern its country (its data and its users); the
// oversight body's DPOs and administrators read all, optionally narrowed to
// one country.
func (l *Log) Read(ctx context.Context, p access.Principal, f Filter) ([]Entry, error) {
	if len(f.Countries) == 0 {
		f.Countries = nil
		if !readsAll(p) {
			// Not named: the reader's own bureau (a reader with neither a
			// bureau nor the right to read all is refused below).
			f.Countries = []string{p.Country}
		}
	}
	for _, country := range f.Countries {
		if err := l.Authorize(ctx, p, access.AuditRead, access.Resource{Country: country}, ""); err != nil {
			return nil, err
		}
	}
	entries, err := l.Entries(ctx, f)
	if err != nil {
		return nil, err
	}
	details := map[string]string{"returned": fmt.Sprint(len(entries))}
	for k, v := range map[string]string{"action": f.Action, "actor": f.Actor, "resource": f.Resource, "outcome": string(f.Outcome)} {
		if v != "" {
			details[k] = v
		}
	}
	if !f.Since.IsZero() {
		details["since"] = f.Since.Format(time.RFC3339Nano)
	}
	if !f.Until.IsZero() {
		details["until"] = f.Until.Format(time.RFC3339Nano)
	}
	if err := l.recordRead(ctx, p, f.Countries, nil, details); err != nil {
		return nil, err
	}
	return entries, nil
}

// ReadEntry returns one entry, if p may read it.
func (l *Log) ReadEntry(ctx context.Context, p access.Principal, seq int64) (Entry, []byte, error) {
	e, leaf, err := l.Entry(ctx, seq)
	if err != nil {
		return Entry{}, nil, err
	}
	if err := l.Authorize(ctx, p, access.AuditRead, access.Resource{Country: readerCountry(p, e)}, "", e.ID); err != nil {
		return Entry{}, nil, err
	}
	if err := l.recordRead(ctx, p, e.Countries(), []string{e.ID}, nil); err != nil {
		return Entry{}, nil, err
	}
	return e, leaf, nil
}

// Inclusion is an entry's leaf with the proof that it is in a tree.
type Inclusion struct {
	TreeSize int64
	Leaf     []byte
	Proof    tlog.RecordProof
}

// ProveInclusion proves that entry seq is in the tree of the given size (0:
// the latest checkpoint's), if p may read the entry.
func (l *Log) ProveInclusion(ctx context.Context, p access.Principal, seq, size int64) (Inclusion, error) {
	e, leaf, err := l.ReadEntry(ctx, p, seq)
	if err != nil {
		return Inclusion{}, err
	}
	if size == 0 {
		cp, err := l.Checkpoint(ctx)
		if err != nil {
			return Inclusion{}, err
		}
		size = cp.Size
	}
	proof, err := l.InclusionProof(ctx, e.Seq, size)
	if err != nil {
		return Inclusion{}, err
	}
	return Inclusion{TreeSize: size, Leaf: leaf, Proof: proof}, nil
}

// readsAll reports whether p may read the entries of every country: the
// access decision allows reading the audit log with no country named.
func readsAll(p access.Principal) bool {
	return access.Decide(p, access.AuditRead, access.Resource{}, "").Allowed
}

// readerCountry picks the country an entry is judged by for p: p's own when
// the entry concerns it, otherwise the first the entry concerns.
func readerCountry(p access.Principal, e Entry) string {
	cs := e.Countries()
	if p.Country != "" && slices.Contains(cs, p.Country) {
		return p.Country
	}
	if len(cs) > 0 {
		return cs[0]
	}
	return ""
}

func (l *Log) recordRead(ctx context.Context, p access.Principal, countries, resources []string, details map[string]string) error {
	e := Entry{Actor: ActorOf(p), Action: string(access.AuditRead), Resources: resources, Outcome: OutcomeSuccess, Subjects: countries, Details: details}
	if len(countries) == 0 {
		e.Details = withDetail(details, "scope", "all")
	} else {
		e.Details = withDetail(details, "scope", strings.Join(countries, ","))
	}
	if _, err := l.Append(ctx, e); err != nil {
		return fmt.Errorf("audit reading of the audit log: %w", err)
	}
	return nil
}

func withDetail(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
