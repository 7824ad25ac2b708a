package client

import (
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/money"
)

// startPayoutFake serves the payout routes as agent/localapi does: cycle
// "BC 1/2" is a preview (so the id needs escaping), "BC-9" is blocked.
func startPayoutFake(t *testing.T) (*fakeAgent, *Client) {
	t.Helper()
	const preview = "BC 1/2"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/payouts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []apitype.Payout{
			{ID: preview, Currency: "GBP", Status: apitype.PayoutPreview, Transferred: money.FromMinor(217700),
				Journal: []apitype.JournalLine{{Account: "1100", Debit: money.FromMinor(217700)}}},
			{ID: "BC-9", Status: apitype.PayoutBlocked, Exceptions: []string{"x-201"}},
		})
	})
	mux.HandleFunc("GET /v1/payouts/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != preview {
			writeJSON(w, 404, apitype.Error{Error: "no payout " + r.PathValue("id"), Code: "not_found"})
			return
		}
		writeJSON(w, 200, apitype.Payout{ID: preview, Status: apitype.PayoutPreview, Transferred: money.FromMinor(217700)})
	})
	mux.HandleFunc("POST /v1/payouts/{id}/post", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != preview {
			writeJSON(w, 409, apitype.Error{Error: "payout BC-9 is blocked by x-201", Code: "conflict"})
			return
		}
		at := time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC)
		writeJSON(w, 200, apitype.Payout{ID: preview, Status: apitype.PayoutPosted, JournalID: "JE-90001",
			PostedAt: &at, PostedBy: "ops"})
	})
	f := &fakeAgent{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != apitype.Host {
			writeJSON(w, 403, apitype.Error{Error: "bad host " + r.Host, Code: "forbidden"})
			return
		}
		f.record(r)
		mux.ServeHTTP(w, r)
	})
	sock := filepath.Join(socketDir(t), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return f, &Client{Socket: sock}
}

func TestPayoutMethods(t *testing.T) {
	f, c := startPayoutFake(t)
	ctx := ctxT(t)
	check := func(wantReq string) {
		t.Helper()
		if req, body := f.last(); req != wantReq || body != "" {
			t.Errorf("request = %q body %q, want %q and no body", req, body, wantReq)
		}
	}

	ps, err := c.Payouts(ctx)
	if err != nil || len(ps) != 2 || ps[0].Transferred != 217700 || len(ps[0].Journal) != 1 || ps[1].Exceptions[0] != "x-201" {
		t.Fatalf("Payouts = %+v, %v", ps, err)
	}
	check("GET /v1/payouts")

	p, err := c.Payout(ctx, "BC 1/2")
	if err != nil || p.ID != "BC 1/2" || p.Status != apitype.PayoutPreview {
		t.Fatalf("Payout = %+v, %v", p, err)
	}
	check("GET /v1/payouts/BC%201%2F2")

	p, err = c.PostPayout(ctx, "BC 1/2")
	if err != nil || p.Status != apitype.PayoutPosted || p.JournalID != "JE-90001" || p.PostedAt == nil || p.PostedBy != "ops" {
		t.Fatalf("PostPayout = %+v, %v", p, err)
	}
	check("POST /v1/payouts/BC%201%2F2/post")
}

func TestPayoutErrors(t *testing.T) {
	_, c := startPayoutFake(t)
	ctx := ctxT(t)

	_, err := c.Payout(ctx, "BC-404")
	if !IsNotFound(err) || IsConflict(err) {
		t.Fatalf("Payout(unknown) = %v", err)
	}

	_, err = c.PostPayout(ctx, "BC-9")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 409 || ae.Message != "payout BC-9 is blocked by x-201" {
		t.Fatalf("PostPayout(blocked) = %#v", err)
	}
	if !IsConflict(err) || IsNotFound(err) || IsUnreachable(err) {
		t.Errorf("IsConflict=%v IsNotFound=%v", IsConflict(err), IsNotFound(err))
	}
}
