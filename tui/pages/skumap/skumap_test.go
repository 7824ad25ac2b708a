package skumap

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func TestRow(t *testing.T) {
	want := table.Row{"JL-LAMP-1", "9001", "config", "-", "30d ago"}
	if got := Row(tuitest.Now, tuitest.Sample().Mappings[1]); !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
}

func TestTexts(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Summary(1, ""), "1 mapping"},
		{Summary(3, "JL"), "3 mappings matching “JL”"},
		{Summary(listLimit, ""), "First 500 mappings (filter to narrow)"},
		{Validate("", "1"), "the offer SKU is required"},
		{Validate("a", ""), "the NetSuite item id is required"},
		{Validate("a", "1"), ""},
		{Saved(apitype.SKUMapping{OfferSKU: "A", ItemID: "1"}), "SKU A now maps to NetSuite item 1"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func newPage(t *testing.T) (*Model, *tuitest.API) { return tuitest.NewPage(t, New, 100, 20) }

func TestView(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Golden(t, m.View())
}

func TestEdit(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "e")
	if !m.Capturing() || !m.form.editing || m.form.item.Value() != "8812" {
		t.Fatalf("form = %+v", m.form)
	}
	tuitest.Press(m, "backspace", "backspace", "backspace", "backspace")
	tuitest.Type(m, "7777")
	msgs := tuitest.Press(m, "enter")
	tuitest.WantCalls(t, api, "PutSKU JL-SOFA-3 7777")
	if m.form.active || m.rows[0].ItemID != "7777" {
		t.Errorf("form open %v, row %+v", m.form.active, m.rows[0])
	}
	found := slices.ContainsFunc(tuitest.Msgs[common.FlashMsg](msgs), func(f common.FlashMsg) bool {
		return f.Text == "SKU JL-SOFA-3 now maps to NetSuite item 7777"
	})
	if !found {
		t.Errorf("no flash in %v", msgs)
	}
}

func TestNewFromException(t *testing.T) {
	m, api := newPage(t)
	tuitest.Drain(m, func() tea.Msg { return common.OpenSKUMsg{SKU: "JL-RED-42"} })
	if !m.form.active || m.form.editing || m.form.sku.Value() != "JL-RED-42" || !m.form.item.Focused() {
		t.Fatalf("form = %+v", m.form)
	}
	tuitest.Golden(t, m.View())
	tuitest.Press(m, "enter") // no item yet: refused, nothing sent
	if len(api.Calls()) != 0 || m.form.err == "" {
		t.Fatalf("calls %q err %q", api.Calls(), m.form.err)
	}
	tuitest.Type(m, "4242")
	tuitest.Press(m, "enter")
	tuitest.WantCalls(t, api, "PutSKU JL-RED-42 4242")
	if len(m.rows) != 3 {
		t.Errorf("rows after save = %d", len(m.rows))
	}
}

func TestNewTypedFromScratch(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "n")
	tuitest.Type(m, "SKU 1")
	tuitest.Press(m, "tab")
	tuitest.Type(m, "55")
	tuitest.Press(m, "enter")
	tuitest.WantCalls(t, api, "PutSKU SKU 1 55")
}

func TestDelete(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "down", "d")
	if !m.confirm.Active() || !strings.Contains(m.View(), "Delete the mapping of SKU JL-LAMP-1") {
		t.Fatalf("no confirmation:\n%s", m.View())
	}
	tuitest.Press(m, "y")
	tuitest.WantCalls(t, api, "DeleteSKU JL-LAMP-1")
	if len(m.rows) != 1 {
		t.Errorf("rows after delete = %d", len(m.rows))
	}
}

func TestFilterReloads(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Press(m, "/")
	tuitest.Type(m, "LAMP")
	if len(m.rows) != 1 || m.rows[0].OfferSKU != "JL-LAMP-1" {
		t.Fatalf("rows = %+v", m.rows)
	}
	tuitest.Press(m, "esc")
	if len(m.rows) != 2 || m.Capturing() {
		t.Errorf("esc: rows %d capturing %v", len(m.rows), m.Capturing())
	}
}
