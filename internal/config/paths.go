package config

import (
	"os"
	"path/filepath"
	"strings"
)

// DefaultDataDir is $XDG_STATE_HOME/jlsync, else ~/.local/state/jlsync: the
// store is state (precious, not cache), per the XDG base directory spec.
func DefaultDataDir() string { return defaultDataDir(os.Getenv) }

// DefaultSocketPath is $XDG_RUNTIME_DIR/jlsync/agent.sock when that is set
// (a per-user tmpfs, cleaned at logout), else <dataDir>/agent.sock.
func DefaultSocketPath(dataDir string) string { return defaultSocketPath(os.Getenv, dataDir) }

func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "jlsync")
	}
	home := getenv("HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = h
		}
	}
	if home == "" {
		// No home (a bare service account): stay somewhere writable and
		// predictable rather than the current directory.
		return filepath.Join(os.TempDir(), "jlsync")
	}
	return filepath.Join(home, ".local", "state", "jlsync")
}

func defaultSocketPath(getenv func(string) string, dataDir string) string {
	if d := getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		return filepath.Join(d, "jlsync", "agent.sock")
	}
	return filepath.Join(dataDir, "agent.sock")
}

// getenvFrom looks a name up in an environ-style list (last one wins, as in
// the C library), so injected environments behave like the real one.
func getenvFrom(environ []string) func(string) string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
}
