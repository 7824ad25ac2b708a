package payouts

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// columns of the payout list.
var columns = []components.Col{
	{Title: "DATE", Min: 11},
	{Title: "CYCLE", Min: 10, Weight: 1},
	{Title: "PAYOUT", Min: 8},
	{Title: "TRANSFERRED", Min: amountWidth},
	{Title: "STATUS", Min: 8},
	{Title: "EXCEPTIONS", Min: 10},
}

// amountWidth fits "£1,234,567.89": amounts are right-aligned in it so
// their decimal points line up down the column.
const amountWidth = 13

// Empty is what the tab says before the first billing cycle closes.
const Empty = "No billing cycle has closed yet. Payouts appear here when the marketplace closes one."

// Row is one payout as a list row.
func Row(now time.Time, p apitype.Payout) table.Row {
	exc := "-"
	if n := len(p.Exceptions); n > 0 {
		exc = strconv.Itoa(n)
	}
	return table.Row{
		day(now, p.Date),
		p.ID,
		format.Or(p.PayoutState, "-"),
		padLeft(p.Transferred.Format(p.Currency), amountWidth),
		format.Or(p.Status, "-"),
		exc,
	}
}

// Matches reports whether the filter text q (case-insensitive, every word
// must appear somewhere) matches the payout.
func Matches(p apitype.Payout, q string) bool {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return true
	}
	hay := append([]string{p.ID, p.PayoutState, p.Status, p.Reference, p.JournalExtID, p.JournalID,
		p.Date.Format("02 Jan 2006")}, p.Exceptions...)
	all := strings.ToLower(strings.Join(hay, "\x00"))
	for _, w := range words {
		if !strings.Contains(all, w) {
			return false
		}
	}
	return true
}

// Summary is the line above the list: how many payouts, and how many need
// the operator (a preview to post, a block to clear).
func Summary(all []apitype.Payout, shown int, filter string) string {
	var preview, blocked int
	for _, p := range all {
		switch p.Status {
		case apitype.PayoutPreview:
			preview++
		case apitype.PayoutBlocked:
			blocked++
		}
	}
	s := "Payouts: " + format.Count(int64(len(all)))
	if preview > 0 {
		s += " · " + strconv.Itoa(preview) + " to post"
	}
	if blocked > 0 {
		s += " · " + strconv.Itoa(blocked) + " blocked"
	}
	if filter != "" {
		s += " · " + format.Plural(shown, "match", "matches") + " for “" + filter + "”"
	}
	return s
}

// FlowLine is the payouts flow's health in one line; ok is false when the
// agent reports no such flow.
func FlowLine(now time.Time, f apitype.FlowHealth, ok bool) string {
	if !ok {
		return "Payouts flow: not reported by this agent"
	}
	s := "Payouts flow: " + format.Or(f.State, "unknown") + " · last run " + format.Ago(now, f.LastRunAt)
	if e := format.OneLine(f.LastError); e != "" {
		s += " · last error: " + e
	}
	return s
}

// Heading is the one-line title of the journal preview.
func Heading(p apitype.Payout) string {
	return "Payout " + p.ID + " · " + format.Or(p.PayoutState, "?") + " · " + format.Or(p.Status, "?")
}

// ExtID is the Journal Entry's external id: the agent's, or the one it
// builds (JL-PAY-<cycle>) when it sent none.
func ExtID(p apitype.Payout) string { return format.Or(p.JournalExtID, "JL-PAY-"+p.ID) }

// DetailText is the journal preview: the payout, its totals per transaction
// type and the Journal Entry as it will be (or was) posted. Amounts are in
// the payout's currency; times in now's location.
func DetailText(now time.Time, p apitype.Payout) string {
	status := p.Status
	switch p.Status {
	case apitype.PayoutPreview:
		status += ": balanced, not posted yet"
	case apitype.PayoutBlocked:
		status += ": cannot be posted until its exceptions are closed"
	}
	blocked := ""
	if len(p.Exceptions) > 0 {
		blocked = strings.Join(p.Exceptions, ", ") + " (see the Exceptions tab)"
	}
	posted := ""
	if p.PostedAt != nil {
		posted = stamp(now, *p.PostedAt)
	}
	var b strings.Builder
	b.WriteString(components.RenderKV(lipgloss.NewStyle(), []components.KV{
		{Label: "Cycle", Value: p.ID},
		{Label: "Date", Value: stamp(now, p.Date)},
		{Label: "Payout state", Value: p.PayoutState},
		{Label: "Reference", Value: format.Or(p.Reference, "-")},
		{Label: "Transferred", Value: p.Transferred.Format(p.Currency)},
		{Label: "Orders", Value: countOrBlank(p.Orders)},
		{Label: "Status", Value: status},
		{Label: "Blocked by", Value: blocked},
		{Label: "Journal Entry", Value: journalRef(p)},
		{Label: "Posted by", Value: p.PostedBy},
		{Label: "Posted at", Value: posted},
	}))
	b.WriteString("\n\nTotals by transaction type\n" + format.Indent(TotalsTable(p), "  "))
	b.WriteString("\n\nJournal Entry " + ExtID(p) + "\n" + format.Indent(JournalTable(p), "  "))
	return b.String()
}

// TotalsTable lists what each marketplace transaction type added to (+) or
// took from (-) the payout, and their net, which is what was transferred
// unless something is missing.
func TotalsTable(p apitype.Payout) string {
	if len(p.Totals) == 0 {
		return "(no transactions)"
	}
	rows := make([][]string, 0, len(p.Totals)+1)
	var net money.Amount
	for _, t := range p.Totals {
		rows = append(rows, []string{t.Type, strconv.Itoa(t.Count), t.Amount.Format(p.Currency)})
		net += t.Amount
	}
	rows = append(rows, []string{"NET", "", net.Format(p.Currency)})
	header := []string{"TYPE", "COUNT", "AMOUNT"}
	alignRight(header, rows, 1, 2)
	return components.TextTable(header, rows)
}

// JournalTable is the Journal Entry's lines, a totals row and whether the
// entry balances. The totals are the agent's, as it will post them.
func JournalTable(p apitype.Payout) string {
	if len(p.Journal) == 0 {
		return "(no lines)"
	}
	cur := p.Currency
	side := func(a money.Amount) string {
		if a == 0 {
			return ""
		}
		return a.Format(cur)
	}
	rows := make([][]string, 0, len(p.Journal)+1)
	for _, l := range p.Journal {
		rows = append(rows, []string{l.Account, side(l.Debit), side(l.Credit), format.OneLine(l.Memo)})
	}
	rows = append(rows, []string{"TOTAL", p.TotalDebit.Format(cur), p.TotalCredit.Format(cur), Balance(p)})
	header := []string{"ACCOUNT", "DEBIT", "CREDIT", "MEMO"}
	alignRight(header, rows, 1, 2)
	return components.TextTable(header, rows)
}

// Balance is the marker of the totals row. An entry that does not balance
// is what blocks a payout most often, so it says by how much.
func Balance(p apitype.Payout) string {
	d := p.TotalDebit - p.TotalCredit
	if d == 0 {
		return "balanced"
	}
	side := "debits"
	if d < 0 {
		side = "credits"
	}
	return "NOT balanced: " + side + " exceed by " + d.Abs().Format(p.Currency)
}

// NotPostable says why p cannot be posted, or "" when it can.
func NotPostable(p apitype.Payout) string {
	switch p.Status {
	case apitype.PayoutPreview:
		return ""
	case apitype.PayoutPosted:
		return "payout " + p.ID + " is already posted as " + format.Or(p.JournalID, ExtID(p))
	case apitype.PayoutBlocked:
		s := "payout " + p.ID + " is blocked"
		if len(p.Exceptions) > 0 {
			s += " by " + strings.Join(p.Exceptions, ", ")
		}
		return s + ": see the Exceptions tab"
	}
	return "payout " + p.ID + " is " + format.Or(p.Status, "in an unknown state") + ": only a preview can be posted"
}

// Question is the confirmation asked before posting.
func Question(p apitype.Payout) string {
	return "Post Journal Entry " + ExtID(p) + " for " + p.Transferred.Format(p.Currency) + " to NetSuite?"
}

// Posted is the status-bar message after a post succeeded.
func Posted(p apitype.Payout) string {
	return ExtID(p) + " posted as " + format.Or(p.JournalID, "(no NetSuite id reported)")
}

// PostFailed is the status-bar message after a post failed. A refusal (409)
// shows the agent's reason alone: it is the operator's next step, and the
// status code adds nothing.
func PostFailed(id string, err error) string {
	var ae *client.APIError
	if client.IsConflict(err) && errors.As(err, &ae) {
		return "payout " + id + " not posted: " + ae.Message
	}
	return "post payout " + id + ": " + err.Error()
}

func journalRef(p apitype.Payout) string {
	if p.JournalID != "" {
		return ExtID(p) + " · NetSuite id " + p.JournalID
	}
	return ExtID(p)
}

func day(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(now.Location()).Format("02 Jan 2006")
}

func stamp(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(now.Location()).Format("02 Jan 2006 15:04") + " (" + format.AgoT(now, t) + ")"
}

func countOrBlank(n int) string {
	if n == 0 {
		return ""
	}
	return format.Count(int64(n))
}

// alignRight pads the cells of the given columns, header included, to the
// column's widest cell, so amounts line up on their decimal points.
func alignRight(header []string, rows [][]string, cols ...int) {
	for _, c := range cols {
		w := lipgloss.Width(header[c])
		for _, r := range rows {
			w = max(w, lipgloss.Width(r[c]))
		}
		header[c] = padLeft(header[c], w)
		for _, r := range rows {
			r[c] = padLeft(r[c], w)
		}
	}
}

func padLeft(s string, w int) string {
	if n := w - lipgloss.Width(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}
