package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/app"
)

// runEdge runs an edge node: a small checking node for a remote border
// point, answering checks from a signed offline copy (persons through the
// central node when the link is up).
func runEdge(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("edge")
	f.register(fs)
	key := fs.String("key", "", "the central node's audit verifier key (GET /api/v1/audit/key, or ncbnet audit checkpoint): copies must be signed with it")
	data := fs.String("data", "./ncbnet-edge", "the edge node's data folder: its copy, key and the hits not yet uploaded")
	listen := fs.String("listen", "127.0.0.1:8081", "address of the local checks API")
	every := fs.Duration("sync", 5*time.Minute, "how often to bring the copy up to date, and to upload the hits the link did not take when they were made (each is sent at once when the link is up)")
	tokenFile := fs.String("local-token-file", "", "a file holding the token the local checks API asks of its callers (or NCBNET_EDGE_LOCAL_TOKEN); needed to listen on other than loopback")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *key == "" {
		return usageError{"--key is required: the central node's audit verifier key"}
	}
	if f.token == "" {
		return usageError{"a token of the border point is required: --token or NCBNET_TOKEN"}
	}
	if *every < time.Second {
		return usageError{"--sync is at least 1s"}
	}
	localToken := os.Getenv(envEdgeLocalToken)
	if *tokenFile != "" {
		b, err := os.ReadFile(*tokenFile)
		if err != nil {
			return fmt.Errorf("edge: local token: %w", err)
		}
		localToken = strings.TrimSpace(string(b))
	}
	if localToken != "" && len(localToken) < 16 {
		return usageError{"the local token must be at least 16 characters"}
	}
	// Refused before anything is opened; Run checks the address it got.
	addr, err := net.ResolveTCPAddr("tcp", *listen)
	if err != nil {
		return usageError{fmt.Sprintf("--listen: %v", err)}
	}
	if err := app.EdgeListen(addr, localToken); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	n, err := app.OpenEdge(app.EdgeConfig{Server: f.server, Token: f.token, VerifierKey: *key, DataDir: *data, LocalToken: localToken, Logger: logger})
	if err != nil {
		return err
	}
	defer n.Close()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "edge node: checks on http://%s/api/v1/checks, following %s every %s\n", ln.Addr(), f.server, *every)
	return n.Run(ctx, ln, *every)
}
