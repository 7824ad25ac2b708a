// Package ledger turns a marketplace payout (a billing cycle's transaction
// lines) into one double-entry Journal Entry. It is pure: no store, no API,
// so every rule is a table test.
package ledger

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jlsync/jlsync/internal/money"
)

// PaymentType is the transaction type of the payout transfer itself.
const PaymentType = "PAYMENT"

// settlementTypes are the money the marketplace collected for the seller's
// orders (and gave back on refunds). They settle the receivable the Sales
// Orders created, so by default they post to the clearing account; every
// other type is a fee or charge and needs an explicit account.
var settlementTypes = map[string]bool{
	"ORDER_AMOUNT": true, "ORDER_AMOUNT_TAX": true,
	"ORDER_SHIPPING_AMOUNT": true, "ORDER_SHIPPING_AMOUNT_TAX": true,
	"REFUND_ORDER_AMOUNT": true, "REFUND_ORDER_AMOUNT_TAX": true,
	"REFUND_ORDER_SHIPPING_AMOUNT": true, "REFUND_ORDER_SHIPPING_AMOUNT_TAX": true,
}

// Entry is one transaction line of a payout: its type and the amount
// credited to the seller (negative when debited).
type Entry struct {
	Type   string
	Amount money.Amount
}

// Payout is what a journal is built from.
type Payout struct {
	ID          string
	Transferred money.Amount // what the marketplace says it paid out
	Entries     []Entry
}

// Accounts maps transaction types to NetSuite account ids.
type Accounts struct {
	ByType   map[string]string // explicit mapping, wins over the defaults
	Clearing string            // marketplace receivable: default for settlement types
	Bank     string            // where the payout lands
}

// Line is one Journal Entry line; exactly one of Debit and Credit is set.
type Line struct {
	Account string
	Debit   money.Amount
	Credit  money.Amount
	Memo    string
	Type    string
}

// Total sums one transaction type.
type Total struct {
	Type   string
	Count  int
	Amount money.Amount
}

// Journal is a payout's Journal Entry.
type Journal struct {
	Lines       []Line
	TotalDebit  money.Amount
	TotalCredit money.Amount
	Totals      []Total
}

// UnmappedError names the transaction types with no account.
type UnmappedError struct{ Types []string }

func (e *UnmappedError) Error() string {
	return "no GL account for transaction type " + strings.Join(e.Types, ", ") + " (payouts.accounts)"
}

// TieOutError says the lines do not add up to what was paid out.
type TieOutError struct {
	Transferred, Lines, Payment money.Amount
	HasPayment                  bool
}

func (e *TieOutError) Error() string {
	msg := fmt.Sprintf("the transaction lines add up to %s but the payout transferred %s", e.Lines, e.Transferred)
	if e.HasPayment && -e.Payment != e.Transferred {
		msg += fmt.Sprintf(" (the PAYMENT line says %s)", -e.Payment)
	}
	return msg
}

// ErrUnbalanced is returned if, against every rule above, debits and credits
// differ: the journal is refused rather than posted.
var ErrUnbalanced = errors.New("journal does not balance")

// Summarise totals the entries per type, in type order.
func Summarise(es []Entry) []Total {
	by := map[string]*Total{}
	for _, e := range es {
		t := by[e.Type]
		if t == nil {
			t = &Total{Type: e.Type}
			by[e.Type] = t
		}
		t.Count++
		t.Amount += e.Amount
	}
	out := make([]Total, 0, len(by))
	for _, t := range by {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

func (a Accounts) account(typ string) string {
	if acc := a.ByType[typ]; acc != "" {
		return acc
	}
	if settlementTypes[typ] {
		return a.Clearing
	}
	return ""
}

// BuildPayoutJournal makes the Journal Entry of a payout: per transaction
// type, a credit for what the marketplace collected for the seller and a
// debit for what it charged; and a debit to the bank for the transfer. It
// refuses (with the journal it could build, for a preview) when a type has
// no account, when the lines do not tie out to the transfer, or when the
// result would not balance to the penny.
func BuildPayoutJournal(p Payout, a Accounts) (Journal, error) {
	var j Journal
	var payment money.Amount
	hasPayment := false
	var rest []Entry
	for _, e := range p.Entries {
		if e.Type == PaymentType {
			payment += e.Amount
			hasPayment = true
			continue
		}
		rest = append(rest, e)
	}
	j.Totals = Summarise(p.Entries)
	var unmapped []string
	var sum money.Amount
	for _, t := range Summarise(rest) {
		sum += t.Amount
		acc := a.account(t.Type)
		if acc == "" {
			unmapped = append(unmapped, t.Type)
		}
		memo := fmt.Sprintf("%s x%d, payout %s", t.Type, t.Count, p.ID)
		switch {
		case t.Amount > 0:
			j.Lines = append(j.Lines, Line{Account: acc, Credit: t.Amount, Memo: memo, Type: t.Type})
		case t.Amount < 0:
			j.Lines = append(j.Lines, Line{Account: acc, Debit: -t.Amount, Memo: memo, Type: t.Type})
		}
	}
	if p.Transferred > 0 {
		j.Lines = append(j.Lines, Line{Account: a.Bank, Debit: p.Transferred, Memo: "payout " + p.ID + " to the bank", Type: PaymentType})
	} else if p.Transferred < 0 {
		// The seller owes the marketplace: the balance is taken, not paid.
		j.Lines = append(j.Lines, Line{Account: a.Bank, Credit: -p.Transferred, Memo: "payout " + p.ID + " collected from the seller", Type: PaymentType})
	}
	for _, l := range j.Lines {
		j.TotalDebit += l.Debit
		j.TotalCredit += l.Credit
	}
	if a.Bank == "" {
		unmapped = append(unmapped, PaymentType+" (payouts.bank_account)")
	}
	if len(unmapped) > 0 {
		return j, &UnmappedError{Types: unmapped}
	}
	if sum != p.Transferred || hasPayment && -payment != p.Transferred {
		return j, &TieOutError{Transferred: p.Transferred, Lines: sum, Payment: payment, HasPayment: hasPayment}
	}
	if j.TotalDebit != j.TotalCredit {
		return j, ErrUnbalanced
	}
	return j, nil
}
