package identifiers_test

import (
	"errors"
	"fmt"

	"github.com/ncbnet/ncbnet/internal/identifiers"
)

func ExampleNormalizeIdentifier() {
	fmt.Println(identifiers.NormalizeIdentifier("l898 902-c3"))
	fmt.Println(identifiers.NormalizeIdentifier("D23145890<734"))
	fmt.Println(identifiers.LookalikeKey("L898902C3"))
	// Output:
	// L898902C3
	// D23145890734
	// 1898902C3
}

func ExampleNormalizeIMO() {
	fmt.Println(identifiers.NormalizeIMO("imo 9074729"))
	_, err := identifiers.NormalizeIMO("IMO 9074728")
	fmt.Println(err, errors.Is(err, identifiers.ErrCheckDigit))
	// Output:
	// IMO9074729 <nil>
	// check digit is 9, the IMO number says 8 true
}

func ExamplePartialDate_Overlaps() {
	born, _ := identifiers.ParsePartialDate("1980")
	passport, _ := identifiers.ParsePartialDate("1980-07-14")
	first, last := born.Range()
	fmt.Println(born.Overlaps(passport), first.Format("2006-01-02"), last.Format("2006-01-02"))
	// Output: true 1980-01-01 1980-12-31
}
