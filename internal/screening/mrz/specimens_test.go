package mrz

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from what Parse returns")

// specimenFile is the copy of ../shared/data/mrz-specimens.txt (see
// testdata/README.md); sharedSpecimenFile is the original, next to the
// repository, when there is one.
const (
	specimenFile       = "testdata/mrz-specimens.txt"
	sharedSpecimenFile = "../../../../shared/data/mrz-specimens.txt"
)

// specimenNow is the day the golden files were written for: it fixes the
// centuries of the specimens' dates.
var specimenNow = time.Date(2026, time.November, 27, 10, 0, 0, 0, time.UTC)

// A specimen is one block of the specimens file: a "# name" line, the MRZ
// lines, and "expect key=value …" lines (a value may hold spaces: a word
// without '=' continues the value before it).
type specimen struct {
	name   string
	at     int // line of the file where the block starts
	lines  []string
	expect map[string]string
}

func (s specimen) text() string { return strings.Join(s.lines, "\n") }

// slug names the specimen's golden file.
func (s specimen) slug() string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s.name) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

func loadSpecimens(t testing.TB) []specimen {
	t.Helper()
	f, err := os.Open(specimenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var all []specimen
	var cur specimen
	flush := func() {
		// The file's header is a block of comments and no MRZ.
		if len(cur.lines) > 0 {
			if cur.name == "" || cur.expect == nil {
				t.Fatalf("%s:%d: a specimen needs a \"# name\" line and an expect line", specimenFile, cur.at)
			}
			all = append(all, cur)
		}
		cur = specimen{}
	}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if cur.at == 0 {
			cur.at = n
		}
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "#"):
			if cur.name == "" {
				cur.name = strings.TrimSpace(strings.TrimPrefix(line, "#"))
			}
		case strings.HasPrefix(line, "expect "):
			if cur.expect == nil {
				cur.expect = map[string]string{}
			}
			key := ""
			for _, word := range strings.Fields(strings.TrimPrefix(line, "expect ")) {
				if k, v, ok := strings.Cut(word, "="); ok {
					key = k
					cur.expect[key] = v
				} else if key != "" {
					cur.expect[key] += " " + word
				} else {
					t.Fatalf("%s:%d: %q is not key=value", specimenFile, n, word)
				}
			}
		default:
			cur.lines = append(cur.lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	flush()
	if len(all) == 0 {
		t.Fatalf("%s holds no specimen", specimenFile)
	}
	return all
}

// checkNames maps the specimens file's names for checks to Check.Field.
var checkNames = map[string]string{
	"number":    FieldDocumentNumber,
	"birth":     FieldBirthDate,
	"expiry":    FieldExpiryDate,
	"personal":  FieldPersonalNumber,
	"composite": FieldComposite,
}

func failedChecks(r *Result) []string {
	var failed []string
	for _, c := range r.Checks {
		if !c.OK {
			failed = append(failed, c.Field)
		}
	}
	return failed
}

func TestSpecimens(t *testing.T) {
	specimens := loadSpecimens(t)
	for _, sp := range specimens {
		t.Run(sp.slug(), func(t *testing.T) {
			r, err := Parse(sp.text(), specimenNow)
			checkSpecimen(t, sp, r, err)
			checkGolden(t, sp, r, err)
		})
	}
	t.Logf("%d specimens", len(specimens))
}

func checkSpecimen(t *testing.T, sp specimen, r *Result, err error) {
	t.Helper()
	if sp.expect["failed"] == "length" {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%s:%d: want a ParseError for a line of the wrong length, got %v", specimenFile, sp.at, err)
		}
		// The line named is the one whose length differs from the first's.
		named := sp.lines[pe.Line-1]
		if pe.Line == 1 || len(named) == len(sp.lines[0]) || pe.Position != min(len(named), len(sp.lines[0]))+1 {
			t.Errorf("%s:%d: %v names the wrong line or position", specimenFile, sp.at, pe)
		}
		for key := range sp.expect {
			if key != "failed" && key != "valid" {
				t.Errorf("%s:%d: expect %s= on an MRZ that cannot be read", specimenFile, sp.at, key)
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("%s:%d: %v", specimenFile, sp.at, err)
	}
	for key, want := range sp.expect {
		var got string
		switch key {
		case "format":
			got = string(r.Format)
		case "type":
			got = r.DocumentType
		case "issuer":
			got = r.Issuer
		case "number":
			got = r.DocumentNumber
		case "nationality":
			got = r.Nationality
		case "surname":
			got = r.Surname
		case "given":
			got = r.GivenNames
		case "birth":
			got = r.PrintedBirthDate
		case "sex":
			got = r.Sex
		case "expiry":
			got = r.PrintedExpiryDate
		case "personal":
			got = r.PersonalNumber
		case "valid":
			got = strconv.FormatBool(r.Valid)
		case "failed":
			var names []string
			for _, name := range strings.Split(want, ",") {
				field, ok := checkNames[name]
				if !ok {
					t.Fatalf("%s:%d: no check is called %q", specimenFile, sp.at, name)
				}
				names = append(names, field)
			}
			want = strings.Join(names, ",")
			got = strings.Join(failedChecks(r), ",")
		default:
			t.Fatalf("%s:%d: expect key %q is not one this test knows", specimenFile, sp.at, key)
		}
		if got != want {
			t.Errorf("%s:%d: %s = %q, want %q", specimenFile, sp.at, key, got, want)
		}
	}
	if r.Valid && len(failedChecks(r)) > 0 {
		t.Errorf("valid with failed checks %v", failedChecks(r))
	}
}

// goldenError is how a golden file records a ParseError.
type goldenError struct {
	Error struct {
		Line     int    `json:"line"`
		Position int    `json:"position"`
		Reason   string `json:"reason"`
	} `json:"error"`
}

func checkGolden(t *testing.T, sp specimen, r *Result, err error) {
	t.Helper()
	var v any
	if r != nil {
		v = r.Wire()
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		var g goldenError
		g.Error.Line, g.Error.Position, g.Error.Reason = pe.Line, pe.Position, pe.Reason
		v = g
	}
	got, jerr := json.MarshalIndent(v, "", "  ")
	if jerr != nil {
		t.Fatal(jerr)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", sp.slug()+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, rerr := os.ReadFile(path)
	if rerr != nil {
		t.Fatalf("%v (run with -update to write it)", rerr)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what Parse returns:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// Every golden file belongs to a specimen: one left behind by a renamed
// specimen would otherwise go stale unnoticed.
func TestGoldenFilesHaveSpecimens(t *testing.T) {
	names := map[string]bool{}
	for _, sp := range loadSpecimens(t) {
		if names[sp.slug()] {
			t.Errorf("two specimens are called %q", sp.name)
		}
		names[sp.slug()] = true
	}
	golden, err := filepath.Glob("testdata/*.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range golden {
		if !names[strings.TrimSuffix(filepath.Base(path), ".golden")] {
			t.Errorf("%s has no specimen", path)
		}
	}
	if len(golden) != len(names) && !*update {
		t.Errorf("%d golden files for %d specimens", len(golden), len(names))
	}
}

func TestSpecimenCopyIsCurrent(t *testing.T) {
	shared, err := os.ReadFile(sharedSpecimenFile)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is not here (a clone on its own): the copy is all there is", sharedSpecimenFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile(specimenFile)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(shared, copied) {
		t.Errorf("%s differs from %s: copy it again and run the tests with -update", specimenFile, sharedSpecimenFile)
	}
}
