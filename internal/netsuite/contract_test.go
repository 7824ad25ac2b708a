package netsuite_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
)

// The contract is what jlsync relies on from NetSuite. It runs against the
// simulator always, and against a real account when JLSYNC_NETSUITE_*
// variables are set (see docs/netsuite.md). It writes records whose
// externalIds start with JLSYNC-CT-: point it at a sandbox.

type contractEnv struct {
	client     *netsuite.Client
	item       string // an inventory item with stock at location
	location   string
	debit      string // two GL accounts for a journal
	credit     string
	subsidiary string // needed on OneWorld accounts
}

func TestContractSimulator(t *testing.T) {
	env := newSimEnv(t, nil)
	ids := env.seed(t)
	c := env.client(t, env.oauth2(t), func(cfg *netsuite.Config) { cfg.SuiteQLPageSize = 2 })
	runContract(t, contractEnv{client: c, item: ids.item1, location: ids.location, debit: ids.bank, credit: ids.income})
}

func TestContractRealAccount(t *testing.T) {
	get := func(k string) string { return strings.TrimSpace(os.Getenv("JLSYNC_NETSUITE_" + k)) }
	if get("ACCOUNT_ID") == "" {
		t.Skip("set JLSYNC_NETSUITE_ACCOUNT_ID (and the credential and fixture variables in docs/netsuite.md) to run the contract against a real account")
	}
	var auth netsuite.Authenticator
	if strings.EqualFold(get("AUTH"), "tba") {
		auth = netsuite.NewTBA(netsuite.TBACredentials{AccountID: get("ACCOUNT_ID"), ConsumerKey: get("CONSUMER_KEY"),
			ConsumerSecret: get("CONSUMER_SECRET"), TokenID: get("TOKEN_ID"), TokenSecret: get("TOKEN_SECRET")})
	} else {
		key, err := os.ReadFile(get("PRIVATE_KEY_FILE"))
		if err != nil {
			t.Fatalf("JLSYNC_NETSUITE_PRIVATE_KEY_FILE: %v", err)
		}
		tokenURL := ""
		if u := get("URL"); u != "" {
			tokenURL = strings.TrimRight(strings.TrimSuffix(strings.TrimRight(u, "/"), "/services/rest"), "/") + "/services/rest/auth/oauth2/v1/token"
		}
		auth, err = netsuite.NewOAuth2(netsuite.OAuth2Credentials{AccountID: get("ACCOUNT_ID"), TokenURL: tokenURL,
			ClientID: get("CLIENT_ID"), CertificateID: get("CERTIFICATE_ID"), PrivateKeyPEM: key})
		if err != nil {
			t.Fatal(err)
		}
	}
	cfg := netsuite.Config{AccountID: get("ACCOUNT_ID"), BaseURL: get("URL"), Auth: auth, SuiteQLPageSize: 2}
	if tz := get("TIMEZONE"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			t.Fatal(err)
		}
		cfg.TimeZone = loc
	}
	c, err := netsuite.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ITEM_ID", "LOCATION_ID", "DEBIT_ACCOUNT_ID", "CREDIT_ACCOUNT_ID"} {
		if get(k) == "" {
			t.Fatalf("JLSYNC_NETSUITE_%s is required for the real-account contract", k)
		}
	}
	runContract(t, contractEnv{client: c, item: get("ITEM_ID"), location: get("LOCATION_ID"),
		debit: get("DEBIT_ACCOUNT_ID"), credit: get("CREDIT_ACCOUNT_ID"), subsidiary: get("SUBSIDIARY_ID")})
}

func runContract(t *testing.T, e contractEnv) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := e.client
	run := "JLSYNC-CT-" + rand.Text()[:10]
	start := time.Now().Add(-10 * time.Minute)

	if g, err := c.GovernanceLimits(ctx); err != nil {
		t.Logf("governanceLimits not readable by this role (fine): %v", err)
	} else if g.AccountConcurrencyLimit <= 0 {
		t.Errorf("governance limits: %+v", g)
	}

	// Customer upsert is idempotent and readable by externalId.
	cust := netsuite.Customer{IsPerson: ptr(true), FirstName: "Contract", LastName: "Test", Email: "contract@example.com",
		Subsidiary: netsuite.NewRef(e.subsidiary)}
	custID, err := c.Upsert(ctx, netsuite.TypeCustomer, run+"-C", cust)
	if err != nil {
		t.Fatalf("customer upsert: %v", err)
	}
	if again, err := c.Upsert(ctx, netsuite.TypeCustomer, run+"-C", cust); err != nil || again != custID {
		t.Fatalf("customer re-upsert: %q %v (first %q)", again, err, custID)
	}
	var gotCust netsuite.Customer
	if err := c.GetByExternalID(ctx, netsuite.TypeCustomer, run+"-C", &gotCust, false); err != nil || gotCust.ID != custID {
		t.Fatalf("customer by eid: %+v %v", gotCust, err)
	}

	// Sales order: lines numbered, totals computed, readable by externalId.
	soEID := run + "-SO"
	so := netsuite.SalesOrder{
		Entity: netsuite.NewRef(custID), OtherRefNum: run, Location: netsuite.NewRef(e.location),
		Subsidiary: netsuite.NewRef(e.subsidiary), OrderStatus: &netsuite.Ref{ID: "B"},
		Item: &netsuite.SalesOrderItems{Items: []netsuite.SalesOrderItem{
			{Item: netsuite.NewRef(e.item), Quantity: 2, Amount: money.MustParse("20.00"), Location: netsuite.NewRef(e.location)},
		}},
	}
	soID, err := c.Upsert(ctx, netsuite.TypeSalesOrder, soEID, so)
	if err != nil {
		t.Fatalf("sales order upsert: %v", err)
	}
	got, err := c.SalesOrderByExternalID(ctx, soEID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != soID || got.Item == nil || len(got.Item.Items) != 1 || got.Item.Items[0].Line == 0 || got.Subtotal == nil || *got.Subtotal != money.MustParse("20.00") {
		t.Fatalf("sales order read back: %+v", got)
	}
	orderLine := got.Item.Items[0].Line
	if m, err := c.SalesOrderIDs(ctx, []string{soEID, run + "-NONE"}); err != nil || m[soEID] != soID || len(m) != 1 {
		t.Fatalf("SalesOrderIDs: %v %v", m, err)
	}

	// Partial fulfilment with a tracking number, then found by the poll.
	ifID, err := c.Transform(ctx, netsuite.TypeSalesOrder, soID, netsuite.TypeItemFulfillment, netsuite.ItemFulfillment{
		ShipStatus: &netsuite.Ref{ID: netsuite.ShipStatusShipped},
		Item:       &netsuite.ItemFulfillmentItems{Items: []netsuite.ItemFulfillmentItem{{OrderLine: orderLine, Quantity: 1, Location: netsuite.NewRef(e.location)}}},
		Package:    &netsuite.ItemFulfillmentPackages{Items: []netsuite.ItemFulfillmentPackage{{PackageTrackingNumber: run + "-TRK"}}},
	})
	if err != nil {
		t.Fatalf("transform to fulfilment: %v", err)
	}
	fs, err := c.FulfilmentsSince(ctx, run, start)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 {
		t.Fatalf("FulfilmentsSince: %d fulfilments, want 1: %+v", len(fs), fs)
	}
	f := fs[0]
	if f.ID != ifID || f.SalesOrderID != soID || f.SalesOrderExternalID != soEID || !f.Shipped() ||
		len(f.Lines) != 1 || f.Lines[0].OrderLine != orderLine || f.Lines[0].Quantity != 1 || f.Lines[0].ItemID != e.item ||
		len(f.TrackingNumbers()) != 1 || f.TrackingNumbers()[0] != run+"-TRK" || f.LastModified.IsZero() {
		t.Fatalf("fulfilment: %+v", f)
	}
	after, err := c.SalesOrderByExternalID(ctx, soEID)
	if err != nil || after.Item.Items[0].QuantityFulfilled != 1 {
		t.Fatalf("fulfilled quantity: %+v %v", after.Item, err)
	}

	// Stock and items through SuiteQL (page size 2 exercises paging).
	stock, err := c.StockSince(ctx, []string{e.location}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range stock {
		if s.ItemID == e.item && s.Location == e.location {
			found = s.ItemName != "" && s.Available >= 0
		}
	}
	if !found {
		t.Fatalf("StockSince has no row for item %s at %s: %+v", e.item, e.location, stock)
	}
	rows, err := c.SuiteQL(ctx, "SELECT i.id AS id FROM item i WHERE i.id = ? OR i.isinactive = 'F' ORDER BY i.id FETCH FIRST 5 ROWS ONLY", e.item)
	if err != nil || len(rows) == 0 {
		t.Fatalf("paged SuiteQL: %d rows, %v", len(rows), err)
	}

	// Journals must balance to be accepted.
	amt := money.MustParse("12.34")
	je := netsuite.JournalEntry{Subsidiary: netsuite.NewRef(e.subsidiary), Memo: "jlsync contract", Line: &netsuite.JournalEntryLines{Items: []netsuite.JournalEntryLine{
		{Account: netsuite.NewRef(e.debit), Debit: &amt}, {Account: netsuite.NewRef(e.credit), Credit: &amt},
	}}}
	if _, err := c.Upsert(ctx, netsuite.TypeJournalEntry, run+"-JE", je); err != nil {
		t.Fatalf("balanced journal: %v", err)
	}
	off := money.MustParse("12.35")
	je.Line.Items[1].Credit = &off
	_, err = c.Upsert(ctx, netsuite.TypeJournalEntry, run+"-JE2", je)
	var ne *netsuite.Error
	if !asError(err, &ne) || ne.Status != 400 || netsuite.IsRetryable(err) {
		t.Fatalf("unbalanced journal: %v", err)
	}

	// A reference to nothing is a 400 with a path; a missing record a 404.
	_, err = c.Upsert(ctx, netsuite.TypeSalesOrder, run+"-BAD", netsuite.SalesOrder{Entity: netsuite.NewRef(custID),
		Subsidiary: netsuite.NewRef(e.subsidiary),
		Item:       &netsuite.SalesOrderItems{Items: []netsuite.SalesOrderItem{{Item: netsuite.NewRef("987654321"), Quantity: 1}}}})
	if !asError(err, &ne) || ne.Status != 400 || !strings.Contains(ne.Path, "item") {
		t.Fatalf("unknown item: %v", err)
	}
	var none netsuite.SalesOrder
	if err := c.GetByExternalID(ctx, netsuite.TypeSalesOrder, run+"-NONE", &none, false); !netsuite.IsNotFound(err) {
		t.Fatalf("missing order: %v", err)
	}
}
