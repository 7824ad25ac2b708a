package orders

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// columns of the search results.
var columns = []components.Col{
	{Title: "ORDER", Min: 14, Weight: 1},
	{Title: "COMMERCIAL", Min: 12, Weight: 1},
	{Title: "STATE", Min: 18},
	{Title: "SYNC", Min: 8},
	{Title: "SALES ORDER", Min: 11},
	{Title: "TOTAL", Min: 10},
	{Title: "UPDATED", Min: 8},
}

// Row is one search result. OrderSummary carries no currency, so the total
// is shown as a plain amount; the detail view has the currency.
func Row(now time.Time, o apitype.OrderSummary) table.Row {
	return table.Row{
		o.OrderID,
		format.Or(o.CommercialID, "-"),
		format.Or(o.State, "-"),
		format.Or(o.Sync, "-"),
		format.Or(o.SalesOrderID, "-"),
		o.Total.String(),
		format.AgoT(now, o.UpdatedAt),
	}
}

// Heading is the detail view's title.
func Heading(o apitype.Order) string {
	return "Order " + o.OrderID + " · " + format.Or(o.State, "?") + " · sync " + format.Or(o.Sync, "?")
}

// DetailText renders an order, its lines and its timeline. Times are shown
// in now's location, which is the operator's local time outside tests.
func DetailText(now time.Time, o apitype.Order) string {
	so := o.SalesOrderID
	if so != "" && o.SalesOrderExtID != "" {
		so += " (external id " + o.SalesOrderExtID + ")"
	}
	total := o.Total.Format(o.Currency)
	if o.Shipping != 0 {
		total += " incl. shipping " + o.Shipping.Format(o.Currency)
	}
	var b strings.Builder
	b.WriteString(components.RenderKV(lipgloss.NewStyle(), []components.KV{
		{Label: "Order", Value: o.OrderID},
		{Label: "Commercial id", Value: o.CommercialID},
		{Label: "Customer", Value: o.CustomerName},
		{Label: "Total", Value: total},
		{Label: "Sales order", Value: format.Or(so, "not created yet")},
		{Label: "Created", Value: stamp(now, o.CreatedAt)},
		{Label: "Updated", Value: stamp(now, o.UpdatedAt)},
		{Label: "Exceptions", Value: strings.Join(o.Exceptions, ", ")},
	}))

	lines := make([][]string, len(o.Lines))
	for i, l := range o.Lines {
		lines[i] = []string{
			l.LineID, l.OfferSKU, format.Or(l.ItemID, "unmapped"), strconv.Itoa(l.Quantity),
			l.Price.Format(o.Currency), l.Shipping.Format(o.Currency), format.Or(l.State, "-"), l.Title,
		}
	}
	b.WriteString(section("Lines", "(none)",
		[]string{"LINE", "SKU", "ITEM", "QTY", "PRICE", "SHIPPING", "STATE", "TITLE"}, lines))

	events := make([][]string, len(o.Timeline))
	for i, e := range o.Timeline {
		events[i] = []string{e.At.In(now.Location()).Format("02 Jan 15:04:05"), format.AgoT(now, e.At), e.Kind, format.OneLine(e.Detail)}
	}
	b.WriteString(section("Timeline", "(nothing recorded yet)", []string{"AT", "", "WHAT", "DETAIL"}, events))
	return b.String()
}

// section is one titled table of the detail view; empty replaces a table
// without rows, whose bare header would look like a rendering fault.
func section(title, empty string, header []string, rows [][]string) string {
	body := empty
	if len(rows) > 0 {
		body = components.TextTable(header, rows)
	}
	return "\n\n" + title + "\n" + format.Indent(body, "  ")
}

// Summary is the line above the results.
func Summary(query string, shown, total int) string {
	if query == "" {
		return "Recent orders: " + format.Count(int64(shown)) + " of " + format.Count(int64(total))
	}
	return format.Plural(total, "order matches", "orders match") + " “" + query + "”"
}

func stamp(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(now.Location()).Format("02 Jan 2006 15:04") + " (" + format.AgoT(now, t) + ")"
}
