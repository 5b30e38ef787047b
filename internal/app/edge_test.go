package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// edgeResult is a result of an edge node's local checks API.
type edgeResult struct {
	client.CheckResult
	Error *struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"error"`
}

// edgeCheck posts a check to an edge node's local API.
func edgeCheck(t *testing.T, url, body string) (int, []edgeResult) {
	t.Helper()
	resp, err := http.Post(url+"/api/v1/checks", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Results []edgeResult `json:"results"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&a)
	return resp.StatusCode, a.Results
}

// edgeHealth reads an edge node's hits waiting and refused.
func edgeHealth(t *testing.T, url string) (pending, refused int) {
	t.Helper()
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		Pending int `json:"pending_hits"`
		Refused int `json:"refused_hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h.Pending, h.Refused
}

// edgeSettled waits until an edge node has no hit waiting: the uploads it
// started are done.
func edgeSettled(t *testing.T, url string) {
	t.Helper()
	eventually(t, 5*time.Second, func() error {
		if pending, _ := edgeHealth(t, url); pending != 0 {
			return fmt.Errorf("%d hits still waiting", pending)
		}
		return nil
	})
}

func TestEdgeNode(t *testing.T) { eachStore(t, testEdgeNode) }

func testEdgeNode(t *testing.T, e *env) {
	ctx := context.Background()
	border := e.as("fra.border-officer")
	// The link to the central node, cut and restored at will.
	var link atomic.Bool
	link.Store(true)
	central := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !link.Load() {
			http.Error(w, "no route to host", http.StatusBadGateway)
			return
		}
		e.node.API.ServeHTTP(w, r)
	}))
	defer central.Close()

	dir := t.TempDir()
	n, err := app.OpenEdge(app.EdgeConfig{Server: central.URL, Token: border.Token(), VerifierKey: e.node.Audit.VerifierKey(), DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	local := httptest.NewServer(n.Handler())
	if status, _ := edgeCheck(t, local.URL, `{"purpose":"border-control","items":[{"kind":"vehicle","vin":"1M8GDM9AXKP042788"}]}`); status != http.StatusServiceUnavailable {
		t.Fatalf("a node without a copy answered %d", status)
	}
	if err := n.Sync(ctx); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	first := n.Seq()
	if first == 0 {
		t.Fatal("no copy after the first sync")
	}

	// Offline: the link is down, checks are answered from the copy.
	link.Store(false)
	status, res := edgeCheck(t, local.URL, `{"purpose":"border-control","items":[
		{"kind":"document","number":"19FV04321","country":"FRA","type":"P"},
		{"kind":"document","number":"20FV11873","country":"FRA"},
		{"kind":"vehicle","vin":"1M8GDM9AXKP042788"},
		{"kind":"document","number":"19FV04321","country":"DEU"}]}`)
	if status != 200 || len(res) != 4 {
		t.Fatalf("%d %+v", status, res)
	}
	want := []string{"hit", "no-hit", "hit", "no-hit"} // the NCB-only record is not in a border point's copy
	for i, r := range res {
		if r.Outcome != want[i] {
			t.Errorf("item %d: %s, want %s (%+v)", i, r.Outcome, want[i], r)
		}
	}
	if h := res[0].Hits[0]; h.Database != "sltd" || h.Owner != "FRA" || h.Action[0] != "seize" || h.Urgency != "urgent" || h.Record != nil {
		t.Errorf("offline hit %+v", h)
	}
	// A person needs the central node: not checked, and said so, never a
	// no-hit.
	if status, res := edgeCheck(t, local.URL, `{"purpose":"border-control","items":[{"kind":"person","name":"Sergei Volkov"}]}`); status != 200 || len(res) != 1 ||
		res[0].Outcome != "not-checked" || res[0].Error == nil || res[0].Error.Field != "items[0].name" {
		t.Errorf("a person checked offline: %d %+v, want not-checked", status, res)
	}
	if status, _ := edgeCheck(t, local.URL, `{"purpose":"criminal-investigation","items":[{"kind":"vehicle","vin":"X"}]}`); status != 403 {
		t.Errorf("an investigation at an edge node: %d, want 403", status)
	}
	// Bad input gets the API's own errors, and queues nothing.
	for _, c := range []struct {
		ct, body string
		status   int
		code     string
	}{
		{"application/json", `{"purpose":`, 400, "malformed_json"},
		{"text/plain", `{"purpose":"border-control","items":[]}`, 415, "unsupported_media_type"},
		{"application/json", `{"purpose":"border-control","items":[{"kind":"vehicle","vin":"1M8GDM9AXKP042788"}],"x":1}`, 400, "unknown_field"},
		{"application/json", `{"purpose":"border-control","items":[{"kind":"vehicle","vin":"` + strings.Repeat("A", 2<<20) + `"}]}`, 413, "body_too_large"},
		{"application/json", `{"purpose":"border-control","items":[{"kind":"document","number":"X"}]}`, 422, "missing_field"},
	} {
		resp, raw := post(t, local.URL+"/api/v1/checks", "", c.ct, c.body)
		if resp.StatusCode != c.status || !strings.Contains(string(raw), `"code":"`+c.code+`"`) {
			t.Errorf("%.40s: %d %s, want %d %s", c.body, resp.StatusCode, raw, c.status, c.code)
		}
	}
	hitsBefore := e.count(`SELECT count(*) FROM hits`)
	if err := n.Sync(ctx); err == nil {
		t.Fatal("a sync without the link succeeded")
	}
	if e.count(`SELECT count(*) FROM hits`) != hitsBefore {
		t.Fatal("hits reached the central node without the link")
	}

	// Meanwhile FRA reports another passport stolen.
	fra := e.as("fra.officer")
	createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
		"number": {"21EDGE001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})

	// The link returns: the new record comes as a delta, and the hits made
	// offline reach their owner, once each.
	link.Store(true)
	streamCtx, stop := context.WithCancel(ctx)
	defer stop()
	owned, err := fra.StreamHits(streamCtx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Sync(ctx); err != nil {
		t.Fatalf("sync after the link returned: %v", err)
	}
	if n.Seq() <= first {
		t.Fatalf("the copy did not move on: %d", n.Seq())
	}
	if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 2 {
		t.Fatalf("%d hits stored for 2 offline hits", added)
	}
	// FRA's passport hit reaches FRA; the vehicle's goes to USA.
	h := next(t, owned, "FRA's stream, the offline hit")
	if h.Source != "check" || h.Searcher.UnitKind != "border-point" || h.Matched[0] != "offline" || h.Confirmation != "pending" {
		t.Errorf("the offline hit as its owner sees it: %+v", h)
	}
	// With the link up, a hit is uploaded as soon as it is made.
	if _, res := edgeCheck(t, local.URL, `{"purpose":"border-control","items":[{"kind":"document","number":"21EDGE001","country":"FRA"}]}`); len(res) != 1 || res[0].Outcome != "hit" {
		t.Fatalf("the record added while offline: %+v", res)
	}
	edgeSettled(t, local.URL)
	if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 3 {
		t.Fatalf("%d hits stored for 3 offline hits", added)
	}
	// An upload repeated (its answer lost) stores nothing twice.
	again := []client.EdgeHit{{ID: h.ID, RecordID: h.RecordID, Database: h.Database, Owner: h.Owner, Kind: "document-number", Time: h.Time, Purpose: "border-control", CopySeq: first}}
	if up, err := border.UploadEdgeHits(ctx, again); err != nil || len(up.Accepted) != 1 || up.Accepted[0] != h.ID || len(up.Dropped) != 0 {
		t.Fatalf("upload again: %+v %v", up, err)
	}
	if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 3 {
		t.Fatalf("a repeated upload stored again: %d", added)
	}
	// Only a border point uploads (TestEdgeOnlyBorderPoints, TestEdgeUploadRefused).
	_, err = e.anon().UploadEdgeHits(ctx, again)
	wantCode(t, err, 401, "unauthenticated")
	_, err = e.as("fra.analyst").UploadEdgeHits(ctx, again)
	wantCode(t, err, 403, "unit_kind_not_permitted")

	// Records withdrawn meanwhile leave the copy with the next delta: one
	// deleted, one restricted to NCBs.
	gone := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
		"number": {"21EDGE002"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
	hidden := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
		"number": {"21EDGE003"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
	if err := n.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(number string) string {
		_, res := edgeCheck(t, local.URL, `{"purpose":"border-control","items":[{"kind":"document","number":"`+number+`","country":"FRA"}]}`)
		if len(res) != 1 {
			t.Fatalf("%s: %+v", number, res)
		}
		return res[0].Outcome
	}
	if check("21EDGE002") != "hit" || check("21EDGE003") != "hit" {
		t.Fatal("the new records are not in the copy")
	}
	if err := fra.DeleteRecord(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := fra.UpdateRecord(ctx, hidden.ID, client.RecordPatch{Restrictions: &client.Restrictions{NCBOnly: true}}); err != nil {
		t.Fatal(err)
	}
	if err := n.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if check("21EDGE002") != "no-hit" || check("21EDGE003") != "no-hit" || check("21EDGE001") != "hit" {
		t.Fatal("a withdrawn record is still in the copy, or a kept one was lost")
	}
	if err := e.node.Audit.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	exports, err := e.node.Audit.Entries(ctx, audit.Filter{Action: "edge.export", Limit: 100})
	if err != nil || len(exports) < 4 {
		t.Fatalf("%d edge.export entries, %v", len(exports), err)
	}
	var snapshots, deltas int
	for _, x := range exports {
		if strings.HasPrefix(x.Details["copy"], "delta from ") {
			deltas++
		} else {
			snapshots++
		}
	}
	if snapshots != 1 || deltas != 3 {
		t.Errorf("%d snapshots and %d deltas, want the first sync's snapshot and a delta at each sync after", snapshots, deltas)
	}

	// Restarted with no link, the node answers from the copy it kept.
	link.Store(false)
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	local.Close()
	again2, err := app.OpenEdge(app.EdgeConfig{Server: central.URL, Token: border.Token(), VerifierKey: e.node.Audit.VerifierKey(), DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer again2.Close()
	restarted := httptest.NewServer(again2.Handler())
	defer restarted.Close()
	if _, res := edgeCheck(t, restarted.URL, `{"purpose":"border-control","items":[{"kind":"document","number":"21EDGE001","country":"FRA"}]}`); len(res) != 1 || res[0].Outcome != "hit" {
		t.Fatalf("after a restart: %+v", res)
	}
	link.Store(true)

	// A copy signed with another key is refused, and the node keeps none.
	_, otherKey, err := audit.GenerateKey("other.example/audit")
	if err != nil {
		t.Fatal(err)
	}
	m, err := app.OpenEdge(app.EdgeConfig{Server: central.URL, Token: border.Token(), VerifierKey: otherKey, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Sync(ctx); err == nil || m.Seq() != 0 {
		t.Fatalf("a copy signed by another key: %v, seq %d", err, m.Seq())
	}
}

// With a local token, the edge node's checks API answers only the callers
// that send it; without one, it listens on loopback only.
func TestEdgeLocalToken(t *testing.T) {
	e := newEnv(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	hitsBefore := e.count(`SELECT count(*) FROM hits`)
	border := e.as("fra.border-officer")
	central := httptest.NewServer(e.node.API)
	defer central.Close()
	const token = "desk software token, 32 chars.."
	n, err := app.OpenEdge(app.EdgeConfig{Server: central.URL, Token: border.Token(), VerifierKey: e.node.Audit.VerifierKey(), DataDir: t.TempDir(), LocalToken: token})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	if err := n.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	local := httptest.NewServer(n.Handler())
	defer local.Close()
	body := `{"purpose":"border-control","items":[{"kind":"vehicle","vin":"1M8GDM9AXKP042788"}]}`
	for _, tc := range []struct {
		name, auth string
		want       int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"another token", "Bearer another token of 32 characters", http.StatusUnauthorized},
		{"the token without its scheme", token, http.StatusUnauthorized},
		{"the token", "Bearer " + token, http.StatusOK},
	} {
		req, _ := http.NewRequest("POST", local.URL+"/api/v1/checks", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	// Refused checks make no hit: the one let through is uploaded, alone.
	edgeSettled(t, local.URL)
	if added := e.count(`SELECT count(*) FROM hits`) - hitsBefore; added != 1 {
		t.Errorf("%d hits uploaded, want the one of the check let through", added)
	}

	for _, tc := range []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8081", "", true},
		{"[::1]:8081", "", true},
		{"0.0.0.0:8081", "", false},
		{"192.0.2.10:8081", "", false},
		{"0.0.0.0:8081", token, true},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.EdgeListen(addr, tc.token); (err == nil) != tc.ok {
			t.Errorf("listen on %s with token %q: %v, want allowed %v", tc.addr, tc.token, err, tc.ok)
		}
	}
}
