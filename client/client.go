package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client talks to one node.
type Client struct {
	base  *url.URL
	http  *http.Client
	token string
}

// Option configures a Client.
type Option func(*Client)

// WithToken sets the bearer token (a session or API token).
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// WithHTTPClient replaces the HTTP client (the default has a 30 s timeout).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// New returns a client of the node at baseURL (e.g. http://127.0.0.1:8080).
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("node URL %q must be http(s)://host[:port]", baseURL)
	}
	c := &Client{base: u, http: &http.Client{Timeout: 30 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// SetToken changes the bearer token.
func (c *Client) SetToken(token string) { c.token = token }

// Token returns the bearer token in use.
func (c *Client) Token() string { return c.token }

// Error is an error answer of the API.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// RetryAfter is set when the node asks the caller to wait (a locked account).
	RetryAfter time.Duration `json:"-"`
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
	if e.Field != "" {
		s += " (field " + e.Field + ")"
	}
	return s
}

// ErrorCode returns the API error code carried by err, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Raw sends a request as given and returns the status and body of the answer
// without interpreting them. It is the escape hatch for what the typed calls
// cannot express (and for testing how the node answers bad input).
func (c *Client) Raw(ctx context.Context, method, path, contentType string, body []byte) (int, []byte, error) {
	resp, err := c.send(ctx, method, path, contentType, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	return resp.StatusCode, b, nil
}

func (c *Client) send(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Response, error) {
	return c.sendWith(ctx, method, path, contentType, body, nil)
}

// sendWith is send with extra request headers.
func (c *Client) sendWith(ctx context.Context, method, path, contentType string, body io.Reader, header http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return resp, nil
}

// do sends in (as JSON, when not nil) and decodes the answer into out (when
// not nil). An error answer becomes an *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	_, err := c.doStatus(ctx, method, path, query, in, out)
	return err
}

// doStatus is do that also returns the status of a successful answer.
func (c *Client) doStatus(ctx context.Context, method, path string, query url.Values, in, out any) (int, error) {
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	var body io.Reader
	ct := ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, fmt.Errorf("%s %s: encode request: %w", method, path, err)
		}
		body, ct = bytes.NewReader(b), "application/json"
	}
	resp, err := c.send(ctx, method, path, ct, body)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return resp.StatusCode, readError(resp)
	}
	switch o := out.(type) {
	case nil:
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	case *[]byte:
		b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: read answer: %w", method, path, err)
		}
		*o = b
		return resp.StatusCode, nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return resp.StatusCode, nil
}

func readError(resp *http.Response) error {
	var body struct {
		Error *Error `json:"error"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := json.Unmarshal(b, &body); err != nil || body.Error == nil {
		return &Error{Status: resp.StatusCode, Code: "unexpected_answer", Message: strings.TrimSpace(string(b))}
	}
	e := body.Error
	e.Status = resp.StatusCode
	if s := resp.Header.Get("Retry-After"); s != "" {
		var secs int
		if _, err := fmt.Sscanf(s, "%d", &secs); err == nil {
			e.RetryAfter = time.Duration(secs) * time.Second
		}
	}
	return e
}

// Page is one page of a listing.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// ListOptions asks for one page: at most Limit items (1 to 1000; 0 for the
// node's default) after Cursor (the NextCursor of the previous page).
type ListOptions struct {
	Limit  int
	Cursor string
}

func (o ListOptions) values(q url.Values) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if o.Limit > 0 {
		q.Set("limit", fmt.Sprint(o.Limit))
	}
	if o.Cursor != "" {
		q.Set("cursor", o.Cursor)
	}
	return q
}

// All fetches every page of a listing.
func All[T any](ctx context.Context, fetch func(context.Context, ListOptions) (Page[T], error)) ([]T, error) {
	var out []T
	opts := ListOptions{Limit: 1000}
	for {
		p, err := fetch(ctx, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == nil {
			return out, nil
		}
		opts.Cursor = *p.NextCursor
	}
}
