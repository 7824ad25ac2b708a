package oascheck

import (
	"os"
	"path/filepath"
)

// SpecEnv names an environment variable that points at the OpenAPI file,
// overriding the default location.
const SpecEnv = "JLSYNC_MIRAKL_OPENAPI"

// DefaultSpecPath finds the official seller OpenAPI the way the tests look
// for it: $JLSYNC_MIRAKL_OPENAPI, else ../shared/reference/ next to the
// repository holding the working directory. It returns "" when absent.
func DefaultSpecPath() string {
	if p := os.Getenv(SpecEnv); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "reference", "mirakl-mmp-seller-openapi.json")
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
