package payouts

import (
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func TestView(t *testing.T) {
	m, _ := tuitest.NewPage(t, New, 100, 20)
	m.OnNotify(apitype.Notify{Flow: &apitype.FlowHealth{
		Name: apitype.FlowPayouts, State: apitype.FlowIdle, LastRunAt: tuitest.Ago(time.Hour),
		Seen: 4, Done: 3, Exceptions: 1, LastError: "journal does not balance: 0.02 GBP",
	}})
	tuitest.Golden(t, m.View())
}

func TestNoPayoutsFlow(t *testing.T) {
	m := New(tuitest.Common(t, tuitest.Sample()))
	m.SetSize(100, 20)
	m.OnNotify(apitype.Notify{Health: &apitype.Health{Flows: []apitype.FlowHealth{{Name: "orders"}}}})
	v := m.View()
	for _, want := range []string{"reports no payouts flow", "No payout journal previews exist yet"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}
