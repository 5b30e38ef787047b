package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ncbnet/ncbnet/client"
)

// remoteFlags are the flags of commands that talk to a running node.
type remoteFlags struct {
	server, token string
}

func (f *remoteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.server, "server", "http://127.0.0.1:8080", "URL of the node")
	fs.StringVar(&f.token, "token", "", "bearer token (session or API token)")
}

func (f *remoteFlags) client(needToken bool) (*client.Client, error) {
	if needToken && f.token == "" {
		return nil, usageError{"a token is required: --token or NCBNET_TOKEN (get one with ncbnet login)"}
	}
	return client.New(f.server, client.WithToken(f.token))
}

// runLogin logs in and prints the session token. The password comes from
// NCBNET_PASSWORD or the first line of standard input.
func runLogin(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("login")
	f.register(fs)
	username := fs.String("username", "", "username")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return usageError{"--username is required"}
	}
	password, err := readSecret(envPassword)
	if err != nil {
		return err
	}
	c, err := f.client(false)
	if err != nil {
		return err
	}
	s, err := c.Login(ctx, *username, password)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, s.Token)
	return nil
}

func runMe(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("me")
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	me, err := c.Me(ctx)
	if err != nil {
		return err
	}
	country := me.Country
	if country == "" {
		country = "(network-wide)"
	}
	fmt.Fprintf(out, "%s %s\n  bureau:    %s\n  unit:      %s (%s)\n  roles:     %s\n", me.Kind, me.Name, country, me.UnitID, me.UnitKind, strings.Join(me.Roles, ", "))
	if len(me.Scopes) > 0 {
		fmt.Fprintf(out, "  scopes:    %s\n", strings.Join(me.Scopes, ", "))
	}
	if len(me.Databases) > 0 {
		fmt.Fprintf(out, "  databases: %s\n", strings.Join(me.Databases, ", "))
	}
	return nil
}

func runMembers(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("members")
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	members, err := client.All(ctx, c.Members)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ISO3\tISO2\tREGION\tNAME")
	for _, m := range members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ISO3, m.ISO2, m.Region, m.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d member countries\n", len(members))
	return nil
}

// runAuditCheckpoint fetches the node's latest checkpoint, verifies its
// signature with the verifier key, and, given the checkpoint seen last time
// (--state), proves that the log only grew since: nothing seen before was
// altered or removed. It then saves the new checkpoint to --state. Run it
// from anywhere, regularly, as an independent witness of the log.
func runAuditCheckpoint(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("audit checkpoint")
	f.register(fs)
	key := fs.String("key", "", "the node's verifier key, obtained out of band (default: ask the node, trusting it)")
	state := fs.String("state", "", "file keeping the last checkpoint seen; its consistency with the new one is proven")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	vkey := *key
	if vkey == "" {
		if vkey, err = c.AuditKey(ctx); err != nil {
			return err
		}
		fmt.Fprintln(out, "warning: trusting the verifier key the node sent; pass --key to check against a key you hold")
	}
	note, err := c.AuditCheckpoint(ctx)
	if err != nil {
		return err
	}
	cp, err := client.VerifyCheckpoint(note, vkey)
	if err != nil {
		return fmt.Errorf("checkpoint does not verify: %w", err)
	}
	fmt.Fprintf(out, "checkpoint of %s verified: %d entries, root %x\n", cp.Origin, cp.Size, cp.Root)
	if *state == "" {
		return nil
	}
	old, err := os.ReadFile(*state)
	switch {
	case errors.Is(err, os.ErrNotExist):
		fmt.Fprintf(out, "no earlier checkpoint in %s: saving this one\n", *state)
	case err != nil:
		return fmt.Errorf("read %s: %w", *state, err)
	default:
		prev, err := client.VerifyCheckpoint(old, vkey)
		if err != nil {
			return fmt.Errorf("the saved checkpoint in %s does not verify: %w", *state, err)
		}
		proof, err := c.ConsistencyProof(ctx, prev.Size, cp.Size)
		if err != nil {
			return err
		}
		if err := client.VerifyConsistency(prev, cp, proof); err != nil {
			return fmt.Errorf("the log is NOT consistent with the checkpoint of size %d seen before: %w", prev.Size, err)
		}
		fmt.Fprintf(out, "consistent with the earlier checkpoint of size %d: the log only grew\n", prev.Size)
	}
	if err := os.WriteFile(*state, note, 0o600); err != nil {
		return fmt.Errorf("save checkpoint: %w", err)
	}
	return nil
}
