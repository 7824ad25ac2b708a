package netsuitesim

import (
	"sort"
	"strings"
)

// table is a SuiteQL table materialised from the store for one query.
type table struct {
	name string
	cols []string
	idx  map[string]int
	rows [][]value
}

func newTable(name string, cols ...string) *table {
	t := &table{name: name, cols: cols, idx: make(map[string]int, len(cols))}
	for i, c := range cols {
		t.idx[c] = i
	}
	return t
}

func (t *table) add(cells map[string]value) {
	row := make([]value, len(t.cols))
	for k, v := range cells {
		if i, ok := t.idx[k]; ok {
			row[i] = v
		}
	}
	t.rows = append(t.rows, row)
}

type boundCol struct{ ti, ci int }

// outRef is an ORDER BY item naming a select-list column.
type outRef struct{ i int }

type query struct {
	st     *selectStmt
	tables []*table
	alias  map[string]int
	params []value
	out    []string // output column names
	proj   []expr   // bound select expressions, one per output column
	order  []expr
}

// compile binds column names to tables; tableFor materialises a table by
// its (lower-case) name.
func compile(st *selectStmt, params []value, tableFor func(string) (*table, error)) (*query, error) {
	if len(params) != st.params {
		return nil, sqlErrf("the query has %d parameters but %d values were bound", st.params, len(params))
	}
	q := &query{st: st, alias: map[string]int{}, params: params}
	refs := append([]tableRef{st.from}, func() []tableRef {
		var out []tableRef
		for _, j := range st.joins {
			out = append(out, j.table)
		}
		return out
	}()...)
	for i, tr := range refs {
		t, err := tableFor(tr.name)
		if err != nil {
			return nil, err
		}
		if _, dup := q.alias[tr.alias]; dup {
			return nil, sqlErrf("table alias %s is used twice", tr.alias)
		}
		q.alias[tr.alias] = i
		q.tables = append(q.tables, t)
	}
	var err error
	for i := range st.joins {
		if st.joins[i].on, err = q.bind(st.joins[i].on); err != nil {
			return nil, err
		}
	}
	if st.where != nil {
		if st.where, err = q.bind(st.where); err != nil {
			return nil, err
		}
	}
	for i, c := range st.cols {
		switch {
		case c.star == "*":
			for ti, t := range q.tables {
				for ci, name := range t.cols {
					q.out = append(q.out, name)
					q.proj = append(q.proj, boundCol{ti, ci})
				}
			}
		case c.star != "":
			ti, ok := q.alias[c.star]
			if !ok {
				return nil, sqlErrf("unknown table alias %s", c.star)
			}
			for ci, name := range q.tables[ti].cols {
				q.out = append(q.out, name)
				q.proj = append(q.proj, boundCol{ti, ci})
			}
		default:
			e, err := q.bind(c.e)
			if err != nil {
				return nil, err
			}
			name := c.alias
			if name == "" {
				if cr, ok := c.e.(colRef); ok {
					name = cr.name
				} else {
					name = "expr" + itoa(i+1)
				}
			}
			q.out = append(q.out, name)
			q.proj = append(q.proj, e)
		}
	}
	for _, o := range st.order {
		if cr, ok := o.e.(colRef); ok && cr.qual == "" {
			if i := indexOf(q.out, cr.name); i >= 0 {
				q.order = append(q.order, outRef{i})
				continue
			}
		}
		if l, ok := o.e.(litExpr); ok && l.v.k == vNum {
			n, ok := wholeNumber(numberOf(plain(l.v.n)))
			if !ok || n < 1 || int(n) > len(q.out) {
				return nil, sqlErrf("ORDER BY position %s is out of range", plain(l.v.n))
			}
			q.order = append(q.order, outRef{int(n) - 1})
			continue
		}
		e, err := q.bind(o.e)
		if err != nil {
			return nil, err
		}
		q.order = append(q.order, e)
	}
	return q, nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// bind replaces column names with table/column positions.
func (q *query) bind(e expr) (expr, error) {
	var err error
	switch x := e.(type) {
	case colRef:
		return q.resolve(x)
	case binEx:
		if x.l, err = q.bind(x.l); err != nil {
			return nil, err
		}
		x.r, err = q.bind(x.r)
		return x, err
	case notEx:
		x.e, err = q.bind(x.e)
		return x, err
	case negEx:
		x.e, err = q.bind(x.e)
		return x, err
	case isNullEx:
		x.e, err = q.bind(x.e)
		return x, err
	case likeEx:
		if x.e, err = q.bind(x.e); err != nil {
			return nil, err
		}
		x.pat, err = q.bind(x.pat)
		return x, err
	case betweenEx:
		if x.e, err = q.bind(x.e); err != nil {
			return nil, err
		}
		if x.lo, err = q.bind(x.lo); err != nil {
			return nil, err
		}
		x.hi, err = q.bind(x.hi)
		return x, err
	case inEx:
		if x.e, err = q.bind(x.e); err != nil {
			return nil, err
		}
		if x.list, err = q.bindAll(x.list); err != nil {
			return nil, err
		}
		return x, nil
	case callEx:
		if !knownFunc[x.name] {
			if aggregateFunc[x.name] {
				return nil, sqlErrf("aggregate function %s is not supported by the simulator", strings.ToUpper(x.name))
			}
			return nil, sqlErrf("Unknown identifier '%s'", strings.ToUpper(x.name))
		}
		if x.args, err = q.bindAll(x.args); err != nil {
			return nil, err
		}
		return x, nil
	}
	return e, nil
}

func (q *query) bindAll(list []expr) ([]expr, error) {
	out := make([]expr, len(list))
	for i, e := range list {
		var err error
		if out[i], err = q.bind(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (q *query) resolve(c colRef) (expr, error) {
	if c.qual != "" {
		ti, ok := q.alias[c.qual]
		if !ok {
			return nil, sqlErrf("Unknown identifier '%s.%s'", c.qual, c.name)
		}
		ci, ok := q.tables[ti].idx[c.name]
		if !ok {
			return nil, sqlErrf("Field '%s' for record '%s' was not found.", c.name, q.tables[ti].name)
		}
		return boundCol{ti, ci}, nil
	}
	found := -1
	var col int
	for ti, t := range q.tables {
		if ci, ok := t.idx[c.name]; ok {
			if found >= 0 {
				return nil, sqlErrf("column %s is ambiguous", c.name)
			}
			found, col = ti, ci
		}
	}
	if found < 0 {
		return nil, sqlErrf("Unknown identifier '%s'", c.name)
	}
	return boundCol{found, col}, nil
}

var knownFunc = map[string]bool{
	"to_char": true, "to_date": true, "to_timestamp": true, "builtin.df": true,
	"nvl": true, "coalesce": true, "upper": true, "lower": true, "abs": true,
}

var aggregateFunc = map[string]bool{"count": true, "sum": true, "min": true, "max": true, "avg": true, "listagg": true}

const maxJoinRows = 100_000

type resultRow struct {
	out  []value
	keys []value
}

// run executes the query: joins (hash joins on equality where possible),
// filter, projection, ordering, DISTINCT and FETCH FIRST.
func (q *query) run() ([]resultRow, error) {
	envs := make([][][]value, 0, len(q.tables[0].rows))
	for _, r := range q.tables[0].rows {
		envs = append(envs, [][]value{r})
	}
	for k, j := range q.st.joins {
		var err error
		if envs, err = q.join(envs, k+1, j); err != nil {
			return nil, err
		}
	}
	var rows []resultRow
	for _, env := range envs {
		if q.st.where != nil {
			ok, err := q.cond(q.st.where, env)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		rr := resultRow{out: make([]value, len(q.proj))}
		for i, e := range q.proj {
			v, err := q.eval(e, env)
			if err != nil {
				return nil, err
			}
			rr.out[i] = v
		}
		for _, e := range q.order {
			if o, ok := e.(outRef); ok {
				rr.keys = append(rr.keys, rr.out[o.i])
				continue
			}
			v, err := q.eval(e, env)
			if err != nil {
				return nil, err
			}
			rr.keys = append(rr.keys, v)
		}
		rows = append(rows, rr)
	}
	if len(q.order) > 0 {
		sort.SliceStable(rows, func(a, b int) bool {
			for i, o := range q.st.order {
				c := orderCmp(rows[a].keys[i], rows[b].keys[i])
				if o.desc {
					c = -c
				}
				if c != 0 {
					return c < 0
				}
			}
			return false
		})
	}
	if q.st.distinct {
		seen := map[string]bool{}
		kept := rows[:0]
		for _, r := range rows {
			var b strings.Builder
			for _, v := range r.out {
				b.WriteString(v.hashKey())
				b.WriteByte(0)
			}
			if !seen[b.String()] {
				seen[b.String()] = true
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	if q.st.fetch > 0 && len(rows) > q.st.fetch {
		rows = rows[:q.st.fetch]
	}
	return rows, nil
}

// orderCmp sorts NULLs last, as Oracle does for ascending order.
func orderCmp(a, b value) int {
	switch {
	case a.isNull() && b.isNull():
		return 0
	case a.isNull():
		return 1
	case b.isNull():
		return -1
	}
	c, _ := compare(a, b)
	return c
}

func (q *query) join(envs [][][]value, k int, j joinClause) ([][][]value, error) {
	t := q.tables[k]
	probe, key := q.hashable(j.on, k)
	var index map[string][][]value
	if probe != nil {
		index = map[string][][]value{}
		for _, r := range t.rows {
			v := r[key]
			if !v.isNull() {
				index[v.hashKey()] = append(index[v.hashKey()], r)
			}
		}
	}
	var out [][][]value
	for _, env := range envs {
		cands := t.rows
		if probe != nil {
			v, err := q.eval(probe, env)
			if err != nil {
				return nil, err
			}
			cands = nil
			if !v.isNull() {
				cands = index[v.hashKey()]
			}
		}
		matched := false
		for _, r := range cands {
			if len(out) >= maxJoinRows {
				// Real NetSuite times such a query out; refusing early keeps
				// the simulator responsive.
				return nil, sqlErrf("the query joins more than %d rows; add join conditions", maxJoinRows)
			}
			next := append(append(make([][]value, 0, k+1), env...), r)
			ok, err := q.cond(j.on, next)
			if err != nil {
				return nil, err
			}
			if ok {
				matched = true
				out = append(out, next)
			}
		}
		if !matched && j.left {
			out = append(out, append(append(make([][]value, 0, k+1), env...), nil))
		}
	}
	return out, nil
}

// hashable finds an "a = b" conjunct in ON where one side is a column of
// the joined table k and the other uses only earlier tables.
func (q *query) hashable(on expr, k int) (expr, int) {
	b, ok := on.(binEx)
	if !ok {
		return nil, 0
	}
	if b.op == "AND" {
		if p, c := q.hashable(b.l, k); p != nil {
			return p, c
		}
		return q.hashable(b.r, k)
	}
	if b.op != "=" {
		return nil, 0
	}
	if c, ok := b.l.(boundCol); ok && c.ti == k && maxTable(b.r) < k {
		return b.r, c.ci
	}
	if c, ok := b.r.(boundCol); ok && c.ti == k && maxTable(b.l) < k {
		return b.l, c.ci
	}
	return nil, 0
}

// maxTable is the highest table an expression reads (-1 for none).
func maxTable(e expr) int {
	switch x := e.(type) {
	case boundCol:
		return x.ti
	case binEx:
		return max(maxTable(x.l), maxTable(x.r))
	case callEx:
		m := -1
		for _, a := range x.args {
			m = max(m, maxTable(a))
		}
		return m
	case negEx:
		return maxTable(x.e)
	case litExpr, paramEx:
		return -1
	}
	return 1 << 30 // anything else: do not hash
}
