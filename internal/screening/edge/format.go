package edge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// A file is a signed note, one 0x00 byte, then the binary body. The note
// names what the body is and carries its SHA-256, so one signature covers
// both; 0x00 cannot occur in a note, so the first one ends it.
const (
	typeSnapshot = "snapshot"
	typeDelta    = "delta"

	// maxNote bounds the search for the separator in an untrusted file.
	maxNote = 8 << 10
)

// header is what the note of a file says.
type header struct {
	fileType  string // typeSnapshot or typeDelta
	base      uint64 // delta: the seq it applies to
	baseState [32]byte
	removes   uint64 // delta
	adds      uint64 // delta
	seq       uint64
	entries   uint64 // rows of the resulting state
	created   time.Time
	key       string // keyID of the identifier key
	body      [32]byte
	state     [32]byte // digest of the resulting state
}

func (h *header) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ncbnet edge %s\n", h.fileType)
	if h.fileType == typeDelta {
		fmt.Fprintf(&b, "base %d\nbase-state sha256 %x\nremoves %d\nadds %d\n", h.base, h.baseState, h.removes, h.adds)
	}
	fmt.Fprintf(&b, "seq %d\nentries %d\ncreated %s\nkey %s\nbody sha256 %x\nstate sha256 %x\n",
		h.seq, h.entries, h.created.UTC().Format(time.RFC3339), h.key, h.body, h.state)
	return b.String()
}

// parseHeader reads a note's text. It accepts only the exact text h.text()
// would write, so there is one spelling of each header and nothing in a
// signed note goes unread.
func parseHeader(text string) (*header, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	h := &header{}
	t, ok := strings.CutPrefix(lines[0], "ncbnet edge ")
	if !ok || (t != typeSnapshot && t != typeDelta) {
		return nil, fmt.Errorf("not an edge file: %q", lines[0])
	}
	h.fileType = t
	var err error
	for _, line := range lines[1:] {
		name, value, _ := strings.Cut(line, " ")
		switch name {
		case "base":
			h.base, err = strconv.ParseUint(value, 10, 64)
		case "base-state":
			h.baseState, err = parseDigest(value)
		case "removes":
			h.removes, err = strconv.ParseUint(value, 10, 64)
		case "adds":
			h.adds, err = strconv.ParseUint(value, 10, 64)
		case "seq":
			h.seq, err = strconv.ParseUint(value, 10, 64)
		case "entries":
			h.entries, err = strconv.ParseUint(value, 10, 64)
		case "created":
			h.created, err = time.Parse(time.RFC3339, value)
		case "key":
			h.key = value
		case "body":
			h.body, err = parseDigest(value)
		case "state":
			h.state, err = parseDigest(value)
		default:
			err = fmt.Errorf("unknown line %q", name)
		}
		if err != nil {
			return nil, fmt.Errorf("header line %q: %w", name, err)
		}
	}
	if h.text() != text {
		return nil, errors.New("header not in canonical form")
	}
	return h, nil
}

func parseDigest(s string) ([32]byte, error) {
	var d [32]byte
	x, ok := strings.CutPrefix(s, "sha256 ")
	if !ok || len(x) != 64 {
		return d, errors.New("want sha256 and 64 hex digits")
	}
	_, err := hex.Decode(d[:], []byte(x))
	return d, err
}

// seal signs h (completing its body digest) and joins note and body.
func seal(h *header, body []byte, signer note.Signer) ([]byte, error) {
	h.body = sha256.Sum256(body)
	msg, err := note.Sign(&note.Note{Text: h.text()}, signer)
	if err != nil {
		return nil, fmt.Errorf("sign %s: %w", h.fileType, err)
	}
	out := make([]byte, 0, len(msg)+1+len(body))
	out = append(out, msg...)
	out = append(out, 0)
	return append(out, body...), nil
}

// unseal checks a file's signature against v and its body against the note,
// and returns both. A file that cannot be split or parsed, a bad signature or
// a body that does not match is ErrTampered; a note signed only by others is
// ErrUnknownSigner.
func unseal(data []byte, v note.Verifier, wantType string) (*header, []byte, error) {
	sep := bytes.IndexByte(data[:min(len(data), maxNote)], 0)
	if sep < 0 {
		return nil, nil, fmt.Errorf("%w: no signed note at the start", ErrTampered)
	}
	n, err := note.Open(data[:sep], note.VerifierList(v))
	if err != nil {
		if _, ok := errors.AsType[*note.UnverifiedNoteError](err); ok {
			return nil, nil, fmt.Errorf("%w: no signature by %s", ErrUnknownSigner, v.Name())
		}
		return nil, nil, fmt.Errorf("%w: %v", ErrTampered, err)
	}
	h, err := parseHeader(n.Text)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrTampered, err)
	}
	if h.fileType != wantType {
		return nil, nil, fmt.Errorf("%w: a %s, not a %s", ErrWrongType, h.fileType, wantType)
	}
	body := data[sep+1:]
	if sha256.Sum256(body) != h.body {
		return nil, nil, fmt.Errorf("%w: body does not match its signed digest", ErrTampered)
	}
	return h, body, nil
}
