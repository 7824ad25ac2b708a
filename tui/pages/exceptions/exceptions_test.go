package exceptions

import (
	"errors"
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

var sample = tuitest.Sample().Excs[0] // unmapped_sku JL-RED-42

func TestRow(t *testing.T) {
	want := table.Row{"40m ago", "unmapped_sku", "order 1234-A", "offer SKU JL-RED-42 has no NetSuite item", "merch"}
	if got := Row(tuitest.Now, sample); !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
	if got := Row(tuitest.Now, apitype.Exception{Reason: "a\nb"}); got[3] != "a b" || got[4] != "-" {
		t.Errorf("multi-line reason / no owner: %q", got)
	}
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"", true},
		{"red-42", true},      // in Details and Reason, any case
		{"MERCH 1234", true},  // every word must match, anywhere
		{"merch 9999", false}, // one word missing
		{"order_lines", true}, // the field
		{"customer-care", false},
	} {
		if got := Matches(sample, tt.q); got != tt.want {
			t.Errorf("Matches(%q) = %v", tt.q, got)
		}
	}
}

func TestMappableSKU(t *testing.T) {
	if sku, ok := MappableSKU(sample); !ok || sku != "JL-RED-42" {
		t.Errorf("sample: %q %v", sku, ok)
	}
	if _, ok := MappableSKU(apitype.Exception{Type: apitype.ExcUnmappedSKU}); ok {
		t.Error("no sku in details")
	}
	if _, ok := MappableSKU(apitype.Exception{Type: apitype.ExcBadAddress, Details: map[string]string{"sku": "x"}}); ok {
		t.Error("wrong type")
	}
}

func TestTexts(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Question(actRetry, sample), "Retry exception x-101 (order 1234-A)?"},
		{Question(actIgnore, apitype.Exception{ID: "7"}), "Ignore exception 7?"},
		{ActionDone(actRetry, apitype.Exception{ID: "7", Status: "open"}), "exception 7 queued for retry"},
		{ActionDone(actResolve, apitype.Exception{ID: "7", Status: "resolved"}), "exception 7 resolved (status resolved)"},
		{Summary(2, 2, 2, ""), "Open exceptions: 2"},
		{Summary(1, 500, 1200, "sku"), "Open exceptions: 1,200 (first 500 loaded) · 1 match for “sku”"},
		{PrettyJSON([]byte(`{"a":[1,2]}`)), "{\n  \"a\": [\n    1,\n    2\n  ]\n}"},
		{PrettyJSON([]byte(`not json`)), "not json"},
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

func TestDetailView(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Press(m, "enter")
	if m.mode != modeDetail || m.detail.ID != "x-101" {
		t.Fatalf("mode %v detail %q", m.mode, m.detail.ID)
	}
	tuitest.Golden(t, m.View())
}

func TestFilter(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Press(m, "/")
	if !m.Capturing() {
		t.Fatal("filter should capture keys")
	}
	tuitest.Type(m, "postcode")
	tuitest.Press(m, "enter")
	if m.Capturing() || len(m.shown) != 1 || m.shown[0].ID != "x-102" {
		t.Fatalf("after filter: capturing=%v shown=%d", m.Capturing(), len(m.shown))
	}
	tuitest.Golden(t, m.View())
	tuitest.Press(m, "esc")
	if len(m.shown) != 2 {
		t.Errorf("esc should clear the filter, shown=%d", len(m.shown))
	}
}

func TestRetryAsksFirst(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "r")
	if !m.confirm.Active() || !strings.Contains(m.View(), "Retry exception x-101 (order 1234-A)?") {
		t.Fatalf("no confirmation:\n%s", m.View())
	}
	tuitest.Press(m, "n")
	if m.confirm.Active() || len(api.Calls()) != 0 {
		t.Fatalf("n should cancel: calls %q", api.Calls())
	}
	msgs := tuitest.Press(m, "r", "y")
	tuitest.WantCalls(t, api, `RetryException x-101 ""`)
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 || f[0].Text != "exception x-101 queued for retry" {
		t.Errorf("flashes = %+v", f)
	}
}

func TestResolveWithNote(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "enter", "x")
	tuitest.Golden(t, m.View())
	tuitest.Type(m, "fixed in NS")
	tuitest.Press(m, "enter")
	tuitest.WantCalls(t, api, `ResolveException x-101 "fixed in NS"`)
	// The detail shows the answer; the reloaded list no longer has it.
	if m.detail.Status != apitype.ExceptionResolved || len(m.all) != 1 {
		t.Errorf("detail status %q, list %d", m.detail.Status, len(m.all))
	}
}

func TestActionError(t *testing.T) {
	m, api := newPage(t)
	api.ActionErr = errors.New("agent: conflict")
	msgs := tuitest.Press(m, "i", "enter")
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 || !f[0].Err || f[0].Text != "ignore x-101: agent: conflict" {
		t.Errorf("flashes = %+v", f)
	}
}

func TestMapSKU(t *testing.T) {
	m, _ := newPage(t)
	msgs := tuitest.Press(m, "enter", "m")
	got := tuitest.Msgs[common.OpenSKUMsg](msgs)
	if len(got) != 1 || got[0].SKU != "JL-RED-42" {
		t.Fatalf("OpenSKU messages = %+v", got)
	}
	// On another type, m only explains itself.
	tuitest.Press(m, "esc", "down")
	msgs = tuitest.Press(m, "m")
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 {
		t.Errorf("flashes = %+v", f)
	}
}

func TestLiveReload(t *testing.T) {
	m, api := newPage(t)
	api.Excs = append(api.Excs, apitype.Exception{ID: "x-103", Type: apitype.ExcWrongCurrency, Status: "open", CreatedAt: tuitest.Now.Add(-time.Second)})
	tuitest.Drain(m, m.OnNotify(apitype.Notify{Exception: &api.Excs[2]}))
	if len(m.shown) != 3 {
		t.Fatalf("shown = %d after an exception event", len(m.shown))
	}
}
