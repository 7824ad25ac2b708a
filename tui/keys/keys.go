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
	return &KeyMap{
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		NextTab:   b([]string{"tab"}, "tab", "next tab"),
		PrevTab:   b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		GoTab:     b([]string{"1", "2", "3", "4", "5"}, "1-5", "go to tab"),
		Help:      b([]string{"?"}, "?", "more keys"),
		Reconnect: b([]string{"r", "enter"}, "r", "retry now"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:      b([]string{"home", "g"}, "g", "top"),
		Bottom:   b([]string{"end", "G"}, "G", "bottom"),
		Open:     b([]string{"enter"}, "enter", "open"),
		Back:     b([]string{"esc"}, "esc", "back"),
		Filter:   b([]string{"/"}, "/", "filter"),

		Sync:    b([]string{"s"}, "s", "sync now"),
		Retry:   b([]string{"r"}, "r", "retry"),
		Resolve: b([]string{"x"}, "x", "resolve"),
		Ignore:  b([]string{"i"}, "i", "ignore"),
		MapSKU:  b([]string{"m"}, "m", "map this SKU"),
		Edit:    b([]string{"e"}, "e", "edit"),
		Delete:  b([]string{"d"}, "d", "delete"),
		New:     b([]string{"n"}, "n", "new mapping"),

		Confirm:   b([]string{"enter"}, "enter", "confirm"),
		Cancel:    b([]string{"esc"}, "esc", "cancel"),
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

// Viewport returns the bindings for scrolling detail views, so they move
// with the same keys as the lists.
func (k *KeyMap) Viewport() viewport.KeyMap {
	return viewport.KeyMap{
		Up:           k.Up,
		Down:         k.Down,
		PageUp:       k.PageUp,
		PageDown:     k.PageDown,
		HalfPageUp:   key.NewBinding(key.WithDisabled()),
		HalfPageDown: key.NewBinding(key.WithDisabled()),
		Left:         key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "scroll left")),
		Right:        key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "scroll right")),
	}
}
