package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ncbnet/ncbnet/client"
)

// The exit statuses of screen manifest beyond 0 (every row clear), 1 (the
// manifest was not screened) and 2 (bad usage), so that a desk's script
// tells a flight with hits from one to look at again. Hits win: a manifest
// with hits and unreadable rows exits 4.
const (
	screenUnreadable = 3 // no hits, but rows that could not be read were not checked
	screenHits       = 4 // at least one row hit (or must be referred to the NCB)
)

// screenOutcome is a screened manifest that was not all clear: the table
// is printed, and the exit status says what it holds.
type screenOutcome struct {
	code int
	msg  string
}

func (e screenOutcome) Error() string { return e.msg }
func (e screenOutcome) ExitCode() int { return e.code }

// screenAbout is what screen manifest -h says beyond its flags.
const screenAbout = `Prints a row per hit and per unreadable row (--all: every row).

FILE is CSV with a header line naming its columns, or JSON ({"rows": […]}
or a bare array of rows, each an object keyed by column names); - reads
standard input. Columns may go by the names carriers' exports give them
(seat, pnr, last_name, first_name, dob, sex, citizenship, passport_no,
document_no, issuing_country, doc_type, …; case, spaces and punctuation do
not matter). A column the screener does not know refuses the whole
manifest, naming it and the names accepted: nothing is screened without one
of its columns.

Exit status:
  0  every row was checked and none hit
  4  at least one row hit (or must be referred to your NCB), whatever else
  3  no hits, but some rows could not be read and were not checked
  1  the manifest was not screened (refused, unreachable node, …)
  2  bad usage`

// runScreenManifest sends a whole manifest (CSV with a header line, or
// JSON: {"rows":[…]} or a bare array of rows) and prints a table of its
// hits; the exit status says whether any row hit (screenHits) or could not
// be read (screenUnreadable).
func runScreenManifest(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("screen manifest")
	f.register(fs)
	purpose := fs.String("purpose", "border-control", "declared purpose of the screening (a JSON manifest's own purpose, if it has one, unless given here)")
	voyage := fs.String("voyage", "", "flight or sailing, e.g. \"AF0012 2026-11-27\" (kept in the audit log; a JSON manifest's own, unless given here)")
	all := fs.Bool("all", false, "list every row, not only those with hits or errors")
	asJSON := fs.Bool("json", false, "print the whole answer as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give one manifest file (or - for standard input)"}
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
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
	if trimmed := bytes.TrimSpace(body); bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("[")) {
		m, err := readManifestJSON(trimmed)
		if err != nil {
			return fmt.Errorf("read %s as JSON: %w", name, err)
		}
		if given["purpose"] || m.Purpose == "" {
			m.Purpose = *purpose
		}
		if given["voyage"] || m.Voyage == "" {
			m.Voyage = *voyage
		}
		a, err = c.ScreenManifestRows(ctx, m.Purpose, m.Voyage, m.Rows)
		if err != nil {
			return err
		}
	} else {
		a, err = c.ScreenManifestCSV(ctx, *purpose, *voyage, bytes.NewReader(body))
		if err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(a); err != nil {
			return err
		}
	} else if err := printManifest(out, a, *all); err != nil {
		return err
	}
	return screenStatus(a)
}

// manifestFile is a manifest as a JSON file holds it: its rows stay as
// written, for the node to read by the same column names as a CSV header.
type manifestFile struct {
	Purpose string            `json:"purpose"`
	Voyage  string            `json:"voyage"`
	Rows    []json.RawMessage `json:"rows"`
}

// readManifestJSON reads {"purpose","voyage","rows"} (nothing else: a
// field left out would be a part of the manifest not screened) or a bare
// array of rows.
func readManifestJSON(b []byte) (manifestFile, error) {
	var m manifestFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	target := any(&m)
	if b[0] == '[' {
		target = &m.Rows
	}
	if err := dec.Decode(target); err != nil {
		return manifestFile{}, err
	}
	if dec.More() {
		return manifestFile{}, errors.New("more than one JSON value")
	}
	return m, nil
}

// screenStatus is the outcome of a screened manifest as an exit status:
// nil when every row is clear. A row whose outcome is neither clear nor
// unreadable counts as a hit, so that a new kind of outcome is never taken
// for a clear one.
func screenStatus(a client.ManifestAnswer) error {
	hits, unreadable := 0, 0
	for _, r := range a.Rows {
		switch {
		case r.Error != nil || r.Outcome == "error":
			unreadable++
		case r.Outcome != "no-hit" || len(r.Hits) > 0:
			hits++
		}
	}
	switch {
	case hits > 0:
		return screenOutcome{screenHits, fmt.Sprintf("%d of %d rows hit: act on them before the travellers pass", hits, len(a.Rows))}
	case unreadable > 0:
		return screenOutcome{screenUnreadable, fmt.Sprintf("no hits, but %d of %d rows could not be read and were not checked", unreadable, len(a.Rows))}
	}
	return nil
}

// printManifest prints a row per hit (and per unreadable row, and per row
// of another outcome without hits): what to do and whom to call first.
func printManifest(out io.Writer, a client.ManifestAnswer, all bool) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tREF\tOUTCOME\tDATABASE\tOWNER\tMATCHED\tSCORE\tACTION\tURGENCY\tCONTACT\tHIT")
	for _, r := range a.Rows {
		switch {
		case r.Error != nil:
			fmt.Fprintf(tw, "%d\t%s\terror\t\t\t%s\t\t\t\t%s\t\n", r.Row, r.Reference, r.Error.Field, r.Error.Message)
		case len(r.Hits) == 0 && (all || r.Outcome != "no-hit"):
			fmt.Fprintf(tw, "%d\t%s\t%s\t\t\t\t\t\t\t\t\n", r.Row, r.Reference, r.Outcome)
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
