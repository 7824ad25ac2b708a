// Package mirakl is a client for the Mirakl Seller (shop) API, the API behind
// John Lewis Marketplace. It covers the calls jlsync needs (orders, shipments,
// stock, offers, payments, returns, reference lists), keeps every call inside
// the published per-call ceilings, and decodes amounts into exact money values
// while keeping each object's raw JSON.
package mirakl

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Version is reported in the default User-Agent. The build may set it with
// -ldflags "-X github.com/jlsync/jlsync/internal/mirakl.Version=1.2.3";
// otherwise the module version from the build info is used.
var Version = ""

// Config configures a Client.
type Config struct {
	BaseURL    string        // e.g. https://jl.mirakl.net (paths start with /api/)
	APIKey     string        // secret: never logged, never put in an error string
	ShopID     string        // optional; sent as shop_id on every call
	HTTPClient *http.Client  // optional
	UserAgent  string        // optional; default "jlsync/<version>"
	TimeScale  float64       // >=1 divides every published per-call interval; 0 means 1
	MaxRetries int           // default 5
	Logger     *slog.Logger  // optional
	MaxWait    time.Duration // longest the local limiter blocks a call before failing it as Throttled; default 2m (not scaled)
	// CSVDelimiter for STO01 files; 0 means StockCSVDelimiter (';').
	CSVDelimiter rune
	// AllowInsecureHTTP permits a plain-http BaseURL on a non-loopback host
	// (a simulator on another machine). Loopback hosts are always allowed.
	AllowInsecureHTTP bool
	// Now is the clock; tests inject one. Default time.Now.
	Now func() time.Time
}

// Client calls one Mirakl shop. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	key        string
	shopID     string
	hc         *http.Client
	ua         string
	scale      float64
	maxRetries int
	maxWait    time.Duration
	log        *slog.Logger
	delim      rune
	now        func() time.Time
	sleep      func(ctxDone <-chan struct{}, d time.Duration) bool

	mu       sync.Mutex
	limiters map[string]*WindowLimiter
}

// New validates cfg and returns a client.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.BaseURL) == "" {
		return nil, errors.New("mirakl: BaseURL is required")
	}
	u, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("mirakl: BaseURL %q is not an absolute URL", cfg.BaseURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !cfg.AllowInsecureHTTP && !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("mirakl: BaseURL %q uses plain http; the API key would travel in clear (set AllowInsecureHTTP for a remote simulator)", cfg.BaseURL)
		}
	default:
		return nil, fmt.Errorf("mirakl: BaseURL %q must be http(s)", cfg.BaseURL)
	}
	if u.User != nil {
		return nil, errors.New("mirakl: BaseURL must not carry credentials")
	}
	// Accept both "https://x.mirakl.net" and the SDK form ".../api".
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/api")
	u.RawQuery, u.Fragment = "", ""
	if cfg.APIKey == "" {
		return nil, errors.New("mirakl: APIKey is required")
	}
	if strings.ContainsAny(cfg.APIKey, "\r\n") {
		return nil, errors.New("mirakl: APIKey contains a line break")
	}
	if cfg.ShopID != "" {
		if _, err := strconv.ParseInt(cfg.ShopID, 10, 64); err != nil {
			return nil, fmt.Errorf("mirakl: ShopID %q is not a number", cfg.ShopID)
		}
	}
	if cfg.TimeScale < 0 {
		return nil, errors.New("mirakl: TimeScale must not be negative")
	}
	c := &Client{
		base:       u,
		key:        cfg.APIKey,
		shopID:     cfg.ShopID,
		hc:         cfg.HTTPClient,
		ua:         cfg.UserAgent,
		scale:      cfg.TimeScale,
		maxRetries: cfg.MaxRetries,
		maxWait:    cfg.MaxWait,
		log:        cfg.Logger,
		delim:      cfg.CSVDelimiter,
		now:        cfg.Now,
		limiters:   map[string]*WindowLimiter{},
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient()
	}
	if c.ua == "" {
		c.ua = "jlsync/" + version()
	}
	if c.scale < 1 {
		c.scale = 1
	}
	if c.maxRetries <= 0 {
		c.maxRetries = 5
	}
	if c.maxWait <= 0 {
		c.maxWait = 2 * time.Minute
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.delim == 0 {
		c.delim = StockCSVDelimiter
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.sleep = sleepCtx
	return c, nil
}

// ShopID returns the configured shop id ("" when the key's default shop is used).
func (c *Client) ShopID() string { return c.shopID }

// BaseURL returns the instance URL the client calls.
func (c *Client) BaseURL() string { return c.base.String() }

func (c *Client) limiter(op string) *WindowLimiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.limiters[op]
	if !ok {
		l = NewWindowLimiter(ScaledCeilings(op, c.scale))
		c.limiters[op] = l
	}
	return l
}

func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 90 * time.Second
	tr.TLSHandshakeTimeout = 15 * time.Second
	tr.MaxIdleConnsPerHost = 4
	// The overall timeout covers a large OR11 page or STO03 report.
	return &http.Client{Transport: tr, Timeout: 3 * time.Minute}
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "dev"
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func sleepCtx(done <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-done:
		return false
	}
}
