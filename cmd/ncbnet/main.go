// Command ncbnet runs and operates an ncbnet node: serve, demo, audit
// verification, operator bootstrap, benchmarks, and the client commands of
// the daily work (records, searches, checks, hits, messages) that talk to a
// running node through the Go SDK.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// command is a node of the command tree: a group of subcommands (subs), or
// a command that runs (run). The tree is the one list of commands: run
// dispatches through it, -h prints from it, and a test walks it.
type command struct {
	name, summary string
	// args is what follows the command's path in its usage line; example
	// is a whole command line (lines separated by "\n").
	args, example string
	// about says more in -h: formats, exit statuses.
	about string
	run   func(ctx context.Context, args []string, out io.Writer) error
	subs  []command
}

func commands() []command {
	return []command{
		{name: "serve", summary: "start a node", run: runServe,
			example: "ncbnet serve --data /var/lib/ncbnet --addr 0.0.0.0:8080"},
		{name: "demo", summary: "start a node on a fresh data folder with demo bureaus, units and users", run: runDemo,
			example: "ncbnet demo --demo-password 'a demo password'"},
		{name: "audit", summary: "audit log: verify (offline, end to end), checkpoint (online, with proofs)", subs: []command{
			{name: "verify", summary: "check the whole audit log offline against its signed checkpoints and those kept outside the store", run: runAuditVerify,
				example: "ncbnet audit verify --data ./ncbnet-data --checkpoint witness.note"},
			{name: "checkpoint", summary: "verify the node's latest checkpoint and prove the log only grew since the one seen last", run: runAuditCheckpoint,
				example: "ncbnet audit checkpoint --key \"$(cat node.vkey)\" --state witness.note"},
		}},
		{name: "admin", summary: "operator bootstrap: create an administrator", subs: []command{
			{name: "create", summary: "create an administrator in the Secretariat (password from NCBNET_ADMIN_PASSWORD or standard input)", run: runAdminCreate,
				example: "NCBNET_ADMIN_PASSWORD='…' ncbnet admin create --data ./ncbnet-data --username admin"},
		}},
		{name: "login", summary: "log in to a node and print a session token (password from NCBNET_PASSWORD or standard input)", run: runLogin,
			example: "export NCBNET_TOKEN=$(ncbnet login --server http://127.0.0.1:8080 --username fra.officer)"},
		{name: "me", summary: "show who a token stands for", run: runMe, example: "ncbnet me"},
		{name: "members", summary: "list the member countries", run: runMembers, example: "ncbnet members"},
		{name: "records", summary: "a bureau's records: records list|get|create|update|delete", subs: recordsCommands()},
		{name: "search", summary: "search the databases: search person|identifier|text", subs: searchCommands()},
		{name: "check", summary: "check a document, MRZ, person, vehicle, firearm or vessel: exits 4 on a hit", subs: checkCommands()},
		{name: "hits", summary: "hits on your bureau's records and of your checks: hits list|confirm|deny|watch", subs: hitsCommands()},
		{name: "import", summary: "import an NDJSON or CSV file of records into a database, with progress", run: runImport,
			args: "--db DATABASE [flags] FILE", about: importAbout, example: "ncbnet import --db sltd sltd.ndjson"},
		{name: "msg", summary: "secure messages: msg send|inbox|read|ack|keygen|publish-key", subs: msgCommands()},
		{name: "screen", summary: "screen a passenger or crew manifest: screen manifest FILE prints its hits", subs: []command{
			{name: "manifest", summary: "screen a passenger or crew manifest against the network's databases", run: runScreenManifest,
				args: "[flags] FILE", about: screenAbout, example: "ncbnet screen manifest --voyage 'AF0012 2026-11-27' af0012.csv"},
		}},
		{name: "edge", summary: "run an edge node: checks at a remote border point from a signed offline copy", run: runEdge,
			example: "ncbnet edge --server https://ncbnet.example --key \"$(cat node.vkey)\" --data /var/lib/ncbnet-edge"},
		{name: "synth", summary: "write synthetic records (e.g. synth sltd --n 1000000 > sltd.ndjson)", subs: synthCommands()},
		{name: "bench", summary: "run a benchmark scenario and print its figures", subs: []command{
			{name: "audit", summary: "measure audit appends with proofs available", run: runBenchAudit, example: "ncbnet bench audit --entries 200000"},
			{name: "import", summary: "measure a bulk import of synthetic travel documents into a node", run: runBenchImport, example: "ncbnet bench import --n 1000000"},
			{name: "lookup", summary: "measure identifier lookups in the in-memory index (and as a PostgreSQL query)", run: runBenchLookup, example: "ncbnet bench lookup --n 10000000"},
			{name: "people", summary: "measure person search over synthetic persons of many cultures and scripts", run: runBenchPeople, example: "ncbnet bench people --n 1000000"},
			{name: "checks", summary: "measure document checks over HTTP, manifests, and hits reaching the owner's stream", run: runBenchChecks, example: "ncbnet bench checks --docs 10000000 --clients 16,32"},
			{name: "search", summary: "measure person searches over HTTP through a whole node, every result a hit disclosed to its owner", run: runBenchSearch, example: "ncbnet bench search --persons 1000000 --clients 16"},
			{name: "text", summary: "measure free-text searches over works of art and incidents, in process and over HTTP", run: runBenchText, example: "ncbnet bench text --artworks 700000 --incidents 300000"},
			{name: "messages", summary: "measure messages accepted durably over HTTP, and diffusions to every bureau's stream", run: runBenchMessages, example: "ncbnet bench messages --messages 50000"},
		}},
		{name: "version", summary: "print the version", example: "ncbnet version", run: func(_ context.Context, args []string, out io.Writer) error {
			if err := parseFlags(newFlags("version"), args); err != nil {
				return err
			}
			fmt.Fprintln(out, "ncbnet", version)
			return nil
		}},
	}
}

// Exit statuses shared by every command; screen manifest, check and import
// add their own (see their -h).
const exitStatuses = `Exit status: 0 done; 1 failed (the node refused the request, with its
error code and message, or could not be reached); 2 bad usage (an unknown
command or flag, a missing argument), found before anything is sent.
check and screen manifest exit 4 on a hit (screen manifest 3 on unreadable
rows), import 3 when lines were rejected.`

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: ncbnet <command> [<subcommand>] [flags]\n\ncommands:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, "\nenvironment (only these variables are read; the command line wins):\n")
	printEnvironment(w, environment)
	fmt.Fprintf(w, "GOGC and GOMEMLIMIT, when set, replace the collector settings of serve, demo, edge and bench.\n\n%s\n\nRun ncbnet <command> -h for its subcommands or flags.\n", exitStatuses)
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
	if len(args) == 0 || isHelp(args[0]) {
		usage(errOut)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	top := command{subs: commands()}
	if _, ok := top.sub(args[0]); !ok {
		fmt.Fprintf(errOut, "ncbnet: unknown command %q\n\n", args[0])
		usage(errOut)
		return 2
	}
	path, err := top.dispatch(ctx, nil, args, out)
	var help helpText
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		fmt.Fprint(errOut, help.text)
		return 0
	}
	fmt.Fprintf(errOut, "ncbnet %s: %v\n", strings.Join(path, " "), err)
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "help" }

func (c command) sub(name string) (command, bool) {
	for _, s := range c.subs {
		if s.name == name {
			return s, true
		}
	}
	return command{}, false
}

// dispatch runs the command that args name below c (which is at path) and
// returns the path of the command that ran.
func (c command) dispatch(ctx context.Context, path, args []string, out io.Writer) ([]string, error) {
	if c.subs == nil {
		return path, c.run(ctx, args, out)
	}
	switch {
	case len(args) == 0:
		return path, usageError{"a subcommand is needed\n" + strings.TrimRight(c.groupHelp(path), "\n")}
	case isHelp(args[0]):
		return path, helpText{c.groupHelp(path)}
	}
	s, ok := c.sub(args[0])
	if !ok {
		return path, usageError{fmt.Sprintf("unknown subcommand %q\n%s", args[0], strings.TrimRight(c.groupHelp(path), "\n"))}
	}
	return s.dispatch(ctx, append(path, s.name), args[1:], out)
}

// groupHelp lists a group's subcommands.
func (c command) groupHelp(path []string) string {
	var b strings.Builder
	name := strings.Join(path, " ")
	fmt.Fprintf(&b, "usage: ncbnet %s <subcommand> [flags]\n\n", name)
	if c.summary != "" {
		fmt.Fprintf(&b, "%s\n\n", sentence(c.summary))
	}
	b.WriteString("subcommands:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, s := range c.subs {
		fmt.Fprintf(tw, "  %s\t%s\n", s.name, s.summary)
	}
	tw.Flush()
	if len(c.subs) > 0 && c.subs[0].example != "" {
		fmt.Fprintf(&b, "\nexample:\n%s\n", indent(c.subs[0].example))
	}
	fmt.Fprintf(&b, "\nRun ncbnet %s <subcommand> -h for its flags.\n", name)
	return b.String()
}

// find returns the command at path (e.g. "records list").
func find(path string) (command, bool) {
	c := command{subs: commands()}
	for _, name := range strings.Fields(path) {
		var ok bool
		if c, ok = c.sub(name); !ok {
			return command{}, false
		}
	}
	return c, true
}

// exitCoder lets an error choose the exit status (usage errors exit 2).
type exitCoder interface{ ExitCode() int }

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) ExitCode() int { return 2 }

// helpText is the answer to -h: run prints it and exits 0. It is
// flag.ErrHelp to those who ask.
type helpText struct{ text string }

func (helpText) Error() string        { return flag.ErrHelp.Error() }
func (helpText) Is(target error) bool { return target == flag.ErrHelp }

// envVar is an environment variable ncbnet reads. These are the only ones:
// a flag that no variable names is read from the command line alone, so
// that one name never means two things (a store here, a database there).
type envVar struct {
	name string
	// flag is the flag it gives a default to; "" when the command reads
	// the variable itself (a password, which no flag may carry).
	flag string
	// remote: every command that talks to a node (those with --server);
	// otherwise the commands listed.
	remote   bool
	commands []string
	meaning  string
}

// Variables read by commands themselves, not through a flag.
const (
	envPassword       = "NCBNET_PASSWORD"
	envAdminPassword  = "NCBNET_ADMIN_PASSWORD"
	envEdgeLocalToken = "NCBNET_EDGE_LOCAL_TOKEN"
)

// The commands that open a node's store.
var (
	nodeCommands  = []string{"serve", "demo", "admin create"}
	storeCommands = []string{"serve", "demo", "admin create", "audit verify"}
)

// environment is every variable ncbnet reads, what it sets and where.
var environment = []envVar{
	{name: "NCBNET_SERVER", flag: "server", remote: true, meaning: "URL of the node"},
	{name: "NCBNET_TOKEN", flag: "token", remote: true, meaning: "bearer token: a session (ncbnet login) or API token"},
	{name: envPassword, commands: []string{"login"}, meaning: "the password to log in with (else the first line of standard input)"},
	{name: envAdminPassword, commands: []string{"admin create"}, meaning: "the new administrator's password (else the first line of standard input)"},
	{name: "NCBNET_ADDR", flag: "addr", commands: []string{"serve", "demo"}, meaning: "address the node listens on"},
	{name: "NCBNET_DATA", flag: "data", commands: storeCommands, meaning: "the node's data folder: SQLite file, audit signing key, checkpoint, journal"},
	{name: "NCBNET_DB", flag: "db", commands: storeCommands, meaning: "the node's store: postgres://… or a SQLite file"},
	{name: "NCBNET_AUDIT_ORIGIN", flag: "audit-origin", commands: nodeCommands, meaning: "the audit log's name in its checkpoints"},
	{name: "NCBNET_NATS", flag: "nats", commands: nodeCommands, meaning: "nats:// URL of the event bus between nodes sharing a store"},
	{name: "NCBNET_NATS_STREAM", flag: "nats-stream", commands: nodeCommands, meaning: "the JetStream stream the nodes of one network share"},
	{name: "NCBNET_LOG_LEVEL", flag: "log-level", commands: nodeCommands, meaning: "debug, info, warn or error"},
	{name: "NCBNET_LOG_FORMAT", flag: "log-format", commands: nodeCommands, meaning: "text or json"},
	{name: envEdgeLocalToken, commands: []string{"edge"}, meaning: "the token the edge node's local checks API asks of desks (or --local-token-file)"},
	{name: "NCBNET_IDENTITY", flag: "identity", commands: []string{"msg read", "msg publish-key"}, meaning: "the bureau's age identity file"},
}

func (v envVar) appliesTo(cmd string, fs *flag.FlagSet) bool {
	if v.remote {
		return fs.Lookup("server") != nil
	}
	return slices.Contains(v.commands, cmd)
}

func (v envVar) where() string {
	what := "read by"
	if v.flag != "" {
		what = "--" + v.flag + " of"
	}
	if v.remote {
		return what + " every command that talks to a node"
	}
	return what + " " + strings.Join(v.commands, ", ")
}

func printEnvironment(w io.Writer, vars []envVar) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, v := range vars {
		fmt.Fprintf(tw, "  %s\t%s (%s)\n", v.name, v.meaning, v.where())
	}
	tw.Flush()
}

// newFlags returns the flag set of the command at path name (e.g.
// "records list"); parse it with parseFlags.
func newFlags(name string) *flag.FlagSet {
	return flag.NewFlagSet("ncbnet "+name, flag.ContinueOnError)
}

// parseFlags gives the flags their defaults from the environment variables
// that name them for this command, then parses args: flags may come before
// and after the positional arguments ("--" ends the flags), and the command
// line wins over the environment. -h answers the command's help.
func parseFlags(fs *flag.FlagSet, args []string) error {
	cmd := strings.TrimPrefix(fs.Name(), "ncbnet ")
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for _, v := range environment {
		if v.flag == "" || !v.appliesTo(cmd, fs) {
			continue
		}
		f := fs.Lookup(v.flag)
		val := os.Getenv(v.name)
		if f == nil || val == "" {
			continue
		}
		if err := f.Value.Set(val); err != nil {
			return usageError{fmt.Sprintf("%s: %v", v.name, err)}
		}
	}
	var positional []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return helpText{commandHelp(cmd, fs)}
			}
			return usageError{fmt.Sprintf("%v (ncbnet %s -h lists its flags)", err, cmd)}
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		if n := len(rest) - len(left); n > 0 && rest[n-1] == "--" {
			positional = append(positional, left...)
			break
		}
		positional, rest = append(positional, left[0]), left[1:]
	}
	// Parse again only to leave the positional arguments in fs.Args.
	return fs.Parse(append([]string{"--"}, positional...))
}

// commandHelp is a command's -h: its usage line, what it does, an example,
// its flags and the environment variables it reads.
func commandHelp(path string, fs *flag.FlagSet) string {
	c, _ := find(path)
	var b strings.Builder
	args := c.args
	if args == "" {
		args = "[flags]"
	}
	fmt.Fprintf(&b, "usage: ncbnet %s %s\n", path, args)
	if c.summary != "" {
		fmt.Fprintf(&b, "\n%s\n", sentence(c.summary))
	}
	if c.about != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimRight(c.about, "\n"))
	}
	if c.example != "" {
		fmt.Fprintf(&b, "\nexample:\n%s\n", indent(c.example))
	}
	var defaults strings.Builder
	fs.SetOutput(&defaults)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if defaults.Len() == 0 {
		b.WriteString("\nflags: none\n")
	} else {
		// Flags are written --name in this help, as in the docs.
		b.WriteString("\nflags:" + strings.ReplaceAll("\n"+defaults.String(), "\n  -", "\n  --"))
	}
	var vars []envVar
	for _, v := range environment {
		if v.appliesTo(path, fs) {
			vars = append(vars, v)
		}
	}
	if len(vars) > 0 {
		b.WriteString("\nenvironment:\n")
		printEnvironment(&b, vars)
	}
	return b.String()
}

// sentence makes a summary a sentence: capitalised, with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}
