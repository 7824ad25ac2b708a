package engine

import (
	"errors"
	"time"
)

// blockedError marks a failure the reconciler has already turned into an
// exception (written in the same transaction as the blocked work item): the
// engine must not retry it, a person fixes the cause.
type blockedError struct{ err error }

func (e *blockedError) Error() string { return e.err.Error() }
func (e *blockedError) Unwrap() error { return e.err }

// Blocked wraps err to say "an exception now holds this item".
func Blocked(err error) error {
	if err == nil {
		err = errors.New("blocked by an exception")
	}
	return &blockedError{err}
}

// IsBlocked reports whether err came from Blocked.
func IsBlocked(err error) bool {
	var b *blockedError
	return errors.As(err, &b)
}

// retryAfterError carries the delay a server asked for (Retry-After).
type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// RetryAfter wraps a transient err with the delay to wait before the next try.
func RetryAfter(err error, d time.Duration) error { return &retryAfterError{err, d} }

func retryDelay(err error) (time.Duration, bool) {
	var r *retryAfterError
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}
