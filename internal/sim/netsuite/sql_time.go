package netsuitesim

import (
	"strconv"
	"strings"
	"time"
)

// Oracle datetime format models, as TO_CHAR / TO_DATE / TO_TIMESTAMP take
// them: YYYY MM DD HH24 HH12 HH MI SS AM PM, "quoted text", and
// punctuation. Implemented directly rather than mapped onto Go layouts,
// because a literal such as "T" or a digit would be misread by time.Parse.

type fmtPart struct {
	field string // "" for literal
	lit   string
}

func parseFormat(f string) ([]fmtPart, error) {
	var out []fmtPart
	up := strings.ToUpper(f)
	for i := 0; i < len(f); {
		switch {
		case f[i] == '"':
			j := strings.IndexByte(f[i+1:], '"')
			if j < 0 {
				return nil, sqlErrf("unterminated literal in date format %q", f)
			}
			out = append(out, fmtPart{lit: f[i+1 : i+1+j]})
			i += j + 2
		case strings.ContainsRune("-/:,. ;", rune(f[i])):
			out = append(out, fmtPart{lit: f[i : i+1]})
			i++
		default:
			matched := false
			for _, tok := range []string{"YYYY", "HH24", "HH12", "MM", "DD", "HH", "MI", "SS", "AM", "PM"} {
				if strings.HasPrefix(up[i:], tok) {
					out = append(out, fmtPart{field: tok})
					i += len(tok)
					matched = true
					break
				}
			}
			if !matched {
				return nil, sqlErrf("date format %q: unsupported element at %d", f, i)
			}
		}
	}
	return out, nil
}

func formatTime(t time.Time, f string) (string, error) {
	parts, err := parseFormat(f)
	if err != nil {
		return "", err
	}
	t = t.UTC()
	pad := func(n, w int) string {
		s := strconv.Itoa(n)
		for len(s) < w {
			s = "0" + s
		}
		return s
	}
	var b strings.Builder
	for _, p := range parts {
		switch p.field {
		case "":
			b.WriteString(p.lit)
		case "YYYY":
			b.WriteString(pad(t.Year(), 4))
		case "MM":
			b.WriteString(pad(int(t.Month()), 2))
		case "DD":
			b.WriteString(pad(t.Day(), 2))
		case "HH24":
			b.WriteString(pad(t.Hour(), 2))
		case "HH", "HH12":
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			b.WriteString(pad(h, 2))
		case "MI":
			b.WriteString(pad(t.Minute(), 2))
		case "SS":
			b.WriteString(pad(t.Second(), 2))
		case "AM", "PM":
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		}
	}
	return b.String(), nil
}

// parseTime reads s with an Oracle format model, as UTC.
func parseTime(s, f string) (time.Time, error) {
	parts, err := parseFormat(f)
	if err != nil {
		return time.Time{}, err
	}
	bad := func() (time.Time, error) {
		return time.Time{}, sqlErrf("%q does not match date format %q", s, f)
	}
	year, month, day, hour, minute, sec := 1, 1, 1, 0, 0, 0
	pm, has12 := false, false
	i := 0
	num := func(max int) (int, bool) {
		j := i
		for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		// A year takes all four digits; the other fields may drop a
		// leading zero, as Oracle allows.
		if j == i || (max == 4 && j-i != 4) {
			return 0, false
		}
		n, _ := strconv.Atoi(s[i:j])
		i = j
		return n, true
	}
	for _, p := range parts {
		var ok bool
		switch p.field {
		case "":
			if !strings.HasPrefix(s[i:], p.lit) {
				return bad()
			}
			i += len(p.lit)
			ok = true
		case "YYYY":
			year, ok = num(4)
		case "MM":
			month, ok = num(2)
		case "DD":
			day, ok = num(2)
		case "HH24":
			hour, ok = num(2)
		case "HH", "HH12":
			hour, ok = num(2)
			has12 = true
		case "MI":
			minute, ok = num(2)
		case "SS":
			sec, ok = num(2)
		case "AM", "PM":
			if i+2 <= len(s) {
				m := strings.ToUpper(s[i : i+2])
				ok = m == "AM" || m == "PM"
				pm = m == "PM"
				i += 2
			}
		}
		if !ok {
			return bad()
		}
	}
	if i != len(s) {
		return bad()
	}
	if has12 {
		if hour < 1 || hour > 12 {
			return bad()
		}
		hour %= 12
		if pm {
			hour += 12
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day || hour > 23 || minute > 59 || sec > 59 {
		return bad()
	}
	return t, nil
}
