package netsuitesim

import "strings"

// Records are stored lean; on the way out they get what NetSuite adds:
// links, refName on references and enums, and sublists either expanded or
// reduced to a link.

func (s *Server) render(base string, t *typeInfo, r rec, expand bool) map[string]any {
	out := copyRec(r)
	self := base + "/record/v1/" + t.name + "/" + str(r["id"])
	for k, v := range out {
		if isSublistValue(v) {
			if !expand {
				out[k] = map[string]any{"links": []any{link("self", self+"/"+k)}}
				continue
			}
			out[k] = s.renderSublist(base, self+"/"+k, t, lines(r, k))
			continue
		}
		out[k] = s.renderValue(base, t, k, v)
	}
	out["links"] = []any{link("self", self)}
	return out
}

func (s *Server) renderSublist(base, href string, t *typeInfo, items []any) map[string]any {
	rendered := make([]any, 0, len(items))
	for _, l := range items {
		lm, ok := l.(map[string]any)
		if !ok {
			continue
		}
		o := make(map[string]any, len(lm)+1)
		for k, v := range lm {
			o[k] = s.renderValue(base, t, k, v)
		}
		o["links"] = []any{}
		rendered = append(rendered, o)
	}
	return map[string]any{
		"links": []any{link("self", href)}, "items": rendered,
		"count": len(rendered), "hasMore": false, "offset": 0, "totalResults": len(rendered),
	}
}

func (s *Server) renderValue(base string, t *typeInfo, k string, v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	if !isRefValue(m) {
		o := make(map[string]any, len(m))
		for sk, sv := range m {
			o[sk] = s.renderValue(base, t, sk, sv)
		}
		return o
	}
	o := make(map[string]any, len(m)+2)
	for rk, rv := range m {
		o[rk] = rv
	}
	id := str(m["id"])
	if name := enumName(t, k, id); name != "" {
		o["refName"] = name
		return o
	}
	if space, ok := refSpace[k]; ok {
		if rt, _ := s.st.findInSpace(space, id); rt != nil {
			o["refName"] = s.st.display(space, id)
			o["links"] = []any{link("self", base+"/record/v1/"+rt.name+"/"+id)}
		}
	}
	return o
}

func enumName(t *typeInfo, field, id string) string {
	switch field {
	case "shipStatus":
		return shipStatus[id]
	case "orderStatus":
		if t.name == "returnAuthorization" {
			return map[string]string{"A": "Pending Approval", "B": "Pending Receipt"}[id]
		}
		return map[string]string{"A": "Pending Approval", "B": "Pending Fulfillment"}[id]
	case "status":
		if t.name == "itemFulfillment" {
			return shipStatus[id]
		}
		if t.name == "salesOrder" {
			return salesOrderStatus[id]
		}
		if t.name == "returnAuthorization" {
			return returnStatus[id]
		}
	}
	return ""
}

func link(rel, href string) map[string]any { return map[string]any{"rel": rel, "href": href} }

// display is a record's name as NetSuite shows it in refName and
// BUILTIN.DF.
func (st *store) display(space, id string) string {
	t, r := st.findInSpace(space, id)
	if r == nil {
		return ""
	}
	switch {
	case t.space == spaceEntity:
		if n := str(r["entityId"]); n != "" {
			return n
		}
		if n := str(r["companyName"]); n != "" {
			return n
		}
		return strings.TrimSpace(str(r["firstName"]) + " " + str(r["lastName"]))
	case t.isItem():
		return str(r["itemId"])
	case t.isTransaction():
		return t.tranLabel + " #" + str(r["tranId"])
	case t.name == "account":
		return strings.TrimSpace(str(r["acctNumber"]) + " " + str(r["acctName"]))
	}
	if n := str(r["name"]); n != "" {
		return n
	}
	return str(r["symbol"])
}
