package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/scenario"
)

func TestParseActions(t *testing.T) {
	tests := []struct {
		in, err string
		n       int
	}{
		{``, "", 0},
		{`{"actions":[{"after":"5m","do":"set_stock","item":"1","location":"1","available":3},{"do":"new_orders","count":2}]}`, "", 2},
		{`{"actions":[{"after":"soon","do":"set_stock"}]}`, "not a duration", 0},
		{`{"actions":[{"do":"explode"}]}`, `unknown do "explode"`, 0},
		{`{"actions":[{"do":"fulfil","colour":"red"}]}`, "unknown field", 0},
		{`[1,2]`, "actions.json", 0},
	}
	for _, tt := range tests {
		got, err := ParseActions([]byte(tt.in))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseActions(%s) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || len(got) != tt.n {
			t.Errorf("ParseActions(%s) = %d actions, %v", tt.in, len(got), err)
		}
	}
	got, _ := ParseActions([]byte(`{"actions":[{"after":"2m","do":"new_orders"},{"after":"1m","do":"new_orders"}]}`))
	if got[0].at != time.Minute {
		t.Errorf("actions must run in time order")
	}
}

// TestActionsDuringARun changes stock in NetSuite partway through a headless
// run; the run waits for the action and the marketplace ends with the figure.
func TestActionsDuringARun(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	dir := copyScenario(t, "inventory", "", `{"actions":[{"after":"10m","do":"set_stock","item":"301","location":"1","available":100}]}`)
	out := t.TempDir()
	if err := Headless(context.Background(), Options{ScenarioDir: dir, StateOut: out, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var m miraklState
	readJSON(t, filepath.Join(out, scenario.MiraklFile), &m)
	for _, o := range m.Offers {
		// 100 + 5 + 20, less the default buffer of 1 and the 3 promised units.
		if o.SKU == "SKU-MUG" && o.Quantity != 121 {
			t.Errorf("SKU-MUG at %d after the stock action, want 121", o.Quantity)
		}
	}
}

func FuzzParseActions(f *testing.F) {
	f.Add([]byte(`{"actions":[{"after":"5m","do":"set_stock","item":"1","location":"1","available":3}]}`))
	f.Add([]byte(`{"actions":[{"do":"refund_line","amount":1.005}]}`))
	f.Add([]byte(`{"actions":[{"after":"-1s","do":"new_orders"}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		acts, err := ParseActions(b)
		if err != nil {
			return
		}
		for i := 1; i < len(acts); i++ {
			if acts[i].at < acts[i-1].at {
				t.Fatalf("actions out of order: %v", acts)
			}
		}
	})
}
