package oascheck

import (
	"strings"
	"testing"
)

var usedOps = []string{"A01", "PC01", "OR11", "OR28", "OR30", "ST01", "ST23", "ST24", "STO01", "STO02",
	"OF02", "OF21", "OF24", "SBC11", "TL02", "IV01", "RT11", "RE01", "SH21"}

func loadSpec(t *testing.T) *Spec {
	t.Helper()
	p := DefaultSpecPath()
	if p == "" {
		t.Skip("official Mirakl OpenAPI not found (../shared/reference/mirakl-mmp-seller-openapi.json); set " + SpecEnv)
	}
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The validator must accept Mirakl's own examples (nulls allowed: the
// examples use them for absent values).
func TestExamplesValidate(t *testing.T) {
	s := loadSpec(t)
	for _, op := range usedOps {
		exs := s.Examples(op)
		if len(exs) == 0 {
			t.Errorf("%s: no examples", op)
		}
		for _, ex := range exs {
			if !strings.Contains(ex.ContentType, "json") {
				continue
			}
			errs := s.ValidateResponse(op, ex.Status, ex.ContentType, ex.Body, Options{AllowNull: true})
			for _, e := range errs {
				t.Logf("%s %s: %v", op, ex.Name, e)
			}
		}
	}
}
