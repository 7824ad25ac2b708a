package main

import (
	"context"
	"fmt"
)

func runStock(ctx context.Context, args []string) error {
	e, rest, err := agentCommand("stock", "show SKU | resync [--json]", args, nil)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 1 && rest[0] == "resync":
		n, err := e.c.StockResync(ctx)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]int{"skus": n})
		}
		fmt.Fprintf(e.out, "resync requested: %d SKUs will be published once (and any SKU NetSuite reports)\n", n)
		return nil
	case len(rest) == 2 && rest[0] == "show":
	default:
		return usagef("usage: jlsync stock show SKU | stock resync")
	}
	v, err := e.c.Stock(ctx, rest[1])
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(v)
	}
	fmt.Fprintf(e.out, "SKU %s (NetSuite item %s)\n\n", v.SKU, v.ItemID)
	var rows [][]string
	for _, l := range v.Locations {
		counted := "yes"
		if !l.Counted {
			counted = "no (not in inventory.locations)"
		}
		changed := ""
		if !l.LastChange.IsZero() {
			changed = l.LastChange.Local().Format("2006-01-02 15:04:05")
		}
		rows = append(rows, []string{l.Location, fmt.Sprint(l.Available), fmt.Sprint(l.OnHand), changed, counted})
	}
	_ = e.table("LOCATION\tAVAILABLE\tON HAND\tCHANGED IN NETSUITE\tCOUNTED", rows)
	fmt.Fprintf(e.out, "\n  %5d  available in counted locations\n", v.Total)
	pct := ""
	if v.BufferPercent != "" {
		pct = " + " + v.BufferPercent + "%"
	}
	fmt.Fprintf(e.out, "- %5d  safety buffer (%s: %d units%s, percentage rounded up)\n", v.BufferHeld, v.BufferSource, v.BufferUnits, pct)
	fmt.Fprintf(e.out, "- %5d  in accepted orders not yet in NetSuite %v\n", v.Pending, v.PendingOrders)
	if v.FloorApplied {
		fmt.Fprintf(e.out, "  below the floor of %d: published as 0\n", v.Floor)
	}
	fmt.Fprintf(e.out, "= %5d  available to sell (computed %s)\n\n", v.Available, v.ComputedAt.Local().Format("2006-01-02 15:04:05"))
	switch {
	case v.Pushed < 0 || v.PushedAt == nil:
		fmt.Fprintln(e.out, "not pushed to the marketplace yet")
	default:
		fmt.Fprintf(e.out, "last pushed: %d at %s (stock import %s)\n", v.Pushed, v.PushedAt.Local().Format("2006-01-02 15:04:05"), v.PushedImport)
	}
	if v.Rejected != "" {
		fmt.Fprintf(e.out, "the marketplace refused the last push: %s\n", v.Rejected)
	}
	if !v.InSync && v.Pushed >= 0 {
		fmt.Fprintln(e.out, "a new figure is waiting for the next stock import")
	}
	return nil
}
