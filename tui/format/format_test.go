package format

import (
	"testing"
	"time"
)

var now = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

func at(d time.Duration) *time.Time { t := now.Add(d); return &t }

func TestAgo(t *testing.T) {
	for _, tt := range []struct {
		t    *time.Time
		want string
	}{
		{nil, "never"},
		{&time.Time{}, "never"},
		{at(0), "just now"},
		{at(-500 * time.Millisecond), "just now"},
		{at(-12 * time.Second), "12s ago"},
		{at(-59 * time.Second), "59s ago"},
		{at(-5*time.Minute - 30*time.Second), "5m ago"},
		{at(-3 * time.Hour), "3h ago"},
		{at(-47 * time.Hour), "47h ago"},
		{at(-72 * time.Hour), "3d ago"},
		{at(20 * time.Second), "in 20s"},
	} {
		if got := Ago(now, tt.t); got != tt.want {
			t.Errorf("Ago(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestUntil(t *testing.T) {
	for _, tt := range []struct {
		t    *time.Time
		want string
	}{
		{nil, "-"},
		{at(-time.Second), "now"},
		{at(0), "now"},
		{at(90 * time.Second), "in 1m"},
	} {
		if got := Until(now, tt.t); got != tt.want {
			t.Errorf("Until(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 1234567: "1,234,567", -45678: "-45,678",
	} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestText(t *testing.T) {
	if got := OneLine("  a\n\tb   c \n"); got != "a b c" {
		t.Errorf("OneLine = %q", got)
	}
	for _, tt := range []struct {
		s    string
		w    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello world", 8, "hello w…"},
		{"hello", 0, ""},
	} {
		if got := Trunc(tt.s, tt.w); got != tt.want {
			t.Errorf("Trunc(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
	if Or("", "-") != "-" || Or("x", "-") != "x" {
		t.Error("Or")
	}
	if Plural(1, "flow", "flows") != "1 flow" || Plural(1200, "flow", "flows") != "1,200 flows" {
		t.Error("Plural")
	}
}
