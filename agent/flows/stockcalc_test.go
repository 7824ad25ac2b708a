package flows

import (
	"testing"

	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/store"
)

func TestAvailableToSell(t *testing.T) {
	inv := config.Inventory{
		Locations: []string{"1", "2"},
		Buffer: config.Buffers{
			Default: config.Buffer{Units: 1},
			Rules: []config.BufferRule{
				{Prefix: "FRAGILE-", Buffer: config.Buffer{Percent: "10"}},
				{ItemClass: "Clearance", Buffer: config.Buffer{Units: 0, Percent: "0"}},
			},
			SKUs: map[string]config.Buffer{"VIP-1": {Units: 2, Percent: "12.5"}},
		},
	}
	locs := func(a, b, c int) map[string]store.LocationStock {
		return map[string]store.LocationStock{"1": {Available: a}, "2": {Available: b}, "3": {Available: c}}
	}
	tests := []struct {
		name    string
		inv     config.Inventory
		sku     string
		class   string
		locs    map[string]store.LocationStock
		pending int
		want    int
		source  string
		held    int
	}{
		{"default buffer, uncounted location ignored", inv, "PLAIN", "", locs(5, 4, 100), 0, 8, "default", 1},
		{"percent rounds the buffer up", inv, "FRAGILE-9", "", locs(7, 4, 0), 0, 9, "rule prefix FRAGILE-", 2}, // 10% of 11 = 1.1 -> 2
		{"sku buffer: units and percent", inv, "VIP-1", "", locs(8, 8, 0), 0, 12, "sku VIP-1", 4},              // 2 + 12.5% of 16
		{"class rule", inv, "ANY", "Clearance", locs(3, 0, 0), 0, 3, "rule class Clearance", 0},
		{"pending orders come off", inv, "PLAIN", "", locs(5, 0, 0), 3, 1, "default", 1},
		{"never below zero", inv, "PLAIN", "", locs(1, 0, 0), 5, 0, "default", 1},
		{"negative NetSuite figures count as zero", inv, "PLAIN", "", locs(-4, 6, 0), 0, 5, "default", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bd := AvailableToSell(tt.inv, tt.sku, tt.class, tt.locs, tt.pending)
			if got != tt.want || bd.BufferSource != tt.source || bd.BufferHeld != tt.held || bd.Pending != tt.pending {
				t.Errorf("got %d %+v; want %d from %s holding %d", got, bd, tt.want, tt.source, tt.held)
			}
		})
	}
	floor := inv
	floor.Floor = 3
	if got, bd := AvailableToSell(floor, "PLAIN", "", locs(3, 0, 0), 0); got != 0 || !bd.FloorApplied {
		t.Errorf("2 units under a floor of 3 must publish 0, got %d %+v", got, bd)
	}
	if got, _ := AvailableToSell(floor, "PLAIN", "", locs(4, 0, 0), 0); got != 3 {
		t.Errorf("at the floor the figure stands, got %d", got)
	}
}

func TestSplitAcrossWarehouses(t *testing.T) {
	tests := []struct {
		n       int
		weights []int
		want    []int
	}{
		{10, []int{3, 1}, []int{8, 2}}, // 7.5 / 2.5 -> remainder to the first
		{5, []int{0, 0}, []int{3, 2}},
		{0, []int{4, 4}, []int{0, 0}},
	}
	for _, tt := range tests {
		got := splitAcross(tt.n, tt.weights)
		sum := 0
		for i := range got {
			sum += got[i]
			if got[i] != tt.want[i] {
				t.Errorf("splitAcross(%d, %v) = %v, want %v", tt.n, tt.weights, got, tt.want)
				break
			}
		}
		if sum != tt.n {
			t.Errorf("shares %v do not add to %d", got, tt.n)
		}
	}
}
