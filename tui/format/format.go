// Package format turns values into the short strings the console shows. The
// functions are pure (the clock is a parameter) so they are table-tested and
// the pages' goldens stay stable.
package format

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Ago says how long before now t was: "just now", "12s ago", "5m ago",
// "3h ago", "2d ago". A time in the future reads "in 12s"; nil or zero reads
// "never".
func Ago(now time.Time, t *time.Time) string {
	if t == nil || t.IsZero() {
		return "never"
	}
	d := now.Sub(*t)
	switch {
	case d < 0:
		return "in " + Short(-d)
	case d < time.Second:
		return "just now"
	default:
		return Short(d) + " ago"
	}
}

// AgoT is Ago for a time value.
func AgoT(now, t time.Time) string { return Ago(now, &t) }

// Until says how far after now t is: "in 12s", "now" once due, "-" for nil.
func Until(now time.Time, t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	d := t.Sub(now)
	if d <= 0 {
		return "now"
	}
	return "in " + Short(d)
}

// Short renders a duration in its largest whole unit: "45s", "12m", "3h",
// "2d". Operators scan these; precision beyond one unit is noise.
func Short(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
}

// Count groups thousands: 1234567 -> "1,234,567".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// OneLine folds whitespace runs (newlines included) into single spaces, so a
// multi-line error fits a table cell.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Trunc shortens s to at most w cells, ending in "…" when cut.
func Trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// Or returns s, or def when s is empty.
func Or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Plural returns "1 exception", "2 exceptions".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%s %s", Count(int64(n)), many)
}

// Indent puts prefix before every line of s, so a block sits under its
// section title in a detail view.
func Indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
