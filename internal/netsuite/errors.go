package netsuite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Error is a NetSuite failure: an error body the server sent, or a transport
// failure (Err set, Status 0) for a request that got no answer.
type Error struct {
	Status  int    // HTTP status; 0 when no response arrived
	Title   string // e.g. "Bad Request"
	Code    string // o:errorCode of the first detail, else the top-level code
	Detail  string // first detail's text
	Path    string // o:errorPath: where in the request body the problem is
	Op      string // what the client was doing: "PUT salesOrder/eid:JL-1"
	Details []ErrorDetail
	Err     error // transport error, if any
}

// ErrorDetail is one entry of o:errorDetails.
type ErrorDetail struct {
	Detail     string `json:"detail"`
	Code       string `json:"o:errorCode"`
	Path       string `json:"o:errorPath,omitempty"`
	QueryParam string `json:"o:errorQueryParam,omitempty"`
	Header     string `json:"o:errorHeader,omitempty"`
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("netsuite")
	if e.Op != "" {
		b.WriteString(": ")
		b.WriteString(e.Op)
	}
	if e.Err != nil && e.Status == 0 {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
		return b.String()
	}
	fmt.Fprintf(&b, ": %d", e.Status)
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	} else if e.Title != "" {
		b.WriteString(" ")
		b.WriteString(e.Title)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Path != "" {
		b.WriteString(" (at ")
		b.WriteString(e.Path)
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// parseErrorBody reads NetSuite's error document:
//
//	{"type":..., "title":..., "status":..., "o:errorCode":...,
//	 "o:errorDetails":[{"detail":..., "o:errorCode":..., "o:errorPath":...}]}
//
// and the OAuth form {"error":..., "error_description":...}. Anything else
// (an HTML page from a proxy, say) becomes a short, printable detail.
func parseErrorBody(status int, body []byte) *Error {
	e := &Error{Status: status, Title: http.StatusText(status)}
	var doc struct {
		Title   string          `json:"title"`
		Code    string          `json:"o:errorCode"`
		Details []ErrorDetail   `json:"o:errorDetails"`
		OAuth   string          `json:"error"`
		OAuthD  string          `json:"error_description"`
		Status  json.RawMessage `json:"status"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		e.Detail = snippet(body)
		return e
	}
	if doc.Title != "" {
		e.Title = doc.Title
	}
	e.Details = doc.Details
	e.Code = doc.Code
	if len(doc.Details) > 0 {
		d := doc.Details[0]
		if d.Code != "" {
			e.Code = d.Code
		}
		e.Detail = d.Detail
		e.Path = d.Path
	}
	if doc.OAuth != "" {
		if e.Code == "" {
			e.Code = doc.OAuth
		}
		if e.Detail == "" {
			e.Detail = doc.OAuthD
		}
	}
	return e
}

// snippet keeps error strings short and printable.
func snippet(b []byte) string {
	const max = 200
	s := strings.TrimSpace(string(b))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// IsNotFound reports a missing record (404 / NONEXISTENT_ID).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == http.StatusNotFound || e.Code == "NONEXISTENT_ID")
}

// IsThrottled reports NetSuite's concurrency governance refusing a request.
func IsThrottled(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Status == http.StatusTooManyRequests || e.Code == "CONCURRENCY_LIMIT_EXCEEDED" || e.Code == "SSS_REQUEST_LIMIT_EXCEEDED"
}

// IsAuth reports a credentials problem (401, INVALID_LOGIN, OAuth errors).
func IsAuth(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == http.StatusUnauthorized || e.Code == "INVALID_LOGIN" || e.Code == "invalid_client" || e.Code == "invalid_grant")
}

// IsRetryable reports failures worth trying again later without changing
// the request: throttling, server errors and transport errors. Every other
// 4xx needs a data or configuration fix first.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Status == 0 {
			return isTransportError(e.Err)
		}
		return IsThrottled(e) || e.Status >= 500
	}
	return isTransportError(err)
}

func isTransportError(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)
}
