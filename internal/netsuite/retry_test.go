package netsuite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/internal/sim/faults"
	netsuitesim "github.com/jlsync/jlsync/internal/sim/netsuite"
)

func TestRetriesThrottleAndServerErrors(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, nil)
	c := env.client(t, env.oauth2(t), func(cfg *netsuite.Config) { cfg.MaxRetries = 12 })
	if _, err := c.GovernanceLimits(ctx); err != nil { // fetch the token before faults start
		t.Fatal(err)
	}
	env.sim.SetFaults(faults.Spec{Rate429: 0.3, Rate5xx: 0.3, Seed: 7})
	for i := range 20 {
		if _, err := c.Upsert(ctx, netsuite.TypeCustomer, fmt.Sprintf("C-%d", i), netsuite.Customer{CompanyName: "Shop"}); err != nil {
			t.Fatalf("upsert %d: %v", i, err)
		}
	}
	if st := c.Stats(); st.Throttled == 0 || st.Requests <= 20 {
		t.Fatalf("faults were not seen: %+v", st)
	}
	if n := len(env.sim.Records("customer")); n != 20 {
		t.Fatalf("%d customers, want 20", n)
	}
}

func TestDroppedConnections(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, nil)
	c := env.client(t, env.tba(), func(cfg *netsuite.Config) { cfg.MaxRetries = 3 })
	env.sim.SetFaults(faults.Spec{Drop: 1})

	// A create that lost its answer may have happened: not retried.
	_, err := c.Create(ctx, netsuite.TypeCustomer, netsuite.Customer{CompanyName: "x", ExternalID: "X1"})
	if err == nil || !netsuite.IsRetryable(err) {
		t.Fatalf("dropped create: %v", err)
	}
	if n := env.sim.Observed().Calls["POST customer"]; n != 1 {
		t.Fatalf("create sent %d times, want 1", n)
	}
	// Reads and upserts are safe to repeat.
	var cust netsuite.Customer
	err = c.GetByExternalID(ctx, netsuite.TypeCustomer, "X1", &cust, false)
	if err == nil || !netsuite.IsRetryable(err) {
		t.Fatalf("dropped get: %v", err)
	}
	if n := env.sim.Observed().Calls["GET customer"]; n != 4 {
		t.Fatalf("get sent %d times, want 1 + 3 retries", n)
	}
}

// TestConcurrentUpserts drives 200 upserts at once through a client
// allowed 8 in flight against an account that allows 5: the limiter must
// absorb the 429s, and every record must land exactly once.
func TestConcurrentUpserts(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, func(o *netsuitesim.Options) {
		o.Concurrency = 5
		o.Faults = faults.Spec{Latency: 2 * time.Millisecond}
	})
	c := env.client(t, env.oauth2(t), func(cfg *netsuite.Config) { cfg.Concurrency = 8 })
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	ids := make([]string, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := c.Upsert(ctx, netsuite.TypeCustomer, fmt.Sprintf("JL-C-%03d", i), netsuite.Customer{
				CompanyName: fmt.Sprintf("Customer %d", i), Email: fmt.Sprintf("c%d@example.com", i),
			})
			ids[i] = id
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("an upsert failed: %v", err)
		}
	}
	recs := env.sim.Records("customer")
	if len(recs) != 200 {
		t.Fatalf("%d customers stored, want 200", len(recs))
	}
	seen := map[string]bool{}
	for _, r := range recs {
		e, _ := r["externalId"].(string)
		if seen[e] {
			t.Fatalf("externalId %s stored twice", e)
		}
		seen[e] = true
	}
	uniq := map[string]bool{}
	for _, id := range ids {
		uniq[id] = true
	}
	if len(uniq) != 200 {
		t.Fatalf("%d distinct ids returned, want 200", len(uniq))
	}
	st := c.Stats()
	obs := env.sim.Observed()
	t.Logf("client %+v; simulator max in flight %d, throttled %d, PUTs %d", st, obs.MaxInFlight, obs.Throttled, obs.Calls["PUT customer"])
	if st.Waited == 0 {
		t.Error("no request waited for a slot")
	}
	// Without adapting, 8 slots against 5 would be refused about 3 times in
	// every round of 8; the limiter settles near 5 and keeps 429s rare.
	if st.Throttled == 0 || st.Throttled > 60 {
		t.Errorf("limiter did not adapt to the account limit: %+v", st)
	}
	if obs.MaxInFlight > 5 {
		t.Errorf("simulator saw %d in flight", obs.MaxInFlight)
	}
	if st.InFlight != 0 {
		t.Errorf("%d slots leaked", st.InFlight)
	}
}

func TestApplyGovernanceLimits(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, func(o *netsuitesim.Options) { o.IntegrationConcurrencyLimit = 3; o.Concurrency = 10 })
	c := env.client(t, env.tba(), nil)
	g, err := c.ApplyGovernanceLimits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g.IntegrationLimitType != "integrationSpecific" || c.Stats().Limit != 3 {
		t.Fatalf("%+v %+v", g, c.Stats())
	}

	denied := newSimEnv(t, func(o *netsuitesim.Options) { o.GovernanceForbidden = true })
	c = denied.client(t, denied.tba(), nil)
	if _, err := c.ApplyGovernanceLimits(ctx); err == nil {
		t.Fatal("forbidden governance read succeeded")
	}
	if c.Stats().Limit != 2 {
		t.Fatalf("limit changed after a refused read: %+v", c.Stats())
	}
}
