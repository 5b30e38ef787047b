package synth

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/names"
)

func TestPersonsAreDeterministic(t *testing.T) {
	var a, b, part bytes.Buffer
	g := Persons{}
	for _, buf := range []*bytes.Buffer{&a, &b} {
		if err := Write(buf, g, NDJSON, 42, 0, 400); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same seed made different files")
	}
	if err := Write(&part, g, NDJSON, 42, 200, 400); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(a.Bytes(), part.Bytes()) {
		t.Fatal("persons 200-399 differ when written alone")
	}
	for i := range 400 {
		if v, w := g.Variants(42, i), g.Variants(42, i); !slices.Equal(v, w) {
			t.Fatalf("person %d: variants %v, then %v", i, v, w)
		}
	}
	if kinds := Kinds(); kinds["persons"] == nil {
		t.Fatal("persons is not a kind of Kinds")
	}
}

func TestPersonsLookReal(t *testing.T) {
	cs, err := member.Countries()
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]bool{}
	for _, c := range cs {
		members[c.ISO3] = true
	}
	const n = 20000
	scripts := map[script]int{}
	seen := map[string]int{}
	fullNames := map[string]int{}
	families := map[string]int{}
	dates := map[int]int{} // by length: 4, 7, 10
	for i := range n {
		p := Persons{}.person(3, i)
		rec := Persons{}.Record(3, i)
		props := map[string][]string{}
		for _, prop := range rec.Properties {
			props[prop.Name] = prop.Values
		}
		name := props["name"][0]
		if rec.Schema != "Person" || name == "" || props["firstName"][0] == "" {
			t.Fatalf("person %d: %+v", i, rec)
		}
		for _, c := range props["nationality"] {
			if !members[c] {
				t.Fatalf("person %d: nationality %q is not a member", i, c)
			}
		}
		if g := props["gender"]; len(g) > 0 && g[0] != "male" && g[0] != "female" {
			t.Fatalf("person %d: gender %q", i, g)
		}
		d := props["birthDate"][0]
		layout := map[int]string{4: "2006", 7: "2006-01", 10: time.DateOnly}[len(d)]
		born, err := time.Parse(layout, d)
		if err != nil || born.After(defaultUntil.AddDate(-15, 0, 0)) || born.Before(defaultUntil.AddDate(-90, 0, 0)) {
			t.Fatalf("person %d: birth date %q: %v", i, d, err)
		}
		if props["fatherName"] != nil && !p.culture.patronymic || props["middleName"] != nil && p.culture.patronymic {
			t.Fatalf("person %d: middle names in the wrong property: %v", i, props)
		}
		if strings.Contains(name, "  ") || strings.TrimSpace(name) != name {
			t.Fatalf("person %d: name %q", i, name)
		}
		scripts[p.culture.systems[p.system].script]++
		seen[p.culture.name]++
		fullNames[strings.ToLower(name)]++
		if ln := props["lastName"]; ln != nil {
			families[strings.ToLower(ln[0])]++
		}
		dates[len(d)]++
	}
	all, _ := cultures()
	if len(seen) != len(all) {
		t.Errorf("cultures seen: %v", seen)
	}
	for s := scriptLatin; s <= scriptHangul; s++ {
		if scripts[s] < n/500 {
			t.Errorf("script %v: %d names of %d", s, scripts[s], n)
		}
	}
	if scripts[scriptLatin] < n/2 || scripts[scriptLatin] > n*9/10 {
		t.Errorf("Latin script: %d of %d", scripts[scriptLatin], n)
	}
	// Like a real population: some family names are borne by many (Nguyễn,
	// Kim, Wang), most by few, and most full names are someone's alone.
	top := 0
	for _, c := range families {
		top = max(top, c)
	}
	if top < n/200 || len(families) < n/10 {
		t.Errorf("family names: the commonest borne by %d, %d different in %d", top, len(families), n)
	}
	if len(fullNames) < n*7/10 {
		t.Errorf("%d different names in %d persons", len(fullNames), n)
	}
	if dates[10] < n*8/10 || dates[4] < n/50 || dates[7] < n/100 {
		t.Errorf("birth date precision: %v", dates)
	}
}

// The variants a search must find really differ from the recorded name,
// each in its own way.
func TestPersonVariantsDiffer(t *testing.T) {
	const n = 5000
	kinds := map[VariantKind]int{}
	words := func(s string) []string {
		var out []string
		for _, tk := range names.Tokens(s) {
			out = append(out, tk.Text)
		}
		return out
	}
	for i := range n {
		vs := Persons{}.Variants(9, i)
		rec := Persons{}.Record(9, i)
		if vs[0].Kind != VariantExact || vs[0].Name != rec.Properties[0].Values[0] {
			t.Fatalf("person %d: first variant %+v, recorded %q", i, vs[0], rec.Properties[0].Values[0])
		}
		src, srcWords := words(vs[0].Name), strings.Fields(vs[0].Name)
		for _, v := range vs[1:] {
			kinds[v.Kind]++
			got, gotWords := words(v.Name), strings.Fields(v.Name)
			letters := func(ts []string) string { return strings.Join(ts, "") }
			ok := v.Name != vs[0].Name
			switch v.Kind {
			case VariantTypo:
				ok = ok && len(gotWords) == len(srcWords) && letters(got) != letters(src)
			case VariantSwapped:
				sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
				ok = ok && !slices.Equal(gotWords, srcWords) && slices.Equal(sorted(gotWords), sorted(srcWords))
			case VariantMissingMiddle:
				ok = ok && len(gotWords) < len(srcWords) && len(got) > 0
			case VariantConcatenated:
				ok = ok && len(gotWords) == len(srcWords)-1 && letters(got) == letters(src)
			case VariantTransliteration:
				ok = ok && len(got) > 0
			default:
				ok = false
			}
			if !ok {
				t.Errorf("person %d: %s variant %q of %q (%v → %v)", i, v.Kind, v.Name, vs[0].Name, src, got)
			}
		}
	}
	for kind, least := range map[VariantKind]int{
		VariantTransliteration: n * 6 / 10, VariantTypo: n / 2, VariantSwapped: n * 8 / 10,
		VariantMissingMiddle: n / 4, VariantConcatenated: n / 2,
	} {
		if kinds[kind] < least {
			t.Errorf("%s: %d persons of %d have one", kind, kinds[kind], n)
		}
	}
}

func TestRomanizations(t *testing.T) {
	cases := []struct {
		system func(string) string
		in     string
		want   string
	}{
		{romanizer(russianICAO, nil), "Сергей Викторович Лавров", "Sergei Viktorovich Lavrov"},
		{romanizer(russianICAO, nil), "Юрий Хрущёв", "Iurii Khrushchev"},
		{romanizer(russianPress, russianPressEnding), "Юрий Алексеевич Хрущёв", "Yury Alekseyevich Khrushchov"},
		{romanizer(russianPress, russianPressEnding), "Дмитрий Навальный", "Dmitry Navalny"},
		{romanizer(russianGerman, russianGermanEnding), "Сергей Викторович Лавров", "Sergei Wiktorowitsch Lawrow"},
		{romanizer(russianGerman, russianGermanEnding), "Юрий Хрущёв", "Juri Chruschtschow"},
		{romanizer(russianFrench, russianFrenchEnding), "Сергей Пугачёв", "Sergueï Pougatchiov"},
		{romanizer(russianFrench, russianFrenchEnding), "Юрий Шевченко", "Iouri Chevtchenko"},
		{romanizer(ukrainianKMU, nil), "Андрій Сергійович Шевченко", "Andrii Serhiiovych Shevchenko"},
		{romanizer(ukrainianKMU, nil), "Юлія Євгенія", "Yuliia Yevheniia"},
		{romanizer(ukrainianPress, nil), "Андрій Гончаренко", "Andriy Honcharenko"},
		{romanizer(ukrainianGerman, nil), "Володимир Шевченко", "Wolodymyr Schewtschenko"},
		{romajiPlain, "Satō Yūto", "Sato Yuto"},
		{romajiSpelt, "Satō Yūto", "Satou Yuuto"},
		{romajiOh, "Satō Yōko", "Satoh Yohko"},
		{icaoLatin(true), "Jürgen Müller-Weiß", "JUERGEN MUELLER-WEISS"},
		{icaoLatin(false), "Recep Yılmaz Çelik", "RECEP YILMAZ CELIK"},
		{plainLatin, "Nguyễn Thị Hương", "Nguyen Thi Huong"},
	}
	for _, c := range cases {
		if got := c.system(c.in); got != c.want {
			t.Errorf("%s → %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPatronymics(t *testing.T) {
	cases := []struct {
		make          func(string, bool) string
		father        string
		son, daughter string
	}{
		{russianPatronymic, "Сергей", "Сергеевич", "Сергеевна"},
		{russianPatronymic, "Дмитрий", "Дмитриевич", "Дмитриевна"},
		{russianPatronymic, "Александр", "Александрович", "Александровна"},
		{russianPatronymic, "Игорь", "Игоревич", "Игоревна"},
		{russianPatronymic, "Юрий", "Юрьевич", "Юрьевна"},
		{russianPatronymic, "Илья", "Ильич", "Ильинична"},
		{ukrainianPatronymic, "Андрій", "Андрійович", "Андріївна"},
		{ukrainianPatronymic, "Петро", "Петрович", "Петрівна"},
		{ukrainianPatronymic, "Олександр", "Олександрович", "Олександрівна"},
		{ukrainianPatronymic, "Микола", "Миколайович", "Миколаївна"},
	}
	for _, c := range cases {
		if son, daughter := c.make(c.father, false), c.make(c.father, true); son != c.son || daughter != c.daughter {
			t.Errorf("%s: %s, %s; want %s, %s", c.father, son, daughter, c.son, c.daughter)
		}
	}
	for _, c := range [][2]string{{"Лавров", "Лаврова"}, {"Ходорковский", "Ходорковская"}, {"Толстой", "Толстая"}, {"Черных", "Черных"}} {
		if got := russianFeminine(c[0]); got != c[1] {
			t.Errorf("%s → %s, want %s", c[0], got, c[1])
		}
	}
}

// Every spelling of every table has a form for every system of its culture
// that is not derived, and romanized forms are in the Latin script.
func TestCultureTables(t *testing.T) {
	all, _ := cultures()
	for _, c := range all {
		for i := range 300 {
			r := newRNG(5, 77, i)
			n := c.make(r, r.chance(0.5))
			for sys, ws := range c.systems {
				name := c.render(n, sys, layout{})
				for _, ch := range name {
					if !unicode.IsLetter(ch) && !unicode.IsMark(ch) && !strings.ContainsRune(" -'", ch) {
						t.Fatalf("%s, %s: %q has %q", c.name, ws.name, name, ch)
					}
					if ws.script == scriptLatin && unicode.IsLetter(ch) && !unicode.Is(unicode.Latin, ch) {
						t.Fatalf("%s, %s: %q is not in Latin", c.name, ws.name, name)
					}
				}
			}
		}
	}
}
