// Package oascheck validates JSON documents against the schemas of an
// OpenAPI 3 document (the subset Mirakl's seller OpenAPI uses: $ref, allOf,
// oneOf/anyOf, discriminator, type, required, properties, items, enum,
// formats, lengths, patterns, bounds). The simulator's contract test uses it
// to hold every answer to the official schema.
package oascheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Spec is a parsed OpenAPI document.
type Spec struct {
	root map[string]any
	ops  map[string]*Op

	mu sync.Mutex
	re map[string]*regexp.Regexp
}

// Op is one operation of the document.
type Op struct {
	ID     string
	Method string // upper case
	Path   string // template, e.g. /api/orders/{order_id}/accept
	node   map[string]any
}

// Load reads and parses an OpenAPI JSON file.
func Load(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse parses an OpenAPI JSON document.
func Parse(b []byte) (*Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("oascheck: %w", err)
	}
	s := &Spec{root: root, ops: map[string]*Op{}, re: map[string]*regexp.Regexp{}}
	paths, _ := root["paths"].(map[string]any)
	for p, item := range paths {
		methods, _ := item.(map[string]any)
		for m, op := range methods {
			node, ok := op.(map[string]any)
			if !ok {
				continue
			}
			if id, ok := node["operationId"].(string); ok {
				s.ops[id] = &Op{ID: id, Method: strings.ToUpper(m), Path: p, node: node}
			}
		}
	}
	return s, nil
}

// Op returns the operation with the given id.
func (s *Spec) Op(id string) (*Op, bool) {
	o, ok := s.ops[id]
	return o, ok
}

// Options tune a validation.
type Options struct {
	// AllowNull accepts null for any value. Mirakl's examples use null for
	// absent values although the schemas never declare it.
	AllowNull bool
	// ReportUnknown reports object keys no schema declares (typos in a
	// simulator's answers), as errors prefixed "unknown field".
	ReportUnknown bool
}

// Example is one example body of a response.
type Example struct {
	Status      int
	ContentType string
	Name        string
	Body        []byte
}

// Examples returns the operation's response examples.
func (s *Spec) Examples(opID string) []Example {
	op, ok := s.ops[opID]
	if !ok {
		return nil
	}
	var out []Example
	resps, _ := s.deref(op.node["responses"]).(map[string]any)
	codes := make([]string, 0, len(resps))
	for c := range resps {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, code := range codes {
		status, _ := strconv.Atoi(code)
		resp, _ := s.deref(resps[code]).(map[string]any)
		content, _ := resp["content"].(map[string]any)
		for ct, media := range content {
			mm, _ := media.(map[string]any)
			exs, _ := mm["examples"].(map[string]any)
			names := make([]string, 0, len(exs))
			for n := range exs {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				ex, _ := s.deref(exs[n]).(map[string]any)
				val, ok := ex["value"]
				if !ok {
					continue
				}
				var body []byte
				if str, isStr := val.(string); isStr && !strings.Contains(ct, "json") {
					body = []byte(str)
				} else {
					body, _ = json.Marshal(val)
				}
				out = append(out, Example{Status: status, ContentType: ct, Name: n, Body: body})
			}
		}
	}
	return out
}

// ResponseSchema returns the schema of an operation's answer for a status
// and content type; ok is false when the document declares none.
func (s *Spec) ResponseSchema(opID string, status int, contentType string) (any, bool) {
	op, found := s.ops[opID]
	if !found {
		return nil, false
	}
	resps, _ := s.deref(op.node["responses"]).(map[string]any)
	resp, ok := resps[strconv.Itoa(status)]
	if !ok {
		resp, ok = resps[fmt.Sprintf("%dXX", status/100)]
	}
	if !ok {
		resp, ok = resps["default"]
	}
	if !ok {
		return nil, false
	}
	rm, _ := s.deref(resp).(map[string]any)
	return s.mediaSchema(rm, contentType)
}

// RequestSchema returns the schema of an operation's request body.
func (s *Spec) RequestSchema(opID, contentType string) (any, bool) {
	op, found := s.ops[opID]
	if !found {
		return nil, false
	}
	rb, _ := s.deref(op.node["requestBody"]).(map[string]any)
	if rb == nil {
		return nil, false
	}
	return s.mediaSchema(rb, contentType)
}

func (s *Spec) mediaSchema(holder map[string]any, contentType string) (any, bool) {
	content, _ := holder["content"].(map[string]any)
	if len(content) == 0 {
		return nil, false
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	media, ok := content[mt]
	if !ok && len(content) == 1 {
		for _, m := range content {
			media, ok = m, true
		}
	}
	if !ok {
		return nil, false
	}
	mm, _ := media.(map[string]any)
	sc, ok := mm["schema"]
	return sc, ok
}

// Declares reports whether the operation declares the status code at all.
func (s *Spec) Declares(opID string, status int) bool {
	op, found := s.ops[opID]
	if !found {
		return false
	}
	resps, _ := s.deref(op.node["responses"]).(map[string]any)
	_, ok := resps[strconv.Itoa(status)]
	return ok
}

// ValidateResponse checks an answer body against its declared schema.
func (s *Spec) ValidateResponse(opID string, status int, contentType string, body []byte, o Options) []error {
	if _, ok := s.ops[opID]; !ok {
		return []error{fmt.Errorf("unknown operation %s", opID)}
	}
	sc, ok := s.ResponseSchema(opID, status, contentType)
	if !ok {
		return nil
	}
	return s.ValidateJSON(sc, body, o)
}

// ValidateRequest checks a request body against its declared schema.
func (s *Spec) ValidateRequest(opID, contentType string, body []byte, o Options) []error {
	sc, ok := s.RequestSchema(opID, contentType)
	if !ok {
		return nil
	}
	return s.ValidateJSON(sc, body, o)
}

// ValidateJSON checks a JSON document against a schema node.
func (s *Spec) ValidateJSON(schema any, body []byte, o Options) []error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var val any
	if err := dec.Decode(&val); err != nil {
		return []error{fmt.Errorf("$: not JSON: %v", err)}
	}
	if dec.More() {
		return []error{fmt.Errorf("$: trailing data after the JSON value")}
	}
	v := &validator{s: s, o: o, known: map[string]map[string]bool{}, keys: map[string][]string{}, open: map[string]bool{}}
	v.check(schema, val, "$", "", nil)
	if o.ReportUnknown {
		paths := make([]string, 0, len(v.keys))
		for p := range v.keys {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			if v.open[p] {
				continue
			}
			for _, k := range v.keys[p] {
				if !v.known[p][k] {
					v.errs = append(v.errs, fmt.Errorf("unknown field %s.%s", p, k))
				}
			}
		}
	}
	return v.errs
}

// deref follows a local $ref.
func (s *Spec) deref(node any) any {
	for i := 0; i < 32; i++ {
		m, ok := node.(map[string]any)
		if !ok {
			return node
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return node
		}
		node = s.lookup(ref)
	}
	return node
}

func (s *Spec) lookup(ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = s.root
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

func (s *Spec) regexp(p string) *regexp.Regexp {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.re[p]; ok {
		return r
	}
	r, err := regexp.Compile(p)
	if err != nil {
		r = nil // a pattern Go cannot compile is skipped, not failed
	}
	s.re[p] = r
	return r
}

type validator struct {
	s     *Spec
	o     Options
	errs  []error
	known map[string]map[string]bool // path -> keys some schema declares
	keys  map[string][]string        // path -> keys present
	open  map[string]bool            // path validated by a schema without properties
}

func (v *validator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
}

// check validates val against schema at path. self is the $ref name the
// schema was reached by; dispatched lists discriminator bases already
// dispatched, so a subtype's allOf back to its base does not loop.
func (v *validator) check(schema any, val any, path, self string, dispatched map[string]bool) {
	if m, ok := schema.(map[string]any); ok {
		if ref, ok := m["$ref"].(string); ok {
			v.check(v.s.lookup(ref), val, path, ref, dispatched)
			return
		}
	}
	sc, ok := schema.(map[string]any)
	if !ok {
		return
	}
	types := schemaTypes(sc)
	if val == nil {
		if v.o.AllowNull || len(types) == 0 || types["null"] || sc["nullable"] == true {
			return
		}
		v.fail(path, "null where %s is expected", typeList(types))
		return
	}
	for _, sub := range list(sc["allOf"]) {
		v.check(sub, val, path, "", dispatched)
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		alts := list(sc[kw])
		if len(alts) == 0 {
			continue
		}
		matched := false
		for _, alt := range alts {
			sub := &validator{s: v.s, o: Options{AllowNull: v.o.AllowNull}, known: map[string]map[string]bool{}, keys: map[string][]string{}, open: map[string]bool{}}
			sub.check(alt, val, path, "", dispatched)
			if len(sub.errs) == 0 {
				matched = true
				v.check(alt, val, path, "", dispatched) // record known keys
				break
			}
		}
		if !matched {
			v.fail(path, "matches none of the %s alternatives", kw)
		}
	}
	if d, ok := sc["discriminator"].(map[string]any); ok && self != "" && !dispatched[self] {
		if obj, ok := val.(map[string]any); ok {
			prop, _ := d["propertyName"].(string)
			mapping, _ := d["mapping"].(map[string]any)
			if tag, ok := obj[prop].(string); ok {
				if target, ok := mapping[tag].(string); ok {
					next := map[string]bool{self: true}
					for k := range dispatched {
						next[k] = true
					}
					v.check(map[string]any{"$ref": target}, val, path, "", next)
				}
			}
		}
	}
	if len(types) > 0 && !matchesType(types, val) {
		v.fail(path, "%s where %s is expected", jsonType(val), typeList(types))
		return
	}
	if enum := list(sc["enum"]); len(enum) > 0 && !inEnum(enum, val) {
		v.fail(path, "value %v is not in the enum", val)
	}
	switch x := val.(type) {
	case string:
		v.checkString(sc, x, path)
	case json.Number:
		v.checkNumber(sc, x, path)
	case []any:
		if n, ok := num(sc["minItems"]); ok && float64(len(x)) < n {
			v.fail(path, "%d items, fewer than %v", len(x), n)
		}
		if n, ok := num(sc["maxItems"]); ok && float64(len(x)) > n {
			v.fail(path, "%d items, more than %v", len(x), n)
		}
		if items, ok := sc["items"]; ok {
			for i, it := range x {
				v.check(items, it, fmt.Sprintf("%s[%d]", path, i), "", nil)
			}
		}
	case map[string]any:
		v.checkObject(sc, x, path)
	}
}

func (v *validator) checkObject(sc map[string]any, obj map[string]any, path string) {
	if _, seen := v.keys[path]; !seen {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		v.keys[path] = keys
	}
	props, hasProps := sc["properties"].(map[string]any)
	if ap, ok := sc["additionalProperties"]; ok && ap != false {
		v.open[path] = true
	}
	if !hasProps && sc["allOf"] == nil && sc["discriminator"] == nil && sc["oneOf"] == nil && sc["anyOf"] == nil {
		v.open[path] = true
	}
	if v.known[path] == nil {
		v.known[path] = map[string]bool{}
	}
	for k := range props {
		v.known[path][k] = true
	}
	for _, r := range list(sc["required"]) {
		name, _ := r.(string)
		if _, ok := obj[name]; !ok {
			v.fail(path, "required field %q is missing", name)
		}
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if val, ok := obj[k]; ok {
			v.check(props[k], val, path+"."+k, "", nil)
		}
	}
}

func (v *validator) checkString(sc map[string]any, s, path string) {
	switch sc["format"] {
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			v.fail(path, "%q is not an RFC 3339 date-time", s)
		}
	case "date":
		if _, err := time.Parse("2006-01-02", s); err != nil {
			v.fail(path, "%q is not a date", s)
		}
	}
	n := utf8.RuneCountInString(s)
	if m, ok := num(sc["minLength"]); ok && float64(n) < m {
		v.fail(path, "shorter than %v characters", m)
	}
	if m, ok := num(sc["maxLength"]); ok && float64(n) > m {
		v.fail(path, "longer than %v characters", m)
	}
	if p, ok := sc["pattern"].(string); ok {
		if re := v.s.regexp(p); re != nil && !re.MatchString(s) {
			v.fail(path, "%q does not match %s", s, p)
		}
	}
}

func (v *validator) checkNumber(sc map[string]any, n json.Number, path string) {
	f, err := n.Float64()
	if err != nil {
		v.fail(path, "bad number %s", n)
		return
	}
	if m, ok := num(sc["minimum"]); ok && f < m {
		v.fail(path, "%s is below the minimum %v", n, m)
	}
	if m, ok := num(sc["maximum"]); ok && f > m {
		v.fail(path, "%s is above the maximum %v", n, m)
	}
}

func schemaTypes(sc map[string]any) map[string]bool {
	out := map[string]bool{}
	switch t := sc["type"].(type) {
	case string:
		out[t] = true
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				out[s] = true
			}
		}
	}
	return out
}

func matchesType(types map[string]bool, val any) bool {
	switch x := val.(type) {
	case map[string]any:
		return types["object"]
	case []any:
		return types["array"]
	case string:
		return types["string"]
	case bool:
		return types["boolean"]
	case json.Number:
		if types["number"] {
			return true
		}
		if types["integer"] {
			if _, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
				return true
			}
			f, err := x.Float64()
			return err == nil && f == float64(int64(f))
		}
	}
	return false
}

func jsonType(val any) string {
	switch val.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	}
	return "null"
}

func typeList(types map[string]bool) string {
	out := make([]string, 0, len(types))
	for t := range types {
		out = append(out, t)
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

func list(x any) []any {
	l, _ := x.([]any)
	return l
}

func num(x any) (float64, bool) {
	n, ok := x.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

func inEnum(enum []any, val any) bool {
	for _, e := range enum {
		switch ev := e.(type) {
		case json.Number:
			if vn, ok := val.(json.Number); ok && vn.String() == ev.String() {
				return true
			}
		default:
			if e == val {
				return true
			}
		}
	}
	return false
}
