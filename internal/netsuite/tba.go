package netsuite

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// TBACredentials are the four secrets of a token-based-authentication
// integration plus the account they belong to.
type TBACredentials struct {
	AccountID      string
	ConsumerKey    string
	ConsumerSecret string
	TokenID        string
	TokenSecret    string
}

// NewTBA returns an Authenticator that signs every request with OAuth 1.0a
// HMAC-SHA256, the only signature method NetSuite still accepts.
func NewTBA(c TBACredentials) Authenticator {
	return &tba{creds: c, now: time.Now, nonce: randomNonce}
}

type tba struct {
	creds TBACredentials
	now   func() time.Time
	nonce func() (string, error)
}

func (a *tba) Invalidate() {}

func (a *tba) Authorize(_ context.Context, req *http.Request) error {
	if a.creds.ConsumerKey == "" || a.creds.TokenID == "" || a.creds.ConsumerSecret == "" || a.creds.TokenSecret == "" {
		return errors.New("netsuite: TBA credentials are incomplete (consumer key/secret and token id/secret are all required)")
	}
	if a.creds.AccountID == "" {
		return errors.New("netsuite: TBA needs the account id for the realm")
	}
	nonce, err := a.nonce()
	if err != nil {
		return fmt.Errorf("netsuite: TBA nonce: %w", err)
	}
	ts := strconv.FormatInt(a.now().Unix(), 10)
	sig, _ := tbaSignature(req.Method, req.URL, a.creds, nonce, ts)
	req.Header.Set("Authorization", tbaHeader(a.creds, nonce, ts, sig))
	return nil
}

// tbaHeader renders the Authorization header. The realm is sent but never
// signed; every value is percent-encoded, so "+" in the signature becomes
// %2B.
func tbaHeader(c TBACredentials, nonce, ts, sig string) string {
	pairs := [][2]string{
		{"realm", RealmForAccount(c.AccountID)},
		{"oauth_consumer_key", c.ConsumerKey},
		{"oauth_token", c.TokenID},
		{"oauth_signature_method", "HMAC-SHA256"},
		{"oauth_timestamp", ts},
		{"oauth_nonce", nonce},
		{"oauth_version", "1.0"},
		{"oauth_signature", sig},
	}
	var b strings.Builder
	b.WriteString("OAuth ")
	for i, p := range pairs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p[0])
		b.WriteString(`="`)
		b.WriteString(pctEncode(p[1]))
		b.WriteByte('"')
	}
	return b.String()
}

// tbaSignature computes the base64 HMAC-SHA256 signature and returns the base
// string with it, for tests and debugging.
func tbaSignature(method string, u *url.URL, c TBACredentials, nonce, ts string) (sig, base string) {
	params := [][2]string{
		{"oauth_consumer_key", c.ConsumerKey},
		{"oauth_nonce", nonce},
		{"oauth_signature_method", "HMAC-SHA256"},
		{"oauth_timestamp", ts},
		{"oauth_token", c.TokenID},
		{"oauth_version", "1.0"},
	}
	// Query parameters are signed as decoded values re-encoded the strict
	// way; a value sent as "a+b" or "a%20b" signs the same, as on the server.
	q, _ := url.ParseQuery(u.RawQuery)
	for k, vs := range q {
		for _, v := range vs {
			params = append(params, [2]string{k, v})
		}
	}
	for i, p := range params {
		params[i] = [2]string{pctEncode(p[0]), pctEncode(p[1])}
	}
	// By encoded name, then encoded value. Sorting the joined "k=v"
	// strings would misorder a name that prefixes another ("a" vs "a1"),
	// since '=' sorts above digits, '-', '.' and '%'.
	sort.Slice(params, func(i, j int) bool {
		if params[i][0] != params[j][0] {
			return params[i][0] < params[j][0]
		}
		return params[i][1] < params[j][1]
	})
	enc := make([]string, len(params))
	for i, p := range params {
		enc[i] = p[0] + "=" + p[1]
	}
	base = strings.ToUpper(method) + "&" + pctEncode(baseURI(u)) + "&" + pctEncode(strings.Join(enc, "&"))
	key := pctEncode(c.ConsumerSecret) + "&" + pctEncode(c.TokenSecret)
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(base))
	return base64.StdEncoding.EncodeToString(m.Sum(nil)), base
}

// baseURI is scheme://host[:port]/path with scheme and host lower-cased, the
// default port dropped and no query or fragment.
func baseURI(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	if h, p, ok := strings.Cut(host, ":"); ok && ((scheme == "https" && p == "443") || (scheme == "http" && p == "80")) {
		host = h
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return scheme + "://" + host + path
}

// pctEncode is RFC 3986 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay
// bare, a space becomes %20 (never "+"), hex digits are upper-case.
func pctEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// randomNonce returns 26 base32 characters (A-Z, 2-7): alphanumeric as
// NetSuite requires and within its 6-64 length range.
func randomNonce() (string, error) { return rand.Text(), nil }
