// Package common holds what the root model and every page share: the API the
// pages call, the injected clock, styles and keys, the Page contract and the
// messages pages use to talk to the root.
package common

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/keys"
	"github.com/jlsync/jlsync/tui/styles"
)

// API is the part of *client.Client the console uses. Pages depend on this
// interface so tests can hand them a fake agent.
type API interface {
	Health(ctx context.Context) (apitype.Health, error)
	SyncFlow(ctx context.Context, name string) error
	Exceptions(ctx context.Context, q client.ExceptionQuery) (apitype.ExceptionList, error)
	Exception(ctx context.Context, id string) (apitype.Exception, error)
	RetryException(ctx context.Context, id, note string) (apitype.Exception, error)
	ResolveException(ctx context.Context, id, note string) (apitype.Exception, error)
	IgnoreException(ctx context.Context, id, note string) (apitype.Exception, error)
	Orders(ctx context.Context, q string, limit int) (apitype.OrderList, error)
	Order(ctx context.Context, id string) (apitype.Order, error)
	SKUMap(ctx context.Context, q string, limit int) ([]apitype.SKUMapping, error)
	PutSKU(ctx context.Context, sku, itemID string) (apitype.SKUMapping, error)
	DeleteSKU(ctx context.Context, sku string) (apitype.SKUMapping, error)
	Payouts(ctx context.Context) ([]apitype.Payout, error)
	Payout(ctx context.Context, id string) (apitype.Payout, error)
	PostPayout(ctx context.Context, id string) (apitype.Payout, error)
	Watch(ctx context.Context) (*client.Watcher, error)
}

var _ API = (*client.Client)(nil)

// CallTimeout bounds every request a page makes. The agent is local, so a
// call that takes longer than this is stuck, and the operator should hear so.
const CallTimeout = 15 * time.Second

// Common is embedded (by pointer) in every page.
type Common struct {
	Ctx    context.Context // ends when the console exits
	API    API
	Styles *styles.Styles
	Keys   *keys.KeyMap
	Now    func() time.Time
}

// Do returns a command that makes one request, with a context bounded by
// CallTimeout, and reports it as the message call returns. The timeout
// starts now, when the page asks, not when the runtime gets to the command.
func (c *Common) Do(call func(ctx context.Context, api API) tea.Msg) tea.Cmd {
	api := c.API
	ctx, cancel := context.WithTimeout(c.Ctx, CallTimeout)
	return func() tea.Msg {
		defer cancel()
		return call(ctx, api)
	}
}

// Page is one tab of the console. The root owns the size: it calls SetSize
// on every page whenever the window or its own chrome changes, and pages
// never look at tea.WindowSizeMsg.
type Page interface {
	tea.Model
	help.KeyMap

	SetSize(width, height int)
	// Title is the tab's name.
	Title() string
	// OnNotify receives every message of the agent's event stream.
	OnNotify(n apitype.Notify) tea.Cmd
	// Capturing is true while a text field or dialog has the focus; the
	// root then leaves q, tab and digits to the page.
	Capturing() bool
}

// Activator is a Page that wants to know when it becomes the active tab:
// one whose data the event stream does not carry, so it reloads when the
// operator looks at it instead of trusting what it loaded earlier.
type Activator interface {
	Activated() tea.Cmd
}

// FlashMsg asks the root to show a short message in the status bar.
type FlashMsg struct {
	Text string
	Err  bool
}

// Flash returns a command that shows text in the status bar.
func Flash(text string) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text} }
}

// FlashError returns a command that shows an error in the status bar.
func FlashError(what string, err error) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: what + ": " + err.Error(), Err: true} }
}

// OpenSKUMsg asks for the SKU map tab with a new mapping for SKU started: the
// usual fix for an unmapped_sku exception.
type OpenSKUMsg struct {
	SKU string
}

// TickMsg is broadcast by the root once a second so pages can refresh
// relative times ("12s ago") while nothing else happens.
type TickMsg struct{}
