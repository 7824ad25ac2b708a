package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// KV is a label and its value in a detail view.
type KV struct{ Label, Value string }

// RenderKV lays out pairs as an aligned two-column block; empty values are
// skipped so optional fields do not leave blank rows.
func RenderKV(label lipgloss.Style, pairs []KV) string {
	w := 0
	for _, p := range pairs {
		if p.Value != "" {
			w = max(w, lipgloss.Width(p.Label))
		}
	}
	var b strings.Builder
	for _, p := range pairs {
		if p.Value == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(label.Render(p.Label + strings.Repeat(" ", w-lipgloss.Width(p.Label)+2)))
		// Continuation lines start under the value, not under the label.
		b.WriteString(strings.ReplaceAll(p.Value, "\n", "\n"+strings.Repeat(" ", w+2)))
	}
	return b.String()
}
