package netsuitesim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
)

// Credentials is a matching set of secrets for a demo or test: what the
// client is configured with and what the simulator accepts.
type Credentials struct {
	AccountID      string `json:"account_id"`
	ConsumerKey    string `json:"consumer_key"`
	ConsumerSecret string `json:"consumer_secret"`
	TokenID        string `json:"token_id"`
	TokenSecret    string `json:"token_secret"`
	ClientID       string `json:"client_id"`
	CertificateID  string `json:"certificate_id"`
	// PrivateKeyPEM is the PKCS#8 EC P-256 key (ES256) the client signs
	// its assertions with; write it to a 0600 file for the agent.
	PrivateKeyPEM []byte           `json:"-"`
	PublicKey     crypto.PublicKey `json:"-"`
}

// DefaultAccountID is the sandbox-style account id demo credentials use.
const DefaultAccountID = "1234567_SB1"

// NewCredentials generates fresh TBA keys (64 hex characters, as NetSuite
// shows them), an OAuth 2.0 client id and certificate id, and an ES256 key
// pair.
func NewCredentials() (Credentials, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Credentials{}, fmt.Errorf("netsuitesim: generating key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return Credentials{}, fmt.Errorf("netsuitesim: encoding key: %w", err)
	}
	c := Credentials{
		AccountID:      DefaultAccountID,
		ConsumerKey:    randomHex(32),
		ConsumerSecret: randomHex(32),
		TokenID:        randomHex(32),
		TokenSecret:    randomHex(32),
		ClientID:       randomHex(32),
		CertificateID:  rand.Text() + rand.Text()[:17],
		PrivateKeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		PublicKey:      &key.PublicKey,
	}
	return c, nil
}

// Options returns simulator options that accept these credentials.
func (c Credentials) Options() Options {
	return Options{
		AccountID:      c.AccountID,
		ConsumerKey:    c.ConsumerKey,
		ConsumerSecret: c.ConsumerSecret,
		TokenID:        c.TokenID,
		TokenSecret:    c.TokenSecret,
		OAuth2ClientID: c.ClientID,
		CertificateID:  c.CertificateID,
		PublicKey:      c.PublicKey,
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
