package member

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
)

// membersCSV is a copy of shared/data/members.csv: the 196 member countries.
//
//go:embed members.csv
var membersCSV string

// Country is a member country.
type Country struct {
	ISO3   string `json:"iso3"`
	ISO2   string `json:"iso2"`
	Name   string `json:"name"`
	Region string `json:"region"`
}

var (
	iso3Pattern = regexp.MustCompile(`^[A-Z]{3}$`)
	iso2Pattern = regexp.MustCompile(`^[A-Z]{2}$`)
)

// ValidISO3 reports whether s has the shape of an ISO 3166-1 alpha-3 code.
func ValidISO3(s string) bool { return iso3Pattern.MatchString(s) }

// Countries returns the member countries from the embedded list.
func Countries() ([]Country, error) {
	return parseCountries(membersCSV)
}

func parseCountries(text string) ([]Country, error) {
	r := csv.NewReader(strings.NewReader(text))
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read member list: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "iso3,iso2,name,region" {
		return nil, fmt.Errorf("read member list: header must be iso3,iso2,name,region")
	}
	seen := map[string]bool{}
	out := make([]Country, 0, len(rows)-1)
	for i, row := range rows[1:] {
		c := Country{ISO3: row[0], ISO2: row[1], Name: row[2], Region: row[3]}
		if !iso3Pattern.MatchString(c.ISO3) || !iso2Pattern.MatchString(c.ISO2) || c.Name == "" || c.Region == "" {
			return nil, fmt.Errorf("member list line %d: bad row %q", i+2, row)
		}
		if seen[c.ISO3] || seen[c.ISO2] {
			return nil, fmt.Errorf("member list line %d: duplicate code in %q", i+2, row)
		}
		seen[c.ISO3], seen[c.ISO2] = true, true
		out = append(out, c)
	}
	return out, nil
}
