package components

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/tui/keys"
	"github.com/jlsync/jlsync/tui/styles"
)

// Answer is what a key did to an open confirmation.
type Answer int

const (
	Pending   Answer = iota // still open
	Confirmed               // the operator said yes
	Cancelled               // the operator said no
)

// Confirm asks before a change reaches the agent. With a note field the
// operator can say why (it lands in the audit log); without one, y and n
// answer as well as enter and esc.
type Confirm struct {
	Question string
	note     Input
	withNote bool
	open     bool
}

// Open shows the question. withNote adds an optional free-text note.
func (c *Confirm) Open(question string, withNote bool) {
	c.Question, c.withNote, c.open = question, withNote, true
	c.note = NewInput("Note (optional): ", "")
	if withNote {
		c.note.Focus()
	}
}

// Active reports whether the dialog is showing.
func (c *Confirm) Active() bool { return c.open }

// Note returns what the operator typed.
func (c *Confirm) Note() string { return c.note.Value() }

// HandleKey applies a key and closes the dialog once answered.
func (c *Confirm) HandleKey(msg tea.KeyMsg, k *keys.KeyMap) Answer {
	switch {
	case key.Matches(msg, k.Confirm), !c.withNote && msg.String() == "y":
		c.open = false
		return Confirmed
	case key.Matches(msg, k.Cancel), !c.withNote && msg.String() == "n":
		c.open = false
		return Cancelled
	}
	if c.withNote {
		c.note.Update(msg)
	}
	return Pending
}

// Help lists the dialog's keys.
func (c *Confirm) Help(k *keys.KeyMap) []key.Binding {
	if c.withNote {
		return []key.Binding{k.Confirm, k.Cancel}
	}
	return []key.Binding{
		key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "yes")),
		key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
	}
}

// View renders the dialog box, width cells wide at most.
func (c *Confirm) View(s *styles.Styles, width int) string {
	body := c.Question
	if c.withNote {
		c.note.Width = max(10, width-24)
		body += "\n" + c.note.View(s.Cursor, s.Muted) + "\n" + s.Muted.Render("enter confirm · esc cancel")
	} else {
		body += "  " + s.Muted.Render("[y/n]")
	}
	return s.Dialog.Width(max(20, width-2)).Render(body)
}

// Overlay draws the dialog, when it is showing, under content: a page
// of height lines that stays visible above the question.
func (c *Confirm) Overlay(content string, s *styles.Styles, width, height int) string {
	if !c.open {
		return content
	}
	return Place(content, c.View(s, width), height)
}

// Place draws the dialog under content, keeping the total height to height
// lines by dropping content from the bottom.
func Place(content, dialog string, height int) string {
	dh := lipgloss.Height(dialog)
	return lipgloss.JoinVertical(lipgloss.Left, ClipHeight(content, height-dh), dialog)
}
