package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadFile feeds arbitrary bytes as the YAML config file: Load must
// answer with a config or an error, never panic.
func FuzzLoadFile(f *testing.F) {
	f.Add([]byte(Example()))
	f.Add([]byte("orders:\n  interval: 5\n"))
	f.Add([]byte("mirakl:\n  api_key: secret\n"))
	f.Add([]byte("inventory:\n  buffer:\n    rules: [{prefix: A, percent: x}]\n"))
	f.Add([]byte(":\n- ["))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		_, _ = Load(LoadOptions{File: path, Environ: func() []string { return nil }})
	})
}
