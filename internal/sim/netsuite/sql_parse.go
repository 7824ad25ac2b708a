package netsuitesim

import (
	"slices"
	"strings"
)

// AST of the supported SELECT.
type selectStmt struct {
	distinct bool
	cols     []selCol
	from     tableRef
	joins    []joinClause
	where    expr
	order    []orderItem
	fetch    int // FETCH FIRST n ROWS ONLY; 0 = all
	params   int // number of "?" placeholders
}

type selCol struct {
	e     expr
	alias string
	star  string // "*" for all columns, "t" for t.*
}

type tableRef struct{ name, alias string }

type joinClause struct {
	left  bool
	table tableRef
	on    expr
}

type orderItem struct {
	e    expr
	desc bool
}

type expr interface{}

type (
	colRef  struct{ qual, name string }
	litExpr struct{ v value }
	paramEx struct{ idx int }
	callEx  struct {
		name string
		args []expr
	}
	binEx struct {
		op   string
		l, r expr
	}
	notEx    struct{ e expr }
	isNullEx struct {
		e   expr
		not bool
	}
	inEx struct {
		e    expr
		list []expr
		not  bool
	}
	likeEx struct {
		e, pat expr
		not    bool
	}
	betweenEx struct {
		e, lo, hi expr
		not       bool
	}
	negEx struct{ e expr }
)

var reserved = map[string]bool{
	"SELECT": true, "DISTINCT": true, "FROM": true, "WHERE": true, "AND": true, "OR": true, "NOT": true,
	"JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "FULL": true, "OUTER": true, "ON": true, "AS": true,
	"ORDER": true, "BY": true, "ASC": true, "DESC": true, "IN": true, "IS": true, "NULL": true, "LIKE": true,
	"BETWEEN": true, "FETCH": true, "GROUP": true, "HAVING": true, "UNION": true, "NULLS": true, "CROSS": true,
}

type parser struct {
	toks   []token
	i      int
	params int
}

func parseSQL(q string) (*selectStmt, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	st, err := p.selectStmt()
	if err != nil {
		return nil, err
	}
	st.params = p.params
	return st, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) isKw(kw string) bool {
	t := p.peek()
	return t.kind == tIdent && strings.EqualFold(t.text, kw)
}

func (p *parser) acceptKw(kw string) bool {
	if p.isKw(kw) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectKw(kw string) error {
	if !p.acceptKw(kw) {
		return p.errExpected(kw)
	}
	return nil
}

func (p *parser) errExpected(what string) error {
	t := p.peek()
	got := t.text
	if t.kind == tEOF {
		got = "end of query"
	}
	return sqlErrf("expected %s at position %d, found %q", what, t.pos, got)
}

func (p *parser) selectStmt() (*selectStmt, error) {
	st := &selectStmt{}
	if err := p.expectKw("SELECT"); err != nil {
		return nil, err
	}
	st.distinct = p.acceptKw("DISTINCT")
	for {
		c, err := p.selCol()
		if err != nil {
			return nil, err
		}
		st.cols = append(st.cols, c)
		if p.peek().kind != tComma {
			break
		}
		p.next()
	}
	if err := p.expectKw("FROM"); err != nil {
		return nil, err
	}
	var err error
	if st.from, err = p.tableRef(); err != nil {
		return nil, err
	}
	for {
		left := false
		switch {
		case p.acceptKw("JOIN"):
		case p.isKw("INNER"):
			p.next()
			if err := p.expectKw("JOIN"); err != nil {
				return nil, err
			}
		case p.isKw("LEFT"):
			p.next()
			p.acceptKw("OUTER")
			if err := p.expectKw("JOIN"); err != nil {
				return nil, err
			}
			left = true
		case p.isKw("RIGHT") || p.isKw("FULL") || p.isKw("CROSS") || p.peek().kind == tComma:
			return nil, sqlErrf("only INNER and LEFT joins are supported by the simulator")
		default:
			goto joinsDone
		}
		tr, err := p.tableRef()
		if err != nil {
			return nil, err
		}
		if err := p.expectKw("ON"); err != nil {
			return nil, err
		}
		on, err := p.expr()
		if err != nil {
			return nil, err
		}
		st.joins = append(st.joins, joinClause{left: left, table: tr, on: on})
	}
joinsDone:
	if p.acceptKw("WHERE") {
		if st.where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.isKw("GROUP") || p.isKw("HAVING") || p.isKw("UNION") {
		return nil, sqlErrf("%s is not supported by the simulator", strings.ToUpper(p.peek().text))
	}
	if p.acceptKw("ORDER") {
		if err := p.expectKw("BY"); err != nil {
			return nil, err
		}
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			oi := orderItem{e: e}
			if p.acceptKw("DESC") {
				oi.desc = true
			} else {
				p.acceptKw("ASC")
			}
			st.order = append(st.order, oi)
			if p.peek().kind != tComma {
				break
			}
			p.next()
		}
	}
	if p.acceptKw("FETCH") {
		if !p.acceptKw("FIRST") && !p.acceptKw("NEXT") {
			return nil, p.errExpected("FIRST")
		}
		t := p.next()
		n, ok := wholeNumber(numberOf(t.text))
		if t.kind != tNumber || !ok || n <= 0 {
			return nil, sqlErrf("FETCH FIRST needs a positive row count")
		}
		st.fetch = int(n)
		if !p.acceptKw("ROWS") && !p.acceptKw("ROW") {
			return nil, p.errExpected("ROWS")
		}
		if err := p.expectKw("ONLY"); err != nil {
			return nil, err
		}
	}
	if p.peek().kind != tEOF {
		return nil, p.errExpected("end of query")
	}
	return st, nil
}

func (p *parser) selCol() (selCol, error) {
	if p.peek().kind == tStar {
		p.next()
		return selCol{star: "*"}, nil
	}
	if t := p.peek(); t.kind == tIdent && p.toks[p.i+1].kind == tDot && p.toks[min(p.i+2, len(p.toks)-1)].kind == tStar {
		p.i += 3
		return selCol{star: strings.ToLower(t.text)}, nil
	}
	e, err := p.expr()
	if err != nil {
		return selCol{}, err
	}
	c := selCol{e: e}
	if p.acceptKw("AS") {
		t := p.next()
		if t.kind != tIdent && t.kind != tQuotedIdent {
			return selCol{}, sqlErrf("expected an alias after AS at position %d", t.pos)
		}
		c.alias = strings.ToLower(t.text)
	} else if t := p.peek(); (t.kind == tIdent && !reserved[strings.ToUpper(t.text)]) || t.kind == tQuotedIdent {
		p.next()
		c.alias = strings.ToLower(t.text)
	}
	return c, nil
}

func (p *parser) tableRef() (tableRef, error) {
	t := p.next()
	if t.kind != tIdent || reserved[strings.ToUpper(t.text)] {
		return tableRef{}, sqlErrf("expected a table name at position %d", t.pos)
	}
	tr := tableRef{name: strings.ToLower(t.text)}
	p.acceptKw("AS")
	if a := p.peek(); a.kind == tIdent && !reserved[strings.ToUpper(a.text)] {
		p.next()
		tr.alias = strings.ToLower(a.text)
	}
	if tr.alias == "" {
		tr.alias = tr.name
	}
	return tr, nil
}

func (p *parser) expr() (expr, error) { return p.orExpr() }

func (p *parser) orExpr() (expr, error)  { return p.leftAssoc(p.andExpr, p.keywordOp("OR")) }
func (p *parser) andExpr() (expr, error) { return p.leftAssoc(p.notExpr, p.keywordOp("AND")) }

// leftAssoc parses operand (op operand)*, grouping to the left; op consumes
// and returns the next operator, or returns "" where the chain ends.
func (p *parser) leftAssoc(operand func() (expr, error), op func() string) (expr, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for o := op(); o != ""; o = op() {
		r, err := operand()
		if err != nil {
			return nil, err
		}
		l = binEx{o, l, r}
	}
	return l, nil
}

func (p *parser) keywordOp(kw string) func() string {
	return func() string {
		if p.acceptKw(kw) {
			return kw
		}
		return ""
	}
}

func (p *parser) symbolOp(ops ...string) func() string {
	return func() string {
		if t := p.peek(); t.kind == tOp && slices.Contains(ops, t.text) {
			p.next()
			return t.text
		}
		return ""
	}
}

func (p *parser) notExpr() (expr, error) {
	if p.acceptKw("NOT") {
		e, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		return notEx{e}, nil
	}
	return p.predicate()
}

func (p *parser) predicate() (expr, error) {
	l, err := p.concat()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tOp {
		switch t.text {
		case "=", "<>", "!=", "<", "<=", ">", ">=":
			p.next()
			r, err := p.concat()
			if err != nil {
				return nil, err
			}
			op := t.text
			if op == "!=" {
				op = "<>"
			}
			return binEx{op, l, r}, nil
		}
	}
	if p.acceptKw("IS") {
		not := p.acceptKw("NOT")
		if err := p.expectKw("NULL"); err != nil {
			return nil, err
		}
		return isNullEx{l, not}, nil
	}
	not := p.acceptKw("NOT")
	switch {
	case p.acceptKw("LIKE"):
		pat, err := p.concat()
		if err != nil {
			return nil, err
		}
		if p.isKw("ESCAPE") {
			return nil, sqlErrf("LIKE ... ESCAPE is not supported by the simulator")
		}
		return likeEx{l, pat, not}, nil
	case p.acceptKw("IN"):
		if p.next().kind != tLParen {
			return nil, sqlErrf("expected ( after IN")
		}
		list, err := p.listToRParen(p.concat, "IN list")
		if err != nil {
			return nil, err
		}
		return inEx{l, list, not}, nil
	case p.acceptKw("BETWEEN"):
		lo, err := p.concat()
		if err != nil {
			return nil, err
		}
		if err := p.expectKw("AND"); err != nil {
			return nil, err
		}
		hi, err := p.concat()
		if err != nil {
			return nil, err
		}
		return betweenEx{l, lo, hi, not}, nil
	}
	if not {
		return nil, p.errExpected("LIKE, IN or BETWEEN after NOT")
	}
	return l, nil
}

// listToRParen parses elem (, elem)* and the closing parenthesis; what
// names the list in the error for a bad separator.
func (p *parser) listToRParen(elem func() (expr, error), what string) ([]expr, error) {
	var list []expr
	for {
		e, err := elem()
		if err != nil {
			return nil, err
		}
		list = append(list, e)
		t := p.next()
		if t.kind == tRParen {
			return list, nil
		}
		if t.kind != tComma {
			return nil, sqlErrf("expected , or ) in %s at position %d", what, t.pos)
		}
	}
}

func (p *parser) concat() (expr, error)   { return p.leftAssoc(p.additive, p.symbolOp("||")) }
func (p *parser) additive() (expr, error) { return p.leftAssoc(p.unary, p.symbolOp("+", "-")) }

func (p *parser) unary() (expr, error) {
	if t := p.peek(); t.kind == tOp && t.text == "-" {
		p.next()
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return negEx{e}, nil
	}
	return p.primary()
}

func (p *parser) primary() (expr, error) {
	t := p.next()
	switch t.kind {
	case tString:
		return litExpr{strVal(t.text)}, nil
	case tNumber:
		r, ok := parseRat(t.text)
		if !ok {
			return nil, sqlErrf("bad number %q", t.text)
		}
		return litExpr{numVal(r)}, nil
	case tParam:
		p.params++
		return paramEx{p.params - 1}, nil
	case tLParen:
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.next().kind != tRParen {
			return nil, sqlErrf("expected ) at position %d", p.peek().pos)
		}
		return e, nil
	case tQuotedIdent:
		return colRef{name: strings.ToLower(t.text)}, nil
	case tIdent:
		up := strings.ToUpper(t.text)
		if up == "NULL" {
			return litExpr{value{}}, nil
		}
		if reserved[up] {
			return nil, sqlErrf("unexpected %s at position %d", up, t.pos)
		}
		name := strings.ToLower(t.text)
		qual := ""
		if p.peek().kind == tDot {
			p.next()
			n := p.next()
			if n.kind != tIdent && n.kind != tQuotedIdent {
				return nil, sqlErrf("expected a name after . at position %d", n.pos)
			}
			qual, name = name, strings.ToLower(n.text)
		}
		if p.peek().kind == tLParen {
			p.next()
			fn := name
			if qual != "" {
				fn = qual + "." + name
			}
			if p.peek().kind == tRParen {
				p.next()
				return callEx{fn, nil}, nil
			}
			args, err := p.listToRParen(p.expr, "call to "+strings.ToUpper(fn))
			if err != nil {
				return nil, err
			}
			return callEx{fn, args}, nil
		}
		return colRef{qual: qual, name: name}, nil
	}
	if t.kind == tEOF {
		return nil, sqlErrf("unexpected end of query")
	}
	return nil, sqlErrf("unexpected %q at position %d", t.text, t.pos)
}
