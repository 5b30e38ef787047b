package httpapi

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// sdkTypes pairs each schema of the OpenAPI document with the SDK type that
// sends or decodes it. A pair's schema is a schema's name, followed by
// ".property" steps into an inner object (arrays are stepped through):
// "CheckAnswer.results" is the object each result is. Adding a type to the
// SDK is one line here.
var sdkTypes = []struct {
	schema string
	sdk    any
}{
	{"Error.error", client.Error{}},
	{"Session", client.Session{}},
	{"Me", client.Me{}},
	{"Member", client.Member{}},
	{"Unit", client.Unit{}},
	{"NewUnit", client.NewUnit{}},
	{"User", client.User{}},
	{"NewUser", client.NewUser{}},
	{"Token", client.Token{}},
	{"IssuedToken", client.IssuedToken{}},
	{"NewToken", client.NewToken{}},
	{"AuditEntry", client.AuditEntry{}},
	{"InclusionProof", client.InclusionProof{}},
	{"ConsistencyProof", client.ConsistencyProof{}},
	{"Database", client.Database{}},
	{"Purpose", client.Purpose{}},
	{"Restrictions", client.Restrictions{}},
	{"Record", client.Record{}},
	{"NewRecord", client.NewRecord{}},
	{"RecordPatch", client.RecordPatch{}},
	{"RecordVersion", client.RecordVersion{}},
	{"ImportReport", client.ImportReport{}},
	{"SearchQuery", client.SearchQuery{}},
	{"SearchAnswer.items", client.SearchResult{}},
	{"Hit", client.Hit{}},
	{"CheckItem", client.CheckItem{}},
	{"CheckAnswer.results", client.CheckResult{}},
	{"CheckHit", client.CheckHit{}},
	{"Contact", client.Contact{}},
	{"CheckedHit", client.CheckedHit{}},
	{"MRZResult", client.MRZ{}},
	{"Manifest", client.Manifest{}},
	{"ManifestAnswer", client.ManifestAnswer{}},
	{"EdgeHits.hits", client.EdgeHit{}},
	{"EdgeHitsAccepted", client.EdgeUpload{}},
	{"NewMessage", client.NewMessage{}},
	{"Message", client.Message{}},
	{"MessageSummary", client.MessageSummary{}},
	{"Reference", client.MessageReference{}},
	{"Recipient", client.MessageRecipient{}},
	{"Attachment", client.MessageAttachment{}},
	{"PartyKeys", client.PartyKeys{}},
}

// sdkDeliberate are the disagreements between the document and the SDK
// that are meant, keyed by where the test reports them (e.g.
// "NewMessage.attachments[].size"), each with its reason. None today; keep
// it short: anything else is a fault of one side.
var sdkDeliberate = map[string]string{}

// The SDK's types and the OpenAPI document the node serves agree: every
// field an SDK type sends or decodes is a property of its schema, of a
// matching JSON type, and every property of the schema is a field of the
// SDK type (else the SDK drops what the node sends).
func TestOpenAPIAgreesWithSDK(t *testing.T) {
	s := &Server{cfg: Config{Version: "test"}}
	s.routes = s.table()
	b, err := json.Marshal(s.openAPIDocument())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	c := &sdkComparison{t: t, schemas: doc["components"].(map[string]any)["schemas"].(map[string]any), used: map[string]bool{}}
	for _, p := range sdkTypes {
		steps := strings.Split(p.schema, ".")
		node, ok := c.schemas[steps[0]].(map[string]any)
		if !ok {
			t.Errorf("%s: the document has no schema %s", p.schema, steps[0])
			continue
		}
		for _, step := range steps[1:] {
			node = c.object(c.object(node)["properties"].(map[string]any)[step].(map[string]any))
		}
		c.compare(p.schema, node, reflect.TypeOf(p.sdk))
	}
	if c.fields < 200 {
		t.Fatalf("only %d fields compared: the check is not reading the types", c.fields)
	}
	for where := range sdkDeliberate {
		if !c.used[where] {
			t.Errorf("deliberate exception %s no longer applies: remove it", where)
		}
	}
}

type sdkComparison struct {
	t       *testing.T
	schemas map[string]any
	used    map[string]bool // deliberate exceptions met
	fields  int             // fields found on both sides
}

// resolve follows a $ref.
func (c *sdkComparison) resolve(node map[string]any) map[string]any {
	for {
		r, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		node = c.schemas[strings.TrimPrefix(r, "#/components/schemas/")].(map[string]any)
	}
}

// object resolves node and steps through arrays to the object they hold.
func (c *sdkComparison) object(node map[string]any) map[string]any {
	node = c.resolve(node)
	for node["type"] == "array" {
		node = c.resolve(node["items"].(map[string]any))
	}
	return node
}

func (c *sdkComparison) fail(where, format string, args ...any) {
	if _, ok := sdkDeliberate[where]; ok {
		c.used[where] = true
		return
	}
	c.t.Errorf(where+": "+format, args...)
}

var (
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage(nil))
)

// compare checks Go type typ against schema node at where.
func (c *sdkComparison) compare(where string, node map[string]any, typ reflect.Type) {
	node = c.resolve(node)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	want := node["type"]
	switch {
	case typ == timeType:
		if want != "string" || node["format"] != "date-time" {
			c.fail(where, "the SDK has a time (%s), the document a %v of format %v", typ, want, node["format"])
		}
	case typ == rawType || typ.Kind() == reflect.Interface:
		// any JSON
	case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Uint8:
		if want != "string" || node["format"] != "byte" {
			c.fail(where, "the SDK has bytes (base64), the document a %v of format %v", want, node["format"])
		}
	case typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array:
		if want != "array" {
			c.fail(where, "the SDK has a list (%s), the document a %v", typ, want)
			return
		}
		c.compare(where+"[]", node["items"].(map[string]any), typ.Elem())
	case typ.Kind() == reflect.Map:
		if want != "object" {
			c.fail(where, "the SDK has a map (%s), the document a %v", typ, want)
			return
		}
		if values, ok := node["additionalProperties"].(map[string]any); ok {
			c.compare(where+"{}", values, typ.Elem())
		} else {
			c.fail(where, "the SDK has a map (%s), the document an object without additionalProperties", typ)
		}
	case typ.Kind() == reflect.Struct:
		if want != "object" {
			c.fail(where, "the SDK has an object (%s), the document a %v", typ, want)
			return
		}
		c.compareObject(where, node, typ)
	default:
		if j := jsonTypeOf(typ.Kind()); j != want {
			c.fail(where, "the SDK has a %s (a JSON %s), the document a %v", typ, j, want)
		}
	}
}

// jsonTypeOf is the OpenAPI type a Go scalar is encoded as.
func jsonTypeOf(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	}
	return k.String()
}

func (c *sdkComparison) compareObject(where string, node map[string]any, typ reflect.Type) {
	props, _ := node["properties"].(map[string]any)
	fields := jsonFields(typ)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := fields[name]
		prop, ok := props[name].(map[string]any)
		if !ok {
			c.fail(where+"."+name, "the SDK's %s.%s is not in the document (the SDK expects what the node does not document)", typ, f.Name)
			continue
		}
		c.fields++
		c.compare(where+"."+name, prop, f.Type)
	}
	for name := range props {
		if _, ok := fields[name]; !ok {
			c.fail(where+"."+name, "the document's property is not in the SDK's %s (the SDK drops what the node sends)", typ)
		}
	}
}

// jsonFields are the fields encoding/json reads and writes in a struct, by
// their JSON names: tags followed, json:"-" and unexported fields skipped,
// untagged embedded structs flattened.
func jsonFields(typ reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			embedded := f.Type
			if embedded.Kind() == reflect.Pointer {
				embedded = embedded.Elem()
			}
			if embedded.Kind() == reflect.Struct {
				for n, ef := range jsonFields(embedded) {
					if _, shadowed := out[n]; !shadowed {
						out[n] = ef
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}
