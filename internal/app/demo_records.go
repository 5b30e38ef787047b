package app

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
)

// demoRecords are a few records a person can search for by hand in the demo,
// each entered by the officer of its bureau.
var demoRecords = []struct {
	owner, db string
	rec       records.NewRecord
}{
	{"FRA", "sltd", records.NewRecord{Schema: "Passport", Key: "demo-fra-1", Properties: map[string][]string{
		"number": {"19FV04321"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}, "surname": {"Martin"}, "givenName": {"Claire"}, "lossDate": {"2025-06-14"},
		"contact": {"NCB Paris 24/7 desk, +33 1 00 00 00 00"}}}},
	{"FRA", "sltd", records.NewRecord{Schema: "Passport", Key: "demo-fra-2", Properties: map[string][]string{
		"number": {"20FV11873"}, "country": {"FRA"}, "type": {"P"}, "status": {"revoked"}, "surname": {"Durand"}, "givenName": {"Paul"}, "action": {"seize", "inform"}},
		Restrictions: &access.Restrictions{NCBOnly: true}}},
	{"DEU", "nominal", records.NewRecord{Schema: "Person", Key: "demo-deu-1", Properties: map[string][]string{
		"name": {"Сергей Петрович Волков"}, "birthDate": {"1979-02-11"}, "nationality": {"RUS"}, "gender": {"male"}, "topics": {"wanted"},
		"passportNumber": {"C01X00T47"}, "contact": {"BKA SIRENE, +49 611 00 00 00"}}}},
	{"USA", "smv", records.NewRecord{Schema: "Vehicle", Key: "demo-usa-1", Properties: map[string][]string{
		"vin": {"1M8GDM9AXKP042788"}, "registrationNumber": {"7ABC123"}, "country": {"USA"}, "make": {"Motor Coach Industries"}, "status": {"stolen"}}}},
	{"NGA", "nominal", records.NewRecord{Schema: "Person", Key: "demo-nga-1", Properties: map[string][]string{
		"name": {"محمد عبد الله"}, "alias": {"Mohammed Abdullahi"}, "birthDate": {"1988"}, "nationality": {"NGA"}, "topics": {"suspect"}},
		Restrictions: &access.Restrictions{ExcludedCountries: []string{"BRA"}}}},
	{"SGP", "vessels", records.NewRecord{Schema: "Vessel", Key: "demo-sgp-1", Properties: map[string][]string{
		"imoNumber": {"IMO 9074729"}, "name": {"Sea Lantern"}, "flag": {"SGP"}, "status": {"stolen"}}}},
	{"BRA", "firearms", records.NewRecord{Schema: "Firearm", Key: "demo-bra-1", Properties: map[string][]string{
		"make": {"Taurus"}, "model": {"PT92"}, "calibre": {"9mm"}, "serialNumber": {"TBR-48213"}, "status": {"stolen"}}}},
	{"FRA", "works-of-art", records.NewRecord{Schema: "Artwork", Key: "demo-fra-art-1", Properties: map[string][]string{
		"title": {"Portrait de femme à l'éventail"}, "creator": {"Amedeo Modigliani"}, "creationDate": {"1919"}, "category": {"painting"},
		"description": {"Huile sur toile, portrait d'une femme assise tenant un éventail, fond ocre"}, "dimensions": {"100 x 65 cm"},
		"country": {"FRA"}, "status": {"stolen"}, "theftDate": {"2010-05-20"}}}},
	{"BRA", "works-of-art", records.NewRecord{Schema: "Artwork", Key: "demo-bra-art-1", Properties: map[string][]string{
		"title": {"Retrato de menina"}, "creator": {"Cândido Portinari"}, "creationDate": {"1943"}, "category": {"painting"},
		"description": {"Óleo sobre tela, retrato de uma menina de vestido azul"}, "country": {"BRA"}, "status": {"stolen"}}}},
	{"FRA", "terrorism", records.NewRecord{Schema: "Incident", Key: "demo-fra-inc-1", Properties: map[string][]string{
		"name": {"Engin explosif improvisé, dépôt ferroviaire de Vénissieux"}, "date": {"2025-03-02"}, "country": {"FRA"}, "cbrne": {"explosive"},
		"modusOperandi": {"Engin artisanal à base de nitrate d'ammonium dissimulé dans un sac de sport, mise à feu par téléphone portable"}}}},
}

// seedDemoRecords adds the demo records, entered by each bureau's officer,
// then the travel documents that documents writes (nil: none), imported by
// FRA's officer.
func (n *Node) seedDemoRecords(ctx context.Context, documents func(io.Writer) error) error {
	officer := func(iso3 string) (access.Principal, error) {
		ncb, err := member.NCBOf(ctx, n.DB, iso3)
		if err != nil {
			return access.Principal{}, err
		}
		return access.Principal{ID: "demo", Name: "demo", Country: iso3, UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}, nil
	}
	for _, d := range demoRecords {
		p, err := officer(d.owner)
		if err != nil {
			return err
		}
		if _, _, err := n.Records.Create(ctx, p, d.db, d.rec); err != nil {
			return fmt.Errorf("demo record %s: %w", d.rec.Key, err)
		}
	}
	if documents == nil {
		return nil
	}
	p, err := officer("FRA")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := documents(&buf); err != nil {
		return fmt.Errorf("demo documents: %w", err)
	}
	rep, err := n.Records.Import(ctx, p, "sltd", records.FormatNDJSON, &buf, nil)
	if err != nil {
		return fmt.Errorf("demo documents: %w", err)
	}
	if rep.Rejected > 0 {
		return fmt.Errorf("demo documents: %d rejected", rep.Rejected)
	}
	return nil
}
