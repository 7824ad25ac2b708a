package mirakl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Error is a failed call. It never carries the API key: requests are not
// echoed into it and Message comes from the response body only.
type Error struct {
	Op         string        // operation id, e.g. "OR21"
	Status     int           // HTTP status; 0 when no answer arrived
	Message    string        // Mirakl's message, or the transport error
	Code       string        // Mirakl's machine code when it sent one (ORDER_INVALID_STATE ...)
	RetryAfter time.Duration // from Retry-After on 429/503, or the local limiter's wait

	// Throttled is set when the local limiter refused the call because the
	// published ceiling would be exceeded for longer than Config.MaxWait.
	Throttled bool
	// OutcomeUnknown is set when a write may or may not have been applied
	// (a 500 or a connection cut after the request was sent). Such calls are
	// not retried automatically because Mirakl writes have no idempotency
	// key: read the order back before sending it again.
	OutcomeUnknown bool

	err error // underlying transport error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("mirakl ")
	b.WriteString(e.Op)
	switch {
	case e.Throttled:
		fmt.Fprintf(&b, ": throttled locally, retry after %s", e.RetryAfter)
		return b.String()
	case e.Status != 0:
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	default:
		b.WriteString(": no answer")
	}
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.OutcomeUnknown {
		b.WriteString(" (outcome unknown: check before resending)")
	}
	return b.String()
}

// Unwrap exposes the transport error (context.Canceled, net errors ...).
func (e *Error) Unwrap() error { return e.err }

// IsRetryable reports whether the same call may simply be sent again later:
// throttling, server errors and transport failures of reads or idempotent
// writes. 4xx answers other than 429 are not (the request itself is wrong,
// or the order is in the wrong state), nor is a write whose outcome is
// unknown.
func IsRetryable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if e.OutcomeUnknown {
		return false
	}
	if e.Throttled || e.Status == http.StatusTooManyRequests {
		return true
	}
	if e.Status == 0 {
		return e.err == nil || !isContextErr(e.err)
	}
	return e.Status >= 500
}

// IsOutcomeUnknown reports whether a write may have been applied although
// the call failed.
func IsOutcomeUnknown(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.OutcomeUnknown
}

// StatusOf returns the HTTP status of a Mirakl error, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// parseErrorBody pulls a message and a code out of an error answer. Mirakl
// publishes no error schema, so several observed shapes are accepted:
// {"message","status"}, {"message","code"}, {"errors":[{"code","message"}]},
// {"error":..}, {"detail":..}, or plain text.
func parseErrorBody(body []byte) (msg, code string) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "", ""
	}
	var v struct {
		Message   string          `json:"message"`
		Code      json.RawMessage `json:"code"`
		ErrorCode string          `json:"error_code"`
		Error     json.RawMessage `json:"error"`
		Detail    string          `json:"detail"`
		Title     string          `json:"title"`
		Errors    []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Field   string `json:"field"`
		} `json:"errors"`
	}
	if body[0] == '{' && json.Unmarshal(body, &v) == nil {
		msg = v.Message
		code = rawString(v.Code)
		if code == "" {
			code = v.ErrorCode
		}
		if msg == "" {
			msg = rawString(v.Error)
		}
		if msg == "" {
			msg = v.Detail
		}
		if msg == "" {
			msg = v.Title
		}
		if len(v.Errors) > 0 {
			if code == "" {
				code = v.Errors[0].Code
			}
			if msg == "" {
				parts := make([]string, 0, len(v.Errors))
				for _, e := range v.Errors {
					p := e.Message
					if e.Field != "" {
						p = e.Field + ": " + p
					}
					parts = append(parts, p)
				}
				msg = strings.Join(parts, "; ")
			}
		}
		return clip(msg), clip(code)
	}
	return clip(string(body)), ""
}

// rawString returns a JSON string's value, or a number's text; "" otherwise.
func rawString(r json.RawMessage) string {
	if len(r) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(r, &n) == nil {
		return n.String()
	}
	return ""
}

// clip keeps error strings readable when a proxy answers with a whole page.
func clip(s string) string {
	const max = 300
	s = strings.TrimSpace(s)
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// parseRetryAfter reads a Retry-After value: whole or decimal seconds (the
// simulator sends decimals when time-scaled) or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs > 7*24*3600 || secs != secs {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func isContextErr(err error) bool { return errors.Is(err, context.Canceled) }
