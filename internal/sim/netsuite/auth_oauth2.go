package netsuitesim

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"
)

const (
	accessTokenTTL  = time.Hour
	assertionMaxTTL = time.Hour
	clockSkew       = time.Minute
)

// tokenError is an OAuth error answer of the token endpoint.
type tokenError struct {
	status int
	code   string
	reason string // logged, never sent
}

func (e *tokenError) Error() string { return e.code + ": " + e.reason }

// serveToken implements the client-credentials grant with a JWT client
// assertion and issues one-hour bearer tokens.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "invalid_request"})
		return
	}
	tok, err := s.issueToken(r)
	if err != nil {
		s.log.Info("netsuitesim: token refused", "reason", err.reason)
		writeJSON(w, err.status, map[string]string{"error": err.code})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int(accessTokenTTL / time.Second), "token_type": "Bearer"})
}

func (s *Server) issueToken(r *http.Request) (string, *tokenError) {
	if err := r.ParseForm(); err != nil {
		return "", &tokenError{http.StatusBadRequest, "invalid_request", "form: " + err.Error()}
	}
	if g := r.PostForm.Get("grant_type"); g != "client_credentials" {
		return "", &tokenError{http.StatusBadRequest, "unsupported_grant_type", "grant_type " + g}
	}
	if r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		return "", &tokenError{http.StatusBadRequest, "invalid_request", "client_assertion_type"}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	aud := scheme + "://" + r.Host + r.URL.Path
	if err := s.verifyAssertion(r.PostForm.Get("client_assertion"), aud); err != nil {
		return "", err
	}
	tok := rand.Text() + rand.Text()
	now := s.now()
	s.mu.Lock()
	for t, exp := range s.tokens {
		if now.After(exp) {
			delete(s.tokens, t)
		}
	}
	s.tokens[tok] = now.Add(accessTokenTTL)
	s.mu.Unlock()
	return tok, nil
}

// verifyAssertion checks the JWT the way NetSuite's M2M setup does: kid is
// the certificate id, alg one of PS256/384/512 or ES256/384/512, signed by
// the registered key; iss the client id, aud the token URL, scope includes
// rest_webservices, and a lifetime of at most an hour that has not ended.
func (s *Server) verifyAssertion(jwt, aud string) *tokenError {
	bad := func(code, reason string) *tokenError {
		st := http.StatusBadRequest
		if code == "invalid_client" {
			st = http.StatusUnauthorized
		}
		return &tokenError{st, code, reason}
	}
	o := s.opts
	if o.OAuth2ClientID == "" || o.PublicKey == nil {
		return bad("invalid_client", "OAuth 2.0 not configured")
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return bad("invalid_request", "assertion is not a JWS")
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
		Typ string `json:"typ"`
	}
	if err := decodeSegment(parts[0], &hdr); err != nil {
		return bad("invalid_request", "header: "+err.Error())
	}
	if hdr.Kid != o.CertificateID {
		return bad("invalid_client", "unknown kid")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return bad("invalid_request", "signature encoding")
	}
	if err := verifyJWS(hdr.Alg, o.PublicKey, parts[0]+"."+parts[1], sig); err != nil {
		return bad("invalid_client", err.Error())
	}
	var c struct {
		Iss   string          `json:"iss"`
		Aud   json.RawMessage `json:"aud"`
		Scope json.RawMessage `json:"scope"`
		Iat   *json.Number    `json:"iat"`
		Exp   *json.Number    `json:"exp"`
	}
	if err := decodeSegment(parts[1], &c); err != nil {
		return bad("invalid_request", "claims: "+err.Error())
	}
	if c.Iss != o.OAuth2ClientID {
		return bad("invalid_client", "iss is not the client id")
	}
	if !stringOrList(c.Aud, func(v string) bool { return v == aud }) {
		return bad("invalid_request", "aud is not the token endpoint "+aud)
	}
	if !stringOrList(c.Scope, func(v string) bool {
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if f == "rest_webservices" {
				return true
			}
		}
		return false
	}) {
		return bad("invalid_scope", "scope lacks rest_webservices")
	}
	if c.Iat == nil || c.Exp == nil {
		return bad("invalid_request", "iat and exp are required")
	}
	iat, err1 := c.Iat.Int64()
	exp, err2 := c.Exp.Int64()
	if err1 != nil || err2 != nil {
		return bad("invalid_request", "iat/exp not integers")
	}
	now := s.now()
	switch {
	case exp <= iat || time.Duration(exp-iat)*time.Second > assertionMaxTTL:
		return bad("invalid_request", "exp must be after iat and at most an hour later")
	case time.Unix(iat, 0).After(now.Add(clockSkew)):
		return bad("invalid_grant", "iat in the future")
	case !time.Unix(exp, 0).After(now.Add(-clockSkew)):
		return bad("invalid_grant", "assertion expired")
	}
	return nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// stringOrList applies ok to a JSON string or to each string of an array.
func stringOrList(raw json.RawMessage, ok func(string) bool) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return ok(s)
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for _, v := range list {
			if ok(v) {
				return true
			}
		}
	}
	return false
}

func verifyJWS(alg string, pub crypto.PublicKey, input string, sig []byte) error {
	var h crypto.Hash
	var digest []byte
	switch alg {
	case "PS256", "ES256":
		d := sha256.Sum256([]byte(input))
		h, digest = crypto.SHA256, d[:]
	case "PS384", "ES384":
		d := sha512.Sum384([]byte(input))
		h, digest = crypto.SHA384, d[:]
	case "PS512", "ES512":
		d := sha512.Sum512([]byte(input))
		h, digest = crypto.SHA512, d[:]
	default:
		return fmt.Errorf("alg %q not accepted", alg)
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if alg[0] != 'P' {
			return errors.New("alg does not match an RSA key")
		}
		if err := rsa.VerifyPSS(k, h, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}); err != nil {
			return errors.New("bad signature")
		}
		return nil
	case *ecdsa.PublicKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		curveFor := map[string]int{"ES256": 256, "ES384": 384, "ES512": 521}
		if alg[0] != 'E' || curveFor[alg] != k.Curve.Params().BitSize || len(sig) != 2*size {
			return errors.New("alg or signature size does not match the EC key")
		}
		r := new(big.Int).SetBytes(sig[:size])
		sv := new(big.Int).SetBytes(sig[size:])
		if !ecdsa.Verify(k, digest, r, sv) {
			return errors.New("bad signature")
		}
		return nil
	}
	return fmt.Errorf("unsupported public key %T", pub)
}

func (s *Server) verifyBearer(tok string) error {
	s.mu.Lock()
	exp, ok := s.tokens[tok]
	s.mu.Unlock()
	if !ok {
		return errors.New("unknown bearer token")
	}
	if !s.now().Before(exp) {
		return errors.New("bearer token expired")
	}
	return nil
}

// RevokeTokens drops every issued bearer token, as an administrator
// revoking the integration's sessions would; clients must fetch new ones.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	s.tokens = map[string]time.Time{}
	s.mu.Unlock()
}
