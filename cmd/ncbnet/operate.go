package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
)

// readSecret reads a password from the environment variable env or, when it
// is unset, from the first line of standard input: never from a flag, which
// other users of the machine could see in the process list.
func readSecret(env string) (string, error) {
	if v := os.Getenv(env); v != "" {
		return v, nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// runAuditVerify checks the whole audit log of a store against the signed
// checkpoints, offline. It exits non-zero, naming the first bad entry, if
// anything was altered, deleted, inserted or reordered. Removing the newest
// entries together with their checkpoints leaves no trace in the store, so
// it also checks that the log contains the checkpoints kept outside it: the
// data folder's (the node's latest) and any saved by a witness (--checkpoint).
func runAuditVerify(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("audit verify")
	data := fs.String("data", "./ncbnet-data", "data folder")
	dsn := fs.String("db", "", "store (default: ncbnet.db in the data folder)")
	key := fs.String("key", "", "verifier key to check signatures with (default: the data folder's signing key)")
	var witnesses []string
	fs.Func("checkpoint", "a signed checkpoint saved earlier (e.g. by ncbnet audit checkpoint --state) that the log must contain; repeatable", func(path string) error {
		witnesses = append(witnesses, path)
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg := app.Config{DataDir: *data, DB: *dsn}
	vkey := *key
	if vkey == "" {
		var err error
		if _, vkey, err = audit.ReadKeyFile(app.KeyFile(*data)); err != nil {
			return err
		}
	}
	if !store.IsPostgres(cfg.DSN()) {
		if _, err := os.Stat(cfg.DSN()); err != nil {
			return fmt.Errorf("no store at %s: %w", cfg.DSN(), err)
		}
	}
	// The anchors are read before the store, so none is newer than the log
	// they are checked against.
	anchors, err := readAnchors(app.AnchorFile(*data), witnesses)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := audit.Verify(ctx, db, vkey, anchors...)
	if err != nil {
		var p *audit.Problem
		if errors.As(err, &p) {
			return fmt.Errorf("audit log is NOT intact: %w", err)
		}
		return err
	}
	fmt.Fprintf(out, "audit log intact: %d entries, %d signed checkpoints verified, tree size %d\n", report.Entries, report.Checkpoints, report.Size)
	for _, a := range report.Anchors {
		fmt.Fprintf(out, "contains the checkpoint of size %d kept in %s\n", a.Size, a.Source)
	}
	if len(anchors) == 0 {
		fmt.Fprintln(out, "note: no checkpoint kept outside the store was found, so removal of the newest entries cannot be detected; pass --checkpoint FILE")
	}
	for _, w := range report.Warnings {
		fmt.Fprintln(out, "warning:", w)
	}
	return nil
}

// readAnchors reads the data folder's checkpoint, when there is one, and
// every witness file, which must exist.
func readAnchors(dataFile string, witnesses []string) ([]audit.Anchor, error) {
	var anchors []audit.Anchor
	a, err := audit.ReadAnchor(dataFile)
	switch {
	case err == nil:
		anchors = append(anchors, a)
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	for _, path := range witnesses {
		a, err := audit.ReadAnchor(path)
		if err != nil {
			return nil, err
		}
		anchors = append(anchors, a)
	}
	return anchors, nil
}

// runAdminCreate creates an administrator in the Secretariat. It is how an
// operator, who holds the data folder, bootstraps a node. The password comes
// from NCBNET_ADMIN_PASSWORD or the first line of standard input, never from
// a flag (flags show in process listings).
func runAdminCreate(ctx context.Context, args []string, out io.Writer) error {
	var f nodeFlags
	fs := newFlags("admin create")
	f.register(fs, false)
	username := fs.String("username", "", "the administrator's username")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return usageError{"--username is required"}
	}
	password, err := readSecret(envAdminPassword)
	if err != nil {
		return err
	}
	if err := member.ValidatePassword(password); err != nil {
		return err
	}
	logger, err := f.logger(os.Stderr)
	if err != nil {
		return err
	}
	node, err := app.Open(ctx, f.config(logger))
	if err != nil {
		return err
	}
	defer node.Close()
	gs, err := member.BodyUnit(ctx, node.DB, access.KindSecretariat)
	if err != nil {
		return err
	}
	u, err := node.Members.CreateUserAsOperator(ctx, audit.SystemActor("cli"), member.NewUser{
		Username: *username, Password: password, UnitID: gs.ID, Roles: []access.Role{access.RoleAdmin},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "administrator %s created (id %s) in the %s\n", u.Username, u.ID, gs.Name)
	return nil
}
