package store

import (
	"fmt"
	"strings"
	"time"
)

// Every key prefix the store writes is defined here and nowhere else, so the
// layout of the database can be read in one place. Keys are plain text with
// "/" between parts; variable parts are escaped (see part) so a "/" inside an
// order id can never make one key look like a prefix of another.
//
//	order/<order_id>                         Order
//	idx/order/cid/<commercial_id>/<order_id> (empty)
//	idx/order/so/<netsuite_so_id>/<order_id> (empty)
//	idx/order/upd/<unix_nanos>/<order_id>    (empty) newest-last update order
//	idx/order/promised/<order_id>            (empty) accepted, not yet in NetSuite
//	exc/<id>                                 Exception
//	idx/exc/open/<type>/<id>                 (empty) open exceptions by type
//	idx/exc/cause/<cause>/<id>               (empty) open exceptions by cause (re-queue on fix)
//	idx/exc/subj/<subject_key>/<id>          (empty) open exceptions by subject (dedupe)
//	idx/exc/flow/<flow>/<id>                 (empty) open exceptions by flow (health counts)
//	skumap/<offer_sku>                       SKU mapping set by an operator
//	nsitem/<item_id>                         cached NetSuite item
//	idx/nsitem/<match>/<value>/<item_id>     (empty) item lookup by itemId / upcCode / externalId
//	work/<flow>/<key>                        pending work item
//	cursor/<flow>                            poll cursor
//	flow/<flow>                              persisted flow health
//	stock/<sku>                              last computed / pushed stock
//	ship/<fulfilment_id>                     a NetSuite Item Fulfilment and what the marketplace was told
//	idx/ship/so/<so_id>/<fulfilment_id>      (empty) fulfilments of a Sales Order
//	refund/<refund_id>                       a marketplace refund and its Credit Memo
//	payout/<billing_cycle_id>                a payout, its journal preview and post state
//	audit/<unix_nanos>/<seq>                 operator action
//	meta/schema                              schema version
//	seq/<name>                               Badger sequences
const (
	pOrder        = "order/"
	pIdxOrderCID  = "idx/order/cid/"
	pIdxOrderSO   = "idx/order/so/"
	pIdxOrderUpd  = "idx/order/upd/"
	pIdxPromised  = "idx/order/promised/"
	pExc          = "exc/"
	pIdxExcOpen   = "idx/exc/open/"
	pIdxExcCause  = "idx/exc/cause/"
	pIdxExcSubj   = "idx/exc/subj/"
	pIdxExcFlow   = "idx/exc/flow/"
	pSKUMap       = "skumap/"
	pItem         = "nsitem/"
	pIdxItem      = "idx/nsitem/"
	pWork         = "work/"
	pCursor       = "cursor/"
	pFlow         = "flow/"
	pStock        = "stock/"
	pShip         = "ship/"
	pIdxShipSO    = "idx/ship/so/"
	pRefund       = "refund/"
	pPayout       = "payout/"
	pAudit        = "audit/"
	kSchema       = "meta/schema"
	pSeq          = "seq/"
	seqExceptions = pSeq + "exceptions"
	seqAudit      = pSeq + "audit"
)

// WatchPrefixes are the document prefixes whose changes are published as
// events. Index keys are not watched: they carry no value.
var WatchPrefixes = []string{pOrder, pExc, pSKUMap, pFlow}

// part escapes one variable key component: "%" and "/" are percent-encoded so
// a component never contains the separator.
func part(s string) string {
	if !strings.ContainsAny(s, "%/") {
		return s
	}
	r := strings.NewReplacer("%", "%25", "/", "%2F")
	return r.Replace(s)
}

// unpart reverses part.
func unpart(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	r := strings.NewReplacer("%2F", "/", "%25", "%")
	return r.Replace(s)
}

func key(prefix string, parts ...string) []byte {
	var b strings.Builder
	b.WriteString(prefix)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(part(p))
	}
	return []byte(b.String())
}

// timePart is a fixed-width decimal so keys sort by time.
func timePart(t time.Time) string { return fmt.Sprintf("%020d", t.UnixNano()) }

// lastPart returns the last "/" component of a key, unescaped.
func lastPart(k []byte) string {
	s := string(k)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	return unpart(s)
}

// KeyKind names the document family of a watched key ("order", "exc", ...)
// and its id, for the event hub.
func KeyKind(k []byte) (kind, id string) {
	s := string(k)
	for _, p := range WatchPrefixes {
		if strings.HasPrefix(s, p) {
			return strings.TrimSuffix(p, "/"), unpart(s[len(p):])
		}
	}
	return "", ""
}
