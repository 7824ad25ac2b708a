package netsuite_test

import (
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/netsuite"
	netsuitesim "github.com/jlsync/jlsync/internal/sim/netsuite"
)

// simEnv is a simulator on 127.0.0.1 with a matching set of credentials.
type simEnv struct {
	sim   *netsuitesim.Server
	http  *httptest.Server
	creds netsuitesim.Credentials
}

func newSimEnv(t testing.TB, tweak func(*netsuitesim.Options)) *simEnv {
	t.Helper()
	creds, err := netsuitesim.NewCredentials()
	if err != nil {
		t.Fatal(err)
	}
	opts := creds.Options()
	if tweak != nil {
		tweak(&opts)
	}
	sim := netsuitesim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &simEnv{sim: sim, http: srv, creds: creds}
}

func (e *simEnv) oauth2(t testing.TB) netsuite.Authenticator { return e.oauth2At(t, nil) }

// oauth2At builds an OAuth 2.0 authenticator whose clock is now.
func (e *simEnv) oauth2At(t testing.TB, now func() time.Time) netsuite.Authenticator {
	t.Helper()
	a, err := netsuite.NewOAuth2(netsuite.OAuth2Credentials{
		Now:           now,
		AccountID:     e.creds.AccountID,
		TokenURL:      e.http.URL + "/services/rest/auth/oauth2/v1/token",
		ClientID:      e.creds.ClientID,
		CertificateID: e.creds.CertificateID,
		PrivateKeyPEM: e.creds.PrivateKeyPEM,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (e *simEnv) tba() netsuite.Authenticator {
	return netsuite.NewTBA(netsuite.TBACredentials{
		AccountID: e.creds.AccountID, ConsumerKey: e.creds.ConsumerKey, ConsumerSecret: e.creds.ConsumerSecret,
		TokenID: e.creds.TokenID, TokenSecret: e.creds.TokenSecret,
	})
}

func (e *simEnv) client(t testing.TB, auth netsuite.Authenticator, tweak func(*netsuite.Config)) *netsuite.Client {
	t.Helper()
	cfg := netsuite.Config{
		AccountID: e.creds.AccountID, BaseURL: e.http.URL, Auth: auth,
		RetryBase: 5 * time.Millisecond, RetryMax: 50 * time.Millisecond,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := netsuite.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seed creates a location, two items with stock, a customer and a GL
// account through the simulator's own API.
type seedIDs struct {
	location, item1, item2, customer, bank, income string
}

func (e *simEnv) seed(t testing.TB) seedIDs {
	t.Helper()
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	var s seedIDs
	s.location = must(e.sim.Create("location", map[string]any{"name": "Main warehouse"}))
	s.item1 = must(e.sim.AddItem(netsuitesim.ItemSpec{ItemID: "SKU-RED", DisplayName: "Red mug", UPCCode: "5012345678900", BasePrice: "9.99"}))
	s.item2 = must(e.sim.AddItem(netsuitesim.ItemSpec{ItemID: "SKU-BLUE", DisplayName: "Blue mug"}))
	if err := e.sim.SetStock(s.item1, s.location, 10, 10); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SetStock(s.item2, s.location, 3, 3); err != nil {
		t.Fatal(err)
	}
	s.customer = must(e.sim.Create("customer", map[string]any{"companyName": "Marketplace customers", "externalId": "JL-CUST"}))
	s.bank = must(e.sim.Create("account", map[string]any{"acctName": "Marketplace clearing", "acctNumber": "1200"}))
	s.income = must(e.sim.Create("account", map[string]any{"acctName": "Marketplace sales", "acctNumber": "4000"}))
	return s
}

func asError(err error, target **netsuite.Error) bool { return errors.As(err, target) }
