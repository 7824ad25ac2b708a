package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

const sock = "/run/user/1000/jlsync/agent.sock"

var refused = &client.UnreachableError{Socket: sock, Err: syscall.ECONNREFUSED}

// start runs the console on a fake agent. Reconnects wait an hour unless the
// test says otherwise, so nothing moves on its own while a test looks.
func start(t *testing.T, api *tuitest.API, backoff time.Duration) *teatest.TestModel {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := NewModel(ctx, api, Options{Socket: sock, Now: tuitest.Clock})
	m.backoff = func(int) time.Duration { return backoff }
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
}

// startLive starts the console on the sample agent and waits until it is
// connected: most tests look at a console that works.
func startLive(t *testing.T) (*tuitest.API, *teatest.TestModel) {
	t.Helper()
	api := tuitest.Sample()
	tm := start(t, api, time.Hour)
	waitFor(t, tm, "live")
	return api, tm
}

func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(tuitest.Key(k))
	}
}

// final quits and returns the last screen. Per the teatest gotcha, the
// assertion is on the final model's View, not on the drained byte stream.
func final(t *testing.T, tm *teatest.TestModel) *Model {
	t.Helper()
	press(tm, "q")
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

// push sends a notification from another goroutine: the fake stream blocks
// until the console reads it.
func push(t *testing.T, api *tuitest.API, n apitype.Notify) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- api.Push(n) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the console did not read the notification")
	}
}

func TestHealthLive(t *testing.T) {
	api := tuitest.Sample()
	tm := start(t, api, time.Hour)
	waitFor(t, tm, "fulfilment", "backoff", "live")

	push(t, api, apitype.Notify{Seq: 2, Flow: &apitype.FlowHealth{
		Name: apitype.FlowFulfilment, State: apitype.FlowIdle, LastRunAt: tuitest.Ago(time.Second), Seen: 777, Done: 777,
	}})
	waitFor(t, tm, "777")

	m := final(t, tm)
	v := m.View()
	if strings.Contains(v, "NetSuite 429") {
		t.Error("the flow delta did not replace the old error")
	}
	tuitest.Golden(t, v)
}

func TestTabs(t *testing.T) {
	_, tm := startLive(t)

	steps := []struct {
		key  string
		tab  int
		text string
	}{
		{"2", tabExceptions, "Open exceptions: 2"},
		{"tab", tabOrders, "Recent orders"},
		{"tab", tabSKUMap, "2 mappings"},
		{"tab", tabPayouts, "1 to post"},
		{"tab", tabHealth, "governance"},
		{"shift+tab", tabPayouts, "[5 Payouts]"},
		{"4", tabSKUMap, "[4 SKU map]"},
	}
	for _, s := range steps {
		press(tm, s.key)
		waitFor(t, tm, s.text)
	}
	if m := final(t, tm); m.active != tabSKUMap {
		t.Errorf("active tab = %d", m.active)
	}
}

func TestExceptionRetry(t *testing.T) {
	api, tm := startLive(t)
	press(tm, "2")
	waitFor(t, tm, "unmapped_sku")
	press(tm, "enter")
	waitFor(t, tm, "How to fix")
	press(tm, "r")
	waitFor(t, tm, "Retry exception x-101")
	press(tm, "y")
	waitFor(t, tm, "queued for retry")

	m := final(t, tm)
	if got := api.Calls(); !slices.Equal(got, []string{`RetryException x-101 ""`}) {
		t.Errorf("calls = %q", got)
	}
	if v := m.View(); !strings.Contains(v, "exception x-101 queued for retry") {
		t.Errorf("final view lacks the flash:\n%s", v)
	}
}

func TestMapFromException(t *testing.T) {
	api, tm := startLive(t)
	press(tm, "2")
	waitFor(t, tm, "unmapped_sku")
	press(tm, "m")
	waitFor(t, tm, "New SKU mapping")
	tm.Type("4242")
	press(tm, "enter")
	waitFor(t, tm, "now maps to NetSuite item 4242")
	m := final(t, tm)
	if got := api.Calls(); !slices.Equal(got, []string{"PutSKU JL-RED-42 4242"}) {
		t.Errorf("calls = %q", got)
	}
	if m.active != tabSKUMap {
		t.Errorf("active tab = %d", m.active)
	}
}

// TestPayoutsReloadOnActivation: the event stream carries no payouts, so
// the tab reloads when the operator opens it.
func TestPayoutsReloadOnActivation(t *testing.T) {
	api, tm := startLive(t)
	press(tm, "5")
	waitFor(t, tm, "BC-1043")
	press(tm, "1")
	api.Locked(func() {
		api.PayoutList = append([]apitype.Payout{{ID: "BC-1044", Status: apitype.PayoutPreview}}, api.PayoutList...)
	})
	press(tm, "5")
	waitFor(t, tm, "BC-1044")
	if m := final(t, tm); m.active != tabPayouts {
		t.Errorf("active tab = %d", m.active)
	}
}

func TestDisconnectedScreen(t *testing.T) {
	api := tuitest.Sample()
	api.WatchErr = refused
	tm := start(t, api, time.Hour)
	waitFor(t, tm, "Cannot reach")
	press(tm, "2") // tabs are not reachable from here
	m := final(t, tm)
	v := m.View()
	for _, want := range []string{sock, "connection refused", "jlsync agent --config FILE", "jlsync demo"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
	if strings.Contains(v, "goroutine") || strings.Contains(v, ".go:") {
		t.Error("screen shows a stack trace")
	}
	tuitest.Golden(t, v)
}

func TestReconnect(t *testing.T) {
	api := tuitest.Sample()
	tm := start(t, api, 10*time.Millisecond)
	waitFor(t, tm, "live")

	// The agent stops: the stream ends and nothing answers any more.
	api.SetWatchErr(refused)
	api.EndStream()
	waitFor(t, tm, "Cannot reach")

	// It comes back: the next attempt gets a fresh snapshot.
	api.Locked(func() { api.Snapshot.Version = "0.9.1" })
	api.SetWatchErr(nil)
	waitFor(t, tm, "live · agent 0.9.1")
	m := final(t, tm)
	if m.conn.state != stateLive || m.conn.attempt != 0 {
		t.Errorf("state %v attempt %d", m.conn.state, m.conn.attempt)
	}
}

func TestHelpToggle(t *testing.T) {
	_, tm := startLive(t)
	press(tm, "?")
	waitFor(t, tm, "previous tab")
	tuitest.Golden(t, final(t, tm).View())
}

func TestBackoff(t *testing.T) {
	var got []time.Duration
	for i := 0; i <= 7; i++ {
		got = append(got, Backoff(i))
	}
	s := time.Second
	want := []time.Duration{s, s, 2 * s, 4 * s, 8 * s, 10 * s, 10 * s, 10 * s}
	if !slices.Equal(got, want) {
		t.Errorf("got %v", got)
	}
}

func TestStatusText(t *testing.T) {
	for _, tt := range []struct {
		state connState
		err   error
		want  string
	}{
		{stateConnecting, nil, "○ connecting to the agent…"},
		{stateLive, nil, "● live · agent 1.0"},
		{stateLost, io.EOF, "○ disconnected: EOF · reconnecting in 2s"},
		{stateLost, refused, "○ disconnected: connection refused · reconnecting in 2s"},
	} {
		if got := statusText(tt.state, "1.0", tt.err, 2*time.Second); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestDownScreenRefusedByAgent(t *testing.T) {
	err := &client.APIError{Status: 403, Code: "forbidden", Message: "peer uid 1001 is not allowed"}
	v := DownScreen(sock, err, 4*time.Second, 3)
	for _, want := range []string{"did not accept", "peer uid 1001", "Next attempt in 4s (3 attempts so far)"} {
		if !strings.Contains(v, want) {
			t.Errorf("lacks %q:\n%s", want, v)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	// Run needs a terminal for real use; here it only has to return when
	// its context ends, without an error.
	ctx, cancel := context.WithCancel(context.Background())
	api := tuitest.Sample()
	api.WatchErr = errors.New("unused")
	done := make(chan error, 1)
	go func() { done <- runWith(ctx, api, Options{}, tea.WithInput(nil), tea.WithOutput(io.Discard)) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
