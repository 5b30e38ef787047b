package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/ncbnet/ncbnet/internal/synth"
)

// synthCommands are synth's subcommands: one a kind of record.
func synthCommands() []command {
	kinds := synth.Kinds()
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []command
	for _, name := range names {
		kind := kinds[name]
		out = append(out, command{
			name: name, summary: "write synthetic records of the " + kind.Database() + " database (deterministic: the same seed, the same records)",
			args: "[flags] > FILE", example: fmt.Sprintf("ncbnet synth %s --n 1000000 > %s.ndjson", name, name),
			run: func(ctx context.Context, args []string, out io.Writer) error {
				return runSynth(ctx, name, kind, args, out)
			},
		})
	}
	return out
}

// runSynth writes synthetic records of a kind, e.g. ncbnet synth sltd --n 1000000 > sltd.ndjson.
func runSynth(ctx context.Context, name string, kind synth.Kind, args []string, out io.Writer) error {
	fs := newFlags("synth " + name)
	n := fs.Int("n", 1000, "records to write")
	from := fs.Int("from", 0, "position of the first record (records are numbered from 0; a part of a file is the same as in the whole)")
	seed := fs.Uint64("seed", 1, "seed: the same seed makes the same records")
	format := fs.String("format", synth.NDJSON, "ndjson or csv")
	prefix := fs.String("key-prefix", "", "start of every record's key (default: the kind's)")
	output := fs.String("out", "", "file to write (default: standard output)")
	// A bureau imports only the documents its own country issued, so a file
	// of travel documents has one issuing country: by default that of the
	// demo's fra.officer, who imports it.
	docs, isDocs := kind.(synth.TravelDocuments)
	var country *string
	if isDocs {
		country = fs.String("country", "FRA", "issuing country of every document (ISO 3166-1 alpha-3 code of a member country): the importing bureau's own")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 0 || *from < 0 {
		return usageError{"--n and --from are not negative"}
	}
	if isDocs {
		c, err := synth.IssuingCountry(*country)
		if err != nil {
			return usageError{"--country: " + err.Error()}
		}
		docs.Country, docs.KeyPrefix = c, *prefix
		kind = docs
	}
	w := out
	if *output != "" {
		f, err := os.Create(*output)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := synth.Write(&ctxWriter{ctx: ctx, w: w}, kind, *format, *seed, *from, *from+*n); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *output != "" {
		return f.Close()
	}
	return nil
}

// ctxWriter stops a long write when ctx ends (Ctrl-C).
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
