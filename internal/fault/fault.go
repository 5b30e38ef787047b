// Package fault holds the one list of error codes the node answers with, and
// the error type that carries a code from the domain to the API edge.
//
// A code never changes meaning once published: clients branch on it. The
// message is safe to show to the user (a border officer never sees a SQL
// error); the wrapped cause is for logs only and never leaves the node.
package fault

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
)

// Code is a stable, machine-readable error code.
type Code string

// The codes. Add new ones here, with their HTTP status in statuses below.
const (
	// Bad requests: the body or parameters cannot be used at all.
	MalformedJSON    Code = "malformed_json"
	UnknownField     Code = "unknown_field"
	WrongType        Code = "wrong_type"
	BodyTooLarge     Code = "body_too_large"
	UnsupportedMedia Code = "unsupported_media_type"
	BadParameter     Code = "bad_parameter"

	// Validation: the request is well formed but its content is not acceptable.
	MissingField  Code = "missing_field"
	InvalidField  Code = "invalid_field"
	WeakPassword  Code = "weak_password"
	NotSearchable Code = "not_searchable" // a search names a property no kind of match reads

	// Authentication (401).
	Unauthenticated    Code = "unauthenticated"
	InvalidToken       Code = "invalid_token"
	TokenExpired       Code = "token_expired"
	TokenRevoked       Code = "token_revoked"
	InvalidCredentials Code = "invalid_credentials"
	AccountLocked      Code = "account_locked"

	// Authorisation (403). The access decision's reasons are codes too.
	Forbidden             Code = "forbidden"
	RoleNotPermitted      Code = "role_not_permitted"
	ScopeNotGranted       Code = "scope_not_granted"
	UnitKindNotPermitted  Code = "unit_kind_not_permitted"
	OtherBureau           Code = "other_bureau"
	NotOwner              Code = "not_owner"
	DatabaseNotGranted    Code = "database_not_granted"
	RestrictedCountry     Code = "restricted_country"
	RestrictedUnitKind    Code = "restricted_unit_kind"
	PurposeRequired       Code = "purpose_required"
	PurposeUnknown        Code = "purpose_unknown"
	PurposeNotPermitted   Code = "purpose_not_permitted"
	PrincipalDisabled     Code = "principal_disabled"
	RoleNotAllowedForUnit Code = "role_not_allowed_for_unit"
	RoleNotGrantable      Code = "role_not_grantable"
	ScopeNotGrantable     Code = "scope_not_grantable"

	// State.
	NotFound         Code = "not_found"
	MethodNotAllowed Code = "method_not_allowed"
	Conflict         Code = "conflict"
	Gone             Code = "gone"

	// The node itself.
	Internal    Code = "internal"
	Unavailable Code = "unavailable"
	Timeout     Code = "timeout"
)

var statuses = map[Code]int{
	MalformedJSON:    http.StatusBadRequest,
	UnknownField:     http.StatusBadRequest,
	WrongType:        http.StatusBadRequest,
	BodyTooLarge:     http.StatusRequestEntityTooLarge,
	UnsupportedMedia: http.StatusUnsupportedMediaType,
	BadParameter:     http.StatusBadRequest,

	MissingField:  http.StatusUnprocessableEntity,
	InvalidField:  http.StatusUnprocessableEntity,
	WeakPassword:  http.StatusUnprocessableEntity,
	NotSearchable: http.StatusUnprocessableEntity,

	Unauthenticated:    http.StatusUnauthorized,
	InvalidToken:       http.StatusUnauthorized,
	TokenExpired:       http.StatusUnauthorized,
	TokenRevoked:       http.StatusUnauthorized,
	InvalidCredentials: http.StatusUnauthorized,
	AccountLocked:      http.StatusTooManyRequests,

	Forbidden:             http.StatusForbidden,
	RoleNotPermitted:      http.StatusForbidden,
	ScopeNotGranted:       http.StatusForbidden,
	UnitKindNotPermitted:  http.StatusForbidden,
	OtherBureau:           http.StatusForbidden,
	NotOwner:              http.StatusForbidden,
	DatabaseNotGranted:    http.StatusForbidden,
	RestrictedCountry:     http.StatusForbidden,
	RestrictedUnitKind:    http.StatusForbidden,
	PurposeRequired:       http.StatusForbidden,
	PurposeUnknown:        http.StatusForbidden,
	PurposeNotPermitted:   http.StatusForbidden,
	PrincipalDisabled:     http.StatusForbidden,
	RoleNotAllowedForUnit: http.StatusUnprocessableEntity,
	RoleNotGrantable:      http.StatusForbidden,
	ScopeNotGrantable:     http.StatusForbidden,

	NotFound:         http.StatusNotFound,
	MethodNotAllowed: http.StatusMethodNotAllowed,
	Conflict:         http.StatusConflict,
	Gone:             http.StatusGone,

	Internal:    http.StatusInternalServerError,
	Unavailable: http.StatusServiceUnavailable,
	Timeout:     http.StatusServiceUnavailable,
}

// Status returns the HTTP status that goes with a code (500 for an unknown code).
func (c Code) Status() int {
	if s, ok := statuses[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Codes lists every code, sorted; the OpenAPI document publishes it.
func Codes() []Code {
	out := make([]Code, 0, len(statuses))
	for c := range statuses {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Error is an error with a code, a user-safe message, the field it concerns
// (if any) and, optionally, an internal cause.
type Error struct {
	Code    Code
	Message string
	Field   string
	Cause   error
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Message
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Cause }

// New returns an error with a code and a formatted user-safe message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field returns an error about one field of the request.
func Field(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with a code and message that keeps cause for the logs.
func Wrap(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Cause: cause}
}

// As returns the *Error in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var fe *Error
	if errors.As(err, &fe) {
		return fe, true
	}
	return nil, false
}

// CodeOf returns the code of err, or Internal when err carries none.
func CodeOf(err error) Code {
	if fe, ok := As(err); ok {
		return fe.Code
	}
	return Internal
}
