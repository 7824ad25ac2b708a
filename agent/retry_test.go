package agent

import (
	"context"
	"strings"
	"testing"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/store/storetest"
)

// TestRetriesExhaustedThenOperatorRetry: NetSuite stays down, the order's
// attempts run out and it becomes a retries_exhausted exception; once
// NetSuite is back an operator's retry (through the API, as the console
// sends it) gets the order through and closes the exception.
func TestRetriesExhaustedThenOperatorRetry(t *testing.T) {
	db := storetest.New(t)
	market, erp := newWorld()
	market.orders = map[string]mirakl.Order{"R1": order("R1", "SKU-A")}
	erp.down = true
	r := startRig(t, db, market, erp)
	r.waitIdle(t)
	ctx := context.Background()
	ex, _ := r.a.Exceptions(ctx, localapi.ExceptionQuery{})
	if ex.Total != 1 || ex.Items[0].Type != apitype.ExcRetriesExhausted || !strings.Contains(ex.Items[0].Reason, "down for maintenance") {
		t.Fatalf("exceptions: %+v", ex.Items)
	}
	erp.mu.Lock()
	erp.down = false
	erp.mu.Unlock()
	c := &client.Client{Socket: r.socketPath(t)}
	if _, err := c.RetryException(ctx, ex.Items[0].ID, "NetSuite is back"); err != nil {
		t.Fatal(err)
	}
	r.waitIdle(t)
	if _, n := erp.so("JL-R1"); n != 1 {
		t.Fatalf("no Sales Order after the retry")
	}
	ex, _ = r.a.Exceptions(ctx, localapi.ExceptionQuery{})
	if ex.Total != 0 {
		t.Fatalf("exception still open: %+v", ex.Items)
	}
	audit, _ := c.Audit(ctx, 5)
	if len(audit) == 0 || audit[0].Action != "exception.retry" {
		t.Errorf("the retry is not in the audit log: %+v", audit)
	}
}
