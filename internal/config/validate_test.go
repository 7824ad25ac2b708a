package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// configured returns a valid config with both connections set up (TBA), so
// each table row can break exactly one thing.
func configured(t *testing.T) Config {
	c := Default()
	c.Mirakl.URL = "https://jl.mirakl.net"
	c.Mirakl.APIKey = "k"
	c.NetSuite.AccountID = "1234567_SB1"
	c.NetSuite.Auth.Method = "tba"
	c.NetSuite.Auth.ConsumerKey, c.NetSuite.Auth.ConsumerSecret = "a", "b"
	c.NetSuite.Auth.TokenID, c.NetSuite.Auth.TokenSecret = "c", "d"
	if err := c.Validate(); err != nil {
		t.Fatalf("baseline config invalid: %v", err)
	}
	return c
}

func TestValidate(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(keyFile, []byte("pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string // "" = valid
	}{
		{"baseline", func(*Config) {}, ""},
		{"log level", func(c *Config) { c.Agent.LogLevel = "loud" }, "agent.log_level"},
		{"empty owner", func(c *Config) { c.Agent.Owners["orders"] = "" }, "agent.owners.orders: is empty"},
		{"url scheme", func(c *Config) { c.Mirakl.URL = "ftp://x" }, "mirakl.url: must start with https://"},
		{"url host", func(c *Config) { c.Mirakl.URL = "https://" }, "mirakl.url: has no host"},
		{"url parse", func(c *Config) { c.Mirakl.URL = "https://a b/%zz" }, "mirakl.url: not a URL"},
		{"mirakl key once url set", func(c *Config) { c.Mirakl.APIKey = "" }, "mirakl.api_key: required; set JLSYNC_MIRAKL__API_KEY"},
		{"time scale", func(c *Config) { c.Mirakl.TimeScale = 0 }, "mirakl.time_scale"},
		{"timeout", func(c *Config) { c.Mirakl.Timeout = 0 }, "mirakl.timeout"},
		{"account id", func(c *Config) { c.NetSuite.AccountID = "12 34" }, "netsuite.account_id"},
		{"netsuite url needs account", func(c *Config) { c.NetSuite.AccountID = ""; c.NetSuite.URL = "https://x.example" }, "netsuite.account_id: required when netsuite.url"},
		{"concurrency low", func(c *Config) { c.NetSuite.Concurrency = 0 }, "netsuite.concurrency"},
		{"concurrency high", func(c *Config) { c.NetSuite.Concurrency = 51 }, "netsuite.concurrency"},
		{"method", func(c *Config) { c.NetSuite.Auth.Method = "basic" }, "netsuite.auth.method"},
		{"tba secret", func(c *Config) { c.NetSuite.Auth.TokenSecret = "" }, "netsuite.auth.token_secret: required"},
		{"oauth2 fields", func(c *Config) { c.NetSuite.Auth.Method = "oauth2" }, "netsuite.auth.client_id: required"},
		{"oauth2 key file missing", func(c *Config) {
			a := &c.NetSuite.Auth
			a.Method, a.ClientID, a.CertificateID, a.PrivateKeyFile = "oauth2", "id", "cert", keyFile+".nope"
		}, "netsuite.auth.private_key_file"},
		{"oauth2 complete", func(c *Config) {
			a := &c.NetSuite.Auth
			a.Method, a.ClientID, a.CertificateID, a.PrivateKeyFile = "oauth2", "id", "cert", keyFile
		}, ""},
		{"credentials not needed before setup", func(c *Config) { c.NetSuite.AccountID = ""; c.NetSuite.Auth = NetSuiteAuth{Method: "oauth2"} }, ""},
		{"bare number interval", func(c *Config) { c.Orders.Interval = 60 }, "orders.interval: must be at least 1s"},
		{"no trigger states", func(c *Config) { c.Orders.TriggerStates = nil }, "orders.trigger_states: must list"},
		{"unknown state", func(c *Config) { c.Orders.TriggerStates = []string{"PAID"} }, `"PAID" is not a Mirakl order state`},
		{"refused state", func(c *Config) { c.Orders.TriggerStates = []string{"REFUSED"} }, "REFUSED cannot trigger"},
		{"customer", func(c *Config) { c.Orders.Customer = "one" }, "orders.customer"},
		{"single needs id", func(c *Config) { c.Orders.Customer = "single" }, "orders.single_customer_id"},
		{"tax mode", func(c *Config) { c.Orders.TaxMode = "both" }, "orders.tax_mode"},
		{"acceptance", func(c *Config) { c.Orders.Acceptance.OnNoStock = "ignore" }, "orders.acceptance.on_no_stock"},
		{"field id", func(c *Config) { c.Orders.CommercialIDField = "cust body" }, "orders.commercial_id_field"},
		{"max attempts", func(c *Config) { c.Orders.MaxAttempts = 0 }, "orders.max_attempts"},
		{"match", func(c *Config) { c.SKUMap.Match = "sku" }, "skumap.match"},
		{"explicit empty value", func(c *Config) { c.SKUMap.Explicit["X"] = "" }, "skumap.explicit.X: is empty"},
		{"full every", func(c *Config) { c.Inventory.FullEvery = 0 }, "inventory.full_every"},
		{"warehouse outside locations", func(c *Config) {
			c.Inventory.Locations = []string{"1"}
			c.Inventory.Warehouses["2"] = "W2"
		}, "inventory.warehouses.2: location 2 is not in inventory.locations"},
		{"floor", func(c *Config) { c.Inventory.Floor = -1 }, "inventory.floor"},
		{"percent syntax", func(c *Config) { c.Inventory.Buffer.Default.Percent = "ten" }, "inventory.buffer.default.percent: not a percentage"},
		{"percent precision", func(c *Config) { c.Inventory.Buffer.Default.Percent = "1.23456" }, "inventory.buffer.default.percent"},
		{"percent range", func(c *Config) { c.Inventory.Buffer.Default.Percent = "150" }, "between 0 and 100"},
		{"rule needs selector", func(c *Config) { c.Inventory.Buffer.Rules = []BufferRule{{Buffer: Buffer{Units: 1}}} }, "inventory.buffer.rules[0]: needs a prefix"},
		{"rule units", func(c *Config) { c.Inventory.Buffer.Rules = []BufferRule{{Prefix: "X", Buffer: Buffer{Units: -1}}} }, "inventory.buffer.rules[0].units"},
		{"sku buffer", func(c *Config) { c.Inventory.Buffer.SKUs["S1"] = Buffer{Percent: "x"} }, "inventory.buffer.skus.S1.percent"},
		{"sla warning off", func(c *Config) { c.Fulfilment.SLAWarning = 0 }, ""},
		{"sla warning tiny", func(c *Config) { c.Fulfilment.SLAWarning = time.Millisecond }, "fulfilment.sla_warning"},
		{"carrier", func(c *Config) { c.Fulfilment.Carriers["DPD"] = " " }, "fulfilment.carriers.DPD"},
		{"tolerance", func(c *Config) { c.Returns.Tolerance = "0.001" }, "returns.tolerance: not an amount"},
		{"negative tolerance", func(c *Config) { c.Payouts.CommissionTolerance = "-1" }, "payouts.commission_tolerance: must not be negative"},
		{"commission rate", func(c *Config) { c.Payouts.CommissionRates["HOME"] = "12%" }, "payouts.commission_rates.HOME"},
		{"auto post account", func(c *Config) { c.Payouts.AutoPost = true }, "payouts.auto_post"},
		{"auto post ok", func(c *Config) { c.Payouts.AutoPost = true; c.Payouts.ClearingAccount = "1200" }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := configured(t)
			tc.mutate(&c)
			p := problemsOf(t, c.Validate())
			if tc.want == "" {
				if len(p) > 0 {
					t.Fatalf("unexpected problems %q", p)
				}
				return
			}
			if !hasProblem(p, tc.want) {
				t.Errorf("problems %q lack %q", p, tc.want)
			}
		})
	}
}

func TestValidateCollectsEverything(t *testing.T) {
	c := Default()
	c.Agent.LogLevel = "x"
	c.NetSuite.Concurrency = 0
	c.Orders.TaxMode = "x"
	c.Payouts.CommissionTolerance = "x"
	err := c.Validate()
	p := problemsOf(t, err)
	if len(p) != 4 {
		t.Fatalf("want 4 problems, got %q", p)
	}
	if !strings.Contains(err.Error(), "4 problems") {
		t.Errorf("error = %v", err)
	}
}

func TestMissingAndReady(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults must validate: %v", err)
	}
	if c.Ready() {
		t.Fatal("defaults cannot be ready")
	}
	m := strings.Join(c.Missing(), "\n")
	if !strings.Contains(m, "mirakl.url") || !strings.Contains(m, "netsuite.account_id") {
		t.Errorf("Missing() = %q", m)
	}
	if c := configured(t); !c.Ready() {
		t.Errorf("configured config not ready: %q", c.Missing())
	}
}
