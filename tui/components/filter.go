package components

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/tui/keys"
)

// Filter is the text filter over a list. Lists share it so that every one
// answers the same keys: / to type, enter to keep the text, esc to clear it,
// both while typing and after.
type Filter struct{ Input }

// NewFilter returns an empty, unfocused filter.
func NewFilter(placeholder string) Filter {
	return Filter{NewInput("/ ", placeholder)}
}

// HandleKey applies msg. handled reports that the key was the filter's (the
// list must not act on it), changed that the text changed (the list must be
// filtered again).
func (f *Filter) HandleKey(msg tea.KeyMsg, k *keys.KeyMap) (handled, changed bool) {
	if f.Focused() {
		switch {
		case key.Matches(msg, k.Cancel):
			f.Blur()
			return true, f.clear()
		case key.Matches(msg, k.Confirm):
			f.Blur()
			return true, false
		}
		return true, f.Update(msg)
	}
	switch {
	case key.Matches(msg, k.Filter):
		f.Focus()
		return true, false
	case key.Matches(msg, k.Back) && f.Value() != "":
		return true, f.clear()
	}
	return false, false
}

func (f *Filter) clear() bool {
	if f.Value() == "" {
		return false
	}
	f.SetValue("")
	return true
}

// Help lists the keys while the filter has the keyboard.
func (f *Filter) Help(k *keys.KeyMap) []key.Binding {
	return []key.Binding{k.Confirm, k.Cancel}
}
