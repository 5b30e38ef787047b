package client

import (
	"context"
	"encoding/json"

	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// ScreenManifestRows screens a manifest whose rows are JSON objects keyed
// by column names as an export names them: the names a CSV header may use
// (seat, last_name, dob, passport_no, …; case, spaces and punctuation do
// not matter). The node refuses the manifest, naming the column and the
// names it takes, when a row has a column it does not know.
func (c *Client) ScreenManifestRows(ctx context.Context, purpose, voyage string, rows []json.RawMessage) (ManifestAnswer, error) {
	in := wire.Manifest[json.RawMessage]{Purpose: purpose, Voyage: voyage, Rows: rows}
	var a ManifestAnswer
	return a, c.do(ctx, "POST", "/api/v1/manifests", nil, in, &a)
}
