package screening

import (
	"bytes"
	"encoding/json"
	"github.com/ncbnet/ncbnet/internal/jsonfast"
	"strconv"
)

// MarshalJSON writes an answer without hits (nearly every answer at a
// border) without reflection, as encoding/json writes it; one with hits is
// written by encoding/json. Neither escapes HTML: the encoder that calls
// it does, when it is set to.
func (a Answer) MarshalJSON() ([]byte, error) {
	if a.Results == nil {
		return a.marshalPlain()
	}
	b := make([]byte, 0, 16+48*len(a.Results))
	b = append(b, `{"results":[`...)
	for i, r := range a.Results {
		if len(r.Hits) > 0 || r.Hits == nil || r.Refer != nil || !jsonfast.Plain(r.Outcome) {
			return a.marshalPlain()
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"index":`...)
		b = strconv.AppendInt(b, int64(r.Index), 10)
		b = append(b, `,"outcome":"`...)
		b = append(b, r.Outcome...)
		b = append(b, `","hits":[]}`...)
	}
	return append(b, "]}"...), nil
}

// marshalPlain writes a by reflection.
func (a Answer) marshalPlain() ([]byte, error) {
	type plain Answer // without the MarshalJSON method
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(plain(a)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
