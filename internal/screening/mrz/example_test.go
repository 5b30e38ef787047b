package mrz_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/screening/mrz"
)

func ExampleParse() {
	now := time.Date(2026, time.November, 27, 0, 0, 0, 0, time.UTC)
	r, err := mrz.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"+
		"L898902C36UTO7408123F1204159ZE184226B<<<<<10", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Format, r.DocumentNumber, r.Surname, "/", r.GivenNames, r.BirthDate, r.ExpiryDate)
	fmt.Println("valid:", r.Valid)
	for _, c := range r.Checks {
		if !c.OK {
			fmt.Printf("%s: line %d position %d is %c, the check digit is %c\n", c.Field, c.Line, c.Position, c.Found, c.Expected)
		}
	}
	// Output:
	// TD3 L898902C3 ERIKSSON / ANNA MARIA 1974-08-12 2012-04-15
	// valid: false
	// birth_date: line 2 position 20 is 3, the check digit is 2
	// composite: line 2 position 44 is 0, the check digit is 3
}

func ExampleParseError() {
	_, err := mrz.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"+
		"L898902C36UTO7408122F1204159ZE184226B<<<<<1", time.Now())
	var pe *mrz.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Position, pe.Reason)
	}
	// Output: 2 44 the line has 43 characters; lines of a TD3 or MRV-A MRZ have 44
}
