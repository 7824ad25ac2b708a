package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jlsync/jlsync/internal/config"
)

// The headless demo is the contract CI and scripts rely on: flags in, three
// state files out.
func TestDemoHeadlessContract(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	out := t.TempDir()
	err := runDemo(context.Background(), []string{"--headless", "--seed", "1", "--orders", "8", "--state-out", out, "--timeout", "60s"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"netsuite.json", "mirakl.json", "agent.json"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
}

func TestConfigExampleChecksClean(t *testing.T) {
	path := filepath.Join(t.TempDir(), "jlsync.yaml")
	if err := os.WriteFile(path, []byte(config.Example()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := runConfig(context.Background(), []string{"check", path}); err != nil {
		t.Fatalf("the example config does not pass its own check: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(context.Context, []string) error
		args []string
	}{
		{"config without a verb", runConfig, nil},
		{"config check without a file", runConfig, []string{"check"}},
		{"demo with a stray argument", runDemo, []string{"--headless", "extra"}},
		{"sim with bad faults", runSim, []string{"--faults", "rate429=7"}},
	}
	for _, tt := range tests {
		var ue usageError
		if err := tt.run(ctx, tt.args); !errors.As(err, &ue) {
			t.Errorf("%s: err = %v, want a usage error", tt.name, err)
		}
	}
}
