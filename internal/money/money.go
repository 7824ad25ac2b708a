// Package money holds amounts as integer minor units (pence) and converts them
// to and from the decimal text the marketplace and the ERP exchange.
//
// Nothing here goes through binary floating point: a JSON number such as 19.99 is read from
// its literal bytes, so 0.1+0.2 problems cannot reach a journal.
package money

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Amount is a signed quantity of minor currency units (pence for GBP).
type Amount int64

// Scale is the number of minor units in one major unit. Every currency jlsync
// handles today (GBP, EUR) has two decimals; the marketplace is refused
// elsewhere when it reports another currency.
const Scale = 100

// Sentinel reasons carried by ParseError, so callers can branch on the cause.
var (
	ErrEmpty     = errors.New("empty amount")
	ErrSyntax    = errors.New("not a decimal number")
	ErrPrecision = errors.New("more than 2 decimal places")
	ErrExponent  = errors.New("exponent notation is not accepted")
	ErrNaN       = errors.New("not a number")
	ErrOverflow  = errors.New("amount out of range")
)

// ParseError says which input could not be read and why.
type ParseError struct {
	Input  string
	Reason error
}

func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > 40 {
		in = in[:40] + "..."
	}
	return fmt.Sprintf("money: cannot parse %q: %v", in, e.Reason)
}

func (e *ParseError) Unwrap() error { return e.Reason }

func parseErr(s string, reason error) error { return &ParseError{Input: s, Reason: reason} }

// FromMinor builds an amount from minor units.
func FromMinor(minor int64) Amount { return Amount(minor) }

// Minor returns the amount in minor units.
func (a Amount) Minor() int64 { return int64(a) }

// Parse reads a decimal string such as "12.34", "-0.5" or "7". Trailing zeros
// beyond the second decimal are exact and accepted ("1.500"); any other third
// decimal is refused rather than rounded, because rounding would hide a
// pricing error upstream.
func Parse(s string) (Amount, error) {
	if s == "" {
		return 0, parseErr(s, ErrEmpty)
	}
	body := s
	neg := false
	switch body[0] {
	case '-':
		neg = true
		body = body[1:]
	case '+':
		body = body[1:]
	}
	if body == "" {
		return 0, parseErr(s, ErrSyntax)
	}
	lower := strings.ToLower(body)
	switch lower {
	case "nan", "inf", "infinity":
		return 0, parseErr(s, ErrNaN)
	}
	intPart, fracPart, hasDot := strings.Cut(body, ".")
	if hasDot && strings.ContainsRune(fracPart, '.') {
		return 0, parseErr(s, ErrSyntax)
	}
	if intPart == "" && fracPart == "" {
		return 0, parseErr(s, ErrSyntax)
	}
	if strings.ContainsAny(body, "eE") {
		return 0, parseErr(s, ErrExponent)
	}
	for _, part := range []string{intPart, fracPart} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, parseErr(s, ErrSyntax)
			}
		}
	}
	if hasDot && fracPart == "" {
		return 0, parseErr(s, ErrSyntax)
	}
	// Exact trailing zeros carry no value; anything else past two places does.
	trimmed := strings.TrimRight(fracPart, "0")
	if len(trimmed) > 2 {
		return 0, parseErr(s, ErrPrecision)
	}
	frac := trimmed + strings.Repeat("0", 2-len(trimmed))
	intPart = strings.TrimLeft(intPart, "0")
	var major uint64
	if intPart != "" {
		if len(intPart) > 19 {
			return 0, parseErr(s, ErrOverflow)
		}
		v, err := strconv.ParseUint(intPart, 10, 64)
		if err != nil {
			return 0, parseErr(s, ErrOverflow)
		}
		major = v
	}
	minorFrac, _ := strconv.ParseUint(frac, 10, 64)
	hi, lo := bits.Mul64(major, Scale)
	if hi != 0 {
		return 0, parseErr(s, ErrOverflow)
	}
	total, carry := bits.Add64(lo, minorFrac, 0)
	if carry != 0 || total > math.MaxInt64 {
		return 0, parseErr(s, ErrOverflow)
	}
	if neg {
		return Amount(-int64(total)), nil
	}
	return Amount(int64(total)), nil
}

// MustParse is Parse for constants in tests and tables; it panics on bad input.
func MustParse(s string) Amount {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// ParseJSON reads a JSON value holding an amount: a number literal (as Mirakl
// sends them), a string (as NetSuite's SuiteQL does), or null (zero).
func ParseJSON(b []byte) (Amount, error) {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		return 0, nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		unq, err := strconv.Unquote(s)
		if err != nil {
			return 0, parseErr(s, ErrSyntax)
		}
		return Parse(strings.TrimSpace(unq))
	}
	if s == "" {
		return 0, parseErr(s, ErrEmpty)
	}
	return Parse(s)
}

// String formats the amount with two decimals and no grouping: "-12.05".
func (a Amount) String() string {
	v := int64(a)
	sign := ""
	var u uint64
	if v < 0 {
		sign = "-"
		u = uint64(-(v + 1)) + 1 // safe for MinInt64
	} else {
		u = uint64(v)
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/Scale, u%Scale)
}

// Format renders the amount for people: "£1,234.50" for GBP, with the ISO code
// as a prefix for other currencies.
func (a Amount) Format(currency string) string {
	s := a.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	sym := currency + " "
	switch currency {
	case "GBP", "":
		sym = "£"
	case "EUR":
		sym = "€"
	}
	return sign + sym + b.String() + "." + frac
}

// MarshalJSON writes a JSON number with exactly two decimals.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON accepts a JSON number, a numeric string or null.
func (a *Amount) UnmarshalJSON(b []byte) error {
	v, err := ParseJSON(b)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Neg returns -a.
func (a Amount) Neg() Amount { return -a }

// Abs returns |a|.
func (a Amount) Abs() Amount {
	if a < 0 {
		return -a
	}
	return a
}

// Sum adds amounts.
func Sum(as ...Amount) Amount {
	var t Amount
	for _, a := range as {
		t += a
	}
	return t
}

// Mul multiplies a unit amount by a whole quantity.
func (a Amount) Mul(qty int64) Amount { return a * Amount(qty) }
