package payouts

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// sample is newest first: BC-1043 blocked, BC-1042 preview, BC-1041 posted.
var sample = tuitest.SamplePayouts()

func TestRow(t *testing.T) {
	for i, want := range []table.Row{
		{"13 Mar 2026", "BC-1043", "TO_PAY", "    £1,020.50", "blocked", "1"},
		{"06 Mar 2026", "BC-1042", "PAID", "    £2,177.00", "preview", "-"},
		{"27 Feb 2026", "BC-1041", "PAID", "    £1,540.00", "posted", "-"},
	} {
		if got := Row(tuitest.Now, sample[i]); !slices.Equal(got, want) {
			t.Errorf("row %d = %q, want %q", i, got, want)
		}
	}
	if got := Row(tuitest.Now, apitype.Payout{ID: "X", Transferred: -5, Currency: "EUR"}); got[0] != "-" || got[3] != "       -€0.05" {
		t.Errorf("zero date / negative EUR: %q", got)
	}
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"", true},
		{"bc-1043", true},
		{"x-201 to_pay", true}, // an exception id and the payout state
		{"blocked 1042", false},
		{"13 mar", true},
	} {
		if got := Matches(sample[0], tt.q); got != tt.want {
			t.Errorf("Matches(%q) = %v", tt.q, got)
		}
	}
	if !Matches(sample[2], "je-88120") {
		t.Error("the NetSuite journal id should match")
	}
}

func TestTexts(t *testing.T) {
	conflict := &client.APIError{Status: 409, Code: "conflict", Message: "payout BC-1042 is already posted as JE-1"}
	unbalanced := apitype.Payout{Currency: "GBP", TotalDebit: 100, TotalCredit: 302}
	for _, tt := range []struct{ got, want string }{
		{Question(sample[1]), "Post Journal Entry JL-PAY-BC-1042 for £2,177.00 to NetSuite?"},
		{Question(apitype.Payout{ID: "7", Transferred: 1050, Currency: "EUR"}), "Post Journal Entry JL-PAY-7 for €10.50 to NetSuite?"},
		{Posted(apitype.Payout{ID: "BC-1042", JournalExtID: "JL-PAY-BC-1042", JournalID: "JE-9"}), "JL-PAY-BC-1042 posted as JE-9"},
		{NotPostable(sample[1]), ""},
		{NotPostable(sample[0]), "payout BC-1043 is blocked by x-201: see the Exceptions tab"},
		{NotPostable(sample[2]), "payout BC-1041 is already posted as JE-88120"},
		{NotPostable(apitype.Payout{ID: "9"}), "payout 9 is in an unknown state: only a preview can be posted"},
		{PostFailed("BC-1042", conflict), "payout BC-1042 not posted: payout BC-1042 is already posted as JE-1"},
		{PostFailed("BC-1042", errors.New("boom")), "post payout BC-1042: boom"},
		{Balance(sample[1]), "balanced"},
		{Balance(sample[0]), "NOT balanced: debits exceed by £43.00"},
		{Balance(unbalanced), "NOT balanced: credits exceed by £2.02"},
		{Summary(sample, 3, ""), "Payouts: 3 · 1 to post · 1 blocked"},
		{Summary(sample[2:], 0, "x"), "Payouts: 1 · 0 matches for “x”"},
		{Heading(sample[0]), "Payout BC-1043 · TO_PAY · blocked"},
		{FlowLine(tuitest.Now, apitype.FlowHealth{State: "idle", LastRunAt: tuitest.Ago(time.Hour)}, true), "Payouts flow: idle · last run 1h ago"},
		{FlowLine(tuitest.Now, apitype.FlowHealth{State: "backoff", LastError: "NetSuite\n503"}, true), "Payouts flow: backoff · last run never · last error: NetSuite 503"},
		{FlowLine(tuitest.Now, apitype.FlowHealth{}, false), "Payouts flow: not reported by this agent"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestTables(t *testing.T) {
	want := strings.Join([]string{
		"ACCOUNT      DEBIT     CREDIT  MEMO",
		"1190     £1,020.50             BC-1043 net payout",
		"6100       £143.75             BC-1043 commission",
		"2200        £28.75             BC-1043 commission VAT",
		"4000                £1,150.00  BC-1043 sales (18 orders)",
		"TOTAL    £1,193.00  £1,150.00  NOT balanced: debits exceed by £43.00",
	}, "\n")
	if got := JournalTable(sample[0]); got != want {
		t.Errorf("JournalTable:\n%s\nwant\n%s", got, want)
	}
	want = strings.Join([]string{
		"TYPE            COUNT     AMOUNT",
		"ORDER_AMOUNT       18  £1,150.00",
		"COMMISSION_FEE     18   -£143.75",
		"COMMISSION_VAT     18    -£28.75",
		"MANUAL_CREDIT       1     £43.00",
		"NET                    £1,020.50",
	}, "\n")
	if got := TotalsTable(sample[0]); got != want {
		t.Errorf("TotalsTable:\n%s\nwant\n%s", got, want)
	}
	if JournalTable(apitype.Payout{}) != "(no lines)" || TotalsTable(apitype.Payout{}) != "(no transactions)" {
		t.Error("empty tables")
	}
}

func TestDetailTextBlockedAndPosted(t *testing.T) {
	v := DetailText(tuitest.Now, sample[0])
	for _, want := range []string{"Blocked by     x-201 (see the Exceptions tab)", "Reference      -", "NOT balanced"} {
		if !strings.Contains(v, want) {
			t.Errorf("blocked detail lacks %q:\n%s", want, v)
		}
	}
	v = DetailText(tuitest.Now, sample[2])
	for _, want := range []string{"JL-PAY-BC-1041 · NetSuite id JE-88120", "Posted by      sam", "Posted at      28 Feb 2026 15:09 (14d ago)"} {
		if !strings.Contains(v, want) {
			t.Errorf("posted detail lacks %q:\n%s", want, v)
		}
	}
}

// newPage is the tab on the sample agent, with the payouts flow reporting
// in (the sample's is disabled).
func newPage(t *testing.T) (*Model, *tuitest.API) {
	m, api := tuitest.NewPage(t, New, 100, 24)
	tuitest.Drain(m, m.OnNotify(apitype.Notify{Flow: &apitype.FlowHealth{
		Name: apitype.FlowPayouts, State: apitype.FlowIdle, LastRunAt: tuitest.Ago(time.Hour),
		LastError: "cycle BC-1043: no account for MANUAL_CREDIT",
	}}))
	return m, api
}

func TestListView(t *testing.T) {
	m, _ := newPage(t)
	tuitest.Golden(t, m.View())
}

func TestDetailView(t *testing.T) {
	m, _ := newPage(t)
	m.SetSize(100, 34) // the whole journal, for the golden
	tuitest.Press(m, "down", "enter")
	if m.mode != modeDetail || m.detail.ID != "BC-1042" {
		t.Fatalf("mode %v detail %q", m.mode, m.detail.ID)
	}
	tuitest.Golden(t, m.View())
	tuitest.Press(m, "esc")
	if m.mode != modeList {
		t.Error("esc should go back to the list")
	}
}

func TestDetailScrolls(t *testing.T) {
	m, _ := newPage(t)
	m.SetSize(100, 12)
	tuitest.Press(m, "down", "enter")
	if strings.Contains(m.View(), "TOTAL") {
		t.Fatal("a 12-line page should not show the whole journal")
	}
	tuitest.Press(m, "pgdown", "pgdown", "pgdown")
	if v := m.View(); !strings.Contains(v, "£2,669.00  balanced") || !strings.HasPrefix(v, "Payout BC-1042") {
		t.Errorf("after scrolling:\n%s", v)
	}
}

func TestEmptyView(t *testing.T) {
	api := tuitest.Sample()
	api.PayoutList = nil
	m := New(tuitest.Common(t, api))
	m.SetSize(100, 12)
	tuitest.Drain(m, m.OnNotify(apitype.Notify{Health: &api.Snapshot}))
	tuitest.Golden(t, m.View())
}

func TestPostFromDetail(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "down", "enter", "p")
	if !m.confirm.Active() || !strings.Contains(m.View(), "Post Journal Entry JL-PAY-BC-1042 for £2,177.00 to NetSuite?") {
		t.Fatalf("no confirmation:\n%s", m.View())
	}
	tuitest.Press(m, "n")
	if m.confirm.Active() || len(api.Calls()) != 0 {
		t.Fatalf("n should cancel: calls %q", api.Calls())
	}
	msgs := tuitest.Press(m, "p", "y")
	tuitest.WantCalls(t, api, "PostPayout BC-1042")
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 || f[0].Err || f[0].Text != "JL-PAY-BC-1042 posted as "+tuitest.PostedJournalID {
		t.Errorf("flashes = %+v", f)
	}
	if m.detail.Status != apitype.PayoutPosted || !strings.Contains(m.View(), "Posted by      tester") {
		t.Errorf("detail after post:\n%s", m.View())
	}
	if p, _ := find(m.all, "BC-1042"); p.Status != apitype.PayoutPosted {
		t.Errorf("list after post: %+v", p)
	}
	// Posted: p is no longer offered, and pressing it only explains.
	if slices.ContainsFunc(m.ShortHelp(), func(b key.Binding) bool { return b.Help().Key == "p" }) {
		t.Error("help still offers p")
	}
	msgs = tuitest.Press(m, "p")
	tuitest.WantCalls(t, api, "PostPayout BC-1042")
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 || !strings.Contains(f[0].Text, "already posted as JE-90001") {
		t.Errorf("flashes = %+v", f)
	}
}

func TestPostConflict(t *testing.T) {
	m, api := newPage(t)
	// The agent blocked the payout after the console loaded it: the
	// console still offers the post, and the agent refuses it.
	api.Locked(func() {
		api.PayoutList[1].Status = apitype.PayoutBlocked
		api.PayoutList[1].Exceptions = []string{"x-202"}
	})
	tuitest.Press(m, "down")
	msgs := tuitest.Press(m, "p", "y")
	tuitest.WantCalls(t, api, "PostPayout BC-1042")
	f := tuitest.Msgs[common.FlashMsg](msgs)
	if len(f) != 1 || !f[0].Err || f[0].Text != "payout BC-1042 not posted: payout BC-1042 is blocked by open exceptions x-202" {
		t.Fatalf("flashes = %+v", f)
	}
	// The refusal reloaded the list: the row now says why.
	if p, _ := find(m.all, "BC-1042"); p.Status != apitype.PayoutBlocked {
		t.Errorf("list after conflict: %+v", p)
	}
}

func TestPostRefusedLocally(t *testing.T) {
	m, api := newPage(t)
	msgs := tuitest.Press(m, "p") // BC-1043 is blocked
	if m.confirm.Active() || len(api.Calls()) != 0 {
		t.Fatalf("a blocked payout was offered for posting; calls %q", api.Calls())
	}
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 || !strings.Contains(f[0].Text, "see the Exceptions tab") {
		t.Errorf("flashes = %+v", f)
	}
}

func TestPostError(t *testing.T) {
	m, api := newPage(t)
	api.PostErr = errors.New("agent: NetSuite 503")
	msgs := tuitest.Press(m, "down", "p", "y")
	if f := tuitest.Msgs[common.FlashMsg](msgs); len(f) != 1 || !f[0].Err || f[0].Text != "post payout BC-1042: agent: NetSuite 503" {
		t.Errorf("flashes = %+v", f)
	}
	if m.posting != "" {
		t.Error("a failed post left the tab waiting")
	}
}

func TestReloads(t *testing.T) {
	m, api := newPage(t)
	for _, n := range []apitype.Notify{
		{Flow: &apitype.FlowHealth{Name: apitype.FlowOrders}},
		{Exception: &apitype.Exception{ID: "x-9", Flow: apitype.FlowOrders}},
		{Order: &apitype.OrderSummary{OrderID: "1"}},
	} {
		if cmd := m.OnNotify(n); cmd != nil {
			t.Errorf("%+v started a reload", n)
		}
	}
	for i, trigger := range []struct {
		name string
		cmd  func() tea.Cmd
	}{
		{"payouts flow", func() tea.Cmd {
			return m.OnNotify(apitype.Notify{Flow: &apitype.FlowHealth{Name: apitype.FlowPayouts}})
		}},
		{"payouts exception", func() tea.Cmd {
			return m.OnNotify(apitype.Notify{Exception: &apitype.Exception{ID: "x-201", Flow: apitype.FlowPayouts}})
		}},
		{"activation", m.Activated},
	} {
		id := fmt.Sprintf("BC-20%d", i)
		api.Locked(func() { api.PayoutList = append([]apitype.Payout{{ID: id}}, api.PayoutList...) })
		tuitest.Drain(m, trigger.cmd())
		if len(m.all) == 0 || m.all[0].ID != id {
			t.Errorf("%s: list not reloaded (first %q)", trigger.name, m.all[0].ID)
		}
	}
}

func TestDetailFollowsReload(t *testing.T) {
	m, api := newPage(t)
	tuitest.Press(m, "down", "enter")
	api.Locked(func() { api.PayoutList[1].Exceptions = []string{"x-300"} })
	tuitest.Drain(m, m.OnNotify(apitype.Notify{Exception: &apitype.Exception{ID: "x-300", Flow: apitype.FlowPayouts}}))
	if !strings.Contains(m.View(), "x-300 (see the Exceptions tab)") {
		t.Errorf("detail did not follow the reload:\n%s", m.View())
	}
}
