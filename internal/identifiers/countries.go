package identifiers

import "strings"

// SpecimenIssuer is "Utopia", the fictional state of the specimen documents
// in ICAO Doc 9303 and in the test data of this repository. It is not an
// issuing state: a document claiming it is a sample, and ICAOSpecialCode
// does not accept it.
const SpecimenIssuer = "UTO"

// ICAOSpecialCode reports whether code is one of the codes ICAO Doc 9303
// Part 3 (8th edition, section 5) defines for the nationality and issuing
// state fields of an MRZ beyond the ISO 3166-1 alpha-3 country codes. The
// code is taken as the MRZ prints it, in capitals, with or without trailing
// fillers ("D<<" is Germany's code "D").
//
// Withdrawn ISO codes (ISO 3166-3, such as ANT for the Netherlands Antilles)
// still found on old records are not special codes and are not accepted here.
// Neither is RKS, printed on Kosovo's passports: ICAO has not endorsed it, and
// which codes a bureau accepts beyond these is the member list's decision.
func ICAOSpecialCode(code string) bool {
	switch strings.TrimRight(code, "<") {
	// Germany, which writes a single letter, and the classes of British
	// nationality (Overseas Territories citizen, National (Overseas),
	// Overseas citizen, Protected person, Subject).
	case "D", "GBD", "GBN", "GBO", "GBP", "GBS":
		return true
	// The European Union (laissez-passer), a code ISO 3166 reserves.
	case "EUE":
		return true
	// United Nations documents: the Organization and its officials, a
	// specialised agency and its officials, and Kosovo residents to whom
	// UNMIK issued a travel document.
	case "UNO", "UNA", "UNK":
		return true
	// Other issuing organisations: African Development Bank, African
	// Export-Import Bank, Caribbean Community, Council of Europe, COMESA,
	// ECOWAS, INTERPOL, Organisation of Eastern Caribbean States,
	// Parliamentary Assembly of the Mediterranean, Sovereign Military Order
	// of Malta, Southern African Development Community.
	case "XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC":
		return true
	// Persons without a defined nationality: stateless (1954 Convention),
	// refugee (1951 Convention and 1967 Protocol), other refugee, and
	// nationality unspecified.
	case "XXA", "XXB", "XXC", "XXX":
		return true
	}
	return false
}

// ISOCountryForICAO returns the ISO 3166-1 alpha-3 code of the country an MRZ
// nationality or issuing-state code stands for: DEU for Germany's "D", GBR
// for the five classes of British nationality, and the code itself, fillers
// trimmed, otherwise (ICAO uses the ISO codes for every other country).
// Codes for organisations and for persons without a nationality are returned
// unchanged: they name no country, and no member list contains them.
func ISOCountryForICAO(code string) string {
	code = strings.TrimRight(code, "<")
	switch code {
	case "D":
		return "DEU"
	case "GBD", "GBN", "GBO", "GBP", "GBS":
		return "GBR"
	}
	return code
}
