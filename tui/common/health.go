package common

import (
	"slices"

	"github.com/jlsync/jlsync/agent/apitype"
)

// ApplyNotify folds one event-stream message into a Health value and reports
// whether it changed. A snapshot (n.Health) replaces everything; a flow delta
// (n.Flow) replaces that flow, or adds it if the agent has a new one.
//
// The result never shares its Flows slice with the input or the message, so
// the root and several pages can each keep their own copy safely.
func ApplyNotify(h apitype.Health, n apitype.Notify) (apitype.Health, bool) {
	changed := false
	if n.Health != nil {
		h = *n.Health
		h.Flows = slices.Clone(h.Flows)
		changed = true
	}
	if n.Flow != nil {
		flows := slices.Clone(h.Flows)
		i := slices.IndexFunc(flows, func(f apitype.FlowHealth) bool { return f.Name == n.Flow.Name })
		if i >= 0 {
			flows[i] = *n.Flow
		} else {
			flows = append(flows, *n.Flow)
		}
		h.Flows = flows
		// Every exception belongs to a flow, so the flows' counts are the
		// live total between snapshots.
		total := int64(0)
		for _, f := range flows {
			total += f.Exceptions
		}
		h.OpenExceptions = int(total)
		changed = true
	}
	return h, changed
}

// FindFlow returns the named flow, if the agent reports it.
func FindFlow(h apitype.Health, name string) (apitype.FlowHealth, bool) {
	for _, f := range h.Flows {
		if f.Name == name {
			return f, true
		}
	}
	return apitype.FlowHealth{}, false
}
