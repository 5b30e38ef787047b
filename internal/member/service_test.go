package member

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// wantFault fails t unless err is a fault with this code and field (no code:
// err must be nil).
func wantFault(t *testing.T, err error, code fault.Code, field string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("got %v, want success", err)
		}
		return
	}
	fe, ok := fault.As(err)
	if !ok {
		t.Fatalf("got %v, want %s (%s)", err, code, field)
	}
	if fe.Code != code || fe.Field != field {
		t.Fatalf("got %s (%s): %s; want %s (%s)", fe.Code, fe.Field, fe.Message, code, field)
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name, password string
		code           fault.Code
	}{
		{"empty", "", fault.MissingField},
		{"11 characters", "abcdefghijk", fault.WeakPassword},
		{"12 characters", "abcdefghijkl", ""},
		{"12 two-byte characters", strings.Repeat("é", 12), ""},
		{"11 two-byte characters (22 bytes)", strings.Repeat("é", 11), fault.WeakPassword},
		{"12 four-byte characters", strings.Repeat("🔑", 12), ""},
		{"6 four-byte characters (24 bytes)", strings.Repeat("🔑", 6), fault.WeakPassword},
		{"1024 bytes", strings.Repeat("a", MaxPasswordLen), ""},
		{"1025 bytes", strings.Repeat("a", MaxPasswordLen+1), fault.WeakPassword},
		{"1025 bytes of fewer characters", strings.Repeat("é", 512) + "a", fault.WeakPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFault(t, ValidatePassword(tc.password), tc.code, "password")
		})
	}
}

func TestNormaliseUsername(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"fra.officer", "fra.officer"},
		{"FRA.Officer", "fra.officer"},
		{"  fra.officer  ", "fra.officer"},
		{"\tFRA.OFFICER\r\n", "fra.officer"},
		{"   ", ""},
		{"fra officer", "fra officer"},
		{"ÄBC", "Äbc"}, // only ASCII letters are folded
		{"\u212Aate", "\u212Aate"},
	} {
		if got := NormaliseUsername(tc.in); got != tc.want {
			t.Errorf("NormaliseUsername(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestValidateUser(t *testing.T) {
	disabledAt := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	var (
		ncb      = Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE0", Country: "FRA", Kind: access.KindNCB}
		special  = Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE1", Country: "FRA", Kind: access.KindSpecialised}
		border   = Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE2", Country: "FRA", Kind: access.KindBorderPoint}
		sec      = Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE3", Kind: access.KindSecretariat}
		disabled = Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE4", Country: "FRA", Kind: access.KindNCB, DisabledAt: &disabledAt}
		officer  = []access.Role{access.RoleOfficer}
	)
	for _, tc := range []struct {
		name     string
		username string
		unit     Unit
		roles    []access.Role
		code     fault.Code
		field    string
		// On success, the normalised username and roles.
		wantUsername string
		wantRoles    []access.Role
	}{
		{name: "empty username", username: "", unit: ncb, roles: officer, code: fault.MissingField, field: "username"},
		{name: "blank username", username: "  \t ", unit: ncb, roles: officer, code: fault.MissingField, field: "username"},
		{name: "2 characters", username: "ab", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "3 characters", username: "abc", unit: ncb, roles: officer, wantUsername: "abc", wantRoles: officer},
		{name: "64 characters", username: strings.Repeat("a", 64), unit: ncb, roles: officer, wantUsername: strings.Repeat("a", 64), wantRoles: officer},
		{name: "65 characters", username: strings.Repeat("a", 65), unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "upper case is normalised", username: "FRA.Officer", unit: ncb, roles: officer, wantUsername: "fra.officer", wantRoles: officer},
		{name: "surrounding space is trimmed", username: " fra.officer\n", unit: ncb, roles: officer, wantUsername: "fra.officer", wantRoles: officer},
		{name: "3 characters after trimming", username: "  abc  ", unit: ncb, roles: officer, wantUsername: "abc", wantRoles: officer},
		{name: "2 characters after trimming", username: "  ab  ", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "starts with a digit", username: "1st.officer", unit: ncb, roles: officer, wantUsername: "1st.officer", wantRoles: officer},
		{name: "dot, dash and underscore inside", username: "fra.border_guard-2", unit: ncb, roles: officer, wantUsername: "fra.border_guard-2", wantRoles: officer},
		{name: "leading dot", username: ".fra", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "leading dash", username: "-fra", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "leading underscore", username: "_fra", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "inner space", username: "fra officer", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "inner newline", username: "fra\nofficer", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "at sign", username: "officer@fra", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "slash", username: "fra/officer", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "non-ASCII letter", username: "frä.officer", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "NUL", username: "fra\x00officer", unit: ncb, roles: officer, code: fault.InvalidField, field: "username"},
		{name: "disabled unit", username: "fra.officer", unit: disabled, roles: officer, code: fault.InvalidField, field: "unit_id"},
		{name: "no roles", username: "fra.officer", unit: ncb, roles: nil, code: fault.MissingField, field: "roles"},
		{name: "empty roles", username: "fra.officer", unit: ncb, roles: []access.Role{}, code: fault.MissingField, field: "roles"},
		{name: "unknown role", username: "fra.officer", unit: ncb, roles: []access.Role{"root"}, code: fault.InvalidField, field: "roles"},
		{name: "role in upper case", username: "fra.officer", unit: ncb, roles: []access.Role{"Officer"}, code: fault.InvalidField, field: "roles"},
		{name: "empty role", username: "fra.officer", unit: ncb, roles: []access.Role{""}, code: fault.InvalidField, field: "roles"},
		{name: "unknown role after a good one", username: "fra.officer", unit: ncb, roles: []access.Role{access.RoleOfficer, "root"}, code: fault.InvalidField, field: "roles"},
		{name: "supervisor in a specialised unit", username: "fra.officer", unit: special, roles: []access.Role{access.RoleSupervisor}, code: fault.RoleNotAllowedForUnit, field: "roles"},
		{name: "officer at a border point", username: "fra.guard", unit: border, roles: []access.Role{access.RoleOfficer}, code: fault.RoleNotAllowedForUnit, field: "roles"},
		{name: "admin in an NCB", username: "fra.admin", unit: ncb, roles: []access.Role{access.RoleAdmin}, code: fault.RoleNotAllowedForUnit, field: "roles"},
		{name: "reviewer in an NCB", username: "fra.reviewer", unit: ncb, roles: []access.Role{access.RoleReviewer}, code: fault.RoleNotAllowedForUnit, field: "roles"},
		{name: "officer in the Secretariat", username: "sec.officer", unit: sec, roles: []access.Role{access.RoleOfficer}, code: fault.RoleNotAllowedForUnit, field: "roles"},
		{name: "border officer at a border point", username: "fra.guard", unit: border, roles: []access.Role{access.RoleBorderOfficer}, wantUsername: "fra.guard", wantRoles: []access.Role{access.RoleBorderOfficer}},
		{name: "admin and reviewer in the Secretariat", username: "sec.admin", unit: sec, roles: []access.Role{access.RoleReviewer, access.RoleAdmin}, wantUsername: "sec.admin", wantRoles: []access.Role{access.RoleAdmin, access.RoleReviewer}},
		{
			name: "duplicates removed and sorted", username: "fra.chief", unit: ncb,
			roles:        []access.Role{access.RoleSupervisor, access.RoleOfficer, access.RoleDPO, access.RoleOfficer, access.RoleSupervisor},
			wantUsername: "fra.chief", wantRoles: []access.Role{access.RoleDPO, access.RoleOfficer, access.RoleSupervisor},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := NewUser{Username: tc.username, Password: "ignored here", UnitID: tc.unit.ID, Roles: slices.Clone(tc.roles)}
			err := validateUser(&n, tc.unit)
			if tc.code != "" {
				wantFault(t, err, tc.code, tc.field)
				return
			}
			wantFault(t, err, "", "")
			if n.Username != tc.wantUsername || !slices.Equal(n.Roles, tc.wantRoles) {
				t.Fatalf("normalised to %q %v, want %q %v", n.Username, n.Roles, tc.wantUsername, tc.wantRoles)
			}
		})
	}
}

// FuzzUsername: normalising and checking a username never panics, and a
// username that validateUser accepts is already in its stored form, so that
// a login (which normalises what it is given) finds it.
func FuzzUsername(f *testing.F) {
	for _, s := range []string{
		"fra.officer", "FRA.Officer", " fra.officer ", "ab", "abc", strings.Repeat("a", 64), strings.Repeat("a", 65),
		".fra", "-fra", "fra officer", "frä.officer", "\u212Aate", "\u0130stanbul", "\xff\xfe", "fra\nofficer", "",
	} {
		f.Add(s)
	}
	ncb := Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE0", Country: "FRA", Kind: access.KindNCB}
	f.Fuzz(func(t *testing.T, s string) {
		norm := NormaliseUsername(s)
		n := NewUser{Username: s, Roles: []access.Role{access.RoleOfficer}}
		err := validateUser(&n, ncb)
		if n.Username != norm {
			t.Fatalf("validateUser stored %q for %q, NormaliseUsername gives %q", n.Username, s, norm)
		}
		if (err == nil) != usernamePattern.MatchString(norm) {
			t.Fatalf("validateUser(%q) = %v, but the pattern match of %q is %v", s, err, norm, usernamePattern.MatchString(norm))
		}
		if err != nil {
			if code := fault.CodeOf(err); code != fault.MissingField && code != fault.InvalidField {
				t.Fatalf("validateUser(%q) = %v", s, err)
			}
			return
		}
		if again := NormaliseUsername(n.Username); again != n.Username {
			t.Fatalf("accepted %q is stored as %q, which normalises to %q", s, n.Username, again)
		}
		if l := len(n.Username); l < 3 || l > 64 || utf8.RuneCountInString(n.Username) != l {
			t.Fatalf("accepted %q: stored %q is not 3 to 64 ASCII characters", s, n.Username)
		}
		for _, c := range n.Username {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				t.Fatalf("accepted %q: stored %q holds %q", s, n.Username, c)
			}
		}
	})
}

func TestValidateUserKeepsPassword(t *testing.T) {
	// The password is checked elsewhere; validateUser must not touch it.
	n := NewUser{Username: "FRA.Officer", Password: "  Mixed Case With Spaces  ", Roles: []access.Role{access.RoleOfficer}}
	if err := validateUser(&n, Unit{ID: "01JNG3Q8S5T6V7W8X9YZABCDE0", Country: "FRA", Kind: access.KindNCB}); err != nil {
		t.Fatal(err)
	}
	if n.Password != "  Mixed Case With Spaces  " {
		t.Fatalf("validateUser changed the password to %q", n.Password)
	}
}
