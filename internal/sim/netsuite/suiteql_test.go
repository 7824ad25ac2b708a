package netsuitesim

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func queryFixture(t testing.TB) *Server {
	t.Helper()
	s := open(t)
	fixture(t, s)
	body := soBody(line("10", 2, "20.00"), line("11", 1, "5.50"))
	body["externalId"] = "JL-1"
	body["otherRefNum"] = "O'Brien-1"
	id := call(t, s, "POST", rec1+"salesOrder", body).status(204).location()
	if _, err := s.FulfilSalesOrder(id, map[int]int{1: 2}, []string{"T1", "T2"}, "Courier"); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSuiteQLQueries(t *testing.T) {
	s := queryFixture(t)
	tests := []struct {
		name   string
		q      string
		params []string
		want   []map[string]string
	}{
		{"columns and alias", "SELECT id, itemid AS sku FROM item ORDER BY id",
			nil, []map[string]string{{"id": "10", "sku": "SKU-RED"}, {"id": "11", "sku": "SKU-BLUE"}, {"id": "12", "sku": "Courier"}}},
		{"where with params", "SELECT i.itemid FROM item i WHERE i.upccode = ? OR i.id = ?",
			[]string{"500", "11"}, []map[string]string{{"itemid": "SKU-RED"}, {"itemid": "SKU-BLUE"}}},
		{"NULL columns left out", "SELECT id, upccode FROM item WHERE id IN (10, 11) ORDER BY id DESC",
			nil, []map[string]string{{"id": "11"}, {"id": "10", "upccode": "500"}}},
		{"join and BUILTIN.DF", "SELECT ail.quantityavailable AS q, BUILTIN.DF(ail.item) AS name, BUILTIN.DF(ail.location) loc FROM aggregateItemLocation ail JOIN item i ON i.id = ail.item WHERE i.itemid LIKE 'SKU-R%'",
			nil, []map[string]string{{"q": "8", "name": "SKU-RED", "loc": "Main"}}},
		{"left join keeps unmatched", "SELECT i.id, ail.location FROM item i LEFT OUTER JOIN aggregateItemLocation ail ON ail.item = i.id ORDER BY i.id",
			nil, []map[string]string{{"id": "10", "location": "1"}, {"id": "11", "location": "1"}, {"id": "12"}}},
		{"fulfilment link", "SELECT l.previousline, l.linktype, tl.quantity, t.type FROM PreviousTransactionLineLink l JOIN transaction t ON t.id = l.nextdoc JOIN transactionline tl ON tl.transaction = l.nextdoc AND tl.id = l.nextline",
			nil, []map[string]string{{"previousline": "1", "linktype": "ShipRcpt", "quantity": "2", "type": "ItemShip"}}},
		{"packages", "SELECT p.packagetrackingnumber FROM itemfulfillmentpackage p ORDER BY p.id",
			nil, []map[string]string{{"packagetrackingnumber": "T1"}, {"packagetrackingnumber": "T2"}}},
		{"string escape and date format", "SELECT t.otherrefnum, TO_CHAR(t.trandate, 'YYYY') AS y FROM transaction t WHERE t.otherrefnum = 'O''Brien-1' AND t.type = 'SalesOrd' AND t.trandate >= TO_DATE('2000-01-01', 'YYYY-MM-DD')",
			nil, []map[string]string{{"otherrefnum": "O'Brien-1", "y": s.now().UTC().Format("2006")}}},
		{"distinct and fetch", "SELECT DISTINCT tl.transaction FROM transactionline tl ORDER BY tl.transaction FETCH FIRST 1 ROWS ONLY",
			nil, []map[string]string{{"transaction": "1"}}},
		{"mainline filter and status display", "SELECT BUILTIN.DF(t.status) st FROM transaction t WHERE t.type = 'SalesOrd'",
			nil, []map[string]string{{"st": "Sales Order : Partially Fulfilled"}}},
		{"null logic", "SELECT id FROM item WHERE NOT (upccode = '500') ORDER BY 1",
			nil, []map[string]string{}},
		{"is null, between, nvl", "SELECT id, NVL(upccode, 'none') AS u FROM item WHERE upccode IS NULL AND id BETWEEN 11 AND 11",
			nil, []map[string]string{{"id": "11", "u": "none"}}},
		{"comments and star", "SELECT l.* /* all */ FROM location l -- trailing\n",
			nil, []map[string]string{{"id": "1", "name": "Main", "isinactive": "F"}}},
		{"arithmetic and concat", "SELECT id + 1 AS n, itemid || '!' AS s, ABS(-2) a, UPPER(itemid) u FROM item WHERE id = 10",
			nil, []map[string]string{{"n": "11", "s": "SKU-RED!", "a": "2", "u": "SKU-RED"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Query(tt.q, tt.params...)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestSuiteQLDatesPrintInUserFormat(t *testing.T) {
	s := queryFixture(t)
	rows, err := s.Query("SELECT lastmodifieddate, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS exact FROM transaction WHERE type = 'SalesOrd'")
	if err != nil {
		t.Fatal(err)
	}
	n := s.now().UTC()
	if rows[0]["lastmodifieddate"] != n.Format("1/2/2006") || !strings.HasPrefix(rows[0]["exact"], n.Format("2006-01-02 ")) {
		t.Fatalf("%v", rows)
	}
}

func TestSuiteQLErrors(t *testing.T) {
	s := queryFixture(t)
	for _, q := range []string{
		"SELECT nope FROM item",
		"SELECT x.id FROM item i",
		"SELECT id FROM nosuchtable",
		"SELECT id FROM item i JOIN transaction t ON t.id = i.id", // ambiguous id
		"SELECT COUNT(*) FROM item",
		"SELECT id FROM item GROUP BY id",
		"SELECT id FROM item WHERE id = ?",
		"SELECT id FROM item WHERE",
		"SELECT 'unterminated FROM item",
		"SELECT id FROM item, location",
		"SELECT TO_DATE('2024-13-01', 'YYYY-MM-DD') FROM item",
		"SELECT TO_CHAR(createddate, 'Q') FROM item",
		"SELECT id FROM item WHERE itemid",
		"SELECT id FROM item ORDER BY 9",
		"DELETE FROM item",
	} {
		if _, err := s.Query(q); err == nil {
			t.Errorf("%q accepted", q)
		}
	}
}

func TestSuiteQLEndpoint(t *testing.T) {
	s := queryFixture(t)
	post := func(path string, body any, prefer bool) resp {
		if prefer {
			return call(t, s, "POST", "/services/rest/query/v1/suiteql"+path, body, "Prefer", "transient")
		}
		return call(t, s, "POST", "/services/rest/query/v1/suiteql"+path, body)
	}
	q := map[string]any{"q": "SELECT id FROM item WHERE id >= ? ORDER BY id", "params": []any{"10"}}
	p1 := post("?limit=2&offset=0", q, true).status(200).json()
	if num(p1["count"]) != "2" || p1["hasMore"] != true || num(p1["totalResults"]) != "3" || num(p1["offset"]) != "0" {
		t.Fatalf("page 1: %v", p1)
	}
	row := p1["items"].([]any)[0].(map[string]any)
	if row["id"] != "10" || row["links"] == nil {
		t.Fatalf("row: %v", row)
	}
	hasNext := false
	for _, l := range p1["links"].([]any) {
		if l.(map[string]any)["rel"] == "next" {
			hasNext = true
		}
	}
	if !hasNext {
		t.Fatal("no next link")
	}
	p2 := post("?limit=2&offset=2", q, true).status(200).json()
	if num(p2["count"]) != "1" || p2["hasMore"] != false {
		t.Fatalf("page 2: %v", p2)
	}
	post("?limit=2&offset=1", q, true).nsError(400, "INVALID_PARAMETER")
	post("?limit=1001", q, true).nsError(400, "INVALID_PARAMETER")
	post("", q, false).nsError(400, "INVALID_REQUEST")
	post("", map[string]any{"q": "SELEC id"}, true).nsError(400, "USER_ERROR")
	post("", map[string]any{"q": "SELECT id FROM item WHERE id = ?", "params": []any{10}}, true).status(200)
	post("", map[string]any{"q": "SELECT id FROM item WHERE id = ?", "params": []any{map[string]any{}}}, true).nsError(400, "INVALID_REQUEST")
	post("", "not json", true).nsError(400, "INVALID_REQUEST")
	if r := call(t, s, "GET", "/services/rest/query/v1/suiteql", nil, "Prefer", "transient"); r.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", r.Code)
	}
}

func TestJoinRowCap(t *testing.T) {
	s := queryFixture(t)
	q := "SELECT a.id FROM transactionline a JOIN transactionline b ON 1 = 1 JOIN transactionline c ON 1 = 1 JOIN transactionline d ON 1 = 1 " +
		"JOIN transactionline e ON 1 = 1 JOIN transactionline f ON 1 = 1 JOIN transactionline g ON 1 = 1 JOIN transactionline h ON 1 = 1 JOIN transactionline i ON 1 = 1"
	if _, err := s.Query(q); err == nil || !strings.Contains(err.Error(), "joins more than") {
		t.Fatalf("runaway join: %v", err)
	}
}

func TestLikeMatch(t *testing.T) {
	tests := []struct {
		s, p string
		ok   bool
	}{
		{"JL-1", "JL-%", true}, {"JLX1", "JL-%", false}, {"JLX1", "JL_%", true}, {"", "%", true}, {"a", "", false},
		{"abc", "a%c", true}, {"abc", "a_c", true}, {"abbc", "a_c", false}, {"a%b", "a%b", true}, {"xaaaaaaaaaaaaaaaaaaaaaaaab", "%a%a%a%a%a%a%a%c", false},
	}
	for _, tt := range tests {
		if likeMatch(tt.s, tt.p) != tt.ok {
			t.Errorf("likeMatch(%q, %q) != %v", tt.s, tt.p, tt.ok)
		}
	}
}

func TestOracleDateFormats(t *testing.T) {
	tm, err := parseTime("2024-02-29 13:04:05", "YYYY-MM-DD HH24:MI:SS")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := formatTime(tm, `YYYY-MM-DD"T"HH24:MI:SS`); s != "2024-02-29T13:04:05" {
		t.Errorf("format %s", s)
	}
	if s, _ := formatTime(tm, "DD/MM/YYYY HH12:MI PM"); s != "29/02/2024 01:04 PM" {
		t.Errorf("format %s", s)
	}
	for _, bad := range [][2]string{{"2023-02-29", "YYYY-MM-DD"}, {"2024-01-01x", "YYYY-MM-DD"}, {"24-1-1", "YYYY-MM-DD"}, {"2024-01-01 25:00:00", "YYYY-MM-DD HH24:MI:SS"}} {
		if _, err := parseTime(bad[0], bad[1]); err == nil {
			t.Errorf("%q accepted for %q", bad[0], bad[1])
		}
	}
}

// FuzzSuiteQL feeds arbitrary statements to the parser and, when they
// parse, runs them against a small account: errors are fine, panics and
// hangs are not.
func FuzzSuiteQL(f *testing.F) {
	for _, q := range []string{
		"SELECT id FROM item",
		"SELECT DISTINCT t.id, BUILTIN.DF(t.status) FROM transaction t JOIN PreviousTransactionLineLink l ON l.nextdoc = t.id WHERE t.type = 'ItemShip' AND t.lastmodifieddate >= TO_TIMESTAMP(?, 'YYYY-MM-DD HH24:MI:SS') ORDER BY 1",
		"SELECT a.item FROM aggregateItemLocation a LEFT JOIN item i ON i.id = a.item AND i.isinactive = 'F' WHERE a.location IN (?, 2) OR NOT a.item BETWEEN 1 AND 3 FETCH FIRST 2 ROWS ONLY",
		"SELECT NVL(x, 'y') || 'z' FROM item WHERE itemid LIKE '%_%' AND upccode IS NOT NULL",
	} {
		f.Add(q)
	}
	s := queryFixture(f)
	f.Fuzz(func(t *testing.T, q string) {
		// Long inputs and many joins only make each run slow (a join of
		// joins multiplies rows); the row cap is tested separately.
		if len(q) > 1000 || strings.Count(strings.ToUpper(q), "JOIN") > 3 {
			return
		}
		st, err := parseSQL(q)
		if err != nil {
			return
		}
		params := make([]value, st.params)
		for i := range params {
			params[i] = strVal("2024-01-01 00:00:00")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if st.params > 0 {
			cq, err := compile(st, params, s.st.table)
			if err == nil {
				_, _ = cq.run()
			}
			return
		}
		_, _, _ = s.runQuery(q, nil)
	})
}
