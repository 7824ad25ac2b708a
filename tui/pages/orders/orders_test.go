package orders

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func TestRow(t *testing.T) {
	o := tuitest.Sample().OrderRows[0]
	want := table.Row{"1234-A", "C-88001", "WAITING_ACCEPTANCE", "blocked", "-", "59.98", "10m ago"}
	if got := Row(tuitest.Now, o); !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
}

func TestSummary(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Summary("", 2, 40), "Recent orders: 2 of 40"},
		{Summary("1234", 1, 1), "1 order matches “1234”"},
		{Summary("C-", 3, 3), "3 orders match “C-”"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func newPage(t *testing.T) (*Model, *tuitest.API) { return tuitest.NewPage(t, New, 100, 24) }

func TestListView(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Golden(t, m.View())
}

func TestSearchAndOpen(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Press(m, "/")
	if !m.Capturing() {
		t.Fatal("search should capture keys")
	}
	tuitest.Type(m, "SO-5521")
	tuitest.Press(m, "enter")
	if m.Capturing() || len(m.results) != 1 || m.results[0].OrderID != "1199-C" {
		t.Fatalf("results = %+v", m.results)
	}
	tuitest.Press(m, "enter")
	if !m.detail || m.order.OrderID != "1199-C" {
		t.Fatalf("detail %v order %q", m.detail, m.order.OrderID)
	}
	tuitest.Golden(t, m.View())
	tuitest.Press(m, "esc")
	if m.detail {
		t.Error("esc should go back to the results")
	}
}

func TestNoMatch(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Press(m, "/")
	tuitest.Type(m, "nope")
	tuitest.Press(m, "enter")
	if v := m.View(); !strings.Contains(v, "No order matches “nope”") {
		t.Errorf("view:\n%s", v)
	}
}

func TestOrderEventUpdatesRow(t *testing.T) {
	m, _ := newPage(t)
	o := tuitest.Sample().OrderRows[0]
	o.Sync, o.SalesOrderID = "synced", "SO-6000"
	m.OnNotify(apitype.Notify{Order: &o})
	if got := m.table.Rows()[0]; got[3] != "synced" || got[4] != "SO-6000" {
		t.Errorf("row after event = %q", got)
	}
}

func TestOpenMissingOrder(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Press(m, "enter") // 1234-A: in the list, but the fake has no detail for it
	if v := m.View(); !strings.Contains(v, "Could not load order 1234-A") {
		t.Errorf("view:\n%s", v)
	}
}
