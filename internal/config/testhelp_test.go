package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// env builds an injected environment; a fixed HOME keeps default paths
// independent of the machine running the tests.
func env(kv ...string) func() []string {
	return func() []string { return append([]string{"HOME=/home/test"}, kv...) }
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %T: %v", err, err)
	}
	return ve.Problems
}

func hasProblem(problems []string, substr string) bool {
	for _, p := range problems {
		if strings.Contains(p, substr) {
			return true
		}
	}
	return false
}
