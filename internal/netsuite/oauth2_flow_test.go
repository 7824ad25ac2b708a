package netsuite_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/netsuite"
	netsuitesim "github.com/jlsync/jlsync/internal/sim/netsuite"
)

// clock is a settable time source shared by a test's client and simulator.
type clock struct{ off atomic.Int64 }

func (c *clock) now() time.Time              { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) advance(d time.Duration)     { c.off.Add(int64(d)) }
func tokenCalls(s *netsuitesim.Server) int64 { return s.Observed().Calls["POST token"] }

func TestOAuth2TokenLifecycle(t *testing.T) {
	ctx := context.Background()
	var simClock, clientClock clock
	env := newSimEnv(t, func(o *netsuitesim.Options) { o.Now = simClock.now })
	auth, err := netsuite.NewOAuth2(netsuite.OAuth2Credentials{
		TokenURL: env.http.URL + "/services/rest/auth/oauth2/v1/token", ClientID: env.creds.ClientID,
		CertificateID: env.creds.CertificateID, PrivateKeyPEM: env.creds.PrivateKeyPEM, Now: clientClock.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := env.client(t, auth, func(cfg *netsuite.Config) { cfg.Concurrency = 8 })

	// Many callers at once share one token fetch.
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.GovernanceLimits(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := tokenCalls(env.sim); n != 1 {
		t.Fatalf("token fetched %d times for concurrent callers, want 1", n)
	}

	// The cached token is reused, then renewed before it expires.
	if _, err := c.GovernanceLimits(ctx); err != nil {
		t.Fatal(err)
	}
	clientClock.advance(56 * time.Minute)
	simClock.advance(56 * time.Minute)
	if _, err := c.GovernanceLimits(ctx); err != nil {
		t.Fatal(err)
	}
	if n := tokenCalls(env.sim); n != 2 {
		t.Fatalf("token fetched %d times, want 2 (one renewal)", n)
	}

	// The server drops the token before the client expects: one 401, a
	// fresh token, and the call succeeds.
	env.sim.RevokeTokens()
	if _, err := c.GovernanceLimits(ctx); err != nil {
		t.Fatalf("after a 401 the client should refresh once and succeed: %v", err)
	}
	if n := tokenCalls(env.sim); n != 3 {
		t.Fatalf("token fetched %d times, want 3", n)
	}
}

func TestAuthFailuresAreNotRetried(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, nil)
	bad := netsuite.NewTBA(netsuite.TBACredentials{AccountID: env.creds.AccountID, ConsumerKey: env.creds.ConsumerKey,
		ConsumerSecret: "wrong", TokenID: env.creds.TokenID, TokenSecret: env.creds.TokenSecret})
	c := env.client(t, bad, nil)
	_, err := c.GovernanceLimits(ctx)
	if !netsuite.IsAuth(err) || netsuite.IsRetryable(err) {
		t.Fatalf("bad TBA secret: %v", err)
	}
	if n := env.sim.Observed().Calls["GET governanceLimits"]; n != 1 {
		t.Fatalf("a TBA 401 was sent %d times, want 1", n)
	}

	wrongKid, err := netsuite.NewOAuth2(netsuite.OAuth2Credentials{
		TokenURL: env.http.URL + "/services/rest/auth/oauth2/v1/token", ClientID: env.creds.ClientID,
		CertificateID: "not-the-cert", PrivateKeyPEM: env.creds.PrivateKeyPEM,
	})
	if err != nil {
		t.Fatal(err)
	}
	c = env.client(t, wrongKid, nil)
	_, err = c.GovernanceLimits(ctx)
	var ne *netsuite.Error
	if !netsuite.IsAuth(err) || !asError(err, &ne) || ne.Op != "token" {
		t.Fatalf("wrong kid: %v", err)
	}
	if n := tokenCalls(env.sim); n > 2 {
		t.Fatalf("token endpoint hit %d times for a credentials error", n)
	}
}
