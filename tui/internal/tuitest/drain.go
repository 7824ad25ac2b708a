package tuitest

import (
	tea "github.com/charmbracelet/bubbletea"
)

// Drain runs cmd and everything it leads to, synchronously: each message is
// fed back to m, and the commands m returns are run in turn. It returns
// every message seen, so a test can check for, say, a common.FlashMsg.
//
// Only for page tests: pages make requests and report back, but never
// schedule ticks, which would block here for their full duration.
func Drain(m tea.Model, cmd tea.Cmd) []tea.Msg {
	var seen []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0 && steps < 1000; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		if msg == nil {
			continue
		}
		seen = append(seen, msg)
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return seen
}

// Key returns the message of one key press, by its name as bubbletea spells
// it: "enter", "esc", "tab", "ctrl+c", or a single character.
func Key(name string) tea.KeyMsg {
	switch name {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "ctrl+k":
		return tea.KeyMsg{Type: tea.KeyCtrlK}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// Press sends keys to m one by one, draining what each leads to, and
// returns every message seen. Text is typed character by character.
func Press(m tea.Model, keys ...string) []tea.Msg {
	var seen []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(Key(k))
		seen = append(seen, Drain(m, cmd)...)
	}
	return seen
}

// Type types s, one key per character.
func Type(m tea.Model, s string) []tea.Msg {
	var seen []tea.Msg
	for _, r := range s {
		seen = append(seen, Press(m, string(r))...)
	}
	return seen
}
