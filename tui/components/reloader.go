package components

// Reloader coalesces reload requests. A burst of change events must not turn
// into a burst of list requests: at most one load runs, and requests that
// arrive meanwhile collapse into a single follow-up load.
type Reloader struct {
	inFlight bool
	dirty    bool
}

// Want records a request and reports whether the caller should start a load
// now (false: one is running and a follow-up is now queued).
func (r *Reloader) Want() bool {
	if r.inFlight {
		r.dirty = true
		return false
	}
	r.inFlight = true
	return true
}

// Done records that a load finished and reports whether the caller should
// start another, because requests arrived while it ran.
func (r *Reloader) Done() bool {
	if r.dirty {
		r.dirty = false
		return true // still in flight: the follow-up starts now
	}
	r.inFlight = false
	return false
}

// Loading reports whether a load is running.
func (r *Reloader) Loading() bool { return r.inFlight }
