package netsuite

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
)

// signer signs JWTs with one private key. NetSuite accepts PS256/384/512 and
// ES256/384/512 only; RS256 is not on Oracle's list, so RSA keys always sign
// with PSS.
type signer struct {
	alg string
	key crypto.Signer
}

// parsePrivateKey reads a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC)
// and picks the algorithm from it: RSA -> PS256, P-256 -> ES256, P-384 ->
// ES384, P-521 -> ES512. Errors never quote the key material.
func parsePrivateKey(pemBytes []byte) (*signer, error) {
	var block *pem.Block
	rest := pemBytes
	for {
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, errors.New("netsuite: no PEM private key found in the key file")
		}
		if block.Type == "PRIVATE KEY" || block.Type == "RSA PRIVATE KEY" || block.Type == "EC PRIVATE KEY" {
			break
		}
		if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] != "" {
			return nil, errors.New("netsuite: the private key is encrypted; store it decrypted with restricted file permissions")
		}
	}
	if block.Headers["Proc-Type"] != "" {
		return nil, errors.New("netsuite: the private key is encrypted; store it decrypted with restricted file permissions")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("netsuite: cannot parse %s block of the key file", block.Type)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return nil, fmt.Errorf("netsuite: RSA key of %d bits is too small (NetSuite takes 3072 or 4096)", k.N.BitLen())
		}
		return &signer{alg: "PS256", key: k}, nil
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			return &signer{alg: "ES256", key: k}, nil
		case elliptic.P384():
			return &signer{alg: "ES384", key: k}, nil
		case elliptic.P521():
			return &signer{alg: "ES512", key: k}, nil
		}
		return nil, errors.New("netsuite: EC key must be on P-256, P-384 or P-521")
	}
	return nil, fmt.Errorf("netsuite: unsupported private key type %T (use RSA or EC)", key)
}

func (s *signer) hash() (crypto.Hash, hash.Hash) {
	switch s.alg {
	case "ES384":
		return crypto.SHA384, sha512.New384()
	case "ES512":
		return crypto.SHA512, sha512.New()
	}
	return crypto.SHA256, sha256.New()
}

// sign builds header.claims.signature. ECDSA signatures are the fixed-width
// r||s concatenation JWS requires, not the ASN.1 form Go produces.
func (s *signer) sign(header, claims map[string]any) (string, error) {
	header["alg"] = s.alg
	hb, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	cb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(hb) + "." + enc.EncodeToString(cb)
	h, hh := s.hash()
	hh.Write([]byte(input))
	digest := hh.Sum(nil)
	var sig []byte
	switch k := s.key.(type) {
	case *rsa.PrivateKey:
		sig, err = rsa.SignPSS(rand.Reader, k, h, digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case *ecdsa.PrivateKey:
		r, sv, e := ecdsa.Sign(rand.Reader, k, digest)
		if e != nil {
			err = e
			break
		}
		size := (k.Curve.Params().BitSize + 7) / 8
		sig = make([]byte, 2*size)
		r.FillBytes(sig[:size])
		sv.FillBytes(sig[size:])
	default:
		err = fmt.Errorf("unsupported key %T", k)
	}
	if err != nil {
		return "", fmt.Errorf("netsuite: signing the client assertion: %w", err)
	}
	return input + "." + enc.EncodeToString(sig), nil
}
