package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The path a new user takes: synth travel documents with the defaults, then
// import them as the demo's fra.officer. A bureau records only its own
// country's documents, so every line must be France's to import.
func TestSynthThenImportImportsEveryLine(t *testing.T) {
	url, token := importNode(t)
	stderr = &bytes.Buffer{}
	t.Cleanup(func() { stderr = os.Stderr })
	ncbnet := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	dir := t.TempDir()
	// Other documents in each format: a travel document is one record, and
	// the same ones again would be refused as already recorded.
	for _, tc := range []struct{ format, prefix, from string }{{"ndjson", "nd-", "0"}, {"csv", "cs-", "400"}} {
		t.Run(tc.format, func(t *testing.T) {
			file := filepath.Join(dir, "sltd."+tc.format)
			if code, _, errOut := ncbnet("synth", "sltd", "--n", "400", "--from", tc.from, "--format", tc.format, "--key-prefix", tc.prefix, "--out", file); code != 0 {
				t.Fatalf("synth: %d %s", code, errOut)
			}
			code, out, errOut := ncbnet("import", "--db", "sltd", "--server", url, "--token", token, file)
			if code != 0 || !strings.Contains(out, "400 lines: 400 created, 0 existing, 0 rejected") {
				t.Fatalf("import: %d\n%s%s", code, out, errOut)
			}
		})
	}
}

func TestSynthCountry(t *testing.T) {
	synthOut := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"synth"}, args...), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	issuers := func(ndjson string) map[string]int {
		got := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(ndjson), "\n") {
			i := strings.Index(line, `"country":["`)
			if i < 0 {
				t.Fatalf("no country in %s", line)
			}
			got[line[i+len(`"country":["`):][:3]]++
		}
		return got
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sltd", "--n", "200"}, "FRA"},
		{[]string{"sltd", "--n", "200", "--country", "deu"}, "DEU"},
		{[]string{"sltd", "--n", "200", "--country", "USA"}, "USA"},
	} {
		code, out, errOut := synthOut(tc.args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", tc.args, code, errOut)
		}
		if got := issuers(out); len(got) != 1 || got[tc.want] != 200 {
			t.Fatalf("%v: issuers %v; want only %s", tc.args, got, tc.want)
		}
	}
	for _, tc := range []struct {
		args    []string
		message string
	}{
		{[]string{"sltd", "--country", "XXX"}, `--country: "XXX" is not the ISO 3166-1 alpha-3 code of a member country`},
		{[]string{"sltd", "--country", "France"}, `--country: "France" is not the ISO 3166-1 alpha-3 code of a member country`},
		{[]string{"sltd", "--country", ""}, `--country: "" is not the ISO 3166-1 alpha-3 code of a member country`},
		{[]string{"persons", "--country", "FRA"}, "flag provided but not defined: -country"},
	} {
		code, out, errOut := synthOut(tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.message) {
			t.Errorf("%v: exit %d, out %q, err %q; want 2 and %q", tc.args, code, out, errOut, tc.message)
		}
	}
	// Persons, which benchmarks also make, are unchanged by the flag.
	if code, out, errOut := synthOut("persons", "--n", "3"); code != 0 || strings.Count(out, "\n") != 3 {
		t.Fatalf("persons: %d %s %s", code, out, errOut)
	}
}
