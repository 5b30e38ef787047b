package synth

import "io"

// The travel documents `ncbnet demo` loads into SLTD, so that searches
// meet a realistic number of records: demoDocuments of them, issued by
// FRA (whose NCB imports them), from position demoDocumentsFrom on, far
// from those `ncbnet synth sltd` writes (from 0), so that README's
// synth-then-import takes every line: a travel document is one record.
const (
	demoDocuments     = 5000
	demoDocumentsFrom = 900_000_000
)

// WriteDemoDocuments writes the synthetic stolen and lost travel documents
// of the demo, as NDJSON: the source that app.Node.SeedDemo imports.
func WriteDemoDocuments(w io.Writer) error {
	return Write(w, TravelDocuments{KeyPrefix: "demo-sltd-", Country: "FRA"}, NDJSON, 1, demoDocumentsFrom, demoDocumentsFrom+demoDocuments)
}
