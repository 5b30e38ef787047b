package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/messaging"
)

// Bad messages are answered with a clear error naming the field, and
// nothing is stored: no message, no recipient, no receipt.
func TestMessageBadInput(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		seed := must[client.Message](t)(e.as("deu.officer").SendMessage(ctx, client.NewMessage{To: []string{"FRA"}, Subject: "Seed", Body: "b", HandlingCode: messaging.H2}))
		elsewhere := must[client.Message](t)(e.as("deu.officer").SendMessage(ctx, client.NewMessage{To: []string{"USA"}, Subject: "Not for FRA", Body: "b", HandlingCode: messaging.H0}))
		ngaUnit := must[client.Me](t)(e.as("nga.border-officer").Me(ctx)).UnitID
		var hidden string // NGA's record withheld from BRA
		if err := e.node.DB.QueryRow(ctx, `SELECT id FROM records WHERE client_key = 'demo-nga-1'`).Scan(&hidden); err != nil {
			t.Fatal(err)
		}
		ok := func(change func(m map[string]any)) string {
			m := map[string]any{"to": []string{"DEU"}, "subject": "s", "body": "b", "handling_code": "H0"}
			change(m)
			b, _ := json.Marshal(m)
			return string(b)
		}
		refs := make([]map[string]string, 51)
		for i := range refs {
			refs[i] = map[string]string{"type": "case", "id": "x"}
		}
		cases := []struct {
			name, body, ctype string
			status            int
			code, field       string
		}{
			{"malformed JSON", `{"to":["DEU"],`, "application/json", 400, "malformed_json", ""},
			{"not JSON", ok(func(map[string]any) {}), "text/plain", 415, "unsupported_media_type", ""},
			{"unknown field", ok(func(m map[string]any) { m["cc"] = []string{"USA"} }), "application/json", 400, "unknown_field", "cc"},
			{"wrong type", ok(func(m map[string]any) { m["to"] = "DEU" }), "application/json", 400, "wrong_type", "to"},
			{"no recipients", ok(func(m map[string]any) { delete(m, "to") }), "application/json", 422, "missing_field", "to"},
			{"no subject", ok(func(m map[string]any) { m["subject"] = "  " }), "application/json", 422, "missing_field", "subject"},
			{"no body", ok(func(m map[string]any) { delete(m, "body") }), "application/json", 422, "missing_field", "body"},
			{"no handling code", ok(func(m map[string]any) { delete(m, "handling_code") }), "application/json", 422, "missing_field", "handling_code"},
			{"unknown handling code", ok(func(m map[string]any) { m["handling_code"] = "H9" }), "application/json", 422, "invalid_field", "handling_code"},
			{"H3 without its restrictions", ok(func(m map[string]any) { m["handling_code"] = "H3" }), "application/json", 422, "missing_field", "handling_note"},
			{"unknown priority", ok(func(m map[string]any) { m["priority"] = "immediate" }), "application/json", 422, "invalid_field", "priority"},
			{"unknown country", ok(func(m map[string]any) { m["to"] = []string{"XXX"} }), "application/json", 422, "invalid_field", "to"},
			{"own bureau", ok(func(m map[string]any) { m["to"] = []string{"FRA"} }), "application/json", 422, "invalid_field", "to"},
			{"unknown region", ok(func(m map[string]any) { m["to"] = []string{"region:Atlantis"} }), "application/json", 422, "invalid_field", "to"},
			{"unknown unit", ok(func(m map[string]any) { m["to"] = []string{"unit:01J00000000000000000000000"} }), "application/json", 422, "invalid_field", "to"},
			{"a border point", ok(func(m map[string]any) { m["to"] = []string{"unit:" + ngaUnit} }), "application/json", 422, "invalid_field", "to"},
			{"not an address", ok(func(m map[string]any) { m["to"] = []string{"everyone@interpol"} }), "application/json", 422, "invalid_field", "to"},
			{"subject too long", ok(func(m map[string]any) { m["subject"] = strings.Repeat("s", 201) }), "application/json", 422, "invalid_field", "subject"},
			{"control character in the subject", ok(func(m map[string]any) { m["subject"] = "a\x07b" }), "application/json", 422, "invalid_field", "subject"},
			{"body over the limit", ok(func(m map[string]any) { m["body"] = strings.Repeat("b", messaging.MaxBody+1) }), "application/json", 422, "invalid_field", "body"},
			{"request over the limit", ok(func(m map[string]any) { m["body"] = strings.Repeat("b", 70<<10) }), "application/json", 413, "body_too_large", ""},
			{"ciphertext without encrypt", ok(func(m map[string]any) { delete(m, "body"); m["ciphertext"] = "x" }), "application/json", 422, "invalid_field", "ciphertext"},
			{"ciphertext that is not age", ok(func(m map[string]any) {
				delete(m, "body")
				m["encrypt"] = true
				m["ciphertext"] = "-----BEGIN PGP MESSAGE-----"
			}), "application/json", 422, "invalid_field", "ciphertext"},
			{"body and ciphertext", ok(func(m map[string]any) { m["encrypt"] = true; m["ciphertext"] = "x" }), "application/json", 422, "invalid_field", "body"},
			{"too many references", ok(func(m map[string]any) { m["references"] = refs }), "application/json", 422, "invalid_field", "references"},
			{"unknown reference type", ok(func(m map[string]any) { m["references"] = []map[string]string{{"type": "file", "id": "1"}} }), "application/json", 422, "invalid_field", "references[0].type"},
			{"reference without id", ok(func(m map[string]any) { m["references"] = []map[string]string{{"type": "record"}} }), "application/json", 422, "missing_field", "references[0].id"},
			{"reply to nothing", ok(func(m map[string]any) { m["reply_to"] = "01J00000000000000000000000" }), "application/json", 422, "invalid_field", "reply_to"},
			{"weaker handling on a reply", ok(func(m map[string]any) { m["reply_to"] = seed.ID; m["handling_code"] = "H1" }), "application/json", 422, "invalid_field", "handling_code"},
			{"a record that does not exist", ok(func(m map[string]any) {
				m["references"] = []map[string]string{{"type": "record", "id": "01J00000000000000000000000"}}
			}), "application/json", 422, "invalid_field", "references[0].id"},
			{"a message one is no party to", ok(func(m map[string]any) { m["references"] = []map[string]string{{"type": "message", "id": elsewhere.ID}} }), "application/json", 422, "invalid_field", "references[0].id"},
			{"idempotency key too long", ok(func(m map[string]any) { m["key"] = strings.Repeat("k", 129) }), "application/json", 422, "invalid_field", "key"},
			{"encrypted to a bureau without a key", ok(func(m map[string]any) { m["encrypt"] = true }), "application/json", 422, "invalid_field", "to"},
		}
		before := messageCounts(e)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				status, body, err := fra.Raw(ctx, "POST", "/api/v1/messages", c.ctype, []byte(c.body))
				if err != nil {
					t.Fatal(err)
				}
				var answer struct {
					Error struct{ Code, Message, Field string } `json:"error"`
				}
				if err := json.Unmarshal(body, &answer); err != nil {
					t.Fatalf("answer %d is not an error object: %s", status, body)
				}
				if status != c.status || answer.Error.Code != c.code || answer.Error.Field != c.field || answer.Error.Message == "" {
					t.Fatalf("got %d %s field %q (%s), want %d %s field %q", status, answer.Error.Code, answer.Error.Field, answer.Error.Message, c.status, c.code, c.field)
				}
			})
		}
		if after := messageCounts(e); after != before {
			t.Fatalf("refused messages changed the store: %v → %v", before, after)
		}
		// NGA's record is withheld from BRA: BRA cannot refer to it (and
		// learns no more than of a record that does not exist); FRA can.
		ref := []client.MessageReference{{Type: "record", ID: hidden}, {Type: "message", ID: seed.ID}}
		_, err := e.as("bra.officer").SendMessage(ctx, client.NewMessage{To: []string{"NGA"}, Subject: "s", Body: "b", HandlingCode: messaging.H0, References: ref[:1]})
		if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != "references[0].id" {
			t.Fatalf("refused on %s", ae.Field)
		}
		if m := must[client.Message](t)(fra.SendMessage(ctx, client.NewMessage{To: []string{"NGA"}, Subject: "s", Body: "b", HandlingCode: messaging.H2, References: ref})); len(m.References) != 2 {
			t.Fatalf("references: %+v", m.References)
		}
	})
}

// Only those who may use messaging send, read and mark messages; others
// are refused and nothing changes.
func TestMessageAccess(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		m := must[client.Message](t)(e.as("deu.officer").SendMessage(ctx, client.NewMessage{To: []string{"FRA"}, Subject: "s", Body: "b", HandlingCode: messaging.H0}))
		// A token without the messages scope.
		tok := must[client.IssuedToken](t)(e.as("fra.supervisor").CreateToken(ctx, client.NewToken{Name: "records sync", UnitID: must[client.Me](t)(fra.Me(ctx)).UnitID, Roles: []string{"officer"}, Scopes: []string{"records:read"}}))
		noScope := must[*client.Client](t)(client.New(e.url, client.WithToken(tok.Secret)))
		before := messageCounts(e)
		send := client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "b", HandlingCode: messaging.H0}
		for _, c := range []struct {
			name   string
			c      *client.Client
			status int
			code   string
		}{
			{"no token", e.anon(), 401, "unauthenticated"},
			{"a border officer", e.as("fra.border-officer"), 403, "unit_kind_not_permitted"},
			{"a DPO", e.as("fra.dpo"), 403, "role_not_permitted"},
			{"a token without the messages scope", noScope, 403, "scope_not_granted"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := c.c.SendMessage(ctx, send)
				wantCode(t, err, c.status, c.code)
				_, err = c.c.Message(ctx, m.ID)
				wantCode(t, err, c.status, c.code)
				_, err = c.c.Acknowledge(ctx, m.ID)
				wantCode(t, err, c.status, c.code)
				_, err = c.c.Inbox(ctx, client.InboxQuery{}, client.ListOptions{})
				wantCode(t, err, c.status, c.code)
				_, err = c.c.StreamInbox(ctx)
				wantCode(t, err, c.status, c.code)
			})
		}
		for _, c := range []struct{ name, path, code, field string }{
			{"bad state", "/api/v1/inbox?state=archived", "bad_parameter", "state"},
			{"bad box", "/api/v1/inbox?box=trash", "bad_parameter", "box"},
			{"bad priority", "/api/v1/inbox?priority=high", "bad_parameter", "priority"},
			{"state of sent messages", "/api/v1/inbox?box=sent&state=read", "bad_parameter", "state"},
			{"bad cursor", "/api/v1/inbox?cursor=not*base64", "bad_parameter", "cursor"},
			{"bad limit", "/api/v1/inbox?limit=0", "bad_parameter", "limit"},
			{"bad escalated", "/api/v1/inbox?escalated=yes", "bad_parameter", "escalated"},
			{"escalated sent messages", "/api/v1/inbox?box=sent&escalated=true", "bad_parameter", "escalated"},
		} {
			status, body, _ := fra.Raw(ctx, "GET", c.path, "", nil)
			if status != 400 || !strings.Contains(string(body), `"code":"`+c.code+`"`) || !strings.Contains(string(body), `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s", c.name, status, body)
			}
		}
		_, err := fra.Acknowledge(ctx, "01J00000000000000000000000")
		wantCode(t, err, 404, "not_found")
		if after := messageCounts(e); after != before {
			t.Fatalf("refused requests changed the store: %v → %v", before, after)
		}
		if r := recipientOf(t, must[client.Message](t)(e.as("deu.officer").Message(ctx, m.ID)), "FRA"); r.State != messaging.Delivered {
			t.Fatalf("FRA's receipt after refused acknowledgements: %s", r.State)
		}
	})
}

// messageCounts is what a refused request must leave as it was.
type counts struct{ messages, recipients, receipts, keys int }

func messageCounts(e *env) counts {
	return counts{
		messages:   e.count(`SELECT count(*) FROM messages`),
		recipients: e.count(`SELECT count(*) FROM message_recipients`),
		receipts:   e.count(`SELECT count(*) FROM message_recipients WHERE state <> 'delivered'`),
		keys:       e.count(`SELECT count(*) FROM party_keys`),
	}
}
