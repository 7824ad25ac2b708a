package mirakl

import "time"

// Operation ids, as the OpenAPI names them. Errors, logs, the limiter and the
// simulator's observed counters all use them.
const (
	OpA01   = "A01"
	OpPC01  = "PC01"
	OpOR11  = "OR11"
	OpOR21  = "OR21"
	OpOR23  = "OR23"
	OpOR24  = "OR24"
	OpOR28  = "OR28"
	OpOR29  = "OR29"
	OpOR30  = "OR30"
	OpST01  = "ST01"
	OpST23  = "ST23"
	OpST24  = "ST24"
	OpSTO01 = "STO01"
	OpSTO02 = "STO02"
	OpSTO03 = "STO03"
	OpOF02  = "OF02"
	OpOF21  = "OF21"
	OpOF24  = "OF24"
	OpSBC11 = "SBC11"
	OpTL02  = "TL02"
	OpIV01  = "IV01"
	OpRT11  = "RT11"
	OpRE01  = "RE01"
	OpSH21  = "SH21"
)

// Window is one published ceiling: at most Calls calls in any span of Per.
type Window struct {
	Calls int
	Per   time.Duration
}

const day = 24 * time.Hour

// Ceilings are the "Maximum usage" figures the OpenAPI publishes per call.
// Event-driven calls (OR21, OR23, OR24, OR28, OR29, OR30, ST..) have no
// numeric ceiling and are absent. The client keeps under these; the simulator
// answers 429 beyond them. Both divide Per by the time scale.
var Ceilings = map[string][]Window{
	OpOR11:  {{1, time.Minute}},
	OpOF24:  {{1, time.Minute}},
	OpSTO01: {{1, time.Minute}},
	OpSTO02: {{1, 15 * time.Second}},
	OpSTO03: {{1, time.Minute}},
	OpOF02:  {{1, time.Minute}},
	OpTL02:  {{20, time.Minute}, {60, time.Hour}},
	OpIV01:  {{1, day}},
	OpSBC11: {{1, day}},
	OpRT11:  {{1, 5 * time.Minute}},
	OpA01:   {{1, day}},
	OpSH21:  {{1, day}},
}

// ScaledCeilings returns the ceilings of op with every period divided by
// scale (values below 1 count as 1).
func ScaledCeilings(op string, scale float64) []Window {
	ws := Ceilings[op]
	if len(ws) == 0 {
		return nil
	}
	if scale < 1 {
		scale = 1
	}
	out := make([]Window, len(ws))
	for i, w := range ws {
		out[i] = Window{Calls: w.Calls, Per: time.Duration(float64(w.Per) / scale)}
	}
	return out
}
