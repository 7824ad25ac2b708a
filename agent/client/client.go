// Package client is the one Go client of the agent's local API. The console
// and every CLI command talk to the agent through it, so connection handling,
// error typing and the event stream live in one place.
//
// The zero value is usable once Socket is set:
//
//	c := &client.Client{Socket: "/run/user/1000/jlsync/agent.sock"}
//	h, err := c.Health(ctx)
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/jlsync/jlsync/agent/apitype"
)

// baseURL is what every request is addressed to. The host part is never
// resolved: the transport dials the unix socket whatever the URL says, and the
// host doubles as the Host header the server insists on.
const baseURL = "http://" + apitype.Host + "/v1/"

// maxErrorBody bounds how much of a failed answer is read, so a confused
// server cannot make the client buffer megabytes for an error message.
const maxErrorBody = 64 << 10

// Client talks to the agent over its unix socket. It is safe for concurrent
// use. Do not copy a Client after first use.
type Client struct {
	// Socket is the path of the agent's unix socket.
	Socket string

	// Dial, if set, replaces the unix-socket dialer (tests, tunnels). It
	// receives the network and address the HTTP transport asked for, which
	// are meaningless here; implementations usually ignore them.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)

	// Transport, if set, replaces the whole HTTP transport; Dial is then
	// unused.
	Transport http.RoundTripper

	once sync.Once
	hc   *http.Client
}

func (c *Client) httpClient() *http.Client {
	c.once.Do(func() {
		rt := c.Transport
		if rt == nil {
			rt = &http.Transport{
				DialContext: c.dial,
				// The socket is local: keep a couple of idle connections so
				// a busy console does not re-dial on every refresh.
				MaxIdleConns:        4,
				MaxIdleConnsPerHost: 4,
				// Compression buys nothing locally and would delay the
				// flushing of the event stream.
				DisableCompression: true,
			}
		}
		// No Timeout: it would also cut the long-lived event stream. Callers
		// bound each request with their context instead.
		c.hc = &http.Client{Transport: rt}
	})
	return c.hc
}

// dial connects to the socket, whatever host the URL named, and turns every
// failure into an *UnreachableError so callers can tell "agent down" apart
// from "agent said no".
func (c *Client) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if c.Dial != nil {
		conn, err := c.Dial(ctx, network, addr)
		if err != nil {
			return nil, &UnreachableError{Socket: c.Socket, Err: err}
		}
		return conn, nil
	}
	if c.Socket == "" {
		return nil, &UnreachableError{Err: errors.New("no socket path configured")}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", c.Socket)
	if err != nil {
		return nil, &UnreachableError{Socket: c.Socket, Err: unwrapOpError(err)}
	}
	return conn, nil
}

// unwrapOpError drops the "dial unix /path:" prefix of a *net.OpError: the
// UnreachableError already names the socket, and saying it twice makes the
// console's disconnected screen harder to read.
func unwrapOpError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// send performs one request and returns the response if it is 2xx. Any other
// status is turned into an *APIError and the body closed.
func (c *Client) send(ctx context.Context, method, path string, query url.Values, body any) (*http.Response, error) {
	u := baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("jlsync client: encoding %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("jlsync client: %w", err)
	}
	req.Host = apitype.Host
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		var ue *UnreachableError
		if errors.As(err, &ue) {
			return nil, ue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("jlsync client: %s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, decodeError(resp)
	}
	return resp, nil
}

// do sends a request and decodes a JSON answer into out (which may be nil).
// An empty body (204, or a 2xx without content) leaves out untouched.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	resp, err := c.send(ctx, method, path, query, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil || resp.StatusCode == http.StatusNoContent {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("jlsync client: decoding %s %s: %w", method, path, err)
	}
	return nil
}

func decodeError(resp *http.Response) error {
	e := &APIError{Status: resp.StatusCode}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var body apitype.Error
	if json.Unmarshal(raw, &body) == nil && body.Error != "" {
		e.Code, e.Message = body.Code, body.Error
		return e
	}
	// Not our JSON (a proxy, a panic page): keep what text there is.
	e.Message = string(bytes.TrimSpace(raw))
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}
