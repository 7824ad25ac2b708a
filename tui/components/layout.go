package components

import (
	"strings"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/x/ansi"

	"github.com/jlsync/jlsync/tui/common"
)

// Col describes a table column for FitColumns.
type Col struct {
	Title  string
	Min    int // cells the column always gets
	Weight int // share of the spare width; 0 keeps the column at Min
}

// cellPadding is what the table style adds around each cell (one space on
// either side).
const cellPadding = 2

// FitColumns sizes columns to fill width: every column gets Min, and what is
// left is shared by Weight. When the window is too narrow the weighted
// columns give their width back first, down to 3 cells.
func FitColumns(width int, cols []Col) []table.Column {
	out := make([]table.Column, len(cols))
	spare := width - cellPadding*len(cols)
	weights := 0
	for i, c := range cols {
		out[i] = table.Column{Title: c.Title, Width: c.Min}
		spare -= c.Min
		weights += c.Weight
	}
	if weights == 0 {
		return out
	}
	if spare < 0 {
		// Take the deficit from the flexible columns, evenly.
		for i := range out {
			if spare >= 0 {
				break
			}
			if cols[i].Weight == 0 {
				continue
			}
			give := min(out[i].Width-3, -spare)
			if give > 0 {
				out[i].Width -= give
				spare += give
			}
		}
		return out
	}
	given := 0
	last := -1
	for i, c := range cols {
		if c.Weight == 0 {
			continue
		}
		add := spare * c.Weight / weights
		out[i].Width += add
		given += add
		last = i
	}
	out[last].Width += spare - given // rounding leftovers
	return out
}

// NewTable returns a focused table using the console's keys and styles. The
// columns are set at once (at their minimum widths) because the table cannot
// render rows before it has columns; SetSize widens them later.
func NewTable(c *common.Common, cols []Col) table.Model {
	return table.New(
		table.WithColumns(FitColumns(0, cols)),
		table.WithFocused(true),
		table.WithKeyMap(c.Keys.Table()),
		table.WithStyles(c.Styles.Table),
	)
}

// NewViewport returns a scrolling view that moves with the console's keys.
func NewViewport(c *common.Common) viewport.Model {
	vp := viewport.New(0, 0)
	vp.KeyMap = c.Keys.Viewport()
	return vp
}

// ClipHeight keeps the first n lines of s (none if n <= 0).
func ClipHeight(s string, n int) string {
	if n <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// ClipWidth cuts every line of s to at most w cells.
func ClipWidth(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}

// Fit clips s to a w x h box: what every page view goes through before the
// root lays it out, so one overlong line cannot wrap and push the status bar
// off screen.
func Fit(s string, w, h int) string { return ClipWidth(ClipHeight(s, h), w) }

// SetRows replaces a table's rows and keeps its cursor on a row. The bubbles
// table parks the cursor at -1 when it is given no rows and leaves it there
// when rows arrive later, which would make every row unselectable.
func SetRows(t *table.Model, rows []table.Row) {
	t.SetRows(rows)
	if len(rows) > 0 && t.Cursor() < 0 {
		t.SetCursor(0)
	}
}
