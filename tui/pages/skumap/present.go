package skumap

import (
	"time"

	"github.com/charmbracelet/bubbles/table"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// columns of the mapping table.
var columns = []components.Col{
	{Title: "OFFER SKU", Min: 14, Weight: 2},
	{Title: "NETSUITE ITEM", Min: 13, Weight: 1},
	{Title: "SOURCE", Min: 8},
	{Title: "UPDATED BY", Min: 10},
	{Title: "UPDATED", Min: 8},
}

// Row is one mapping as a table row.
func Row(now time.Time, m apitype.SKUMapping) table.Row {
	return table.Row{
		m.OfferSKU,
		m.ItemID,
		format.Or(m.Source, "-"),
		format.Or(m.UpdatedBy, "-"),
		format.AgoT(now, m.UpdatedAt),
	}
}

// Summary is the line above the table.
func Summary(n int, filter string) string {
	s := format.Plural(n, "mapping", "mappings")
	if n >= listLimit {
		s = "First " + s + " (filter to narrow)"
	}
	if filter != "" {
		s += " matching “" + filter + "”"
	}
	return s
}

// Saved is the status-bar message after a mapping was written.
func Saved(m apitype.SKUMapping) string {
	return "SKU " + m.OfferSKU + " now maps to NetSuite item " + m.ItemID
}
