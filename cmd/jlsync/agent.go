package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/jlsync/jlsync/agent/daemon"
	"github.com/jlsync/jlsync/internal/config"
)

func runAgent(ctx context.Context, args []string) error {
	fs := newFlags("agent", "[--config FILE] [--data-dir DIR] [--socket PATH] [--log-level LEVEL]")
	file := fs.String("config", os.Getenv("JLSYNC_CONFIG"), "YAML config file (default $JLSYNC_CONFIG)")
	fs.String("data-dir", "", "where the store lives (agent.data_dir)")
	fs.String("socket", "", "local API socket (agent.socket)")
	fs.String("log-level", "", "debug, info, warn or error (agent.log_level)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(config.LoadOptions{File: *file, Flags: fs})
	if err != nil {
		return err
	}
	log := newLogger(cfg.Agent.LogLevel, os.Stderr)
	log.Info("starting jlsync agent", "version", daemon.Version, "data_dir", cfg.Agent.DataDir, "marketplace", cfg.Mirakl.URL, "netsuite", cfg.NetSuiteBaseURL())
	d, err := daemon.Open(cfg, daemon.Options{Logger: log})
	if err != nil {
		return err
	}
	err = d.Run(ctx)
	log.Info("agent stopped")
	return err
}

func newLogger(level string, w *os.File) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// storeDir is where the agent keeps its Badger files under a data dir.
func storeDir(dataDir string) string { return filepath.Join(dataDir, "store") }
