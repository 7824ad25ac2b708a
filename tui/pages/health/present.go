package health

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/table"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// columns of the flow table.
var columns = []components.Col{
	{Title: "FLOW", Min: 10},
	{Title: "STATE", Min: 8},
	{Title: "LAST RUN", Min: 9},
	{Title: "SEEN", Min: 7},
	{Title: "DONE", Min: 7},
	{Title: "PENDING", Min: 7},
	{Title: "FAILED", Min: 6},
	{Title: "EXC", Min: 5},
	{Title: "LAST ERROR", Min: 10, Weight: 1},
}

// FlowRow is one flow as a table row.
func FlowRow(now time.Time, f apitype.FlowHealth) table.Row {
	return table.Row{
		f.Name,
		format.Or(f.State, "unknown"),
		format.Ago(now, f.LastRunAt),
		format.Count(f.Seen),
		format.Count(f.Done),
		format.Count(f.Pending),
		format.Count(f.Failed),
		format.Count(f.Exceptions),
		format.Or(format.OneLine(f.LastError), "-"),
	}
}

// AgentLine describes the agent: version, uptime and what it syncs between.
// Only base URLs and account ids are shown; the agent never reports secrets.
func AgentLine(now time.Time, h apitype.Health) string {
	parts := []string{"Agent " + format.Or(h.Version, "(unknown version)")}
	if !h.StartedAt.IsZero() {
		parts = append(parts, "up "+format.Short(now.Sub(h.StartedAt)))
	}
	if h.Marketplace != "" {
		parts = append(parts, "Mirakl "+h.Marketplace)
	}
	if h.ERP != "" {
		parts = append(parts, "NetSuite "+h.ERP)
	}
	return strings.Join(parts, " · ")
}

// GovernanceText summarises the NetSuite concurrency limiter.
func GovernanceText(g *apitype.Governance) string {
	if g == nil {
		return "NetSuite governance: not reported"
	}
	return fmt.Sprintf("NetSuite governance: %d/%d in flight · %s throttled · %s waited",
		g.InFlight, g.Limit, format.Count(g.Throttled), format.Count(g.Waited))
}

// FlowDetail is what the table cannot show of one flow: the full last error
// and its timing.
func FlowDetail(now time.Time, f apitype.FlowHealth) []components.KV {
	return []components.KV{
		{Label: "Flow", Value: f.Name + " (" + format.Or(f.State, "unknown") + ")"},
		{Label: "Last success", Value: format.Ago(now, f.LastSuccessAt)},
		{Label: "Next run", Value: nextRun(now, f)},
		{Label: "Oldest pending", Value: f.Lag},
		{Label: "Last complete", Value: lastComplete(now, f)},
		{Label: "Cursor", Value: f.Cursor},
		{Label: "Last error", Value: strings.TrimSpace(f.LastError)},
	}
}

// lastComplete is when the flow last left its target fully up to date (the
// inventory flow's last push after which no SKU differed); "" hides the row
// for flows that do not report it.
func lastComplete(now time.Time, f apitype.FlowHealth) string {
	if f.LastCompleteAt == nil {
		return ""
	}
	return format.Ago(now, f.LastCompleteAt)
}

func nextRun(now time.Time, f apitype.FlowHealth) string {
	if f.State == apitype.FlowDisabled || f.State == apitype.FlowStopped {
		return "-"
	}
	return format.Until(now, f.NextRunAt)
}
