package miraklsim

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	m "github.com/jlsync/jlsync/internal/mirakl"
)

type handler func(s *Server, w http.ResponseWriter, r *http.Request, params []string)

type route struct {
	method string
	path   string // "{}" marks a path parameter
	op     string
	h      handler
}

// routes are the API calls the simulator serves, under their OpenAPI ids.
var routes = []route{
	{http.MethodGet, "/api/version", "V01", (*Server).getVersion},
	{http.MethodGet, "/api/account", m.OpA01, (*Server).getAccount},
	{http.MethodGet, "/api/platform/configuration", m.OpPC01, (*Server).getPlatform},
	{http.MethodGet, "/api/orders", m.OpOR11, (*Server).listOrders},
	{http.MethodPut, "/api/orders/{}/accept", m.OpOR21, (*Server).acceptOrder},
	{http.MethodPut, "/api/orders/{}/tracking", m.OpOR23, (*Server).updateTracking},
	{http.MethodPut, "/api/orders/{}/ship", m.OpOR24, (*Server).shipOrder},
	{http.MethodPut, "/api/orders/refund", m.OpOR28, (*Server).refund},
	{http.MethodPut, "/api/orders/{}/cancel", m.OpOR29, (*Server).cancelOrder},
	{http.MethodPut, "/api/orders/cancel", m.OpOR30, (*Server).cancelLines},
	{http.MethodPost, "/api/shipments", m.OpST01, (*Server).createShipments},
	{http.MethodPost, "/api/shipments/tracking", m.OpST23, (*Server).shipmentTracking},
	{http.MethodPut, "/api/shipments/ship", m.OpST24, (*Server).shipShipments},
	{http.MethodPost, "/api/offers/stock/imports", m.OpSTO01, (*Server).importStock},
	{http.MethodGet, "/api/offers/stock/imports/{}/status", m.OpSTO02, (*Server).stockImportStatus},
	{http.MethodGet, "/api/offers/stock/imports/{}/error_report", m.OpSTO03, (*Server).stockErrorReport},
	{http.MethodGet, "/api/offers", m.OpOF21, (*Server).listOffers},
	{http.MethodPost, "/api/offers", m.OpOF24, (*Server).upsertOffers},
	{http.MethodGet, "/api/offers/imports/{}", m.OpOF02, (*Server).offerImportStatus},
	{http.MethodGet, "/api/seller-billing-cycles", m.OpSBC11, (*Server).listBillingCycles},
	{http.MethodGet, "/api/sellerpayment/transactions_logs", m.OpTL02, (*Server).listTransactions},
	{http.MethodGet, "/api/invoices", m.OpIV01, (*Server).listInvoices},
	{http.MethodGet, "/api/returns", m.OpRT11, (*Server).listReturns},
	{http.MethodGet, "/api/reasons", m.OpRE01, (*Server).listReasons},
	{http.MethodGet, "/api/shipping/carriers", m.OpSH21, (*Server).listCarriers},
}

// match finds the route for method and escaped path. When the path exists
// under other methods only, allowed lists them (for a 405).
func match(method, escapedPath string) (*route, []string, string) {
	segs := strings.Split(strings.TrimSuffix(escapedPath, "/"), "/")
	var methods []string
	for i := range routes {
		rt := &routes[i]
		params, ok := matchPath(rt.path, segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return rt, params, ""
		}
		methods = append(methods, rt.method)
	}
	sort.Strings(methods)
	return nil, nil, strings.Join(methods, ", ")
}

func matchPath(pattern string, segs []string) ([]string, bool) {
	ps := strings.Split(pattern, "/")
	if len(ps) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range ps {
		if p == "{}" {
			v, err := url.PathUnescape(segs[i])
			if err != nil || v == "" {
				return nil, false
			}
			params = append(params, v)
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// Operation returns the OpenAPI operation id the simulator serves for a
// method and path ("" when none); the contract test uses it to pick the
// schema a response must match.
func Operation(method, path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return ""
	}
	rt, _, _ := match(method, u.EscapedPath())
	if rt == nil {
		return ""
	}
	return rt.op
}

// Operations lists every operation id the simulator serves.
func Operations() []string {
	out := make([]string, 0, len(routes))
	for _, r := range routes {
		out = append(out, r.op)
	}
	return out
}
