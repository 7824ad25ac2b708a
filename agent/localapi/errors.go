package localapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/jlsync/jlsync/agent/apitype"
)

// ErrNotFound is returned by a Backend for an unknown id.
var ErrNotFound = errors.New("not found")

// BadRequest is a Backend error caused by the caller's input.
type BadRequest struct{ Msg string }

func (e *BadRequest) Error() string { return e.Msg }

// Conflict is a Backend error for an action that does not fit the state
// (closing an exception twice, say).
type Conflict struct{ Msg string }

func (e *Conflict) Error() string { return e.Msg }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, err error) {
	var br *BadRequest
	var cf *Conflict
	switch {
	case errors.Is(err, ErrNotFound):
		writeJSON(w, http.StatusNotFound, apitype.Error{Error: err.Error(), Code: "not_found"})
	case errors.As(err, &br):
		writeJSON(w, http.StatusBadRequest, apitype.Error{Error: br.Msg, Code: "bad_request"})
	case errors.As(err, &cf):
		writeJSON(w, http.StatusConflict, apitype.Error{Error: cf.Msg, Code: "conflict"})
	default:
		writeJSON(w, http.StatusInternalServerError, apitype.Error{Error: err.Error(), Code: "internal"})
	}
}
