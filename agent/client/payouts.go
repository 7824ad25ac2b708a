package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/jlsync/jlsync/agent/apitype"
)

// Payouts lists the billing cycles' payouts, newest first, each with its
// Journal Entry preview and totals (GET /v1/payouts).
func (c *Client) Payouts(ctx context.Context) ([]apitype.Payout, error) {
	var ps []apitype.Payout
	err := c.do(ctx, http.MethodGet, "payouts", nil, nil, &ps)
	return ps, err
}

// Payout returns one payout by billing cycle id (GET /v1/payouts/{id}).
func (c *Client) Payout(ctx context.Context, id string) (apitype.Payout, error) {
	var p apitype.Payout
	err := c.do(ctx, http.MethodGet, payoutPath(id), nil, nil, &p)
	return p, err
}

// PostPayout posts a payout's Journal Entry to NetSuite and returns the
// payout as posted (POST /v1/payouts/{id}/post). The agent answers 409
// (IsConflict) when the payout is blocked or already posted; the
// *APIError's Message then says which.
func (c *Client) PostPayout(ctx context.Context, id string) (apitype.Payout, error) {
	var p apitype.Payout
	err := c.do(ctx, http.MethodPost, payoutPath(id)+"/post", nil, nil, &p)
	return p, err
}

// payoutPath escapes the billing cycle id as one path segment: the id comes
// from the marketplace, and a "/" in it must not become a route.
func payoutPath(id string) string { return "payouts/" + url.PathEscape(id) }
