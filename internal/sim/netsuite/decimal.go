package netsuitesim

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
)

// Numbers stay exact in the simulator: JSON is decoded with UseNumber and
// arithmetic runs on big.Rat, so totals never pick up float error.

func toRat(v any) (*big.Rat, bool) {
	switch n := v.(type) {
	case json.Number:
		return parseRat(string(n))
	case string:
		return parseRat(strings.TrimSpace(n))
	case int:
		return new(big.Rat).SetInt64(int64(n)), true
	case int64:
		return new(big.Rat).SetInt64(n), true
	}
	return nil, false
}

func parseRat(s string) (*big.Rat, bool) {
	if s == "" || len(s) > 40 || strings.ContainsAny(s, "/eE") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// money2 rounds half away from zero to two decimals, as NetSuite rounds
// line amounts to the currency's precision.
func money2(r *big.Rat) string {
	neg := r.Sign() < 0
	a := new(big.Rat).Abs(r)
	a.Mul(a, big.NewRat(100, 1))
	a.Add(a, big.NewRat(1, 2))
	q := new(big.Int).Quo(a.Num(), a.Denom())
	s := q.String()
	for len(s) < 3 {
		s = "0" + s
	}
	out := s[:len(s)-2] + "." + s[len(s)-2:]
	if neg && q.Sign() != 0 {
		out = "-" + out
	}
	return out
}

// plain prints a number without trailing zeros ("3", "12.5", "0.125"),
// the way SuiteQL prints numeric columns.
func plain(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(10)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func moneyNumber(r *big.Rat) json.Number { return json.Number(money2(r)) }

func intNumber(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// wholeNumber reads a quantity that must be a whole number.
func wholeNumber(v any) (int64, bool) {
	r, ok := toRat(v)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

func numberOf(s string) json.Number { return json.Number(s) }
