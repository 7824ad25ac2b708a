package netsuite

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Oracle's published TBA inputs (help topic "The Signature for Web
// Services and RESTlets").
var oracleCreds = TBACredentials{
	AccountID:      "123456",
	ConsumerKey:    "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
	ConsumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
	TokenID:        "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
	TokenSecret:    "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
}

const (
	oracleNonce = "fjaLirsIcCGVZWzBX0pg"
	oracleTS    = "1508242306"
)

func TestTBAVectors(t *testing.T) {
	tests := []struct {
		name, method, url, want string
	}{
		// V1 and V2 are published; V3-V5 were recomputed independently.
		{"V1 REST GET", "GET", "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40", "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY="},
		{"V2 RESTlet with query", "POST", "https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue", "i7MEtGwhCTIZbTsTrNGw9LdcERn4wsjt5C7TxmKWIfU="},
		{"V3", "POST", "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue", "+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ="},
		{"V4 SuiteQL paging", "POST", "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=10&offset=0", "dfl0M0UbFAfr5Qai2TsiqthYRYSuRUmcC0xnB5JcY/g="},
		{"V5 space in query", "GET", "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/customer?q=email%20START_WITH%20barbara&limit=2", "h8/VovIYl7je3EIE0vlnHTcDY9zmABp+r9QeLGF3afU="},
		{"V5 with + for space", "GET", "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/customer?q=email+START_WITH+barbara&limit=2", "h8/VovIYl7je3EIE0vlnHTcDY9zmABp+r9QeLGF3afU="},
		{"default port dropped", "GET", "https://123456.suitetalk.api.netsuite.com:443/services/rest/record/v1/employee/40", "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY="},
		{"host case folded", "GET", "HTTPS://123456.SuiteTalk.API.netsuite.com/services/rest/record/v1/employee/40", "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			got, base := tbaSignature(tt.method, u, oracleCreds, oracleNonce, oracleTS)
			if got != tt.want {
				t.Errorf("signature = %s, want %s\nbase string: %s", got, tt.want, base)
			}
		})
	}
}

func TestTBAV1BaseString(t *testing.T) {
	u, _ := url.Parse("https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40")
	_, base := tbaSignature("GET", u, oracleCreds, oracleNonce, oracleTS)
	want := "GET&https%3A%2F%2F123456.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Femployee%2F40&" +
		"oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg" +
		"%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D" +
		"2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0"
	if base != want {
		t.Errorf("base string\n got %s\nwant %s", base, want)
	}
}

func TestTBAHeader(t *testing.T) {
	a := &tba{creds: oracleCreds, now: func() time.Time { return time.Unix(1508242306, 0) }, nonce: func() (string, error) { return oracleNonce, nil }}
	req, _ := http.NewRequestWithContext(context.Background(), "GET", "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40", nil)
	if err := a.Authorize(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	h := req.Header.Get("Authorization")
	for _, want := range []string{
		`OAuth realm="123456"`,
		`oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"`,
		`oauth_signature_method="HMAC-SHA256"`, `oauth_version="1.0"`, `oauth_nonce="fjaLirsIcCGVZWzBX0pg"`,
		`oauth_timestamp="1508242306"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("header %s\nlacks %s", h, want)
		}
	}
	if strings.Contains(h, oracleCreds.ConsumerSecret) || strings.Contains(h, oracleCreds.TokenSecret) {
		t.Error("header leaks a secret")
	}
}

func TestTBARealm(t *testing.T) {
	a := NewTBA(TBACredentials{AccountID: "1234567-sb1", ConsumerKey: "k", ConsumerSecret: "s", TokenID: "t", TokenSecret: "ts"})
	req, _ := http.NewRequest("GET", "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/1", nil)
	if err := a.Authorize(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if h := req.Header.Get("Authorization"); !strings.HasPrefix(h, `OAuth realm="1234567_SB1"`) {
		t.Errorf("realm: %s", h)
	}
	incomplete := NewTBA(TBACredentials{AccountID: "1", ConsumerKey: "k"})
	if err := incomplete.Authorize(context.Background(), req); err == nil {
		t.Error("incomplete credentials accepted")
	}
}

func TestPctEncode(t *testing.T) {
	tests := map[string]string{
		"abcXYZ019-._~": "abcXYZ019-._~",
		"a b":           "a%20b",
		"a+b=c&d/e":     "a%2Bb%3Dc%26d%2Fe",
		"*!'()":         "%2A%21%27%28%29",
		"£":             "%C2%A3",
		"":              "",
	}
	for in, want := range tests {
		if got := pctEncode(in); got != want {
			t.Errorf("pctEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccountForms(t *testing.T) {
	tests := []struct{ in, host, realm string }{
		{"123456", "123456", "123456"},
		{"1234567_SB1", "1234567-sb1", "1234567_SB1"},
		{"1234567-sb1", "1234567-sb1", "1234567_SB1"},
		{" TSTDRV123_RP ", "tstdrv123-rp", "TSTDRV123_RP"},
	}
	for _, tt := range tests {
		if got := HostForAccount(tt.in); got != tt.host {
			t.Errorf("HostForAccount(%q) = %q, want %q", tt.in, got, tt.host)
		}
		if got := RealmForAccount(tt.in); got != tt.realm {
			t.Errorf("RealmForAccount(%q) = %q, want %q", tt.in, got, tt.realm)
		}
	}
	if got := DefaultTokenURL("123456_SB1"); got != "https://123456-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token" {
		t.Errorf("token URL %s", got)
	}
	for _, in := range []string{"https://x.example", "https://x.example/", "https://x.example/services/rest", "https://x.example/services/rest/"} {
		if got := normalizeBaseURL(in); got != "https://x.example" {
			t.Errorf("normalizeBaseURL(%q) = %q", in, got)
		}
	}
}

// A parameter name that prefixes another must sort first, whatever
// character follows the prefix.
func TestTBAParameterOrder(t *testing.T) {
	u, _ := url.Parse("https://h.example/p?a1=x&a=y&a-b=z&a=b")
	_, base := tbaSignature("GET", u, oracleCreds, oracleNonce, oracleTS)
	want := "a%3Db%26a%3Dy%26a-b%3Dz%26a1%3Dx%26oauth_consumer_key"
	if !strings.Contains(base, want) {
		t.Errorf("base string %s\nlacks %s", base, want)
	}
}
