package store

import (
	"fmt"
	"sort"
	"strings"

	"github.com/jlsync/jlsync/agent/apitype"
)

// Exception is an apitype.Exception plus the keys the agent uses to find it
// again: SubjectKey (one open exception per subject and type) and Cause (what
// fixing would clear it, e.g. "sku:ABC-1", so a fix re-queues everything it
// blocked).
type Exception struct {
	apitype.Exception
	SubjectKey string   `json:"subject_key"`
	Causes     []string `json:"causes,omitempty"`
}

// Exceptions is the exception repository.
type Exceptions struct{ tx *Tx }

// Exceptions returns the exception repository of this transaction.
func (tx *Tx) Exceptions() Exceptions { return Exceptions{tx} }

// Get returns one exception or ErrNotFound.
func (r Exceptions) Get(id string) (Exception, error) {
	return getDoc[Exception](r.tx, key(pExc, id))
}

// Raise opens an exception for (SubjectKey, Type), or refreshes the open one
// with the new reason: the same fault seen again is one exception, not many.
// It returns the stored exception and whether it was new.
func (r Exceptions) Raise(e Exception) (Exception, bool, error) {
	if e.SubjectKey == "" || e.Type == "" {
		return Exception{}, false, fmt.Errorf("store: exception needs a subject key and a type")
	}
	now := r.tx.Now()
	if open, err := r.OpenFor(e.SubjectKey); err != nil {
		return Exception{}, false, err
	} else {
		for _, cur := range open {
			if cur.Type != e.Type {
				continue
			}
			if err := r.unindex(cur); err != nil {
				return Exception{}, false, err
			}
			e.ID, e.CreatedAt, e.Status = cur.ID, cur.CreatedAt, apitype.ExceptionOpen
			e.Attempts = max(e.Attempts, cur.Attempts)
			e.UpdatedAt = now
			return e, false, r.write(e)
		}
	}
	n, err := r.tx.db.nextSeq(seqExceptions)
	if err != nil {
		return Exception{}, false, err
	}
	e.ID = fmt.Sprintf("EX-%08d", n)
	e.Status = apitype.ExceptionOpen
	e.CreatedAt, e.UpdatedAt = now, now
	return e, true, r.write(e)
}

func (r Exceptions) write(e Exception) error {
	if e.Status == apitype.ExceptionOpen {
		if err := r.tx.mark(key(pIdxExcOpen, e.Type, e.ID)); err != nil {
			return err
		}
		if err := r.tx.mark(key(pIdxExcSubj, e.SubjectKey, e.ID)); err != nil {
			return err
		}
		if err := r.tx.mark(key(pIdxExcFlow, e.Flow, e.ID)); err != nil {
			return err
		}
		for _, c := range e.Causes {
			if err := r.tx.mark(key(pIdxExcCause, c, e.ID)); err != nil {
				return err
			}
		}
	}
	return r.tx.put(key(pExc, e.ID), e)
}

func (r Exceptions) unindex(e Exception) error {
	ks := [][]byte{key(pIdxExcOpen, e.Type, e.ID), key(pIdxExcSubj, e.SubjectKey, e.ID), key(pIdxExcFlow, e.Flow, e.ID)}
	for _, c := range e.Causes {
		ks = append(ks, key(pIdxExcCause, c, e.ID))
	}
	for _, k := range ks {
		if err := r.tx.del(k); err != nil {
			return err
		}
	}
	return nil
}

// Close marks an open exception resolved or ignored.
func (r Exceptions) Close(id, status, by, note string) (Exception, error) {
	e, err := r.Get(id)
	if err != nil {
		return e, err
	}
	if e.Status != apitype.ExceptionOpen {
		return e, fmt.Errorf("exception %s is already %s", id, e.Status)
	}
	if err := r.unindex(e); err != nil {
		return e, err
	}
	e.Status, e.ClosedBy, e.Note, e.UpdatedAt = status, by, note, r.tx.Now()
	return e, r.tx.put(key(pExc, e.ID), e)
}

// Touch rewrites an exception (e.g. after a retry bumped Attempts).
func (r Exceptions) Touch(e Exception) error {
	e.UpdatedAt = r.tx.Now()
	return r.tx.put(key(pExc, e.ID), e)
}

func (r Exceptions) ids(prefix []byte) ([]string, error) {
	var ids []string
	err := r.tx.scan(prefix, false, false, func(k, _ []byte) error {
		ids = append(ids, lastPart(k))
		return nil
	})
	return ids, err
}

func (r Exceptions) load(ids []string) ([]Exception, error) {
	out := make([]Exception, 0, len(ids))
	for _, id := range ids {
		e, err := r.Get(id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// OpenFor returns the open exceptions of a subject.
func (r Exceptions) OpenFor(subjectKey string) ([]Exception, error) {
	ids, err := r.ids(key(pIdxExcSubj, subjectKey, ""))
	if err != nil {
		return nil, err
	}
	return r.load(ids)
}

// OpenByCause returns the open exceptions that fixing cause would clear.
func (r Exceptions) OpenByCause(cause string) ([]Exception, error) {
	ids, err := r.ids(key(pIdxExcCause, cause, ""))
	if err != nil {
		return nil, err
	}
	return r.load(ids)
}

// CountOpen counts open exceptions, per flow.
func (r Exceptions) CountOpen() (total int, byFlow map[string]int, err error) {
	// Keys only: every flow's health flush calls this, several times a second
	// when busy, so no exception document is read.
	byFlow = map[string]int{}
	err = r.tx.scan([]byte(pIdxExcFlow), false, false, func(k, _ []byte) error {
		rest := strings.TrimPrefix(string(k), pIdxExcFlow)
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			byFlow[unpart(rest[:i])]++
			total++
		}
		return nil
	})
	return total, byFlow, err
}

// Filter selects exceptions for List.
type Filter struct {
	Status string // open (default), resolved, ignored, all
	Type   string
	Flow   string
	Q      string // matched against subject, reason and id
	Limit  int
}

// List returns matching exceptions, newest first, and how many matched.
func (r Exceptions) List(f Filter) ([]Exception, int, error) {
	var all []Exception
	if f.Status == "" || f.Status == apitype.ExceptionOpen {
		prefix := []byte(pIdxExcOpen)
		if f.Type != "" {
			prefix = key(pIdxExcOpen, f.Type, "")
		}
		ids, err := r.ids(prefix)
		if err != nil {
			return nil, 0, err
		}
		if all, err = r.load(ids); err != nil {
			return nil, 0, err
		}
	} else {
		err := scanDocs(r.tx, []byte(pExc), false, func(e Exception) error {
			if f.Status == "all" || e.Status == f.Status {
				all = append(all, e)
			}
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	q := strings.ToLower(f.Q)
	out := all[:0]
	for _, e := range all {
		if f.Type != "" && e.Type != f.Type || f.Flow != "" && e.Flow != f.Flow {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(e.ID+" "+e.Subject+" "+e.Reason), q) {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	total := len(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, total, nil
}
