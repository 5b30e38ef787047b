// Package wire is a search as it travels between a client and the node
// (POST /api/v1/search): the query, in the shape of OpenSanctions' /match,
// and the records found. It holds no state and imports nothing of the
// node, so that the SDK sends and reads the very types the node does.
//
// The purpose a query declares (P) and the record a result shows (R) are
// type parameters: the node reads a purpose as its own type, and the node
// and the SDK each have their own record type.
package wire

// Query is a search across databases for a declared purpose: every
// database holding the schema the searcher may search when Databases is
// empty; Limit 0 for the node's default.
type Query[P ~string] struct {
	Purpose   P        `json:"purpose"`
	Databases []string `json:"databases,omitempty"`
	Query     struct {
		Schema     string              `json:"schema"`
		Properties map[string][]string `json:"properties"`
	} `json:"query"`
	Limit int `json:"limit,omitempty"`
}

// Answer is the answer to a search, best first.
type Answer[R any] struct {
	Items []Result[R] `json:"items"`
}

// Result is one record found, with how well it matches and why. R is the
// record as its reader may see it.
type Result[R any] struct {
	Record      R        `json:"record"`
	Score       float64  `json:"score"`
	Match       bool     `json:"match"`
	Explanation []string `json:"explanation"`
}
