package names

import "testing"

// Typical names, one per culture of the tables.
var benchNames = []string{
	"Сергей Викторович Лавров", "Sergei Lavrov", "Moammar al-Qadhafi", "معمر القذافي", "王伟",
	"José Luis Rodríguez Zapatero", "Kim Jong-un", "Jürgen Müller",
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Parse(benchNames[i%len(benchNames)])
	}
}

func BenchmarkKeys(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Keys(benchNames[i%len(benchNames)])
	}
}

// BenchmarkSimilarity is Similarity on strings: both names parsed each time.
func BenchmarkSimilarity(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Similarity(benchNames[i%len(benchNames)], benchNames[(i+1)%len(benchNames)])
	}
}

// BenchmarkSimilarityParsed is the per-candidate cost when the index keeps
// parsed names.
func BenchmarkSimilarityParsed(b *testing.B) {
	parsed := make([]Name, len(benchNames))
	for i, n := range benchNames {
		parsed[i] = Parse(n)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		parsed[i%len(parsed)].Similarity(parsed[(i+1)%len(parsed)])
	}
}

func BenchmarkScore(b *testing.B) {
	q := Person{Names: []string{"Sergie Lavrov"}, BirthDates: []string{"1950-03-21"}, Nationalities: []string{"RUS"}, Gender: "male"}
	c := Person{Names: []string{"Сергей Викторович Лавров", "Sergey Lavrov"}, BirthDates: []string{"1950-03-21"}, Nationalities: []string{"RUS"}, Gender: "male"}
	b.ReportAllocs()
	for b.Loop() {
		Score(q, c)
	}
}

func BenchmarkScorePrepared(b *testing.B) {
	q := PreparePerson(Person{Names: []string{"Sergie Lavrov"}, BirthDates: []string{"1950-03-21"}, Nationalities: []string{"RUS"}, Gender: "male"})
	c := PreparePerson(Person{Names: []string{"Сергей Викторович Лавров", "Sergey Lavrov"}, BirthDates: []string{"1950-03-21"}, Nationalities: []string{"RUS"}, Gender: "male"})
	b.ReportAllocs()
	for b.Loop() {
		q.Score(c)
	}
}

// BenchmarkScoreOnly is the ranking cost per candidate in an index that keeps
// prepared persons.
func BenchmarkScoreOnly(b *testing.B) {
	q := PreparePerson(Person{Names: []string{"Sergie Lavrov"}, BirthDates: []string{"1950-03-21"}, Nationalities: []string{"RUS"}, Gender: "male"})
	c := PreparePerson(Person{Names: []string{"Сергей Викторович Лавров", "Sergey Lavrov"}, BirthDates: []string{"1950-03-21"}, Nationalities: []string{"RUS"}, Gender: "male"})
	b.ReportAllocs()
	for b.Loop() {
		q.ScoreOnly(c)
	}
}
