package wire

// Manifest is a passenger or crew list (advance passenger information) to
// screen at once: each row's travel document and holder are checked. Row is
// how the rows are given: as ManifestRow, or as objects keyed by the column
// names a carrier's export uses (json.RawMessage). The node reads either
// into its own row (screening.ManifestRow).
type Manifest[Row any] struct {
	Purpose string `json:"purpose"`
	// Voyage names the flight or sailing ("AF0012 2026-11-27"), for the audit.
	Voyage string `json:"voyage,omitempty"`
	Rows   []Row  `json:"rows"`
}

// ManifestRow is one traveller, the name whole (Name) or in parts (Surname,
// GivenNames, MiddleNames), under the usual names of a manifest's columns.
type ManifestRow struct {
	// Reference is the carrier's reference for the traveller (seat, PNR
	// locator), echoed back so the desk finds the row.
	Reference       string `json:"reference,omitempty"`
	Name            string `json:"name,omitempty"`
	Surname         string `json:"surname,omitempty"`
	GivenNames      string `json:"given_names,omitempty"`
	MiddleNames     string `json:"middle_names,omitempty"`
	BirthDate       string `json:"birthDate,omitempty"`
	Nationality     string `json:"nationality,omitempty"`
	Gender          string `json:"gender,omitempty"`
	DocumentNumber  string `json:"documentNumber,omitempty"`
	DocumentCountry string `json:"documentCountry,omitempty"`
	DocumentType    string `json:"documentType,omitempty"`
}

// ManifestAnswer is the screening of a manifest, one result per row in the
// rows' order.
type ManifestAnswer[R any] struct {
	Rows    []RowResult[R] `json:"rows"`
	Summary ManifestTotals `json:"summary"`
}

// RowResult is what one traveller's document and name met. A row that
// cannot be read (no name nor document, a bad date) is reported with its
// error (outcome "error") and is not checked; the other rows are.
type RowResult[R any] struct {
	Row       int      `json:"row"`
	Reference string   `json:"reference,omitempty"`
	Outcome   string   `json:"outcome"`
	Hits      []Hit[R] `json:"hits"`
	// Refer is set when the outcome is refer: a record matches that its
	// owner keeps from the checking unit's kind (contact your NCB).
	Refer *Referral `json:"refer,omitempty"`
	Error *Issue    `json:"error,omitempty"`
}

// Issue says what is wrong with a row, or what of an item was not checked.
type Issue struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ManifestTotals counts a manifest's outcomes.
type ManifestTotals struct {
	Rows   int `json:"rows"`
	Hits   int `json:"hits"`
	Errors int `json:"errors"`
	// Referred counts the rows to refer to the checking unit's NCB.
	Referred int `json:"referred"`
}
