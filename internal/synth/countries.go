package synth

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ncbnet/ncbnet/internal/member"
)

// issuerWeights are rough relative shares of travel documents in
// circulation for the larger issuers (about their outbound travel); every
// other member country weighs 1. They only make the data look like
// traffic: a few countries issue most documents, and every country some.
var issuerWeights = map[string]float64{
	"USA": 60, "CHN": 45, "DEU": 35, "GBR": 35, "IND": 30, "FRA": 30, "RUS": 25, "ITA": 20,
	"ESP": 18, "CAN": 16, "JPN": 15, "KOR": 14, "BRA": 12, "MEX": 12, "TUR": 12, "NLD": 12,
	"POL": 11, "AUS": 10, "UKR": 10, "SAU": 8, "IDN": 8, "PHL": 8, "CHE": 8, "BEL": 8,
	"SWE": 8, "AUT": 7, "ARE": 6, "NGA": 6, "EGY": 6, "PAK": 6, "ZAF": 5, "ARG": 5,
	"COL": 5, "THA": 5, "MYS": 5, "VNM": 5, "IRN": 5, "ROU": 5, "PRT": 5, "GRC": 4,
}

// country is a member country as the generators see it.
type country struct {
	iso3, region string
}

var (
	issuersOnce sync.Once
	issuers     weighted[country]
	regions     map[string]string // by ISO3 code; read after issuingCountries
	issuersErr  error
)

// IssuingCountry returns code (in any case, spaces trimmed) as the ISO 3166-1
// alpha-3 code of a member country, fit for TravelDocuments.Country, or an
// error naming a few codes when no member has it.
func IssuingCountry(code string) (string, error) {
	if _, err := issuingCountries(); err != nil {
		return "", err
	}
	c := strings.ToUpper(strings.TrimSpace(code))
	if _, ok := regions[c]; !ok {
		return "", fmt.Errorf("%q is not the ISO 3166-1 alpha-3 code of a member country (e.g. FRA, DEU, USA, NGA, SGP, BRA)", code)
	}
	return c, nil
}

// issuingCountries returns the member countries, weighted by issuerWeights.
func issuingCountries() (weighted[country], error) {
	issuersOnce.Do(func() {
		cs, err := member.Countries()
		if err != nil {
			issuersErr = fmt.Errorf("synth: %w", err)
			return
		}
		items := make([]country, len(cs))
		weights := make([]float64, len(cs))
		regions = make(map[string]string, len(cs))
		for i, c := range cs {
			items[i] = country{iso3: c.ISO3, region: c.Region}
			regions[c.ISO3] = c.Region
			weights[i] = 1
			if w, ok := issuerWeights[c.ISO3]; ok {
				weights[i] = w
			}
		}
		issuers = newWeighted(items, weights)
	})
	return issuers, issuersErr
}
