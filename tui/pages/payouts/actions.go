package payouts

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

type postedMsg struct {
	id  string
	p   apitype.Payout
	err error
}

// ask opens the confirmation for posting p, or says why it cannot be
// posted. Posting writes to the general ledger, so it always asks; the
// agent checks again, this only spares the operator a pointless round trip.
func (m *Model) ask(p apitype.Payout) tea.Cmd {
	if m.posting != "" {
		return common.Flash("payout " + m.posting + " is being posted; wait for the answer")
	}
	if why := NotPostable(p); why != "" {
		return common.Flash(why)
	}
	m.pending = p.ID
	m.confirm.Open(Question(p), false)
	return nil
}

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	switch m.confirm.HandleKey(msg, m.c.Keys) {
	case components.Confirmed:
		id := m.pending
		m.pending, m.posting = "", id
		return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
			p, err := api.PostPayout(ctx, id)
			return postedMsg{id: id, p: p, err: err}
		})
	case components.Cancelled:
		m.pending = ""
	}
	return nil
}

// posted reports the agent's answer and reloads either way: after a
// refusal the payout's state is not what the console showed.
func (m *Model) posted(msg postedMsg) tea.Cmd {
	m.posting = ""
	if msg.err != nil {
		return tea.Batch(func() tea.Msg { return common.FlashMsg{Text: PostFailed(msg.id, msg.err), Err: true} }, m.reload())
	}
	if msg.p.ID == "" {
		msg.p.ID = msg.id
	}
	for i := range m.all {
		if m.all[i].ID == msg.p.ID {
			m.all[i] = msg.p
		}
	}
	m.applyFilter()
	if m.mode == modeDetail && m.detail.ID == msg.p.ID {
		m.setDetail(msg.p)
	}
	return tea.Batch(common.Flash(Posted(msg.p)), m.reload())
}
