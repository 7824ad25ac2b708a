package netsuite

import (
	"testing"
	"time"
)

func TestDecodeSuiteQLPage(t *testing.T) {
	p, err := decodeSuiteQLPage([]byte(`{"links":[{"rel":"next","href":"x"}],"count":2,"hasMore":true,"offset":0,"totalResults":3,
	 "items":[{"links":[],"ID":"1","itemid":"SKU","qty":"5","odd":7,"flag":true,"gone":null},{"links":[],"id":"2"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasMore || p.TotalResults != 3 || len(p.Items) != 2 {
		t.Fatalf("%+v", p)
	}
	r := p.Items[0]
	if r.Get("id") != "1" || r.Get("ITEMID") != "SKU" || r.Get("odd") != "7" || !r.Bool("flag") || r.Has("gone") || r.Has("links") {
		t.Errorf("row %v", r)
	}
	for _, bad := range []string{`[]`, `{"items":{}}`, `{"count":1}`, `{"items":[{"a":"\x"}]}`} {
		if _, err := decodeSuiteQLPage([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestRowGetters(t *testing.T) {
	r := Row{"n": "3", "f": "3.00", "frac": "2.5", "neg": "-4.0", "amt": "19.99", "bad": "x", "t": "2024-03-01 10:20:30"}
	if n, err := r.Int("n"); n != 3 || err != nil {
		t.Error(n, err)
	}
	if n, err := r.Int("f"); n != 3 || err != nil {
		t.Error(n, err)
	}
	if _, err := r.Int("frac"); err == nil {
		t.Error("fraction read as int")
	}
	if n, err := r.Int("missing"); n != 0 || err != nil {
		t.Error("NULL should read as 0")
	}
	if q, err := r.Quantity("frac"); q != 2 || err != nil {
		t.Error(q, err)
	}
	if q, err := r.Quantity("neg"); q != -4 || err != nil {
		t.Error(q, err)
	}
	if _, err := r.Quantity("bad"); err == nil {
		t.Error("bad quantity accepted")
	}
	if a, err := r.Amount("amt"); a != 1999 || err != nil {
		t.Error(a, err)
	}
	london, _ := time.LoadLocation("Europe/London")
	c := &Client{tz: london}
	tm, err := c.rowTime(r, "t")
	if err != nil || !tm.Equal(time.Date(2024, 3, 1, 10, 20, 30, 0, time.UTC)) {
		t.Error(tm, err)
	}
	if c.sqlTime(time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)) != "2024-07-01 10:00:00" {
		t.Error("sqlTime ignores the time zone")
	}
}

func FuzzDecodeSuiteQLPage(f *testing.F) {
	f.Add([]byte(`{"count":1,"hasMore":false,"items":[{"links":[],"a":"1"}]}`))
	f.Add([]byte(`{"items":[{"x":1.5e3,"y":[1],"z":{"a":1}}],"hasMore":true}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodeSuiteQLPage(data)
		if err != nil {
			return
		}
		for _, r := range p.Items {
			for k := range r {
				_, _ = r.Int(k)
				_, _ = r.Quantity(k)
				_, _ = r.Amount(k)
			}
		}
	})
}
