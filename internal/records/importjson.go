package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// decodeJSONLine reads one NDJSON line as POST /records reads its body:
// exactly one object, no unknown fields, values of the right types.
func decodeJSONLine(line []byte) (NewRecord, error) {
	var n NewRecord
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		return NewRecord{}, jsonLineError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return NewRecord{}, fault.New(fault.MalformedJSON, "a line holds exactly one JSON object")
	}
	return n, nil
}

// jsonLineError gives a line's JSON error the code and message the API
// gives the same error in a request body.
func jsonLineError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		te  *time.ParseError
	)
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syn):
		return fault.New(fault.MalformedJSON, "the line is not valid JSON")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fault.New(fault.WrongType, "a line must be a JSON object")
		}
		return fault.Field(fault.WrongType, typ.Field, "%s must be a JSON %s", typ.Field, jsonKindName(typ.Type.Kind().String()))
	case errors.As(err, &te):
		return fault.Field(fault.WrongType, "review_at", "times are RFC 3339 strings, e.g. 2026-01-02T15:04:05Z")
	}
	// encoding/json reports unknown fields only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return fault.Field(fault.UnknownField, name, "unknown field %q", name)
	}
	return fault.New(fault.MalformedJSON, "the line could not be read as a record")
}

func jsonKindName(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "slice", "array":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	case "bool":
		return "boolean"
	}
	return "number"
}
