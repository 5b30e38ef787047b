package index

import "slices"

// A check at a border gives the traveller's birth date, and a person whose
// birth dates all contradict it cannot match (names.PreparedPerson.
// DatesContradict). The posting list of a common name key (tens of
// thousands of persons at a million) is therefore also kept split by the
// birth year and month of its persons, so that such a query reads only the
// persons born in its months (or its years, when it gives only a year),
// those whose birth date gives only the year, those with the day and month
// swapped, those without a birth date and those with several. Lists are
// split once they are long (splitFrom); from then on each posting is filed
// under its month too, and moved when the person's birth date changes.

// splitFrom is the length from which a posting list is split by month.
const splitFrom = 512

// Months a posting is filed under: year<<4 | month (month 0 when the birth
// date gives only the year); noBirthDate and manyBirthDates apart.
const (
	noBirthDate    int32 = 0
	manyBirthDates int32 = -1
)

// monthOf is the month a person is filed under, from its packed birth date
// (names.PreparedPerson.PackedBirthDate).
func monthOf(born int32) int32 {
	if born <= 0 {
		return born
	}
	return born >> 5
}

// keepByMonth files ordinal o, just appended to key k's list, under its
// birth month, splitting the list when it becomes long. Callers hold the
// write lock.
func (px *personIndex) keepByMonth(k string, o uint32) {
	if b := px.byMonth[k]; b != nil {
		m := monthOf(px.born[o])
		b[m] = append(b[m], o)
		return
	}
	list := px.keys[k]
	if len(list) < splitFrom {
		return
	}
	b := map[int32][]uint32{}
	for _, p := range list {
		m := monthOf(px.born[p])
		b[m] = append(b[m], p)
	}
	px.byMonth[k] = b
}

// refile moves ordinal o, already in key k's list, from the month it was
// filed under (born before) to its new birth month, so that a query never
// reads it twice. Callers hold the write lock.
func (px *personIndex) refile(k string, o uint32, before int32) {
	b := px.byMonth[k]
	if b == nil {
		return
	}
	old := monthOf(before)
	if i := slices.Index(b[old], o); i >= 0 {
		b[old] = slices.Delete(b[old], i, i+1)
		if len(b[old]) == 0 {
			delete(b, old)
		}
	}
	m := monthOf(px.born[o])
	if !slices.Contains(b[m], o) {
		b[m] = append(b[m], o)
	}
}

// monthsFor lists the months a query born on dates (packed) must read.
func monthsFor(dates []int32) []int32 {
	if len(dates) == 0 {
		return nil
	}
	out := []int32{noBirthDate, manyBirthDates}
	add := func(m int32) {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	for _, d := range dates {
		y, m, day := d>>9, d>>5&0xF, d&0x1F
		add(y << 4) // the year alone
		if m == 0 {
			for mm := int32(1); mm <= 12; mm++ {
				add(y<<4 | mm)
			}
			continue
		}
		add(y<<4 | m)
		if day >= 1 && day <= 12 && day != m {
			add(y<<4 | day) // day and month swapped
		}
	}
	return out
}

// postings appends to out the parts of key k's list that a query reading
// months (nil: all) must read.
func (px *personIndex) postings(k string, months []int32, out [][]uint32) [][]uint32 {
	return partsOf(px.keys[k], px.byMonth[k], months, out)
}

// partsOf is postings for a list and its split (nil: not split).
func partsOf(list []uint32, b map[int32][]uint32, months []int32, out [][]uint32) [][]uint32 {
	if len(list) == 0 {
		return out
	}
	if b == nil || months == nil {
		return append(out, list)
	}
	for _, m := range months {
		if part := b[m]; len(part) > 0 {
			out = append(out, part)
		}
	}
	return out
}
