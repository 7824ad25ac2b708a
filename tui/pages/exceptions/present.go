package exceptions

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/x/ansi"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// columns of the exception list.
var columns = []components.Col{
	{Title: "AGE", Min: 8},
	{Title: "TYPE", Min: 20},
	{Title: "SUBJECT", Min: 14, Weight: 1},
	{Title: "REASON", Min: 20, Weight: 3},
	{Title: "OWNER", Min: 10},
}

// Row is one exception as a list row.
func Row(now time.Time, x apitype.Exception) table.Row {
	return table.Row{
		format.AgoT(now, x.CreatedAt),
		x.Type,
		format.OneLine(x.Subject),
		format.OneLine(x.Reason),
		format.Or(x.Owner, "-"),
	}
}

// Matches reports whether the filter text q (case-insensitive, every word
// must appear somewhere) matches the exception.
func Matches(x apitype.Exception, q string) bool {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return true
	}
	hay := []string{x.ID, x.Type, x.Flow, x.Subject, x.Reason, x.Owner, x.Field}
	for _, v := range x.Details {
		hay = append(hay, v)
	}
	all := strings.ToLower(strings.Join(hay, "\x00"))
	for _, w := range words {
		if !strings.Contains(all, w) {
			return false
		}
	}
	return true
}

// MappableSKU returns the SKU an unmapped_sku exception is about, if any:
// such an exception is fixed by adding that SKU to the SKU map.
func MappableSKU(x apitype.Exception) (string, bool) {
	if x.Type != apitype.ExcUnmappedSKU {
		return "", false
	}
	sku := strings.TrimSpace(x.Details["sku"])
	return sku, sku != ""
}

// Heading is the one-line title of the detail view.
func Heading(x apitype.Exception) string {
	return "Exception " + x.ID + " · " + x.Type + " · " + x.Status
}

// DetailText renders everything known about an exception, wrapped to width.
func DetailText(now time.Time, x apitype.Exception, width int) string {
	width = max(20, width)
	var b strings.Builder
	times := "created " + format.AgoT(now, x.CreatedAt)
	if !x.UpdatedAt.IsZero() && !x.UpdatedAt.Equal(x.CreatedAt) {
		times += " · updated " + format.AgoT(now, x.UpdatedAt)
	}
	if x.Attempts > 0 {
		times += " · " + format.Plural(x.Attempts, "attempt", "attempts")
	}
	typ := x.Type
	if x.Severity != "" {
		typ += " (" + x.Severity + ")"
	}
	b.WriteString(components.RenderKV(noStyle, []components.KV{
		{Label: "ID", Value: x.ID},
		{Label: "Type", Value: typ},
		{Label: "Flow", Value: x.Flow},
		{Label: "Status", Value: x.Status},
		{Label: "Owner", Value: x.Owner},
		{Label: "Subject", Value: x.Subject},
		{Label: "When", Value: times},
		{Label: "Closed by", Value: x.ClosedBy},
		{Label: "Note", Value: x.Note},
	}))
	section := func(title, body string) {
		body = strings.TrimSpace(body)
		if body == "" {
			return
		}
		b.WriteString("\n\n" + title + "\n" + format.Indent(ansi.Wrap(body, width-2, " "), "  "))
	}
	section("Reason", x.Reason)
	section("Field", x.Field)
	section("How to fix", x.Fix)
	if len(x.Blocks) > 0 {
		section("Blocks", "• "+strings.Join(x.Blocks, "\n• "))
	}
	if len(x.Details) > 0 {
		keys := make([]string, 0, len(x.Details))
		for k := range x.Details {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		pairs := make([]components.KV, len(keys))
		for i, k := range keys {
			pairs[i] = components.KV{Label: k, Value: x.Details[k]}
		}
		section("Details", components.RenderKV(noStyle, pairs))
	}
	if len(x.Payload) > 0 {
		// Payloads are shown as they are, not wrapped: JSON reads better cut
		// at the edge than folded, and the viewport scrolls.
		b.WriteString("\n\nPayload\n" + format.Indent(PrettyJSON(x.Payload), "  "))
	}
	return b.String()
}

// PrettyJSON indents a JSON document; anything else is returned as text.
func PrettyJSON(raw json.RawMessage) string {
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return string(raw)
	}
	return out.String()
}

// ActionDone is the status-bar message after an action succeeded.
func ActionDone(a action, x apitype.Exception) string {
	what := map[action]string{actRetry: "queued for retry", actResolve: "resolved", actIgnore: "ignored"}[a]
	s := "exception " + x.ID + " " + what
	if x.Status != "" && a != actRetry {
		s += " (status " + x.Status + ")"
	}
	return s
}

// Question is the confirmation asked before an action.
func Question(a action, x apitype.Exception) string {
	verb := map[action]string{actRetry: "Retry", actResolve: "Resolve", actIgnore: "Ignore"}[a]
	q := verb + " exception " + x.ID
	if x.Subject != "" {
		q += " (" + x.Subject + ")"
	}
	return q + "?"
}

// Summary is the line above the list.
func Summary(shown, loaded, total int, filter string) string {
	s := "Open exceptions: " + format.Count(int64(total))
	if loaded < total {
		s += " (first " + strconv.Itoa(loaded) + " loaded)"
	}
	if filter != "" {
		s += " · " + format.Plural(shown, "match", "matches") + " for “" + filter + "”"
	}
	return s
}
