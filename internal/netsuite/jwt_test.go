package netsuite

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
)

func pemKey(t testing.TB, key any, typ string) []byte {
	t.Helper()
	var der []byte
	var err error
	switch typ {
	case "PRIVATE KEY":
		der, err = x509.MarshalPKCS8PrivateKey(key)
	case "RSA PRIVATE KEY":
		der = x509.MarshalPKCS1PrivateKey(key.(*rsa.PrivateKey))
	case "EC PRIVATE KEY":
		der, err = x509.MarshalECPrivateKey(key.(*ecdsa.PrivateKey))
	}
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// verifyJWT checks a token with the standard library alone, so the signer
// is judged by an implementation it does not share code with.
func verifyJWT(t *testing.T, tok string, pub crypto.PublicKey) (map[string]any, map[string]any) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWS: %s", tok)
	}
	dec := func(s string) map[string]any {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if err := rsa.VerifyPSS(k, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}); err != nil {
			t.Fatalf("PSS verify: %v", err)
		}
	case *ecdsa.PublicKey:
		if len(sig) != 64 {
			t.Fatalf("ES256 signature is %d bytes, want 64", len(sig))
		}
		if !ecdsa.Verify(k, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
			t.Fatal("ECDSA verify failed")
		}
	}
	return dec(parts[0]), dec(parts[1])
}

func TestJWTSigning(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		pem  []byte
		pub  crypto.PublicKey
		alg  string
	}{
		{"RSA PKCS8", pemKey(t, rsaKey, "PRIVATE KEY"), &rsaKey.PublicKey, "PS256"},
		{"RSA PKCS1", pemKey(t, rsaKey, "RSA PRIVATE KEY"), &rsaKey.PublicKey, "PS256"},
		{"EC PKCS8", pemKey(t, ecKey, "PRIVATE KEY"), &ecKey.PublicKey, "ES256"},
		{"EC SEC1", pemKey(t, ecKey, "EC PRIVATE KEY"), &ecKey.PublicKey, "ES256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth, err := NewOAuth2(OAuth2Credentials{AccountID: "123456_SB1", ClientID: "client", CertificateID: "cert-1", PrivateKeyPEM: tt.pem})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := auth.(*oauth2Auth).assertion()
			if err != nil {
				t.Fatal(err)
			}
			h, c := verifyJWT(t, tok, tt.pub)
			if h["alg"] != tt.alg || h["kid"] != "cert-1" || h["typ"] != "JWT" {
				t.Errorf("header %v", h)
			}
			if c["iss"] != "client" || c["scope"] != "rest_webservices" ||
				c["aud"] != "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token" {
				t.Errorf("claims %v", c)
			}
			iat, exp := c["iat"].(float64), c["exp"].(float64)
			if exp <= iat || exp-iat > 3600 {
				t.Errorf("iat %v exp %v", iat, exp)
			}
		})
	}
}

func TestParsePrivateKeyErrors(t *testing.T) {
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	p224der, _ := x509.MarshalPKCS8PrivateKey(p224)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "no PEM"},
		{"certificate only", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}}), "no PEM"},
		{"encrypted", pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}}), "encrypted"},
		{"garbage DER", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("not der")}), "cannot parse"},
		{"small RSA", pemKey(t, small, "RSA PRIVATE KEY"), "too small"},
		{"P-224", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p224der}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePrivateKey(tt.in)
			if err == nil {
				t.Fatal("accepted")
			}
			if tt.want != "" && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "MII") {
				t.Error("error quotes key material")
			}
		})
	}
}

func TestNewOAuth2Validation(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	good := OAuth2Credentials{AccountID: "1", ClientID: "c", CertificateID: "k", PrivateKeyPEM: pemKey(t, ecKey, "PRIVATE KEY")}
	for name, mod := range map[string]func(*OAuth2Credentials){
		"no client id":   func(c *OAuth2Credentials) { c.ClientID = "" },
		"no cert id":     func(c *OAuth2Credentials) { c.CertificateID = "" },
		"no account/url": func(c *OAuth2Credentials) { c.AccountID = "" },
		"bad key":        func(c *OAuth2Credentials) { c.PrivateKeyPEM = []byte("x") },
		"bad token URL":  func(c *OAuth2Credentials) { c.TokenURL = "::" },
	} {
		c := good
		mod(&c)
		if _, err := NewOAuth2(c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := NewOAuth2(good); err != nil {
		t.Error(err)
	}
}

func TestParseTokenResponse(t *testing.T) {
	tests := []struct {
		body string
		ttl  int
		ok   bool
	}{
		{`{"access_token":"a","expires_in":3600,"token_type":"Bearer"}`, 3600, true},
		{`{"access_token":"a","expires_in":"3600","token_type":"bearer"}`, 3600, true},
		{`{"access_token":"a"}`, 3600, true},
		{`{"access_token":"","expires_in":3600}`, 0, false},
		{`{"access_token":"a","expires_in":-5}`, 0, false},
		{`{"access_token":"a","token_type":"mac"}`, 0, false},
		{`<html>`, 0, false},
	}
	for _, tt := range tests {
		tok, ttl, err := parseTokenResponse([]byte(tt.body))
		if (err == nil) != tt.ok {
			t.Errorf("%s: err %v", tt.body, err)
			continue
		}
		if tt.ok && (tok != "a" || int(ttl.Seconds()) != tt.ttl) {
			t.Errorf("%s: %q %v", tt.body, tok, ttl)
		}
	}
}
