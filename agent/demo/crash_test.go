package demo

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/scenario"
	"github.com/jlsync/jlsync/internal/sim/faults"
)

// TestKillNineMidRun runs the real agent binary against the simulators,
// kills it with SIGKILL while it is writing Sales Orders, starts it again on
// the same data dir, and checks that every order ends in NetSuite exactly
// once: the store's pending work, not luck, carries the job across the crash.
func TestKillNineMidRun(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds and runs the jlsync binary")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "jlsync")
	build := exec.Command("go", "build", "-o", bin, "github.com/jlsync/jlsync/cmd/jlsync")
	build.Env = os.Environ()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	const orders = 80
	g, err := scenario.Generate(scenario.GenOptions{Seed: 4, Orders: orders})
	if err != nil {
		t.Fatal(err)
	}
	w, err := StartWorld(WorldOptions{TimeScale: 600, KeyDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Load(g.Scenario); err != nil {
		t.Fatal(err)
	}
	// Latency stretches the run so the kill lands mid-way.
	w.NetSuite.SetFaults(mustFaults(t, "latency=15ms"))

	data, err := os.MkdirTemp("", "jk")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(data)
	n := w.Creds.NetSuite
	cfgFile := filepath.Join(tmp, "jlsync.yaml")
	cfgText := fmt.Sprintf(`agent:
  data_dir: %s
  socket: %s
mirakl:
  url: %s
  shop_id: "%s"
  time_scale: 600
netsuite:
  account_id: %s
  url: %s
  subsidiary: "1"
  location: "1"
  currency: "1"
  auth:
    method: oauth2
    client_id: %s
    certificate_id: %s
    private_key_file: %s
inventory:
  locations: ["1", "2"]
`, data, filepath.Join(data, "s"), w.MURL, w.Creds.Mirakl.ShopID, n.AccountID, w.NURL, n.ClientID, n.CertificateID, n.PrivateKeyFile)
	if err := os.WriteFile(cfgFile, []byte(cfgText), 0o600); err != nil {
		t.Fatal(err)
	}
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "agent", "--config", cfgFile)
		cmd.Env = append(os.Environ(), "JLSYNC_MIRAKL__API_KEY="+w.Creds.Mirakl.APIKey)
		cmd.Stdout, cmd.Stderr = nil, nil
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	salesOrders := func() (int, map[string]int) {
		seen := map[string]int{}
		for _, so := range w.NetSuite.Records("salesOrder") {
			ext, _ := so["externalId"].(string)
			seen[ext]++
		}
		return len(w.NetSuite.Records("salesOrder")), seen
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	first := start()
	wait("the first Sales Orders", func() bool { c, _ := salesOrders(); return c >= 10 })
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	killedAt, _ := salesOrders()
	clean := len(g.Orders) - countUnmapped(g)
	t.Logf("killed with %d of %d Sales Orders written", killedAt, clean)
	if killedAt >= clean {
		t.Fatalf("the kill came too late to prove anything (%d of %d written)", killedAt, clean)
	}

	second := start()
	defer func() {
		_ = second.Process.Signal(syscall.SIGTERM)
		_ = second.Wait()
	}()
	wait("every clean order in NetSuite", func() bool { c, _ := salesOrders(); return c >= clean })
	time.Sleep(300 * time.Millisecond) // a few more polls: nothing may be written twice
	count, seen := salesOrders()
	for ext, c := range seen {
		if c != 1 {
			t.Errorf("%s written %d times", ext, c)
		}
	}
	if count != clean {
		t.Errorf("%d Sales Orders after the restart, want %d (killed at %d)", count, clean, killedAt)
	}
	if _, err := os.Stat(filepath.Join(data, "store")); err != nil {
		t.Errorf("no store in the data dir: %v", err)
	}
}

func countUnmapped(g scenario.Generated) int {
	n := 0
	for _, o := range g.Orders {
		for _, l := range o.Lines {
			if _, ok := g.ItemIDs[l.OfferSKU]; !ok {
				n++
				break
			}
		}
	}
	return n
}

func mustFaults(t *testing.T, spec string) faults.Spec {
	t.Helper()
	s, err := faults.Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
