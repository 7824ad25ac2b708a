package store

import "github.com/jlsync/jlsync/agent/apitype"

// Flows persists each flow's health so counters and the last error survive a
// restart and so every change reaches the console through Watch.
type Flows struct{ tx *Tx }

// Flows returns the flow health repository of this transaction.
func (tx *Tx) Flows() Flows { return Flows{tx} }

// Get returns a flow's health (zero value with the name when never written).
func (r Flows) Get(name string) (apitype.FlowHealth, error) {
	fh := apitype.FlowHealth{Name: name}
	_, err := r.tx.get(key(pFlow, name), &fh)
	return fh, err
}

// Put writes a flow's health.
func (r Flows) Put(fh apitype.FlowHealth) error { return r.tx.put(key(pFlow, fh.Name), fh) }

// List returns every persisted flow.
func (r Flows) List() ([]apitype.FlowHealth, error) {
	var out []apitype.FlowHealth
	err := scanDocs(r.tx, []byte(pFlow), false, func(fh apitype.FlowHealth) error {
		if fh.Name != "" {
			out = append(out, fh)
		}
		return nil
	})
	return out, err
}
