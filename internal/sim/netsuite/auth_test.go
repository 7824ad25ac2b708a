package netsuitesim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// signIndependently builds a TBA header from first principles with
// different helpers than either the client or the verifier use.
func signIndependently(method, rawURL, realm, ck, cs, tk, ts, nonce string, when int64) string {
	u, _ := url.Parse(rawURL)
	esc := func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("-._~", c) >= 0 {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		return b.String()
	}
	stamp := strconv.FormatInt(when, 10)
	pairs := []string{
		"oauth_consumer_key=" + esc(ck), "oauth_nonce=" + esc(nonce), "oauth_signature_method=HMAC-SHA256",
		"oauth_timestamp=" + stamp, "oauth_token=" + esc(tk), "oauth_version=1.0",
	}
	for k, vs := range u.Query() {
		for _, v := range vs {
			pairs = append(pairs, esc(k)+"="+esc(v))
		}
	}
	// By name then value; plain string order on "k=v" would put "a1=" before "a=".
	sort.Slice(pairs, func(i, j int) bool {
		ki, vi, _ := strings.Cut(pairs[i], "=")
		kj, vj, _ := strings.Cut(pairs[j], "=")
		if ki != kj {
			return ki < kj
		}
		return vi < vj
	})
	base := method + "&" + esc(strings.ToLower(u.Scheme)+"://"+strings.ToLower(u.Host)+u.EscapedPath()) + "&" + esc(strings.Join(pairs, "&"))
	mac := hmac.New(sha256.New, []byte(esc(cs)+"&"+esc(ts)))
	mac.Write([]byte(base))
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	return fmt.Sprintf(`OAuth realm="%s",oauth_token="%s",oauth_consumer_key="%s",oauth_nonce="%s",oauth_timestamp="%s",oauth_signature_method="HMAC-SHA256",oauth_version="1.0",oauth_signature="%s"`,
		realm, tk, ck, nonce, stamp, esc(sig))
}

const (
	oCK = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4"
	oCS = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5"
	oTK = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc"
	oTS = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
)

func oracleSim(now time.Time) *Server {
	return New(Options{AccountID: "123456", ConsumerKey: oCK, ConsumerSecret: oCS, TokenID: oTK, TokenSecret: oTS, Now: func() time.Time { return now }})
}

// Oracle's V1 request, header as published, is accepted as is.
func TestVerifierAcceptsPublishedVector(t *testing.T) {
	s := oracleSim(time.Unix(1508242306, 0))
	// The published header signs employee/40; the simulator holds no
	// employees, so a 404 (not a 401) proves the login passed.
	req := httptest.NewRequest("GET", "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40", nil)
	req.Header.Set("Authorization", `OAuth realm="123456",oauth_token="`+oTK+`",oauth_consumer_key="`+oCK+
		`",oauth_nonce="fjaLirsIcCGVZWzBX0pg",oauth_timestamp="1508242306",oauth_signature_method="HMAC-SHA256",oauth_version="1.0",oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"`)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "INVALID_LOGIN") {
		t.Fatalf("published vector refused: %d %s", w.Code, w.Body.String())
	}
}

func TestTBAVerification(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	target := "https://123456.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=10&offset=0"
	sign := func(realm, ck, cs, nonce string, when int64) string {
		return signIndependently("POST", target, realm, ck, cs, oTK, oTS, nonce, when)
	}
	tests := []struct {
		name   string
		url    string
		header string
		ok     bool
	}{
		{"independent signature", target, sign("123456", oCK, oCS, "nonceAAAAAA1", now.Unix()), true},
		{"reused nonce", target, sign("123456", oCK, oCS, "nonceAAAAAA1", now.Unix()), false},
		{"tampered query", strings.Replace(target, "limit=10", "limit=11", 1), sign("123456", oCK, oCS, "nonceAAAAAA2", now.Unix()), false},
		{"signed for another path", target, signIndependently("POST", "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/customer", "123456", oCK, oCS, oTK, oTS, "nonceAAAAAA3", now.Unix()), false},
		{"signed for another host", target, signIndependently("POST", strings.Replace(target, "123456.", "654321.", 1), "123456", oCK, oCS, oTK, oTS, "nonceAAAAAB3", now.Unix()), false},
		{"signed as GET", target, signIndependently("GET", target, "123456", oCK, oCS, oTK, oTS, "nonceAAAAAC3", now.Unix()), false},
		{"wrong secret", target, sign("123456", oCK, "nope", "nonceAAAAAA4", now.Unix()), false},
		{"unknown consumer key", target, sign("123456", "other", oCS, "nonceAAAAAA5", now.Unix()), false},
		{"wrong realm", target, sign("654321", oCK, oCS, "nonceAAAAAA6", now.Unix()), false},
		{"stale timestamp", target, sign("123456", oCK, oCS, "nonceAAAAAA7", now.Add(-6*time.Minute).Unix()), false},
		{"future timestamp", target, sign("123456", oCK, oCS, "nonceAAAAAA8", now.Add(6*time.Minute).Unix()), false},
		{"slight skew is fine", target, sign("123456", oCK, oCS, "nonceAAAAAA9", now.Add(-4*time.Minute).Unix()), true},
		{"HMAC-SHA1", target, strings.Replace(sign("123456", oCK, oCS, "nonceAAAAA10", now.Unix()), "HMAC-SHA256", "HMAC-SHA1", 1), false},
		{"short nonce", target, sign("123456", oCK, oCS, "abc", now.Unix()), false},
		{"bearer garbage", target, "Bearer nope", false},
		{"no header", target, "", false},
	}
	s := oracleSim(now)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", tt.url, strings.NewReader(`{"q":"SELECT id FROM item"}`))
			req.Header.Set("Prefer", "transient")
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			r := resp{w, t}
			if tt.ok {
				r.status(http.StatusOK)
				return
			}
			d := r.nsError(http.StatusUnauthorized, "INVALID_LOGIN")
			if !strings.HasPrefix(d["detail"].(string), "Invalid login attempt.") {
				t.Errorf("detail %v", d["detail"])
			}
		})
	}
}
