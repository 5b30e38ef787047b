package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
)

func TestMembers(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.as("sgp.border-officer")

		t.Run("all 196 members, paged", func(t *testing.T) {
			var all []client.Member
			opts := client.ListOptions{Limit: 50}
			pages := 0
			for {
				p := must[client.Page[client.Member]](t)(c.Members(ctx, opts))
				pages++
				all = append(all, p.Items...)
				if p.NextCursor == nil {
					break
				}
				opts.Cursor = *p.NextCursor
			}
			if len(all) != 196 || pages != 4 {
				t.Fatalf("got %d members in %d pages, want 196 in 4", len(all), pages)
			}
			if !slices.IsSortedFunc(all, func(a, b client.Member) int { return strings.Compare(a.ISO3, b.ISO3) }) {
				t.Fatal("members are not in ISO3 order")
			}
		})

		t.Run("a member has exactly iso3, iso2, name, region", func(t *testing.T) {
			status, body, err := c.Raw(ctx, "GET", "/api/v1/members/FRA", "", nil)
			if err != nil || status != 200 {
				t.Fatalf("GET FRA: %d %v", status, err)
			}
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"iso3": "FRA", "iso2": "FR", "name": "France", "region": "Europe"}
			if len(m) != len(want) {
				t.Fatalf("member = %v", m)
			}
			for k, v := range want {
				if m[k] != v {
					t.Fatalf("member = %v, want %v", m, want)
				}
			}
		})

		t.Run("bad member codes and paging parameters", func(t *testing.T) {
			_, err := c.Member(ctx, "XXX")
			wantCode(t, err, 404, "not_found")
			_, err = c.Member(ctx, "fr")
			wantCode(t, err, 400, "bad_parameter")
			for _, q := range []string{"limit=0", "limit=1001", "limit=abc", "cursor=***", "cursor=" + strings.Repeat("QUFB", 40)} {
				status, body, _ := c.Raw(ctx, "GET", "/api/v1/members?"+q, "", nil)
				if status != 400 || !strings.Contains(string(body), `"code":"bad_parameter"`) {
					t.Fatalf("?%s: %d %s", q, status, body)
				}
			}
			p := must[client.Page[client.Member]](t)(c.Members(ctx, client.ListOptions{Limit: 1000}))
			if len(p.Items) != 196 || p.NextCursor != nil {
				t.Fatalf("limit=1000: %d items, next %v", len(p.Items), p.NextCursor)
			}
		})
	})
}
