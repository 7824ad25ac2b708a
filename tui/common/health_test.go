package common

import (
	"testing"

	"github.com/jlsync/jlsync/agent/apitype"
)

func TestApplyNotify(t *testing.T) {
	snap := &apitype.Health{Version: "1", OpenExceptions: 2, Flows: []apitype.FlowHealth{
		{Name: "orders", State: "idle"}, {Name: "payouts", State: "idle"},
	}}
	h, changed := ApplyNotify(apitype.Health{}, apitype.Notify{Health: snap})
	if !changed || h.Version != "1" || len(h.Flows) != 2 {
		t.Fatalf("snapshot: %+v %v", h, changed)
	}

	h2, changed := ApplyNotify(h, apitype.Notify{Flow: &apitype.FlowHealth{Name: "orders", State: "running", Seen: 5}})
	if !changed || h2.Flows[0].State != "running" || h2.Flows[0].Seen != 5 {
		t.Fatalf("flow update: %+v", h2.Flows)
	}
	// The earlier value and the snapshot are untouched.
	if h.Flows[0].State != "idle" || snap.Flows[0].State != "idle" {
		t.Fatal("ApplyNotify aliased its input")
	}

	h3, _ := ApplyNotify(h2, apitype.Notify{Flow: &apitype.FlowHealth{Name: "returns"}})
	if len(h3.Flows) != 3 || h3.Flows[2].Name != "returns" {
		t.Fatalf("new flow: %+v", h3.Flows)
	}

	if _, changed := ApplyNotify(h3, apitype.Notify{Exception: &apitype.Exception{}}); changed {
		t.Error("an exception event changed health")
	}
	if f, ok := FindFlow(h3, "payouts"); !ok || f.Name != "payouts" {
		t.Error("FindFlow")
	}
	if _, ok := FindFlow(h3, "stock"); ok {
		t.Error("FindFlow found a missing flow")
	}
}
