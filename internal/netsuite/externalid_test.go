package netsuite

import (
	"strings"
	"testing"
)

func TestExternalID(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
		norm  string // "" = check generically
	}{
		{"JL-12345-A", true, "JL-12345-A"},
		{"JL_RFD_9", true, "JL_RFD_9"},
		{"", false, ""},
		{"A|B", false, ""},
		{"JL 1", false, ""},
		{"JL-1/2", false, ""},
		{"café", false, ""},
	}
	for _, tt := range tests {
		if got := ValidExternalID(tt.in); got != tt.valid {
			t.Errorf("ValidExternalID(%q) = %v", tt.in, got)
		}
		n := NormalizeExternalID(tt.in)
		if tt.valid && n != tt.in {
			t.Errorf("valid %q changed to %q", tt.in, n)
		}
		if !tt.valid && tt.in != "" && (!ValidExternalID(n) || !strings.Contains(n, "-x")) {
			t.Errorf("NormalizeExternalID(%q) = %q", tt.in, n)
		}
	}
	if a, b := NormalizeExternalID("A.B"), NormalizeExternalID("A/B"); a == b {
		t.Errorf("collision: %q", a)
	}
	if got := NormalizeExternalID("123/45.6"); got != "123_45_6-x"+got[len(got)-12:] || len(got) != len("123_45_6-x")+12 {
		t.Errorf("shape: %q", got)
	}
	if NormalizeExternalID("JL 1") != NormalizeExternalID("JL 1") {
		t.Error("not stable")
	}
}

func FuzzNormalizeExternalID(f *testing.F) {
	for _, s := range []string{"JL-1", "a|b", "x y", "é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeExternalID(s)
		if s == "" {
			if n != "" {
				t.Fatal("empty input changed")
			}
			return
		}
		if !ValidExternalID(n) {
			t.Fatalf("NormalizeExternalID(%q) = %q is not valid", s, n)
		}
		if ValidExternalID(s) && n != s {
			t.Fatalf("valid id %q rewritten", s)
		}
		if NormalizeExternalID(n) != n {
			t.Fatalf("not idempotent on %q", n)
		}
	})
}
