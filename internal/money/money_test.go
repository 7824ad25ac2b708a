package money

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		err  error
	}{
		{"0", 0, nil},
		{"12.34", 1234, nil},
		{"-12.34", -1234, nil},
		{"+1.5", 150, nil},
		{"19.99", 1999, nil},
		{"0.1", 10, nil},
		{"7", 700, nil},
		{"007.10", 710, nil},
		{".5", 50, nil},
		{"1.500", 150, nil},
		{"1.234", 0, ErrPrecision},
		{"0.001", 0, ErrPrecision},
		{"1e3", 0, ErrExponent},
		{"1.5E2", 0, ErrExponent},
		{"NaN", 0, ErrNaN},
		{"-Inf", 0, ErrNaN},
		{"", 0, ErrEmpty},
		{"-", 0, ErrSyntax},
		{"1.", 0, ErrSyntax},
		{"1.2.3", 0, ErrSyntax},
		{"12,34", 0, ErrSyntax},
		{" 1", 0, ErrSyntax},
		{"£5", 0, ErrSyntax},
		{"92233720368547758.07", 9223372036854775807, nil},
		{"92233720368547758.08", 0, ErrOverflow},
		{"99999999999999999999", 0, ErrOverflow},
		{"-92233720368547758.07", -9223372036854775807, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Parse(%q) err = %v, want %v", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestStringAndFormat(t *testing.T) {
	tests := []struct {
		a      Amount
		s, gbp string
	}{
		{0, "0.00", "£0.00"},
		{5, "0.05", "£0.05"},
		{-5, "-0.05", "-£0.05"},
		{123456789, "1234567.89", "£1,234,567.89"},
		{-100000, "-1000.00", "-£1,000.00"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.s {
			t.Errorf("String(%d) = %q, want %q", tt.a, got, tt.s)
		}
		if got := tt.a.Format("GBP"); got != tt.gbp {
			t.Errorf("Format(%d) = %q, want %q", tt.a, got, tt.gbp)
		}
	}
}

func TestJSON(t *testing.T) {
	var v struct {
		N Amount `json:"n"`
		S Amount `json:"s"`
		Z Amount `json:"z"`
	}
	if err := json.Unmarshal([]byte(`{"n": 10.10, "s": "0.30", "z": null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.N != 1010 || v.S != 30 || v.Z != 0 {
		t.Fatalf("got %+v", v)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"n":10.10,"s":0.30,"z":0.00}` {
		t.Fatalf("marshal = %s", out)
	}
	bad := []string{`{"n": 1.005}`, `{"n": 1e2}`, `{"n": "abc"}`, `{"n": true}`}
	for _, b := range bad {
		if err := json.Unmarshal([]byte(b), &v); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", b)
		}
	}
}

func TestRates(t *testing.T) {
	tests := []struct {
		in   string
		want Rate
		str  string
	}{
		{"20", 200000, "20%"},
		{"12.5", 125000, "12.5%"},
		{"0.125", 1250, "0.125%"},
		{"15.0000", 150000, "15%"},
	}
	for _, tt := range tests {
		r, err := ParsePercent(tt.in)
		if err != nil || r != tt.want || r.String() != tt.str {
			t.Errorf("ParsePercent(%q) = %d %q %v", tt.in, r, r.String(), err)
		}
	}
	if _, err := ParsePercent("1.23456"); !errors.Is(err, ErrPrecision) {
		t.Errorf("want precision error, got %v", err)
	}
}

func TestVATArithmetic(t *testing.T) {
	tests := []struct {
		gross Amount
		rate  Rate
		tax   Amount
	}{
		{1200, Percent(20), 200},
		{1999, Percent(20), 333}, // 333.17
		{1, Percent(20), 0},
		{3, Percent(20), 1}, // 0.5 rounds away from zero
		{-1999, Percent(20), -333},
		{1000, 0, 0},
	}
	for _, tt := range tests {
		if got := TaxFromGross(tt.gross, tt.rate); got != tt.tax {
			t.Errorf("TaxFromGross(%d, %s) = %d, want %d", tt.gross, tt.rate, got, tt.tax)
		}
	}
	if got := Percent(15).Apply(1999); got != 300 { // 299.85
		t.Errorf("Apply = %d", got)
	}
	if got := Percent(15).Apply(-1999); got != -300 {
		t.Errorf("Apply neg = %d", got)
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		total   Amount
		weights []int64
		want    []Amount
	}{
		{100, []int64{1, 1, 1}, []Amount{34, 33, 33}},
		{-100, []int64{1, 1, 1}, []Amount{-34, -33, -33}},
		{999, []int64{1000, 2000}, []Amount{333, 666}},
		{10, []int64{0, 0}, []Amount{5, 5}},
		{7, nil, []Amount{}},
	}
	for _, tt := range tests {
		got := Allocate(tt.total, tt.weights)
		if len(got) != len(tt.want) {
			t.Fatalf("Allocate len %d", len(got))
		}
		var sum Amount
		for i := range got {
			sum += got[i]
			if got[i] != tt.want[i] {
				t.Errorf("Allocate(%d,%v) = %v, want %v", tt.total, tt.weights, got, tt.want)
				break
			}
		}
		if len(got) > 0 && sum != tt.total {
			t.Errorf("parts %v do not add to %d", got, tt.total)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "12.34", "-0.01", "1e5", "NaN", "", "1.999", "99999999999999999999", ".", "-."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of wrong type: %T", err)
			}
			return
		}
		// Whatever parses must round-trip through its canonical form.
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("round trip %q -> %s -> %d, %v", s, a, b, err)
		}
		if _, err := ParseJSON([]byte(a.String())); err != nil {
			t.Fatalf("ParseJSON(%s): %v", a, err)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`1.5`, `"2.50"`, `null`, `"`, `""`, `"\u0031"`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = ParseJSON(b) // must not panic
	})
}
