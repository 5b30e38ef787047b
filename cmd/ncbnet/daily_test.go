package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"github.com/ncbnet/ncbnet/internal/synth"
)

const dailyPassword = "daily test password"

// demoNode starts a demo node in-process on the store dsn ("": SQLite in
// the test's folder) and returns its URL and a function that logs a demo
// user in and returns its token.
func demoNode(t *testing.T, dsn string) (url string, login func(user string) string) {
	t.Helper()
	ctx := context.Background()
	node, err := app.Open(ctx, app.Config{DataDir: t.TempDir(), DB: dsn, Argon2: &auth.Params{MemoryKiB: 64, Time: 1, Threads: 1},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", StreamHeartbeat: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Close() })
	if _, err := node.SeedDemo(ctx, dailyPassword, synth.WriteDemoDocuments); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(node.API)
	t.Cleanup(srv.Close)
	return srv.URL, func(user string) string {
		t.Helper()
		c, err := client.New(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.Login(ctx, user, dailyPassword)
		if err != nil {
			t.Fatalf("log in %s: %v", user, err)
		}
		return s.Token
	}
}

// dailyCLI returns a runner of `ncbnet ARGS… --server url --token T` that
// answers the exit code, standard output and standard error (and what the
// command drew on the package's stderr).
func dailyCLI(t *testing.T, url string) func(token string, args ...string) (int, string, string) {
	return func(token string, args ...string) (int, string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args, "--server", url, "--token", token), &out, &errOut)
		return code, out.String(), errOut.String()
	}
}

// lockedBuffer is a buffer that a command writes while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls until fn holds, failing t after a while.
func waitFor(t *testing.T, what string, fn func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !fn(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// claireMartinMRZ is the machine readable zone (ICAO 9303 TD3) of
// Claire Martin's stolen French passport, as a demo record holds it.
const claireMartinMRZ = "P<FRAMARTIN<<CLAIRE<<<<<<<<<<<<<<<<<<<<<<<<<\n19FV043218FRA8503013F3001019<<<<<<<<<<<<<<04"

// The commands of the daily work against a demo node, on every store: each
// group's happy path, and bad input refused with the node's error (or a
// usage error) and a non-zero exit.
func TestDailyCommands(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			url, login := demoNode(t, b.DSN(t))
			ncbnet := dailyCLI(t, url)
			fra, fraBorder, deu, sgpBorder := login("fra.officer"), login("fra.border-officer"), login("deu.officer"), login("sgp.border-officer")
			t.Run("records", func(t *testing.T) { testRecordsCommands(t, ncbnet, fra, fraBorder, deu) })
			t.Run("search", func(t *testing.T) { testSearchCommands(t, ncbnet, fra, fraBorder, deu) })
			t.Run("check and hits", func(t *testing.T) { testCheckAndHitsCommands(t, url, ncbnet, fra, deu, sgpBorder, login("fra.dpo")) })
			t.Run("environment", func(t *testing.T) { testRemoteEnvironment(t, url, fra) })
		})
	}
}

func testRecordsCommands(t *testing.T, ncbnet func(string, ...string) (int, string, string), fra, fraBorder, deu string) {
	code, out, errOut := ncbnet(fra, "records", "create", "sltd", "--schema", "Passport", "--prop", "number=22FV00017", "--prop", "country=FRA",
		"--prop", "type=P", "--prop", "status=stolen", "--prop", "lossPlace=Lyon", "--ncb-only", "--key", "cli-1")
	m := regexp.MustCompile(`created record (\S+) in sltd \(key cli-1\)`).FindStringSubmatch(out)
	if code != 0 || m == nil || !strings.Contains(out, "NCBs only") || !strings.Contains(out, "22FV00017") {
		t.Fatalf("records create: %d\n%s%s", code, out, errOut)
	}
	id := m[1]
	if code, out, errOut = ncbnet(fra, "records", "create", "sltd", "--schema", "Passport", "--prop", "number=22FV00017", "--prop", "country=FRA",
		"--prop", "type=P", "--prop", "status=stolen", "--prop", "lossPlace=Lyon", "--ncb-only", "--key", "cli-1"); code != 0 || !strings.Contains(out, "record "+id+" was created earlier with key cli-1") {
		t.Fatalf("records create again with the same key: %d\n%s%s", code, out, errOut)
	}
	// From a file, with a flag added, as JSON.
	file := filepath.Join(t.TempDir(), "record.json")
	if err := os.WriteFile(file, []byte(`{"schema":"Passport","properties":{"number":["22FV00018"],"country":["FRA"],"type":["P"]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = ncbnet(fra, "records", "create", "sltd", "--file", file, "--prop", "status=lost", "--json")
	var fromFile client.Record
	if err := json.Unmarshal([]byte(out), &fromFile); code != 0 || err != nil || fromFile.Properties["status"][0] != "lost" || fromFile.Owner != "FRA" {
		t.Fatalf("records create --file --json: %d %v\n%s%s", code, err, out, errOut)
	}

	code, out, errOut = ncbnet(fra, "records", "get", id, "--purpose", "criminal-investigation")
	if code != 0 || !regexp.MustCompile(`status:\s+active \(version 1\)`).MatchString(out) || !strings.Contains(out, "lossPlace") || !strings.Contains(out, "NCBs only") {
		t.Fatalf("records get: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ncbnet(fra, "records", "update", id, "--prop", "status=lost", "--remove", "lossPlace", "--version", "1")
	if code != 0 || !strings.Contains(out, "is at version 2") || strings.Contains(out, "lossPlace") {
		t.Fatalf("records update: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut = ncbnet(fra, "records", "update", id, "--prop", "status=stolen", "--version", "1"); code != 1 || !strings.Contains(errOut, "409 conflict") || !strings.Contains(errOut, "version 2") {
		t.Fatalf("records update of a moved record: %d %s", code, errOut)
	}
	if code, out, errOut = ncbnet(fra, "records", "update", id, "--status", "blocked", "--restrictions", "{}"); code != 0 || strings.Contains(out, "NCBs only") || !strings.Contains(out, "blocked") {
		t.Fatalf("records update --status --restrictions: %d\n%s%s", code, out, errOut)
	}

	code, out, errOut = ncbnet(fra, "records", "list", "sltd", "--status", "blocked")
	if code != 0 || !regexp.MustCompile(regexp.QuoteMeta(id)+`\s+Passport\s+FRA\s+blocked\s+\S+\s+number=22FV00017`).MatchString(out) || !strings.Contains(out, "1 records") {
		t.Fatalf("records list --status blocked: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ncbnet(fra, "records", "list", "sltd", "--limit", "2")
	if code != 0 || !strings.Contains(out, "2 records") || !strings.Contains(out, "more: --cursor ") {
		t.Fatalf("records list --limit 2: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ncbnet(fra, "records", "list", "sltd", "--all", "--limit", "700", "--json")
	var all client.Page[client.Record]
	// 5,000 synthetic documents, 2 demo passports, the 2 made here.
	if err := json.Unmarshal([]byte(out), &all); code != 0 || err != nil || len(all.Items) != 5004 || all.NextCursor != nil {
		t.Fatalf("records list --all: %d %v, %d records\n%s", code, err, len(all.Items), errOut)
	}
	if code, out, errOut = ncbnet(fra, "records", "list", "nominal", "--purpose", "criminal-investigation", "--owner", "DEU"); code != 0 || !strings.Contains(out, "Сергей Петрович Волков") {
		t.Fatalf("records list of another bureau's with a purpose: %d\n%s%s", code, out, errOut)
	}

	// Refusals: the node's error comes through, with a non-zero exit.
	for _, tc := range []struct {
		name  string
		token string
		args  []string
		code  int
		want  []string
	}{
		{"no schema", fra, []string{"records", "create", "sltd", "--prop", "number=1"}, 2, []string{"--schema"}},
		{"no database", fra, []string{"records", "list"}, 2, []string{"give a database"}},
		{"unknown database", fra, []string{"records", "list", "nodb"}, 1, []string{"404", `no database "nodb"`}},
		{"a bad date", fra, []string{"records", "list", "sltd", "--review-before", "soon"}, 2, []string{"--review-before"}},
		{"a border point browses", fraBorder, []string{"records", "list", "sltd"}, 1, []string{"403"}},
		{"another bureau deletes", deu, []string{"records", "delete", id}, 1, []string{"403 not_owner"}},
		{"an invalid property", fra, []string{"records", "create", "sltd", "--schema", "Passport", "--prop", "number=22FV00019", "--prop", "country=FRA", "--prop", "type=Q", "--prop", "status=stolen"}, 1, []string{"422", "type"}},
		{"a file with a field the record has not", fra, []string{"records", "create", "sltd", "--file", writeTemp(t, `{"schema":"Passport","colour":"red"}`)}, 1, []string{"colour"}},
		{"nothing to change", fra, []string{"records", "update", id}, 2, []string{"nothing to change"}},
		{"a typo'd subcommand", fra, []string{"records", "lst"}, 2, []string{`unknown subcommand "lst"`, "list", "get", "create", "update", "delete"}},
	} {
		code, out, errOut := ncbnet(tc.token, tc.args...)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, out, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, errOut)
			}
		}
	}

	if code, out, errOut = ncbnet(fra, "records", "delete", id); code != 0 || !strings.Contains(out, "record "+id+" deleted") {
		t.Fatalf("records delete: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut = ncbnet(fra, "records", "get", id, "--purpose", "criminal-investigation", "--json"); code != 1 || !strings.Contains(errOut, "not_found") {
		t.Fatalf("records get of a deleted record: %d %s", code, errOut)
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func testSearchCommands(t *testing.T, ncbnet func(string, ...string) (int, string, string), fra, fraBorder, deu string) {
	const purpose = "criminal-investigation"
	code, out, errOut := ncbnet(fra, "search", "person", "--name", "Sergei Volkov", "--birth-date", "1979-02-11", "--purpose", purpose)
	if code != 0 || !regexp.MustCompile(`\d\.\d\d\s+yes\s+nominal\s+DEU\s+\S+\s+name=Сергей Петрович Волков`).MatchString(out) {
		t.Fatalf("search person: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ncbnet(deu, "search", "identifier", "--schema", "Passport", "--number", "19FV04321", "--country", "FRA", "--purpose", purpose, "--json")
	var found struct{ Items []client.SearchResult }
	if err := json.Unmarshal([]byte(out), &found); code != 0 || err != nil || len(found.Items) == 0 || found.Items[0].Record.Owner != "FRA" || !found.Items[0].Match {
		t.Fatalf("search identifier --json: %d %v\n%s%s", code, err, out, errOut)
	}
	if code, out, errOut = ncbnet(deu, "search", "identifier", "--schema", "Vehicle", "--prop", "vin=1M8GDM9AXKP042788", "--purpose", purpose); code != 0 || !strings.Contains(out, "smv") {
		t.Fatalf("search identifier --prop: %d\n%s%s", code, out, errOut)
	}

	// Free text: a work of art FRA records, found by DEU by its words.
	if code, out, errOut = ncbnet(fra, "records", "create", "works-of-art", "--schema", "Artwork", "--prop", "title=Les Baigneuses",
		"--prop", "creator=Pierre-Auguste Renoir", "--prop", "description=Oil on canvas, bathers by a river", "--prop", "status=stolen"); code != 0 {
		t.Fatalf("records create of a work of art: %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = ncbnet(deu, "search", "text", "--schema", "Artwork", "--text", "renoir bathers", "--purpose", purpose); code != 0 || !strings.Contains(out, "works-of-art") || !strings.Contains(out, "Les Baigneuses") {
		t.Fatalf("search text: %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = ncbnet(deu, "search", "text", "--schema", "Artwork", "--prop", "description=river", "--purpose", purpose); code != 0 || !strings.Contains(out, "Les Baigneuses") {
		t.Fatalf("search text --prop: %d\n%s%s", code, out, errOut)
	}

	for _, tc := range []struct {
		name  string
		token string
		args  []string
		code  int
		want  []string
	}{
		{"a property that is not searchable", deu, []string{"search", "text", "--schema", "Artwork", "--prop", "dimensions=40x50", "--purpose", purpose}, 1,
			[]string{"422 not_searchable", "dimensions is not searchable in Artwork", "title, creator, description"}},
		{"words for a schema without free text", deu, []string{"search", "text", "--schema", "Passport", "--text", "Martin", "--purpose", purpose}, 2,
			[]string{"Passport has no free text", "Artwork (title, creator, description)"}},
		{"an unknown schema", deu, []string{"search", "text", "--schema", "Painting", "--text", "Renoir", "--purpose", purpose}, 2, []string{`"Painting"`}},
		{"no name", fra, []string{"search", "person", "--birth-date", "1979-02-11", "--purpose", purpose}, 2, []string{"--name is required"}},
		{"no purpose", fra, []string{"search", "person", "--name", "Sergei Volkov"}, 1, []string{"purpose", "criminal-investigation"}},
		{"no schema", fra, []string{"search", "identifier", "--number", "19FV04321", "--purpose", purpose}, 2, []string{"--schema is required"}},
		{"an unknown database", fra, []string{"search", "person", "--name", "Sergei Volkov", "--db", "nodb", "--purpose", purpose}, 1, []string{"422", "nodb"}},
		{"a border point searches", fraBorder, []string{"search", "person", "--name", "Sergei Volkov", "--purpose", "border-control"}, 1, []string{"403"}},
		{"a typo'd subcommand", fra, []string{"search", "persons"}, 2, []string{`unknown subcommand "persons"`, "person", "identifier", "text"}},
	} {
		code, out, errOut := ncbnet(tc.token, tc.args...)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, out, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, errOut)
			}
		}
	}
}

func testCheckAndHitsCommands(t *testing.T, url string, ncbnet func(string, ...string) (int, string, string), fra, deu, sgpBorder, fraDPO string) {
	code, out, errOut := ncbnet(sgpBorder, "check", "document", "--number", "19FV04321", "--country", "FRA")
	hit := regexp.MustCompile(`hit:\s+(\S+) \(confirmation: pending\)`).FindStringSubmatch(out)
	if code != screenHits || hit == nil || !strings.Contains(errOut, "hit: act on it") {
		t.Fatalf("check document: %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"HIT in sltd", "of FRA", "matched:", "urgency:", "FRA answers by", "contact:", "NCB Paris 24/7 desk"} {
		if !strings.Contains(out, want) {
			t.Errorf("check document does not say %q:\n%s", want, out)
		}
	}
	hitID := hit[1]

	// Every kind of item, and the MRZ three ways.
	mrzFile := filepath.Join(t.TempDir(), "mrz.txt")
	if err := os.WriteFile(mrzFile, []byte(claireMartinMRZ+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"mrz", "--mrz", strings.ReplaceAll(claireMartinMRZ, "\n", `\n`)},
		{"mrz", "--mrz-file", mrzFile},
		{"person", "--name", "Sergei Volkov", "--birth-date", "1979-02-11"},
		{"vehicle", "--vin", "1M8GDM9AXKP042788"},
		{"firearm", "--make", "Taurus", "--serial", "TBR-48213"},
		{"vessel", "--imo", "IMO 9074729"},
	} {
		if code, out, errOut := ncbnet(sgpBorder, append([]string{"check"}, args...)...); code != screenHits || !strings.Contains(out, "HIT in ") {
			t.Errorf("check %v: %d\n%s%s", args, code, out, errOut)
		}
	}
	withStdin(t, claireMartinMRZ, func() {
		if code, out, errOut := ncbnet(sgpBorder, "check", "mrz", "--mrz", "-"); code != screenHits || !strings.Contains(out, "HIT in sltd") {
			t.Errorf("check mrz from standard input: %d\n%s%s", code, out, errOut)
		}
	})
	code, out, errOut = ncbnet(sgpBorder, "check", "document", "--number", "20FV11873", "--country", "FRA")
	referred := regexp.MustCompile(`hits:\s+(\S+) \(your NCB`).FindStringSubmatch(out)
	if code != screenHits || !strings.Contains(out, "REFER: contact your NCB") || referred == nil || strings.Contains(out, "HIT in") {
		t.Fatalf("check of a record kept from border points: %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = ncbnet(sgpBorder, "check", "document", "--number", "AA0000000", "--country", "FRA"); code != 0 || !strings.Contains(out, "NO HIT") {
		t.Fatalf("check without a hit: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ncbnet(sgpBorder, "check", "vehicle", "--plate", "7ABC123", "--json")
	var answer struct{ Results []client.CheckResult }
	if err := json.Unmarshal([]byte(out), &answer); code != screenHits || err != nil || len(answer.Results) != 1 || answer.Results[0].Outcome != "hit" {
		t.Fatalf("check --json: %d %v\n%s%s", code, err, out, errOut)
	}

	// The owner lists and answers its hits; the checking side reads the answer.
	code, out, errOut = ncbnet(fra, "hits", "list")
	if code != 0 || !regexp.MustCompile(regexp.QuoteMeta(hitID)+`\s+\S+\s+check\s+sltd\s+\S+\s+SGP border-point \(sgp.border-officer\)\s+border-control\s+urgent`).MatchString(out) {
		t.Fatalf("hits list: %d\n%s%s", code, out, errOut)
	}
	var first, paged client.Page[client.Hit]
	_, out, _ = ncbnet(fra, "hits", "list", "--json")
	if err := json.Unmarshal([]byte(out), &first); err != nil || len(first.Items) < 2 {
		t.Fatalf("hits list --json (%v):\n%s", err, out)
	}
	_, out, _ = ncbnet(fra, "hits", "list", "--all", "--limit", "1", "--json")
	if err := json.Unmarshal([]byte(out), &paged); err != nil || len(paged.Items) != len(first.Items) || paged.NextCursor != nil {
		t.Fatalf("hits list --all a hit a page: %d hits, want %d (%v)", len(paged.Items), len(first.Items), err)
	}
	if code, out, errOut = ncbnet(sgpBorder, "hits", "list", "--checks"); code != 0 || !regexp.MustCompile(regexp.QuoteMeta(hitID)+`\s+\S+\s+sltd\s+\S+\s+FRA\s+\S+\s+urgent\s+\S+\s+pending`).MatchString(out) {
		t.Fatalf("hits list --checks: %d\n%s%s", code, out, errOut)
	}

	// hits watch follows both streams while the hits are answered.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := &lockedBuffer{}
	stderr = progress
	t.Cleanup(func() { stderr = os.Stderr })
	ownerOut, checkerOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan [2]int)
	go func() {
		var a, b int
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			a = run(ctx, []string{"hits", "watch", "--server", url, "--token", fra}, ownerOut, io.Discard)
		}()
		go func() {
			defer wg.Done()
			b = run(ctx, []string{"hits", "watch", "--checks", "--json", "--server", url, "--token", sgpBorder}, checkerOut, io.Discard)
		}()
		wg.Wait()
		done <- [2]int{a, b}
	}()
	waitFor(t, "both streams to open", func() bool { return strings.Count(progress.String(), "following ") == 2 })

	code, out, errOut = ncbnet(fra, "hits", "confirm", hitID, "--note", "Hold her: we send the file")
	if code != 0 || !strings.Contains(out, "hit "+hitID+" confirmed at ") || !strings.Contains(out, "fra.officer") || !strings.Contains(out, "note: Hold her") {
		t.Fatalf("hits confirm: %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = ncbnet(fra, "hits", "deny", referred[1], "--note", "Not him"); code != 0 || !strings.Contains(out, "denied") {
		t.Fatalf("hits deny: %d\n%s%s", code, out, errOut)
	}
	// A search of FRA's passport by DEU is a new hit on FRA's stream.
	if code, _, errOut = ncbnet(deu, "search", "identifier", "--schema", "Passport", "--number", "19FV04321", "--country", "FRA", "--purpose", "criminal-investigation"); code != 0 {
		t.Fatalf("search: %d %s", code, errOut)
	}
	waitFor(t, "the owner's stream to show the answer and the search", func() bool {
		s := ownerOut.String()
		return strings.Contains(s, "confirmation "+hitID) && regexp.MustCompile(`(?m)^hit \S+ sltd record \S+: by DEU ncb`).MatchString(s)
	})
	waitFor(t, "the checker's stream to show the answer", func() bool { return strings.Contains(checkerOut.String(), `"confirmation":"confirmed"`) })
	cancel()
	if codes := <-done; codes != [2]int{0, 0} {
		t.Fatalf("hits watch interrupted exited %v, want 0", codes)
	}
	for _, line := range strings.Split(strings.TrimSpace(checkerOut.String()), "\n") {
		var h client.CheckedHit
		if err := json.Unmarshal([]byte(line), &h); err != nil || h.HitID == "" {
			t.Fatalf("hits watch --json printed %q (%v)", line, err)
		}
	}
	code, out, errOut = ncbnet(sgpBorder, "hits", "list", "--checks")
	if code != 0 || !regexp.MustCompile(regexp.QuoteMeta(hitID)+`.*confirmed\s+FRA \(.*\)\s+Hold her: we send the file`).MatchString(out) {
		t.Fatalf("hits list --checks after the answer: %d\n%s%s", code, out, errOut)
	}

	for _, tc := range []struct {
		name  string
		token string
		args  []string
		code  int
		want  []string
	}{
		{"no country", sgpBorder, []string{"check", "document", "--number", "19FV04321"}, 2, []string{"--country"}},
		{"no MRZ", sgpBorder, []string{"check", "mrz"}, 2, []string{"--mrz"}},
		{"not an MRZ", sgpBorder, []string{"check", "mrz", "--mrz", "NOT AN MRZ"}, 1, []string{"422"}},
		{"an unknown purpose", sgpBorder, []string{"check", "document", "--number", "19FV04321", "--country", "FRA", "--purpose", "curiosity"}, 1, []string{"curiosity", "border-control"}},
		{"a DPO checks", fraDPO, []string{"check", "document", "--number", "19FV04321", "--country", "FRA"}, 1, []string{"403"}},
		{"a typo'd check", sgpBorder, []string{"check", "passport"}, 2, []string{`unknown subcommand "passport"`, "document", "mrz", "vessel"}},
		{"another bureau answers", deu, []string{"hits", "confirm", hitID}, 1, []string{"404", "no hit"}},
		{"answered already", fra, []string{"hits", "deny", hitID}, 1, []string{"409"}},
		{"no hit", fra, []string{"hits", "confirm"}, 2, []string{"ID"}},
		{"two hits", fra, []string{"hits", "confirm", hitID, hitID}, 2, []string{"one ID"}},
		{"checks of a country", sgpBorder, []string{"hits", "list", "--checks", "--country", "DEU"}, 2, []string{"--country"}},
		{"another bureau's hits", fra, []string{"hits", "list", "--country", "DEU"}, 1, []string{"403"}},
		{"a typo'd hits subcommand", fra, []string{"hits", "confrim"}, 2, []string{`unknown subcommand "confrim"`, "confirm", "deny", "watch"}},
	} {
		code, out, errOut := ncbnet(tc.token, tc.args...)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, out, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, errOut)
			}
		}
	}
}

// withStdin runs fn with standard input reading text.
func withStdin(t *testing.T, text string, fn func()) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "stdin")
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	fn()
}

// testRemoteEnvironment: the documented variables reach the commands that
// talk to a node; a variable no table names is not read, whatever flag
// its name resembles.
func testRemoteEnvironment(t *testing.T, url, fra string) {
	t.Setenv("NCBNET_SERVER", url)
	t.Setenv("NCBNET_TOKEN", fra)
	t.Setenv("NCBNET_KEY", "a-key-from-the-environment")
	t.Setenv("NCBNET_LIMIT", "not a number")
	t.Setenv("NCBNET_PURPOSE", "curiosity")
	t.Setenv("NCBNET_DB", "postgres://elsewhere/ncbnet")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"me"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "fra.officer") {
		t.Fatalf("me from NCBNET_SERVER and NCBNET_TOKEN: %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"msg", "send", "--to", "DEU", "--subject", "Key", "--body", "b", "--handling", "H0"}, &out, &errOut); code != 0 ||
		!regexp.MustCompile(`(?m)^key:\s+[0-9a-f]{32}$`).MatchString(out.String()) {
		t.Fatalf("msg send took NCBNET_KEY as its idempotency key: %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"records", "list", "sltd"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "50 records") {
		t.Fatalf("records list read NCBNET_LIMIT, NCBNET_PURPOSE or NCBNET_DB: %d\n%s%s", code, out.String(), errOut.String())
	}
}
