package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// benchRequests sends count POSTs of body(i) to url from clients keep-alive
// connections and times each; it counts the answers that hit.
func benchRequests(ctx context.Context, target, token string, count, clients int, body func(int) []byte) (Rate, int, error) {
	return benchRequestsCounting(ctx, target, token, count, clients, body, checkHit)
}

// checkHit counts a check's answer that hit.
func checkHit(_ int, answer []byte) int {
	if bytes.Contains(answer, []byte(`"outcome":"hit"`)) {
		return 1
	}
	return 0
}

// benchRequestsCounting is benchRequests adding up counted(i, answer)
// over the answers instead of the hits (the results of searches, say).
//
// The clients share the machine's cores with the node they measure, so they
// are kept as lean as a load generator such as wrk: one goroutine and one
// connection each, the request written as prepared bytes in one write, the
// answer's status, framing headers and body read straight from the
// connection's buffer. net/http's Client costs two goroutines a connection and a
// hand-over between them for every request, which on two cores is taken
// from the server under test.
func benchRequestsCounting(ctx context.Context, target, token string, count, clients int, body func(int) []byte, counted func(i int, answer []byte) int) (Rate, int, error) {
	u, err := url.Parse(target)
	if err != nil {
		return Rate{}, 0, fmt.Errorf("bench requests: %w", err)
	}
	if u.Scheme != "http" {
		return Rate{}, 0, fmt.Errorf("bench requests to %s: only http", target)
	}
	head := "POST " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: application/json\r\n"
	if token != "" {
		head += "Authorization: Bearer " + token + "\r\n"
	}
	var (
		next  atomic.Int64
		hits  atomic.Int64
		mu    sync.Mutex
		times = make([]time.Duration, 0, count)
		first error
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		first = errors.Join(first, err)
		mu.Unlock()
	}
	var d net.Dialer
	conns := make([]net.Conn, 0, clients)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range clients {
		c, err := d.DialContext(ctx, "tcp", u.Host)
		if err != nil {
			return Rate{}, 0, fmt.Errorf("bench requests to %s: %w", target, err)
		}
		conns = append(conns, c)
	}
	// A cancelled run ends the requests in flight at once.
	stop := context.AfterFunc(ctx, func() {
		for _, c := range conns {
			_ = c.SetDeadline(time.Now())
		}
	})
	defer stop()
	start := time.Now()
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, count/clients+1)
			defer func() { mu.Lock(); times = append(times, mine...); mu.Unlock() }()
			br := bufio.NewReaderSize(c, 16<<10)
			req := make([]byte, 0, 1024)
			var answer bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= count || ctx.Err() != nil {
					return
				}
				b := body(i)
				req = append(req[:0], head...)
				req = append(req, "Content-Length: "...)
				req = strconv.AppendInt(req, int64(len(b)), 10)
				req = append(req, "\r\n\r\n"...)
				req = append(req, b...)
				t0 := time.Now()
				_ = c.SetDeadline(t0.Add(30 * time.Second))
				answer.Reset()
				status, err := roundTrip(c, br, req, &answer)
				mine = append(mine, time.Since(t0))
				if err == nil && status/100 != 2 {
					err = fmt.Errorf("status %d: %s", status, answer.Bytes())
				}
				if err != nil {
					fail(err)
					return
				}
				if n := counted(i, answer.Bytes()); n != 0 {
					hits.Add(int64(n))
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Rate{}, 0, fmt.Errorf("bench requests to %s: %d of %d answered: %w", target, len(times), count, err)
	}
	if first != nil {
		return Rate{}, 0, fmt.Errorf("bench requests to %s: %w", target, first)
	}
	return Rate{Requests: len(times), Elapsed: elapsed, PerSecond: float64(len(times)) / elapsed.Seconds(), Latency: latencyOf(times)}, int(hits.Load()), nil
}

// roundTrip writes one prepared request on a keep-alive connection and
// reads its answer's body into answer. The answer is parsed as little as a
// load generator needs: the status code, the headers that frame the body
// (Content-Length, chunked Transfer-Encoding, Connection: close), the body.
func roundTrip(c net.Conn, br *bufio.Reader, req []byte, answer *bytes.Buffer) (int, error) {
	if _, err := c.Write(req); err != nil {
		return 0, err
	}
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, fmt.Errorf("read status line: %w", err)
	}
	// "HTTP/1.1 200 OK\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("malformed status line %q", line)
	}
	length, chunked, closing := -1, false, false
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return status, fmt.Errorf("read header: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return status, fmt.Errorf("malformed header %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return status, fmt.Errorf("malformed Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case chunked:
		if _, err = answer.ReadFrom(httputil.NewChunkedReader(br)); err == nil {
			err = skipTrailer(br)
		}
	case length >= 0:
		_, err = answer.ReadFrom(io.LimitReader(br, int64(length)))
		if err == nil && answer.Len() != length {
			err = io.ErrUnexpectedEOF
		}
	default:
		err = errors.New("an answer with neither a length nor chunks")
	}
	if err == nil && closing {
		err = errors.New("the server closed the connection")
	}
	return status, err
}

// skipTrailer reads a chunked body's trailer, up to its empty line.
func skipTrailer(br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return fmt.Errorf("read trailer: %w", err)
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return nil
		}
	}
}
