package skumap

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/styles"
)

// form adds or edits one mapping.
type form struct {
	active  bool
	editing bool // the SKU is fixed; only the item id changes
	saving  bool
	sku     components.Input
	item    components.Input
	err     string
}

func (f *form) open(sku, item string, editing bool) {
	*f = form{
		active:  true,
		editing: editing,
		sku:     components.NewInput("Offer SKU:        ", "the seller SKU on the marketplace"),
		item:    components.NewInput("NetSuite item id: ", "internal id of the NetSuite item"),
	}
	f.sku.SetValue(sku)
	f.item.SetValue(item)
	// Start where the operator has something to type.
	if sku == "" {
		f.sku.Focus()
	} else {
		f.item.Focus()
	}
}

func (f *form) openNew(sku string) { f.open(sku, "", false) }

func (f *form) openEdit(m apitype.SKUMapping) { f.open(m.OfferSKU, m.ItemID, true) }

func (f *form) close() { *f = form{} }

func (m *Model) formKey(msg tea.KeyMsg) tea.Cmd {
	k, f := m.c.Keys, &m.form
	if f.saving {
		return nil // one save at a time
	}
	switch {
	case key.Matches(msg, k.Cancel):
		f.close()
		return nil
	case key.Matches(msg, k.Confirm):
		sku, item := strings.TrimSpace(f.sku.Value()), strings.TrimSpace(f.item.Value())
		if msg := Validate(sku, item); msg != "" {
			f.err = msg
			return nil
		}
		f.err, f.saving = "", true
		return m.save(sku, item)
	case key.Matches(msg, k.NextField) && !f.editing:
		if f.sku.Focused() {
			f.sku.Blur()
			f.item.Focus()
		} else {
			f.item.Blur()
			f.sku.Focus()
		}
		return nil
	}
	f.err = ""
	f.sku.Update(msg)
	f.item.Update(msg)
	return nil
}

// Validate checks a mapping before it is sent, returning what is wrong or "".
func Validate(sku, item string) string {
	switch {
	case sku == "":
		return "the offer SKU is required"
	case item == "":
		return "the NetSuite item id is required"
	}
	return ""
}

func (f *form) view(s *styles.Styles, width int) string {
	title := "New SKU mapping"
	if f.editing {
		title = "Edit SKU mapping"
	}
	f.sku.Width = max(10, width-24)
	f.item.Width = f.sku.Width
	var b strings.Builder
	b.WriteString(s.Title.Render(title) + "\n\n")
	b.WriteString(f.sku.View(s.Cursor, s.Muted) + "\n")
	b.WriteString(f.item.View(s.Cursor, s.Muted) + "\n\n")
	switch {
	case f.saving:
		b.WriteString(s.Muted.Render("Saving…"))
	case f.err != "":
		b.WriteString(s.Error.Render(f.err))
	default:
		b.WriteString(s.Muted.Render("enter saves · esc cancels"))
	}
	return s.Dialog.Width(max(20, width-2)).Render(b.String())
}
