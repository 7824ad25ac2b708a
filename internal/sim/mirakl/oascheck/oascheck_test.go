package oascheck

import (
	"strings"
	"testing"
)

var usedOps = []string{"A01", "PC01", "OR11", "OR28", "OR30", "ST01", "ST23", "ST24", "STO01", "STO02",
	"OF02", "OF21", "OF24", "SBC11", "TL02", "IV01", "RT11", "RE01", "SH21"}

func loadSpec(t *testing.T) *Spec {
	t.Helper()
	p := DefaultSpecPath()
	if p == "" {
		t.Skip("official Mirakl OpenAPI not found (../shared/reference/mirakl-mmp-seller-openapi.json); set " + SpecEnv)
	}
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Mirakl's own examples: the clean ones pass, and the validator catches the
// few places where the examples themselves break the schema.
func TestOfficialExamples(t *testing.T) {
	s := loadSpec(t)
	errs := map[string][]string{}
	for _, op := range usedOps {
		for _, ex := range s.Examples(op) {
			if !strings.Contains(ex.ContentType, "json") {
				continue
			}
			for _, e := range s.ValidateResponse(op, ex.Status, ex.ContentType, ex.Body, Options{AllowNull: true}) {
				errs[op+" "+ex.Name] = append(errs[op+" "+ex.Name], e.Error())
			}
		}
	}
	for _, clean := range []string{"SH21 application/json-0", "SBC11 application/json-0", "TL02 application/json-0", "IV01 application/json-0", "OR28 application/json-0"} {
		if len(errs[clean]) > 0 {
			t.Errorf("%s should validate: %v", clean, errs[clean])
		}
	}
	if got := strings.Join(errs["RE01 application/json-0"], ";"); !strings.Contains(got, `"total_count" is missing`) {
		t.Errorf("RE01 example lacks total_count, not reported: %q", got)
	}
	if got := strings.Join(errs["OR30 application/json-0"], ";"); !strings.Contains(got, "string where number is expected") {
		t.Errorf("OR30 example has string amounts, not reported: %q", got)
	}
	// Strict mode refuses the nulls the examples use.
	for _, ex := range s.Examples("OR11") {
		if ex.Name == "application/json-0" && len(s.ValidateResponse("OR11", 200, ex.ContentType, ex.Body, Options{})) == 0 {
			t.Error("nulls accepted in strict mode")
		}
	}
}

const miniSpec = `{"openapi":"3.1.0","paths":{"/api/things":{"get":{"operationId":"T01","responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/List"}}}},"204":{"description":"none"}}},
"post":{"operationId":"T02","requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":2,"pattern":"^[a-z]+$"}}}}}},"responses":{"201":{"description":"ok"}}}}},
"components":{"schemas":{
"List":{"type":"object","required":["items"],"properties":{"items":{"type":"array","minItems":1,"items":{"$ref":"#/components/schemas/Doc"}},"total":{"type":"integer","format":"int32","minimum":0}}},
"Doc":{"type":"object","required":["type","at"],"discriminator":{"propertyName":"type","mapping":{"A":"#/components/schemas/DocA"}},"properties":{"type":{"type":"string","enum":["A","B"]},"at":{"type":"string","format":"date-time"},"amount":{"type":"number"},"free":{"type":"object"}}},
"DocA":{"type":"object","allOf":[{"$ref":"#/components/schemas/Doc"}],"required":["a"],"properties":{"a":{"type":"boolean"}}}}}}`

func TestValidator(t *testing.T) {
	s, err := Parse([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	strict := Options{ReportUnknown: true}
	tests := []struct {
		name, body, want string
	}{
		{"valid", `{"items":[{"type":"A","at":"2025-11-03T09:00:00.5Z","a":true,"amount":1.25,"free":{"any":1}}],"total":1}`, ""},
		{"subtype field", `{"items":[{"type":"A","at":"2025-11-03T09:00:00Z"}]}`, `"a" is missing`},
		{"other subtype", `{"items":[{"type":"B","at":"2025-11-03T09:00:00Z"}]}`, ""},
		{"enum", `{"items":[{"type":"C","at":"2025-11-03T09:00:00Z"}]}`, "not in the enum"},
		{"date-time", `{"items":[{"type":"B","at":"03/11/2025"}]}`, "date-time"},
		{"integer", `{"items":[{"type":"B","at":"2025-11-03T09:00:00Z"}],"total":1.5}`, "where integer is expected"},
		{"minimum", `{"items":[{"type":"B","at":"2025-11-03T09:00:00Z"}],"total":-1}`, "below the minimum"},
		{"minItems", `{"items":[]}`, "fewer than"},
		{"null", `{"items":[{"type":"B","at":"2025-11-03T09:00:00Z","amount":null}]}`, "null where number"},
		{"unknown", `{"items":[{"type":"B","at":"2025-11-03T09:00:00Z","amout":1}]}`, "unknown field $.items[0].amout"},
		{"not json", `{"items":`, "not JSON"},
		{"trailing", `{"items":[]} {}`, "trailing"},
	}
	for _, tt := range tests {
		errs := s.ValidateResponse("T01", 200, "application/json;charset=UTF-8", []byte(tt.body), strict)
		got := ""
		for _, e := range errs {
			got += e.Error() + ";"
		}
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if errs := s.ValidateResponse("T01", 200, "application/json", []byte(`{"items":[{"type":"B","at":"x","amount":null}]}`), Options{AllowNull: true}); len(errs) != 1 {
		t.Errorf("AllowNull: %v", errs)
	}
	if errs := s.ValidateRequest("T02", "application/json", []byte(`{"name":"A"}`), strict); len(errs) != 2 {
		t.Errorf("request: %v", errs)
	}
	if !s.Declares("T01", 204) || s.Declares("T01", 201) {
		t.Error("Declares")
	}
	if errs := s.ValidateResponse("T01", 204, "", nil, strict); len(errs) != 0 {
		t.Errorf("no schema, no errors: %v", errs)
	}
}
