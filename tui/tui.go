// Package tui is the jlsync console: a Bubble Tea program that shows what a
// running agent reports, live, and lets an operator fix what it cannot sync.
// It talks to the agent only through agent/client.
//
// Layout: this package is the root model (tabs, status bar, help, the event
// stream and reconnects); pages/<tab> holds one model per tab; components
// holds shared widgets; keys and styles hold every binding and style.
package tui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/tui/common"
)

// API is the part of *client.Client the console uses; tests pass a fake.
type API = common.API

// Options configures the console.
type Options struct {
	// Socket is the agent socket path. It is only displayed (on the
	// disconnected screen); the API value already knows where to connect.
	Socket string
	// Now is the clock for relative times; nil means time.Now.
	Now func() time.Time
}

// Run shows the console until the operator quits (q or ctrl+c) or ctx ends.
func Run(ctx context.Context, api API, opts Options) error {
	return runWith(ctx, api, opts, tea.WithAltScreen())
}

// runWith is Run with extra program options (tests swap the terminal out).
func runWith(ctx context.Context, api API, opts Options, popts ...tea.ProgramOption) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(NewModel(ctx, api, opts), append(popts, tea.WithContext(ctx))...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the caller cancelled: a normal way to stop
	}
	return err
}
