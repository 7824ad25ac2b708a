package netsuitesim

import (
	"math/big"
	"strings"
)

// Expression evaluation with SQL's three-valued logic: a comparison with
// NULL is unknown, and a WHERE keeps only rows whose condition is true.

func (q *query) cond(e expr, env [][]value) (bool, error) {
	v, err := q.eval(e, env)
	if err != nil {
		return false, err
	}
	b, known, err := truth(v)
	return b && known, err
}

func truth(v value) (bool, bool, error) {
	switch v.k {
	case vBool:
		return v.b, true, nil
	case vNull:
		return false, false, nil
	}
	return false, false, sqlErrf("a condition was expected, found the value %q", v.text())
}

func (q *query) eval(e expr, env [][]value) (value, error) {
	switch x := e.(type) {
	case boundCol:
		if x.ti >= len(env) || env[x.ti] == nil {
			return value{}, nil
		}
		return env[x.ti][x.ci], nil
	case litExpr:
		return x.v, nil
	case paramEx:
		return q.params[x.idx], nil
	case negEx:
		v, err := q.eval(x.e, env)
		if err != nil || v.isNull() {
			return value{}, err
		}
		r, ok := asNum(v)
		if !ok {
			return value{}, sqlErrf("cannot negate %q", v.text())
		}
		return numVal(new(big.Rat).Neg(r)), nil
	case notEx:
		v, err := q.eval(x.e, env)
		if err != nil {
			return value{}, err
		}
		b, known, err := truth(v)
		if err != nil || !known {
			return value{}, err
		}
		return boolVal(!b), nil
	case binEx:
		return q.evalBin(x, env)
	case isNullEx:
		v, err := q.eval(x.e, env)
		if err != nil {
			return value{}, err
		}
		return boolVal(v.isNull() != x.not), nil
	case likeEx:
		v, err := q.eval(x.e, env)
		if err != nil {
			return value{}, err
		}
		p, err := q.eval(x.pat, env)
		if err != nil || v.isNull() || p.isNull() {
			return value{}, err
		}
		return boolVal(likeMatch(v.text(), p.text()) != x.not), nil
	case inEx:
		v, err := q.eval(x.e, env)
		if err != nil || v.isNull() {
			return value{}, err
		}
		sawNull := false
		for _, it := range x.list {
			w, err := q.eval(it, env)
			if err != nil {
				return value{}, err
			}
			if c, ok := compare(v, w); ok && c == 0 {
				return boolVal(!x.not), nil
			}
			sawNull = sawNull || w.isNull()
		}
		if sawNull {
			return value{}, nil
		}
		return boolVal(x.not), nil
	case betweenEx:
		v, err := q.eval(x.e, env)
		if err != nil {
			return value{}, err
		}
		lo, err := q.eval(x.lo, env)
		if err != nil {
			return value{}, err
		}
		hi, err := q.eval(x.hi, env)
		if err != nil {
			return value{}, err
		}
		c1, ok1 := compare(v, lo)
		c2, ok2 := compare(v, hi)
		if !ok1 || !ok2 {
			return value{}, nil
		}
		return boolVal((c1 >= 0 && c2 <= 0) != x.not), nil
	case callEx:
		return q.call(x, env)
	}
	return value{}, sqlErrf("unsupported expression")
}

func (q *query) evalBin(x binEx, env [][]value) (value, error) {
	l, err := q.eval(x.l, env)
	if err != nil {
		return value{}, err
	}
	if x.op == "AND" || x.op == "OR" {
		lb, lk, err := truth(l)
		if err != nil {
			return value{}, err
		}
		if x.op == "AND" && lk && !lb {
			return boolVal(false), nil
		}
		if x.op == "OR" && lk && lb {
			return boolVal(true), nil
		}
		r, err := q.eval(x.r, env)
		if err != nil {
			return value{}, err
		}
		rb, rk, err := truth(r)
		if err != nil {
			return value{}, err
		}
		if x.op == "AND" {
			if rk && !rb {
				return boolVal(false), nil
			}
			if lk && rk {
				return boolVal(true), nil
			}
			return value{}, nil
		}
		if rk && rb {
			return boolVal(true), nil
		}
		if lk && rk {
			return boolVal(false), nil
		}
		return value{}, nil
	}
	r, err := q.eval(x.r, env)
	if err != nil {
		return value{}, err
	}
	switch x.op {
	case "||":
		return strVal(l.text() + r.text()), nil
	case "+", "-":
		if l.isNull() || r.isNull() {
			return value{}, nil
		}
		a, ok1 := asNum(l)
		b, ok2 := asNum(r)
		if !ok1 || !ok2 {
			return value{}, sqlErrf("arithmetic on non-numbers")
		}
		if x.op == "+" {
			return numVal(new(big.Rat).Add(a, b)), nil
		}
		return numVal(new(big.Rat).Sub(a, b)), nil
	}
	c, ok := compare(l, r)
	if !ok {
		return value{}, nil
	}
	var res bool
	switch x.op {
	case "=":
		res = c == 0
	case "<>":
		res = c != 0
	case "<":
		res = c < 0
	case "<=":
		res = c <= 0
	case ">":
		res = c > 0
	case ">=":
		res = c >= 0
	}
	return boolVal(res), nil
}

func asNum(v value) (*big.Rat, bool) {
	switch v.k {
	case vNum:
		return v.n, true
	case vStr:
		return parseRat(strings.TrimSpace(v.s))
	}
	return nil, false
}

func (q *query) call(x callEx, env [][]value) (value, error) {
	args := make([]value, len(x.args))
	for i, a := range x.args {
		v, err := q.eval(a, env)
		if err != nil {
			return value{}, err
		}
		args[i] = v
	}
	arity := func(lo, hi int) error {
		if len(args) < lo || len(args) > hi {
			return sqlErrf("wrong number of arguments to %s", strings.ToUpper(x.name))
		}
		return nil
	}
	switch x.name {
	case "to_char":
		if err := arity(1, 2); err != nil {
			return value{}, err
		}
		v := args[0]
		if v.isNull() {
			return value{}, nil
		}
		if v.k == vTime && len(args) == 2 {
			s, err := formatTime(v.t, args[1].text())
			return strVal(s), err
		}
		return strVal(v.text()), nil
	case "to_date", "to_timestamp":
		if err := arity(1, 2); err != nil {
			return value{}, err
		}
		v := args[0]
		switch {
		case v.isNull():
			return value{}, nil
		case v.k == vTime:
			return v, nil
		case len(args) == 2:
			t, err := parseTime(v.text(), args[1].text())
			if err != nil {
				return value{}, err
			}
			return timeVal(t), nil
		}
		t, ok := parseLooseTime(v.text())
		if !ok {
			return value{}, sqlErrf("%q is not a date", v.text())
		}
		return timeVal(t), nil
	case "builtin.df":
		if err := arity(1, 1); err != nil {
			return value{}, err
		}
		if args[0].disp != "" {
			return strVal(args[0].disp), nil
		}
		if args[0].isNull() {
			return value{}, nil
		}
		return strVal(args[0].text()), nil
	case "nvl", "coalesce":
		if x.name == "nvl" {
			if err := arity(2, 2); err != nil {
				return value{}, err
			}
		}
		for _, a := range args {
			if !a.isNull() {
				return a, nil
			}
		}
		return value{}, nil
	case "upper", "lower":
		if err := arity(1, 1); err != nil {
			return value{}, err
		}
		if args[0].isNull() {
			return value{}, nil
		}
		if x.name == "upper" {
			return strVal(strings.ToUpper(args[0].text())), nil
		}
		return strVal(strings.ToLower(args[0].text())), nil
	case "abs":
		if err := arity(1, 1); err != nil {
			return value{}, err
		}
		if args[0].isNull() {
			return value{}, nil
		}
		r, ok := asNum(args[0])
		if !ok {
			return value{}, sqlErrf("ABS of a non-number")
		}
		return numVal(new(big.Rat).Abs(r)), nil
	}
	return value{}, sqlErrf("Unknown identifier '%s'", strings.ToUpper(x.name))
}
