package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ncbnet/ncbnet/client"
)

// searchCommands are the subcommands of search.
func searchCommands() []command {
	return []command{
		{name: "person", summary: "search persons by name across scripts, with birth date, nationality and sex as evidence", run: runSearchPerson,
			about: searchAbout, example: "ncbnet search person --name 'Sergei Volkov' --birth-date 1979-02-11 --purpose criminal-investigation"},
		{name: "identifier", summary: "search by an identifier: a document number, VIN, plate, IMO number, serial number…", run: runSearchIdentifier,
			about: searchAbout, example: "ncbnet search identifier --schema Passport --number 19FV04321 --country FRA --purpose criminal-investigation\nncbnet search identifier --schema Vehicle --prop vin=1M8GDM9AXKP042788 --purpose criminal-investigation"},
		{name: "text", summary: "search free text: works of art by title, creator and description, incidents by name and modus operandi", run: runSearchText,
			about:   searchAbout + "\n\n--text looks for its words in every searchable property of the schema; --prop\nnames one (a property that is not searchable is refused: 422 not_searchable,\nnaming those that are).",
			example: "ncbnet search text --schema Artwork --text 'Renoir bathers' --purpose criminal-investigation"},
	}
}

const searchAbout = `Prints the records found, best first: score (a match from 0.70), database,
owner, record and its properties, and why it was found. Every record of
another bureau that a search shows is a hit its owner is told of; every
search is audited with its purpose. --json prints the API's answer.
Exit status: 0 the search ran (whether or not it found anything), 1 the
node refused it (e.g. 422 not_searchable, 403 forbidden: its code and
message are printed) or could not be reached, 2 bad usage.`

// searchFlags are the flags every search takes.
type searchFlags struct {
	remoteFlags
	purpose, databases string
	limit              int
	props              propList
	asJSON             bool
}

func (s *searchFlags) register(fs *flag.FlagSet) {
	s.remoteFlags.register(fs)
	fs.StringVar(&s.purpose, "purpose", "", "declared purpose of the search (the node lists them when it is missing)")
	fs.StringVar(&s.databases, "db", "", "search only these databases, comma-separated (default: every one you may search that holds the schema)")
	fs.IntVar(&s.limit, "limit", 0, "at most this many results (1 to 100; default 10)")
	fs.Var(&s.props, "prop", "a property of the query as name=value (repeatable)")
	fs.BoolVar(&s.asJSON, "json", false, "print the API's JSON")
}

// query is the search the flags ask for, with the properties props adds
// (the --prop flags win).
func (s *searchFlags) query(schema string, props map[string][]string) client.SearchQuery {
	q := client.SearchQuery{Purpose: s.purpose, Databases: splitList(s.databases), Limit: s.limit}
	q.Query.Schema = schema
	q.Query.Properties = s.props.addTo(props)
	return q
}

func runSearchPerson(ctx context.Context, args []string, out io.Writer) error {
	var s searchFlags
	fs := newFlags("search person")
	s.register(fs)
	name := fs.String("name", "", "the person's name, in any script")
	birth := fs.String("birth-date", "", "birth date: 1979-02-11, 1979-02 or 1979")
	nationality := fs.String("nationality", "", "nationality (ISO3)")
	gender := fs.String("gender", "", "male, female or other")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	props := nonEmpty(map[string]string{"name": *name, "birthDate": *birth, "nationality": *nationality, "gender": *gender})
	q := s.query("Person", props)
	if len(q.Query.Properties["name"]) == 0 && len(q.Query.Properties["alias"]) == 0 {
		return usageError{"--name is required"}
	}
	return search(ctx, s, q, out)
}

func runSearchIdentifier(ctx context.Context, args []string, out io.Writer) error {
	var s searchFlags
	fs := newFlags("search identifier")
	s.register(fs)
	schema := fs.String("schema", "", "the schema searched: Passport, AdministrativeDocument, Vehicle, Vessel, Firearm, Person…")
	number := fs.String("number", "", "a document's number (the property number)")
	country := fs.String("country", "", "the issuing or registering country (ISO3; the property country)")
	typ := fs.String("type", "", "the document type (ICAO 9303: P, I, A, C, V; the property type)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *schema == "" {
		return usageError{"--schema is required, e.g. --schema Passport"}
	}
	q := s.query(*schema, nonEmpty(map[string]string{"number": *number, "country": *country, "type": *typ}))
	if len(q.Query.Properties) == 0 {
		return usageError{"give the identifier: --number, or --prop name=value (e.g. --prop vin=…)"}
	}
	return search(ctx, s, q, out)
}

func runSearchText(ctx context.Context, args []string, out io.Writer) error {
	var s searchFlags
	fs := newFlags("search text")
	s.register(fs)
	schema := fs.String("schema", "", "the schema searched: Artwork, Incident…")
	text := fs.String("text", "", "words to find in any of the schema's searchable properties")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *schema == "" {
		return usageError{"--schema is required, e.g. --schema Artwork"}
	}
	if *text == "" && len(s.props.props) == 0 {
		return usageError{"give the words: --text, or --prop name=words"}
	}
	c, err := s.client(true)
	if err != nil {
		return err
	}
	props := map[string][]string{}
	if *text != "" {
		names, err := searchableProperties(ctx, c, *schema, splitList(s.databases))
		if err != nil {
			return err
		}
		for _, name := range names {
			props[name] = []string{*text}
		}
	}
	return search(ctx, s, s.query(*schema, props), out)
}

// searchableProperties returns the free-text properties of a schema, as the
// node describes its databases: --text is looked for in each.
func searchableProperties(ctx context.Context, c *client.Client, schema string, only []string) ([]string, error) {
	dbs, err := c.Databases(ctx)
	if err != nil {
		return nil, err
	}
	var names, withText []string
	found, listed := false, map[string]bool{}
	for _, d := range dbs {
		if len(only) > 0 && !slices.Contains(only, d.ID) {
			continue
		}
		for _, sc := range d.Schemas {
			var text []string
			for _, p := range sc.Properties {
				if p.Searchable {
					text = append(text, p.Name)
				}
			}
			if len(text) > 0 && !listed[sc.Name] {
				listed[sc.Name] = true
				withText = append(withText, sc.Name+" ("+strings.Join(text, ", ")+")")
			}
			if sc.Name != schema {
				continue
			}
			found = true
			for _, name := range text {
				if !slices.Contains(names, name) {
					names = append(names, name)
				}
			}
		}
	}
	switch {
	case !found:
		return nil, usageError{fmt.Sprintf("no database searched holds the schema %q; free text is searchable in %s", schema, strings.Join(withText, ", "))}
	case len(names) == 0:
		return nil, usageError{fmt.Sprintf("%s has no free text to search: free text is searchable in %s (search %s with search identifier or search person)", schema, strings.Join(withText, ", "), schema)}
	}
	return names, nil
}

// search runs q and prints what it found.
func search(ctx context.Context, s searchFlags, q client.SearchQuery, out io.Writer) error {
	c, err := s.client(true)
	if err != nil {
		return err
	}
	results, err := c.Search(ctx, q)
	if err != nil {
		return err
	}
	if s.asJSON {
		if results == nil {
			results = []client.SearchResult{}
		}
		return writeJSON(out, struct {
			Items []client.SearchResult `json:"items"`
		}{results})
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCORE\tMATCH\tDATABASE\tOWNER\tRECORD\tPROPERTIES\tWHY")
	matches := 0
	for _, r := range results {
		match := "-"
		if r.Match {
			match, matches = "yes", matches+1
		}
		fmt.Fprintf(tw, "%.2f\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Score, match, r.Record.Database, r.Record.Owner, r.Record.ID,
			propertySummary(r.Record.Properties), explanation(r.Explanation))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d results, %d matches\n", len(results), matches)
	return nil
}

// explanation says on one line why a record was found.
func explanation(why []string) string {
	parts := make([]string, 0, len(why))
	for _, w := range why {
		if w = strings.TrimSpace(w); w != "" {
			parts = append(parts, w)
		}
	}
	return clean(strings.Join(parts, "; "))
}

// parseNoArgs parses the flags of a command that takes no positional
// argument.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (everything goes in flags)", fs.Arg(0))}
	}
	return nil
}

// nonEmpty turns the values given into properties.
func nonEmpty(values map[string]string) map[string][]string {
	props := map[string][]string{}
	for name, v := range values {
		if v != "" {
			props[name] = []string{v}
		}
	}
	return props
}
