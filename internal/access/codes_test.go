package access_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// decisionCodes are the reasons Decide gives, all of them "403 Forbidden".
var decisionCodes = []fault.Code{
	fault.Forbidden, fault.RoleNotPermitted, fault.ScopeNotGranted, fault.UnitKindNotPermitted,
	fault.PurposeRequired, fault.PurposeUnknown, fault.PurposeNotPermitted,
	fault.OtherBureau, fault.NotOwner, fault.DatabaseNotGranted,
	fault.RestrictedCountry, fault.RestrictedUnitKind,
}

// TestDecideReturnsKnownCodes sweeps a wide space of questions and checks
// that every refusal carries a published code (fault.Codes) with status 403,
// a message, and an Err that carries the same code; and that the sweep meets
// every reason Decide documents, and no other.
func TestDecideReturnsKnownCodes(t *testing.T) {
	known := fault.Codes()
	actions := append(access.Actions(), "record.export", "")
	purposes := append([]access.Purpose{"", "curiosity"}, access.Purposes...)

	var principals []access.Principal
	for _, k := range append(slices.Clone(access.UnitKinds), "embassy") {
		for _, role := range append(slices.Clone(access.Roles), "chief") {
			for _, country := range []string{owner, other, ""} {
				for _, dbs := range [][]string{nil, grants(sltd)} {
					// Any unit kind, known or not, in any country or none.
					p := access.Principal{Country: country, UnitKind: k, Roles: []access.Role{role}, Databases: dbs}
					principals = append(principals, p, asToken(p), asToken(p, access.Scopes...))
				}
			}
		}
	}
	type rs = access.Restrictions
	resources := []access.Resource{
		{}, networkWide, inBureau(owner), inBureau(other),
		record(owner, sltd), record(other, icse), record("", sltd),
		{Country: owner}, record(owner, unknownDatabase),
		restricted(owner, sltd, rs{Countries: []string{third}}),
		restricted(owner, sltd, rs{ExcludedCountries: []string{other}}),
		restricted(owner, sltd, rs{NCBOnly: true}),
		restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}),
	}

	seen := map[fault.Code]int{}
	n := 0
	for _, p := range principals {
		for _, a := range actions {
			for _, r := range resources {
				for _, purpose := range purposes {
					d := access.Decide(p, a, r, purpose)
					n++
					if d.Allowed {
						if d.Reason != "" || d.Err() != nil {
							t.Fatalf("%s by %+v: allowed with reason %q / error %v", a, p, d.Reason, d.Err())
						}
						seen[allowed]++
						continue
					}
					seen[d.Reason]++
					if !slices.Contains(known, d.Reason) {
						t.Fatalf("%s by %+v: reason %q is not in fault.Codes()", a, p, d.Reason)
					}
					if d.Reason.Status() != http.StatusForbidden {
						t.Fatalf("%s by %+v: reason %s has status %d, want 403", a, p, d.Reason, d.Reason.Status())
					}
					if d.Message == "" {
						t.Fatalf("%s by %+v: refused with %s and no message", a, p, d.Reason)
					}
					if got := fault.CodeOf(d.Err()); got != d.Reason {
						t.Fatalf("%s by %+v: Err() carries %s, want %s", a, p, got, d.Reason)
					}
				}
			}
		}
	}
	for _, c := range decisionCodes {
		if seen[c] == 0 {
			t.Errorf("the sweep never met reason %s: the sweep or Decide has changed", c)
		}
	}
	for c := range seen {
		if c != allowed && !slices.Contains(decisionCodes, c) {
			t.Errorf("Decide returned %s, which is not one of the documented reasons", c)
		}
	}
	if seen[allowed] == 0 {
		t.Error("the sweep never met an allowed decision")
	}
	t.Logf("%d decisions swept; outcomes %v", n, seen)
}
