package tuitest

import (
	"os"
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
)

// Main runs a package's tests without colour, so goldens and string checks
// see the same plain text whatever terminal runs them.
func Main(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// NewPage returns a page built by newPage on the sample agent, sized w x h,
// after the agent's first snapshot and the loads it starts.
func NewPage[P common.Page](t *testing.T, newPage func(*common.Common) P, w, h int) (P, *API) {
	api := Sample()
	m := newPage(Common(t, api))
	m.SetSize(w, h)
	Drain(m, m.OnNotify(apitype.Notify{Health: &api.Snapshot}))
	return m, api
}

// Msgs returns the messages of type T among msgs, in order.
func Msgs[T any](msgs []tea.Msg) []T {
	var out []T
	for _, msg := range msgs {
		if x, ok := msg.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

// WantCalls stops the test unless api received exactly the write requests
// want, in order.
func WantCalls(t *testing.T, api *API, want ...string) {
	t.Helper()
	if got := api.Calls(); !slices.Equal(got, want) {
		t.Fatalf("calls = %q", got)
	}
}
