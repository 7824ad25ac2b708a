package netsuitesim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const tokenPath = "/services/rest/auth/oauth2/v1/token"

func makeJWT(t *testing.T, key crypto.Signer, header, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(header) + "." + enc(claims)
	d := sha256.Sum256([]byte(input))
	var sig []byte
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		r, s, err := ecdsa.Sign(rand.Reader, k, d[:])
		if err != nil {
			t.Fatal(err)
		}
		sig = append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	case *rsa.PrivateKey:
		var err error
		sig, err = rsa.SignPSS(rand.Reader, k, crypto.SHA256, d[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		if err != nil {
			t.Fatal(err)
		}
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func tokenForm(jwt string) string {
	return url.Values{"grant_type": {"client_credentials"}, "client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {jwt}}.Encode()
}

func TestTokenEndpoint(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	aud := "http://ns.test" + tokenPath
	hdr := func(alg string) map[string]any { return map[string]any{"alg": alg, "typ": "JWT", "kid": "CERT"} }
	claims := func(mod func(map[string]any)) map[string]any {
		c := map[string]any{"iss": "CLIENT", "aud": aud, "scope": "rest_webservices", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		if mod != nil {
			mod(c)
		}
		return c
	}
	tests := []struct {
		name string
		key  crypto.Signer
		pub  crypto.PublicKey
		hdr  map[string]any
		cl   map[string]any
		want string // "" = success, else the OAuth error code
	}{
		{"ES256", ec, &ec.PublicKey, hdr("ES256"), claims(nil), ""},
		{"PS256", rk, &rk.PublicKey, hdr("PS256"), claims(nil), ""},
		{"scope as array", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { c["scope"] = []string{"restlets", "rest_webservices"} }), ""},
		{"scope list string", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { c["scope"] = "restlets,rest_webservices" }), ""},
		{"wrong kid", ec, &ec.PublicKey, map[string]any{"alg": "ES256", "kid": "OTHER"}, claims(nil), "invalid_client"},
		{"alg none", ec, &ec.PublicKey, hdr("none"), claims(nil), "invalid_client"},
		{"RS256 label on PSS", rk, &rk.PublicKey, hdr("RS256"), claims(nil), "invalid_client"},
		{"alg does not match key", ec, &ec.PublicKey, hdr("PS256"), claims(nil), "invalid_client"},
		{"signed by another key", other, &ec.PublicKey, hdr("ES256"), claims(nil), "invalid_client"},
		{"wrong iss", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { c["iss"] = "X" }), "invalid_client"},
		{"wrong aud", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { c["aud"] = "https://x/token" }), "invalid_request"},
		{"no rest scope", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { c["scope"] = "restlets" }), "invalid_scope"},
		{"lifetime over an hour", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { c["exp"] = now.Add(61 * time.Minute).Unix() }), "invalid_request"},
		{"expired", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) {
			c["iat"] = now.Add(-2 * time.Hour).Unix()
			c["exp"] = now.Add(-90 * time.Minute).Unix()
		}), "invalid_grant"},
		{"no exp", ec, &ec.PublicKey, hdr("ES256"), claims(func(c map[string]any) { delete(c, "exp") }), "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{AccountID: "1", OAuth2ClientID: "CLIENT", CertificateID: "CERT", PublicKey: tt.pub, Now: func() time.Time { return now }})
			r := call(t, s, "POST", tokenPath, tokenForm(makeJWT(t, tt.key, tt.hdr, tt.cl)), "Content-Type", "application/x-www-form-urlencoded")
			m := r.json()
			if tt.want != "" {
				if m["error"] != tt.want || r.Code < 400 {
					t.Fatalf("got %d %v, want %s", r.Code, m, tt.want)
				}
				return
			}
			r.status(http.StatusOK)
			tok, _ := m["access_token"].(string)
			if tok == "" || num(m["expires_in"]) != "3600" || m["token_type"] != "Bearer" {
				t.Fatalf("token answer %v", m)
			}
			call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil, "Authorization", "Bearer "+tok).status(http.StatusOK)
			bad := call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil, "Authorization", "Bearer "+tok+"x")
			bad.nsError(http.StatusUnauthorized, "INVALID_LOGIN")
			if !strings.Contains(bad.Header().Get("WWW-Authenticate"), `error="invalid_token"`) {
				t.Errorf("WWW-Authenticate: %q", bad.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestBearerExpiresAfterAnHour(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	clock := &now
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	s := New(Options{AccountID: "1", OAuth2ClientID: "C", CertificateID: "K", PublicKey: &ec.PublicKey, Now: func() time.Time { return *clock }})
	jwt := makeJWT(t, ec, map[string]any{"alg": "ES256", "kid": "K"}, map[string]any{"iss": "C", "aud": "http://ns.test" + tokenPath, "scope": "rest_webservices", "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	tok := call(t, s, "POST", tokenPath, tokenForm(jwt), "Content-Type", "application/x-www-form-urlencoded").status(200).json()["access_token"].(string)
	later := now.Add(59 * time.Minute)
	clock = &later
	call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil, "Authorization", "Bearer "+tok).status(200)
	expired := now.Add(61 * time.Minute)
	clock = &expired
	call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil, "Authorization", "Bearer "+tok).nsError(401, "INVALID_LOGIN")
	call(t, s, "POST", tokenPath, "grant_type=password", "Content-Type", "application/x-www-form-urlencoded").status(400)
}

func TestNewCredentialsMatchOptions(t *testing.T) {
	c, err := NewCredentials()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ConsumerKey) != 64 || len(c.TokenSecret) != 64 || c.CertificateID == "" || !strings.Contains(string(c.PrivateKeyPEM), "PRIVATE KEY") {
		t.Fatalf("%+v", c)
	}
	o := c.Options()
	if o.ConsumerSecret != c.ConsumerSecret || o.OAuth2ClientID != c.ClientID || o.PublicKey == nil || o.AccountID != DefaultAccountID {
		t.Fatalf("%+v", o)
	}
	b, _ := json.Marshal(c)
	if strings.Contains(string(b), "PRIVATE") {
		t.Error("the private key leaks into JSON")
	}
}
