package fault

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestEveryCodeHasAStatus(t *testing.T) {
	for _, c := range Codes() {
		if s := c.Status(); s < 400 || s > 599 {
			t.Errorf("code %s has status %d", c, s)
		}
	}
	if got := Code("no_such_code").Status(); got != http.StatusInternalServerError {
		t.Errorf("unknown code status = %d", got)
	}
}

func TestCodeSurvivesWrapping(t *testing.T) {
	base := Field(MissingField, "username", "username is required")
	err := fmt.Errorf("create user: %w", base)
	if got := CodeOf(err); got != MissingField {
		t.Fatalf("CodeOf = %s, want %s", got, MissingField)
	}
	fe, _ := As(err)
	if fe.Field != "username" {
		t.Fatalf("field = %q", fe.Field)
	}
	if got := CodeOf(errors.New("plain")); got != Internal {
		t.Fatalf("CodeOf(plain) = %s, want internal", got)
	}
	cause := errors.New("pq: connection refused")
	w := Wrap(Unavailable, cause, "the store is unavailable")
	if !errors.Is(w, cause) {
		t.Fatal("Wrap lost its cause")
	}
	if w.Message != "the store is unavailable" {
		t.Fatalf("message leaked the cause: %q", w.Message)
	}
}
