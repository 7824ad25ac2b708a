package netsuite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseErrorBody(t *testing.T) {
	tests := []struct {
		name                      string
		status                    int
		body                      string
		code, detail, path, title string
	}{
		{"content", 400, `{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1","title":"Bad Request","status":400,"o:errorDetails":[{"detail":"You have entered an Invalid Field Value 9999 for the following field: item","o:errorPath":"item.items[0].item","o:errorCode":"INVALID_CONTENT"}]}`,
			"INVALID_CONTENT", "You have entered an Invalid Field Value 9999 for the following field: item", "item.items[0].item", "Bad Request"},
		{"concurrency", 429, `{"type":"x","title":"Bad Request","status":429,"o:errorCode":"USER_ERROR","o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}`,
			"CONCURRENCY_LIMIT_EXCEEDED", "Concurrent request limit exceeded. Request blocked.", "", "Bad Request"},
		{"top-level code only", 400, `{"title":"Bad Request","status":400,"o:errorCode":"USER_ERROR"}`, "USER_ERROR", "", "", "Bad Request"},
		{"oauth", 400, `{"error":"invalid_grant","error_description":"expired"}`, "invalid_grant", "expired", "", "Bad Request"},
		{"html", 502, `<html><body>Bad gateway</body></html>`, "", "<html><body>Bad gateway</body></html>", "", "Bad Gateway"},
		{"empty", 500, ``, "", "", "", "Internal Server Error"},
		{"status as string", 404, `{"status":"404","o:errorDetails":[{"detail":"Record does not exist.","o:errorCode":"NONEXISTENT_ID"}]}`, "NONEXISTENT_ID", "Record does not exist.", "", "Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := parseErrorBody(tt.status, []byte(tt.body))
			if e.Status != tt.status || e.Code != tt.code || e.Detail != tt.detail || e.Path != tt.path || e.Title != tt.title {
				t.Errorf("got %+v", e)
			}
		})
	}
}

func TestErrorClassification(t *testing.T) {
	netErr := &net.OpError{Op: "read", Err: errors.New("connection reset")}
	tests := []struct {
		err                              error
		notFound, throttled, retry, auth bool
	}{
		{&Error{Status: 404, Code: "NONEXISTENT_ID"}, true, false, false, false},
		{&Error{Status: 429, Code: "CONCURRENCY_LIMIT_EXCEEDED"}, false, true, true, false},
		{&Error{Status: 400, Code: "SSS_REQUEST_LIMIT_EXCEEDED"}, false, true, true, false},
		{&Error{Status: 500, Code: "UNEXPECTED_ERROR"}, false, false, true, false},
		{&Error{Status: 400, Code: "INVALID_CONTENT"}, false, false, false, false},
		{&Error{Status: 401, Code: "INVALID_LOGIN"}, false, false, false, true},
		{&Error{Op: "GET x", Err: netErr}, false, false, true, false},
		{&Error{Op: "GET x", Err: io.ErrUnexpectedEOF}, false, false, true, false},
		{&Error{Op: "GET x", Err: context.Canceled}, false, false, false, false},
		{fmt.Errorf("wrapped: %w", &Error{Status: 503}), false, false, true, false},
		{errors.New("plain"), false, false, false, false},
		{nil, false, false, false, false},
	}
	for i, tt := range tests {
		if IsNotFound(tt.err) != tt.notFound || IsThrottled(tt.err) != tt.throttled || IsRetryable(tt.err) != tt.retry || IsAuth(tt.err) != tt.auth {
			t.Errorf("%d %v: notFound %v throttled %v retry %v auth %v", i, tt.err, IsNotFound(tt.err), IsThrottled(tt.err), IsRetryable(tt.err), IsAuth(tt.err))
		}
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Op: "PUT salesOrder/eid:JL-1", Status: 400, Code: "INVALID_CONTENT", Detail: "bad item", Path: "item.items[0].item"}
	if got, want := e.Error(), "netsuite: PUT salesOrder/eid:JL-1: 400 INVALID_CONTENT: bad item (at item.items[0].item)"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	long := parseErrorBody(502, []byte(strings.Repeat("é", 500)))
	if len(long.Detail) > 210 || !utf8.ValidString(long.Detail) {
		t.Errorf("detail not trimmed cleanly: %d bytes", len(long.Detail))
	}
}

func FuzzParseErrorBody(f *testing.F) {
	f.Add(400, []byte(`{"title":"Bad Request","status":400,"o:errorDetails":[{"detail":"x","o:errorCode":"INVALID_CONTENT","o:errorPath":"a.b"}]}`))
	f.Add(429, []byte(`{"o:errorCode":"USER_ERROR","o:errorDetails":[]}`))
	f.Add(400, []byte(`{"error":"invalid_client"}`))
	f.Add(500, []byte("\xff\xfe<html>"))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := parseErrorBody(status, body)
		s := e.Error()
		if !utf8.ValidString(e.Detail) || len(s) == 0 {
			t.Fatalf("bad error text %q", s)
		}
		_ = IsRetryable(e)
	})
}
