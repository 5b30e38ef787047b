package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
)

// logBuffer keeps what a logger writes, for a test to read while the
// writer goes on.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// edgeRig is a border point's edge node following e's node over a link the
// test cuts and restores, with what it logs and what reached the central
// node's checks API.
type edgeRig struct {
	e       *env
	border  *client.Client
	link    atomic.Bool
	central *httptest.Server
	node    *app.EdgeNode
	local   string
	log     *logBuffer

	mu        sync.Mutex
	tried     int      // checks sent over the link, up or down
	forwarded []string // the bodies of those that got through
}

// newEdgeRig opens an edge node on c (nil: the real clock) with the link
// up, and gives it its first copy.
func newEdgeRig(t *testing.T, e *env, c clock.Clock) *edgeRig {
	t.Helper()
	r := &edgeRig{e: e, border: e.as("fra.border-officer"), log: &logBuffer{}}
	r.link.Store(true)
	r.central = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/api/v1/checks" {
			body, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(body))
			r.mu.Lock()
			r.tried++
			if r.link.Load() {
				r.forwarded = append(r.forwarded, string(body))
			}
			r.mu.Unlock()
		}
		if !r.link.Load() {
			http.Error(w, "no route to host", http.StatusBadGateway)
			return
		}
		e.node.API.ServeHTTP(w, req)
	}))
	t.Cleanup(r.central.Close)
	n, err := app.OpenEdge(app.EdgeConfig{Server: r.central.URL, Token: r.border.Token(), VerifierKey: e.node.Audit.VerifierKey(),
		DataDir: t.TempDir(), Clock: c, Logger: slog.New(slog.NewTextHandler(r.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	r.node = n
	local := httptest.NewServer(n.Handler())
	t.Cleanup(local.Close)
	r.local = local.URL
	if err := n.Sync(context.Background()); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	return r
}

// checksTried returns how many checks were sent over the link, and the
// bodies of those that got through.
func (r *edgeRig) checksTried() (int, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tried, append([]string(nil), r.forwarded...)
}

// The edge node uploads a hit as soon as it makes it when the link is up,
// not at the next sync; its uploader stops when it closes.
func TestEdgeUploadsAtOnce(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		border := e.as("fra.border-officer")
		central := httptest.NewServer(e.node.API)
		defer central.Close()
		n, err := app.OpenEdge(app.EdgeConfig{Server: central.URL, Token: border.Token(), VerifierKey: e.node.Audit.VerifierKey(), DataDir: t.TempDir(),
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- n.Run(ctx, ln, time.Hour) }() // no second sync in this test
		local := "http://" + ln.Addr().String()
		eventually(t, 5*time.Second, func() error {
			if n.Seq() == 0 {
				return fmt.Errorf("no copy yet")
			}
			return nil
		})

		status, res := edgeCheck(t, local, `{"purpose":"border-control","items":[{"kind":"document","number":"19FV04321","country":"FRA"}]}`)
		if status != 200 || len(res) != 1 || res[0].Outcome != "hit" {
			t.Fatalf("%d %+v", status, res)
		}
		hitID := res[0].Hits[0].HitID
		start := time.Now()
		eventually(t, time.Second, func() error {
			if e.count(`SELECT count(*) FROM hits WHERE id = ?`, hitID) != 1 {
				return fmt.Errorf("the central node does not have the offline hit %s after %s", hitID, time.Since(start))
			}
			return nil
		})
		if pending, _ := edgeHealth(t, local); pending != 0 {
			t.Errorf("%d hits still waiting once uploaded", pending)
		}

		cancel()
		if err := <-ran; err != nil {
			t.Fatalf("run: %v", err)
		}
		if err := n.Close(); err != nil {
			t.Fatal(err)
		}
		if err := n.Close(); err != nil {
			t.Fatalf("a second close: %v", err)
		}
		buf := make([]byte, 1<<20)
		if stacks := string(buf[:runtime.Stack(buf, true)]); strings.Contains(stacks, "(*EdgeNode).uploader") {
			t.Fatalf("the uploader outlived Close:\n%s", stacks)
		}
	})
}

// A batch mixing documents and persons: the documents are answered from
// the copy, the persons by the central node when the link is up, and are
// not-checked (never no-hit) when it is down.
func TestEdgeMixedBatch(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		r := newEdgeRig(t, e, nil)
		unknown := td3(t, "FRA", "NOBODY", "ATALL", "AA1234567", "FRA", "700101", "M", "300101")
		batch := `{"purpose":"border-control","items":[
			{"kind":"document","number":"19FV04321","country":"FRA"},
			{"kind":"person","name":"Sergei Volkov","birthDate":"1979-02-11"},
			{"kind":"document","number":"19FV04321","country":"DEU"},
			{"kind":"person","name":"Nobody Atall"},
			{"kind":"mrz","mrz":` + quote(unknown) + `}]}`

		// The link is up.
		status, res := edgeCheck(t, r.local, batch)
		if status != 200 || len(res) != 5 {
			t.Fatalf("%d %+v", status, res)
		}
		want := []string{"hit", "hit", "no-hit", "no-hit", "no-hit"}
		for i, x := range res {
			if x.Index != i || x.Outcome != want[i] || x.Error != nil || x.Hits == nil {
				t.Errorf("item %d: %+v, want %s", i, x, want[i])
			}
		}
		if h := res[0].Hits[0]; h.Database != "sltd" || h.Matched[0] != "number" {
			t.Errorf("the document's hit: %+v", h)
		}
		person := res[1].Hits[0]
		if person.Database != "nominal" || person.Owner != "DEU" || person.Record != nil {
			t.Errorf("the person's hit, from the central node: %+v", person)
		}
		// The central node holds the person's hit, the border point's; it
		// was asked about the items that need it, and only those.
		if e.count(`SELECT count(*) FROM hits WHERE id = ? AND searcher_unit_kind = 'border-point'`, person.HitID) != 1 {
			t.Error("the central node does not hold the person's hit")
		}
		_, forwarded := r.checksTried()
		if len(forwarded) != 1 {
			t.Fatalf("%d checks reached the central node, want 1", len(forwarded))
		}
		var sent struct {
			Purpose string `json:"purpose"`
			Items   []struct {
				Kind string `json:"kind"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(forwarded[0]), &sent); err != nil {
			t.Fatal(err)
		}
		if sent.Purpose != "border-control" || len(sent.Items) != 3 || sent.Items[0].Kind != "person" || sent.Items[1].Kind != "person" || sent.Items[2].Kind != "mrz" {
			t.Errorf("sent to the central node: %s", forwarded[0])
		}
		edgeSettled(t, r.local)

		// The link is down: the documents are still answered; the persons
		// and the MRZ's holder are not checked, and said so.
		r.link.Store(false)
		hitsBefore := e.count(`SELECT count(*) FROM hits`)
		status, res = edgeCheck(t, r.local, batch)
		if status != 200 || len(res) != 5 {
			t.Fatalf("%d %+v", status, res)
		}
		want = []string{"hit", "not-checked", "no-hit", "not-checked", "not-checked"}
		fields := []string{"", "items[1].name", "", "items[3].name", "items[4].mrz"}
		for i, x := range res {
			if x.Index != i || x.Outcome != want[i] || x.Hits == nil {
				t.Errorf("item %d: %+v, want %s", i, x, want[i])
			}
			switch {
			case fields[i] == "" && x.Error != nil:
				t.Errorf("item %d: an error %+v on an item checked", i, x.Error)
			case fields[i] != "" && (x.Error == nil || x.Error.Field != fields[i] || !strings.Contains(x.Error.Message, "not checked") || !strings.Contains(x.Error.Message, "do not let this pass")):
				t.Errorf("item %d: error %+v, want one naming %s", i, x.Error, fields[i])
			}
		}
		// After the central node failed to answer, checks do not wait for
		// it again: one try for two batches.
		tried, _ := r.checksTried()
		if status, res := edgeCheck(t, r.local, `{"purpose":"border-control","items":[{"kind":"person","name":"Sergei Volkov"}]}`); status != 200 || res[0].Outcome != "not-checked" {
			t.Fatalf("%d %+v", status, res)
		}
		if again, _ := r.checksTried(); again != tried {
			t.Errorf("a check waited for a central node that had just failed: %d tries, then %d", tried, again)
		}
		// A person the node cannot read is refused whole, as the central
		// node refuses it, and nothing is queued.
		pendingBefore, _ := edgeHealth(t, r.local)
		resp, raw := post(t, r.local+"/api/v1/checks", "", "application/json", `{"purpose":"border-control","items":[
			{"kind":"document","number":"19FV04321","country":"FRA"},{"kind":"person","name":"Sergei Volkov","birthDate":"11/02/1979"}]}`)
		if resp.StatusCode != 422 || !strings.Contains(string(raw), `"field":"items[1].birthDate"`) {
			t.Errorf("a bad birth date: %d %s", resp.StatusCode, raw)
		}
		if pending, _ := edgeHealth(t, r.local); pending != pendingBefore {
			t.Errorf("a refused check queued hits: %d, then %d", pendingBefore, pending)
		}
		if e.count(`SELECT count(*) FROM hits`) != hitsBefore {
			t.Error("hits reached the central node without the link")
		}

		// The link returns: a sync gets through, and the persons are
		// checked by the central node again.
		r.link.Store(true)
		if err := r.node.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if status, res := edgeCheck(t, r.local, `{"purpose":"border-control","items":[{"kind":"person","name":"Sergei Volkov","birthDate":"1979-02-11"}]}`); status != 200 || res[0].Outcome != "hit" {
			t.Fatalf("once the link is back: %d %+v", status, res)
		}
	})
}

// Only a border point's credentials fetch copies and upload hits; others
// are refused, and the refusal audited.
func TestEdgeOnlyBorderPoints(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.supervisor")
		specialised := must[client.Me](t)(e.as("fra.analyst").Me(ctx)).UnitID
		tok := must[client.IssuedToken](t)(fra.CreateToken(ctx, client.NewToken{Name: "unit checks", UnitID: specialised, Roles: []string{"officer"}, Scopes: []string{"checks"}}))
		unitToken, err := client.New(e.url, client.WithToken(tok.Secret))
		if err != nil {
			t.Fatal(err)
		}
		snap, err := e.as("fra.border-officer").EdgeSnapshot(ctx)
		if err != nil {
			t.Fatalf("a border point's snapshot: %v", err)
		}
		// A hit that would be taken from a border point.
		rec := createRecord(t, e.as("fra.officer"), "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
			"number": {"21EDGE101"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
		up := []client.EdgeHit{{ID: "01J00000000000000000000101", RecordID: rec.ID, Database: "sltd", Owner: "FRA", Kind: "document-number",
			Time: e.clock.Now(), Purpose: "border-control", CopySeq: snap.Seq}}
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		denied := func(action string) int {
			t.Helper()
			if err := e.node.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := e.node.Audit.Entries(ctx, audit.Filter{Action: action, Outcome: audit.OutcomeDenied, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range got {
				if x.Reason == "unit_kind_not_permitted" {
					n++
				}
			}
			return n
		}
		hitsBefore, exportsBefore, uploadsBefore := e.count(`SELECT count(*) FROM hits`), denied("edge.export"), denied("edge.upload")
		for name, c := range map[string]*client.Client{
			"an NCB officer":                  e.as("fra.officer"),
			"an NCB supervisor":               fra,
			"a specialised unit's token":      unitToken,
			"a specialised unit's analyst":    e.as("fra.analyst"),
			"another bureau's NCB officer":    e.as("deu.officer"),
			"the Secretariat's administrator": e.as("secretariat.admin"),
		} {
			_, err := c.EdgeSnapshot(ctx)
			wantCode(t, err, 403, "unit_kind_not_permitted")
			_, err = c.EdgeDelta(ctx, snap.Seq)
			wantCode(t, err, 403, "unit_kind_not_permitted")
			_, err = c.UploadEdgeHits(ctx, up)
			ae := wantCode(t, err, 403, "unit_kind_not_permitted")
			if !strings.Contains(ae.Message, "border point") {
				t.Errorf("%s: %q does not say who may", name, ae.Message)
			}
		}
		if got := denied("edge.export") - exportsBefore; got != 12 {
			t.Errorf("%d refused copies audited, want 12", got)
		}
		if got := denied("edge.upload") - uploadsBefore; got != 6 {
			t.Errorf("%d refused uploads audited, want 6", got)
		}
		if e.count(`SELECT count(*) FROM hits`) != hitsBefore {
			t.Fatal("a refused upload stored hits")
		}
		// The border point itself is taken.
		if got, err := e.as("fra.border-officer").UploadEdgeHits(ctx, up); err != nil || len(got.Accepted) != 1 || len(got.Dropped) != 0 {
			t.Fatalf("the border point's upload: %+v %v", got, err)
		}
		if e.count(`SELECT count(*) FROM hits`) != hitsBefore+1 {
			t.Fatal("the border point's hit was not stored")
		}
	})
}

// An upload is checked whole before anything of it is stored: a hit that
// does not pass is a 422 naming its field. A hit whose record is gone,
// moved or hidden since is dropped, and the answer says so.
func TestEdgeUploadRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		border := e.as("fra.border-officer")
		fra := e.as("fra.officer")
		snap, err := border.EdgeSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		made := time.UnixMilli(int64(snap.Seq))
		now := e.clock.Now()
		newRecord := func(number string) client.Record {
			return createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
				"number": {number}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
		}
		rec := newRecord("21EDGE201")
		hitID := func(i int) string { return fmt.Sprintf("01J0000000000000000000%04d", i) }
		good := func(i int) client.EdgeHit {
			return client.EdgeHit{ID: hitID(i), RecordID: rec.ID, Database: "sltd", Owner: "FRA", Kind: "document-number",
				Time: now, Matched: []string{"document-number"}, Purpose: "border-control", CopySeq: snap.Seq}
		}
		hitsBefore := e.count(`SELECT count(*) FROM hits`)
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		auditBefore := e.count(`SELECT count(*) FROM audit_entries`)

		for _, tc := range []struct {
			name        string
			change      func(h *client.EdgeHit)
			code, field string
		}{
			{"an ID that is not one", func(h *client.EdgeHit) { h.ID = "nope" }, "invalid_field", "hits[3].id"},
			{"an ID twice", func(h *client.EdgeHit) { h.ID = hitID(1) }, "invalid_field", "hits[3].id"},
			{"a record ID that is not one", func(h *client.EdgeHit) { h.RecordID = "../etc" }, "invalid_field", "hits[3].record_id"},
			{"a database no copy holds", func(h *client.EdgeHit) { h.Database = "nominal" }, "invalid_field", "hits[3].database"},
			{"no owner", func(h *client.EdgeHit) { h.Owner = "" }, "invalid_field", "hits[3].owner"},
			{"an owner that is not a bureau", func(h *client.EdgeHit) { h.Owner = "fr" }, "invalid_field", "hits[3].owner"},
			{"an unknown kind", func(h *client.EdgeHit) { h.Kind = "name" }, "invalid_field", "hits[3].kind"},
			{"no kind", func(h *client.EdgeHit) { h.Kind = "" }, "invalid_field", "hits[3].kind"},
			{"an unknown matched kind", func(h *client.EdgeHit) { h.Matched = []string{"document-number", "dna"} }, "invalid_field", "hits[3].matched"},
			{"too many matched kinds", func(h *client.EdgeHit) { h.Matched = strings.Split(strings.Repeat("vin,", 50), ",")[:50] }, "invalid_field", "hits[3].matched"},
			{"another purpose", func(h *client.EdgeHit) { h.Purpose = "criminal-investigation" }, "invalid_field", "hits[3].purpose"},
			{"no copy", func(h *client.EdgeHit) { h.CopySeq = 0 }, "missing_field", "hits[3].copy_seq"},
			{"a copy from the future", func(h *client.EdgeHit) { h.CopySeq = uint64(now.Add(time.Hour).UnixMilli()) }, "invalid_field", "hits[3].copy_seq"},
			{"no time", func(h *client.EdgeHit) { h.Time = time.Time{} }, "missing_field", "hits[3].time"},
			{"a time in the future", func(h *client.EdgeHit) { h.Time = now.Add(time.Hour) }, "invalid_field", "hits[3].time"},
			{"a time before the copy", func(h *client.EdgeHit) { h.Time = made.Add(-time.Hour) }, "invalid_field", "hits[3].time"},
			{"a time past the copy's validity", func(h *client.EdgeHit) {
				h.CopySeq = uint64(now.Add(-40 * 24 * time.Hour).UnixMilli())
				h.Time = now.Add(-time.Hour)
			}, "invalid_field", "hits[3].time"},
		} {
			up := []client.EdgeHit{good(1), good(2), good(3), good(4)}
			tc.change(&up[3])
			_, err := border.UploadEdgeHits(ctx, up)
			if ae := wantCode(t, err, 422, tc.code); ae.Field != tc.field {
				t.Errorf("%s: field %q, want %q", tc.name, ae.Field, tc.field)
			}
		}
		// Bodies that are no upload at all.
		tooMany := make([]client.EdgeHit, 1001)
		for i := range tooMany {
			tooMany[i] = good(i)
		}
		_, err = border.UploadEdgeHits(ctx, tooMany)
		wantCode(t, err, 413, "body_too_large") // this node takes 64 KiB a request
		_, err = border.UploadEdgeHits(ctx, nil)
		if ae := wantCode(t, err, 422, "missing_field"); ae.Field != "hits" {
			t.Errorf("no hits: field %q", ae.Field)
		}
		for _, tc := range []struct {
			body, code string
			status     int
		}{
			{`{}`, "missing_field", 422},
			{`{"hits":[]}`, "missing_field", 422},
			{`{"hits":[` + strings.Repeat(`{},`, 1000) + `{}]}`, "invalid_field", 422}, // 1001 hits
			{`{"hits":[{"id":`, "malformed_json", 400},
			{`{"hits":[],"more":1}`, "unknown_field", 400},
			{`{"hits":[{"id":"` + hitID(1) + `","copy_seq":"1"}]}`, "wrong_type", 400},
			{`{"hits":[{"id":"` + strings.Repeat("A", 70<<10) + `"}]}`, "body_too_large", 413},
		} {
			resp, raw := post(t, e.url+"/api/v1/edge/hits", border.Token(), "application/json", tc.body)
			if resp.StatusCode != tc.status || !strings.Contains(string(raw), `"code":"`+tc.code+`"`) {
				t.Errorf("%.40s: %d %s, want %d %s", tc.body, resp.StatusCode, raw, tc.status, tc.code)
			}
		}
		if e.count(`SELECT count(*) FROM hits`) != hitsBefore {
			t.Fatal("a refused upload stored hits")
		}
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.count(`SELECT count(*) FROM audit_entries`); got != auditBefore {
			t.Fatalf("a refused upload wrote %d audit entries", got-auditBefore)
		}

		// Records gone, moved or hidden since the copy: their hits are
		// dropped, and said so; the others are stored.
		gone, hidden := newRecord("21EDGE202"), newRecord("21EDGE203")
		if err := fra.DeleteRecord(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := fra.UpdateRecord(ctx, hidden.ID, client.RecordPatch{Restrictions: &client.Restrictions{NCBOnly: true}}); err != nil {
			t.Fatal(err)
		}
		up := []client.EdgeHit{good(1), good(2), good(3), good(4)}
		up[1].RecordID = gone.ID
		up[2].RecordID = hidden.ID
		up[3].Database = "tdawn"
		answer, err := border.UploadEdgeHits(ctx, up)
		if err != nil {
			t.Fatal(err)
		}
		if len(answer.Accepted) != 4 {
			t.Errorf("accepted %v, want every hit", answer.Accepted)
		}
		wantDropped := []client.DroppedEdgeHit{{ID: hitID(2), Reason: "record_gone"}, {ID: hitID(3), Reason: "not_permitted"}, {ID: hitID(4), Reason: "record_changed"}}
		if fmt.Sprint(answer.Dropped) != fmt.Sprint(wantDropped) {
			t.Errorf("dropped %+v, want %+v", answer.Dropped, wantDropped)
		}
		if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 1 || e.count(`SELECT count(*) FROM hits WHERE id = ?`, hitID(1)) != 1 {
			t.Errorf("%d hits stored, want the one whose record is there", added)
		}
		// Uploaded again: nothing stored twice, nothing dropped twice.
		answer, err = border.UploadEdgeHits(ctx, up[:1])
		if err != nil || len(answer.Accepted) != 1 || len(answer.Dropped) != 0 {
			t.Fatalf("again: %+v %v", answer, err)
		}
		if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 1 {
			t.Errorf("%d hits stored after a repeat", added)
		}
	})
}

// The edge node deals with what the central node answers its uploads: a
// hit dropped is logged with why; a hit refused (here: a clock an hour
// fast) is set aside, kept, and holds none of the others back; a copy past
// its validity answers no more.
func TestEdgeNodeUploadAnswers(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		edgeClock := clock.NewFake(e.clock.Now())
		r := newEdgeRig(t, e, edgeClock)
		fra := e.as("fra.officer")
		rec := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
			"number": {"21EDGE301"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
		if err := r.node.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		hitsBefore := e.count(`SELECT count(*) FROM hits`)

		// Offline, a hit on a record deleted before the link returns.
		r.link.Store(false)
		if _, res := edgeCheck(t, r.local, `{"purpose":"border-control","items":[{"kind":"document","number":"21EDGE301","country":"FRA"}]}`); len(res) != 1 || res[0].Outcome != "hit" {
			t.Fatalf("%+v", res)
		}
		if err := fra.DeleteRecord(ctx, rec.ID); err != nil {
			t.Fatal(err)
		}
		r.link.Store(true)
		if err := r.node.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if pending, refused := edgeHealth(t, r.local); pending != 0 || refused != 0 {
			t.Fatalf("%d waiting, %d refused after the sync", pending, refused)
		}
		if log := r.log.String(); !strings.Contains(log, "dropped an offline hit") || !strings.Contains(log, "reason=record_gone") {
			t.Errorf("the drop is not logged with its reason:\n%s", log)
		}
		if e.count(`SELECT count(*) FROM hits`) != hitsBefore {
			t.Fatal("a hit on a deleted record was stored")
		}

		// The edge node's clock runs an hour fast: its hits are refused,
		// set aside, and the one made after the clock is set right passes.
		edgeClock.Advance(time.Hour)
		if _, res := edgeCheck(t, r.local, `{"purpose":"border-control","items":[{"kind":"document","number":"19FV04321","country":"FRA"}]}`); len(res) != 1 || res[0].Outcome != "hit" {
			t.Fatalf("%+v", res)
		}
		eventually(t, 5*time.Second, func() error {
			if pending, refused := edgeHealth(t, r.local); pending != 0 || refused != 1 {
				return fmt.Errorf("%d waiting, %d refused", pending, refused)
			}
			return nil
		})
		if log := r.log.String(); !strings.Contains(log, "refused an offline hit") || !strings.Contains(log, "hits[0].time") {
			t.Errorf("the refusal is not logged:\n%s", log)
		}
		edgeClock.Set(e.clock.Now())
		if _, res := edgeCheck(t, r.local, `{"purpose":"border-control","items":[{"kind":"document","number":"19FV04321","country":"FRA"}]}`); len(res) != 1 || res[0].Outcome != "hit" {
			t.Fatalf("%+v", res)
		}
		edgeSettled(t, r.local)
		if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 1 {
			t.Errorf("%d hits stored, want the one made with the clock right", added)
		}
		if _, refused := edgeHealth(t, r.local); refused != 1 {
			t.Errorf("%d hits refused, want the one kept", refused)
		}

		// A month and more without the link: the copy answers no more.
		edgeClock.Advance(31 * 24 * time.Hour)
		r.link.Store(false)
		resp, raw := post(t, r.local+"/api/v1/checks", "", "application/json", `{"purpose":"border-control","items":[{"kind":"document","number":"19FV04321","country":"FRA"}]}`)
		if resp.StatusCode != 503 || !strings.Contains(string(raw), "validity") {
			t.Errorf("a copy past its validity: %d %s", resp.StatusCode, raw)
		}
	})
}
