package netsuite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Config configures a Client. Only Auth and AccountID (or BaseURL) are
// required.
type Config struct {
	AccountID   string
	BaseURL     string // override; default https://<host>.suitetalk.api.netsuite.com
	Auth        Authenticator
	Concurrency int // most requests in flight; default 2
	HTTPClient  *http.Client
	UserAgent   string
	MaxRetries  int // retries after the first attempt; default 6, negative for none
	Logger      *slog.Logger

	// RetryBase and RetryMax bound the jittered exponential backoff between
	// retries (defaults 1s and 32s, Oracle's advice).
	RetryBase time.Duration
	RetryMax  time.Duration
	// SuiteQLPageSize is the limit asked per SuiteQL page (default and
	// maximum 1000).
	SuiteQLPageSize int
	// PropertyNameValidation is sent as X-NetSuite-PropertyNameValidation.
	// The default "error" makes a misspelt field fail instead of being
	// silently dropped by NetSuite.
	PropertyNameValidation string
	// TimeZone is the integration user's time zone preference, which
	// SuiteQL uses for the timestamps it prints and parses. Default UTC.
	TimeZone *time.Location
}

const (
	defaultConcurrency = 2
	defaultMaxRetries  = 6
	maxResponseBytes   = 64 << 20
)

// Client is a SuiteTalk REST client. It is safe for concurrent use and all
// its requests share one governance limiter.
type Client struct {
	cfg  Config
	base string
	hc   *http.Client
	lim  *limiter
	log  *slog.Logger
	tz   *time.Location
}

// New checks the configuration and builds a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if cfg.Auth == nil {
		return nil, errors.New("netsuite: Config.Auth is required")
	}
	base := normalizeBaseURL(cfg.BaseURL)
	if base == "" {
		if strings.TrimSpace(cfg.AccountID) == "" {
			return nil, errors.New("netsuite: Config.AccountID or Config.BaseURL is required")
		}
		base = DefaultBaseURL(cfg.AccountID)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("netsuite: base URL %q is not an http(s) URL", base)
	}
	if cfg.Concurrency < 0 {
		return nil, errors.New("netsuite: Config.Concurrency must not be negative")
	}
	if cfg.HTTPClient == nil {
		// NetSuite stops a request after 15 minutes; anything slower is lost.
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Minute}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "jlsync"
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = defaultMaxRetries
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Second
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = 32 * time.Second
	}
	if cfg.SuiteQLPageSize <= 0 || cfg.SuiteQLPageSize > 1000 {
		cfg.SuiteQLPageSize = 1000
	}
	if cfg.PropertyNameValidation == "" {
		cfg.PropertyNameValidation = "error"
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tz := cfg.TimeZone
	if tz == nil {
		tz = time.UTC
	}
	n := cfg.Concurrency
	if n == 0 {
		n = defaultConcurrency
	}
	return &Client{cfg: cfg, base: base, hc: cfg.HTTPClient, lim: newLimiter(n), log: log, tz: tz}, nil
}

// call describes one logical request; send turns it into attempts.
type call struct {
	method string
	path   string // below /services/rest, already escaped
	query  [][2]string
	body   []byte // JSON; nil for none
	op     string
	header map[string]string
	// idempotent requests are retried after transport errors too. A
	// create that lost its connection may have happened, so it is left to
	// the caller, who can look the record up by externalId first.
	idempotent bool
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (c *Client) url(cl call) string {
	u := c.base + restPrefix + cl.path
	if len(cl.query) > 0 {
		parts := make([]string, len(cl.query))
		for i, kv := range cl.query {
			parts[i] = pctEncode(kv[0]) + "=" + pctEncode(kv[1])
		}
		sort.Strings(parts)
		u += "?" + strings.Join(parts, "&")
	}
	return u
}

// send runs the request under the limiter with NetSuite's retry rules: 429
// and 5xx with jittered backoff, one retry of a 401 after dropping the
// token (OAuth 2.0 only), transport errors for idempotent calls; nothing else.
func (c *Client) send(ctx context.Context, cl call) (*response, error) {
	retries := 0
	authRetried := false
	for {
		gen, err := c.lim.acquire(ctx)
		if err != nil {
			return nil, &Error{Op: cl.op, Err: err}
		}
		start := time.Now()
		resp, err := c.attempt(ctx, cl)
		throttled := resp != nil && resp.status == http.StatusTooManyRequests
		c.lim.release(gen, throttled)

		var nerr *Error
		switch {
		case err != nil:
			nerr = &Error{Op: cl.op, Err: err}
			var ae *Error
			if errors.As(err, &ae) { // the authenticator's own failure
				nerr = ae
			}
		case resp.status >= 200 && resp.status < 300:
			c.log.Debug("netsuite", "op", cl.op, "status", resp.status, "dur", time.Since(start), "retries", retries)
			return resp, nil
		default:
			nerr = parseErrorBody(resp.status, resp.body)
			nerr.Op = cl.op
		}
		if ctx.Err() != nil {
			return nil, &Error{Op: cl.op, Err: ctx.Err()}
		}
		if nerr.Status == http.StatusUnauthorized && !authRetried && canRefresh(c.cfg.Auth) {
			authRetried = true
			c.cfg.Auth.Invalidate()
			c.log.Info("netsuite: 401, refreshing token once", "op", cl.op)
			continue
		}
		retry := nerr.Status == http.StatusTooManyRequests || nerr.Status >= 500 ||
			(nerr.Status == 0 && IsRetryable(nerr) && (cl.idempotent || isAuthStep(err)))
		if !retry || retries >= c.cfg.MaxRetries {
			return nil, nerr
		}
		retries++
		wait := c.backoff(retries, resp)
		level := slog.LevelWarn
		if nerr.Status == http.StatusTooManyRequests {
			level = slog.LevelDebug // expected under load; the limiter's counters tell the story
		}
		c.log.Log(ctx, level, "netsuite: retrying", "op", cl.op, "status", nerr.Status, "code", nerr.Code, "retry", retries, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, &Error{Op: cl.op, Err: ctx.Err()}
		}
	}
}

// authStepError marks a failure before the request left (fetching a token),
// which is always safe to retry.
type authStepError struct{ err error }

func (e *authStepError) Error() string { return e.err.Error() }
func (e *authStepError) Unwrap() error { return e.err }

func isAuthStep(err error) bool {
	var a *authStepError
	return errors.As(err, &a)
}

func (c *Client) attempt(ctx context.Context, cl call) (*response, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.url(cl), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if strings.HasPrefix(cl.path, "/record/") && cl.method != http.MethodGet && cl.method != http.MethodDelete {
		req.Header.Set("X-NetSuite-PropertyNameValidation", c.cfg.PropertyNameValidation)
	}
	for k, v := range cl.header {
		req.Header.Set(k, v)
	}
	if err := c.cfg.Auth.Authorize(ctx, req); err != nil {
		var ne *Error
		if errors.As(err, &ne) && ne.Status != 0 {
			// The token endpoint answered; report its error as is.
			return nil, ne
		}
		return nil, &authStepError{err: err}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// backoff is exponential with "equal jitter": half fixed, half random, so
// retries from many goroutines spread out but none retries immediately.
// A Retry-After header, when NetSuite sends one, wins.
func (c *Client) backoff(n int, resp *response) time.Duration {
	if resp != nil {
		if s := resp.header.Get("Retry-After"); s != "" {
			if secs, err := strconv.Atoi(s); err == nil && secs >= 0 {
				return min(time.Duration(secs)*time.Second, c.cfg.RetryMax)
			}
		}
	}
	d := c.cfg.RetryBase << min(n-1, 20)
	if d > c.cfg.RetryMax || d <= 0 {
		d = c.cfg.RetryMax
	}
	half := d / 2
	return half + rand.N(half+1)
}

// do sends the call and decodes a JSON answer into out (when non-nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	resp, err := c.send(ctx, cl)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(resp.body)) == 0 {
		if out != nil {
			return &Error{Op: cl.op, Status: resp.status, Detail: "empty response body"}
		}
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return &Error{Op: cl.op, Status: resp.status, Detail: "cannot decode response", Err: err}
	}
	return nil
}

func marshalBody(body any) ([]byte, error) {
	if body == nil {
		return []byte("{}"), nil
	}
	if b, ok := body.([]byte); ok {
		if !json.Valid(b) {
			return nil, errors.New("netsuite: request body is not valid JSON")
		}
		return b, nil
	}
	if b, ok := body.(json.RawMessage); ok {
		return marshalBody([]byte(b))
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("netsuite: encoding request body: %w", err)
	}
	return b, nil
}
