// Command ncbnet runs and operates an ncbnet node: serve, demo, audit
// verification, operator bootstrap, benchmarks, and a few client commands
// that talk to a running node through the Go SDK.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, out io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "start a node", runServe},
		{"demo", "start a node on a fresh data folder with demo bureaus, units and users", runDemo},
		{"audit", "audit log: verify (offline, end to end), checkpoint (online, with proofs)", runAudit},
		{"admin", "operator bootstrap: create an administrator", runAdmin},
		{"login", "log in to a node and print a session token", runLogin},
		{"me", "show who a token stands for", runMe},
		{"members", "list the member countries", runMembers},
		{"import", "import an NDJSON or CSV file of records into a database, with progress", runImport},
		{"edge", "run an edge node: checks at a remote border point from a signed offline copy", runEdge},
		{"msg", "secure messages: msg send|inbox|read|ack|keygen|publish-key", runMsg},
		{"screen", "screen a passenger or crew manifest: screen manifest FILE prints its hits", runScreen},
		{"synth", "write synthetic records (e.g. synth sltd --n 1000000 > sltd.ndjson)", runSynth},
		{"bench", "run a benchmark scenario and print its figures", runBench},
		{"version", "print the version", func(_ context.Context, _ []string, out io.Writer) error {
			fmt.Fprintln(out, "ncbnet", version)
			return nil
		}},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ncbnet <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun ncbnet <command> -h for a command's flags. Every flag can also be set as NCBNET_<FLAG> (e.g. NCBNET_DB).")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if len(os.Args) > 1 && runsNode[os.Args[1]] {
		tuneGC()
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(errOut)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], out)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		default:
			fmt.Fprintf(errOut, "ncbnet %s: %v\n", c.name, err)
			var ec exitCoder
			if errors.As(err, &ec) {
				return ec.ExitCode()
			}
			return 1
		}
	}
	fmt.Fprintf(errOut, "ncbnet: unknown command %q\n\n", args[0])
	usage(errOut)
	return 2
}

// exitCoder lets an error choose the exit status (usage errors exit 2).
type exitCoder interface{ ExitCode() int }

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) ExitCode() int { return 2 }

// newFlags returns a flag set whose flags default to NCBNET_<NAME> from the
// environment once parsed with parseFlags.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("ncbnet "+name, flag.ContinueOnError)
	return fs
}

// parseFlags parses args after applying NCBNET_* environment defaults;
// flags on the command line win over the environment.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		key := "NCBNET_" + envName(f.Name)
		if v, ok := os.LookupEnv(key); ok {
			if err := f.Value.Set(v); err != nil && envErr == nil {
				envErr = fmt.Errorf("%s: %w", key, err)
			}
		}
	})
	if envErr != nil {
		return usageError{envErr.Error()}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func envName(flagName string) string {
	b := []byte(flagName)
	for i, c := range b {
		switch {
		case c == '-':
			b[i] = '_'
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
