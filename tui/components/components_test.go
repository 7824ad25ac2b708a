package components

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/tui/internal/tuitest"
	"github.com/jlsync/jlsync/tui/keys"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func widths(cols []Col, w int) []int {
	var out []int
	for _, c := range FitColumns(w, cols) {
		out = append(out, c.Width)
	}
	return out
}

func TestFitColumns(t *testing.T) {
	cols := []Col{{Title: "A", Min: 5}, {Title: "B", Min: 10, Weight: 1}, {Title: "C", Min: 4, Weight: 3}}
	for _, tt := range []struct {
		width int
		want  []int
	}{
		{25, []int{5, 10, 4}},  // exactly the minimum (19 + 6 padding)
		{45, []int{5, 15, 19}}, // 20 spare: 5 and 15, by weight
		{46, []int{5, 15, 20}}, // rounding leftovers go to the last flexible column
		{20, []int{5, 5, 4}},   // too narrow: flexible columns give width back
		{0, []int{5, 3, 3}},
	} {
		if got := widths(cols, tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("width %d: got %v, want %v", tt.width, got, tt.want)
		}
	}
	if got := widths([]Col{{Min: 3}, {Min: 4}}, 80); !slices.Equal(got, []int{3, 4}) {
		t.Errorf("fixed only: %v", got)
	}
}

func TestReloader(t *testing.T) {
	var r Reloader
	if !r.Want() || !r.Loading() {
		t.Fatal("first request should start a load")
	}
	if r.Want() || r.Want() {
		t.Fatal("requests during a load should queue, not start")
	}
	if !r.Done() {
		t.Fatal("queued requests should start one follow-up")
	}
	if r.Done() || r.Loading() {
		t.Fatal("nothing queued: idle")
	}
}

func TestInput(t *testing.T) {
	in := NewInput("> ", "type here")
	plain := lipgloss.NewStyle()
	if in.Update(tuitest.Key("a")) {
		t.Fatal("an unfocused input took a key")
	}
	if got := in.View(plain, plain); got != "> type here" {
		t.Errorf("placeholder view %q", got)
	}
	in.Focus()
	for _, k := range []string{"a", "b", "c", "left", "X", "backspace", "home", "Z"} {
		in.Update(tuitest.Key(k))
	}
	if in.Value() != "Zabc" {
		t.Errorf("value %q", in.Value())
	}
	in.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x\ny"), Paste: true})
	if in.Value() != "Zx yabc" {
		t.Errorf("after paste %q", in.Value())
	}
	in.Update(tuitest.Key("ctrl+k"))
	if in.Value() != "Zx y" {
		t.Errorf("after ctrl+k %q", in.Value())
	}
	in.Update(tuitest.Key("ctrl+u"))
	if in.Value() != "" {
		t.Errorf("after ctrl+u %q", in.Value())
	}
	in.SetValue("0123456789")
	in.Width = 4
	if got := in.View(plain, plain); got != "> 789 " {
		t.Errorf("scrolled view %q", got)
	}
}

func TestConfirm(t *testing.T) {
	k := keys.Default()
	var c Confirm
	c.Open("Delete?", false)
	if c.HandleKey(tuitest.Key("x"), k) != Pending || !c.Active() {
		t.Fatal("other keys leave it open")
	}
	if c.HandleKey(tuitest.Key("y"), k) != Confirmed || c.Active() {
		t.Fatal("y confirms and closes")
	}
	c.Open("Resolve?", true)
	for _, r := range "ny" { // typed into the note, not answers
		if c.HandleKey(tuitest.Key(string(r)), k) != Pending {
			t.Fatal("with a note, letters are text")
		}
	}
	if c.HandleKey(tuitest.Key("enter"), k) != Confirmed || c.Note() != "ny" {
		t.Fatalf("note %q", c.Note())
	}
	c.Open("Ignore?", true)
	if c.HandleKey(tuitest.Key("esc"), k) != Cancelled {
		t.Fatal("esc cancels")
	}
}

func TestTextTableAndKV(t *testing.T) {
	got := TextTable([]string{"A", "LONGER"}, [][]string{{"wide cell", "x"}, {"b", ""}})
	want := "A          LONGER\nwide cell  x\nb"
	if got != want {
		t.Errorf("TextTable:\n%q\nwant\n%q", got, want)
	}
	kv := RenderKV(lipgloss.NewStyle(), []KV{{"Name", "a"}, {"Skipped", ""}, {"Long label", "two\nlines"}})
	want = "Name        a\nLong label  two\n            lines"
	if kv != want {
		t.Errorf("RenderKV:\n%q\nwant\n%q", kv, want)
	}
	if got := Fit("abcdef\nxy\nz", 3, 2); got != "abc\nxy" {
		t.Errorf("Fit = %q", got)
	}
}

func TestSetRowsKeepsACursorAfterAnEmptyList(t *testing.T) {
	tb := table.New(table.WithColumns([]table.Column{{Title: "A", Width: 4}}), table.WithFocused(true))
	SetRows(&tb, nil)
	SetRows(&tb, []table.Row{{"x"}, {"y"}})
	if tb.Cursor() != 0 {
		t.Fatalf("cursor %d after rows arrived; the first row must be selectable", tb.Cursor())
	}
}

func TestFilter(t *testing.T) {
	k := keys.Default()
	f := NewFilter("filter")
	press := func(key string) (handled, changed bool) { return f.HandleKey(tuitest.Key(key), k) }
	if h, _ := press("esc"); h {
		t.Fatal("esc with nothing to clear belongs to the page")
	}
	if h, _ := press("x"); h {
		t.Fatal("an unfocused filter took a letter")
	}
	if h, c := press("/"); !h || c || !f.Focused() {
		t.Fatal("/ focuses")
	}
	if h, c := press("a"); !h || !c || f.Value() != "a" {
		t.Fatalf("typing: %q", f.Value())
	}
	if h, c := press("enter"); !h || c || f.Focused() || f.Value() != "a" {
		t.Fatal("enter keeps the text and leaves the filter")
	}
	if h, c := press("esc"); !h || !c || f.Value() != "" {
		t.Fatal("esc clears a kept filter")
	}
	press("/")
	if h, c := press("esc"); !h || c || f.Focused() {
		t.Fatal("esc while typing leaves the filter; nothing to clear")
	}
}
