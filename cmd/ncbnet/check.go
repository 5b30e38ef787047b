package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// checkCommands are the subcommands of check: one a kind of item.
func checkCommands() []command {
	return []command{
		{name: "document", summary: "check a travel document by its number and issuing country", run: runCheckDocument,
			about: checkAbout, example: "ncbnet check document --number 19FV04321 --country FRA"},
		{name: "mrz", summary: "check a travel document by its machine readable zone (the check digits are verified)", run: runCheckMRZ,
			about:   "The MRZ comes from --mrz (its lines separated by a line break or by \\n), or\nfrom --mrz-file (- for standard input).\n\n" + checkAbout,
			example: "ncbnet check mrz --mrz 'P<FRAMARTIN<<CLAIRE<<<<<<<<<<<<<<<<<<<<<<<<<\\n19FV043218FRA8503013F3001019<<<<<<<<<<<<<<04'\nncbnet check mrz --mrz-file - < scanned.txt"},
		{name: "person", summary: "check a person by name, with birth date, nationality and sex as evidence", run: runCheckPerson,
			about: checkAbout, example: "ncbnet check person --name 'Sergei Volkov' --birth-date 1979-02-11 --nationality RUS"},
		{name: "vehicle", summary: "check a motor vehicle by its VIN or registration plate", run: runCheckVehicle,
			about: checkAbout, example: "ncbnet check vehicle --vin 1M8GDM9AXKP042788"},
		{name: "firearm", summary: "check a firearm by its make and serial number", run: runCheckFirearm,
			about: checkAbout, example: "ncbnet check firearm --make Taurus --serial TBR-48213"},
		{name: "vessel", summary: "check a vessel by its IMO number or name", run: runCheckVessel,
			about: checkAbout, example: "ncbnet check vessel --imo 'IMO 9074729'"},
	}
}

const checkAbout = `Checks against the first-line databases for a declared purpose and prints
the outcome: a hit (database, owner, what matched, the action the owner
asks, its urgency and the deadline by which the owner answers, whom to
call), refer (a record the owner keeps from your kind of unit matched:
contact your NCB, which sees the hit), or no hit. --json prints the API's
answer.

Exit status:
  0  no hit
  4  a hit, or refer to your NCB: act on it before the traveller passes
  1  the node refused the check (its code and message are printed) or
     could not be reached
  2  bad usage`

// checkFlags are the flags every check takes.
type checkFlags struct {
	remoteFlags
	purpose string
	asJSON  bool
}

func (c *checkFlags) register(fs *flag.FlagSet) {
	c.remoteFlags.register(fs)
	fs.StringVar(&c.purpose, "purpose", "border-control", "declared purpose of the check")
	fs.BoolVar(&c.asJSON, "json", false, "print the API's JSON")
}

func runCheckDocument(ctx context.Context, args []string, out io.Writer) error {
	var f checkFlags
	fs := newFlags("check document")
	f.register(fs)
	number := fs.String("number", "", "the document's number")
	country := fs.String("country", "", "the issuing country (ISO3)")
	typ := fs.String("type", "", "the document type (ICAO 9303: P, I, A, C, V)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *number == "" || *country == "" {
		return usageError{"--number and --country are required"}
	}
	return check(ctx, f, client.CheckItem{Kind: "document", Number: *number, Country: *country, Type: *typ}, out)
}

func runCheckMRZ(ctx context.Context, args []string, out io.Writer) error {
	var f checkFlags
	fs := newFlags("check mrz")
	f.register(fs)
	zone := fs.String("mrz", "", `the MRZ, its lines separated by a line break or \n (- reads standard input)`)
	file := fs.String("mrz-file", "", "read the MRZ from this file (- for standard input)")
	lenient := fs.Bool("lenient", false, "check the document even when a check digit fails (a worn or misread zone)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	text := strings.ReplaceAll(*zone, `\n`, "\n")
	switch {
	case (*zone == "") == (*file == ""):
		return usageError{"give the MRZ with --mrz or --mrz-file (- for standard input)"}
	case *zone == "-":
		*file = "-"
	}
	if *file != "" {
		in := io.Reader(os.Stdin)
		if *file != "-" {
			fh, err := os.Open(*file)
			if err != nil {
				return err
			}
			defer fh.Close()
			in = fh
		}
		b, err := io.ReadAll(io.LimitReader(in, 4<<10))
		if err != nil {
			return fmt.Errorf("read %s: %w", *file, err)
		}
		text = string(b)
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r", ""))
	return check(ctx, f, client.CheckItem{Kind: "mrz", MRZ: text, Lenient: *lenient}, out)
}

func runCheckPerson(ctx context.Context, args []string, out io.Writer) error {
	var f checkFlags
	fs := newFlags("check person")
	f.register(fs)
	name := fs.String("name", "", "the person's name, in any script")
	birth := fs.String("birth-date", "", "birth date: 1979-02-11, 1979-02 or 1979")
	nationality := fs.String("nationality", "", "nationality (ISO3)")
	gender := fs.String("gender", "", "male, female or other")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usageError{"--name is required"}
	}
	return check(ctx, f, client.CheckItem{Kind: "person", Name: *name, BirthDate: *birth, Nationality: *nationality, Gender: *gender}, out)
}

func runCheckVehicle(ctx context.Context, args []string, out io.Writer) error {
	var f checkFlags
	fs := newFlags("check vehicle")
	f.register(fs)
	vin := fs.String("vin", "", "the vehicle identification number")
	plate := fs.String("plate", "", "the registration plate")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *vin == "" && *plate == "" {
		return usageError{"give --vin or --plate"}
	}
	return check(ctx, f, client.CheckItem{Kind: "vehicle", VIN: *vin, RegistrationNumber: *plate}, out)
}

func runCheckFirearm(ctx context.Context, args []string, out io.Writer) error {
	var f checkFlags
	fs := newFlags("check firearm")
	f.register(fs)
	maker := fs.String("make", "", "the maker, e.g. Taurus")
	serial := fs.String("serial", "", "the serial number")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *serial == "" {
		return usageError{"--serial is required (with --make)"}
	}
	return check(ctx, f, client.CheckItem{Kind: "firearm", Make: *maker, Serial: *serial}, out)
}

func runCheckVessel(ctx context.Context, args []string, out io.Writer) error {
	var f checkFlags
	fs := newFlags("check vessel")
	f.register(fs)
	imo := fs.String("imo", "", "the IMO number, e.g. 'IMO 9074729'")
	name := fs.String("name", "", "the vessel's name")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *imo == "" && *name == "" {
		return usageError{"give --imo or --name"}
	}
	return check(ctx, f, client.CheckItem{Kind: "vessel", IMO: *imo, Name: *name}, out)
}

// check checks one item, prints its outcome and returns it as the exit
// status: nil when nothing hit.
func check(ctx context.Context, f checkFlags, item client.CheckItem, out io.Writer) error {
	c, err := f.client(true)
	if err != nil {
		return err
	}
	results, err := c.Check(ctx, f.purpose, item)
	if err != nil {
		return err
	}
	if f.asJSON {
		if err := writeJSON(out, struct {
			Results []client.CheckResult `json:"results"`
		}{results}); err != nil {
			return err
		}
	} else if err := printCheck(out, results); err != nil {
		return err
	}
	return checkStatus(results)
}

// checkStatus is the outcome of a check as an exit status. An outcome that
// is not "no-hit" counts as a hit, so that a new kind of outcome is never
// taken for a clear one.
func checkStatus(results []client.CheckResult) error {
	for _, r := range results {
		switch {
		case r.Outcome == "refer":
			return screenOutcome{screenHits, "refer: contact your NCB before the traveller passes"}
		case r.Outcome != "no-hit" || len(r.Hits) > 0:
			return screenOutcome{screenHits, "hit: act on it before the traveller passes"}
		}
	}
	return nil
}

func printCheck(out io.Writer, results []client.CheckResult) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, r := range results {
		switch {
		case r.Outcome == "no-hit" && len(r.Hits) == 0:
			fmt.Fprintln(tw, "NO HIT")
		case r.Outcome == "refer":
			fmt.Fprintln(tw, "REFER: contact your NCB")
			if r.Refer != nil {
				fmt.Fprintf(tw, "  message:\t%s\n", clean(r.Refer.Message))
				fmt.Fprintf(tw, "  hits:\t%s (your NCB finds them among its checks' hits)\n", strings.Join(r.Refer.HitIDs, ", "))
			}
		default:
			if r.Outcome != "hit" {
				fmt.Fprintf(tw, "%s\n", strings.ToUpper(clean(r.Outcome)))
			}
		}
		for _, h := range r.Hits {
			fmt.Fprintf(tw, "HIT in %s, record %s of %s\n", h.Database, h.RecordID, h.Owner)
			fmt.Fprintf(tw, "  matched:\t%s (score %.2f)\n", clean(strings.Join(h.Matched, ", ")), h.Score)
			fmt.Fprintf(tw, "  action:\t%s\n", orDash(strings.Join(h.Action, ", ")))
			urgency := orDash(h.Urgency)
			if !h.Deadline.IsZero() {
				urgency += fmt.Sprintf(": %s answers by %s", h.Owner, h.Deadline.UTC().Format(time.RFC3339))
			}
			fmt.Fprintf(tw, "  urgency:\t%s\n", urgency)
			fmt.Fprintf(tw, "  contact:\t%s\n", contactText(h.Contact))
			fmt.Fprintf(tw, "  hit:\t%s (confirmation: %s)\n", h.HitID, orDash(h.Confirmation))
			if h.Record != nil {
				fmt.Fprintf(tw, "  record:\t%s\n", propertySummary(h.Record.Properties))
			}
		}
	}
	return tw.Flush()
}

func contactText(c client.Contact) string {
	parts := []string{}
	for _, s := range []string{c.Bureau, c.Unit, c.Details} {
		if s != "" {
			parts = append(parts, clean(s))
		}
	}
	return orDash(strings.Join(parts, " — "))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
