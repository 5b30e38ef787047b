package bench

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// ChecksConfig sets up a checks benchmark.
type ChecksConfig struct {
	// Docs travel documents (SLTD, issued by FRA) and Persons persons
	// (nominal, owned by DEU) are loaded first.
	Docs, Persons int
	// Checks single-document checks are sent Rounds times (default once)
	// by each number of keep-alive clients in Clients, in turn.
	Checks, Rounds int
	Clients        []int
	// HitRates are the shares of checks that hit a stolen document, each
	// measured in turn (default: one in a thousand).
	HitRates []float64
	// Manifests 300-passenger manifests are screened one after another.
	Manifests, ManifestRows int
	// Notifications hits are timed from the check to the owner's stream.
	Notifications int
	// Edge times the export of a border point's offline copy.
	Edge bool
	// Due hits of checks fall due at once and are escalated during checks
	// (at the first number of clients and hit rate); 0: not measured.
	Due int
	// Disclose measures the disclosure path alone, in process: DiscloseHits
	// hits from DiscloseWorkers goroutines, disclosed so many at a time for
	// each number in Disclose (1: a check, 10: a search); empty: not
	// measured.
	Disclose                      []int
	DiscloseHits, DiscloseWorkers int
	// DB is the store (default: a fresh SQLite file in a temporary folder).
	DB string
	// Progress, if set, is told what the benchmark is doing.
	Progress io.Writer
	// CPUProfile, when set, receives a CPU profile of the measured part.
	CPUProfile io.Writer
	// HeapProfile, when set, receives a profile of the heap once loaded
	// (after a collection: what is live).
	HeapProfile io.Writer
}

// sayTo returns a printer of progress lines to w (nil: none).
func sayTo(w io.Writer) func(format string, args ...any) {
	return func(format string, args ...any) {
		if w != nil {
			fmt.Fprintf(w, format+"\n", args...)
		}
	}
}

// openBenchNode opens a node for a benchmark on dsn (default: a fresh
// SQLite file) in a temporary data folder; done closes and removes it.
func openBenchNode(ctx context.Context, dsn string) (*app.Node, func(), error) {
	dir, err := os.MkdirTemp("", "ncbnet-bench-")
	if err != nil {
		return nil, nil, err
	}
	// Logins are not measured: a cheap password hash keeps the set-up short.
	n, err := app.Open(ctx, app.Config{DataDir: dir, DB: dsn, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "bench",
		Argon2: &auth.Params{MemoryKiB: 64, Time: 1, Threads: 1}, RequestTimeout: 30 * time.Second})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return n, func() { n.Close(); os.RemoveAll(dir) }, nil
}

// serveBench serves a node's API on a loopback port until stop is called.
func serveBench(n *app.Node) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: n.API, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 120 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// benchNode is a node under a benchmark, loaded and serving its API on a
// loopback port.
type benchNode struct {
	*app.Node
	base string        // the API's URL
	load time.Duration // how long loading it took
	done func()        // stops serving, closes the node and removes its folder
}

// startBench opens a node for a benchmark on dsn (openBenchNode), loads it
// with load (nil: nothing), timed, and serves its API (serveBench).
func startBench(ctx context.Context, dsn string, load func(n *app.Node) error) (benchNode, error) {
	n, done, err := openBenchNode(ctx, dsn)
	if err != nil {
		return benchNode{}, err
	}
	start := time.Now()
	if load != nil {
		if err := load(n); err != nil {
			done()
			return benchNode{}, err
		}
	}
	took := time.Since(start)
	base, stop, err := serveBench(n)
	if err != nil {
		done()
		return benchNode{}, err
	}
	return benchNode{Node: n, base: base, load: took, done: func() { stop(); done() }}, nil
}

// Latency summarises timed operations.
type Latency struct {
	N                  int
	P50, P95, P99, Max time.Duration
}

func latencyOf(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return Latency{N: len(ds), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ds[len(ds)-1]}
}

// Rate is a throughput measurement.
type Rate struct {
	Requests  int
	Elapsed   time.Duration
	PerSecond float64
	Latency   Latency
}

// ChecksResult is what a checks benchmark measured.
type ChecksResult struct {
	Load time.Duration
	// Rounds of single-document checks over HTTP, each beside the same
	// load on a bare handler.
	Rounds       []CheckRound
	Manifest     Latency
	Notification Latency
	// Edge is the export of a border point's offline copy: a snapshot of
	// everything it may check, then a delta with nothing changed.
	Edge EdgeExport
	// Due is the escalation of hits falling due at once, beside checks.
	Due DueResult
	// Disclosures are the disclosure path measured alone.
	Disclosures []DiscloseRound
}

// CheckRound is one measurement of single-document checks over HTTP
// (Checks) and of the same load on a handler that does nothing (Bare), one
// right after the other: the stack's limit on the machine at that moment.
type CheckRound struct {
	Clients      int
	HitRate      float64
	Checks, Bare Rate
	Hits         int
}

// Median is the round of the median checks rate among those of clients
// clients at a hit rate.
func (r ChecksResult) Median(clients int, hitRate float64) CheckRound {
	var rounds []CheckRound
	for _, round := range r.Rounds {
		if round.Clients == clients && round.HitRate == hitRate {
			rounds = append(rounds, round)
		}
	}
	if len(rounds) == 0 {
		return CheckRound{}
	}
	slices.SortFunc(rounds, func(a, b CheckRound) int { return cmp.Compare(a.Checks.PerSecond, b.Checks.PerSecond) })
	return rounds[len(rounds)/2]
}

// EdgeExport is what exporting an offline copy took.
type EdgeExport struct {
	Snapshot, Delta           time.Duration
	SnapshotBytes, DeltaBytes int
}

// Checks loads the databases, then measures, over HTTP through the
// node's whole stack (authentication, access decision, index, store, audit,
// hits): single-document checks from many keep-alive clients against the
// same load on a bare net/http handler; whole manifests; and the time from
// a check that hits to the hit on the owner's stream.
func Checks(ctx context.Context, cfg ChecksConfig) (ChecksResult, error) {
	var res ChecksResult
	say := sayTo(cfg.Progress)
	docs := synth.TravelDocuments{Country: "FRA"}
	persons := synth.Persons{}
	b, err := startBench(ctx, cfg.DB, func(n *app.Node) error {
		return benchLoads(ctx, n, say, benchLoadOf{"FRA", docs, cfg.Docs}, benchLoadOf{"DEU", persons, cfg.Persons})
	})
	if err != nil {
		return res, err
	}
	defer b.done()
	n, base := b.Node, b.base
	res.Load = b.load
	if cfg.HeapProfile != nil {
		runtime.GC()
		if err := pprof.Lookup("heap").WriteTo(cfg.HeapProfile, 0); err != nil {
			return res, err
		}
	}
	say("loaded %d documents and %d persons in %s", cfg.Docs, cfg.Persons, res.Load.Round(time.Second))

	border, err := benchUser(ctx, n, base, "FRA", access.KindBorderPoint, access.RoleBorderOfficer)
	if err != nil {
		return res, err
	}
	owner, err := benchUser(ctx, n, base, "FRA", access.KindNCB, access.RoleOfficer)
	if err != nil {
		return res, err
	}

	// Single checks: mostly documents no one reported, a share of them (one
	// in a thousand by default: SLTD's own hit rate is lower still) a stolen
	// one, each stolen one checked once (a second check of the same one by
	// the same unit returns the waiting hit).
	if len(cfg.HitRates) == 0 {
		cfg.HitRates = []float64{0.001}
	}
	// body is the i-th check of a round whose stolen documents start at
	// the base-th: one in every of them.
	body := func(i, every, base int) []byte {
		number, kind := fmt.Sprintf("BX%07d", i), "P"
		if i%every == 0 && cfg.Docs > 0 {
			number, kind = docOf(docs, (base+i/every)%cfg.Docs)
		}
		return []byte(`{"purpose":"border-control","items":[{"kind":"document","number":"` + number + `","country":"FRA","type":"` + kind + `"}]}`)
	}
	bare := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"results":[{"index":0,"outcome":"no-hit","hits":[]}]}`))
	})}
	bln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	go bare.Serve(bln)
	defer bare.Close()
	// Rounds alternate the bare handler and the checks, so that both meet
	// the machine in the same state, for each number of clients in turn;
	// the profile covers the first round of checks.
	profiled, stolen := false, 0
	for _, rate := range cfg.HitRates {
		every := max(1, int(1/rate+0.5))
		for _, clients := range cfg.Clients {
			for r := range max(cfg.Rounds, 1) {
				round := CheckRound{Clients: clients, HitRate: rate}
				from, first := len(res.Rounds)*cfg.Checks, stolen
				stolen += cfg.Checks/every + 1
				bodyAt := func(i int) []byte { return body(from+i, every, first-from/every) }
				runtime.GC()
				say("%d clients, round %d at %.1f%% hits: bare handler, %d requests", clients, r+1, 100*rate, cfg.Checks)
				if round.Bare, _, err = benchRequests(ctx, "http://"+bln.Addr().String()+"/api/v1/checks", "", cfg.Checks, clients, bodyAt); err != nil {
					return res, err
				}
				// The previous round's entries in the tree before this one starts.
				if err := n.Audit.Sync(ctx); err != nil {
					return res, err
				}
				runtime.GC()
				say("%d clients, round %d at %.1f%% hits: checks, %d requests", clients, r+1, 100*rate, cfg.Checks)
				profile := cfg.CPUProfile != nil && !profiled
				if profile {
					if err := pprof.StartCPUProfile(cfg.CPUProfile); err != nil {
						return res, err
					}
					profiled = true
				}
				round.Checks, round.Hits, err = benchRequests(ctx, base+"/api/v1/checks", border.Token(), cfg.Checks, clients, bodyAt)
				if profile {
					pprof.StopCPUProfile()
				}
				if err != nil {
					return res, err
				}
				if round.Checks, err = settled(ctx, n, round.Checks); err != nil {
					return res, err
				}
				res.Rounds = append(res.Rounds, round)
			}
		}
	}

	// Each scenario on its own: the checks' audit entries in the tree and
	// their garbage collected first.
	settle := func() error {
		if err := n.Audit.Sync(ctx); err != nil {
			return err
		}
		runtime.GC()
		return nil
	}
	if cfg.Due > 0 && len(cfg.Clients) > 0 {
		if err := settle(); err != nil {
			return res, err
		}
		every := max(1, int(1/cfg.HitRates[0]+0.5))
		from := len(res.Rounds) * cfg.Checks
		say("%d hits falling due at once, escalated beside checks from %d clients", cfg.Due, cfg.Clients[0])
		if res.Due, err = benchDue(ctx, n, base+"/api/v1/checks", border.Token(), cfg.Due, cfg.Checks, cfg.Clients[0],
			func(i int) []byte { return body(from+i, every, stolen) }); err != nil {
			return res, err
		}
	}
	for _, per := range cfg.Disclose {
		if err := settle(); err != nil {
			return res, err
		}
		say("disclosure alone: %d hits, %d at a time, %d goroutines", cfg.DiscloseHits, per, cfg.DiscloseWorkers)
		round, err := benchDisclose(ctx, n, cfg.DiscloseHits, per, cfg.DiscloseWorkers)
		if err != nil {
			return res, err
		}
		res.Disclosures = append(res.Disclosures, round)
	}
	if cfg.Manifests > 0 {
		if err := settle(); err != nil {
			return res, err
		}
		say("manifests: %d of %d rows", cfg.Manifests, cfg.ManifestRows)
		if res.Manifest, err = benchManifests(ctx, border, docs, persons, cfg); err != nil {
			return res, err
		}
	}
	if cfg.Notifications > 0 && cfg.Docs > 0 {
		if err := settle(); err != nil {
			return res, err
		}
		say("notifications: %d hits to the owner's stream", cfg.Notifications)
		if res.Notification, err = benchNotifications(ctx, border, owner, docs, cfg); err != nil {
			return res, err
		}
	}
	if cfg.Edge {
		if err := settle(); err != nil {
			return res, err
		}
		// A delta re-reads what changed shortly before its base was made:
		// the load must be further back than that to measure a delta of an
		// ordinary hour rather than of the load's last seconds.
		time.Sleep(screening.EdgeOverlap)
		say("edge: a border point's snapshot, then a delta")
		t0 := time.Now()
		snap, err := border.EdgeSnapshot(ctx)
		if err != nil {
			return res, err
		}
		res.Edge.Snapshot, res.Edge.SnapshotBytes = time.Since(t0), len(snap.Body)
		t0 = time.Now()
		d, err := border.EdgeDelta(ctx, snap.Seq)
		if err != nil {
			return res, err
		}
		res.Edge.Delta, res.Edge.DeltaBytes = time.Since(t0), len(d.Body)
	}
	return res, nil
}

// benchLoadOf is count records of kind, imported by country's NCB.
type benchLoadOf struct {
	country string
	kind    synth.Kind
	count   int
}

// benchLoads runs the loads one after another (benchLoad).
func benchLoads(ctx context.Context, n *app.Node, say func(string, ...any), loads ...benchLoadOf) error {
	for _, l := range loads {
		if err := benchLoad(ctx, n, l.country, l.kind, l.count, say); err != nil {
			return err
		}
	}
	return nil
}

// benchLoad imports count records of kind as an officer of country's NCB.
func benchLoad(ctx context.Context, n *app.Node, country string, kind synth.Kind, count int, say func(string, ...any)) error {
	if count == 0 {
		return nil
	}
	ncb, err := member.NCBOf(ctx, n.DB, country)
	if err != nil {
		return err
	}
	officer := access.Principal{ID: "bench-load", Name: "bench.load", Country: country, UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(synth.Write(pw, kind, synth.NDJSON, 1, 0, count)) }()
	last := time.Now()
	rep, err := n.Records.Import(ctx, officer, kind.Database(), records.FormatNDJSON, pr, func(p records.ImportProgress) {
		if time.Since(last) > 5*time.Second {
			last = time.Now()
			say("  %s: %d of %d", kind.Database(), p.Created+p.Existing, count)
		}
	})
	pr.Close()
	if err != nil {
		return fmt.Errorf("load %s: %w", kind.Database(), err)
	}
	if rep.Created != count {
		return fmt.Errorf("load %s: %d of %d created", kind.Database(), rep.Created, count)
	}
	return nil
}

// benchUser creates a user of a new unit of that kind (or the NCB) and logs it in.
func benchUser(ctx context.Context, n *app.Node, base, country string, kind access.UnitKind, role access.Role) (*client.Client, error) {
	operator := audit.SystemActor("bench")
	unit, err := member.NCBOf(ctx, n.DB, country)
	if err != nil {
		return nil, err
	}
	if kind != access.KindNCB {
		if unit, err = n.Members.CreateUnitAsOperator(ctx, operator, member.NewUnit{Country: country, Kind: kind, Name: "bench " + string(kind)}); err != nil {
			return nil, err
		}
	}
	name := fmt.Sprintf("bench.%s.%s", country, role)
	const password = "bench password, not secret"
	if _, err := n.Members.CreateUserAsOperator(ctx, operator, member.NewUser{Username: name, Password: password, UnitID: unit.ID, Roles: []access.Role{role}}); err != nil {
		return nil, err
	}
	c, err := client.New(base)
	if err != nil {
		return nil, err
	}
	_, err = c.Login(ctx, name, password)
	return c, err
}

// docOf is the number and type of synthetic document i.
func docOf(docs synth.TravelDocuments, i int) (number, kind string) {
	rec := docs.Record(1, i)
	return propOf(rec, "number"), propOf(rec, "type")
}

// benchManifests screens manifests of travellers drawn like the loaded
// persons (the same names and birth-date distributions) but not loaded,
// except one in fifty, who is, as is one document in fifty: a manifest of
// 300 has a few hits, most have none in real traffic.
func benchManifests(ctx context.Context, c *client.Client, docs synth.TravelDocuments, persons synth.Persons, cfg ChecksConfig) (Latency, error) {
	r := rand.New(rand.NewPCG(7, 7))
	var times []time.Duration
	for m := range cfg.Manifests {
		rows := make([]client.ManifestRow, cfg.ManifestRows)
		for i := range rows {
			row := client.ManifestRow{Reference: fmt.Sprint(i + 1), Name: fmt.Sprintf("Traveller %c%c Example", 'A'+i%26, 'A'+m%26), BirthDate: "1980-01-01",
				DocumentNumber: fmt.Sprintf("MX%07d", m*1000+i), DocumentCountry: "FRA", DocumentType: "P"}
			if cfg.Persons > 0 {
				k := cfg.Persons + m*cfg.ManifestRows + i // not loaded
				if i%50 == 25 {
					k = r.IntN(cfg.Persons)
				}
				p := persons.Record(1, k)
				row.Name, row.BirthDate = propOf(p, "name"), propOf(p, "birthDate")
			}
			if cfg.Docs > 0 && i%50 == 0 {
				row.DocumentNumber, row.DocumentType = docOf(docs, r.IntN(cfg.Docs))
			}
			rows[i] = row
		}
		t0 := time.Now()
		a, err := c.ScreenManifest(ctx, client.Manifest{Purpose: "border-control", Voyage: fmt.Sprintf("BENCH%04d", m), Rows: rows})
		if err != nil {
			return Latency{}, err
		}
		times = append(times, time.Since(t0))
		if a.Summary.Rows != len(rows) || a.Summary.Errors > 0 {
			b, _ := json.Marshal(a.Summary)
			return Latency{}, fmt.Errorf("manifest %d: %s", m, b)
		}
	}
	return latencyOf(times), nil
}

func propOf(r synth.Record, name string) string {
	for _, p := range r.Properties {
		if p.Name == name && len(p.Values) > 0 {
			return p.Values[0]
		}
	}
	return ""
}

// benchNotifications times, for hits one at a time, the span from sending
// the check to the hit arriving on the owner's open stream.
func benchNotifications(ctx context.Context, border, owner *client.Client, docs synth.TravelDocuments, cfg ChecksConfig) (Latency, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := owner.StreamHits(ctx, "")
	if err != nil {
		return Latency{}, err
	}
	var times []time.Duration
	for i := range cfg.Notifications {
		// From the last documents back: the rounds checked the first ones,
		// and checking one again would answer the hit still waiting.
		number, _ := docOf(docs, cfg.Docs-1-i%cfg.Docs)
		t0 := time.Now()
		res, err := border.Check(ctx, "border-control", client.CheckItem{Kind: "document", Number: number, Country: "FRA"})
		if err != nil {
			return Latency{}, err
		}
		if len(res) != 1 || res[0].Outcome != "hit" {
			return Latency{}, fmt.Errorf("document %s did not hit", number)
		}
		want := res[0].Hits[0].HitID
		for got := false; !got; {
			select {
			case h, ok := <-stream:
				if !ok {
					return Latency{}, errors.New("the owner's stream closed")
				}
				got = h.ID == want
			case <-time.After(10 * time.Second):
				return Latency{}, fmt.Errorf("hit %s did not reach the owner's stream", want)
			}
		}
		times = append(times, time.Since(t0))
	}
	return latencyOf(times), nil
}
