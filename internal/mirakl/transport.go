package mirakl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"
)

// maxBody bounds how much of one answer is read (a large STO03 report or a
// 100-order OR11 page is far below it).
const maxBody = 128 << 20

// request describes one API call.
type request struct {
	op          string
	method      string
	path        string     // starting with /api/
	query       url.Values // shop_id is added by do
	body        []byte
	contentType string
	accept      string
	// idempotent calls are retried after 5xx and transport failures;
	// other writes only when Mirakl surely did not process them.
	idempotent bool
	// followUp marks an extra page of a listing (see FollowUpPagesExempt).
	followUp bool
	// nextURL, when set, is an absolute URL from a Link header.
	nextURL *url.URL
}

type response struct {
	status int
	header http.Header
	body   []byte
	url    *url.URL
}

func (c *Client) buildURL(r *request) *url.URL {
	var u url.URL
	if r.nextURL != nil {
		u = *r.nextURL
	} else {
		// r.path is already escaped (ids go through url.PathEscape).
		u = *c.base
		escaped := c.base.EscapedPath() + r.path
		if p, err := url.PathUnescape(escaped); err == nil {
			u.Path, u.RawPath = p, escaped
		} else {
			u.Path, u.RawPath = escaped, ""
		}
		u.RawQuery = r.query.Encode()
	}
	if c.shopID != "" {
		q := u.Query()
		if q.Get("shop_id") == "" {
			q.Set("shop_id", c.shopID)
			u.RawQuery = q.Encode()
		}
	}
	return &u
}

// do sends r, honouring the local ceiling, retrying what can safely be
// retried, and turning any non-2xx answer into *Error.
func (c *Client) do(ctx context.Context, r *request) (*response, error) {
	if err := c.waitCeiling(ctx, r); err != nil {
		return nil, err
	}
	var last *Error
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, &Error{Op: r.op, Message: err.Error(), err: err}
		}
		resp, err := c.send(ctx, r)
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, &Error{Op: r.op, Message: ctx.Err().Error(), err: ctx.Err()}
			}
			last = &Error{Op: r.op, Message: transportMessage(err), err: err}
			if !r.idempotent && !notSent(err) {
				last.OutcomeUnknown = true
				return nil, last
			}
			wait = c.backoff(attempt)
		case resp.status >= 200 && resp.status < 300:
			return resp, nil
		default:
			msg, code := parseErrorBody(resp.body)
			if msg == "" {
				msg = http.StatusText(resp.status)
			}
			last = &Error{Op: r.op, Status: resp.status, Message: msg, Code: code}
			ra, hasRA := parseRetryAfter(resp.header.Get("Retry-After"), c.now())
			if hasRA {
				last.RetryAfter = ra
			}
			switch {
			case resp.status == http.StatusTooManyRequests:
				wait = ra
				if !hasRA {
					wait = c.backoff(attempt)
				}
			case resp.status == http.StatusBadGateway || resp.status == http.StatusServiceUnavailable || resp.status == http.StatusGatewayTimeout:
				// A gateway answering for Mirakl means the request never
				// reached it, so even a write is safe to resend.
				wait = c.backoff(attempt)
				if hasRA && ra > wait {
					wait = ra
				}
			case resp.status >= 500:
				if !r.idempotent {
					last.OutcomeUnknown = true
					return nil, last
				}
				wait = c.backoff(attempt)
			default:
				return nil, last
			}
		}
		if attempt >= c.maxRetries {
			return nil, last
		}
		if wait > c.maxWait {
			last.RetryAfter = wait
			return nil, last
		}
		c.log.Warn("mirakl retry", "op", r.op, "attempt", attempt+1, "status", last.Status, "wait", wait, "error", last.Message)
		if !c.sleep(ctx.Done(), wait) {
			return nil, &Error{Op: r.op, Message: ctx.Err().Error(), err: ctx.Err()}
		}
		if last.Status == http.StatusTooManyRequests {
			// The marketplace counts the retry as a call: take a new slot,
			// or the next regular call would follow it too closely and be
			// throttled in turn.
			if err := c.waitCeiling(ctx, r); err != nil {
				return nil, err
			}
		}
	}
}

// waitCeiling blocks until the operation's published ceiling allows a call,
// or fails fast with a Throttled error when that would take over MaxWait.
func (c *Client) waitCeiling(ctx context.Context, r *request) error {
	if r.followUp && FollowUpPagesExempt {
		return nil
	}
	lim := c.limiter(r.op)
	for {
		wait := lim.Reserve(c.now())
		if wait == 0 {
			return nil
		}
		if wait > c.maxWait {
			return &Error{Op: r.op, Throttled: true, RetryAfter: wait, Message: "published ceiling reached"}
		}
		c.log.Debug("mirakl ceiling wait", "op", r.op, "wait", wait)
		if !c.sleep(ctx.Done(), wait) {
			return &Error{Op: r.op, Message: ctx.Err().Error(), err: ctx.Err()}
		}
	}
}

func (c *Client) send(ctx context.Context, r *request) (*response, error) {
	u := c.buildURL(r)
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", c.key)
	req.Header.Set("User-Agent", c.ua)
	accept := r.accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	start := time.Now()
	hr, err := c.hc.Do(req)
	if err != nil {
		c.log.Debug("mirakl call failed", "op", r.op, "method", r.method, "path", u.Path, "error", transportMessage(err))
		return nil, err
	}
	defer hr.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hr.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading answer: %w", err)
	}
	if len(data) > maxBody {
		return nil, fmt.Errorf("answer larger than %d bytes", maxBody)
	}
	c.log.Debug("mirakl call", "op", r.op, "method", r.method, "path", u.Path, "status", hr.StatusCode, "elapsed", time.Since(start))
	return &response{status: hr.StatusCode, header: hr.Header, body: data, url: u}, nil
}

// backoff is exponential with full jitter, shrunk by the time scale so
// tests against a fast simulator do not sleep for real-world seconds.
func (c *Client) backoff(attempt int) time.Duration {
	base := 500 * time.Millisecond
	max := 30 * time.Second
	d := base << min(attempt, 10)
	if d > max {
		d = max
	}
	d = d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
	return time.Duration(float64(d) / c.scale)
}

// notSent reports a failure that happened before the request could reach
// Mirakl (dialing, DNS), the only transport error after which a
// non-idempotent write is safe to resend.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// transportMessage describes a transport error without the URL, which
// url.Error would otherwise repeat (it holds no secret, but is noise).
func transportMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// call sends r and decodes its answer with decode. A decoding failure is
// reported apart from a failed call: the call itself went through.
func call[T any](ctx context.Context, c *Client, r *request, decode func([]byte) (T, error)) (T, error) {
	var zero T
	resp, err := c.do(ctx, r)
	if err != nil {
		return zero, err
	}
	v, err := decode(resp.body)
	if err != nil {
		return zero, decodeErr(r.op, err)
	}
	return v, nil
}

// callJSON is call with payload sent as r's JSON body.
func callJSON[T any](ctx context.Context, c *Client, r *request, payload any, decode func([]byte) (T, error)) (T, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		var zero T
		return zero, err
	}
	r.body, r.contentType = body, "application/json"
	return call(ctx, c, r, decode)
}
