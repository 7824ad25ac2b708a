package components

import tea "github.com/charmbracelet/bubbletea"

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

// Request asks for a load: it returns load's command when one may start,
// and nil when one is running (a follow-up is then queued).
func (r *Reloader) Request(load func() tea.Cmd) tea.Cmd {
	if !r.Want() {
		return nil
	}
	return load()
}

// Finish records that a load finished and returns the queued follow-up
// load, if requests arrived while it ran.
func (r *Reloader) Finish(load func() tea.Cmd) tea.Cmd {
	if !r.Done() {
		return nil
	}
	return load()
}
