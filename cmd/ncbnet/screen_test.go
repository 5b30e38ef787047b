package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScreenManifestCommand(t *testing.T) {
	url, token := importNode(t)
	dir := t.TempDir()
	ncbnet := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	csv := filepath.Join(dir, "af0012.csv")
	body := "seat,surname,given_names,birth_date,nationality,document_number,document_country\n" +
		"12A,MARTIN,CLAIRE,1985-03-01,FRA,19FV04321,FRA\n" +
		"12B,DUPONT,JEAN,1970-01-01,FRA,AA1234567,FRA\n" +
		"14C,VOLKOV,SERGEI,1979-02-11,RUS,XK1111111,RUS\n" +
		"15D,SOUZA,ANA,someday,BRA,BR0000001,BRA\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := ncbnet("screen", "manifest", "--server", url, "--token", token, "--voyage", "AF0012", csv)
	if code != 0 {
		t.Fatalf("screen: %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"12A", "sltd", "FRA", "seize", "14C", "nominal", "DEU", "arrest", "15D", "birthDate", "4 rows screened: 2 hits, 1 rows unreadable"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "12B") {
		t.Errorf("a row without hits is listed without --all:\n%s", out)
	}
	jsonFile := filepath.Join(dir, "af0012.json")
	if err := os.WriteFile(jsonFile, []byte(`[{"reference":"1","name":"Sergei Volkov","birthDate":"1979-02-11"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := ncbnet("screen", "manifest", "--server", url, "--token", token, jsonFile); code != 0 || !strings.Contains(out, "1 rows screened: 1 hits") {
		t.Fatalf("JSON manifest: %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := ncbnet("screen", "manifest", "--server", url, "--token", token, "--purpose", "nonsense", csv); code == 0 || !strings.Contains(errOut, "purpose") {
		t.Fatalf("an unknown purpose: %d %s", code, errOut)
	}
	if code, _, _ := ncbnet("screen", "--server", url); code == 0 {
		t.Fatal("screen without manifest succeeded")
	}
}
