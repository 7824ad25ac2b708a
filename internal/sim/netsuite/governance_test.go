package netsuitesim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/sim/faults"
)

// TestConcurrencyLimit holds N requests in flight (by latency) and checks
// the next one gets NetSuite's 429 body.
func TestConcurrencyLimit(t *testing.T) {
	s := New(Options{AccountID: "1", Insecure: true, Concurrency: 2, Faults: faults.Spec{Latency: 300 * time.Millisecond}})
	srv := httptest.NewServer(s)
	defer srv.Close()
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := http.Get(srv.URL + "/services/rest/system/v1/governanceLimits")
			if err == nil {
				r.Body.Close()
			}
		}()
	}
	deadline := time.Now().Add(2 * time.Second)
	for s.Observed().MaxInFlight < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	r := call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil)
	d := r.nsError(http.StatusTooManyRequests, "CONCURRENCY_LIMIT_EXCEEDED")
	m := r.json()
	if d["detail"] != "Concurrent request limit exceeded. Request blocked." || m["o:errorCode"] != "USER_ERROR" || m["title"] != "Bad Request" {
		t.Fatalf("429 body: %s", r.Body.String())
	}
	wg.Wait()
	obs := s.Observed()
	if obs.Throttled != 1 || obs.MaxInFlight != 2 || obs.Calls["GET governanceLimits"] != 3 {
		t.Fatalf("observed %+v", obs)
	}
}

func TestInjectedFaults(t *testing.T) {
	s := open(t)
	s.SetFaults(faults.Spec{Rate5xx: 1})
	d := call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil).nsError(500, "UNEXPECTED_ERROR")
	if !strings.HasPrefix(d["detail"].(string), "An unexpected error occurred. Error ID: ") {
		t.Fatalf("%v", d)
	}
	s.SetFaults(faults.Spec{Rate429: 1})
	call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil).nsError(429, "CONCURRENCY_LIMIT_EXCEEDED")

	s.SetFaults(faults.Spec{Drop: 1})
	srv := httptest.NewServer(s)
	defer srv.Close()
	if r, err := http.Get(srv.URL + "/services/rest/system/v1/governanceLimits"); err == nil {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		t.Fatalf("dropped connection answered %d %s", r.StatusCode, b)
	}
	s.SetFaults(faults.Spec{Concurrency: 9})
	g := call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil).status(200).json()
	if num(g["accountConcurrencyLimit"]) != "9" || g["integrationLimitType"] != "accountLimit" {
		t.Fatalf("governance %v", g)
	}
	if s.Faults().Concurrency != 9 {
		t.Fatal("Faults() does not report the spec")
	}
}

func TestGovernanceAnswers(t *testing.T) {
	s := New(Options{AccountID: "1", Insecure: true, Concurrency: 15, IntegrationConcurrencyLimit: 4})
	g := call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil).status(200).json()
	if num(g["integrationConcurrencyLimit"]) != "4" || num(g["accountUnallocatedConcurrencyLimit"]) != "11" || g["integrationLimitType"] != "integrationSpecific" {
		t.Fatalf("%v", g)
	}
	s = New(Options{AccountID: "1", Insecure: true, GovernanceForbidden: true})
	call(t, s, "GET", "/services/rest/system/v1/governanceLimits", nil).nsError(403, "INSUFFICIENT_PERMISSION")
	call(t, s, "POST", "/services/rest/system/v1/governanceLimits", nil).status(405)
	call(t, s, "GET", "/services/rest/nothing", nil).nsError(404, "INVALID_REQUEST")
}
