package mrz

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// splitLines cuts text into the lines of an MRZ, each trimmed of surrounding
// spaces (and of the '\r' of a "\r\n"). A single line as long as a whole
// 2- or 3-line MRZ is cut into its lines.
func splitLines(text string) (lines [maxLines]string, n int, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return lines, 0, &ParseError{Line: 1, Position: 1,
			Reason: "there is no MRZ: an MRZ has 2 or 3 lines of 30, 36 or 44 characters"}
	}
	for more := true; more; {
		var line string
		line, text, more = strings.Cut(text, "\n")
		if n == maxLines {
			return lines, n, &ParseError{Line: n + 1, Position: 1,
				Reason: "an MRZ has at most 3 lines"}
		}
		lines[n] = strings.TrimSpace(line)
		n++
		// The text was trimmed: an empty line is inside it.
		if lines[n-1] == "" {
			return lines, n, &ParseError{Line: n, Position: 1,
				Reason: "the line is empty: the lines of an MRZ follow each other"}
		}
	}
	if n > 1 {
		return lines, n, nil
	}
	// One line: either the lines of a whole MRZ run together, or a line
	// missing. Its characters are checked first, so that an error names a
	// position in the line as given.
	one := lines[0]
	if err := checkCharacters(one, 1); err != nil {
		return lines, n, err
	}
	width := 0
	switch len(one) {
	case 3 * td1Length:
		width = td1Length
	case 2 * td2Length:
		width = td2Length
	case 2 * td3Length:
		width = td3Length
	default:
		return lines, n, &ParseError{Line: 2, Position: 1,
			Reason: "line 2 is missing: an MRZ has 2 or 3 lines"}
	}
	for n = 0; n*width < len(one); n++ {
		lines[n] = one[n*width : (n+1)*width]
	}
	return lines, n, nil
}

// checkCharacters finds the first character of line that the MRZ alphabet
// lacks: capital letters, digits and the '<' filler, lower-case letters
// being read as capitals.
func checkCharacters(line string, number int) error {
	for i := 0; i < len(line); i++ {
		if inAlphabet(line[i]) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(line[i:])
		return &ParseError{Line: number, Position: utf8.RuneCountInString(line[:i]) + 1,
			Reason: fmt.Sprintf("%s is not an MRZ character (A-Z, 0-9 or '<')", quoteChar(r))}
	}
	return nil
}

func inAlphabet(c byte) bool {
	return 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '<' || 'a' <= c && c <= 'z'
}

// quoteChar names one character for an error message; bytes that are not
// UTF-8 are described, not printed.
func quoteChar(r rune) string {
	if r == utf8.RuneError {
		return "a byte that is not UTF-8 text"
	}
	return strconv.QuoteRune(r)
}

// layoutOf finds the layout of the lines: their number and length, then
// the first character of the document code. After the count of lines, each
// line is checked in turn, its characters before its length, so the error
// is the first one a person reading the MRZ would meet.
func layoutOf(lines []string) (*layout, error) {
	if err := lineCount(lines); err != nil {
		return nil, err
	}
	length := td1Length
	if len(lines) == 2 {
		// The first line of a plausible length sets the length of both.
		switch {
		case len(lines[0]) == td2Length || len(lines[0]) == td3Length:
			length = len(lines[0])
		case len(lines[1]) == td2Length || len(lines[1]) == td3Length:
			length = len(lines[1])
		case len(lines[0]) > (td2Length+td3Length)/2:
			length = td3Length
		default:
			length = td2Length
		}
	}
	for i, line := range lines {
		if err := checkCharacters(line, i+1); err != nil {
			return nil, err
		}
		if len(line) != length {
			return nil, &ParseError{Line: i + 1, Position: min(len(line), length) + 1,
				Reason: lengthReason(length, len(line))}
		}
	}
	code := upper(lines[0][0])
	switch {
	case length == td1Length && (code == 'A' || code == 'C' || code == 'I'):
		return &td1, nil
	case length == td2Length && (code == 'A' || code == 'C' || code == 'I'):
		return &td2, nil
	case length == td2Length && code == 'V':
		return &mrvB, nil
	case length == td3Length && code == 'P':
		return &td3, nil
	case length == td3Length && code == 'V':
		return &mrvA, nil
	}
	var known string
	switch length {
	case td1Length:
		known = "3 lines of 30 are an identity card (TD1), with a document code starting A, C or I"
	case td2Length:
		known = "2 lines of 36 are a TD2 document, with a document code starting A, C or I, or an MRV-B visa, starting V"
	default:
		known = "2 lines of 44 are a passport (TD3), with a document code starting P, or an MRV-A visa, starting V"
	}
	return nil, &ParseError{Line: 1, Position: 1,
		Reason: fmt.Sprintf("unknown format: the document code starts %s; %s", quoteChar(rune(code)), known)}
}

// lineCount catches lines of a layout's length that are one too few or one
// too many for it: a TD1 without its name line, a passport with a line of
// something else under it.
func lineCount(lines []string) error {
	switch {
	case len(lines) == 2 && len(lines[0]) == td1Length && len(lines[1]) == td1Length:
		return &ParseError{Line: 3, Position: 1,
			Reason: "line 3 is missing: an MRZ of 30-character lines (TD1) has 3"}
	case len(lines) == 3 && len(lines[0]) == len(lines[1]) &&
		(len(lines[0]) == td2Length || len(lines[0]) == td3Length):
		return &ParseError{Line: 3, Position: 1,
			Reason: fmt.Sprintf("an MRZ of %d-character lines has 2 lines, not 3", len(lines[0]))}
	}
	return nil
}

func lengthReason(want, got int) string {
	var kind string
	switch want {
	case td1Length:
		kind = "a 3-line MRZ (TD1)"
	case td2Length:
		kind = "a TD2 or MRV-B MRZ"
	default:
		kind = "a TD3 or MRV-A MRZ"
	}
	return fmt.Sprintf("the line has %d characters; lines of %s have %d", got, kind, want)
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
