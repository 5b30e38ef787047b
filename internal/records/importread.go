package records

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// lineReader reads a body line by line without holding more than one line
// (at most max bytes) in memory. A line longer than max is skipped to its end
// and reported as such, so one bad line does not stop an import.
type lineReader struct {
	r     *bufio.Reader
	max   int
	n     int   // number of the last line read, from 1
	bytes int64 // bytes read, line breaks included
	long  []byte
	// quotes counts the '"' of the last line skipped as too long, so that
	// the CSV reader knows whether a quoted field goes on after it.
	quotes int
	err    error // sticky: the error that ended the body
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 256<<10), max: max}
}

// errLineTooLong marks a line longer than the limit (the line was skipped).
var errLineTooLong = errors.New("line too long")

// raw returns the next line without its line break (LF or CRLF) and its
// number. The slice is valid until the next call. At the end of the body it
// returns io.EOF; a line longer than the limit gives errLineTooLong (and is
// skipped); any other error ended the body early.
func (lr *lineReader) raw() ([]byte, int, error) {
	if lr.err != nil {
		return nil, lr.n, lr.err
	}
	line, err := lr.r.ReadSlice('\n')
	lr.bytes += int64(len(line))
	tooLong, dropped := false, 0 // dropped: the quotes of what was skipped
	if errors.Is(err, bufio.ErrBufferFull) {
		lr.long = append(lr.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = lr.r.ReadSlice('\n')
			lr.bytes += int64(len(line))
			switch {
			case tooLong:
				dropped += quotes(line)
			case len(lr.long)+len(line) > lr.max+2: // +2: the line break
				tooLong, dropped, lr.long = true, quotes(lr.long)+quotes(line), lr.long[:0]
			default:
				lr.long = append(lr.long, line...)
			}
		}
		line = lr.long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		lr.err = err
		return nil, lr.n, err
	}
	if errors.Is(err, io.EOF) {
		lr.err = io.EOF
		if len(line) == 0 && !tooLong {
			return nil, lr.n, io.EOF
		}
	}
	lr.n++
	if lr.n == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")) // a byte-order mark, as spreadsheets write
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	if tooLong || len(line) > lr.max {
		if !tooLong {
			dropped = quotes(line)
		}
		lr.quotes = dropped
		return nil, lr.n, errLineTooLong
	}
	return line, lr.n, nil
}

// tooLongError reports a skipped line or CSV record.
func (lr *lineReader) tooLongError(what string) *fault.Error {
	return fault.New(fault.BodyTooLarge, "the %s is longer than %d bytes: it was skipped", what, lr.max)
}

func blank(line []byte) bool {
	return len(bytes.TrimLeft(line, " \t\r")) == 0
}

// nextJSON reads the next NDJSON record; blank lines are skipped. bad
// refuses one line; stop ends the import (io.EOF at the end of the body).
func (imp *importer) nextJSON() (n NewRecord, line int, bad, stop error) {
	for {
		b, ln, err := imp.lines.raw()
		switch {
		case errors.Is(err, errLineTooLong):
			return NewRecord{}, ln, imp.lines.tooLongError("line"), nil
		case err != nil:
			return NewRecord{}, ln, nil, err
		case blank(b):
			continue
		}
		if n, ok := fastLine(b, imp.names); ok {
			return n, ln, nil, nil
		}
		n, err := decodeJSONLine(b)
		return n, ln, err, nil
	}
}
