package httpapi

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/messaging"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening"
)

// routeDoc describes a route for the OpenAPI document.
type routeDoc struct {
	summary  string
	tag      string
	params   []param
	request  string // schema name of the JSON body, if any
	response string // schema name of the answer; "" for none
	status   int    // success status
	text     bool   // the answer is text/plain
	list     bool   // the answer is a page of response items
	// stream routes take a large streamed body (a bulk import): up to
	// Config.MaxStreamBytes, with Config.StreamTimeout to read and answer it.
	stream bool
	// body describes a request body that is not one JSON object (an import).
	body obj
	// maxBody, when set, is the route's own limit of a request body.
	maxBody int64
}

// attachmentBody describes an upload's body: the file as it is.
var attachmentBody = func() obj {
	content := obj{}
	for _, t := range []string{"application/pdf", "image/jpeg", "image/png", "text/plain", "text/csv", messaging.AgeMediaType} {
		content[t] = obj{"schema": obj{"type": "string", "format": "binary"}}
	}
	return obj{"required": true, "content": content}
}()

// manifestParams are a manifest's query parameters, for a CSV body.
var manifestParams = []param{
	{"purpose", "query", "string", "CSV body: why, one of the declared purposes (GET /api/v1/purposes)", false},
	{"voyage", "query", "string", "CSV body: the flight or sailing, for the audit", false},
}

// manifestBody describes a manifest's body: JSON, or CSV with a header line.
var manifestBody = obj{"required": true, "content": obj{
	"application/json": obj{"schema": ref("Manifest")},
	"text/csv":         obj{"schema": obj{"type": "string", "description": "a header line naming the columns (reference, name or surname and given_names, birth_date, nationality, gender, document_number, document_country, document_type, or their other names), then a row a traveller. " + manifestColumnsDoc()}},
}}

// manifestColumnsDoc lists the other names the screener takes for a
// manifest's columns, from its own table.
func manifestColumnsDoc() string {
	var parts []string
	for _, names := range screening.ManifestColumnNames() {
		parts = append(parts, names[0]+": "+strings.Join(names[1:], ", "))
	}
	return "Other names taken for the columns (a CSV header or a JSON row's keys; case, spaces and punctuation do not matter): " + strings.Join(parts, "; ") + ". Any other column refuses the manifest (422 invalid_field)."
}

type param struct {
	name, in, typ, desc string
	required            bool
}

var (
	pageParams = []param{
		{"limit", "query", "integer", "items per page, 1 to 1000 (default 100)", false},
		{"cursor", "query", "string", "next_cursor of the previous page", false},
	}
	countryParamDoc = param{"country", "query", "string", "ISO 3166-1 alpha-3 code of the bureau (default: the caller's)", false}
	idParam         = func(what string) param { return param{"id", "path", "string", what + " ID", true} }
)

func withPage(ps ...param) []param { return append(ps, pageParams...) }

var (
	docLogin       = routeDoc{summary: "Log in with username and password; answers a session token", tag: "sessions", request: "LoginRequest", response: "Session", status: 201}
	docLogout      = routeDoc{summary: "End the caller's session", tag: "sessions", status: 204}
	docMe          = routeDoc{summary: "Who the caller is: user or token, bureau, unit, roles, scopes", tag: "sessions", response: "Me", status: 200}
	docListMembers = routeDoc{summary: "List the member countries", tag: "members", params: pageParams, response: "Member", status: 200, list: true}
	docGetMember   = routeDoc{summary: "One member country", tag: "members", params: []param{{"iso3", "path", "string", "ISO 3166-1 alpha-3 code", true}}, response: "Member", status: 200}
	docListUnits   = routeDoc{summary: "List a bureau's units (supervisors: their own bureau; admins: any; no country for an admin lists the network-wide bodies)", tag: "units", params: withPage(countryParamDoc), response: "Unit", status: 200, list: true}
	docCreateUnit  = routeDoc{summary: "Create a specialised unit or border point in a bureau", tag: "units", request: "NewUnit", response: "Unit", status: 201}
	docGetUnit     = routeDoc{summary: "One unit", tag: "units", params: []param{idParam("unit")}, response: "Unit", status: 200}
	docDisableUnit = routeDoc{summary: "Disable a unit: its users and tokens can no longer act", tag: "units", params: []param{idParam("unit")}, response: "Unit", status: 200}
	docListUsers   = routeDoc{summary: "List a bureau's users", tag: "users", params: withPage(countryParamDoc, param{"unit", "query", "string", "only this unit's users", false}), response: "User", status: 200, list: true}
	docCreateUser  = routeDoc{summary: "Create a user in a unit of the caller's bureau", tag: "users", request: "NewUser", response: "User", status: 201}
	docGetUser     = routeDoc{summary: "One user", tag: "users", params: []param{idParam("user")}, response: "User", status: 200}
	docDisableUser = routeDoc{summary: "Disable a user and end its sessions", tag: "users", params: []param{idParam("user")}, response: "User", status: 200}
	docListTokens  = routeDoc{summary: "List a bureau's API tokens (never their secrets)", tag: "tokens", params: withPage(countryParamDoc), response: "Token", status: 200, list: true}
	docCreateToken = routeDoc{summary: "Issue an API token for a system client of a unit; the secret is in the answer, once", tag: "tokens", request: "NewToken", response: "IssuedToken", status: 201}
	docRevokeToken = routeDoc{summary: "Revoke an API token at once", tag: "tokens", params: []param{idParam("token")}, response: "Token", status: 200}

	docAuditCheckpoint = routeDoc{summary: "The latest signed checkpoint of the audit log, as a C2SP tlog-checkpoint signed note (origin, tree size, base64 root hash, blank line, Ed25519 signature line)", tag: "audit", status: 200, text: true}
	docAuditKey        = routeDoc{summary: "The note verifier key (<origin>+<key hash>+<base64 Ed25519 key>) that checkpoints verify against", tag: "audit", status: 200, text: true}
	docAuditEntries    = routeDoc{summary: "List audit entries, newest first: a DPO reads its own bureau's, the oversight body and admins all; the reading is itself audited", tag: "audit", params: withPage(
		param{"country", "query", "string", "entries concerning this country", false},
		param{"action", "query", "string", "exact action, e.g. session.create", false},
		param{"actor", "query", "string", "actor name or ID", false},
		param{"resource", "query", "string", "entries touching this resource ID", false},
		param{"outcome", "query", "string", "success, denied or failure", false},
		param{"since", "query", "string", "RFC 3339 time, inclusive", false},
		param{"until", "query", "string", "RFC 3339 time, exclusive", false},
	), response: "AuditEntry", status: 200, list: true}
	docAuditEntry       = routeDoc{summary: "One audit entry", tag: "audit", params: []param{{"seq", "path", "integer", "position in the log", true}}, response: "AuditEntry", status: 200}
	docAuditInclusion   = routeDoc{summary: "Proof that an entry is in the tree of a checkpoint (RFC 6962/9162)", tag: "audit", params: []param{{"seq", "query", "integer", "position of the entry", true}, {"size", "query", "integer", "tree size (default: the latest checkpoint's)", false}}, response: "InclusionProof", status: 200}
	docAuditConsistency = routeDoc{summary: "Proof that the tree of size `to` extends the tree of size `from` (RFC 6962/9162)", tag: "audit", params: []param{{"from", "query", "integer", "older tree size", true}, {"to", "query", "integer", "newer tree size", true}}, response: "ConsistencyProof", status: 200}

	purposeQuery   = param{"purpose", "query", "string", "why: one of the declared purposes (GET /api/v1/purposes; required)", true}
	docListRecords = routeDoc{summary: "List a database's records in ID order: a bureau lists its own without a purpose (blocked and overdue ones included); with a purpose, also the records of other bureaus that the access decision admits (those the owner's restrictions keep from the caller are neither listed nor counted; only active records not overdue for review), each of them shown being a hit its owner is told of; audited. Unknown or repeated parameters are refused", tag: "records", params: withPage(
		param{"db", "path", "string", "database id", true},
		param{"owner", "query", "string", "only this bureau's records (ISO 3166-1 alpha-3); without a purpose, the caller's own is the only one", false},
		param{"status", "query", "string", "active or blocked", false},
		param{"review_before", "query", "string", "only records whose review falls before this date (YYYY-MM-DD, UTC) or RFC 3339 time", false},
		param{"purpose", "query", "string", "why, one of the declared purposes (GET /api/v1/purposes): required to list other bureaus' records", false},
	), response: "Record", status: 200, list: true}
	docListPurposes   = routeDoc{summary: "The declared purposes a query of police data names, with what each covers and whether a border point may declare it", tag: "records", response: "Purpose", status: 200, list: true}
	docListDatabases  = routeDoc{summary: "The 19 databases with their schemas: properties, types, which are mandatory, which identify", tag: "records", response: "Database", status: 200, list: true}
	docGetDatabase    = routeDoc{summary: "One database and its schemas", tag: "records", params: []param{{"db", "path", "string", "database id (DOMAIN.md)", true}}, response: "Database", status: 200}
	docCreateRecord   = routeDoc{summary: "Add a record, owned by the caller's bureau; 201 when made, 200 when the same key and record were sent before", tag: "records", params: []param{{"db", "path", "string", "database id", true}}, request: "NewRecord", response: "Record", status: 201}
	docGetRecord      = routeDoc{summary: "One record, if the owner's restrictions admit the caller (else 404); the reading is audited", tag: "records", params: []param{idParam("record"), purposeQuery}, response: "Record", status: 200}
	docUpdateRecord   = routeDoc{summary: "Change a record of the caller's bureau: a new version", tag: "records", params: []param{idParam("record")}, request: "RecordPatch", response: "Record", status: 200}
	docDeleteRecord   = routeDoc{summary: "Erase a record of the caller's bureau and its history; the audit log keeps a tombstone", tag: "records", params: []param{idParam("record")}, status: 204}
	docRecordVersions = routeDoc{summary: "A record's history, oldest first (the owner's bureau only)", tag: "records", params: []param{idParam("record"), purposeQuery}, response: "RecordVersion", status: 200, list: true}
	docImport         = routeDoc{summary: "Import records into a database, owned by the caller's bureau, from a streamed NDJSON or CSV body: valid lines are committed in batches, each bad line is reported with its number and changes nothing, lines whose key was imported before with the same content count as existing (send a file again to resume it); 201 when records were created, else 200", tag: "records", params: []param{{"db", "path", "string", "database id", true}}, body: importRequestBody, response: "ImportReport", status: 201, stream: true}

	docSearch     = routeDoc{summary: "Search one or more databases for a declared purpose (OpenSanctions /match shape); best first; match = score ≥ 0.7; records the owner's restrictions hide are not shown nor counted; results outside the owner's bureau are hits", tag: "search", request: "SearchQuery", response: "SearchAnswer", status: 200}
	docListHits   = routeDoc{summary: "The hits on a bureau's records, newest first: who was shown which record, when, why, what matched", tag: "search", params: withPage(param{"country", "query", "string", "the owning bureau (default: the caller's)", false}), response: "Hit", status: 200, list: true}
	docStreamHits = routeDoc{summary: "Server-sent events (event: hit, data: the hit as JSON) as hits on a bureau's records happen; event: confirmation when a check's hit is answered, escalation when it passes its deadline unanswered", tag: "search", params: []param{{"country", "query", "string", "the owning bureau (default: the caller's)", false}}, status: 200, text: true, stream: true}
	docConfirmHit = routeDoc{summary: "The owner's NCB confirms or denies a hit from a check (urgent: within 10 minutes; routine: within 1 hour); the checking side sees it at once", tag: "checks", params: []param{{"id", "path", "string", "the hit's ID", true}}, request: "Confirmation", response: "Hit", status: 200}

	docCheck             = routeDoc{summary: "Check documents, MRZs, persons, vehicles, firearms or vessels (up to 1000 items): per item hit, no-hit or refer (a record the owner keeps from the caller's kind of unit: contact your NCB); a hit names the database, record, owner, what matched, the action asked and whom to call; only those who may read the record get it", tag: "checks", request: "CheckRequest", response: "CheckAnswer", status: 200}
	docManifest          = routeDoc{summary: "Screen a whole passenger or crew manifest (advance passenger information, up to 1000 rows): each row's document and name are checked; rows that cannot be read are reported, not fatal. A column (CSV) or row field (JSON) the screener does not know, or one given twice, refuses the whole manifest with 422 invalid_field naming it and the accepted names: no manifest is screened without one of its columns", tag: "checks", params: manifestParams, body: manifestBody, response: "ManifestAnswer", status: 200}
	docListCheckedHits   = routeDoc{summary: "The hits of the caller's checks (an NCB: its whole bureau's; a unit or border point: its own) with the owner's confirmation, newest first", tag: "checks", params: withPage(), response: "CheckedHit", status: 200, list: true}
	docStreamCheckedHits = routeDoc{summary: "Server-sent events as the caller's checks hit (event: hit) and as the owners answer (event: confirmation) or let the deadline pass (event: escalation); data: the hit as JSON", tag: "checks", status: 200, text: true, stream: true}
	docEdgeSnapshot      = routeDoc{summary: "The signed offline copy (edge snapshot) of the first-line identifiers the caller (a border point; others are refused) may check at a border, as keyed hashes; the key in the Ncbnet-Edge-Key header (base64), the sequence in Ncbnet-Edge-Seq; verified with the audit verifier key", tag: "edge", status: 200, stream: true}
	docEdgeDelta         = routeDoc{summary: "The signed delta from the caller's copy at ?from= to now (409 when this node holds no copy at that sequence: fetch a snapshot)", tag: "edge", params: []param{{"from", "query", "integer", "the sequence of the copy held", true}}, status: 200, stream: true}
	docEdgeHits          = routeDoc{summary: "Upload the hits a border point's edge node made offline: each stored once by its ID, told to its owner, awaiting confirmation; answers the IDs the node may forget, and those dropped (record gone, changed hands or hidden since) with why. A hit that does not pass (an ID, database, owner, kind or purpose unknown, a time outside its copy's validity) is a 422 naming its field, and nothing is stored", tag: "edge", request: "EdgeHits", response: "EdgeHitsAccepted", status: 200}
	docParseMRZ          = routeDoc{summary: "Read an ICAO 9303 machine readable zone (TD1, TD2, TD3, MRV-A, MRV-B) and verify its check digits: 200 with valid false when one fails, 422 when the text is not an MRZ; nothing is looked up or kept", tag: "checks", request: "MRZRequest", response: "MRZResult", status: 200}

	partyParam          = param{"iso3", "path", "string", "ISO 3166-1 alpha-3 code of the bureau, or secretariat", true}
	docMemberKeys       = routeDoc{summary: "A bureau's published keys: Ed25519 signing keys (base64) that verify its messages, and age X25519 encryption keys (age1…) that messages to it are encrypted to; every version, the current one last", tag: "members", params: []param{partyParam}, response: "PartyKeys", status: 200}
	docPublishKey       = routeDoc{summary: "Publish the bureau's new encryption key (it keeps the private half); earlier keys are retired, not removed", tag: "members", params: []param{partyParam}, request: "PublishKey", response: "PartyKeys", status: 201}
	docRotateSigningKey = routeDoc{summary: "Give the bureau a new signing key; what the old ones signed still verifies", tag: "members", params: []param{partyParam}, response: "PartyKeys", status: 201}
	docSendMessage      = routeDoc{summary: "Send a message or diffusion from the caller's unit: accepted (201) once durably stored, signed by the bureau, delivered at once; a retry with the same idempotency key (key, or the Idempotency-Key header) answers the same message with Idempotent-Replayed: true", tag: "messages", request: "NewMessage", response: "Message", status: 201}
	docGetMessage       = routeDoc{summary: "One message the caller's bureau or unit sent or received, with the recipients' states and whether its signature holds (audited)", tag: "messages", params: []param{idParam("message")}, response: "Message", status: 200}
	docReadMessage      = routeDoc{summary: "Mark a received message read", tag: "messages", params: []param{idParam("message")}, response: "Message", status: 200}
	docAckMessage       = routeDoc{summary: "Acknowledge a received message (what stops its escalation)", tag: "messages", params: []param{idParam("message")}, response: "Message", status: 200}
	docInbox            = routeDoc{summary: "The messages the caller's bureau (NCB, Secretariat) or unit received, or with box=sent those it sent, newest first, without bodies", tag: "messages", params: withPage(
		param{"box", "query", "string", "received (default) or sent", false},
		param{"state", "query", "string", "delivered, read or acknowledged (received only)", false},
		param{"priority", "query", "string", "routine, urgent or flash", false},
		param{"thread", "query", "string", "a thread's ID", false},
		param{"escalated", "query", "boolean", "only those escalated for want of an acknowledgement (received only)", false}), response: "MessageSummary", status: 200, list: true}
	docUploadAttachment = routeDoc{summary: "Upload a file to attach to messages: the raw body, its type in Content-Type (application/pdf, image/jpeg, image/png, text/plain, text/csv, or application/vnd.age for an encrypted one; the content must be what is declared), at most 8 MiB; stored once by its SHA-256, whoever uploads it", tag: "messages", response: "Attachment", status: 201, maxBody: messaging.MaxAttachment,
		body: attachmentBody}
	docGetAttachment = routeDoc{summary: "A file a message the caller's bureau or unit sent or received carries (audited), as a download", tag: "messages", params: []param{idParam("message"), {"sha256", "path", "string", "the file's SHA-256 (hex)", true}}, status: 200}
	docStreamInbox   = routeDoc{summary: "Server-sent events of new messages (event: message, id: the delivery's cursor), receipts of what the caller sent (event: receipt) and escalations (event: escalation); data: {kind, message, recipient, cursor}. Reconnecting with Last-Event-ID: <cursor> first sends the messages delivered since, in delivery order, at most 500 (then the stream ends: reconnect); a stream that falls behind is ended so that it resumes", tag: "messages", status: 200, text: true, stream: true}

	docOpenAPI = routeDoc{summary: "This document", tag: "node", status: 200}
	docHealthz = routeDoc{summary: "Liveness: the node and its store answer", tag: "node", response: "Health", status: 200}
	docMetrics = routeDoc{summary: "Metrics in the Prometheus text format", tag: "node", status: 200, text: true}
)

func enumOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

type obj = map[string]any

func str(desc string) obj       { return obj{"type": "string", "description": desc} }
func strEnum(vals []string) obj { return obj{"type": "string", "enum": vals} }
func arrayOf(items obj) obj     { return obj{"type": "array", "items": items} }
func ref(name string) obj       { return obj{"$ref": "#/components/schemas/" + name} }
func timeField(desc string) obj {
	return obj{"type": "string", "format": "date-time", "description": desc}
}

func object(req []string, p obj) obj {
	o := obj{"type": "object", "properties": p, "additionalProperties": false}
	if len(req) > 0 {
		o["required"] = req
	}
	return o
}

func schemas() obj {
	roles := strEnum(enumOf(access.Roles))
	scopes := strEnum(enumOf(access.Scopes))
	var dbs []string
	for _, d := range access.Databases {
		dbs = append(dbs, d.ID)
	}
	unitKind := strEnum(enumOf(access.UnitKinds))
	token := obj{
		"id": str("token ID"), "name": str("what the client is"), "unit_id": str("unit the token acts for"),
		"country": str("bureau"), "roles": arrayOf(roles), "scopes": arrayOf(scopes),
		"created_at": timeField(""), "created_by": str("user ID"), "expires_at": timeField(""),
		"revoked_at": timeField("set once revoked"), "last_used_at": timeField("to the minute"),
	}
	issued := obj{}
	for k, v := range token {
		issued[k] = v
	}
	issued["token"] = str("the bearer secret: shown once, store it now")
	hashList := arrayOf(obj{"type": "string", "format": "byte"})
	return obj{
		"Error": object([]string{"error"}, obj{"error": object([]string{"code", "message"}, obj{
			"code":    strEnum(enumOf(fault.Codes())),
			"message": str("for people; safe to show"),
			"field":   str("the request field at fault, when there is one"),
		})}),
		"NewMessage": object([]string{"to", "subject", "handling_code"}, obj{
			"to":            arrayOf(str("ISO3 code, unit:<id>, region:<name>, secretariat or all")),
			"subject":       str("at most 200 characters; never encrypted"),
			"body":          str("at most 32 KiB; required unless ciphertext is given"),
			"priority":      strEnum(messaging.Priorities),
			"handling_code": strEnum(messaging.HandlingCodes),
			"handling_note": str("the restrictions of H3"),
			"references":    arrayOf(ref("Reference")),
			"attachments":   arrayOf(object([]string{"sha256", "name"}, obj{"sha256": str("as the upload answered"), "name": str("file name, at most 200 characters"), "size": obj{"type": "integer", "description": "ignored: the node takes it from the upload"}, "media_type": str("ignored: the node takes it from the upload")})),
			"encrypt":       obj{"type": "boolean", "description": "encrypt end to end to the recipients' published keys"},
			"ciphertext":    str("an armored age file the sender encrypted itself (with encrypt: true, instead of body)"),
			"reply_to":      str("the message this one answers"),
			"forward_of":    str("a message this one passes on (its text, attachments and at least its handling code go along; H2/H3 only by their sender's bureau)"),
			"key":           str("idempotency key"),
		}),
		"Attachment": object([]string{"sha256", "size", "media_type"}, obj{"sha256": str("hex"), "name": str("set on a message's attachments"), "size": obj{"type": "integer"}, "media_type": str("")}),
		"Reference":  object([]string{"type", "id"}, obj{"type": strEnum(messaging.ReferenceTypes), "id": str("")}),
		"Recipient": object([]string{"bureau", "state"}, obj{
			"bureau": str("ISO3 or secretariat"), "unit_id": str("set for a unit recipient"), "state": strEnum([]string{messaging.Queued, messaging.Delivered, messaging.Read, messaging.Acknowledged}),
			"deadline": timeField("acknowledge by (urgent, flash)"), "delivered_at": timeField(""), "read_at": timeField(""), "read_by": str(""),
			"acked_at": timeField(""), "acked_by": str(""), "escalated_at": timeField(""),
		}),
		"Sender": object([]string{"bureau", "unit_id", "id", "name"}, obj{"bureau": str("ISO3 or secretariat"), "unit_id": str(""), "id": str("user or token"), "name": str("")}),
		"Message": object([]string{"id", "thread_id", "sender", "to", "subject", "encrypted", "priority", "handling_code", "references", "created_at", "signature", "recipients"}, obj{
			"id": str(""), "thread_id": str(""), "reply_to": str(""), "sender": ref("Sender"), "to": arrayOf(str("as addressed")),
			"subject": str(""), "body": str("absent when encrypted"), "encrypted": obj{"type": "boolean"}, "ciphertext": str("armored age file, when encrypted"),
			"priority": strEnum(messaging.Priorities), "handling_code": strEnum(messaging.HandlingCodes), "handling_note": str(""),
			"references": arrayOf(ref("Reference")), "attachments": arrayOf(ref("Attachment")), "created_at": timeField(""),
			"signature":  object([]string{"bureau", "key_version", "value", "verified"}, obj{"bureau": str(""), "key_version": obj{"type": "integer"}, "value": str("Ed25519, base64"), "verified": obj{"type": "boolean", "description": "false when the stored message no longer matches its signature"}}),
			"recipients": arrayOf(ref("Recipient")),
		}),
		"MessageSummary": object([]string{"id", "thread_id", "sender", "subject", "encrypted", "priority", "handling_code", "created_at"}, obj{
			"id": str(""), "thread_id": str(""), "reply_to": str(""), "sender": ref("Sender"), "subject": str(""), "encrypted": obj{"type": "boolean"},
			"priority": strEnum(messaging.Priorities), "handling_code": strEnum(messaging.HandlingCodes), "created_at": timeField(""), "recipient": ref("Recipient"),
		}),
		"PublicKey":    object([]string{"version", "public_key", "created_at", "created_by"}, obj{"version": obj{"type": "integer"}, "public_key": str(""), "created_at": timeField(""), "created_by": str(""), "retired_at": timeField("")}),
		"PartyKeys":    object([]string{"bureau", "signing", "encryption"}, obj{"bureau": str(""), "signing": arrayOf(ref("PublicKey")), "encryption": arrayOf(ref("PublicKey"))}),
		"PublishKey":   object([]string{"public_key"}, obj{"public_key": str("age X25519 recipient, age1…")}),
		"LoginRequest": object([]string{"username", "password"}, obj{"username": str(""), "password": str("")}),
		"Session":      object([]string{"token", "expires_at"}, obj{"token": str("bearer token"), "expires_at": timeField("")}),
		"Me": object([]string{"id", "name", "kind", "unit_id", "unit_kind", "roles"}, obj{
			"id": str("user or token ID"), "name": str(""), "kind": strEnum([]string{"user", "token"}),
			"country": str("bureau; absent for the Secretariat and oversight body"), "unit_id": str(""), "unit_kind": unitKind,
			"roles": arrayOf(roles), "scopes": arrayOf(scopes), "databases": arrayOf(strEnum(dbs)),
		}),
		"Member": object([]string{"iso3", "iso2", "name", "region"}, obj{"iso3": str("ISO 3166-1 alpha-3"), "iso2": str("ISO 3166-1 alpha-2"), "name": str(""), "region": str("")}),
		"Unit": object([]string{"id", "kind", "name", "databases", "created_at", "created_by"}, obj{
			"id": str(""), "country": str("absent for network-wide bodies"), "kind": unitKind, "name": str(""),
			"databases": arrayOf(strEnum(dbs)), "created_at": timeField(""), "created_by": str(""), "disabled_at": timeField(""),
		}),
		"NewUnit": object([]string{"country", "kind", "name"}, obj{
			"country": str("ISO3 of the bureau"), "kind": strEnum([]string{string(access.KindSpecialised), string(access.KindBorderPoint)}),
			"name": str("at most 200 characters"), "databases": obj{"type": "array", "items": strEnum(dbs), "description": "databases granted; a border point without any gets the first-line databases"},
		}),
		"User": object([]string{"id", "username", "unit_id", "roles", "created_at", "created_by"}, obj{
			"id": str(""), "username": str(""), "unit_id": str(""), "country": str(""), "roles": arrayOf(roles),
			"created_at": timeField(""), "created_by": str(""), "last_login_at": timeField(""), "disabled_at": timeField(""),
		}),
		"NewUser": object([]string{"username", "password", "unit_id", "roles"}, obj{
			"username": str("3 to 64 of a-z 0-9 . _ -"), "password": str("12 to 1024 characters"), "unit_id": str(""),
			"roles": obj{"type": "array", "items": roles, "description": "each must be allowed in the unit's kind"},
		}),
		"Token":       object([]string{"id", "name", "unit_id", "roles", "scopes", "created_at", "created_by", "expires_at"}, token),
		"IssuedToken": object([]string{"id", "name", "unit_id", "roles", "scopes", "created_at", "created_by", "expires_at", "token"}, issued),
		"NewToken": object([]string{"name", "unit_id", "roles", "scopes"}, obj{
			"name": str(""), "unit_id": str(""), "roles": arrayOf(strEnum(enumOf(access.TokenRoles))), "scopes": arrayOf(scopes),
			"expires_at": timeField("default 90 days, at most a year ahead"),
		}),
		"AuditEntry": object([]string{"seq", "id", "time", "actor", "action", "outcome"}, obj{
			"seq": obj{"type": "integer"}, "id": str(""), "time": timeField(""),
			"actor":  object([]string{"name"}, obj{"id": str(""), "name": str(""), "token": obj{"type": "boolean"}, "country": str(""), "unit_id": str(""), "unit_kind": str("")}),
			"action": str("e.g. session.create, user.create, audit.read"), "resources": arrayOf(str("")), "purpose": str(""),
			"outcome": strEnum([]string{"success", "denied", "failure"}), "reason": str("error code when denied or failed"),
			"subjects": arrayOf(str("ISO3 of the countries concerned")), "details": obj{"type": "object", "additionalProperties": obj{"type": "string"}},
		}),
		"InclusionProof": object([]string{"seq", "tree_size", "leaf", "leaf_hash", "proof"}, obj{
			"seq": obj{"type": "integer"}, "tree_size": obj{"type": "integer"},
			"leaf":      obj{"type": "string", "format": "byte", "description": "the entry's canonical JSON; SHA-256(0x00 || leaf) is the leaf hash"},
			"leaf_hash": obj{"type": "string", "format": "byte"}, "proof": hashList,
		}),
		"ConsistencyProof": object([]string{"from", "to", "proof"}, obj{"from": obj{"type": "integer"}, "to": obj{"type": "integer"}, "proof": hashList}),
		"Database": object([]string{"id", "name", "schemas", "review_years", "first_line"}, obj{
			"id": str("database id (DOMAIN.md)"), "name": str(""), "review_years": obj{"type": "integer", "description": "records come up for review after this"},
			"first_line": obj{"type": "boolean", "description": "answers first-line checks at borders"},
			"schemas": arrayOf(object([]string{"name", "label", "properties"}, obj{
				"name": str("FollowTheMoney-style schema name"), "label": str(""),
				"properties": arrayOf(object([]string{"name", "label", "type", "mandatory", "identifying"}, obj{
					"name": str(""), "label": str(""),
					"type": strEnum([]string{"name", "date", "country", "identifier", "text", "number", "enum", "link", "biometric"}),
					"kind": str("identifier kind: document-number, vin, plate, imo, serial, …"), "values": arrayOf(str("")),
					"range": arrayOf(str("schemas a link may point to")), "mandatory": obj{"type": "boolean"}, "identifying": obj{"type": "boolean"},
					"searchable": obj{"type": "boolean", "description": "free text that a search finds by its words"},
					"historical": obj{"type": "boolean", "description": "a date of history (when a work of art was made): any year from 0001; other dates start in 1800"},
				})),
			})),
		}),
		"Purpose": object([]string{"id", "meaning", "border_point"}, obj{
			"id": strEnum(enumOf(access.Purposes)), "meaning": str("what the purpose covers"),
			"border_point": obj{"type": "boolean", "description": "a border point may declare it too"},
		}),
		"Restrictions": object(nil, obj{
			"countries": arrayOf(str("ISO3: only these may see it")), "excluded_countries": arrayOf(str("ISO3: never these")),
			"ncb_only": obj{"type": "boolean"}, "unit_kinds": arrayOf(strEnum([]string{"ncb", "specialised-unit", "border-point"})),
		}),
		"Record": object([]string{"id", "database", "schema", "owner", "owner_unit", "properties", "restrictions", "status", "review_at", "version", "created_at", "updated_at"}, obj{
			"id": str(""), "database": str(""), "schema": str(""), "owner": str("ISO3 of the owning bureau"), "owner_unit": str(""),
			"properties":   obj{"type": "object", "additionalProperties": arrayOf(str("")), "description": "multi-valued, FollowTheMoney convention"},
			"restrictions": ref("Restrictions"), "status": strEnum([]string{"active", "blocked"}), "review_at": timeField("when the owner must review it"),
			"version": obj{"type": "integer"}, "created_at": timeField(""), "updated_at": timeField(""),
		}),
		"NewRecord": object([]string{"schema", "properties"}, obj{
			"schema": str("one of the database's schemas"), "properties": obj{"type": "object", "additionalProperties": arrayOf(str(""))},
			"restrictions": ref("Restrictions"), "key": str("the client's idempotency key (at most 200 characters)"),
			"review_at": timeField("an earlier review date than the database's default"),
		}),
		"RecordPatch": object(nil, obj{
			"properties":   obj{"type": "object", "additionalProperties": arrayOf(str("")), "description": "properties named are replaced; an empty list removes one"},
			"restrictions": ref("Restrictions"), "status": strEnum([]string{"active", "blocked"}), "review_at": timeField(""),
			"version": obj{"type": "integer", "description": "the version read; a conflict if the record changed since"},
		}),
		"RecordVersion": object([]string{"version", "properties", "restrictions", "status", "review_at", "changed_at", "changed_by"}, obj{
			"version": obj{"type": "integer"}, "properties": obj{"type": "object", "additionalProperties": arrayOf(str(""))},
			"restrictions": ref("Restrictions"), "status": str(""), "review_at": timeField(""), "changed_at": timeField(""), "changed_by": str("user or token ID"),
		}),
		"SearchQuery": object([]string{"purpose", "query"}, obj{
			"purpose":   str("one of the declared purposes"),
			"databases": arrayOf(str("database ids (default: every database holding the schema that the caller may search)")),
			"query": object([]string{"schema"}, obj{
				"schema":     str("e.g. Person, Passport, Vehicle"),
				"properties": obj{"type": "object", "additionalProperties": arrayOf(str(""))},
			}),
			"limit": obj{"type": "integer", "description": "1 to 100 (default 10)"},
		}),
		"SearchAnswer": object([]string{"items"}, obj{"items": arrayOf(object([]string{"record", "score", "match", "explanation"}, obj{
			"record": ref("Record"), "score": obj{"type": "number", "description": "0 to 1"},
			"match": obj{"type": "boolean", "description": "score ≥ 0.7"}, "explanation": arrayOf(str("what matched")),
		}))}),
		"Hit": object([]string{"id", "record_id", "database", "owner", "searcher", "purpose", "score", "match", "matched", "time"}, obj{
			"id": str(""), "record_id": str(""), "database": str(""), "owner": str("ISO3 of the bureau that owns the record"),
			"searcher": object([]string{"id", "name", "unit_id", "unit_kind"}, obj{"id": str(""), "name": str(""), "country": str(""), "unit_id": str(""), "unit_kind": str("")}),
			"purpose":  str(""), "score": obj{"type": "number"}, "match": obj{"type": "boolean"}, "matched": arrayOf(str("")), "time": timeField(""),
			"source": strEnum([]string{"search", "check"}), "action": arrayOf(str("")), "urgency": str(""), "deadline": timeField(""),
			"confirmation": strEnum([]string{"pending", "confirmed", "denied"}), "answered_at": timeField(""), "answered_by": str("the officer of the owner's bureau who answered"),
			"answered_unit": str("the unit of the owner's bureau that answered"), "note": str(""), "escalated_at": timeField(""),
			"checked":  arrayOf(ref("CheckItem")),
			"referred": obj{"type": "boolean", "description": "the checking unit was told to refer to its NCB: the owner keeps the record from its kind of unit"},
		}),
		"ImportReport": importReportSchema,
		"CheckRequest": object([]string{"purpose", "items"}, obj{
			"purpose": str("one of the declared purposes (a border point: border-control or security-check)"),
			"items":   arrayOf(ref("CheckItem")),
		}),
		"CheckItem": object([]string{"kind"}, obj{
			"kind":   strEnum(screening.Kinds),
			"number": str("document: its number"), "country": str("document: issuing country, ISO 3166-1 alpha-3"), "type": str("document: ICAO 9303 type code (P, I, A, C, V)"),
			"mrz":     str("mrz: the zone's lines separated by \\n"),
			"lenient": obj{"type": "boolean", "description": "mrz: check what was read even when a check digit fails"},
			"name":    str("person or vessel: the name"), "birthDate": str("person: YYYY-MM-DD, YYYY-MM or YYYY"), "nationality": str("person: ISO 3166-1 alpha-3"), "gender": str("person: male, female, other"),
			"vin": str("vehicle"), "registrationNumber": str("vehicle: plate"), "make": str("firearm"), "serial": str("firearm"), "imo": str("vessel: IMO number"),
		}),
		"CheckAnswer": object([]string{"results"}, obj{"results": arrayOf(object([]string{"index", "outcome", "hits"}, obj{
			"index": obj{"type": "integer"}, "outcome": strEnum([]string{screening.OutcomeHit, screening.OutcomeNoHit, screening.OutcomeRefer}), "hits": arrayOf(ref("CheckHit")),
			"refer": object([]string{"hit_ids", "message"}, obj{
				"hit_ids": arrayOf(str("the hits your NCB finds among its checks' hits")),
				"message": str("refer: a record matches that its owner keeps from your kind of unit; contact your NCB, who sees it"),
			}),
		}))}),
		"CheckHit": object([]string{"hit_id", "database", "record_id", "owner", "matched", "score", "action", "contact", "urgency", "deadline", "confirmation"}, obj{
			"hit_id": str(""), "database": str(""), "record_id": str("the record's reference"), "owner": str("ISO3 of the bureau that owns the record"),
			"matched": arrayOf(str("the item's fields that matched")), "score": obj{"type": "number", "description": "how strongly, 0 to 1"},
			"action": arrayOf(strEnum(records.Actions)), "contact": ref("Contact"),
			"urgency": strEnum([]string{"urgent", "routine"}), "deadline": timeField("when the owner must have confirmed or denied"), "confirmation": strEnum([]string{"pending", "confirmed", "denied"}),
			"explanation": arrayOf(str("how each part matched (only for those who may read the record)")),
			"record":      ref("Record"),
		}),
		"Contact":      object([]string{"bureau", "unit"}, obj{"bureau": str("ISO3"), "unit": str("the owner's NCB"), "details": str("the owner's desk or phone for this record")}),
		"Confirmation": object([]string{"confirmation"}, obj{"confirmation": strEnum([]string{"confirmed", "denied"}), "note": str("what next, for the checking side")}),
		"CheckedHit": object([]string{"hit_id", "database", "record_id", "owner", "action", "urgency", "deadline", "confirmation", "time", "unit_id"}, obj{
			"hit_id": str(""), "database": str(""), "record_id": str(""), "owner": str(""), "action": arrayOf(str("")), "urgency": str(""),
			"deadline": timeField(""), "confirmation": str(""), "answered_at": timeField(""),
			"answered_by": object([]string{"bureau", "unit"}, obj{"bureau": str("ISO3 of the owner's bureau"), "unit": str("the unit that answered")}),
			"note":        str("what the owner tells the checking side with its answer"), "escalated_at": timeField(""),
			"time": timeField("when the check hit"), "unit_id": str("the checking unit"),
			"checked":  arrayOf(ref("CheckItem")),
			"referred": obj{"type": "boolean", "description": "the unit was told to refer to its NCB; a unit other than an NCB then gets no record_id, database, owner, action, note nor answered_by"},
		}),
		"MRZRequest": object([]string{"mrz"}, obj{"mrz": str("the zone's lines separated by \\n")}),
		"MRZResult": object([]string{"valid", "format", "document_type", "issuer", "document_number", "surname", "given_names", "nationality", "birth_date", "sex", "expiry_date", "personal_number", "checks"}, obj{
			"valid": obj{"type": "boolean"}, "format": strEnum([]string{"TD1", "TD2", "TD3", "MRV-A", "MRV-B"}), "document_type": str(""), "issuer": str(""),
			"document_number": str(""), "surname": str(""), "given_names": str(""), "nationality": str(""), "birth_date": str("YYYY-MM-DD (or YYYY-MM, YYYY)"),
			"sex": str("M, F or X"), "expiry_date": str(""), "personal_number": str(""),
			"checks": arrayOf(object([]string{"field", "ok"}, obj{"field": str(""), "ok": obj{"type": "boolean"}})),
		}),
		"Manifest":       manifestSchema,
		"ManifestAnswer": manifestAnswerSchema,
		"EdgeHits": object([]string{"hits"}, obj{"hits": arrayOf(object([]string{"id", "record_id", "database", "owner", "kind", "time", "purpose", "copy_seq"}, obj{
			"id": str("made by the edge node"), "record_id": str(""), "database": str(""), "owner": str(""), "kind": str("identifier kind"),
			"time": timeField("when the check hit: inside the validity of the copy it was answered from (30 days from its making)"), "matched": arrayOf(str("identifier kinds")), "purpose": str("border-control or security-check"),
			"copy_seq": obj{"type": "integer", "description": "the sequence of the copy the check was answered from (Ncbnet-Edge-Seq)"},
		}))}),
		"EdgeHitsAccepted": object([]string{"accepted", "dropped"}, obj{
			"accepted": arrayOf(str("hit IDs stored now or before, or dropped: the edge node may forget them")),
			"dropped":  arrayOf(object([]string{"id", "reason"}, obj{"id": str(""), "reason": strEnum([]string{"record_gone", "record_changed", "not_permitted"})})),
		}),
		"Health": object([]string{"status", "version"}, obj{"status": str(""), "version": str("")}),
	}
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// operationID names an operation after its method and path, e.g.
// get_api_v1_members_iso3.
func operationID(rt route) string {
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(rt.method+" "+rt.pattern), "_"), "_")
}

func (s *Server) openAPIDocument() obj {
	paths := obj{}
	for _, rt := range s.routes {
		path := rt.pattern
		item, _ := paths[path].(obj)
		if item == nil {
			item = obj{}
			paths[path] = item
		}
		item[strings.ToLower(rt.method)] = operation(rt)
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "ncbnet API",
			"version":     s.cfg.Version,
			"description": "The node's API. Errors are {\"error\":{\"code\",\"message\",\"field\"}} with stable codes; lists are {\"items\",\"next_cursor\"} with ?limit= (1 to 1000) and ?cursor=.",
		},
		"paths": paths,
		"components": obj{
			"schemas":         schemas(),
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
		},
	}
}

func operation(rt route) obj {
	d := rt.doc
	op := obj{"summary": d.summary, "tags": []string{d.tag}, "operationId": operationID(rt)}
	if rt.auth {
		op["security"] = []obj{{"bearer": []string{}}}
	}
	var params []obj
	for _, p := range d.params {
		params = append(params, obj{"name": p.name, "in": p.in, "required": p.required, "description": p.desc, "schema": obj{"type": p.typ}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if d.request != "" {
		op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(d.request)}}}
	}
	if d.body != nil {
		op["requestBody"] = d.body
	}
	ok := obj{"description": http.StatusText(d.status)}
	switch {
	case d.text:
		ok["content"] = obj{"text/plain": obj{"schema": obj{"type": "string"}}}
	case d.list:
		ok["content"] = obj{"application/json": obj{"schema": object([]string{"items", "next_cursor"}, obj{
			"items": arrayOf(ref(d.response)), "next_cursor": obj{"type": "string", "nullable": true},
		})}}
	case d.response != "":
		ok["content"] = obj{"application/json": obj{"schema": ref(d.response)}}
	case rt.pattern == "/api/v1/openapi.json":
		ok["content"] = obj{"application/json": obj{"schema": obj{"type": "object"}}}
	}
	errResp := obj{"description": "error", "content": obj{"application/json": obj{"schema": ref("Error")}}}
	op["responses"] = obj{strconv.Itoa(d.status): ok, "default": errResp}
	return op
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openAPIDocument())
}
