package exceptions

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

type action int

const (
	actRetry action = iota + 1
	actResolve
	actIgnore
)

// pendingAction is what the open confirmation will do if answered yes.
type pendingAction struct {
	act action
	x   apitype.Exception
}

type actedMsg struct {
	act action
	id  string
	x   apitype.Exception
	err error
}

// ask opens the confirmation for a on x. Resolve and ignore close the
// exception for good, so they take a note for the audit log.
func (m *Model) ask(a action, x apitype.Exception) tea.Cmd {
	m.pending = pendingAction{act: a, x: x}
	m.confirm.Open(Question(a, x), a != actRetry)
	return nil
}

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	switch m.confirm.HandleKey(msg, m.c.Keys) {
	case components.Confirmed:
		p := m.pending
		m.pending = pendingAction{}
		return m.run(p.act, p.x.ID, m.confirm.Note())
	case components.Cancelled:
		m.pending = pendingAction{}
	}
	return nil
}

func (m *Model) run(a action, id, note string) tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		var (
			x   apitype.Exception
			err error
		)
		switch a {
		case actRetry:
			x, err = api.RetryException(ctx, id, note)
		case actResolve:
			x, err = api.ResolveException(ctx, id, note)
		case actIgnore:
			x, err = api.IgnoreException(ctx, id, note)
		}
		return actedMsg{act: a, id: id, x: x, err: err}
	})
}

func (m *Model) acted(msg actedMsg) tea.Cmd {
	if msg.err != nil {
		verb := map[action]string{actRetry: "retry", actResolve: "resolve", actIgnore: "ignore"}[msg.act]
		return common.FlashError(verb+" "+msg.id, msg.err)
	}
	if msg.x.ID == "" {
		msg.x.ID = msg.id
	}
	if m.mode == modeDetail && m.detail.ID == msg.id {
		m.setDetail(msg.x)
	}
	// The event stream will report the change too, but the operator should
	// see the list catch up even if it is slow to.
	return tea.Batch(common.Flash(ActionDone(msg.act, msg.x)), m.reload())
}
