package mrz

// Where each element sits in each layout, after Doc 9303 Parts 4 to 7. Lines
// and positions here are 0-based; ParseError and Check count from 1.

// The line lengths of the layouts.
const (
	td1Length = 30 // TD1
	td2Length = 36 // TD2 and MRV-B
	td3Length = 44 // TD3 and MRV-A
)

// maxLines is the most lines any layout has (TD1).
const maxLines = 3

// field is a run of characters on one line: [from, to).
type field struct{ line, from, to int }

// place is the position of one character.
type place struct{ line, at int }

type layout struct {
	format Format

	documentCode, issuer, name field
	documentNumber             field
	numberCheck                place
	nationality, birth, expiry field
	birthCheck, expiryCheck    place
	sex                        place
	optional                   field
	// optionalChecked: the optional field has its own check digit, at
	// optionalCheck (the personal number of a TD3).
	optionalChecked bool
	optionalCheck   place
	optional2       field // TD1 only
	// longNumber: a document number longer than 9 characters may continue
	// in the optional field (Parts 5 and 6). Parts 4 and 7 make no such
	// provision for passports and visas.
	longNumber bool
	// composite lists the fields the composite check digit covers, in order,
	// and is empty for the visas, which have none.
	composite      []field
	compositeCheck place
}

var (
	td1 = layout{
		format:       TD1,
		documentCode: field{0, 0, 2}, issuer: field{0, 2, 5},
		documentNumber: field{0, 5, 14}, numberCheck: place{0, 14},
		optional: field{0, 15, 30},
		birth:    field{1, 0, 6}, birthCheck: place{1, 6},
		sex:    place{1, 7},
		expiry: field{1, 8, 14}, expiryCheck: place{1, 14},
		nationality: field{1, 15, 18},
		optional2:   field{1, 18, 29},
		composite:   []field{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}}, compositeCheck: place{1, 29},
		name:       field{2, 0, 30},
		longNumber: true,
	}
	td2 = layout{
		format:       TD2,
		documentCode: field{0, 0, 2}, issuer: field{0, 2, 5}, name: field{0, 5, 36},
		documentNumber: field{1, 0, 9}, numberCheck: place{1, 9},
		nationality: field{1, 10, 13},
		birth:       field{1, 13, 19}, birthCheck: place{1, 19},
		sex:    place{1, 20},
		expiry: field{1, 21, 27}, expiryCheck: place{1, 27},
		optional:  field{1, 28, 35},
		composite: []field{{1, 0, 10}, {1, 13, 20}, {1, 21, 35}}, compositeCheck: place{1, 35},
		longNumber: true,
	}
	mrvB = layout{
		format:       MRVB,
		documentCode: field{0, 0, 2}, issuer: field{0, 2, 5}, name: field{0, 5, 36},
		documentNumber: field{1, 0, 9}, numberCheck: place{1, 9},
		nationality: field{1, 10, 13},
		birth:       field{1, 13, 19}, birthCheck: place{1, 19},
		sex:    place{1, 20},
		expiry: field{1, 21, 27}, expiryCheck: place{1, 27},
		optional: field{1, 28, 36},
	}
	td3 = layout{
		format:       TD3,
		documentCode: field{0, 0, 2}, issuer: field{0, 2, 5}, name: field{0, 5, 44},
		documentNumber: field{1, 0, 9}, numberCheck: place{1, 9},
		nationality: field{1, 10, 13},
		birth:       field{1, 13, 19}, birthCheck: place{1, 19},
		sex:    place{1, 20},
		expiry: field{1, 21, 27}, expiryCheck: place{1, 27},
		optional: field{1, 28, 42}, optionalChecked: true, optionalCheck: place{1, 42},
		composite: []field{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}}, compositeCheck: place{1, 43},
	}
	mrvA = layout{
		format:       MRVA,
		documentCode: field{0, 0, 2}, issuer: field{0, 2, 5}, name: field{0, 5, 44},
		documentNumber: field{1, 0, 9}, numberCheck: place{1, 9},
		nationality: field{1, 10, 13},
		birth:       field{1, 13, 19}, birthCheck: place{1, 19},
		sex:    place{1, 20},
		expiry: field{1, 21, 27}, expiryCheck: place{1, 27},
		optional: field{1, 28, 44},
	}
)
