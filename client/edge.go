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
}

// UploadEdgeHits sends offline hits; it returns the IDs the node took (now
// or before), which the edge node may forget.
func (c *Client) UploadEdgeHits(ctx context.Context, hits []EdgeHit) ([]string, error) {
	var a struct {
		Accepted []string `json:"accepted"`
	}
	return a.Accepted, c.do(ctx, "POST", "/api/v1/edge/hits", nil, map[string][]EdgeHit{"hits": hits}, &a)
}
