package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// stderr is where commands draw progress (a variable for tests).
var stderr io.Writer = os.Stderr

// databaseID is the shape of a database id (DOMAIN.md: sltd, works-of-art, …).
var databaseID = regexp.MustCompile(`^[a-z][a-z-]{1,39}$`)

// importAbout is what import -h says beyond its flags.
const importAbout = `Streams FILE (- for standard input) into the database, drawing progress on
stderr, and prints the report with the first rejected lines. Sending the
same file again resumes an interrupted import (lines already imported
count as existing).

Exit status: 0 every line imported (or there already), 3 some lines were
rejected, 1 the import failed, 2 bad usage.`

// rejectedLines is the exit status of an import that completed with lines
// rejected, so that scripts can tell it from a clean one (0) and a failure (1).
const rejectedLines = 3

type importRejected struct{ n int }

func (e importRejected) Error() string { return fmt.Sprintf("%d lines were rejected (see above)", e.n) }
func (e importRejected) ExitCode() int { return rejectedLines }

// runImport streams a file of records to a node and prints the report.
func runImport(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("import")
	f.register(fs)
	db := fs.String("db", "", "database to import into, e.g. sltd (its id: NCBNET_DB, serve's store, is not read here)")
	format := fs.String("format", "", "ndjson or csv (default: csv for a .csv file, else ndjson)")
	asJSON := fs.Bool("json", false, "print the whole report as JSON")
	quiet := fs.Bool("quiet", false, "draw no progress")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !databaseID.MatchString(*db) {
		return usageError{"--db names the database to import into, e.g. --db sltd"}
	}
	if fs.NArg() != 1 {
		return usageError{"give one file to import (or - for standard input)"}
	}
	name := fs.Arg(0)
	if *format == "" {
		*format = "ndjson"
		if strings.HasSuffix(strings.ToLower(name), ".csv") {
			*format = "csv"
		}
	}
	if *format != "ndjson" && *format != "csv" {
		return usageError{fmt.Sprintf("--format is ndjson or csv, not %q", *format)}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	in, size, err := openImport(name)
	if err != nil {
		return err
	}
	defer in.Close()

	sent := &countingReader{r: in}
	bar := newProgressBar(stderr, *db, size, *format == "csv")
	stop := func() {}
	if !*quiet {
		stop = bar.run(sent)
	}
	start := time.Now()
	rep, err := c.Import(ctx, *db, *format, sent)
	stop()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted after %s: run the same command again to resume (lines already imported count as existing)", bytesText(sent.total()))
		}
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printImportReport(out, rep, time.Since(start))
	}
	if rep.Rejected > 0 {
		return importRejected{rep.Rejected}
	}
	return nil
}

// openImport opens the file to import ("-": standard input) and returns its
// size, or -1 when it is not known (a pipe).
func openImport(name string) (io.ReadCloser, int64, error) {
	var f *os.File
	var rc io.ReadCloser
	if name == "-" {
		f, rc = os.Stdin, io.NopCloser(os.Stdin)
	} else {
		var err error
		if f, err = os.Open(name); err != nil {
			return nil, 0, err
		}
		rc = f
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return rc, -1, nil
	}
	return rc, st.Size(), nil
}

// maxErrorsShown is how many rejected lines the summary lists.
const maxErrorsShown = 20

func printImportReport(out io.Writer, rep client.ImportReport, took time.Duration) {
	fmt.Fprintf(out, "import %s: %s lines: %s created, %s existing, %s rejected (%s, %s records/s)\n",
		rep.ImportID, thousands(int64(rep.Lines)), thousands(int64(rep.Created)), thousands(int64(rep.Existing)), thousands(int64(rep.Rejected)),
		took.Round(100*time.Millisecond), thousands(int64(float64(rep.Lines)/max(took.Seconds(), 1e-3))))
	for i, e := range rep.Errors {
		if i == maxErrorsShown {
			fmt.Fprintf(out, "… %d more rejected lines (--json lists the first %d)\n", rep.Rejected-maxErrorsShown, len(rep.Errors))
			break
		}
		field := ""
		if e.Field != "" {
			field = e.Field + ": "
		}
		fmt.Fprintf(out, "line %d: %s%s (%s)\n", e.Line, field, e.Message, e.Code)
	}
}

// countingReader counts the bytes and line breaks read through it.
type countingReader struct {
	r     io.Reader
	mu    sync.Mutex
	bytes int64
	lines int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	lines := int64(0)
	for _, b := range p[:n] {
		if b == '\n' {
			lines++
		}
	}
	c.mu.Lock()
	c.bytes += int64(n)
	c.lines += lines
	c.mu.Unlock()
	return n, err
}

func (c *countingReader) counts() (bytes, lines int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes, c.lines
}

func (c *countingReader) total() int64 { b, _ := c.counts(); return b }

// progressBar draws an import's progress on stderr: redrawn in place at
// most ten times a second on a terminal, a plain line every few seconds
// otherwise (a log file or CI output).
type progressBar struct {
	w        io.Writer
	what     string
	size     int64 // -1: unknown
	header   bool  // the first line is a CSV header, not a record
	terminal bool
	start    time.Time
}

func newProgressBar(w io.Writer, what string, size int64, header bool) *progressBar {
	terminal := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			terminal = true
		}
	}
	return &progressBar{w: w, what: what, size: size, header: header, terminal: terminal}
}

// run draws until the returned stop is called, which draws the last state.
func (p *progressBar) run(c *countingReader) (stop func()) {
	p.start = time.Now()
	every := 5 * time.Second
	if p.terminal {
		every = 100 * time.Millisecond
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				p.draw(c, now, false)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		p.draw(c, time.Now(), true)
	}
}

func (p *progressBar) draw(c *countingReader, now time.Time, last bool) {
	bytes, lines := c.counts()
	if p.header && lines > 0 {
		lines--
	}
	line := p.line(bytes, lines, now.Sub(p.start))
	switch {
	case p.terminal && last:
		fmt.Fprintf(p.w, "\r%s\x1b[K\n", line)
	case p.terminal:
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	default:
		fmt.Fprintln(p.w, line)
	}
}

// line is the text of the progress: bytes sent of the size, the share and
// a bar when the size is known, records (lines) sent a second, time left.
func (p *progressBar) line(bytes, records int64, elapsed time.Duration) string {
	secs := max(elapsed.Seconds(), 1e-3)
	rate := fmt.Sprintf("%s records/s", thousands(int64(float64(records)/secs)))
	if p.size < 0 {
		return fmt.Sprintf("%s: %s sent, %s records, %s", p.what, bytesText(bytes), thousands(records), rate)
	}
	frac := 1.0
	if p.size > 0 {
		frac = min(float64(bytes)/float64(p.size), 1)
	}
	const width = 24
	filled := int(frac * width)
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	if filled < width {
		bar = strings.Repeat("=", filled) + ">" + strings.Repeat(" ", width-filled-1)
	}
	eta := "--:--"
	if bytes > 0 && frac < 1 {
		eta = clockText(time.Duration(float64(elapsed) * (1 - frac) / frac))
	} else if frac >= 1 {
		eta = "0:00"
	}
	return fmt.Sprintf("%s: [%s] %3.0f%% %s / %s, %s records, %s, ETA %s",
		p.what, bar, frac*100, bytesText(bytes), bytesText(p.size), thousands(records), rate, eta)
}

func clockText(d time.Duration) string {
	s := int64(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// thousands writes n with thousands separators: 1,234,567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
