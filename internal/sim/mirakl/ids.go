package miraklsim

import (
	"fmt"
	"hash/fnv"
	"strconv"
)

// Identifiers are drawn from named counters, so a run is repeatable and a
// state dump restores the next ids too.
func (st *state) next(name string) int64 {
	st.counters[name]++
	return st.counters[name]
}

// uuid renders counter n of namespace ns as a stable version-4-shaped UUID,
// the form Mirakl uses for shipment, transaction and billing-cycle ids.
func uuid(ns string, n int64) string {
	h1 := fnv.New64a()
	fmt.Fprintf(h1, "%s/%d", ns, n)
	a := h1.Sum64()
	h2 := fnv.New64a()
	fmt.Fprintf(h2, "%d/%s", n, ns)
	b := h2.Sum64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		uint32(a>>32), uint16(a>>16), uint16(a)&0x0fff, (uint16(b>>48)&0x3fff)|0x8000, b&0xffffffffffff)
}

func (st *state) newUUID(ns string) string { return uuid(ns, st.next(ns)) }

func (st *state) newNumericID(ns string, base int64) string {
	return strconv.FormatInt(base+st.next(ns), 10)
}
