package faults

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Spec
		err  string
	}{
		{"", Spec{}, ""},
		{"latency=20ms,rate429=0.1,rate5xx=0.05,concurrency=5,drop=0.01", Spec{Latency: 20 * time.Millisecond, Rate429: 0.1, Rate5xx: 0.05, Concurrency: 5, Drop: 0.01}, ""},
		{"rate429=2", Spec{}, "rate429"},
		{"bogus=1", Spec{}, "unknown key"},
		{"rate429", Spec{}, "key=value"},
		{"latency=-1s", Spec{}, "latency"},
		{"rate429=0.6,rate5xx=0.6", Spec{}, "exceeds 1"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q) err = %v, want containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %+v, %v", tt.in, got, err)
		}
		if back, err := Parse(got.String()); err != nil || back != got {
			t.Errorf("round trip of %q via %q = %+v", tt.in, got.String(), back)
		}
	}
}

func TestInjectorRates(t *testing.T) {
	in := NewInjector(Spec{Rate429: 0.2, Rate5xx: 0.1, Seed: 7})
	counts := map[Kind]int{}
	for i := 0; i < 10000; i++ {
		k, _ := in.Next()
		counts[k]++
	}
	if c := counts[Throttle]; c < 1800 || c > 2200 {
		t.Errorf("throttle count %d, want about 2000", c)
	}
	if c := counts[ServerError]; c < 850 || c > 1150 {
		t.Errorf("5xx count %d, want about 1000", c)
	}
	// Same seed, same sequence.
	a, b := NewInjector(Spec{Rate429: 0.5, Seed: 3}), NewInjector(Spec{Rate429: 0.5, Seed: 3})
	for i := 0; i < 100; i++ {
		ka, _ := a.Next()
		kb, _ := b.Next()
		if ka != kb {
			t.Fatal("same seed gave different sequences")
		}
	}
}
