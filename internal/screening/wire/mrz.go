package wire

// MRZ is a machine readable zone as read (POST /api/v1/mrz/parse): every
// field as printed, whether or not the check digits hold.
type MRZ struct {
	// Valid is true exactly when every check in Checks is OK.
	Valid bool `json:"valid"`
	// Format is the layout: TD1, TD2, TD3, MRV-A or MRV-B.
	Format         string `json:"format"`
	DocumentType   string `json:"document_type"`
	Issuer         string `json:"issuer"`
	DocumentNumber string `json:"document_number"`
	Surname        string `json:"surname"`
	GivenNames     string `json:"given_names"`
	Nationality    string `json:"nationality"`
	// BirthDate and ExpiryDate are YYYY-MM-DD (a birth date may be YYYY-MM
	// or YYYY), "" when they name no real day.
	BirthDate      string     `json:"birth_date"`
	Sex            string     `json:"sex"`
	ExpiryDate     string     `json:"expiry_date"`
	PersonalNumber string     `json:"personal_number"`
	Checks         []MRZCheck `json:"checks"`
}

// MRZCheck is the outcome of one check digit.
type MRZCheck struct {
	Field string `json:"field"`
	OK    bool   `json:"ok"`
}
