package netsuite

import (
	"context"
	"net/http"
)

// Authenticator adds credentials to an outgoing request. Both NetSuite
// schemes (OAuth 2.0 client credentials and TBA) sit behind it so the rest
// of the client does not care which one an account uses.
type Authenticator interface {
	// Authorize sets the Authorization header. It is called once per
	// attempt, after the URL is final, because TBA signs the URL.
	Authorize(ctx context.Context, req *http.Request) error
	// Invalidate drops any cached token after NetSuite answered 401, so the
	// next Authorize fetches a fresh one.
	Invalidate()
}

// refresher marks authenticators whose 401s can be cured by fetching a new
// token. TBA credentials cannot be refreshed, and retrying a TBA 401 only
// adds a failed login to the account's audit trail (and can lock the user).
type refresher interface {
	canRefresh() bool
}

func canRefresh(a Authenticator) bool {
	r, ok := a.(refresher)
	return ok && r.canRefresh()
}
