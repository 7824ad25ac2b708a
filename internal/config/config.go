// Package config loads jlsync's settings from defaults, a YAML file, the
// environment, in-process overrides and command-line flags, in that order,
// and checks them before any flow starts.
//
// The Config value is loaded once and then passed around by value; nothing
// in the agent re-reads configuration while running, so there is no locking.
package config

import "time"

// Config is every setting the agent and the CLI read. Field tags are the
// config keys; docs/configuration.md lists them with their defaults.
type Config struct {
	Agent      Agent      `koanf:"agent"`
	Mirakl     Mirakl     `koanf:"mirakl"`
	NetSuite   NetSuite   `koanf:"netsuite"`
	Orders     Orders     `koanf:"orders"`
	SKUMap     SKUMap     `koanf:"skumap"`
	Inventory  Inventory  `koanf:"inventory"`
	Fulfilment Fulfilment `koanf:"fulfilment"`
	Returns    Returns    `koanf:"returns"`
	Payouts    Payouts    `koanf:"payouts"`
}

// Agent holds where the daemon keeps its state and who owns which exceptions.
type Agent struct {
	DataDir  string `koanf:"data_dir"`
	Socket   string `koanf:"socket"`
	LogLevel string `koanf:"log_level"`
	// Owners maps an exception type (or its flow, the part before the first
	// "." or "/") to the team that must act on it. See Config.Owner.
	Owners map[string]string `koanf:"owners"`
}

// Mirakl is the marketplace connection. An empty URL means "not configured
// yet" (see Config.Missing), not an invalid file.
type Mirakl struct {
	URL        string `koanf:"url"`
	APIKey     Secret `koanf:"api_key"`
	APIKeyFile string `koanf:"api_key_file"`
	ShopID     string `koanf:"shop_id"`
	// TimeScale > 1 shrinks every interval by that factor, matching the
	// simulators' --time-scale so a demo runs in seconds.
	TimeScale float64       `koanf:"time_scale"`
	Timeout   time.Duration `koanf:"timeout"`
}

// NetSuite is the ERP connection. An empty AccountID means "not configured yet".
type NetSuite struct {
	AccountID   string        `koanf:"account_id"`
	URL         string        `koanf:"url"`
	Concurrency int           `koanf:"concurrency"`
	Subsidiary  string        `koanf:"subsidiary"`
	Location    string        `koanf:"location"`
	Currency    string        `koanf:"currency"`
	Department  string        `koanf:"department"`
	Class       string        `koanf:"class"`
	Auth        NetSuiteAuth  `koanf:"auth"`
	Timeout     time.Duration `koanf:"timeout"`
}

// NetSuiteAuth holds both credential sets; Method picks the one in use.
type NetSuiteAuth struct {
	Method string `koanf:"method"`

	// Token-based authentication (OAuth 1.0a), method "tba".
	ConsumerKey        Secret `koanf:"consumer_key"`
	ConsumerKeyFile    string `koanf:"consumer_key_file"`
	ConsumerSecret     Secret `koanf:"consumer_secret"`
	ConsumerSecretFile string `koanf:"consumer_secret_file"`
	TokenID            Secret `koanf:"token_id"`
	TokenIDFile        string `koanf:"token_id_file"`
	TokenSecret        Secret `koanf:"token_secret"`
	TokenSecretFile    string `koanf:"token_secret_file"`

	// OAuth 2.0 client credentials (JWT assertion), method "oauth2".
	ClientID       string `koanf:"client_id"`
	CertificateID  string `koanf:"certificate_id"`
	PrivateKeyFile string `koanf:"private_key_file"`
}

// Orders controls the marketplace -> NetSuite order flow.
type Orders struct {
	Interval          time.Duration `koanf:"interval"`
	TriggerStates     []string      `koanf:"trigger_states"`
	Customer          string        `koanf:"customer"`
	SingleCustomerID  string        `koanf:"single_customer_id"`
	ShippingItem      string        `koanf:"shipping_item"`
	TaxMode           string        `koanf:"tax_mode"`
	Acceptance        Acceptance    `koanf:"acceptance"`
	CommercialIDField string        `koanf:"commercial_id_field"`
	MaxAttempts       int           `koanf:"max_attempts"`
}

// Acceptance says what to do with orders waiting for the seller to accept them.
type Acceptance struct {
	Policy     string `koanf:"policy"`
	OnUnmapped string `koanf:"on_unmapped"`
	OnNoStock  string `koanf:"on_no_stock"`
}

// SKUMap says how an offer SKU finds its NetSuite item.
type SKUMap struct {
	Match    string            `koanf:"match"`
	Explicit map[string]string `koanf:"explicit"`
}

// Inventory controls the NetSuite -> marketplace stock flow.
type Inventory struct {
	Interval   time.Duration     `koanf:"interval"`
	FullEvery  time.Duration     `koanf:"full_every"`
	Locations  []string          `koanf:"locations"`
	Warehouses map[string]string `koanf:"warehouses"`
	Floor      int               `koanf:"floor"`
	Buffer     Buffers           `koanf:"buffer"`
}

// Buffers are the safety stock held back from the marketplace. The most
// specific one wins: a SKU entry, then the first matching rule, then Default.
type Buffers struct {
	Default Buffer            `koanf:"default"`
	Rules   []BufferRule      `koanf:"rules"`
	SKUs    map[string]Buffer `koanf:"skus"`
}

// Buffer holds back Units plus Percent of the quantity (both may apply).
type Buffer struct {
	Units   int    `koanf:"units"`
	Percent string `koanf:"percent"` // decimal percent, "10" = 10%
}

// BufferRule applies a buffer to SKUs with a prefix and/or a NetSuite item class.
type BufferRule struct {
	Prefix    string `koanf:"prefix"`
	ItemClass string `koanf:"item_class"`
	Buffer    `koanf:",squash"`
}

// Fulfilment controls the NetSuite -> marketplace shipping flow.
type Fulfilment struct {
	Interval   time.Duration     `koanf:"interval"`
	Carriers   map[string]string `koanf:"carriers"`
	SLAWarning time.Duration     `koanf:"sla_warning"`
}

// Returns controls the refund -> credit memo flow.
type Returns struct {
	Interval    time.Duration `koanf:"interval"`
	ReasonField string        `koanf:"reason_field"`
	Tolerance   string        `koanf:"tolerance"` // money, "0.01"
}

// Payouts controls the billing cycle -> journal entry flow.
type Payouts struct {
	Interval            time.Duration     `koanf:"interval"`
	Accounts            map[string]string `koanf:"accounts"`
	ClearingAccount     string            `koanf:"clearing_account"`
	BankAccount         string            `koanf:"bank_account"`
	CommissionRates     map[string]string `koanf:"commission_rates"`
	CommissionTolerance string            `koanf:"commission_tolerance"`
	AutoPost            bool              `koanf:"auto_post"`
}

// Default returns the built-in settings. Paths are left empty on purpose:
// Load fills agent.data_dir and agent.socket from the environment after
// every layer is applied, so a data dir given by flag also moves the socket.
func Default() Config {
	var c Config
	c.Agent.LogLevel = "info"
	c.Agent.Owners = map[string]string{
		"orders":     "operations",
		"inventory":  "operations",
		"fulfilment": "operations",
		"returns":    "finance",
		"payouts":    "finance",
	}

	c.Mirakl.TimeScale = 1
	c.Mirakl.Timeout = 30 * time.Second

	// Two in flight leaves room on a Standard account (5) for the other
	// integrations that share NetSuite's per-account concurrency.
	c.NetSuite.Concurrency = 2
	c.NetSuite.Timeout = 60 * time.Second
	c.NetSuite.Auth.Method = "oauth2" // TBA is closed to new integrations from 2027.1

	c.Orders.Interval = time.Minute // OR11 is allowed once a minute
	c.Orders.TriggerStates = []string{"SHIPPING"}
	c.Orders.Customer = "per_customer"
	c.Orders.TaxMode = "gross"
	c.Orders.Acceptance = Acceptance{Policy: "auto", OnUnmapped: "hold", OnNoStock: "hold"}
	c.Orders.MaxAttempts = 8

	c.SKUMap.Match = "itemId"
	c.SKUMap.Explicit = map[string]string{}

	c.Inventory.Interval = 2 * time.Minute // STO01 is allowed once a minute; leave headroom
	c.Inventory.FullEvery = time.Hour
	c.Inventory.Locations = []string{}
	c.Inventory.Warehouses = map[string]string{}
	c.Inventory.Buffer.Default = Buffer{Units: 0, Percent: "0"}
	c.Inventory.Buffer.Rules = []BufferRule{}
	c.Inventory.Buffer.SKUs = map[string]Buffer{}

	c.Fulfilment.Interval = 2 * time.Minute
	c.Fulfilment.Carriers = map[string]string{}
	c.Fulfilment.SLAWarning = 12 * time.Hour

	c.Returns.Interval = 5 * time.Minute
	c.Returns.Tolerance = "0.01"

	c.Payouts.Interval = time.Hour // TL02 allows 60 calls an hour
	c.Payouts.Accounts = map[string]string{}
	c.Payouts.CommissionRates = map[string]string{}
	c.Payouts.CommissionTolerance = "0.01"
	return c
}
