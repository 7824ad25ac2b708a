package tuitest

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/internal/money"
)

// PostedJournalID is the NetSuite id the fake gives a payout it posts.
const PostedJournalID = "JE-90001"

func (a *API) Payouts(context.Context) ([]apitype.Payout, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.PayoutList), nil
}

func (a *API) Payout(_ context.Context, id string) (apitype.Payout, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range a.PayoutList {
		if p.ID == id {
			return p, nil
		}
	}
	return apitype.Payout{}, &client.APIError{Status: 404, Code: "not_found", Message: "no payout " + id}
}

// PostPayout answers as the agent does: 409 with the reason when the payout
// is blocked or already posted, else the payout as posted.
func (a *API) PostPayout(_ context.Context, id string) (apitype.Payout, error) {
	a.record("PostPayout %s", id)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.PostErr != nil {
		return apitype.Payout{}, a.PostErr
	}
	for i, p := range a.PayoutList {
		if p.ID != id {
			continue
		}
		switch p.Status {
		case apitype.PayoutBlocked:
			return apitype.Payout{}, conflict("payout " + id + " is blocked by open exceptions " + strings.Join(p.Exceptions, ", "))
		case apitype.PayoutPosted:
			return apitype.Payout{}, conflict("payout " + id + " is already posted as " + p.JournalID)
		}
		at := Now
		p.Status, p.JournalID, p.PostedAt, p.PostedBy, p.UpdatedAt = apitype.PayoutPosted, PostedJournalID, &at, "tester", Now
		a.PayoutList[i] = p
		return p, nil
	}
	return apitype.Payout{}, &client.APIError{Status: 404, Code: "not_found", Message: "no payout " + id}
}

func conflict(reason string) error {
	return &client.APIError{Status: 409, Code: "conflict", Message: reason}
}

// SamplePayouts returns three billing cycles, newest first: BC-1043 blocked
// (a transaction type with no account leaves its journal 43.00 short),
// BC-1042 a balanced preview, BC-1041 posted.
func SamplePayouts() []apitype.Payout {
	gbp := func(s string) money.Amount { return money.MustParse(s) }
	dr := func(acct, amt, memo, typ string) apitype.JournalLine {
		return apitype.JournalLine{Account: acct, Debit: gbp(amt), Memo: memo, Type: typ}
	}
	cr := func(acct, amt, memo, typ string) apitype.JournalLine {
		return apitype.JournalLine{Account: acct, Credit: gbp(amt), Memo: memo, Type: typ}
	}
	tot := func(typ string, n int, amt string) apitype.PayoutTotal {
		return apitype.PayoutTotal{Type: typ, Count: n, Amount: gbp(amt)}
	}
	day := func(d int) time.Time { return Now.Add(-time.Duration(d) * 24 * time.Hour) }
	posted := day(14)
	return []apitype.Payout{
		{
			ID: "BC-1043", Date: day(1), Currency: "GBP", PayoutState: "TO_PAY", Transferred: gbp("1020.50"),
			Status: apitype.PayoutBlocked, Orders: 18, Exceptions: []string{"x-201"}, JournalExtID: "JL-PAY-BC-1043",
			Totals: []apitype.PayoutTotal{
				tot("ORDER_AMOUNT", 18, "1150.00"), tot("COMMISSION_FEE", 18, "-143.75"),
				tot("COMMISSION_VAT", 18, "-28.75"), tot("MANUAL_CREDIT", 1, "43.00"),
			},
			Journal: []apitype.JournalLine{
				dr("1190", "1020.50", "BC-1043 net payout", ""),
				dr("6100", "143.75", "BC-1043 commission", "COMMISSION_FEE"),
				dr("2200", "28.75", "BC-1043 commission VAT", "COMMISSION_VAT"),
				cr("4000", "1150.00", "BC-1043 sales (18 orders)", "ORDER_AMOUNT"),
			},
			TotalDebit: gbp("1193.00"), TotalCredit: gbp("1150.00"), UpdatedAt: day(1),
		},
		{
			ID: "BC-1042", Date: day(8), Currency: "GBP", PayoutState: "PAID", Reference: "JLP-PAY-77812",
			Transferred: gbp("2177.00"), Status: apitype.PayoutPreview, Orders: 42, JournalExtID: "JL-PAY-BC-1042",
			Totals: []apitype.PayoutTotal{
				tot("ORDER_AMOUNT", 42, "2480.00"), tot("ORDER_SHIPPING_AMOUNT", 40, "189.00"),
				tot("COMMISSION_FEE", 42, "-310.00"), tot("COMMISSION_VAT", 42, "-62.00"),
				tot("REFUND_ORDER_AMOUNT", 2, "-120.00"),
			},
			Journal: []apitype.JournalLine{
				dr("1190", "2177.00", "BC-1042 net payout JLP-PAY-77812", ""),
				dr("6100", "310.00", "BC-1042 commission", "COMMISSION_FEE"),
				dr("2200", "62.00", "BC-1042 commission VAT", "COMMISSION_VAT"),
				dr("4000", "120.00", "BC-1042 refunds (2)", "REFUND_ORDER_AMOUNT"),
				cr("4000", "2480.00", "BC-1042 sales (42 orders)", "ORDER_AMOUNT"),
				cr("4010", "189.00", "BC-1042 shipping", "ORDER_SHIPPING_AMOUNT"),
			},
			TotalDebit: gbp("2669.00"), TotalCredit: gbp("2669.00"), UpdatedAt: day(7),
		},
		{
			ID: "BC-1041", Date: day(15), Currency: "GBP", PayoutState: "PAID", Reference: "JLP-PAY-77640",
			Transferred: gbp("1540.00"), Status: apitype.PayoutPosted, Orders: 25, JournalExtID: "JL-PAY-BC-1041",
			JournalID: "JE-88120", PostedAt: &posted, PostedBy: "sam",
			Totals: []apitype.PayoutTotal{
				tot("ORDER_AMOUNT", 25, "1800.00"), tot("COMMISSION_FEE", 25, "-216.00"), tot("COMMISSION_VAT", 25, "-44.00"),
			},
			Journal: []apitype.JournalLine{
				dr("1190", "1540.00", "BC-1041 net payout JLP-PAY-77640", ""),
				dr("6100", "216.00", "BC-1041 commission", "COMMISSION_FEE"),
				dr("2200", "44.00", "BC-1041 commission VAT", "COMMISSION_VAT"),
				cr("4000", "1800.00", "BC-1041 sales (25 orders)", "ORDER_AMOUNT"),
			},
			TotalDebit: gbp("1800.00"), TotalCredit: gbp("1800.00"), UpdatedAt: posted,
		},
	}
}
