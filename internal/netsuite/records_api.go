package netsuite

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Create posts a new record and returns its internal id, which NetSuite
// gives only in the Location header. Give the body an externalId: a create
// whose answer was lost can then be found (or refused as a duplicate)
// instead of being made twice.
func (c *Client) Create(ctx context.Context, recordType string, body any) (string, error) {
	if err := checkType(recordType); err != nil {
		return "", err
	}
	b, err := marshalBody(body)
	if err != nil {
		return "", err
	}
	cl := call{method: http.MethodPost, path: "/record/v1/" + recordType, body: b, op: "POST " + recordType}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return "", err
	}
	return idFromResponse(cl.op, resp)
}

// Get reads a record by internal id into out. expand asks for sublists
// (item lines, packages, address book) to be included instead of links.
func (c *Client) Get(ctx context.Context, recordType, id string, out any, expand bool) error {
	if err := checkType(recordType); err != nil {
		return err
	}
	if err := checkID(id); err != nil {
		return err
	}
	return c.get(ctx, recordType, id, out, expand)
}

// GetByExternalID reads a record by externalId (GET .../eid:<id>).
func (c *Client) GetByExternalID(ctx context.Context, recordType, externalID string, out any, expand bool) error {
	if err := checkType(recordType); err != nil {
		return err
	}
	if !ValidExternalID(externalID) {
		return invalidExternalID(externalID)
	}
	return c.get(ctx, recordType, "eid:"+externalID, out, expand)
}

func (c *Client) get(ctx context.Context, recordType, key string, out any, expand bool) error {
	cl := call{method: http.MethodGet, path: "/record/v1/" + recordType + "/" + key, op: "GET " + recordType + "/" + key, idempotent: true}
	if expand {
		cl.query = [][2]string{{"expandSubResources", "true"}}
	}
	return c.do(ctx, cl, out)
}

// Patch updates the fields present in body. Item lines carrying "line"
// update that line; lines without it are added.
func (c *Client) Patch(ctx context.Context, recordType, id string, body any) error {
	if err := checkType(recordType); err != nil {
		return err
	}
	if err := checkID(id); err != nil {
		return err
	}
	b, err := marshalBody(body)
	if err != nil {
		return err
	}
	_, err = c.send(ctx, call{method: http.MethodPatch, path: "/record/v1/" + recordType + "/" + id, body: b, op: "PATCH " + recordType + "/" + id})
	return err
}

// Delete removes a record.
func (c *Client) Delete(ctx context.Context, recordType, id string) error {
	if err := checkType(recordType); err != nil {
		return err
	}
	if err := checkID(id); err != nil {
		return err
	}
	_, err := c.send(ctx, call{method: http.MethodDelete, path: "/record/v1/" + recordType + "/" + id, op: "DELETE " + recordType + "/" + id, idempotent: true})
	return err
}

// Upsert creates or updates the record with this externalId (PUT
// .../eid:<id>), which is what makes jlsync's writes exactly-once. The id
// comes from Location; when NetSuite sends none, the record is read back
// by externalId to learn it.
func (c *Client) Upsert(ctx context.Context, recordType, externalID string, body any) (string, error) {
	if err := checkType(recordType); err != nil {
		return "", err
	}
	if !ValidExternalID(externalID) {
		return "", invalidExternalID(externalID)
	}
	b, err := marshalBody(body)
	if err != nil {
		return "", err
	}
	b, err = withExternalID(b, externalID)
	if err != nil {
		return "", err
	}
	cl := call{method: http.MethodPut, path: "/record/v1/" + recordType + "/eid:" + externalID, body: b, op: "PUT " + recordType + "/eid:" + externalID, idempotent: true}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return "", err
	}
	if id, err := idFromResponse(cl.op, resp); err == nil && !strings.HasPrefix(id, "eid:") {
		return id, nil
	}
	var ref struct {
		ID string `json:"id"`
	}
	if err := c.get(ctx, recordType, "eid:"+externalID, &ref, false); err != nil {
		return "", err
	}
	if ref.ID == "" {
		return "", &Error{Op: cl.op, Status: resp.status, Detail: "record read back after upsert has no id"}
	}
	return ref.ID, nil
}

// withExternalID makes the body's externalId agree with the URL: a body
// without one gets it, a body with a different one is refused.
func withExternalID(body []byte, eid string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return nil, fmt.Errorf("netsuite: upsert body must be a JSON object")
	}
	if raw, ok := m["externalId"]; ok {
		var have string
		if err := json.Unmarshal(raw, &have); err == nil && have != "" {
			if have != eid {
				return nil, fmt.Errorf("netsuite: body externalId %q differs from upsert key %q", have, eid)
			}
			return body, nil
		}
	}
	q, _ := json.Marshal(eid)
	m["externalId"] = q
	return json.Marshal(m)
}

// Transform creates a record from another (salesOrder -> itemFulfillment,
// returnAuthorization -> creditMemo, ...) and returns the new record's id.
// body sets or overrides fields of the new record, e.g. which order lines
// to fulfil.
func (c *Client) Transform(ctx context.Context, srcType, srcID, targetType string, body any) (string, error) {
	if err := checkType(srcType); err != nil {
		return "", err
	}
	if err := checkType(targetType); err != nil {
		return "", err
	}
	if err := checkID(srcID); err != nil {
		return "", err
	}
	b, err := marshalBody(body)
	if err != nil {
		return "", err
	}
	p := "/record/v1/" + srcType + "/" + srcID + "/!transform/" + targetType
	cl := call{method: http.MethodPost, path: p, body: b, op: "POST " + srcType + "/" + srcID + "/!transform/" + targetType}
	resp, err := c.send(ctx, cl)
	if err != nil {
		return "", err
	}
	return idFromResponse(cl.op, resp)
}

// idFromResponse takes the id from the Location header's last segment, or
// from a JSON body when NetSuite answered 200 with the record.
func idFromResponse(op string, resp *response) (string, error) {
	if loc := resp.header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			if id := path.Base(u.Path); id != "" && id != "." && id != "/" {
				return id, nil
			}
		}
	}
	if len(resp.body) > 0 {
		var r struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(resp.body, &r) == nil && len(r.ID) > 0 {
			var s string
			if json.Unmarshal(r.ID, &s) == nil && s != "" {
				return s, nil
			}
			var n json.Number
			if json.Unmarshal(r.ID, &n) == nil && n != "" {
				return n.String(), nil
			}
		}
	}
	return "", &Error{Op: op, Status: resp.status, Detail: "response carries no Location header and no id"}
}

func checkType(t string) error {
	if t == "" {
		return fmt.Errorf("netsuite: empty record type")
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return fmt.Errorf("netsuite: bad record type %q", t)
		}
	}
	return nil
}

func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("netsuite: empty record id")
	}
	if strings.HasPrefix(id, "eid:") {
		if !ValidExternalID(id[4:]) {
			return invalidExternalID(id[4:])
		}
		return nil
	}
	for i := 0; i < len(id); i++ {
		if !externalIDByte(id[i]) {
			return fmt.Errorf("netsuite: bad record id %q", id)
		}
	}
	return nil
}

func invalidExternalID(s string) error {
	return fmt.Errorf("netsuite: externalId %q must be letters, digits, '_' or '-' (see NormalizeExternalID)", s)
}
