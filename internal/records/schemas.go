package records

import (
	"fmt"
	"slices"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
)

// Helpers to declare schemas compactly.

func prop(name, label string, t Type) Property { return Property{Name: name, Label: label, Type: t} }

func ident(name, label string, k Kind) Property {
	return Property{Name: name, Label: label, Type: TypeIdentifier, Kind: k, Identifying: true}
}

func enum(name, label string, values ...string) Property {
	return Property{Name: name, Label: label, Type: TypeEnum, Values: values}
}

func link(name, label string, schemas ...string) Property {
	return Property{Name: name, Label: label, Type: TypeLink, Range: schemas}
}

func (p Property) mandatory() Property   { p.Mandatory = true; return p }
func (p Property) identifying() Property { p.Identifying = true; return p }
func (p Property) searchable() Property  { p.Searchable = true; return p }
func (p Property) historical() Property  { p.Historical = true; return p }

// Actions are what a record's owner asks whoever finds the person or object
// to do (the answer of a check carries them to the border).
var Actions = []string{"arrest", "locate", "seize", "inform", "do-not-alert", "protect", "identify"}

// The handling properties: by which the owner tells a checking officer
// what to do on a hit and whom to call; first-line schemas carry them.
var (
	handlingAction  = enum("action", "Action asked of whoever finds it", Actions...)
	handlingContact = prop("contact", "Contact for a hit (desk, phone)", TypeText)
)

// ICAO 9303 document type codes, and what a travel document's report says.
var (
	documentTypes    = []string{"P", "I", "A", "C", "V"}
	documentStatuses = []string{"stolen", "lost", "revoked", "stolen-blank"}
	objectStatuses   = []string{"stolen", "lost", "missing", "recovered"}
)

// The schemas, named after FollowTheMoney's where it has one (Person,
// Passport, Vehicle, Vessel, Organization) and with FtM's property names.
var (
	personSchema = &Schema{Name: "Person", Label: "Person", Properties: []Property{
		prop("name", "Name", TypeName).mandatory().identifying(),
		prop("firstName", "First name", TypeName),
		prop("middleName", "Middle name", TypeName),
		prop("lastName", "Last name", TypeName),
		prop("fatherName", "Patronymic", TypeName),
		prop("alias", "Alias", TypeName).identifying(),
		prop("birthDate", "Birth date", TypeDate).identifying(),
		prop("birthPlace", "Place of birth", TypeText),
		prop("deathDate", "Death date", TypeDate),
		prop("nationality", "Nationality", TypeCountry).identifying(),
		enum("gender", "Sex", "male", "female", "other"),
		ident("idNumber", "National identity number", KindNationalID),
		ident("passportNumber", "Passport number", KindDocumentNumber),
		link("documents", "Travel documents", "Passport"),
		link("notices", "Notices", "Notice"),
		ident("caseNumber", "Case number", KindCaseNumber),
		link("biometrics", "Biometric records", "Fingerprint", "DNAProfile", "FaceImage"),
		enum("topics", "Topics", "wanted", "missing", "convicted", "suspect", "dangerous-offender", "sex-offender", "foreign-terrorist-fighter", "victim", "witness"),
		prop("height", "Height (cm)", TypeNumber),
		prop("notes", "Notes", TypeText),
		handlingAction, handlingContact,
	}, rules: []rule{wantedPersonMinimum}}

	passportSchema = &Schema{Name: "Passport", Label: "Travel document", Properties: []Property{
		ident("number", "Document number", KindDocumentNumber).mandatory(),
		prop("country", "Issuing country", TypeCountry).mandatory().identifying(),
		enum("type", "Document type (ICAO 9303)", documentTypes...).mandatory().identifying(),
		enum("status", "Reported as", documentStatuses...).mandatory(),
		prop("surname", "Holder's surname", TypeName).identifying(),
		prop("givenName", "Holder's given names", TypeName).identifying(),
		prop("birthDate", "Holder's birth date", TypeDate).identifying(),
		enum("gender", "Holder's sex", "male", "female", "other"),
		ident("personalNumber", "Personal number", KindNationalID),
		link("holder", "Holder", "Person"),
		link("notice", "Notice", "Notice"),
		prop("authority", "Issuing authority", TypeText),
		prop("startDate", "Date of issue", TypeDate),
		prop("endDate", "Date of expiry", TypeDate),
		prop("lossDate", "Date stolen or lost", TypeDate),
		prop("lossPlace", "Place stolen or lost", TypeText),
		prop("notes", "Notes", TypeText),
		handlingAction, handlingContact,
	}, rules: []rule{oneDocument}}

	administrativeDocumentSchema = &Schema{Name: "AdministrativeDocument", Label: "Administrative document", Properties: []Property{
		ident("number", "Document number", KindDocumentNumber).mandatory(),
		prop("country", "Issuing country", TypeCountry).mandatory().identifying(),
		enum("type", "Document type", "vehicle-registration", "visa", "id-blank", "residence-permit", "other").mandatory(),
		enum("status", "Reported as", documentStatuses...).mandatory(),
		prop("lossDate", "Date stolen or lost", TypeDate),
		prop("notes", "Notes", TypeText),
		handlingAction, handlingContact,
	}, rules: []rule{oneDocument}}

	counterfeitSchema = &Schema{Name: "CounterfeitAlert", Label: "Counterfeit document alert", Properties: []Property{
		enum("documentType", "Document type (ICAO 9303)", documentTypes...).mandatory().identifying(),
		prop("country", "Country whose document is counterfeited", TypeCountry).mandatory().identifying(),
		prop("series", "Series or model", TypeText),
		prop("features", "How to recognise it", TypeText).mandatory(),
		prop("detectedDate", "Detected on", TypeDate),
	}}

	referenceDocumentSchema = &Schema{Name: "ReferenceDocument", Label: "Genuine reference document", Properties: []Property{
		enum("documentType", "Document type (ICAO 9303)", documentTypes...).mandatory().identifying(),
		prop("country", "Issuing country", TypeCountry).mandatory().identifying(),
		prop("series", "Series or model", TypeText),
		prop("startDate", "Issued from", TypeDate),
		prop("endDate", "Issued until", TypeDate),
		prop("description", "Security features", TypeText).mandatory(),
		ident("imageHash", "Specimen image (SHA-256)", KindSHA256),
	}}

	vehicleSchema = &Schema{Name: "Vehicle", Label: "Motor vehicle", Properties: []Property{
		ident("vin", "Vehicle identification number", KindVIN),
		ident("registrationNumber", "Registration plate", KindPlate),
		prop("country", "Country of registration", TypeCountry).identifying(),
		ident("engineNumber", "Engine number", KindSerial),
		prop("make", "Make", TypeText),
		prop("model", "Model", TypeText),
		prop("color", "Colour", TypeText),
		prop("buildDate", "Year of manufacture", TypeDate),
		enum("status", "Reported as", objectStatuses...).mandatory(),
		prop("theftDate", "Date stolen", TypeDate),
		link("owner", "Owner", "Person", "Organization"),
		prop("notes", "Notes", TypeText),
		handlingAction, handlingContact,
	}, rules: []rule{oneOf("vin", "registrationNumber")}}

	vesselSchema = &Schema{Name: "Vessel", Label: "Vessel", Properties: []Property{
		ident("imoNumber", "IMO number", KindIMO),
		ident("hullId", "Hull identification number", KindHullID),
		ident("engineSerial", "Engine serial number", KindSerial),
		prop("name", "Name", TypeName).identifying(),
		prop("flag", "Flag", TypeCountry),
		prop("type", "Type", TypeText),
		enum("status", "Reported as", objectStatuses...).mandatory(),
		prop("theftDate", "Date stolen", TypeDate),
		prop("notes", "Notes", TypeText),
		handlingAction, handlingContact,
	}, rules: []rule{oneOf("imoNumber", "hullId", "engineSerial")}}

	artworkSchema = &Schema{Name: "Artwork", Label: "Work of art", Properties: []Property{
		ident("objectId", "Inventory or object number", KindObjectID),
		prop("title", "Title", TypeName).identifying().searchable(),
		prop("creator", "Artist or maker", TypeName).searchable(),
		prop("creationDate", "Date of creation", TypeDate).historical(),
		enum("category", "Category", "painting", "sculpture", "drawing", "print", "manuscript", "archaeological", "religious", "jewellery", "textile", "other"),
		prop("description", "Description", TypeText).mandatory().searchable(),
		prop("dimensions", "Dimensions", TypeText),
		prop("country", "Country where stolen", TypeCountry),
		enum("status", "Reported as", objectStatuses...).mandatory(),
		prop("theftDate", "Date stolen", TypeDate),
		ident("imageHash", "Photograph (SHA-256)", KindSHA256),
		handlingAction, handlingContact,
	}, rules: []rule{oneOf("objectId", "title")}}

	firearmSchema = &Schema{Name: "Firearm", Label: "Firearm", Properties: []Property{
		prop("make", "Make", TypeText).mandatory().identifying(),
		prop("model", "Model", TypeText).identifying(),
		prop("calibre", "Calibre", TypeText).identifying(),
		ident("serialNumber", "Serial number", KindSerial).mandatory(),
		enum("type", "Type", "pistol", "revolver", "rifle", "shotgun", "submachine-gun", "machine-gun", "other"),
		enum("status", "Reported as", "lost", "stolen", "trafficked", "smuggled", "recovered").mandatory(),
		prop("country", "Country of record", TypeCountry),
		prop("theftDate", "Date lost or stolen", TypeDate),
		prop("notes", "Notes", TypeText),
		handlingAction, handlingContact,
	}}

	firearmModelSchema = &Schema{Name: "FirearmModel", Label: "Firearm reference", Properties: []Property{
		prop("make", "Make", TypeText).mandatory().identifying(),
		prop("model", "Model", TypeText).mandatory().identifying(),
		prop("calibre", "Calibre", TypeText).identifying(),
		enum("type", "Type", "pistol", "revolver", "rifle", "shotgun", "submachine-gun", "machine-gun", "other"),
		prop("manufacturerCountry", "Country of manufacture", TypeCountry),
		prop("description", "Markings and description", TypeText),
	}}

	ballisticSchema = &Schema{Name: "BallisticSignature", Label: "Ballistic signature", Properties: []Property{
		prop("signature", "Signature", TypeBiometric).mandatory(),
		enum("kind", "Exhibit", "cartridge-case", "bullet").mandatory(),
		prop("calibre", "Calibre", TypeText),
		link("firearm", "Firearm", "Firearm"),
		ident("caseNumber", "Case number", KindCaseNumber),
	}}

	fingerprintSchema = &Schema{Name: "Fingerprint", Label: "Fingerprint record", Properties: []Property{
		prop("template", "Minutiae template", TypeBiometric).mandatory(),
		enum("kind", "Kind", "tenprint", "latent").mandatory(),
		link("person", "Person", "Person"),
		ident("caseNumber", "Case number", KindCaseNumber),
	}}

	dnaSchema = &Schema{Name: "DNAProfile", Label: "DNA profile", Properties: []Property{
		prop("profile", "STR profile (locus:alleles;…)", TypeBiometric).mandatory(),
		enum("sampleType", "Sample", "reference", "crime-scene", "unidentified-body", "missing-person", "relative").mandatory(),
		enum("relationship", "Relative of the missing person", "parent", "child", "sibling", "spouse", "other"),
		link("person", "Person", "Person"),
		ident("caseNumber", "Case number", KindCaseNumber),
	}}

	faceSchema = &Schema{Name: "FaceImage", Label: "Facial image", Properties: []Property{
		prop("template", "Face template", TypeBiometric).mandatory(),
		ident("imageHash", "Image (SHA-256)", KindSHA256),
		link("person", "Person", "Person"),
		ident("caseNumber", "Case number", KindCaseNumber),
	}}

	imageHashSchema = &Schema{Name: "ImageHash", Label: "Child sexual exploitation material", Properties: []Property{
		ident("pdq", "PDQ perceptual hash", KindPDQ),
		ident("sha256", "SHA-256", KindSHA256),
		ident("md5", "MD5", KindMD5),
		prop("series", "Series", TypeText),
		enum("victimIdentified", "Victim identified", "yes", "no"),
		enum("offenderIdentified", "Offender identified", "yes", "no"),
		ident("caseNumber", "Case number", KindCaseNumber),
	}, rules: []rule{oneOf("pdq", "sha256", "md5")}}

	noticeSchema = &Schema{Name: "Notice", Label: "Notice or diffusion", Properties: []Property{
		ident("noticeId", "Notice reference", KindNoticeID).mandatory(),
		enum("color", "Kind", "red", "blue", "green", "yellow", "black", "orange", "purple", "silver", "un-special", "diffusion").mandatory(),
		prop("title", "Title", TypeText),
		link("subject", "Subject", "Person", "Organization"),
		prop("publishedDate", "Published on", TypeDate),
		prop("summary", "Summary", TypeText),
	}}

	organizationSchema = &Schema{Name: "Organization", Label: "Organisation", Properties: []Property{
		prop("name", "Name", TypeName).mandatory().identifying(),
		prop("alias", "Alias", TypeName).identifying(),
		prop("country", "Country", TypeCountry),
		enum("topics", "Topics", "terrorism", "organised-crime", "cbrne"),
		prop("notes", "Notes", TypeText),
	}}

	incidentSchema = &Schema{Name: "Incident", Label: "Incident", Properties: []Property{
		prop("name", "Name", TypeText).mandatory().searchable(),
		prop("date", "Date", TypeDate).mandatory(),
		prop("country", "Country", TypeCountry).mandatory(),
		prop("location", "Location", TypeText),
		enum("cbrne", "CBRNE", "chemical", "biological", "radiological", "nuclear", "explosive"),
		prop("modusOperandi", "Modus operandi", TypeText).searchable(),
		prop("casualties", "Casualties", TypeNumber),
		link("organizations", "Organisations", "Organization"),
		link("persons", "Persons", "Person"),
	}}
)

const year = 365 * 24 * time.Hour

func database(id string, reviewYears int, schemas ...*Schema) *Database {
	i := slices.IndexFunc(access.Databases, func(d access.Database) bool { return d.ID == id })
	if i < 0 {
		panic(fmt.Sprintf("BUG: records: database %q is not in access.Databases", id))
	}
	d := access.Databases[i]
	return &Database{ID: id, Name: d.Name, Schemas: schemas, ReviewAfter: time.Duration(reviewYears) * year, ReviewYears: reviewYears, FirstLine: d.FirstLine}
}

// databases are the 19 databases of DOMAIN.md, in its order. Records come up
// for review after 5 years, travel documents after 10.
var databases = []*Database{
	database("nominal", 5, personSchema),
	database("notices", 5, noticeSchema),
	database("fingerprints", 5, fingerprintSchema),
	database("dna", 5, dnaSchema),
	database("faces", 5, faceSchema),
	database("kinship-dna", 5, dnaSchema),
	database("sltd", 10, passportSchema),
	database("tdawn", 10, passportSchema),
	database("sad", 10, administrativeDocumentSchema),
	database("counterfeits", 5, counterfeitSchema),
	database("reference-documents", 10, referenceDocumentSchema),
	database("smv", 5, vehicleSchema),
	database("vessels", 5, vesselSchema),
	database("works-of-art", 5, artworkSchema),
	database("firearms", 5, firearmSchema),
	database("firearms-reference", 5, firearmModelSchema),
	database("ballistics", 5, ballisticSchema),
	database("icse", 5, imageHashSchema),
	database("terrorism", 5, personSchema, organizationSchema, incidentSchema),
}

// Databases lists the databases.
func Databases() []*Database { return databases }

// DatabaseByID returns one database.
func DatabaseByID(id string) (*Database, bool) {
	i := slices.IndexFunc(databases, func(d *Database) bool { return d.ID == id })
	if i < 0 {
		return nil, false
	}
	return databases[i], true
}
