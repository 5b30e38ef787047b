// Package bustest gives tests a NATS JetStream stream of their own: when
// NCBNET_TEST_NATS names a server (with JetStream), each test gets a stream
// with a random name (and so its own subjects), deleted when the test ends,
// so runs never see each other's events.
package bustest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSEnv is the environment variable holding the NATS server URL for tests.
const NATSEnv = "NCBNET_TEST_NATS"

// NATS returns the server named by NCBNET_TEST_NATS and the name of a new
// stream for t; the stream (made by the first bus that opens it) is deleted
// when t ends. It skips t when the variable is unset.
func NATS(t testing.TB) (url, stream string) {
	t.Helper()
	url = os.Getenv(NATSEnv)
	if url == "" {
		t.Skip("set " + NATSEnv + " to run against NATS JetStream")
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	stream = "NCBNET_TEST_" + hex.EncodeToString(b[:])
	t.Cleanup(func() { Delete(t, url, stream) })
	return url, stream
}

// Delete deletes a stream, if it exists.
func Delete(t testing.TB, url, stream string) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Errorf("delete stream %s: %v", stream, err)
		return
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Errorf("delete stream %s: %v", stream, err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := js.DeleteStream(ctx, stream); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
		t.Errorf("delete stream %s: %v", stream, err)
	}
}
