package netsuitesim

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// SuiteQL tables are rebuilt from the records for each query, so records
// created through the API, loaded from fixtures or changed by /_sim/
// actions all look the same to SuiteQL.

var tableBuilders = map[string]func(*store) *table{
	"item":                        itemTable,
	"aggregateitemlocation":       stockTable,
	"transaction":                 transactionTable,
	"transactionline":             transactionLineTable,
	"previoustransactionlinelink": linkTable,
	"itemfulfillmentpackage":      packageTable,
	"customer":                    customerTable,
	"location":                    locationTable,
	"account":                     accountTable,
}

func (st *store) table(name string) (*table, error) {
	b, ok := tableBuilders[strings.ToLower(name)]
	if !ok {
		return nil, sqlErrf("Record '%s' was not found.", name)
	}
	return b(st), nil
}

func timeCell(v any) value {
	s := str(v)
	if s == "" {
		return value{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return timeVal(t)
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return dateVal(t)
	}
	return value{}
}

func boolField(r rec, k string) bool { b, _ := r[k].(bool); return b }

func (st *store) ref(r map[string]any, field, space string) value {
	id := refID(r[field])
	if id == "" {
		return value{}
	}
	return refVal(id, st.display(space, id))
}

func itemTable(st *store) *table {
	t := newTable("item", "id", "itemid", "fullname", "displayname", "upccode", "externalid", "itemtype", "isinactive", "baseprice", "class", "createddate", "lastmodifieddate")
	for _, ti := range types {
		if !ti.isItem() {
			continue
		}
		for _, id := range st.ids(ti.name) {
			r := st.get(ti.name, id)
			t.add(map[string]value{
				"id": idVal(id), "itemid": optStr(str(r["itemId"])), "fullname": optStr(str(r["itemId"])),
				"displayname": optStr(str(r["displayName"])), "upccode": optStr(str(r["upcCode"])),
				"externalid": optStr(str(r["externalId"])), "itemtype": strVal(ti.itemType),
				"isinactive": flagVal(boolField(r, "isInactive")), "baseprice": ratOrNull(r["basePrice"]),
				"class":       st.ref(r, "class", "classification"),
				"createddate": timeCell(r["createdDate"]), "lastmodifieddate": timeCell(r["lastModifiedDate"]),
			})
		}
	}
	sortByID(t)
	return t
}

func stockTable(st *store) *table {
	t := newTable("aggregateItemLocation", "item", "location", "quantityavailable", "quantityonhand", "quantitycommitted",
		"quantityonorder", "quantitybackordered", "quantityintransit", "lastquantityavailablechange", "reorderpoint", "preferredstocklevel")
	for _, k := range st.stockKeys() {
		lv := st.stock[k]
		cells := map[string]value{
			"item": refVal(k.item, st.display(spaceItem, k.item)), "location": refVal(k.location, st.display("location", k.location)),
			"quantityavailable": intVal(lv.available()), "quantityonhand": intVal(lv.onHand),
			"quantitycommitted": intVal(lv.committed), "quantityonorder": intVal(0), "quantitybackordered": intVal(0),
			"quantityintransit": intVal(0),
		}
		if !lv.lastChange.IsZero() {
			cells["lastquantityavailablechange"] = timeVal(lv.lastChange)
		}
		t.add(cells)
	}
	return t
}

func transactionTable(st *store) *table {
	t := newTable("transaction", "id", "tranid", "trandate", "type", "status", "entity", "externalid", "otherrefnum", "memo",
		"createddate", "lastmodifieddate", "foreigntotal", "currency", "subsidiary", "createdfrom", "shipmethod", "location")
	st.eachTransaction(func(ti *typeInfo, r rec) {
		status := refID(r["status"])
		if ti.name == "itemFulfillment" {
			status = refID(r["shipStatus"])
		}
		sv := optStr(status)
		if status != "" {
			if name := enumName(ti, "status", status); name != "" {
				sv.disp = ti.tranLabel + " : " + name
			}
		}
		t.add(map[string]value{
			"id": idVal(str(r["id"])), "tranid": optStr(str(r["tranId"])), "trandate": timeCell(r["tranDate"]),
			"type": strVal(ti.tranType), "status": sv, "entity": st.ref(r, "entity", spaceEntity),
			"externalid": optStr(str(r["externalId"])), "otherrefnum": optStr(str(r["otherRefNum"])), "memo": optStr(str(r["memo"])),
			"createddate": timeCell(r["createdDate"]), "lastmodifieddate": timeCell(r["lastModifiedDate"]),
			"foreigntotal": ratOrNull(r["total"]), "currency": st.ref(r, "currency", "currency"),
			"subsidiary": st.ref(r, "subsidiary", "subsidiary"), "createdfrom": st.ref(r, "createdFrom", spaceTransaction),
			"shipmethod": st.ref(r, "shipMethod", spaceItem), "location": st.ref(r, "location", "location"),
		})
	})
	sortByID(t)
	return t
}

// eachTransaction visits every transaction record.
func (st *store) eachTransaction(fn func(*typeInfo, rec)) {
	for i := range types {
		ti := &types[i]
		if !ti.isTransaction() {
			continue
		}
		for _, id := range st.ids(ti.name) {
			fn(ti, st.get(ti.name, id))
		}
	}
}

// transactionLineTable has a main line (id 0, mainline 'T') per
// transaction and one row per item or journal line, id = the line number.
func transactionLineTable(st *store) *table {
	t := newTable("transactionLine", "transaction", "id", "linesequencenumber", "mainline", "item", "itemtype", "quantity", "rate",
		"foreignamount", "netamount", "location", "createdfrom", "isclosed", "memo", "entity", "account",
		"debitforeignamount", "creditforeignamount")
	st.eachTransaction(func(ti *typeInfo, r rec) {
		tid := str(r["id"])
		t.add(map[string]value{
			"transaction": idVal(tid), "id": intVal(0), "linesequencenumber": intVal(0), "mainline": flagVal(true),
			"entity": st.ref(r, "entity", spaceEntity), "foreignamount": ratOrNull(r["total"]),
			"createdfrom": st.ref(r, "createdFrom", spaceTransaction), "memo": optStr(str(r["memo"])),
			"location": st.ref(r, "location", "location"), "isclosed": flagVal(false),
		})
		sub := "item"
		if ti.name == "journalEntry" {
			sub = "line"
		}
		for i, l := range shippedLines(r, sub) {
			n, _ := wholeNumber(l["line"])
			cells := map[string]value{
				"transaction": idVal(tid), "id": intVal(n), "linesequencenumber": intVal(int64(i + 1)), "mainline": flagVal(false),
				"item": st.ref(l, "item", spaceItem), "quantity": ratOrNull(l["quantity"]), "rate": ratOrNull(l["rate"]),
				"foreignamount": ratOrNull(l["amount"]), "netamount": ratOrNull(l["amount"]),
				"location":    refVal(st.lineLocation(r, l), st.display("location", st.lineLocation(r, l))),
				"createdfrom": st.ref(r, "createdFrom", spaceTransaction), "isclosed": flagVal(boolField(l, "isClosed")),
				"memo": optStr(str(l["memo"])), "entity": st.ref(l, "entity", spaceEntity), "account": st.ref(l, "account", "account"),
				"debitforeignamount": ratOrNull(l["debit"]), "creditforeignamount": ratOrNull(l["credit"]),
			}
			if it, _ := st.findInSpace(spaceItem, refID(l["item"])); it != nil {
				cells["itemtype"] = strVal(it.itemType)
			}
			t.add(cells)
		}
	})
	return t
}

// linkTable derives PreviousTransactionLineLink from createdFrom and each
// line's orderLine, so it cannot drift from the records.
func linkTable(st *store) *table {
	t := newTable("PreviousTransactionLineLink", "previousdoc", "previousline", "previoustype", "nextdoc", "nextline", "nexttype", "linktype")
	st.eachTransaction(func(ti *typeInfo, r rec) {
		srcID := refID(r["createdFrom"])
		if srcID == "" {
			return
		}
		src, _ := st.findInSpace(spaceTransaction, srcID)
		if src == nil {
			return
		}
		lt := linkTypes[[2]string{src.name, ti.name}]
		for _, l := range shippedLines(r, "item") {
			ol, ok := wholeNumber(l["orderLine"])
			if !ok {
				continue
			}
			n, _ := wholeNumber(l["line"])
			t.add(map[string]value{
				"previousdoc": idVal(srcID), "previousline": intVal(ol), "previoustype": strVal(src.tranType),
				"nextdoc": idVal(str(r["id"])), "nextline": intVal(n), "nexttype": strVal(ti.tranType), "linktype": optStr(lt),
			})
		}
	})
	return t
}

func packageTable(st *store) *table {
	t := newTable("itemFulfillmentPackage", "id", "itemfulfillment", "packagetrackingnumber", "packagedescr", "packageweight")
	for _, id := range st.ids("itemFulfillment") {
		r := st.get("itemFulfillment", id)
		n, _ := strconv.ParseInt(id, 10, 64)
		for i, raw := range lines(r, "package") {
			p, ok := raw.(map[string]any)
			if !ok {
				continue
			}
			t.add(map[string]value{
				"id": intVal(n*1000 + int64(i) + 1), "itemfulfillment": idVal(id),
				"packagetrackingnumber": optStr(str(p["packageTrackingNumber"])), "packagedescr": optStr(str(p["packageDescr"])),
				"packageweight": ratOrNull(p["packageWeight"]),
			})
		}
	}
	return t
}

func customerTable(st *store) *table {
	t := newTable("customer", "id", "entityid", "companyname", "firstname", "lastname", "email", "phone", "externalid", "isperson", "isinactive", "datecreated", "lastmodifieddate")
	for _, id := range st.ids("customer") {
		r := st.get("customer", id)
		t.add(map[string]value{
			"id": idVal(id), "entityid": optStr(str(r["entityId"])), "companyname": optStr(str(r["companyName"])),
			"firstname": optStr(str(r["firstName"])), "lastname": optStr(str(r["lastName"])), "email": optStr(str(r["email"])),
			"phone": optStr(str(r["phone"])), "externalid": optStr(str(r["externalId"])), "isperson": flagVal(boolField(r, "isPerson")),
			"isinactive": flagVal(boolField(r, "isInactive")), "datecreated": timeCell(r["createdDate"]),
			"lastmodifieddate": timeCell(r["lastModifiedDate"]),
		})
	}
	return t
}

func locationTable(st *store) *table {
	t := newTable("location", "id", "name", "externalid", "isinactive", "subsidiary")
	for _, id := range st.ids("location") {
		r := st.get("location", id)
		t.add(map[string]value{
			"id": idVal(id), "name": optStr(str(r["name"])), "externalid": optStr(str(r["externalId"])),
			"isinactive": flagVal(boolField(r, "isInactive")), "subsidiary": st.ref(r, "subsidiary", "subsidiary"),
		})
	}
	return t
}

func accountTable(st *store) *table {
	t := newTable("account", "id", "acctnumber", "acctname", "fullname", "accttype", "externalid", "isinactive")
	for _, id := range st.ids("account") {
		r := st.get("account", id)
		t.add(map[string]value{
			"id": idVal(id), "acctnumber": optStr(str(r["acctNumber"])), "acctname": optStr(str(r["acctName"])),
			"fullname": optStr(str(r["acctName"])), "accttype": optStr(refID(r["acctType"])),
			"externalid": optStr(str(r["externalId"])), "isinactive": flagVal(boolField(r, "isInactive")),
		})
	}
	return t
}

func sortByID(t *table) {
	i := t.idx["id"]
	sort.SliceStable(t.rows, func(a, b int) bool { return orderCmp(t.rows[a][i], t.rows[b][i]) < 0 })
}

func (st *store) stockKeys() []stockKey {
	keys := make([]stockKey, 0, len(st.stock))
	for k := range st.stock {
		keys = append(keys, k)
	}
	less := func(a, b string) bool {
		x, e1 := strconv.ParseInt(a, 10, 64)
		y, e2 := strconv.ParseInt(b, 10, 64)
		if e1 == nil && e2 == nil {
			return x < y
		}
		return a < b
	}
	sortSlice(keys, func(a, b stockKey) bool {
		if a.item != b.item {
			return less(a.item, b.item)
		}
		return less(a.location, b.location)
	})
	return keys
}
