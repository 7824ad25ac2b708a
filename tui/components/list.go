package components

import (
	"time"

	"github.com/charmbracelet/bubbles/table"

	"github.com/jlsync/jlsync/tui/styles"
)

// SizeTable spreads a table over the page's width w, with h lines for its
// header and rows.
func SizeTable(t *table.Model, cols []Col, w, h int) {
	t.SetColumns(FitColumns(w, cols))
	t.SetWidth(w)
	t.SetHeight(h)
}

// FillRows shows one row per item. Rows carry relative times, so pages call
// it again on every tick with a new now.
func FillRows[T any](t *table.Model, now time.Time, items []T, row func(time.Time, T) table.Row) {
	rows := make([]table.Row, len(items))
	for i, x := range items {
		rows[i] = row(now, x)
	}
	SetRows(t, rows)
}

// Selected returns the item under the cursor of a table filled from items.
// The cursor can point past the items while rows are being replaced, or at
// -1 in an empty table, hence ok.
func Selected[T any](t *table.Model, items []T) (x T, ok bool) {
	i := t.Cursor()
	if i < 0 || i >= len(items) {
		return x, false
	}
	return items[i], true
}

// ListStatus is the line above a loaded list: the load error, a note while
// the first load runs, then the summary. what names the list in those
// messages ("exceptions", "the SKU map").
func ListStatus(s *styles.Styles, what string, err error, loaded bool, summary string) string {
	switch {
	case err != nil:
		return s.Error.Render("Could not load " + what + ": " + err.Error())
	case !loaded:
		return s.Muted.Render("Loading " + what + "…")
	}
	return s.Title.Render(summary)
}
