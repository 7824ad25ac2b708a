package store

import (
	"sort"

	"github.com/jlsync/jlsync/agent/apitype"
)

// Payout is a billing cycle's payout as jlsync holds it: the preview the
// API shows, plus what the agent needs to post it again identically.
type Payout struct {
	apitype.Payout
	// Posted is the journal as it went to NetSuite; a repost sends exactly it.
	Posted bool `json:"posted_flag,omitempty"`
}

// Payouts is the payout repository.
type Payouts struct{ tx *Tx }

// Payouts returns the payout repository of this transaction.
func (tx *Tx) Payouts() Payouts { return Payouts{tx} }

// Get returns one payout or ErrNotFound.
func (r Payouts) Get(id string) (Payout, error) { return getDoc[Payout](r.tx, key(pPayout, id)) }

// Put writes a payout.
func (r Payouts) Put(p Payout) error {
	p.UpdatedAt = r.tx.Now()
	return r.tx.put(key(pPayout, p.ID), p)
}

// List returns every payout, newest billing cycle first.
func (r Payouts) List() ([]Payout, error) {
	var out []Payout
	err := scanDocs(r.tx, []byte(pPayout), false, func(p Payout) error {
		out = append(out, p)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].ID > out[j].ID
	})
	return out, err
}
