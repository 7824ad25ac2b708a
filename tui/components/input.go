// Package components holds the widgets several pages share: a one-line text
// input, a list filter, a confirmation dialog, table sizing and filling and
// a reload coalescer.
package components

import (
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Input is a one-line text field. bubbles/textinput would pull in a
// clipboard dependency the module does not carry; the console only needs
// typing, editing and paste, which this covers.
type Input struct {
	Prompt      string
	Placeholder string
	Width       int // cells for the text, not counting the prompt; 0 = unbounded

	value   []rune
	pos     int
	focused bool
}

// NewInput returns an empty, unfocused input.
func NewInput(prompt, placeholder string) Input {
	return Input{Prompt: prompt, Placeholder: placeholder}
}

// Focus gives the input the keyboard.
func (in *Input) Focus() { in.focused = true }

// Blur takes the keyboard away.
func (in *Input) Blur() { in.focused = false }

// Focused reports whether the input has the keyboard.
func (in *Input) Focused() bool { return in.focused }

// Value returns the text.
func (in *Input) Value() string { return string(in.value) }

// SetValue replaces the text and puts the cursor at its end.
func (in *Input) SetValue(s string) {
	in.value = []rune(s)
	in.pos = len(in.value)
}

// Update applies a key to a focused input and reports whether the text
// changed. Keys it does not use (enter, esc, tab) are left to the caller.
func (in *Input) Update(msg tea.KeyMsg) bool {
	if !in.focused {
		return false
	}
	before := string(in.value)
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		in.insert(msg.Runes)
	case tea.KeyBackspace:
		if in.pos > 0 {
			in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
			in.pos--
		}
	case tea.KeyDelete:
		if in.pos < len(in.value) {
			in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
		}
	case tea.KeyLeft:
		in.pos = max(0, in.pos-1)
	case tea.KeyRight:
		in.pos = min(len(in.value), in.pos+1)
	case tea.KeyHome, tea.KeyCtrlA:
		in.pos = 0
	case tea.KeyEnd, tea.KeyCtrlE:
		in.pos = len(in.value)
	case tea.KeyCtrlU:
		in.value = in.value[in.pos:]
		in.pos = 0
	case tea.KeyCtrlK:
		in.value = in.value[:in.pos]
	}
	return string(in.value) != before
}

func (in *Input) insert(rs []rune) {
	clean := make([]rune, 0, len(rs))
	for _, r := range rs {
		// A paste can carry newlines and tabs; one-line fields want neither.
		if unicode.IsControl(r) {
			r = ' '
		}
		clean = append(clean, r)
	}
	tail := append(clean, in.value[in.pos:]...)
	in.value = append(in.value[:in.pos], tail...)
	in.pos += len(clean)
}

// View renders the prompt and the text, with the cursor drawn in cursor
// style while focused. When the text is wider than Width, the part around
// the cursor is shown.
func (in *Input) View(cursor, placeholder lipgloss.Style) string {
	var b strings.Builder
	b.WriteString(in.Prompt)
	if len(in.value) == 0 && !in.focused {
		b.WriteString(placeholder.Render(in.Placeholder))
		return b.String()
	}
	start := 0
	if in.Width > 0 && in.pos >= in.Width {
		start = in.pos - in.Width + 1
	}
	end := len(in.value)
	if in.Width > 0 {
		end = min(end, start+in.Width)
	}
	for i := start; i < end; i++ {
		if in.focused && i == in.pos {
			b.WriteString(cursor.Render(string(in.value[i])))
			continue
		}
		b.WriteRune(in.value[i])
	}
	if in.focused && in.pos == len(in.value) {
		b.WriteString(cursor.Render(" "))
	}
	return b.String()
}
