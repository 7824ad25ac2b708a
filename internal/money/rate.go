package money

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Rate is a percentage held in millionths of one percent-point fraction:
// 20% is 200_000, 12.5% is 125_000. Six decimal places cover every VAT and
// commission rate a marketplace publishes, without floats.
type Rate int64

// RateScale is the Rate for 100%.
const RateScale = 1_000_000

// ParsePercent reads "20", "12.5" or "0.125" as a percentage (20%, 12.5%,
// 0.125%). Up to four decimal places of a percent are kept exactly.
func ParsePercent(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "eE") {
		return 0, &ParseError{Input: s, Reason: ErrExponent}
	}
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 4 {
		return 0, &ParseError{Input: s, Reason: ErrPrecision}
	}
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	if intPart == "" {
		intPart = "0"
	}
	i, err := strconv.ParseInt(intPart, 10, 32)
	if err != nil {
		return 0, &ParseError{Input: s, Reason: ErrSyntax}
	}
	f := int64(0)
	if frac != "" {
		f, err = strconv.ParseInt(frac+strings.Repeat("0", 4-len(frac)), 10, 64)
		if err != nil {
			return 0, &ParseError{Input: s, Reason: ErrSyntax}
		}
	}
	r := Rate(i*10_000 + f)
	if neg {
		r = -r
	}
	return r, nil
}

// Percent builds a rate from whole percent points.
func Percent(p int64) Rate { return Rate(p * 10_000) }

// String renders the rate as a percentage without trailing zeros: "12.5%".
func (r Rate) String() string {
	v := int64(r)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	s := fmt.Sprintf("%d.%04d", v/10_000, v%10_000)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return sign + s + "%"
}

// MarshalJSON writes the percentage as a JSON number ("20.5").
func (r Rate) MarshalJSON() ([]byte, error) {
	return []byte(strings.TrimSuffix(r.String(), "%")), nil
}

// UnmarshalJSON reads a JSON number or string percentage.
func (r *Rate) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "null" || s == "" {
		*r = 0
		return nil
	}
	v, err := ParsePercent(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// divRound divides n by d rounding half away from zero.
func divRound(n, d *big.Int) int64 {
	q, m := new(big.Int).QuoRem(n, d, new(big.Int))
	m2 := new(big.Int).Abs(m)
	m2.Mul(m2, big.NewInt(2))
	if m2.Cmp(new(big.Int).Abs(d)) >= 0 {
		if (n.Sign() < 0) != (d.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// Apply returns a*r rounded to the penny, half away from zero.
func (r Rate) Apply(a Amount) Amount {
	n := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(r)))
	return Amount(divRound(n, big.NewInt(RateScale)))
}

// TaxFromGross returns the tax inside a tax-inclusive amount at rate r,
// rounded to the penny: gross*r/(1+r).
func TaxFromGross(gross Amount, r Rate) Amount {
	n := new(big.Int).Mul(big.NewInt(int64(gross)), big.NewInt(int64(r)))
	return Amount(divRound(n, big.NewInt(RateScale+int64(r))))
}

// Allocate splits total across weights in proportion, to the penny, so the
// parts always add up to total (largest remainder goes first). A zero weight
// sum splits evenly.
func Allocate(total Amount, weights []int64) []Amount {
	out := make([]Amount, len(weights))
	if len(weights) == 0 {
		return out
	}
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if sum == 0 {
		weights = make([]int64, len(out))
		for i := range weights {
			weights[i] = 1
		}
		sum = int64(len(out))
	}
	type rem struct {
		i int
		r int64
	}
	rems := make([]rem, len(weights))
	var given Amount
	for i, w := range weights {
		n := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(w))
		q, m := new(big.Int).QuoRem(n, big.NewInt(sum), new(big.Int))
		out[i] = Amount(q.Int64())
		given += out[i]
		rems[i] = rem{i, new(big.Int).Abs(m).Int64()}
	}
	left := total - given
	step := Amount(1)
	if left < 0 {
		step = -1
	}
	// Stable: biggest remainder first, then lowest index.
	for left != 0 {
		best := -1
		for j, rm := range rems {
			if rm.r >= 0 && (best < 0 || rm.r > rems[best].r) {
				best = j
			}
		}
		if best < 0 {
			break
		}
		out[rems[best].i] += step
		left -= step
		rems[best].r = -1
	}
	return out
}
