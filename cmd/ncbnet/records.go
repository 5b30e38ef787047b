package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// recordsCommands are the subcommands of a bureau's records.
func recordsCommands() []command {
	return []command{
		{name: "list", summary: "list a database's records: your bureau's own, or with --purpose also those of others you may see", run: runRecordsList,
			args: "DATABASE [flags]", about: listingAbout,
			example: "ncbnet records list sltd --status blocked --review-before 2027-01-01\nncbnet records list nominal --purpose criminal-investigation --owner DEU --all"},
		{name: "get", summary: "show a record (reading another bureau's record is a hit its owner is told of)", run: runRecordsGet,
			args: "ID --purpose P [flags]", example: "ncbnet records get RECORD_ID --purpose criminal-investigation"},
		{name: "create", summary: "add a record to a database of your bureau", run: runRecordsCreate,
			args: "DATABASE --schema S --prop name=value… [flags]", about: createAbout,
			example: "ncbnet records create sltd --schema Passport --prop number=22FV00017 --prop country=FRA --prop type=P --prop status=stolen --ncb-only"},
		{name: "update", summary: "change a record of your bureau, as a new version", run: runRecordsUpdate,
			args: "ID [flags]", about: updateAbout,
			example: "ncbnet records update RECORD_ID --prop status=recovered --remove lossPlace --version 1\nncbnet records update RECORD_ID --status blocked"},
		{name: "delete", summary: "erase a record of your bureau and its history (the audit log keeps who erased it and when); asks nothing", run: runRecordsDelete,
			args: "ID [flags]", example: "ncbnet records delete RECORD_ID"},
	}
}

// listingAbout is what the listings' -h say about pages.
const listingAbout = `Lists one page (--limit) and, when more follow, the --cursor of the next;
--all follows every page (--limit is then the size of each, 1000 unless
given). --json prints the API's page: {"items": […], "next_cursor"}.`

const createAbout = `The record is built from --file (JSON: {"schema", "properties",
"restrictions", "key", "review_at"}; - reads standard input), then the flags:
--schema replaces its schema, each --prop adds a value (repeat a name for
several), --ncb-only keeps it from specialised units and border points.
A record is created once per --key: sending it again with the same key
returns the record made the first time (a random key is made and printed
when none is given).`

const updateAbout = `Each --prop replaces that property's values (repeat a name for several);
--remove takes a property away; --restrictions replaces the restrictions
whole (e.g. '{"ncb_only":true,"excluded_countries":["RUS"]}'). --file reads
the change as the API's JSON ({"properties", "restrictions", "status",
"review_at", "version"}; - reads standard input), to which the flags add.
--version refuses the change if the record moved past that version since
you read it.`

// listFlags are the flags of a listing.
type listFlags struct {
	limit  int
	cursor string
	all    bool
}

func (l *listFlags) register(fs *flag.FlagSet, what string) {
	fs.IntVar(&l.limit, "limit", 50, "at most this many "+what+" a page (1 to 1000; 1000 with --all unless given)")
	fs.StringVar(&l.cursor, "cursor", "", "the page after this cursor (printed when more follow)")
	fs.BoolVar(&l.all, "all", false, "follow every page")
}

func (l *listFlags) options(fs *flag.FlagSet) client.ListOptions {
	if l.all && !given(fs, "limit") {
		l.limit = 1000
	}
	return client.ListOptions{Limit: l.limit, Cursor: l.cursor}
}

// pages fetches one page of a listing, or with all every page from there.
func pages[T any](ctx context.Context, all bool, o client.ListOptions, fetch func(context.Context, client.ListOptions) (client.Page[T], error)) (client.Page[T], error) {
	p, err := fetch(ctx, o)
	if err != nil || !all {
		return p, err
	}
	for p.NextCursor != nil {
		o.Cursor = *p.NextCursor
		next, err := fetch(ctx, o)
		if err != nil {
			return client.Page[T]{}, err
		}
		p.Items, p.NextCursor = append(p.Items, next.Items...), next.NextCursor
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p, nil
}

// printMore says how to get the next page, if there is one.
func printMore(out io.Writer, next *string) {
	if next != nil {
		fmt.Fprintf(out, "more: --cursor %s (or --all)\n", *next)
	}
}

func runRecordsList(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	var l listFlags
	fs := newFlags("records list")
	f.register(fs)
	l.register(fs, "records")
	owner := fs.String("owner", "", "only the records of this bureau (ISO3); another bureau's need --purpose")
	status := fs.String("status", "", "only records in this status: active or blocked")
	reviewBefore := fs.String("review-before", "", "only records whose review falls before this date (2027-01-01) or RFC 3339 time")
	purpose := fs.String("purpose", "", "declared purpose: lists other bureaus' records too, those you may see (each shown is a hit its owner is told of)")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := oneArg(fs, "a database, e.g. sltd")
	if err != nil {
		return err
	}
	q := client.RecordQuery{Owner: *owner, Status: *status, Purpose: *purpose}
	if *reviewBefore != "" {
		if q.ReviewBefore, err = parseDay("--review-before", *reviewBefore); err != nil {
			return err
		}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	p, err := pages(ctx, l.all, l.options(fs), func(ctx context.Context, o client.ListOptions) (client.Page[client.Record], error) {
		return c.ListRecords(ctx, db, q, o)
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, p)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSCHEMA\tOWNER\tSTATUS\tREVIEW\tPROPERTIES")
	for _, r := range p.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Schema, r.Owner, r.Status, day(r.ReviewAt), propertySummary(r.Properties))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d records\n", len(p.Items))
	printMore(out, p.NextCursor)
	return nil
}

func runRecordsGet(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("records get")
	f.register(fs)
	purpose := fs.String("purpose", "", "declared purpose of the reading (the node lists them when it is missing)")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	id, err := parseWithID(fs, args, "records get")
	if err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	r, err := c.Record(ctx, id, *purpose)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, r)
	}
	printRecord(out, r)
	return nil
}

func runRecordsCreate(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	var props propList
	fs := newFlags("records create")
	f.register(fs)
	schema := fs.String("schema", "", "the record's schema, e.g. Passport, Person, Vehicle (ncbnet's GET /api/v1/databases/DATABASE lists them)")
	fs.Var(&props, "prop", "a property as name=value, e.g. number=22FV00017 (repeatable)")
	file := fs.String("file", "", "read the record from this JSON file (- for standard input)")
	ncbOnly := fs.Bool("ncb-only", false, "keep the record from specialised units and border points (a check of theirs is told to refer to its NCB)")
	key := fs.String("key", "", "idempotency key: the same key creates the record once (default: a random one, printed)")
	reviewAt := fs.String("review-at", "", "bring the review forward to this date (never later than the database's default)")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := oneArg(fs, "a database, e.g. sltd")
	if err != nil {
		return err
	}
	var n client.NewRecord
	if *file != "" {
		if err := readJSONFile(*file, &n); err != nil {
			return err
		}
	}
	if *schema != "" {
		n.Schema = *schema
	}
	n.Properties = props.addTo(n.Properties)
	if *ncbOnly {
		if n.Restrictions == nil {
			n.Restrictions = &client.Restrictions{}
		}
		n.Restrictions.NCBOnly = true
	}
	if *key != "" {
		n.Key = *key
	}
	if *reviewAt != "" {
		t, err := parseDay("--review-at", *reviewAt)
		if err != nil {
			return err
		}
		n.ReviewAt = &t
	}
	if n.Schema == "" || len(n.Properties) == 0 {
		return usageError{"give the record: --schema and --prop name=value (or --file)"}
	}
	if n.Key == "" {
		if n.Key, err = randomKey(); err != nil {
			return err
		}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	r, created, err := c.CreateRecord(ctx, db, n)
	if err != nil {
		if !isClientError(err) || retryable(err) {
			return fmt.Errorf("%w\nthe record may or may not have been created: run the command again with --key %s to make sure it is created once", err, n.Key)
		}
		return err
	}
	if *asJSON {
		return writeJSON(out, r)
	}
	if created {
		fmt.Fprintf(out, "created record %s in %s (key %s)\n\n", r.ID, r.Database, n.Key)
	} else {
		fmt.Fprintf(out, "record %s was created earlier with key %s: nothing new was made\n\n", r.ID, n.Key)
	}
	printRecord(out, r)
	return nil
}

func runRecordsUpdate(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	var props propList
	var removed fileList
	fs := newFlags("records update")
	f.register(fs)
	fs.Var(&props, "prop", "replace a property's values: name=value (repeat a name for several values)")
	fs.Var(&removed, "remove", "take a property away (repeatable)")
	status := fs.String("status", "", "active or blocked (a blocked record is kept, but no search or check finds it)")
	reviewAt := fs.String("review-at", "", "the next review date (never later than the database's default)")
	restrictions := fs.String("restrictions", "", `replace the restrictions whole, as JSON: '{"ncb_only":true,"countries":["DEU"],"excluded_countries":["RUS"],"unit_kinds":["ncb"]}' ('{}' lifts them)`)
	version := fs.Int("version", 0, "refuse the change unless the record is still at this version")
	file := fs.String("file", "", "read the change from this JSON file (- for standard input)")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	id, err := parseWithID(fs, args, "records update")
	if err != nil {
		return err
	}
	var patch client.RecordPatch
	if *file != "" {
		if err := readJSONFile(*file, &patch); err != nil {
			return err
		}
	}
	patch.Properties = props.addTo(patch.Properties)
	for _, name := range removed {
		if _, ok := props.props[name]; ok {
			return usageError{fmt.Sprintf("--prop and --remove both name %s", name)}
		}
		if patch.Properties == nil {
			patch.Properties = map[string][]string{}
		}
		patch.Properties[name] = []string{}
	}
	if *status != "" {
		patch.Status = *status
	}
	if *reviewAt != "" {
		t, err := parseDay("--review-at", *reviewAt)
		if err != nil {
			return err
		}
		patch.ReviewAt = &t
	}
	if *restrictions != "" {
		var r client.Restrictions
		if err := decodeStrict([]byte(*restrictions), &r); err != nil {
			return usageError{fmt.Sprintf("--restrictions: %v", err)}
		}
		patch.Restrictions = &r
	}
	if given(fs, "version") {
		patch.Version = version
	}
	if len(patch.Properties) == 0 && patch.Status == "" && patch.ReviewAt == nil && patch.Restrictions == nil {
		return usageError{"nothing to change: give --prop, --remove, --status, --review-at, --restrictions or --file"}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	r, err := c.UpdateRecord(ctx, id, patch)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, r)
	}
	fmt.Fprintf(out, "record %s is at version %d\n\n", r.ID, r.Version)
	printRecord(out, r)
	return nil
}

func runRecordsDelete(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("records delete")
	f.register(fs)
	asJSON := fs.Bool("json", false, `print {"id","deleted"} as JSON (the API answers 204 without a body)`)
	id, err := parseWithID(fs, args, "records delete")
	if err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	if err := c.DeleteRecord(ctx, id); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, map[string]any{"id": id, "deleted": true})
	}
	fmt.Fprintf(out, "record %s deleted, with its history (the audit log keeps who deleted it and when)\n", id)
	return nil
}

// propList collects repeated --prop name=value flags.
type propList struct{ props map[string][]string }

func (p *propList) String() string {
	if p == nil {
		return ""
	}
	return propertySummary(p.props)
}

func (p *propList) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if name = strings.TrimSpace(name); !ok || name == "" {
		return errors.New("a property is name=value, e.g. number=19FV04321")
	}
	if p.props == nil {
		p.props = map[string][]string{}
	}
	p.props[name] = append(p.props[name], value)
	return nil
}

// addTo puts the properties given into props: a name given on the command
// line replaces what props held under it.
func (p *propList) addTo(props map[string][]string) map[string][]string {
	if len(p.props) == 0 {
		return props
	}
	if props == nil {
		props = map[string][]string{}
	}
	for name, values := range p.props {
		props[name] = values
	}
	return props
}

// oneArg returns the one positional argument a command takes.
func oneArg(fs *flag.FlagSet, what string) (string, error) {
	switch fs.NArg() {
	case 0:
		return "", usageError{"give " + what}
	case 1:
		return fs.Arg(0), nil
	}
	return "", usageError{fmt.Sprintf("give one argument, %s, not also %q", what, fs.Arg(1))}
}

// given reports whether the flag was set on the command line.
func given(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// parseDay reads a date (the start of that day, UTC) or an RFC 3339 time.
func parseDay(flagName, v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("%s is a date (2027-01-01) or an RFC 3339 time, not %q", flagName, v)}
	}
	return t, nil
}

func randomKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make an idempotency key: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// readJSONFile reads one JSON object from a file (- for standard input)
// into v, refusing fields v does not know: a field left out would be a part
// of the record not sent.
func readJSONFile(name string, v any) error {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(io.LimitReader(os.Stdin, 16<<20))
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return err
	}
	if err := decodeStrict(b, v); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// day is the date of t, or "-".
func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

// summaryOrder are the properties that tell records apart best, shown
// first in tables.
var summaryOrder = []string{"name", "alias", "title", "number", "country", "type", "vin", "registrationNumber", "imoNumber",
	"serialNumber", "make", "model", "objectId", "noticeId", "birthDate", "nationality", "status", "topics"}

// propertySummary shows a record's properties on one line: those that tell
// records apart first, at most six.
func propertySummary(props map[string][]string) string {
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	rank := func(name string) int {
		if i := slices.Index(summaryOrder, name); i >= 0 {
			return i
		}
		return len(summaryOrder)
	}
	slices.SortFunc(names, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, name := range names {
		if len(parts) == 6 {
			parts = append(parts, "…")
			break
		}
		if vs := props[name]; len(vs) > 0 {
			parts = append(parts, name+"="+strings.Join(vs, "; "))
		}
	}
	return clean(strings.Join(parts, " "))
}

// printRecord shows a record as a form.
func printRecord(out io.Writer, r client.Record) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	owner := r.Owner
	if r.OwnerUnit != "" {
		owner += " (unit " + r.OwnerUnit + ")"
	}
	fmt.Fprintf(tw, "record:\t%s\n", r.ID)
	fmt.Fprintf(tw, "database:\t%s\n", r.Database)
	fmt.Fprintf(tw, "schema:\t%s\n", r.Schema)
	fmt.Fprintf(tw, "owner:\t%s\n", owner)
	fmt.Fprintf(tw, "status:\t%s (version %d)\n", r.Status, r.Version)
	fmt.Fprintf(tw, "review:\t%s\n", day(r.ReviewAt))
	if !r.UpdatedAt.IsZero() {
		fmt.Fprintf(tw, "updated:\t%s\n", r.UpdatedAt.UTC().Format(time.RFC3339))
	}
	if s := restrictionText(r.Restrictions); s != "" {
		fmt.Fprintf(tw, "restricted:\t%s\n", s)
	}
	names := make([]string, 0, len(r.Properties))
	for name := range r.Properties {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		label := ""
		if i == 0 {
			label = "properties:"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", label, name, clean(strings.Join(r.Properties[name], "; ")))
	}
	tw.Flush()
}

// restrictionText says how an owner restricted a record ("" when it did not).
func restrictionText(r client.Restrictions) string {
	var parts []string
	if r.NCBOnly {
		parts = append(parts, "NCBs only")
	}
	if len(r.Countries) > 0 {
		parts = append(parts, "only "+strings.Join(r.Countries, ", "))
	}
	if len(r.ExcludedCountries) > 0 {
		parts = append(parts, "never "+strings.Join(r.ExcludedCountries, ", "))
	}
	if len(r.UnitKinds) > 0 {
		parts = append(parts, "unit kinds "+strings.Join(r.UnitKinds, ", "))
	}
	return strings.Join(parts, "; ")
}
