package netsuitesim

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is a NetSuite error answer: status, code, detail and the JSON
// path into the request body that caused it.
type apiError struct {
	status int
	code   string
	detail string
	path   string
	// topCode is the document-level o:errorCode, which NetSuite sets only on
	// some answers (USER_ERROR on the concurrency refusal).
	topCode string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.detail) }

func errf(status int, code, path, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, path: path, detail: fmt.Sprintf(format, args...)}
}

// The bodies below follow the ones Oracle documents; the "type" URL points
// at the RFC 2616 section of the status, as NetSuite's does.
var statusSection = map[int]string{
	400: "10.4.1", 401: "10.4.2", 403: "10.4.4", 404: "10.4.5", 405: "10.4.6", 409: "10.4.10", 415: "10.4.16", 429: "10.4.30", 500: "10.5.1",
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	title := http.StatusText(e.status)
	typ := "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"
	if sec, ok := statusSection[e.status]; ok {
		typ += "#sec" + sec
	}
	detail := map[string]any{"detail": e.detail, "o:errorCode": e.code}
	if e.path != "" {
		detail["o:errorPath"] = e.path
	}
	doc := map[string]any{"type": typ, "title": title, "status": e.status, "o:errorDetails": []any{detail}}
	if e.topCode != "" {
		doc["o:errorCode"] = e.topCode
	}
	if e.status == http.StatusTooManyRequests {
		// Oracle's concurrency refusal carries the "Bad Request" title.
		doc["title"] = "Bad Request"
	}
	w.Header().Set("Content-Type", "application/vnd.oracle.resource+json; type=error")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(doc)
}

func invalidLogin() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "INVALID_LOGIN",
		detail: "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail."}
}

func concurrencyExceeded() *apiError {
	return &apiError{status: http.StatusTooManyRequests, code: "CONCURRENCY_LIMIT_EXCEEDED", topCode: "USER_ERROR",
		detail: "Concurrent request limit exceeded. Request blocked."}
}

func unexpectedError(id string) *apiError {
	return &apiError{status: http.StatusInternalServerError, code: "UNEXPECTED_ERROR",
		detail: "An unexpected error occurred. Error ID: " + id}
}

func notFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: "NONEXISTENT_ID",
		detail: "The record instance does not exist. Provide a valid record instance ID."}
}

func invalidRequest(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, "INVALID_REQUEST", "", format, args...)
}

func invalidValue(path, field string, value any) *apiError {
	return errf(http.StatusBadRequest, "INVALID_CONTENT", path,
		"Error while accessing a resource. You have entered an Invalid Field Value %v for the following field: %s", value, field)
}

func userError(path, format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, "USER_ERROR", path, "Error while accessing a resource. "+format, args...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
