package netsuitesim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/jlsync/jlsync/internal/sim/faults"
)

// The /_sim/ admin API loads and dumps state, sets faults and acts as a
// NetSuite user would. It needs no credentials and is not governed.

// ItemSpec describes an item added through AddItem.
type ItemSpec struct {
	Type        string `json:"type,omitempty"` // record type; default inventoryItem
	ItemID      string `json:"itemId"`         // name/SKU
	DisplayName string `json:"displayName,omitempty"`
	UPCCode     string `json:"upcCode,omitempty"`
	ExternalID  string `json:"externalId,omitempty"`
	BasePrice   string `json:"basePrice,omitempty"` // decimal, e.g. "19.99"
}

// AddItem creates an item as a user would in the UI and returns its id.
func (s *Server) AddItem(it ItemSpec) (string, error) {
	typ := it.Type
	if typ == "" {
		typ = "inventoryItem"
	}
	body := map[string]any{"itemId": it.ItemID}
	for k, v := range map[string]string{"displayName": it.DisplayName, "upcCode": it.UPCCode, "externalId": it.ExternalID} {
		if v != "" {
			body[k] = v
		}
	}
	if it.BasePrice != "" {
		body["basePrice"] = json.Number(it.BasePrice)
	}
	return s.Create(typ, body)
}

// Create adds a record of any supported type through the same rules as
// POST /record/v1/<type>, for seeding tests and demos.
func (s *Server) Create(recordType string, fields map[string]any) (string, error) {
	t := lookupType(recordType)
	if t == nil {
		return "", fmt.Errorf("netsuitesim: unknown record type %q", recordType)
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return "", fmt.Errorf("netsuitesim: %w", err)
	}
	body, aerr := decodeRecord(b)
	if aerr != nil {
		return "", aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, aerr := s.createLocked(t, body)
	if aerr != nil {
		return "", aerr
	}
	return id, nil
}

// SetStock sets an item's stock at a location, as a stock count would.
func (s *Server) SetStock(itemID, locationID string, available, onHand int) error {
	if available < 0 || onHand < 0 {
		return errors.New("netsuitesim: stock quantities must not be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, _ := s.st.findInSpace(spaceItem, itemID); t == nil {
		return fmt.Errorf("netsuitesim: unknown item %q", itemID)
	}
	if s.st.get("location", locationID) == nil {
		return fmt.Errorf("netsuitesim: unknown location %q", locationID)
	}
	s.st.setStock(itemID, locationID, int64(available), int64(onHand), s.now())
	return nil
}

// FulfilSalesOrder ships an order as a warehouse user would: lines maps
// order line numbers to quantities (nil ships everything open), one
// package per tracking number, and shipMethod names a ship item by id or
// name (created when unknown). It returns the fulfilment's id.
func (s *Server) FulfilSalesOrder(soID string, lines map[int]int, tracking []string, shipMethod string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	so := s.st.get("salesOrder", soID)
	if so == nil {
		return "", fmt.Errorf("netsuitesim: unknown sales order %q", soID)
	}
	body := rec{"shipStatus": map[string]any{"id": "C"}}
	if lines != nil {
		known := map[int]bool{}
		var items []any
		for _, raw := range linesOf(so) {
			n, _ := wholeNumber(raw["line"])
			known[int(n)] = true
			if q, ok := lines[int(n)]; ok && q > 0 {
				items = append(items, map[string]any{"orderLine": intNumber(n), "quantity": intNumber(int64(q))})
			} else {
				items = append(items, map[string]any{"orderLine": intNumber(n), "itemReceive": false})
			}
		}
		for n := range lines {
			if !known[n] {
				return "", fmt.Errorf("netsuitesim: sales order %s has no line %d", soID, n)
			}
		}
		body["item"] = map[string]any{"items": items}
	}
	if len(tracking) > 0 {
		var pk []any
		for _, t := range tracking {
			pk = append(pk, map[string]any{"packageTrackingNumber": t, "packageDescr": "Parcel"})
		}
		body["package"] = map[string]any{"items": pk}
	}
	if shipMethod != "" {
		id, err := s.shipItemLocked(shipMethod)
		if err != nil {
			return "", err
		}
		body["shipMethod"] = map[string]any{"id": id}
	}
	id, aerr := s.transformLocked(lookupType("salesOrder"), soID, lookupType("itemFulfillment"), body)
	if aerr != nil {
		return "", aerr
	}
	return id, nil
}

func linesOf(r rec) []map[string]any {
	var out []map[string]any
	for _, raw := range lines(r, "item") {
		if l, ok := raw.(map[string]any); ok {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) shipItemLocked(nameOrID string) (string, error) {
	for _, id := range s.st.ids("shipItem") {
		r := s.st.get("shipItem", id)
		if id == nameOrID || str(r["itemId"]) == nameOrID {
			return id, nil
		}
	}
	id, aerr := s.createLocked(lookupType("shipItem"), rec{"itemId": nameOrID})
	if aerr != nil {
		return "", aerr
	}
	return id, nil
}

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/_sim/")
	fail := func(status int, err error) {
		writeJSON(w, status, map[string]string{"error": err.Error()})
	}
	body := func() ([]byte, error) { return io.ReadAll(io.LimitReader(r.Body, 64<<20)) }
	switch {
	case path == "" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"endpoints": []string{
			"GET /_sim/state", "POST /_sim/load", "GET|POST /_sim/faults", "POST /_sim/fulfil",
			"POST /_sim/stock", "POST /_sim/items", "GET|POST /_sim/records/<type>",
		}})
	case path == "state" && r.Method == http.MethodGet:
		b, err := s.State()
		if err != nil {
			fail(http.StatusInternalServerError, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	case path == "load" && r.Method == http.MethodPost:
		b, err := body()
		if err == nil {
			err = s.Load(b)
		}
		if err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "loaded"})
	case path == "faults" && r.Method == http.MethodPost:
		b, err := body()
		var sp faults.Spec
		if err == nil {
			sp, err = faults.Parse(strings.TrimSpace(string(b)))
		}
		if err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		s.SetFaults(sp)
		writeJSON(w, http.StatusOK, map[string]string{"faults": sp.String()})
	case path == "faults" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]string{"faults": s.Faults().String()})
	case path == "fulfil" && r.Method == http.MethodPost:
		var req struct {
			SalesOrder string         `json:"salesOrder"`
			Lines      map[string]int `json:"lines"`
			Tracking   []string       `json:"tracking"`
			ShipMethod string         `json:"shipMethod"`
		}
		if err := decodeAdmin(r, &req); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		var lines map[int]int
		if req.Lines != nil {
			lines = map[int]int{}
			for k, v := range req.Lines {
				n, err := strconv.Atoi(k)
				if err != nil {
					fail(http.StatusBadRequest, fmt.Errorf("line %q is not a number", k))
					return
				}
				lines[n] = v
			}
		}
		id, err := s.FulfilSalesOrder(req.SalesOrder, lines, req.Tracking, req.ShipMethod)
		if err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id": id})
	case path == "stock" && r.Method == http.MethodPost:
		var req struct {
			Item              string `json:"item"`
			Location          string `json:"location"`
			QuantityAvailable int    `json:"quantityAvailable"`
			QuantityOnHand    *int   `json:"quantityOnHand"`
		}
		if err := decodeAdmin(r, &req); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		onHand := req.QuantityAvailable
		if req.QuantityOnHand != nil {
			onHand = *req.QuantityOnHand
		}
		if err := s.SetStock(req.Item, req.Location, req.QuantityAvailable, onHand); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	case path == "items" && r.Method == http.MethodPost:
		var it ItemSpec
		if err := decodeAdmin(r, &it); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		id, err := s.AddItem(it)
		if err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id": id})
	case strings.HasPrefix(path, "records/"):
		typ := strings.TrimPrefix(path, "records/")
		if lookupType(typ) == nil {
			fail(http.StatusNotFound, fmt.Errorf("unknown record type %q", typ))
			return
		}
		if r.Method == http.MethodPost {
			var fields map[string]any
			if err := decodeAdmin(r, &fields); err != nil {
				fail(http.StatusBadRequest, err)
				return
			}
			id, err := s.Create(typ, fields)
			if err != nil {
				fail(http.StatusBadRequest, err)
				return
			}
			writeJSON(w, http.StatusOK, map[string]string{"id": id})
			return
		}
		recs := s.Records(typ)
		if recs == nil {
			recs = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, recs)
	default:
		fail(http.StatusNotFound, fmt.Errorf("no admin endpoint %s %s", r.Method, r.URL.Path))
	}
}

func decodeAdmin(r *http.Request, v any) error {
	d := json.NewDecoder(io.LimitReader(r.Body, 10<<20))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("bad JSON body: %w", err)
	}
	return nil
}
