package client

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"
)

// EdgeCopy is a signed offline copy (snapshot or delta) and the key its
// identifiers are hashed under.
type EdgeCopy struct {
	Body []byte
	Key  []byte
	Seq  uint64
}

// EdgeSnapshot fetches the signed snapshot of what the caller may check.
func (c *Client) EdgeSnapshot(ctx context.Context) (EdgeCopy, error) {
	return c.edgeCopy(ctx, "/api/v1/edge/snapshot")
}

// EdgeDelta fetches the signed delta from the copy at seq from. An *Error
// with Status 409 means the node holds no such copy: fetch a snapshot.
func (c *Client) EdgeDelta(ctx context.Context, from uint64) (EdgeCopy, error) {
	return c.edgeCopy(ctx, "/api/v1/edge/delta?"+url.Values{"from": {strconv.FormatUint(from, 10)}}.Encode())
}

func (c *Client) edgeCopy(ctx context.Context, path string) (EdgeCopy, error) {
	long := *c
	h := *c.http
	h.Timeout = 0 // a large copy takes long to make and to send; ctx bounds it
	long.http = &h
	resp, err := long.send(ctx, "GET", path, "", nil)
	if err != nil {
		return EdgeCopy{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return EdgeCopy{}, readError(resp)
	}
	key, err := base64.StdEncoding.DecodeString(resp.Header.Get("Ncbnet-Edge-Key"))
	if err != nil {
		return EdgeCopy{}, fmt.Errorf("edge copy: bad key header: %w", err)
	}
	seq, err := strconv.ParseUint(resp.Header.Get("Ncbnet-Edge-Seq"), 10, 64)
	if err != nil {
		return EdgeCopy{}, fmt.Errorf("edge copy: bad sequence header: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<30))
	if err != nil {
		return EdgeCopy{}, fmt.Errorf("edge copy: %w", err)
	}
	return EdgeCopy{Body: body, Key: key, Seq: seq}, nil
}

// EdgeHit is a hit an edge node made offline.
type EdgeHit struct {
	ID       string    `json:"id"`
	RecordID string    `json:"record_id"`
	Database string    `json:"database"`
	Owner    string    `json:"owner"`
	Kind     string    `json:"kind"`
	Time     time.Time `json:"time"`
	Matched  []string  `json:"matched,omitempty"`
	Purpose  string    `json:"purpose"`
	// CopySeq is the sequence of the copy the check was answered from; the
	// node takes a hit only from inside that copy's validity.
	CopySeq uint64 `json:"copy_seq"`
}

// EdgeUpload is the node's answer to an upload of offline hits.
type EdgeUpload struct {
	// Accepted are the IDs the edge node may forget: stored now or before,
	// or dropped.
	Accepted []string `json:"accepted"`
	// Dropped are those not stored because their record is gone, changed
	// hands or is hidden from the border point since: Reason is
	// record_gone, record_changed or not_permitted.
	Dropped []DroppedEdgeHit `json:"dropped"`
}

// DroppedEdgeHit is an uploaded hit the node did not store, and why.
type DroppedEdgeHit struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// UploadEdgeHits sends offline hits (a border point's). An *Error with
// Status 422 names the hit that did not pass (Field hits[3].time), and
// nothing of the upload was stored.
func (c *Client) UploadEdgeHits(ctx context.Context, hits []EdgeHit) (EdgeUpload, error) {
	var a EdgeUpload
	return a, c.do(ctx, "POST", "/api/v1/edge/hits", nil, map[string][]EdgeHit{"hits": hits}, &a)
}

// EdgeCheck sends the items of a check that an edge node cannot answer from
// its copy (persons) to the node, in the name of the edge node's border
// point. req and answer are the wire shapes of POST /api/v1/checks: the edge
// node passes the answer on to its desks as the node gave it.
func (c *Client) EdgeCheck(ctx context.Context, req, answer any) error {
	return c.do(ctx, "POST", "/api/v1/checks", nil, req, answer)
}
