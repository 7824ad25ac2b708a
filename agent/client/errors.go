package client

import (
	"errors"
	"fmt"
	"net/http"
)

// APIError is a non-2xx answer from the agent.
type APIError struct {
	Status  int    // HTTP status code
	Code    string // apitype.Error.Code: not_found, bad_request, forbidden, conflict, internal
	Message string // apitype.Error.Error, or the raw body if it was not JSON
}

func (e *APIError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("agent: %s (%d %s)", e.Message, e.Status, e.Code)
	}
	return fmt.Sprintf("agent: %s (%d)", e.Message, e.Status)
}

// IsNotFound reports whether err is the agent saying the thing asked for does
// not exist.
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Status == http.StatusNotFound || e.Code == "not_found")
}

// UnreachableError means no agent answered on the socket: the file does not
// exist, nothing listens on it, or this user may not open it.
type UnreachableError struct {
	Socket string // the path tried
	Err    error  // the dial error
}

// Error says what failed and how to fix it, because it is usually the first
// thing a new user sees.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the jlsync agent at %s: %v (start it with \"jlsync agent --config FILE\", or try \"jlsync demo\")",
		e.socketName(), e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

func (e *UnreachableError) socketName() string {
	if e.Socket == "" {
		return "(no socket path)"
	}
	return e.Socket
}

// IsUnreachable reports whether err means the agent could not be reached at
// all, as opposed to the agent answering with an error.
func IsUnreachable(err error) bool {
	var e *UnreachableError
	return errors.As(err, &e)
}

// IsConflict reports whether err is the agent refusing an action because of
// the record's state (409), such as posting a payout that is blocked or
// already posted.
func IsConflict(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Status == http.StatusConflict || e.Code == "conflict")
}
