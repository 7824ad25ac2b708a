package exceptions

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
)

// open shows the detail of x at once, from the list's copy, and fetches the
// full record in case the list was trimmed or is stale.
func (m *Model) open(x apitype.Exception) tea.Cmd {
	m.mode = modeDetail
	m.setDetail(x)
	m.vp.GotoTop()
	id := x.ID
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		x, err := api.Exception(ctx, id)
		return detailMsg{x: x, err: err}
	})
}

func (m *Model) setDetail(x apitype.Exception) {
	m.detail = x
	m.vp.SetContent(DetailText(m.c.Now(), x, m.vp.Width))
}

func (m *Model) detailKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.confirm.Active() {
		return m.confirmKey(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeList
		return nil
	case key.Matches(msg, k.Retry):
		return m.ask(actRetry, m.detail)
	case key.Matches(msg, k.Resolve):
		return m.ask(actResolve, m.detail)
	case key.Matches(msg, k.Ignore):
		return m.ask(actIgnore, m.detail)
	case key.Matches(msg, k.MapSKU):
		return mapSKU(m.detail)
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return cmd
}
