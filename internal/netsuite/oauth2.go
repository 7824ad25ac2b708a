package netsuite

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// OAuth2Credentials configure the OAuth 2.0 client-credentials (M2M) flow:
// the integration record's client id, the certificate id NetSuite showed
// when the public certificate was uploaded, and the matching private key.
type OAuth2Credentials struct {
	AccountID     string
	TokenURL      string // optional; default is the account's token endpoint
	ClientID      string
	CertificateID string
	PrivateKeyPEM []byte
	Scopes        []string // default rest_webservices
	HTTPClient    *http.Client
	Now           func() time.Time // for tests; default time.Now
}

const (
	// refreshMargin renews the token before NetSuite would refuse it, so a
	// request never leaves with a token that expires in flight.
	refreshMargin = 5 * time.Minute
	// assertionLifetime is short because the assertion is only exchanged
	// once; Oracle allows up to an hour.
	assertionLifetime = 5 * time.Minute
	tokenFetchTimeout = 30 * time.Second
)

// NewOAuth2 validates the credentials and parses the key up front, so a bad
// key file fails at start-up rather than on the first request.
func NewOAuth2(c OAuth2Credentials) (Authenticator, error) {
	if c.ClientID == "" {
		return nil, errors.New("netsuite: OAuth2 needs the integration's client id")
	}
	if c.CertificateID == "" {
		return nil, errors.New("netsuite: OAuth2 needs the certificate id (kid) from the M2M setup page")
	}
	if c.TokenURL == "" {
		if c.AccountID == "" {
			return nil, errors.New("netsuite: OAuth2 needs the account id or a token URL")
		}
		c.TokenURL = DefaultTokenURL(c.AccountID)
	}
	if _, err := url.ParseRequestURI(c.TokenURL); err != nil {
		return nil, fmt.Errorf("netsuite: bad token URL: %w", err)
	}
	s, err := parsePrivateKey(c.PrivateKeyPEM)
	if err != nil {
		return nil, err
	}
	if len(c.Scopes) == 0 {
		c.Scopes = []string{"rest_webservices"}
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: tokenFetchTimeout}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &oauth2Auth{creds: c, signer: s}, nil
}

type oauth2Auth struct {
	creds  OAuth2Credentials
	signer *signer

	mu        sync.Mutex
	token     string
	refreshAt time.Time
	flight    *tokenFlight // non-nil while one goroutine fetches for all
}

type tokenFlight struct {
	done  chan struct{}
	token string
	err   error
}

func (a *oauth2Auth) canRefresh() bool { return true }

func (a *oauth2Auth) Invalidate() {
	a.mu.Lock()
	a.token = ""
	a.refreshAt = time.Time{}
	a.mu.Unlock()
}

func (a *oauth2Auth) Authorize(ctx context.Context, req *http.Request) error {
	tok, err := a.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

// Token returns a cached access token or fetches one. Concurrent callers
// share a single fetch; the fetch runs detached from the first caller's
// context so one cancelled request cannot fail everyone waiting on it.
func (a *oauth2Auth) Token(ctx context.Context) (string, error) {
	a.mu.Lock()
	if a.token != "" && a.creds.Now().Before(a.refreshAt) {
		tok := a.token
		a.mu.Unlock()
		return tok, nil
	}
	f := a.flight
	if f == nil {
		f = &tokenFlight{done: make(chan struct{})}
		a.flight = f
		go a.fetch(context.WithoutCancel(ctx), f)
	}
	a.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (a *oauth2Auth) fetch(ctx context.Context, f *tokenFlight) {
	ctx, cancel := context.WithTimeout(ctx, tokenFetchTimeout)
	defer cancel()
	tok, ttl, err := a.exchange(ctx)
	a.mu.Lock()
	if err == nil {
		// Short-lived tokens (tests, odd servers) renew at half-life
		// instead of never being considered fresh.
		margin := min(refreshMargin, ttl/2)
		a.token = tok
		a.refreshAt = a.creds.Now().Add(ttl - margin)
	}
	a.flight = nil
	a.mu.Unlock()
	f.token, f.err = tok, err
	close(f.done)
}

func (a *oauth2Auth) assertion() (string, error) {
	now := a.creds.Now()
	header := map[string]any{"typ": "JWT", "kid": a.creds.CertificateID}
	claims := map[string]any{
		"iss": a.creds.ClientID,
		// Oracle's prose asks for a comma-separated string; its sample
		// sends an array. The string form is what most accounts are known
		// to accept (see docs/netsuite.md).
		"scope": strings.Join(a.creds.Scopes, ","),
		"aud":   a.creds.TokenURL,
		"iat":   now.Unix(),
		"exp":   now.Add(assertionLifetime).Unix(),
		"jti":   rand.Text(),
	}
	return a.signer.sign(header, claims)
}

// exchange posts the signed assertion and returns the access token and its
// lifetime.
func (a *oauth2Auth) exchange(ctx context.Context) (string, time.Duration, error) {
	jwt, err := a.assertion()
	if err != nil {
		return "", 0, err
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {jwt},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.creds.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("netsuite: token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := a.creds.HTTPClient.Do(req)
	if err != nil {
		return "", 0, &Error{Op: "token", Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, &Error{Op: "token", Status: resp.StatusCode, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		e := parseErrorBody(resp.StatusCode, body)
		e.Op = "token"
		return "", 0, e
	}
	return parseTokenResponse(body)
}

// parseTokenResponse reads {"access_token","expires_in","token_type"};
// expires_in is accepted as a number or a numeric string because both forms
// appear in the wild.
func parseTokenResponse(body []byte) (string, time.Duration, error) {
	var r struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
		TokenType   string          `json:"token_type"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return "", 0, &Error{Op: "token", Status: http.StatusOK, Detail: "token response is not JSON"}
	}
	if r.AccessToken == "" {
		return "", 0, &Error{Op: "token", Status: http.StatusOK, Detail: "token response has no access_token"}
	}
	if r.TokenType != "" && !strings.EqualFold(r.TokenType, "bearer") {
		return "", 0, &Error{Op: "token", Status: http.StatusOK, Detail: "unexpected token_type " + strconv.Quote(r.TokenType)}
	}
	secs := int64(3600)
	if raw := bytes.Trim(bytes.TrimSpace(r.ExpiresIn), `"`); len(raw) > 0 && string(raw) != "null" {
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil || n <= 0 {
			return "", 0, &Error{Op: "token", Status: http.StatusOK, Detail: "bad expires_in"}
		}
		secs = n
	}
	return r.AccessToken, time.Duration(secs) * time.Second, nil
}
