package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// nodeFlags are the flags of every command that runs or opens a node.
type nodeFlags struct {
	addr, data, db, origin, logLevel, logFormat string
	nats, natsStream                            string
}

func (f *nodeFlags) register(fs *flag.FlagSet, withAddr bool) {
	if withAddr {
		fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	}
	fs.StringVar(&f.data, "data", "./ncbnet-data", "data folder (SQLite file, audit signing key)")
	fs.StringVar(&f.db, "db", "", "store: a postgres:// URL, or a SQLite file (default: ncbnet.db in the data folder)")
	fs.StringVar(&f.origin, "audit-origin", app.DefaultAuditOrigin, "name of the audit log in its checkpoints (used when the key is created)")
	fs.StringVar(&f.nats, "nats", "", "event bus between nodes sharing a store: a nats:// URL of a NATS server with JetStream (default: in-process, one node)")
	fs.StringVar(&f.natsStream, "nats-stream", bus.DefaultStream, "the JetStream stream the nodes of one network share (subjects: its name in lower case, then .>)")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&f.logFormat, "log-format", "text", "text or json")
}

func (f *nodeFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q: %v", f.logLevel, err)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("--log-format %q: use text or json", f.logFormat)}
}

func (f *nodeFlags) config(logger *slog.Logger) app.Config {
	return app.Config{DataDir: f.data, DB: f.db, AuditOrigin: f.origin, Version: version, Logger: logger, NATS: f.nats, NATSStream: f.natsStream}
}

func runServe(ctx context.Context, args []string, out io.Writer) error {
	var f nodeFlags
	fs := newFlags("serve")
	f.register(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	logger, err := f.logger(os.Stderr)
	if err != nil {
		return err
	}
	return serveNode(ctx, f, logger, func(n *app.Node, url string) error {
		logger.Info("ncbnet node listening", "url", url, "store", storeName(f.config(logger).DSN()), "bus", busName(f), "version", version)
		if !hasAdmin(ctx, n) {
			logger.Warn("no administrator yet: create one with `ncbnet admin create --data " + f.data + " --username NAME`")
		}
		return nil
	})
}

// serveNode opens a node, calls ready once it listens, and serves until ctx ends.
func serveNode(ctx context.Context, f nodeFlags, logger *slog.Logger, ready func(n *app.Node, url string) error) error {
	node, err := app.Open(ctx, f.config(logger))
	if err != nil {
		return err
	}
	defer node.Close()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	if err := ready(node, "http://"+ln.Addr().String()); err != nil {
		ln.Close()
		return err
	}
	err = node.Serve(ctx, ln)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func storeName(dsn string) string {
	if store.IsPostgres(dsn) {
		return store.Redact(dsn)
	}
	return "sqlite:" + dsn
}

func busName(f nodeFlags) string {
	if f.nats == "" {
		return "in-process"
	}
	servers := strings.Split(f.nats, ",")
	for i, s := range servers {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil {
			servers[i] = u.Redacted()
		} else {
			servers[i] = "(unreadable URL)"
		}
	}
	return strings.Join(servers, ",") + " (stream " + f.natsStream + ")"
}

func hasAdmin(ctx context.Context, n *app.Node) bool {
	ok, err := member.HasActiveUserWithRole(ctx, n.DB, access.RoleAdmin)
	return err != nil || ok
}

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	var f nodeFlags
	fs := newFlags("demo")
	f.register(fs, true)
	password := fs.String("demo-password", "", "password of every demo user (default: random, printed)")
	fs.Lookup("data").DefValue = ""
	f.data = ""
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	logger, err := f.logger(os.Stderr)
	if err != nil {
		return err
	}
	if f.data == "" {
		dir, err := os.MkdirTemp("", "ncbnet-demo-")
		if err != nil {
			return fmt.Errorf("make demo data folder: %w", err)
		}
		f.data = dir
	} else if entries, err := os.ReadDir(f.data); err == nil && len(entries) > 0 {
		return usageError{fmt.Sprintf("--data %s is not empty: the demo needs a fresh data folder", f.data)}
	}
	pw := *password
	if pw == "" {
		pw = app.RandomPassword()
	}
	return serveNode(ctx, f, logger, func(n *app.Node, url string) error {
		users, err := n.SeedDemo(ctx, pw, synth.WriteDemoDocuments)
		if err != nil {
			return err
		}
		printDemo(out, url, f.data, pw, users)
		return nil
	})
}

func printDemo(out io.Writer, url, data, pw string, users []app.DemoUser) {
	var names []string
	for _, u := range users {
		names = append(names, u.Username)
	}
	fmt.Fprintf(out, `ncbnet demo is running at %s

Log in as any of the %d demo users with the password %s
  %s

For example:
  curl -s -X POST %s/api/v1/sessions -H 'Content-Type: application/json' \
       -d '{"username":"fra.officer","password":"%s"}'
  then send the token as "Authorization: Bearer <token>", e.g. to %s/api/v1/me
  or search (a stolen French passport, a wanted person written in Cyrillic):
  curl -s -X POST %s/api/v1/search -H "Authorization: Bearer <token>" -H 'Content-Type: application/json' \
       -d '{"purpose":"criminal-investigation","query":{"schema":"Person","properties":{"name":["Sergei Volkov"]}}}'

API description: %s/api/v1/openapi.json
Data folder:     %s
Stop with Ctrl-C.
`, url, len(users), pw, strings.Join(names, ", "), url, pw, url, url, url, data)
}
