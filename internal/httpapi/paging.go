package httpapi

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/member"
)

// Every listing answers {"items":[…],"next_cursor":…} and takes ?limit= (1 to
// 1000, default 100) and ?cursor= (the next_cursor of the previous page). A
// cursor is opaque to clients: base64url of the last key served.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// pageOf reads ?limit= and ?cursor=. It asks the store for one item more than
// the limit, so that the answer knows whether another page follows.
func pageOf(r *http.Request) (member.Page, error) {
	q := r.URL.Query()
	limit := defaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return member.Page{}, fault.Field(fault.BadParameter, "limit", "limit must be a whole number from 1 to %d", maxLimit)
		}
		limit = n
	}
	after := ""
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || len(b) == 0 || len(b) > 64 {
			return member.Page{}, fault.Field(fault.BadParameter, "cursor", "cursor is not one this API gave out")
		}
		after = string(b)
	}
	return member.Page{Limit: limit + 1, After: after}, nil
}

// pageAnswer trims the extra item and makes the next cursor from the last
// key served.
func pageAnswer[T any](items []T, p member.Page, key func(T) string) list[T] {
	limit := p.Limit - 1
	if len(items) <= limit {
		return list[T]{Items: items}
	}
	items = items[:limit]
	c := base64.RawURLEncoding.EncodeToString([]byte(key(items[len(items)-1])))
	return list[T]{Items: items, NextCursor: &c}
}
