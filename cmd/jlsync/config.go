package main

import (
	"context"
	"fmt"
	"os"

	"github.com/jlsync/jlsync/agent/daemon"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/store"
	"github.com/spf13/pflag"
)

func runConfig(_ context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("usage: jlsync config example | config check FILE")
	}
	switch args[0] {
	case "example":
		fmt.Print(config.Example())
		return nil
	case "check":
		if len(args) != 2 {
			return usagef("usage: jlsync config check FILE")
		}
		problems, err := config.Check(args[1])
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(os.Stderr, "  "+p)
			}
			return fmt.Errorf("%s: %d problem(s)", args[1], len(problems))
		}
		fmt.Printf("%s: OK\n", args[1])
		return nil
	}
	return usagef("unknown config command %q (example, check)", args[0])
}

func runVersion(context.Context, []string) error {
	fmt.Println("jlsync", daemon.Version)
	return nil
}

// openStoreForMaintenance opens the agent's store directly; Badger's directory
// lock makes this fail while an agent is running, which is what we want.
func openStoreForMaintenance(args []string, name string, extra func(*pflag.FlagSet)) (*store.DB, string, error) {
	fs := newFlags(name, "FILE [--config FILE] [--data-dir DIR]")
	file := fs.String("config", os.Getenv("JLSYNC_CONFIG"), "config file (for agent.data_dir)")
	fs.String("data-dir", "", "the agent's data dir")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, "", err
	}
	if fs.NArg() != 1 {
		return nil, "", usagef("usage: jlsync %s FILE", name)
	}
	cfg, err := config.Load(config.LoadOptions{File: *file, Flags: fs})
	if err != nil && cfg.Agent.DataDir == "" {
		return nil, "", err
	}
	db, err := store.Open(store.Options{Dir: storeDir(cfg.Agent.DataDir)})
	if err != nil {
		return nil, "", fmt.Errorf("%w (is the agent still running? stop it first)", err)
	}
	return db, fs.Arg(0), nil
}

func runBackup(_ context.Context, args []string) error {
	db, path, err := openStoreForMaintenance(args, "backup", nil)
	if err != nil {
		return err
	}
	defer db.Close()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := db.Backup(f); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("backup written to %s\n", path)
	return nil
}

func runRestore(_ context.Context, args []string) error {
	var force bool
	db, path, err := openStoreForMaintenance(args, "restore", func(fs *pflag.FlagSet) {
		fs.BoolVar(&force, "force", false, "restore even though the store already holds data")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if full, err := db.HoldsData(context.Background()); err != nil {
		return err
	} else if full && !force {
		return fmt.Errorf("the store in this data dir already holds data; restore into an empty data dir (or pass --force to merge)")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := db.Restore(f); err != nil {
		return err
	}
	fmt.Printf("restored from %s\n", path)
	return nil
}
