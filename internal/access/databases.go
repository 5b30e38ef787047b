package access

import "slices"

// Database is one of the network's criminal databases (DOMAIN.md). Grants to
// specialised units and border points name them by ID.
type Database struct {
	ID   string
	Name string
	// FirstLine databases answer first-line checks (hit / no-hit) at borders;
	// a new border point is granted these unless its bureau says otherwise.
	FirstLine bool
}

// Databases lists the 19 databases in DOMAIN.md order.
var Databases = []Database{
	{"nominal", "Nominal data", true},
	{"notices", "Notices", true},
	{"fingerprints", "Fingerprints", false},
	{"dna", "DNA profiles", false},
	{"faces", "Facial images", false},
	{"kinship-dna", "Kinship DNA (missing persons)", false},
	{"sltd", "Stolen and lost travel documents", true},
	{"tdawn", "Travel documents associated with notices", true},
	{"sad", "Stolen administrative documents", true},
	{"counterfeits", "Counterfeit alerts", false},
	{"reference-documents", "Reference documents", false},
	{"smv", "Stolen motor vehicles", true},
	{"vessels", "Stolen vessels", true},
	{"works-of-art", "Works of art", true},
	{"firearms", "Illicit firearms", true},
	{"firearms-reference", "Firearms reference table", false},
	{"ballistics", "Ballistics network", false},
	{"icse", "Child sexual exploitation images", false},
	{"terrorism", "Terrorism and CBRNE/explosives", true},
}

// KnownDatabase reports whether id names one of the databases.
func KnownDatabase(id string) bool {
	return slices.ContainsFunc(Databases, func(d Database) bool { return d.ID == id })
}

// FirstLineDatabases returns the IDs of the first-line databases.
func FirstLineDatabases() []string {
	var out []string
	for _, d := range Databases {
		if d.FirstLine {
			out = append(out, d.ID)
		}
	}
	return out
}
