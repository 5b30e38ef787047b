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
	manifest := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	screen := func(args ...string) (int, string, string) {
		return ncbnet(append([]string{"screen", "manifest", "--server", url, "--token", token}, args...)...)
	}
	csv := manifest("af0012.csv", "seat,surname,given_names,birth_date,nationality,document_number,document_country\n"+
		"12A,MARTIN,CLAIRE,1985-03-01,FRA,19FV04321,FRA\n"+
		"12B,DUPONT,JEAN,1970-01-01,FRA,AA1234567,FRA\n"+
		"14C,VOLKOV,SERGEI,1979-02-11,RUS,XK1111111,RUS\n"+
		"15D,SOUZA,ANA,someday,BRA,BR0000001,BRA\n")

	t.Run("hits and unreadable rows exit 4: hits win", func(t *testing.T) {
		code, out, errOut := screen("--voyage", "AF0012", csv)
		if code != screenHits {
			t.Fatalf("screen: %d, want %d\n%s%s", code, screenHits, out, errOut)
		}
		for _, want := range []string{"12A", "sltd", "FRA", "seize", "14C", "nominal", "DEU", "arrest", "15D", "birthDate", "4 rows screened: 2 hits, 1 rows unreadable"} {
			if !strings.Contains(out, want) {
				t.Errorf("the table lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "12B") {
			t.Errorf("a row without hits is listed without --all:\n%s", out)
		}
		if !strings.Contains(errOut, "2 of 4 rows hit") {
			t.Errorf("stderr does not say why the status: %q", errOut)
		}
		if code, out, _ := screen("--json", csv); code != screenHits || !strings.Contains(out, `"outcome": "hit"`) {
			t.Errorf("--json: %d\n%s", code, out)
		}
	})

	t.Run("all clear exits 0", func(t *testing.T) {
		clear := manifest("clear.csv", "Seat,Last Name,First Name,DOB,Passport No,Issuing Country\n12B,DUPONT,JEAN,1970-01-01,AA1234567,FRA\n")
		if code, out, errOut := screen("--all", clear); code != 0 || !strings.Contains(out, "no-hit") || !strings.Contains(out, "1 rows screened: 0 hits, 0 rows unreadable") {
			t.Fatalf("a clear manifest: %d\n%s%s", code, out, errOut)
		}
	})

	t.Run("unreadable rows without hits exit 3", func(t *testing.T) {
		bad := manifest("bad.csv", "seat,name,dob,passport,issuing_country\n12B,Jean Dupont,1970-01-01,AA1234567,FRA\n15D,Ana Souza,someday,BR0000001,BRA\n")
		code, out, errOut := screen(bad)
		if code != screenUnreadable || !strings.Contains(out, "15D") || !strings.Contains(errOut, "1 of 2 rows could not be read") {
			t.Fatalf("unreadable rows: %d, want %d\n%s%s", code, screenUnreadable, out, errOut)
		}
	})

	t.Run("a column named as an export names it is screened", func(t *testing.T) {
		aliased := manifest("aliased.csv", "PNR,Family Name,Given Name,Date of Birth,Passport No,Issuing State\nX7K2,MARTIN,CLAIRE,1985-03-01,19FV04321,FRA\n")
		if code, out, errOut := screen(aliased); code != screenHits || !strings.Contains(out, "sltd") || !strings.Contains(out, "X7K2") {
			t.Fatalf("passport_no: %d\n%s%s", code, out, errOut)
		}
		rows := manifest("aliased.json", `[{"pnr":"X7K2","last_name":"MARTIN","first_name":"CLAIRE","passport_no":"19FV04321","issuing_country":"FRA"}]`)
		if code, out, errOut := screen(rows); code != screenHits || !strings.Contains(out, "sltd") {
			t.Fatalf("a JSON row with passport_no: %d\n%s%s", code, out, errOut)
		}
	})

	t.Run("JSON manifests", func(t *testing.T) {
		bare := manifest("af0012.json", `[{"reference":"1","name":"Sergei Volkov","birthDate":"1979-02-11"}]`)
		if code, out, errOut := screen(bare); code != screenHits || !strings.Contains(out, "1 rows screened: 1 hits") {
			t.Fatalf("JSON manifest: %d\n%s%s", code, out, errOut)
		}
		whole := manifest("whole.json", `{"purpose":"security-check","voyage":"AF0013","rows":[{"name":"Jean Dupont","dob":"1970-01-01"}]}`)
		if code, out, errOut := screen(whole); code != 0 || !strings.Contains(out, "1 rows screened: 0 hits") {
			t.Fatalf("a JSON manifest with its purpose: %d\n%s%s", code, out, errOut)
		}
		extra := manifest("extra.json", `{"purpose":"security-check","flight":"AF0013","rows":[{"name":"Jean Dupont"}]}`)
		if code, _, errOut := screen(extra); code != 1 || !strings.Contains(errOut, "flight") {
			t.Fatalf("a JSON manifest with a field the command does not know: %d %s", code, errOut)
		}
	})

	t.Run("a column the screener does not know refuses the manifest", func(t *testing.T) {
		for _, m := range []string{
			manifest("unknown.csv", "seat,name,dob,passport_numbr\n12A,Claire Martin,1985-03-01,19FV04321\n"),
			manifest("unknown.json", `[{"seat":"12A","name":"Claire Martin","passport_numbr":"19FV04321"}]`),
		} {
			code, out, errOut := screen(m)
			if code != 1 || !strings.Contains(errOut, "422") || !strings.Contains(errOut, "passport_numbr") || !strings.Contains(errOut, "passport_no") || strings.Contains(out, "screened") {
				t.Errorf("%s: %d\n%s%s", filepath.Base(m), code, out, errOut)
			}
		}
	})

	t.Run("refusals and usage", func(t *testing.T) {
		if code, _, errOut := screen("--purpose", "nonsense", csv); code != 1 || !strings.Contains(errOut, "purpose") || !strings.Contains(errOut, "border-control") {
			t.Fatalf("an unknown purpose: %d %s", code, errOut)
		}
		if code, _, _ := ncbnet("screen", "--server", url); code != 2 {
			t.Fatal("screen without manifest: not a usage error")
		}
		if code, _, help := ncbnet("screen", "-h"); code != 0 || !strings.Contains(help, "manifest") {
			t.Errorf("screen -h: exit %d\n%s", code, help)
		}
		code, _, help := ncbnet("screen", "manifest", "-h")
		if code != 0 {
			t.Errorf("screen manifest -h: exit %d", code)
		}
		for _, want := range []string{"Exit status", "0  every row", "4  at least one row hit", "3  no hits, but some rows", "passport_no", "--voyage"} {
			if !strings.Contains(help, want) {
				t.Errorf("screen manifest -h does not say %q:\n%s", want, help)
			}
		}
	})
}
