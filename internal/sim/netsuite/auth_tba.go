package netsuitesim

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This verifier is written apart from the client's signer on purpose: the
// two meet only on the wire, so a shared mistake cannot make them agree.

const (
	timestampWindow = 5 * time.Minute // NetSuite's allowed clock difference
	nonceMemory     = 2 * timestampWindow
)

// authenticate accepts a valid TBA signature or a live bearer token. The
// reason for a refusal is logged here; the client only ever sees the
// generic INVALID_LOGIN body, as from NetSuite.
func (s *Server) authenticate(r *http.Request) error {
	h := r.Header.Get("Authorization")
	var err error
	switch {
	case strings.HasPrefix(h, "OAuth "):
		err = s.verifyTBA(r, h)
	case strings.HasPrefix(h, "Bearer "):
		err = s.verifyBearer(strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
	case h == "" && s.opts.Insecure:
		return nil
	default:
		err = errors.New("no credentials")
	}
	if err != nil {
		s.log.Info("netsuitesim: login refused", "reason", err.Error(), "path", r.URL.Path)
	}
	return err
}

// parseOAuthHeader splits `OAuth k="v", k2="v2"` into decoded values.
func parseOAuthHeader(h string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(h, "OAuth "), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, errors.New("malformed OAuth parameter")
		}
		v = strings.TrimSpace(v)
		if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return nil, errors.New("OAuth parameter value not quoted")
		}
		dv, err := url.PathUnescape(v[1 : len(v)-1])
		if err != nil {
			return nil, errors.New("bad percent-encoding in OAuth header")
		}
		k = strings.TrimSpace(k)
		if _, dup := out[k]; dup {
			return nil, errors.New("repeated OAuth parameter " + k)
		}
		out[k] = dv
	}
	return out, nil
}

func (s *Server) verifyTBA(r *http.Request, h string) error {
	o := s.opts
	if o.ConsumerKey == "" || o.TokenID == "" {
		return errors.New("TBA not configured")
	}
	p, err := parseOAuthHeader(h)
	if err != nil {
		return err
	}
	if p["realm"] != realmFor(o.AccountID) {
		return errors.New("wrong realm")
	}
	if p["oauth_signature_method"] != "HMAC-SHA256" {
		return errors.New("UnknownAlgorithm")
	}
	if v, ok := p["oauth_version"]; ok && v != "1.0" {
		return errors.New("VersionRejected")
	}
	if !secretEqual(p["oauth_consumer_key"], o.ConsumerKey) {
		return errors.New("consumer_key_unknown")
	}
	if !secretEqual(p["oauth_token"], o.TokenID) {
		return errors.New("token_rejected")
	}
	ts, err := strconv.ParseInt(p["oauth_timestamp"], 10, 64)
	if err != nil {
		return errors.New("InvalidTimestamp")
	}
	now := s.now()
	if d := now.Sub(time.Unix(ts, 0)); d > timestampWindow || d < -timestampWindow {
		return errors.New("InvalidTimestamp")
	}
	nonce := p["oauth_nonce"]
	if len(nonce) < 6 || len(nonce) > 64 || !alnum(nonce) {
		return errors.New("invalid nonce")
	}
	want := tbaSign(r, p, o.ConsumerSecret, o.TokenSecret)
	got, err := base64.StdEncoding.DecodeString(p["oauth_signature"])
	if err != nil || !hmac.Equal(got, want) {
		return errors.New("InvalidSignature")
	}
	key := p["oauth_token"] + "|" + nonce + "|" + p["oauth_timestamp"]
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.nonces[key]; seen {
		return errors.New("NonceUsed")
	}
	for k, at := range s.nonces {
		if now.Sub(at) > nonceMemory {
			delete(s.nonces, k)
		}
	}
	s.nonces[key] = now
	return nil
}

// tbaSign recomputes the HMAC over the request as received.
func tbaSign(r *http.Request, p map[string]string, consumerSecret, tokenSecret string) []byte {
	type kv struct{ k, v string }
	var params []kv
	for k, v := range p {
		if k == "realm" || k == "oauth_signature" {
			continue
		}
		params = append(params, kv{enc3986(k), enc3986(v)})
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	for k, vs := range q {
		for _, v := range vs {
			params = append(params, kv{enc3986(k), enc3986(v)})
		}
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i].k != params[j].k {
			return params[i].k < params[j].k
		}
		return params[i].v < params[j].v
	})
	pairs := make([]string, len(params))
	for i, x := range params {
		pairs[i] = x.k + "=" + x.v
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := strings.ToLower(r.Host)
	host = strings.TrimSuffix(host, map[string]string{"http": ":80", "https": ":443"}[scheme])
	base := strings.Join([]string{
		strings.ToUpper(r.Method),
		enc3986(scheme + "://" + host + r.URL.EscapedPath()),
		enc3986(strings.Join(pairs, "&")),
	}, "&")
	mac := hmac.New(sha256.New, []byte(enc3986(consumerSecret)+"&"+enc3986(tokenSecret)))
	mac.Write([]byte(base))
	return mac.Sum(nil)
}

// enc3986 is strict RFC 3986 encoding: QueryEscape already leaves only
// unreserved characters bare and escapes "+", so the "+" it writes for a
// space is the only one left to fix.
func enc3986(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func secretEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 && a != ""
}
