// Package styles holds every lipgloss style of the console, so pages never
// pick colours themselves and a theme change is one file.
package styles

import (
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/apitype"
)

// Styles is the console's palette.
type Styles struct {
	TabBar      lipgloss.Style
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	Rule        lipgloss.Style

	StatusBar lipgloss.Style
	StatusOK  lipgloss.Style
	StatusBad lipgloss.Style
	FlashOK   lipgloss.Style
	FlashErr  lipgloss.Style

	Title   lipgloss.Style
	Label   lipgloss.Style
	Muted   lipgloss.Style
	Error   lipgloss.Style
	Warning lipgloss.Style
	OK      lipgloss.Style
	Dialog  lipgloss.Style
	Cursor  lipgloss.Style

	Table table.Styles

	states map[string]lipgloss.Style
}

// Default returns the standard palette. Colours are adaptive so the console
// reads on light and dark terminals; under NO_COLOR (or in tests, with the
// Ascii profile) everything renders as plain text.
func Default() *Styles {
	var (
		accent = lipgloss.AdaptiveColor{Light: "#5A4FCF", Dark: "#9D8CFF"}
		muted  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
		green  = lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"}
		blue   = lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"}
		orange = lipgloss.AdaptiveColor{Light: "#BC4C00", Dark: "#F0883E"}
		red    = lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"}
		barBg  = lipgloss.AdaptiveColor{Light: "#E6E6E6", Dark: "#262626"}
	)
	s := &Styles{
		TabBar:      lipgloss.NewStyle(),
		TabActive:   lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true),
		TabInactive: lipgloss.NewStyle().Foreground(muted),
		Rule:        lipgloss.NewStyle().Foreground(muted),

		StatusBar: lipgloss.NewStyle().Background(barBg),
		StatusOK:  lipgloss.NewStyle().Background(barBg).Foreground(green),
		StatusBad: lipgloss.NewStyle().Background(barBg).Foreground(red).Bold(true),
		FlashOK:   lipgloss.NewStyle().Background(barBg).Foreground(green),
		FlashErr:  lipgloss.NewStyle().Background(barBg).Foreground(red),

		Title:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Label:   lipgloss.NewStyle().Foreground(muted),
		Muted:   lipgloss.NewStyle().Foreground(muted),
		Error:   lipgloss.NewStyle().Foreground(red),
		Warning: lipgloss.NewStyle().Foreground(orange),
		OK:      lipgloss.NewStyle().Foreground(green),
		Dialog:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(orange).Padding(0, 1),
		Cursor:  lipgloss.NewStyle().Reverse(true),

		Table: table.Styles{
			Header:   lipgloss.NewStyle().Bold(true).Padding(0, 1).Foreground(muted),
			Cell:     lipgloss.NewStyle().Padding(0, 1),
			Selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
		},
	}
	s.states = map[string]lipgloss.Style{
		apitype.FlowIdle:     lipgloss.NewStyle().Foreground(green),
		apitype.FlowRunning:  lipgloss.NewStyle().Foreground(blue),
		apitype.FlowBackoff:  lipgloss.NewStyle().Foreground(orange),
		apitype.FlowDisabled: lipgloss.NewStyle().Foreground(muted),
		apitype.FlowStopped:  lipgloss.NewStyle().Foreground(muted),
	}
	return s
}

// State returns the style of a flow state.
func (s *Styles) State(state string) lipgloss.Style {
	if st, ok := s.states[state]; ok {
		return st
	}
	return lipgloss.NewStyle()
}
