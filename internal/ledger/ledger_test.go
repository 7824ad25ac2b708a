package ledger

import (
	"errors"
	"strings"
	"testing"

	"github.com/jlsync/jlsync/internal/money"
)

func m(s string) money.Amount { return money.MustParse(s) }

var accounts = Accounts{
	ByType:   map[string]string{"COMMISSION_FEE": "600", "COMMISSION_VAT": "610", "SUBSCRIPTION_FEE": "620", "REFUND_COMMISSION_FEE": "600"},
	Clearing: "120",
	Bank:     "100",
}

func TestBuildPayoutJournal(t *testing.T) {
	ok := Payout{ID: "C1", Transferred: m("182.70"), Entries: []Entry{
		{"ORDER_AMOUNT", m("120.00")}, {"ORDER_AMOUNT", m("80.00")},
		{"ORDER_SHIPPING_AMOUNT", m("9.00")},
		{"COMMISSION_FEE", m("-20.00")}, {"COMMISSION_VAT", m("-4.00")},
		{"REFUND_ORDER_AMOUNT", m("-3.00")}, {"REFUND_COMMISSION_FEE", m("0.70")},
		{"PAYMENT", m("-182.70")},
	}}
	j, err := BuildPayoutJournal(ok, accounts)
	if err != nil {
		t.Fatal(err)
	}
	if j.TotalDebit != j.TotalCredit || j.TotalDebit != m("209.70") {
		t.Fatalf("debits %s, credits %s", j.TotalDebit, j.TotalCredit)
	}
	want := map[string][3]string{ // type -> account, debit, credit
		"ORDER_AMOUNT":          {"120", "0.00", "200.00"},
		"ORDER_SHIPPING_AMOUNT": {"120", "0.00", "9.00"},
		"COMMISSION_FEE":        {"600", "20.00", "0.00"},
		"COMMISSION_VAT":        {"610", "4.00", "0.00"},
		"REFUND_ORDER_AMOUNT":   {"120", "3.00", "0.00"},
		"REFUND_COMMISSION_FEE": {"600", "0.00", "0.70"},
		"PAYMENT":               {"100", "182.70", "0.00"},
	}
	if len(j.Lines) != len(want) {
		t.Fatalf("%d lines: %+v", len(j.Lines), j.Lines)
	}
	for _, l := range j.Lines {
		w := want[l.Type]
		if l.Account != w[0] || l.Debit.String() != w[1] || l.Credit.String() != w[2] {
			t.Errorf("%s: account %s debit %s credit %s, want %v", l.Type, l.Account, l.Debit, l.Credit, w)
		}
	}
	if len(j.Totals) != 7 || j.Totals[2].Type != "ORDER_AMOUNT" || j.Totals[2].Count != 2 {
		t.Errorf("totals: %+v", j.Totals)
	}
}

func TestBuildPayoutJournalRefusals(t *testing.T) {
	tests := []struct {
		name string
		p    Payout
		a    Accounts
		want string
	}{
		{"unknown fee type", Payout{ID: "C", Transferred: m("9.00"), Entries: []Entry{{"ORDER_AMOUNT", m("10.00")}, {"SELLER_PENALTY_FEE", m("-1.00")}}}, accounts, "SELLER_PENALTY_FEE"},
		{"no bank account", Payout{ID: "C", Transferred: m("10.00"), Entries: []Entry{{"ORDER_AMOUNT", m("10.00")}}}, Accounts{Clearing: "120"}, "bank_account"},
		{"lines do not tie out", Payout{ID: "C", Transferred: m("10.01"), Entries: []Entry{{"ORDER_AMOUNT", m("10.00")}}}, accounts, "add up to 10.00 but the payout transferred 10.01"},
		{"payment line disagrees", Payout{ID: "C", Transferred: m("10.00"), Entries: []Entry{{"ORDER_AMOUNT", m("10.00")}, {"PAYMENT", m("-9.99")}}}, accounts, "PAYMENT line says 9.99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := BuildPayoutJournal(tt.p, tt.a)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if len(j.Lines) == 0 {
				t.Error("a refused journal still comes back for the preview")
			}
		})
	}
	var ue *UnmappedError
	_, err := BuildPayoutJournal(tests[0].p, accounts)
	if !errors.As(err, &ue) || len(ue.Types) != 1 {
		t.Errorf("typed error: %v", err)
	}
}

func TestNegativePayoutIsCollected(t *testing.T) {
	p := Payout{ID: "C9", Transferred: m("-5.00"), Entries: []Entry{{"SUBSCRIPTION_FEE", m("-5.00")}}}
	j, err := BuildPayoutJournal(p, accounts)
	if err != nil || j.TotalDebit != m("5.00") || j.TotalCredit != m("5.00") {
		t.Fatalf("%+v %v", j, err)
	}
}
