package netsuite

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Quantity is a whole count of units. NetSuite prints quantities as JSON
// numbers that may carry a ".0" (and SuiteQL as strings), so reading
// accepts 2, 2.0 and "2"; a real fraction is an error rather than being
// rounded silently.
type Quantity int

// UnmarshalJSON reads a whole number in any of NetSuite's spellings.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" || s == `""` {
		*q = 0
		return nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		u, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("netsuite: bad quantity %s", s)
		}
		s = strings.TrimSpace(u)
	}
	n, err := parseWhole(s)
	if err != nil {
		return err
	}
	*q = Quantity(n)
	return nil
}

func parseWhole(s string) (int, error) {
	if n, err := strconv.ParseInt(s, 10, 32); err == nil {
		return int(n), nil
	}
	whole, frac, ok := strings.Cut(s, ".")
	if ok && frac != "" && strings.Trim(frac, "0") == "" {
		if n, err := strconv.ParseInt(whole, 10, 32); err == nil && n <= math.MaxInt32 {
			return int(n), nil
		}
	}
	if len(s) > 30 {
		s = s[:30] + "..."
	}
	return 0, fmt.Errorf("netsuite: quantity %q is not a whole number", s)
}
