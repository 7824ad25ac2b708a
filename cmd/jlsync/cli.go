package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/spf13/pflag"
)

// cliEnv is what every agent-facing command shares: the client, --json, and
// where output goes.
type cliEnv struct {
	c    *client.Client
	json bool
	out  io.Writer
}

func agentCommand(name, args string, argv []string, extra func(fs *pflag.FlagSet)) (*cliEnv, []string, error) {
	fs := newFlags(name, args)
	socket := socketFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(argv); err != nil {
		return nil, nil, err
	}
	path, err := socket()
	if err != nil {
		return nil, nil, err
	}
	return &cliEnv{c: &client.Client{Socket: path}, json: *asJSON, out: os.Stdout}, fs.Args(), nil
}

func (e *cliEnv) printJSON(v any) error {
	enc := json.NewEncoder(e.out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (e *cliEnv) table(header string, rows [][]string) error {
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func ago(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "never"
	}
	d := time.Since(*t).Round(time.Second)
	if d < time.Second {
		return "just now"
	}
	return d.String() + " ago"
}

func runStatus(ctx context.Context, args []string) error {
	e, _, err := agentCommand("status", "[--json]", args, nil)
	if err != nil {
		return err
	}
	h, err := e.c.Health(ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(h)
	}
	fmt.Fprintf(e.out, "jlsync agent %s, up %s, data in %s\n", h.Version, h.Now.Sub(h.StartedAt).Round(time.Second), h.DataDir)
	fmt.Fprintf(e.out, "marketplace %s, NetSuite %s\n", h.Marketplace, h.ERP)
	if g := h.Governance; g != nil {
		fmt.Fprintf(e.out, "NetSuite concurrency: %d/%d in flight, %d waits, %d throttled\n", g.InFlight, g.Limit, g.Waited, g.Throttled)
	}
	fmt.Fprintf(e.out, "open exceptions: %d\n\n", h.OpenExceptions)
	return printFlows(e, h.Flows)
}

func printFlows(e *cliEnv, fl []apitype.FlowHealth) error {
	var rows [][]string
	for _, f := range fl {
		rows = append(rows, []string{f.Name, f.State, ago(f.LastRunAt), fmt.Sprint(f.Seen), fmt.Sprint(f.Done),
			fmt.Sprint(f.Pending), fmt.Sprint(f.Failed), fmt.Sprint(f.Exceptions), f.LastError})
	}
	return e.table("FLOW\tSTATE\tLAST RUN\tSEEN\tDONE\tPENDING\tFAILED\tEXCEPTIONS\tLAST ERROR", rows)
}

func runFlows(ctx context.Context, args []string) error {
	e, rest, err := agentCommand("flows", "[sync NAME] [--json]", args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		if rest[0] != "sync" || len(rest) != 2 {
			return usagef("usage: jlsync flows sync NAME")
		}
		if err := e.c.SyncFlow(ctx, rest[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.out, "%s: sync requested\n", rest[1])
		return nil
	}
	fl, err := e.c.Flows(ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(fl)
	}
	return printFlows(e, fl)
}

func runExceptions(ctx context.Context, args []string) error {
	var q client.ExceptionQuery
	var note string
	e, rest, err := agentCommand("exceptions", "[show|retry|resolve|ignore ID] [--status S] [--type T] [--flow F] [--note TEXT] [--json]", args, func(fs *pflag.FlagSet) {
		fs.StringVar(&q.Status, "status", "open", "open, resolved, ignored or all")
		fs.StringVar(&q.Type, "type", "", "only this exception type (e.g. unmapped_sku)")
		fs.StringVar(&q.Flow, "flow", "", "only this flow")
		fs.StringVar(&q.Q, "search", "", "text in the subject or reason")
		fs.IntVar(&q.Limit, "limit", 200, "at most this many")
		fs.StringVar(&note, "note", "", "note recorded with retry/resolve/ignore")
	})
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		if len(rest) != 2 {
			return usagef("usage: jlsync exceptions show|retry|resolve|ignore ID")
		}
		var ex apitype.Exception
		switch rest[0] {
		case "show":
			ex, err = e.c.Exception(ctx, rest[1])
		case "retry":
			ex, err = e.c.RetryException(ctx, rest[1], note)
		case "resolve":
			ex, err = e.c.ResolveException(ctx, rest[1], note)
		case "ignore":
			ex, err = e.c.IgnoreException(ctx, rest[1], note)
		default:
			return usagef("unknown action %q (show, retry, resolve, ignore)", rest[0])
		}
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(ex)
		}
		printException(e.out, ex)
		return nil
	}
	list, err := e.c.Exceptions(ctx, q)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(list)
	}
	var rows [][]string
	for _, x := range list.Items {
		rows = append(rows, []string{x.ID, x.Type, x.Status, x.Owner, x.Subject, x.Reason})
	}
	if err := e.table("ID\tTYPE\tSTATUS\tOWNER\tSUBJECT\tREASON", rows); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "%d of %d shown\n", len(list.Items), list.Total)
	return nil
}

func printException(w io.Writer, x apitype.Exception) {
	fmt.Fprintf(w, "%s  %s  [%s]  owner: %s\n", x.ID, x.Type, x.Status, x.Owner)
	fmt.Fprintf(w, "subject: %s\nreason:  %s\n", x.Subject, x.Reason)
	if x.Field != "" {
		fmt.Fprintf(w, "field:   %s\n", x.Field)
	}
	if x.Fix != "" {
		fmt.Fprintf(w, "fix:     %s\n", x.Fix)
	}
	if len(x.Blocks) > 0 {
		fmt.Fprintf(w, "blocks:  %s\n", strings.Join(x.Blocks, ", "))
	}
	for k, v := range x.Details {
		fmt.Fprintf(w, "  %s: %s\n", k, v)
	}
	fmt.Fprintf(w, "opened %s, updated %s", x.CreatedAt.Format(time.RFC3339), x.UpdatedAt.Format(time.RFC3339))
	if x.ClosedBy != "" {
		fmt.Fprintf(w, ", closed by %s", x.ClosedBy)
	}
	if x.Note != "" {
		fmt.Fprintf(w, " (%s)", x.Note)
	}
	fmt.Fprintln(w)
}

func runOrders(ctx context.Context, args []string) error {
	var limit int
	e, rest, err := agentCommand("orders", "[QUERY | show ID] [--limit N] [--json]", args, func(fs *pflag.FlagSet) {
		fs.IntVar(&limit, "limit", 50, "at most this many")
	})
	if err != nil {
		return err
	}
	if len(rest) == 2 && rest[0] == "show" {
		o, err := e.c.Order(ctx, rest[1])
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(o)
		}
		fmt.Fprintf(e.out, "order %s (commercial %s)  marketplace: %s  jlsync: %s\n", o.OrderID, o.CommercialID, o.State, o.Sync)
		if o.SalesOrderID != "" {
			fmt.Fprintf(e.out, "Sales Order %s (%s)\n", o.SalesOrderID, o.SalesOrderExtID)
		}
		fmt.Fprintf(e.out, "customer %s, total %s (shipping %s)\n\n", o.CustomerName, o.Total.Format(o.Currency), o.Shipping.Format(o.Currency))
		var rows [][]string
		for _, l := range o.Lines {
			rows = append(rows, []string{l.LineID, l.OfferSKU, fmt.Sprint(l.Quantity), l.Price.Format(o.Currency), l.State, l.Title})
		}
		_ = e.table("LINE\tSKU\tQTY\tPRICE\tSTATE\tTITLE", rows)
		fmt.Fprintln(e.out, "\ntimeline:")
		for _, t := range o.Timeline {
			fmt.Fprintf(e.out, "  %s  %-12s %s\n", t.At.Local().Format("2006-01-02 15:04:05"), t.Kind, t.Detail)
		}
		return nil
	}
	if len(rest) > 1 {
		return usagef("usage: jlsync orders [QUERY] | orders show ID")
	}
	q := ""
	if len(rest) == 1 {
		q = rest[0]
	}
	list, err := e.c.Orders(ctx, q, limit)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(list)
	}
	var rows [][]string
	for _, o := range list.Items {
		rows = append(rows, []string{o.OrderID, o.CommercialID, o.State, o.Sync, o.SalesOrderID, o.Total.String()})
	}
	if err := e.table("ORDER\tCOMMERCIAL\tMARKETPLACE\tJLSYNC\tSALES ORDER\tTOTAL", rows); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "%d of %d shown\n", len(list.Items), list.Total)
	return nil
}

func runSKUMap(ctx context.Context, args []string) error {
	var limit int
	e, rest, err := agentCommand("skumap", "[QUERY | show SKU | set SKU ITEM | delete SKU] [--json]", args, func(fs *pflag.FlagSet) {
		fs.IntVar(&limit, "limit", 0, "at most this many")
	})
	if err != nil {
		return err
	}
	show := func(m apitype.SKUMapping) error {
		if e.json {
			return e.printJSON(m)
		}
		fmt.Fprintf(e.out, "%s -> NetSuite item %s (%s", m.OfferSKU, m.ItemID, m.Source)
		if m.UpdatedBy != "" {
			fmt.Fprintf(e.out, ", by %s", m.UpdatedBy)
		}
		fmt.Fprintln(e.out, ")")
		return nil
	}
	switch {
	case len(rest) == 2 && rest[0] == "show":
		m, err := e.c.GetSKU(ctx, rest[1])
		if err != nil {
			return err
		}
		return show(m)
	case len(rest) == 3 && rest[0] == "set":
		m, err := e.c.PutSKU(ctx, rest[1], rest[2])
		if err != nil {
			return err
		}
		return show(m)
	case len(rest) == 2 && rest[0] == "delete":
		if _, err := e.c.DeleteSKU(ctx, rest[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.out, "%s: mapping deleted\n", rest[1])
		return nil
	case len(rest) > 1:
		return usagef("usage: jlsync skumap [QUERY] | show SKU | set SKU ITEM | delete SKU")
	}
	q := ""
	if len(rest) == 1 {
		q = rest[0]
	}
	ms, err := e.c.SKUMap(ctx, q, limit)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(ms)
	}
	var rows [][]string
	for _, m := range ms {
		rows = append(rows, []string{m.OfferSKU, m.ItemID, m.Source, m.UpdatedBy})
	}
	return e.table("OFFER SKU\tNETSUITE ITEM\tSOURCE\tBY", rows)
}

func runAudit(ctx context.Context, args []string) error {
	var limit int
	e, _, err := agentCommand("audit", "[--limit N] [--json]", args, func(fs *pflag.FlagSet) {
		fs.IntVar(&limit, "limit", 50, "at most this many")
	})
	if err != nil {
		return err
	}
	es, err := e.c.Audit(ctx, limit)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(es)
	}
	var rows [][]string
	for _, a := range es {
		rows = append(rows, []string{a.At.Local().Format("2006-01-02 15:04:05"), a.Actor, a.Action, a.Target})
	}
	return e.table("WHEN\tWHO\tACTION\tTARGET", rows)
}
