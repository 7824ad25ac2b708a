// Package keys is the console's key map. Every binding lives here, and the
// help line is built from these same values, so what the help says is always
// what the keys do.
package keys

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/viewport"
)

// KeyMap holds every binding of the console.
type KeyMap struct {
	// Global (ignored while a text field or dialog has the focus, except
	// ForceQuit).
	Quit      key.Binding
	ForceQuit key.Binding
	NextTab   key.Binding
	PrevTab   key.Binding
	GoTab     key.Binding // 1-5: the digit picks the tab
	Help      key.Binding
	Reconnect key.Binding // on the disconnected screen

	// Lists and detail views.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding
	Back     key.Binding
	Filter   key.Binding

	// Page actions.
	Sync    key.Binding // Health: run the selected flow now
	Retry   key.Binding // Exceptions
	Resolve key.Binding
	Ignore  key.Binding
	MapSKU  key.Binding // unmapped_sku exception -> SKU map tab
	Edit    key.Binding // SKU map
	Delete  key.Binding
	New     key.Binding
	Post    key.Binding // Payouts: post the Journal Entry to NetSuite

	// Dialogs and forms.
	Confirm   key.Binding
	Cancel    key.Binding
	NextField key.Binding
}

// Default returns the standard bindings.
func Default() *KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	// one is a binding on a single key, which the help names as it is.
	one := func(k, desc string) key.Binding { return b([]string{k}, k, desc) }
	return &KeyMap{
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		ForceQuit: one("ctrl+c", "quit"),
		NextTab:   one("tab", "next tab"),
		PrevTab:   one("shift+tab", "previous tab"),
		GoTab:     b([]string{"1", "2", "3", "4", "5"}, "1-5", "go to tab"),
		Help:      one("?", "more keys"),
		Reconnect: b([]string{"r", "enter"}, "r", "retry now"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:      b([]string{"home", "g"}, "g", "top"),
		Bottom:   b([]string{"end", "G"}, "G", "bottom"),
		Open:     one("enter", "open"),
		Back:     one("esc", "back"),
		Filter:   one("/", "filter"),

		Sync:    one("s", "sync now"),
		Retry:   one("r", "retry"),
		Resolve: one("x", "resolve"),
		Ignore:  one("i", "ignore"),
		MapSKU:  one("m", "map this SKU"),
		Edit:    one("e", "edit"),
		Delete:  one("d", "delete"),
		New:     one("n", "new mapping"),
		Post:    one("p", "post to NetSuite"),

		Confirm:   one("enter", "confirm"),
		Cancel:    one("esc", "cancel"),
		NextField: b([]string{"tab", "down", "up", "shift+tab"}, "tab", "next field"),
	}
}

// Table returns the bindings the bubbles table uses, built from ours: its
// defaults put half-page moves on "d" and "u", which would shadow Delete.
func (k *KeyMap) Table() table.KeyMap {
	return table.KeyMap{
		LineUp:       k.Up,
		LineDown:     k.Down,
		PageUp:       k.PageUp,
		PageDown:     k.PageDown,
		HalfPageUp:   key.NewBinding(key.WithDisabled()),
		HalfPageDown: key.NewBinding(key.WithDisabled()),
		GotoTop:      k.Top,
		GotoBottom:   k.Bottom,
	}
}

// Viewport returns the bindings for scrolling detail views. They are the
// table's, so a detail view moves with the same keys as the list it came
// from, and its half-page moves are off for the same reason.
func (k *KeyMap) Viewport() viewport.KeyMap {
	t := k.Table()
	return viewport.KeyMap{
		Up:           t.LineUp,
		Down:         t.LineDown,
		PageUp:       t.PageUp,
		PageDown:     t.PageDown,
		HalfPageUp:   t.HalfPageUp,
		HalfPageDown: t.HalfPageDown,
		Left:         key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "scroll left")),
		Right:        key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "scroll right")),
	}
}
