package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// hits watch opens a stream that ended again, and gives up on a refusal
// that opening again cannot change.
func TestFollowReopens(t *testing.T) {
	var progress bytes.Buffer
	stderr = &progress
	t.Cleanup(func() { stderr = os.Stderr })
	followPause = time.Millisecond
	t.Cleanup(func() { followPause = time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opened := 0
	var got []int
	var lasts []string
	open := func(_ context.Context, last string) (<-chan int, error) {
		lasts = append(lasts, last)
		opened++
		ch := make(chan int, 1)
		switch opened {
		case 1:
			ch <- 1
			close(ch)
		case 2:
			return nil, errors.New("connection refused")
		case 3:
			ch <- 3
			close(ch)
		default:
			return nil, &client.Error{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "the token is no longer valid"}
		}
		return ch, nil
	}
	err := follow(ctx, "test hits", open, func(v int) string { return fmt.Sprintf("%02d", v) }, func(v int) error { got = append(got, v); return nil })
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusUnauthorized || opened != 4 || len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Fatalf("follow: %v after %d openings, printed %v", err, opened, got)
	}
	// Each opening resumes after the newest hit printed.
	if want := []string{"", "01", "01", "03"}; !slices.Equal(lasts, want) {
		t.Fatalf("opened after %q, want %q", lasts, want)
	}
	for _, want := range []string{"following test hits", "ended: opening it again after the last hit shown", "cannot follow test hits (connection refused)"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("follow did not say %q:\n%s", want, progress.String())
		}
	}
}
