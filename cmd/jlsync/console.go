package main

import (
	"context"
	"os"

	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/tui"
	"github.com/spf13/pflag"
)

// socketFlags adds --config and --socket, shared by every command that talks
// to a running agent.
func socketFlags(fs *pflag.FlagSet) func() (string, error) {
	file := fs.String("config", os.Getenv("JLSYNC_CONFIG"), "config file whose agent.socket to use (default $JLSYNC_CONFIG)")
	sock := fs.String("socket", "", "agent socket path (overrides --config)")
	return func() (string, error) {
		if *sock != "" {
			return *sock, nil
		}
		cfg, err := config.Load(config.LoadOptions{File: *file})
		if err != nil && cfg.Agent.Socket == "" {
			return "", err
		}
		return cfg.Agent.Socket, nil
	}
}

func runConsole(ctx context.Context, args []string) error {
	fs := newFlags("console", "[--config FILE | --socket PATH]")
	socket := socketFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, err := socket()
	if err != nil {
		return err
	}
	return tui.Run(ctx, &client.Client{Socket: path}, tui.Options{Socket: path})
}
