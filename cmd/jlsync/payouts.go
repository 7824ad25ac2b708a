package main

import (
	"context"
	"fmt"

	"github.com/jlsync/jlsync/agent/apitype"
)

func runPayouts(ctx context.Context, args []string) error {
	e, rest, err := agentCommand("payouts", "[show ID | post ID] [--json]", args, nil)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		ps, err := e.c.Payouts(ctx)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(ps)
		}
		var rows [][]string
		for _, p := range ps {
			rows = append(rows, []string{p.ID, p.Date.Local().Format("2006-01-02"), p.PayoutState, p.Transferred.Format(p.Currency),
				p.Status, fmt.Sprint(len(p.Exceptions)), p.JournalID})
		}
		return e.table("CYCLE\tDATE\tPAYOUT\tTRANSFERRED\tSTATUS\tEXCEPTIONS\tJOURNAL", rows)
	case len(rest) == 2 && rest[0] == "show":
		p, err := e.c.Payout(ctx, rest[1])
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(p)
		}
		printPayout(e, p)
		return nil
	case len(rest) == 2 && rest[0] == "post":
		p, err := e.c.PostPayout(ctx, rest[1])
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(p)
		}
		fmt.Fprintf(e.out, "payout %s posted as Journal Entry %s (%s), %s\n", p.ID, p.JournalID, p.JournalExtID, p.TotalDebit.Format(p.Currency))
		return nil
	}
	return usagef("usage: jlsync payouts [show ID | post ID]")
}

func printPayout(e *cliEnv, p apitype.Payout) {
	fmt.Fprintf(e.out, "payout %s of %s: %s transferred (%s %s), status %s\n", p.ID, p.Date.Local().Format("2006-01-02"),
		p.Transferred.Format(p.Currency), p.PayoutState, p.Reference, p.Status)
	if len(p.Exceptions) > 0 {
		fmt.Fprintf(e.out, "blocked by %v: see `jlsync exceptions --flow payouts`\n", p.Exceptions)
	}
	if p.JournalID != "" {
		fmt.Fprintf(e.out, "posted as Journal Entry %s by %s\n", p.JournalID, p.PostedBy)
	}
	fmt.Fprintln(e.out)
	var rows [][]string
	for _, t := range p.Totals {
		rows = append(rows, []string{t.Type, fmt.Sprint(t.Count), t.Amount.String()})
	}
	_ = e.table("TRANSACTION TYPE\tLINES\tAMOUNT", rows)
	fmt.Fprintf(e.out, "\nJournal Entry %s:\n", p.JournalExtID)
	rows = rows[:0]
	for _, l := range p.Journal {
		d, c := "", ""
		if l.Debit != 0 {
			d = l.Debit.String()
		}
		if l.Credit != 0 {
			c = l.Credit.String()
		}
		rows = append(rows, []string{l.Account, d, c, l.Memo})
	}
	rows = append(rows, []string{"total", p.TotalDebit.String(), p.TotalCredit.String(), balanced(p)})
	_ = e.table("ACCOUNT\tDEBIT\tCREDIT\tMEMO", rows)
}

func balanced(p apitype.Payout) string {
	if p.TotalDebit == p.TotalCredit {
		return "balanced"
	}
	return "NOT balanced"
}
