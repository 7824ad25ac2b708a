package agent

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store/storetest"
)

type fakePayouts struct {
	mu    sync.Mutex
	lines []mirakl.TransactionLine
}

func (f *fakePayouts) set(lines []mirakl.TransactionLine) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	for i := range lines {
		lines[i].LastUpdated, lines[i].DateCreated = now, now
	}
	f.lines = lines
}

func (f *fakePayouts) ListBillingCycles(context.Context, mirakl.BillingCyclesQuery) ([]mirakl.BillingCycle, error) {
	return nil, &mirakl.Error{Op: "SBC11", Throttled: true, RetryAfter: time.Hour, Message: "published ceiling reached"}
}

func (f *fakePayouts) ListTransactionLines(_ context.Context, q mirakl.TransactionsQuery) ([]mirakl.TransactionLine, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []mirakl.TransactionLine
	for _, l := range f.lines {
		if len(q.Types) > 0 && l.Type != q.Types[0] {
			continue
		}
		if len(q.BillingCycleIDs) > 0 && l.SellerBillingCycleID != q.BillingCycleIDs[0] {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

type fakeJournals struct {
	mu    sync.Mutex
	jes   map[string]netsuite.JournalEntry
	posts int
}

func (f *fakeJournals) UpsertJournalEntry(_ context.Context, ext string, je netsuite.JournalEntry) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts++
	f.jes[ext] = je
	return "JE-" + ext, nil
}

func tl(cycle, typ, amount, order, line string) mirakl.TransactionLine {
	l := mirakl.TransactionLine{ID: typ + order + line, Type: typ, Amount: money.MustParse(amount), Currency: "GBP", SellerBillingCycleID: cycle}
	if order != "" {
		l.Entities.Order = &mirakl.TransactionOrder{ID: order}
		l.Entities.OrderLine = &mirakl.IDRef{ID: line}
	}
	return l
}

func TestPayoutPreviewBlockAndPost(t *testing.T) {
	market, erp := newWorld()
	o := order("P1", "SKU-A") // 19.99
	o.Lines[0].CategoryCode = "HOME"
	market.orders = map[string]mirakl.Order{"P1": o}
	src := &fakePayouts{}
	js := &fakeJournals{jes: map[string]netsuite.JournalEntry{}}
	cfg := testConfig()
	cfg.Payouts.Interval = time.Second
	cfg.Payouts.Accounts = map[string]string{"COMMISSION_FEE": "6100"}
	cfg.Payouts.BankAccount, cfg.Payouts.ClearingAccount = "1010", "1210"
	cfg.Payouts.CommissionRates = map[string]string{"HOME": "15"}
	cfg.Payouts.CommissionTolerance = "0.01"
	db := storetest.New(t)
	r := startRigWith(t, db, cfg, Deps{Marketplace: market, ERP: erp, PayoutSource: src, Journals: js})
	r.waitIdle(t)
	ctx := context.Background()

	// 19.99 sold, commission 15% = 3.00, but VAT on commission has no
	// account yet, and the marketplace charged 3.50: two problems.
	src.set([]mirakl.TransactionLine{
		tl("C1", "ORDER_AMOUNT", "19.99", "P1", "P1-1"),
		tl("C1", "COMMISSION_FEE", "-3.50", "P1", "P1-1"),
		tl("C1", "COMMISSION_VAT", "-0.70", "P1", "P1-1"),
		tl("C1", "PAYMENT", "-15.79", "", ""),
	})
	r.waitIdle(t)
	p, err := r.a.Payout(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != apitype.PayoutBlocked || len(p.Exceptions) != 2 || p.Transferred != money.MustParse("15.79") {
		t.Fatalf("payout: %+v", p)
	}
	ex, _ := r.a.Exceptions(ctx, localapi.ExceptionQuery{Flow: apitype.FlowPayouts})
	types := map[string]string{}
	for _, e := range ex.Items {
		types[e.Type] = e.Reason
	}
	if !strings.Contains(types[apitype.ExcUnmappedFeeType], "COMMISSION_VAT") || !strings.Contains(types[apitype.ExcCommissionChanged], "charged 3.50") {
		t.Fatalf("exceptions: %v", types)
	}
	c := &client.Client{Socket: r.socketPath(t)}
	if _, err := c.PostPayout(ctx, "C1"); !client.IsConflict(err) {
		t.Fatalf("posting a blocked payout: %v, want a conflict", err)
	}

	// The marketplace corrects the commission; the operator maps the VAT
	// account (a config change, so a restart) and retries: a clean preview.
	src.set([]mirakl.TransactionLine{
		tl("C1", "ORDER_AMOUNT", "19.99", "P1", "P1-1"),
		tl("C1", "COMMISSION_FEE", "-3.00", "P1", "P1-1"),
		tl("C1", "COMMISSION_VAT", "-0.60", "P1", "P1-1"),
		tl("C1", "PAYMENT", "-16.39", "", ""),
	})
	r.stop()
	cfg.Payouts.Accounts["COMMISSION_VAT"] = "2201"
	r = startRigWith(t, db, cfg, Deps{Marketplace: market, ERP: erp, PayoutSource: src, Journals: js})
	c = &client.Client{Socket: r.socketPath(t)}
	for _, e := range ex.Items {
		if _, err := c.RetryException(ctx, e.ID, "fixed"); err != nil && !client.IsConflict(err) {
			t.Fatal(err)
		}
		break // one retry re-queues the payout; the other closes with it
	}
	r.waitIdle(t)
	p, _ = c.Payout(ctx, "C1")
	if p.Status != apitype.PayoutPreview || p.TotalDebit != p.TotalCredit || p.TotalDebit != money.MustParse("19.99") || len(p.Exceptions) != 0 {
		t.Fatalf("after the fix: %+v", p)
	}
	if ex, _ := r.a.Exceptions(ctx, localapi.ExceptionQuery{Flow: apitype.FlowPayouts}); ex.Total != 0 {
		t.Fatalf("exceptions left open: %+v", ex.Items)
	}

	posted, err := c.PostPayout(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	if posted.Status != apitype.PayoutPosted || posted.JournalID != "JE-JL-PAY-C1" || posted.PostedBy == "" {
		t.Fatalf("posted: %+v", posted)
	}
	js.mu.Lock()
	je := js.jes["JL-PAY-C1"]
	js.mu.Unlock()
	var debit, credit money.Amount
	for _, l := range je.Line.Items {
		if l.Debit != nil {
			debit += *l.Debit
		}
		if l.Credit != nil {
			credit += *l.Credit
		}
	}
	if debit != credit || debit != money.MustParse("19.99") {
		t.Fatalf("journal sent: debit %s credit %s", debit, credit)
	}
	if _, err := c.PostPayout(ctx, "C1"); !client.IsConflict(err) {
		t.Fatalf("posting twice: %v, want a conflict", err)
	}
	if js.posts != 1 {
		t.Errorf("%d journal writes, want 1", js.posts)
	}
	audit, _ := c.Audit(ctx, 10)
	if len(audit) == 0 || audit[0].Action != "payout.post" {
		t.Errorf("audit: %+v", audit)
	}
}
