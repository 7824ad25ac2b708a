package store

import "time"

// Work is a pending job: written in the same transaction as the record that
// causes it and removed in the one that records its result, so the store alone
// says what is left to do after a restart (kill -9 included).
type Work struct {
	Flow        string    `json:"flow"`
	Key         string    `json:"key"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	Blocked     bool      `json:"blocked,omitempty"` // waiting on an exception to be fixed
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// WorkRepo is the pending-work repository.
type WorkRepo struct{ tx *Tx }

// Work returns the pending-work repository of this transaction.
func (tx *Tx) Work() WorkRepo { return WorkRepo{tx} }

// Get returns a work item or ErrNotFound.
func (r WorkRepo) Get(flow, k string) (Work, error) {
	return getDoc[Work](r.tx, key(pWork, flow, k))
}

// Ensure records that (flow, key) needs doing, keeping the attempt history of
// an item already pending but clearing its block and making it due now.
func (r WorkRepo) Ensure(flow, k string) (Work, error) {
	now := r.tx.Now()
	w, err := r.Get(flow, k)
	if err == ErrNotFound {
		w = Work{Flow: flow, Key: k, CreatedAt: now}
	} else if err != nil {
		return w, err
	}
	w.Blocked = false
	w.NextAttempt = now
	w.UpdatedAt = now
	return w, r.tx.put(key(pWork, flow, k), w)
}

// Put rewrites a work item (attempts, next attempt, last error).
func (r WorkRepo) Put(w Work) error {
	w.UpdatedAt = r.tx.Now()
	return r.tx.put(key(pWork, w.Flow, w.Key), w)
}

// Done removes a finished work item.
func (r WorkRepo) Done(flow, k string) error { return r.tx.del(key(pWork, flow, k)) }

// List returns a flow's pending work.
func (r WorkRepo) List(flow string) ([]Work, error) {
	var out []Work
	err := scanDocs(r.tx, key(pWork, flow, ""), false, func(w Work) error {
		out = append(out, w)
		return nil
	})
	return out, err
}

// Stats counts a flow's pending items and the oldest one's age.
func (r WorkRepo) Stats(flow string) (pending int, oldest time.Time, err error) {
	err = scanDocs(r.tx, key(pWork, flow, ""), false, func(w Work) error {
		pending++
		if oldest.IsZero() || w.CreatedAt.Before(oldest) {
			oldest = w.CreatedAt
		}
		return nil
	})
	return pending, oldest, err
}

// Cursor is a flow's poll position.
type Cursor struct {
	Time      time.Time `json:"time"`
	Value     string    `json:"value,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Cursors is the cursor repository.
type Cursors struct{ tx *Tx }

// Cursors returns the cursor repository of this transaction.
func (tx *Tx) Cursors() Cursors { return Cursors{tx} }

// Get returns a flow's cursor (zero when it never ran).
func (r Cursors) Get(flow string) (Cursor, error) {
	var c Cursor
	_, err := r.tx.get(key(pCursor, flow), &c)
	return c, err
}

// Set moves a flow's cursor.
func (r Cursors) Set(flow string, c Cursor) error {
	c.UpdatedAt = r.tx.Now()
	return r.tx.put(key(pCursor, flow), c)
}

// AuditEntry is one operator action.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Before []byte    `json:"before,omitempty"`
	After  []byte    `json:"after,omitempty"`
}

// Audit is the operator action log.
type Audit struct{ tx *Tx }

// Audit returns the audit repository of this transaction.
func (tx *Tx) Audit() Audit { return Audit{tx} }

// Record appends an entry.
func (r Audit) Record(e AuditEntry) error {
	if e.At.IsZero() {
		e.At = r.tx.Now()
	}
	n, err := r.tx.db.nextSeq(seqAudit)
	if err != nil {
		return err
	}
	return r.tx.put(key(pAudit, timePart(e.At), itoa(n)), e)
}

// List returns the newest entries first.
func (r Audit) List(limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := scanDocs(r.tx, []byte(pAudit), true, func(e AuditEntry) error {
		out = append(out, e)
		if limit > 0 && len(out) >= limit {
			return errStop
		}
		return nil
	})
	return out, err
}

func itoa(n uint64) string {
	const w = 12
	b := make([]byte, w)
	for i := w - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
