// Command jlsync syncs John Lewis Marketplace (Mirakl) with Oracle NetSuite.
// Each subcommand only parses its flags and calls into the packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
)

type command struct {
	summary string
	run     func(ctx context.Context, args []string) error
}

var commands = map[string]command{
	"agent":      {"run the sync daemon", runAgent},
	"console":    {"open the console (TUI) on a running agent", runConsole},
	"demo":       {"run simulators + agent + console on one machine (--headless for CI)", runDemo},
	"sim":        {"serve the Mirakl and NetSuite simulators", runSim},
	"status":     {"agent and flow health", runStatus},
	"flows":      {"list flows; `flows sync NAME` polls one now", runFlows},
	"exceptions": {"list exceptions; `exceptions show|retry|resolve|ignore ID`", runExceptions},
	"orders":     {"search orders; `orders show ID` prints one with its timeline", runOrders},
	"skumap":     {"SKU map; `skumap set SKU ITEM`, `skumap show|delete SKU`", runSKUMap},
	"audit":      {"operator actions, newest first", runAudit},
	"stock":      {"`stock show SKU` explains a published quantity; `stock resync` republishes all", runStock},
	"payouts":    {"payout journal previews; `payouts show ID`, `payouts post ID`", runPayouts},
	"backup":     {"write a backup of the agent's store to FILE (agent stopped)", runBackup},
	"restore":    {"restore the agent's store from FILE (agent stopped, empty store)", runRestore},
	"config":     {"`config example` prints a full config; `config check FILE` validates one", runConfig},
	"version":    {"print the version", runVersion},
}

func usage() {
	fmt.Fprintln(os.Stderr, "jlsync: John Lewis Marketplace <-> NetSuite sync\n\nUsage: jlsync COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(os.Stderr, "\nRun `jlsync COMMAND --help` for a command's flags.")
}

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		if len(os.Args) < 2 {
			os.Exit(2)
		}
		return
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "jlsync: unknown command %q\n\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	err := cmd.run(ctx, os.Args[2:])
	if err == nil || errors.Is(err, pflag.ErrHelp) {
		return
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(os.Stderr, "jlsync %s: %s\n", os.Args[1], ue.msg)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "jlsync %s: %s\n", os.Args[1], strings.TrimSpace(err.Error()))
	os.Exit(1)
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// newFlags makes a flag set whose errors are returned, not printed twice.
func newFlags(name, args string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: jlsync %s %s\n\nFlags:\n%s", name, args, fs.FlagUsages())
	}
	return fs
}
