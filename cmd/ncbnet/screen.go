package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ncbnet/ncbnet/client"
)

// runScreen screens travellers against the network's databases:
// `ncbnet screen manifest FILE` sends a whole manifest (CSV with a header
// line, or JSON: {"rows":[…]} or a bare array of rows) and prints a table
// of its hits.
func runScreen(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "manifest" {
		return usageError{"usage: ncbnet screen manifest [--purpose P] [--voyage V] [--server URL] [--token T] FILE (CSV or JSON; - for standard input)"}
	}
	var f remoteFlags
	fs := newFlags("screen manifest")
	f.register(fs)
	purpose := fs.String("purpose", "border-control", "declared purpose of the screening")
	voyage := fs.String("voyage", "", "flight or sailing, e.g. \"AF0012 2026-11-27\" (kept in the audit log)")
	all := fs.Bool("all", false, "list every row, not only those with hits or errors")
	asJSON := fs.Bool("json", false, "print the whole answer as JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give one manifest file (or - for standard input)"}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	in := io.Reader(os.Stdin)
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return err
		}
		defer file.Close()
		in = file
	}
	body, err := io.ReadAll(io.LimitReader(in, 16<<20))
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	var a client.ManifestAnswer
	if trimmed := strings.TrimSpace(string(body)); strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		m := client.Manifest{Purpose: *purpose, Voyage: *voyage}
		if strings.HasPrefix(trimmed, "[") {
			err = json.Unmarshal(body, &m.Rows)
		} else {
			err = json.Unmarshal(body, &m)
			m.Purpose, m.Voyage = *purpose, *voyage
		}
		if err != nil {
			return fmt.Errorf("read %s as JSON: %w", name, err)
		}
		a, err = c.ScreenManifest(ctx, m)
	} else {
		a, err = c.ScreenManifestCSV(ctx, *purpose, *voyage, strings.NewReader(string(body)))
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	return printManifest(out, a, *all)
}

// printManifest prints a row per hit (and per unreadable row): what to do
// and whom to call first.
func printManifest(out io.Writer, a client.ManifestAnswer, all bool) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tREF\tOUTCOME\tDATABASE\tOWNER\tMATCHED\tSCORE\tACTION\tURGENCY\tCONTACT\tHIT")
	for _, r := range a.Rows {
		switch {
		case r.Error != nil:
			fmt.Fprintf(tw, "%d\t%s\terror\t\t\t%s\t\t\t\t%s\t\n", r.Row, r.Reference, r.Error.Field, r.Error.Message)
		case len(r.Hits) == 0 && all:
			fmt.Fprintf(tw, "%d\t%s\tno-hit\t\t\t\t\t\t\t\t\n", r.Row, r.Reference)
		}
		for _, h := range r.Hits {
			contact := h.Contact.Unit
			if h.Contact.Details != "" {
				contact += " — " + h.Contact.Details
			}
			fmt.Fprintf(tw, "%d\t%s\tHIT\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\t%s\n", r.Row, r.Reference, h.Database, h.Owner,
				strings.Join(h.Matched, ","), h.Score, strings.Join(h.Action, ","), h.Urgency, contact, h.HitID)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d rows screened: %d hits, %d rows unreadable\n", a.Summary.Rows, a.Summary.Hits, a.Summary.Errors)
	return nil
}
