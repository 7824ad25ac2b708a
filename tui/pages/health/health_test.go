package health

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/table"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func TestFlowRow(t *testing.T) {
	now := tuitest.Now
	for _, tt := range []struct {
		name string
		f    apitype.FlowHealth
		want table.Row
	}{
		{
			"never ran",
			apitype.FlowHealth{Name: "payouts", State: apitype.FlowDisabled},
			table.Row{"payouts", "disabled", "never", "0", "0", "0", "0", "0", "-"},
		},
		{
			"busy with an error",
			apitype.FlowHealth{Name: "orders", State: apitype.FlowBackoff, LastRunAt: tuitest.Ago(90 * time.Second),
				Seen: 12345, Done: 12000, Pending: 345, Failed: 3, Exceptions: 2, LastError: "NetSuite 429\n  too many"},
			table.Row{"orders", "backoff", "1m ago", "12,345", "12,000", "345", "3", "2", "NetSuite 429 too many"},
		},
		{
			"no state",
			apitype.FlowHealth{Name: "x"},
			table.Row{"x", "unknown", "never", "0", "0", "0", "0", "0", "-"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := FlowRow(now, tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestGovernanceText(t *testing.T) {
	for _, tt := range []struct {
		g    *apitype.Governance
		want string
	}{
		{nil, "NetSuite governance: not reported"},
		{&apitype.Governance{Limit: 5, InFlight: 5, Throttled: 1200, Waited: 3}, "NetSuite governance: 5/5 in flight · 1,200 throttled · 3 waited"},
	} {
		if got := GovernanceText(tt.g); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestAgentLine(t *testing.T) {
	h := apitype.Health{Version: "1.0.0", StartedAt: tuitest.Now.Add(-26 * time.Hour), Marketplace: "https://m.example", ERP: "123_SB1"}
	want := "Agent 1.0.0 · up 26h · Mirakl https://m.example · NetSuite 123_SB1"
	if got := AgentLine(tuitest.Now, h); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := AgentLine(tuitest.Now, apitype.Health{}); got != "Agent (unknown version)" {
		t.Errorf("empty: %q", got)
	}
}

func newPage(t *testing.T) (*Model, *tuitest.API) { return tuitest.NewPage(t, New, 100, 24) }

func TestView(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Golden(t, m.View())
}

func TestViewBeforeSnapshot(t *testing.T) {
	m := New(tuitest.Common(t, tuitest.Sample()))
	m.SetSize(80, 20)
	if got := m.View(); !strings.Contains(got, "Waiting for the agent") {
		t.Errorf("view = %q", got)
	}
}

func TestFlowDelta(t *testing.T) {
	m, _ := newPage(t)
	m.OnNotify(apitype.Notify{Flow: &apitype.FlowHealth{Name: "fulfilment", State: apitype.FlowIdle, Seen: 99, Done: 99}})
	got := m.table.Rows()[2]
	if got[1] != "idle" || got[3] != "99" || got[8] != "-" {
		t.Errorf("fulfilment row after delta = %q", got)
	}
	if len(m.Health().Flows) != 5 {
		t.Errorf("flows = %d", len(m.Health().Flows))
	}
}

func TestSyncKey(t *testing.T) {
	m, api := newPage(t)
	msgs := tuitest.Press(m, "down", "s")
	tuitest.WantCalls(t, api, "SyncFlow inventory")
	flashed := slices.ContainsFunc(tuitest.Msgs[common.FlashMsg](msgs), func(f common.FlashMsg) bool {
		return strings.Contains(f.Text, "inventory") && !f.Err
	})
	if !flashed {
		t.Errorf("no flash in %v", msgs)
	}
}
