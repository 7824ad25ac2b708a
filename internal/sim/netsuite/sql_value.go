package netsuitesim

import (
	"math/big"
	"strings"
	"time"
)

type vkind int

const (
	vNull vkind = iota
	vStr
	vNum
	vTime
	vBool
)

// value is one SuiteQL cell. disp is the display text BUILTIN.DF returns
// for references; date marks date-only columns.
type value struct {
	k    vkind
	s    string
	n    *big.Rat
	t    time.Time
	b    bool
	date bool
	disp string
}

func strVal(s string) value             { return value{k: vStr, s: s} }
func numVal(r *big.Rat) value           { return value{k: vNum, n: r} }
func timeVal(t time.Time) value         { return value{k: vTime, t: t} }
func boolVal(b bool) value              { return value{k: vBool, b: b} }
func refVal(id, disp string) value      { v := idVal(id); v.disp = disp; return v }
func dateVal(t time.Time) value         { return value{k: vTime, t: t, date: true} }
func intVal(n int64) value              { return numVal(new(big.Rat).SetInt64(n)) }
func (v value) isNull() bool            { return v.k == vNull }
func (v value) withDisp(d string) value { v.disp = d; return v }

func flagVal(b bool) value {
	if b {
		return strVal("T")
	}
	return strVal("F")
}

// optStr is NULL for an empty string: SuiteQL leaves empty fields out.
func optStr(s string) value {
	if s == "" {
		return value{}
	}
	return strVal(s)
}

func ratOrNull(v any) value {
	if r, ok := toRat(v); ok {
		return numVal(r)
	}
	return value{}
}

// idVal makes a numeric id cell; non-numeric ids stay text.
func idVal(id string) value {
	if id == "" {
		return value{}
	}
	if r, ok := parseRat(id); ok {
		return numVal(r)
	}
	return strVal(id)
}

// text is how SuiteQL prints the value in a result row. Dates and
// datetimes print as M/D/YYYY (the default date-format preference) unless
// the query formats them with TO_CHAR, as NetSuite does.
func (v value) text() string {
	switch v.k {
	case vStr:
		return v.s
	case vNum:
		return plain(v.n)
	case vTime:
		t := v.t.UTC()
		return itoa(int(t.Month())) + "/" + itoa(t.Day()) + "/" + itoa(t.Year())
	case vBool:
		if v.b {
			return "T"
		}
		return "F"
	}
	return ""
}

// hashKey makes equal values (after SuiteQL's coercions) share a key.
func (v value) hashKey() string {
	switch v.k {
	case vNum:
		return "n:" + plain(v.n)
	case vStr:
		if r, ok := parseRat(strings.TrimSpace(v.s)); ok {
			return "n:" + plain(r)
		}
		return "s:" + v.s
	case vTime:
		return "t:" + v.t.UTC().Format(time.RFC3339Nano)
	case vBool:
		return v.text()
	}
	return ""
}

// compare orders two non-null values with SuiteQL's implicit conversions:
// numbers with numeric strings, timestamps with date strings. ok is false
// when either side is NULL or the two cannot be compared.
func compare(a, b value) (int, bool) {
	if a.isNull() || b.isNull() {
		return 0, false
	}
	switch {
	case a.k == vNum && b.k == vNum:
		return a.n.Cmp(b.n), true
	case a.k == vTime && b.k == vTime:
		return a.t.Compare(b.t), true
	case a.k == vNum && b.k == vStr:
		if r, ok := parseRat(strings.TrimSpace(b.s)); ok {
			return a.n.Cmp(r), true
		}
	case a.k == vStr && b.k == vNum:
		c, ok := compare(b, a)
		return -c, ok
	case a.k == vTime && b.k == vStr:
		if t, ok := parseLooseTime(b.s); ok {
			return a.t.Compare(t), true
		}
		return 0, false
	case a.k == vStr && b.k == vTime:
		c, ok := compare(b, a)
		return -c, ok
	}
	return strings.Compare(a.text(), b.text()), true
}

func parseLooseTime(s string) (time.Time, bool) {
	for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02", "1/2/2006", "1/2/2006 3:04 pm"} {
		if t, err := time.ParseInLocation(l, strings.TrimSpace(s), time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// likeMatch implements LIKE with % and _ (case-sensitive, as in Oracle).
// It backtracks only to the last %, so it runs in O(len(s)*len(pat)).
func likeMatch(s, pat string) bool {
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pat) && (pat[pi] == '_' || pat[pi] == s[si]) && pat[pi] != '%':
			si++
			pi++
		case pi < len(pat) && pat[pi] == '%':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi] == '%' {
		pi++
	}
	return pi == len(pat)
}
