package netsuitesim

import (
	"fmt"
	"strings"
)

// The SuiteQL support here is the subset jlsync's queries use: SELECT
// [DISTINCT] with expressions and aliases, FROM with INNER/LEFT JOINs,
// WHERE with AND/OR/NOT, comparisons, LIKE, IN, IS NULL and BETWEEN, ORDER
// BY and FETCH FIRST; functions TO_CHAR, TO_DATE, TO_TIMESTAMP, BUILTIN.DF,
// NVL/COALESCE, UPPER, LOWER, ABS. It is not a SQL engine.

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuotedIdent
	tString
	tNumber
	tParam
	tOp // = <> != < <= > >= || + - /
	tLParen
	tRParen
	tComma
	tDot
	tStar
)

type token struct {
	kind tokKind
	text string
	pos  int
}

type sqlError struct{ msg string }

func (e *sqlError) Error() string { return e.msg }

func sqlErrf(format string, args ...any) error { return &sqlError{fmt.Sprintf(format, args...)} }

// punctKinds are the one-character tokens. A '.' followed by a digit never
// gets here: lex reads it as a number first.
var punctKinds = map[byte]tokKind{'?': tParam, '(': tLParen, ')': tRParen, ',': tComma, '.': tDot, '*': tStar}

func lex(q string) ([]token, error) {
	var out []token
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				return nil, sqlErrf("unterminated comment")
			}
			i += end + 4
		case isIdentStart(c):
			j := i + 1
			for j < len(q) && isIdentPart(q[j]) {
				j++
			}
			out = append(out, token{tIdent, q[i:j], i})
			i = j
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				return nil, sqlErrf("unterminated quoted identifier at %d", i)
			}
			out = append(out, token{tQuotedIdent, q[i+1 : i+1+j], i})
			i += j + 2
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(q) {
					return nil, sqlErrf("unterminated string at %d", i)
				}
				if q[j] == '\'' {
					if j+1 < len(q) && q[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(q[j])
				j++
			}
			out = append(out, token{tString, b.String(), i})
			i = j + 1
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			j := i
			for j < len(q) && (q[j] >= '0' && q[j] <= '9' || q[j] == '.') {
				j++
			}
			out = append(out, token{tNumber, q[i:j], i})
			i = j
		case punctKinds[c] != tEOF:
			out = append(out, token{punctKinds[c], string(c), i})
			i++
		case strings.ContainsRune("=<>!|+-/", rune(c)):
			two := ""
			if i+1 < len(q) {
				two = q[i : i+2]
			}
			switch two {
			case "<>", "!=", "<=", ">=", "||":
				out = append(out, token{tOp, two, i})
				i += 2
				continue
			}
			if c == '!' || c == '|' {
				return nil, sqlErrf("unexpected %q at %d", c, i)
			}
			out = append(out, token{tOp, string(c), i})
			i++
		default:
			return nil, sqlErrf("unexpected character %q at %d", c, i)
		}
	}
	return append(out, token{tEOF, "", len(q)}), nil
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' || c == '#' }
