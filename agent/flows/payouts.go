package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/ledger"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
)

// PayoutSource reads the marketplace's billing cycles and transaction lines.
type PayoutSource interface {
	ListBillingCycles(ctx context.Context, q mirakl.BillingCyclesQuery) ([]mirakl.BillingCycle, error)
	ListTransactionLines(ctx context.Context, q mirakl.TransactionsQuery) ([]mirakl.TransactionLine, error)
}

// JournalPoster writes a Journal Entry to NetSuite.
type JournalPoster interface {
	UpsertJournalEntry(ctx context.Context, externalID string, je netsuite.JournalEntry) (string, error)
}

// PayoutsDeps wires the payouts flow.
type PayoutsDeps struct {
	DB     *store.DB
	Source PayoutSource
	Poster JournalPoster
	Config config.Config
	Logger *slog.Logger
}

// Payouts builds one balanced Journal Entry per marketplace payout (billing
// cycle) and posts it when an operator says so (or at once with
// payouts.auto_post). Anything that would make the books wrong (a fee type
// with no account, lines that do not tie out to the transfer, a commission
// off the agreed rate, an order NetSuite does not have) blocks posting with
// an exception.
type Payouts struct {
	d    PayoutsDeps
	flow *engine.Flow
	log  *slog.Logger
}

// NewPayouts builds the payouts flow.
func NewPayouts(d PayoutsDeps) *Payouts {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Payouts{d: d, log: d.Logger.With("flow", apitype.FlowPayouts)}
	c := d.Config
	p.flow = newFlow(d.DB, c, d.Logger, flowSpec{
		name: apitype.FlowPayouts, interval: c.Payouts.Interval, workers: 1,
		backoff: 5 * time.Second, poll: p.poll, reconcile: p.reconcile, subject: "payout",
	})
	return p
}

// Flow is the running loop.
func (p *Payouts) Flow() *engine.Flow { return p.flow }

// JournalExternalID is the externalId of a payout's Journal Entry.
func JournalExternalID(cycleID string) string {
	return "JL-PAY-" + netsuite.NormalizeExternalID(cycleID)
}

// poll finds closed billing cycles through their PAYMENT transaction lines:
// TL02 may be read 20 times a minute, SBC11 only once a day.
func (p *Payouts) poll(ctx context.Context) ([]string, int, error) {
	cur, err := readCursor(ctx, p.d.DB, apitype.FlowPayouts)
	if err != nil {
		return nil, 0, err
	}
	q := mirakl.TransactionsQuery{Types: []string{ledger.PaymentType}, Sort: "lastUpdated"}
	if !cur.Time.IsZero() {
		q.LastUpdatedFrom = cur.Time.Add(-time.Minute)
	}
	lines, err := p.d.Source.ListTransactionLines(ctx, q)
	if err != nil {
		if throttledNow(err) {
			return nil, 0, nil // the next poll reads it; not a failure
		}
		return nil, 0, fmt.Errorf("reading payout lines (TL02): %w", err)
	}
	var keys []string
	newest := cur.Time
	err = p.d.DB.Update(ctx, func(tx *store.Tx) error {
		keys = keys[:0]
		for _, l := range lines {
			if l.LastUpdated.After(newest) {
				newest = l.LastUpdated
			}
			id := l.SellerBillingCycleID
			if id == "" {
				continue
			}
			po, err := tx.Payouts().Get(id)
			if err == nil && (po.Status == apitype.PayoutPosted || po.UpdatedAt.After(l.LastUpdated)) {
				continue
			}
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if errors.Is(err, store.ErrNotFound) {
				po = store.Payout{Payout: apitype.Payout{ID: id, Date: l.DateCreated, Currency: l.Currency,
					Transferred: -l.Amount, Status: apitype.PayoutPreview, JournalExtID: JournalExternalID(id)}}
				if err := tx.Payouts().Put(po); err != nil {
					return err
				}
			}
			if _, err := tx.Work().Ensure(apitype.FlowPayouts, id); err != nil {
				return err
			}
			keys = append(keys, id)
		}
		if newest.After(cur.Time) {
			return tx.Cursors().Set(apitype.FlowPayouts, store.Cursor{Time: newest})
		}
		return nil
	})
	return keys, len(lines), err
}

func throttledNow(err error) bool {
	var me *mirakl.Error
	return errors.As(err, &me) && me.Throttled
}

// reconcile rebuilds a payout's preview from its transaction lines and, with
// payouts.auto_post, posts a clean one.
func (p *Payouts) reconcile(ctx context.Context, id string) error {
	var po store.Payout
	if err := p.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		po, err = tx.Payouts().Get(id)
		return err
	}); err != nil {
		return err
	}
	if po.Status == apitype.PayoutPosted {
		return p.d.DB.Update(ctx, func(tx *store.Tx) error { return tx.Work().Done(apitype.FlowPayouts, id) })
	}
	lines, err := p.d.Source.ListTransactionLines(ctx, mirakl.TransactionsQuery{BillingCycleIDs: []string{id}})
	if err != nil {
		if throttledNow(err) {
			var me *mirakl.Error
			errors.As(err, &me)
			return engine.RetryAfter(err, me.RetryAfter)
		}
		return err
	}
	// The transfer is what the PAYMENT line says, unless SBC11 (which may
	// be read once a day) can be read now: then the cycle's own figure, with
	// its bank state and reference, is what the lines must tie out to.
	var payment money.Amount
	hasPayment := false
	for _, l := range lines {
		if l.Type == ledger.PaymentType {
			payment -= l.Amount
			hasPayment = true
		}
	}
	if hasPayment {
		po.Transferred = payment
	}
	if cycles, err := p.d.Source.ListBillingCycles(ctx, mirakl.BillingCyclesQuery{IDs: []string{id}}); err == nil {
		for _, c := range cycles {
			if c.ID == id {
				po.Date, po.Currency, po.Transferred = c.DateCreated, c.Currency, c.AmountTransferredToSeller
				po.PayoutState, po.Reference = c.PayOut.State, c.PayOut.Reference
			}
		}
	} else if !throttledNow(err) {
		return err
	}
	return p.preview(ctx, po, lines)
}

// preview builds the journal, runs every check, and stores the result with
// its exceptions; each check that fails is one exception, and fixing its
// cause (then retrying) rebuilds the preview.
func (p *Payouts) preview(ctx context.Context, po store.Payout, lines []mirakl.TransactionLine) error {
	c := p.d.Config.Payouts
	entries := make([]ledger.Entry, 0, len(lines))
	orders := map[string]bool{}
	for _, l := range lines {
		entries = append(entries, ledger.Entry{Type: l.Type, Amount: l.Amount})
		if l.Entities.Order != nil && l.Entities.Order.ID != "" {
			orders[l.Entities.Order.ID] = true
		}
	}
	accounts := ledger.Accounts{ByType: c.Accounts, Clearing: c.ClearingAccount, Bank: c.BankAccount}
	j, jerr := ledger.BuildPayoutJournal(ledger.Payout{ID: po.ID, Transferred: po.Transferred, Entries: entries}, accounts)
	po.Journal = po.Journal[:0]
	for _, l := range j.Lines {
		po.Journal = append(po.Journal, apitype.JournalLine{Account: l.Account, Debit: l.Debit, Credit: l.Credit, Memo: l.Memo, Type: l.Type})
	}
	po.Totals = po.Totals[:0]
	for _, t := range j.Totals {
		po.Totals = append(po.Totals, apitype.PayoutTotal{Type: t.Type, Count: t.Count, Amount: t.Amount})
	}
	po.TotalDebit, po.TotalCredit, po.Orders = j.TotalDebit, j.TotalCredit, len(orders)

	var problems []Problem
	var ue *ledger.UnmappedError
	var te *ledger.TieOutError
	switch {
	case errors.As(jerr, &ue):
		problems = append(problems, Problem{Type: apitype.ExcUnmappedFeeType,
			Reason:  fmt.Sprintf("payout %s has transaction types with no GL account: %s", po.ID, strings.Join(ue.Types, ", ")),
			Field:   "payouts.accounts",
			Fix:     "Map each type to a NetSuite account in payouts.accounts (fees and charges need their own), restart the agent, then retry.",
			Details: map[string]string{"types": strings.Join(ue.Types, ", ")}})
	case errors.As(jerr, &te):
		problems = append(problems, Problem{Type: apitype.ExcPayoutTieOut,
			Reason: fmt.Sprintf("payout %s does not tie out: %s", po.ID, te.Error()), Field: "amount_transferred_to_seller",
			Fix:     "Compare the billing cycle's transactions in the Mirakl back office with its payment; the marketplace must explain the difference before this posts.",
			Details: map[string]string{"transferred": te.Transferred.String(), "lines": te.Lines.String()}})
	case jerr != nil:
		problems = append(problems, Problem{Type: apitype.ExcPayoutTieOut, Reason: fmt.Sprintf("payout %s: %v", po.ID, jerr),
			Fix: "The journal was refused; report it with the payout id."})
	}
	var missing, drift []string
	err := p.d.DB.View(ctx, func(tx *store.Tx) error {
		for id := range orders {
			o, err := tx.Orders().Get(id)
			if errors.Is(err, store.ErrNotFound) || err == nil && o.SalesOrderID == "" {
				missing = append(missing, id)
				continue
			}
			if err != nil {
				return err
			}
		}
		d, err := p.commissionDrift(tx, lines)
		drift = d
		return err
	})
	if err != nil {
		return err
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		problems = append(problems, Problem{Type: apitype.ExcPayoutOrder,
			Reason:  fmt.Sprintf("payout %s pays for %d order(s) with no Sales Order in NetSuite: %s", po.ID, len(missing), strings.Join(missing, ", ")),
			Field:   "entities.order.id",
			Fix:     "Resolve those orders' exceptions so they reach NetSuite (or enter them by hand), then retry the payout.",
			Details: map[string]string{"orders": strings.Join(missing, ", ")}})
	}
	if len(drift) > 0 {
		problems = append(problems, Problem{Type: apitype.ExcCommissionChanged,
			Reason:  fmt.Sprintf("payout %s charges commission off the agreed rates: %s", po.ID, strings.Join(drift, "; ")),
			Field:   "payouts.commission_rates",
			Fix:     "Take it up with the marketplace, or update payouts.commission_rates if the rate card changed; then retry.",
			Details: map[string]string{"lines": strings.Join(drift, "; ")}})
	}
	if len(problems) > 0 {
		po.Status = apitype.PayoutBlocked
	} else {
		po.Status = apitype.PayoutPreview
	}
	ids, err := p.record(ctx, po, problems)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return engine.Blocked(fmt.Errorf("payout %s blocked by %s", po.ID, strings.Join(ids, ", ")))
	}
	if c.AutoPost {
		_, err := p.Post(ctx, po.ID, "jlsync (payouts.auto_post)")
		return err
	}
	return nil
}

// commissionDrift compares each commission line with the agreed rate for its
// order line's category, when one is configured.
func (p *Payouts) commissionDrift(tx *store.Tx, lines []mirakl.TransactionLine) ([]string, error) {
	rates := p.d.Config.Payouts.CommissionRates
	if len(rates) == 0 {
		return nil, nil
	}
	tol := money.Amount(1)
	if t, err := money.Parse(p.d.Config.Payouts.CommissionTolerance); err == nil {
		tol = t
	}
	var out []string
	cache := map[string]mirakl.Order{}
	for _, l := range lines {
		if l.Type != "COMMISSION_FEE" || l.Entities.Order == nil || l.Entities.OrderLine == nil {
			continue
		}
		mo, ok := cache[l.Entities.Order.ID]
		if !ok {
			o, err := tx.Orders().Get(l.Entities.Order.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if err := decodeOrder(o, &mo); err != nil {
				continue
			}
			cache[l.Entities.Order.ID] = mo
		}
		for _, ol := range mo.Lines {
			if ol.ID != l.Entities.OrderLine.ID {
				continue
			}
			rs, ok := rates[ol.CategoryCode]
			if !ok {
				continue
			}
			r, err := money.ParsePercent(rs)
			if err != nil {
				continue
			}
			want := r.Apply(ol.Price)
			if got := -l.Amount; (got - want).Abs() > tol {
				out = append(out, fmt.Sprintf("line %s (%s) charged %s, %s of %s is %s", ol.ID, ol.CategoryCode, got, r, ol.Price, want))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// record stores the payout and its exceptions in one transaction, closing
// exceptions whose cause is gone.
func (p *Payouts) record(ctx context.Context, po store.Payout, problems []Problem) ([]string, error) {
	var ids []string
	err := p.d.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		ids, err = setExceptions(tx, p.d.Config, subject{flow: apitype.FlowPayouts, key: po.ID, ref: "payout:" + po.ID,
			text: fmt.Sprintf("payout %s (%s)", po.ID, po.Transferred.Format(po.Currency))}, problems)
		if err != nil {
			return err
		}
		po.Exceptions = ids
		if err := tx.Payouts().Put(po); err != nil {
			return err
		}
		if len(problems) > 0 {
			return blockWork(tx, apitype.FlowPayouts, po.ID, "")
		}
		return tx.Work().Done(apitype.FlowPayouts, po.ID)
	})
	return ids, err
}

// ErrNotPostable is returned by Post for a payout that is blocked or posted.
var ErrNotPostable = errors.New("payout cannot be posted")

// Post writes a payout's Journal Entry to NetSuite (upsert JL-PAY-<id>, so a
// repeat never makes a second entry) and records who posted it.
func (p *Payouts) Post(ctx context.Context, id, actor string) (store.Payout, error) {
	var po store.Payout
	if err := p.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		po, err = tx.Payouts().Get(id)
		return err
	}); err != nil {
		return po, err
	}
	switch po.Status {
	case apitype.PayoutPosted:
		return po, fmt.Errorf("%w: payout %s is already posted as %s", ErrNotPostable, id, po.JournalID)
	case apitype.PayoutBlocked:
		return po, fmt.Errorf("%w: payout %s is blocked by %s; fix those first", ErrNotPostable, id, strings.Join(po.Exceptions, ", "))
	}
	if po.TotalDebit != po.TotalCredit || len(po.Journal) == 0 {
		return po, fmt.Errorf("%w: payout %s's journal does not balance (%s against %s)", ErrNotPostable, id, po.TotalDebit, po.TotalCredit)
	}
	c := p.d.Config
	je := netsuite.JournalEntry{
		ExternalID: po.JournalExtID,
		TranDate:   po.Date.In(london).Format("2006-01-02"),
		Subsidiary: netsuite.NewRef(c.NetSuite.Subsidiary),
		Currency:   netsuite.NewRef(c.NetSuite.Currency),
		Memo:       fmt.Sprintf("John Lewis Marketplace payout %s %s", po.ID, po.Reference),
		Line:       &netsuite.JournalEntryLines{},
	}
	for _, l := range po.Journal {
		jl := netsuite.JournalEntryLine{Account: &netsuite.Ref{ID: l.Account}, Memo: l.Memo}
		if l.Debit != 0 {
			d := l.Debit
			jl.Debit = &d
		} else {
			cr := l.Credit
			jl.Credit = &cr
		}
		je.Line.Items = append(je.Line.Items, jl)
	}
	jid, err := p.d.Poster.UpsertJournalEntry(ctx, je.ExternalID, je)
	if err != nil {
		return po, fmt.Errorf("NetSuite refused Journal Entry %s: %w", je.ExternalID, err)
	}
	err = p.d.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Payouts().Get(id)
		if err != nil {
			return err
		}
		now := tx.Now()
		cur.Status, cur.JournalID, cur.PostedAt, cur.PostedBy, cur.Posted = apitype.PayoutPosted, jid, &now, actor, true
		po = cur
		if err := tx.Payouts().Put(cur); err != nil {
			return err
		}
		return tx.Audit().Record(store.AuditEntry{Actor: actor, Action: "payout.post", Target: id,
			After: []byte(fmt.Sprintf(`{"journal_id":%q,"external_id":%q,"debit":%q}`, jid, je.ExternalID, po.TotalDebit))})
	})
	p.flow.MarkDirty()
	return po, err
}

func decodeOrder(o store.Order, mo *mirakl.Order) error { return json.Unmarshal(o.Source, mo) }
