package httpapi

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every $ref in the document names a schema it defines, and every route has
// a summary: a route added without its documentation fails here.
func TestOpenAPIReferencesResolve(t *testing.T) {
	s := &Server{cfg: Config{Version: "test"}}
	s.routes = s.table()
	doc := s.openAPIDocument()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	defined := doc["components"].(obj)["schemas"].(obj)
	refs := strings.Split(string(b), `"$ref":"#/components/schemas/`)[1:]
	if len(refs) < 20 {
		t.Fatalf("only %d references found: the check is not reading the document", len(refs))
	}
	for _, part := range refs {
		name := part[:strings.IndexByte(part, '"')]
		if _, ok := defined[name]; !ok {
			t.Errorf("$ref to undefined schema %q", name)
		}
	}
	for _, rt := range s.routes {
		if rt.doc.summary == "" || rt.doc.status == 0 {
			t.Errorf("route %s %s has no documentation", rt.method, rt.pattern)
		}
	}
}
