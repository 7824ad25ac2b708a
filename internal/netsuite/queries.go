package netsuite

import (
	"context"
	"sort"
	"strings"
	"time"
)

// The SuiteQL below is written for NetSuite's analytics tables (see
// docs/netsuite.md for which columns are confirmed and which are not).
// Timestamps go out through TO_TIMESTAMP and come back through TO_CHAR so
// neither direction depends on the user's date-format preference.

// StockRow is the stock of one item at one location.
type StockRow struct {
	ItemID     string // internal id
	ItemName   string // itemid: the item's name/SKU
	Location   string // location internal id
	Available  int
	OnHand     int
	LastChange time.Time // lastquantityavailablechange; zero when NetSuite has none
}

// StockSince returns stock per item per location from aggregateItemLocation
// for the given locations (all when empty) whose available quantity changed
// at or after since (everything when since is zero, for a full resync).
// Callers should keep the highest LastChange as their next watermark and
// overlap it a little: NetSuite timestamps can be minute-granular.
func (c *Client) StockSince(ctx context.Context, locations []string, since time.Time) ([]StockRow, error) {
	var where []string
	var params []any
	if len(locations) > 0 {
		for _, l := range locations {
			if err := checkID(l); err != nil {
				return nil, err
			}
			params = append(params, l)
		}
		where = append(where, "ail.location IN ("+placeholders(len(locations))+")")
	}
	if !since.IsZero() {
		where = append(where, "ail.lastquantityavailablechange >= TO_TIMESTAMP(?, '"+suiteQLTimeFormat+"')")
		params = append(params, since)
	}
	q := "SELECT ail.item AS item, i.itemid AS itemid, ail.location AS location, " +
		"ail.quantityavailable AS quantityavailable, ail.quantityonhand AS quantityonhand, " +
		"TO_CHAR(ail.lastquantityavailablechange, '" + suiteQLTimeFormat + "') AS lastchange " +
		"FROM aggregateItemLocation ail JOIN item i ON i.id = ail.item" +
		whereClause(where) + " ORDER BY ail.item, ail.location"
	rows, err := c.SuiteQL(ctx, q, params...)
	if err != nil {
		return nil, err
	}
	out := make([]StockRow, 0, len(rows))
	for _, r := range rows {
		s := StockRow{ItemID: r.Get("item"), ItemName: r.Get("itemid"), Location: r.Get("location")}
		if s.Available, err = r.Quantity("quantityavailable"); err != nil {
			return nil, err
		}
		if s.OnHand, err = r.Quantity("quantityonhand"); err != nil {
			return nil, err
		}
		if s.LastChange, err = c.rowTime(r, "lastchange"); err != nil {
			return nil, err
		}
		// Negative availability (over-committed) sells as nothing.
		s.Available = max(s.Available, 0)
		out = append(out, s)
	}
	return out, nil
}

// Fulfilment is an item fulfilment created from one of jlsync's sales
// orders, with what it shipped and how.
type Fulfilment struct {
	ID                   string
	TranID               string
	SalesOrderID         string
	SalesOrderExternalID string
	ShipStatus           string // A picked, B packed, C shipped
	ShipMethodID         string
	ShipMethod           string // display name of the ship method
	TranDate             string // YYYY-MM-DD
	LastModified         time.Time
	Lines                []FulfilmentLine
	Packages             []Package
}

// FulfilmentLine is one shipped line; OrderLine is the sales order's line.
type FulfilmentLine struct {
	OrderLine int
	ItemID    string
	Quantity  int
}

// Package is one parcel of a fulfilment.
type Package struct {
	TrackingNumber string
	Description    string
	Weight         string
}

// Shipped reports whether NetSuite marks the fulfilment as shipped.
func (f Fulfilment) Shipped() bool { return f.ShipStatus == ShipStatusShipped }

// TrackingNumbers lists the non-empty tracking numbers in package order.
func (f Fulfilment) TrackingNumbers() []string {
	var out []string
	for _, p := range f.Packages {
		if p.TrackingNumber != "" {
			out = append(out, p.TrackingNumber)
		}
	}
	return out
}

// FulfilmentsSince returns item fulfilments modified at or after since
// whose sales order's externalId starts with externalIDPrefix (any order
// when empty), oldest first, each with its lines and packages. It costs
// three queries when there is something to report and one otherwise.
func (c *Client) FulfilmentsSince(ctx context.Context, externalIDPrefix string, since time.Time) ([]Fulfilment, error) {
	filter, params := fulfilmentFilter(externalIDPrefix, since)
	head, err := c.SuiteQL(ctx, "SELECT DISTINCT t.id AS id, t.tranid AS tranid, t.status AS status, "+
		"t.shipmethod AS shipmethod, BUILTIN.DF(t.shipmethod) AS shipmethodname, "+
		"TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, "+
		"TO_CHAR(t.lastmodifieddate, '"+suiteQLTimeFormat+"') AS lastmodified, "+
		"so.id AS so_id, so.externalid AS so_eid "+
		"FROM transaction t "+
		"JOIN PreviousTransactionLineLink l ON l.nextdoc = t.id "+
		"JOIN transaction so ON so.id = l.previousdoc"+
		whereClause(filter)+" ORDER BY lastmodified, id", params...)
	if err != nil {
		return nil, err
	}
	byID := map[string]*Fulfilment{}
	var order []string
	for _, r := range head {
		eid := r.Get("so_eid")
		// LIKE treats "_" as a wildcard; the prefix test here is exact.
		if !strings.HasPrefix(eid, externalIDPrefix) {
			continue
		}
		id := r.Get("id")
		if _, dup := byID[id]; dup {
			continue
		}
		f := &Fulfilment{ID: id, TranID: r.Get("tranid"), ShipStatus: r.Get("status"),
			ShipMethodID: r.Get("shipmethod"), ShipMethod: r.Get("shipmethodname"), TranDate: r.Get("trandate"),
			SalesOrderID: r.Get("so_id"), SalesOrderExternalID: eid}
		if f.LastModified, err = c.rowTime(r, "lastmodified"); err != nil {
			return nil, err
		}
		byID[id] = f
		order = append(order, id)
	}
	if len(order) == 0 {
		return nil, nil
	}
	lines, err := c.SuiteQL(ctx, "SELECT l.nextdoc AS fulfilment, l.previousline AS orderline, "+
		"tl.item AS item, tl.quantity AS quantity "+
		"FROM PreviousTransactionLineLink l "+
		"JOIN transaction t ON t.id = l.nextdoc "+
		"JOIN transaction so ON so.id = l.previousdoc "+
		"JOIN transactionline tl ON tl.transaction = l.nextdoc AND tl.id = l.nextline"+
		whereClause(filter)+" ORDER BY l.nextdoc, l.nextline", params...)
	if err != nil {
		return nil, err
	}
	for _, r := range lines {
		f := byID[r.Get("fulfilment")]
		if f == nil {
			continue // created after the header query; the next poll has it
		}
		ol, err := r.Int("orderline")
		if err != nil {
			return nil, err
		}
		q, err := r.Quantity("quantity")
		if err != nil {
			return nil, err
		}
		// Fulfilment lines can carry negative quantities (stock leaving).
		f.Lines = append(f.Lines, FulfilmentLine{OrderLine: int(ol), ItemID: r.Get("item"), Quantity: abs(q)})
	}
	pkgWhere := []string{"t.type = 'ItemShip'"}
	var pkgParams []any
	if !since.IsZero() {
		pkgWhere = append(pkgWhere, "t.lastmodifieddate >= TO_TIMESTAMP(?, '"+suiteQLTimeFormat+"')")
		pkgParams = append(pkgParams, since)
	}
	pkgs, err := c.SuiteQL(ctx, "SELECT p.itemfulfillment AS fulfilment, p.packagetrackingnumber AS tracking, "+
		"p.packagedescr AS descr, p.packageweight AS weight "+
		"FROM itemfulfillmentpackage p JOIN transaction t ON t.id = p.itemfulfillment"+
		whereClause(pkgWhere)+" ORDER BY p.itemfulfillment, p.id", pkgParams...)
	if err != nil {
		return nil, err
	}
	for _, r := range pkgs {
		if f := byID[r.Get("fulfilment")]; f != nil {
			f.Packages = append(f.Packages, Package{TrackingNumber: r.Get("tracking"), Description: r.Get("descr"), Weight: r.Get("weight")})
		}
	}
	out := make([]Fulfilment, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LastModified.Before(out[j].LastModified) })
	return out, nil
}

func fulfilmentFilter(prefix string, since time.Time) ([]string, []any) {
	where := []string{"t.type = 'ItemShip'", "so.type = 'SalesOrd'"}
	var params []any
	if !since.IsZero() {
		where = append(where, "t.lastmodifieddate >= TO_TIMESTAMP(?, '"+suiteQLTimeFormat+"')")
		params = append(params, since)
	}
	if prefix != "" {
		where = append(where, "so.externalid LIKE ?")
		params = append(params, prefix+"%")
	}
	return where, params
}

// SalesOrderByExternalID reads a sales order with its lines by externalId.
func (c *Client) SalesOrderByExternalID(ctx context.Context, externalID string) (SalesOrder, error) {
	var so SalesOrder
	err := c.GetByExternalID(ctx, TypeSalesOrder, externalID, &so, true)
	return so, err
}

// SalesOrderIDs maps externalIds to sales order internal ids with SuiteQL,
// 500 ids a query; externalIds NetSuite does not know are absent from the
// map.
func (c *Client) SalesOrderIDs(ctx context.Context, externalIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(externalIDs))
	const chunk = 500
	for start := 0; start < len(externalIDs); start += chunk {
		part := externalIDs[start:min(start+chunk, len(externalIDs))]
		params := make([]any, len(part))
		for i, e := range part {
			if !ValidExternalID(e) {
				return nil, invalidExternalID(e)
			}
			params[i] = e
		}
		rows, err := c.SuiteQL(ctx, "SELECT t.id AS id, t.externalid AS externalid FROM transaction t "+
			"WHERE t.type = 'SalesOrd' AND t.externalid IN ("+placeholders(len(part))+")", params...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.Get("externalid")] = r.Get("id")
		}
	}
	return out, nil
}

// Item is an item row as jlsync needs it to map marketplace SKUs.
type Item struct {
	ID           string
	ItemID       string // name/SKU
	DisplayName  string
	UPCCode      string
	ExternalID   string
	ItemType     string // InvtPart, NonInvtPart, Service, ...
	Class        string // the item's class, by name (BUILTIN.DF); "" when none
	IsInactive   bool
	LastModified time.Time
}

// ItemFilter narrows Items.
type ItemFilter struct {
	ModifiedSince   time.Time // zero: all
	IncludeInactive bool
	Types           []string // SuiteQL item types, e.g. "InvtPart"; empty: all
}

// Items lists items for SKU mapping.
func (c *Client) Items(ctx context.Context, f ItemFilter) ([]Item, error) {
	var where []string
	var params []any
	if !f.IncludeInactive {
		where = append(where, "i.isinactive = 'F'")
	}
	if !f.ModifiedSince.IsZero() {
		where = append(where, "i.lastmodifieddate >= TO_TIMESTAMP(?, '"+suiteQLTimeFormat+"')")
		params = append(params, f.ModifiedSince)
	}
	if len(f.Types) > 0 {
		where = append(where, "i.itemtype IN ("+placeholders(len(f.Types))+")")
		for _, t := range f.Types {
			params = append(params, t)
		}
	}
	rows, err := c.SuiteQL(ctx, "SELECT i.id AS id, i.itemid AS itemid, i.displayname AS displayname, "+
		"i.upccode AS upccode, i.externalid AS externalid, i.itemtype AS itemtype, i.isinactive AS isinactive, "+
		"BUILTIN.DF(i.class) AS classname, "+
		"TO_CHAR(i.lastmodifieddate, '"+suiteQLTimeFormat+"') AS lastmodified FROM item i"+
		whereClause(where)+" ORDER BY i.id", params...)
	if err != nil {
		return nil, err
	}
	out := make([]Item, 0, len(rows))
	for _, r := range rows {
		it := Item{ID: r.Get("id"), ItemID: r.Get("itemid"), DisplayName: r.Get("displayname"), UPCCode: r.Get("upccode"),
			ExternalID: r.Get("externalid"), ItemType: r.Get("itemtype"), IsInactive: r.Bool("isinactive"), Class: r.Get("classname")}
		if it.LastModified, err = c.rowTime(r, "lastmodified"); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
